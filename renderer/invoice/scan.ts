import type { PosApi } from '../../core/contract.ts';
import { serialStatusPhrase } from '../../core/enums.ts';
import type { Product, SerialMatch } from '../../core/model.ts';
import { classify } from '../../core/scan/classify.ts';
import type { DraftLine } from './draft.ts';
import type { ItemSearchAnswer } from './ItemSearch.tsx';
import { lookupProductCode } from './productCode.ts';

/** Where a scanned or typed code goes: what the invoice editor and the Sell screen each do with what it names. */
export interface CodeRoutes {
  refuse(message: string): void;
  addProduct(product: Product): void | Promise<void>;
  /** The one unit an SN: or GS1 scan names. */
  serialFound(match: SerialMatch): void | Promise<void>;
  /** Several units answer to that serial (of different products): the person picks one. */
  serialsFound(matches: SerialMatch[]): void;
}

/**
 * A code from the item search (typed + Enter, or a wedge scanner typing into it) or from the scanner, classified
 * (core/scan/classify.ts) and looked up: an SN: or GS1 serial finds a unit; a barcode, GTIN or SKU a product; any other
 * text is a name, whose one match is added or whose several are listed (the answer the item search shows).
 */
export async function routeCode(api: PosApi, code: string, to: CodeRoutes): Promise<void | ItemSearchAnswer> {
  const c = classify(code);
  switch (c.kind) {
    case 'serial':
      return findSerial(api, c.serial, undefined, to);
    case 'gs1':
      if (!c.gtin) return to.refuse(`The GS1 code ${c.text} has no GTIN (AI 01), so it names no product.`);
      if (c.checkDigit === false)
        return to.refuse(`The GTIN ${c.gtin} in this GS1 code has a wrong check digit: scan it again.`);
      return c.serial ? findSerial(api, c.serial, c.gtin, to) : addByCode(api, c.gtin, false, to);
    case 'gtin':
      return addByCode(api, c.gtin, false, to);
    case 'code':
      if (c.checkDigit === false) {
        const exact = await lookupProductCode(api, c.text, false);
        if (exact.kind === 'product') return to.addProduct(exact.product);
        return to.refuse(
          `${c.text} looks like a GTIN but its check digit is wrong: scan it again or type it carefully.`,
        );
      }
      return addByCode(api, c.text, true, to);
  }
}

/** A barcode or SKU; with `byName`, a text that is neither is a name: one match is added, several are listed. */
async function addByCode(api: PosApi, code: string, byName: boolean, to: CodeRoutes): Promise<void | ItemSearchAnswer> {
  const found = await lookupProductCode(api, code, byName);
  switch (found.kind) {
    case 'product':
      return to.addProduct(found.product);
    case 'several':
      to.refuse(`More than one product matches “${code}”: pick one from the list.`);
      return { matches: found.matches };
    case 'error':
      return to.refuse(found.message);
    case 'none':
      return to.refuse(`No product has the barcode or SKU “${code}”.`);
  }
}

async function findSerial(api: PosApi, serial: string, gtin: string | undefined, to: CodeRoutes): Promise<void> {
  if (!serial) return to.refuse('An SN: scan needs a serial after "SN:".');
  const found = await api.lookupSerial(gtin ? { serial, gtin } : { serial });
  if (!found.ok) return to.refuse(found.error.message);
  if (found.value.length === 0) {
    return to.refuse(
      gtin
        ? `Serial ${serial} of the product with GTIN ${gtin} was not found in stock records.`
        : `Serial ${serial} was not found in stock records.`,
    );
  }
  if (found.value.length > 1) return to.serialsFound(found.value);
  return to.serialFound(found.value[0]!);
}

/**
 * Why a found unit cannot be captured on this invoice, or null when it can. A unit on the saved
 * version of the invoice being edited is ours to capture again, wherever it is: an invoice moved
 * to another location takes its units along when it is saved.
 */
export function serialRefusal(
  match: SerialMatch,
  draft: {
    invoiceId: number | null;
    locationId: number;
    locationName: string;
    lines: readonly DraftLine[];
    /** The ticket the invoice bills: a unit reserved for it can be captured. */
    ticketId?: number | null;
  },
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
  // A unit reserved for a ticket goes only on that ticket's invoice (the store refuses it elsewhere too).
  const forTicket = match.status === 'reserved' && match.ticket !== null;
  if (!ours && forTicket && match.ticket!.id !== (draft.ticketId ?? null))
    return `${match.serial} is reserved for ${match.ticket!.number} (${match.ticket!.customerName}).`;
  if (!ours && match.status !== 'in_stock' && !forTicket)
    return `${match.serial} (${match.productName}) is ${serialStatusPhrase[match.status]}.`;
  if (!ours && match.locationId !== draft.locationId) {
    return `${match.serial} (${match.productName}) is at ${match.locationName}, not ${draft.locationName}.`;
  }
  return null;
}
