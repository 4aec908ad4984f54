// The invoice editor's defects found at the counter (issue 13): the next scan after Save landed on the saved invoice;
// Item search lost the focus; a name matching several products was a dead end (and the PO's Add product refused a
// single name match); overselling was silent; Ctrl+S did nothing; Capture Serials took four Tabs to confirm.
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useNav } from '../../renderer/stores/nav.ts';
import { demoIds, type Backend } from '../support/backend.ts';
import { fakeScanner, renderApp, scanEvent } from './render.tsx';

const SAVED_READ_ONLY = 'INV-000001 is saved. Press Edit to change it, or New invoice.';

/** A second product whose name says "Phone", so `phone` names two products. */
async function secondPhone(b: Backend) {
  const made = await b.api.saveProduct({
    sku: 'PIX-8',
    barcode: null,
    name: 'Pixel 8 Phone',
    priceMinor: 59_900,
    taxable: true,
    serialized: false,
    maintainStock: true,
  });
  if (!made.ok) throw new Error(made.error.message);
}

const lineCount = async (b: Backend) => (await b.one<{ n: number }>('SELECT count(*) AS n FROM invoice_lines')).n;

describe('the next scan after Save', () => {
  it('never lands on the invoice just saved: it is read-only until Edit, and the scan is refused saying so', async () => {
    const { user, scan, rows, b, search } = await renderApp();
    const scanner = fakeScanner();
    await scan('USBC-2M');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByRole('heading', { name: 'Invoice INV-000001' });

    // Typed into the item search (browser mode) and from the scanner (desktop): both refused, nothing added.
    await scan('LAB-ONSITE');
    expect(screen.getByRole('alert')).toHaveTextContent(SAVED_READ_ONLY);
    await scanner.send(scanEvent('LAB-ONSITE'));
    await scanner.send(scanEvent('SN:DL5440-0001'));
    expect(screen.getByRole('alert')).toHaveTextContent(SAVED_READ_ONLY);
    expect(rows()).toHaveLength(1);
    expect(await lineCount(b)).toBe(1);
    expect(await b.one(`SELECT status FROM serials WHERE serial = 'DL5440-0001'`)).toEqual({ status: 'in_stock' });
    // A pick from the list is refused too.
    await user.type(search(), 'support');
    await user.click(await screen.findByRole('option', { name: /On-site support/ }));
    expect(screen.getByRole('alert')).toHaveTextContent(SAVED_READ_ONLY);
    expect(rows()).toHaveLength(1);

    // Read-only: the lines and the header cannot be edited; Save is replaced by Edit.
    expect(screen.getByLabelText('Qty for USB-C Cable 2m')).toBeDisabled();
    expect(screen.getByLabelText('Customer')).toBeDisabled();
    expect(screen.getByLabelText('Notes')).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Remove USB-C Cable 2m' })).toBeNull();

    // Edit: the next scan is added, and Save makes it read-only again.
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    expect(screen.getByLabelText('Qty for USB-C Cable 2m')).toBeEnabled();
    await scan('LAB-ONSITE');
    expect(rows()).toHaveLength(2);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(async () => expect(await lineCount(b)).toBe(2));
    await scanner.send(scanEvent('USBC-2M'));
    expect(screen.getByRole('alert')).toHaveTextContent(SAVED_READ_ONLY);
    expect(await b.one(`SELECT qty FROM invoice_lines WHERE description = 'USB-C Cable 2m'`)).toEqual({ qty: 1000 });
  });

  it('Cancel edit puts back the invoice as saved and makes it read-only again', async () => {
    const { user, scan, rows } = await renderApp();
    await scan('USBC-2M');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByRole('heading', { name: 'Invoice INV-000001' });
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    await scan('LAB-ONSITE');
    expect(rows()).toHaveLength(2);
    await user.click(screen.getByRole('button', { name: 'Cancel edit' }));
    expect(rows()).toHaveLength(1);
    expect(screen.getByLabelText('Qty for USB-C Cable 2m')).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Edit' })).toBeInTheDocument();
  });

  it('opens a saved invoice from the list read-only until Edit; a draft opens editable', async () => {
    const { user, scan, b } = await renderApp();
    const ids = demoIds(b);
    const sent = await b.api.saveInvoice({
      customerId: ids.acme,
      locationId: ids.main,
      invoiceDate: '2026-11-21',
      lines: [
        { productId: ids.cable, description: 'Cable', qty: 1000, unitPriceMinor: 1999, taxable: true, serialIds: [] },
      ],
    });
    const draft = await b.api.saveInvoice({
      draft: true,
      customerId: ids.acme,
      locationId: ids.main,
      invoiceDate: '2026-11-21',
      lines: [
        { productId: ids.cable, description: 'Cable', qty: 1000, unitPriceMinor: 1999, taxable: true, serialIds: [] },
      ],
    });
    if (!sent.ok || !draft.ok) throw new Error('not saved');

    act(() => useNav.getState().go({ name: 'invoice', invoiceId: sent.value.id }));
    await screen.findByRole('heading', { name: 'Invoice INV-000001' });
    expect(screen.getByLabelText('Qty for USB-C Cable 2m')).toBeDisabled();
    await scan('LAB-ONSITE');
    expect(screen.getByRole('alert')).toHaveTextContent(SAVED_READ_ONLY);
    expect(screen.getByRole('button', { name: 'Take payment' })).toBeEnabled(); // money actions need no Edit

    act(() => useNav.getState().go({ name: 'invoice', invoiceId: draft.value.id }));
    await screen.findByRole('heading', { name: 'Invoice INV-000002' });
    expect(screen.getByLabelText('Qty for USB-C Cable 2m')).toBeEnabled();
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
    await scan('LAB-ONSITE');
    expect(screen.getByRole('status')).toHaveTextContent('Added On-site support (hour).');
    // Save draft keeps a draft in edit.
    await user.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Saved draft INV-000002.'));
    expect(screen.getByLabelText('Qty for USB-C Cable 2m')).toBeEnabled();
  });
});

describe('Item search keeps the focus', () => {
  it('at load, after a scan, after Save and after the Capture Serials dialog (OK or Escape)', async () => {
    const { user, scan, search } = await renderApp();
    const scanner = fakeScanner();
    await waitFor(() => expect(search()).toHaveFocus());

    // A scanner scan while the focus is in a line's field comes back to the search.
    await scan('USBC-2M');
    await user.click(screen.getByLabelText('Qty for USB-C Cable 2m'));
    await scanner.send(scanEvent('LAT-5440'));
    expect(search()).toHaveFocus();

    const serials = screen.getByRole('button', { name: 'Serials for Latitude 5440 Laptop' });
    await user.click(serials);
    const dialog = await screen.findByRole('dialog', { name: 'Capture Serials' });
    await user.click(await within(dialog).findByRole('checkbox', { name: 'DL5440-0001' }));
    await user.click(within(dialog).getByRole('button', { name: 'OK' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(search()).toHaveFocus();

    await user.click(serials);
    await screen.findByRole('dialog', { name: 'Capture Serials' });
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(search()).toHaveFocus();

    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByRole('heading', { name: 'Invoice INV-000001' });
    expect(search()).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    expect(search()).toHaveFocus();
  });

  it('after removing a line; a manual item takes the focus to its name, which it needs', async () => {
    const { user, scan, search } = await renderApp();
    await scan('USBC-2M');
    await user.click(screen.getByRole('button', { name: 'Remove USB-C Cable 2m' }));
    expect(search()).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'Add manual item' }));
    expect(screen.getByLabelText('Name of Manual item 1')).toHaveFocus();
  });
});

describe('a name that matches several products', () => {
  it('keeps the text and opens the list of matches: arrows move, Enter picks, Escape closes', async () => {
    const { user, search, rows, b } = await renderApp();
    await secondPhone(b);
    await user.type(search(), 'phone{Enter}');
    const list = await screen.findByRole('listbox', { name: 'Matching products' });
    expect(screen.getByRole('alert')).toHaveTextContent(
      'More than one product matches “phone”: pick one from the list.',
    );
    expect(search()).toHaveValue('phone');
    expect(search()).toHaveFocus();
    const combo = screen.getByRole('combobox', { name: 'Item search' });
    expect(combo).toHaveAttribute('aria-expanded', 'true');
    const options = within(list).getAllByRole('option');
    expect(options.map((o) => o.querySelector('.name')?.textContent)).toEqual(['Galaxy A55 Phone', 'Pixel 8 Phone']);
    expect(combo).toHaveAttribute('aria-activedescendant', options[0]!.id);
    await user.keyboard('{ArrowDown}');
    expect(combo).toHaveAttribute('aria-activedescendant', options[1]!.id);
    expect(options[1]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{ArrowUp}{ArrowUp}'); // wraps round to the last
    expect(combo).toHaveAttribute('aria-activedescendant', options[1]!.id);
    await user.keyboard('{Enter}');
    expect(rows()).toHaveLength(1);
    expect(rows()[0]).toHaveTextContent('Pixel 8 Phone');
    expect(search()).toHaveValue('');
    expect(screen.queryByRole('listbox')).toBeNull();

    await user.type(search(), 'phone{Enter}');
    await screen.findByRole('listbox', { name: 'Matching products' });
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(combo).toHaveAttribute('aria-expanded', 'false');
    expect(search()).toHaveValue('phone');
    expect(rows()).toHaveLength(1);
  });

  it("is the same in the purchase order's Add product, which takes a single name match as the invoice does", async () => {
    const { user, b } = await renderApp();
    await secondPhone(b);
    await user.click(screen.getByRole('button', { name: 'Purchase orders' }));
    await user.click(await screen.findByRole('button', { name: 'New purchase order' }));
    await screen.findByRole('heading', { name: 'New purchase order' });
    const add = screen.getByRole('combobox', { name: 'Add product' });
    const lines = () =>
      within(screen.getByRole('table', { name: 'Order lines' }))
        .getAllByRole('row')
        .slice(1)
        .filter((r) => !r.closest('tfoot')); // not the Order total

    await user.type(add, 'cable{Enter}');
    await waitFor(() => expect(screen.getByLabelText('Quantity of USB-C Cable 2m')).toBeInTheDocument());
    expect(add).toHaveValue('');

    await user.type(add, 'phone{Enter}');
    const list = await screen.findByRole('listbox', { name: 'Matching products' });
    expect(within(list).getAllByRole('option')).toHaveLength(2);
    expect(add).toHaveValue('phone');
    await user.keyboard('{Enter}'); // the first, highlighted
    expect(screen.getByLabelText('Quantity of Galaxy A55 Phone')).toBeInTheDocument();
    expect(lines()).toHaveLength(2);

    await user.type(add, 'nothing-like-it{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('No product has the barcode or SKU “nothing-like-it”.');
  });
});

describe('overselling', () => {
  it('shows the stock at the location on each line, and an amber warning when the quantity exceeds it', async () => {
    const { user, scan, row, b } = await renderApp();
    await scan('USBC-2M');
    await scan('LAT-5440');
    await scan('LAB-ONSITE');
    const onHand = (name: string) => {
      const cells = within(row(name)).getAllByRole('cell');
      return cells[3]!; // Item, Description, Qty, On hand
    };
    await waitFor(() => expect(onHand('USB-C Cable 2m')).toHaveTextContent(/^50$/));
    expect(onHand('Latitude 5440 Laptop')).toHaveTextContent(/^3$/); // units In stock at Main Store
    expect(onHand('On-site support (hour)')).toHaveTextContent(/^$/); // a service keeps no stock

    const qty = screen.getByLabelText('Qty for USB-C Cable 2m');
    await user.clear(qty);
    await user.type(qty, '999');
    const warning = within(onHand('USB-C Cable 2m')).getByText('Only 50 on hand');
    expect(warning).toHaveClass('stock-short');
    expect(qty).toHaveAccessibleDescription('Only 50 on hand');

    // The store refuses the sale with the numbers (Allow negative stock is off by default).
    await user.click(screen.getByRole('button', { name: 'Serials for Latitude 5440 Laptop' }));
    const dialog = await screen.findByRole('dialog', { name: 'Capture Serials' });
    await user.click(await within(dialog).findByRole('checkbox', { name: 'DL5440-0001' }));
    await user.click(within(dialog).getByRole('button', { name: 'OK' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Not enough stock: USB-C Cable 2m has 50 on hand at Main Store; this sale needs 999. Nothing was saved.',
    );
    expect(await b.one('SELECT count(*) AS n FROM invoices')).toEqual({ n: 0 });

    await user.clear(qty);
    await user.type(qty, '50');
    expect(within(onHand('USB-C Cable 2m')).queryByText(/on hand/)).toBeNull();
    expect(qty).not.toHaveAccessibleDescription();
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByRole('heading', { name: 'Invoice INV-000001' });

    // Saved: the 50 it took are its own; the stock cell counts them, so no warning. Another line of 1 would be short.
    await waitFor(async () =>
      expect(await b.one('SELECT on_hand FROM stock_levels WHERE on_hand = 0')).toEqual({ on_hand: 0 }),
    );
    await waitFor(() => expect(onHand('USB-C Cable 2m')).toHaveTextContent(/^50$/));
    expect(onHand('Latitude 5440 Laptop')).toHaveTextContent(/^3$/);
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    const savedQty = screen.getByLabelText('Qty for USB-C Cable 2m'); // the saved lines, loaded anew
    await user.clear(savedQty);
    await user.type(savedQty, '51');
    expect(within(onHand('USB-C Cable 2m')).getByText('Only 50 on hand')).toBeInTheDocument();
  });

  it('adds up the lines of one product, and follows the location', async () => {
    const { user, scan, row } = await renderApp();
    await scan('LAT-5440');
    await scan('LAT-5440');
    await scan('LAT-5440');
    const cell = (nth: number) => within(row('Latitude 5440 Laptop', nth)).getAllByRole('cell')[3]!;
    await waitFor(() => expect(cell(0)).toHaveTextContent(/^3$/));
    await scan('LAT-5440');
    await waitFor(() => expect(within(cell(3)).getByText('Only 3 on hand')).toBeInTheDocument());
    expect(within(cell(0)).getByText('Only 3 on hand')).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Location'), 'Warehouse');
    await waitFor(() => expect(within(cell(0)).getByText('Only 1 on hand')).toBeInTheDocument());
  });
});

describe('keyboard', () => {
  it('Ctrl+S saves (Save, not Save draft) while editing; it does nothing read-only or under a dialog', async () => {
    const { user, scan, b } = await renderApp();
    await scan('USBC-2M');
    await user.keyboard('{Control>}s{/Control}');
    await screen.findByRole('heading', { name: 'Invoice INV-000001' });
    expect(await b.one('SELECT status, revision FROM invoices')).toEqual({ status: 'sent', revision: 1 });
    await user.keyboard('{Control>}s{/Control}'); // read-only now: nothing to save
    expect(await b.one('SELECT revision FROM invoices')).toEqual({ revision: 1 });

    await user.click(screen.getByRole('button', { name: 'Edit' }));
    await scan('LAT-5440');
    await user.click(screen.getByRole('button', { name: 'Serials for Latitude 5440 Laptop' }));
    await screen.findByRole('dialog', { name: 'Capture Serials' });
    await user.keyboard('{Control>}s{/Control}');
    expect(await b.one('SELECT revision FROM invoices')).toEqual({ revision: 1 });
    expect(screen.getByRole('dialog', { name: 'Capture Serials' })).toBeInTheDocument();
    await user.keyboard('{Escape}');
    await user.keyboard('{Control>}s{/Control}'); // the line lacks its serial: refused with the reason
    expect(screen.getByRole('alert')).toHaveTextContent('Not saved. Capture serials for: Latitude 5440 Laptop (0/1).');
  });

  it('in Capture Serials, Enter ticks the serial typed, and with the count complete confirms', async () => {
    const { user, scan, search } = await renderApp();
    await scan('LAT-5440');
    const qty = screen.getByLabelText('Qty for Latitude 5440 Laptop');
    await user.clear(qty);
    await user.type(qty, '2');
    await user.click(screen.getByRole('button', { name: 'Serials for Latitude 5440 Laptop' }));
    const dialog = await screen.findByRole('dialog', { name: 'Capture Serials' });
    const filter = within(dialog).getByLabelText('Filter or scan serial');
    expect(filter).toHaveFocus();
    await within(dialog).findByRole('checkbox', { name: 'DL5440-0001' });
    await user.keyboard('{Enter}'); // nothing ticked yet
    expect(within(dialog).getByRole('alert')).toHaveTextContent('2 more serials to tick: scan or type them.');
    await user.keyboard('DL5440-0002{Enter}');
    expect(within(dialog).getByRole('checkbox', { name: 'DL5440-0002' })).toBeChecked();
    expect(screen.getByRole('dialog', { name: 'Capture Serials' })).toBeInTheDocument();
    await user.keyboard('dl5440-0003{Enter}');
    expect(within(dialog).getByText('2 of 2 selected')).toBeInTheDocument();
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('button', { name: 'Serials for Latitude 5440 Laptop' })).toHaveTextContent('[SN]');
    expect(search()).toHaveFocus();
  });

  it('in Capture Serials, Enter on a ticked checkbox confirms once the count is complete', async () => {
    const { user, scan } = await renderApp();
    await scan('LAT-5440');
    await user.click(screen.getByRole('button', { name: 'Serials for Latitude 5440 Laptop' }));
    const dialog = await screen.findByRole('dialog', { name: 'Capture Serials' });
    await user.click(await within(dialog).findByRole('checkbox', { name: 'DL5440-0003' }));
    expect(within(dialog).getByRole('checkbox', { name: 'DL5440-0003' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('button', { name: 'Serials for Latitude 5440 Laptop' })).toHaveTextContent('[SN]');
  });
});
