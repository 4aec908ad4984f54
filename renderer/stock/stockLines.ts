// The lines a stock document's draft carries (a transfer, a goods issue): product, quantity as typed, and the units
// picked in Capture Serials. Pure and shared, so both editors read, check and send their lines the same way.
import type { Product } from '../../core/model.ts';
import { formatQtyMilli, QTY_SCALE } from '../../core/money.ts';
import { lineQty, qtyProblem, type DraftSerial } from '../invoice/draft.ts';

export interface StockDraftLine {
  key: string;
  productId: number;
  /** The product's name (what Capture Serials calls the line). */
  label: string;
  sku: string;
  serialized: boolean;
  qtyText: string;
  serials: DraftSerial[];
}

/** A maker of line keys with the document's own prefix (keys only tell lines apart on screen). */
export function lineKeys(prefix: string): () => string {
  let next = 0;
  return () => `${prefix}${++next}`;
}

/** A saved line, with its units, back into a draft line. */
export function savedStockLine(
  key: string,
  saved: { productId: number; productName: string; sku: string; serialized: boolean; qty: number },
  serials: DraftSerial[],
  locale: string,
): StockDraftLine {
  return {
    key,
    productId: saved.productId,
    label: saved.productName,
    sku: saved.sku,
    serialized: saved.serialized,
    qtyText: formatQtyMilli(saved.qty, locale),
    serials,
  };
}

/** A new line of one product: one of it, its units still to pick. */
export function productStockLine(key: string, product: Product): StockDraftLine {
  return {
    key,
    productId: product.id,
    label: product.name,
    sku: product.sku,
    serialized: product.serialized,
    qtyText: '1',
    serials: [],
  };
}

export interface StockLineInput {
  productId: number;
  qty: number;
  serialIds: number[];
}

export type CheckedLines =
  { ok: true; lines: StockLineInput[] } | { ok: false; message: string; lineKey: string | null };

/**
 * The lines as a save's input, or the first thing to fix (at its line). `wholeUnits` (what to say) refuses a
 * fraction of a product without serials, for documents that move whole units only.
 */
export function checkStockLines(lines: readonly StockDraftLine[], locale: string, wholeUnits?: string): CheckedLines {
  if (lines.length === 0)
    return { ok: false, message: 'Add at least one product with the search below.', lineKey: null };
  const input: StockLineInput[] = [];
  for (const line of lines) {
    const qty = lineQty(line, locale);
    if (qty === null) return { ok: false, message: `${line.label}: ${qtyProblem(line, locale)}`, lineKey: line.key };
    if (wholeUnits !== undefined && qty % QTY_SCALE !== 0)
      return { ok: false, message: `${line.label}: ${wholeUnits}`, lineKey: line.key };
    const want = qty / QTY_SCALE;
    if (line.serialized && line.serials.length !== want)
      return {
        ok: false,
        message: `${line.label}: pick ${want} serial${want === 1 ? '' : 's'} with SN (${line.serials.length} picked).`,
        lineKey: line.key,
      };
    input.push({ productId: line.productId, qty, serialIds: line.serials.map((s) => s.id) });
  }
  return { ok: true, lines: input };
}
