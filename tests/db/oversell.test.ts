// Stock on hand at a location (the editor's stock cell) and the refusal of a sale that takes more than is on hand,
// unless Settings → Counter allows negative stock (issue 13).
import { describe, expect, it } from 'vitest';
import type { InputOf } from '../../core/contract.ts';
import type { CounterSettings } from '../../core/model.ts';
import { AppError } from '../../core/errors.ts';
import {
  freshBackend,
  freshDemoPerTest,
  refusedWithoutWrites,
  type Backend,
  type DemoIds,
} from '../support/backend.ts';

let b: Backend;
let ids: DemoIds;
freshDemoPerTest((backend, demo) => {
  b = backend;
  ids = demo;
});

type Save = InputOf<'saveInvoice'>;
const line = (productId: number, description: string, qty: number) => ({
  productId,
  description,
  qty: qty * 1000,
  unitPriceMinor: 1999,
  taxable: true,
  serialIds: [],
});
const sale = (lines: Save['lines'], extra: Partial<Save> = {}): Save => ({
  customerId: ids.acme,
  locationId: ids.main,
  invoiceDate: '2026-11-21',
  lines,
  ...extra,
});
const value = async <T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>) => {
  const r = await p;
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
/** The API answers errors as values: rethrown as the AppError they were, for refusedWithoutWrites. */
const orThrow = async (p: Promise<{ ok: boolean; error?: { code: string; message: string } }>) => {
  const r = await p;
  if (!r.ok) throw new AppError(r.error!.code as never, r.error!.message);
  return r;
};
const onHand = async (productId: number, locationId = ids.main) =>
  (
    await b.one<{ on_hand: number } | undefined>(
      'SELECT on_hand FROM stock_levels WHERE product_id = ? AND location_id = ?',
      productId,
      locationId,
    )
  )?.on_hand;
async function allowNegative(on: boolean) {
  const current: CounterSettings = await value(b.api.getCounterSettings({}));
  await value(b.api.saveCounterSettings({ ...current, allowNegativeStock: on }));
}

describe('stockOnHand', () => {
  it('reads stock levels, counts serialized units In stock at the location, and does not track services', async () => {
    const rows = await value(
      b.api.stockOnHand({ productIds: [ids.cable, ids.laptop, ids.support, ids.phone], locationId: ids.main }),
    );
    expect(rows).toEqual([
      { productId: ids.cable, locationId: ids.main, onHandMilli: 50_000, tracked: true },
      { productId: ids.laptop, locationId: ids.main, onHandMilli: 3000, tracked: true },
      { productId: ids.support, locationId: ids.main, onHandMilli: 0, tracked: false },
      { productId: ids.phone, locationId: ids.main, onHandMilli: 2000, tracked: true },
    ]);
    const warehouse = await value(
      b.api.stockOnHand({ productIds: [ids.cable, ids.laptop], locationId: ids.warehouse }),
    );
    expect(warehouse.map((r) => r.onHandMilli)).toEqual([0, 1000]);
  });

  it('follows sales: a sold unit and sold cables leave the count; a draft reserves units but moves no stock level', async () => {
    await value(
      b.api.saveInvoice(
        sale([
          line(ids.cable, 'USB-C Cable 2m', 2),
          { ...line(ids.laptop, 'Latitude 5440 Laptop', 1), serialIds: [ids.serial('DL5440-0001')] },
        ]),
      ),
    );
    await value(
      b.api.saveInvoice(
        sale(
          [
            line(ids.cable, 'USB-C Cable 2m', 1),
            { ...line(ids.laptop, 'Latitude 5440 Laptop', 1), serialIds: [ids.serial('DL5440-0002')] },
          ],
          { draft: true },
        ),
      ),
    );
    const rows = await value(b.api.stockOnHand({ productIds: [ids.cable, ids.laptop], locationId: ids.main }));
    expect(rows.map((r) => r.onHandMilli)).toEqual([48_000, 1000]);
  });

  it('answers only products that exist, once each', async () => {
    const rows = await value(b.api.stockOnHand({ productIds: [ids.cable, 999_999, ids.cable], locationId: ids.main }));
    expect(rows.map((r) => r.productId)).toEqual([ids.cable]);
    expect(await value(b.api.stockOnHand({ productIds: [], locationId: ids.main }))).toEqual([]);
  });
});

describe('selling more than is on hand', () => {
  it('is refused with the numbers by default, and nothing is written', async () => {
    const error = await refusedWithoutWrites(b, () =>
      orThrow(b.api.saveInvoice(sale([line(ids.cable, 'USB-C Cable 2m', 999)]))),
    );
    expect(error.message).toBe(
      'Not enough stock: USB-C Cable 2m has 50 on hand at Main Store; this sale needs 999. Nothing was saved.',
    );
    expect(await onHand(ids.cable)).toBe(50_000);
  });

  it('adds up lines of the same product: 30 + 30 of 50 is refused, 25 + 25 is allowed', async () => {
    const error = await refusedWithoutWrites(b, () =>
      orThrow(b.api.saveInvoice(sale([line(ids.cable, 'USB-C Cable 2m', 30), line(ids.cable, 'USB-C Cable 2m', 30)]))),
    );
    expect(error.message).toContain('has 50 on hand at Main Store; this sale needs 60.');
    await value(
      b.api.saveInvoice(sale([line(ids.cable, 'USB-C Cable 2m', 25), line(ids.cable, 'USB-C Cable 2m', 25)])),
    );
    expect(await onHand(ids.cable)).toBe(0);
  });

  it('counts what an edited invoice already took: 40 raised to 50 is allowed, to 51 refused', async () => {
    const first = await value(b.api.saveInvoice(sale([line(ids.cable, 'USB-C Cable 2m', 40)])));
    expect(await onHand(ids.cable)).toBe(10_000);
    const edit = (qty: number, revision: number) =>
      b.api.saveInvoice(
        sale([{ ...line(ids.cable, 'USB-C Cable 2m', qty), id: first.lines[0]!.id }], { id: first.id, revision }),
      );
    const error = await refusedWithoutWrites(b, () => orThrow(edit(51, first.revision)));
    expect(error.message).toBe(
      'Not enough stock: USB-C Cable 2m has 10 on hand at Main Store; this sale needs 11. Nothing was saved.',
    );
    await value(edit(50, first.revision));
    expect(await onHand(ids.cable)).toBe(0);
  });

  it('is allowed when Settings → Counter allows negative stock: stock goes below zero', async () => {
    await allowNegative(true);
    const saved = await value(b.api.saveInvoice(sale([line(ids.cable, 'USB-C Cable 2m', 999)])));
    expect(saved.lines[0]!.qty).toBe(999_000);
    expect(await onHand(ids.cable)).toBe(-949_000);
    await allowNegative(false);
    const error = await refusedWithoutWrites(b, () =>
      orThrow(b.api.saveInvoice(sale([line(ids.cable, 'USB-C Cable 2m', 1)]))),
    );
    expect(error.message).toContain('has -949 on hand at Main Store; this sale needs 1.');
  });

  it('never refuses a product that keeps no stock (a service), nor a draft', async () => {
    const service = await value(b.api.saveInvoice(sale([line(ids.support, 'On-site support (hour)', 999)])));
    expect(service.lines[0]!.qty).toBe(999_000);
    const draft = await value(b.api.saveInvoice(sale([line(ids.cable, 'USB-C Cable 2m', 999)], { draft: true })));
    expect(draft.status).toBe('draft');
    expect(await onHand(ids.cable)).toBe(50_000);
    // Finalising the draft takes the stock: now it is refused.
    const error = await refusedWithoutWrites(b, () =>
      orThrow(
        b.api.saveInvoice(
          sale([{ ...line(ids.cable, 'USB-C Cable 2m', 999), id: draft.lines[0]!.id }], {
            id: draft.id,
            revision: draft.revision,
          }),
        ),
      ),
    );
    expect(error.message).toContain('this sale needs 999');
  });
});

describe('counter settings', () => {
  it('start at their defaults and keep what an Admin saves', async () => {
    const defaults = await value(b.api.getCounterSettings({}));
    expect(defaults).toEqual({
      allowNegativeStock: false,
      scanSound: true,
      receiptWidth: '80',
      receiptPrinter: '',
      silentPrint: false,
      discountLimitBp: 1000,
      returnWindowDays: 30,
      receiptFooter: 'Thank you!',
    });
    const changed: CounterSettings = {
      allowNegativeStock: true,
      scanSound: false,
      receiptWidth: '58',
      receiptPrinter: 'EPSON TM-T20III',
      silentPrint: true,
      discountLimitBp: 1500,
      returnWindowDays: 14,
      receiptFooter: 'Returns within 14 days with this receipt.',
    };
    expect(await value(b.api.saveCounterSettings(changed))).toEqual(changed);
    expect(await value(b.api.getCounterSettings({}))).toEqual(changed);
  });

  it('refuses a discount limit above 100%', async () => {
    const current = await value(b.api.getCounterSettings({}));
    const r = await b.api.saveCounterSettings({ ...current, discountLimitBp: 10_001 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('A discount limit is at most 100%.');
  });

  it('may be read by anyone signed in but changed by an Admin only', async () => {
    const cashier = await freshBackend({ staff: { id: 3, name: 'Casey Cashier', role: 'cashier' } });
    try {
      const current = await value(cashier.api.getCounterSettings({}));
      const r = await cashier.api.saveCounterSettings({ ...current, allowNegativeStock: true });
      expect(r.ok).toBe(false);
      expect(await value(cashier.api.getCounterSettings({}))).toEqual(current);
    } finally {
      await cashier.close();
    }
  });
});
