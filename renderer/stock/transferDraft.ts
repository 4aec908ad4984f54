// The transfer being edited on the Transfers screen: header (from, to, notes) and lines of product, quantity and the
// units picked (Capture Serials). Pure: turns a saved transfer into a draft and a draft into saveTransfer's input, or
// says what is wrong at which line before anything is sent.
import type { InputOf } from '../../core/contract.ts';
import type { Location, Product, Transfer } from '../../core/model.ts';
import { checkStockLines, lineKeys, productStockLine, savedStockLine, type StockDraftLine } from './stockLines.ts';

export type TransferDraftLine = StockDraftLine;

export interface TransferDraft {
  fromLocationId: number | null;
  toLocationId: number | null;
  notes: string;
  lines: TransferDraftLine[];
  /** Changed since it was loaded or saved. */
  dirty: boolean;
}

const newKey = lineKeys('t');

export const emptyDraft: TransferDraft = {
  fromLocationId: null,
  toLocationId: null,
  notes: '',
  lines: [],
  dirty: false,
};

/** A new transfer starts from the shop's default location to the first other one. */
export function withDefaults(draft: TransferDraft, locations: readonly Location[] | undefined): TransferDraft {
  if (!locations || draft.fromLocationId !== null) return draft;
  const from = locations.find((l) => l.isDefault) ?? locations[0];
  const to = locations.find((l) => l.id !== from?.id);
  return { ...draft, fromLocationId: from?.id ?? null, toLocationId: to?.id ?? null };
}

export function draftFromTransfer(t: Transfer, locale: string): TransferDraft {
  return {
    fromLocationId: t.fromLocationId,
    toLocationId: t.toLocationId,
    notes: t.notes,
    dirty: false,
    lines: t.lines.map((l) =>
      savedStockLine(
        newKey(),
        l,
        l.units.map((u) => ({ id: u.serialId, serial: u.serial })),
        locale,
      ),
    ),
  };
}

export function lineFor(product: Product): TransferDraftLine {
  return productStockLine(newKey(), product);
}

/**
 * The one-step choice's default: moving between two store locations (one building) is sent and received at once;
 * a transfer from or to a warehouse goes In transit until it is received there.
 */
export function oneStepByDefault(
  draft: Pick<TransferDraft, 'fromLocationId' | 'toLocationId'>,
  locations: readonly Location[] | undefined,
): boolean {
  const kind = (id: number | null) => locations?.find((l) => l.id === id)?.kind;
  return kind(draft.fromLocationId) !== 'warehouse' && kind(draft.toLocationId) !== 'warehouse';
}

export type Checked =
  { ok: true; input: InputOf<'saveTransfer'> } | { ok: false; message: string; lineKey: string | null };

/** The draft as saveTransfer's input, or the first thing to fix (at its line when it is a line's). */
export function checkDraft(
  draft: TransferDraft,
  saved: { id: number; revision: number } | null,
  locale: string,
): Checked {
  if (draft.fromLocationId === null || draft.toLocationId === null)
    return { ok: false, message: 'Choose where the transfer goes from and to.', lineKey: null };
  if (draft.fromLocationId === draft.toLocationId)
    return { ok: false, message: 'A transfer goes from one location to another: choose two.', lineKey: null };
  const checked = checkStockLines(draft.lines, locale);
  if (!checked.ok) return checked;
  return {
    ok: true,
    input: {
      ...(saved ? { id: saved.id, revision: saved.revision } : {}),
      fromLocationId: draft.fromLocationId,
      toLocationId: draft.toLocationId,
      notes: draft.notes,
      lines: checked.lines,
    },
  };
}
