import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.ts';
import { inWriteTransaction } from '../../db/services/context.ts';
import { getInvoice, saveInvoice, type SaveInvoiceInput, type SaveInvoiceLine } from '../../db/services/invoices.ts';
import { lookupSerial, availableSerials } from '../../db/services/serials.ts';
import { openStore } from '../../db/open.ts';
import { demoIds, freshBackend, freshDemoPerTest, serviceCtx, tableCounts, tempDir, type Backend, type DemoIds } from '../support/backend.ts';
import path from 'node:path';

let b: Backend;
let ids: DemoIds;
freshDemoPerTest((backend, demo) => {
  b = backend;
  ids = demo;
});

const save = (input: SaveInvoiceInput, backend = b) => inWriteTransaction(serviceCtx(backend), (trx) => saveInvoice(trx, input));
const laptopLine = (serials: string[], qty = serials.length): SaveInvoiceLine => ({
  productId: ids.laptop, description: 'Latitude 5440 Laptop', qty, unitPriceMinor: 124_900, taxable: true, serialIds: serials.map(ids.serial),
});
const cableLine = (qty: number): SaveInvoiceLine => ({ productId: ids.cable, description: 'USB-C Cable 2m', qty, unitPriceMinor: 1_999, taxable: true, serialIds: [] });
const invoice = (lines: SaveInvoiceLine[], extra: Partial<SaveInvoiceInput> = {}): SaveInvoiceInput => ({
  customerId: ids.acme, locationId: ids.main, invoiceDate: '2026-11-21', notes: '', lines, ...extra,
});

async function refused(input: SaveInvoiceInput): Promise<AppError> {
  const before = tableCounts(b);
  const error = await save(input).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect(tableCounts(b)).toEqual(before);
  return error as AppError;
}

const unit = (serial: string) => b.one(`SELECT status, customer_id, location_id FROM serials WHERE serial = ?`, serial);
const history = (serial: string) => b.all<{ kind: string; invoice_id: number | null; customer_id: number | null; note: string }>(
  `SELECT e.kind, e.invoice_id, e.customer_id, e.note FROM serial_events e JOIN serials s ON s.id = e.serial_id WHERE s.serial = ? ORDER BY e.id`, serial);

describe('saving an invoice', () => {
  it('computes totals in the store: 500.00 + 2 x 125.00 taxable at 7.5 % is 750.00 + 56.25 = 806.25', async () => {
    const saved = await save(invoice([
      { ...laptopLine(['DL5440-0001']), unitPriceMinor: 50_000 },
      { productId: ids.support, description: 'On-site support', qty: 2, unitPriceMinor: 12_500, taxable: true, serialIds: [] },
    ]));
    expect(saved).toMatchObject({ number: 'INV-000001', subtotalMinor: 75_000, taxMinor: 5_625, totalMinor: 80_625, status: 'issued' });
    expect(b.one('SELECT subtotal_minor, tax_minor, total_minor FROM invoices')).toEqual({ subtotal_minor: 75_000, tax_minor: 5_625, total_minor: 80_625 });
    expect(saved.lines.map((l) => l.lineTotalMinor)).toEqual([50_000, 25_000]);
  });

  it('marks captured serials Sold, linked to the line and the customer, with a history event', async () => {
    const saved = await save(invoice([laptopLine(['DL5440-0001', 'DL5440-0003']), cableLine(2)]));
    expect(unit('DL5440-0001')).toEqual({ status: 'sold', customer_id: ids.acme, location_id: ids.main });
    const link = b.one<{ invoice_line_id: number }>('SELECT invoice_line_id FROM invoice_line_serials WHERE serial_id = ?', ids.serial('DL5440-0003'));
    expect(link.invoice_line_id).toBe(saved.lines[0]!.id);
    expect(history('DL5440-0001').at(-1)).toEqual({ kind: 'sold', invoice_id: saved.id, customer_id: ids.acme, note: 'sold on INV-000001 to Acme Corp' });
    expect(saved.lines[0]!.serials.map((s) => s.serial)).toEqual(['DL5440-0001', 'DL5440-0003']);
    expect(b.one('SELECT on_hand FROM stock_levels WHERE product_id = ?', ids.cable)).toEqual({ on_hand: 48 });
  });

  it('numbers invoices in sequence with no gap from a refused save', async () => {
    await save(invoice([cableLine(1)]));
    await refused(invoice([laptopLine([], 1)]));
    const third = await save(invoice([cableLine(1)]));
    expect(third.number).toBe('INV-000002');
  });

  it('refuses a serial-tracked line whose serials differ from its quantity, naming every such line', async () => {
    const error = await refused(invoice([
      laptopLine(['DL5440-0001'], 2),
      { productId: ids.phone, description: 'Phone', qty: 1, unitPriceMinor: 44_900, taxable: true, serialIds: [] },
      cableLine(1),
    ]));
    expect(error.code).toBe('serials_missing');
    expect(error.message).toBe('Capture serials before saving: Latitude 5440 Laptop (1/2), Galaxy A55 Phone (0/1).');
  });

  it('refuses units that are sold, elsewhere or of another product, writing nothing', async () => {
    await save(invoice([laptopLine(['DL5440-0002'])]));
    const sold = await refused(invoice([cableLine(1), laptopLine(['DL5440-0001', 'DL5440-0002'])]));
    expect(sold.code).toBe('serial_unavailable');
    expect(sold.message).toMatch(/DL5440-0002 is already sold on INV-000001/);
    expect(unit('DL5440-0001')).toMatchObject({ status: 'in_stock' }); // the good one was not sold either
    expect((await refused(invoice([laptopLine(['DL5440-0101'])]))).message).toMatch(/DL5440-0101 is at Warehouse, not Main Store/);
    expect((await refused(invoice([{ ...laptopLine([]), qty: 1, serialIds: [ids.serial('356789012345671')] }]))).message)
      .toMatch(/356789012345671 belongs to Galaxy A55 Phone/);
  });

  it('writes nothing when the save fails half-way through', async () => {
    // A unit sold behind the service's back trips the unique index after the invoice row was written.
    const sneaky = ids.serial('DL5440-0003');
    b.store.sqlite.exec(`CREATE TRIGGER fail_midway BEFORE INSERT ON invoice_lines WHEN NEW.position = 2 BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`);
    const before = tableCounts(b);
    await expect(save(invoice([laptopLine(['DL5440-0001']), laptopLine(['DL5440-0003'])]))).rejects.toThrow(/disk on fire/);
    expect(tableCounts(b)).toEqual(before);
    expect(unit('DL5440-0001')).toMatchObject({ status: 'in_stock', customer_id: null });
    expect(b.one('SELECT count(*) AS n FROM invoice_line_serials WHERE serial_id = ?', sneaky)).toEqual({ n: 0 });
  });

  it('refuses a unit another terminal sold meanwhile, naming it', async () => {
    // Two connections to the same file, as two windows or two terminals would have.
    const file = path.join(tempDir(), 'shared.sqlite');
    const first = await freshBackend({ file });
    const second = openStore(file);
    try {
      const firstIds = demoIds(first);
      const line = { productId: firstIds.laptop, description: 'Laptop', qty: 1, unitPriceMinor: 124_900, taxable: true, serialIds: [firstIds.serial('DL5440-0001')] };
      const input = { customerId: firstIds.walkIn, locationId: firstIds.main, invoiceDate: '2026-11-21', notes: '', lines: [line] };
      await inWriteTransaction({ db: second.db, now: () => new Date(), actor: 'terminal-2' }, (trx) => saveInvoice(trx, input));
      const error = await inWriteTransaction(serviceCtx(first), (trx) => saveInvoice(trx, input)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).message).toMatch(/DL5440-0001 is already sold on INV-000001/);
      expect(first.one('SELECT count(*) AS n FROM invoices')).toEqual({ n: 1 });
    } finally {
      await second.close();
      await first.close();
    }
  });

  it('refuses two concurrent saves of the same unit in one process: exactly one wins', async () => {
    const input = invoice([laptopLine(['DL5440-0001'])]);
    const results = await Promise.allSettled([save(input), save(input)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((failed.reason as AppError).message).toMatch(/DL5440-0001 is already sold on INV-00000/);
    expect(b.one('SELECT count(*) AS n FROM invoice_line_serials')).toEqual({ n: 1 });
  });
});

describe('editing a saved invoice', () => {
  it('releases removed serials to In Stock at their location and sells new ones, with history', async () => {
    const first = await save(invoice([laptopLine(['DL5440-0001', 'DL5440-0002']), cableLine(3)]));
    const edited = await save(invoice([laptopLine(['DL5440-0001', 'DL5440-0003']), cableLine(1)], { id: first.id, revision: first.revision }));
    expect(edited.number).toBe('INV-000001');
    expect(edited.revision).toBe(2);
    expect(unit('DL5440-0002')).toEqual({ status: 'in_stock', customer_id: null, location_id: ids.main });
    expect(unit('DL5440-0003')).toEqual({ status: 'sold', customer_id: ids.acme, location_id: ids.main });
    expect(history('DL5440-0002').map((e) => e.kind)).toEqual(['received', 'sold', 'released']);
    expect(history('DL5440-0002').at(-1)!.note).toBe('removed from INV-000001 by an edit; back in stock');
    expect(history('DL5440-0003').map((e) => e.kind)).toEqual(['received', 'sold']);
    expect(history('DL5440-0001').map((e) => e.kind)).toEqual(['received', 'sold']); // kept: no new event
    expect(b.one('SELECT on_hand FROM stock_levels WHERE product_id = ?', ids.cable)).toEqual({ on_hand: 49 });
    expect(await availableSerials(serviceCtx(b), ids.laptop, ids.main)).toEqual([expect.objectContaining({ serial: 'DL5440-0002' })]);
    expect((await availableSerials(serviceCtx(b), ids.laptop, ids.main, first.id)).map((u) => u.serial)).toEqual(['DL5440-0001', 'DL5440-0002', 'DL5440-0003']);
  });

  it('refuses a save over a newer revision (edited in another window)', async () => {
    const first = await save(invoice([cableLine(1)]));
    await save(invoice([cableLine(2)], { id: first.id, revision: 1 }));
    const error = await refused(invoice([cableLine(5)], { id: first.id, revision: 1 }));
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/changed elsewhere/);
    expect((await getInvoice(serviceCtx(b), first.id)).lines[0]!.qty).toBe(2);
  });

  it('can move a serial between lines and change the customer', async () => {
    const first = await save(invoice([laptopLine(['DL5440-0001'])]));
    await save(invoice([laptopLine(['DL5440-0001'])], { id: first.id, customerId: ids.walkIn }));
    expect(unit('DL5440-0001')).toMatchObject({ status: 'sold', customer_id: ids.walkIn });
    expect(history('DL5440-0001').at(-1)!.note).toBe('INV-000001 now billed to Walk-in Customer');
  });
});

describe('lookupSerial', () => {
  it('finds exact matches first, else a match in any case, with the invoice it is on', async () => {
    expect((await lookupSerial(serviceCtx(b), 'dl5440-0001')).map((m) => m.serial)).toEqual(['DL5440-0001']);
    const saved = await save(invoice([laptopLine(['DL5440-0001'])]));
    const [match] = await lookupSerial(serviceCtx(b), ' DL5440-0001 ');
    expect(match).toMatchObject({ productName: 'Latitude 5440 Laptop', status: 'sold', locationName: 'Main Store', invoice: { id: saved.id, number: 'INV-000001' } });
    expect(await lookupSerial(serviceCtx(b), 'NOPE')).toEqual([]);
  });
});
