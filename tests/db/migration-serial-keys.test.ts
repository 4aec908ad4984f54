import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.ts';
import { serialKey } from '../../core/serial.ts';
import { LATEST_VERSION, migrations } from '../../db/migrations/index.ts';
import { openStore, type SqliteStore } from '../../db/open.ts';
import { lookupSerial } from '../../db/services/serials.ts';
import { FROZEN_NOW, tempDir } from '../support/backend.ts';

// Migration 0003 gives every serial (and old label) its key and makes it unique per product. A file
// whose units already clash is refused as it is; a clean one gets keys equal to the JS ones.

const open: SqliteStore[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const V2 = migrations.filter((m) => m.version <= 2);

/** A file at schema version 2 (before serial keys), with these serials per product SKU and old labels per serial. */
async function v2File(serials: Record<string, string[]>, aliases: Record<string, string[]> = {}): Promise<string> {
  const file = path.join(tempDir(), 'pos.sqlite');
  const store = openStore(file, { migrations: V2 });
  const { sqlite } = store;
  expect(sqlite.pragma('user_version', { simple: true })).toBe(2);
  const location = Number(
    sqlite.prepare(`INSERT INTO locations (name, kind, is_default) VALUES ('Main Store', 'store', 1)`).run()
      .lastInsertRowid,
  );
  const product = sqlite.prepare(
    `INSERT INTO products (sku, name, price_minor, taxable, serialized, maintain_stock) VALUES (?, ?, 100, 1, 1, 1)`,
  );
  const unit = sqlite.prepare(
    `INSERT INTO serials (product_id, serial, location_id, status, received_at) VALUES (?, ?, ?, 'in_stock', '2026-01-01T00:00:00.000Z')`,
  );
  const alias = sqlite.prepare(
    `INSERT INTO serial_aliases (serial_id, alias, created_at) VALUES (?, ?, '2026-01-02T00:00:00.000Z')`,
  );
  for (const [sku, texts] of Object.entries(serials)) {
    const productId = Number(product.run(sku, `Product ${sku}`).lastInsertRowid);
    for (const text of texts) {
      const serialId = Number(unit.run(productId, text, location).lastInsertRowid);
      for (const old of aliases[text] ?? []) alias.run(serialId, old);
    }
  }
  sqlite.prepare(`UPDATE serials SET status = 'sold' WHERE serial = 'dl5440-0001'`).run();
  await store.close();
  return file;
}

const snapshot = (file: string) => {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return {
      version: db.pragma('user_version', { simple: true }),
      columns: (db.prepare(`SELECT name FROM pragma_table_info('serials')`).all() as Array<{ name: string }>).map(
        (c) => c.name,
      ),
      serials: db.prepare('SELECT * FROM serials ORDER BY id').all(),
      aliases: db.prepare('SELECT * FROM serial_aliases ORDER BY id').all(),
      indexes: db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' ORDER BY name`).all(),
    };
  } finally {
    db.close();
  }
};

describe('migration 0003: serial keys', () => {
  it('refuses a file whose units clash once case and invisible characters are ignored, listing them, and changes nothing', async () => {
    const file = await v2File({
      'LAT-5440': ['DL5440-0001', 'dl5440-0001', 'DL5440-0002', 'DL5440-0002\u0000', 'DL5440-0003'],
      'CAFE-1': ['CAF\u00C9-1', 'CAF\u0045\u0301-1', 'X\u200B1', 'X1', 'x\u20101', 'x-1'],
      'GAL-A55': ['DL5440-0001', 'ＤＬ５４４０－０００３'], // another product: no clash with the laptops
    });
    const before = sha(file);
    const rows = snapshot(file);

    let caught: unknown;
    try {
      open.push(openStore(file, { now: () => FROZEN_NOW }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    const error = caught as AppError;
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(
      /^This data file cannot be upgraded: 5 serials are held by more than one unit of the same product/,
    );
    expect(error.message).toContain('Product LAT-5440 (LAT-5440): "DL5440-0001" (in stock), "dl5440-0001" (sold)');
    expect(error.message).toContain('"DL5440-0002" (in stock), "DL5440-0002<U+0000>" (in stock)');
    expect(error.message).toContain('Product CAFE-1 (CAFE-1): "CAF\u00C9-1" (in stock), "CAFE<U+0301>-1" (in stock)');
    expect(error.message).toContain('"X<U+200B>1" (in stock), "X1" (in stock)');
    expect(error.message).toContain('"x<U+2010>1" (in stock), "x-1" (in stock)');
    expect(error.message).toMatch(
      /Nothing was changed\. Open the file in the version of Counter POS that wrote it, rename one unit of each/,
    );
    expect(error.message).not.toContain('DL5440-0003');
    const details = error.details as {
      clashes: Array<{ sku: string; units: Array<{ serial: string; status: string }> }>;
    };
    expect(details.clashes.map((c) => [c.sku, c.units.map((u) => u.serial)])).toEqual([
      ['LAT-5440', ['DL5440-0001', 'dl5440-0001']],
      ['LAT-5440', ['DL5440-0002', 'DL5440-0002\u0000']],
      ['CAFE-1', ['CAF\u00C9-1', 'CAF\u0045\u0301-1']],
      ['CAFE-1', ['x\u20101', 'x-1']],
      ['CAFE-1', ['X\u200B1', 'X1']],
    ]);

    // The file is as it was, byte for byte: still version 2, same rows, no key column.
    expect(sha(file)).toBe(before);
    expect(snapshot(file)).toEqual(rows);
    expect(rows.version).toBe(2);
    expect(rows.columns).not.toContain('serial_key');
    // And no backup is left behind for a refused upgrade (each try would add one).
    expect(fs.readdirSync(path.dirname(file)).filter((f) => f.includes('.backup-'))).toEqual([]);
  });

  it('fills the keys of a clean file with exactly the JS ones, and makes them unique per product', async () => {
    const file = await v2File(
      { 'LAT-5440': ['DL5440-0001', 'ＤＬ５４４０－０００２', 'CAF\u0045\u0301-1'], 'GAL-A55': ['dl5440-0001'] },
      { 'DL5440-0001': ['OLD\u200B-1', 'old-2'] },
    );
    const store = openStore(file, { now: () => FROZEN_NOW });
    open.push(store);
    expect(store.sqlite.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    const units = store.sqlite.prepare('SELECT serial, serial_key FROM serials ORDER BY id').all() as Array<{
      serial: string;
      serial_key: string;
    }>;
    expect(units.map((u) => u.serial_key)).toEqual(['dl5440-0001', 'dl5440-0002', 'caf\u00E9-1', 'dl5440-0001']);
    for (const u of units) expect(u.serial_key).toBe(serialKey(u.serial));
    // Stored texts are left as they were written; only the key is new.
    expect(units[1]!.serial).toBe('ＤＬ５４４０－０００２');
    expect(store.sqlite.prepare('SELECT alias, alias_key FROM serial_aliases ORDER BY id').all()).toEqual([
      { alias: 'OLD\u200B-1', alias_key: 'old-1' },
      { alias: 'old-2', alias_key: 'old-2' },
    ]);

    const laptop = (store.sqlite.prepare(`SELECT id FROM products WHERE sku = 'LAT-5440'`).get() as { id: number }).id;
    expect(() =>
      store.sqlite
        .prepare(
          `INSERT INTO serials (product_id, serial, serial_key, location_id, status, received_at) VALUES (?, 'DL5440-0002', 'dl5440-0002', 1, 'in_stock', 'now')`,
        )
        .run(laptop),
    ).toThrow(/UNIQUE constraint failed: serials.product_id, serials.serial_key/);

    const ctx = { db: store.db, now: () => FROZEN_NOW, actor: 'test' };
    expect((await lookupSerial(ctx, 'dl5440-0002')).map((m) => m.serial)).toEqual(['ＤＬ５４４０－０００２']);
    expect((await lookupSerial(ctx, 'CAF\u00C9-1')).map((m) => m.serial)).toEqual(['CAF\u0045\u0301-1']);
    expect((await lookupSerial(ctx, 'OLD-1')).map((m) => m.serial)).toEqual(['DL5440-0001']);
    expect((await lookupSerial(ctx, 'DL5440-0001')).map((m) => m.productName)).toEqual(['Product LAT-5440']); // written exactly so
  });

  it('uses the new indexes for a scan and for the Serial Numbers pages', () => {
    const store = openStore(':memory:');
    open.push(store);
    const plan = (sql: string) =>
      (store.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>)
        .map((r) => r.detail)
        .join('\n');
    expect(plan(`SELECT id FROM serials WHERE serial_key = 'x'`)).toMatch(/serials_by_key/);
    expect(plan(`SELECT id FROM serial_aliases WHERE alias_key = 'x'`)).toMatch(/serial_aliases_by_key/);
    expect(plan(`SELECT id FROM serials WHERE status = 'in_stock' ORDER BY serial_key, id LIMIT 50`)).toMatch(
      /serials_by_status_key/,
    );
    expect(
      plan(`SELECT id FROM serials WHERE location_id = 1 AND deleted_at IS NULL ORDER BY serial_key, id LIMIT 50`),
    ).toMatch(/serials_by_location_key/);
    expect(plan(`SELECT id FROM serials WHERE product_id = 1 ORDER BY serial_key, id LIMIT 50`)).toMatch(
      /serials_one_per_key/,
    );
  });
});
