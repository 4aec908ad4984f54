// Payments through the contract on a real store: statuses from payments and refunds, overpayment to store credit,
// credit as a method, split payments, refunds, the $0 rule, a voided invoice's payments, the customer's account and
// the customer picker. Every refusal is checked with its exact message and nothing written.
import { describe, expect, it } from 'vitest';
import type { InputOf } from '../../core/contract.ts';
import type { Invoice } from '../../core/model.ts';
import { inWriteTransaction } from '../../db/services/context.ts';
import { customerCredit, recomputeInvoiceMoney } from '../../db/services/payments.ts';
import {
  freshDemoPerTest,
  serviceCtx,
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
const cash = () => method('cash');
const card = () => method('card');
const credit = () => method('store_credit');

/** A finalised invoice (Sent) of one untaxed manual line: its total is `totalMinor`. */
function sell(totalMinor: number, extra: Partial<InputOf<'saveInvoice'>> = {}): Promise<Invoice> {
  return ok(
    b.api.saveInvoice({
      customerId: ids.acme,
      locationId: ids.main,
      invoiceDate: '2026-11-21',
      lines: [
        {
          productId: null,
          description: 'Labour',
          qty: 1000,
          unitPriceMinor: totalMinor,
          taxable: false,
          serialIds: [],
        },
      ],
      ...extra,
    }),
  );
}
const pay = (invoiceId: number, amountMinor: number, extra: Partial<InputOf<'takePayment'>> = {}) =>
  b.api.takePayment({ invoiceId, amountMinor, methodId: cash(), ...extra });
const invoiceRow = (id: number) =>
  b.one<{ status: string; paid_minor: number; balance_minor: number; revision: number }>(
    'SELECT status, paid_minor, balance_minor, revision FROM invoices WHERE id = ?',
    id,
  );
const ledger = (customerId: number) =>
  b.all<{ kind: string; amount_minor: number; payment_id: number | null; invoice_id: number | null }>(
    'SELECT kind, amount_minor, payment_id, invoice_id FROM store_credit WHERE customer_id = ? ORDER BY id',
    customerId,
  );
const creditOf = (customerId: number) => customerCredit(serviceCtx(b), customerId);

describe('taking a payment', () => {
  it('moves an invoice Sent → Partial → Paid, one payment and one allocation each, numbered PAY-', async () => {
    const inv = await sell(10_000);
    expect(inv.status).toBe('sent');

    const partial = await ok(pay(inv.id, 4_000, { reference: 'R-1', paidOn: '2026-11-20', notes: 'first half' }));
    expect(partial).toMatchObject({ status: 'partial', paidMinor: 4_000, balanceMinor: 6_000 });
    expect(partial.revision).toBe(inv.revision + 1);
    expect(
      await b.one('SELECT number, customer_id, amount_minor, credit_minor, reference, paid_on, notes FROM payments'),
    ).toEqual({
      number: 'PAY-000001',
      customer_id: ids.acme,
      amount_minor: 4_000,
      credit_minor: 0,
      reference: 'R-1',
      paid_on: '2026-11-20',
      notes: 'first half',
    });

    const paid = await ok(pay(inv.id, 6_000));
    expect(paid).toMatchObject({ status: 'paid', paidMinor: 10_000, balanceMinor: 0 });
    expect(
      await b.all('SELECT payment_id, invoice_id, amount_minor FROM payment_allocations ORDER BY payment_id'),
    ).toEqual([
      { payment_id: 1, invoice_id: inv.id, amount_minor: 4_000 },
      { payment_id: 2, invoice_id: inv.id, amount_minor: 6_000 },
    ]);
    expect((await b.one<{ paid_on: string }>('SELECT paid_on FROM payments WHERE id = 2')).paid_on).toBe('2026-11-21'); // today
  });

  it('refuses a draft, a void and a paid invoice, and an unknown one', async () => {
    const draft = await sell(10_000, { draft: true });
    expect(await refusal(() => pay(draft.id, 1_000))).toEqual({
      code: 'conflict',
      message: `${draft.number} is a draft: save it (finalise) before taking payment.`,
    });

    const paid = await sell(5_000);
    await ok(pay(paid.id, 5_000));
    expect(await refusal(() => pay(paid.id, 1_000))).toEqual({
      code: 'conflict',
      message: `${paid.number} is already paid: nothing is owed.`,
    });

    const voided = await sell(5_000);
    await ok(b.api.voidInvoice({ id: voided.id }));
    expect(await refusal(() => pay(voided.id, 1_000))).toEqual({
      code: 'conflict',
      message: `${voided.number} is void: it cannot take a payment.`,
    });

    expect(await refusal(() => pay(999, 1_000))).toEqual({ code: 'not_found', message: 'No invoice with id 999.' });
  });

  it('refuses an amount of 0 while something is owed, and an archived or unknown method', async () => {
    const inv = await sell(10_000);
    expect(await refusal(() => pay(inv.id, 0))).toEqual({
      code: 'invalid_input',
      message: 'The amount must be above 0 (a payment of 0.00 only closes an invoice whose balance is already 0).',
    });
    await b.all(`UPDATE payment_methods SET archived = 1 WHERE kind = 'check'`);
    expect(await refusal(() => pay(inv.id, 1_000, { methodId: method('check') }))).toEqual({
      code: 'conflict',
      message: 'The payment method Check is archived: choose another one.',
    });
    expect(await refusal(() => pay(inv.id, 1_000, { methodId: 999 }))).toEqual({
      code: 'not_found',
      message: 'No payment method with id 999.',
    });
  });

  it('allows a payment of 0 only when the balance is already 0: it closes the invoice (Paid)', async () => {
    const covered = await sell(0);
    expect(covered).toMatchObject({ status: 'sent', balanceMinor: 0 });
    const closed = await ok(pay(covered.id, 0));
    expect(closed.status).toBe('paid');
    expect(await b.one('SELECT amount_minor FROM payment_allocations WHERE invoice_id = ?', covered.id)).toEqual({
      amount_minor: 0,
    });
  });

  it('refuses an overpayment with "Payment exceeds balance", then keeps the excess as store credit when asked', async () => {
    const inv = await sell(10_000);
    expect(await refusal(() => pay(inv.id, 12_000))).toEqual({
      code: 'invalid_input',
      message: 'Payment exceeds balance (balance 100.00, payment 120.00).',
    });

    const paid = await ok(pay(inv.id, 12_000, { excessToCredit: true }));
    expect(paid).toMatchObject({ status: 'paid', paidMinor: 10_000, balanceMinor: 0, customerCreditMinor: 2_000 });
    expect(await b.one('SELECT amount_minor, credit_minor FROM payments')).toEqual({
      amount_minor: 12_000,
      credit_minor: 2_000,
    });
    expect(await b.one('SELECT amount_minor FROM payment_allocations')).toEqual({ amount_minor: 10_000 });
    expect(await ledger(ids.acme)).toEqual([
      { kind: 'overpayment', amount_minor: 2_000, payment_id: 1, invoice_id: inv.id },
    ]);
    expect(await creditOf(ids.acme)).toBe(2_000);
  });

  it('refuses to keep credit for the walk-in customer', async () => {
    const inv = await sell(10_000, { customerId: ids.walkIn });
    expect(await refusal(() => pay(inv.id, 12_000, { excessToCredit: true }))).toEqual({
      code: 'conflict',
      message: 'The walk-in customer cannot hold store credit; choose the customer or take only the balance.',
    });
  });

  it('uses store credit as a method, limited to the credit available', async () => {
    const first = await sell(10_000);
    await ok(pay(first.id, 12_000, { excessToCredit: true })); // 20.00 of credit
    const second = await sell(5_000);

    expect(await refusal(() => pay(second.id, 3_000, { methodId: credit() }))).toEqual({
      code: 'invalid_input',
      message: 'Acme Corp has 20.00 of store credit available: a payment of 30.00 with store credit is more than that.',
    });
    expect(await refusal(() => pay(second.id, 6_000, { methodId: credit(), excessToCredit: true }))).toEqual({
      code: 'invalid_input',
      message: 'A payment with store credit cannot leave an excess as store credit: take at most the balance (50.00).',
    });

    const partial = await ok(pay(second.id, 2_000, { methodId: credit() }));
    expect(partial).toMatchObject({ status: 'partial', balanceMinor: 3_000, customerCreditMinor: 0 });
    expect((await ledger(ids.acme)).map((e) => [e.kind, e.amount_minor])).toEqual([
      ['overpayment', 2_000],
      ['used', -2_000],
    ]);
    expect(await refusal(() => pay(second.id, 1, { methodId: credit() }))).toMatchObject({
      message: 'Acme Corp has 0.00 of store credit available: a payment of 0.01 with store credit is more than that.',
    });
  });

  it('quick pay pays the whole balance with the default method (Cash); a zero balance is closed the same way', async () => {
    const inv = await sell(10_000);
    await ok(pay(inv.id, 2_500));
    const paid = await ok(b.api.quickPay({ id: inv.id }));
    expect(paid).toMatchObject({ status: 'paid', balanceMinor: 0 });
    expect(
      await b.one(
        'SELECT p.amount_minor, m.name FROM payments p JOIN payment_methods m ON m.id = p.method_id WHERE p.id = 2',
      ),
    ).toEqual({ amount_minor: 7_500, name: 'Cash' });
    expect(await refusal(() => b.api.quickPay({ id: inv.id }))).toEqual({
      code: 'conflict',
      message: `${inv.number} is already paid: nothing is owed.`,
    });
    const zero = await sell(0);
    expect((await ok(b.api.quickPay({ id: zero.id }))).status).toBe('paid');
  });
});

describe('receiving a payment across invoices', () => {
  it('splits one payment oldest first across two invoices, the remainder to store credit', async () => {
    const older = await sell(10_000, { invoiceDate: '2026-11-01' });
    const newer = await sell(15_000, { invoiceDate: '2026-11-10' });
    const open = await ok(b.api.openInvoices({ customerId: ids.acme }));
    expect(open.map((i) => [i.number, i.balanceMinor])).toEqual([
      [older.number, 10_000],
      [newer.number, 15_000],
    ]);

    const row = await ok(
      b.api.receivePayment({
        customerId: ids.acme,
        amountMinor: 28_000,
        methodId: card(),
        reference: 'VISA 4242',
        allocations: [
          { invoiceId: older.id, amountMinor: 10_000 },
          { invoiceId: newer.id, amountMinor: 15_000 },
        ],
        remainderToCredit: true,
      }),
    );
    expect(row).toMatchObject({
      number: 'PAY-000001',
      customerName: 'Acme Corp',
      methodName: 'Credit Card',
      reference: 'VISA 4242',
      amountMinor: 28_000,
      creditMinor: 3_000,
      refundedMinor: 0,
      invoices: [
        { id: older.id, number: older.number, amountMinor: 10_000, refundedMinor: 0 },
        { id: newer.id, number: newer.number, amountMinor: 15_000, refundedMinor: 0 },
      ],
    });
    expect((await b.one<{ n: number }>('SELECT count(*) AS n FROM payments')).n).toBe(1);
    expect((await invoiceRow(older.id)).status).toBe('paid');
    expect((await invoiceRow(newer.id)).status).toBe('paid');
    expect(await ledger(ids.acme)).toEqual([
      { kind: 'remainder', amount_minor: 3_000, payment_id: 1, invoice_id: null },
    ]);
    expect(await ok(b.api.openInvoices({ customerId: ids.acme }))).toEqual([]);
  });

  it('leaves the newer invoice Partial when the amount does not cover both; allocations of 0 are skipped', async () => {
    const older = await sell(10_000, { invoiceDate: '2026-11-01' });
    const newer = await sell(15_000, { invoiceDate: '2026-11-10' });
    const third = await sell(1_000);
    await ok(
      b.api.receivePayment({
        customerId: ids.acme,
        amountMinor: 12_000,
        methodId: cash(),
        allocations: [
          { invoiceId: older.id, amountMinor: 10_000 },
          { invoiceId: newer.id, amountMinor: 2_000 },
          { invoiceId: third.id, amountMinor: 0 },
        ],
      }),
    );
    expect((await invoiceRow(older.id)).status).toBe('paid');
    expect(await invoiceRow(newer.id)).toMatchObject({ status: 'partial', balance_minor: 13_000 });
    expect((await invoiceRow(third.id)).status).toBe('sent');
    expect((await b.one<{ n: number }>('SELECT count(*) AS n FROM payment_allocations')).n).toBe(2);
  });

  it('refuses a remainder without store credit, an allocation above a balance or above the amount, and others', async () => {
    const inv = await sell(10_000);
    const input = (extra: Partial<InputOf<'receivePayment'>>): InputOf<'receivePayment'> => ({
      customerId: ids.acme,
      amountMinor: 12_000,
      methodId: cash(),
      allocations: [{ invoiceId: inv.id, amountMinor: 10_000 }],
      ...extra,
    });
    expect(await refusal(() => b.api.receivePayment(input({})))).toEqual({
      code: 'invalid_input',
      message: '20.00 of the 120.00 is not allocated to any invoice: allocate it, or keep it as store credit.',
    });
    expect(
      await refusal(() => b.api.receivePayment(input({ allocations: [{ invoiceId: inv.id, amountMinor: 11_000 }] }))),
    ).toEqual({
      code: 'invalid_input',
      message: `The 110.00 allocated to ${inv.number} exceeds its balance of 100.00.`,
    });
    expect(await refusal(() => b.api.receivePayment(input({ amountMinor: 5_000 })))).toEqual({
      code: 'invalid_input',
      message: 'The allocations (100.00) exceed the amount received (50.00).',
    });
    expect(await refusal(() => b.api.receivePayment(input({ amountMinor: 0, allocations: [] })))).toEqual({
      code: 'invalid_input',
      message: 'The amount must be above 0.',
    });
    const jordan = (await b.one<{ id: number }>(`SELECT id FROM customers WHERE name = 'Jordan Lee'`)).id;
    expect(await refusal(() => b.api.receivePayment(input({ customerId: jordan, amountMinor: 10_000 })))).toEqual({
      code: 'invalid_input',
      message: `${inv.number} belongs to Acme Corp, not Jordan Lee: a payment applies to its customer's invoices only.`,
    });
    const draft = await sell(1_000, { draft: true });
    expect(
      await refusal(() =>
        b.api.receivePayment(input({ amountMinor: 1_000, allocations: [{ invoiceId: draft.id, amountMinor: 1_000 }] })),
      ),
    ).toEqual({ code: 'conflict', message: `${draft.number} is a draft: save it (finalise) before taking payment.` });
    expect(
      await refusal(() =>
        b.api.receivePayment({
          customerId: ids.walkIn,
          amountMinor: 1_000,
          methodId: cash(),
          allocations: [],
          remainderToCredit: true,
        }),
      ),
    ).toEqual({
      code: 'conflict',
      message: 'The walk-in customer cannot hold store credit; choose the customer or allocate the whole amount.',
    });
  });
});

describe('the remaining refusals', () => {
  it('quick pay without a default method, an invoice allocated twice, a store-credit remainder', async () => {
    const inv = await sell(10_000);
    await b.all('UPDATE payment_methods SET is_default = 0');
    expect(await refusal(() => b.api.quickPay({ id: inv.id }))).toEqual({
      code: 'conflict',
      message: 'No default payment method: choose one in Settings.',
    });
    const twice = { invoiceId: inv.id, amountMinor: 1_000 };
    expect(
      await refusal(() =>
        b.api.receivePayment({
          customerId: ids.acme,
          amountMinor: 2_000,
          methodId: cash(),
          allocations: [twice, twice],
        }),
      ),
    ).toEqual({ code: 'invalid_input', message: `${inv.number} is allocated twice: give it one amount.` });
    expect(
      await refusal(() =>
        b.api.receivePayment({
          customerId: ids.acme,
          amountMinor: 2_000,
          methodId: credit(),
          allocations: [twice],
          remainderToCredit: true,
        }),
      ),
    ).toEqual({
      code: 'invalid_input',
      message: 'A payment with store credit cannot leave a remainder as store credit: allocate the whole amount.',
    });
  });

  it('a refund to an archived method, or on an invoice the payment did not pay', async () => {
    const inv = await sell(10_000);
    const other = await sell(1_000);
    await ok(pay(inv.id, 5_000));
    await b.all(`UPDATE payment_methods SET archived = 1 WHERE kind = 'check'`);
    expect(
      await refusal(() =>
        b.api.refundPayment({ paymentId: 1, amountMinor: 100, to: 'method', methodId: method('check') }),
      ),
    ).toEqual({ code: 'conflict', message: 'The payment method Check is archived: choose another one.' });
    expect(
      await refusal(() => b.api.refundPayment({ paymentId: 1, invoiceId: other.id, amountMinor: 100, to: 'method' })),
    ).toEqual({ code: 'not_found', message: `PAY-000001 was not applied to the invoice with id ${other.id}.` });
  });
});

describe('refunds', () => {
  it('recomputes the status: Paid → Partial on a partial refund, → Sent when all is refunded; to credit too', async () => {
    const inv = await sell(10_000);
    await ok(pay(inv.id, 10_000, { methodId: card() }));
    const paymentId = 1;

    const first = await ok(b.api.refundPayment({ paymentId, amountMinor: 3_000, to: 'method', reference: 'RF-1' }));
    expect(first.refundedMinor).toBe(3_000);
    expect(first.refunds).toMatchObject([
      { invoiceId: inv.id, invoiceNumber: inv.number, amountMinor: 3_000, methodName: 'Credit Card', toCredit: false },
    ]);
    expect(await invoiceRow(inv.id)).toMatchObject({ status: 'partial', paid_minor: 7_000, balance_minor: 3_000 });

    expect(await refusal(() => b.api.refundPayment({ paymentId, amountMinor: 8_000, to: 'method' }))).toEqual({
      code: 'invalid_input',
      message: `Refund exceeds what was paid: at most 70.00 can be refunded on PAY-000001 for ${inv.number}.`,
    });

    const rest = await ok(b.api.refundPayment({ paymentId, invoiceId: inv.id, amountMinor: 7_000, to: 'credit' }));
    expect(rest.invoices).toEqual([{ id: inv.id, number: inv.number, amountMinor: 10_000, refundedMinor: 10_000 }]);
    expect(rest.refunds[1]).toMatchObject({ methodName: 'Store credit', toCredit: true, amountMinor: 7_000 });
    expect(await invoiceRow(inv.id)).toMatchObject({ status: 'sent', paid_minor: 0, balance_minor: 10_000 });
    expect(await ledger(ids.acme)).toEqual([
      { kind: 'refund', amount_minor: 7_000, payment_id: 1, invoice_id: inv.id },
    ]);
  });

  it('needs the invoice when the payment covered several, refuses the walk-in credit and a void invoice', async () => {
    const a = await sell(1_000);
    const c = await sell(2_000);
    await ok(
      b.api.receivePayment({
        customerId: ids.acme,
        amountMinor: 3_000,
        methodId: cash(),
        allocations: [
          { invoiceId: a.id, amountMinor: 1_000 },
          { invoiceId: c.id, amountMinor: 2_000 },
        ],
      }),
    );
    expect(await refusal(() => b.api.refundPayment({ paymentId: 1, amountMinor: 500, to: 'method' }))).toEqual({
      code: 'invalid_input',
      message: "PAY-000001 applied to 2 invoices: choose which invoice's part to refund.",
    });
    expect(await refusal(() => b.api.refundPayment({ paymentId: 9, amountMinor: 500, to: 'method' }))).toEqual({
      code: 'not_found',
      message: 'No payment with id 9.',
    });
    const row = await ok(b.api.refundPayment({ paymentId: 1, invoiceId: c.id, amountMinor: 500, to: 'method' }));
    expect(row.invoices.map((i) => i.refundedMinor)).toEqual([0, 500]);
    expect((await invoiceRow(c.id)).status).toBe('partial');

    const walkIn = await sell(1_000, { customerId: ids.walkIn });
    await ok(pay(walkIn.id, 1_000));
    expect(await refusal(() => b.api.refundPayment({ paymentId: 2, amountMinor: 500, to: 'credit' }))).toEqual({
      code: 'conflict',
      message: 'The walk-in customer cannot hold store credit; refund to a payment method instead.',
    });

    await ok(b.api.voidInvoice({ id: walkIn.id, payments: 'refund' }));
    expect(await refusal(() => b.api.refundPayment({ paymentId: 2, amountMinor: 500, to: 'method' }))).toEqual({
      code: 'conflict',
      message: `${walkIn.number} is void: its payments were refunded or kept as credit when it was voided.`,
    });
  });
});

describe("a voided invoice's payments", () => {
  async function paidTwice() {
    const inv = await sell(10_000);
    await ok(pay(inv.id, 3_000, { methodId: card() }));
    await ok(pay(inv.id, 2_000));
    await ok(b.api.refundPayment({ paymentId: 2, amountMinor: 500, to: 'method' }));
    return inv;
  }

  it('refunds what remains of each payment by its own method', async () => {
    const inv = await paidTwice();
    const voided = await ok(b.api.voidInvoice({ id: inv.id, payments: 'refund', reference: 'VOID-1' }));
    expect(voided).toMatchObject({ status: 'void', paidMinor: 0 });
    expect(
      await b.all(
        `SELECT r.payment_id, r.amount_minor, m.name, r.reference FROM refunds r
         JOIN payment_methods m ON m.id = r.method_id ORDER BY r.id`,
      ),
    ).toEqual([
      { payment_id: 2, amount_minor: 500, name: 'Cash', reference: '' },
      { payment_id: 1, amount_minor: 3_000, name: 'Credit Card', reference: 'VOID-1' },
      { payment_id: 2, amount_minor: 1_500, name: 'Cash', reference: 'VOID-1' },
    ]);
    expect(await ledger(ids.acme)).toEqual([]);
  });

  it('keeps what remains as store credit (kind void), and refuses that for the walk-in customer', async () => {
    const inv = await paidTwice();
    await ok(b.api.voidInvoice({ id: inv.id, payments: 'credit' }));
    expect(await invoiceRow(inv.id)).toMatchObject({ status: 'void', paid_minor: 0 });
    expect((await ledger(ids.acme)).map((e) => [e.kind, e.amount_minor, e.payment_id])).toEqual([
      ['void', 3_000, 1],
      ['void', 1_500, 2],
    ]);
    expect(await creditOf(ids.acme)).toBe(4_500);

    const walkIn = await sell(1_000, { customerId: ids.walkIn });
    await ok(pay(walkIn.id, 1_000));
    expect(await refusal(() => b.api.voidInvoice({ id: walkIn.id, payments: 'credit' }))).toEqual({
      code: 'conflict',
      message: 'The walk-in customer cannot hold store credit; refund the payments instead.',
    });
  });
});

describe('recomputeInvoiceMoney', () => {
  it('keeps Viewed while nothing is paid and bumps the revision only when something changed', async () => {
    const inv = await sell(10_000);
    await ok(b.api.markInvoiceViewed({ id: inv.id }));
    const before = await invoiceRow(inv.id);
    await inWriteTransaction(serviceCtx(b), (trx) => recomputeInvoiceMoney(trx, [inv.id]));
    expect(await invoiceRow(inv.id)).toEqual(before);
    await ok(pay(inv.id, 1_000));
    await ok(b.api.refundPayment({ paymentId: 1, amountMinor: 1_000, to: 'method' }));
    expect(await invoiceRow(inv.id)).toMatchObject({ status: 'sent', paid_minor: 0 });
  });
});

describe('the Payments page', () => {
  it('lists newest first, paged with the total, filtered by customer, method and dates', async () => {
    const inv = await sell(10_000);
    await ok(pay(inv.id, 1_000, { paidOn: '2026-11-01' }));
    await ok(pay(inv.id, 1_000, { paidOn: '2026-11-15', methodId: card() }));
    await ok(pay(inv.id, 1_000, { paidOn: '2026-11-10' }));
    const page = await ok(b.api.listPayments({ limit: 2 }));
    expect(page.total).toBe(3);
    expect(page.rows.map((r) => r.paidOn)).toEqual(['2026-11-15', '2026-11-10']);
    expect(page.rows[0]).toMatchObject({
      methodName: 'Credit Card',
      invoices: [{ number: inv.number, amountMinor: 1_000 }],
    });
    expect((await ok(b.api.listPayments({ offset: 2 }))).rows.map((r) => r.paidOn)).toEqual(['2026-11-01']);
    expect((await ok(b.api.listPayments({ methodId: cash() }))).total).toBe(2);
    expect((await ok(b.api.listPayments({ from: '2026-11-05', to: '2026-11-12' }))).rows.map((r) => r.paidOn)).toEqual([
      '2026-11-10',
    ]);
    expect((await ok(b.api.listPayments({ customerId: ids.walkIn }))).total).toBe(0);
    expect(await refusal(() => b.api.listPayments({ from: '2026-11-12', to: '2026-11-05' }))).toEqual({
      code: 'invalid_input',
      message: 'The date From (2026-11-12) is after To (2026-11-05).',
    });
  });
});

describe("a customer's account", () => {
  it('shows what is owed with aging by days past due, store credit with its ledger, documents and units', async () => {
    const due = (dueDate: string, total: number) => sell(total, { invoiceDate: '2026-06-01', dueDate });
    await due('2026-11-30', 100); // not yet due: current
    await due('2026-11-01', 200); // 20 days
    await due('2026-10-01', 400); // 51 days
    await due('2026-09-01', 800); // 81 days
    const old = await due('2026-07-01', 1_600); // 143 days
    await ok(pay(old.id, 600));
    const extra = await sell(1_000);
    await ok(pay(extra.id, 1_500, { excessToCredit: true }));
    await ok(b.api.voidInvoice({ id: extra.id, payments: 'credit' }));
    const laptop = await ok(
      b.api.saveInvoice({
        customerId: ids.acme,
        locationId: ids.main,
        invoiceDate: '2026-11-21',
        lines: [
          {
            productId: ids.laptop,
            description: 'Latitude 5440 Laptop',
            qty: 1000,
            unitPriceMinor: 0,
            taxable: false,
            serialIds: [ids.serial('DL5440-0001')],
          },
        ],
      }),
    );

    const account = await ok(b.api.getCustomerAccount({ id: ids.acme }));
    expect(account.customer.name).toBe('Acme Corp');
    expect(account.aging).toEqual({
      currentMinor: 100,
      days1to30Minor: 200,
      days31to60Minor: 400,
      days61to90Minor: 800,
      over90Minor: 1_000,
    });
    expect(account.owedMinor).toBe(2_500);
    expect(account.creditMinor).toBe(1_500);
    expect(account.credit.map((e) => [e.kind, e.amountMinor, e.balanceMinor, e.invoice?.number])).toEqual([
      ['overpayment', 500, 500, extra.number],
      ['void', 1_000, 1_500, extra.number],
    ]);
    expect(account.invoices[0]?.number).toBe(laptop.number);
    expect(account.invoices).toHaveLength(7);
    expect(account.invoices.find((i) => i.id === extra.id)).toMatchObject({ status: 'void', balanceMinor: 0 });
    expect(account.invoices.find((i) => i.id === old.id)).toMatchObject({ overdue: true, balanceMinor: 1_000 });
    expect(account.payments.map((p) => p.number)).toEqual(['PAY-000002', 'PAY-000001']);
    expect(account.units).toEqual([
      {
        serialId: ids.serial('DL5440-0001'),
        serial: 'DL5440-0001',
        productName: 'Latitude 5440 Laptop',
        status: 'sold',
        invoice: { id: laptop.id, number: laptop.number },
      },
    ]);
    expect(await refusal(() => b.api.getCustomerAccount({ id: 999 }))).toEqual({
      code: 'not_found',
      message: 'No customer with id 999.',
    });
  });
});

describe('the customer picker', () => {
  it('finds part of a name, e-mail or phone, names first, and stays fast with 10,000 customers', async () => {
    await b.all(
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 9999)
       INSERT INTO customers (name, email, phone) SELECT 'Customer ' || i, 'c' || i || '@example.com', '555-' || (1000 + i) FROM n`,
    );
    const insert = (name: string, email: string, phone: string) =>
      b.all('INSERT INTO customers (name, email, phone) VALUES (?, ?, ?)', name, email, phone);
    await insert('Beta Acme Ltd', '', '');
    await insert('Zed 100% Tools', 'zed@acme.example', '');
    const names = async (query: string, limit = 20) =>
      (await ok(b.api.searchCustomers({ query, limit }))).map((c) => c.name);

    expect(await names('acme')).toEqual(['Acme Corp', 'Beta Acme Ltd', 'Zed 100% Tools']);
    expect(await names('JORDAN.LEE@')).toEqual(['Jordan Lee']);
    expect(await names('5550142')).toEqual(['Jordan Lee']);
    expect(await names('555-0100')).toEqual(['Acme Corp']);
    expect(await names('100%')).toEqual(['Zed 100% Tools']);
    expect(await names('Customer 999', 3)).toEqual(['Customer 999', 'Customer 9990', 'Customer 9991']);
    expect(await names('', 3)).toEqual(['Acme Corp', 'Beta Acme Ltd', 'Customer 0']);
    expect(await names('no such person')).toEqual([]);
  });
});
