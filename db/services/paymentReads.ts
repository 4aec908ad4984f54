// What the screens read about money and customers: the Payments page, a customer's account (owed, credit, aging,
// invoices, payments, credit ledger, units bought), the open invoices Receive payment splits across, and the
// invoice's customer picker. Reads only.
import { sql, type Selectable } from 'kysely';
import { daysBetween, localDate } from '../../core/dates.ts';
import { OPEN_INVOICE_STATUSES } from '../../core/enums.ts';
import { AppError } from '../../core/errors.ts';
import type {
  Aging,
  Customer,
  CustomerAccount,
  InvoiceSummary,
  Page,
  PaymentRow,
  Refund,
  StoreCreditEntry,
} from '../../core/model.ts';
import type { Minor } from '../../core/money.ts';
import type { CustomersTable } from '../schema.ts';
import { likeNoCase, noCase } from '../dialect.ts';
import { chunks, type ReadCtx } from './context.ts';
import { toInvoiceSummary } from './invoiceSummary.ts';

/** The customer's store credit available now: the sum of their ledger. */
export async function customerCredit(ctx: ReadCtx, customerId: number): Promise<Minor> {
  const row = await ctx.db
    .selectFrom('store_credit')
    .select(sql<number>`coalesce(sum(amount_minor), 0)`.as('n'))
    .where('customer_id', '=', customerId)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Payments as the Payments page shows them, in the order of `ids`. */
export async function paymentRows(ctx: ReadCtx, ids: readonly number[]): Promise<PaymentRow[]> {
  const { db } = ctx;
  const byId = new Map<number, PaymentRow>();
  for (const part of chunks([...new Set(ids)], 500)) {
    const payments = await db
      .selectFrom('payments as p')
      .innerJoin('customers as c', 'c.id', 'p.customer_id')
      .innerJoin('payment_methods as m', 'm.id', 'p.method_id')
      .select([
        'p.id',
        'p.number',
        'p.paid_on',
        'p.customer_id',
        'c.name as customerName',
        'p.method_id',
        'm.name as methodName',
        'm.kind as methodKind',
        'p.reference',
        'p.notes',
        'p.amount_minor',
        'p.credit_minor',
      ])
      .where('p.id', 'in', part)
      .execute();
    const allocations = await db
      .selectFrom('payment_allocations as pa')
      .innerJoin('invoices as i', 'i.id', 'pa.invoice_id')
      .select(['pa.payment_id', 'pa.invoice_id', 'i.number', 'pa.amount_minor'])
      .where('pa.payment_id', 'in', part)
      .orderBy('i.invoice_date')
      .orderBy('i.id')
      .execute();
    const refundsOf = Map.groupBy(await readRefunds(ctx, 'payment_id', part), (r) => r.paymentId);
    const allocationsOf = Map.groupBy(allocations, (a) => a.payment_id);
    for (const p of payments) {
      const own = refundsOf.get(p.id) ?? [];
      const refundedOn = (invoiceId: number) =>
        own.filter((r) => r.invoiceId === invoiceId).reduce((sum, r) => sum + r.amountMinor, 0);
      byId.set(p.id, {
        id: p.id,
        number: p.number,
        paidOn: p.paid_on,
        customerId: p.customer_id,
        customerName: p.customerName,
        methodId: p.method_id,
        methodName: p.methodName,
        methodKind: p.methodKind,
        reference: p.reference,
        notes: p.notes,
        amountMinor: p.amount_minor,
        creditMinor: p.credit_minor,
        refundedMinor: own.reduce((sum, r) => sum + r.amountMinor, 0),
        invoices: (allocationsOf.get(p.id) ?? []).map((a) => ({
          id: a.invoice_id,
          number: a.number,
          amountMinor: a.amount_minor,
          refundedMinor: refundedOn(a.invoice_id),
        })),
        refunds: own,
      });
    }
  }
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export interface PaymentFilter {
  customerId?: number;
  methodId?: number;
  /** paid_on from (YYYY-MM-DD, inclusive). */
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

/** The Payments page: newest first, paged, with the total count. */
export async function listPayments(ctx: ReadCtx, filter: PaymentFilter): Promise<Page<PaymentRow>> {
  if (filter.from !== undefined && filter.to !== undefined && filter.from > filter.to) {
    throw new AppError('invalid_input', `The date From (${filter.from}) is after To (${filter.to}).`);
  }
  let q = ctx.db.selectFrom('payments as p');
  if (filter.customerId !== undefined) q = q.where('p.customer_id', '=', filter.customerId);
  if (filter.methodId !== undefined) q = q.where('p.method_id', '=', filter.methodId);
  if (filter.from !== undefined) q = q.where('p.paid_on', '>=', filter.from);
  if (filter.to !== undefined) q = q.where('p.paid_on', '<=', filter.to);
  const ids = await q
    .select('p.id')
    .orderBy('p.paid_on', 'desc')
    .orderBy('p.id', 'desc')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  const count = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return {
    rows: await paymentRows(
      ctx,
      ids.map((r) => r.id),
    ),
    total: count.n,
  };
}

function summaries(ctx: ReadCtx) {
  return ctx.db
    .selectFrom('invoices as i')
    .innerJoin('customers as c', 'c.id', 'i.customer_id')
    .leftJoin('recurring_templates as rt', 'rt.id', 'i.recurring_template_id')
    .select([
      'i.id',
      'i.number',
      'i.customer_id',
      'c.name as customerName',
      'rt.number as recurringTemplateNumber',
      'i.invoice_date',
      'i.due_date',
      'i.status',
      'i.total_minor',
      'i.balance_minor',
    ]);
}

/** A customer's invoices that owe money (Sent, Viewed, Partial), oldest first: Receive payment's default split. */
export async function openInvoices(ctx: ReadCtx, customerId: number): Promise<InvoiceSummary[]> {
  const rows = await summaries(ctx)
    .where('i.customer_id', '=', customerId)
    .where('i.status', 'in', OPEN_INVOICE_STATUSES)
    .orderBy('i.invoice_date')
    .orderBy('i.id')
    .execute();
  return rows.map(toInvoiceSummary(localDate(ctx.now())));
}

const toCustomer = (r: Selectable<CustomersTable>): Customer => ({
  id: r.id,
  name: r.name,
  email: r.email,
  phone: r.phone,
  isDefault: r.is_default === 1,
});

/** How many of a customer's newest invoices and payments their page shows. */
const ACCOUNT_RECENT = 100;

/** The customer's page: owed, store credit, aging of open balances, recent documents, credit ledger, units bought. */
export async function getCustomerAccount(ctx: ReadCtx, id: number): Promise<CustomerAccount> {
  const { db } = ctx;
  const customer = await db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
  if (!customer) throw new AppError('not_found', `No customer with id ${id}.`);
  const today = localDate(ctx.now());

  const open = await db
    .selectFrom('invoices')
    .select(['due_date', 'balance_minor'])
    .where('customer_id', '=', id)
    .where('status', 'in', OPEN_INVOICE_STATUSES)
    .execute();
  const aging: Aging = { currentMinor: 0, days1to30Minor: 0, days31to60Minor: 0, days61to90Minor: 0, over90Minor: 0 };
  for (const inv of open) aging[agingBucket(daysBetween(inv.due_date, today))] += inv.balance_minor;
  const owed = open.reduce((sum, inv) => sum + inv.balance_minor, 0);

  const invoices = await summaries(ctx)
    .where('i.customer_id', '=', id)
    .orderBy('i.invoice_date', 'desc')
    .orderBy('i.id', 'desc')
    .limit(ACCOUNT_RECENT)
    .execute();
  const paymentIds = await db
    .selectFrom('payments')
    .select('id')
    .where('customer_id', '=', id)
    .orderBy('paid_on', 'desc')
    .orderBy('id', 'desc')
    .limit(ACCOUNT_RECENT)
    .execute();

  const ledger = await db
    .selectFrom('store_credit as sc')
    .leftJoin('payments as p', 'p.id', 'sc.payment_id')
    .leftJoin('invoices as i', 'i.id', 'sc.invoice_id')
    .select([
      'sc.id',
      'sc.at',
      'sc.kind',
      'sc.amount_minor',
      'sc.note',
      'sc.refund_id',
      'p.id as paymentId',
      'p.number as paymentNumber',
      'i.id as invoiceId',
      'i.number as invoiceNumber',
    ])
    .where('sc.customer_id', '=', id)
    .orderBy('sc.id')
    .execute();
  let running = 0;
  const credit = ledger.map((e): StoreCreditEntry => {
    running += e.amount_minor;
    return {
      id: e.id,
      at: e.at,
      kind: e.kind,
      amountMinor: e.amount_minor,
      balanceMinor: running,
      note: e.note,
      payment: e.paymentId !== null && e.paymentNumber !== null ? { id: e.paymentId, number: e.paymentNumber } : null,
      invoice: e.invoiceId !== null && e.invoiceNumber !== null ? { id: e.invoiceId, number: e.invoiceNumber } : null,
      refundId: e.refund_id,
    };
  });

  // The units sold to the customer, with the invoice line that holds them now.
  const units = await db
    .selectFrom('serials as s')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .leftJoin('invoice_line_serials as ils', 'ils.serial_id', 's.id')
    .leftJoin('invoice_lines as il', 'il.id', 'ils.invoice_line_id')
    .leftJoin('invoices as i', 'i.id', 'il.invoice_id')
    .select(['s.id', 's.serial', 'p.name as productName', 's.status', 'i.id as invoiceId', 'i.number as invoiceNumber'])
    .where('s.customer_id', '=', id)
    .where('s.deleted_at', 'is', null)
    .orderBy('p.name')
    .orderBy('s.serial')
    .execute();

  return {
    customer: toCustomer(customer),
    owedMinor: owed,
    creditMinor: running,
    aging,
    invoices: invoices.map(toInvoiceSummary(today)),
    payments: await paymentRows(
      ctx,
      paymentIds.map((p) => p.id),
    ),
    credit,
    units: units.map((u) => ({
      serialId: u.id,
      serial: u.serial,
      productName: u.productName,
      status: u.status,
      invoice: u.invoiceId !== null && u.invoiceNumber !== null ? { id: u.invoiceId, number: u.invoiceNumber } : null,
    })),
  };
}

/** Days past the due date → aging bucket: not yet due (0 or less) is current. */
function agingBucket(daysPastDue: number): keyof Aging {
  if (daysPastDue <= 0) return 'currentMinor';
  if (daysPastDue <= 30) return 'days1to30Minor';
  if (daysPastDue <= 60) return 'days31to60Minor';
  if (daysPastDue <= 90) return 'days61to90Minor';
  return 'over90Minor';
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The customer picker: customers whose name, e-mail or phone contains the text (case-insensitive; a phone also by its
 * digits alone, so 5550100 finds 555-0100). Names that start with it first, then other name matches, then e-mail and
 * phone matches. An empty query: the first customers by name. A scan of 10,000 rows takes a few ms.
 */
export async function searchCustomers(ctx: ReadCtx, query: string, limit: number): Promise<Customer[]> {
  const text = query.trim();
  let q = ctx.db.selectFrom('customers').selectAll();
  if (text !== '') {
    const contains = `%${escapeLike(text)}%`;
    const starts = `${escapeLike(text)}%`;
    const digits = text.replace(/[\s\-().+/]/g, '');
    const phoneDigits = /^\d{3,}$/.test(digits) ? `%${digits}%` : null;
    q = q
      .where((eb) =>
        eb.or([
          likeNoCase(ctx.db, sql.ref('name'), contains),
          likeNoCase(ctx.db, sql.ref('email'), contains),
          likeNoCase(ctx.db, sql.ref('phone'), contains),
          ...(phoneDigits
            ? [
                sql<boolean>`replace(replace(replace(replace(replace(replace(phone, '-', ''), ' ', ''), '(', ''),
                  ')', ''), '.', ''), '+', '') LIKE ${phoneDigits}`,
              ]
            : []),
        ]),
      )
      .orderBy(
        sql`CASE WHEN ${likeNoCase(ctx.db, sql.ref('name'), starts)} THEN 0
                 WHEN ${likeNoCase(ctx.db, sql.ref('name'), contains)} THEN 1 ELSE 2 END`,
      );
  }
  const rows = await q
    .orderBy(noCase(ctx.db, sql.ref('name')))
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toCustomer);
}

/** The refunds of some payments, or on some invoices, oldest first. */
export async function readRefunds(
  ctx: ReadCtx,
  by: 'payment_id' | 'invoice_id',
  ids: readonly number[],
): Promise<Refund[]> {
  if (ids.length === 0) return [];
  const rows = await ctx.db
    .selectFrom('refunds as r')
    .innerJoin('payment_methods as m', 'm.id', 'r.method_id')
    .innerJoin('invoices as i', 'i.id', 'r.invoice_id')
    .select([
      'r.id',
      'r.payment_id',
      'r.invoice_id',
      'i.number as invoiceNumber',
      'r.amount_minor',
      'm.name as methodName',
      'm.kind as methodKind',
      'r.reference',
      'r.refunded_on',
      'r.notes',
    ])
    .where(`r.${by}`, 'in', [...ids])
    .orderBy('r.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    paymentId: r.payment_id,
    invoiceId: r.invoice_id,
    invoiceNumber: r.invoiceNumber,
    amountMinor: r.amount_minor,
    methodName: r.methodName,
    toCredit: r.methodKind === 'store_credit',
    reference: r.reference,
    refundedOn: r.refunded_on,
    notes: r.notes,
  }));
}
