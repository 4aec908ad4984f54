// Exports: QuickBooks Online, QuickBooks Desktop (IIF), Xero, and plain CSV files, off the main thread.
import { getExportSettings, previewExport, saveExportSettings, startExport } from '../db/services/exports.ts';
import type { Handlers } from './handlers.ts';

type ExportHandlers = Pick<Handlers, 'getExportSettings' | 'saveExportSettings' | 'previewExport' | 'startExport'>;

export const exportHandlers: ExportHandlers = {
  getExportSettings: (ctx) => getExportSettings(ctx),
  saveExportSettings: (ctx, input) => saveExportSettings(ctx, input),
  previewExport: (ctx, input) => previewExport(ctx, input),
  startExport: (ctx, input) => startExport(ctx, input),
};
