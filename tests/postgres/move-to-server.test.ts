// Move to server (db/moveToServer.ts) from a real SQLite file to a real PostgreSQL database: the file and its folder
// are left exactly as they were, whether or not the app has the file open and keeps selling meanwhile; a database that
// holds only what the migrations put in is accepted (a counter connected to it first, or a move that failed), one that
// holds a shop is refused; a move that fails (a row the server refuses, a check that does not come out) leaves the
// database movable again, and the next move succeeds.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.ts';
import { moveToServer, type MoveReport } from '../../db/moveToServer.ts';
import { openAppStore } from '../../db/store.ts';
import { inWriteTransaction } from '../../db/services/context.ts';
import { saveInvoice } from '../../db/services/invoices.ts';
import { saveRecurring } from '../../db/services/recurring.ts';
import { runDueRecurring } from '../../db/services/recurringRun.ts';
import { tempDir } from '../support/backend.ts';
import { emptyPostgresDatabase, freshPostgresDatabase, skipWithoutPostgres } from '../support/pg.ts';

skipWithoutPostgres();

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const done of cleanup.splice(0).reverse()) await done();
});

/** A demo store in a file of its own folder, closed (as when Counter POS is not running). */
async function storeFile(): Promise<string> {
  const file = path.join(tempDir('pos-move-'), 'shop.sqlite');
  await (await openAppStore(file, { demo: true, backupEveryMs: false })).close();
  cleanup.push(async () => fs.rmSync(path.dirname(file), { recursive: true, force: true }));
  return file;
}

/** Every file in the folder with a hash of its bytes. */
const folder = (dir: string) =>
  Object.fromEntries(
    fs
      .readdirSync(dir)
      .sort()
      .map((name) => [
        name,
        crypto
          .createHash('sha256')
          .update(fs.readFileSync(path.join(dir, name)))
          .digest('hex'),
      ]),
  );

async function database(kind: 'new' | 'migrated' | 'demo'): Promise<{ url: string; client: pg.Client }> {
  const db = kind === 'new' ? await emptyPostgresDatabase() : await freshPostgresDatabase(kind === 'demo');
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  cleanup.push(async () => {
    await client.end();
    await db.drop();
  });
  return { url: db.url, client };
}

const count = async (client: pg.Client, table: string) =>
  Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);

function expectChecked(report: MoveReport, file: string) {
  const sqlite = new BetterSqlite3(file, { readonly: true });
  try {
    for (const t of report.tables)
      expect(t.rows, t.table).toBe((sqlite.prepare(`SELECT count(*) AS n FROM "${t.table}"`).get() as { n: number }).n);
  } finally {
    sqlite.close();
  }
  for (const t of report.totals) expect(t.postgres, t.what).toBe(t.sqlite);
  expect(report.tables.find((t) => t.table === 'serials')!.rows).toBeGreaterThan(0);
}

describe('move to server', () => {
  it('leaves a closed store file and its folder byte for byte as they were, creating nothing beside it', async () => {
    const file = await storeFile();
    const before = folder(path.dirname(file));
    expect(Object.keys(before)).toEqual(['shop.sqlite']);
    const { url, client } = await database('new');
    const report = await moveToServer(file, url);
    expect(folder(path.dirname(file))).toEqual(before);
    expect(await count(client, 'serials')).toBe(report.tables.find((t) => t.table === 'serials')!.rows);
    expectChecked(report, file);
  });

  it('accepts a database a counter was connected to first (migrated, holding only what the migrations put in)', async () => {
    const file = await storeFile();
    const shop = new BetterSqlite3(file);
    shop.exec(`UPDATE tax_rates SET name = name || ' (shop)'`);
    shop.close();
    const { url, client } = await database('migrated');
    expect(await count(client, 'tax_rates')).toBeGreaterThan(0);
    expect(await count(client, 'products')).toBe(0);
    const report = await moveToServer(file, url);
    expectChecked(report, file);
    const sqlite = new BetterSqlite3(file, { readonly: true });
    const rates = sqlite.prepare('SELECT name, rate_bp FROM tax_rates ORDER BY id').all();
    sqlite.close();
    // The seeded rows gave way to the store's own, and the identities go on after its highest ids.
    expect((await client.query('SELECT name, rate_bp::int AS rate_bp FROM tax_rates ORDER BY id')).rows).toEqual(rates);
    const next = await client.query<{ id: number }>(
      `INSERT INTO locations (name, kind) VALUES ('Back room', 'store') RETURNING id::int AS id`,
    );
    expect(next.rows[0]!.id).toBe(report.tables.find((t) => t.table === 'locations')!.rows + 1);

    // A database that holds a shop is refused, and nothing of it changes.
    const serials = await count(client, 'serials');
    await expect(moveToServer(file, url)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/already holds a Counter POS store\. .*Nothing was copied\.$/),
    });
    expect(await count(client, 'serials')).toBe(serials);
    expect(await count(client, 'locations')).toBe(report.tables.find((t) => t.table === 'locations')!.rows + 1);
  });

  it('moves a recurring template made from an invoice with the invoices it made (the two tables name each other)', async () => {
    const file = await storeFile();
    const store = await openAppStore(file, { backupEveryMs: false });
    const ctx = { db: store.db, now: () => new Date('2026-11-21T10:00:00Z'), actor: 'test' };
    const acme = await store.db
      .selectFrom('customers')
      .select('id')
      .where('name', '=', 'Acme Corp')
      .executeTakeFirstOrThrow();
    const cable = await store.db
      .selectFrom('products')
      .select('id')
      .where('sku', '=', 'USBC-2M')
      .executeTakeFirstOrThrow();
    const main = await store.db
      .selectFrom('locations')
      .select('id')
      .where('name', '=', 'Main Store')
      .executeTakeFirstOrThrow();
    const line = { productId: cable.id, description: 'USB-C Cable 2m', qty: 1000, unitPriceMinor: 1999, taxable: true };
    await inWriteTransaction(ctx, async (trx) => {
      const invoice = await saveInvoice(trx, {
        draft: true,
        customerId: acme.id,
        locationId: main.id,
        invoiceDate: '2026-10-21',
        notes: '',
        lines: [{ ...line, serialIds: [] }],
      });
      await saveRecurring(trx, {
        customerId: acme.id,
        frequency: 'monthly',
        everyMonths: 1,
        startDate: '2026-10-21',
        endDate: null,
        maxRuns: null,
        terms: '',
        notes: '',
        action: 'draft',
        addTicketCharges: false,
        ticketStatusIds: [],
        ticketChargeOrder: 'ticket',
        lines: [
          { ...line, kind: 'standard', taxRateId: null, assetType: '', contactFieldId: null, contactFieldValue: '' },
        ],
        sourceInvoiceId: invoice.id,
      });
    });
    expect((await runDueRecurring(ctx)).made).toHaveLength(1);
    await store.close();

    const { url, client } = await database('new');
    const report = await moveToServer(file, url);
    expectChecked(report, file);
    const moved = await client.query<{ number: string; made_by: string | null; made_from: string | null }>(
      `SELECT i.number, t.number AS made_by, s.number AS made_from FROM invoices i
       LEFT JOIN recurring_templates t ON t.id = i.recurring_template_id
       LEFT JOIN invoices s ON s.id = t.source_invoice_id ORDER BY i.id`,
    );
    expect(moved.rows).toEqual([
      { number: 'INV-000001', made_by: null, made_from: null },
      { number: 'INV-000002', made_by: 'R-000001', made_from: 'INV-000001' },
    ]);
  });

  it('refuses a database holding the demo shop', async () => {
    const file = await storeFile();
    const { url, client } = await database('demo');
    const products = await count(client, 'products');
    const refused = await moveToServer(file, url).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).message).toMatch(/already holds a Counter POS store/);
    expect((refused as AppError).details).toMatchObject({ tables: expect.arrayContaining(['products', 'serials']) });
    expect(await count(client, 'products')).toBe(products);
  });

  it('a row the server refuses fails the move with nothing copied; once fixed, the next move succeeds', async () => {
    const file = await storeFile();
    const rw = new BetterSqlite3(file);
    rw.prepare(`UPDATE customers SET name = ? WHERE name = 'Acme Corp'`).run('Acme\u0000Corp');
    rw.close();
    const { url, client } = await database('new');
    const failed = await moveToServer(file, url).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(AppError);
    expect((failed as AppError).message).toMatch(
      /^The shop server refused a row of customers: .*0x00.*\. Nothing was copied: the server's database was left without your data; you can move again\.$/,
    );
    expect(await count(client, 'customers')).toBe(0);
    expect(await count(client, 'settings')).toBe(0);
    expect(await count(client, 'tax_rates')).toBeGreaterThan(0); // as the migrations left it

    const fix = new BetterSqlite3(file);
    fix.prepare(`UPDATE customers SET name = 'Acme Corp' WHERE name = ?`).run('Acme\u0000Corp');
    fix.close();
    expectChecked(await moveToServer(file, url), file);
    expect(await count(client, 'customers')).toBeGreaterThan(0);
  });

  it('a copy that does not check out is rolled back, and the database can be moved to again', async () => {
    const file = await storeFile();
    const { url, client } = await database('migrated');
    // The server drops one settings row as it is written (as a faulty server might): the counts differ.
    await client.query(`
      CREATE FUNCTION drop_currency() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.key = 'currency' THEN RETURN NULL; END IF; RETURN NEW; END $$;
      CREATE TRIGGER drop_currency BEFORE INSERT ON settings FOR EACH ROW EXECUTE FUNCTION drop_currency();`);
    const seeded = (await client.query('SELECT * FROM payment_methods ORDER BY id')).rows;
    const failed = await moveToServer(file, url).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(AppError);
    expect((failed as AppError).message).toMatch(
      /^The copy did not check out \(settings: (\d+) rows here, \d+ there\)\. Nothing was copied: the server's database was left without your data; you can move again\.$/,
    );
    expect(await count(client, 'products')).toBe(0);
    expect((await client.query('SELECT * FROM payment_methods ORDER BY id')).rows).toEqual(seeded);

    await client.query('DROP TRIGGER drop_currency ON settings');
    expectChecked(await moveToServer(file, url), file);
  });

  it('moves while the app has the file open and keeps selling: a snapshot, the folder as it was', async () => {
    const file = await storeFile();
    const app = await openAppStore(file, { backupEveryMs: false });
    cleanup.push(() => app.close());
    if (app.kind !== 'sqlite') throw new Error('a file store');
    const customers = (app.sqlite.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }).n;
    const before = folder(path.dirname(file));
    expect(Object.keys(before)).toEqual(['shop.sqlite', 'shop.sqlite-shm', 'shop.sqlite-wal']);
    const { url, client } = await database('new');
    let written = 0;
    const report = await moveToServer(file, url, (table) => {
      // Each table copied, the counter writes a customer (committed at once, in the WAL).
      app.sqlite.prepare('INSERT INTO customers (name) VALUES (?)').run(`Meanwhile ${table} ${++written}`);
    });
    expect(written).toBeGreaterThan(5);
    for (const t of report.totals) expect(t.postgres, t.what).toBe(t.sqlite);
    // What was copied and checked is the store as it was when the move began.
    expect(report.tables.find((t) => t.table === 'customers')!.rows).toBe(customers);
    expect(await count(client, 'customers')).toBe(customers);
    const after = folder(path.dirname(file));
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect(after['shop.sqlite']).toBe(before['shop.sqlite']); // the writes are in the WAL, the main file as it was
  });

  it('quotes names: a table with a double quote in its name fails as a missing table, not as SQL', async () => {
    const file = await storeFile();
    const rw = new BetterSqlite3(file);
    rw.exec(`CREATE TABLE "we""ird" (id INTEGER PRIMARY KEY, "va""lue" TEXT); INSERT INTO "we""ird" VALUES (1, 'x');`);
    rw.close();
    const { url, client } = await database('new');
    await expect(moveToServer(file, url)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/has no we"ird\.id, we"ird\.va"lue, which this file has\. Nothing was copied\.$/),
    });
    expect(await count(client, 'products')).toBe(0);
    // The same table on the server: copied under its own name.
    await client.query(`CREATE TABLE "we""ird" (id bigint PRIMARY KEY, "va""lue" text)`);
    const report = await moveToServer(file, url);
    expect(report.tables.find((t) => t.table === 'we"ird')).toEqual({ table: 'we"ird', rows: 1 });
    expect((await client.query(`SELECT * FROM "we""ird"`)).rows).toEqual([{ id: '1', 'va"lue': 'x' }]);
  });
});
