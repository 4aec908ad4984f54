// Receipts from the saved records, through the contract: a counter sale's receipt (shop details, cashier, lines with
// their discounts and the serial numbers under each serial-tracked line, tax per rate, tenders and change, the
// barcode's value, footer and width from Settings → Counter) reads the same when reprinted.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InputOf } from '../../core/contract.ts';
import type { ErrorCode } from '../../core/errors.ts';
import { demoIds, freshBackend, type Backend } from '../support/backend.ts';

let b: Backend;
let ids: ReturnType<typeof demoIds>;
beforeEach(async () => {
  b = await freshBackend();
  ids = demoIds(b);
});
afterEach(() => b.close());

type Outcome<T> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string } };
async function ok<T>(outcome: Promise<Outcome<T>>): Promise<T> {
  const r = await outcome;
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
const method = async (kind: string) =>
  (await b.one<{ id: number }>('SELECT id FROM payment_methods WHERE kind = ?', kind)).id;
/** Casey signs in at the counter (the Admin set up the shop first). */
const caseySignsIn = () => (b.ctx.session!.staff = { id: 3, name: 'Casey Cashier', role: 'cashier' });

const twoLaptopsAndACable = (): InputOf<'completeSale'>['sale'] => ({
  customerId: ids.walkIn,
  locationId: ids.main,
  invoiceDate: '2026-11-21',
  lines: [
    {
      productId: ids.laptop,
      description: 'Latitude 5440 Laptop',
      qty: 2000,
      unitPriceMinor: 124_900,
      taxable: true,
      serialIds: [ids.serial('DL5440-0002'), ids.serial('DL5440-0001')],
    },
    {
      productId: ids.cable,
      description: 'USB-C Cable 2m',
      qty: 1000,
      unitPriceMinor: 1_999,
      taxable: true,
      serialIds: [],
      discount: { kind: 'amount', value: 199, reason: 'Scuffed box' },
    },
  ],
});

describe('sale receipt', () => {
  it('lists the lines with discounts and serials, tax per rate, each tender and the change', async () => {
    const counter = await ok(b.api.getCounterSettings({}));
    await ok(b.api.saveCounterSettings({ ...counter, receiptWidth: '58', receiptFooter: 'Returns within 30 days.' }));
    caseySignsIn();
    await ok(b.api.openTill({ floatMinor: 0 }));
    // 2 × 1,249.00 + (19.99 - 1.99) = 2,516.00; tax 7.5% = 188.70; total 2,704.70.
    // 2,000.00 by card, 800.00 cash handed over: 704.70 applied, 95.30 change.
    const { invoice, receipt, changeMinor } = await ok(
      b.api.completeSale({
        sale: twoLaptopsAndACable(),
        tenders: [
          { methodId: await method('card'), amountMinor: 200_000, reference: 'auth 0042' },
          { methodId: await method('cash'), amountMinor: 80_000, reference: '' },
        ],
      }),
    );
    expect(changeMinor).toBe(9_530);
    expect(receipt).toEqual({
      kind: 'sale',
      number: invoice.number,
      originalNumber: null,
      barcode: invoice.number,
      shop: {
        name: 'Counter POS Demo Shop',
        address: '100 Main Street\nSpringfield, IL 62701',
        phone: '555-0199',
        taxId: 'US-12-3456789',
      },
      at: expect.any(String),
      cashier: 'Casey Cashier',
      customerName: 'Walk-in Customer',
      customerIsWalkIn: true,
      lines: [
        {
          description: 'Latitude 5440 Laptop',
          sku: 'LAT-5440',
          qty: 2000,
          unitPriceMinor: 124_900,
          discount: null,
          lineTotalMinor: 249_800,
          serials: ['DL5440-0001', 'DL5440-0002'],
        },
        {
          description: 'USB-C Cable 2m',
          sku: 'USBC-2M',
          qty: 1000,
          unitPriceMinor: 1_999,
          discount: { kind: 'amount', value: 199, minor: 199, reason: 'Scuffed box', approvedBy: null },
          lineTotalMinor: 1_800,
          serials: [],
        },
      ],
      subtotalMinor: 251_600,
      discount: null,
      taxes: [{ name: 'Sales tax 7.5%', rateBp: 750, taxableMinor: 251_600, taxMinor: 18_870 }],
      taxMinor: 18_870,
      totalMinor: 270_470,
      tenders: [
        {
          methodName: 'Credit Card',
          methodKind: 'card',
          amountMinor: 200_000,
          tenderedMinor: 200_000,
          reference: 'auth 0042',
        },
        { methodName: 'Cash', methodKind: 'cash', amountMinor: 70_470, tenderedMinor: 80_000, reference: '' },
      ],
      changeMinor: 9_530,
      footer: 'Returns within 30 days.',
      width: '58',
    });
    // A reprint from the invoice reads the same.
    expect(await ok(b.api.saleReceipt({ invoiceId: invoice.id }))).toEqual(receipt);
  });

  it('shows the sale discount and the tax after it', async () => {
    await ok(b.api.openTill({ floatMinor: 0 }));
    const { receipt } = await ok(
      b.api.completeSale({
        sale: { ...twoLaptopsAndACable(), discount: { kind: 'percent', value: 500, reason: 'Loyal customer' } },
        tenders: [{ methodId: await method('cash'), amountMinor: 300_000, reference: '' }],
      }),
    );
    // 5% off 2,516.00 = 125.80; tax on 2,390.20 = 179.27; total 2,569.47.
    expect(receipt.discount).toEqual({
      kind: 'percent',
      value: 500,
      minor: 12_580,
      reason: 'Loyal customer',
      approvedBy: null,
    });
    expect(receipt.taxes).toEqual([{ name: 'Sales tax 7.5%', rateBp: 750, taxableMinor: 239_020, taxMinor: 17_927 }]);
    expect(receipt).toMatchObject({ subtotalMinor: 251_600, totalMinor: 256_947, changeMinor: 300_000 - 256_947 });
    expect(receipt.width).toBe('80');
  });

  it('has none for a draft, and says why', async () => {
    const draft = await ok(b.api.saveInvoice({ ...twoLaptopsAndACable(), draft: true }));
    expect(await b.api.saleReceipt({ invoiceId: draft.id })).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'conflict',
        message: `${draft.number} is a draft: it has no receipt yet.`,
      }),
    });
    expect(await b.api.saleReceipt({ creditNoteId: 999 })).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'not_found', message: 'No credit note with id 999.' }),
    });
  });
});

describe('refund receipt', () => {
  it('says REFUND with the credit note, the original invoice, the returned lines with their serials and the refunds', async () => {
    await ok(b.api.openTill({ floatMinor: 10_000 }));
    const { invoice } = await ok(
      b.api.completeSale({
        sale: twoLaptopsAndACable(),
        tenders: [{ methodId: await method('cash'), amountMinor: 270_470, reference: '' }],
      }),
    );
    caseySignsIn();
    const laptops = invoice.lines[0]!;
    const { creditNote, receipt } = await ok(
      b.api.completeReturn({
        invoiceId: invoice.id,
        lines: [
          {
            invoiceLineId: laptops.id,
            qty: 1000,
            units: [{ serialId: ids.serial('DL5440-0002'), disposition: 'stock' }],
          },
        ],
        refundTo: 'tenders',
        reason: 'Changed mind',
      }),
    );
    // One laptop back: 1,249.00 + 7.5% tax 93.68 = 1,342.68, refunded in cash.
    expect(receipt).toMatchObject({
      kind: 'refund',
      number: creditNote.number,
      originalNumber: invoice.number,
      barcode: invoice.number,
      cashier: 'Casey Cashier',
      lines: [
        {
          description: 'Latitude 5440 Laptop',
          qty: 1000,
          unitPriceMinor: 124_900,
          lineTotalMinor: 124_900,
          serials: ['DL5440-0002'],
        },
      ],
      subtotalMinor: 124_900,
      taxes: [{ name: 'Sales tax 7.5%', rateBp: 750, taxableMinor: 124_900, taxMinor: 9_368 }],
      taxMinor: 9_368,
      totalMinor: 134_268,
      tenders: [{ methodName: 'Cash', methodKind: 'cash', amountMinor: 134_268, tenderedMinor: 134_268 }],
      changeMinor: 0,
    });
    expect(creditNote.number).toBe('CN-000001');
    expect(await ok(b.api.saleReceipt({ creditNoteId: creditNote.id }))).toEqual(receipt);
  });
});
