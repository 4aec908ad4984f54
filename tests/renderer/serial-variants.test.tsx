import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { expandRange, parseSerialList, serialFromLabel, unitKey } from '../../renderer/purchasing/serialEntry.ts';
import { demoIds } from '../support/backend.ts';
import { fakeScanner, renderApp, scanEvent } from './render.tsx';

// Issue 11 section 5 on the screens: the Capture Serials filter, SN: scans and the receiving
// console compare serials as the store does (core/serial.ts serialKey).

describe('serial entry helpers', () => {
  it('normalise what a label carries and key a unit by product and serial key', () => {
    expect(serialFromLabel('\uFEFFSN:DL5440\u20100001\u0000')).toBe('DL5440-0001');
    expect(serialFromLabel('ＤＬ５４４０－０２００')).toBe('DL5440-0200');
    expect(unitKey(7, 'DL5440-0001')).toBe(unitKey(7, 'dl5440\u200B-0001'));
    expect(unitKey(7, 'DL5440-0001')).not.toBe(unitKey(8, 'DL5440-0001'));
    expect(expandRange('ＤＬ５４４０－０２００..DL5440-0202')).toEqual(['DL5440-0200', 'DL5440-0201', 'DL5440-0202']);
    expect(parseSerialList('A\u200B1\nb\u20102')).toEqual({ serials: ['A1', 'b-2'], errors: [] });
  });
});

describe('the Capture Serials dialog', () => {
  it('filters and ticks by key: letter case, fullwidth forms, dashes and invisible characters do not count', async () => {
    const { user, scan } = await renderApp();
    await scan('LAT-5440');
    await user.clear(screen.getByLabelText('Qty for Latitude 5440 Laptop'));
    await user.type(screen.getByLabelText('Qty for Latitude 5440 Laptop'), '2');
    await user.click(screen.getByRole('button', { name: 'Serials for Latitude 5440 Laptop' }));
    const dialog = await screen.findByRole('dialog', { name: 'Capture Serials' });
    await within(dialog).findByRole('checkbox', { name: 'DL5440-0001' });
    const filter = within(dialog).getByLabelText('Filter or scan serial');
    await user.type(filter, 'ｄｌ５４４０－０００３');
    expect(
      within(dialog)
        .getAllByRole('checkbox')
        .map((c) => c.getAttribute('aria-describedby') && c.closest('li')!.querySelector('.serial-text')!.textContent),
    ).toEqual(['DL5440-0003']);
    await user.type(filter, '{Enter}');
    expect(within(dialog).getByRole('checkbox', { name: 'DL5440-0003' })).toBeChecked();
    await user.type(filter, '\u200Bdl5440\u20100001\u00AD{Enter}');
    expect(within(dialog).getByRole('checkbox', { name: 'DL5440-0001' })).toBeChecked();
  });
});

describe('SN: scans', () => {
  it('find the unit however its serial is written', async () => {
    const { scan, rows } = await renderApp();
    await scan('SN:ｄｌ５４４０\u2010０００２\u200B');
    expect(rows()).toHaveLength(1);
    expect(screen.getByRole('status')).toHaveTextContent('Captured DL5440-0002 for Latitude 5440 Laptop.');
  });
});

describe('the receiving console', () => {
  it('flags a serial entered twice in two forms, and one the product already has in another form', async () => {
    const r = await renderApp();
    const scanner = fakeScanner();
    const ids = demoIds(r.b);
    const saved = await r.b.api.savePurchaseOrder({
      vendorId: ids.northwind,
      locationId: ids.warehouse,
      lines: [{ productId: ids.laptop, qty: 3, unitCostMinor: 98_000 }],
    });
    if (!saved.ok) throw new Error(saved.error.message);
    await r.user.click(screen.getByRole('button', { name: 'Purchase orders' }));
    await r.user.click(await screen.findByRole('button', { name: 'PO-000001' }));
    await screen.findByRole('heading', { name: 'Purchase order PO-000001' });
    for (const text of ['DL5440-0700', 'dl5440\u20100700', 'dl5440-0001\u0000']) await scanner.send(scanEvent(text));
    const items = () =>
      within(screen.getByRole('list', { name: 'Serials for Latitude 5440 Laptop' })).getAllByRole('listitem');
    expect(items().map((li) => li.querySelector('.mono')?.textContent)).toEqual([
      'DL5440-0700',
      'dl5440-0700',
      'dl5440-0001',
    ]);
    await waitFor(() => expect(items()[2]).toHaveTextContent('Latitude 5440 Laptop already has this serial'));
    expect(items()[1]).toHaveTextContent('entered twice in this receipt');
    expect(items()[0]).not.toHaveTextContent('entered twice');
  });
});
