// The import job on a file store: it runs in a worker thread on its own connection, checks its rows
// without the write lock and holds the lock only for its apply. The counter goes on meanwhile:
// scans are answered, a save waits for the apply and then succeeds. (No test here asserts a time.)
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportJob } from '../../core/model.ts';
import { openStore } from '../../db/open.ts';
import { postgresUrlOf } from '../../db/postgres.ts';
import { openAppStore } from '../../db/store.ts';
import { inWriteTransaction, MAIN_BUSY_TIMEOUT_MS } from '../../db/services/context.ts';
import { importWorkerFile, type ImportWorkerData, type ImportWorkerMessage } from '../../db/services/imports.ts';
import { openJobConnection } from '../../db/services/jobConnection.ts';
import { receiveGoods } from '../../db/services/receiving.ts';
import { mainProcessBundles } from '../../scripts/bundles.ts';
import {
  demoIds,
  freshBackend,
  onPostgres,
  sqliteOf,
  tableCounts,
  tempDir,
  type Backend,
  type DemoIds,
} from '../support/backend.ts';

let b: Backend;
let ids: DemoIds;
let file: string;
beforeEach(async () => {
  file = path.join(tempDir('pos-import-worker-'), 'store.sqlite');
  b = await freshBackend({ file });
  ids = demoIds(b);
});
afterEach(async () => {
  await b.close();
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
});

/** What only a SQLite file has (its handle, pragmas, its file opened by a second connection) is tested on SQLite. */
const itOnSqlite = it.skipIf(onPostgres);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A serials file of n laptop rows, DL-W-000001 …, at Main Store. */
const bigFile = (n: number, tail = '') =>
  `product sku,serial,location,condition notes\n${Array.from({ length: n }, (_, i) => `LAT-5440,DL-W-${String(i + 1).padStart(6, '0')},Main Store,New`).join('\n')}\n${tail}`;

async function start(text: string, fileName = 'stock.csv'): Promise<ImportJob> {
  const o = await b.api.startImport({ kind: 'serials', text, fileName });
  if (!o.ok) throw new Error(o.error.message);
  return o.value;
}

async function progress(jobId: string): Promise<ImportJob> {
  const o = await b.api.importProgress({ jobId });
  if (!o.ok) throw new Error(o.error.message);
  return o.value;
}

/** Polls until the job is no longer running, telling `seen` each state on the way. */
async function settle(jobId: string, seen: (job: ImportJob) => void = () => {}): Promise<ImportJob> {
  for (;;) {
    const job = await progress(jobId);
    seen(job);
    if (job.state !== 'running') return job;
    await sleep(1);
  }
}

describe('the import job on a file store (worker thread)', () => {
  itOnSqlite(
    'previews a file in the worker too, on its own connection: the same rows and errors, nothing written',
    async () => {
      const text = `${bigFile(3)}LAT-5440,dl-w-000002,Main Store,New\nNOPE,X-1,,\n`;
      const before = await tableCounts(b);
      // A unit this connection has written but not committed: a check on another connection cannot see it.
      sqliteOf(b).exec('BEGIN IMMEDIATE');
      sqliteOf(b)
        .prepare(
          `INSERT INTO serials (product_id, serial, serial_key, location_id, status, received_at) VALUES (?, 'DL-W-000001', 'dl-w-000001', ?, 'in_stock', '2026-11-21')`,
        )
        .run(ids.laptop, ids.main);
      try {
        const preview = await b.api.previewImport({ kind: 'serials', text });
        expect(preview).toMatchObject({ ok: true, value: { rowCount: 5 } });
        expect(preview.ok && preview.value.errors.map((e) => e.message)).toEqual([
          'Line 5: dl-w-000002 is also on line 3 (as DL-W-000002).',
          'Line 6: no product has SKU NOPE.',
        ]);
      } finally {
        sqliteOf(b).exec('ROLLBACK');
      }
      expect(await tableCounts(b)).toEqual(before);
    },
  );

  itOnSqlite('the main connection waits for locks asynchronously: its busy timeout is a few ms', () => {
    expect(sqliteOf(b).pragma('busy_timeout', { simple: true })).toBe(MAIN_BUSY_TIMEOUT_MS);
  });

  it("imports through goods receipts, on the caller's clock and actor", async () => {
    const job = await start(
      'sku;serial;location;condition\nLAT-5440;DL-NEW-1;Warehouse;Refurbished\nGAL-A55;p-1\u200B;;\n',
    );
    expect(job).toMatchObject({ state: 'running', total: 2 });
    expect(await settle(job.id)).toMatchObject({
      state: 'done',
      done: 2,
      result: { created: 2, receipts: ['GR-000003', 'GR-000004'] },
    });
    const rows = await b.all<{
      serial: string;
      serial_key: string;
      location: string;
      received_at: string;
      actor: string;
      note: string;
    }>(`
      SELECT s.serial, s.serial_key, l.name AS location, s.received_at, e.actor, e.note FROM serials s
      JOIN locations l ON l.id = s.location_id JOIN serial_events e ON e.serial_id = s.id
      WHERE s.serial IN ('DL-NEW-1', 'p-1') ORDER BY s.serial`);
    expect(rows).toEqual([
      {
        serial: 'DL-NEW-1',
        serial_key: 'dl-new-1',
        location: 'Warehouse',
        received_at: expect.stringMatching(/^2026-11-21T10:0/),
        actor: 'test',
        note: 'imported from stock.csv (GR-000003)',
      },
      {
        serial: 'p-1',
        serial_key: 'p-1',
        location: 'Main Store',
        received_at: expect.stringMatching(/^2026-11-21T10:0/),
        actor: 'test',
        note: 'imported from stock.csv (GR-000004)',
      },
    ]);
  });

  itOnSqlite("reads prices in the shop's currency on its own connection: 1250 in a JPY shop is 1250 yen", async () => {
    sqliteOf(b)
      .prepare(
        `INSERT INTO settings (key, value) VALUES ('currency', 'JPY') ON CONFLICT(key) DO UPDATE SET value = 'JPY'`,
      )
      .run();
    const preview = await b.api.previewImport({ kind: 'products', text: 'sku,name,price\nJP-1,Cable,1250.5\n' });
    expect(preview.ok && preview.value.errors).toEqual([
      { line: 2, message: 'Line 2: the price "1250.5" is not an amount like 1250 (JPY amounts have no decimals).' },
    ]);
    const o = await b.api.startImport({
      kind: 'products',
      text: 'sku,name,price\nJP-1,Cable,1250\n',
      fileName: 'jp.csv',
    });
    if (!o.ok) throw new Error(o.error.message);
    expect(await settle(o.value.id)).toMatchObject({ state: 'done', done: 1 });
    expect(await b.one(`SELECT price_minor FROM products WHERE sku = 'JP-1'`)).toEqual({ price_minor: 1250 });
  });

  it('answers scans while the import runs, and a save issued while the apply holds the lock succeeds once it commits', async () => {
    const before = (await b.one<{ n: number }>('SELECT max(id) AS n FROM serial_events')).n;
    const job = await start(bigFile(40_000), 'big.csv');
    let latest = job;
    let running = true;
    const scans: Array<{ ok: boolean; found: number; phase: ImportJob['phase']; done: number }> = [];
    const scanning = (async () => {
      while (running) {
        const o = await b.api.lookupSerial({ serial: 'dl5440-0001' });
        scans.push({ ok: o.ok, found: o.ok ? o.value.length : 0, phase: latest.phase, done: latest.done });
        await sleep(1);
      }
    })();

    let save: ReturnType<typeof b.api.saveInvoice> | undefined;
    const done = await settle(job.id, (j) => {
      latest = j;
      // The worker reports writing once its BEGIN IMMEDIATE holds the lock: this save must wait for the commit.
      if (j.phase === 'writing' && !save) {
        save = b.api.saveInvoice({
          customerId: ids.walkIn,
          locationId: ids.main,
          invoiceDate: '2026-11-21',
          notes: '',
          lines: [
            {
              productId: ids.laptop,
              description: 'Laptop',
              qty: 1_000,
              unitPriceMinor: 124_900,
              taxable: true,
              serialIds: [ids.serial('DL5440-0001')],
            },
          ],
        });
      }
    });
    running = false;
    await scanning;
    expect(done).toMatchObject({ state: 'done', done: 40_000 });

    expect(save).toBeDefined();
    const saved = await save!;
    expect(saved.ok ? saved.value.number : saved.error).toBe('INV-000001'); // not busy, not refused
    // It waited for the apply: its sale comes after every unit the import received.
    const sold = (await b.one<{ id: number }>(`SELECT id FROM serial_events WHERE kind = 'sold'`)).id;
    const received = await b.one<{ first: number; last: number }>(
      `SELECT min(id) AS first, max(id) AS last FROM serial_events WHERE id > ? AND kind = 'received'`,
      before,
    );
    expect(received.last - received.first + 1).toBe(40_000);
    // On SQLite the save waited for the import's write lock, so its sale comes after every unit received; on the shop
    // server nothing locks the whole store, and the sale (other rows) may commit while the import is still writing.
    if (!onPostgres) expect(sold).toBeGreaterThan(received.last);

    // Every scan was answered with the unit, and scans were answered all through the apply (at
    // several stages of its progress), not held until it committed.
    expect(scans.length).toBeGreaterThan(0);
    expect(scans.every((s) => s.ok && s.found === 1)).toBe(true);
    expect(new Set(scans.filter((s) => s.phase === 'writing').map((s) => s.done)).size).toBeGreaterThan(1);
  });

  itOnSqlite(
    'checks its rows without the write lock; a unit received meanwhile (typed another way) refuses the import at its line, writing nothing',
    async () => {
      // Another window holds the write lock from before the import starts until the worker has checked every row.
      const other = await openAppStore(file, { demo: false, backupEveryMs: false });
      let lockTaken!: () => void;
      const locked = new Promise<void>((resolve) => {
        lockTaken = resolve;
      });
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const window2 = inWriteTransaction({ db: other.db, now: () => new Date(), actor: 'window-2' }, async (trx) => {
        lockTaken();
        await gate;
        return receiveGoods(trx, {
          locationId: ids.main,
          lines: [{ productId: ids.laptop, qty: 1, serials: [{ serial: 'dl-w-000003' }] }],
        });
      });
      try {
        await locked;
        const before = await tableCounts(b);
        const job = await start(bigFile(5));
        let checked = await progress(job.id);
        while (checked.state === 'running' && !checked.message.startsWith('Checked')) {
          await sleep(1);
          checked = await progress(job.id);
        }
        expect(checked).toMatchObject({ state: 'running', phase: 'checking', message: 'Checked 5 rows; writing…' });
        release();
        expect((await window2).number).toBe('GR-000003');
        const after = await tableCounts(b);
        expect(await settle(job.id)).toMatchObject({
          state: 'failed',
          message: 'Nothing was imported: 1 row error (units received while the file was checked).',
          errors: [
            { line: 4, message: 'Line 4: DL-W-000003 already exists for Latitude 5440 Laptop (as dl-w-000003).' },
          ],
        });
        expect(await tableCounts(b)).toEqual(after);
        expect(after.serials).toBe((before.serials ?? 0) + 1); // only window 2's unit
      } finally {
        release();
        await window2.catch(() => {});
        await other.close();
      }
    },
  );

  it('a cancel writes nothing; a file with row errors ends failed with them and writes nothing', async () => {
    const before = await tableCounts(b);
    const job = await start(bigFile(30_000));
    await b.api.cancelImport({ jobId: job.id });
    expect(await settle(job.id)).toMatchObject({
      state: 'cancelled',
      message: 'The import was cancelled; nothing was written.',
    });
    expect(await tableCounts(b)).toEqual(before);

    const bad = await start(bigFile(100, 'NOPE,X,Main Store,'));
    expect(await settle(bad.id)).toMatchObject({
      state: 'failed',
      errors: [{ line: 102, message: 'Line 102: no product has SKU NOPE.' }],
    });
    expect(await tableCounts(b)).toEqual(before);
  });

  itOnSqlite("the job's connection has the store's pragmas and refuses a file at another schema version", async () => {
    const job = openJobConnection(file);
    try {
      for (const pragma of ['journal_mode', 'synchronous', 'foreign_keys', 'user_version']) {
        expect([pragma, job.sqlite.pragma(pragma, { simple: true })]).toEqual([
          pragma,
          sqliteOf(b).pragma(pragma, { simple: true }),
        ]);
      }
    } finally {
      await job.close();
    }
    const older = path.join(path.dirname(file), 'older.sqlite');
    const store = openStore(older, { migrations: [] });
    await store.close();
    expect(() => openJobConnection(older)).toThrow(/changed under the app/);
  });
});

describe('the bundled import worker (dist/electron/importWorker.cjs)', () => {
  it('is found beside the main bundle and imports against the store (a file, or the shop server)', async () => {
    // Bundled as scripts/build.ts does, into a folder inside the repository (so node_modules resolves).
    const outdir = path.join(import.meta.dirname, '..', '..', 'test-artifacts', `bundle-${process.pid}`);
    const worker = mainProcessBundles(path.resolve(import.meta.dirname, '..', '..'), outdir).find((o) =>
      String(o.outfile).endsWith('importWorker.cjs'),
    )!;
    try {
      await build({ ...worker, sourcemap: false, logLevel: 'silent' });
      const script = importWorkerFile(outdir);
      expect(script).toBe(path.join(outdir, 'importWorker.cjs'));

      const data: ImportWorkerData = {
        file: b.store.kind === 'postgres' ? postgresUrlOf(b.store.db)! : file,
        task: { kind: 'serials', text: bigFile(3), fileName: 'bundled.csv' },
        actor: 'bundle',
        clock: { at: Date.now(), wall: Date.now() },
        cancel: new SharedArrayBuffer(4),
      };
      const messages: ImportWorkerMessage[] = [];
      await new Promise<void>((resolve, reject) => {
        const thread = new Worker(script, { workerData: data });
        thread.on('message', (m: ImportWorkerMessage) => messages.push(m));
        thread.on('error', reject);
        thread.on('exit', () => resolve());
      });
      expect(messages.map((m) => (m.type === 'progress' ? m.stage : m.type))).toEqual(
        expect.arrayContaining(['checking', 'checked', 'writing', 'finished']),
      );
      expect(messages.at(-1)).toEqual({
        type: 'finished',
        outcome: { ok: true, result: { created: 3, receipts: ['GR-000003'] } },
      });
      expect(await b.one(`SELECT count(*) AS n FROM serials WHERE serial LIKE 'DL-W-%'`)).toEqual({ n: 3 });
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
