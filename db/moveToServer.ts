import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import pg from 'pg';
import { AppError } from '../core/errors.ts';
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
 * Move to server: copies a SQLite store, table by table, into an empty PostgreSQL database, in one
 * transaction on the server (a failure leaves it empty), then checks the row counts and the money
 * totals on both sides. The SQLite file is opened read-only and never changed.
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
  const sqlite = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    const target = await openPostgresStore(url);
    try {
      const { n } = (await target.pool.query<{ n: number }>('SELECT count(*) AS n FROM products')).rows[0]!;
      if (!target.created || n > 0)
        throw new AppError(
          'conflict',
          `The shop server's database ${describeServer(url)} already holds a Counter POS store. ` +
            'Move to an empty database (CREATE DATABASE …). Nothing was copied.',
        );
    } finally {
      await target.close();
    }
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const tables = await copyTables(sqlite, client, progress);
      const totals: MoveReport['totals'] = [];
      for (const t of TOTALS) {
        const here = (sqlite.prepare(t.sql).get() as { n: number }).n;
        const there = Number((await client.query<{ n: string }>(t.sql)).rows[0]!.n);
        totals.push({ what: t.what, sqlite: here, postgres: there });
      }
      const wrong = [
        ...tables.filter((t) => t.copied !== t.rows).map((t) => `${t.table}: ${t.rows} rows here, ${t.copied} there`),
        ...totals.filter((t) => t.sqlite !== t.postgres).map((t) => `${t.what}: ${t.sqlite} here, ${t.postgres} there`),
      ];
      if (wrong.length > 0) {
        await emptyAgain(client, tables);
        throw new AppError(
          'conflict',
          `The copy did not check out (${wrong.join('; ')}): the server was emptied again.`,
        );
      }
      return { tables: tables.map(({ table, rows }) => ({ table, rows })), totals };
    } finally {
      await client.end();
    }
  } finally {
    sqlite.close();
  }
}

/** The tables, parents before children (by their foreign keys), each with its columns. */
function tablesInOrder(sqlite: Database): Array<{ table: string; columns: string[] }> {
  const names = (
    sqlite.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as Array<{
      name: string;
    }>
  ).map((r) => r.name);
  const parents = new Map(
    names.map((n) => [
      n,
      (sqlite.pragma(`foreign_key_list(${JSON.stringify(n)})`) as Array<{ table: string }>)
        .map((f) => f.table)
        .filter((t) => t !== n),
    ]),
  );
  const ordered: string[] = [];
  const visit = (n: string, path: Set<string>) => {
    if (ordered.includes(n) || path.has(n)) return;
    path.add(n);
    for (const p of parents.get(n) ?? []) visit(p, path);
    ordered.push(n);
  };
  for (const n of names) visit(n, new Set());
  return ordered.map((table) => ({
    table,
    columns: (sqlite.pragma(`table_info(${JSON.stringify(table)})`) as Array<{ name: string }>).map((c) => c.name),
  }));
}

async function copyTables(
  sqlite: Database,
  client: pg.Client,
  progress: MoveProgress,
): Promise<Array<{ table: string; rows: number; copied: number }>> {
  const out: Array<{ table: string; rows: number; copied: number }> = [];
  const tables = tablesInOrder(sqlite);
  await client.query('BEGIN');
  try {
    // What the migrations put in (default settings, methods, rates) gives way to the store's own rows.
    await client.query(`TRUNCATE ${tables.map((t) => `"${t.table}"`).join(', ')} RESTART IDENTITY CASCADE`);
    for (const { table, columns } of tables) {
      const total = (sqlite.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
      const list = columns.map((c) => `"${c}"`).join(', ');
      let done = 0;
      let batch: unknown[][] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        const params: unknown[] = [];
        const rows = batch.map((row) => `(${row.map((v) => (params.push(v), `$${params.length}`)).join(', ')})`);
        await client.query(`INSERT INTO "${table}" (${list}) VALUES ${rows.join(', ')}`, params);
        done += batch.length;
        batch = [];
        progress(table, done, total);
      };
      const select = sqlite.prepare(`SELECT ${list} FROM "${table}"`).raw(true);
      for (const row of select.iterate() as Iterable<unknown[]>) {
        batch.push(row);
        if (batch.length * columns.length >= ROWS_PER_INSERT * 8 || batch.length >= ROWS_PER_INSERT) await flush();
      }
      await flush();
      // Identity columns go on after the highest id copied.
      if (columns.includes('id'))
        await client.query(
          `SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), GREATEST((SELECT max(id) FROM "${table}"), 1))
           WHERE pg_get_serial_sequence('"${table}"', 'id') IS NOT NULL`,
        );
      const copied = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${table}"`)).rows[0]!.n);
      out.push({ table, rows: total, copied });
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  return out;
}

/** A copy that did not check out is taken out again, so the database is as empty as before the move. */
async function emptyAgain(client: pg.Client, tables: Array<{ table: string }>): Promise<void> {
  await client.query(`TRUNCATE ${tables.map((t) => `"${t.table}"`).join(', ')} RESTART IDENTITY CASCADE`);
}
