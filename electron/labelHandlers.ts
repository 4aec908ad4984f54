// Stock movements: barcode labels for units (Code 128 SN:, GS1 DataMatrix) and on-hand per location.
import type { FileDownload } from '../core/model.ts';
import { labelUnits, receiptLabelUnits } from '../db/services/labels.ts';
import { stockByLocation } from '../db/services/stockLevels.ts';
import { labelsHtml, labelsPdf } from './documents/labels.ts';
import type { Handlers } from './handlers.ts';

type LabelHandlers = Pick<Handlers, 'labelUnits' | 'labelsHtml' | 'labelsPdf' | 'stockByLocation'>;

export const labelHandlers: LabelHandlers = {
  labelUnits: (ctx, input) =>
    'receiptId' in input ? receiptLabelUnits(ctx, input.receiptId) : labelUnits(ctx, input.serialIds),
  labelsHtml: (ctx, input) => labelsHtml(ctx, input),
  labelsPdf: async (ctx, input): Promise<FileDownload> => {
    const pdf = await labelsPdf(ctx, input);
    return { fileName: pdf.fileName, mimeType: 'application/pdf', base64: Buffer.from(pdf.bytes).toString('base64') };
  },
  stockByLocation: (ctx, { productIds }) => stockByLocation(ctx, productIds ? { productIds } : {}),
};
