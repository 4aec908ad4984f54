import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.ts';
import { listBackups } from '../../db/backups.ts';
import { restoreBackup } from '../../db/backupRestore.ts';
import { LATEST_VERSION, migrations, type Migration } from '../../db/migrations/index.ts';
import { APPLICATION_ID, openStore } from '../../db/open.ts';
import { probeSqliteFile } from '../../db/probe.ts';
import { openAppStore } from '../../db/store.ts';
import { freshBackend, sqliteOf, tempDir } from '../support/backend.ts';
import { damageTablePage } from '../support/damage.ts';
import { mountSmallDisk, tmpfsUnavailable, type SmallDisk } from '../support/tmpfs.ts';

// What the store opens and what it refuses: a foreign SQLite file, a file from a newer version, a
// damaged file (and restoring its backup), a read-only file, a failed pre-migration backup.

const open: Array<{ close(): Promise<void> }> = [];
const track = <S extends { close(): Promise<void> }>(s: S) => (open.push(s), s);
const disks: SmallDisk[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
  while (disks.length) disks.pop()!.unmount();
});

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Every file of a folder with its size, mtime and content hash: "untouched" means this is equal before and after. */
function listing(dir: string): Record<string, { size: number; mtimeMs: number; sha: string }> {
  return Object.fromEntries(
    fs
      .readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .sort()
      .filter((name) => fs.statSync(path.join(dir, name)).isFile())
      .map((name) => {
        const file = path.join(dir, name);
        const stat = fs.statSync(file);
        return [name, { size: stat.size, mtimeMs: stat.mtimeMs, sha: sha(file) }];
      }),
  );
}

function refusal(work: () => unknown): AppError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a refusal');
}

async function refusalOf(work: Promise<unknown>): Promise<AppError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const pragma = (file: string, name: string) => {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db.pragma(name, { simple: true });
  } finally {
    db.close();
  }
};

describe('what the store accepts', () => {
  it('marks the files it creates with its application id', async () => {
    const file = path.join(tempDir(), 'pos.sqlite');
    await openStore(file).close();
    expect(pragma(file, 'application_id')).toBe(APPLICATION_ID);
    expect(probeSqliteFile(file)).toMatchObject({
      applicationId: APPLICATION_ID,
      userVersion: LATEST_VERSION,
      walMode: true,
    });
  });

  it('adopts its own files written before the application id existed (up to date, and when migrating)', async () => {
    const dir = tempDir();
    const current = path.join(dir, 'current.sqlite');
    const older = path.join(dir, 'older.sqlite');
    await openStore(current).close();
    await openStore(older, { migrations: [migrations[0]!] }).close();
    for (const file of [current, older]) {
      const raw = new BetterSqlite3(file);
      raw.pragma('application_id = 0');
      raw.close();
    }
    const a = track(openStore(current));
    expect(a.backupPath).toBeNull();
    expect(a.sqlite.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    const b = track(openStore(older));
    expect(b.backupPath).toMatch(/older\.sqlite\.backup-v1-/);
    expect(b.sqlite.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(b.sqlite.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
  });

  it('starts a new store in an empty (zero-byte) file', async () => {
    const file = path.join(tempDir(), 'pos.sqlite');
    fs.writeFileSync(file, '');
    const store = track(openStore(file));
    expect(store.created).toBe(true);
  });

  it('reads a file whose latest commits are still in its WAL (another process has it open)', () => {
    const file = path.join(tempDir(), 'pos.sqlite');
    const writer = openStore(file);
    track(writer);
    writer.sqlite.pragma('wal_autocheckpoint = 0');
    writer.sqlite.exec('CREATE TABLE later_table (x INTEGER)');
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);
    expect(probeSqliteFile(file)!.tables).toContain('later_table');
    const second = track(openStore(file));
    expect(second.created).toBe(false);
  });
});

describe('a file that is not ours is refused untouched', () => {
  const foreign: Array<[string, (db: BetterSqlite3.Database) => void]> = [
    [
      'another application id, WAL mode',
      (db) => {
        db.pragma('journal_mode = WAL');
        db.pragma('application_id = 0x4d504247'); // 'MPBG'
        db.exec(
          "CREATE TABLE bookmarks (id INTEGER PRIMARY KEY, url TEXT); INSERT INTO bookmarks (url) VALUES ('https://example.com')",
        );
      },
    ],
    [
      'no application id, its own tables and user_version (WAL mode)',
      (db) => {
        db.pragma('journal_mode = WAL');
        db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('hello')");
        db.pragma('user_version = 2');
      },
    ],
    [
      'no application id, no user_version, no tables, only a view',
      (db) => {
        db.exec('CREATE VIEW answer AS SELECT 42 AS n');
      },
    ],
    [
      'no application id, no user_version, tables (rollback journal)',
      (db) => {
        db.exec(
          'CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT); CREATE TABLE orders (id INTEGER PRIMARY KEY)',
        );
      },
    ],
  ];
  for (const [what, make] of foreign) {
    it(what, () => {
      const dir = tempDir();
      const file = path.join(dir, 'other.sqlite');
      const db = new BetterSqlite3(file);
      make(db);
      db.close();
      const before = listing(dir);

      const error = refusal(() => openStore(file));
      expect(error.code).toBe('not_our_file');
      expect(error.message).toMatch(/is not a Counter POS data file.*It was not changed/);
      expect(listing(dir)).toEqual(before); // no tables added, not switched to WAL, no -wal or -shm
    });
  }

  it('a file that is not a SQLite database at all', () => {
    const dir = tempDir();
    const file = path.join(dir, 'notes.sqlite');
    fs.writeFileSync(file, 'sku,name\nA-1,Widget\n'.repeat(200));
    const before = listing(dir);
    const error = refusal(() => openStore(file));
    expect(error.code).toBe('not_our_file');
    expect(error.message).toMatch(/not a SQLite database/);
    expect(listing(dir)).toEqual(before);
  });
});

describe('a file from a newer version is refused without side files', () => {
  function newerFile(dir: string): string {
    const file = path.join(dir, 'pos.sqlite');
    const store = openStore(file);
    store.sqlite.pragma(`user_version = ${LATEST_VERSION + 3}`);
    store.sqlite.close();
    return file;
  }

  it('closed cleanly (WAL mode, no -wal beside it)', () => {
    const dir = tempDir();
    const file = newerFile(dir);
    expect(fs.readdirSync(dir)).toEqual(['pos.sqlite']);
    const before = listing(dir);
    const error = refusal(() => openStore(file));
    expect(error.code).toBe('database_too_new');
    expect(error.message).toMatch(/newer version of Counter POS \(schema \d+; this app knows up to \d+\).*not changed/);
    expect(listing(dir)).toEqual(before);
  });

  it('while the newer version has it open (its -wal and -shm are neither created nor changed)', () => {
    const dir = tempDir();
    const file = path.join(dir, 'pos.sqlite');
    const newer = new BetterSqlite3(file);
    newer.pragma('journal_mode = WAL');
    newer.pragma('wal_autocheckpoint = 0');
    newer.exec('CREATE TABLE t (x)');
    newer.pragma(`application_id = ${APPLICATION_ID}`);
    newer.pragma(`user_version = ${LATEST_VERSION + 1}`); // committed in the WAL, not yet in the file
    try {
      expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);
      const before = listing(dir);
      const error = refusal(() => openStore(file));
      expect(error.code).toBe('database_too_new');
      expect(listing(dir)).toEqual(before);
    } finally {
      newer.close();
    }
  });
});

describe('a damaged file', () => {
  /** A real store with a sale, closed (checkpointed), with `backups` daily backups beside it. */
  async function storeWithSale(dir: string, withBackup: boolean) {
    const file = path.join(dir, 'pos.sqlite');
    const first = await freshBackend({ file });
    await first.close();
    let backup: string | null = null;
    if (withBackup) {
      const reopened = await openAppStore(file, { now: () => new Date('2026-11-20T08:00:00Z') });
      backup = await reopened.backup;
      await reopened.close();
    }
    const b = await freshBackend({ file });
    const cable = (await b.one<{ id: number }>(`SELECT id FROM products WHERE sku = 'USBC-2M'`)).id;
    const sale = await b.api.saveInvoice({
      customerId: (await b.one<{ id: number }>(`SELECT id FROM customers WHERE name = 'Acme Corp'`)).id,
      locationId: (await b.one<{ id: number }>(`SELECT id FROM locations WHERE name = 'Main Store'`)).id,
      invoiceDate: '2026-11-21',
      lines: [
        { productId: cable, description: 'USB-C Cable 2m', qty: 2, unitPriceMinor: 1999, taxable: true, serialIds: [] },
      ],
    });
    expect(sale.ok).toBe(true);
    await b.close();
    return { file, backup };
  }

  const damage = (file: string) => damageTablePage(file, 'invoices');

  it("is refused with SQLite's finding and the newest backup named; the folder is left as it was", async () => {
    const dir = tempDir();
    const { file, backup } = await storeWithSale(dir, true);
    expect(backup).toBe(path.join(dir, 'backups', `pos.sqlite.backup-v${LATEST_VERSION}-2026-11-20T08-00-00-000Z`));
    damage(file);
    const before = listing(dir);

    const error = await refusalOf(openAppStore(file));
    expect(error.code).toBe('damaged');
    expect(error.message).toContain(`The data file ${file} is damaged`);
    expect(error.message).toContain(
      `The newest backup is ${path.join('backups', `pos.sqlite.backup-v${LATEST_VERSION}-2026-11-20T08-00-00-000Z`)}`,
    );
    expect(error.message).toMatch(/work saved after that backup is not in it/);
    expect(error.details).toMatchObject({ file, backup });
    expect(listing(dir)).toEqual(before);
  });

  it('restoreBackup puts the backup in place and keeps the damaged file aside; the store opens again', async () => {
    const dir = tempDir();
    const { file, backup } = await storeWithSale(dir, true);
    damage(file);
    const damagedSha = sha(file);
    const error = await refusalOf(openAppStore(file));

    const result = restoreBackup(file, (error.details as { backup: string }).backup, new Date('2026-11-21T12:00:00Z'));
    expect(result).toEqual({ restoredFrom: backup, damagedKeptAs: `${file}.damaged-2026-11-21T12-00-00-000Z` });
    expect(sha(result.damagedKeptAs!)).toBe(damagedSha);
    expect(fs.existsSync(backup!)).toBe(true); // the backup stays a backup

    const store = track(await openAppStore(file, { backupEveryMs: false }));
    expect(store.created).toBe(false);
    if (store.kind !== 'sqlite') throw new Error('a file store is a SQLite store');
    // The backup was written before the sale: the store is as it was then.
    expect(store.sqlite.prepare('SELECT count(*) AS n FROM invoices').get()).toEqual({ n: 0 });
    expect(store.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('without a backup says so', async () => {
    const dir = tempDir();
    const { file } = await storeWithSale(dir, false);
    damage(file);
    const error = await refusalOf(openAppStore(file));
    expect(error.code).toBe('damaged');
    expect(error.message).toMatch(/There is no backup of it \(backups are kept in the backups folder beside it/);
    expect(error.details).toMatchObject({ backup: null });
  });

  it('a smashed header: damaged when backups of it exist, otherwise not ours', async () => {
    const dir = tempDir();
    const { file } = await storeWithSale(dir, true);
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(16, 0));
    fs.closeSync(fd);
    expect((await refusalOf(openAppStore(file))).code).toBe('damaged');
    for (const b of listBackups(file)) fs.rmSync(b.path);
    expect((await refusalOf(openAppStore(file))).code).toBe('not_our_file');
  });

  it('restoreBackup refuses a backup that is not ours or is damaged, and changes nothing', async () => {
    const dir = tempDir();
    const { file, backup } = await storeWithSale(dir, true);
    const before = listing(dir);
    const foreign = path.join(tempDir(), 'other.sqlite');
    const db = new BetterSqlite3(foreign);
    db.exec('CREATE TABLE t (x)');
    db.close();
    expect(() => restoreBackup(file, foreign)).toThrow(/not a Counter POS backup/);
    damage(backup!);
    expect(() => restoreBackup(file, backup!)).toThrow(/is damaged/);
    const after = listing(dir);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect(after['pos.sqlite']).toEqual(before['pos.sqlite']);
  });
});

describe('the daily backup', () => {
  it('is written once a day into the backups folder, in the background, of a store that passed its check', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'pos.sqlite');
    await (await freshBackend({ file })).close();
    const days = ['2026-11-01', '2026-11-02', '2026-11-02', '2026-11-03', '2026-11-04'];
    const written: Array<string | null> = [];
    for (const day of days) {
      const store = await openAppStore(file, { now: () => new Date(`${day}T09:00:00Z`) });
      written.push(await store.backup);
      await store.close();
    }
    expect(written.map((w) => w && path.basename(w))).toEqual([
      `pos.sqlite.backup-v${LATEST_VERSION}-2026-11-01T09-00-00-000Z`,
      `pos.sqlite.backup-v${LATEST_VERSION}-2026-11-02T09-00-00-000Z`,
      null, // the same day: one is enough
      `pos.sqlite.backup-v${LATEST_VERSION}-2026-11-03T09-00-00-000Z`,
      `pos.sqlite.backup-v${LATEST_VERSION}-2026-11-04T09-00-00-000Z`,
    ]);
    // Kept by the retention (7 daily, 4 weekly, 12 monthly: tests/db/backup-retention.test.ts), with their sidecars.
    expect(listBackups(file).map((b) => [b.at.toISOString().slice(0, 10), b.reason, b.place])).toEqual([
      ['2026-11-04', 'daily', 'backups'],
      ['2026-11-03', 'daily', 'backups'],
      ['2026-11-02', 'daily', 'backups'],
      ['2026-11-01', 'daily', 'backups'],
    ]);
    const copy = new BetterSqlite3(listBackups(file)[0]!.path, { readonly: true });
    expect(copy.pragma('quick_check', { simple: true })).toBe('ok');
    expect(copy.prepare(`SELECT count(*) AS n FROM serials`).get()).toEqual({ n: 8 });
    copy.close();
    expect(fs.readdirSync(path.join(dir, 'backups')).filter((n) => n.endsWith('.partial'))).toEqual([]);
  });

  it('a backup cut short by closing the store leaves nothing behind', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'pos.sqlite');
    await (await freshBackend({ file })).close();
    const store = await openAppStore(file);
    await store.close(); // before the first step ran
    expect(await store.backup).toBeNull();
    expect(fs.readdirSync(dir).sort()).toEqual(['pos.sqlite']);
  });
});

const isRoot = process.getuid?.() === 0;

describe('a read-only data file', () => {
  const message = (file: string) =>
    `The data file ${file} cannot be written: it is read-only. Counter POS writes on every save, so it did not open it. ` +
    'Check its permissions (or the disk, if it is mounted read-only), or copy it to a folder you can write to.';

  // Root writes through file permissions, so as root the file sits on a tmpfs mounted read-only.
  it.skipIf(isRoot)('(permissions) is refused with a clear message', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'pos.sqlite');
    await (await freshBackend({ file })).close();
    fs.chmodSync(file, 0o444);
    const before = listing(dir);
    const error = refusal(() => openStore(file));
    expect(error.code).toBe('read_only');
    expect(error.message).toBe(message(file));
    expect(listing(dir)).toEqual(before);
    fs.chmodSync(file, 0o644);
  });

  it('(a disk mounted read-only) is refused with a clear message', async (ctx) => {
    if (!isRoot) ctx.skip('covered by the permissions case when not root');
    if (tmpfsUnavailable) ctx.skip(tmpfsUnavailable);
    const disk = mountSmallDisk(8 * 1024 * 1024);
    disks.push(disk);
    const file = path.join(disk.dir, 'pos.sqlite');
    await (await freshBackend({ file })).close();
    disk.remount('ro');
    const error = refusal(() => openStore(file));
    expect(error.code).toBe('read_only');
    expect(error.message).toBe(message(file));
    disk.remount('rw');
    await track(openStore(file)).close();
  });
});

describe('a pre-migration backup on a full disk', () => {
  it('fails without leaving a backup file, and the upgrade is refused with a clear message', async (ctx) => {
    if (tmpfsUnavailable) ctx.skip(tmpfsUnavailable);
    // Room for the demo store, its ballast and their WAL until the close checkpoints it (a smaller disk fills up before
    // the test starts: the WAL then stays, and the listing below sees it).
    const disk = mountSmallDisk(8 * 1024 * 1024);
    disks.push(disk);
    const file = path.join(disk.dir, 'pos.sqlite');
    const b = await freshBackend({ file });
    sqliteOf(b).exec(`CREATE TABLE ballast (x BLOB);
      INSERT INTO ballast WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) SELECT randomblob(1000) FROM n`);
    await b.close();
    const before = sha(file);
    disk.fill(300 * 1024); // room for the -wal and -shm, not for a copy of the file
    const next: Migration = {
      version: LATEST_VERSION + 1,
      name: 'later',
      up: (sqlite) => sqlite.exec('CREATE TABLE later (x)'),
    };

    const error = refusal(() => openStore(file, { migrations: [...migrations, next] }));
    expect(error.code).toBe('disk_full');
    expect(error.message).toBe(
      'The disk is full: the backup of the data file could not be written, so the data file was not upgraded and not changed. Free some space and start again.',
    );
    // no empty or partial backup
    expect(fs.readdirSync(disk.dir, { recursive: true }).sort()).toEqual(['backups', 'filler.bin', 'pos.sqlite']);
    expect(sha(file)).toBe(before);
    expect(pragma(file, 'user_version')).toBe(LATEST_VERSION);

    disk.free();
    const upgraded = track(openStore(file, { migrations: [...migrations, next] }));
    expect(upgraded.backupPath).toMatch(/pos\.sqlite\.backup-v\d+-/);
    expect(upgraded.sqlite.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 1);
  });
});
