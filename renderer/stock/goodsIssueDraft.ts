// The goods issue being edited on its screen: location, reason (Other with its text), notes, and lines of product,
// quantity and the units picked (Capture Serials). Pure: turns a saved issue into a draft and a draft into
// saveGoodsIssue's input, or says what to fix (at which line) before anything is sent.
import type { InputOf } from '../../core/contract.ts';
import type { GoodsIssueReason } from '../../core/enums.ts';
import type { GoodsIssue, Location, Product } from '../../core/model.ts';
import { checkStockLines, lineKeys, productStockLine, savedStockLine, type StockDraftLine } from './stockLines.ts';

export type IssueDraftLine = StockDraftLine;

export interface IssueDraft {
  locationId: number | null;
  reason: GoodsIssueReason;
  reasonText: string;
  notes: string;
  lines: IssueDraftLine[];
  /** Changed since it was loaded or saved. */
  dirty: boolean;
}

const newKey = lineKeys('gi');

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
    lines: gi.lines.map((l) =>
      savedStockLine(
        newKey(),
        l,
        l.units.map((u) => ({ id: u.id, serial: u.serial })),
        locale,
      ),
    ),
  };
}

export function issueLineFor(product: Product): IssueDraftLine {
  return productStockLine(newKey(), product);
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
  const checked = checkStockLines(draft.lines, locale, 'a goods issue takes whole units.');
  if (!checked.ok) return checked;
  return {
    ok: true,
    input: {
      ...(saved ? { id: saved.id, revision: saved.revision } : {}),
      locationId: draft.locationId,
      reason: draft.reason,
      reasonText: draft.reasonText.trim(),
      notes: draft.notes,
      lines: checked.lines,
    },
  };
}
