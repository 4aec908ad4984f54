import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import pg from 'pg';
import { AppError } from '../core/errors.ts';
import { classifyDbError } from './dialect.ts';
import { LATEST_VERSION } from './migrations/index.ts';
import { describeServer, openPostgresStore } from './postgres.ts';
import { probeSqliteFile, isCounterPosFile } from './probe.ts';

/** What a move copied, and the checks that prove it: per-table row counts and money totals, equal on both sides. */
export interface MoveReport {
  tables: Array<{ table: string; rows: number }>;
  totals: Array<{ what: string; sqlite: number; postgres: number }>;
}

export type MoveProgress = (table: string, done: number, total: number) => void;

/** Sums that must come out the same on both stores after a move. */
const TOTALS: Array<{ what: string; sql: string }> = [
  { what: 'invoice totals', sql: 'SELECT coalesce(sum(total_minor), 0) AS n FROM invoices' },
  { what: 'invoice balances', sql: 'SELECT coalesce(sum(balance_minor), 0) AS n FROM invoices' },
  { what: 'payments', sql: 'SELECT coalesce(sum(amount_minor), 0) AS n FROM payments' },
  { what: 'refunds', sql: 'SELECT coalesce(sum(amount_minor), 0) AS n FROM refunds' },
  { what: 'store credit', sql: 'SELECT coalesce(sum(amount_minor), 0) AS n FROM store_credit' },
  { what: 'stock on hand', sql: 'SELECT coalesce(sum(on_hand), 0) AS n FROM stock_levels' },
  { what: 'serials in stock', sql: `SELECT count(*) AS n FROM serials WHERE status = 'in_stock'` },
  { what: 'next numbers', sql: 'SELECT coalesce(sum(next), 0) AS n FROM counters' },
];

const ROWS_PER_INSERT = 500;

/**
 * The tables the PostgreSQL migrations fill (db/migrations/postgres/0005_money.ts: the default tax rates, payment
 * methods and terms; 0009_service_work.ts: the ticket statuses). A database with rows only there holds no shop yet:
 * the copy replaces them with the store's own.
 */
const SEEDED_BY_MIGRATIONS = new Set(['tax_rates', 'payment_methods', 'payment_terms', 'ticket_statuses']);

/** What a failed move leaves on the server: said the same way by each failure after the server was reached. */
export const NOTHING_MOVED =
  "Nothing was copied: the server's database was left without your data; you can move again.";

/** A table or column name in SQL: double-quoted, a `"` in it doubled. */
const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Move to server: copies a SQLite store, table by table, into an empty PostgreSQL database in one transaction on the
 * server, and checks the row counts and the money totals on both sides before committing it (a failure or a check that
 * does not come out rolls it all back: the database is as it was, and can be moved to again). The SQLite file is never
 * changed and nothing is created beside it: the move reads a snapshot of it (snapshotOf), so a counter that keeps
 * selling meanwhile changes nothing of what is copied and checked.
 */
export async function moveToServer(file: string, url: string, progress: MoveProgress = () => {}): Promise<MoveReport> {
  const info = (() => {
    try {
      return probeSqliteFile(file);
    } catch (error) {
      throw new AppError('not_our_file', `${file} is not a Counter POS data file: ${(error as Error).message}`);
    }
  })();
  if (!info || !isCounterPosFile(info))
    throw new AppError('not_our_file', `${file} is not a Counter POS data file. Nothing was copied.`);
  if (info.userVersion !== LATEST_VERSION)
    throw new AppError(
      'conflict',
      `${file} is at schema ${info.userVersion}; this app writes ${LATEST_VERSION}. ` +
        (info.userVersion < LATEST_VERSION
          ? 'Open it once with this version of Counter POS (it upgrades it, with a backup), then move it.'
          : 'Move it with the newer Counter POS that wrote it.') +
        ' Nothing was copied.',
    );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pos-move-'));
  try {
    const copy = path.join(dir, 'snapshot.sqlite');
    await snapshotOf(file, info.walMode, copy);
    const sqlite = new BetterSqlite3(copy, { fileMustExist: true });
    try {
      const tables = tablesInOrder(sqlite);
      const target = await openPostgresStore(url);
      try {
        await refuseUnlessEmpty(target.pool, url, tables);
      } finally {
        await target.close();
      }
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return await copyAndCheck(sqlite, client, tables, progress);
      } finally {
        await client.end();
      }
    } finally {
      sqlite.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const COMPANIONS = ['-wal', '-shm', '-journal'] as const;
const companionsOf = (file: string) => COMPANIONS.filter((suffix) => fs.existsSync(`${file}${suffix}`));
const stamp = (file: string) => {
  const s = fs.statSync(file, { throwIfNoEntry: false });
  return s ? `${s.size}:${s.mtimeMs}:${s.ino}` : 'none';
};

/**
 * A private, consistent copy of the store file at `copy`, made without changing the file or creating anything beside
 * it (SQLite opening a WAL-mode file, even read-only, creates its missing -wal and -shm, and leaves them).
 * - A program has the file open (the app selling while it is moved: its -wal and -shm are both there): SQLite's backup
 *   reads it read-only through them, in one read transaction. (A rollback-journal file's readers create nothing.)
 * - Nothing has it open: its bytes (the file, and a -wal a crash left) are copied as they are; the copy is kept only
 *   if nothing beside it changed meanwhile; else it is tried again.
 */
async function snapshotOf(file: string, walMode: boolean, copy: string): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const companions = companionsOf(file);
    if (!walMode || (companions.includes('-wal') && companions.includes('-shm'))) {
      const sqlite = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
      try {
        // One step for all pages: a single read transaction (a write between steps would restart the copy).
        await sqlite.backup(copy, { progress: () => 0x7fffffff });
        return;
      } finally {
        sqlite.close();
      }
    }
    const before = [stamp(file), stamp(`${file}-wal`), companions.join()].join();
    fs.copyFileSync(file, copy);
    if (companions.includes('-wal')) fs.copyFileSync(`${file}-wal`, `${copy}-wal`);
    if ([stamp(file), stamp(`${file}-wal`), companionsOf(file).join()].join() === before) return;
    for (const suffix of ['', '-wal']) fs.rmSync(`${copy}${suffix}`, { force: true });
  }
  throw new AppError(
    'conflict',
    `${file} kept changing while it was read (a program opening and closing it?). Close Counter POS on this computer ` +
      'and move it again. Nothing was copied.',
  );
}

/**
 * Refuses a database that holds a shop: the target must be new, or hold only what the migrations put in (a database
 * created for the store, or left so by a move that failed). Also refuses (a bug, were it to happen) a server schema
 * without a table or column the file has: nothing of the store may be left behind.
 */
async function refuseUnlessEmpty(pool: pg.Pool, url: string, tables: readonly CopiedTable[]): Promise<void> {
  const { rows } = await pool.query<{ table_name: string; column_name: string }>(
    'SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()',
  );
  const there = new Set(rows.map((r) => `${r.table_name}.${r.column_name}`));
  const missing = tables.flatMap(({ table, columns }) =>
    columns.filter((c) => !there.has(`${table}.${c}`)).map((c) => `${table}.${c}`),
  );
  if (missing.length > 0)
    throw new AppError(
      'conflict',
      `The shop server's store ${describeServer(url)} has no ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ' …' : ''}, which this file has. Nothing was copied.`,
    );
  const shop = tables.filter((t) => !SEEDED_BY_MIGRATIONS.has(t.table));
  const held = (
    await pool.query<{ t: string }>(
      shop
        .map(({ table }, i) => `SELECT $${i + 1}::text AS t WHERE EXISTS (SELECT 1 FROM ${ident(table)})`)
        .join(' UNION ALL '),
      shop.map((t) => t.table),
    )
  ).rows;
  if (held.length > 0)
    throw new AppError(
      'conflict',
      `The shop server's database ${describeServer(url)} already holds a Counter POS store. ` +
        'Move to an empty database (CREATE DATABASE …). Nothing was copied.',
      { tables: held.map((r) => r.t) },
    );
}

interface CopiedTable {
  table: string;
  columns: string[];
}

/** The tables, parents before children (by their foreign keys), each with its columns. */
function tablesInOrder(sqlite: Database): CopiedTable[] {
  const names = (
    sqlite.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as Array<{
      name: string;
    }>
  ).map((r) => r.name);
  const parentsOf = sqlite.prepare('SELECT "table" FROM pragma_foreign_key_list(?)').pluck();
  const parents = new Map(names.map((n) => [n, (parentsOf.all(n) as string[]).filter((t) => t !== n)]));
  const ordered: string[] = [];
  const visit = (n: string, path: Set<string>) => {
    if (ordered.includes(n) || path.has(n)) return;
    path.add(n);
    for (const p of parents.get(n) ?? []) visit(p, path);
    ordered.push(n);
  };
  for (const n of names) visit(n, new Set());
  const columnsOf = sqlite.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').pluck();
  return ordered.map((table) => ({ table, columns: columnsOf.all(table) as string[] }));
}

/** Copies every table in one transaction, and commits it only when every count and total is the same on both sides. */
async function copyAndCheck(
  sqlite: Database,
  client: pg.Client,
  tables: readonly CopiedTable[],
  progress: MoveProgress,
): Promise<MoveReport> {
  const out: Array<{ table: string; rows: number; copied: number }> = [];
  let current = '';
  await client.query('BEGIN');
  try {
    // Tables that name each other (invoices and recurring templates) cannot both come first: their keys are checked
    // at COMMIT instead (DEFERRABLE in the migrations), once every table is in.
    await client.query('SET CONSTRAINTS ALL DEFERRED');
    // What the migrations put in (default methods, rates, terms) gives way to the store's own rows.
    await client.query(`TRUNCATE ${tables.map((t) => ident(t.table)).join(', ')} RESTART IDENTITY CASCADE`);
    for (const { table, columns } of tables) {
      current = table;
      const total = (sqlite.prepare(`SELECT count(*) AS n FROM ${ident(table)}`).get() as { n: number }).n;
      const list = columns.map(ident).join(', ');
      let done = 0;
      let batch: unknown[][] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        const params: unknown[] = [];
        const rows = batch.map((row) => `(${row.map((v) => (params.push(v), `$${params.length}`)).join(', ')})`);
        await client.query(`INSERT INTO ${ident(table)} (${list}) VALUES ${rows.join(', ')}`, params);
        done += batch.length;
        batch = [];
        progress(table, done, total);
      };
      const select = sqlite.prepare(`SELECT ${list} FROM ${ident(table)}`).raw(true);
      for (const row of select.iterate() as Iterable<unknown[]>) {
        batch.push(row);
        if (batch.length * columns.length >= ROWS_PER_INSERT * 8 || batch.length >= ROWS_PER_INSERT) await flush();
      }
      await flush();
      // Identity columns go on after the highest id copied.
      if (columns.includes('id'))
        await client.query(
          `SELECT setval(pg_get_serial_sequence($1, 'id'), GREATEST((SELECT max(id) FROM ${ident(table)}), 1))
           WHERE pg_get_serial_sequence($1, 'id') IS NOT NULL`,
          [ident(table)],
        );
      const copied = Number(
        (await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${ident(table)}`)).rows[0]!.n,
      );
      out.push({ table, rows: total, copied });
    }
    current = '';
    const totals: MoveReport['totals'] = [];
    for (const t of TOTALS) {
      const here = (sqlite.prepare(t.sql).get() as { n: number }).n;
      const there = Number((await client.query<{ n: string }>(t.sql)).rows[0]!.n);
      totals.push({ what: t.what, sqlite: here, postgres: there });
    }
    const wrong = [
      ...out.filter((t) => t.copied !== t.rows).map((t) => `${t.table}: ${t.rows} rows here, ${t.copied} there`),
      ...totals.filter((t) => t.sqlite !== t.postgres).map((t) => `${t.what}: ${t.sqlite} here, ${t.postgres} there`),
    ];
    if (wrong.length > 0)
      throw new AppError('conflict', `The copy did not check out (${wrong.join('; ')}). ${NOTHING_MOVED}`, { wrong });
    await client.query('COMMIT');
    return { tables: out.map(({ table, rows }) => ({ table, rows })), totals };
  } catch (error) {
    // (A connection that is gone has its transaction rolled back by the server.)
    await client.query('ROLLBACK').catch(() => undefined);
    if (error instanceof AppError || classifyDbError(error) === 'unreachable') throw error;
    throw new AppError(
      'conflict',
      `The shop server refused ${current ? `a row of ${current}` : 'the copy'}: ${(error as Error).message}. ${NOTHING_MOVED}`,
    );
  }
}
