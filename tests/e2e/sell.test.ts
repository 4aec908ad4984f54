// The counter in Chromium (browser mode) at 1024×768: one-row top bar and Pay in view, Pay refused until the till is
// opened, then a whole sale by keyboard (scans typed by a wedge scanner, F12, the amount, Enter, Enter); the layout at
// 1920×1080 and the system's dark mode.
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

async function openSell(page: Page) {
  await page.goto(web.url);
  await signIn(page);
  await page.getByRole('heading', { name: 'Sell', exact: true }).waitFor();
}

/** Where an element is on the page. */
const box = async (page: Page, role: 'button' | 'navigation' | 'region' | 'complementary', name: string) =>
  (await page.getByRole(role, { name, exact: true }).boundingBox())!;

describe('the counter in Chromium', () => {
  it('fits 1024×768 and sells by keyboard: scan, Capture Serials by itself, F12, 1,400, Enter, Enter', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    const errors = watchErrors(page);
    await openSell(page);

    // One row of top bar (never wrapped), Pay in view, nothing wider than the window.
    const nav = await box(page, 'navigation', 'Main');
    expect(nav.height).toBeLessThan(56);
    const tops = await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button')
      .evaluateAll((els) => [...new Set(els.map((el) => Math.round(el.getBoundingClientRect().top)))]);
    expect(tops).toHaveLength(1);
    const pay = await box(page, 'button', 'Pay');
    expect(pay.y + pay.height).toBeLessThanOrEqual(768);
    expect(pay.x + pay.width).toBeLessThanOrEqual(1024);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
    expect(await page.getByLabel('Item search').evaluate((el) => el === document.activeElement)).toBe(true);

    // Without an open till, Pay is refused with a way to open one.
    await scannerTypes(page, '0012345678905');
    await page.keyboard.press('F12');
    const strip = page.getByRole('region', { name: 'Sell' }).getByRole('alert');
    await strip.getByText('Open the till before taking a sale: Till → Open till.').waitFor();
    await strip.getByRole('button', { name: 'Open the till' }).click();
    await page.getByRole('button', { name: 'Discard changes' }).click(); // the unpaid cable is left behind
    await page.getByLabel('Opening float').fill('100.00');
    await page.getByRole('button', { name: 'Open till', exact: true }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sell', exact: true }).click();
    await page.getByText('Till open').waitFor();
    expect(await page.getByLabel('Item search').evaluate((el) => el === document.activeElement)).toBe(true);

    // The laptop's barcode opens Capture Serials by itself; the serial label's scan ticks the unit; Enter closes.
    await scannerTypes(page, '5901234123457');
    const capture = page.getByRole('dialog', { name: 'Capture Serials' });
    await capture.waitFor();
    await capture.getByRole('checkbox', { name: 'DL5440-0001' }).waitFor();
    await scannerTypes(page, 'DL5440-0001');
    await capture.getByText('1 of 1 selected').waitFor();
    await page.keyboard.press('Enter');
    await capture.waitFor({ state: 'detached' });
    await scannerTypes(page, '0012345678905');
    const total = page.getByRole('complementary', { name: 'Sale' }).getByLabel('Total', { exact: true });
    await expect.poll(() => total.textContent()).toBe('$1,364.16');
    await screenshot(page, 'sell-1024x768');

    await page.keyboard.press('F12');
    const payment = page.getByRole('dialog', { name: 'Payment' });
    await payment.getByLabel('Amount due').getByText('$1,364.16').waitFor();
    await page.keyboard.type('1,400');
    await screenshot(page, 'sell-payment');
    await page.keyboard.press('Enter');
    const done = page.getByRole('dialog', { name: 'Sale complete' });
    await done.getByLabel('Change due').getByText('$35.84').waitFor();
    await done
      .getByRole('article', { name: /^Receipt INV-/ })
      .getByText('SN: DL5440-0001')
      .waitFor();
    await screenshot(page, 'sell-receipt');
    await page.keyboard.press('Enter');
    await done.waitFor({ state: 'detached' });
    expect(await page.getByRole('table', { name: 'Invoice lines' }).getByRole('row').count()).toBe(2); // head, "No items"
    expect(await page.getByLabel('Item search').evaluate((el) => el === document.activeElement)).toBe(true);

    const sold = queryStore<{ status: string; tendered_minor: number; till_session_id: number | null }>(
      web.dbFile,
      `SELECT i.status, p.tendered_minor, p.till_session_id FROM invoices i
       JOIN payment_allocations a ON a.invoice_id = i.id JOIN payments p ON p.id = a.payment_id`,
    );
    expect(sold).toEqual([{ status: 'paid', tendered_minor: 140_000, till_session_id: 1 }]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('uses the space at 1920×1080 and follows the dark mode', async () => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, colorScheme: 'dark' });
    const page = await context.newPage();
    await openSell(page);
    const sell = await box(page, 'region', 'Sell');
    expect(sell.width).toBeGreaterThan(1850);
    expect(sell.y + sell.height).toBeGreaterThan(1000);
    const side = await box(page, 'complementary', 'Sale');
    expect(side.x + side.width).toBeGreaterThan(1880);
    const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(background).toBe('rgb(17, 21, 28)');
    await screenshot(page, 'sell-1920x1080-dark');
    await context.close();
  });
});
