// What a barcode label says about each unit: its serial, its product's name and price, and the product's GTIN (a
// barcode whose check digit adds up, as GTIN-14) for a GS1 DataMatrix. Read-only and dialect-free; the label sheet is
// laid out in main (electron/documents/labels.ts). Units are named by id (the Serial Numbers list, a transfer) or as
// the units a goods receipt brought in.
import { AppError } from '../../core/errors.ts';
import { gtinCheckDigitValid } from '../../core/gtin.ts';
import type { LabelUnit } from '../../core/model.ts';
import { moneyFormat, type MoneyFormat } from '../../core/money.ts';
import { chunks, type ReadCtx } from './context.ts';
import { getShopSettings } from './settings.ts';

/** The most labels one call lays out (a sheet run of about 21 A4 pages). */
export const MAX_LABELS = 500;

/** The product's barcode as a GTIN-14 when it is a GTIN (8, 12, 13 or 14 digits, check digit right); else null. */
export function productGtin(barcode: string | null): string | null {
  const code = barcode?.trim() ?? '';
  return gtinCheckDigitValid(code) ? code.padStart(14, '0') : null;
}

/** The units, in the order asked (each once); an id that names no unit is refused, by its number. */
export async function labelUnits(ctx: ReadCtx, serialIds: readonly number[]): Promise<LabelUnit[]> {
  const ids = [...new Set(serialIds)];
  if (ids.length === 0) throw new AppError('invalid_input', 'Choose at least one unit to print labels for.');
  if (ids.length > MAX_LABELS)
    throw new AppError('invalid_input', `At most ${MAX_LABELS} labels at a time: ${ids.length} units were chosen.`);
  const found = new Map<number, LabelUnit>();
  for (const part of chunks(ids, 500))
    for (const r of await ctx.db
      .selectFrom('serials as s')
      .innerJoin('products as p', 'p.id', 's.product_id')
      .select(['s.id', 's.serial', 'p.id as productId', 'p.sku', 'p.name', 'p.barcode', 'p.price_minor'])
      .where('s.id', 'in', part)
      .execute())
      found.set(r.id, {
        serialId: r.id,
        serial: r.serial,
        productId: r.productId,
        sku: r.sku,
        productName: r.name,
        gtin: productGtin(r.barcode),
        priceMinor: r.price_minor,
      });
  const unknown = ids.filter((id) => !found.has(id));
  if (unknown.length > 0)
    throw new AppError(
      'not_found',
      `No unit with id ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ` (and ${unknown.length - 5} more)` : ''}: no label was made.`,
      { serialIds: unknown },
    );
  return ids.map((id) => found.get(id)!);
}

/** The units a goods receipt brought in (its "received" events), in the order they were received. */
export async function receiptLabelUnits(ctx: ReadCtx, receiptId: number): Promise<LabelUnit[]> {
  const receipt = await ctx.db
    .selectFrom('goods_receipts')
    .select(['id', 'number'])
    .where('id', '=', receiptId)
    .executeTakeFirst();
  if (!receipt) throw new AppError('not_found', `No goods receipt with id ${receiptId}.`);
  const rows = await ctx.db
    .selectFrom('serial_events')
    .select(['id', 'serial_id'])
    .where('receipt_id', '=', receiptId)
    .where('kind', '=', 'received')
    .orderBy('id')
    .execute();
  if (rows.length === 0) throw new AppError('invalid_input', `${receipt.number} brought in no units with serials.`);
  return labelUnits(
    ctx,
    rows.map((r) => r.serial_id),
  );
}

/** The shop's money format, for the price on a label. */
export async function labelMoneyFormat(ctx: ReadCtx): Promise<MoneyFormat> {
  const shop = await getShopSettings(ctx);
  return moneyFormat(shop.currency, shop.locale);
}
