// A document as the person keeps it: its data read from the store, laid out by the one print template, rendered to
// PDF by the host's Chromium (ctx.pdf). Used by Download PDF, the batch, e-mail and the API alike.
import type { DocumentKind } from '../../core/enums.ts';
import { AppError } from '../../core/errors.ts';
import { getInvoice } from '../../db/services/invoices.ts';
import type { HandlerCtx } from '../handlers.ts';

export interface RenderedDocument {
  kind: DocumentKind;
  /** INV-000001, CN-000001, PO-000001. */
  number: string;
  /** "INV-000001.pdf" */
  fileName: string;
  html: string;
}

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The document's HTML from the print template. (A first cut: the full template replaces it.) */
export async function documentHtml(ctx: HandlerCtx, kind: DocumentKind, id: number): Promise<RenderedDocument> {
  if (kind !== 'invoice') throw new AppError('invalid_input', `No template for ${kind} yet.`);
  const invoice = await getInvoice(ctx, id);
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escape(invoice.number)}</title></head>
<body><h1>Invoice ${escape(invoice.number)}</h1><p>${escape(invoice.customerName)}</p></body></html>`;
  return { kind, number: invoice.number, fileName: `${invoice.number}.pdf`, html };
}

/** The document's PDF. */
export async function documentPdf(
  ctx: HandlerCtx,
  kind: DocumentKind,
  id: number,
): Promise<RenderedDocument & { bytes: Uint8Array }> {
  if (!ctx.pdf) throw new AppError('internal', 'This host cannot make PDFs (no Chromium).');
  const doc = await documentHtml(ctx, kind, id);
  return { ...doc, bytes: await ctx.pdf.pdf(doc.html, 'a4') };
}
