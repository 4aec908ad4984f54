// Transfers through the contract on a real store (SQLite and PostgreSQL): a two-step transfer whose units are sellable
// nowhere while In transit, a one-step transfer, a unit missing at receipt and found later, stock without serials,
// the counter's Transfer here, and the refusals (serial count ≠ quantity, a unit not In stock at the source, more
// than on hand), each writing nothing. After every step the ledger rebuilds the stored on-hand (checkStock).
import { describe, expect, it } from 'vitest';
import type { InputOf } from '../../core/contract.ts';
import { checkStock } from '../../db/services/stockCheck.ts';
import {
  freshDemoPerTest,
  okValue as ok,
  refusalOf,
  serviceCtx,
  type Backend,
  type CallOutcome,
  type DemoIds,
} from '../support/backend.ts';

let b: Backend;
let ids: DemoIds;
freshDemoPerTest((backend, demo) => {
  b = backend;
  ids = demo;
});

const refusal = <T>(outcome: () => Promise<CallOutcome<T>>) => refusalOf(b, outcome);
const noDifferences = async () => expect((await checkStock(serviceCtx(b))).differences).toEqual([]);
const laptops = (...serials: string[]) => ({
  productId: ids.laptop,
  qty: serials.length * 1000,
  serialIds: serials.map((s) => ids.serial(s)),
});
const cables = (qty: number) => ({ productId: ids.cable, qty, serialIds: [] });
/** A draft from Main Store to the Warehouse. */
const draft = (lines: InputOf<'saveTransfer'>['lines'], extra: Partial<InputOf<'saveTransfer'>> = {}) =>
  ok(b.api.saveTransfer({ fromLocationId: ids.main, toLocationId: ids.warehouse, lines, ...extra }));
const unit = (serial: string) =>
  b.one<{ status: string; location_id: number }>('SELECT status, location_id FROM serials WHERE serial = ?', serial);
const onHand = async (locationId: number) =>
  (
    await b.all<{ on_hand: number }>(
      'SELECT on_hand FROM stock_levels WHERE product_id = ? AND location_id = ?',
      ids.cable,
      locationId,
    )
  )[0]?.on_hand ?? 0;
const events = (transferId: number) =>
  b.all<{ serial: string; kind: string; note: string; location_id: number }>(
    `SELECT s.serial, e.kind, e.note, e.location_id FROM serial_events e JOIN serials s ON s.id = e.serial_id
     WHERE e.transfer_id = ? ORDER BY e.id`,
    transferId,
  );
const ledger = (transferId: number) =>
  b.all<{ serial_id: number | null; product_id: number; location_id: number; qty: number }>(
    `SELECT serial_id, product_id, location_id, qty FROM stock_moves WHERE doc = 'transfer' AND doc_id = ? ORDER BY id`,
    transferId,
  );
type SaleLine = InputOf<'saveInvoice'>['lines'][number];
const laptopSale = (serial: string, locationId: number) => ({
  customerId: ids.walkIn,
  locationId,
  invoiceDate: '2026-11-21',
  lines: [
    {
      productId: ids.laptop,
      description: 'Latitude 5440 Laptop',
      qty: 1000,
      unitPriceMinor: 124_900,
      taxable: true,
      serialIds: [ids.serial(serial)],
    } satisfies SaleLine,
  ],
});

describe('a transfer in two steps', () => {
  it('sends the units (In transit, sellable nowhere) and receives them at the destination, one event per unit', async () => {
    const t = await draft([laptops('DL5440-0001', 'DL5440-0002'), cables(5000)], { notes: 'for the van' });
    expect(t).toMatchObject({ number: 'TR-000001', status: 'draft', revision: 1, notes: 'for the van' });
    expect(t.lines.map((l) => [l.productName, l.qty, l.units.map((u) => u.serial)])).toEqual([
      ['Latitude 5440 Laptop', 2000, ['DL5440-0001', 'DL5440-0002']],
      ['USB-C Cable 2m', 5000, []],
    ]);
    expect(await unit('DL5440-0001')).toEqual({ status: 'in_stock', location_id: ids.main });
    await noDifferences();

    const sent = await ok(b.api.sendTransfer({ id: t.id }));
    expect(sent).toMatchObject({ status: 'in_transit', sentBy: 'test', receivedAt: null });
    expect(await unit('DL5440-0001')).toEqual({ status: 'in_transit', location_id: ids.main });
    expect(await onHand(ids.main)).toBe(45_000);
    expect(await events(t.id)).toEqual([
      { serial: 'DL5440-0001', kind: 'sent', note: 'sent from Main Store on TR-000001', location_id: ids.main },
      { serial: 'DL5440-0002', kind: 'sent', note: 'sent from Main Store on TR-000001', location_id: ids.main },
    ]);
    await noDifferences();

    // In transit: refused at either location, on an invoice and at the counter.
    for (const at of [ids.main, ids.warehouse]) {
      const onInvoice = await refusal(() => b.api.saveInvoice(laptopSale('DL5440-0001', at)));
      expect(onInvoice.message).toContain('DL5440-0001 is in transit on a transfer');
    }
    await ok(b.api.openTill({ floatMinor: 0 }));
    const atCounter = await refusal(() =>
      b.api.completeSale({
        sale: laptopSale('DL5440-0002', ids.warehouse),
        tenders: [{ methodId: ids.method('cash'), amountMinor: 200_000 }],
      }),
    );
    expect(atCounter.message).toContain('DL5440-0002 is in transit on a transfer');

    const received = await ok(
      b.api.receiveTransfer({ id: t.id, receivedSerialIds: [ids.serial('DL5440-0001'), ids.serial('DL5440-0002')] }),
    );
    expect(received).toMatchObject({ status: 'received', receivedBy: 'test' });
    expect(received.lines.map((l) => [l.qtyReceived, l.units.map((u) => [u.state, u.status])])).toEqual([
      [
        2000,
        [
          ['received', 'in_stock'],
          ['received', 'in_stock'],
        ],
      ],
      [5000, []],
    ]);
    expect(await unit('DL5440-0002')).toEqual({ status: 'in_stock', location_id: ids.warehouse });
    expect(await onHand(ids.warehouse)).toBe(5000);
    expect((await events(t.id)).slice(2)).toEqual([
      {
        serial: 'DL5440-0001',
        kind: 'received',
        note: 'received at Warehouse on TR-000001',
        location_id: ids.warehouse,
      },
      {
        serial: 'DL5440-0002',
        kind: 'received',
        note: 'received at Warehouse on TR-000001',
        location_id: ids.warehouse,
      },
    ]);
    // The ledger names the transfer and each unit: out of Main Store, into the Warehouse.
    const a = ids.serial('DL5440-0001');
    const c = ids.serial('DL5440-0002');
    expect(await ledger(t.id)).toEqual([
      { serial_id: a, product_id: ids.laptop, location_id: ids.main, qty: -1000 },
      { serial_id: c, product_id: ids.laptop, location_id: ids.main, qty: -1000 },
      { serial_id: null, product_id: ids.cable, location_id: ids.main, qty: -5000 },
      { serial_id: a, product_id: ids.laptop, location_id: ids.warehouse, qty: 1000 },
      { serial_id: c, product_id: ids.laptop, location_id: ids.warehouse, qty: 1000 },
      { serial_id: null, product_id: ids.cable, location_id: ids.warehouse, qty: 5000 },
    ]);
    await noDifferences();
    // Received: it sells at the Warehouse, and the history names the transfer.
    await ok(b.api.saveInvoice(laptopSale('DL5440-0001', ids.warehouse)));
    const history = await ok(b.api.serialHistory({ id: a }));
    expect(history.events.filter((e) => e.transfer).map((e) => [e.kind, e.transfer!.number])).toEqual([
      ['sent', 'TR-000001'],
      ['received', 'TR-000001'],
    ]);
    const list = await ok(b.api.listTransfers({}));
    expect(list).toMatchObject({ total: 1, rows: [{ number: 'TR-000001', status: 'received', lines: 2 }] });
    expect((await ok(b.api.listTransfers({ status: 'draft' }))).total).toBe(0);
  });
});

describe('a one-step transfer', () => {
  it('sends and receives in one command: the units are In stock at the destination', async () => {
    const t = await draft([laptops('DL5440-0003'), cables(1500)]);
    const done = await ok(b.api.sendTransfer({ id: t.id, oneStep: true }));
    expect(done.status).toBe('received');
    expect(await unit('DL5440-0003')).toEqual({ status: 'in_stock', location_id: ids.warehouse });
    expect([await onHand(ids.main), await onHand(ids.warehouse)]).toEqual([48_500, 1500]);
    expect((await events(t.id)).map((e) => [e.kind, e.note])).toEqual([
      ['sent', 'sent from Main Store on TR-000001'],
      ['received', 'received at Warehouse on TR-000001'],
    ]);
    await noDifferences();
  });

  it('Transfer here: one unit from where it is to the counter’s location, then it sells there', async () => {
    const t = await ok(b.api.transferHere({ serialId: ids.serial('DL5440-0101'), locationId: ids.main }));
    expect(t).toMatchObject({ fromLocationName: 'Warehouse', toLocationName: 'Main Store', status: 'received' });
    expect(await unit('DL5440-0101')).toEqual({ status: 'in_stock', location_id: ids.main });
    await noDifferences();
    await ok(b.api.saveInvoice(laptopSale('DL5440-0101', ids.main)));
    const again = await refusal(() =>
      b.api.transferHere({ serialId: ids.serial('DL5440-0002'), locationId: ids.main }),
    );
    expect(again.message).toBe('DL5440-0002 (Latitude 5440 Laptop) is already at Main Store.');
  });
});

describe('receiving with a missing unit', () => {
  it('marks it missing (it stays In transit, flagged), and a later Mark found receives it', async () => {
    const t = await draft([laptops('DL5440-0001', 'DL5440-0002')]);
    await ok(b.api.sendTransfer({ id: t.id }));
    const unscanned = await refusal(() =>
      b.api.receiveTransfer({ id: t.id, receivedSerialIds: [ids.serial('DL5440-0001')] }),
    );
    expect(unscanned.message).toBe(
      'TR-000001 was not received. Scan or mark missing every unit; not yet: DL5440-0002.',
    );
    const got = await ok(
      b.api.receiveTransfer({
        id: t.id,
        receivedSerialIds: [ids.serial('DL5440-0001')],
        missingSerialIds: [ids.serial('DL5440-0002')],
      }),
    );
    expect(got.status).toBe('received');
    expect(got.lines[0]).toMatchObject({ qty: 2000, qtyReceived: 1000 });
    expect(got.lines[0]!.units.map((u) => [u.serial, u.state, u.status])).toEqual([
      ['DL5440-0001', 'received', 'in_stock'],
      ['DL5440-0002', 'missing', 'in_transit'],
    ]);
    expect(await unit('DL5440-0002')).toEqual({ status: 'in_transit', location_id: ids.main });
    expect((await events(t.id)).slice(2)).toEqual([
      {
        serial: 'DL5440-0001',
        kind: 'received',
        note: 'received at Warehouse on TR-000001',
        location_id: ids.warehouse,
      },
      { serial: 'DL5440-0002', kind: 'missing', note: 'missing at Warehouse on TR-000001', location_id: ids.warehouse },
    ]);
    await noDifferences();

    const found = await ok(b.api.markTransferUnitFound({ id: t.id, serialId: ids.serial('DL5440-0002') }));
    expect(found.lines[0]).toMatchObject({ qtyReceived: 2000 });
    expect(await unit('DL5440-0002')).toEqual({ status: 'in_stock', location_id: ids.warehouse });
    expect((await events(t.id)).at(-1)).toMatchObject({
      kind: 'found',
      note: 'found and received at Warehouse on TR-000001',
    });
    await noDifferences();
    const twice = await refusal(() => b.api.markTransferUnitFound({ id: t.id, serialId: ids.serial('DL5440-0002') }));
    expect(twice.message).toBe('DL5440-0002 is not missing on TR-000001.');
  });
});

describe('writing off a unit still missing', () => {
  it('a Manager writes it off as Lost (an event naming the transfer, no ledger row); the list shows what is missing', async () => {
    const t = await draft([laptops('DL5440-0001', 'DL5440-0002')]);
    await ok(b.api.sendTransfer({ id: t.id }));
    const missingId = ids.serial('DL5440-0002');
    await ok(
      b.api.receiveTransfer({
        id: t.id,
        receivedSerialIds: [ids.serial('DL5440-0001')],
        missingSerialIds: [missingId],
      }),
    );
    let list = await ok(b.api.listTransfers({ missingUnits: true }));
    expect(list.rows.map((r) => [r.number, r.missingUnits, r.shortLines])).toEqual([['TR-000001', 1, 0]]);
    const ledgerBefore = await ledger(t.id);

    b.ctx.session = { staff: { id: 3, name: 'Casey Cashier', role: 'cashier' } };
    expect(await refusal(() => b.api.writeOffMissingUnit({ transferId: t.id, serialId: missingId }))).toEqual({
      code: 'needs_approval',
      message: 'Needs a manager: writing off DL5440-0002 as lost.',
    });
    const done = await ok(b.api.writeOffMissingUnit({ transferId: t.id, serialId: missingId, approvalPin: '2222' }));
    expect(done.lines[0]!.units.map((u) => [u.serial, u.state, u.status])).toEqual([
      ['DL5440-0001', 'received', 'in_stock'],
      ['DL5440-0002', 'missing', 'lost'],
    ]);
    expect(await unit('DL5440-0002')).toEqual({ status: 'lost', location_id: ids.main });
    expect((await events(t.id)).at(-1)).toEqual({
      serial: 'DL5440-0002',
      kind: 'lost',
      note: 'lost in transit on TR-000001 to Warehouse, written off by Casey Cashier, approved by Morgan Manager',
      location_id: ids.main,
    });
    expect(await ledger(t.id)).toEqual(ledgerBefore);
    await noDifferences();

    list = await ok(b.api.listTransfers({ missingUnits: true }));
    expect(list.rows).toEqual([]);
    expect((await ok(b.api.listTransfers({}))).rows[0]).toMatchObject({ missingUnits: 0 });
    const twice = await refusal(() =>
      b.api.writeOffMissingUnit({ transferId: t.id, serialId: missingId, approvalPin: '2222' }),
    );
    expect(twice.message).toBe('DL5440-0002 is not missing on TR-000001.');
    const found = await refusal(() => b.api.markTransferUnitFound({ id: t.id, serialId: missingId }));
    expect(found.message).toBe('DL5440-0002 is not missing on TR-000001.');
    const received = await refusal(() =>
      b.api.writeOffMissingUnit({ transferId: t.id, serialId: ids.serial('DL5440-0001') }),
    );
    expect(received.message).toBe('DL5440-0001 is not missing on TR-000001.');
  });
});

describe('stock without serials', () => {
  it('moves the quantity sent; a smaller quantity can arrive', async () => {
    const t = await draft([cables(10_000)]);
    await ok(b.api.sendTransfer({ id: t.id }));
    expect(await onHand(ids.main)).toBe(40_000);
    const lineId = t.lines[0]!.id;
    const got = await ok(b.api.receiveTransfer({ id: t.id, lines: [{ lineId, qtyReceived: 8000 }] }));
    expect(got.lines[0]).toMatchObject({ qty: 10_000, qtyReceived: 8000 });
    expect(await onHand(ids.warehouse)).toBe(8000);
    expect((await ok(b.api.listTransfers({}))).rows[0]).toMatchObject({ missingUnits: 0, shortLines: 1 });
    await noDifferences();
  });

  it('refuses to send more than the source has, naming the product and its on-hand', async () => {
    const t = await draft([cables(60_000)]);
    const r = await refusal(() => b.api.sendTransfer({ id: t.id }));
    expect(r).toEqual({
      code: 'conflict',
      message: 'TR-000001 was not sent. USB-C Cable 2m has 50 on hand at Main Store; this transfer sends 60.',
    });
  });
});

describe('refusals', () => {
  it('serial count ≠ quantity, units not In stock at the source, same location, nothing written', async () => {
    const short = await refusal(() =>
      b.api.saveTransfer({
        fromLocationId: ids.main,
        toLocationId: ids.warehouse,
        lines: [{ productId: ids.laptop, qty: 2000, serialIds: [ids.serial('DL5440-0001')] }],
      }),
    );
    expect(short.message).toBe(
      'The transfer was not saved. Line 1: Latitude 5440 Laptop needs exactly 2 serials for a quantity of 2, got 1.',
    );
    const elsewhere = await refusal(() =>
      b.api.saveTransfer({
        fromLocationId: ids.main,
        toLocationId: ids.warehouse,
        lines: [laptops('DL5440-0101')],
      }),
    );
    expect(elsewhere.message).toBe(
      'The transfer was not saved. DL5440-0101 (Latitude 5440 Laptop) is at Warehouse, not Main Store.',
    );
    const half = await refusal(() =>
      b.api.saveTransfer({
        fromLocationId: ids.main,
        toLocationId: ids.warehouse,
        lines: [{ productId: ids.laptop, qty: 1500, serialIds: [ids.serial('DL5440-0001')] }],
      }),
    );
    expect(half.message).toContain('Latitude 5440 Laptop is serial-tracked: the quantity must be whole units.');
    const same = await refusal(() =>
      b.api.saveTransfer({ fromLocationId: ids.main, toLocationId: ids.main, lines: [cables(1000)] }),
    );
    expect(same.message).toBe('A transfer goes from one location to another: both are Main Store.');
    const service = await refusal(() =>
      b.api.saveTransfer({
        fromLocationId: ids.main,
        toLocationId: ids.warehouse,
        lines: [{ productId: ids.support, qty: 1000, serialIds: [] }],
      }),
    );
    expect(service.message).toContain('is a service and keeps no stock');
  });

  it('a unit sold after it was picked is refused at send; edits need the current revision; only drafts change', async () => {
    const t = await draft([laptops('DL5440-0001')]);
    await ok(b.api.saveInvoice(laptopSale('DL5440-0001', ids.main)));
    const sold = await refusal(() => b.api.sendTransfer({ id: t.id }));
    expect(sold.message).toBe('TR-000001 was not sent. DL5440-0001 (Latitude 5440 Laptop) is sold.');
    const edited = await ok(
      b.api.saveTransfer({
        id: t.id,
        revision: 1,
        fromLocationId: ids.main,
        toLocationId: ids.warehouse,
        lines: [laptops('DL5440-0002')],
      }),
    );
    expect(edited.revision).toBe(2);
    const stale = await refusal(() =>
      b.api.saveTransfer({
        id: t.id,
        revision: 1,
        fromLocationId: ids.main,
        toLocationId: ids.warehouse,
        lines: [laptops('DL5440-0003')],
      }),
    );
    expect(stale.code).toBe('conflict');
    const cancelled = await ok(b.api.cancelTransfer({ id: t.id }));
    expect(cancelled.status).toBe('cancelled');
    const late = await refusal(() => b.api.sendTransfer({ id: t.id }));
    expect(late.message).toBe('TR-000001 is cancelled; only a draft can be sent.');
    await noDifferences();
  });
});
