// What a code typed or scanned into an item search names, for the invoice, the counter and purchase orders alike:
// the product with that barcode or SKU, else (a name) the one product matching it, or the several to pick from.
import type { PosApi } from '../../core/contract.ts';
import type { Product } from '../../core/model.ts';

/** As many matches as the item search lists. */
export const MATCH_LIMIT = 8;

export type CodeLookup =
  | { kind: 'product'; product: Product }
  | { kind: 'several'; matches: Product[] }
  | { kind: 'none' }
  | { kind: 'error'; message: string };

/** Exact barcode or SKU first; with `byName`, a text no code matches is searched by name, SKU or barcode. */
export async function lookupProductCode(api: PosApi, code: string, byName = true): Promise<CodeLookup> {
  const found = await api.findProductByCode({ code });
  if (!found.ok) return { kind: 'error', message: found.error.message };
  if (found.value) return { kind: 'product', product: found.value };
  if (!byName) return { kind: 'none' };
  const search = await api.searchProducts({ query: code, limit: MATCH_LIMIT });
  if (!search.ok) return { kind: 'error', message: search.error.message };
  const [only, ...more] = search.value;
  if (!only) return { kind: 'none' };
  return more.length === 0 ? { kind: 'product', product: only } : { kind: 'several', matches: search.value };
}
