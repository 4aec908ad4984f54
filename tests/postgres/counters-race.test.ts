import { describe, expect, it } from 'vitest';
import { skipWithoutPostgres } from '../support/pg.ts';
import { checkInvariants, receiveStock, refusals, shopDatabase, startCounters, type Line } from './counters.ts';

// Four counters, each a process with its own connection pool, sell overlapping serials on one shop server at the same
// time (the Sell screen's Pay: completeSale, paid in cash). Each unit must be sold once, every acknowledged sale must
// be in the store, every other attempt must be the clear "already sold on INV-…" refusal, and the invoice numbers
// must stay gap-free.

skipWithoutPostgres();

const COUNTERS = 4;
const SALES = 60;

/** Seeded, so a failing run can be read again: a small LCG. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32;
}

describe('four counters at once on one shop server', () => {
  it(
    'sell overlapping serials: no unit sold twice, no acknowledged sale lost, clear refusals, gap-free numbers',
    { timeout: 90_000 },
    async () => {
      const shop = await shopDatabase();
      const products = await receiveStock(shop, [
        { productId: shop.ids.laptop, count: 120, prefix: 'RACE-L' },
        { productId: shop.ids.phone, count: 60, prefix: 'RACE-P' },
      ]);
      // The units in an order that mixes laptops and phones; sale j of every counter draws 1-3 of them from the same
      // window of six, so the four counters reach for the same units at the same moment.
      const units = [...products.keys()].sort((a, b) => (a % 3) - (b % 3) || a - b);
      const attemptsOf = (counter: number) => {
        const next = random(1000 + counter);
        return Array.from({ length: SALES }, (_, j) => {
          const window = Array.from({ length: 6 }, (_, k) => units[(3 * j + k) % units.length]!);
          const picked = new Set<number>();
          const n = 1 + Math.floor(next() * 3);
          while (picked.size < n) picked.add(window[Math.floor(next() * window.length)]!);
          return [...picked];
        });
      };
      const counters = await startCounters(shop.url, COUNTERS);
      const invoicesBefore = (await shop.one<{ n: number }>('SELECT count(*) AS n FROM invoices')).n;

      const started = Date.now();
      counters.forEach((counter, c) =>
        counter.send({
          op: 'sell',
          attempts: attemptsOf(c),
          products: Object.fromEntries(products),
          locationId: shop.ids.main,
          customerId: shop.ids.walkIn,
          cashId: shop.ids.cash,
        }),
      );
      const done = await Promise.all(counters.map((c) => c.waitFor((l) => l.done === 'sell', 80_000)));
      const elapsed = Date.now() - started;
      // The server really made counters lose races (serialization failures), and each such command ran again.
      const lostRaces = done.reduce((n, l) => n + (l.lostRaces as number), 0);
      expect(lostRaces).toBeGreaterThan(0);

      const outcomes: Line[] = counters.flatMap((c) => c.lines.filter((l) => 'attempt' in l));
      expect(outcomes).toHaveLength(COUNTERS * SALES); // every attempt answered
      const sold = outcomes.filter((l) => l.ok === true) as Array<Line & { number: string; serialIds: number[] }>;
      const refused = outcomes.filter((l) => l.ok === false);
      // A refusal is the clear answer naming the sale that took the unit: never internal, never "try again".
      for (const error of refusals(refused))
        expect(error.message).toMatch(
          /^Not saved: \S+ is already sold on INV-\d{6}(; \S+ is already sold on INV-\d{6})*\.$/,
        );
      expect(new Set(refusals(refused).map((e) => e.code))).toEqual(new Set(['serial_unavailable']));
      // The race was real: many attempts lost, many won, and the four counters were all at it at the same time.
      expect(sold.length).toBeGreaterThan(40);
      expect(refused.length).toBeGreaterThan(40);
      const spans = counters.map((c) => {
        const at = c.lines.filter((l) => 'attempt' in l).map((l) => l.at as number);
        return [Math.min(...at), Math.max(...at)] as const;
      });
      expect(Math.max(...spans.map((s) => s[0])), 'the four counters overlapped').toBeLessThan(
        Math.min(...spans.map((s) => s[1])),
      );

      // No unit in two acknowledged sales.
      const acked = sold.flatMap((l) => l.serialIds);
      expect(new Set(acked).size).toBe(acked.length);
      // Every acknowledged sale is in the store with exactly its units, and nothing else was sold.
      const inStore = await shop.all<{ number: string; serial_id: number }>(`
        SELECT i.number, ils.serial_id FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id
        JOIN invoice_line_serials ils ON ils.invoice_line_id = l.id WHERE i.status <> 'void'`);
      const pairs = (rows: Array<[string, number]>) => rows.map(([n, s]) => `${n}:${s}`).sort();
      expect(pairs(inStore.map((r) => [r.number, r.serial_id]))).toEqual(
        pairs(sold.flatMap((l) => l.serialIds.map((s): [string, number] => [l.number, s]))),
      );
      // Each unit is on at most one live invoice (the unique index is the backstop; this is the count).
      expect(
        await shop.all(`
          SELECT ils.serial_id, count(*) AS n FROM invoice_line_serials ils JOIN invoice_lines l ON l.id = ils.invoice_line_id
          JOIN invoices i ON i.id = l.invoice_id WHERE i.status <> 'void' GROUP BY ils.serial_id HAVING count(*) > 1`),
      ).toEqual([]);
      // A refusal names the invoice that really holds the unit.
      const holder = new Map(inStore.map((r) => [r.serial_id, r.number]));
      const serialText = new Map(
        (
          await shop.all<{ id: number; serial: string }>(`SELECT id, serial FROM serials WHERE serial LIKE 'RACE-%'`)
        ).map((r) => [r.serial, r.id]),
      );
      for (const error of refusals(refused)) {
        for (const [, serial, number] of error.message.matchAll(/(\S+) is already sold on (INV-\d{6})/g))
          expect(holder.get(serialText.get(serial!)!), `${serial} is on ${number}`).toBe(number);
      }
      // Gap-free: INV-000001 … INV-N, N the sales that succeeded (the demo has none), one payment each.
      const numbers = (await shop.all<{ number: string }>('SELECT number FROM invoices ORDER BY number')).map(
        (r) => r.number,
      );
      expect(numbers).toHaveLength(invoicesBefore + sold.length);
      expect(numbers).toEqual(numbers.map((_, i) => `INV-${String(i + 1).padStart(6, '0')}`));
      expect(new Set(sold.map((l) => l.number)).size).toBe(sold.length);
      expect((await shop.one<{ n: number }>('SELECT count(*) AS n FROM payments')).n).toBe(sold.length);
      await checkInvariants(shop);

      for (const c of counters) c.send({ op: 'close' });
      for (const c of counters) expect((await c.exited).code).toBe(0);
      console.log(
        `4 counters: ${outcomes.length} attempts in ${elapsed} ms, ${sold.length} sales, ${refused.length} refused, ` +
          `${lostRaces} lost races run again`,
      );
    },
  );
});
