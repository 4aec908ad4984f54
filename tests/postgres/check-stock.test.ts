// `npm run check-stock -- --db postgres://…` on a shop server: the demo shop is consistent (exit 0); a stock figure
// changed behind the ledger's back is listed (exit 1). The check runs in a READ ONLY transaction.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openAppStore } from '../../db/store.ts';
import { runCheckStock } from '../support/checkStockCli.ts';
import { freshPostgresDatabase, skipWithoutPostgres } from '../support/pg.ts';

skipWithoutPostgres();

describe('npm run check-stock on a shop server', () => {
  it(
    'says the demo shop is consistent, then lists a figure changed behind the ledger',
    { timeout: 60_000 },
    async () => {
      const database = await freshPostgresDatabase(true);
      try {
        await (await openAppStore(database.url, { demo: false })).close();
        const ok = await runCheckStock(['--db', database.url]);
        expect(ok.err).toContain('Stock is consistent in ');
        expect(ok.code).toBe(0);

        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        await client.query(
          `UPDATE stock_levels SET on_hand = on_hand - 1000 WHERE product_id = (SELECT id FROM products WHERE sku = 'USBC-2M')
         AND location_id = (SELECT id FROM locations WHERE name = 'Main Store')`,
        );
        const moves = Number((await client.query('SELECT count(*) AS n FROM stock_moves')).rows[0].n);
        const bad = await runCheckStock(['--db', database.url]);
        expect(bad.code).toBe(1);
        expect(bad.out).toMatch(/USBC-2M USB-C Cable 2m at Main Store: ledger \d+, stored \d+/);
        expect(Number((await client.query('SELECT count(*) AS n FROM stock_moves')).rows[0].n)).toBe(moves);
        await client.end();
      } finally {
        await database.drop();
      }
    },
  );
});
