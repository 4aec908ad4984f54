import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { demoIds, freshBackend } from '../support/backend.ts';
import { createClient } from '../../renderer/api/client.ts';
import { dispatch } from '../../electron/dispatch.ts';
import { renderApp } from './render.tsx';

const app = () => renderApp();

describe('the invoice screen', () => {
  it('starts a new invoice for the walk-in customer at the main store', async () => {
    await app();
    await waitFor(() => expect(screen.getByLabelText('Customer')).toHaveDisplayValue('Walk-in Customer'));
    await waitFor(() => expect(screen.getByLabelText('Location')).toHaveDisplayValue('Main Store'));
    expect((screen.getByLabelText('Date') as HTMLInputElement).value).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const headers = within(screen.getByRole('table', { name: 'Invoice lines' }))
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers.slice(0, 9)).toEqual([
      'Item',
      'Description',
      'Qty',
      'On hand',
      'Unit price',
      'Taxable',
      'Tax rate',
      'Line total',
      'Serials',
    ]);
  });

  it('lists matching products while typing, picked with the keyboard or the mouse', async () => {
    const { user, search, rows } = await app();
    await user.type(search(), 'cable');
    const option = await screen.findByRole('option', { name: /USB-C Cable 2m/ });
    expect(option).toHaveTextContent('USBC-2M');
    await user.keyboard('{ArrowDown}{Enter}');
    expect(rows()).toHaveLength(1);
    await user.type(search(), '5440');
    await user.click(await screen.findByRole('option', { name: /Latitude 5440 Laptop/ }));
    expect(rows()).toHaveLength(2);
    expect(search()).toHaveValue('');
  });

  it('adds a product at once for an exact barcode or SKU + Enter, raising the quantity of a non-serialized line', async () => {
    const { scan, rows, row } = await app();
    await scan('0012345678905');
    await scan('usbc-2m');
    expect(rows()).toHaveLength(1);
    expect(within(row('USB-C Cable 2m')).getByLabelText('Qty for USB-C Cable 2m')).toHaveValue('2');
    await scan('5901234123457');
    await scan('5901234123457');
    expect(rows()).toHaveLength(3); // each serialized unit is its own line here
    await scan('NOPE-404');
    expect(screen.getByRole('alert')).toHaveTextContent('No product has the barcode or SKU “NOPE-404”.');
    expect(rows()).toHaveLength(3);
  });

  it('updates totals as you type: 500.00 + 2 x 125.00 taxable gives 750.00, 56.25 and 806.25', async () => {
    const { user, scan, total } = await app();
    await scan('USBC-2M');
    const price = screen.getByLabelText('Unit price for USB-C Cable 2m');
    await user.clear(price);
    await user.type(price, '500.00');
    await scan('LAB-ONSITE');
    await scan('LAB-ONSITE');
    expect(screen.getByLabelText('Qty for On-site support (hour)')).toHaveValue('2');
    expect(total(/Subtotal/)).toHaveTextContent('750.00');
    expect(total(/Sales tax 7\.5%/)).toHaveTextContent('56.25');
    expect(total(/^Total/)).toHaveTextContent('806.25');

    await user.click(screen.getByLabelText('Taxable for On-site support (hour)'));
    expect(total(/Sales tax 7\.5%/)).toHaveTextContent('37.50');
    await user.click(screen.getByRole('button', { name: 'Remove USB-C Cable 2m' }));
    expect(total(/^Total/)).toHaveTextContent('250.00');
  });

  it('refuses to save a bad quantity or price, with the reason at the field and in a message', async () => {
    const { user, scan, b } = await app();
    await scan('USBC-2M');
    const qty = screen.getByLabelText('Qty for USB-C Cable 2m');
    await user.clear(qty);
    await user.type(qty, '1.2345');
    expect(qty).toHaveAccessibleDescription('A number above 0 with up to 3 decimals, like 1.5.');
    const price = screen.getByLabelText('Unit price for USB-C Cable 2m');
    await user.clear(price);
    await user.type(price, '12,50');
    expect(price).toHaveAttribute('aria-invalid', 'true');
    expect(price).toHaveAccessibleDescription(/12,50 is not an amount in en-US: write 12\.50/);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByRole('alert')).toHaveTextContent(/quantity of USB-C Cable 2m.*unit price of USB-C Cable 2m/);
    expect(await b.one('SELECT count(*) AS n FROM invoices')).toEqual({ n: 0 });
  });
});

describe('the Serials cell', () => {
  it('is empty for a non-serialized line and shows missing, partial and complete states', async () => {
    const { user, scan, row } = await app();
    await scan('USBC-2M');
    expect(within(row('USB-C Cable 2m')).queryByRole('button', { name: /Serials for/ })).toBeNull();

    await scan('LAT-5440');
    const cell = screen.getByRole('button', { name: 'Serials for Latitude 5440 Laptop' });
    expect(cell).toHaveTextContent('0/1');
    expect(cell).toHaveAttribute('data-state', 'missing');

    await user.clear(screen.getByLabelText('Qty for Latitude 5440 Laptop'));
    await user.type(screen.getByLabelText('Qty for Latitude 5440 Laptop'), '2');
    await scan('SN:DL5440-0003');
    expect(cell).toHaveTextContent('1/2');
    expect(cell).toHaveAttribute('data-state', 'partial');
    expect(cell).toHaveAccessibleDescription('Captured: DL5440-0003');

    await scan('SN:DL5440-0001');
    expect(cell).toHaveTextContent('[SN]');
    expect(cell).toHaveAttribute('data-state', 'complete');
    expect(cell).toHaveAccessibleDescription('Captured: DL5440-0003, DL5440-0001');
  });
});

describe('the Capture Serials dialog', () => {
  it('lists the units in stock at the invoice location with status and condition, ticks, confirms', async () => {
    const { user, scan } = await app();
    await scan('LAT-5440');
    await user.click(screen.getByRole('button', { name: 'Serials for Latitude 5440 Laptop' }));
    const dialog = await screen.findByRole('dialog', { name: 'Capture Serials' });
    await within(dialog).findByRole('checkbox', { name: 'DL5440-0001' });
    const boxes = within(dialog)
      .getAllByRole('checkbox')
      .map((c) => c.getAttribute('aria-describedby') && c.closest('li')!.textContent);
    expect(boxes).toEqual([
      'DL5440-0001In stock New',
      'DL5440-0002In stock New',
      'DL5440-0003In stock Open box - minor scuff',
    ]);
    expect(within(dialog).queryByText('DL5440-0101')).toBeNull(); // at the warehouse
    expect(within(dialog).getByRole('checkbox', { name: 'DL5440-0003' })).toHaveAccessibleDescription(
      'In stock Open box - minor scuff',
    );

    await user.click(within(dialog).getByRole('checkbox', { name: 'DL5440-0002' }));
    await user.click(within(dialog).getByRole('checkbox', { name: 'DL5440-0003' }));
    expect(within(dialog).getByRole('alert')).toHaveTextContent(
      'This line is for 1 unit: untick a serial first, or raise the quantity.',
    );
    expect(within(dialog).getByRole('checkbox', { name: 'DL5440-0003' })).not.toBeChecked();
    await user.click(within(dialog).getByRole('button', { name: 'OK' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('button', { name: 'Serials for Latitude 5440 Laptop' })).toHaveTextContent('[SN]');
    expect(screen.getByRole('button', { name: 'Serials for Latitude 5440 Laptop' })).toHaveAccessibleDescription(
      'Captured: DL5440-0002',
    );
  });

  it('narrows with the filter, ticks a serial typed or scanned + Enter, and Cancel discards', async () => {
    const { user, scan } = await app();
    await scan('LAT-5440');
    await user.clear(screen.getByLabelText('Qty for Latitude 5440 Laptop'));
    await user.type(screen.getByLabelText('Qty for Latitude 5440 Laptop'), '2');
    await user.click(screen.getByRole('button', { name: 'Serials for Latitude 5440 Laptop' }));
    const dialog = await screen.findByRole('dialog', { name: 'Capture Serials' });
    await within(dialog).findByRole('checkbox', { name: 'DL5440-0001' });
    const filter = within(dialog).getByLabelText('Filter or scan serial');
    expect(filter).toHaveFocus();
    await user.type(filter, '0003');
    expect(within(dialog).getAllByRole('checkbox')).toHaveLength(1);
    await user.clear(filter);
    await user.type(filter, 'dl5440-0003{Enter}');
    expect(within(dialog).getByRole('checkbox', { name: 'DL5440-0003' })).toBeChecked();
    expect(filter).toHaveValue('');
    await user.type(filter, 'SN:DL5440-0001{Enter}');
    expect(within(dialog).getByRole('checkbox', { name: 'DL5440-0001' })).toBeChecked();
    await user.type(filter, 'DL5440-0101{Enter}');
    expect(within(dialog).getByRole('alert')).toHaveTextContent(
      'DL5440-0101 is not available for Latitude 5440 Laptop at Main Store.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.getByRole('button', { name: 'Serials for Latitude 5440 Laptop' })).toHaveTextContent('0/2');
  });

  it('does not offer a unit captured on another line of the same invoice', async () => {
    const { user, scan } = await app();
    await scan('SN:DL5440-0001');
    await scan('LAT-5440');
    await user.click(screen.getAllByRole('button', { name: 'Serials for Latitude 5440 Laptop' })[1]!);
    const dialog = await screen.findByRole('dialog', { name: 'Capture Serials' });
    await within(dialog).findByRole('checkbox', { name: 'DL5440-0002' });
    expect(within(dialog).queryByRole('checkbox', { name: 'DL5440-0001' })).toBeNull();
  });
});

describe('SN: scans', () => {
  it('adds the product and captures the serial in one step, any case, spaces trimmed', async () => {
    const { scan, rows } = await app();
    await scan('  sn:  dl5440-0002 ');
    expect(rows()).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Serials for Latitude 5440 Laptop' })).toHaveTextContent('[SN]');
    expect(screen.getByRole('status')).toHaveTextContent('Captured DL5440-0002 for Latitude 5440 Laptop.');
  });

  it('fills a line with room, else grows the line of that product by one', async () => {
    const { scan, rows } = await app();
    await scan('5901234123457'); // laptop line, 0/1
    await scan('SN:DL5440-0001');
    expect(rows()).toHaveLength(1);
    expect(screen.getByLabelText('Qty for Latitude 5440 Laptop')).toHaveValue('1');
    await scan('SN:DL5440-0003');
    expect(rows()).toHaveLength(1);
    expect(screen.getByLabelText('Qty for Latitude 5440 Laptop')).toHaveValue('2');
    expect(screen.getByRole('button', { name: 'Serials for Latitude 5440 Laptop' })).toHaveAccessibleDescription(
      'Captured: DL5440-0001, DL5440-0003',
    );
  });

  it('refuses with a clear message, adding nothing: unknown, elsewhere, sold, already on this invoice', async () => {
    const { scan, rows, b } = await app();
    const ids = demoIds(b);
    const sold = await b.api.saveInvoice({
      customerId: ids.acme,
      locationId: ids.main,
      invoiceDate: '2026-11-21',
      lines: [
        {
          productId: ids.phone,
          description: 'Phone',
          qty: 1000,
          unitPriceMinor: 44_900,
          taxable: true,
          serialIds: [ids.serial('356789012345671')],
        },
      ],
    });
    expect(sold.ok).toBe(true);

    await scan('SN:NO-SUCH-UNIT');
    expect(screen.getByRole('alert')).toHaveTextContent('Serial NO-SUCH-UNIT was not found');
    await scan('SN:DL5440-0101');
    expect(screen.getByRole('alert')).toHaveTextContent(
      'DL5440-0101 (Latitude 5440 Laptop) is at Warehouse, not Main Store.',
    );
    await scan('SN:356789012345671');
    expect(screen.getByRole('alert')).toHaveTextContent(
      '356789012345671 (Galaxy A55 Phone) is already sold on INV-000001.',
    );
    expect(rows()).toHaveLength(0);
    await scan('SN:DL5440-0002');
    await scan('SN:DL5440-0002');
    expect(screen.getByRole('alert')).toHaveTextContent('DL5440-0002 is already on this invoice.');
    expect(rows()).toHaveLength(1);
    expect(screen.getByLabelText('Qty for Latitude 5440 Laptop')).toHaveValue('1');
  });

  it('asks which product when two products have the serial', async () => {
    const b = await freshBackend();
    const ids = demoIds(b);
    expect(
      (
        await b.api.receiveGoods({
          locationId: ids.main,
          lines: [{ productId: ids.phone, qty: 1, serials: [{ serial: 'DL5440-0001' }] }],
        })
      ).ok,
    ).toBe(true);
    const { user, scan, rows } = await renderApp(b);
    await scan('SN:DL5440-0001');
    const picker = await screen.findByRole('dialog', { name: 'Which product is DL5440-0001?' });
    await user.click(within(picker).getByRole('button', { name: /Galaxy A55 Phone/ }));
    expect(rows()).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Serials for Galaxy A55 Phone' })).toHaveTextContent('[SN]');
  });
});

describe('the item search while a scan is answered', () => {
  it('keeps the code until its answer shows, and keys typed meanwhile (the next scan) stay', async () => {
    // The real backend behind a gate, so the test holds the answer back the way a slow link would.
    const b = await freshBackend();
    let open: () => void = () => {};
    let gate = new Promise<void>((resolve) => (open = resolve));
    const api = createClient(async (method, input) => {
      if (method === 'lookupSerial') await gate;
      return JSON.parse(JSON.stringify(await dispatch(b.ctx, method, JSON.parse(JSON.stringify(input)))));
    });
    const { user, search, rows } = await renderApp({ ...b, api });

    await user.type(search(), 'SN:DL5440-0002{Enter}');
    expect(search()).toHaveValue('SN:DL5440-0002'); // handed over, not yet answered
    await user.type(search(), 'SN:GX');
    open();
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(screen.getByRole('status')).toHaveTextContent('Captured DL5440-0002 for Latitude 5440 Laptop.');
    expect(search()).toHaveValue('SN:GX');

    // A refused scan drops its code too, and a second Enter while it is pending hands over nothing twice.
    gate = new Promise<void>((resolve) => (open = resolve));
    await user.clear(search());
    await user.type(search(), 'SN:NO-SUCH-UNIT{Enter}{Enter}');
    open();
    await screen.findByText('Serial NO-SUCH-UNIT was not found in stock records.');
    expect(search()).toHaveValue('');
    expect(rows()).toHaveLength(1);
  });
});

describe('saving', () => {
  it('is blocked while serial-tracked lines lack serials: an alert names each with captured/quantity, nothing is written', async () => {
    const { user, scan, b } = await app();
    await scan('LAT-5440');
    await user.clear(screen.getByLabelText('Qty for Latitude 5440 Laptop'));
    await user.type(screen.getByLabelText('Qty for Latitude 5440 Laptop'), '2');
    await scan('SN:DL5440-0001');
    await scan('GAL-A55');
    await scan('USBC-2M');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Not saved. Capture serials for: Latitude 5440 Laptop (1/2), Galaxy A55 Phone (0/1).',
    );
    expect(screen.getByRole('alert')).not.toHaveTextContent('USB-C');
    expect(await b.one('SELECT count(*) AS n FROM invoices')).toEqual({ n: 0 });
    expect(await b.one(`SELECT status FROM serials WHERE serial = 'DL5440-0001'`)).toEqual({ status: 'in_stock' });
  });

  it('saves, then reopens from the list to swap a serial, and re-saves: the store follows every unit', async () => {
    const { user, scan, b, chooseCustomer } = await app();
    await scan('SN:DL5440-0001');
    await scan('0012345678905');
    await chooseCustomer('Acme Corp');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('heading', { name: 'Invoice INV-000001' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Saved INV-000001. Total 1,364.16.');
    expect(
      await b.one(
        `SELECT s.status, c.name AS customer FROM serials s JOIN customers c ON c.id = s.customer_id WHERE s.serial = 'DL5440-0001'`,
      ),
    ).toEqual({ status: 'sold', customer: 'Acme Corp' });

    await user.click(screen.getByRole('button', { name: 'Invoices' }));
    const list = await screen.findByRole('table', { name: 'Saved invoices' });
    const row = within(list).getAllByRole('row')[1]!;
    expect(row).toHaveTextContent(/INV-000001.*\d{4}-\d{2}-\d{2}.*Acme Corp.*1,364\.16/);
    await user.click(within(row).getByRole('button', { name: 'INV-000001' }));

    const cell = await screen.findByRole('button', { name: 'Serials for Latitude 5440 Laptop' });
    expect(cell).toHaveTextContent('[SN]');
    expect(cell).toHaveAccessibleDescription('Captured: DL5440-0001');
    expect(cell).toBeDisabled(); // a saved invoice opens read-only
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    await user.click(cell);
    const dialog = await screen.findByRole('dialog', { name: 'Capture Serials' });
    const own = await within(dialog).findByRole('checkbox', { name: 'DL5440-0001' });
    expect(own).toBeChecked();
    await user.click(own);
    await user.click(within(dialog).getByRole('checkbox', { name: 'DL5440-0002' }));
    await user.click(within(dialog).getByRole('button', { name: 'OK' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Saved INV-000001.'));

    expect(
      await b.all(
        `SELECT serial, status, customer_id IS NOT NULL AS has_customer FROM serials WHERE serial IN ('DL5440-0001', 'DL5440-0002') ORDER BY serial`,
      ),
    ).toEqual([
      { serial: 'DL5440-0001', status: 'in_stock', has_customer: 0 },
      { serial: 'DL5440-0002', status: 'sold', has_customer: 1 },
    ]);
    expect(
      (
        await b.all<{ kind: string }>(
          `SELECT e.kind FROM serial_events e JOIN serials s ON s.id = e.serial_id WHERE s.serial = 'DL5440-0001' ORDER BY e.id`,
        )
      ).map((r) => r.kind),
    ).toEqual(['received', 'sold', 'released']);
    expect(await b.one('SELECT count(*) AS n FROM invoices')).toEqual({ n: 1 });
  });

  it('fails naming a serial that another window sold meanwhile, writing nothing', async () => {
    const { user, scan, b } = await app();
    const ids = demoIds(b);
    await scan('SN:DL5440-0003');
    // Another terminal sells the same unit before this one saves.
    await b.api.saveInvoice({
      customerId: ids.acme,
      locationId: ids.main,
      invoiceDate: '2026-11-21',
      lines: [
        {
          productId: ids.laptop,
          description: 'x',
          qty: 1000,
          unitPriceMinor: 1,
          taxable: true,
          serialIds: [ids.serial('DL5440-0003')],
        },
      ],
    });
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Not saved: DL5440-0003 is already sold on INV-000001.');
    expect(await b.one('SELECT count(*) AS n FROM invoices')).toEqual({ n: 1 });
    expect(screen.getByRole('heading', { name: /New invoice/ })).toBeInTheDocument(); // the draft is kept
  });

  it('asks before leaving an invoice with unsaved changes', async () => {
    const { user, scan } = await app();
    await scan('USBC-2M');
    await user.click(screen.getByRole('button', { name: 'Invoices' }));
    const ask = screen.getByRole('dialog', { name: 'Discard unsaved changes?' });
    await user.click(within(ask).getByRole('button', { name: 'Keep editing' }));
    expect(screen.getByLabelText('Qty for USB-C Cable 2m')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Invoices' }));
    await user.click(
      within(screen.getByRole('dialog', { name: 'Discard unsaved changes?' })).getByRole('button', {
        name: 'Discard changes',
      }),
    );
    expect(await screen.findByRole('heading', { name: 'Invoices' })).toBeInTheDocument();
  });
});

describe('editing a saved invoice', () => {
  it('keeps the ids of its lines: a reopened invoice edited and saved again changes only what the user changed', async () => {
    const { user, scan, b } = await app();
    await scan('SN:DL5440-0001');
    await scan('USBC-2M');
    await scan('LAB-ONSITE');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Saved INV-000001.'));
    const lines = () =>
      b.all<{ id: number; position: number; description: string; qty: number }>(
        'SELECT id, position, description, qty FROM invoice_lines ORDER BY position',
      );
    const saved = await lines();
    expect(saved.map((l) => l.description)).toEqual([
      'Latitude 5440 Laptop',
      'USB-C Cable 2m',
      'On-site support (hour)',
    ]);

    await user.click(screen.getByRole('button', { name: 'Invoices' }));
    await user.click(await screen.findByRole('button', { name: 'INV-000001' }));
    const qty = await screen.findByLabelText('Qty for USB-C Cable 2m');
    expect(qty).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    await user.clear(qty);
    await user.type(qty, '3');
    await user.click(screen.getByRole('button', { name: 'Remove On-site support (hour)' }));
    await scan('GAL-A55');
    await scan('SN:356789012345671');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Saved INV-000001.'));

    const after = await lines();
    expect(after.slice(0, 2)).toEqual([saved[0], { ...saved[1], qty: 3000 }]); // same rows, same ids (thousandths)
    expect(after.map((l) => l.description)).toEqual(['Latitude 5440 Laptop', 'USB-C Cable 2m', 'Galaxy A55 Phone']);
    expect(await b.one(`SELECT count(*) AS n FROM invoice_lines WHERE description LIKE 'On-site%'`)).toEqual({ n: 0 }); // the removed line is gone…
    expect(
      await b.all(
        `SELECT e.kind FROM serial_events e JOIN serials s ON s.id = e.serial_id WHERE s.serial = 'DL5440-0001' ORDER BY e.id`,
      ),
    ).toEqual([{ kind: 'received' }, { kind: 'sold' }]); // …and the kept unit's history has nothing new

    // Saved again without a change: still the same ids (the editor sends them back).
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(async () => expect(await b.one('SELECT revision FROM invoices')).toEqual({ revision: 3 }));
    expect(await lines()).toEqual(after);
  });

  it('moves the units of a saved invoice moved to another location, and lets its own unit be scanned back in there', async () => {
    const { user, scan, b } = await app();
    await scan('SN:DL5440-0001');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Saved INV-000001.'));

    await user.click(screen.getByRole('button', { name: 'Edit' }));
    await user.selectOptions(screen.getByLabelText('Location'), 'Warehouse');
    await user.click(screen.getByRole('button', { name: 'Remove Latitude 5440 Laptop' }));
    await scan('SN:DL5440-0001'); // still at Main Store, but on this invoice: it comes along
    expect(screen.getByRole('status')).toHaveTextContent('Captured DL5440-0001 for Latitude 5440 Laptop.');
    await scan('SN:DL5440-0002'); // in stock at Main Store: not here
    expect(screen.getByRole('alert')).toHaveTextContent(
      'DL5440-0002 (Latitude 5440 Laptop) is at Main Store, not Warehouse.',
    );
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Saved INV-000001.'));

    expect(
      await b.one(
        `SELECT l.name AS location, s.status FROM serials s JOIN locations l ON l.id = s.location_id WHERE s.serial = 'DL5440-0001'`,
      ),
    ).toEqual({ location: 'Warehouse', status: 'sold' });
    expect(
      (
        await b.all(
          `SELECT e.kind, e.note FROM serial_events e JOIN serials s ON s.id = e.serial_id WHERE s.serial = 'DL5440-0001' ORDER BY e.id`,
        )
      ).at(-1),
    ).toEqual({ kind: 'moved', note: 'moved from Main Store to Warehouse with INV-000001' });
  });
});
