// Stock → Counts on the real backend: start a count of laptops and cables at Main Store, count units by scanner and a
// quantity of cables typed, see the review's differences (a missing laptop, a laptop from the Warehouse, an unknown
// serial, cables under), and post them as ADJ-000001; a cashier is asked for a manager's PIN first.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { freshBackend } from '../support/backend.ts';
import { fakeScanner, renderApp, scanEvent } from './render.tsx';

describe('stock counts', () => {
  it('starts a count, takes scans and a quantity, reviews the differences and posts them with a manager’s PIN', async () => {
    const b = await freshBackend({ staff: { id: 3, name: 'Casey Cashier', role: 'cashier' } });
    const { user } = await renderApp(b);
    const scanner = fakeScanner();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    await user.click(within(nav).getByRole('button', { name: 'Counts' }));
    await user.click(await screen.findByRole('button', { name: 'Start a count' }));
    const form = screen.getByRole('form', { name: 'Start a count' });
    await user.selectOptions(within(form).getByLabelText('Location'), 'Main Store');
    for (const code of ['LAT-5440', 'USBC-2M']) {
      await user.type(within(form).getByLabelText('Only these products (SKU or barcode)'), `${code}{Enter}`);
    }
    expect(
      within(within(form).getByRole('list', { name: 'Products to count' }))
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([expect.stringContaining('Latitude 5440 Laptop'), expect.stringContaining('USB-C Cable 2m')]);
    await user.click(within(form).getByRole('button', { name: 'Start count' }));
    await screen.findByRole('heading', { name: /SC-000001/ });

    // Units by the scanner (wherever the focus is), a unit from the Warehouse, an unknown serial.
    await scanner.send(scanEvent('SN:DL5440-0001'));
    expect(await screen.findByText('DL5440-0001 counted (Latitude 5440 Laptop).')).toBeInTheDocument();
    expect(screen.getByLabelText('Running count')).toHaveTextContent('Latitude 5440 Laptop: 1 of 3 counted');
    await scanner.send(scanEvent('SN:DL5440-0002'));
    await screen.findByText('DL5440-0002 counted (Latitude 5440 Laptop).');
    await scanner.send(scanEvent('SN:DL5440-0101'));
    await screen.findByText('DL5440-0101 counted: it is recorded at Warehouse; posting moves it here.');
    await scanner.send(scanEvent('SN:DL5440-0001'));
    expect((await screen.findByRole('alert')).textContent).toMatch(/DL5440-0001 is already counted \(by Casey Cashier/);
    await scanner.send(scanEvent('SN:NOPE-1'));
    await screen.findByText('NOPE-1 is not a known serial: recorded as unknown.');
    // A quantity of cables typed: 48 of the 50 expected.
    const qty = screen.getByLabelText('Quantity');
    await user.clear(qty);
    await user.type(qty, '48');
    await user.type(screen.getByLabelText('Scan or type a code'), 'USBC-2M{Enter}');
    await screen.findByText('USB-C Cable 2m: 48 counted.');
    expect(qty).toHaveValue('1');

    const scans = screen.getByRole('table', { name: 'Scans' });
    expect(await within(scans).findAllByRole('row')).toHaveLength(6); // header + 5 scans
    // The Warehouse's unit and the unknown serial are counted, but not as expected ones.
    expect(screen.getByLabelText('Scans so far')).toHaveTextContent(
      '5 scans · 2 of 3 units expected · +2 not expected',
    );

    const review = screen.getByRole('region', { name: 'Review' });
    const rows = (name: string) =>
      within(within(review).getByRole('table', { name }))
        .getAllByRole('row')
        .slice(1)
        .map((r) => r.textContent);
    expect(rows('Missing')).toEqual([expect.stringContaining('DL5440-0003')]);
    expect(rows('In the wrong place')).toEqual([expect.stringContaining('Warehouse')]);
    expect(within(review).getByRole('button', { name: 'Transfer DL5440-0101 here' })).toBeInTheDocument();
    expect(rows('Unknown serials')).toEqual([expect.stringContaining('NOPE-1')]);
    expect(rows('Quantity differences')).toEqual([expect.stringContaining('-2')]);

    // Casey may not post alone: the manager's PIN is asked for, then ADJ-000001 is shown.
    await user.click(screen.getByRole('button', { name: 'Post adjustment' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Needs a manager: posting SC-000001.');
    await user.type(within(dialog).getByLabelText(/PIN/), '2222{Enter}');
    expect(
      await screen.findByText(
        'SC-000001 posted as ADJ-000001: 1 missing unit Lost, 1 unit found here, 1 quantity corrected.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('table', { name: 'Adjustment ADJ-000001' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Post adjustment' })).toBeNull();
    const unit = await b.one<{ status: string }>(`SELECT status FROM serials WHERE serial = 'DL5440-0003'`);
    expect(unit.status).toBe('lost');
  });

  it('moves a unit found in the wrong place here with Transfer here, and receives an unknown serial', async () => {
    const { b, user } = await renderApp();
    const scanner = fakeScanner();
    const started = await b.api.startStockCount({ locationId: b.ids.main, productIds: [b.ids.laptop] });
    if (!started.ok) throw new Error(started.error.message);
    await user.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Counts' }));
    await user.click(await screen.findByRole('button', { name: 'SC-000001' }));
    await screen.findByRole('heading', { name: /SC-000001/ });
    await scanner.send(scanEvent('SN:DL5440-0101'));
    await screen.findByText('DL5440-0101 counted: it is recorded at Warehouse; posting moves it here.');
    await scanner.send(scanEvent('SN:DL5440-0999'));
    await screen.findByText('DL5440-0999 is not a known serial: recorded as unknown.');

    const review = screen.getByRole('region', { name: 'Review' });
    await user.click(within(review).getByRole('button', { name: 'Transfer DL5440-0101 here' }));
    expect(await within(review).findByText(/^DL5440-0101 transferred to Main Store on TR-000001\.$/)).toBeVisible();
    const wrongPlace = within(review).getByRole('table', { name: 'In the wrong place' });
    expect(await within(wrongPlace).findByText('None.')).toBeVisible();

    await user.click(within(review).getByRole('button', { name: 'Receive DL5440-0999' }));
    const dialog = await screen.findByRole('dialog', { name: 'Receive DL5440-0999' });
    await user.selectOptions(within(dialog).getByLabelText('Product'), 'Latitude 5440 Laptop (LAT-5440)');
    await user.click(within(dialog).getByRole('button', { name: 'Receive' }));
    expect(await within(review).findByText(/^DL5440-0999 received at Main Store on GR-\d+\.$/)).toBeVisible();
    const unknown = within(review).getByRole('table', { name: 'Unknown serials' });
    expect(await within(unknown).findByText('None.')).toBeVisible();
    // Expected now: the 3 laptops at the start, +2 since (the transfer here and the receipt).
    const expected = within(review).getByRole('table', { name: 'Expected and counted' });
    expect(within(expected).getAllByRole('row')[1]).toHaveTextContent('5 (3 at start, +2 since)');
  });
});
