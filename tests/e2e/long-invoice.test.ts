import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inWriteTransaction } from '../../db/services/context.ts';
import { saveInvoice } from '../../db/services/invoices.ts';
import { startWebHost, type WebHost } from '../../electron/web/server.ts';
import { demoIds, freshBackend, type Backend } from '../support/backend.ts';
import { launchChromium, screenshot, watchErrors } from './harness.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const LINES = 80;

let b: Backend;
let host: WebHost;
let browser: Browser;
let number: string;
beforeAll(async () => {
  b = await freshBackend();
  const ids = demoIds(b);
  // A long invoice: 80 hours of on-site support, one line each, told apart by their descriptions.
  number = (
    await inWriteTransaction(b.ctx, (trx) =>
      saveInvoice(trx, {
        customerId: ids.acme,
        locationId: ids.main,
        invoiceDate: '2026-11-20',
        notes: '',
        lines: Array.from({ length: LINES }, (_, i) => ({
          productId: ids.support,
          description: `Visit ${i + 1}`,
          qty: 1000,
          unitPriceMinor: 12_500,
          taxable: true,
          serialIds: [],
        })),
      }),
    )
  ).number;
  host = await startWebHost({
    ctx: { ...b.ctx, host: { ...b.ctx.host, mode: 'web' } },
    staticDir: path.join(root, 'dist', 'renderer'),
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
  await b?.close();
});

describe('a long invoice in Chromium (browser mode)', () => {
  it('renders the lines in view, follows the scroll, shows a scanned line at once and keeps the focused line', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);
    await page.goto(host.openUrl);
    await page.getByRole('button', { name: 'Invoices' }).click();
    await page.getByRole('button', { name: number, exact: true }).click();
    await page.getByRole('heading', { name: `Invoice ${number}` }).waitFor();

    const grid = page.getByRole('table', { name: 'Invoice lines' });
    const description = (text: string) => grid.locator(`input[value="${text}"]`);
    // All 80 lines are announced; only those in view (and a few around them) are in the page.
    await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe(String(LINES + 1));
    await expect.poll(() => description('Visit 1').isVisible()).toBe(true);
    const rendered = await grid.locator('tbody tr').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(LINES);
    expect(await description(`Visit ${LINES}`).count()).toBe(0);
    expect(await grid.getByRole('row').nth(1).getAttribute('aria-rowindex')).toBe('2');

    // Scrolling the grid to its end brings the last lines in.
    await grid.locator('xpath=..').evaluate((box) => box.scrollTo({ top: box.scrollHeight }));
    await expect.poll(() => description(`Visit ${LINES}`).isVisible()).toBe(true);
    expect(await description('Visit 1').count()).toBe(0);

    // Back at the top, after Edit (a saved invoice opens read-only), an SN: scan adds line 81 and shows it: the grid
    // follows the new line.
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await grid.locator('xpath=..').evaluate((box) => box.scrollTo({ top: 0 }));
    await expect.poll(() => description('Visit 1').isVisible()).toBe(true);
    const search = page.getByLabel('Item search');
    // Where a scan goes shows: the focused search has the accent border and a ring, the unfocused one neither.
    const look = () =>
      search.evaluate((el) => `${getComputedStyle(el).borderTopColor} ${getComputedStyle(el).outlineStyle}`);
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true); // focused after Edit
    const focused = await look();
    await search.evaluate((el) => el.blur());
    const unfocused = await look();
    expect(unfocused).toMatch(/ none$/);
    expect(focused).not.toBe(unfocused);
    await search.click();
    await page.keyboard.type('SN:DL5440-0002\n', { delay: 5 });
    const laptop = page.getByRole('button', { name: 'Serials for Latitude 5440 Laptop' });
    await expect.poll(() => laptop.isVisible()).toBe(true);
    await expect
      .poll(
        async () =>
          (await laptop.boundingBox())!.y <
          (await grid.locator('xpath=..').boundingBox())!.y + (await grid.locator('xpath=..').boundingBox())!.height,
      )
      .toBe(true);
    expect(await grid.getAttribute('aria-rowcount')).toBe(String(LINES + 2));
    expect(await search.inputValue()).toBe('');
    await screenshot(page, 'long-invoice-scanned');

    // The line being edited stays in the page while the grid scrolls away from it.
    await description(`Visit ${LINES}`).click();
    await page.keyboard.press('End');
    await grid.locator('xpath=..').evaluate((box) => box.scrollTo({ top: 0 }));
    await expect.poll(() => description('Visit 1').isVisible()).toBe(true);
    await page.keyboard.type(' (last)');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page
      .getByRole('status')
      .getByText(/^Saved /)
      .waitFor();
    const saved = await b.all<{ description: string }>(
      `SELECT l.description FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE i.number = ? ORDER BY l.position`,
      number,
    );
    expect(saved).toHaveLength(LINES + 1);
    expect(saved[LINES - 1]!.description).toBe(`Visit ${LINES} (last)`);
    expect(saved[LINES]!.description).toBe('Latitude 5440 Laptop');
    // Browser mode made its calls over the API socket.
    expect(host.openSockets()).toBe(1);
    expect(errors).toEqual([]);
  });
});
