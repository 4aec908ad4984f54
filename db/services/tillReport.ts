// The till report: X (an open session, any time) or Z (a closed one, as it was closed). Everything is read from the
// session's records: its invoices (sales, discounts, tax), payments and refunds (tenders), credit notes (tax given
// back) and movements (cash in, cash out, no-sale).
import { sql } from 'kysely';
import { AppError } from '../../core/errors.ts';
import type { TaxAtRate, TillReport } from '../../core/model.ts';
import { joinedText } from '../dialect.ts';
import { iso, type ReadCtx } from './context.ts';
import { savedInvoiceTotals } from './invoiceSummary.ts';
import { getTill, parseDenominations } from './tills.ts';

/** Invoices that count as sales of a session: finalised, not voided. */
const SOLD = ['draft', 'void'] as const;

export async function tillReport(ctx: ReadCtx, id: number): Promise<TillReport> {
  const { db } = ctx;
  const session = await getTill(ctx, id);
  const detail = await db.selectFrom('till_sessions').select('counted_detail').where('id', '=', id).executeTakeFirst();
  if (!detail) throw new AppError('not_found', `No till session with id ${id}.`);

  const sales = await db
    .selectFrom('invoices')
    .select(['id', 'total_minor', 'discount_kind', 'discount_value', 'discount_minor'])
    .where('till_session_id', '=', id)
    .where('status', 'not in', SOLD)
    .execute();
  const lines = sales.length
    ? await db
        .selectFrom('invoice_lines as il')
        .innerJoin('invoices as i', 'i.id', 'il.invoice_id')
        .select([
          'il.invoice_id',
          'il.qty',
          'il.unit_price_minor',
          'il.taxable',
          'il.tax_rate_bp',
          'il.tax_rate_name',
          'il.discount_kind',
          'il.discount_value',
          'il.discount_minor',
        ])
        .where('i.till_session_id', '=', id)
        .where('i.status', 'not in', SOLD)
        .orderBy('il.position')
        .execute()
    : [];
  const linesBy = Map.groupBy(lines, (l) => l.invoice_id);

  // Tax per rate, each invoice as it was computed (after its discounts), less what the session's returns gave back.
  const taxes = new Map<string, TaxAtRate>();
  const addTax = (name: string, rateBp: number, taxable: number, tax: number) => {
    const key = `${name}\u0000${rateBp}`;
    const t = taxes.get(key) ?? { name, rateBp, taxableMinor: 0, taxMinor: 0 };
    t.taxableMinor += taxable;
    t.taxMinor += tax;
    taxes.set(key, t);
  };
  let discountsMinor = 0;
  for (const inv of sales) {
    const own = linesBy.get(inv.id) ?? [];
    discountsMinor += inv.discount_minor + own.reduce((sum, l) => sum + l.discount_minor, 0);
    const totals = savedInvoiceTotals(own, inv);
    for (const t of totals.taxes) addTax(t.name, t.rateBp, t.taxableMinor, t.taxMinor);
  }
  const returned = await db
    .selectFrom('credit_note_lines as cl')
    .innerJoin('credit_notes as cn', 'cn.id', 'cl.credit_note_id')
    .innerJoin('invoice_lines as il', 'il.id', 'cl.invoice_line_id')
    .select(['il.tax_rate_name', 'il.tax_rate_bp', 'il.taxable', 'cl.amount_minor', 'cl.tax_minor'])
    .where('cn.till_session_id', '=', id)
    .execute();
  for (const r of returned) {
    if (r.taxable === 1) addTax(r.tax_rate_name, r.tax_rate_bp, -r.amount_minor, -r.tax_minor);
  }

  // Tenders: what each method took and gave back through this session.
  const taken = await db
    .selectFrom('payments as p')
    .innerJoin('payment_methods as m', 'm.id', 'p.method_id')
    .select(['m.id', 'm.name', 'm.kind', 'm.position', sql<number>`sum(p.amount_minor)`.as('amount')])
    .where('p.till_session_id', '=', id)
    .groupBy('m.id')
    .execute();
  const refunded = await db
    .selectFrom('refunds as r')
    .innerJoin('payment_methods as m', 'm.id', 'r.method_id')
    .select([
      'm.id',
      'm.name',
      'm.kind',
      'm.position',
      sql<number>`sum(r.amount_minor)`.as('amount'),
      // One return refunding two tenders is one refund.
      joinedText(db, sql`coalesce('cn' || r.credit_note_id, 'r' || r.id)`).as('keys'),
    ])
    .where('r.till_session_id', '=', id)
    .groupBy('m.id')
    .execute();
  const tenders = new Map<number, TillReport['tenders'][number] & { position: number }>();
  for (const row of [...taken, ...refunded]) {
    if (!tenders.has(row.id)) {
      tenders.set(row.id, {
        methodName: row.name,
        methodKind: row.kind,
        takenMinor: 0,
        refundedMinor: 0,
        position: row.position,
      });
    }
  }
  for (const row of taken) tenders.get(row.id)!.takenMinor = row.amount;
  for (const row of refunded) tenders.get(row.id)!.refundedMinor = row.amount;
  const refundKeys = new Set(refunded.flatMap((r) => r.keys.split(',')));

  const sum = (kind: string) =>
    session.movements.filter((m) => m.kind === kind).reduce((total, m) => total + m.amountMinor, 0);
  const closed = session.closedAt !== null;
  return {
    kind: closed ? 'Z' : 'X',
    session,
    at: session.closedAt ?? iso(ctx.now()),
    salesCount: sales.length,
    salesMinor: sales.reduce((total, s) => total + s.total_minor, 0),
    refundsCount: refundKeys.size,
    refundsMinor: refunded.reduce((total, r) => total + r.amount, 0),
    discountsMinor,
    cashInMinor: sum('cash_in'),
    cashOutMinor: sum('cash_out'),
    noSaleCount: session.movements.filter((m) => m.kind === 'no_sale').length,
    tenders: [...tenders.values()]
      .sort((a, b) => a.position - b.position || a.methodName.localeCompare(b.methodName))
      .map(({ position: _position, ...t }) => t),
    taxes: [...taxes.values()]
      .filter((t) => t.taxableMinor !== 0 || t.taxMinor !== 0)
      .sort((a, b) => a.rateBp - b.rateBp || a.name.localeCompare(b.name)),
    expectedCashMinor: session.expectedCashMinor,
    countedCashMinor: session.countedCashMinor,
    overShortMinor: session.countedCashMinor === null ? null : session.countedCashMinor - session.expectedCashMinor,
    denominations: parseDenominations(detail.counted_detail),
  };
}
