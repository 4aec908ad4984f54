import fs from 'node:fs';
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

const storeQuery = <T>(sql: string) => queryStore<T>(web.dbFile, sql);

async function openPage(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = watchErrors(page);
  await page.goto(web.url);
  await signIn(page);
  // The app opens on Sell; the invoice editor is one click away in the top bar.
  await page.getByRole('heading', { name: 'Sell', exact: true }).waitFor();
  await page.getByRole('button', { name: 'New invoice', exact: true }).click();
  await page.getByRole('heading', { name: /New invoice/ }).waitFor();
  return { page, errors };
}

async function scan(page: Page, code: string) {
  const search = page.getByLabel('Item search');
  await search.fill(code);
  await search.press('Enter');
}

describe('browser mode (npm run web) in Chromium', () => {
  it('creates the demo store on a new database and serves the app', async () => {
    expect(web.output()).toMatch(/Created a new store with the demo shop/);
    const { page, errors } = await openPage();
    expect(await page.getByRole('combobox', { name: 'Customer' }).inputValue()).toBe('Walk-in Customer');
    expect(await page.getByLabel('Location').locator('option:checked').textContent()).toBe('Main Store');
    expect(await page.getByLabel('Item search').isVisible()).toBe(true);
    expect(page.url()).not.toContain('token='); // taken out of the address bar
    await screenshot(page, 'home');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a clear message, not the app, without the token', async () => {
    const page = await browser.newPage();
    await page.goto(web.url.replace(/\?token=.*/, ''));
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/link printed by npm run web/);
    await page.close();
  });

  it('sells serialized units: SN: scan, barcode, capture dialog, blocked save, save, reopen, swap, re-save', async () => {
    const { page, errors } = await openPage();
    await scan(page, 'SN:DL5440-0001');
    await page.getByText('Captured DL5440-0001 for Latitude 5440 Laptop.').waitFor();
    await scan(page, '0012345678905');
    await page.getByText('Added USB-C Cable 2m.').waitFor();
    await scan(page, '4006381333931'); // a phone, serial not yet captured
    await page.getByRole('button', { name: 'Serials for Galaxy A55 Phone' }).waitFor();

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const alert = page.getByRole('alert');
    expect(await alert.textContent()).toBe('Not saved. Capture serials for: Galaxy A55 Phone (0/1).');
    await screenshot(page, 'grid-blocked-save');
    expect(storeQuery<{ n: number }>('SELECT count(*) AS n FROM invoices')[0]!.n).toBe(0);

    await page.getByRole('button', { name: 'Serials for Galaxy A55 Phone' }).click();
    const dialog = page.getByRole('dialog', { name: 'Capture Serials' });
    await dialog.getByRole('checkbox', { name: '356789012345689' }).waitFor();
    await screenshot(page, 'capture-serials-dialog');
    await dialog.getByRole('checkbox', { name: '356789012345689' }).check();
    await dialog.getByRole('button', { name: 'OK' }).click();
    expect(await page.getByRole('button', { name: 'Serials for Galaxy A55 Phone' }).textContent()).toBe('[SN]');

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('heading', { name: 'Invoice INV-000001' }).waitFor();
    await screenshot(page, 'grid-saved');
    expect(storeQuery("SELECT serial, status FROM serials WHERE status = 'sold' ORDER BY serial")).toEqual([
      { serial: '356789012345689', status: 'sold' },
      { serial: 'DL5440-0001', status: 'sold' },
    ]);

    // Reload the page: the saved invoice is in the list and reopens with its serials.
    await page.reload();
    await page.getByRole('button', { name: 'Invoices' }).click();
    await page.getByRole('button', { name: 'INV-000001', exact: true }).click();
    const laptopCell = page.getByRole('button', { name: 'Serials for Latitude 5440 Laptop' });
    expect(await laptopCell.textContent()).toBe('[SN]');
    expect(await laptopCell.isDisabled()).toBe(true); // a saved invoice opens read-only until Edit
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await laptopCell.click();
    await dialog.getByRole('checkbox', { name: 'DL5440-0001' }).uncheck();
    await dialog.getByLabel('Filter or scan serial').fill('DL5440-0003');
    await dialog.getByLabel('Filter or scan serial').press('Enter');
    expect(await dialog.getByRole('checkbox', { name: 'DL5440-0003' }).isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'OK' }).click();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved INV-000001.').waitFor();

    expect(storeQuery("SELECT serial, status FROM serials WHERE serial LIKE 'DL5440-000%' ORDER BY serial")).toEqual([
      { serial: 'DL5440-0001', status: 'in_stock' },
      { serial: 'DL5440-0002', status: 'in_stock' },
      { serial: 'DL5440-0003', status: 'sold' },
    ]);
    expect(
      storeQuery(
        `SELECT e.kind FROM serial_events e JOIN serials s ON s.id = e.serial_id WHERE s.serial = 'DL5440-0001' ORDER BY e.id`,
      ),
    ).toEqual([{ kind: 'received' }, { kind: 'sold' }, { kind: 'released' }]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('detects a scanner burst in the Scan test area and keeps human typing apart', async () => {
    const { page, errors } = await openPage();
    await page.getByRole('button', { name: 'Scanner' }).click();
    const area = page.getByLabel('Test area: click here and scan');
    await area.click();
    await scannerTypes(page, 'SN:DL5440-0002');
    const log = page.getByRole('list', { name: 'Last scans' });
    await log.getByText('SN: serial DL5440-0002').waitFor();
    expect(await area.inputValue()).toBe(''); // the scan left nothing in the field
    await page.keyboard.type('hi', { delay: 150 });
    expect(await area.inputValue()).toBe('hi');
    await screenshot(page, 'scanner-settings');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('closes the database cleanly on Ctrl+C', async () => {
    expect(await web.stop()).toBe(0);
    expect(web.output()).toMatch(/store was closed cleanly/);
    expect(fs.existsSync(`${web.dbFile}-wal`)).toBe(false); // the last connection checkpointed and removed the WAL
  });
});
