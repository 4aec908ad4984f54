// The sale at the counter (UI state): the lines and customer in the invoice editor's draft store (renderer/invoice/
// draft.ts), plus the counter's own parts: line and sale discounts with their reasons. Pure functions turn it into
// totals, into the problems that stop a payment, and into the contract's sale input.
import type { InputOf } from '../../core/contract.ts';
import type { DiscountKind } from '../../core/enums.ts';
import type { Invoice, TaxRate } from '../../core/model.ts';
import { formatMoney, formatPercent, invoiceTotals, type MoneyFormat, type Totals } from '../../core/money.ts';
import {
  lineName,
  lineQty,
  linePrice,
  lineRate,
  linesFromInvoice,
  linesMissingSerials,
  type DraftLine,
  type DraftState,
} from '../invoice/draft.ts';

/** A discount as the counter keeps it: percent (value in bp) or amount (minor units), and why. */
export interface SaleDiscount {
  kind: DiscountKind;
  value: number;
  reason: string;
}

export interface SaleDiscounts {
  /** Line discounts by line key. */
  lines: Readonly<Record<string, SaleDiscount>>;
  sale: SaleDiscount | null;
}

export const NO_DISCOUNTS: SaleDiscounts = { lines: {}, sale: null };

export type SaleInput = InputOf<'completeSale'>['sale'];

/** The sale's totals, discounts included (tax after discount, as the store computes it). */
export function saleTotals(
  lines: readonly DraftLine[],
  discounts: SaleDiscounts,
  money: MoneyFormat,
  rates: readonly TaxRate[] | undefined,
  fallbackBp: number,
): Totals {
  return invoiceTotals(
    lines.map((l) => {
      const rate = lineRate(l, rates, fallbackBp);
      return {
        qty: lineQty(l, money.locale) ?? 0,
        unitPriceMinor: linePrice(l, money) ?? 0,
        taxable: l.taxable,
        taxRateBp: rate.bp,
        discount: discounts.lines[l.key] ?? null,
        ...(rate.name ? { taxRateName: rate.name } : {}),
      };
    }),
    discounts.sale,
  );
}

/** "10%" or "$5.00": a discount as the screen writes it. */
export function discountText(d: Pick<SaleDiscount, 'kind' | 'value'>, money: MoneyFormat): string {
  return d.kind === 'percent'
    ? `${formatPercent(d.value, money.locale)}%`
    : formatMoney(d.value, money, { symbol: true });
}

/** Why the sale cannot be paid or held yet, or null: no items, a field that is not a number, serials to capture. */
export function saleProblem(lines: readonly DraftLine[], money: MoneyFormat): string | null {
  const locale = money.locale;
  if (lines.length === 0) return 'Scan an item first: the sale is empty.';
  const unnamed = lines.filter((l) => l.productId === null && !l.description.trim());
  const badQty = lines.filter((l) => lineQty(l, locale) === null);
  const badPrice = lines.filter((l) => linePrice(l, money) === null);
  if (unnamed.length > 0 || badQty.length > 0 || badPrice.length > 0) {
    return `Fix ${[
      ...unnamed.map((l) => `the name of ${l.label}`),
      ...badQty.map((l) => `the quantity of ${lineName(l)}`),
      ...badPrice.map((l) => `the unit price of ${lineName(l)}`),
    ].join(', ')}.`;
  }
  const missing = linesMissingSerials(lines, locale);
  if (missing.length > 0) {
    return `Capture serials for: ${missing.map((m) => `${m.name} (${m.captured}/${m.units ?? '?'})`).join(', ')}.`;
  }
  return null;
}

/** The sale as the contract takes it (call saleProblem first: every line must read). */
export function saleInput(draft: DraftState, discounts: SaleDiscounts, money: MoneyFormat): SaleInput {
  const discount = (d: SaleDiscount | null | undefined) =>
    d ? { kind: d.kind, value: d.value, reason: d.reason } : null;
  return {
    ...(draft.invoiceId !== null ? { id: draft.invoiceId } : {}),
    ...(draft.revision !== null ? { revision: draft.revision } : {}),
    customerId: draft.customerId,
    locationId: draft.locationId,
    invoiceDate: draft.invoiceDate,
    notes: draft.notes,
    lines: draft.lines.map((l) => ({
      ...(l.lineId !== null ? { id: l.lineId } : {}),
      productId: l.productId,
      description: l.description,
      qty: lineQty(l, money.locale)!,
      unitPriceMinor: linePrice(l, money)!,
      taxable: l.taxable,
      ...(l.lineId !== null && l.savedRate ? {} : { taxRateId: l.taxRateId }),
      serialIds: l.serials.map((s) => s.id),
      discount: discount(discounts.lines[l.key]),
    })),
    discount: discount(draft.lines.length > 0 ? discounts.sale : null),
  };
}

/** A held sale recalled: its lines (new keys) and the discounts saved on them. */
export function saleFromInvoice(
  invoice: Invoice,
  money: MoneyFormat,
): { lines: DraftLine[]; discounts: SaleDiscounts } {
  const lines = linesFromInvoice(invoice, money);
  const byKey: Record<string, SaleDiscount> = {};
  invoice.lines.forEach((l, i) => {
    if (l.discount)
      byKey[lines[i]!.key] = { kind: l.discount.kind, value: l.discount.value, reason: l.discount.reason };
  });
  const d = invoice.discount;
  return {
    lines,
    discounts: { lines: byKey, sale: d ? { kind: d.kind, value: d.value, reason: d.reason } : null },
  };
}
