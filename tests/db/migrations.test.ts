import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.ts';
import { LATEST_VERSION, migrations, type Migration } from '../../db/migrations/index.ts';
import { APPLICATION_ID, openStore, type Store } from '../../db/open.ts';
import { tempDir } from '../support/backend.ts';

const open: Store[] = [];
const track = (s: Store) => (open.push(s), s);
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
    const tables = store.sqlite.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`).all().map((r) => (r as { name: string }).name);
    expect(tables).toEqual(expect.arrayContaining(['locations', 'products', 'customers', 'serials', 'invoices', 'invoice_lines', 'invoice_line_serials', 'serial_events']));
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

  it('writes a backup beside an existing database before migrating it, and moves its data', () => {
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
    expect(v2.backupPath).toBe(`${file}.backup-v1-2026-11-21T10-00-00-000Z`);
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
