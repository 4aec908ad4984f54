// Units for a ticket through the real App against the real backend: the ticket's laptop offers Order for this
// ticket (the vendor chosen in the dialog), the PO shows For ticket T-000001, the received unit's history links the
// PO and the ticket, Serial Numbers shows its customer and ticket; an SN: scan of a reserved unit is refused.
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useNav } from '../../renderer/stores/nav.ts';
import { okValue } from '../support/backend.ts';
import { renderApp } from './render.tsx';

describe('Service → Tickets: units for a ticket', () => {
  it('orders the laptop for the ticket, shows the ticket on the PO, the history and Serial Numbers', async () => {
    const { b, user } = await renderApp(undefined, { start: 'sell' });
    const ids = b.ids;
    const t = await okValue(b.api.saveTicket({ customerId: ids.acme, title: 'New laptop', description: '' }));
    const withItem = await okValue(b.api.addTicketItem({ ticketId: t.id, productId: ids.laptop, qty: 1000 }));
    const chargeId = withItem.items[0]!.id;

    act(() => useNav.getState().go({ name: 'ticket', id: t.id }));
    const actions = await screen.findByRole('group', { name: 'Serial actions' });
    await user.click(await within(actions).findByRole('button', { name: 'Order for this ticket' }));
    const dialog = await screen.findByRole('dialog', { name: 'Order for this ticket' });
    await user.click(within(dialog).getByRole('button', { name: 'Order' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Choose the vendor.');
    await user.selectOptions(within(dialog).getByLabelText('Vendor'), 'Northwind Distribution');
    await user.click(within(dialog).getByRole('button', { name: 'Order' }));
    expect(await within(actions).findByRole('status')).toHaveTextContent(
      'Created PO-000001 (Northwind Distribution): 1 for this ticket.',
    );
    await user.click(await within(actions).findByRole('button', { name: 'On order: PO-000001 (1)' }));
    const lines = await screen.findByRole('table', { name: 'Order lines' });
    expect(within(lines).getByRole('columnheader', { name: 'For ticket' })).toBeInTheDocument();
    expect(within(lines).getByRole('button', { name: 'T-000001' })).toBeInTheDocument();

    // Received for the ticket: the history reads it, each entry linking its document.
    const po = await okValue(b.api.getPurchaseOrder({ id: 1 }));
    await okValue(
      b.api.receivePurchaseOrder({
        id: po.id,
        lines: [{ lineId: po.lines[0]!.id, qty: 1, serials: [{ serial: 'DL5440-0777' }] }],
      }),
    );
    const [unit] = await okValue(b.api.lookupSerial({ serial: 'DL5440-0777' }));
    act(() => useNav.getState().go({ name: 'serial', id: unit!.serialId }));
    const history = await screen.findByRole('table', { name: 'History' });
    const rows = within(history).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent(/received on PO-000001 \(GR-\d+\) for T-000001/);
    expect(within(rows[0]!).getByRole('button', { name: 'PO-000001' })).toBeInTheDocument();
    expect(rows[1]).toHaveTextContent('reserved for T-000001 (Acme Corp)');
    await user.click(within(rows[1]!).getByRole('button', { name: 'T-000001' }));
    expect(await screen.findByRole('heading', { name: 'T-000001 · Acme Corp' })).toBeInTheDocument();
    const info = await okValue(b.api.chargeSerialInfo({ ticketId: t.id, chargeId }));
    expect(info.units.map((u) => u.serial)).toEqual(['DL5440-0777']);

    act(() => useNav.getState().go({ name: 'serials' }));
    const list = await screen.findByRole('table', { name: /Serial/ });
    const row = (await within(list).findByRole('button', { name: 'DL5440-0777' })).closest('tr')!;
    expect(within(row).getByRole('button', { name: 'T-000001' })).toBeInTheDocument();
    expect(row).toHaveTextContent('Acme Corp');
  });

  it('refuses an SN: scan of a unit reserved for a ticket, on a new invoice and at the counter', async () => {
    const { b, user, scan } = await renderApp();
    const ids = b.ids;
    const t = await okValue(b.api.saveTicket({ customerId: ids.acme, title: 'New laptop', description: '' }));
    const withItem = await okValue(b.api.addTicketItem({ ticketId: t.id, productId: ids.laptop, qty: 1000 }));
    const serialId = ids.serial('DL5440-0002');
    await okValue(b.api.reserveUnitForTicket({ ticketId: t.id, chargeId: withItem.items[0]!.id, serialId }));
    const refusal = 'DL5440-0002 is reserved for T-000001 (Acme Corp).';
    await scan('SN:DL5440-0002');
    expect(await screen.findByText(refusal)).toBeInTheDocument();

    await user.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: /^Sell/ }));
    await screen.findByRole('heading', { name: /^Sell/ });
    await scan('SN:DL5440-0002');
    expect(await screen.findByText(refusal)).toBeInTheDocument();
  });
});
