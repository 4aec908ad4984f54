// Money is integer minor units (cents) everywhere; this file is the only place that does
// arithmetic on it or turns it into text. Pure: shared by the store and the renderer.
import { AppError } from './errors.ts';

/** An amount in minor units (cents). Always a safe integer. */
export type Minor = number;

/** Largest unit price accepted (100,000,000.00) and largest quantity: their product stays a safe integer. */
export const MAX_UNIT_PRICE_MINOR = 10_000_000_000;
export const MAX_QTY = 100_000;

/** An amount must stay a safe integer; beyond that, the input is refused (never rounded, never an internal error). */
export function assertMinor(value: number, what = 'amount'): Minor {
  if (!Number.isSafeInteger(value)) {
    throw new AppError('invalid_input', `The ${what} is larger than this app can hold (at most ${MAX_SAFE_AMOUNT}); nothing was saved.`, { field: what });
  }
  return value;
}

const MAX_SAFE_AMOUNT = '90,071,992,547,409.91';

export function lineTotalMinor(qty: number, unitPriceMinor: Minor): Minor {
  return assertMinor(qty * unitPriceMinor, 'line total');
}

export interface TotalsInput { qty: number; unitPriceMinor: Minor; taxable: boolean }
export interface Totals { subtotalMinor: Minor; taxableMinor: Minor; taxMinor: Minor; totalMinor: Minor }

/**
 * Invoice totals. Tax is computed once on the sum of taxable line totals (not per line) and
 * rounded half away from zero to the cent: 750.00 taxable at 7.5 % (750 bp) is 56.25.
 */
export function invoiceTotals(lines: readonly TotalsInput[], taxRateBp: number): Totals {
  let subtotal = 0;
  let taxable = 0;
  for (const line of lines) {
    const total = lineTotalMinor(line.qty, line.unitPriceMinor);
    subtotal = assertMinor(subtotal + total, 'subtotal');
    if (line.taxable) taxable = assertMinor(taxable + total, 'taxable subtotal');
  }
  const taxMinor = taxOn(taxable, taxRateBp);
  return { subtotalMinor: subtotal, taxableMinor: taxable, taxMinor, totalMinor: assertMinor(subtotal + taxMinor, 'total') };
}

/** Tax on an amount at a rate in basis points (1 bp = 0.01 %), rounded half away from zero. */
export function taxOn(amountMinor: Minor, rateBp: number): Minor {
  const product = BigInt(amountMinor) * BigInt(rateBp);
  const sign = product < 0n ? -1n : 1n;
  const rounded = ((product * sign + 5_000n) / 10_000n) * sign;
  return assertMinor(Number(rounded), 'tax');
}

const grouping = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** 124900 → "1,249.00". Display only; never parse this back with parseFloat. */
export function formatMinor(minor: Minor): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const whole = Math.trunc(abs / 100);
  const cents = abs % 100;
  return `${sign}${grouping.format(whole).replace(/\.00$/, '')}.${String(cents).padStart(2, '0')}`;
}

/** "1,249", "1249.5", "19.99" → minor units; null when the text is not an amount with at most 2 decimals. */
export function parseMinor(text: string): Minor | null {
  const clean = text.trim().replace(/,/g, '');
  const match = /^(-)?(\d{1,12})(?:\.(\d{0,2}))?$/.exec(clean) ?? /^(-)?()\.(\d{1,2})$/.exec(clean);
  if (!match) return null;
  const [, minus, whole, frac = ''] = match;
  const value = Number(whole || '0') * 100 + Number(frac.padEnd(2, '0'));
  return minus ? -value : value;
}

/** "7.5 %" from 750 basis points. */
export function formatRate(bp: number): string {
  return `${(bp / 100).toString()} %`;
}
