// "N counters at once": N processes (bench/counter-child.ts), each its own counter with its own register and till,
// scanning and saving 5-line serialized sales in a loop for a fixed time, all started together, on the same store
// (one SQLite file, or the PostgreSQL database). Each counter sells from its own slice of in-stock units, and every
// counter also tries the same shared unit in each time slot, so races happen on purpose. Afterwards the store is
// checked for double sales: a unit on more than one live invoice, or sold twice by the counters.
import { fork } from 'node:child_process';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { CounterJob, CounterReport, Unit } from './counter-child.ts';
import { summarize } from './stats.ts';

export interface CountersRow {
  store: 'sqlite' | 'postgres';
  n: number;
  seconds: number;
  sales: number;
  salesPerSecond: number;
  saveMedianMs: number;
  saveP95Ms: number;
  scanP95Ms: number;
  /** Saves refused because another counter had just sold the shared unit (races lost). */
  refusals: number;
  /** Shared units a scan already showed sold (no race at the save). */
  seenSold: number;
  /** Units on more than one live invoice, or sold twice by the counters, found afterwards: must be 0. */
  doubleSales: number;
  /** Units a counter reported sold that the store does not show sold on one of its invoices: must be 0. */
  lostSales: number;
  /**
   * PostgreSQL: transactions the server rolled back during the run (pg_stat_database.xact_rollback): the lost
   * serialization races each run again from the start, plus the refusals; null on SQLite.
   */
  rollbacks: number | null;
  /** Sales that failed for another reason (should be none), and the first messages. */
  failed: number;
  errors: string[];
  ranOut: boolean;
}

const SLOT_MS = 40;
const log = (text: string) => process.stderr.write(`${text}\n`);

export async function measureCounters(o: {
  storeKind: 'sqlite' | 'postgres';
  /** The SQLite file or the postgres:// URL each counter opens. */
  location: string;
  db: Kysely<DB>;
  counts: number[];
  seconds: number;
  customerIds: number[];
}): Promise<CountersRow[]> {
  const rows: CountersRow[] = [];
  const cash = await sql<{
    id: number;
  }>`SELECT id FROM payment_methods WHERE kind = 'cash' ORDER BY is_default DESC, id LIMIT 1`.execute(o.db);
  const cashMethodId = cash.rows[0]!.id;
  for (const n of o.counts) {
    // The units still free now (earlier runs sold some), newest first, by location.
    const free = await sql<{ id: number; serial: string; product_id: number; location_id: number }>`
      SELECT s.id, s.serial, s.product_id, s.location_id FROM serials s
      WHERE s.status = 'in_stock' AND s.deleted_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM invoice_line_serials ils WHERE ils.serial_id = s.id)
      ORDER BY s.id DESC LIMIT 80000`.execute(o.db);
    const byLocation = new Map<number, Unit[]>();
    for (const r of free.rows) {
      const list = byLocation.get(r.location_id) ?? [];
      byLocation.set(r.location_id, list);
      list.push({ id: r.id, serial: r.serial, productId: r.product_id });
    }
    const slots = Math.ceil((o.seconds * 1000) / SLOT_MS) + 10;
    const jobs: CounterJob[] = Array.from({ length: n }, (_, k) => ({
      location: o.location,
      register: `Bench ${k + 1}`,
      customerId: o.customerIds[k % o.customerIds.length]!,
      cashMethodId,
      own: {},
      shared: {},
      slotMs: SLOT_MS,
    }));
    for (const [locationId, units] of byLocation) {
      const shared = units.slice(0, slots);
      units.slice(slots).forEach((u, i) => ((jobs[i % n]!.own[locationId] ??= []) as Unit[]).push(u));
      for (const job of jobs) {
        job.shared[locationId] = shared;
        job.own[locationId] ??= [];
      }
    }

    const rollbacksBefore = await rollbackCount(o);
    const children = jobs.map(() =>
      fork(path.join(import.meta.dirname, 'counter-child.ts'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
    );
    const exited = children.map(
      (child, k) =>
        new Promise<void>((resolve, reject) =>
          child.once('exit', (code) =>
            code === 0 ? resolve() : reject(new Error(`counter ${k + 1} exited with code ${code}`)),
          ),
        ),
    );
    const next = (child: (typeof children)[number]) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        child.once('message', (m) => resolve(m as Record<string, unknown>));
        // A message sent before the channel closed is delivered before 'disconnect' ('exit' may come before it).
        child.once('disconnect', () => setImmediate(() => reject(new Error('a counter stopped before answering'))));
        child.once('exit', (code) => {
          if (code !== 0) reject(new Error(`a counter exited with code ${code} before answering`));
        });
      });
    const ready = children.map(next);
    children.forEach((child, k) => child.send(jobs[k]!));
    await Promise.all(ready);
    const reports = children.map(next);
    const go = Date.now() + 200;
    children.forEach((child) => child.send({ go, until: go + o.seconds * 1000 }));
    const done = (await Promise.all(reports)).map((m) => m.report as CounterReport);
    await Promise.all(exited);

    const sold = done.flatMap((r) => r.sold);
    const check = await sql<{ doubles: number; twice: number }>`
      SELECT
        (SELECT count(*) FROM (SELECT ils.serial_id FROM invoice_line_serials ils
           JOIN invoice_lines il ON il.id = ils.invoice_line_id JOIN invoices i ON i.id = il.invoice_id
           WHERE i.status <> 'void' GROUP BY ils.serial_id HAVING count(DISTINCT i.id) > 1) d) AS doubles,
        (SELECT count(*) FROM (SELECT serial_id FROM serial_events WHERE kind = 'sold' AND actor LIKE 'bench Bench %'
           GROUP BY serial_id HAVING count(*) > 1) t) AS twice`.execute(o.db);
    // Every unit a counter reported sold is Sold and linked to one invoice.
    let lost = 0;
    for (let at = 0; at < sold.length; at += 500) {
      const part = sold.slice(at, at + 500);
      const found = await sql<{ n: number }>`SELECT count(*) AS n FROM serials s
        JOIN invoice_line_serials ils ON ils.serial_id = s.id
        WHERE s.status = 'sold' AND s.id IN (${sql.join(part)})`.execute(o.db);
      lost += part.length - Number(found.rows[0]!.n);
    }
    const c = check.rows[0]!;
    const rollbacksAfter = await rollbackCount(o);
    const rollbacks = rollbacksAfter === null || rollbacksBefore === null ? null : rollbacksAfter - rollbacksBefore;
    const saves = summarize(done.flatMap((r) => r.saveMs));
    const scans = summarize(done.flatMap((r) => r.scanMs));
    const sales = done.reduce((s, r) => s + r.sales, 0);
    const row: CountersRow = {
      store: o.storeKind,
      n,
      seconds: o.seconds,
      sales,
      salesPerSecond: sales / o.seconds,
      saveMedianMs: saves.median,
      saveP95Ms: saves.p95,
      scanP95Ms: scans.p95,
      refusals: done.reduce((s, r) => s + r.refusals, 0),
      seenSold: done.reduce((s, r) => s + r.seenSold, 0),
      doubleSales: Number(c.doubles) + Number(c.twice),
      lostSales: lost,
      rollbacks,
      failed: done.reduce((s, r) => s + r.errors.length, 0),
      errors: done.flatMap((r) => r.errors.slice(0, 5).map((e) => `${r.register}: ${e}`)),
      ranOut: done.some((r) => r.ranOut),
    };
    rows.push(row);
    log(
      `  ${o.storeKind}, ${n} counter${n > 1 ? 's' : ''}: ${row.salesPerSecond.toFixed(1)} sales/s (${sales} in ${o.seconds} s), ` +
        `save median ${saves.median.toFixed(1)} ms, p95 ${saves.p95.toFixed(1)} ms; scan p95 ${scans.p95.toFixed(2)} ms; ` +
        `${row.refusals} races lost, ${row.seenSold} shared units seen sold; double sales ${row.doubleSales}, lost ${lost}` +
        `${rollbacks === null ? '' : `; ${rollbacks} transactions rolled back by the server`}` +
        `${row.ranOut ? '; a counter ran out of units' : ''}${row.errors.length > 0 ? `; errors: ${row.errors.slice(0, 3).join(' | ')}` : ''}`,
    );
  }
  return rows;
}

/** PostgreSQL: the database's rolled-back transactions so far (the statistics of ended backends are in). */
async function rollbackCount(o: { storeKind: string; db: Kysely<DB> }): Promise<number | null> {
  if (o.storeKind !== 'postgres') return null;
  await new Promise((resolve) => setTimeout(resolve, 1100)); // a backend's statistics reach the view within a second
  await sql`SELECT pg_stat_clear_snapshot()`.execute(o.db);
  const r = await sql<{
    n: number;
  }>`SELECT xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()`.execute(o.db);
  return Number(r.rows[0]!.n);
}
