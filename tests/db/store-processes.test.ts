import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { openAppStore, type AppStore } from '../../db/store.ts';
import { dispatch } from '../../electron/dispatch.ts';
import { demoIds, freshBackend, sqliteOf, tempDir } from '../support/backend.ts';

// Real processes on one data file (tests/support/store-child.ts runs as a child process, as a second
// window or the browser-mode host would): concurrent sales of the same units, and kill -9 in the
// middle of saves and of an import. Afterwards the store is opened again as the app opens it, and
// checked: integrity, every acknowledged save is there, the invariants hold.

const CHILD = path.join(import.meta.dirname, '..', 'support', 'store-child.ts');

interface Child {
  readonly lines: Array<Record<string, unknown>>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitFor(match: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  go(): void;
  kill(): Promise<void>;
}

const children: ChildProcess[] = [];
afterEach(() => {
  while (children.length) children.pop()!.kill('SIGKILL');
});

function startChild(mode: 'sell' | 'saves' | 'import', file: string, args: unknown): Child {
  const proc = spawn(process.execPath, [CHILD, mode, file, JSON.stringify(args)], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(proc);
  const lines: Array<Record<string, unknown>> = [];
  const waiters: Array<{
    match: (line: Record<string, unknown>) => boolean;
    resolve: (line: Record<string, unknown>) => void;
  }> = [];
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  readline.createInterface({ input: proc.stdout! }).on('line', (text) => {
    const line = JSON.parse(text) as Record<string, unknown>;
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
  return {
    lines,
    exited,
    waitFor(match, timeoutMs = 30_000) {
      const seen = lines.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`child ${mode} did not answer in time; stderr: ${stderr}`)),
          timeoutMs,
        );
        waiters.push({ match, resolve: (line) => (clearTimeout(timer), resolve(line)) });
        void exited.then(({ code, signal }) => {
          clearTimeout(timer);
          reject(new Error(`child ${mode} exited (${code ?? signal}) first; stderr: ${stderr}`));
        });
      });
    },
    go: () => proc.stdin!.write('go\n'),
    async kill() {
      proc.kill('SIGKILL');
      expect((await exited).signal).toBe('SIGKILL');
    },
  };
}

/** A store with the demo shop and `units` more laptops in the Main Store; closed. */
async function storeWithLaptops(units: number) {
  const file = path.join(tempDir('pos-procs-'), 'pos.sqlite');
  const b = await freshBackend({ file });
  const ids = demoIds(b);
  // The savers sell cables without end: this store allows negative stock (Settings → Counter).
  sqliteOf(b).prepare(`INSERT INTO settings (key, value) VALUES ('counter', '{"allowNegativeStock":true}')`).run();
  if (units > 0) {
    const received = await b.api.receiveGoods({
      locationId: ids.main,
      reference: 'For the process tests',
      lines: [
        {
          productId: ids.laptop,
          qty: units,
          unitCostMinor: 98_000,
          serials: Array.from({ length: units }, (_, i) => ({ serial: `PT-${String(i).padStart(5, '0')}` })),
        },
      ],
    });
    if (!received.ok) throw new Error(received.error.message);
  }
  const serialIds = (
    await b.all<{ id: number }>(
      `SELECT id FROM serials WHERE product_id = ? AND location_id = ? AND status = 'in_stock' ORDER BY id`,
      ids.laptop,
      ids.main,
    )
  ).map((r) => r.id);
  await b.close();
  return { file, ids, serialIds };
}

/**
 * Opens the store as the app does (a damaged file would be refused here) and checks what must
 * hold whatever was killed when: integrity, every sold unit on exactly one line and every unit on a
 * line sold, serialized lines hold as many units as their quantity, stock = receipts − sales
 * (non-serialized on-hand per location, and units per product), gap-free invoice and receipt numbers.
 */
async function checkedStore(file: string): Promise<Extract<AppStore, { kind: 'sqlite' }>> {
  const store = await openAppStore(file, { demo: false, backupEveryMs: false });
  if (store.kind !== 'sqlite') throw new Error('a file store is a SQLite store');
  const all = <T>(sql: string) => store.sqlite.prepare(sql).all() as T[];
  expect(store.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(all(`PRAGMA foreign_key_check`)).toEqual([]);

  expect(
    all(`
    SELECT s.id, s.serial, s.status, count(ils.serial_id) AS lines FROM serials s
    LEFT JOIN invoice_line_serials ils ON ils.serial_id = s.id
    GROUP BY s.id HAVING (s.status = 'sold') <> (count(ils.serial_id) = 1) OR count(ils.serial_id) > 1`),
  ).toEqual([]);
  expect(
    all(`
    SELECT l.id FROM invoice_lines l JOIN products p ON p.id = l.product_id
    WHERE p.serialized = 1 AND l.qty <> 1000 * (SELECT count(*) FROM invoice_line_serials x WHERE x.invoice_line_id = l.id)`),
  ).toEqual([]);
  // Stock levels and invoice quantities are thousandths; receipts count whole units. Finalised sales take stock.
  expect(
    all(`
    WITH received AS (
      SELECT grl.product_id, gr.location_id, 1000 * sum(grl.qty) AS qty FROM goods_receipt_lines grl JOIN goods_receipts gr ON gr.id = grl.receipt_id GROUP BY 1, 2),
    sold AS (
      SELECT il.product_id, i.location_id, sum(il.qty) AS qty FROM invoice_lines il JOIN invoices i ON i.id = il.invoice_id
      WHERE i.status NOT IN ('draft', 'void') GROUP BY 1, 2)
    SELECT p.sku, loc.name, coalesce(sl.on_hand, 0) AS on_hand, coalesce(r.qty, 0) - coalesce(s.qty, 0) AS expected
    FROM products p CROSS JOIN locations loc
    LEFT JOIN stock_levels sl ON sl.product_id = p.id AND sl.location_id = loc.id
    LEFT JOIN received r ON r.product_id = p.id AND r.location_id = loc.id
    LEFT JOIN sold s ON s.product_id = p.id AND s.location_id = loc.id
    WHERE p.serialized = 0 AND p.maintain_stock = 1 AND coalesce(sl.on_hand, 0) <> coalesce(r.qty, 0) - coalesce(s.qty, 0)`),
  ).toEqual([]);
  expect(
    all(`
    SELECT p.sku,
      (SELECT coalesce(sum(qty), 0) FROM goods_receipt_lines WHERE product_id = p.id) AS received,
      (SELECT coalesce(sum(il.qty), 0) / 1000 FROM invoice_lines il JOIN invoices i ON i.id = il.invoice_id
        WHERE il.product_id = p.id AND i.status NOT IN ('draft', 'void')) AS sold,
      (SELECT count(*) FROM serials WHERE product_id = p.id) AS units,
      (SELECT count(*) FROM serials WHERE product_id = p.id AND status = 'in_stock') AS in_stock
    FROM products p WHERE p.serialized = 1 AND (units <> received OR in_stock <> received - sold)`),
  ).toEqual([]);

  for (const [table, counter, prefix] of [
    ['invoices', 'invoice', 'INV-'],
    ['goods_receipts', 'goods_receipt', 'GR-'],
  ] as const) {
    const numbers = all<{ number: string }>(`SELECT number FROM ${table} ORDER BY number`).map((r) => r.number);
    expect(numbers).toEqual(numbers.map((_, i) => `${prefix}${String(i + 1).padStart(6, '0')}`));
    const next = all<{ next: number }>(`SELECT next FROM counters WHERE name = '${counter}'`)[0]?.next ?? 1;
    expect(next).toBe(numbers.length + 1);
  }
  return store;
}

const refusalCodes = (lines: Array<Record<string, unknown>>) =>
  lines.filter((l) => l.ok === false).map((l) => (l.error as { code: string }).code);

describe('two real processes on one file', () => {
  it(
    'sell the same units at the same time: each unit is sold once, every other attempt is a clean refusal',
    { timeout: 120_000 },
    async () => {
      const { file, ids, serialIds } = await storeWithLaptops(200);
      const attempts = serialIds.map((serialId) => ({ serialId, productId: ids.laptop }));
      const args = { attempts, customerId: ids.walkIn, locationId: ids.main };
      const a = startChild('sell', file, args);
      const b = startChild('sell', file, args);
      await Promise.all([a.waitFor((l) => l.ready === true), b.waitFor((l) => l.ready === true)]);
      a.go();
      b.go();
      await Promise.all([a.waitFor((l) => l.closed === true, 90_000), b.waitFor((l) => l.closed === true, 90_000)]);
      expect((await a.exited).code).toBe(0);
      expect((await b.exited).code).toBe(0);

      const outcomes = [...a.lines, ...b.lines].filter((l) => 'serialId' in l);
      expect(outcomes).toHaveLength(2 * attempts.length); // every attempt answered
      // Refusals are the clean "already sold" answer: never internal, never busy.
      expect(new Set(refusalCodes(outcomes))).toEqual(new Set(['serial_unavailable']));
      const sold = outcomes.filter((l) => l.ok === true);
      expect(sold.map((l) => l.serialId).sort()).toEqual([...serialIds].sort()); // each unit sold once, by one of them
      // They really ran at the same time: each answered attempts while the other was still at it.
      const span = (lines: Array<Record<string, unknown>>) => {
        const at = lines.filter((l) => 'serialId' in l).map((l) => l.at as number);
        return [Math.min(...at), Math.max(...at)] as const;
      };
      const [aFirst, aLast] = span(a.lines);
      const [bFirst, bLast] = span(b.lines);
      expect(Math.max(aFirst, bFirst), 'the two processes overlapped').toBeLessThan(Math.min(aLast, bLast));

      const store = await checkedStore(file);
      try {
        const lines = store.sqlite
          .prepare(
            `
        SELECT i.number, ils.serial_id AS serialId FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id
        JOIN invoice_line_serials ils ON ils.invoice_line_id = l.id ORDER BY i.number`,
          )
          .all() as Array<{ number: string; serialId: number }>;
        expect(lines.map((l) => [l.number, l.serialId]).sort()).toEqual(sold.map((l) => [l.number, l.serialId]).sort());
      } finally {
        await store.close();
      }
    },
  );
});

describe('kill -9', () => {
  it(
    'of two processes in the middle of saves and edits: no acknowledged save is lost, the invariants hold',
    { timeout: 120_000 },
    async () => {
      const { file, ids, serialIds } = await storeWithLaptops(150);
      const args = { serialIds, laptop: ids.laptop, cable: ids.cable, customerId: ids.acme, locationId: ids.main };
      const a = startChild('saves', file, args);
      const b = startChild('saves', file, args);
      await Promise.all([a.waitFor((l) => l.ready === true), b.waitFor((l) => l.ready === true)]);
      a.go();
      b.go();
      const acked = (c: Child) => c.lines.filter((l) => l.ok === true).length;
      await a.waitFor(() => acked(a) >= 12);
      await a.kill(); // mid-save: it was saving as fast as it could
      const afterKill = acked(b);
      await b.waitFor(() => acked(b) >= afterKill + 12); // the other carries on: the killed process held no lock
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 20)));
      await b.kill();

      const lines = [...a.lines, ...b.lines];
      for (const code of refusalCodes(lines)) expect(code).toBe('serial_unavailable'); // the other took the unit first
      const store = await checkedStore(file);
      try {
        const rows = store.sqlite.prepare('SELECT id, number, revision FROM invoices').all() as Array<{
          id: number;
          number: string;
          revision: number;
        }>;
        const byNumber = new Map(rows.map((r) => [r.number, r]));
        for (const ack of lines.filter((l) => l.ok === true)) {
          const row = byNumber.get(ack.number as string);
          expect(row, `acknowledged ${String(ack.number)} is in the store`).toBeDefined();
          expect(row!.id).toBe(ack.id);
          expect(row!.revision).toBeGreaterThanOrEqual(ack.revision as number);
          if (ack.unit !== undefined && row!.revision === 1) {
            const unit = store.sqlite
              .prepare(
                `
            SELECT i.number FROM invoice_line_serials ils JOIN invoice_lines l ON l.id = ils.invoice_line_id JOIN invoices i ON i.id = l.invoice_id
            WHERE ils.serial_id = ?`,
              )
              .get(ack.unit) as { number: string } | undefined;
            expect(unit?.number).toBe(ack.number);
          }
        }
      } finally {
        await store.close();
      }
    },
  );

  it(
    'of a process in the middle of an import: nothing of it is half-written, and the same import then runs whole',
    { timeout: 120_000 },
    async () => {
      const { file, ids } = await storeWithLaptops(0);
      const rows = 60_000;
      const csv = path.join(path.dirname(file), 'serials.csv');
      fs.writeFileSync(
        csv,
        `product sku,serial,location\n${Array.from({ length: rows }, (_, i) => `LAT-5440,IMP-${String(i).padStart(6, '0')},Main Store`).join('\n')}\n`,
      );
      const saver = startChild('saves', file, {
        serialIds: [],
        laptop: ids.laptop,
        cable: ids.cable,
        customerId: ids.acme,
        locationId: ids.main,
      });
      const importer = startChild('import', file, { kind: 'serials', textFile: csv });
      await Promise.all([saver.waitFor((l) => l.ready === true), importer.waitFor((l) => l.ready === true)]);
      importer.go();
      saver.go();
      const job = (l: Record<string, unknown>) => l.job as { state: string; phase: string; done: number } | undefined;
      // Killed in the middle of writing: a fifth of the rows written (as its progress says).
      const seen = await importer.waitFor((l) => {
        const j = job(l);
        return !!j && (j.state !== 'running' || (j.phase === 'writing' && j.done >= rows / 5));
      }, 60_000);
      await importer.kill();
      await saver.kill();
      expect(job(seen)!.state, 'the import was still running when it was killed').toBe('running');

      const store = await checkedStore(file);
      try {
        const imported = (
          store.sqlite.prepare(`SELECT count(*) AS n FROM serials WHERE serial LIKE 'IMP-%'`).get() as { n: number }
        ).n;
        // All or nothing: at most the commit itself can have landed just before the kill.
        expect([0, rows]).toContain(imported);
        const receipts = (
          store.sqlite.prepare(`SELECT count(*) AS n FROM goods_receipts WHERE source = 'import'`).get() as {
            n: number;
          }
        ).n;
        expect(receipts).toBe(imported === 0 ? 0 : 1);
        for (const ack of saver.lines.filter((l) => l.ok === true)) {
          expect(store.sqlite.prepare('SELECT revision FROM invoices WHERE number = ?').get(ack.number)).toBeDefined();
        }

        if (imported === 0) {
          // Nothing was left behind that gets in the way: the same file imports whole now.
          const ctx = {
            db: store.db,
            now: () => new Date(),
            actor: 'test',
            host: { name: 'Counter POS', version: 'test', dataFile: file, mode: 'test' as const },
          };
          const start = await dispatch(ctx, 'startImport', {
            kind: 'serials',
            text: fs.readFileSync(csv, 'utf8'),
            fileName: 'again.csv',
          });
          expect(start.ok).toBe(true);
          const jobId = (start as { value: { id: string } }).value.id;
          let state = 'running';
          while (state === 'running') {
            await new Promise((resolve) => setTimeout(resolve, 20));
            const progress = await dispatch(ctx, 'importProgress', { jobId });
            state = (progress as { value: { state: string } }).value.state;
          }
          expect(state).toBe('done');
          expect(store.sqlite.prepare(`SELECT count(*) AS n FROM serials WHERE serial LIKE 'IMP-%'`).get()).toEqual({
            n: rows,
          });
        }
      } finally {
        await store.close();
      }
      await (await checkedStore(file)).close();
    },
  );
});
