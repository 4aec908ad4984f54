// Stock movements in Chromium (browser mode), as issue 19's end-to-end test lists them: at Main Store's counter the
// scan SN:DL5440-0101 (a laptop in the Warehouse) is refused with where the unit is and offers Transfer here; after
// the confirmation the unit is on the sale and sells; its history shows the transfer (sent from the Warehouse,
// received at Main Store); a count of the laptops at Main Store with one of them not scanned posts it as Lost.
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  queryStore,
  scannerTypes,
  screenshot,
  signIn,
  watchErrors,
  webAppPerFile,
  type RunningApp,
} from './harness.ts';

let web: RunningApp;
let browser: Browser;
webAppPerFile((app, chromium) => {
  web = app;
  browser = chromium;
});

const navButton = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true });

const unitStatus = (serial: string) =>
  queryStore<{ status: string; location: string }>(
    web.dbFile,
    `SELECT s.status, l.name AS location FROM serials s JOIN locations l ON l.id = s.location_id
     WHERE s.serial = '${serial}'`,
  )[0];

describe('stock movements from the counter to a count', () => {
  it('transfers a Warehouse laptop here from the counter, sells it, shows the transfer, and counts one laptop Lost', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = watchErrors(page);
    await page.goto(web.url);
    await signIn(page);

    // The till opens so the counter can take money.
    await navButton(page, 'Till').click();
    await page.getByLabel('Opening float').fill('100.00');
    await page.getByRole('button', { name: 'Open till', exact: true }).click();
    await page.getByText(/The till is open with a float of/).waitFor();

    // 1. SN:DL5440-0101 at Main Store: refused with where it is, and Transfer here beside the message.
    await navButton(page, 'Sell').click();
    await page.getByText('Till open').waitFor();
    await expect
      .poll(() => page.getByLabel('Item search', { exact: true }).evaluate((el) => el === document.activeElement))
      .toBe(true);
    await scannerTypes(page, 'SN:DL5440-0101');
    await page.getByText('DL5440-0101 (Latitude 5440 Laptop) is at Warehouse, not Main Store.').waitFor();
    expect(unitStatus('DL5440-0101')).toEqual({ status: 'in_stock', location: 'Warehouse' });
    await page.getByRole('button', { name: 'Transfer here', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Transfer DL5440-0101 from Warehouse to Main Store?' });
    await confirm.waitFor();
    await screenshot(page, 'stock-transfer-here');
    await confirm.getByRole('button', { name: 'Transfer', exact: true }).click();
    await confirm.waitFor({ state: 'detached' });
    const grid = page.getByRole('table', { name: 'Invoice lines' });
    await grid.getByText('Latitude 5440 Laptop').waitFor();
    expect(unitStatus('DL5440-0101')).toEqual({ status: 'in_stock', location: 'Main Store' });

    // 2. It sells: F12, cash, Enter.
    await page.keyboard.press('F12');
    const payment = page.getByRole('dialog', { name: 'Payment' });
    await payment.waitFor();
    await page.keyboard.type('1,400');
    await page.keyboard.press('Enter');
    const done = page.getByRole('dialog', { name: 'Sale complete' });
    await done.getByText('SN: DL5440-0101').waitFor();
    await page.keyboard.press('Enter');
    await done.waitFor({ state: 'detached' });
    expect(unitStatus('DL5440-0101')).toEqual({ status: 'sold', location: 'Main Store' });

    // 3. Its history shows the transfer: sent from the Warehouse, received at Main Store, then sold.
    await navButton(page, 'Serial Numbers').click();
    await page.getByLabel('Search serials').fill('DL5440-0101');
    await page
      .getByRole('table', { name: 'Serials' })
      .getByRole('button', { name: 'DL5440-0101', exact: true })
      .click();
    const history = page.getByRole('table', { name: 'History' });
    await history.getByText('sent from Warehouse on TR-000001').waitFor();
    await history.getByText('received at Main Store on TR-000001').waitFor();
    await history.getByText(/^sold on INV-\d{6}/).waitFor();
    await screenshot(page, 'stock-serial-history');

    // 4. A count of the laptops at Main Store: DL5440-0001 and -0003 scanned, -0002 not; posted, it is Lost.
    await navButton(page, 'Counts').click();
    await page.getByRole('button', { name: 'Start a count' }).click();
    const start = page.getByRole('form', { name: 'Start a count' });
    await start.getByLabel('Location').selectOption({ label: 'Main Store' });
    await start.getByLabel('Only these products (SKU or barcode)').fill('LAT-5440');
    await start.getByRole('button', { name: 'Add product' }).click();
    await start.getByRole('list', { name: 'Products to count' }).getByText('Latitude 5440 Laptop').waitFor();
    await start.getByRole('button', { name: 'Start count' }).click();
    await page.getByRole('heading', { name: /^SC-000001/ }).waitFor();
    const code = page.getByLabel('Scan or type a code');
    await code.focus();
    await scannerTypes(page, 'SN:DL5440-0001');
    await page
      .getByLabel('Scans so far')
      .getByText(/^1 scan /)
      .waitFor();
    await code.focus();
    await scannerTypes(page, 'SN:DL5440-0003');
    await page
      .getByLabel('Scans so far')
      .getByText(/^2 scans /)
      .waitFor();
    const missing = page.getByRole('table', { name: 'Missing' });
    await missing.getByText('DL5440-0002').waitFor();
    expect(await missing.getByText('DL5440-0001').count()).toBe(0);
    await screenshot(page, 'stock-count-review');
    await page.getByRole('button', { name: 'Post adjustment' }).click();
    await page.getByRole('table', { name: 'Adjustment ADJ-000001' }).getByText('DL5440-0002').waitFor();
    expect(unitStatus('DL5440-0002')).toEqual({ status: 'lost', location: 'Main Store' });
    expect(unitStatus('DL5440-0001')).toEqual({ status: 'in_stock', location: 'Main Store' });
    expect(
      queryStore<{ kind: string; note: string }>(
        web.dbFile,
        `SELECT e.kind, e.note FROM serial_events e JOIN serials s ON s.id = e.serial_id
         WHERE s.serial = 'DL5440-0002' ORDER BY e.id DESC LIMIT 1`,
      )[0],
    ).toEqual({ kind: 'lost', note: expect.stringContaining('SC-000001') });
    expect(errors).toEqual([]);
  });
});
