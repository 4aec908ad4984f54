import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { expandRange, parseSerialList } from '../../renderer/purchasing/serialEntry.ts';
import { demoIds } from '../support/backend.ts';
import { fakeScanner, renderApp, scanEvent } from './render.tsx';

let scanner: ReturnType<typeof fakeScanner> | undefined;

/** The app on a purchase order for 5 laptops and 2 phones to the Warehouse, opened from the list. */
async function openPo() {
  const r = await renderApp();
  scanner = fakeScanner();
  const ids = demoIds(r.b);
  const saved = await r.b.api.savePurchaseOrder({
    vendorId: ids.northwind,
    locationId: ids.warehouse,
    lines: [
      { productId: ids.laptop, qty: 5, unitCostMinor: 98_000 },
      { productId: ids.phone, qty: 2, unitCostMinor: 33_000 },
      { productId: ids.cable, qty: 10, unitCostMinor: 450 },
    ],
  });
  if (!saved.ok) throw new Error(saved.error.message);
  await r.user.click(screen.getByRole('button', { name: 'Purchase orders' }));
  await r.user.click(await screen.findByRole('button', { name: 'PO-000001' }));
  await screen.findByRole('heading', { name: 'Purchase order PO-000001' });
  const receiving = screen.getByRole('region', { name: 'Receive' });
  return { ...r, ids, receiving };
}
const scan = (text: string) => scanner!.send(scanEvent(text));
const counter = (product: string) => screen.getByLabelText(`${product} serials`);
const entries = (product: string) =>
  within(screen.getByRole('list', { name: `Serials for ${product}` })).queryAllByRole('listitem');

describe('serial entry helpers', () => {
  it('expand ranges with padding and split pasted lists', () => {
    const r = expandRange('DL5440-0200..DL5440-0249');
    expect(Array.isArray(r) && [r.length, r[0], r[49]]).toEqual([50, 'DL5440-0200', 'DL5440-0249']);
    expect(expandRange('A-9..A-11')).toEqual(['A-9', 'A-10', 'A-11']);
    expect(expandRange('X100B..X102B')).toEqual(['X100B', 'X101B', 'X102B']);
    expect(expandRange('A-10..B-12')).toEqual({
      error: 'A-10 and B-12 differ in more than their number, so they make no range.',
    });
    expect(expandRange('A-12..A-10')).toEqual({ error: 'The range A-12..A-10 runs backwards.' });
    expect(parseSerialList('S1\nS2, S3\tSN:S4;\n\nK-01..K-03')).toEqual({
      serials: ['S1', 'S2', 'S3', 'S4', 'K-01', 'K-02', 'K-03'],
      errors: [],
    });
  });
});

describe('the receiving console', () => {
  it('puts scans on the current line one after another with a live "x of y" counter, then moves on when it is full', async () => {
    const { receiving } = await openPo();
    expect(within(receiving).getByRole('radio', { name: 'Latitude 5440 Laptop' })).toBeChecked();
    expect(counter('Latitude 5440 Laptop')).toHaveTextContent('0 of 5');
    for (const s of ['SN:DL5440-0300', 'DL5440-0301', 'DL5440-0302', 'DL5440-0303']) await scan(s);
    expect(counter('Latitude 5440 Laptop')).toHaveTextContent('4 of 5');
    expect(entries('Latitude 5440 Laptop').map((li) => li.querySelector('.mono')?.textContent)).toEqual([
      'DL5440-0300',
      'DL5440-0301',
      'DL5440-0302',
      'DL5440-0303',
    ]);
    await scan('DL5440-0304');
    expect(counter('Latitude 5440 Laptop')).toHaveTextContent('5 of 5');
    expect(within(receiving).getByRole('radio', { name: 'Galaxy A55 Phone' })).toBeChecked(); // the full line hands over
    await scan('356789012340001');
    expect(counter('Galaxy A55 Phone')).toHaveTextContent('1 of 2');
  });

  it('typed serials land the same way; paste and range fill the line; too many are refused whole', async () => {
    const { user, receiving } = await openPo();
    await user.type(within(receiving).getByLabelText('Serial'), 'DL5440-0400{Enter}');
    expect(counter('Latitude 5440 Laptop')).toHaveTextContent('1 of 5');
    expect(within(receiving).getByLabelText('Serial')).toHaveValue('');
    await user.type(within(receiving).getByLabelText('Range'), 'DL5440-0200..DL5440-0249');
    await user.click(within(receiving).getByRole('button', { name: 'Add range' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      '50 serials do not fit on Latitude 5440 Laptop: 4 of 5 places are left. Nothing was added.',
    );
    expect(counter('Latitude 5440 Laptop')).toHaveTextContent('1 of 5');
    await user.clear(within(receiving).getByLabelText('Range'));
    await user.type(within(receiving).getByLabelText('Range'), 'DL5440-0201..DL5440-0202');
    await user.click(within(receiving).getByRole('button', { name: 'Add range' }));
    expect(counter('Latitude 5440 Laptop')).toHaveTextContent('3 of 5');
    await user.click(within(receiving).getByLabelText('Paste serials'));
    await user.paste('DL5440-0500\nDL5440-0501');
    await user.click(within(receiving).getByRole('button', { name: 'Add pasted' }));
    expect(counter('Latitude 5440 Laptop')).toHaveTextContent('5 of 5');
  });

  it('shows duplicates and serials the product already has inline, and Receive refuses until they are removed', async () => {
    const { user, receiving, b } = await openPo();
    await scan('DL5440-0001'); // the demo shop has it
    await scan('DL5440-0600');
    await scan('DL5440-0600');
    const items = entries('Latitude 5440 Laptop');
    await waitFor(() =>
      expect(items[0]).toHaveTextContent('DL5440-0001 — Latitude 5440 Laptop already has this serial'),
    );
    expect(items[1]).not.toHaveAttribute('aria-invalid');
    expect(items[2]).toHaveTextContent('DL5440-0600 — entered twice in this receipt');
    const before = (await b.one<{ n: number }>('SELECT count(*) AS n FROM serials')).n;
    await user.click(within(receiving).getByRole('button', { name: 'Receive' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Nothing was received: 2 serials have problems.');
    expect((await b.one<{ n: number }>('SELECT count(*) AS n FROM serials')).n).toBe(before);
    await user.click(within(receiving).getByRole('button', { name: 'Remove DL5440-0001' }));
    await user.click(within(receiving).getAllByRole('button', { name: 'Remove DL5440-0600' })[1]!);
    await user.click(within(receiving).getByRole('button', { name: 'Receive' }));
    expect(
      await screen.findByText(/Received 1 unit on GR-000003; PO-000001 is now partially received\./),
    ).toBeInTheDocument();
    expect(await b.one('SELECT status, location_id FROM serials WHERE serial = ?', 'DL5440-0600')).toEqual({
      status: 'in_stock',
      location_id: demoIds(b).warehouse,
    });
    expect(screen.getByRole('table', { name: 'Order lines' })).toHaveTextContent('1 / 5');
  });

  it('receives serialized and counted lines together and shows the receipt', async () => {
    const { user, receiving, b } = await openPo();
    for (const s of [
      'DL5440-0700',
      'DL5440-0701',
      'DL5440-0702',
      'DL5440-0703',
      'DL5440-0704',
      '356789012349999',
      '356789012348888',
    ])
      await scan(s);
    await user.click(within(receiving).getByRole('button', { name: 'All 10' }));
    await user.click(within(receiving).getByRole('button', { name: 'Receive' }));
    expect(await screen.findByText(/Received 17 units on GR-000003; PO-000001 is now received\./)).toBeInTheDocument();
    expect(screen.getByLabelText('Status')).toHaveTextContent('Received');
    expect(screen.queryByRole('region', { name: 'Receive' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'GR-000003' }));
    expect(await screen.findByRole('heading', { name: 'Goods receipt GR-000003' })).toBeInTheDocument();
    expect(screen.getByRole('table', { name: 'Received lines' })).toHaveTextContent('DL5440-0700, DL5440-0701');
    expect(
      await b.one(
        'SELECT on_hand FROM stock_levels WHERE product_id = ? AND location_id = ?',
        demoIds(b).cable,
        demoIds(b).warehouse,
      ),
    ).toEqual({ on_hand: 10_000 }); // thousandths
  });
});
