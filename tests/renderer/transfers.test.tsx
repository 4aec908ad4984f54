// Transfers through the real App against the real backend: a transfer made with the product search and Capture
// Serials, sent in two steps, received by scan with the "x of y received" counter (a wrong and an unknown unit told
// inline, one unit marked missing, then found); and the counter's Transfer here on SN:DL5440-0101, after which the
// unit is on the sale.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SerialMatch } from '../../core/model.ts';
import { serialRefusal } from '../../renderer/invoice/scan.ts';
import { canTransferHere } from '../../renderer/sell/TransferHere.tsx';
import { freshBackend } from '../support/backend.ts';
import { fakeScanner, renderApp, scanEvent } from './render.tsx';

describe('Stock → Transfers', () => {
  it('makes a transfer with Capture Serials, sends it, receives it by scan with the x of y counter', async () => {
    const scanner = fakeScanner();
    const { b, user } = await renderApp(undefined, { start: 'sell' });
    const nav = within(screen.getByRole('navigation', { name: 'Main' }));
    await user.click(nav.getByRole('button', { name: 'Transfers' }));
    await screen.findByRole('heading', { name: 'Transfers' });
    await user.click(screen.getByRole('button', { name: 'New transfer' }));
    await screen.findByRole('heading', { name: 'New transfer' });
    await waitFor(() => expect(screen.getByLabelText('From')).toHaveDisplayValue('Main Store'));
    expect(screen.getByLabelText('To')).toHaveDisplayValue('Warehouse');
    // To a warehouse: two steps by default.
    expect(screen.getByRole('radio', { name: /^Send \(receive at Warehouse later\)/ })).toBeChecked();

    await user.type(screen.getByLabelText('Add product'), 'LAT-5440{Enter}');
    let dialog = await screen.findByRole('dialog', { name: 'Capture Serials' });
    expect(within(dialog).getByText(/Latitude 5440 Laptop · Main Store/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await user.clear(screen.getByLabelText('Quantity of Latitude 5440 Laptop'));
    await user.type(screen.getByLabelText('Quantity of Latitude 5440 Laptop'), '2');
    const sn = screen.getByRole('button', { name: 'Serials for Latitude 5440 Laptop' });
    expect(sn).toHaveTextContent('0/2');
    // Sending with a unit not picked is refused at the line.
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Latitude 5440 Laptop: pick 2 serials with SN (0 picked).',
    );
    await user.click(sn);
    dialog = await screen.findByRole('dialog', { name: 'Capture Serials' });
    // Only units In stock at the source are offered: not DL5440-0101 at the Warehouse.
    await within(dialog).findByRole('checkbox', { name: 'DL5440-0001' });
    expect(within(dialog).queryByRole('checkbox', { name: 'DL5440-0101' })).toBeNull();
    await scanner.send(scanEvent('SN:DL5440-0001'));
    await user.click(within(dialog).getByRole('checkbox', { name: 'DL5440-0002' }));
    expect(within(dialog).getByText('2 of 2 selected')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'OK' }));
    expect(screen.getByRole('button', { name: 'Serials for Latitude 5440 Laptop' })).toHaveTextContent('[SN]');

    await user.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByRole('heading', { name: 'Transfer TR-000001' });
    expect(await screen.findByLabelText('Status')).toHaveTextContent('In transit');
    const panel = await screen.findByRole('region', { name: 'Receive TR-000001' });
    expect(within(panel).getByText('0 of 2 received')).toBeInTheDocument();

    await scanner.send(scanEvent('SN:DL5440-0001'));
    expect(within(panel).getByText('1 of 2 received')).toBeInTheDocument();
    await scanner.send(scanEvent('SN:DL5440-0003'));
    expect(await within(panel).findByRole('alert')).toHaveTextContent(
      'DL5440-0003 (Latitude 5440 Laptop) is not on TR-000001.',
    );
    await scanner.send(scanEvent('SN:NO-SUCH-1'));
    expect(await within(panel).findByRole('alert')).toHaveTextContent(
      'NO-SUCH-1 is not a known serial, and not on TR-000001.',
    );
    // Receive with a unit neither scanned nor marked missing: named first.
    await user.click(within(panel).getByRole('button', { name: 'Receive' }));
    expect(within(panel).getByRole('alert')).toHaveTextContent(
      'Scan or mark missing every unit; not yet: DL5440-0002.',
    );
    await user.click(within(panel).getByRole('button', { name: 'Mark DL5440-0002 missing' }));
    await user.click(within(panel).getByRole('button', { name: 'Receive' }));
    await waitFor(() => expect(screen.getByLabelText('Status')).toHaveTextContent('Received'));
    expect(screen.getByRole('status')).toHaveTextContent('TR-000001 is received at Warehouse. 1 marked missing.');
    const unit = (serial: string) =>
      b.one<{ status: string; location_id: number }>(
        'SELECT status, location_id FROM serials WHERE serial = ?',
        serial,
      );
    expect(await unit('DL5440-0001')).toEqual({ status: 'in_stock', location_id: b.ids.warehouse });
    expect(await unit('DL5440-0002')).toEqual({ status: 'in_transit', location_id: b.ids.main });

    // The missing unit turns up.
    await user.click(screen.getByRole('button', { name: 'Mark DL5440-0002 found' }));
    expect(await screen.findByRole('status')).toHaveTextContent('DL5440-0002 is received at Warehouse.');
    expect(await unit('DL5440-0002')).toEqual({ status: 'in_stock', location_id: b.ids.warehouse });

    await user.click(screen.getByRole('button', { name: '← Transfers' }));
    const list = await screen.findByRole('table', { name: 'Transfers' });
    const row = await within(list).findByRole('row', { name: /TR-000001/ });
    expect(row).toHaveTextContent(/TR-000001\s*Main Store\s*Warehouse\s*Received\s*1/);
  });
});

describe('a refused Send, a short line, a unit written off', () => {
  it('a refused Send opens the saved draft, so the next Send makes no second one; short by 3 shows', async () => {
    const { b, user } = await renderApp(undefined, { start: 'sell' });
    const nav = within(screen.getByRole('navigation', { name: 'Main' }));
    await user.click(nav.getByRole('button', { name: 'Transfers' }));
    await user.click(await screen.findByRole('button', { name: 'New transfer' }));
    await waitFor(() => expect(screen.getByLabelText('From')).toHaveDisplayValue('Main Store'));
    await user.type(screen.getByLabelText('Add product'), 'USBC-2M{Enter}');
    const qty = await screen.findByLabelText('Quantity of USB-C Cable 2m');
    await user.clear(qty);
    await user.type(qty, '60');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    // Saved, then refused: the saved draft is on screen with the refusal.
    await screen.findByRole('heading', { name: 'Transfer TR-000001' });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'TR-000001 was not sent. USB-C Cable 2m has 50 on hand at Main Store; this transfer sends 60.',
    );
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('TR-000001 was not sent.');
    const count = async () => Number((await b.one<{ n: number }>('SELECT count(*) AS n FROM transfers')).n);
    expect(await count()).toBe(1);

    await user.clear(screen.getByLabelText('Quantity of USB-C Cable 2m'));
    await user.type(screen.getByLabelText('Quantity of USB-C Cable 2m'), '5');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    const panel = await screen.findByRole('region', { name: 'Receive TR-000001' });
    expect(await count()).toBe(1);
    const arrived = within(panel).getByLabelText(/USB-C Cable 2m arrived/);
    await user.clear(arrived);
    await user.type(arrived, '2');
    await user.click(within(panel).getByRole('button', { name: 'Receive' }));
    await waitFor(() => expect(screen.getByLabelText('Status')).toHaveTextContent('Received'));
    const lines = screen.getByRole('table', { name: 'Transfer lines' });
    expect(within(lines).getByRole('row', { name: /USB-C Cable 2m/ })).toHaveTextContent('short by 3');

    await user.click(screen.getByRole('button', { name: '← Transfers' }));
    const list = await screen.findByRole('table', { name: 'Transfers' });
    expect(await within(list).findByRole('row', { name: /TR-000001/ })).toHaveTextContent('Received · 1 line short');
  });

  it('writes off a unit still missing as lost; the list shows and filters transfers with missing units', async () => {
    const b = await freshBackend();
    const laptop = (serial: string) => b.ids.serial(serial);
    const saved = await b.api.saveTransfer({
      fromLocationId: b.ids.main,
      toLocationId: b.ids.warehouse,
      lines: [{ productId: b.ids.laptop, qty: 2000, serialIds: [laptop('DL5440-0001'), laptop('DL5440-0002')] }],
    });
    const id = saved.ok ? saved.value.id : 0;
    expect((await b.api.sendTransfer({ id })).ok).toBe(true);
    const received = await b.api.receiveTransfer({
      id,
      receivedSerialIds: [laptop('DL5440-0001')],
      missingSerialIds: [laptop('DL5440-0002')],
    });
    expect(received.ok).toBe(true);
    const { user } = await renderApp(b, { start: 'sell' });
    const nav = within(screen.getByRole('navigation', { name: 'Main' }));
    await user.click(nav.getByRole('button', { name: 'Transfers' }));
    const list = await screen.findByRole('table', { name: 'Transfers' });
    expect(await within(list).findByRole('row', { name: /TR-000001/ })).toHaveTextContent('Received · 1 missing');
    await user.click(screen.getByRole('checkbox', { name: 'With missing units' }));
    await user.click(await within(list).findByRole('button', { name: 'TR-000001' }));
    await user.click(await screen.findByRole('button', { name: 'Write off DL5440-0002 as lost' }));
    expect(await screen.findByRole('status')).toHaveTextContent('DL5440-0002 is written off as lost.');
    expect(await b.one('SELECT status FROM serials WHERE serial = ?', 'DL5440-0002')).toEqual({ status: 'lost' });
    expect(screen.queryByRole('button', { name: 'Mark DL5440-0002 found' })).toBeNull();

    await user.click(screen.getByRole('button', { name: '← Transfers' }));
    await user.click(await screen.findByRole('checkbox', { name: 'With missing units' }));
    expect(await screen.findByText('No transfers with missing units.')).toBeInTheDocument();
  });
});

describe('the counter’s Transfer here', () => {
  it('offers Transfer here beside the refusal; after the confirmation the unit is on the sale', async () => {
    const b = await freshBackend();
    expect((await b.api.openTill({ floatMinor: 10_000 })).ok).toBe(true);
    const { user, scan, row } = await renderApp(b, { start: 'sell' });
    await scan('SN:DL5440-0101');
    const sell = screen.getByRole('region', { name: 'Sell' });
    const alert = await within(sell).findByRole('alert');
    expect(alert).toHaveTextContent('DL5440-0101 (Latitude 5440 Laptop) is at Warehouse, not Main Store.');
    await user.click(within(alert).getByRole('button', { name: 'Transfer here' }));
    const dialog = await screen.findByRole('dialog', { name: 'Transfer DL5440-0101 from Warehouse to Main Store?' });
    await user.click(within(dialog).getByRole('button', { name: 'Transfer' }));
    expect(await within(sell).findByRole('status')).toHaveTextContent('Captured DL5440-0101 for Latitude 5440 Laptop.');
    expect(row('Latitude 5440 Laptop')).toBeInTheDocument();
    expect(await b.one('SELECT status, location_id FROM serials WHERE serial = ?', 'DL5440-0101')).toEqual({
      status: 'in_stock',
      location_id: b.ids.main,
    });
    expect((await b.one<{ number: string }>('SELECT number FROM transfers')).number).toBe('TR-000001');

    // The unit's history names the transfer in its document column, and leads to it.
    await user.click(screen.getByRole('button', { name: 'Serial Numbers' }));
    const leave = await screen.findByRole('dialog', { name: 'Discard unsaved changes?' });
    await user.click(within(leave).getByRole('button', { name: 'Discard changes' }));
    const table = await screen.findByRole('table', { name: 'Serials' });
    await user.click(await within(table).findByRole('button', { name: 'DL5440-0101' }));
    const history = await screen.findByRole('table', { name: 'History' });
    expect(history).toHaveTextContent('sent from Warehouse on TR-000001');
    expect(history).toHaveTextContent('received at Main Store on TR-000001');
    await user.click(within(history).getAllByRole('button', { name: 'TR-000001' })[0]!);
    expect(await screen.findByRole('heading', { name: 'Transfer TR-000001' })).toBeInTheDocument();
  });
});

describe('a unit In transit at the counter', () => {
  it('is refused on a sale at either end, with no Transfer here (it is in stock nowhere)', async () => {
    const b = await freshBackend();
    const t = await b.api.saveTransfer({
      fromLocationId: b.ids.warehouse,
      toLocationId: b.ids.main,
      lines: [{ productId: b.ids.laptop, qty: 1000, serialIds: [b.ids.serial('DL5440-0101')] }],
    });
    expect(t.ok && (await b.api.sendTransfer({ id: t.value.id })).ok).toBe(true);
    const found = await b.api.lookupSerial({ serial: 'DL5440-0101' });
    const match: SerialMatch = found.ok ? found.value[0]! : (undefined as never);
    await b.close();
    expect(match.status).toBe('in_transit');
    for (const [locationId, locationName] of [
      [b.ids.main, 'Main Store'],
      [b.ids.warehouse, 'Warehouse'],
    ] as const) {
      expect(serialRefusal(match, { invoiceId: null, locationId, locationName, lines: [] })).toBe(
        'DL5440-0101 (Latitude 5440 Laptop) is in transit on a transfer.',
      );
      expect(canTransferHere(match, locationId)).toBe(false);
    }
  });
});
