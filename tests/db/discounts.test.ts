// Discounts on invoice lines and on the sale (issue 13): stored with their reason, tax after discount, and the
// counter's rules: a discount above the limit or a price below cost needs a manager.
import { afterEach, describe, expect, it } from 'vitest';
import type { InputOf } from '../../core/contract.ts';
import type { StaffRef } from '../../core/model.ts';
import { demoIds, freshBackend, refusedWithoutWrites, serviceCtx, type Backend } from '../support/backend.ts';
import { inWriteTransaction } from '../../db/services/context.ts';
import { receiveGoods } from '../../db/services/receiving.ts';
import { AppError } from '../../core/errors.ts';

type Save = InputOf<'saveInvoice'>;
const CASHIER: StaffRef = { id: 3, name: 'Casey Cashier', role: 'cashier' };
const MANAGER: StaffRef = { id: 2, name: 'Morgan Manager', role: 'manager' };

let backends: Backend[] = [];
afterEach(async () => {
  for (const b of backends) await b.close();
  backends = [];
});
async function shop(staff?: StaffRef) {
  const b = await freshBackend(staff ? { staff } : {});
  backends.push(b);
  return { b, ids: demoIds(b) };
}
function sale(ids: ReturnType<typeof demoIds>, extra: Partial<Save> = {}, cableExtra: object = {}): Save {
  return {
    customerId: ids.acme,
    locationId: ids.main,
    invoiceDate: '2026-11-21',
    lines: [
      {
        productId: ids.cable,
        description: 'USB-C Cable 2m',
        qty: 2000,
        unitPriceMinor: 1999,
        taxable: true,
        serialIds: [],
        ...cableExtra,
      },
    ],
    ...extra,
  };
}

describe('discounts on a saved invoice', () => {
  it('stores the line and sale discounts with their reasons; tax is on what is left', async () => {
    const { b, ids } = await shop();
    const r = await b.api.saveInvoice(
      sale(
        ids,
        { discount: { kind: 'amount', value: 100, reason: 'Loyal customer' } },
        { discount: { kind: 'percent', value: 500, reason: 'Bundle' } },
      ),
    );
    if (!r.ok) throw new Error(r.error.message);
    const inv = r.value;
    expect(inv.lines[0]!.discount).toEqual({
      kind: 'percent',
      value: 500,
      minor: 200,
      reason: 'Bundle',
      approvedBy: null,
    });
    expect(inv.lines[0]!.lineTotalMinor).toBe(3798);
    expect(inv.discount).toEqual({
      kind: 'amount',
      value: 100,
      minor: 100,
      reason: 'Loyal customer',
      approvedBy: null,
    });
    expect(inv.subtotalMinor).toBe(3798);
    expect(inv.taxMinor).toBe(277); // (3,798 − 100) × 7.5 % = 277.35
    expect(inv.totalMinor).toBe(3798 - 100 + 277);
  });

  it('refuses an amount discount above the line, with the numbers', async () => {
    const { b, ids } = await shop();
    const error = await refusedWithoutWrites(b, () =>
      b.api
        .saveInvoice(sale(ids, {}, { discount: { kind: 'amount', value: 5000, reason: '' } }))
        .then((r) => (r.ok ? r : Promise.reject(new AppError(r.error.code, r.error.message)))),
    );
    expect(error.message).toBe("Line 1 (USB-C Cable 2m): a discount of $50.00 is more than the line's $39.98.");
  });

  it('asks a cashier for a manager above the discount limit (10 %), and records who approved it', async () => {
    const cashier = await shop(CASHIER);
    const over = sale(cashier.ids, {}, { discount: { kind: 'percent', value: 1500, reason: 'Damaged box' } });
    const refused = await cashier.b.api.saveInvoice(over);
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'needs_approval', message: 'Needs a manager: a discount above 10% on USB-C Cable 2m.' },
    });
    // Within the limit: no approval needed.
    const within = await cashier.b.api.saveInvoice(
      sale(cashier.ids, {}, { discount: { kind: 'percent', value: 1000, reason: '' } }),
    );
    expect(within.ok).toBe(true);

    const manager = await shop(MANAGER);
    const approved = await manager.b.api.saveInvoice(
      sale(manager.ids, {}, { discount: { kind: 'percent', value: 1500, reason: 'Damaged box' } }),
    );
    if (!approved.ok) throw new Error(approved.error.message);
    expect(approved.value.lines[0]!.discount?.approvedBy).toBe('Morgan Manager');
  });

  it('asks a cashier for a manager for a price below cost (the last received cost)', async () => {
    const { b, ids } = await shop(CASHIER);
    const r = await b.api.saveInvoice({
      customerId: ids.acme,
      locationId: ids.main,
      invoiceDate: '2026-11-21',
      lines: [
        {
          productId: ids.laptop,
          description: 'Latitude 5440 Laptop',
          qty: 1000,
          unitPriceMinor: 90_000,
          taxable: true,
          serialIds: [ids.serial('DL5440-0001')],
        },
      ],
    });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'needs_approval',
        message: 'Needs a manager: a price below cost ($980.00) on Latitude 5440 Laptop.',
      },
    });
  });

  it('takes the cost of the newest receipt that has one (a later receipt without a cost does not count)', async () => {
    const { b, ids } = await shop(CASHIER);
    const ctx = serviceCtx(b);
    for (const [serial, unitCostMinor] of [
      ['DL5440-0900', 100_000],
      ['DL5440-0901', 0],
    ] as const) {
      await inWriteTransaction(ctx, (trx) =>
        receiveGoods(trx, {
          locationId: ids.main,
          reference: `Restock ${serial}`,
          lines: [{ productId: ids.laptop, qty: 1, unitCostMinor, serials: [{ serial }] }],
        }),
      );
    }
    const r = await b.api.saveInvoice({
      customerId: ids.acme,
      locationId: ids.main,
      invoiceDate: '2026-11-21',
      lines: [
        {
          productId: ids.laptop,
          description: 'Latitude 5440 Laptop',
          qty: 1000,
          unitPriceMinor: 99_000,
          taxable: true,
          serialIds: [ids.serial('DL5440-0001')],
        },
      ],
    });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'needs_approval',
        message: 'Needs a manager: a price below cost ($1,000.00) on Latitude 5440 Laptop.',
      },
    });
  });
});

describe('an approval covers only what the manager saw', () => {
  const cash = async (b: Backend) =>
    (await b.one<{ id: number }>(`SELECT id FROM payment_methods WHERE kind = 'cash'`)).id;
  async function counter() {
    const { b, ids } = await shop(CASHIER);
    const opened = await b.api.openTill({ floatMinor: 10_000 });
    if (!opened.ok) throw new Error(opened.error.message);
    const base = { customerId: ids.walkIn, locationId: ids.main, invoiceDate: '2026-11-21' };
    const cable = {
      productId: ids.cable,
      description: 'USB-C Cable 2m',
      qty: 1000,
      unitPriceMinor: 1999,
      taxable: true,
      serialIds: [] as number[],
    };
    const laptop = {
      productId: ids.laptop,
      description: 'Latitude 5440 Laptop',
      qty: 1000,
      unitPriceMinor: 124_900,
      taxable: true,
      serialIds: [ids.serial('DL5440-0001')],
    };
    return { b, ids, base, cable, laptop };
  }

  it('a held line swapped to another product at the same price is checked again (price below cost)', async () => {
    const { b, ids, base, cable } = await counter();
    const held = await b.api.holdSale({ sale: { ...base, lines: [cable] } });
    if (!held.ok) throw new Error(held.error.message);
    const swapped = await b.api.completeSale({
      sale: {
        ...base,
        id: held.value.id,
        revision: held.value.revision,
        lines: [
          { ...cable, id: held.value.lines[0]!.id, productId: ids.laptop, serialIds: [ids.serial('DL5440-0001')] },
        ],
      },
      tenders: [{ methodId: await cash(b), amountMinor: 10_000 }],
    });
    expect(swapped).toMatchObject({ ok: false, error: { code: 'needs_approval' } });
    expect(await b.one(`SELECT status FROM serials WHERE serial = 'DL5440-0001'`)).toEqual({ status: 'in_stock' });
  });

  it('a sale discount under the limit on one basket is checked again when the basket shrinks', async () => {
    const { b, base, cable, laptop } = await counter();
    const discount = { kind: 'amount' as const, value: 1500, reason: 'Loyal customer' };
    const held = await b.api.holdSale({ sale: { ...base, lines: [laptop, cable], discount } });
    if (!held.ok) throw new Error(held.error.message);
    const shrunk = await b.api.completeSale({
      sale: {
        ...base,
        id: held.value.id,
        revision: held.value.revision,
        lines: [{ ...cable, id: held.value.lines[1]!.id }],
        discount,
      },
      tenders: [{ methodId: await cash(b), amountMinor: 1000 }],
    });
    expect(shrunk).toMatchObject({
      ok: false,
      error: { code: 'needs_approval', message: 'Needs a manager: a sale discount above 10%.' },
    });
  });

  it('an approved sale discount is asked for again when lines are added under it', async () => {
    const { b, base, cable, laptop } = await counter();
    const discount = { kind: 'percent' as const, value: 5000, reason: 'Damaged box' };
    const held = await b.api.holdSale({ sale: { ...base, lines: [cable], discount }, approvalPin: '2222' });
    if (!held.ok) throw new Error(held.error.message);
    expect(held.value.discount?.approvedBy).toBe('Morgan Manager');
    const grown = await b.api.completeSale({
      sale: {
        ...base,
        id: held.value.id,
        revision: held.value.revision,
        lines: [{ ...cable, id: held.value.lines[0]!.id }, laptop],
        discount,
      },
      tenders: [{ methodId: await cash(b), amountMinor: 200_000 }],
    });
    expect(grown).toMatchObject({ ok: false, error: { code: 'needs_approval' } });
  });
});
