import { describe, expect, it } from 'vitest';
import { inWriteTransaction } from '../../db/services/context.ts';
import { saveInvoice } from '../../db/services/invoices.ts';
import { deleteSerial, getReceipt, listSerials, renameSerial, serialHistory } from '../../db/services/serialAdmin.ts';
import { lookupSerial } from '../../db/services/serials.ts';
import { receiveGoods } from '../../db/services/receiving.ts';
import { freshDemoPerTest, refusedWithoutWrites, serviceCtx, type Backend, type DemoIds } from '../support/backend.ts';

let b: Backend;
let ids: DemoIds;
freshDemoPerTest((backend, demo) => {
  b = backend;
  ids = demo;
});

const tx = <T>(work: Parameters<typeof inWriteTransaction<T>>[1]) => inWriteTransaction(serviceCtx(b), work);
const sell = (serial: string, invoiceId?: number) =>
  tx((t) =>
    saveInvoice(t, {
      ...(invoiceId ? { id: invoiceId } : {}),
      customerId: ids.acme,
      locationId: ids.main,
      invoiceDate: '2026-11-21',
      notes: '',
      lines: [
        {
          productId: ids.laptop,
          description: 'Latitude 5440 Laptop',
          qty: 1000,
          unitPriceMinor: 124_900,
          taxable: true,
          serialIds: [ids.serial(serial)],
        },
      ],
    }),
  );

const refusal = (work: () => Promise<unknown>) => refusedWithoutWrites(b, work);

describe('renaming a serial', () => {
  it('keeps the old text as an alias, so an SN: scan of the old label still finds the unit', async () => {
    const id = ids.serial('DL5440-0003');
    const renamed = await tx((t) => renameSerial(t, id, ' DL5440-0030 ', 'label typo'));
    expect(renamed.serial).toBe('DL5440-0030');
    expect((await lookupSerial(serviceCtx(b), 'DL5440-0003')).map((m) => [m.serialId, m.serial])).toEqual([
      [id, 'DL5440-0030'],
    ]);
    expect((await lookupSerial(serviceCtx(b), 'dl5440-0003')).map((m) => m.serialId)).toEqual([id]);
    expect((await lookupSerial(serviceCtx(b), 'DL5440-0030')).map((m) => m.serialId)).toEqual([id]);
    const history = await serialHistory(serviceCtx(b), id);
    expect(history.aliases).toEqual(['DL5440-0003']);
    expect(history.events.at(-1)).toMatchObject({
      kind: 'renamed',
      note: 'renamed from DL5440-0003 to DL5440-0030: label typo',
    });
    // The Serial Numbers search finds it by the old label too.
    expect(
      (await listSerials(serviceCtx(b), { text: 'dl5440-0003', limit: 10, offset: 0 })).rows.map((r) => r.id),
    ).toEqual([id]);
  });

  it('refuses without a reason, to an empty text, or to a serial the product already has', async () => {
    const id = ids.serial('DL5440-0003');
    expect((await refusal(() => tx((t) => renameSerial(t, id, 'DL5440-0099', '  ')))).message).toMatch(/reason/);
    expect((await refusal(() => tx((t) => renameSerial(t, id, ' ', 'typo')))).message).toMatch(/new serial/);
    expect((await refusal(() => tx((t) => renameSerial(t, id, 'DL5440-0001', 'typo')))).message).toBe(
      'Latitude 5440 Laptop already has a serial DL5440-0001.',
    );
  });
});

describe('deleting a serial', () => {
  it('takes an in-stock, never-invoiced unit out of stock and out of scans, and records why', async () => {
    const id = ids.serial('DL5440-0003');
    const unit = await tx((t) => deleteSerial(t, id, 'entered by mistake'));
    expect(unit).toMatchObject({ deleted: true, status: 'scrapped' });
    expect(await lookupSerial(serviceCtx(b), 'DL5440-0003')).toEqual([]);
    expect(
      (await listSerials(serviceCtx(b), { productId: ids.laptop, limit: 50, offset: 0 })).rows.map((r) => r.serial),
    ).not.toContain('DL5440-0003');
    expect(
      (await listSerials(serviceCtx(b), { status: 'deleted', limit: 50, offset: 0 })).rows.map((r) => r.serial),
    ).toEqual(['DL5440-0003']);
    expect((await serialHistory(serviceCtx(b), id)).events.map((e) => [e.kind, e.note])).toEqual([
      ['received', 'received on Opening stock (GR-000001)'],
      ['deleted', 'deleted: entered by mistake'],
    ]);
  });

  it('refuses a sold unit, and a unit that was ever on an invoice even after it came back', async () => {
    const invoice = await sell('DL5440-0001');
    expect((await refusal(() => tx((t) => deleteSerial(t, ids.serial('DL5440-0001'), 'oops')))).message).toBe(
      'DL5440-0001 cannot be deleted: it is sold on INV-000001. Only a unit in stock can be deleted.',
    );
    await sell('DL5440-0002', invoice.id); // the edit releases DL5440-0001 back to stock
    expect((await refusal(() => tx((t) => deleteSerial(t, ids.serial('DL5440-0001'), 'oops')))).message).toBe(
      'DL5440-0001 cannot be deleted: it was on invoice INV-000001, and its history must stay whole.',
    );
    expect((await refusal(() => tx((t) => deleteSerial(t, ids.serial('DL5440-0003'), '')))).message).toMatch(/reason/);
  });
});

describe('serial history and the Serial Numbers list', () => {
  it("tells a unit's life in order with its documents: received, sold to a customer, released by an edit", async () => {
    const invoice = await sell('DL5440-0001');
    await sell('DL5440-0002', invoice.id);
    const history = await serialHistory(serviceCtx(b), ids.serial('DL5440-0001'));
    expect(history.unit).toMatchObject({ serial: 'DL5440-0001', status: 'in_stock', invoice: null });
    expect(
      history.events.map((e) => ({
        kind: e.kind,
        receipt: e.receipt?.number,
        invoice: e.invoice?.number,
        customer: e.customer?.name,
      })),
    ).toEqual([
      { kind: 'received', receipt: 'GR-000001', invoice: undefined, customer: undefined },
      { kind: 'sold', receipt: undefined, invoice: 'INV-000001', customer: 'Acme Corp' },
      { kind: 'released', receipt: undefined, invoice: 'INV-000001', customer: undefined },
    ]);
    const sold = await listSerials(serviceCtx(b), { status: 'sold', limit: 10, offset: 0 });
    expect(sold.rows.map((r) => [r.serial, r.invoice?.number, r.customer?.name])).toEqual([
      ['DL5440-0002', 'INV-000001', 'Acme Corp'],
    ]);
  });

  it('filters by product, location, status and serial prefix, and pages in serial order', async () => {
    const all = await listSerials(serviceCtx(b), { limit: 3, offset: 0 });
    expect(all.rows.map((r) => r.serial)).toEqual(['356789012345671', '356789012345689', 'DL5440-0001']);
    expect(all.hasMore).toBe(true);
    const next = await listSerials(serviceCtx(b), { limit: 3, offset: 3 });
    expect(next.rows.map((r) => r.serial)).toEqual(['DL5440-0002', 'DL5440-0003', 'DL5440-0101']);
    expect(
      (await listSerials(serviceCtx(b), { locationId: ids.warehouse, limit: 10, offset: 0 })).rows.map((r) => r.serial),
    ).toEqual(['DL5440-0101']);
    expect(
      (await listSerials(serviceCtx(b), { productId: ids.drill, limit: 10, offset: 0 })).rows.map((r) => r.serial),
    ).toEqual(['MKT18-A1001', 'MKT18-A1002']);
    expect((await listSerials(serviceCtx(b), { text: 'mkt18-a100', limit: 10, offset: 0 })).rows).toHaveLength(2);
    expect(
      (await listSerials(serviceCtx(b), { text: 'SN:DL5440-01', limit: 10, offset: 0 })).rows.map((r) => r.serial),
    ).toEqual(['DL5440-0101']);
    const page = await listSerials(serviceCtx(b), { limit: 50, offset: 0 });
    expect(page).toMatchObject({ hasMore: false, total: 8 });
  });

  it('shows a receipt as a document with its serials and the order it checked in', async () => {
    const r = await tx((t) =>
      receiveGoods(t, {
        locationId: ids.main,
        reference: 'Delivery 7',
        lines: [{ productId: ids.drill, qty: 1, serials: [{ serial: 'MKT18-A2000' }] }],
      }),
    );
    expect(await getReceipt(serviceCtx(b), r.receiptId)).toMatchObject({
      number: r.number,
      source: 'receipt',
      reference: 'Delivery 7',
      locationName: 'Main Store',
      purchaseOrder: null,
      lines: [{ productName: 'Cordless Drill 18V', qty: 1, serials: ['MKT18-A2000'] }],
    });
  });
});
