import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../core/contract.ts';
import type { StaffRef } from '../../core/model.ts';
import { demoIds, freshBackend, type Backend } from '../support/backend.ts';
import { fakeScanner, renderApp, scanEvent } from './render.tsx';

// The Returns screen against the real backend: find a sale by SN:, pick its units and quantities with their
// dispositions, complete the return and see the credit note and its refund receipt; a unit that is not on the sale is
// refused with the reason; a late return asks for a manager.

function ok<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.value;
}

/** A counter sale of the laptop DL5440-0001 and three cables, paid cash (1,407.14). */
async function laptopSale(b: Backend) {
  const ids = demoIds(b);
  ok(await b.api.openTill({ floatMinor: 10_000 }));
  const cash = ok(await b.api.listPaymentMethods({})).find((m) => m.kind === 'cash')!.id;
  const sale = {
    customerId: ids.walkIn,
    locationId: ids.main,
    invoiceDate: '2026-11-21',
    lines: [
      {
        productId: ids.laptop,
        description: 'Latitude 5440 Laptop',
        qty: 1000,
        unitPriceMinor: 124_900,
        taxable: true,
        serialIds: [ids.serial('DL5440-0001')],
      },
      {
        productId: ids.cable,
        description: 'USB-C Cable 2m',
        qty: 3000,
        unitPriceMinor: 1_999,
        taxable: true,
        serialIds: [],
      },
    ],
  };
  return ok(await b.api.completeSale({ sale, tenders: [{ methodId: cash, amountMinor: 150_000 }] })).invoice;
}

const nav = (name: string) => within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name });
const serialRow = (b: Backend, serial: string) =>
  b.one<{ status: string }>('SELECT status FROM serials WHERE serial = ?', serial);

describe('Returns', () => {
  it('finds the sale by SN:, takes back the laptop and a cable, and shows the credit note’s refund receipt', async () => {
    const b = await freshBackend();
    const inv = await laptopSale(b);
    const { user } = await renderApp(b);
    await user.click(nav('Returns'));
    await user.type(screen.getByLabelText('Find sale'), 'SN:DL5440-0001{Enter}');

    const lines = await screen.findByRole('table', { name: `Items on ${inv.number}` });
    expect(screen.getByRole('status')).toHaveTextContent(`${inv.number} found: DL5440-0001 ticked.`);
    expect(within(lines).getByRole('checkbox', { name: 'DL5440-0001' })).toBeChecked();
    await user.selectOptions(within(lines).getByRole('combobox', { name: 'Disposition of DL5440-0001' }), 'rma');
    await user.type(within(lines).getByRole('textbox', { name: 'Return quantity of USB-C Cable 2m' }), '1');
    await user.type(screen.getByLabelText('Reason'), 'Dead on arrival');

    // The service's numbers before it runs: 1,249.00 + 19.99, tax 95.17 (taxOn 1,268.99), all back to cash.
    const totals = screen.getByRole('table', { name: 'Return totals' });
    expect(within(totals).getByRole('row', { name: /^Total/ })).toHaveTextContent('$1,364.16');
    expect(within(totals).getByRole('row', { name: /Refund to Cash/ })).toHaveTextContent('1,364.16');

    await user.click(screen.getByRole('button', { name: 'Complete return' }));
    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent('Return CN-000001 complete: refunded $1,364.16 to Cash.'),
    );
    const receipt = screen.getByRole('article', { name: 'Receipt CN-000001' });
    expect(within(receipt).getByText('REFUND')).toBeInTheDocument();
    expect(within(receipt).getByText('SN: DL5440-0001')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Print receipt' })).toBeEnabled();

    expect((await serialRow(b, 'DL5440-0001')).status).toBe('rma');

    // The unit's history names the credit note (its refund receipt) and the sale.
    await user.click(nav('Serial Numbers'));
    await user.click(await screen.findByRole('button', { name: 'DL5440-0001' }));
    const history = await screen.findByRole('table', { name: 'History' });
    const returned = within(history).getByRole('row', { name: /Returned/ });
    expect(returned).toHaveTextContent(`returned on CN-000001 from ${inv.number} — faulty, return to vendor`);
    expect(within(returned).getByRole('button', { name: inv.number })).toBeInTheDocument();
    await user.click(within(returned).getByRole('button', { name: 'CN-000001' }));
    expect(await screen.findByRole('dialog', { name: 'Refund receipt CN-000001' })).toBeInTheDocument();
    expect(await b.one('SELECT number, total_minor, reason FROM credit_notes')).toEqual({
      number: 'CN-000001',
      total_minor: 136_416,
      reason: 'Dead on arrival',
    });
  });

  it('ticks a unit by a scan, and refuses a scanned unit that is not on the sale with the reason', async () => {
    const b = await freshBackend();
    const inv = await laptopSale(b);
    const { user } = await renderApp(b);
    const scanner = fakeScanner();
    await user.click(nav('Returns'));
    scanner.send(scanEvent(inv.number));
    const lines = await screen.findByRole('table', { name: `Items on ${inv.number}` });
    const unit = within(lines).getByRole('checkbox', { name: 'DL5440-0001' });
    expect(unit).not.toBeChecked();
    expect(screen.getByRole('button', { name: 'Complete return' })).toBeDisabled();

    scanner.send(scanEvent('SN:DL5440-0002'));
    expect(await screen.findByRole('alert')).toHaveTextContent(`DL5440-0002 is not on ${inv.number}: it is in stock.`);
    expect(unit).not.toBeChecked();

    scanner.send(scanEvent('SN:dl5440-0001'));
    await waitFor(() => expect(unit).toBeChecked());
    await user.click(screen.getByRole('button', { name: 'Complete return' }));
    expect(await screen.findByRole('article', { name: 'Receipt CN-000001' })).toBeInTheDocument();
    expect((await serialRow(b, 'DL5440-0001')).status).toBe('in_stock');
  });

  it('opens from an invoice’s Return with that sale', async () => {
    const b = await freshBackend();
    const inv = await laptopSale(b);
    const { user } = await renderApp(b);
    await user.click(nav('Invoices'));
    await user.click(await screen.findByRole('button', { name: inv.number }));
    await user.click(await screen.findByRole('button', { name: 'Return' }));
    const lines = await screen.findByRole('table', { name: `Items on ${inv.number}` });
    expect(within(lines).getByRole('checkbox', { name: 'DL5440-0001' })).not.toBeChecked();
    expect(nav('Returns')).toHaveAttribute('aria-current', 'page');
  });

  it('asks a manager to approve a return beyond the window when a cashier completes it', async () => {
    const b = await freshBackend();
    const ids = demoIds(b);
    const old = ok(
      await b.api.saveInvoice({
        customerId: ids.acme,
        locationId: ids.main,
        invoiceDate: '2026-10-07',
        lines: [
          {
            productId: ids.cable,
            description: 'USB-C Cable 2m',
            qty: 2000,
            unitPriceMinor: 1_999,
            taxable: true,
            serialIds: [],
          },
        ],
      }),
    );
    b.ctx.session = { staff: await b.one<StaffRef>(`SELECT id, name, role FROM staff WHERE name = 'Casey Cashier'`) };
    const { user } = await renderApp(b);
    await user.click(nav('Returns'));
    await user.type(screen.getByLabelText('Find sale'), `${old.number}{Enter}`);
    expect(
      await screen.findByText('Sold 45 days ago, beyond the 30-day return window: a manager approves this return.'),
    ).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: 'Return quantity of USB-C Cable 2m' }), '1');
    await user.click(screen.getByRole('button', { name: 'Complete return' }));

    const dialog = await screen.findByRole('dialog', { name: 'Manager approval' });
    expect(within(dialog).getByText('Needs a manager: a return after 45 days (window 30 days).')).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText('Manager PIN'), '2222');
    await user.click(within(dialog).getByRole('button', { name: 'Approve' }));
    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent(
        `Return CN-000001 complete: $21.49 off what ${old.number} owes.`,
      ),
    );
    expect(await b.one('SELECT actor, approved_by, refund_to FROM credit_notes')).toEqual({
      actor: 'Casey Cashier',
      approved_by: 'Morgan Manager',
      refund_to: 'balance',
    });
  });
});
