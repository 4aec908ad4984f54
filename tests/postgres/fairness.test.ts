// Counters that save back to back all get their turn: a command that loses a race reruns holding the writers'
// lock exclusively (db/services/context.ts), so it cannot go on losing to a counter that saves again at once.
// Before that, with a random pause and retries, one counter of four could make hundreds of sales while another
// made one, and some commands were refused after losing every try.
import { expect, it } from 'vitest';
import { receiveStock, saves, shopDatabase, startCounters } from './counters.ts';

it(
  'four counters saving back to back each make sales, and none is refused for losing races',
  { timeout: 60_000 },
  async () => {
    const shop = await shopDatabase();
    const units = [
      ...(await receiveStock(shop, [{ productId: shop.ids.laptop, count: 400, prefix: 'F' }], 20_000)).keys(),
    ];
    const counters = await startCounters(shop.url, 4);
    // Each its own units: any refusal would be a lost race.
    counters.forEach((c, i) => c.send(saves(shop, units.slice(i * 100, i * 100 + 100))));
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    for (const c of counters) await c.kill();
    const made = counters.map((c) => c.lines.filter((l) => l.ok === true).length);
    const refused = counters.flatMap((c) => c.lines.filter((l) => l.ok === false));
    console.log(`4 counters for 3 s: ${made.join(', ')} sales`);
    expect(refused).toEqual([]);
    // Every counter got turns: none made fewer than a quarter of the busiest one's sales.
    expect(Math.min(...made)).toBeGreaterThan(0);
    expect(Math.min(...made) * 4).toBeGreaterThanOrEqual(Math.max(...made));
  },
);
