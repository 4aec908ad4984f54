// A ticket's deposits through the real App against the real backend: Settings → Deposits adds a percentage product;
// Take deposit fills in its share of the pending charges and makes DEP-000001; a cashier's Refund deposit above what
// is left is refused with the amount kept, then a part to store credit asks for a manager's PIN and is recorded.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../core/contract.ts';
import type { StaffRef } from '../../core/model.ts';
import { demoIds, freshBackend } from '../support/backend.ts';
import { renderApp } from './render.tsx';

function ok<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.value;
}

const nav = () => within(screen.getByRole('navigation', { name: 'Main' }));

describe('Deposits on a ticket', () => {
  it('adds a percentage product, takes a deposit with it, and refunds part with a manager’s approval', async () => {
    const b = await freshBackend();
    const ids = demoIds(b);
    const ticket = ok(await b.api.saveTicket({ customerId: ids.acme, title: 'Screen repair' }));
    ok(
      await b.api.addTicketItem({
        ticketId: ticket.id,
        productId: null,
        description: 'Screen',
        qty: 1000,
        unitPriceMinor: 20_000,
      }),
    );
    const pending = ok(await b.api.ticketDeposits({ ticketId: ticket.id })).pendingTotalMinor;
    const { user } = await renderApp(b, { start: 'sell' });

    // Settings → Deposits: on, and a product of 25 % of the pending charges.
    await user.click(nav().getByRole('button', { name: 'Settings' }));
    const section = await screen.findByRole('region', { name: 'Deposits' });
    await user.click(within(section).getByRole('checkbox', { name: 'Take deposits on tickets' }));
    await within(section).findByText('Deposits are on.');
    const form = within(section).getByRole('form', { name: 'Deposit product' });
    await user.type(within(form).getByLabelText('Deposit name'), 'Quarter');
    await user.selectOptions(within(form).getByLabelText('Deposit type'), 'Percentage');
    await user.type(within(form).getByLabelText('Percentage of pending charges'), '25');
    await user.click(within(form).getByRole('button', { name: 'Add deposit product' }));
    const products = await within(section).findByRole('table', { name: 'Deposit products' });
    await within(products).findByText('25% of pending charges');

    // Take deposit with it: the amount is 25 % of the pending charges.
    await user.click(nav().getByRole('button', { name: 'Tickets' }));
    await user.click(await screen.findByRole('button', { name: 'T-000001' }));
    await screen.findByRole('heading', { name: 'T-000001 · Acme Corp' });
    await user.click(await screen.findByRole('button', { name: 'Take deposit' }));
    const take = screen.getByRole('dialog', { name: 'Take deposit' });
    await user.selectOptions(
      within(take).getByLabelText('Deposit product'),
      within(take).getByRole('option', { name: /^Quarter/ }),
    );
    const quarter = Math.round(pending / 4);
    expect(within(take).getByLabelText('Deposit amount')).toHaveValue((quarter / 100).toFixed(2));
    await user.click(within(take).getByRole('button', { name: 'Take deposit' }));
    expect(await screen.findByText(/^Took a deposit of \$[\d.,]+: DEP-000001 is paid\.$/)).toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText('Billing status')).toHaveTextContent('Partially Invoiced'));

    // A cashier refunds: too much is refused (the amount stays), then $10.00 to store credit with a manager's PIN.
    b.ctx.session = { staff: await b.one<StaffRef>(`SELECT id, name, role FROM staff WHERE name = 'Casey Cashier'`) };
    await user.click(await screen.findByRole('button', { name: 'Refund deposit DEP-000001' }));
    const refund = screen.getByRole('dialog', { name: 'Refund deposit' });
    const amount = within(refund).getByLabelText('Refund amount');
    await user.clear(amount);
    await user.type(amount, '999');
    await user.click(within(refund).getByRole('button', { name: 'Refund deposit' }));
    expect(await within(refund).findByRole('alert')).toHaveTextContent(
      `A refund of $999.00 is more than what is left of DEP-000001 ($${(quarter / 100).toFixed(2)}).`,
    );
    expect(amount).toHaveValue('999');
    await user.clear(amount);
    await user.type(amount, '10');
    await user.click(within(refund).getByRole('radio', { name: 'Store credit' }));
    await user.click(within(refund).getByRole('button', { name: 'Refund deposit' }));
    const approval = await screen.findByRole('dialog', { name: 'Manager approval' });
    expect(approval).toHaveTextContent('Needs a manager: refunding $10.00 of deposit DEP-000001.');
    await user.type(within(approval).getByLabelText('Manager PIN'), '2222{Enter}');
    expect(await screen.findByText('Refunded $10.00 of DEP-000001.')).toBeInTheDocument();
    expect(await b.all('SELECT amount_minor, actor FROM refunds')).toEqual([
      { amount_minor: 1_000, actor: 'Casey Cashier' },
    ]);
    expect(ok(await b.api.ticketDeposits({ ticketId: ticket.id })).deposits[0]).toMatchObject({
      refundedMinor: 1_000,
      leftMinor: quarter - 1_000,
    });
  });
});
