// What the race and crash tests on the shop server share: a database with the demo shop opened in the test's own
// process (the back office), counters as real processes (tests/postgres/counter-child.ts), and the checks that must
// hold on the store afterwards whatever raced or was killed.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { CompiledQuery } from 'kysely';
import { afterEach, expect } from 'vitest';
import { openAppStore, type AppStore } from '../../db/store.ts';
import { dispatch } from '../../electron/dispatch.ts';
import type { HandlerCtx } from '../../electron/handlers.ts';
import { dollarParams, freshPostgresDatabase } from '../support/pg.ts';

const CHILD = path.join(import.meta.dirname, 'counter-child.ts');

export type Line = Record<string, unknown>;

export interface Counter {
  readonly register: string;
  readonly lines: Line[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  send(command: object): void;
  waitFor(match: (line: Line) => boolean, timeoutMs?: number): Promise<Line>;
  kill(): Promise<void>;
}

const running: ChildProcess[] = [];
const shops: Shop[] = [];
afterEach(async () => {
  while (shops.length) await shops.pop()!.close();
  while (running.length) running.pop()!.kill('SIGKILL');
});

/** A counter process on the shop server at `url`, with its own pool and its register's till open, once it is ready. */
export async function startCounter(url: string, register: string): Promise<Counter> {
  const proc = spawn(process.execPath, [CHILD, url, register], { stdio: ['pipe', 'pipe', 'pipe'] });
  running.push(proc);
  const lines: Line[] = [];
  const waiters: Array<{ match: (line: Line) => boolean; resolve: (line: Line) => void }> = [];
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  readline.createInterface({ input: proc.stdout! }).on('line', (text) => {
    let line: Line;
    try {
      line = JSON.parse(text) as Line;
    } catch {
      stderr += `(stdout) ${text}\n`;
      return;
    }
    lines.push(line);
    for (const w of [...waiters]) {
      if (w.match(line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const counter: Counter = {
    register,
    lines,
    exited,
    send: (command) => void proc.stdin!.write(`${JSON.stringify(command)}\n`),
    waitFor(match, timeoutMs = 50_000) {
      const seen = lines.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `counter ${register} did not answer in time (${lines.length} lines, the last: ` +
                  `${JSON.stringify(lines.at(-1))}); stderr: ${stderr}`,
              ),
            ),
          timeoutMs,
        );
        waiters.push({ match, resolve: (line) => (clearTimeout(timer), resolve(line)) });
        void exited.then(({ code, signal }) => {
          clearTimeout(timer);
          reject(new Error(`counter ${register} exited (${code ?? signal}) first; stderr: ${stderr}`));
        });
      });
    },
    async kill() {
      proc.kill('SIGKILL');
      expect((await exited).signal).toBe('SIGKILL');
    },
  };
  await counter.waitFor((l) => l.ready === true);
  return counter;
}

/** n counter processes on the shop server, registers Counter 1 … Counter n, once all are ready. */
export const startCounters = (url: string, n: number): Promise<Counter[]> =>
  Promise.all(Array.from({ length: n }, (_, i) => startCounter(url, `Counter ${i + 1}`)));

/** The command that makes a counter sell the laptops in `pool` one per sale, each with a cable, back to back. */
export const saves = (shop: Shop, pool: number[]) => ({
  op: 'saves',
  productId: shop.ids.laptop,
  cable: shop.ids.cable,
  locationId: shop.ids.main,
  customerId: shop.ids.walkIn,
  cashId: shop.ids.cash,
  pool,
});

/** Lines after the n-th one a counter printed (what answered a command sent after it had printed n lines). */
export const after = (counter: Counter, n: number, match: (line: Line) => boolean) =>
  counter.waitFor((l) => counter.lines.indexOf(l) >= n && match(l));

export interface Shop {
  url: string;
  store: AppStore;
  /** The back office: the real contract in this process (no sign-in: acts as the app). */
  call<T>(method: string, input: unknown): Promise<T>;
  all<T = Record<string, unknown>>(text: string, ...params: unknown[]): Promise<T[]>;
  one<T = Record<string, unknown>>(text: string, ...params: unknown[]): Promise<T>;
  ids: {
    laptop: number;
    phone: number;
    drill: number;
    cable: number;
    main: number;
    walkIn: number;
    acme: number;
    vendor: number;
    cash: number;
  };
  close(): Promise<void>;
}

/** A new database on the tests' server with the demo shop, opened here as the back office (closed after the test). */
export async function shopDatabase(): Promise<Shop> {
  const database = await freshPostgresDatabase(true);
  const store = await openAppStore(database.url, { demo: false });
  const ctx: HandlerCtx = {
    db: store.db,
    now: () => new Date(),
    actor: 'back office',
    host: { name: 'Counter POS', version: 'test', dataFile: store.path, mode: 'test', register: 'Back office' },
  };
  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const outcome = await dispatch(ctx, method, input);
    if (!outcome.ok) throw new Error(`${method}: ${outcome.error.message}`);
    return outcome.value as T;
  };
  const all = async <T>(text: string, ...params: unknown[]) =>
    (await store.db.executeQuery<T>(CompiledQuery.raw(dollarParams(text), params))).rows;
  const one = async <T>(text: string, ...params: unknown[]) => (await all<T>(text, ...params))[0] as T;
  const id = async (text: string, ...params: unknown[]) => (await one<{ id: number }>(text, ...params)).id;
  const ids = {
    laptop: await id(`SELECT id FROM products WHERE sku = 'LAT-5440'`),
    phone: await id(`SELECT id FROM products WHERE sku = 'GAL-A55'`),
    drill: await id(`SELECT id FROM products WHERE sku = 'DRL-18V'`),
    cable: await id(`SELECT id FROM products WHERE sku = 'USBC-2M'`),
    main: await id(`SELECT id FROM locations WHERE name = 'Main Store'`),
    walkIn: await id(`SELECT id FROM customers WHERE name = 'Walk-in Customer'`),
    acme: await id(`SELECT id FROM customers WHERE name = 'Acme Corp'`),
    vendor: await id(`SELECT id FROM vendors WHERE name = 'Northwind Distribution'`),
    cash: await id(`SELECT id FROM payment_methods WHERE kind = 'cash' ORDER BY id`),
  };
  const shop: Shop = {
    url: database.url,
    store,
    call,
    all,
    one,
    ids,
    close: async () => {
      await store.close();
      await database.drop();
    },
  };
  shops.push(shop);
  return shop;
}

/** Receives units of serial-tracked products (serials PREFIX-00000 …) and cables through the real receiving service. */
export async function receiveStock(
  shop: Shop,
  units: Array<{ productId: number; count: number; prefix: string }>,
  cables = 0,
): Promise<Map<number, number>> {
  await shop.call('receiveGoods', {
    locationId: shop.ids.main,
    reference: 'For the race tests',
    lines: [
      ...units.map((u) => ({
        productId: u.productId,
        qty: u.count,
        unitCostMinor: 50_000,
        serials: Array.from({ length: u.count }, (_, i) => ({ serial: `${u.prefix}-${String(i).padStart(5, '0')}` })),
      })),
      ...(cables > 0 ? [{ productId: shop.ids.cable, qty: cables, unitCostMinor: 500 }] : []),
    ],
  });
  const rows = await shop.all<{ id: number; product_id: number }>(
    `SELECT id, product_id FROM serials WHERE ${units.map(() => 'serial LIKE ?').join(' OR ')} ORDER BY id`,
    ...units.map((u) => `${u.prefix}-%`),
  );
  return new Map(rows.map((r) => [r.id, r.product_id]));
}

/**
 * What must hold on the store whatever raced or was killed: no unit on two lines, a unit is Sold exactly when it is
 * on a finalised invoice's line, a line of a serial-tracked product holds as many units as its quantity, every unit
 * sold has its Sold event naming its invoice and line, every invoice has lines whose amounts add up to its subtotal,
 * a paid invoice's payments add up to it, and the invoice, payment, receipt and PO numbers are gap-free
 * (PREFIX-000001 … with the counter's next one after the last).
 */
export async function checkInvariants(shop: Shop): Promise<void> {
  const { all } = shop;
  expect(
    await all(`
      SELECT s.id, s.serial, s.status, count(ils.serial_id) AS lines FROM serials s
      LEFT JOIN invoice_line_serials ils ON ils.serial_id = s.id
      GROUP BY s.id HAVING (s.status = 'sold') <> (count(ils.serial_id) = 1) OR count(ils.serial_id) > 1`),
    'a unit is Sold exactly when it is on one invoice line',
  ).toEqual([]);
  expect(
    await all(`
      SELECT s.serial, i.number, i.status FROM invoice_line_serials ils JOIN serials s ON s.id = ils.serial_id
      JOIN invoice_lines l ON l.id = ils.invoice_line_id JOIN invoices i ON i.id = l.invoice_id
      WHERE i.status IN ('draft', 'void')`),
    'no unit on a draft or void invoice here',
  ).toEqual([]);
  expect(
    await all(`
      SELECT l.id FROM invoice_lines l JOIN products p ON p.id = l.product_id
      WHERE p.serialized = 1 AND l.qty <> 1000 * (SELECT count(*) FROM invoice_line_serials x WHERE x.invoice_line_id = l.id)`),
    'serialized lines hold as many units as their quantity',
  ).toEqual([]);
  expect(
    await all(`
      SELECT ils.serial_id, l.invoice_id FROM invoice_line_serials ils JOIN invoice_lines l ON l.id = ils.invoice_line_id
      WHERE NOT EXISTS (SELECT 1 FROM serial_events e WHERE e.serial_id = ils.serial_id AND e.kind = 'sold'
        AND e.invoice_id = l.invoice_id AND e.invoice_line_id = l.id)`),
    'every unit on a line has its Sold event',
  ).toEqual([]);
  expect(
    await all(`
      SELECT e.serial_id, e.invoice_id FROM serial_events e JOIN serials s ON s.id = e.serial_id
      WHERE e.kind = 'sold' AND s.status = 'sold' AND NOT EXISTS (SELECT 1 FROM invoice_line_serials ils
        JOIN invoice_lines l ON l.id = ils.invoice_line_id WHERE ils.serial_id = e.serial_id AND l.invoice_id = e.invoice_id)
        AND e.id = (SELECT max(x.id) FROM serial_events x WHERE x.serial_id = e.serial_id)`),
    "a Sold unit's last event is the sale it is on",
  ).toEqual([]);
  expect(
    await all(`
      SELECT i.number, i.subtotal_minor, (SELECT coalesce(sum(l.line_total_minor), 0) FROM invoice_lines l WHERE l.invoice_id = i.id) AS lines,
        (SELECT count(*) FROM invoice_lines l WHERE l.invoice_id = i.id) AS n
      FROM invoices i
      WHERE (SELECT count(*) FROM invoice_lines l WHERE l.invoice_id = i.id) = 0
        OR i.subtotal_minor <> (SELECT coalesce(sum(l.line_total_minor), 0) FROM invoice_lines l WHERE l.invoice_id = i.id)
        OR i.total_minor <> i.subtotal_minor - i.discount_minor + i.tax_minor`),
    'every invoice has its lines, adding up to its subtotal and total',
  ).toEqual([]);
  expect(
    await all(`
      SELECT i.number, i.paid_minor, i.total_minor,
        (SELECT coalesce(sum(a.amount_minor), 0) FROM payment_allocations a WHERE a.invoice_id = i.id) AS allocated
      FROM invoices i
      WHERE i.paid_minor <> (SELECT coalesce(sum(a.amount_minor), 0) FROM payment_allocations a WHERE a.invoice_id = i.id)
        OR (i.status = 'paid' AND i.paid_minor <> i.total_minor)`),
    "a paid invoice's payments add up to it",
  ).toEqual([]);
  for (const [table, counter, prefix] of [
    ['invoices', 'invoice', 'INV-'],
    ['payments', 'payment', 'PAY-'],
    ['goods_receipts', 'goods_receipt', 'GR-'],
    ['purchase_orders', 'purchase_order', 'PO-'],
  ] as const) {
    const numbers = (await all<{ number: string }>(`SELECT number FROM ${table} ORDER BY number`)).map((r) => r.number);
    expect(numbers, `${table}: gap-free numbers`).toEqual(
      numbers.map((_, i) => `${prefix}${String(i + 1).padStart(6, '0')}`),
    );
    const next = (await all<{ next: number }>(`SELECT next FROM counters WHERE name = ?`, counter))[0]?.next ?? 1;
    expect(next, `${counter}: the next number follows the last`).toBe(numbers.length + 1);
  }
}

/** The codes and messages of refusals, for asserting they are the clear ones. */
export const refusals = (lines: Line[]) =>
  lines.filter((l) => l.ok === false).map((l) => l.error as { code: string; message: string });

/** Fraction of pairs of calls (started, answered) that overlapped in time: did the counters really run at once? */
export function overlapping(pairs: Array<[{ started: number; at: number }, { started: number; at: number }]>): number {
  const overlaps = pairs.filter(([a, b]) => Math.max(a.started, b.started) < Math.min(a.at, b.at)).length;
  return pairs.length ? overlaps / pairs.length : 0;
}
