// Money is integer minor units (cents) everywhere; this file is the only place that does
// arithmetic on it or turns it into text. Pure: shared by the store and the renderer.
import type { DiscountKind } from './enums.ts';
import { AppError } from './errors.ts';

/** An amount in minor units (cents). Always a safe integer. */
export type Minor = number;

/** Largest unit price accepted (100,000,000.00) and largest quantity: their product stays a safe integer. */
export const MAX_UNIT_PRICE_MINOR = 10_000_000_000;
export const MAX_QTY = 100_000;

/** An amount must stay a safe integer; beyond that, the input is refused (never rounded, never an internal error). */
export function assertMinor(value: number, what = 'amount'): Minor {
  if (!Number.isSafeInteger(value)) {
    throw new AppError(
      'invalid_input',
      `The ${what} is larger than this app can hold (at most ${MAX_SAFE_AMOUNT}); nothing was saved.`,
      { field: what },
    );
  }
  return value;
}

const MAX_SAFE_AMOUNT = '90,071,992,547,409.91';

/**
 * Quantities on invoice lines and stock levels are integer thousandths: 1.5 hours is 1500, 2.25 m is 2250, one unit is
 * 1000. Serial-tracked lines hold whole units only (a multiple of QTY_SCALE).
 */
export const QTY_SCALE = 1000;
/** Largest line quantity in thousandths (MAX_QTY units). */
export const MAX_QTY_MILLI = MAX_QTY * QTY_SCALE;

/** Whole units as thousandths (receipts and purchase orders count whole units). */
export const unitsToMilli = (units: number): number => units * QTY_SCALE;

/**
 * A line's total: quantity (thousandths) × unit price, rounded half-up (half away from zero) to the minor unit once, on
 * the exact product: 1.5 h × 33.33 = 49.995 → 50.00; 0.333 m × 0.10 = 0.0333 → 0.03.
 */
export function lineTotalMinor(qtyMilli: number, unitPriceMinor: Minor): Minor {
  return assertMinor(divideHalfUp(BigInt(qtyMilli) * BigInt(unitPriceMinor), BigInt(QTY_SCALE)), 'line total');
}

/** n / d rounded half away from zero (d > 0), exactly. */
function divideHalfUp(n: bigint, d: bigint): number {
  const sign = n < 0n ? -1n : 1n;
  return Number(((n * sign * 2n + d) / (2n * d)) * sign);
}

/**
 * A discount: a percent (value in basis points, 1000 = 10 %) or an amount (value in minor units). On a line it comes
 * off that line; on the sale it comes off the subtotal and is shared across the lines for tax (tax is on what is left).
 */
export interface Discount {
  kind: DiscountKind;
  value: number;
}

/**
 * The money a discount takes off an amount: a percent rounded half-up once, an amount as given. Never more than the
 * amount (services refuse an amount discount above it with a message before this caps it).
 */
export function discountMinor(amountMinor: Minor, discount: Discount | null | undefined): Minor {
  if (!discount || discount.value <= 0 || amountMinor <= 0) return 0;
  const off =
    discount.kind === 'percent' ? divideHalfUp(BigInt(amountMinor) * BigInt(discount.value), 10_000n) : discount.value;
  return Math.min(assertMinor(off, 'discount'), amountMinor);
}

/** A discount as a share of the amount it comes off, in basis points (for the manager limit). */
export function discountShareBp(amountMinor: Minor, offMinor: Minor): number {
  return amountMinor <= 0 ? 0 : Math.ceil((offMinor * 10_000) / amountMinor);
}

export interface TotalsInput {
  /** Thousandths. */
  qty: number;
  unitPriceMinor: Minor;
  taxable: boolean;
  /** The line's tax rate in basis points (750 = 7.5 %). */
  taxRateBp: number;
  /** Names the rate, so two rates of the same size (e.g. two 0 % rates) stay apart in the breakdown. */
  taxRateName?: string;
  /** A line discount. */
  discount?: Discount | null;
}
/** Tax at one rate: the sum of its taxable line totals, and that sum × rate rounded half-up once. */
export interface TaxAtRate {
  name: string;
  rateBp: number;
  taxableMinor: Minor;
  taxMinor: Minor;
}
/** Each line's money, in the input's order. */
export interface LineMoney {
  /** Quantity × price. */
  grossMinor: Minor;
  /** The line discount. */
  discountMinor: Minor;
  /** gross - discount: the line total shown and stored. */
  netMinor: Minor;
  /** This line's share of the sale discount (what tax and returns see: net - saleShare). */
  saleShareMinor: Minor;
}
export interface Totals {
  /** Sum of line totals after line discounts. */
  subtotalMinor: Minor;
  /** Sum of the line discounts (already off the subtotal). */
  lineDiscountMinor: Minor;
  /** The sale discount: total = subtotal - discount + tax. */
  discountMinor: Minor;
  taxableMinor: Minor;
  taxMinor: Minor;
  totalMinor: Minor;
  /** One entry per rate that has taxable lines, in the order the lines first name them. */
  taxes: TaxAtRate[];
  lines: LineMoney[];
}

/**
 * Invoice totals. Each line's discount comes off its quantity × price; the sale discount comes off the subtotal and
 * is shared across the lines in proportion to their totals (largest remainder, so the shares add up exactly). For each
 * tax rate, tax is computed once on the sum of that rate's taxable amounts after both discounts (not per line) and
 * rounded half away from zero to the minor unit; the invoice's tax is the sum over rates. The seed's example: 500.00 ×
 * 1 and 125.00 × 2, both taxable at 7.5 % (750 bp): subtotal 750.00, tax 56.25, total 806.25.
 */
export function invoiceTotals(lines: readonly TotalsInput[], saleDiscount?: Discount | null): Totals {
  let subtotal = 0;
  let lineDiscounts = 0;
  const money: LineMoney[] = lines.map((line) => {
    const gross = lineTotalMinor(line.qty, line.unitPriceMinor);
    const off = discountMinor(gross, line.discount);
    subtotal = assertMinor(subtotal + gross - off, 'subtotal');
    lineDiscounts = assertMinor(lineDiscounts + off, 'discount');
    return { grossMinor: gross, discountMinor: off, netMinor: gross - off, saleShareMinor: 0 };
  });
  const saleOff = discountMinor(subtotal, saleDiscount);
  shareOut(saleOff, money);

  let taxable = 0;
  const byRate = new Map<string, TaxAtRate>();
  lines.forEach((line, i) => {
    if (!line.taxable) return;
    const base = money[i]!.netMinor - money[i]!.saleShareMinor;
    taxable = assertMinor(taxable + base, 'taxable subtotal');
    const name = line.taxRateName ?? formatRate(line.taxRateBp);
    const key = `${line.taxRateBp}|${name}`;
    const at = byRate.get(key) ?? { name, rateBp: line.taxRateBp, taxableMinor: 0, taxMinor: 0 };
    at.taxableMinor = assertMinor(at.taxableMinor + base, 'taxable subtotal');
    byRate.set(key, at);
  });
  let tax = 0;
  const taxes = [...byRate.values()];
  for (const at of taxes) {
    at.taxMinor = taxOn(at.taxableMinor, at.rateBp);
    tax = assertMinor(tax + at.taxMinor, 'tax');
  }
  return {
    subtotalMinor: subtotal,
    lineDiscountMinor: lineDiscounts,
    discountMinor: saleOff,
    taxableMinor: taxable,
    taxMinor: tax,
    totalMinor: assertMinor(subtotal - saleOff + tax, 'total'),
    taxes,
    lines: money,
  };
}

/** Shares `amount` across lines in proportion to their net totals; the rounding remainders go largest first. */
function shareOut(amount: Minor, lines: LineMoney[]): void {
  const total = lines.reduce((sum, l) => sum + l.netMinor, 0);
  if (amount <= 0 || total <= 0) return;
  const exact = lines.map((l) => (BigInt(amount) * BigInt(l.netMinor)) % BigInt(total));
  let given = 0;
  lines.forEach((l) => {
    l.saleShareMinor = Number((BigInt(amount) * BigInt(l.netMinor)) / BigInt(total));
    given += l.saleShareMinor;
  });
  const order = lines.map((_, i) => i).sort((a, b) => (exact[b]! > exact[a]! ? 1 : exact[b]! < exact[a]! ? -1 : a - b));
  for (let k = 0; given < amount; k = (k + 1) % order.length) {
    lines[order[k]!]!.saleShareMinor += 1;
    given += 1;
  }
}

/** Tax on an amount at a rate in basis points (1 bp = 0.01 %), rounded half away from zero. */
export function taxOn(amountMinor: Minor, rateBp: number): Minor {
  const product = BigInt(amountMinor) * BigInt(rateBp);
  const sign = product < 0n ? -1n : 1n;
  const rounded = ((product * sign + 5_000n) / 10_000n) * sign;
  return assertMinor(Number(rounded), 'tax');
}

/** The shop's currency (ISO 4217 code) and the locale its numbers are written in (BCP 47). */
export interface MoneyFormat {
  currency: string;
  locale: string;
}

export const DEFAULT_MONEY_FORMAT: MoneyFormat = { currency: 'USD', locale: 'en-US' };

const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.NumberFormat(locale, options)));
  return format;
}

/**
 * The format as given where Intl knows it, else the default's part: a setting typed by hand
 * never breaks a screen.
 */
export function moneyFormat(currency: string | undefined, locale: string | undefined): MoneyFormat {
  const key = `${currency}|${locale}`;
  let format = checked.get(key);
  if (!format) checked.set(key, (format = Object.freeze(checkFormat(currency, locale))));
  return format;
}
const checked = new Map<string, MoneyFormat>();

function checkFormat(currency: string | undefined, locale: string | undefined): MoneyFormat {
  const ok = (test: () => unknown) => {
    try {
      test();
      return true;
    } catch {
      return false;
    }
  };
  return {
    currency:
      currency && /^[A-Za-z]{3}$/.test(currency) && ok(() => numberFormat('en', { style: 'currency', currency }))
        ? currency.toUpperCase()
        : DEFAULT_MONEY_FORMAT.currency,
    locale: locale && ok(() => numberFormat(locale, {})) ? locale : DEFAULT_MONEY_FORMAT.locale,
  };
}

/** Digits after the decimal separator in the currency's minor unit, from Intl: USD and EUR 2, JPY 0, KWD 3. */
export function currencyDigits(currency: string): number {
  let digits = digitsOf.get(currency);
  if (digits === undefined) {
    digits = numberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsOf.set(currency, digits);
  }
  return digits;
}
const digitsOf = new Map<string, number>();

/**
 * Minor units as an exact decimal numeral ("-1249.50"), so even the largest amounts are not rounded by floating point.
 */
function decimalNumeral(minor: Minor, digits: number): `${number}` {
  const abs = String(Math.abs(minor)).padStart(digits + 1, '0');
  const whole = abs.slice(0, abs.length - digits);
  const frac = abs.slice(abs.length - digits);
  return `${minor < 0 ? '-' : ''}${whole}${digits > 0 ? `.${frac}` : ''}` as `${number}`;
}

export interface MoneyStyle {
  /**
   * With the currency's symbol ("$1,249.00", "1.249,00 €"): for totals. Default: the amount alone, as in grid cells.
   */
  symbol?: boolean;
  /** Group separators (default true); false writes the text an amount field starts with ("1249.00", "1249,00"). */
  grouping?: boolean;
}

/**
 * The one money formatter. 124900 in USD: "1,249.00" (en-US), "1.249,00" (de-DE),
 * "1 249,00" (fr-FR); 1250 in JPY: "1,250" (ja-JP). Amounts are in the currency's minor units.
 */
export function formatMoney(minor: Minor, format: MoneyFormat, style: MoneyStyle = {}): string {
  const { currency, locale } = moneyFormat(format.currency, format.locale);
  const digits = currencyDigits(currency);
  const options: Intl.NumberFormatOptions = style.symbol
    ? { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }
    : {
        style: 'decimal',
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
        useGrouping: style.grouping ?? true,
      };
  return numberFormat(locale, options).format(decimalNumeral(minor, digits));
}

interface Separators {
  decimal: string;
  group: string;
  /** Digits in the last group before the decimal separator, and in each group before it (3 and 3; en-IN 3 and 2). */
  primary: number;
  secondary: number;
  /** The locale's own digits (Arabic-Indic, …), 0 to 9. */
  digits: string[];
  minus: string;
}

const separatorCache = new Map<string, Separators>();
function separators(locale: string): Separators {
  let found = separatorCache.get(locale);
  if (found) return found;
  const format = numberFormat(locale, { useGrouping: true, maximumFractionDigits: 1 });
  const parts = format.formatToParts(-1234567890.5);
  const groups = parts.filter((p) => p.type === 'integer').map((p) => p.value);
  found = {
    decimal: loose(parts.find((p) => p.type === 'decimal')?.value ?? '.'),
    group: loose(parts.find((p) => p.type === 'group')?.value ?? ','),
    primary: groups.at(-1)?.length ?? 3,
    secondary: groups.length > 2 ? groups.at(-2)!.length : (groups.at(-1)?.length ?? 3),
    digits: Array.from({ length: 10 }, (_, d) => numberFormat(locale, { useGrouping: false }).format(d)),
    minus: parts.find((p) => p.type === 'minusSign')?.value ?? '-',
  };
  separatorCache.set(locale, found);
  return found;
}

/**
 * Text as a person types it: NFKC (fullwidth digits and signs, no-break spaces), any space a space, ' for ’, no
 * invisible marks.
 */
function loose(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s/gu, ' ')
    .replace(/[\u2019\u02BC]/gu, "'")
    .replace(/\p{Cf}/gu, '');
}

/** Text loosened (see loose), with the locale's own digits as 0-9 and the `strip` texts (a currency symbol) removed. */
function plainNumeral(text: string, locale: string, strip: readonly string[] = []): string {
  let t = loose(text);
  for (const s of strip) if (s) t = t.split(loose(s)).join('');
  separators(locale).digits.forEach((d, i) => {
    if (d !== String(i)) t = t.split(d).join(String(i));
  });
  return t.trim();
}

/**
 * A number as a person writes it in the locale: optional minus, the whole part with or without the
 * locale's group separators (when present they must sit where the locale puts them, so "12.99" in
 * de-DE is refused rather than read as 1299, and the first group must not start with 0: "0,500" in
 * en-US and "0.250" in de-DE are refused rather than read as 500 and 250), then the locale's decimal
 * separator and at most `maxFraction` digits. Fullwidth and the locale's own digits count.
 */
function parseNumeral(
  text: string,
  locale: string,
  maxFraction: number,
  strip: readonly string[] = [],
): { negative: boolean; whole: string; frac: string } | null {
  const sep = separators(locale);
  let t = plainNumeral(text, locale, strip);
  let negative = false;
  const minus = new Set(['-', '\u2212', loose(sep.minus)]);
  const first = [...minus].find((m) => t.startsWith(m));
  if (first) {
    negative = true;
    t = t.slice(first.length).trim();
  }
  const at = t.indexOf(sep.decimal);
  const wholeText = at < 0 ? t : t.slice(0, at);
  const frac = at < 0 ? '' : t.slice(at + sep.decimal.length);
  if (!/^\d*$/.test(frac) || frac.length > maxFraction || (at >= 0 && maxFraction === 0)) return null;
  let whole: string;
  if (/^\d*$/.test(wholeText)) whole = wholeText;
  else {
    const groups = wholeText.split(sep.group);
    const last = groups.length - 1;
    // No locale writes a leading 0 before a group: "0,500" is refused, never read as 500 (1000× too big).
    const fits = groups.every(
      (g, i) =>
        /^\d+$/.test(g) &&
        (i === last
          ? g.length === sep.primary
          : i === 0
            ? g.length <= sep.secondary && !g.startsWith('0')
            : g.length === sep.secondary),
    );
    if (!fits) return null;
    whole = groups.join('');
  }
  if (!whole && !frac) return null;
  return { negative, whole: whole || '0', frac };
}

/**
 * The one money parser: what a person typed into an amount field, in the shop's locale and
 * currency, to minor units. "1,249.5" (en-US) and "1.249,50" (de-DE) are 124950; "1 249,50 €"
 * (fr-FR, symbol and any kind of space allowed) too; "1,250" (ja-JP, JPY) is 1250. Null when the
 * text is not an amount, has more decimals than the currency, or is beyond the safe range.
 */
export function parseMoney(text: string, format: MoneyFormat): Minor | null {
  const { currency, locale } = moneyFormat(format.currency, format.locale);
  const digits = currencyDigits(currency);
  const n = parseNumeral(text.replace(new RegExp(currency, 'gi'), ''), locale, digits, [currencySymbol(format)]);
  return n ? numeralMinor(n, digits) : null;
}

/**
 * A price in an imported file, which may come from elsewhere: read as the shop's screens read it (parseMoney: "1,234"
 * is 1,234.00 in en-US), else as digits with "." or "," before the decimals whatever the locale ("12.99" and "12,99"
 * are both 12.99; no groups then, they would be ambiguous). In the currency's minor units: "1250" is 1250 in JPY, "1.5"
 * is 1500 in KWD. Null when it is neither, is below zero, or has more decimals than the currency ("12.999" in USD).
 */
export function parseImportedMoney(text: string, format: MoneyFormat): Minor | null {
  const fmt = moneyFormat(format.currency, format.locale);
  const asOnScreen = parseMoney(text, fmt);
  if (asOnScreen !== null) return asOnScreen < 0 ? null : asOnScreen;
  const digits = currencyDigits(fmt.currency);
  const m = /^(\d+)(?:[.,](\d+))?$/.exec(plainNumeral(text, fmt.locale));
  if (!m || (m[2] ?? '').length > digits) return null;
  return numeralMinor({ negative: false, whole: m[1]!, frac: m[2] ?? '' }, digits);
}

function currencySymbol(format: MoneyFormat): string {
  const { currency, locale } = moneyFormat(format.currency, format.locale);
  return (
    numberFormat(locale, { style: 'currency', currency })
      .formatToParts(1)
      .find((p) => p.type === 'currency')?.value ?? ''
  );
}

function numeralMinor(n: { negative: boolean; whole: string; frac: string }, digits: number): Minor | null {
  const value = BigInt(n.whole) * 10n ** BigInt(digits) + BigInt(n.frac.padEnd(digits, '0') || '0');
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return n.negative ? -Number(value) : Number(value);
}

/** What an amount field holds: its amount, or why the text is not one (a message to show next to the field). */
export type MoneyReading = { ok: true; minor: Minor } | { ok: false; message: string };

export interface ReadMoneyOptions {
  /** Largest amount accepted (default: the largest safe amount). */
  max?: Minor;
  /** Whether an amount below zero is accepted (default false: prices, costs and payments are 0 or more). */
  negative?: boolean;
}

/**
 * The one reading of an amount field, in the shop's locale and currency (parseMoney), with the reason when the text
 * is not an amount. A text that is ambiguous in the locale is accepted only as the locale writes it: "1,234" in en-US
 * is 1,234.00 (a group separator in the right place); "12,50" in en-US and "12.99" in de-DE are refused, and the
 * message says how to write them ("12,50 is not an amount in en-US: write 12.50 (the decimal separator is “.”).").
 */
export function readMoney(text: string, format: MoneyFormat, options: ReadMoneyOptions = {}): MoneyReading {
  const fmt = moneyFormat(format.currency, format.locale);
  const shown = text.trim();
  const example = formatMoney(123_456_789, fmt);
  if (shown === '') return { ok: false, message: `Enter an amount, as in ${example}.` };
  const minor = parseMoney(text, fmt);
  if (minor === null) return { ok: false, message: whyNotAmount(shown, fmt, example) };
  if (minor < 0 && !options.negative) return { ok: false, message: `${shown} is below zero: enter 0 or more.` };
  if (options.max !== undefined && minor > options.max)
    return {
      ok: false,
      message: `${shown} is more than the largest amount accepted, ${formatMoney(options.max, fmt)}.`,
    };
  return { ok: true, minor };
}

/** How a separator is named in a message: “.”, or "a space". */
const named = (separator: string) => (separator.trim() === '' ? 'a space' : `“${separator}”`);

/** Why a text parseMoney refused is not an amount, and how the locale writes it. */
function whyNotAmount(shown: string, format: MoneyFormat, example: string): string {
  const { currency, locale } = format;
  const digits = currencyDigits(currency);
  const sep = separators(locale);
  const notAmount = `${shown} is not an amount in ${locale}`;
  const t = plainNumeral(shown.replace(new RegExp(currency, 'gi'), ''), locale, [currencySymbol(format)]);
  const body = t.replace(/^[-\u2212]\s*/u, '');
  const minus = body !== t;
  // The last mark between digits: when it is not the locale's decimal separator but reads as one ("12,50" in en-US,
  // "12.99" in de-DE), say how the locale writes that amount.
  const last = /^([\d.,' ]*\d)([.,])(\d+)$/.exec(body);
  if (last && last[2] !== sep.decimal && digits > 0 && last[3]!.length <= digits) {
    const whole = last[1]!.replace(/[.,' ]/g, '');
    const minor = /^\d+$/.test(whole) ? numeralMinor({ negative: minus, whole, frac: last[3]! }, digits) : null;
    if (minor !== null)
      return `${notAmount}: write ${formatMoney(minor, format)} (the decimal separator is ${named(sep.decimal)}).`;
  }
  const zero = leadingZeroGroup(body, sep, digits);
  if (zero) {
    const read = (whole: string, frac: string) => numeralMinor({ negative: minus, whole, frac }, digits);
    const grouped = read(zero.whole, zero.frac);
    const asDecimal = zero.decimal === null ? null : read(zero.decimal.whole, zero.decimal.frac);
    const decimal = asDecimal === grouped ? null : asDecimal;
    if (grouped !== null)
      return `${notAmount}: ${named(sep.group)} groups the digits of thousands and never follows a leading 0. Write ${formatMoney(grouped, format)}${decimal === null ? '' : `, or ${formatMoney(decimal, format)} (the decimal separator is ${named(sep.decimal)})`}.`;
  }
  const at = body.lastIndexOf(sep.decimal);
  const decimals = at < 0 ? '' : body.slice(at + sep.decimal.length);
  if (/^\d+$/.test(decimals) && decimals.length > digits) {
    return digits === 0
      ? `${notAmount}: ${currency} amounts have no decimals, as in ${formatMoney(1_234, format)}.`
      : `${notAmount}: ${named(sep.decimal)} is the decimal separator and ${currency} amounts have at most ${digits} decimals, as in ${example}.`;
  }
  if (/^\d[\d.,' ]*$/.test(body))
    return `${notAmount}: ${named(sep.group)} groups the digits of thousands and ${named(sep.decimal)} marks the decimals, as in ${example}.`;
  return `${notAmount}: write it as in ${example}.`;
}

/**
 * A text grouped as the locale groups except that its first group starts with 0 ("0,500", "00,001" in en-US): the
 * digits it would read as with the groups joined, and, for one group and no decimals, the decimal it may mean (0,500
 * → 0.5) when that fits the currency.
 */
function leadingZeroGroup(
  body: string,
  sep: Separators,
  digits: number,
): { whole: string; frac: string; decimal: { whole: string; frac: string } | null } | null {
  const at = body.indexOf(sep.decimal);
  const groups = (at < 0 ? body : body.slice(0, at)).split(sep.group);
  const frac = at < 0 ? '' : body.slice(at + sep.decimal.length);
  const last = groups.length - 1;
  const fits =
    last > 0 &&
    groups[0]!.startsWith('0') &&
    groups.every(
      (g, i) => /^\d+$/.test(g) && g.length === (i === last ? sep.primary : i === 0 ? g.length : sep.secondary),
    ) &&
    groups[0]!.length <= sep.secondary &&
    /^\d*$/.test(frac) &&
    frac.length <= digits;
  if (!fits) return null;
  const fraction = groups[1]!.replace(/0+$/, '');
  const decimal =
    last === 1 && at < 0 && digits > 0 && fraction.length <= digits ? { whole: groups[0]!, frac: fraction } : null;
  return { whole: groups.join(''), frac, decimal };
}

/** A currency code Intl knows (ISO 4217), upper-cased; else why not. */
export function checkCurrency(code: string): { ok: true; currency: string } | { ok: false; message: string } {
  const text = code.trim();
  const upper = text.toUpperCase();
  if (text === '') return { ok: false, message: 'Enter a currency code, such as USD, EUR or GBP.' };
  if (!/^[A-Z]{3}$/.test(upper))
    return { ok: false, message: `${text} is not a currency code: enter three letters, such as USD, EUR or GBP.` };
  if (!Intl.supportedValuesOf('currency').includes(upper))
    return {
      ok: false,
      message: `${upper} is not a currency this app knows: enter an ISO 4217 code, such as USD, EUR or GBP.`,
    };
  return { ok: true, currency: upper };
}

/** A locale Intl can write numbers in (BCP 47, canonical case: "en-us" → "en-US"); else why not. */
export function checkLocale(tag: string): { ok: true; locale: string } | { ok: false; message: string } {
  const text = tag.trim();
  const hint = 'a language and region such as en-US, de-DE or fr-FR';
  if (text === '') return { ok: false, message: `Enter a locale: ${hint}.` };
  let canonical: string | undefined;
  try {
    canonical = Intl.getCanonicalLocales(text)[0];
  } catch {
    canonical = undefined;
  }
  if (!canonical) {
    const dashed = text.replace(/_/g, '-');
    const suggest = dashed !== text && checkLocale(dashed).ok ? `write ${dashed}` : `enter ${hint}`;
    return { ok: false, message: `${text} is not a locale: ${suggest}.` };
  }
  if (Intl.NumberFormat.supportedLocalesOf([canonical]).length === 0)
    return { ok: false, message: `${text} is not a locale this app knows: enter ${hint}.` };
  return { ok: true, locale: canonical };
}

/**
 * A quantity as a person types it: a whole number from 0 to MAX_QTY (the locale's group separators allowed), else null.
 */
export function parseQuantity(text: string, locale: string = DEFAULT_MONEY_FORMAT.locale): number | null {
  const n = parseNumeral(text, moneyFormat(undefined, locale).locale, 0);
  if (!n || n.negative || n.whole.length > 6) return null;
  const value = Number(n.whole);
  return value <= MAX_QTY ? value : null;
}

/** A quantity for display, with the locale's digits and group separators (100000 → "100,000" in en-US). */
export function formatQuantity(qty: number, locale: string = DEFAULT_MONEY_FORMAT.locale): string {
  return numberFormat(moneyFormat(undefined, locale).locale, { maximumFractionDigits: 0 }).format(qty);
}

/** "7.5%" from 750 basis points. */
export function formatRate(bp: number): string {
  return `${(bp / 100).toString()}%`;
}

/** Largest tax rate the Settings screen takes: 100 % (10,000 basis points). */
export const MAX_RATE_BP = 10_000;

/** A rate in basis points as the percent a person types, in the locale: 750 → "7.5" (en-US), "7,5" (de-DE). */
export function formatPercent(bp: number, locale: string = DEFAULT_MONEY_FORMAT.locale): string {
  return numberFormat(moneyFormat(undefined, locale).locale, { maximumFractionDigits: 2 }).format(
    decimalNumeral(bp, 2),
  );
}

/**
 * A tax rate as a person types it, in percent with up to 2 decimals and the locale's decimal separator ("7.5",
 * "7,5 %" in de-DE), as basis points (750); else why not.
 */
export function readRateBp(
  text: string,
  locale: string = DEFAULT_MONEY_FORMAT.locale,
): { ok: true; bp: number } | { ok: false; message: string } {
  const shown = text.trim();
  const { locale: tag } = moneyFormat(undefined, locale);
  const example = formatPercent(750, tag);
  if (shown === '') return { ok: false, message: `Enter the rate in percent, like ${example}.` };
  const n = parseNumeral(shown.replace(/%/g, ''), tag, 2);
  const bp = n && !n.negative && n.whole.length <= 4 ? Number(n.whole) * 100 + Number(n.frac.padEnd(2, '0')) : null;
  if (bp === null || bp > MAX_RATE_BP)
    return {
      ok: false,
      message: `${shown} is not a rate: enter a percentage from 0 to 100 with up to 2 decimals, like ${example}.`,
    };
  return { ok: true, bp };
}

/**
 * A line quantity as a person types it, in the locale: up to 3 decimals ("1.5", "2,25" in de-DE), as thousandths;
 * null when it is not a quantity, has more than 3 decimals, is negative or is above MAX_QTY.
 */
export function parseQtyMilli(text: string, locale: string = DEFAULT_MONEY_FORMAT.locale): number | null {
  const n = parseNumeral(text, moneyFormat(undefined, locale).locale, 3);
  if (!n || n.negative || n.whole.length > 6) return null;
  const value = Number(n.whole) * QTY_SCALE + Number(n.frac.padEnd(3, '0') || '0');
  return value <= MAX_QTY_MILLI ? value : null;
}

/** Thousandths for display: 1500 → "1.5", 2250 → "2.25" (en-US) / "2,25" (de-DE), 1000 → "1". */
export function formatQtyMilli(qtyMilli: number, locale: string = DEFAULT_MONEY_FORMAT.locale): string {
  return numberFormat(moneyFormat(undefined, locale).locale, { maximumFractionDigits: 3 }).format(
    decimalNumeral(qtyMilli, 3),
  );
}
