// Receipts: what the counter prints for a sale (an invoice, reprinted any time) or a return (a credit note, printed
// as REFUND). Read from the saved records only, so a reprint shows exactly what was sold, to whom and how it was paid.
import { AppError } from '../../core/errors.ts';
import type { PaymentMethodKind, SaleReceipt, TaxAtRate } from '../../core/model.ts';
import type { ReadCtx } from './context.ts';
import { getCounterSettings } from './counterSettings.ts';
import { getInvoice } from './invoices.ts';
import { getShopSettings } from './settings.ts';

export type ReceiptOf =
  { invoiceId: number; creditNoteId?: undefined } | { creditNoteId: number; invoiceId?: undefined };

export async function saleReceipt(ctx: ReadCtx, of: ReceiptOf): Promise<SaleReceipt> {
  return of.invoiceId !== undefined ? invoiceReceipt(ctx, of.invoiceId) : creditNoteReceipt(ctx, of.creditNoteId);
}

async function receiptFrame(ctx: ReadCtx) {
  const [shop, counter] = await Promise.all([getShopSettings(ctx), getCounterSettings(ctx)]);
  return {
    shop: { name: shop.name, address: shop.address, phone: shop.phone, taxId: shop.taxId },
    footer: counter.receiptFooter,
    width: counter.receiptWidth,
  };
}

async function invoiceReceipt(ctx: ReadCtx, invoiceId: number): Promise<SaleReceipt> {
  const inv = await getInvoice(ctx, invoiceId);
  if (inv.status === 'draft') throw new AppError('conflict', `${inv.number} is a draft: it has no receipt yet.`);
  const created = await ctx.db
    .selectFrom('invoices')
    .select('created_at')
    .where('id', '=', invoiceId)
    .executeTakeFirstOrThrow();
  const tenders = inv.payments.map((p) => ({
    methodName: p.methodName,
    methodKind: p.methodKind,
    amountMinor: p.amountMinor,
    tenderedMinor: p.tenderedMinor ?? p.amountMinor,
    reference: p.reference,
  }));
  return {
    kind: 'sale',
    number: inv.number,
    originalNumber: null,
    barcode: inv.number,
    ...(await receiptFrame(ctx)),
    at: inv.finalizedAt ?? created.created_at,
    cashier: inv.cashier || inv.payments[0]?.actor || '',
    customerName: inv.customerName,
    customerIsWalkIn: inv.customerIsWalkIn,
    lines: inv.lines.map((l) => ({
      description: l.description,
      sku: l.sku,
      qty: l.qty,
      unitPriceMinor: l.unitPriceMinor,
      discount: l.discount,
      lineTotalMinor: l.lineTotalMinor,
      serials: l.serials.map((s) => s.serial),
    })),
    subtotalMinor: inv.subtotalMinor,
    discount: inv.discount,
    taxes: inv.taxes.filter((t) => t.taxMinor !== 0 || t.taxableMinor !== 0),
    taxMinor: inv.taxMinor,
    totalMinor: inv.totalMinor,
    tenders,
    changeMinor: tenders.reduce((sum, t) => sum + (t.tenderedMinor - t.amountMinor), 0),
  };
}

/** A return's receipt: REFUND, the credit note's number, the sale it returns, the lines and units back, the refunds. */
async function creditNoteReceipt(ctx: ReadCtx, creditNoteId: number): Promise<SaleReceipt> {
  const { db } = ctx;
  const cn = await db
    .selectFrom('credit_notes as cn')
    .innerJoin('invoices as i', 'i.id', 'cn.invoice_id')
    .innerJoin('customers as c', 'c.id', 'cn.customer_id')
    .select([
      'cn.id',
      'cn.number',
      'cn.subtotal_minor',
      'cn.tax_minor',
      'cn.total_minor',
      'cn.refund_to',
      'cn.created_at',
      'cn.actor',
      'i.number as invoiceNumber',
      'c.name as customerName',
      'c.is_default as walkIn',
    ])
    .where('cn.id', '=', creditNoteId)
    .executeTakeFirst();
  if (!cn) throw new AppError('not_found', `No credit note with id ${creditNoteId}.`);
  const lines = await db
    .selectFrom('credit_note_lines as cl')
    .innerJoin('invoice_lines as il', 'il.id', 'cl.invoice_line_id')
    .leftJoin('products as p', 'p.id', 'il.product_id')
    .select([
      'cl.id',
      'cl.qty',
      'cl.amount_minor',
      'cl.tax_minor',
      'il.description',
      'il.unit_price_minor',
      'il.taxable',
      'il.tax_rate_name',
      'il.tax_rate_bp',
      'p.sku',
    ])
    .where('cl.credit_note_id', '=', creditNoteId)
    .orderBy('il.position')
    .orderBy('cl.id')
    .execute();
  const units = await db
    .selectFrom('credit_note_units as u')
    .innerJoin('credit_note_lines as cl', 'cl.id', 'u.credit_note_line_id')
    .innerJoin('serials as s', 's.id', 'u.serial_id')
    .select(['u.credit_note_line_id as lineId', 's.serial'])
    .where('cl.credit_note_id', '=', creditNoteId)
    .orderBy('s.serial')
    .execute();
  const unitsByLine = Map.groupBy(units, (u) => u.lineId);
  const refunds = await db
    .selectFrom('refunds as r')
    .innerJoin('payment_methods as m', 'm.id', 'r.method_id')
    .select(['m.name', 'm.kind', 'r.amount_minor', 'r.reference'])
    .where('r.credit_note_id', '=', creditNoteId)
    .orderBy('r.id')
    .execute();
  const tenders: SaleReceipt['tenders'] = refunds.map((r) => ({
    methodName: r.name,
    methodKind: r.kind,
    amountMinor: r.amount_minor,
    tenderedMinor: r.amount_minor,
    reference: r.reference,
  }));
  const refunded = tenders.reduce((sum, t) => sum + t.amountMinor, 0);
  // What did not go back to a tender went to store credit (refund_to 'credit') or off the invoice's balance.
  const rest = cn.total_minor - refunded;
  if (rest > 0 && cn.refund_to !== 'tenders') {
    const storeCredit = cn.refund_to === 'credit';
    tenders.push({
      methodName: storeCredit ? 'Store credit' : 'Off the balance due',
      methodKind: (storeCredit ? 'store_credit' : 'other') satisfies PaymentMethodKind,
      amountMinor: rest,
      tenderedMinor: rest,
      reference: '',
    });
  }
  const taxes = new Map<string, TaxAtRate>();
  for (const l of lines) {
    if (l.taxable !== 1) continue;
    const key = `${l.tax_rate_name}\u0000${l.tax_rate_bp}`;
    const t = taxes.get(key) ?? { name: l.tax_rate_name, rateBp: l.tax_rate_bp, taxableMinor: 0, taxMinor: 0 };
    t.taxableMinor += l.amount_minor;
    t.taxMinor += l.tax_minor;
    taxes.set(key, t);
  }
  return {
    kind: 'refund',
    number: cn.number,
    originalNumber: cn.invoiceNumber,
    // The original sale's number: scanning a refund receipt finds the same sale.
    barcode: cn.invoiceNumber,
    ...(await receiptFrame(ctx)),
    at: cn.created_at,
    cashier: cn.actor,
    customerName: cn.customerName,
    customerIsWalkIn: cn.walkIn === 1,
    lines: lines.map((l) => ({
      description: l.description,
      sku: l.sku,
      qty: l.qty,
      unitPriceMinor: l.unit_price_minor,
      discount: null,
      lineTotalMinor: l.amount_minor,
      serials: (unitsByLine.get(l.id) ?? []).map((u) => u.serial),
    })),
    subtotalMinor: cn.subtotal_minor,
    discount: null,
    taxes: [...taxes.values()],
    taxMinor: cn.tax_minor,
    totalMinor: cn.total_minor,
    tenders,
    changeMinor: 0,
  };
}
