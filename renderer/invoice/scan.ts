import { serialStatusPhrase } from '../../core/enums.ts';
import type { SerialMatch } from '../../core/model.ts';
import type { DraftLine } from './draft.ts';

/**
 * Why a found unit cannot be captured on this invoice, or null when it can. A unit on the saved
 * version of the invoice being edited is ours to capture again, wherever it is: an invoice moved
 * to another location takes its units along when it is saved.
 */
export function serialRefusal(
  match: SerialMatch,
  draft: { invoiceId: number | null; locationId: number; locationName: string; lines: readonly DraftLine[] },
): string | null {
  if (draft.lines.some((l) => l.serials.some((s) => s.id === match.serialId))) {
    return `${match.serial} is already on this invoice.`;
  }
  const ours = match.invoice !== null && match.invoice.id === draft.invoiceId;
  if (match.invoice && !ours) {
    return match.status === 'reserved'
      ? `${match.serial} (${match.productName}) is reserved on draft ${match.invoice.number}.`
      : `${match.serial} (${match.productName}) is already sold on ${match.invoice.number}.`;
  }
  if (!ours && match.status !== 'in_stock')
    return `${match.serial} (${match.productName}) is ${serialStatusPhrase[match.status]}.`;
  if (!ours && match.locationId !== draft.locationId) {
    return `${match.serial} (${match.productName}) is at ${match.locationName}, not ${draft.locationName}.`;
  }
  return null;
}
