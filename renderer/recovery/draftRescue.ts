// The unsaved draft through a crash: Sell's cart and the invoice being edited live in zustand stores owned by their
// screens (useState), so a crash that unmounts the app, and the Reload after it, would lose them. Each screen
// registers its draft store here; when the recovery boundary catches an error it writes every dirty draft to
// sessionStorage (this window's, kept across a reload, gone when the window closes), and the screen takes it back
// when it next mounts. Only the draft's data is kept (header and lines), never a function or a server copy.
import { useEffect, useRef } from 'react';
import type { StoreApi } from 'zustand/vanilla';
import type { DraftLine, DraftState } from '../invoice/draft.ts';

/** The drafts kept: the counter's sale, and the invoice editor's (new, or a saved invoice being changed). */
export type DraftKind = 'sale' | 'invoice';

const STORAGE_KEY = 'pos-rescued-drafts';

interface RescuedDraft {
  kind: DraftKind;
  /** The saved invoice the draft changes; null for a new one. */
  invoiceId: number | null;
  data: Record<string, unknown>;
}

const live = new Map<DraftKind, StoreApi<DraftState>>();

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage switched off: the draft cannot be kept
  }
}

function readRescued(): RescuedDraft[] {
  try {
    const parsed = JSON.parse(storage()?.getItem(STORAGE_KEY) ?? '[]') as unknown;
    return Array.isArray(parsed) ? (parsed as RescuedDraft[]) : [];
  } catch {
    return [];
  }
}

function writeRescued(drafts: RescuedDraft[]): void {
  const s = storage();
  if (!s) return;
  if (drafts.length === 0) s.removeItem(STORAGE_KEY);
  else s.setItem(STORAGE_KEY, JSON.stringify(drafts));
}

/** The draft's data without its functions (what JSON can carry). */
function dataOf(state: DraftState): Record<string, unknown> {
  return Object.fromEntries(Object.entries(state).filter(([, v]) => typeof v !== 'function'));
}

/**
 * Writes every registered draft with unsaved changes to sessionStorage. Called by the recovery boundary as soon as
 * it learns of an error, before React unmounts the screens; returns how many drafts were kept.
 */
export function rescueDrafts(): number {
  const kept: RescuedDraft[] = [];
  for (const [kind, store] of live) {
    const state = store.getState();
    if (!state.dirty) continue;
    kept.push({ kind, invoiceId: state.invoiceId, data: dataOf(state) });
  }
  if (kept.length > 0) {
    const others = readRescued().filter((r) => !kept.some((k) => k.kind === r.kind));
    writeRescued([...others, ...kept]);
  }
  return kept.length;
}

/** The kept invoice draft's screen, for the app to open after the reload (the app starts on Sell). */
export function rescuedInvoice(): { invoiceId: number | null } | null {
  const invoice = readRescued().find((r) => r.kind === 'invoice');
  return invoice ? { invoiceId: invoice.invoiceId } : null;
}

/** Takes the kept draft of this kind (and this invoice) out of storage. */
function takeRescued(kind: DraftKind, invoiceId: number | null): Record<string, unknown> | null {
  const all = readRescued();
  const found = all.find((r) => r.kind === kind && r.invoiceId === invoiceId);
  if (!found) return null;
  writeRescued(all.filter((r) => r !== found));
  return found.data;
}

/**
 * A screen's draft store: registered while the screen shows (so a crash keeps it), and filled from a kept draft of
 * the same kind and invoice when there is one (marked unsaved, so leaving still asks first); `onRestored` then runs.
 */
export function useDraftRescue(
  kind: DraftKind,
  store: StoreApi<DraftState>,
  invoiceId: number | null,
  onRestored?: () => void,
): void {
  const restored = useRef(onRestored);
  restored.current = onRestored;
  useEffect(() => {
    const data = takeRescued(kind, invoiceId);
    if (data) {
      // Fresh line keys: the editor numbers new lines from 1 again after a reload.
      const lines = ((data.lines ?? []) as DraftLine[]).map((line, i) => ({ ...line, key: `rescued-${i + 1}` }));
      store.setState({ ...(data as Partial<DraftState>), lines, dirty: true });
      restored.current?.();
    }
    live.set(kind, store);
    return () => {
      if (live.get(kind) === store) live.delete(kind);
    };
  }, [kind, store, invoiceId]);
}
