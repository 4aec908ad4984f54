import { describe, expect, it } from 'vitest';
import { inWriteTransaction } from '../../db/services/context.ts';
import {
  getPurchaseOrder,
  receivePurchaseOrder,
  savePurchaseOrder,
  setPurchaseOrderStatus,
  type PoReceiveLine,
} from '../../db/services/purchasing.ts';
import { lookupSerial } from '../../db/services/serials.ts';
import { freshDemoPerTest, refusedWithoutWrites, serviceCtx, type Backend, type DemoIds } from '../support/backend.ts';

let b: Backend;
let ids: DemoIds;
freshDemoPerTest((backend, demo) => {
  b = backend;
  ids = demo;
});

const tx = <T>(work: Parameters<typeof inWriteTransaction<T>>[1]) => inWriteTransaction(serviceCtx(b), work);
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ serial: `DL5440-${String(from + i).padStart(4, '0')}` }));

async function newPo() {
  return tx((t) =>
    savePurchaseOrder(t, {
      vendorId: ids.northwind,
      locationId: ids.warehouse,
      notes: 'Q4 restock',
      lines: [
        { productId: ids.laptop, qty: 5, unitCostMinor: 98_000 },
        { productId: ids.cable, qty: 20, unitCostMinor: 450 },
      ],
    }),
  );
}
const receive = (id: number, lines: PoReceiveLine[]) => tx((t) => receivePurchaseOrder(t, id, lines));

const refusal = (work: () => Promise<unknown>) => refusedWithoutWrites(b, work);

describe('purchase orders', () => {
  it('are numbered PO-000001 on, start as drafts, and only drafts can be edited', async () => {
    const po = await newPo();
    expect(po).toMatchObject({
      number: 'PO-000001',
      status: 'draft',
      vendorName: 'Northwind Distribution',
      locationName: 'Warehouse',
      totalCostMinor: 5 * 98_000 + 20 * 450,
    });
    expect((await newPo()).number).toBe('PO-000002');
    const edited = await tx((t) =>
      savePurchaseOrder(t, {
        id: po.id,
        vendorId: ids.northwind,
        locationId: ids.main,
        notes: '',
        lines: [{ productId: ids.laptop, qty: 2, unitCostMinor: 1 }],
      }),
    );
    expect(edited.lines).toHaveLength(1);
    expect(edited.locationName).toBe('Main Store');
    await tx((t) => setPurchaseOrderStatus(t, po.id, 'submit'));
    const error = await refusal(() =>
      tx((t) =>
        savePurchaseOrder(t, {
          id: po.id,
          vendorId: ids.northwind,
          locationId: ids.main,
          notes: '',
          lines: [{ productId: ids.laptop, qty: 9, unitCostMinor: 1 }],
        }),
      ),
    );
    expect(error.message).toBe('PO-000001 is submitted; only a draft purchase order can be changed.');
  });

  it('refuses services on an order and bad status moves', async () => {
    await expect(
      tx((t) =>
        savePurchaseOrder(t, {
          vendorId: ids.northwind,
          locationId: ids.main,
          notes: '',
          lines: [{ productId: ids.support, qty: 1, unitCostMinor: 0 }],
        }),
      ),
    ).rejects.toThrow('On-site support (hour) is a service and keeps no stock');
    const po = await newPo();
    await tx((t) => setPurchaseOrderStatus(t, po.id, 'cancel'));
    await expect(tx((t) => setPurchaseOrderStatus(t, po.id, 'submit'))).rejects.toThrow(
      'PO-000001 is cancelled, so it cannot be submitted.',
    );
    await expect(receive(po.id, [{ lineId: po.lines[1]!.id, qty: 1 }])).rejects.toThrow('nothing more can be received');
  });

  it('receives partially, then fully: statuses follow, units are in stock at the PO location with "received on PO-000001"', async () => {
    const po = await newPo();
    await tx((t) => setPurchaseOrderStatus(t, po.id, 'submit'));
    const [laptops, cables] = po.lines;
    const first = await receive(po.id, [
      { lineId: laptops!.id, qty: 2, serials: range(200, 201) },
      { lineId: cables!.id, qty: 5 },
    ]);
    expect(first.purchaseOrder.status).toBe('partially_received');
    expect(first.purchaseOrder.lines.map((l) => l.qtyReceived)).toEqual([2, 5]);
    expect(first.purchaseOrder.receipts.map((r) => r.number)).toEqual([first.receipt.number]);
    const [unit] = await lookupSerial(serviceCtx(b), 'DL5440-0200');
    expect(unit).toMatchObject({ status: 'in_stock', locationName: 'Warehouse' });
    const note = (await b.one<{ note: string }>(`SELECT note FROM serial_events WHERE serial_id = ?`, unit!.serialId))
      .note;
    expect(note).toBe(`received on PO-000001 (${first.receipt.number})`);
    expect(
      await b.one(
        `SELECT on_hand FROM stock_levels WHERE product_id = ? AND location_id = ?`,
        ids.cable,
        ids.warehouse,
      ),
    ).toEqual({ on_hand: 5_000 }); // thousandths

    const second = await receive(po.id, [
      { lineId: laptops!.id, qty: 3, serials: range(202, 204) },
      { lineId: cables!.id, qty: 15 },
    ]);
    expect(second.purchaseOrder.status).toBe('received');
    expect(second.purchaseOrder.receipts).toHaveLength(2);
  });

  it('a draft is submitted by its first receipt', async () => {
    const po = await newPo();
    const r = await receive(po.id, [{ lineId: po.lines[1]!.id, qty: 20 }]);
    expect(r.purchaseOrder.status).toBe('partially_received');
  });

  it('refuses a count mismatch, duplicates, known serials and over-receipt, writing nothing', async () => {
    const po = await newPo();
    const laptops = po.lines[0]!.id;
    expect(
      (await refusal(() => receive(po.id, [{ lineId: laptops, qty: 3, serials: range(200, 201) }]))).message,
    ).toContain('Latitude 5440 Laptop needs exactly 3 serials, got 2.');
    expect(
      (
        await refusal(() =>
          receive(po.id, [
            { lineId: laptops, qty: 2, serials: [{ serial: 'DL5440-0300' }, { serial: 'DL5440-0300' }] },
          ]),
        )
      ).message,
    ).toContain('DL5440-0300 is entered twice in this receipt.');
    expect(
      (await refusal(() => receive(po.id, [{ lineId: laptops, qty: 1, serials: [{ serial: 'DL5440-0001' }] }])))
        .message,
    ).toContain('DL5440-0001 already exists for Latitude 5440 Laptop.');
    expect(
      (await refusal(() => receive(po.id, [{ lineId: laptops, qty: 6, serials: range(200, 205) }]))).message,
    ).toContain('Line 1 (Latitude 5440 Laptop): 6 to receive but only 5 still open.');
    expect(await getPurchaseOrder(serviceCtx(b), po.id)).toMatchObject({ status: 'draft', receipts: [] });
  });
});
