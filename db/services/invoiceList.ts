// The Invoices page: one page of invoices (searched by number, customer or serial, filtered, sorted, counted), its
// "at a glance" totals, and its bulk actions (Mark sent, Quick pay, Void), each invoice its own transaction.
//
// A page must cost the same on a shop with 100k invoices and 1M serials (npm run bench). The count runs first, with
// each filter answered by its index (invoices_by_status_due covers status, due and invoice dates and balance). Then:
// when few invoices match, the page is read through those same indexes and sorted; when many match, the filters are
// written `+column` (SQLite then uses no index for them) so the page walks the sort's own index and stops after
// `limit` rows instead of sorting every match.
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { addDays, dateRangeProblem, localDate } from '../../core/dates.ts';
import {
  OPEN_INVOICE_STATUSES,
  type InvoiceBulkAction,
  type InvoiceListFilter,
  type InvoiceSort,
} from '../../core/enums.ts';
import { AppError } from '../../core/errors.ts';
import type { BulkResult, InvoiceGlance, InvoiceSummary, Page } from '../../core/model.ts';
import { MAX_SERIAL_LENGTH, serialKey } from '../../core/serial.ts';
import { inIds, isPostgres, likeNoCase, withoutIndex } from '../dialect.ts';
import type { DB } from '../schema.ts';
import { inWriteTransaction, type ReadCtx, type WriteCtx } from './context.ts';
import { emailInvoice, type MailHost } from './email.ts';
import { markInvoiceSent, voidInvoice } from './invoices.ts';
import { toInvoiceSummary, type InvoiceSummaryRow } from './invoiceSummary.ts';
import { quickPayInvoice } from './payments.ts';

export interface InvoiceListInput {
  /** Part of an invoice number, part of a customer's name, or a serial number sold, reserved or voided on it. */
  search?: string;
  customerId?: number;
  status?: InvoiceListFilter;
  /** Invoice dates, YYYY-MM-DD, both ends included. */
  from?: string;
  to?: string;
  /** True: only invoices a recurring template made. */
  recurring?: boolean;
  sort: InvoiceSort;
  dir: 'asc' | 'desc';
  limit: number;
  offset: number;
}

/** At most this many matches are read through the filters' indexes and sorted; more walk the sort's index. */
const SORT_MATCHES_AT_MOST = 2000;
/** A search whose number part matches more invoices than this is evaluated per row instead of as a list of ids. */
const NUMBER_IDS_AT_MOST = 2000;
/** "Paid in the last 30 days": today and the 29 days before it. */
const PAID_WINDOW_DAYS = 30;

const OPEN = sql.join(OPEN_INVOICE_STATUSES.map((s) => sql.lit(s)));

/** A column as SQLite may answer it from an index, or `+column`, which it never does (dialect.ts: withoutIndex). */
type Col = (name: string) => RawBuilder<unknown>;
const indexed: Col = (name) => sql.ref(name);
const pinned =
  (db: Kysely<DB>): Col =>
  (name) =>
    withoutIndex(db, name);

/** The invoices a search names: ids (number matches and serials) and customers (name matches). */
interface SearchSet {
  invoiceIds: number[];
  customerIds: number[];
  /** Set when the number part matched too many invoices to list: evaluated per row (LIKE pattern). */
  numberLike: string | null;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
/** Invoice numbers are a prefix of [A-Za-z0-9-_/.#] and digits: a search with other characters is no number. */
const couldBeNumber = (text: string) => /^[A-Za-z0-9\-_/.#]+$/.test(text);

async function searchSet(ctx: ReadCtx, text: string): Promise<SearchSet> {
  const { db } = ctx;
  const contains = `%${escapeLike(text)}%`;
  let invoiceIds: number[] = [];
  let numberLike: string | null = null;
  if (couldBeNumber(text)) {
    // LIKE is case-insensitive for ASCII, and numbers are ASCII: inv-12 finds INV-000012. A scan of the number index.
    const { rows } = await sql<{ id: number }>`
      SELECT id FROM invoices WHERE ${likeNoCase(db, sql.ref('number'), contains)}
      LIMIT ${NUMBER_IDS_AT_MOST + 1}`.execute(db);
    if (rows.length > NUMBER_IDS_AT_MOST) numberLike = contains;
    else invoiceIds = rows.map((r) => r.id);
  }
  // A serial: the invoices that sold, reserved or voided the unit (serial_events, so a void invoice is found too),
  // and the one it is on now; by its key (any letter case or dash style) or an old label it was renamed from.
  const key = serialKey(text.replace(/^SN:/i, ''));
  if (key && key.length <= MAX_SERIAL_LENGTH) {
    const { rows } = await sql<{ id: number }>`
      WITH units (id) AS (
        SELECT id FROM serials WHERE serial_key = ${key}
        UNION SELECT serial_id FROM serial_aliases WHERE alias_key = ${key}
      )
      SELECT e.invoice_id AS id FROM serial_events e
      WHERE e.serial_id IN (SELECT id FROM units) AND e.invoice_id IS NOT NULL AND e.kind IN ('sold', 'reserved', 'voided')
      UNION
      SELECT il.invoice_id FROM invoice_line_serials ils JOIN invoice_lines il ON il.id = ils.invoice_line_id
      WHERE ils.serial_id IN (SELECT id FROM units)`.execute(db);
    invoiceIds = [...new Set([...invoiceIds, ...rows.map((r) => r.id)])];
  }
  const customers = await sql<{ id: number }>`
    SELECT id FROM customers WHERE ${likeNoCase(db, sql.ref('name'), contains)}`.execute(db);
  return { invoiceIds, customerIds: customers.rows.map((r) => r.id), numberLike };
}

/** Invoices with a payment dated from..to whose part for the invoice was not all refunded. */
const paidBetween = (from: string, to: string) => sql`
  SELECT a.invoice_id FROM payments p JOIN payment_allocations a ON a.payment_id = p.id
  WHERE p.paid_on >= ${from} AND p.paid_on <= ${to}
    AND a.amount_minor > (SELECT coalesce(sum(r.amount_minor), 0) FROM refunds r
                          WHERE r.payment_id = a.payment_id AND r.invoice_id = a.invoice_id)`;

function conditions(
  db: Kysely<DB>,
  f: InvoiceListInput,
  today: string,
  search: SearchSet | null,
  col: Col,
): RawBuilder<SqlBool>[] {
  const where: RawBuilder<SqlBool>[] = [];
  if (f.customerId !== undefined) where.push(sql`${col('i.customer_id')} = ${f.customerId}`);
  if (f.status === 'overdue') where.push(sql`${col('i.status')} IN (${OPEN}) AND ${col('i.due_date')} < ${today}`);
  else if (f.status === 'outstanding') where.push(sql`${col('i.status')} IN (${OPEN})`);
  else if (f.status === 'paid_30d')
    where.push(sql`${col('i.id')} IN (${paidBetween(addDays(today, 1 - PAID_WINDOW_DAYS), today)})`);
  else if (f.status !== undefined) where.push(sql`${col('i.status')} = ${f.status}`);
  if (f.from !== undefined) where.push(sql`${col('i.invoice_date')} >= ${f.from}`);
  if (f.to !== undefined) where.push(sql`${col('i.invoice_date')} <= ${f.to}`);
  if (f.recurring === true) where.push(sql`${col('i.recurring_template_id')} IS NOT NULL`);
  if (search) {
    const any: RawBuilder<SqlBool>[] = [];
    if (search.invoiceIds.length > 0) any.push(inIds(db, col('i.id'), search.invoiceIds));
    if (search.customerIds.length > 0) any.push(inIds(db, col('i.customer_id'), search.customerIds));
    if (search.numberLike !== null) any.push(likeNoCase(db, sql.ref('i.number'), search.numberLike));
    where.push(sql`(${sql.join(any, sql` OR `)})`);
  }
  return where;
}

const all = (where: RawBuilder<SqlBool>[]) => (where.length === 0 ? sql`1 = 1` : sql.join(where, sql` AND `));

/**
 * The ORDER BY of each sort, matching an index column for column (so a walk of that index needs no sort): the status
 * index orders by due and invoice date, then balance; the customer sort walks customers by name, then each one's
 * invoices by date.
 */
function orderBy(db: Kysely<DB>, sort: InvoiceSort, dir: 'asc' | 'desc'): RawBuilder<unknown> {
  const d = sql.raw(dir === 'asc' ? 'ASC' : 'DESC');
  const by = (...columns: string[]) => sql.join(columns.map((c) => sql`${sql.raw(c)} ${d}`));
  switch (sort) {
    case 'number':
      return by('i.number');
    case 'date':
      return by('i.invoice_date', 'i.id');
    case 'due':
      return by('i.due_date', 'i.id');
    case 'customer':
      return by(isPostgres(db) ? 'lower(c.name)' : 'c.name COLLATE NOCASE', 'c.id', 'i.invoice_date', 'i.id');
    case 'status':
      return by('i.status', 'i.due_date', 'i.invoice_date', 'i.balance_minor', 'i.id');
    case 'total':
      return by('i.total_minor', 'i.id');
    case 'balance':
      return by('i.balance_minor', 'i.id');
  }
}

/** One page of the Invoices page, with the number of invoices that match. */
export async function listInvoices(ctx: ReadCtx, f: InvoiceListInput): Promise<Page<InvoiceSummary>> {
  const { db } = ctx;
  const problem = dateRangeProblem(f.from, f.to);
  if (problem) throw new AppError('invalid_input', problem, { field: 'from' });
  const today = localDate(ctx.now());
  const text = f.search?.trim() ?? '';
  const search = text ? await searchSet(ctx, text) : null;
  if (search && search.invoiceIds.length === 0 && search.customerIds.length === 0 && search.numberLike === null)
    return { rows: [], total: 0 };

  const counted = await sql<{ n: number }>`
    SELECT count(*) AS n FROM invoices i WHERE ${all(conditions(db, f, today, search, indexed))}`.execute(db);
  const total = counted.rows[0]?.n ?? 0;
  if (total === 0 || f.offset >= total) return { rows: [], total };

  const few = total <= SORT_MATCHES_AT_MOST;
  const where = all(conditions(db, f, today, search, few ? indexed : pinned(db)));
  // CROSS JOIN keeps customers the outer loop, so the customer sort walks customers_by_name (SQLite's planner hint;
  // PostgreSQL's planner chooses the join order itself).
  const from =
    f.sort === 'customer' && !few && !isPostgres(db)
      ? sql`customers c CROSS JOIN invoices i ON i.customer_id = c.id`
      : sql`invoices i JOIN customers c ON c.id = i.customer_id`;
  const { rows } = await sql<InvoiceSummaryRow>`
    SELECT i.id, i.number, i.customer_id, c.name AS "customerName", i.invoice_date, i.due_date, i.status,
           i.total_minor, i.balance_minor, rt.number AS "recurringTemplateNumber"
    FROM ${from} LEFT JOIN recurring_templates rt ON rt.id = i.recurring_template_id WHERE ${where}
    ORDER BY ${orderBy(db, f.sort, f.dir)}
    LIMIT ${f.limit} OFFSET ${f.offset}`.execute(db);
  return {
    total,
    rows: rows.map(toInvoiceSummary(today)),
  };
}

/**
 * At a glance: what is owed (Sent, Viewed, Partial), the overdue part of it, and what was paid in the last 30 days
 * (payments dated today or the 29 days before, applied to invoices, minus what was refunded of them) and on how many
 * invoices.
 */
export async function invoiceGlance(ctx: ReadCtx): Promise<InvoiceGlance> {
  const { db } = ctx;
  const today = localDate(ctx.now());
  const from = addDays(today, 1 - PAID_WINDOW_DAYS);
  const { rows } = await sql<{ minor: number; n: number; overdue_minor: number; overdue_n: number }>`
    SELECT coalesce(sum(balance_minor), 0) AS minor, count(*) AS n,
           coalesce(sum(CASE WHEN due_date < ${today} THEN balance_minor END), 0) AS overdue_minor,
           count(CASE WHEN due_date < ${today} THEN 1 END) AS overdue_n
    FROM invoices WHERE status IN (${OPEN})`.execute(db);
  const paid = await sql<{ minor: number; n: number }>`
    SELECT coalesce(sum(net), 0) AS minor, count(DISTINCT CASE WHEN net > 0 THEN invoice_id END) AS n
    FROM (
      SELECT a.invoice_id, a.amount_minor - (SELECT coalesce(sum(r.amount_minor), 0) FROM refunds r
                                             WHERE r.payment_id = a.payment_id AND r.invoice_id = a.invoice_id) AS net
      FROM payments p JOIN payment_allocations a ON a.payment_id = p.id
      WHERE p.paid_on >= ${from} AND p.paid_on <= ${today}
    ) AS paid`.execute(db); // (PostgreSQL before 16 needs the alias)
  const open = rows[0]!;
  const last30 = paid.rows[0]!;
  return {
    outstanding: { minor: open.minor, count: open.n },
    overdue: { minor: open.overdue_minor, count: open.overdue_n },
    paidLast30: { minor: last30.minor, count: last30.n },
  };
}

/** Bulk Void cannot ask what to do with payments: such an invoice is voided from its own page. */
const voidFromInvoice = (number: string) =>
  `${number} has payments: void it from the invoice, to choose whether they are refunded or kept as store credit.`;

async function runAction(trx: WriteCtx, action: InvoiceBulkAction, id: number, number: string): Promise<void> {
  switch (action) {
    case 'send':
      await markInvoiceSent(trx, id);
      return;
    case 'quick_pay':
      await quickPayInvoice(trx, id);
      return;
    case 'void': {
      const inv = await trx.db
        .selectFrom('invoices')
        .select(['status', 'paid_minor'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      if (inv.status !== 'void' && inv.paid_minor > 0) throw new AppError('conflict', voidFromInvoice(number));
      await voidInvoice(trx, { id });
      return;
    }
  }
}

/**
 * Mark sent, Quick pay, Void or Email on many invoices. Each invoice is its own transaction, so one refusal does not
 * undo the others: the result says which were done and why each other one was refused.
 */
export async function bulkInvoices(
  ctx: ReadCtx,
  action: InvoiceBulkAction,
  ids: readonly number[],
  /** Email: how this host sends (its secrets and PDFs); each invoice goes to its customer with the defaults. */
  mail?: MailHost,
): Promise<BulkResult> {
  const wanted = [...new Set(ids)];
  const found = await ctx.db.selectFrom('invoices').select(['id', 'number']).where('id', 'in', wanted).execute();
  const numbers = new Map(found.map((r) => [r.id, r.number]));
  const result: BulkResult = { done: [], refused: [] };
  for (const id of wanted) {
    const number = numbers.get(id);
    if (number === undefined) {
      result.refused.push({ id, number: '', message: `No invoice with id ${id}.` });
      continue;
    }
    try {
      if (action === 'email') {
        // (its own short transactions, the SMTP call outside them: db/services/email.ts)
        if (!mail) throw new AppError('internal', 'This host cannot send e-mail.');
        const outcome = await emailInvoice(ctx, mail, { invoiceId: id, cc: '', message: '' });
        if (!outcome.sent) throw new AppError('unreachable', outcome.message);
      } else await inWriteTransaction(ctx, (trx) => runAction(trx, action, id, number));
      result.done.push({ id, number });
    } catch (error) {
      if (!(error instanceof AppError)) console.error(`[pos] bulk ${action} of ${number} failed`, error);
      const message = error instanceof Error ? error.message : String(error);
      result.refused.push({ id, number, message: error instanceof AppError ? message : `Not done: ${message}.` });
    }
  }
  return result;
}
