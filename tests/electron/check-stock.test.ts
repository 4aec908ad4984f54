// `npm run check-stock -- --db PATH` on a data file: a demo store is consistent (exit 0); a stock figure changed
// behind the ledger's back is listed by product and location (exit 1); the check only reads (the file's bytes are
// the same after it); wrong arguments and a missing file are told apart.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { freshBackend, tempDir } from '../support/backend.ts';
import { runCheckStock } from '../support/checkStockCli.ts';

const digest = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** A demo shop in a data file, closed (its WAL folded in), as the app leaves it. */
async function demoFile(): Promise<string> {
  const file = path.join(tempDir('pos-check-stock-'), 'shop.sqlite');
  await (await freshBackend({ file })).close();
  return file;
}

describe('npm run check-stock on a data file', () => {
  it('says a demo store is consistent, and changes nothing', { timeout: 30_000 }, async () => {
    const file = await demoFile();
    const before = digest(file);
    const run = await runCheckStock(['--db', file]);
    expect(run.code).toBe(0);
    expect(run.err).toMatch(new RegExp(`^Stock is consistent in ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
    expect(run.err).toMatch(/\d+ on-hand figures match the \d+ rows of the ledger/);
    expect(digest(file)).toBe(before);
    // A read-only connection to a WAL file may leave the empty -wal and -shm beside it; nothing is written to them.
    const wal = `${file}-wal`;
    if (fs.existsSync(wal)) expect(fs.statSync(wal).size).toBe(0);
  });

  it(
    'lists a stock figure changed behind the ledger, by product and location, and exits 1',
    { timeout: 30_000 },
    async () => {
      const file = await demoFile();
      const sqlite = new BetterSqlite3(file);
      const cable = sqlite
        .prepare(
          `SELECT sl.on_hand FROM stock_levels sl JOIN products p ON p.id = sl.product_id
         JOIN locations l ON l.id = sl.location_id WHERE p.sku = 'USBC-2M' AND l.name = 'Main Store'`,
        )
        .get() as { on_hand: number };
      sqlite
        .prepare(
          `UPDATE stock_levels SET on_hand = on_hand + 2000 WHERE product_id = (SELECT id FROM products WHERE sku = 'USBC-2M')
         AND location_id = (SELECT id FROM locations WHERE name = 'Main Store')`,
        )
        .run();
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
      sqlite.close();
      const before = digest(file);

      const run = await runCheckStock(['--db', file]);
      expect(run.code).toBe(1);
      expect(run.out).toContain(`1 differences between the stock ledger and the stored on-hand in ${file}:`);
      const units = cable.on_hand / 1000;
      expect(run.out).toContain(`USBC-2M USB-C Cable 2m at Main Store: ledger ${units}, stored ${units + 2}`);
      expect(run.err).toContain('Nothing was changed (check-stock only reads).');
      expect(digest(file)).toBe(before);

      const json = await runCheckStock(['--db', file, '--json']);
      expect(json.code).toBe(1);
      expect(JSON.parse(json.out)).toMatchObject({
        differences: [{ sku: 'USBC-2M', locationName: 'Main Store', serial: null, storedQty: cable.on_hand + 2000 }],
      });
    },
  );

  it('refuses a missing file and wrong arguments', { timeout: 30_000 }, async () => {
    const missing = path.join(tempDir('pos-check-stock-'), 'none.sqlite');
    const run = await runCheckStock(['--db', missing]);
    expect(run.code).toBe(1);
    expect(run.err).toContain(`There is no data file at ${missing}.`);
    expect(fs.existsSync(missing)).toBe(false);
    const wrong = await runCheckStock(['--bogus']);
    expect(wrong.code).toBe(2);
  });
});
