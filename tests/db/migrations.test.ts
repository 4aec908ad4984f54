import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.ts';
import { LATEST_VERSION, migrations, type Migration } from '../../db/migrations/index.ts';
import { APPLICATION_ID, openStore, type SqliteStore } from '../../db/open.ts';
import { tempDir } from '../support/backend.ts';

const open: SqliteStore[] = [];
const track = (s: SqliteStore) => (open.push(s), s);
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('opening the store', () => {
  it('creates the schema at the latest version with WAL, foreign keys and a busy timeout', () => {
    const file = path.join(tempDir(), 'pos.sqlite');
    const store = track(openStore(file));
    expect(store.created).toBe(true);
    expect(store.sqlite.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(store.sqlite.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    const tables = store.sqlite
      .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`)
      .all()
      .map((r) => (r as { name: string }).name);
    expect(tables).toEqual(
      expect.arrayContaining([
        'locations',
        'products',
        'customers',
        'serials',
        'invoices',
        'invoice_lines',
        'invoice_line_serials',
        'serial_events',
      ]),
    );
  });

  it('reopens an up-to-date store without migrating or backing up', async () => {
    const file = path.join(tempDir(), 'pos.sqlite');
    await track(openStore(file)).close();
    open.pop();
    const again = track(openStore(file));
    expect(again.created).toBe(false);
    expect(again.backupPath).toBeNull();
  });

  it('refuses a database written by a newer app and leaves the file untouched', () => {
    const file = path.join(tempDir(), 'pos.sqlite');
    const raw = new BetterSqlite3(file);
    raw.exec('CREATE TABLE future_table (x INTEGER)');
    raw.pragma(`application_id = ${APPLICATION_ID}`); // ours, from a later version
    raw.pragma(`user_version = ${LATEST_VERSION + 5}`);
    raw.close();
    const before = sha(file);
    const siblings = fs.readdirSync(path.dirname(file));

    let caught: unknown;
    try {
      track(openStore(file));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('database_too_new');
    expect((caught as AppError).message).toMatch(/newer version of Counter POS/);
    expect(sha(file)).toBe(before);
    expect(fs.readdirSync(path.dirname(file))).toEqual(siblings); // no -wal, no backup
  });

  it('writes a backup (in the backups folder) of an existing database before migrating it, and moves its data', () => {
    const dir = tempDir();
    const file = path.join(dir, 'pos.sqlite');
    const v1 = track(openStore(file, { migrations: [migrations[0]!] }));
    v1.sqlite.prepare(`INSERT INTO customers (name, email) VALUES ('Ada', ' ADA@Example.COM ')`).run();
    v1.sqlite.close();
    open.pop();

    // A later migration that moves data: normalise e-mail addresses.
    const m2: Migration = {
      version: LATEST_VERSION + 1,
      name: 'normalise customer e-mails',
      up: (sqlite) => sqlite.exec(`UPDATE customers SET email = lower(trim(email))`),
    };
    const v2 = track(openStore(file, { migrations: [...migrations, m2], now: () => new Date('2026-11-21T10:00:00Z') }));
    expect(v2.backupPath).toBe(
      path.join(path.dirname(file), 'backups', 'pos.sqlite.backup-v1-2026-11-21T10-00-00-000Z'),
    );
    expect(v2.sqlite.prepare('SELECT email FROM customers').get()).toEqual({ email: 'ada@example.com' });
    expect(v2.sqlite.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 1);

    const backup = new BetterSqlite3(v2.backupPath!, { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(1);
    expect(backup.prepare('SELECT email FROM customers').get()).toEqual({ email: ' ADA@Example.COM ' });
    backup.close();
  });

  it('runs each migration in its own transaction: a failing one leaves the previous version intact', () => {
    const file = path.join(tempDir(), 'pos.sqlite');
    track(openStore(file)).sqlite.close();
    open.pop();
    const broken: Migration = {
      version: LATEST_VERSION + 1,
      name: 'broken',
      up: (sqlite) => {
        sqlite.exec('CREATE TABLE half_done (x INTEGER)');
        sqlite.exec('INSERT INTO no_such_table VALUES (1)');
      },
    };
    expect(() => openStore(file, { migrations: [...migrations, broken] })).toThrow(/no_such_table/);
    const check = new BetterSqlite3(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(check.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE name = 'half_done'`).get()).toEqual({ n: 0 });
    check.close();
  });

  it('registers migrations with strictly increasing versions', () => {
    const versions = migrations.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    expect(versions[0]).toBe(1);
  });
});

describe('migration 0004: serial events reference invoice lines', () => {
  it('rebuilds serial_events with the foreign key, keeping every event and clearing links to lines old edits deleted', () => {
    const file = path.join(tempDir(), 'pos.sqlite');
    // A store as version 2 shipped: its edits deleted and re-inserted lines, so old events point to lines that are
    // gone.
    const v2 = track(openStore(file, { migrations: migrations.filter((m) => m.version <= 2) }));
    v2.sqlite.exec(`
      INSERT INTO locations (id, name, kind, is_default) VALUES (1, 'Main Store', 'store', 1);
      INSERT INTO customers (id, name) VALUES (1, 'Acme Corp');
      INSERT INTO products (id, sku, name, price_minor, taxable, serialized, maintain_stock) VALUES (1, 'LAT', 'Laptop', 100, 1, 1, 1);
      INSERT INTO serials (id, product_id, serial, location_id, status, customer_id, received_at)
        VALUES (1, 1, 'SN-1', 1, 'sold', 1, '2026-01-01'), (2, 1, 'SN-2', 1, 'in_stock', NULL, '2026-01-01');
      INSERT INTO invoices (id, number, customer_id, location_id, invoice_date, status, tax_rate_bp, subtotal_minor, tax_minor, total_minor, created_at, updated_at)
        VALUES (1, 'INV-000001', 1, 1, '2026-01-02', 'issued', 0, 100, 0, 100, '2026-01-02', '2026-01-03');
      INSERT INTO invoice_lines (id, invoice_id, position, product_id, description, qty, unit_price_minor, taxable, line_total_minor)
        VALUES (9, 1, 1, 1, 'Laptop', 1, 100, 1, 100);
      INSERT INTO invoice_line_serials (invoice_line_id, serial_id) VALUES (9, 1);
      INSERT INTO serial_events (id, serial_id, at, actor, kind, location_id, receipt_id, invoice_id, invoice_line_id, customer_id, note) VALUES
        (1, 1, '2026-01-01', 'ann', 'received', 1, NULL, NULL, NULL, NULL, 'received on GR-000001'),
        (2, 2, '2026-01-01', 'ann', 'received', 1, NULL, NULL, NULL, NULL, 'received on GR-000001'),
        (3, 2, '2026-01-02', 'ann', 'sold', 1, NULL, 1, 4, 1, 'sold on INV-000001 to Acme Corp'),
        (4, 1, '2026-01-03', 'bob', 'sold', 1, NULL, 1, 9, 1, 'sold on INV-000001 to Acme Corp'),
        (5, 2, '2026-01-03', 'bob', 'released', 1, NULL, 1, NULL, NULL, 'removed from INV-000001 by an edit; back in stock');
    `);
    const before = v2.sqlite
      .prepare(
        'SELECT id, serial_id, at, actor, kind, location_id, receipt_id, invoice_id, customer_id, note FROM serial_events ORDER BY id',
      )
      .all();
    v2.sqlite.close();
    open.pop();

    const store = track(openStore(file));
    const { sqlite } = store;
    expect(sqlite.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(
      sqlite
        .prepare(
          'SELECT id, serial_id, at, actor, kind, location_id, receipt_id, invoice_id, customer_id, note FROM serial_events ORDER BY id',
        )
        .all(),
    ).toEqual(before);
    // Event 3 named line 4, deleted by an old edit: cleared. Event 4 names line 9, which exists: kept.
    expect(
      sqlite
        .prepare('SELECT id, invoice_line_id FROM serial_events ORDER BY id')
        .all()
        .map((r) => (r as { invoice_line_id: number | null }).invoice_line_id),
    ).toEqual([null, null, null, 9, null]);
    expect(sqlite.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    expect(
      sqlite
        .prepare(
          `SELECT "table", "from", "to", on_delete FROM pragma_foreign_key_list('serial_events') WHERE "from" = 'invoice_line_id'`,
        )
        .all(),
    ).toEqual([{ table: 'invoice_lines', from: 'invoice_line_id', to: 'id', on_delete: 'SET NULL' }]);
    expect(
      sqlite
        .prepare(
          `SELECT name FROM sqlite_schema WHERE tbl_name = 'serial_events' AND type IN ('index', 'trigger') ORDER BY name`,
        )
        .all(),
    ).toEqual(
      [
        'serial_events_by_invoice', // migration 0005
        'serial_events_by_line',
        'serial_events_by_serial',
        'serial_events_by_transfer', // migration 0008
        'serial_events_no_delete',
        'serial_events_no_update',
      ].map((name) => ({ name })),
    );
    expect(sqlite.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE name = 'serial_events_new'`).get()).toEqual({
      n: 0,
    });

    // The key is enforced, history stays append-only, and the kind check came along.
    const insert = sqlite.prepare(
      `INSERT INTO serial_events (serial_id, at, actor, kind, invoice_line_id, note) VALUES (1, '2026-01-04', 't', ?, ?, '')`,
    );
    expect(() => insert.run('sold', 4)).toThrow(/FOREIGN KEY constraint failed/);
    expect(() => insert.run('stolen', null)).toThrow(/CHECK constraint failed/);
    expect(() => sqlite.exec(`UPDATE serial_events SET note = 'x' WHERE id = 1`)).toThrow(/append-only/);
    expect(() => sqlite.exec('DELETE FROM serial_events WHERE id = 1')).toThrow(/append-only/);

    // Deleting a line (as an edit that removes it does) clears its events' link and nothing else.
    sqlite.exec('DELETE FROM invoice_lines WHERE id = 9');
    expect(sqlite.prepare('SELECT invoice_line_id, invoice_id, note FROM serial_events WHERE id = 4').get()).toEqual({
      invoice_line_id: null,
      invoice_id: 1,
      note: 'sold on INV-000001 to Acme Corp',
    });
  });
});

describe('migration 0005: money', () => {
  it('migrates invoices to the new statuses, quantities to thousandths and the shop rate to a named default rate', () => {
    const file = path.join(tempDir(), 'pos.sqlite');
    const v4 = track(openStore(file, { migrations: migrations.filter((m) => m.version <= 4) }));
    v4.sqlite.exec(`
      INSERT INTO settings (key, value) VALUES ('tax_rate_bp', '825');
      INSERT INTO locations (id, name, kind, is_default) VALUES (1, 'Main Store', 'store', 1);
      INSERT INTO customers (id, name) VALUES (1, 'Acme Corp');
      INSERT INTO products (id, sku, name, price_minor, taxable, serialized, maintain_stock) VALUES
        (1, 'LAT', 'Laptop', 100, 1, 1, 1), (2, 'CAB', 'Cable', 10, 1, 0, 1);
      INSERT INTO stock_levels (product_id, location_id, on_hand) VALUES (2, 1, 7);
      INSERT INTO serials (id, product_id, serial, serial_key, location_id, status, customer_id, received_at)
        VALUES (1, 1, 'SN-1', 'sn-1', 1, 'sold', 1, '2026-01-01');
      INSERT INTO invoices (id, number, customer_id, location_id, invoice_date, status, tax_rate_bp, subtotal_minor, tax_minor, total_minor, created_at, updated_at)
        VALUES (1, 'INV-000001', 1, 1, '2026-01-02', 'issued', 825, 120, 10, 130, '2026-01-02', '2026-01-03'),
               (2, 'INV-000002', 1, 1, '2026-01-05', 'void', 750, 0, 0, 0, '2026-01-05', '2026-01-06');
      INSERT INTO invoice_lines (id, invoice_id, position, product_id, description, qty, unit_price_minor, taxable, line_total_minor)
        VALUES (9, 1, 1, 1, 'Laptop', 1, 100, 1, 100), (10, 1, 2, 2, 'Cable', 2, 10, 1, 20);
      INSERT INTO invoice_line_serials (invoice_line_id, serial_id) VALUES (9, 1);
      INSERT INTO serial_events (id, serial_id, at, actor, kind, location_id, invoice_id, invoice_line_id, customer_id, note)
        VALUES (1, 1, '2026-01-02', 'ann', 'sold', 1, 1, 9, 1, 'sold on INV-000001 to Acme Corp');
    `);
    v4.sqlite.close();
    open.pop();

    const { sqlite } = track(openStore(file));
    expect(sqlite.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(sqlite.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    expect(
      sqlite.prepare('SELECT id, status, due_date, terms, paid_minor, balance_minor FROM invoices ORDER BY id').all(),
    ).toEqual([
      { id: 1, status: 'sent', due_date: '2026-01-02', terms: 'Due on receipt', paid_minor: 0, balance_minor: 130 },
      { id: 2, status: 'void', due_date: '2026-01-05', terms: 'Due on receipt', paid_minor: 0, balance_minor: 0 },
    ]);
    expect(sqlite.prepare('SELECT name, rate_bp, is_default FROM tax_rates ORDER BY id').all()).toEqual([
      { name: 'Sales tax 8.25%', rate_bp: 825, is_default: 1 },
      { name: 'Reduced 5%', rate_bp: 500, is_default: 0 },
      { name: 'Exempt 0%', rate_bp: 0, is_default: 0 },
    ]);
    expect(sqlite.prepare('SELECT id, qty, tax_rate_name, tax_rate_bp FROM invoice_lines ORDER BY id').all()).toEqual([
      { id: 9, qty: 1000, tax_rate_name: 'Sales tax 8.25%', tax_rate_bp: 825 },
      { id: 10, qty: 2000, tax_rate_name: 'Sales tax 8.25%', tax_rate_bp: 825 },
    ]);
    expect(sqlite.prepare('SELECT on_hand FROM stock_levels').get()).toEqual({ on_hand: 7000 });
    // Links and history came along; the triggers that name the rebuilt tables were made again.
    expect(sqlite.prepare('SELECT invoice_line_id, serial_id FROM invoice_line_serials').all()).toEqual([
      { invoice_line_id: 9, serial_id: 1 },
    ]);
    expect(sqlite.prepare('SELECT invoice_line_id, note FROM serial_events').all()).toEqual([
      { invoice_line_id: 9, note: 'sold on INV-000001 to Acme Corp' },
    ]);
    expect(() => sqlite.exec(`UPDATE serial_events SET note = 'x'`)).toThrow(/append-only/);
    expect(() => sqlite.exec(`INSERT INTO invoice_line_serials (invoice_line_id, serial_id) VALUES (10, 1)`)).toThrow(
      /another product|UNIQUE/,
    );
    expect(() => sqlite.exec(`UPDATE invoices SET status = 'issued' WHERE id = 1`)).toThrow(/CHECK constraint failed/);
    // Line ids are never reused now (AUTOINCREMENT), even after the newest line is deleted.
    sqlite.exec('DELETE FROM invoice_lines WHERE id = 10');
    const next = sqlite
      .prepare(
        `INSERT INTO invoice_lines (invoice_id, position, product_id, description, qty, unit_price_minor, taxable, line_total_minor)
         VALUES (1, 2, 2, 'Cable', 1000, 10, 1, 10) RETURNING id`,
      )
      .get();
    expect(next).toEqual({ id: 11 });
  });
});
