// Documents: the one print template for invoices, credit notes and purchase orders, its PDF, a batch of PDFs.
import { zipSync } from 'fflate';
import { localDate } from '../core/dates.ts';
import { AppError } from '../core/errors.ts';
import type { FileDownload } from '../core/model.ts';
import { getDocumentSettings, saveDocumentSettings } from '../db/services/documents.ts';
import { cancelFileJob, fileJobProgress, fileJobResult, startFileJob } from '../db/services/fileJobs.ts';
import { documentHtml, documentPdf } from './documents/render.ts';
import type { HandlerCtx, Handlers } from './handlers.ts';

type DocumentHandlers = Pick<
  Handlers,
  | 'documentPdf'
  | 'documentHtml'
  | 'getDocumentSettings'
  | 'saveDocumentSettings'
  | 'startPdfBatch'
  | 'fileJobProgress'
  | 'fileJobResult'
  | 'cancelFileJob'
>;

const pdfDownload = (fileName: string, bytes: Uint8Array): FileDownload => ({
  fileName,
  mimeType: 'application/pdf',
  base64: Buffer.from(bytes).toString('base64'),
});

/**
 * One PDF per invoice in a zip, as a file job: each invoice is read (a short read), laid out by Chromium's own
 * process, and stored in the zip as is (level 0: a PDF is compressed already, so zipping is a copy and a checksum).
 * An invoice that cannot be rendered (an unknown id) is a problem of its own; the batch goes on without it.
 */
export function startPdfBatch(ctx: HandlerCtx, ids: readonly number[]) {
  const unique = [...new Set(ids)];
  const fileName = `invoices-${localDate(ctx.now())}.zip`;
  return startFileJob('pdf_batch', unique.length, `Rendering 0 of ${unique.length}…`, async (control) => {
    const files: Record<string, Uint8Array> = {};
    let done = 0;
    for (const id of unique) {
      if (control.cancelled) throw new AppError('cancelled', 'Cancelled: no file was made.');
      try {
        const pdf = await documentPdf(ctx, 'invoice', id);
        let name = pdf.fileName;
        for (let n = 2; name in files; n++) name = pdf.fileName.replace(/\.pdf$/, ` (${n}).pdf`);
        files[name] = pdf.bytes;
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        control.problem(`Invoice id ${id}`, error.message);
      }
      done++;
      control.progress(done, unique.length, `Rendered ${done} of ${unique.length}.`);
    }
    const made = Object.keys(files).length;
    if (made === 0) throw new AppError('not_found', 'No PDF was made: none of the invoices could be rendered.');
    control.progress(done, unique.length, `Zipping ${made} PDF${made === 1 ? '' : 's'}…`);
    const bytes = zipSync(files, { level: 0, mtime: ctx.now() });
    return { fileName, mimeType: 'application/zip', bytes };
  });
}

export const documentHandlers: DocumentHandlers = {
  documentPdf: async (ctx, { kind, id }) => {
    const pdf = await documentPdf(ctx, kind, id);
    return pdfDownload(pdf.fileName, pdf.bytes);
  },
  documentHtml: async (ctx, { kind, id }) => {
    const doc = await documentHtml(ctx, kind, id);
    return { kind, title: doc.title, paperSize: doc.paperSize, html: doc.html };
  },
  getDocumentSettings: (ctx) => getDocumentSettings(ctx),
  saveDocumentSettings: (ctx, input) => saveDocumentSettings(ctx, input),
  startPdfBatch: async (ctx, { ids }) => startPdfBatch(ctx, ids),
  fileJobProgress: async (_ctx, { jobId }) => fileJobProgress(jobId),
  fileJobResult: async (_ctx, { jobId }) => fileJobResult(jobId),
  cancelFileJob: async (_ctx, { jobId }) => cancelFileJob(jobId),
};
