// The line grid's stock cell: what is on hand at the invoice's location for each stock-keeping product, and whether
// the lines of a product together need more than that (the amber "Only 48 on hand" warning).
import { useEffect, useMemo, useState } from 'react';
import type { Invoice } from '../../core/model.ts';
import { QTY_SCALE } from '../../core/money.ts';
import { useApiQuery } from '../api/ApiProvider.tsx';
import { lineQty, type DraftLine } from './draft.ts';

export interface LineStock {
  /** On hand for this invoice, in thousandths: the location's stock plus what the saved invoice already took there. */
  onHandMilli: number;
  /** The lines of this product together need more than that. */
  short: boolean;
}

/**
 * What the saved invoice itself holds at a location, per product (thousandths): its units (Sold, or Reserved on a
 * draft) and, once it is not a draft, the stock its lines took. An edit gives those back before it takes again, as
 * the store counts it when it refuses an oversell.
 */
export function heldBySaved(saved: Invoice | null, locationId: number): Map<number, number> {
  const held = new Map<number, number>();
  if (!saved || saved.locationId !== locationId || saved.status === 'void') return held;
  for (const line of saved.lines) {
    if (line.productId === null) continue;
    const milli = line.serialized ? line.serials.length * QTY_SCALE : saved.status === 'draft' ? 0 : line.qty;
    held.set(line.productId, (held.get(line.productId) ?? 0) + milli);
  }
  return held;
}

/** The stock of each line's product by line key; lines of products that keep no stock have none. */
export function useLineStock(
  lines: readonly DraftLine[],
  locationId: number,
  saved: Invoice | null,
  locale: string,
): ReadonlyMap<string, LineStock> {
  const idsKey = [...new Set(lines.flatMap((l) => (l.productId === null ? [] : [l.productId])))]
    .sort((a, b) => a - b)
    .join(',');
  // A new product's stock is asked for once the frame with its line is drawn: at a scan, the query (and its answer's
  // render) would otherwise run before that frame and hold it back.
  const [asked, setAsked] = useState(idsKey);
  useEffect(() => {
    if (asked === idsKey) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setAsked(idsKey));
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [idsKey, asked]);
  const productIds = useMemo(() => (asked ? asked.split(',').map(Number) : []), [asked]);
  const query = useApiQuery('stockOnHand', { productIds, locationId }, productIds.length > 0);
  const rows = query.data;
  return useMemo(() => {
    const stock = new Map<string, LineStock>();
    if (!rows) return stock;
    const held = heldBySaved(saved, locationId);
    const onHand = new Map(
      rows
        .filter((r) => r.tracked && r.locationId === locationId)
        .map((r) => [r.productId, r.onHandMilli + (held.get(r.productId) ?? 0)]),
    );
    const needs = new Map<number, number>();
    for (const l of lines) {
      if (l.productId !== null) needs.set(l.productId, (needs.get(l.productId) ?? 0) + (lineQty(l, locale) ?? 0));
    }
    for (const l of lines) {
      const have = l.productId === null ? undefined : onHand.get(l.productId);
      if (have === undefined) continue;
      stock.set(l.key, { onHandMilli: have, short: (needs.get(l.productId!) ?? 0) > have });
    }
    return stock;
  }, [rows, lines, saved, locationId, locale]);
}
