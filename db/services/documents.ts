// What a printed document says, read from the store: an invoice, a credit note or a purchase order as plain data
// (DocumentData) for the one print template (electron/documents/template.ts), with the shop's block, its money format
// and Settings → Documents (the paper and the logo). Dialect-free: it reads through the services that show the same
// records on screen, so the paper and the screen cannot disagree.
import { PAPER_SIZES, type DocumentKind, type PaperSize } from '../../core/enums.ts';
import type { DocumentSettings } from '../../core/model.ts';
import { lineTotalMinor, moneyFormat, unitsToMilli, type MoneyFormat, type Minor } from '../../core/money.ts';
import type { ReadCtx, WriteCtx } from './context.ts';
import { estimateDocument } from './estimateDocument.ts';
import { getInvoice } from './invoices.ts';
import { getPurchaseOrder } from './purchasing.ts';
import { getCreditNote } from './returnSale.ts';
import { getSetting, getShopSettings, putSetting } from './settings.ts';

const PAPER_KEY = 'document_paper_size';
const LOGO_KEY = 'document_logo';

export const DEFAULT_DOCUMENT_SETTINGS: DocumentSettings = { paperSize: 'a4', logoDataUrl: '' };

export async function getDocumentSettings(ctx: ReadCtx): Promise<DocumentSettings> {
  const [paper, logo] = await Promise.all([getSetting(ctx, PAPER_KEY), getSetting(ctx, LOGO_KEY)]);
  return {
    paperSize: (PAPER_SIZES as readonly string[]).includes(paper ?? '')
      ? (paper as PaperSize)
      : DEFAULT_DOCUMENT_SETTINGS.paperSize,
    logoDataUrl: logo ?? '',
  };
}

export async function saveDocumentSettings(ctx: WriteCtx, input: DocumentSettings): Promise<DocumentSettings> {
  await putSetting(ctx, PAPER_KEY, input.paperSize);
  await putSetting(ctx, LOGO_KEY, input.logoDataUrl);
  return getDocumentSettings(ctx);
}

/** A name with the lines under it (the shop, the customer, the vendor). */
export interface DocumentParty {
  /** "Bill to", "Vendor", "Customer". */
  label: string;
  name: string;
  lines: string[];
}

export interface DocumentLine {
  description: string;
  sku: string | null;
  /** Thousandths. */
  qtyMilli: number;
  /** Null where the document has no unit price (a credit note's line). */
  unitPriceMinor: Minor | null;
  /** The line discount's money (0: none), and how it was given ("10%"). */
  discountMinor: Minor;
  discountText: string;
  lineTotalMinor: Minor;
  /** The tax rate's name on a taxable line, '' otherwise. */
  taxText: string;
  /** The units on the line: serial numbers listed under it. */
  serials: string[];
}

export interface DocumentTotalRow {
  label: string;
  minor: Minor;
  /** The row that matters (Total, Balance due, Order total). */
  strong?: boolean;
}

/** One document as the template lays it out: every text as it will be printed, every amount in minor units. */
export interface DocumentData {
  kind: DocumentKind;
  /** "Invoice", "Credit note", "Purchase order". */
  title: string;
  number: string;
  /** "INV-000001.pdf" */
  fileName: string;
  /** "Paid", "Void"… printed beside the number; '' for none. */
  status: string;
  paperSize: PaperSize;
  logoDataUrl: string;
  money: MoneyFormat;
  shop: { name: string; lines: string[] };
  party: DocumentParty;
  /** Number, dates and terms: label and value, dates as YYYY-MM-DD or an instant. */
  facts: Array<{ label: string; value: string; date?: boolean }>;
  lines: DocumentLine[];
  totals: DocumentTotalRow[];
  payments: Array<{ date: string; method: string; reference: string; minor: Minor }>;
  notes: string;
  /** The terms for the foot ("Net 30"), and the day payment is due by (YYYY-MM-DD; '' for none). */
  terms: string;
  dueDate: string;
}

const STATUS_TEXT: Record<string, string> = {
  draft: 'Draft',
  sent: '',
  viewed: '',
  partial: 'Partially paid',
  paid: 'Paid',
  void: 'Void',
  submitted: 'Submitted',
  partially_received: 'Partially received',
  received: 'Received',
  cancelled: 'Cancelled',
};

export async function shopBlock(ctx: ReadCtx) {
  const [shop, settings] = await Promise.all([getShopSettings(ctx), getDocumentSettings(ctx)]);
  const lines = [
    ...shop.address
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean),
    shop.phone && `Phone ${shop.phone}`,
    shop.email,
    shop.taxId && `Tax id ${shop.taxId}`,
  ].filter((l): l is string => Boolean(l));
  return {
    shop: { name: shop.name || 'Counter POS', lines },
    money: moneyFormat(shop.currency, shop.locale),
    paperSize: settings.paperSize,
    logoDataUrl: settings.logoDataUrl,
  };
}

async function contactOf(ctx: ReadCtx, table: 'customers' | 'vendors', id: number): Promise<string[]> {
  const row = await ctx.db.selectFrom(table).select(['email', 'phone']).where('id', '=', id).executeTakeFirst();
  return [row?.email ?? '', row?.phone ? `Phone ${row.phone}` : ''].filter(Boolean);
}

const discountText = (d: { kind: string; value: number } | null) =>
  !d ? '' : d.kind === 'percent' ? `${(d.value / 100).toString()}%` : '';

/**
 * How to show the document. `as: 'sent'`: an invoice as it will be once sent (e-mail marks a Draft Sent as it goes):
 * a Draft shows no Draft stamp, as a Sent invoice (markInvoiceSent keeps its dates and terms as they are).
 */
export interface DocumentOptions {
  as?: 'sent';
}

/** The document's data, or not_found. */
export async function loadDocument(
  ctx: ReadCtx,
  kind: DocumentKind,
  id: number,
  options: DocumentOptions = {},
): Promise<DocumentData> {
  if (kind === 'invoice') return invoiceDocument(ctx, id, options);
  if (kind === 'credit_note') return creditNoteDocument(ctx, id);
  if (kind === 'estimate') return estimateDocument(ctx, id, await shopBlock(ctx));
  return purchaseOrderDocument(ctx, id);
}

async function invoiceDocument(ctx: ReadCtx, id: number, options: DocumentOptions): Promise<DocumentData> {
  const [invoice, head] = await Promise.all([getInvoice(ctx, id), shopBlock(ctx)]);
  const contact = await contactOf(ctx, 'customers', invoice.customerId);
  const totals: DocumentTotalRow[] = [{ label: 'Subtotal', minor: invoice.subtotalMinor }];
  if (invoice.discount && invoice.discount.minor !== 0)
    totals.push({ label: `Discount${discountLabel(invoice.discount)}`, minor: -invoice.discount.minor });
  for (const t of invoice.taxes) totals.push({ label: t.name, minor: t.taxMinor });
  if (invoice.taxes.length === 0) totals.push({ label: 'Tax', minor: invoice.taxMinor });
  totals.push({ label: 'Total', minor: invoice.totalMinor, strong: true });
  totals.push({ label: 'Payments', minor: -invoice.paidMinor });
  totals.push({ label: 'Balance due', minor: invoice.balanceMinor, strong: true });
  return {
    kind: 'invoice',
    title: 'Invoice',
    number: invoice.number,
    fileName: `${invoice.number}.pdf`,
    status: STATUS_TEXT[options.as === 'sent' && invoice.status === 'draft' ? 'sent' : invoice.status] ?? '',
    ...head,
    party: { label: 'Bill to', name: invoice.customerName, lines: contact },
    facts: [
      { label: 'Invoice number', value: invoice.number },
      { label: 'Date', value: invoice.invoiceDate, date: true },
      { label: 'Due date', value: invoice.dueDate, date: true },
      { label: 'Terms', value: invoice.terms },
    ],
    lines: invoice.lines.map((l) => ({
      description: l.description || l.productName || '',
      sku: l.sku,
      qtyMilli: l.qty,
      unitPriceMinor: l.unitPriceMinor,
      discountMinor: l.discount?.minor ?? 0,
      discountText: discountText(l.discount),
      lineTotalMinor: l.lineTotalMinor,
      taxText: l.taxable ? l.taxRateName : '',
      serials: l.serials.map((s) => s.serial),
    })),
    totals,
    payments: [
      ...invoice.payments.map((p) => ({
        date: p.paidOn,
        method: p.methodName,
        reference: p.reference,
        minor: p.amountMinor - p.refundedMinor,
      })),
      ...invoice.creditNotes.map((c) => ({
        date: c.createdAt,
        method: `Credit note ${c.number}`,
        reference: '',
        minor: c.totalMinor,
      })),
    ],
    notes: invoice.notes,
    terms: invoice.terms,
    dueDate: invoice.dueDate,
  };
}

const discountLabel = (d: { kind: string; value: number }) =>
  d.kind === 'percent' ? ` (${(d.value / 100).toString()}%)` : '';

async function creditNoteDocument(ctx: ReadCtx, id: number): Promise<DocumentData> {
  const [note, head] = await Promise.all([getCreditNote(ctx, id), shopBlock(ctx)]);
  const invoice = await getInvoice(ctx, note.invoiceId);
  const contact = await contactOf(ctx, 'customers', invoice.customerId);
  const lineInfo = new Map(invoice.lines.map((l) => [l.id, l]));
  const taxed = new Map<string, Minor>();
  for (const l of note.lines) {
    if (l.taxMinor === 0) continue;
    const name = lineInfo.get(l.invoiceLineId)?.taxRateName || 'Tax';
    taxed.set(name, (taxed.get(name) ?? 0) + l.taxMinor);
  }
  const totals: DocumentTotalRow[] = [{ label: 'Subtotal', minor: note.subtotalMinor }];
  for (const [name, minor] of taxed) totals.push({ label: name, minor });
  if (taxed.size === 0) totals.push({ label: 'Tax', minor: note.taxMinor });
  totals.push({ label: 'Total credited', minor: note.totalMinor, strong: true });
  return {
    kind: 'credit_note',
    title: 'Credit note',
    number: note.number,
    fileName: `${note.number}.pdf`,
    status: '',
    ...head,
    party: { label: 'Customer', name: note.customerName, lines: contact },
    facts: [
      { label: 'Credit note number', value: note.number },
      { label: 'Date', value: note.createdAt, date: true },
      { label: 'Invoice', value: note.invoiceNumber },
      ...(note.reason ? [{ label: 'Reason', value: note.reason }] : []),
    ],
    lines: note.lines.map((l) => {
      const info = lineInfo.get(l.invoiceLineId);
      return {
        description: l.description,
        sku: info?.sku ?? null,
        qtyMilli: l.qty,
        unitPriceMinor: null,
        discountMinor: 0,
        discountText: '',
        lineTotalMinor: l.amountMinor,
        taxText: info?.taxable ? info.taxRateName : '',
        serials: l.units.map((u) => u.serial),
      };
    }),
    totals,
    payments: note.refunds.map((r) => ({
      date: note.createdAt,
      method: `Refund: ${r.methodName}`,
      reference: '',
      minor: r.amountMinor,
    })),
    notes:
      note.refundTo === 'credit'
        ? 'Credited to the customer’s store credit.'
        : note.refundTo === 'balance'
          ? `Taken off the balance of ${note.invoiceNumber}.`
          : '',
    terms: '',
    dueDate: '',
  };
}

async function purchaseOrderDocument(ctx: ReadCtx, id: number): Promise<DocumentData> {
  const [po, head] = await Promise.all([getPurchaseOrder(ctx, id), shopBlock(ctx)]);
  const contact = await contactOf(ctx, 'vendors', po.vendorId);
  return {
    kind: 'purchase_order',
    title: 'Purchase order',
    number: po.number,
    fileName: `${po.number}.pdf`,
    status: STATUS_TEXT[po.status] ?? '',
    ...head,
    party: { label: 'Vendor', name: po.vendorName, lines: contact },
    facts: [
      { label: 'Order number', value: po.number },
      { label: 'Date', value: po.createdAt, date: true },
      { label: 'Deliver to', value: po.locationName },
    ],
    lines: po.lines.map((l) => ({
      description: l.productName,
      sku: l.sku,
      qtyMilli: unitsToMilli(l.qtyOrdered),
      unitPriceMinor: l.unitCostMinor,
      discountMinor: 0,
      discountText: '',
      lineTotalMinor: lineTotalMinor(unitsToMilli(l.qtyOrdered), l.unitCostMinor),
      taxText: '',
      serials: [],
    })),
    totals: [{ label: 'Order total', minor: po.totalCostMinor, strong: true }],
    payments: [],
    notes: po.notes,
    terms: '',
    dueDate: '',
  };
}
