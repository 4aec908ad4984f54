import { render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { PurchaseOrder, PurchaseOrderLine } from '../../core/model.ts';
import { formatMoney, parseQuantity, readMoney } from '../../core/money.ts';
import { Pager } from '../../renderer/components/Pager.tsx';
import { ShopFormatProvider } from '../../renderer/components/ShopFormat.tsx';
import { checkOrder, createOrderDraftStore } from '../../renderer/purchasing/orderDraft.ts';
import { createReceiptDraftStore, findProblems, receiptRequest } from '../../renderer/purchasing/receiptDraft.ts';
import { navEntries, screenKey, screens } from '../../renderer/screens.tsx';
import { demoIds, freshBackend, sqliteOf, type Backend } from '../support/backend.ts';
import { renderApp } from './render.tsx';

const topBar = () => within(screen.getByRole('navigation', { name: 'Main' }));
const current = () =>
  topBar()
    .queryAllByRole('button')
    .filter((b) => b.getAttribute('aria-current') === 'page')
    .map((b) => b.textContent);

describe('the screen registry', () => {
  it('shows the top bar in order, Sell first, and marks the section of the screen that shows', async () => {
    expect(navEntries.map((e) => e.label)).toEqual([
      'Sell',
      'Returns',
      'Till',
      'New invoice',
      'Invoices',
      'Recurring',
      'Payments',
      'Outbox',
      'Purchase orders',
      'Serial Numbers',
      'Transfers',
      'Goods issues',
      'Counts',
      'Estimates',
      'Tickets',
      'Products',
      'Customers',
      'Vendors',
      'Locations',
      'Import',
      'Exports',
      'Scanner',
      'Settings',
      'Diagnostics',
    ]);
    const { user, b } = await renderApp();
    expect(
      topBar()
        .getAllByRole('button')
        .map((x) => x.textContent),
    ).toEqual([...navEntries.map((e) => e.label), 'Lock']); // then who is signed in, and Lock
    expect(current()).toEqual(['New invoice']);
    await user.click(topBar().getByRole('button', { name: 'Purchase orders' }));
    await user.click(await screen.findByRole('button', { name: 'New purchase order' }));
    await screen.findByRole('heading', { name: 'New purchase order' });
    expect(current()).toEqual(['Purchase orders']);
    await user.click(topBar().getByRole('button', { name: 'Serial Numbers' }));
    await user.click(await screen.findByRole('button', { name: 'DL5440-0001' }));
    await screen.findByRole('heading', { name: 'Serial DL5440-0001' });
    expect(current()).toEqual(['Serial Numbers']);
    await user.click(screen.getByRole('button', { name: /^GR-/ }));
    await screen.findByRole('heading', { name: /^Goods receipt GR-/ });
    expect(current()).toEqual([]); // a receipt belongs to no one top-bar entry
    expect(demoIds(b).laptop).toBeGreaterThan(0);
  });

  it('remounts a screen only when its key changes or a fresh copy is asked for', async () => {
    const { user, scan, rows } = await renderApp();
    await user.click(topBar().getByRole('button', { name: 'Invoices' }));
    await user.type(await screen.findByLabelText('From'), '2026-01-01');
    await user.click(topBar().getByRole('button', { name: 'Invoices' }));
    expect(screen.getByLabelText('From')).toHaveValue('2026-01-01'); // the same list again keeps its filters
    await user.click(topBar().getByRole('button', { name: 'New invoice' }));
    await scan('USBC-2M');
    expect(rows()).toHaveLength(1);
    await user.click(topBar().getByRole('button', { name: 'New invoice' }));
    await user.click(
      within(screen.getByRole('dialog', { name: 'Discard unsaved changes?' })).getByRole('button', {
        name: 'Discard changes',
      }),
    );
    await waitFor(() => expect(rows()).toHaveLength(0)); // "New invoice" on a new invoice starts afresh
    expect(screenKey({ name: 'purchaseOrder', id: null }, 3)).not.toBe(screenKey({ name: 'purchaseOrder', id: 7 }, 3));
    expect(screenKey({ name: 'customers' }, 3)).not.toBe(screenKey({ name: 'vendors' }, 3));
    expect(Object.keys(screens)).toHaveLength(34);
  });
});

describe("the shop's currency and locale", () => {
  let backend: Backend | undefined;
  const tz = process.env.TZ;
  afterEach(() => {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  });

  async function germanShop() {
    backend = await freshBackend();
    sqliteOf(backend).prepare("UPDATE settings SET value = 'EUR' WHERE key = 'currency'").run();
    sqliteOf(backend).prepare("UPDATE settings SET value = 'de-DE' WHERE key = 'locale'").run();
    return renderApp(backend);
  }

  it('reaches every screen through appInfo: amounts, totals with the symbol, typed prices', async () => {
    const { user, scan, total } = await germanShop();
    expect(await backend!.api.appInfo({})).toMatchObject({ ok: true, value: { currency: 'EUR', locale: 'de-DE' } });
    await user.click(topBar().getByRole('button', { name: 'Products' }));
    const table = await screen.findByRole('table', { name: 'Products' });
    expect(await within(table).findByText('1.249,00')).toBeInTheDocument();
    await user.click(within(table).getByRole('button', { name: 'Edit USB-C Cable 2m' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit USB-C Cable 2m' });
    expect(within(dialog).getByLabelText('Price')).toHaveValue('19,99');
    await user.clear(within(dialog).getByLabelText('Price'));
    await user.type(within(dialog).getByLabelText('Price'), '12.99');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      '12.99 is not an amount in de-DE: write 12,99 (the decimal separator is “,”).',
    );
    await user.clear(within(dialog).getByLabelText('Price'));
    await user.type(within(dialog).getByLabelText('Price'), '1.249,50');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await backend!.one('SELECT price_minor FROM products WHERE sku = ?', 'USBC-2M')).toEqual({
      price_minor: 124_950,
    });

    await user.click(topBar().getByRole('button', { name: 'New invoice' }));
    await scan('LAB-ONSITE');
    expect(
      within(total(/^Total/))
        .getByRole('cell')
        .textContent?.replace(/\s/g, ' '),
    ).toBe('134,38 €');
    expect(total(/Subtotal/)).toHaveTextContent('125,00');
    // The invoice's own price field is written and read the shop's way too.
    const price = screen.getByLabelText('Unit price for On-site support (hour)');
    expect(price).toHaveValue('125,00');
    await user.clear(price);
    await user.type(price, '1.099,50');
    expect(total(/Subtotal/)).toHaveTextContent('1.099,50');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText(/Saved INV-/);
    expect(await backend!.one('SELECT unit_price_minor FROM invoice_lines ORDER BY id DESC LIMIT 1')).toEqual({
      unit_price_minor: 109_950,
    });
  });

  it('shows stored UTC times in the local time zone', async () => {
    process.env.TZ = 'America/New_York';
    const { user } = await germanShop();
    await user.click(topBar().getByRole('button', { name: 'Serial Numbers' }));
    await user.click(await screen.findByRole('button', { name: 'DL5440-0001' }));
    const history = await screen.findByRole('table', { name: 'History' });
    // Received at 2026-11-21T10:00Z (the tests' clock): 05:00 in New York.
    expect(within(history).getAllByRole('row')[1]).toHaveTextContent('21.11.2026, 05:00');
  });
});

describe('one Pager', () => {
  it("counts rows the locale's way and offers Previous / Next only when there is more than one page", async () => {
    const moves: number[] = [];
    const view = render(
      <ShopFormatProvider currency="EUR" locale="de-DE">
        <Pager offset={1000} count={50} total={1234} onOffset={(o) => moves.push(o)} />
      </ShopFormatProvider>,
    );
    expect(view.container).toHaveTextContent('1.001–1.050 of 1.234');
    screen.getByRole('button', { name: 'Previous' }).click();
    screen.getByRole('button', { name: 'Next' }).click();
    expect(moves).toEqual([950, 1050]);
    view.rerender(<Pager offset={0} count={3} total={3} onOffset={() => {}} />);
    expect(view.container).toHaveTextContent('1–3 of 3');
    expect(screen.queryByRole('button', { name: 'Next' })).toBeNull();
    view.rerender(<Pager offset={0} count={50} hasMore onOffset={() => {}} />);
    expect(view.container).toHaveTextContent('1–50');
    expect(screen.getByRole('button', { name: 'Next' })).toBeEnabled();
    view.rerender(<Pager offset={0} count={0} total={0} onOffset={() => {}} />);
    expect(view.container).toBeEmptyDOMElement();
  });
});

describe('editor drafts: a store plus pure rules', () => {
  const de = { currency: 'EUR', locale: 'de-DE' };
  const deFormat = {
    input: (m: number) => formatMoney(m, de, { grouping: false }),
    read: (t: string) => readMoney(t, de),
    qty: (n: number) => String(n),
    parseQty: (t: string) => parseQuantity(t, 'de-DE'),
  };
  const product = {
    id: 5,
    sku: 'LAT',
    barcode: null,
    name: 'Laptop',
    priceMinor: 100,
    taxable: true,
    serialized: true,
    maintainStock: true,
    taxRateId: null,
    assetType: '',
  };

  it('a purchase order checks its lines in the shop format before it is sent', () => {
    const store = createOrderDraftStore();
    store.getState().fillDefaults(
      [{ id: 2, name: 'V', email: '', phone: '' }],
      [
        { id: 8, name: 'W', kind: 'warehouse', isDefault: false },
        { id: 9, name: 'M', kind: 'store', isDefault: true },
      ],
    );
    expect(store.getState()).toMatchObject({ vendorId: 2, locationId: 9, dirty: false });
    expect(checkOrder(store.getState(), null, deFormat)).toEqual({
      ok: false,
      message: 'Add at least one product to order.',
    });
    store.getState().addProduct(product);
    const key = store.getState().lines[0]!.key;
    store.getState().updateLine(key, { qtyText: '2', costText: '98.00' });
    // "98.00" is not 9800.00 in de-DE: refused at the field, saying how to write it.
    expect(checkOrder(store.getState(), null, deFormat)).toEqual({
      ok: false,
      message: 'Unit cost of Laptop: 98.00 is not an amount in de-DE: write 98,00 (the decimal separator is “,”).',
      at: { key, field: 'cost' },
    });
    store.getState().updateLine(key, { costText: '1.098,50' });
    expect(checkOrder(store.getState(), 4, deFormat)).toEqual({
      ok: true,
      input: {
        id: 4,
        vendorId: 2,
        locationId: 9,
        notes: '',
        lines: [{ productId: 5, qty: 2, unitCostMinor: 109_850 }],
      },
    });
    expect(store.getState().dirty).toBe(true);
  });

  it('a receipt takes serials all or none, flags a unit typed twice in another case, and builds the request', () => {
    const line = (id: number, serialized: boolean, qtyOrdered: number): PurchaseOrderLine => ({
      id,
      productId: id * 10,
      productName: `P${id}`,
      sku: `S${id}`,
      barcode: null,
      serialized,
      qtyOrdered,
      qtyReceived: 0,
      unitCostMinor: 0,
      ticket: null,
      ticketChargeId: null,
    });
    const po = { id: 1, lines: [line(1, true, 2), line(2, true, 1), line(3, false, 10)] } as Pick<
      PurchaseOrder,
      'id' | 'lines'
    >;
    const store = createReceiptDraftStore(po);
    expect(store.getState().current).toBe(1);
    expect(store.getState().add(['A', 'B', 'C'])).toEqual({
      ok: false,
      message: '3 serials do not fit on P1: 2 of 2 places are left. Nothing was added.',
    });
    expect(store.getState().addLabel('SN:dl-1').ok).toBe(true);
    expect(store.getState().addLabel('DL\u20101').ok).toBe(true); // a Unicode hyphen: the same unit
    expect(store.getState().current).toBe(2); // the full line handed over
    expect([...findProblems(store.getState()).values()]).toEqual(['entered twice in this receipt']);
    store.getState().setCount(3, 'zwei');
    expect(receiptRequest(store.getState(), 1, (t) => parseQuantity(t))).toEqual({
      ok: false,
      message: 'Enter a whole number to receive for P3.',
    });
    store.getState().setCount(3, '4');
    const second = store.getState().entries[1]![1]!;
    store.getState().remove(1, second.key);
    expect(receiptRequest(store.getState(), 1, (t) => parseQuantity(t))).toEqual({
      ok: true,
      units: 5,
      input: {
        id: 1,
        lines: [
          { lineId: 1, qty: 1, serials: [{ serial: 'dl-1' }] },
          { lineId: 3, qty: 4 },
        ],
      },
    });
    store.getState().learnExisting(10, ['DL-1']);
    expect([...findProblems(store.getState()).values()]).toEqual(['P1 already has this serial']);
  });
});
