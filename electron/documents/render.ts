// A document as the person keeps it: its data read from the store (db/services/documents.ts), laid out by the one
// print template (template.ts), rendered to PDF by the host's Chromium (ctx.pdf: Electron's printToPDF on the desktop,
// a headless Chromium in browser mode and tests). Used by Download PDF, Print, the batch, e-mail and the API alike.
import type { DocumentKind, PaperSize } from '../../core/enums.ts';
import { AppError } from '../../core/errors.ts';
import { loadDocument, type DocumentOptions } from '../../db/services/documents.ts';
import type { HandlerCtx } from '../handlers.ts';
import { documentTemplate } from './template.ts';

export interface RenderedDocument {
  kind: DocumentKind;
  /** INV-000001, CN-000001, PO-000001. */
  number: string;
  /** "INV-000001.pdf" */
  fileName: string;
  /** "Invoice INV-000001" */
  title: string;
  paperSize: PaperSize;
  html: string;
}

/** The document's HTML from the print template (`{ as: 'sent' }`: an invoice as e-mailed, never stamped Draft). */
export async function documentHtml(
  ctx: HandlerCtx,
  kind: DocumentKind,
  id: number,
  options: DocumentOptions = {},
): Promise<RenderedDocument> {
  const data = await loadDocument(ctx, kind, id, options);
  return {
    kind,
    number: data.number,
    fileName: data.fileName,
    title: `${data.title} ${data.number}`,
    paperSize: data.paperSize,
    html: documentTemplate(data),
  };
}

/** The document's PDF, laid out by Chromium's own process (nothing heavy on this thread). */
export async function documentPdf(
  ctx: HandlerCtx,
  kind: DocumentKind,
  id: number,
  options: DocumentOptions = {},
): Promise<RenderedDocument & { bytes: Uint8Array }> {
  if (!ctx.pdf) throw new AppError('internal', 'This host cannot make PDFs (no Chromium).');
  const doc = await documentHtml(ctx, kind, id, options);
  return { ...doc, bytes: await ctx.pdf.pdf(doc.html, doc.paperSize) };
}
