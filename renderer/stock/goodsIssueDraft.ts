// The goods issue being edited on its screen: location, reason (Other with its text), notes, and lines of product,
// quantity and the units picked (Capture Serials). Pure: turns a saved issue into a draft and a draft into
// saveGoodsIssue's input, or says what to fix (at which line) before anything is sent.
import type { InputOf } from '../../core/contract.ts';
import type { GoodsIssueReason } from '../../core/enums.ts';
import type { GoodsIssue, Location, Product } from '../../core/model.ts';
import { formatQtyMilli, QTY_SCALE } from '../../core/money.ts';
import { lineQty, qtyProblem, type DraftSerial } from '../invoice/draft.ts';

export interface IssueDraftLine {
  key: string;
  productId: number;
  /** The product's name (what Capture Serials calls the line). */
  label: string;
  sku: string;
  serialized: boolean;
  qtyText: string;
  serials: DraftSerial[];
}

export interface IssueDraft {
  locationId: number | null;
  reason: GoodsIssueReason;
  reasonText: string;
  notes: string;
  lines: IssueDraftLine[];
  /** Changed since it was loaded or saved. */
  dirty: boolean;
}

let nextKey = 0;
const newKey = () => `gi${++nextKey}`;

export const emptyIssue: IssueDraft = {
  locationId: null,
  reason: 'internal_use',
  reasonText: '',
  notes: '',
  lines: [],
  dirty: false,
};

/** A new issue starts at the shop's default location. */
export function withDefaultLocation(draft: IssueDraft, locations: readonly Location[] | undefined): IssueDraft {
  if (!locations || draft.locationId !== null) return draft;
  return { ...draft, locationId: (locations.find((l) => l.isDefault) ?? locations[0])?.id ?? null };
}

export function draftFromIssue(gi: GoodsIssue, locale: string): IssueDraft {
  return {
    locationId: gi.locationId,
    reason: gi.reason,
    reasonText: gi.reasonText,
    notes: gi.notes,
    dirty: false,
    lines: gi.lines.map((l) => ({
      key: newKey(),
      productId: l.productId,
      label: l.productName,
      sku: l.sku,
      serialized: l.serialized,
      qtyText: formatQtyMilli(l.qty, locale),
      serials: l.units.map((u) => ({ id: u.id, serial: u.serial })),
    })),
  };
}

export function issueLineFor(product: Product): IssueDraftLine {
  return {
    key: newKey(),
    productId: product.id,
    label: product.name,
    sku: product.sku,
    serialized: product.serialized,
    qtyText: '1',
    serials: [],
  };
}

export type CheckedIssue =
  | { ok: true; input: InputOf<'saveGoodsIssue'> }
  | { ok: false; message: string; lineKey: string | null; field?: 'reasonText' };

/** The draft as saveGoodsIssue's input, or the first thing to fix (at its line or field). */
export function checkIssue(
  draft: IssueDraft,
  saved: { id: number; revision: number } | null,
  locale: string,
): CheckedIssue {
  if (draft.locationId === null) return { ok: false, message: 'Choose the location the stock leaves.', lineKey: null };
  if (draft.reason === 'other' && !draft.reasonText.trim())
    return {
      ok: false,
      message: 'Say why the stock leaves: Other needs a reason.',
      lineKey: null,
      field: 'reasonText',
    };
  if (draft.lines.length === 0)
    return { ok: false, message: 'Add at least one product with the search below.', lineKey: null };
  const lines: InputOf<'saveGoodsIssue'>['lines'] = [];
  for (const line of draft.lines) {
    const qty = lineQty(line, locale);
    if (qty === null) return { ok: false, message: `${line.label}: ${qtyProblem(line, locale)}`, lineKey: line.key };
    if (qty % QTY_SCALE !== 0)
      return { ok: false, message: `${line.label}: a goods issue takes whole units.`, lineKey: line.key };
    const want = qty / QTY_SCALE;
    if (line.serialized && line.serials.length !== want)
      return {
        ok: false,
        message: `${line.label}: pick ${want} serial${want === 1 ? '' : 's'} with SN (${line.serials.length} picked).`,
        lineKey: line.key,
      };
    lines.push({ productId: line.productId, qty, serialIds: line.serials.map((s) => s.id) });
  }
  return {
    ok: true,
    input: {
      ...(saved ? { id: saved.id, revision: saved.revision } : {}),
      locationId: draft.locationId,
      reason: draft.reason,
      reasonText: draft.reasonText.trim(),
      notes: draft.notes,
      lines,
    },
  };
}
