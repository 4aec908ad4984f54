// Measure 10: a 100-line invoice with 100 serials (one per line) rendered to PDF the way Download PDF makes it: the
// documentPdf call through dispatch (the store's reads, the print template, Chromium's print to PDF, base64 for the
// contract), beside the floor: the same Chromium printing a trivial page to PDF (what any PDF costs at least).
import { chromiumPdfRenderer } from '../electron/documents/pdf.ts';
import { dispatch } from '../electron/dispatch.ts';
import type { HandlerCtx } from '../electron/handlers.ts';
import { timeRuns } from './stats.ts';

export const PDF_RUNS = 15;

export async function measureInvoicePdf(ctx: HandlerCtx, invoiceId: number, runs = PDF_RUNS) {
  const pdf = chromiumPdfRenderer();
  const withPdf: HandlerCtx = { ...ctx, pdf };
  try {
    let bytes = 0;
    const ours = await timeRuns(
      runs,
      async () => {
        const outcome = await dispatch(withPdf, 'documentPdf', { kind: 'invoice', id: invoiceId });
        if (!outcome.ok) throw new Error(`documentPdf: ${outcome.error.message}`);
        bytes = (outcome.value as { base64: string }).base64.length;
      },
      2,
    );
    const trivial = '<!doctype html><html><head><meta charset="utf-8"></head><body><p>INV-000001</p></body></html>';
    const floor = await timeRuns(runs, () => pdf.pdf(trivial, 'a4'), 2);
    return { ours, floor, pdfBytes: Math.round((bytes * 3) / 4) };
  } finally {
    await pdf.close();
  }
}
