// Scan → paint in Chromium through browser mode, on an invoice that already has 200 lines.
import fs from 'node:fs';
import path from 'node:path';
import type { Store } from '../db/open.ts';
import { inTransaction } from '../db/services/context.ts';
import { saveInvoice } from '../db/services/invoices.ts';
import type { HandlerCtx } from '../electron/handlers.ts';
import { startWebHost } from '../electron/web/server.ts';
import { launchChromium } from '../scripts/chromium.ts';

declare global {
  interface Window { __arm?: () => void; __done?: Promise<number> }
}

const SCANS = 120;
const WARM = 10;

export async function measureScanToPaint(o: { root: string; ctx: HandlerCtx; store: Store; locationIds: number[]; customerId: number }): Promise<number[]> {
  if (!fs.existsSync(path.join(o.root, 'dist', 'renderer', 'index.html'))) {
    throw new Error('Build the renderer first: node scripts/build.ts --renderer (npm run bench does it).');
  }
  const locationId = o.locationIds[0]!;
  // 200 serialized lines on one product each, then SCANS + WARM units of other products to scan.
  const units = o.store.sqlite.prepare(`SELECT min(id) AS id, product_id FROM serials WHERE location_id = ? AND status = 'in_stock' GROUP BY product_id ORDER BY product_id LIMIT ?`)
    .all(locationId, 200 + SCANS + WARM) as Array<{ id: number; product_id: number }>;
  const onInvoice = units.slice(0, 200);
  const toScan = units.slice(200).map((u) => (o.store.sqlite.prepare('SELECT serial FROM serials WHERE id = ?').get(u.id) as { serial: string }).serial);
  const invoice = await inTransaction(o.ctx, (trx) => saveInvoice(trx, {
    customerId: o.customerId, locationId, invoiceDate: '2099-12-31', notes: 'bench: 200 lines',
    lines: onInvoice.map((u) => ({ productId: u.product_id, description: `Product ${u.product_id}`, qty: 1, unitPriceMinor: 1000, taxable: true, serialIds: [u.id] })),
  }));

  const host = await startWebHost({ ctx: { ...o.ctx, host: { ...o.ctx.host, mode: 'web' } }, staticDir: path.join(o.root, 'dist', 'renderer') });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(host.openUrl);
    await page.getByRole('button', { name: 'Invoices' }).click();
    await page.getByRole('button', { name: invoice.number }).click();
    await page.getByRole('heading', { name: `Invoice ${invoice.number}` }).waitFor();
    const grid = page.getByRole('table', { name: 'Invoice lines' });
    await grid.getByText(`Product ${onInvoice[199]!.product_id}`, { exact: true }).first().waitFor({ state: 'attached' });
    await page.evaluate(() => {
      window.__arm = () => {
        const table = document.querySelector('table[aria-label="Invoice lines"]')!;
        const before = table.querySelectorAll('tbody tr').length;
        let t0 = 0;
        const onKey = (e: KeyboardEvent) => {
          if (e.key !== 'Enter') return;
          t0 = performance.now();
          window.removeEventListener('keydown', onKey, true);
        };
        window.addEventListener('keydown', onKey, true);
        window.__done = new Promise<number>((resolve) => {
          const observer = new MutationObserver(() => {
            if (table.querySelectorAll('tbody tr').length <= before) return;
            observer.disconnect();
            // The frame with the new row: after its animation frame callbacks, the next task runs once it is painted.
            requestAnimationFrame(() => {
              const channel = new MessageChannel();
              channel.port1.onmessage = () => resolve(performance.now() - t0);
              channel.port2.postMessage(0);
            });
          });
          observer.observe(table, { childList: true, subtree: true });
        });
      };
    });
    const search = page.getByLabel('Item search');
    const times: number[] = [];
    for (const [i, serial] of toScan.entries()) {
      await search.fill(`SN:${serial}`);
      await page.evaluate(() => window.__arm!());
      await search.press('Enter');
      const ms = await page.evaluate(() => window.__done!);
      if (i >= WARM) times.push(ms);
    }
    return times;
  } finally {
    await browser.close();
    await host.close();
  }
}
