// Stock counts (issue 19): a count snapshots what Main Store should hold, scans from several people add up, and posting
// turns every kind of difference (missing, in the wrong place, lost then found, quantities over and under) into one
// adjustment ADJ-… with events naming it, ledger rows and stock levels that checkStock rebuilds without a difference.
import { describe, expect, it } from 'vitest';
import type { StaffRef } from '../../core/model.ts';
import { checkStock } from '../../db/services/stockCheck.ts';
import { freshDemoPerTest, okValue, refusalOf, serviceCtx, type Backend, type DemoIds } from '../support/backend.ts';

let b: Backend;
let ids: DemoIds;
freshDemoPerTest((backend, demo) => {
  b = backend;
  ids = demo;
});

const CASEY: StaffRef = { id: 3, name: 'Casey Cashier', role: 'cashier' };
const MORGAN: StaffRef = { id: 2, name: 'Morgan Manager', role: 'manager' };
const as = (staff: StaffRef) => (b.ctx.session!.staff = staff);
const differences = async () => (await checkStock(serviceCtx(b))).differences;
const scan = (countId: number, code: string, qty?: number) =>
  okValue(b.api.countScan({ countId, code, ...(qty === undefined ? {} : { qty }) }));
const unit = (serial: string) =>
  b.one<{ status: string; location_id: number }>('SELECT status, location_id FROM serials WHERE serial = ?', serial);
const cablesAt = async (locationId: number) =>
  (
    await b.one<{ on_hand: number }>(
      'SELECT on_hand FROM stock_levels WHERE product_id = ? AND location_id = ?',
      ids.cable,
      locationId,
    )
  ).on_hand;
const eventsOf = (serial: string) =>
  b.all<{ kind: string; note: string; location_id: number; adjustment_id: number | null }>(
    `SELECT e.kind, e.note, e.location_id, e.adjustment_id FROM serial_events e JOIN serials s ON s.id = e.serial_id
     WHERE s.serial = ? ORDER BY e.id`,
    serial,
  );
const ledgerOf = (adjustmentId: number) =>
  b.all<{ product_id: number; location_id: number; serial_id: number | null; qty: number }>(
    `SELECT product_id, location_id, serial_id, qty FROM stock_moves WHERE doc = 'adjustment' AND doc_id = ? ORDER BY id`,
    adjustmentId,
  );

describe('stock counts', () => {
  it('adds up scans from two people, refuses a unit counted twice, and posts missing units Lost with quantities', async () => {
    const count = await okValue(b.api.startStockCount({ locationId: ids.main, productIds: [ids.laptop, ids.cable] }));
    expect(count).toMatchObject({
      number: 'SC-000001',
      status: 'open',
      allProducts: false,
      locationName: 'Main Store',
    });
    expect(count.products.map((p) => [p.productName, p.expectedQty])).toEqual([
      ['Latitude 5440 Laptop', 3000],
      ['USB-C Cable 2m', 50_000],
    ]);
    expect(count.totals.expectedUnits).toBe(3);

    as(CASEY);
    const first = await scan(count.id, 'SN:DL5440-0001');
    expect(first).toMatchObject({
      tone: 'ok',
      message: 'DL5440-0001 counted (Latitude 5440 Laptop).',
      product: { expectedQty: 3000, countedQty: 1000 },
      scanCount: 1,
    });
    expect((await scan(count.id, 'USBC-2M', 30_000)).product).toMatchObject({ countedQty: 30_000 });
    as(MORGAN);
    // A plain serial (no SN:) is a unit too; the barcode with a quantity counts the cable.
    expect((await scan(count.id, 'DL5440-0002')).product?.countedQty).toBe(2000);
    expect((await scan(count.id, '0012345678905', 24_000)).product?.countedQty).toBe(54_000);
    expect((await scan(count.id, 'USBC-2M', -1_000)).message).toBe('USB-C Cable 2m: corrected by -1.');

    const twice = await refusalOf(b, () => b.api.countScan({ countId: count.id, code: 'SN:DL5440-0001' }));
    expect(twice.code).toBe('conflict');
    expect(twice.message).toMatch(/^DL5440-0001 is already counted \(by Casey Cashier at .+\)\.$/);
    expect((await refusalOf(b, () => b.api.countScan({ countId: count.id, code: '5901234123457' }))).message).toBe(
      'Latitude 5440 Laptop is serial-tracked: scan its serial.',
    );
    expect((await refusalOf(b, () => b.api.countScan({ countId: count.id, code: 'SN:MKT18-A1001' }))).message).toBe(
      'MKT18-A1001 (Cordless Drill 18V) is not in this count.',
    );
    expect(
      (await refusalOf(b, () => b.api.countScan({ countId: count.id, code: 'USBC-2M', qty: -60_000 }))).message,
    ).toBe('A correction of 60 is more than the 53 of USB-C Cable 2m counted.');

    const review = await okValue(b.api.getStockCount({ id: count.id }));
    expect(review.missing.map((u) => u.serial)).toEqual(['DL5440-0003']);
    expect(review.products.find((p) => p.productId === ids.cable)).toMatchObject({
      expectedQty: 50_000,
      countedQty: 53_000,
      differenceQty: 3_000,
    });
    expect(review.scans.map((s) => s.actor)).toEqual([
      'Morgan Manager',
      'Morgan Manager',
      'Morgan Manager',
      'Casey Cashier',
      'Casey Cashier',
    ]);

    const posted = await okValue(b.api.postStockCount({ id: count.id }));
    expect(posted.adjustment).toMatchObject({ number: 'ADJ-000001', lines: 2 });
    expect(posted.message).toBe('SC-000001 posted as ADJ-000001: 1 missing unit Lost, 1 quantity corrected.');
    expect(posted.count).toMatchObject({ status: 'posted', closedBy: 'Morgan Manager', missing: [] });
    expect(await unit('DL5440-0003')).toMatchObject({ status: 'lost', location_id: ids.main });
    expect((await eventsOf('DL5440-0003')).at(-1)).toEqual({
      kind: 'lost',
      note: 'missing at count SC-000001 (ADJ-000001)',
      location_id: ids.main,
      adjustment_id: posted.adjustment!.id,
    });
    expect(await ledgerOf(posted.adjustment!.id)).toEqual([
      { product_id: ids.laptop, location_id: ids.main, serial_id: ids.serial('DL5440-0003'), qty: -1000 },
      { product_id: ids.cable, location_id: ids.main, serial_id: null, qty: 3000 },
    ]);
    expect(await cablesAt(ids.main)).toBe(53_000);
    expect(await differences()).toEqual([]);
    // Posted counts take no more scans.
    expect((await refusalOf(b, () => b.api.countScan({ countId: count.id, code: 'SN:DL5440-0003' }))).message).toBe(
      'SC-000001 is posted: it takes no more scans.',
    );
  });

  it('posts a unit from another location, a lost unit found, missing units and a quantity under in one adjustment', async () => {
    // DL5440-0003 is lost first (a count that missed it).
    const earlier = await okValue(b.api.startStockCount({ locationId: ids.main, productIds: [ids.laptop] }));
    await scan(earlier.id, 'SN:DL5440-0001');
    await scan(earlier.id, 'SN:DL5440-0002');
    await okValue(b.api.postStockCount({ id: earlier.id }));
    expect(await differences()).toEqual([]);

    const count = await okValue(b.api.startStockCount({ locationId: ids.main }));
    expect(count.allProducts).toBe(true);
    expect(count.totals.expectedUnits).toBe(6); // 2 laptops, 2 phones, 2 drills
    for (const code of ['SN:DL5440-0001', 'SN:DL5440-0002', 'SN:356789012345671', 'SN:MKT18-A1001', 'MKT18-A1002'])
      expect((await scan(count.id, code)).tone).toBe('ok');
    expect((await scan(count.id, 'SN:DL5440-0003')).message).toBe(
      'DL5440-0003 counted: it was written off as lost; posting finds it here.',
    );
    // GS1 with AI 01 + 21: the unit at the Warehouse, found on Main Store's shelf.
    expect((await scan(count.id, '0105901234123457' + '21DL5440-0101')).message).toBe(
      'DL5440-0101 counted: it is recorded at Warehouse; posting moves it here.',
    );
    const unknown = await scan(count.id, 'SN:ZZ-9999');
    expect(unknown).toMatchObject({
      tone: 'warning',
      product: null,
      message: 'ZZ-9999 is not a known serial: recorded as unknown.',
    });
    expect((await refusalOf(b, () => b.api.countScan({ countId: count.id, code: 'sn:zz-9999' }))).message).toMatch(
      /^ZZ-9999 is already counted \(by test at .+\)\.$/,
    );
    await scan(count.id, 'USBC-2M', 47_000);
    // A mistaken scan taken back.
    const wrong = await scan(count.id, 'USBC-2M', 5_000);
    await okValue(b.api.removeCountScan({ countId: count.id, scanId: wrong.scan.id }));

    const review = await okValue(b.api.getStockCount({ id: count.id }));
    expect(review.missing.map((u) => u.serial)).toEqual(['356789012345689']);
    expect(review.wrongPlace.map((u) => [u.serial, u.locationName, u.status, u.action])).toEqual([
      ['DL5440-0003', 'Main Store', 'lost', 'found'],
      ['DL5440-0101', 'Warehouse', 'in_stock', 'move'],
    ]);
    expect(review.unknown.map((u) => u.serial)).toEqual(['ZZ-9999']);
    expect(review.totals).toMatchObject({ missing: 1, wrongPlace: 2, unknown: 1, quantityDifferences: 1 });
    expect(review.products.find((p) => p.productId === ids.cable)?.differenceQty).toBe(-3_000);

    // A cashier needs a manager's PIN: refused without one, nothing written; accepted with Morgan's.
    as(CASEY);
    const refused = await refusalOf(b, () => b.api.postStockCount({ id: count.id }));
    expect(refused).toEqual({ code: 'needs_approval', message: 'Needs a manager: posting SC-000002.' });
    const posted = await okValue(b.api.postStockCount({ id: count.id, approvalPin: '2222' }));
    expect(posted.adjustment?.number).toBe('ADJ-000002');
    const adj = await b.one<{ approved_by: string; actor: string; stock_count_id: number }>(
      'SELECT approved_by, actor, stock_count_id FROM adjustments WHERE id = ?',
      posted.adjustment!.id,
    );
    expect(adj).toEqual({ approved_by: 'Morgan Manager', actor: 'Casey Cashier', stock_count_id: count.id });

    expect(await unit('356789012345689')).toMatchObject({ status: 'lost', location_id: ids.main });
    expect(await unit('DL5440-0003')).toMatchObject({ status: 'in_stock', location_id: ids.main });
    expect(await unit('DL5440-0101')).toMatchObject({ status: 'in_stock', location_id: ids.main });
    expect((await eventsOf('DL5440-0101')).slice(-2)).toEqual([
      {
        kind: 'moved',
        note: 'left Warehouse: found at Main Store on count SC-000002 (ADJ-000002)',
        location_id: ids.warehouse,
        adjustment_id: posted.adjustment!.id,
      },
      {
        kind: 'found',
        note: 'found at Main Store on count SC-000002 (ADJ-000002); it was recorded at Warehouse',
        location_id: ids.main,
        adjustment_id: posted.adjustment!.id,
      },
    ]);
    expect((await eventsOf('DL5440-0003')).at(-1)).toMatchObject({
      kind: 'found',
      note: 'found at Main Store on count SC-000002 (ADJ-000002); it was written off as lost',
    });
    expect(await ledgerOf(posted.adjustment!.id)).toEqual([
      { product_id: ids.phone, location_id: ids.main, serial_id: ids.serial('356789012345689'), qty: -1000 },
      { product_id: ids.laptop, location_id: ids.main, serial_id: ids.serial('DL5440-0003'), qty: 1000 },
      { product_id: ids.laptop, location_id: ids.warehouse, serial_id: ids.serial('DL5440-0101'), qty: -1000 },
      { product_id: ids.laptop, location_id: ids.main, serial_id: ids.serial('DL5440-0101'), qty: 1000 },
      { product_id: ids.cable, location_id: ids.main, serial_id: null, qty: -3000 },
    ]);
    expect(
      await b.all('SELECT qty, note FROM adjustment_lines WHERE adjustment_id = ? ORDER BY id', posted.adjustment!.id),
    ).toHaveLength(5);
    expect(await cablesAt(ids.main)).toBe(47_000);
    // The unknown serial is still listed (a receipt can bring it in); it was not adjusted.
    expect(posted.count.unknown.map((u) => u.serial)).toEqual(['ZZ-9999']);
    expect(await differences()).toEqual([]);
  });

  it('closes a count without differences with no adjustment, refuses a second open count, and cancels', async () => {
    const count = await okValue(b.api.startStockCount({ locationId: ids.warehouse }));
    expect(count.products.map((p) => p.productName)).toEqual(['Latitude 5440 Laptop']);
    expect(
      (await refusalOf(b, () => b.api.startStockCount({ locationId: ids.warehouse, productIds: [ids.cable] }))).message,
    ).toBe('SC-000001 is already counting Warehouse: scan into it, or post or cancel it first.');
    await scan(count.id, 'SN:DL5440-0101');
    const posted = await okValue(b.api.postStockCount({ id: count.id }));
    expect(posted).toMatchObject({
      adjustment: null,
      message: 'No differences: SC-000001 is closed without an adjustment.',
    });
    expect(await b.all('SELECT id FROM adjustments')).toEqual([]);

    expect(
      (await refusalOf(b, () => b.api.startStockCount({ locationId: ids.main, productIds: [ids.support] }))).message,
    ).toBe('On-site support (hour) is a service and keeps no stock: it cannot be counted.');
    const other = await okValue(b.api.startStockCount({ locationId: ids.main, productIds: [ids.cable] }));
    expect((await okValue(b.api.cancelStockCount({ id: other.id }))).status).toBe('cancelled');
    expect((await refusalOf(b, () => b.api.postStockCount({ id: other.id }))).message).toBe('SC-000002 is cancelled.');
    const list = await okValue(b.api.listStockCounts({}));
    expect(list.rows.map((r) => [r.number, r.status, r.scanCount])).toEqual([
      ['SC-000002', 'cancelled', 0],
      ['SC-000001', 'posted', 1],
    ]);
    expect(await differences()).toEqual([]);
  });

  it('expects what sold during the count: on-hand after posting is what was counted', async () => {
    await okValue(b.api.openTill({ floatMinor: 10_000 }));
    const sellCables = (qty: number) =>
      okValue(
        b.api.completeSale({
          sale: {
            customerId: ids.walkIn,
            locationId: ids.main,
            invoiceDate: '2026-11-21',
            lines: [
              {
                productId: ids.cable,
                description: 'USB-C Cable 2m',
                qty,
                unitPriceMinor: 1_999,
                taxable: true,
                serialIds: [],
              },
            ],
          },
          tenders: [{ methodId: ids.method('cash'), amountMinor: 10_000 }],
        }),
      );
    expect(await cablesAt(ids.main)).toBe(50_000);
    const count = await okValue(b.api.startStockCount({ locationId: ids.main, productIds: [ids.cable] }));
    await sellCables(2_000);
    expect(await differences()).toEqual([]);
    expect((await scan(count.id, 'USBC-2M', 48_000)).product).toMatchObject({
      expectedQty: 48_000,
      countedQty: 48_000,
    });
    const review = await okValue(b.api.getStockCount({ id: count.id }));
    expect(review.products[0]).toMatchObject({
      startQty: 50_000,
      movedQty: -2_000,
      expectedQty: 48_000,
      countedQty: 48_000,
      differenceQty: 0,
    });
    expect(review.totals.quantityDifferences).toBe(0);
    const posted = await okValue(b.api.postStockCount({ id: count.id }));
    expect(posted.adjustment).toBeNull();
    expect(await cablesAt(ids.main)).toBe(48_000);
    expect(await differences()).toEqual([]);

    // 45 counted while one more sells (47 expected now): posting takes 2 off, and on-hand is the 45 counted.
    const second = await okValue(b.api.startStockCount({ locationId: ids.main, productIds: [ids.cable] }));
    await scan(second.id, 'USBC-2M', 45_000);
    await sellCables(1_000);
    const adjusted = await okValue(b.api.postStockCount({ id: second.id }));
    expect(await ledgerOf(adjusted.adjustment!.id)).toEqual([
      { product_id: ids.cable, location_id: ids.main, serial_id: null, qty: -2_000 },
    ]);
    expect(await cablesAt(ids.main)).toBe(45_000);
    // The posted count still shows what posting saw, not its own adjustment.
    expect(adjusted.count.products[0]).toMatchObject({
      startQty: 48_000,
      movedQty: -1_000,
      expectedQty: 47_000,
      differenceQty: -2_000,
    });
    expect(await differences()).toEqual([]);
  });

  it('refuses posting a product counted below zero, naming it', async () => {
    const count = await okValue(b.api.startStockCount({ locationId: ids.main, productIds: [ids.cable] }));
    const first = await scan(count.id, 'USBC-2M', 3_000);
    await scan(count.id, 'USBC-2M', -2_000);
    await okValue(b.api.removeCountScan({ countId: count.id, scanId: first.scan.id }));
    expect(await refusalOf(b, () => b.api.postStockCount({ id: count.id }))).toEqual({
      code: 'invalid_input',
      message:
        'USB-C Cable 2m is counted at -2: corrections took away more than was scanned. ' +
        'Scan it again or remove a correction, then post.',
    });
    expect(await cablesAt(ids.main)).toBe(50_000);
  });

  it('says what a count without adjustments leaves as it is', async () => {
    const count = await okValue(b.api.startStockCount({ locationId: ids.main, productIds: [ids.drill] }));
    await scan(count.id, 'SN:MKT18-A1001');
    await scan(count.id, 'SN:MKT18-A1002');
    await scan(count.id, 'SN:MKT18-A1009');
    expect((await okValue(b.api.getStockCount({ id: count.id }))).totals).toMatchObject({
      expectedUnits: 2,
      countedUnits: 2,
      notExpected: 1,
    });
    expect((await okValue(b.api.postStockCount({ id: count.id }))).message).toBe(
      'Nothing to adjust; 1 unknown serial is left as it is. SC-000001 is closed without an adjustment.',
    );
  });

  it('counts a unit once when two counters scan it at the same moment', async () => {
    const count = await okValue(b.api.startStockCount({ locationId: ids.main, productIds: [ids.laptop] }));
    const both = await Promise.all([
      b.api.countScan({ countId: count.id, code: 'SN:DL5440-0001' }),
      b.api.countScan({ countId: count.id, code: 'DL5440-0001' }),
    ]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    const refused = both.find((r) => !r.ok);
    expect(refused?.ok === false && refused.error).toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/^DL5440-0001 is already counted \(by test at .+\)\.$/),
    });
    expect((await okValue(b.api.getStockCount({ id: count.id }))).totals.countedUnits).toBe(1);
  });

  it('counts an unknown serial as its unit once a receipt brings it in', async () => {
    const count = await okValue(b.api.startStockCount({ locationId: ids.main, productIds: [ids.drill] }));
    await scan(count.id, 'SN:MKT18-A1001');
    await scan(count.id, 'SN:MKT18-A1002');
    await scan(count.id, 'SN:MKT18-A1003');
    expect((await okValue(b.api.getStockCount({ id: count.id }))).unknown.map((u) => u.serial)).toEqual([
      'MKT18-A1003',
    ]);
    await okValue(
      b.api.receiveGoods({
        locationId: ids.main,
        lines: [{ productId: ids.drill, qty: 1, serials: [{ serial: 'MKT18-A1003' }] }],
      }),
    );
    const review = await okValue(b.api.getStockCount({ id: count.id }));
    expect(review.unknown).toEqual([]);
    // The receipt during the count is expected now: 2 at the start, +1 since.
    expect(review.products[0]).toMatchObject({ startQty: 2000, movedQty: 1000, expectedQty: 3000, countedQty: 3000 });
    expect(review.wrongPlace).toEqual([]);
    const posted = await okValue(b.api.postStockCount({ id: count.id }));
    expect(posted.adjustment).toBeNull();
    expect(await differences()).toEqual([]);
  });
});
