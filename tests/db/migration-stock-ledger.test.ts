// Migration 0008 on a store made before it (v7): serials and serial_events are rebuilt with every row and id kept,
// the new statuses and kinds are accepted, and the stock ledger starts with an opening row per stock level and per
// unit In stock, so on-hand rebuilt from it matches the stored figures from the first day.
import path from 'node:path';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_VERSION, migrations } from '../../db/migrations/index.ts';
import { openStore, type SqliteStore } from '../../db/open.ts';
import type { DB } from '../../db/schema.ts';
import { checkStock } from '../../db/services/stockCheck.ts';
import { tempDir } from '../support/backend.ts';

const open: SqliteStore[] = [];
const track = (s: SqliteStore) => (open.push(s), s);
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

describe('migration 0008: stock movements and the ledger', () => {
  it('keeps a v7 store’s units and history, and opens the ledger with what is on hand', async () => {
    const file = path.join(tempDir(), 'pos.sqlite');
    const v7 = track(openStore(file, { migrations: migrations.filter((m) => m.version <= 7) }));
    v7.sqlite.exec(`
      INSERT INTO locations (id, name, kind, is_default) VALUES (1, 'Main Store', 'store', 1), (2, 'Warehouse', 'warehouse', 0);
      INSERT INTO customers (id, name) VALUES (1, 'Acme Corp');
      INSERT INTO products (id, sku, name, price_minor, taxable, serialized, maintain_stock) VALUES
        (1, 'LAT', 'Laptop', 100, 1, 1, 1), (2, 'CBL', 'Cable', 10, 1, 0, 1);
      INSERT INTO stock_levels (product_id, location_id, on_hand) VALUES (2, 1, 7000), (2, 2, 0);
      INSERT INTO serials (id, product_id, serial, serial_key, location_id, status, customer_id, received_at, deleted_at)
        VALUES (1, 1, 'SN-1', 'sn-1', 1, 'in_stock', NULL, '2026-01-01', NULL),
               (2, 1, 'SN-2', 'sn-2', 2, 'in_stock', NULL, '2026-01-01', NULL),
               (3, 1, 'SN-3', 'sn-3', 1, 'sold', 1, '2026-01-01', NULL),
               (4, 1, 'SN-4', 'sn-4', 1, 'scrapped', NULL, '2026-01-01', '2026-01-05');
      INSERT INTO serial_events (id, serial_id, at, actor, kind, location_id, note)
        VALUES (1, 1, '2026-01-01', 'ann', 'received', 1, 'received on GR-000001');
    `);
    v7.sqlite.close();
    open.pop();

    const { sqlite } = track(openStore(file));
    expect(sqlite.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(sqlite.prepare('SELECT id, serial, status, location_id, deleted_at FROM serials ORDER BY id').all()).toEqual(
      [
        { id: 1, serial: 'SN-1', status: 'in_stock', location_id: 1, deleted_at: null },
        { id: 2, serial: 'SN-2', status: 'in_stock', location_id: 2, deleted_at: null },
        { id: 3, serial: 'SN-3', status: 'sold', location_id: 1, deleted_at: null },
        { id: 4, serial: 'SN-4', status: 'scrapped', location_id: 1, deleted_at: '2026-01-05' },
      ],
    );
    expect(sqlite.prepare('SELECT id, serial_id, kind, note FROM serial_events').all()).toEqual([
      { id: 1, serial_id: 1, kind: 'received', note: 'received on GR-000001' },
    ]);
    expect(
      sqlite
        .prepare('SELECT product_id, location_id, serial_id, qty, doc, doc_id, actor FROM stock_moves ORDER BY id')
        .all(),
    ).toEqual([
      { product_id: 2, location_id: 1, serial_id: null, qty: 7000, doc: 'opening', doc_id: null, actor: 'migration' },
      { product_id: 1, location_id: 1, serial_id: 1, qty: 1000, doc: 'opening', doc_id: null, actor: 'migration' },
      { product_id: 1, location_id: 2, serial_id: 2, qty: 1000, doc: 'opening', doc_id: null, actor: 'migration' },
    ]);
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
    expect((await checkStock({ db, now: () => new Date(), actor: 'test' })).differences).toEqual([]);

    // The new statuses and kinds are accepted; the key trigger and the same-product trigger came back with the rebuild.
    sqlite.exec(`UPDATE serials SET status = 'in_transit' WHERE id = 2`);
    sqlite.exec(`INSERT INTO serial_events (serial_id, at, actor, kind, location_id, note)
      VALUES (2, '2026-02-01', 'ann', 'sent', 2, 'sent from Warehouse on TR-000001')`);
    expect(() =>
      sqlite.exec(`INSERT INTO serials (product_id, serial, serial_key, location_id, status, received_at)
      VALUES (1, 'SN-9', 'wrong', 1, 'in_stock', '2026-01-01')`),
    ).toThrow(/serial_key must be serialKey/);
    expect(() => sqlite.exec(`UPDATE serials SET status = 'stolen' WHERE id = 1`)).toThrow(/CHECK/);
    expect(sqlite.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
  });
});
