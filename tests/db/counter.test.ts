// Counter sales through the contract on a real store: tender and change, split tender, only cash gives change,
// store credit rules, the open till, hold and recall, and that a refused sale writes nothing (one transaction).
import { describe, expect, it } from 'vitest';
import type { InputOf } from '../../core/contract.ts';
import {
  freshDemoPerTest,
  type Backend,
  type DemoIds,
  okValue,
  refusalOf,
  type CallOutcome,
} from '../support/backend.ts';

let b: Backend;
let ids: DemoIds;
freshDemoPerTest((backend, demo) => {
  b = backend;
  ids = demo;
});

const ok = okValue;
/** A command refused with nothing written: its code and message. */
const refusal = <T>(outcome: () => Promise<CallOutcome<T>>) => refusalOf(b, outcome);

/** The demo's payment method ids by kind (read with the demo's other ids). */
const method = (kind: string) => ids.method(kind);
const openTill = () => ok(b.api.openTill({ floatMinor: 10_000 }));

type Sale = InputOf<'completeSale'>['sale'];
/** The laptop (DL5440-0001) and a cable, to the walk-in customer: 1,249.00 + 19.99 + 7.5 % tax = 1,364.16. */
function laptopAndCable(extra: Partial<Sale> = {}): Sale {
  return {
    customerId: ids.walkIn,
    locationId: ids.main,
    invoiceDate: '2026-11-21',
    lines: [
      {
        productId: ids.laptop,
        description: 'Latitude 5440 Laptop',
        qty: 1000,
        unitPriceMinor: 124_900,
        taxable: true,
        serialIds: [ids.serial('DL5440-0001')],
      },
      {
        productId: ids.cable,
        description: 'USB-C Cable 2m',
        qty: 1000,
        unitPriceMinor: 1_999,
        taxable: true,
        serialIds: [],
      },
    ],
    ...extra,
  };
}
const TOTAL = 136_416;

const cash = (amountMinor: number) => ({ methodId: method('cash'), amountMinor });
const card = (amountMinor: number, reference = '') => ({ methodId: method('card'), amountMinor, reference });
const serialStatus = async (serial: string) =>
  (await b.one<{ status: string }>('SELECT status FROM serials WHERE serial = ?', serial)).status;
const cableOnHand = async () =>
  (
    await b.one<{ on_hand: number }>(
      'SELECT on_hand FROM stock_levels WHERE product_id = ? AND location_id = ?',
      ids.cable,
      ids.main,
    )
  ).on_hand;

describe('completing a sale', () => {
  it('takes cash above the amount due and gives the change: Paid, one payment with what was tendered', async () => {
    const till = await openTill();
    const onHand = await cableOnHand();
    const result = await ok(b.api.completeSale({ sale: laptopAndCable(), tenders: [cash(140_000)] }));
    expect(result.changeMinor).toBe(140_000 - TOTAL);
    expect(result.invoice).toMatchObject({
      status: 'paid',
      totalMinor: TOTAL,
      paidMinor: TOTAL,
      balanceMinor: 0,
      tillSessionId: till.id,
      heldAt: null,
      cashier: 'test',
      customerIsWalkIn: true,
    });
    expect(result.invoice.payments).toMatchObject([
      { methodKind: 'cash', amountMinor: TOTAL, tenderedMinor: 140_000, actor: 'test' },
    ]);
    expect(await b.all('SELECT amount_minor, tendered_minor, till_session_id FROM payments')).toEqual([
      { amount_minor: TOTAL, tendered_minor: 140_000, till_session_id: till.id },
    ]);
    expect(await serialStatus('DL5440-0001')).toBe('sold');
    expect(await cableOnHand()).toBe(onHand - 1000);
    expect(result.receipt).toMatchObject({ kind: 'sale', number: result.invoice.number, changeMinor: 140_000 - TOTAL });
  });

  it('splits a sale across a card part (with its reference) and the rest cash, one payment each', async () => {
    await openTill();
    const result = await ok(
      b.api.completeSale({ sale: laptopAndCable(), tenders: [card(100_000, 'AUTH-7731'), cash(40_000)] }),
    );
    expect(result.changeMinor).toBe(100_000 + 40_000 - TOTAL);
    expect(result.invoice.status).toBe('paid');
    expect(result.invoice.payments.map((p) => [p.methodKind, p.amountMinor, p.tenderedMinor, p.reference])).toEqual([
      ['card', 100_000, null, 'AUTH-7731'],
      ['cash', TOTAL - 100_000, 40_000, ''],
    ]);
  });

  it('pays the card part first whatever the order, so the cash gives the change', async () => {
    await openTill();
    const result = await ok(b.api.completeSale({ sale: laptopAndCable(), tenders: [cash(50_000), card(100_000)] }));
    expect(result.changeMinor).toBe(150_000 - TOTAL);
    expect(result.invoice.payments.map((p) => [p.methodKind, p.amountMinor])).toEqual([
      ['cash', TOTAL - 100_000],
      ['card', 100_000],
    ]);
  });

  it('refuses tenders that do not cover the amount due, and writes nothing', async () => {
    await openTill();
    expect(await refusal(() => b.api.completeSale({ sale: laptopAndCable(), tenders: [cash(100_000)] }))).toEqual({
      code: 'invalid_input',
      message: 'Tenders of $1,000.00 do not cover the amount due of $1,364.16.',
    });
    expect(await serialStatus('DL5440-0001')).toBe('in_stock');
  });

  it('completes a sale of 0.00 with no tender: Paid, no payment, a receipt with no tenders and no change', async () => {
    const till = await openTill();
    const onHand = await cableOnHand();
    const free = laptopAndCable();
    free.lines = [{ ...free.lines[1]!, unitPriceMinor: 0 }];
    const done = await ok(b.api.completeSale({ sale: free, tenders: [] }));
    expect(done.invoice).toMatchObject({ status: 'paid', totalMinor: 0, balanceMinor: 0, tillSessionId: till.id });
    expect(done.invoice.payments).toEqual([]);
    expect(done).toMatchObject({ changeMinor: 0, receipt: { tenders: [], changeMinor: 0 } });
    expect(await b.all('SELECT id FROM payments')).toEqual([]);
    expect(await cableOnHand()).toBe(onHand - 1000);
    // It stays Paid when its money is worked out again (the cable brought back).
    const line = done.invoice.lines[0]!.id;
    await ok(
      b.api.completeReturn({
        invoiceId: done.invoice.id,
        lines: [{ invoiceLineId: line, qty: 1000 }],
        refundTo: 'tenders',
      }),
    );
    expect((await ok(b.api.getInvoice({ id: done.invoice.id }))).status).toBe('paid');
  });

  it('refuses no tender while something is due', async () => {
    await openTill();
    expect(await refusal(() => b.api.completeSale({ sale: laptopAndCable(), tenders: [] }))).toEqual({
      code: 'invalid_input',
      message: 'Tenders of $0.00 do not cover the amount due of $1,364.16.',
    });
  });

  it('gives change from cash only: a card above what is left is refused, and no invoice is left behind', async () => {
    await openTill();
    expect(await refusal(() => b.api.completeSale({ sale: laptopAndCable(), tenders: [card(140_000)] }))).toEqual({
      code: 'invalid_input',
      message: 'The Credit Card tender of $1,400.00 is more than the $1,364.16 left to pay: only cash gives change.',
    });
    expect(
      await refusal(() =>
        b.api.completeSale({
          sale: laptopAndCable(),
          tenders: [card(100_000), { methodId: method('other'), amountMinor: 40_000 }],
        }),
      ),
    ).toEqual({
      code: 'invalid_input',
      message: 'The Other tender of $400.00 is more than the $364.16 left to pay: only cash gives change.',
    });
    expect(await b.all('SELECT id FROM invoices')).toEqual([]);
  });

  it('refuses a cash tender that pays nothing because the sale is already covered', async () => {
    await openTill();
    expect(
      await refusal(() => b.api.completeSale({ sale: laptopAndCable(), tenders: [card(TOTAL), cash(2_000)] })),
    ).toEqual({
      code: 'invalid_input',
      message: 'The sale is paid before the Cash tender of $20.00: remove that tender.',
    });
  });

  it('takes store credit only with a customer attached, up to their credit', async () => {
    await openTill();
    const credit = (amountMinor: number) => ({ methodId: method('store_credit'), amountMinor });
    expect(
      await refusal(() => b.api.completeSale({ sale: laptopAndCable(), tenders: [credit(5_000), cash(140_000)] })),
    ).toEqual({
      code: 'invalid_input',
      message: 'Store credit needs a customer: attach the customer to the sale first.',
    });
    // Acme Corp gets 50.00 of credit (a payment kept as credit), then spends it on the sale.
    await ok(
      b.api.receivePayment({
        customerId: ids.acme,
        amountMinor: 5_000,
        methodId: method('cash'),
        allocations: [],
        remainderToCredit: true,
      }),
    );
    const acmeSale = laptopAndCable({ customerId: ids.acme });
    expect(
      await refusal(() => b.api.completeSale({ sale: acmeSale, tenders: [credit(6_000), cash(140_000)] })),
    ).toEqual({
      code: 'invalid_input',
      message: 'Acme Corp has 50.00 of store credit available: a payment of 60.00 with store credit is more than that.',
    });
    const result = await ok(b.api.completeSale({ sale: acmeSale, tenders: [credit(5_000), cash(140_000)] }));
    expect(result.changeMinor).toBe(145_000 - TOTAL);
    expect(result.invoice.payments.map((p) => [p.methodKind, p.amountMinor])).toEqual([
      ['store_credit', 5_000],
      ['cash', TOTAL - 5_000],
    ]);
    expect(result.invoice.customerCreditMinor).toBe(0);
  });

  it('is refused without an open till, with a message to open one', async () => {
    expect(await refusal(() => b.api.completeSale({ sale: laptopAndCable(), tenders: [cash(140_000)] }))).toEqual({
      code: 'conflict',
      message: 'Open the till before taking a sale: Till → Open till.',
    });
  });

  it('refuses to take a finalised invoice as a counter sale', async () => {
    await openTill();
    const sent = await ok(b.api.saveInvoice({ ...laptopAndCable(), draft: false }));
    expect(
      await refusal(() =>
        b.api.completeSale({
          sale: laptopAndCable({ id: sent.id, revision: sent.revision }),
          tenders: [cash(140_000)],
        }),
      ),
    ).toEqual({
      code: 'conflict',
      message: `${sent.number} is not a held sale (it is Sent): start a new sale, or open it from Invoices.`,
    });
  });
});

describe('hold and recall', () => {
  it('parks a sale with its units Reserved, lists it, and completes it later under the same number', async () => {
    const held = await ok(b.api.holdSale({ sale: laptopAndCable() }));
    expect(held).toMatchObject({ status: 'draft', heldAt: '2026-11-21T10:00:00.000Z' });
    expect(await serialStatus('DL5440-0001')).toBe('reserved');
    expect(await ok(b.api.listHeldSales({}))).toEqual([
      {
        invoiceId: held.id,
        number: held.number,
        heldAt: '2026-11-21T10:00:00.000Z',
        customerName: 'Walk-in Customer',
        firstItem: 'Latitude 5440 Laptop',
        lineCount: 2,
        totalMinor: TOTAL,
        cashier: 'test',
      },
    ]);
    // Another sale cannot take the held unit.
    await openTill();
    const other = await ok(b.api.completeSale({ sale: laptopAndCable(), tenders: [cash(140_000)] })).catch(
      (e: Error) => e.message,
    );
    expect(other).toContain('DL5440-0001 is reserved on draft');

    const recalled = await ok(b.api.getInvoice({ id: held.id }));
    const sale = laptopAndCable({
      id: held.id,
      revision: recalled.revision,
      lines: laptopAndCable().lines.map((l, i) => ({ ...l, id: recalled.lines[i]!.id })),
    });
    const result = await ok(b.api.completeSale({ sale, tenders: [cash(TOTAL)] }));
    expect(result.invoice).toMatchObject({ id: held.id, number: held.number, status: 'paid', heldAt: null });
    expect(result.changeMinor).toBe(0);
    expect(await serialStatus('DL5440-0001')).toBe('sold');
    expect(await ok(b.api.listHeldSales({}))).toEqual([]);
  });
});
