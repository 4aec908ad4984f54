import type { Browser } from 'playwright-core';
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

const storeQuery = <T>(sql: string) => queryStore<T>(web.dbFile, sql);

describe('inventory in Chromium (browser mode)', () => {
  it('creates a PO, receives serials by scanning, finds them in Serial Numbers, sells one and opens its history', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);
    await page.goto(web.url);
    await signIn(page);
    // The app opens on Sell; the invoice editor is one click away in the top bar.
    await page.getByRole('heading', { name: 'Sell', exact: true }).waitFor();
    await page.getByRole('button', { name: 'New invoice', exact: true }).click();
    await page.getByRole('heading', { name: /New invoice/ }).waitFor();

    // A purchase order for three laptops to the Main Store.
    await page.getByRole('button', { name: 'Purchase orders' }).click();
    await page.getByRole('button', { name: 'New purchase order' }).click();
    await page.getByLabel('Vendor').selectOption({ label: 'Northwind Distribution' });
    await page.getByLabel('Deliver to').selectOption({ label: 'Main Store' });
    await page.getByLabel('Add product').fill('LAT-5440');
    await page.getByLabel('Add product').press('Enter');
    await page.getByLabel('Quantity of Latitude 5440 Laptop').fill('3');
    await page.getByLabel('Unit cost of Latitude 5440 Laptop').fill('980.00');
    await page.getByRole('button', { name: 'Submit to vendor' }).click();
    await page.getByRole('heading', { name: 'Purchase order PO-000001' }).waitFor();
    await page.getByLabel('Status').getByText('Submitted').waitFor();

    // Check-in: the Serial field has focus; the scanner types three labels.
    const serialField = page.getByLabel('Serial', { exact: true });
    await expect.poll(() => serialField.evaluate((el) => el === document.activeElement)).toBe(true);
    for (const s of ['DL5440-0800', 'SN:DL5440-0801', 'DL5440-0802']) await scannerTypes(page, s);
    await page.getByLabel('Latitude 5440 Laptop serials').getByText('3 of 3').waitFor();
    await screenshot(page, 'receiving-console');
    await page.getByRole('button', { name: 'Receive', exact: true }).click();
    await page.getByText('Received 3 units on GR-000003; PO-000001 is now received.').waitFor();
    expect(
      storeQuery<{ serial: string; status: string }>(
        `SELECT serial, status FROM serials WHERE serial LIKE 'DL5440-08%' ORDER BY serial`,
      ),
    ).toEqual(['DL5440-0800', 'DL5440-0801', 'DL5440-0802'].map((serial) => ({ serial, status: 'in_stock' })));

    // Serial Numbers shows them.
    await page.getByRole('button', { name: 'Serial Numbers' }).click();
    await page.getByLabel('Search serials').fill('dl5440-08');
    const table = page.getByRole('table', { name: 'Serials' });
    await expect.poll(() => table.getByRole('row').count()).toBe(4);
    expect(await table.getByRole('row').nth(2).innerText()).toMatch(
      /DL5440-0801\s+Latitude 5440 Laptop\s+In stock\s+Main Store/,
    );
    await screenshot(page, 'serial-numbers');

    // Sell one on an invoice.
    await page.getByRole('button', { name: 'New invoice' }).click();
    await page.getByLabel('Item search').fill('SN:DL5440-0801');
    await page.getByLabel('Item search').press('Enter');
    await page.getByRole('button', { name: 'Serials for Latitude 5440 Laptop' }).getByText('[SN]').waitFor();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('heading', { name: 'Invoice INV-000001' }).waitFor();

    // Its history: received on the PO, sold on the invoice, each a link.
    await page.getByRole('button', { name: 'Serial Numbers' }).click();
    await page.getByLabel('Search serials').fill('DL5440-0801');
    await page.getByRole('table', { name: 'Serials' }).getByRole('button', { name: 'DL5440-0801' }).click();
    await page.getByRole('heading', { name: 'Serial DL5440-0801' }).waitFor();
    const history = page.getByRole('table', { name: 'History' });
    expect(await history.getByRole('row').nth(1).innerText()).toMatch(
      /Received\s+received on PO-000001 \(GR-000003\)\s+PO-000001/,
    );
    expect(await history.getByRole('row').nth(2).innerText()).toMatch(
      /Sold\s+sold on INV-000001 to Walk-in Customer\s+INV-000001/,
    );
    // Who did it: the staff member signed in with the PIN, not the host ("web").
    expect(await history.getByRole('row').nth(2).innerText()).toContain('Demo Admin');
    expect(await history.innerText()).not.toMatch(/\bweb\b/);
    await screenshot(page, 'serial-history');
    await history.getByRole('button', { name: 'PO-000001' }).click();
    await page.getByRole('heading', { name: 'Purchase order PO-000001' }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });
});
