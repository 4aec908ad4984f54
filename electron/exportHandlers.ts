// Exports: QuickBooks Online, QuickBooks Desktop (IIF), Xero, and plain CSV files, off the main thread.
import { AppError } from '../core/errors.ts';
import type { Handlers } from './handlers.ts';

type ExportHandlers = Pick<Handlers, 'getExportSettings' | 'saveExportSettings' | 'previewExport' | 'startExport'>;

const notYet = (): never => {
  throw new AppError('internal', 'Not built yet.');
};

export const exportHandlers: ExportHandlers = {
  getExportSettings: async () => notYet(),
  saveExportSettings: async () => notYet(),
  previewExport: async () => notYet(),
  startExport: async () => notYet(),
};
