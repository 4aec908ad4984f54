// Documents: the one print template for invoices, credit notes and purchase orders, its PDF, a batch of PDFs.
import { AppError } from '../core/errors.ts';
import { cancelFileJob, fileJobProgress, fileJobResult } from '../db/services/fileJobs.ts';
import type { Handlers } from './handlers.ts';

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

const notYet = (): never => {
  throw new AppError('internal', 'Not built yet.');
};

export const documentHandlers: DocumentHandlers = {
  documentPdf: async () => notYet(),
  documentHtml: async () => notYet(),
  getDocumentSettings: async () => notYet(),
  saveDocumentSettings: async () => notYet(),
  startPdfBatch: async () => notYet(),
  fileJobProgress: async (_ctx, { jobId }) => fileJobProgress(jobId),
  fileJobResult: async (_ctx, { jobId }) => fileJobResult(jobId),
  cancelFileJob: async (_ctx, { jobId }) => cancelFileJob(jobId),
};
