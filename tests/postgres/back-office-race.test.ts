import { describe, expect, it } from 'vitest';
import type { Invoice, PurchaseOrder } from '../../core/model.ts';
import { skipWithoutPostgres } from '../support/pg.ts';
import {
  after,
  checkInvariants,
  overlapping,
  receiveStock,
  shopDatabase,
  startCounter,
  type Counter,
  type Line,
} from './counters.ts';

// Two back-office processes on one shop server change the same thing at the same moment, round after round: two edits
// of one invoice from the same revision, and two status changes of one purchase order (receive it all, or cancel it).
// Each round exactly one wins; the other gets the refusal the app shows on SQLite, and nothing of it is written.

skipWithoutPostgres();

/** Sends a command to both at once and waits for both answers (the lines they print after it). */
async function both(
  pair: readonly [Counter, Counter],
  commands: readonly [object, object],
  answer: (line: Line) => boolean,
): Promise<[Line, Line]> {
  const seen = pair.map((c) => c.lines.length);
  pair.forEach((c, i) => c.send(commands[i]!));
  const [a, b] = await Promise.all(pair.map((c, i) => after(c, seen[i]!, answer)));
  return [a!, b!];
}

describe('two back-office edits of one invoice at once', () => {
  it('exactly one wins each round; the other is told the invoice changed since it was opened', async () => {
    const shop = await shopDatabase();
    const units = [
      ...(await receiveStock(shop, [{ productId: shop.ids.laptop, count: 1, prefix: 'EDIT' }], 100)).keys(),
    ];
    const invoice = await shop.call<Invoice>('saveInvoice', {
      customerId: shop.ids.acme,
      locationId: shop.ids.main,
      invoiceDate: '2025-03-01',
      lines: [
        {
          productId: shop.ids.laptop,
          description: 'Latitude 5440 Laptop',
          qty: 1000,
          unitPriceMinor: 124_900,
          taxable: true,
          serialIds: units,
        },
        {
          productId: shop.ids.cable,
          description: 'USB-C Cable 2m',
          qty: 1000,
          unitPriceMinor: 1999,
          taxable: true,
          serialIds: [],
        },
      ],
    });
    const pair = [await startCounter(shop.url, 'Office A'), await startCounter(shop.url, 'Office B')] as const;
    const conflict = `${invoice.number} was changed elsewhere since you opened it. Reopen it to see the latest version; your edit was not saved.`;

    const rounds = 40;
    const timings: Array<[{ started: number; at: number }, { started: number; at: number }]> = [];
    let revision = invoice.revision;
    for (let round = 0; round < rounds; round++) {
      const loaded = await both(
        pair,
        [
          { op: 'load', id: invoice.id },
          { op: 'load', id: invoice.id },
        ],
        (l) => 'loaded' in l,
      );
      expect(loaded.map((l) => l.revision)).toEqual([revision, revision]); // both opened the same version
      const edits = [
        { op: 'edit', cable: shop.ids.cable, cableQty: (2 * round + 2) * 1000, notes: `A, round ${round}` },
        { op: 'edit', cable: shop.ids.cable, cableQty: (2 * round + 3) * 1000, notes: `B, round ${round}` },
      ] as const;
      const saved = await both(pair, edits, (l) => l.edit === true);
      timings.push(saved as never);
      const won = saved.filter((l) => l.ok === true);
      expect(won, `round ${round}: exactly one edit wins`).toHaveLength(1);
      const lost = saved.find((l) => l.ok === false)!;
      expect(lost.error).toEqual({ code: 'conflict', message: conflict });
      // The store holds the winner's edit, one revision on.
      const winner = edits[saved.indexOf(won[0]!)]!;
      const now = await shop.call<Invoice>('getInvoice', { id: invoice.id });
      expect(now.revision).toBe(revision + 1);
      expect(won[0]!.revision).toBe(revision + 1);
      expect(now.notes).toBe(winner.notes);
      expect(now.lines.find((l) => l.productId === shop.ids.cable)!.qty).toBe(winner.cableQty);
      expect(now.lines.find((l) => l.productId === shop.ids.laptop)!.serials.map((s) => s.id)).toEqual(units);
      revision = now.revision;
    }
    // They really saved at the same moment: in most rounds the two saves overlapped, and the server made some of
    // them lose a race and run again (which then read the winner's revision).
    expect(overlapping(timings)).toBeGreaterThan(0.5);
    const lostRaces = pair.reduce((n, c) => n + (c.lines.at(-1)!.lostRaces as number), 0);
    expect(lostRaces).toBeGreaterThan(0);
    const history = await shop.one<{ n: number }>(
      `SELECT count(*) AS n FROM serial_events WHERE serial_id = ? AND kind = 'sold'`,
      units[0],
    );
    expect(history.n).toBe(1); // an edit that keeps the unit does not sell it again
    await checkInvariants(shop);
    console.log(`invoice edits: ${rounds} rounds, ${lostRaces} lost races run again`);
    for (const c of pair) c.send({ op: 'close' });
    for (const c of pair) expect((await c.exited).code).toBe(0);
  });
});

describe('two status changes of one purchase order at once', () => {
  it('receive or cancel: exactly one wins each round, the other gets the clear refusal', async () => {
    const shop = await shopDatabase();
    const pair = [await startCounter(shop.url, 'Office A'), await startCounter(shop.url, 'Office B')] as const;
    const actions = [
      ['receive', 'cancel'],
      ['cancel', 'receive'],
      ['receive', 'receive'],
      ['cancel', 'cancel'],
    ] as const;
    const stock = `SELECT on_hand AS n FROM stock_levels WHERE product_id = ? AND location_id = ?`;
    const cablesBefore = (await shop.one<{ n: number }>(stock, shop.ids.cable, shop.ids.main)).n;
    const rounds = 32;
    const timings: Array<[{ started: number; at: number }, { started: number; at: number }]> = [];
    const wins = { receive: 0, cancel: 0 };
    for (let round = 0; round < rounds; round++) {
      const draft = await shop.call<PurchaseOrder>('savePurchaseOrder', {
        vendorId: shop.ids.vendor,
        locationId: shop.ids.main,
        lines: [
          { productId: shop.ids.laptop, qty: 2, unitCostMinor: 90_000 },
          { productId: shop.ids.cable, qty: 5, unitCostMinor: 400 },
        ],
      });
      const po = await shop.call<PurchaseOrder>('setPurchaseOrderStatus', { id: draft.id, action: 'submit' });
      // Both receivers scan the same two laptops.
      const lines = po.lines.map((l) => ({
        lineId: l.id,
        qty: l.qtyOrdered,
        ...(l.serialized
          ? { serials: [0, 1].map((k) => ({ serial: `PO${String(round).padStart(3, '0')}-${k}` })) }
          : {}),
      }));
      const pairActions = actions[round % actions.length]!;
      const answers = await both(
        pair,
        [
          { op: 'po', id: po.id, action: pairActions[0], lines },
          { op: 'po', id: po.id, action: pairActions[1], lines },
        ],
        (l) => l.po === po.id,
      );
      timings.push(answers as never);
      const won = answers.filter((l) => l.ok === true);
      expect(won, `round ${round} (${pairActions.join(' / ')}): exactly one wins`).toHaveLength(1);
      const winner = won[0]!.action as 'receive' | 'cancel';
      wins[winner]++;
      const lost = answers.find((l) => l.ok === false)!;
      const status = winner === 'receive' ? 'received' : 'cancelled';
      expect(lost.error).toEqual({
        code: 'conflict',
        message:
          lost.action === 'receive'
            ? `${po.number} is ${status}; nothing more can be received on it.`
            : `${po.number} is ${status}, so it cannot be cancelled.`,
      });
      // The store holds the winner's change only: one receipt with both laptops and the cables, or none.
      const now = await shop.call<PurchaseOrder>('getPurchaseOrder', { id: po.id });
      expect(now.status).toBe(status);
      expect(now.receipts).toHaveLength(winner === 'receive' ? 1 : 0);
      expect(now.lines.map((l) => l.qtyReceived)).toEqual(winner === 'receive' ? [2, 5] : [0, 0]);
      const units = await shop.one<{ n: number }>(
        `SELECT count(*) AS n FROM serials WHERE serial LIKE ?`,
        `PO${String(round).padStart(3, '0')}-%`,
      );
      expect(units.n).toBe(winner === 'receive' ? 2 : 0);
    }
    expect(wins.receive).toBeGreaterThan(0);
    expect(wins.cancel).toBeGreaterThan(0);
    expect(overlapping(timings)).toBeGreaterThan(0.5);
    // Stock follows the receipts that won: one receipt of 5 cables each.
    const cables = await shop.one<{ onHand: number; receipts: number }>(
      `SELECT (SELECT on_hand FROM stock_levels WHERE product_id = ? AND location_id = ?) AS "onHand",
        (SELECT count(*) FROM goods_receipts WHERE purchase_order_id IS NOT NULL) AS receipts`,
      shop.ids.cable,
      shop.ids.main,
    );
    expect(cables).toEqual({ onHand: cablesBefore + 5000 * wins.receive, receipts: wins.receive });
    const lostRaces = pair.reduce((n, c) => n + (c.lines.at(-1)!.lostRaces as number), 0);
    await checkInvariants(shop);
    console.log(
      `purchase orders: ${rounds} rounds, ${wins.receive} received, ${wins.cancel} cancelled, ${lostRaces} lost races run again`,
    );
    for (const c of pair) c.send({ op: 'close' });
    for (const c of pair) expect((await c.exited).code).toBe(0);
  });
});
