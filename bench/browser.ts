// Scan → paint in Chromium through browser mode: on an invoice that already has 200 lines (the editor), or on the
// counter's Sell screen (a sale growing from empty, optionally with the CPU throttled as on a cheap counter PC).
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Store } from '../db/open.ts';
import { inWriteTransaction } from '../db/services/context.ts';
import { saveInvoice } from '../db/services/invoices.ts';
import type { HandlerCtx } from '../electron/handlers.ts';
import { startWebHost } from '../electron/web/server.ts';
import { launchChromium } from '../scripts/chromium.ts';

declare global {
  interface Window {
    __arm?: (lineLabel: string) => void;
    __done?: Promise<Timing>;
    __sent?: number;
    __answered?: number;
  }
}

const SCANS = 120;
const LINES = 200;
/**
 * Milliseconds from the Enter of a scan to: the lookup sent, the lookup answered, the row in the DOM, the frame
 * painted.
 */
export interface Timing {
  start: number;
  lookup: number;
  dom: number;
  paint: number;
}
const WARM = 10;

/**
 * Where the scans land. 'invoice': the editor, on a saved invoice of 200 lines opened for Edit (its grid names a line's
 * Description field after the product). 'sell': the Sell screen the app opens on, its sale empty at first and growing
 * one line per scan (the counter's grid has no Description: the line's Qty field names the product).
 */
export type ScanScreen = 'invoice' | 'sell';

/** Per-scan timings, and main-thread milliseconds per scan by kind (Chromium's Performance metrics). */
export async function measureScanToPaint(o: {
  root: string;
  ctx: HandlerCtx;
  store: Store;
  locationIds: number[];
  customerId: number;
  screen?: ScanScreen;
  /** Chromium's CPU slowed this many times (CDP Emulation.setCPUThrottlingRate); 1, the default, is not slowed. */
  cpuThrottle?: number;
}): Promise<{ times: Timing[]; costs: Record<string, number> }> {
  if (!fs.existsSync(path.join(o.root, 'dist', 'renderer', 'index.html'))) {
    throw new Error('Build the renderer first: node scripts/build.ts --renderer (npm run bench does it).');
  }
  const screen = o.screen ?? 'invoice';
  const throttle = o.cpuThrottle ?? 1;
  const lineCount = screen === 'invoice' ? LINES : 0;
  // The Sell screen sells from the shop's default location (as appInfo picks it); the invoice uses the first built.
  const locationId =
    screen === 'invoice'
      ? o.locationIds[0]!
      : (
          await o.store.db
            .selectFrom('locations')
            .select('id')
            .orderBy('is_default', 'desc')
            .orderBy('name')
            .executeTakeFirstOrThrow()
        ).id;
  // The invoice's serialized lines on one product each, then SCANS + WARM units of other products to scan.
  const units = (
    await sql<{ id: number; product_id: number; serial: string }>`
      SELECT u.id, u.product_id, s.serial FROM (
        SELECT min(id) AS id, product_id FROM serials WHERE location_id = ${locationId} AND status = 'in_stock'
        GROUP BY product_id ORDER BY product_id LIMIT ${lineCount + SCANS + WARM}) u
      JOIN serials s ON s.id = u.id ORDER BY u.product_id`.execute(o.store.db)
  ).rows;
  const onInvoice = units.slice(0, lineCount);
  // Each scan is a unit of a product not yet on the invoice, so it makes a new line named after its product; the
  // line's field with this label tells that the row is in the grid.
  const lineLabel = (product: string) => (screen === 'invoice' ? `Description for ${product}` : `Qty for ${product}`);
  const toScan = units.slice(lineCount).map((u) => ({
    code: `SN:${u.serial}`,
    label: lineLabel(`Product ${u.product_id}`),
  }));
  const invoice =
    screen === 'invoice'
      ? await inWriteTransaction(o.ctx, (trx) =>
          saveInvoice(trx, {
            customerId: o.customerId,
            locationId,
            invoiceDate: '2099-12-31',
            notes: 'bench: 200 lines',
            lines: onInvoice.map((u) => ({
              productId: u.product_id,
              description: `Product ${u.product_id}`,
              qty: 1000,
              unitPriceMinor: 1000,
              taxable: true,
              serialIds: [u.id],
            })),
          }),
        )
      : null;

  const host = await startWebHost({
    ctx: { ...o.ctx, host: { ...o.ctx.host, mode: 'web' } },
    staticDir: path.join(o.root, 'dist', 'renderer'),
  });
  const browser = await launchChromium((process.env.BENCH_CHROMIUM_ARGS ?? '').split(' ').filter(Boolean));
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(host.openUrl);
    if (invoice) {
      await page.getByRole('button', { name: 'Invoices' }).click();
      await page.getByRole('button', { name: invoice.number, exact: true }).click();
      await page.getByRole('heading', { name: `Invoice ${invoice.number}` }).waitFor();
      await page.getByRole('button', { name: 'Edit', exact: true }).click(); // a saved invoice opens read-only
      const grid = page.getByRole('table', { name: 'Invoice lines' });
      await grid.getByText(`Product ${onInvoice[0]!.product_id}`, { exact: true }).waitFor();
    } else {
      // The app opens on Sell; a host without sessions acts as itself, so there is no PIN screen.
      await page.getByRole('heading', { name: 'Sell', exact: true }).waitFor();
      await page
        .getByRole('table', { name: 'Invoice lines' })
        .getByText(/^No items yet/)
        .waitFor();
    }
    await page.evaluate(() => {
      // When the lookup is sent and when its answer arrives (the message event's own time stamp): the scan's first
      // call and first answer, not later ones it leads to (the new line's stock on hand).
      const send = WebSocket.prototype.send;
      const watched = new WeakSet<WebSocket>();
      WebSocket.prototype.send = function (this: WebSocket, data) {
        window.__sent ??= performance.now();
        if (!watched.has(this)) {
          watched.add(this);
          this.addEventListener('message', (e) => {
            if (window.__sent !== undefined) window.__answered ??= e.timeStamp;
          });
        }
        return send.call(this, data);
      };
      window.__arm = (label: string) => {
        const table = document.querySelector('table[aria-label="Invoice lines"]')!;
        window.__sent = undefined;
        window.__answered = undefined;
        const t0 = performance.now(); // the scan's Enter is dispatched right after
        window.__done = new Promise<Timing>((resolve) => {
          // The new line: a row added to the grid with a field labelled after the scanned unit's product.
          const isNewLine = (records: MutationRecord[]) =>
            records.some((r) =>
              [...r.addedNodes].some(
                (n) =>
                  n instanceof HTMLElement &&
                  [...n.querySelectorAll('input')].some((i) => i.getAttribute('aria-label') === label),
              ),
            );
          const observer = new MutationObserver((records) => {
            if (!isNewLine(records)) return;
            observer.disconnect();
            const dom = performance.now() - t0;
            // The frame with the new row: after its animation frame callbacks, the next task runs once it is painted.
            requestAnimationFrame(() => {
              const channel = new MessageChannel();
              channel.port1.onmessage = () =>
                resolve({
                  start: (window.__sent ?? t0) - t0,
                  lookup: (window.__answered ?? t0) - t0,
                  dom,
                  paint: performance.now() - t0,
                });
              channel.port2.postMessage(0);
            });
          });
          observer.observe(table, { childList: true, subtree: true });
        });
      };
    });
    const cdp = await page.context().newCDPSession(page);
    if (throttle !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    await cdp.send('Performance.enable');
    const metrics = async () =>
      Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    // The scans arrive inside the page, as a keyboard-wedge scanner's keys do: the label in the
    // focused Item search, then Enter. One scan at a time, 150 ms apart (a fast scanning cadence).
    const run = (scans: Array<{ code: string; label: string }>) =>
      page.evaluate(async (list) => {
        const input = document.querySelector<HTMLInputElement>('input[placeholder^="Scan or type"]')!;
        const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
        const out: Timing[] = [];
        for (const { code, label } of list) {
          input.focus();
          setValue.call(input, code);
          input.dispatchEvent(new Event('input', { bubbles: true }));
          await new Promise((r) => setTimeout(r, 150));
          window.__arm!(label);
          input.dispatchEvent(
            new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true, cancelable: true }),
          );
          out.push(await window.__done!);
        }
        return out;
      }, scans);
    await run(toScan.slice(0, WARM));
    const before = await metrics();
    // BENCH_TRACE and BENCH_PROFILE name the invoice's files; the Sell screen's get "-sell" before the extension.
    const fileFor = (name: string | undefined) =>
      name && screen !== 'invoice' ? name.replace(/(\.[^./]*)?$/, `-${screen}$1`) : name;
    const trace = fileFor(process.env.BENCH_TRACE);
    if (trace)
      await browser.startTracing(page, {
        path: trace,
        categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc', 'viz', 'toplevel'],
      });
    const profile = fileFor(process.env.BENCH_PROFILE); // a .cpuprofile of the page's script during the scans
    if (profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
    }
    const times = await run(toScan.slice(WARM));
    if (trace) await browser.stopTracing();
    if (host.openSockets() === 0)
      throw new Error(
        "The page made its calls without the API socket (HTTP fallback): the scan path measured would not be the product's.",
      );
    if (profile) fs.writeFileSync(profile, JSON.stringify((await cdp.send('Profiler.stop')).profile));
    const after = await metrics();
    const per = (k: string) => (((after[k] ?? 0) - (before[k] ?? 0)) * 1000) / times.length;
    const costs = { script: per('ScriptDuration'), style: per('RecalcStyleDuration'), layout: per('LayoutDuration') };
    return { times, costs };
  } finally {
    await browser.close();
    await host.close();
  }
}
