// The receipt being entered at the receiving console: the draft in a zustand store, the rules as
// pure functions (as the invoice editor does in renderer/invoice/draft.ts). The console shows the
// draft and calls these; turning typed, pasted or scanned text into serials is serialEntry.ts.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { InputOf } from '../../core/contract.ts';
import type { PurchaseOrder, PurchaseOrderLine } from '../../core/model.ts';
import { classify } from '../../core/scan/classify.ts';
import { normalizeSerial } from '../../core/serial.ts';
import { serialFromLabel, unitKey } from './serialEntry.ts';

export interface Entry {
  key: number;
  serial: string;
}

/** Units of a line still to receive. */
export const openQty = (l: PurchaseOrderLine): number => l.qtyOrdered - l.qtyReceived;

/** The console's React key: a new receipt or other lines start a new draft. */
export const receiptDraftKey = (po: PurchaseOrder): string =>
  `${po.id}-${po.receipts.length}-${po.lines.map((l) => `${l.id}:${l.qtyReceived}`).join(',')}`;

export interface ReceiptDraft {
  /** The order's lines with units still to receive, and those of them that take serials. */
  open: readonly PurchaseOrderLine[];
  serialLines: readonly PurchaseOrderLine[];
  /** Serials entered per serialized line, and the typed count per counted line (by PO line id). */
  entries: Record<number, Entry[]>;
  counts: Record<number, string>;
  /** The line scans land on. */
  current: number | null;
  /** Units the store already has (unitKey of the answers of checkSerials). */
  known: ReadonlySet<string>;
  /** What the store said about serials when it refused the last Receive, by product and serial key. */
  refused: Record<string, string>;
}

export function newReceiptDraft(po: Pick<PurchaseOrder, 'lines'>): ReceiptDraft {
  const open = po.lines.filter((l) => openQty(l) > 0);
  const serialLines = open.filter((l) => l.serialized);
  return {
    open,
    serialLines,
    entries: {},
    counts: {},
    current: serialLines[0]?.id ?? null,
    known: new Set(),
    refused: {},
  };
}

/**
 * Why each entry cannot be received (entry key → message): entered twice in this receipt, already
 * held by the product, or refused by the store. Entries are units by unitKey (serialEntry.ts), as
 * the store compares serials: case, dash styles and invisible characters do not count.
 */
export function findProblems(
  d: Pick<ReceiptDraft, 'serialLines' | 'entries' | 'known' | 'refused'>,
): Map<number, string> {
  const out = new Map<number, string>();
  const seen = new Set<string>();
  for (const line of d.serialLines) {
    for (const e of d.entries[line.id] ?? []) {
      const k = unitKey(line.productId, e.serial);
      if (seen.has(k)) out.set(e.key, 'entered twice in this receipt');
      else if (d.known.has(k)) out.set(e.key, `${line.productName} already has this serial`);
      else if (d.refused[k]) out.set(e.key, d.refused[k]);
      seen.add(k);
    }
  }
  return out;
}

let nextKey = 1;

export type AddOutcome =
  | { ok: true; line: PurchaseOrderLine; serials: string[]; entries: Record<number, Entry[]>; current: number | null }
  | { ok: false; message: string };

/**
 * Serials onto a line (the current one unless given), all or none: refused when there is no line,
 * a serial is empty, or they do not fit. A line that becomes full hands the next scans to the next
 * serialized line with room.
 */
export function planAdd(d: ReceiptDraft, serials: readonly string[], target: number | null = d.current): AddOutcome {
  const line = target === null ? undefined : d.open.find((l) => l.id === target);
  if (!line) return { ok: false, message: 'No line is open for serials on this order.' };
  const clean = serials.map(normalizeSerial);
  if (clean.some((s) => !s)) return { ok: false, message: 'An empty serial was not added.' };
  const have = d.entries[line.id]?.length ?? 0;
  const room = openQty(line) - have;
  if (clean.length > room) {
    return {
      ok: false,
      message:
        room === 0
          ? `${line.productName} is full: ${have} of ${openQty(line)} serials entered.`
          : `${clean.length} serials do not fit on ${line.productName}: ${room} of ${openQty(line)} places are left. Nothing was added.`,
    };
  }
  const entries = {
    ...d.entries,
    [line.id]: [...(d.entries[line.id] ?? []), ...clean.map((serial) => ({ key: nextKey++, serial }))],
  };
  let current = target;
  if (clean.length === room) {
    const next = d.serialLines.find((l) => l.id !== line.id && (d.entries[l.id]?.length ?? 0) < openQty(l));
    if (next) current = next.id;
  }
  return { ok: true, line, serials: clean, entries, current };
}

/**
 * The line a scanned or typed label goes to: a GS1 code with a GTIN picks the line of that product, else the current
 * one.
 */
export function lineForLabel(d: Pick<ReceiptDraft, 'serialLines' | 'current'>, text: string): number | null {
  const c = classify(text);
  if (c.kind === 'gs1' && c.gtin) {
    const gtin = c.gtin.replace(/^0+/, '');
    const match = d.serialLines.find((l) => l.barcode && l.barcode.replace(/^0+/, '') === gtin);
    if (match) return match.id;
  }
  return d.current;
}

export type ReceiveRequest = InputOf<'receivePurchaseOrder'>;

/** The Receive request for the draft, or why nothing can be received yet. */
export function receiptRequest(
  d: ReceiptDraft,
  orderId: number,
  parseQty: (text: string) => number | null,
): { ok: true; input: ReceiveRequest; units: number } | { ok: false; message: string } {
  const lines: ReceiveRequest['lines'] = [];
  for (const l of d.open) {
    if (l.serialized) {
      const list = d.entries[l.id] ?? [];
      if (list.length > 0)
        lines.push({ lineId: l.id, qty: list.length, serials: list.map((e) => ({ serial: e.serial })) });
      continue;
    }
    const text = (d.counts[l.id] ?? '').trim();
    const qty = text === '' ? 0 : parseQty(text);
    if (qty === null) return { ok: false, message: `Enter a whole number to receive for ${l.productName}.` };
    if (qty > 0) lines.push({ lineId: l.id, qty });
  }
  const problems = findProblems(d).size;
  if (problems > 0) {
    return {
      ok: false,
      message: `Nothing was received: ${problems} serial${problems === 1 ? ' has a problem' : 's have problems'}. Remove or fix ${problems === 1 ? 'it' : 'them'} first.`,
    };
  }
  if (lines.length === 0) return { ok: false, message: 'Scan serials or enter quantities to receive first.' };
  return { ok: true, input: { id: orderId, lines }, units: lines.reduce((n, l) => n + l.qty, 0) };
}

/** The store's refusal of a Receive, per serial: its details name the request line (1-based) and the serial. */
export function refusedSerials(
  d: Pick<ReceiptDraft, 'open'>,
  request: ReceiveRequest,
  details: unknown,
): Record<string, string> {
  const problems =
    (details as { problems?: Array<{ serial: string; line: number; message: string }> } | undefined)?.problems ?? [];
  const byKey: Record<string, string> = {};
  for (const p of problems) {
    const lineId = request.lines[p.line - 1]?.lineId;
    const poLine = d.open.find((l) => l.id === lineId);
    if (poLine) byKey[unitKey(poLine.productId, p.serial)] = p.message;
  }
  return byKey;
}

export interface ReceiptDraftState extends ReceiptDraft {
  setCurrent(lineId: number): void;
  /** Adds serials (see planAdd); returns the refusal, or the line and serials added. */
  add(serials: readonly string[], target?: number | null): AddOutcome;
  /** A scanned or typed label: its serial onto the line lineForLabel picks (that line becomes current). */
  addLabel(text: string): AddOutcome;
  remove(lineId: number, key: number): void;
  setCount(lineId: number, text: string): void;
  /** Serials of a product the store already has. */
  learnExisting(productId: number, serials: readonly string[]): void;
  setRefused(refused: Record<string, string>): void;
  clear(): void;
}

export type ReceiptDraftStore = StoreApi<ReceiptDraftState>;

export function createReceiptDraftStore(po: Pick<PurchaseOrder, 'lines'>): ReceiptDraftStore {
  return createStore<ReceiptDraftState>()((set, get) => ({
    ...newReceiptDraft(po),
    setCurrent: (lineId) => set({ current: lineId }),
    add: (serials, target) => {
      const outcome = planAdd(get(), serials, target === undefined ? get().current : target);
      if (outcome.ok) set({ entries: outcome.entries, current: outcome.current });
      return outcome;
    },
    addLabel: (text) => {
      const target = lineForLabel(get(), text);
      if (target !== null) set({ current: target });
      return get().add([serialFromLabel(text)], target);
    },
    remove: (lineId, key) =>
      set({ entries: { ...get().entries, [lineId]: (get().entries[lineId] ?? []).filter((e) => e.key !== key) } }),
    setCount: (lineId, text) => set({ counts: { ...get().counts, [lineId]: text } }),
    learnExisting: (productId, serials) => {
      if (serials.length > 0) set({ known: new Set([...get().known, ...serials.map((s) => unitKey(productId, s))]) });
    },
    setRefused: (refused) => set({ refused }),
    clear: () => set({ entries: {}, counts: {}, refused: {} }),
  }));
}
