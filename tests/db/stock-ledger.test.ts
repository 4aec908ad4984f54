// The stock ledger (issue 19): every change of on-hand writes a stock_moves row naming its document, so on-hand per
// product and location is the sum of the ledger. checkStock rebuilds it and compares it with the stored figures
// (stock_levels, the units In stock) after each kind of movement; a figure changed behind the ledger's back is found.
import { describe, expect, it } from 'vitest';
import type { InputOf } from '../../core/contract.ts';
import type { Invoice } from '../../core/model.ts';
import { checkStock } from '../../db/services/stockCheck.ts';
import { freshDemoPerTest, okValue, serviceCtx, type Backend, type DemoIds } from '../support/backend.ts';

let b: Backend;
let ids: DemoIds;
freshDemoPerTest((backend, demo) => {
  b = backend;
  ids = demo;
});

type Line = InputOf<'saveInvoice'>['lines'][number];
const laptop = (...serials: string[]): Line => ({
  productId: ids.laptop,
  description: 'Latitude 5440 Laptop',
  qty: serials.length * 1000,
  unitPriceMinor: 124_900,
  taxable: true,
  serialIds: serials.map((s) => ids.serial(s)),
});
const cables = (qty: number): Line => ({
  productId: ids.cable,
  description: 'USB-C cable',
  qty,
  unitPriceMinor: 1_999,
  taxable: true,
  serialIds: [],
});
const save = (lines: Line[], extra: Partial<InputOf<'saveInvoice'>> = {}) =>
  okValue(
    b.api.saveInvoice({ customerId: ids.acme, locationId: ids.main, invoiceDate: '2026-11-21', lines, ...extra }),
  );
const differences = async () => (await checkStock(serviceCtx(b))).differences;
const ledgerOf = (doc: string, docId: number) =>
  b.all<{ product_id: number; location_id: number; serial_id: number | null; qty: number }>(
    'SELECT product_id, location_id, serial_id, qty FROM stock_moves WHERE doc = ? AND doc_id = ? ORDER BY id',
    doc,
    docId,
  );

describe('the stock ledger', () => {
  it('holds the demo shop’s receipts, and on-hand rebuilt from it matches the stored figures', async () => {
    const report = await checkStock(serviceCtx(b));
    expect(report.differences).toEqual([]);
    expect(report.moves).toBeGreaterThan(0);
    const receipt = await b.one<{ id: number }>(
      `SELECT r.id FROM goods_receipts r JOIN serial_events e ON e.receipt_id = r.id
       JOIN serials s ON s.id = e.serial_id WHERE s.serial = 'DL5440-0001'`,
    );
    expect(await ledgerOf('receipt', receipt.id)).toContainEqual({
      product_id: ids.laptop,
      location_id: ids.main,
      serial_id: ids.serial('DL5440-0001'),
      qty: 1000,
    });
  });

  it('follows drafts, edits, sales, voids, returns, deletes and receipts, each row naming its document', async () => {
    // A draft reserves a unit (out of stock) and takes no cables; finalising takes the cables.
    const draft: Invoice = await save([laptop('DL5440-0001', 'DL5440-0002'), cables(2000)], { draft: true });
    expect(await ledgerOf('invoice', draft.id)).toEqual([
      { product_id: ids.laptop, location_id: ids.main, serial_id: ids.serial('DL5440-0001'), qty: -1000 },
      { product_id: ids.laptop, location_id: ids.main, serial_id: ids.serial('DL5440-0002'), qty: -1000 },
    ]);
    const sent = await okValue(
      b.api.saveInvoice({
        id: draft.id,
        revision: draft.revision,
        customerId: ids.acme,
        locationId: ids.main,
        invoiceDate: '2026-11-21',
        lines: [
          { ...laptop('DL5440-0001'), id: draft.lines[0]!.id },
          { ...cables(2000), id: draft.lines[1]!.id },
        ],
      }),
    );
    expect((await ledgerOf('invoice', draft.id)).slice(2)).toEqual([
      { product_id: ids.laptop, location_id: ids.main, serial_id: ids.serial('DL5440-0002'), qty: 1000 }, // released
      { product_id: ids.cable, location_id: ids.main, serial_id: null, qty: -2000 },
    ]);
    expect(await differences()).toEqual([]);

    const other = await save([laptop('DL5440-0003'), cables(1000)]);
    await okValue(b.api.voidInvoice({ id: other.id }));
    expect(await differences()).toEqual([]);

    await okValue(
      b.api.completeReturn({
        invoiceId: sent.id,
        lines: [
          {
            invoiceLineId: sent.lines[0]!.id,
            qty: 1000,
            units: [{ serialId: ids.serial('DL5440-0001'), disposition: 'stock' }],
          },
          { invoiceLineId: sent.lines[1]!.id, qty: 1000, disposition: 'stock' },
        ],
        refundTo: 'balance',
        reason: 'Changed mind',
      }),
    );
    const creditNote = await b.one<{ id: number }>('SELECT id FROM credit_notes');
    expect(await ledgerOf('credit_note', creditNote.id)).toHaveLength(2);
    expect(await differences()).toEqual([]);

    const drill = await b.one<{ location_id: number }>(
      'SELECT location_id FROM serials WHERE id = ?',
      ids.serial('MKT18-A1002'),
    );
    await okValue(b.api.deleteSerial({ id: ids.serial('MKT18-A1002'), reason: 'Entered twice' }));
    expect(await ledgerOf('serial', ids.serial('MKT18-A1002'))).toEqual([
      { product_id: ids.drill, location_id: drill.location_id, serial_id: ids.serial('MKT18-A1002'), qty: -1000 },
    ]);
    const received = await okValue(
      b.api.receiveGoods({
        locationId: ids.warehouse,
        lines: [
          { productId: ids.laptop, qty: 1, serials: [{ serial: 'DL5440-0900' }] },
          { productId: ids.cable, qty: 5 },
        ],
      }),
    );
    expect(await ledgerOf('receipt', received.receiptId)).toHaveLength(2);
    expect(await differences()).toEqual([]);
  });

  it('finds a stored figure changed behind the ledger’s back, and a unit moved without a document', async () => {
    const cable = await b.one<{ on_hand: number }>(
      'SELECT on_hand FROM stock_levels WHERE product_id = ? AND location_id = ?',
      ids.cable,
      ids.main,
    );
    await b.all(
      'UPDATE stock_levels SET on_hand = on_hand + 3000 WHERE product_id = ? AND location_id = ?',
      ids.cable,
      ids.main,
    );
    await b.all('UPDATE serials SET location_id = ? WHERE id = ?', ids.warehouse, ids.serial('DL5440-0001'));
    const found = await differences();
    expect(found).toContainEqual(
      expect.objectContaining({
        productId: ids.cable,
        locationName: 'Main Store',
        serial: null,
        ledgerQty: cable.on_hand,
        storedQty: cable.on_hand + 3000,
      }),
    );
    expect(found).toContainEqual(
      expect.objectContaining({ serial: 'DL5440-0001', locationName: 'Main Store', ledgerQty: 1000, storedQty: 0 }),
    );
    expect(found).toContainEqual(
      expect.objectContaining({ serial: 'DL5440-0001', locationName: 'Warehouse', ledgerQty: 0, storedQty: 1000 }),
    );
  });

  it('is append-only', async () => {
    await expect(b.all('UPDATE stock_moves SET qty = 5000')).rejects.toThrow(/append-only/);
    await expect(b.all('DELETE FROM stock_moves')).rejects.toThrow(/append-only/);
  });
});
