// The counter's rules on a sale, checked before an invoice is written: discounts above the shop's limit and prices
// below cost need a manager; selling more than is on hand is refused unless Settings → Counter allows it.
import type { Selectable } from 'kysely';
import { AppError } from '../../core/errors.ts';
import {
  discountShareBp,
  formatMoney,
  formatPercent,
  formatQtyMilli,
  moneyFormat,
  type Discount,
  type Minor,
  type Totals,
} from '../../core/money.ts';
import type { ProductsTable } from '../schema.ts';
import type { ReadCtx } from './context.ts';
import { getCounterSettings } from './counterSettings.ts';
import { shopCurrency, shopLocale } from './settings.ts';
import { requireManager } from './staff.ts';
import type { StockMove } from './stock.ts';

export interface DiscountedLine {
  productId: number | null;
  description: string;
  qty: number;
  unitPriceMinor: Minor;
  discount?: (Discount & { reason?: string }) | null;
}

/** Who approved what: per line (by index) and for the sale discount; null where no approval was needed. */
export interface Approvals {
  lines: Array<string | null>;
  sale: string | null;
}

/**
 * Checks each new or changed discount and price: an amount discount above what it comes off is refused; a discount
 * above the limit (Settings → Counter) or a price after discount below the product's last cost needs a manager.
 * `unchanged.line(i)` names the manager who approved line i as it still is (else undefined: checked again);
 * `unchanged.sale` the same for the sale discount. One manager PIN covers the whole save.
 */
export async function checkSaleRules(
  ctx: ReadCtx,
  lines: readonly DiscountedLine[],
  saleDiscount: Discount | null | undefined,
  totals: Totals,
  approvalPin: string | undefined,
  unchanged: { line: (index: number) => string | undefined; sale: string | undefined },
): Promise<Approvals> {
  const settings = await getCounterSettings(ctx);
  const locale = await shopLocale(ctx);
  const money = moneyFormat(await shopCurrency(ctx), locale);
  const m = (minor: Minor) => formatMoney(minor, money, { symbol: true });
  const limit = formatPercent(settings.discountLimitBp, locale);

  const needs: string[] = [];
  const flagged: number[] = [];
  lines.forEach((line, i) => {
    const { grossMinor, discountMinor } = totals.lines[i]!;
    const d = line.discount;
    if (d?.kind === 'amount' && d.value > grossMinor) {
      throw new AppError(
        'invalid_input',
        `Line ${i + 1} (${line.description}): a discount of ${m(d.value)} is more than the line's ${m(grossMinor)}.`,
        { line: i + 1 },
      );
    }
    if (unchanged.line(i) !== undefined) return;
    if (d && discountMinor > 0 && shareBp(d, grossMinor, discountMinor) > settings.discountLimitBp) {
      needs.push(`a discount above ${limit}% on ${line.description}`);
      flagged.push(i);
    }
  });
  if (saleDiscount?.kind === 'amount' && saleDiscount.value > totals.subtotalMinor) {
    throw new AppError(
      'invalid_input',
      `A sale discount of ${m(saleDiscount.value)} is more than the subtotal of ${m(totals.subtotalMinor)}.`,
    );
  }
  let saleFlagged = false;
  if (
    unchanged.sale === undefined &&
    totals.discountMinor > 0 &&
    shareBp(saleDiscount!, totals.subtotalMinor, totals.discountMinor) > settings.discountLimitBp
  ) {
    needs.push(`a sale discount above ${limit}%`);
    saleFlagged = true;
  }
  const costs = await lastCosts(
    ctx,
    lines.flatMap((l, i) => (l.productId !== null && unchanged.line(i) === undefined ? [l.productId] : [])),
  );
  lines.forEach((line, i) => {
    if (line.productId === null || unchanged.line(i) !== undefined) return;
    const cost = costs.get(line.productId);
    const { netMinor } = totals.lines[i]!;
    // Per unit after the line discount, compared exactly: net / qty < cost ⇔ net × 1000 < cost × qty.
    if (cost !== undefined && cost > 0 && netMinor * 1000 < cost * line.qty) {
      needs.push(`a price below cost (${m(cost)}) on ${line.description}`);
      if (!flagged.includes(i)) flagged.push(i);
    }
  });
  if (needs.length === 0)
    return { lines: lines.map((_, i) => unchanged.line(i) ?? null), sale: unchanged.sale ?? null };
  const approver = await requireManager(ctx, approvalPin, needs.join('; '));
  return {
    lines: lines.map((_, i) => (flagged.includes(i) ? approver : (unchanged.line(i) ?? null))),
    sale: saleFlagged ? approver : (unchanged.sale ?? null),
  };
}

/** How big a discount is: a percent by its rate (10 % though rounding took 4.00 off 39.98), an amount by its share. */
const shareBp = (d: Discount, amountMinor: Minor, offMinor: Minor) =>
  d.kind === 'percent' ? d.value : discountShareBp(amountMinor, offMinor);

/** Each product's cost: the unit cost of its most recent goods receipt with a cost. */
async function lastCosts(ctx: ReadCtx, productIds: readonly number[]): Promise<Map<number, Minor>> {
  if (productIds.length === 0) return new Map();
  // The newest line with a cost of each product (goods_receipt_lines_by_product answers it without reading the rest).
  const latest = ctx.db
    .selectFrom('goods_receipt_lines')
    .select((eb) => eb.fn.max('id').as('id'))
    .where('product_id', 'in', [...new Set(productIds)])
    .where('unit_cost_minor', '>', 0)
    .groupBy('product_id');
  const rows = await ctx.db
    .selectFrom('goods_receipt_lines')
    .select(['product_id', 'unit_cost_minor'])
    .where('id', 'in', latest)
    .execute();
  return new Map(rows.map((r) => [Number(r.product_id), Number(r.unit_cost_minor)]));
}

/**
 * Refuses a save that would take more stock than is on hand (products that keep stock levels), unless Settings →
 * Counter allows negative stock: "Not enough stock: USB-C Cable has 48 on hand at Main Store; this sale needs 999."
 */
export async function refuseOversell(
  ctx: ReadCtx,
  moves: readonly StockMove[],
  products: ReadonlyMap<number, Pick<Selectable<ProductsTable>, 'name' | 'maintain_stock'>>,
  locationName: (id: number) => string,
): Promise<void> {
  const net = new Map<string, StockMove>();
  for (const mv of moves) {
    const key = `${mv.productId}:${mv.locationId}`;
    const sum = net.get(key);
    if (sum) sum.delta += mv.delta;
    else net.set(key, { ...mv });
  }
  // Only products that keep stock (Maintain stock on): a service's sales are counted but never short.
  const taking = [...net.values()].filter((mv) => mv.delta < 0 && products.get(mv.productId)?.maintain_stock === 1);
  if (taking.length === 0) return;
  if ((await getCounterSettings(ctx)).allowNegativeStock) return;
  const locale = await shopLocale(ctx);
  const short: string[] = [];
  for (const mv of taking) {
    const row = await ctx.db
      .selectFrom('stock_levels')
      .select('on_hand')
      .where('product_id', '=', mv.productId)
      .where('location_id', '=', mv.locationId)
      .executeTakeFirst();
    const onHand = row?.on_hand ?? 0;
    if (onHand + mv.delta >= 0) continue;
    const name = products.get(mv.productId)?.name ?? `product ${mv.productId}`;
    short.push(
      `${name} has ${formatQtyMilli(onHand, locale)} on hand at ${locationName(mv.locationId)}; ` +
        `this sale needs ${formatQtyMilli(-mv.delta, locale)}`,
    );
  }
  if (short.length > 0) {
    throw new AppError('conflict', `Not enough stock: ${short.join('; ')}. Nothing was saved.`, { short });
  }
}
