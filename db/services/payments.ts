// Money in and out of invoices: take a payment, quick pay, receive a customer's payment split across invoices, refund,
// settle a voided invoice's payments, and the one function that derives an invoice's paid amount and status from
// these records (recomputeInvoiceMoney). Store credit is a ledger (store_credit): every credit and use is a row.
import { localDate } from '../../core/dates.ts';
import { OPEN_INVOICE_STATUSES, type InvoiceStatus, type StoreCreditKind } from '../../core/enums.ts';
import { AppError } from '../../core/errors.ts';
import type { Invoice, PaymentMethodKind, PaymentRow } from '../../core/model.ts';
import { formatMoney, moneyFormat, type Minor, type MoneyStyle } from '../../core/money.ts';
import { sql } from 'kysely';
import { iso, nextNumber, type ReadCtx, type WriteCtx } from './context.ts';
import { getInvoice } from './invoices.ts';
import { customerCredit, paymentRows } from './paymentReads.ts';
import { shopCurrency, shopLocale } from './settings.ts';
import { requireManager } from './staff.ts';
import { currentTillId, refuseCashBeyondTill } from './tills.ts';

export { customerCredit };

const WALK_IN_NO_CREDIT = 'The walk-in customer cannot hold store credit';

/**
 * Sets each invoice's paid amount (its payment allocations minus their refunds, plus its credit notes: a return settles
 * the part it credits, credited_minor) and, unless it is a draft or void, its status: Paid when the paid amount covers
 * the total and some payment was taken or credited (a $0 payment closes an invoice whose balance is already 0), or when
 * it is a counter sale of 0 (completed at the till, it owes nothing and took no tender), Partial when some is paid,
 * else Sent (or Viewed, if it was). Everything that changes an invoice's money or total calls this;
 * it bumps the revision only when something changed.
 */
export async function recomputeInvoiceMoney(ctx: WriteCtx, invoiceIds: readonly number[]): Promise<void> {
  const { db } = ctx;
  for (const id of new Set(invoiceIds)) {
    const row = await db
      .selectFrom('invoices as i')
      .select([
        'i.id',
        'i.number',
        'i.status',
        'i.total_minor',
        'i.paid_minor',
        'i.credited_minor',
        'i.till_session_id',
      ])
      .select([
        sql<number>`(SELECT coalesce(sum(amount_minor), 0) FROM payment_allocations WHERE invoice_id = i.id)`.as(
          'allocated',
        ),
        sql<number>`(SELECT coalesce(sum(amount_minor), 0) FROM refunds WHERE invoice_id = i.id)`.as('refunded'),
        sql<number>`CASE WHEN EXISTS (SELECT 1 FROM payment_allocations WHERE invoice_id = i.id) THEN 1 ELSE 0 END`.as(
          'hasPayment',
        ),
        sql<number>`(SELECT coalesce(sum(total_minor), 0) FROM credit_notes WHERE invoice_id = i.id)`.as('credited'),
      ])
      .where('i.id', '=', id)
      .executeTakeFirst();
    if (!row) throw new AppError('not_found', `No invoice with id ${id}.`);
    const paid = row.allocated - row.refunded + row.credited;
    let status: InvoiceStatus = row.status;
    if (status !== 'draft' && status !== 'void') {
      if (paid > row.total_minor) {
        const fmt = await moneyFormatter(ctx);
        throw new AppError(
          'conflict',
          `${row.number} has ${fmt(paid)} paid, more than its total of ${fmt(row.total_minor)}: refund the difference first.`,
        );
      }
      const counterSaleOfZero = row.total_minor === 0 && row.till_session_id !== null;
      if ((row.hasPayment || row.credited > 0 || counterSaleOfZero) && paid >= row.total_minor) status = 'paid';
      else if (paid > 0) status = 'partial';
      else status = row.status === 'viewed' ? 'viewed' : 'sent';
    }
    if (paid === row.paid_minor && status === row.status && row.credited === row.credited_minor) continue;
    await db
      .updateTable('invoices')
      .set((eb) => ({
        paid_minor: paid,
        credited_minor: row.credited,
        status,
        revision: eb('revision', '+', 1),
        updated_at: iso(ctx.now()),
      }))
      .where('id', '=', id)
      .execute();
  }
}

export interface TakePaymentInput {
  invoiceId: number;
  amountMinor: Minor;
  methodId: number;
  reference?: string;
  /** YYYY-MM-DD; absent: today. */
  paidOn?: string;
  notes?: string;
  /** Keep what is above the balance as the customer's store credit (else an overpayment is refused). */
  excessToCredit?: boolean;
}

/** Take Payment on one invoice; returns the invoice as it is after. */
export async function takePayment(ctx: WriteCtx, input: TakePaymentInput): Promise<Invoice> {
  await payInvoice(ctx, input);
  return getInvoice(ctx, input.invoiceId);
}

/**
 * The payment itself (takePayment without reading the invoice back). Sent, Viewed and Partial invoices take payments;
 * the amount is above 0 (or exactly 0 when the balance already is, which closes the invoice) and at most the balance,
 * unless the excess is kept as store credit.
 */
export async function payInvoice(ctx: WriteCtx, input: TakePaymentInput): Promise<{ id: number; number: string }> {
  const invoice = await invoiceForPayment(ctx, input.invoiceId);
  const method = await usableMethod(ctx, input.methodId);
  const balance = invoice.balance;
  const amount = input.amountMinor;
  const fmt = await moneyFormatter(ctx);
  // A payment is never negative; 0 only closes an invoice that owes nothing (a ticket's invoice its deposit covered).
  if (amount < 0 || (amount === 0 && balance > 0)) {
    throw new AppError(
      'invalid_input',
      `The amount must be above 0 (a payment of ${fmt(0)} only closes an invoice whose balance is already 0).`,
    );
  }
  const excess = Math.max(0, amount - balance);
  if (excess > 0) {
    if (!input.excessToCredit) {
      throw new AppError(
        'invalid_input',
        `Payment exceeds balance (balance ${fmt(balance)}, payment ${fmt(amount)}).`,
        { balanceMinor: balance, amountMinor: amount },
      );
    }
    if (invoice.customer.walkIn) {
      throw new AppError('conflict', `${WALK_IN_NO_CREDIT}; choose the customer or take only the balance.`);
    }
    if (method.kind === 'store_credit') {
      throw new AppError(
        'invalid_input',
        `A payment with store credit cannot leave an excess as store credit: take at most the balance (${fmt(balance)}).`,
      );
    }
  }
  await recordPayment(ctx, {
    customer: invoice.customer,
    method,
    amount,
    allocations: [{ invoiceId: invoice.id, amount: amount - excess }],
    credit: excess > 0 ? { kind: 'overpayment', amount: excess, invoiceId: invoice.id } : null,
    reference: input.reference ?? '',
    paidOn: input.paidOn,
    notes: input.notes ?? '',
  });
  return { id: invoice.id, number: invoice.number };
}

/** Quick pay: the whole balance with the default payment method, one click. */
export async function quickPay(ctx: WriteCtx, invoiceId: number): Promise<Invoice> {
  await quickPayInvoice(ctx, invoiceId);
  return getInvoice(ctx, invoiceId);
}

/** Quick pay without reading the invoice back: one item of the Invoices page's bulk Quick pay. */
export async function quickPayInvoice(ctx: WriteCtx, invoiceId: number): Promise<{ id: number; number: string }> {
  const method = await ctx.db
    .selectFrom('payment_methods')
    .select('id')
    .where('is_default', '=', 1)
    .where('archived', '=', 0)
    .executeTakeFirst();
  if (!method) throw new AppError('conflict', 'No default payment method: choose one in Settings.');
  const invoice = await invoiceForPayment(ctx, invoiceId);
  return payInvoice(ctx, { invoiceId, amountMinor: invoice.balance, methodId: method.id });
}

export interface ReceivePaymentInput {
  customerId: number;
  amountMinor: Minor;
  methodId: number;
  reference?: string;
  paidOn?: string;
  notes?: string;
  allocations: Array<{ invoiceId: number; amountMinor: Minor }>;
  /** What the allocations leave goes to store credit (else it is refused). */
  remainderToCredit?: boolean;
}

/** Receive payment: one amount from a customer, one payment record split across their open invoices. */
export async function receivePayment(ctx: WriteCtx, input: ReceivePaymentInput): Promise<PaymentRow> {
  const customer = await customerForPayment(ctx, input.customerId);
  const method = await usableMethod(ctx, input.methodId);
  const fmt = await moneyFormatter(ctx);
  if (input.amountMinor <= 0) throw new AppError('invalid_input', 'The amount must be above 0.');
  const parts = input.allocations.filter((a) => a.amountMinor > 0);
  const seen = new Set<number>();
  for (const part of parts) {
    const invoice = await invoiceForPayment(ctx, part.invoiceId);
    if (seen.has(invoice.id)) {
      throw new AppError('invalid_input', `${invoice.number} is allocated twice: give it one amount.`);
    }
    seen.add(invoice.id);
    if (invoice.customer.id !== customer.id) {
      throw new AppError(
        'invalid_input',
        `${invoice.number} belongs to ${invoice.customer.name}, not ${customer.name}: a payment applies to its ` +
          `customer's invoices only.`,
      );
    }
    if (part.amountMinor > invoice.balance) {
      throw new AppError(
        'invalid_input',
        `The ${fmt(part.amountMinor)} allocated to ${invoice.number} exceeds its balance of ${fmt(invoice.balance)}.`,
      );
    }
  }
  const allocated = parts.reduce((sum, p) => sum + p.amountMinor, 0);
  if (allocated > input.amountMinor) {
    throw new AppError(
      'invalid_input',
      `The allocations (${fmt(allocated)}) exceed the amount received (${fmt(input.amountMinor)}).`,
    );
  }
  const remainder = input.amountMinor - allocated;
  if (remainder > 0) {
    if (!input.remainderToCredit) {
      throw new AppError(
        'invalid_input',
        `${fmt(remainder)} of the ${fmt(input.amountMinor)} is not allocated to any invoice: allocate it, or keep ` +
          `it as store credit.`,
      );
    }
    if (customer.walkIn) {
      throw new AppError('conflict', `${WALK_IN_NO_CREDIT}; choose the customer or allocate the whole amount.`);
    }
    if (method.kind === 'store_credit') {
      throw new AppError(
        'invalid_input',
        'A payment with store credit cannot leave a remainder as store credit: allocate the whole amount.',
      );
    }
  }
  const paymentId = await recordPayment(ctx, {
    customer,
    method,
    amount: input.amountMinor,
    allocations: parts.map((p) => ({ invoiceId: p.invoiceId, amount: p.amountMinor })),
    credit: remainder > 0 ? { kind: 'remainder', amount: remainder, invoiceId: null } : null,
    reference: input.reference ?? '',
    paidOn: input.paidOn,
    notes: input.notes ?? '',
  });
  return onePaymentRow(ctx, paymentId);
}

export interface RefundPaymentInput {
  paymentId: number;
  /** Which invoice's part of the payment; may be left out when the payment applied to one invoice. */
  invoiceId?: number;
  amountMinor: Minor;
  /** 'method': money back by methodId (default: the payment's own method); 'credit': to store credit. */
  to: 'method' | 'credit';
  methodId?: number;
  reference?: string;
  refundedOn?: string;
  notes?: string;
  /** A refund needs a Manager or Admin: a cashier's call carries one's PIN. */
  approvalPin?: string | undefined;
}

/**
 * Refund, money only: at most what the payment paid on the invoice minus what was refunded of it already; to a method
 * or to the customer's store credit. Needs a Manager or Admin. Cash goes out of this register's open till when one is
 * open (so its expected cash falls); with none open it is a back-office refund. The invoice's paid amount and status
 * follow (Paid → Partial or Sent).
 */
export async function refundPayment(ctx: WriteCtx, input: RefundPaymentInput): Promise<PaymentRow> {
  const payment = await paymentForRefund(ctx, input.paymentId);
  const part = pickAllocation(payment, input.invoiceId);
  if (part.status === 'void') {
    throw new AppError(
      'conflict',
      `${part.invoiceNumber} is void: its payments were refunded or kept as credit when it was voided.`,
    );
  }
  const fmt = await moneyFormatter(ctx);
  const refundable = part.amount - part.refunded;
  if (input.amountMinor > refundable) {
    throw new AppError(
      'invalid_input',
      `Refund exceeds what was paid: at most ${fmt(refundable)} can be refunded on ${payment.number} for ` +
        `${part.invoiceNumber}.`,
      { refundableMinor: refundable },
    );
  }
  if (input.amountMinor <= 0) throw new AppError('invalid_input', 'A refund must be above 0.');
  const method =
    input.to === 'credit'
      ? await storeCreditMethod(ctx)
      : input.methodId === undefined || input.methodId === payment.methodId
        ? await methodRow(ctx, payment.methodId) // the payment's own method, even if archived since
        : await usableMethod(ctx, input.methodId);
  if (method.kind === 'store_credit' && payment.customer.walkIn) {
    throw new AppError('conflict', `${WALK_IN_NO_CREDIT}; refund to a payment method instead.`);
  }
  const tillSessionId = method.kind === 'cash' ? await currentTillId(ctx) : null;
  if (tillSessionId !== null) await refuseCashBeyondTill(ctx, tillSessionId, input.amountMinor);
  const amountText = (await moneyFormatter(ctx, { symbol: true }))(input.amountMinor);
  await requireManager(ctx, input.approvalPin, `refunding ${amountText} on ${part.invoiceNumber}`);
  await writeRefund(ctx, {
    payment,
    invoiceId: part.invoiceId,
    method,
    amount: input.amountMinor,
    creditKind: 'refund',
    reference: input.reference ?? '',
    refundedOn: input.refundedOn ?? localDate(ctx.now()),
    notes: input.notes ?? '',
    note: `Refund on ${payment.number} for ${part.invoiceNumber}`,
    tillSessionId,
  });
  await recomputeInvoiceMoney(ctx, [part.invoiceId]);
  return onePaymentRow(ctx, payment.id);
}

/**
 * For voidInvoice: gives back every payment on the invoice (what remains of each after earlier refunds), as refunds
 * by a method (choice 'refund': methodId, else each payment's own method) or as the customer's store credit (choice
 * 'credit', ledger kind 'void'). Money is never lost: cash goes out of this register's open till when one is open.
 * The invoice's paid amount is 0 after; the caller sets it void.
 */
export async function settleVoidedInvoicePayments(
  ctx: WriteCtx,
  invoice: { id: number; number: string; customerId: number },
  choice: 'refund' | 'credit',
  methodId: number | undefined,
  reference: string,
): Promise<{ settledMinor: Minor }> {
  const parts = await ctx.db
    .selectFrom('payment_allocations as pa')
    .select(['pa.payment_id as paymentId', 'pa.amount_minor as amount'])
    .select(
      sql<number>`(SELECT coalesce(sum(amount_minor), 0) FROM refunds r
        WHERE r.payment_id = pa.payment_id AND r.invoice_id = pa.invoice_id)`.as('refunded'),
    )
    .where('pa.invoice_id', '=', invoice.id)
    .orderBy('pa.payment_id')
    .execute();
  const open = parts.filter((p) => p.amount > p.refunded);
  let settled = 0;
  if (open.length > 0) {
    const chosen =
      choice === 'credit'
        ? await storeCreditMethod(ctx)
        : methodId === undefined
          ? undefined
          : await usableMethod(ctx, methodId);
    const refunds: Array<{ payment: PaymentForRefund; method: MethodRef; amount: Minor }> = [];
    for (const part of open) {
      const payment = await paymentForRefund(ctx, part.paymentId);
      const method = chosen ?? (await methodRow(ctx, payment.methodId));
      // The credit goes to whoever paid (the payment's customer), so that is who must be able to hold it.
      if (method.kind === 'store_credit' && payment.customer.walkIn) {
        throw new AppError('conflict', `${WALK_IN_NO_CREDIT}; refund the payments instead.`);
      }
      refunds.push({ payment, method, amount: part.amount - part.refunded });
    }
    const tillId = await currentTillId(ctx);
    const cash = refunds.filter((r) => r.method.kind === 'cash').reduce((sum, r) => sum + r.amount, 0);
    if (tillId !== null && cash > 0) await refuseCashBeyondTill(ctx, tillId, cash);
    for (const { payment, method, amount } of refunds) {
      await writeRefund(ctx, {
        payment,
        invoiceId: invoice.id,
        method,
        amount,
        creditKind: 'void',
        reference,
        refundedOn: localDate(ctx.now()),
        notes: `${invoice.number} voided`,
        note: `${invoice.number} voided: ${payment.number} given back as credit`,
        tillSessionId: method.kind === 'cash' ? tillId : null,
      });
      settled += amount;
    }
  }
  await recomputeInvoiceMoney(ctx, [invoice.id]);
  return { settledMinor: settled };
}

// ── The pieces ──────────────────────────────────────────────────────────────────────────────────────────────────

export interface MethodRef {
  id: number;
  name: string;
  kind: PaymentMethodKind;
}
export interface CustomerRef {
  id: number;
  name: string;
  /** The walk-in customer (customers.is_default): cannot hold store credit. */
  walkIn: boolean;
}

/** Formats amounts for messages in the shop's currency and locale (with its symbol: style.symbol). */
export async function moneyFormatter(ctx: ReadCtx, style: MoneyStyle = {}): Promise<(minor: Minor) => string> {
  const format = moneyFormat(await shopCurrency(ctx), await shopLocale(ctx));
  return (minor) => formatMoney(minor, format, style);
}

export async function methodRow(ctx: ReadCtx, id: number): Promise<MethodRef & { archived: boolean }> {
  const row = await ctx.db
    .selectFrom('payment_methods')
    .select(['id', 'name', 'kind', 'archived'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', `No payment method with id ${id}.`);
  return { id: row.id, name: row.name, kind: row.kind, archived: row.archived === 1 };
}

/** A method a new payment or refund may use: not archived. */
export async function usableMethod(ctx: ReadCtx, id: number): Promise<MethodRef> {
  const method = await methodRow(ctx, id);
  if (method.archived) {
    throw new AppError('conflict', `The payment method ${method.name} is archived: choose another one.`);
  }
  return method;
}

/** The method that stands for store credit (its payments draw on the ledger; refunds to it add to it). */
export async function storeCreditMethod(ctx: ReadCtx): Promise<MethodRef> {
  const row = await ctx.db
    .selectFrom('payment_methods')
    .select(['id', 'name', 'kind'])
    .where('kind', '=', 'store_credit')
    .executeTakeFirst();
  if (!row) throw new AppError('conflict', 'There is no Store credit payment method.');
  return row;
}

export async function customerForPayment(ctx: ReadCtx, id: number): Promise<CustomerRef> {
  const row = await ctx.db
    .selectFrom('customers')
    .select(['id', 'name', 'is_default'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', `No customer with id ${id}.`);
  return { id: row.id, name: row.name, walkIn: row.is_default === 1 };
}

/** An invoice that may take a payment now: Sent, Viewed or Partial. */
async function invoiceForPayment(ctx: ReadCtx, id: number) {
  const row = await ctx.db
    .selectFrom('invoices as i')
    .innerJoin('customers as c', 'c.id', 'i.customer_id')
    .select(['i.id', 'i.number', 'i.status', 'i.balance_minor', 'c.id as customerId', 'c.name', 'c.is_default'])
    .where('i.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', `No invoice with id ${id}.`);
  if (row.status === 'draft') {
    throw new AppError('conflict', `${row.number} is a draft: save it (finalise) before taking payment.`);
  }
  if (row.status === 'void') throw new AppError('conflict', `${row.number} is void: it cannot take a payment.`);
  if (row.status === 'paid') throw new AppError('conflict', `${row.number} is already paid: nothing is owed.`);
  if (!(OPEN_INVOICE_STATUSES as readonly string[]).includes(row.status)) {
    throw new AppError('conflict', `${row.number} cannot take a payment.`);
  }
  const customer: CustomerRef = { id: row.customerId, name: row.name, walkIn: row.is_default === 1 };
  return { id: row.id, number: row.number, balance: row.balance_minor, customer };
}

/** The customer's store credit must cover a payment made with it. */
async function checkCreditCovers(ctx: ReadCtx, customer: CustomerRef, amount: Minor): Promise<void> {
  const available = await customerCredit(ctx, customer.id);
  if (amount <= available) return;
  const fmt = await moneyFormatter(ctx);
  throw new AppError(
    'invalid_input',
    `${customer.name} has ${fmt(available)} of store credit available: a payment of ${fmt(amount)} with store ` +
      `credit is more than that.`,
    { availableMinor: available },
  );
}

export interface NewPayment {
  customer: CustomerRef;
  method: MethodRef;
  amount: Minor;
  allocations: Array<{ invoiceId: number; amount: Minor }>;
  /** The part kept as store credit, if any. */
  credit: { kind: StoreCreditKind; amount: Minor; invoiceId: number | null } | null;
  reference: string;
  paidOn: string | undefined;
  notes: string;
  /** At the counter: the till session it went through, and for cash what was handed over (the rest was change). */
  tillSessionId?: number | null;
  tenderedMinor?: Minor | null;
}

/** Writes one payment, its allocations and its store-credit entries, then recomputes the invoices. */
export async function recordPayment(ctx: WriteCtx, p: NewPayment): Promise<number> {
  const { db } = ctx;
  if (p.method.kind === 'store_credit') await checkCreditCovers(ctx, p.customer, p.amount);
  const at = iso(ctx.now());
  const number = await nextNumber(ctx, 'payment', 'PAY-');
  const { id } = await db
    .insertInto('payments')
    .values({
      number,
      customer_id: p.customer.id,
      method_id: p.method.id,
      amount_minor: p.amount,
      credit_minor: p.credit?.amount ?? 0,
      reference: p.reference,
      paid_on: p.paidOn ?? localDate(ctx.now()),
      notes: p.notes,
      created_at: at,
      actor: ctx.actor,
      till_session_id: p.tillSessionId ?? null,
      tendered_minor: p.tenderedMinor ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (p.allocations.length > 0) {
    await db
      .insertInto('payment_allocations')
      .values(p.allocations.map((a) => ({ payment_id: id, invoice_id: a.invoiceId, amount_minor: a.amount })))
      .execute();
  }
  const entry = { customer_id: p.customer.id, at, actor: ctx.actor, payment_id: id };
  if (p.method.kind === 'store_credit' && p.amount > 0) {
    const invoiceId = p.allocations.length === 1 ? (p.allocations[0]?.invoiceId ?? null) : null;
    await db
      .insertInto('store_credit')
      .values({ ...entry, kind: 'used', amount_minor: -p.amount, invoice_id: invoiceId, note: `Paid by ${number}` })
      .execute();
  }
  if (p.credit) {
    await db
      .insertInto('store_credit')
      .values({
        ...entry,
        kind: p.credit.kind,
        amount_minor: p.credit.amount,
        invoice_id: p.credit.invoiceId,
        note: `Kept from ${number}`,
      })
      .execute();
  }
  await recomputeInvoiceMoney(
    ctx,
    p.allocations.map((a) => a.invoiceId),
  );
  return id;
}

export interface PaymentForRefund {
  id: number;
  number: string;
  methodId: number;
  customer: CustomerRef;
  parts: Array<{ invoiceId: number; invoiceNumber: string; status: InvoiceStatus; amount: Minor; refunded: Minor }>;
}

export async function paymentForRefund(ctx: ReadCtx, id: number): Promise<PaymentForRefund> {
  const { db } = ctx;
  const row = await db
    .selectFrom('payments as p')
    .innerJoin('customers as c', 'c.id', 'p.customer_id')
    .select(['p.id', 'p.number', 'p.method_id', 'c.id as customerId', 'c.name', 'c.is_default'])
    .where('p.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', `No payment with id ${id}.`);
  const parts = await db
    .selectFrom('payment_allocations as pa')
    .innerJoin('invoices as i', 'i.id', 'pa.invoice_id')
    .select(['pa.invoice_id as invoiceId', 'i.number as invoiceNumber', 'i.status', 'pa.amount_minor as amount'])
    .select(
      sql<number>`(SELECT coalesce(sum(amount_minor), 0) FROM refunds r
        WHERE r.payment_id = pa.payment_id AND r.invoice_id = pa.invoice_id)`.as('refunded'),
    )
    .where('pa.payment_id', '=', id)
    .orderBy('i.invoice_date')
    .orderBy('i.id')
    .execute();
  return {
    id: row.id,
    number: row.number,
    methodId: row.method_id,
    customer: { id: row.customerId, name: row.name, walkIn: row.is_default === 1 },
    parts,
  };
}

function pickAllocation(payment: PaymentForRefund, invoiceId: number | undefined) {
  if (invoiceId === undefined) {
    const [only, ...more] = payment.parts;
    if (only && more.length === 0) return only;
    throw new AppError(
      'invalid_input',
      payment.parts.length === 0
        ? `${payment.number} was not applied to any invoice: nothing can be refunded on it.`
        : `${payment.number} applied to ${payment.parts.length} invoices: choose which invoice's part to refund.`,
    );
  }
  const part = payment.parts.find((p) => p.invoiceId === invoiceId);
  if (!part) throw new AppError('not_found', `${payment.number} was not applied to the invoice with id ${invoiceId}.`);
  return part;
}

export interface NewRefund {
  payment: PaymentForRefund;
  invoiceId: number;
  method: MethodRef;
  amount: Minor;
  /** The ledger kind when the refund goes to store credit. */
  creditKind: 'refund' | 'void';
  reference: string;
  refundedOn: string;
  notes: string;
  /** The ledger entry's note. */
  note: string;
  /** A return's refund: the till it was paid out of and the credit note it gives back. */
  tillSessionId?: number | null;
  creditNoteId?: number | null;
}

/** One refund row; to a method of kind store_credit, also the ledger entry that gives the credit. */
export async function writeRefund(ctx: WriteCtx, r: NewRefund): Promise<void> {
  const at = iso(ctx.now());
  const { id } = await ctx.db
    .insertInto('refunds')
    .values({
      payment_id: r.payment.id,
      invoice_id: r.invoiceId,
      method_id: r.method.id,
      amount_minor: r.amount,
      reference: r.reference,
      refunded_on: r.refundedOn,
      notes: r.notes,
      created_at: at,
      actor: ctx.actor,
      till_session_id: r.tillSessionId ?? null,
      credit_note_id: r.creditNoteId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (r.method.kind !== 'store_credit') return;
  await ctx.db
    .insertInto('store_credit')
    .values({
      customer_id: r.payment.customer.id,
      at,
      actor: ctx.actor,
      kind: r.creditKind,
      amount_minor: r.amount,
      payment_id: r.payment.id,
      refund_id: id,
      invoice_id: r.invoiceId,
      note: r.note,
      credit_note_id: r.creditNoteId ?? null,
    })
    .execute();
}

async function onePaymentRow(ctx: ReadCtx, id: number): Promise<PaymentRow> {
  const [row] = await paymentRows(ctx, [id]);
  if (!row) throw new AppError('not_found', `No payment with id ${id}.`);
  return row;
}
