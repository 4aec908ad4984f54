// Reading for returns: which sale a code names (receipt barcode, invoice or credit note number, SN: of a sold unit),
// the sale as a return sees it (each line's net after discounts, what earlier credit notes took, its units, the
// tenders and what is left to refund on each), and a credit note as it was made.
import { daysBetween, localDate } from '../../core/dates.ts';
import { serialStatusPhrase, type InvoiceStatus, type PaymentMethodKind } from '../../core/enums.ts';
import { AppError } from '../../core/errors.ts';
import type { CreditNote, ReturnableSale } from '../../core/model.ts';
import type { Minor } from '../../core/money.ts';
import type { ReturnMoneyLine } from '../../core/returnMoney.ts';
import { classify } from '../../core/scan/classify.ts';
import { sql } from 'kysely';
import type { ReadCtx } from './context.ts';
import { savedInvoiceTotals } from './invoiceSummary.ts';
import { lookupSerial } from './serials.ts';

export interface SaleUnit {
  serialId: number;
  serial: string;
  /** The credit note it came back on; null while it is still on the sale. */
  returnedOn: string | null;
}

export interface SaleLine extends ReturnMoneyLine {
  productId: number | null;
  description: string;
  sku: string | null;
  serialized: boolean;
  /** Keeps stock levels (a stocked product without serials). */
  movesStock: boolean;
  units: SaleUnit[];
}

export interface SaleTender {
  paymentId: number;
  methodId: number;
  methodName: string;
  methodKind: PaymentMethodKind;
  paidMinor: Minor;
  refundableMinor: Minor;
}

export interface SaleForReturn {
  invoiceId: number;
  number: string;
  status: InvoiceStatus;
  /** A ticket's deposit invoice (DEP-000001): given back by Refund deposit on its ticket, never by a return. */
  isDeposit: boolean;
  invoiceDate: string;
  customerId: number;
  customerName: string;
  customerIsWalkIn: boolean;
  locationId: number;
  /** Payments less refunds (credit notes not counted). */
  paidMinor: Minor;
  balanceMinor: Minor;
  lines: SaleLine[];
  tenders: SaleTender[];
}

const HOW = 'scan the receipt’s barcode, type the invoice number, or scan SN: of a unit it sold';

/** The invoice a code names, and the unit an SN: scan found. */
export async function saleFromCode(
  ctx: ReadCtx,
  code: string,
): Promise<{ invoiceId: number; scannedSerialId: number | null }> {
  const found = classify(code);
  if (found.text === '') throw new AppError('invalid_input', `Find the sale: ${HOW}.`);
  if (found.kind === 'serial' || (found.kind === 'gs1' && found.serial)) {
    const serial = found.kind === 'serial' ? found.serial : found.serial!;
    return saleOfSerial(ctx, serial, found.kind === 'gs1' ? found.gtin : undefined);
  }
  return { invoiceId: await saleOfNumber(ctx, found.text), scannedSerialId: null };
}

async function saleOfNumber(ctx: ReadCtx, text: string): Promise<number> {
  const { db } = ctx;
  const exact = (table: 'invoices' | 'credit_notes', value: string) =>
    db
      .selectFrom(table)
      .select(table === 'invoices' ? 'id' : 'invoice_id as id')
      .where('number', '=', value);
  for (const table of ['invoices', 'credit_notes'] as const) {
    const row =
      (await exact(table, text).executeTakeFirst()) ??
      (await exact(table, text.toUpperCase()).executeTakeFirst()) ??
      (await db
        .selectFrom(table)
        .select(table === 'invoices' ? 'id' : 'invoice_id as id')
        .where(sql`upper(number)`, '=', text.toUpperCase())
        .executeTakeFirst());
    if (row) return row.id;
  }
  throw new AppError('not_found', `No sale numbered ${text}: ${HOW}.`);
}

async function saleOfSerial(ctx: ReadCtx, serial: string, gtin: string | undefined) {
  const matches = await lookupSerial(ctx, serial, gtin);
  if (matches.length === 0) throw new AppError('not_found', `No unit with serial ${serial}.`);
  const sold = matches.filter((m) => m.status === 'sold' && m.invoice !== null);
  if (sold.length === 1) return { invoiceId: sold[0]!.invoice!.id, scannedSerialId: sold[0]!.serialId };
  if (sold.length > 1) {
    throw new AppError(
      'invalid_input',
      `${serial} was sold on ${sold.map((m) => `${m.invoice!.number} (${m.productName})`).join(' and ')}: type ` +
        'the invoice number instead.',
    );
  }
  const unit = matches[0]!;
  const last = await ctx.db
    .selectFrom('credit_note_units as u')
    .innerJoin('credit_note_lines as l', 'l.id', 'u.credit_note_line_id')
    .innerJoin('credit_notes as cn', 'cn.id', 'l.credit_note_id')
    .innerJoin('invoices as i', 'i.id', 'cn.invoice_id')
    .select(['cn.number', 'i.number as invoiceNumber'])
    .where('u.serial_id', '=', unit.serialId)
    .orderBy('cn.id', 'desc')
    .executeTakeFirst();
  const phrase = serialStatusPhrase[unit.status];
  if (unit.status === 'reserved' && unit.invoice) {
    throw new AppError('conflict', `${unit.serial} is reserved on draft ${unit.invoice.number}: it was not sold.`);
  }
  if (last) {
    throw new AppError(
      'conflict',
      `${unit.serial} was already returned on ${last.number} from ${last.invoiceNumber} (now ${phrase}).`,
    );
  }
  throw new AppError(
    'conflict',
    unit.status === 'in_stock'
      ? `${unit.serial} is in stock: it was not sold.`
      : `${unit.serial} is ${phrase}: it was not sold.`,
  );
}

/** A sale with everything a return checks and credits. */
export async function loadSale(ctx: ReadCtx, invoiceId: number): Promise<SaleForReturn> {
  const { db } = ctx;
  const inv = await db
    .selectFrom('invoices as i')
    .innerJoin('customers as c', 'c.id', 'i.customer_id')
    .select([
      'i.id',
      'i.number',
      'i.status',
      'i.is_deposit',
      'i.invoice_date',
      'i.customer_id',
      'c.name as customerName',
      'c.is_default',
      'i.location_id',
      'i.paid_minor',
      'i.credited_minor',
      'i.balance_minor',
      'i.discount_kind',
      'i.discount_value',
    ])
    .where('i.id', '=', invoiceId)
    .executeTakeFirst();
  if (!inv) throw new AppError('not_found', `No invoice with id ${invoiceId}.`);
  const lines = await db
    .selectFrom('invoice_lines as il')
    .leftJoin('products as p', 'p.id', 'il.product_id')
    .select([
      'il.id',
      'il.product_id',
      'il.description',
      'p.sku',
      'p.serialized',
      'p.maintain_stock',
      'il.qty',
      'il.unit_price_minor',
      'il.taxable',
      'il.tax_rate_bp',
      'il.tax_rate_name',
      'il.discount_kind',
      'il.discount_value',
    ])
    .select([
      sql<number>`(SELECT coalesce(sum(qty), 0) FROM credit_note_lines WHERE invoice_line_id = il.id)`.as('rQty'),
      sql<number>`(SELECT coalesce(sum(amount_minor), 0) FROM credit_note_lines WHERE invoice_line_id = il.id)`.as(
        'rAmount',
      ),
      sql<number>`(SELECT coalesce(sum(tax_minor), 0) FROM credit_note_lines WHERE invoice_line_id = il.id)`.as('rTax'),
    ])
    .where('il.invoice_id', '=', invoiceId)
    .orderBy('il.position')
    .execute();
  const onSale = await db
    .selectFrom('invoice_line_serials as ils')
    .innerJoin('invoice_lines as il', 'il.id', 'ils.invoice_line_id')
    .innerJoin('serials as s', 's.id', 'ils.serial_id')
    .select([
      'ils.invoice_line_id as lineId',
      's.id as serialId',
      's.serial',
      sql<string | null>`NULL`.as('returnedOn'),
    ])
    .where('il.invoice_id', '=', invoiceId)
    .execute();
  const returned = await db
    .selectFrom('credit_note_units as u')
    .innerJoin('credit_note_lines as l', 'l.id', 'u.credit_note_line_id')
    .innerJoin('credit_notes as cn', 'cn.id', 'l.credit_note_id')
    .innerJoin('serials as s', 's.id', 'u.serial_id')
    .select(['u.invoice_line_id as lineId', 's.id as serialId', 's.serial', 'cn.number as returnedOn'])
    .where('cn.invoice_id', '=', invoiceId)
    .execute();
  const unitsOf = Map.groupBy([...onSale, ...returned], (u) => u.lineId);
  const totals = savedInvoiceTotals(lines, inv);
  const tenders = await db
    .selectFrom('payment_allocations as a')
    .innerJoin('payments as p', 'p.id', 'a.payment_id')
    .innerJoin('payment_methods as m', 'm.id', 'p.method_id')
    .select(['p.id as paymentId', 'm.id as methodId', 'm.name as methodName', 'm.kind as methodKind', 'a.amount_minor'])
    .select(
      sql<number>`(SELECT coalesce(sum(r.amount_minor), 0) FROM refunds r
        WHERE r.payment_id = a.payment_id AND r.invoice_id = a.invoice_id)`.as('refunded'),
    )
    .where('a.invoice_id', '=', invoiceId)
    .orderBy('p.id')
    .execute();
  return {
    invoiceId: inv.id,
    number: inv.number,
    status: inv.status,
    isDeposit: inv.is_deposit === 1,
    invoiceDate: inv.invoice_date,
    customerId: inv.customer_id,
    customerName: inv.customerName,
    customerIsWalkIn: inv.is_default === 1,
    locationId: inv.location_id,
    paidMinor: inv.paid_minor - inv.credited_minor,
    balanceMinor: inv.balance_minor,
    lines: lines.map((l, i) => ({
      id: l.id,
      productId: l.product_id,
      description: l.description,
      sku: l.sku,
      serialized: l.serialized === 1,
      movesStock: l.maintain_stock === 1 && l.serialized !== 1,
      qty: l.qty,
      taxable: l.taxable === 1,
      taxRateBp: l.tax_rate_bp,
      taxRateName: l.tax_rate_name,
      netMinor: totals.lines[i]!.netMinor - totals.lines[i]!.saleShareMinor,
      returnedQty: l.rQty,
      returnedAmountMinor: l.rAmount,
      returnedTaxMinor: l.rTax,
      units: (unitsOf.get(l.id) ?? [])
        .map((u) => ({ serialId: u.serialId, serial: u.serial, returnedOn: u.returnedOn }))
        .sort((a, b) => a.serial.localeCompare(b.serial)),
    })),
    tenders: tenders.map((t) => ({
      paymentId: t.paymentId,
      methodId: t.methodId,
      methodName: t.methodName,
      methodKind: t.methodKind,
      paidMinor: t.amount_minor,
      refundableMinor: t.amount_minor - t.refunded,
    })),
  };
}

/** The sale as the Returns screen shows it. */
export function toReturnableSale(
  sale: SaleForReturn,
  scannedSerialId: number | null,
  returnWindowDays: number,
  now: Date,
): ReturnableSale {
  return {
    invoiceId: sale.invoiceId,
    number: sale.number,
    invoiceDate: sale.invoiceDate,
    customerId: sale.customerId,
    customerName: sale.customerName,
    customerIsWalkIn: sale.customerIsWalkIn,
    status: sale.status,
    daysSinceSale: Math.max(0, daysBetween(sale.invoiceDate, localDate(now))),
    returnWindowDays,
    scannedSerialId,
    lines: sale.lines.map((l) => ({
      invoiceLineId: l.id,
      productId: l.productId,
      description: l.description,
      sku: l.sku,
      serialized: l.serialized,
      movesStock: l.movesStock,
      qty: l.qty,
      returnedQty: l.returnedQty,
      unitNetMinor: l.qty === 0 ? 0 : Math.round((l.netMinor * 1000) / l.qty),
      netMinor: l.netMinor,
      returnedAmountMinor: l.returnedAmountMinor,
      returnedTaxMinor: l.returnedTaxMinor,
      taxRateBp: l.taxRateBp,
      taxRateName: l.taxRateName,
      taxable: l.taxable,
      units: l.units.map((u) => ({ serialId: u.serialId, serial: u.serial, returned: u.returnedOn !== null })),
    })),
    tenders: sale.tenders.map((t) => ({
      paymentId: t.paymentId,
      methodName: t.methodName,
      methodKind: t.methodKind,
      paidMinor: t.paidMinor,
      refundableMinor: t.refundableMinor,
    })),
    paidMinor: sale.paidMinor,
    balanceMinor: sale.balanceMinor,
  };
}

/** A credit note with its lines, units and refunds. */
export async function getCreditNote(ctx: ReadCtx, id: number): Promise<CreditNote> {
  const { db } = ctx;
  const cn = await db
    .selectFrom('credit_notes as cn')
    .innerJoin('invoices as i', 'i.id', 'cn.invoice_id')
    .innerJoin('customers as c', 'c.id', 'cn.customer_id')
    .selectAll('cn')
    .select(['i.number as invoiceNumber', 'c.name as customerName'])
    .where('cn.id', '=', id)
    .executeTakeFirst();
  if (!cn) throw new AppError('not_found', `No credit note with id ${id}.`);
  const lines = await db
    .selectFrom('credit_note_lines as l')
    .innerJoin('invoice_lines as il', 'il.id', 'l.invoice_line_id')
    .select(['l.id', 'l.invoice_line_id', 'il.description', 'l.qty', 'l.amount_minor', 'l.tax_minor', 'l.disposition'])
    .where('l.credit_note_id', '=', id)
    .orderBy('il.position')
    .execute();
  const units = await db
    .selectFrom('credit_note_units as u')
    .innerJoin('credit_note_lines as l', 'l.id', 'u.credit_note_line_id')
    .innerJoin('serials as s', 's.id', 'u.serial_id')
    .select(['u.credit_note_line_id as lineId', 's.id', 's.serial', 'u.disposition'])
    .where('l.credit_note_id', '=', id)
    .orderBy('s.serial')
    .execute();
  const unitsOf = Map.groupBy(units, (u) => u.lineId);
  const refunds = await db
    .selectFrom('refunds as r')
    .innerJoin('payment_methods as m', 'm.id', 'r.method_id')
    .select(['m.name as methodName', 'r.amount_minor'])
    .where('r.credit_note_id', '=', id)
    .orderBy('r.id')
    .execute();
  return {
    id: cn.id,
    number: cn.number,
    invoiceId: cn.invoice_id,
    invoiceNumber: cn.invoiceNumber,
    customerName: cn.customerName,
    createdAt: cn.created_at,
    actor: cn.actor,
    approvedBy: cn.approved_by,
    reason: cn.reason,
    refundTo: cn.refund_to,
    subtotalMinor: cn.subtotal_minor,
    taxMinor: cn.tax_minor,
    totalMinor: cn.total_minor,
    lines: lines.map((l) => ({
      invoiceLineId: l.invoice_line_id,
      description: l.description,
      qty: l.qty,
      amountMinor: l.amount_minor,
      taxMinor: l.tax_minor,
      disposition: l.disposition,
      units: (unitsOf.get(l.id) ?? []).map((u) => ({ serialId: u.id, serial: u.serial, disposition: u.disposition })),
    })),
    refunds: refunds.map((r) => ({ methodName: r.methodName, amountMinor: r.amount_minor })),
  };
}
