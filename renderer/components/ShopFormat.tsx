import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { formatDateTime, formatTime } from '../../core/dates.ts';
import {
  DEFAULT_MONEY_FORMAT,
  formatMoney,
  formatQuantity,
  moneyFormat,
  parseQuantity,
  readMoney,
  type MoneyFormat,
  type MoneyReading,
  type Minor,
  type ReadMoneyOptions,
} from '../../core/money.ts';

// The shop's currency and locale (from appInfo) for every screen: money, quantities and times are
// written and read through these hooks only, so a screen never picks its own format.

const ShopFormatContext = createContext<MoneyFormat>(DEFAULT_MONEY_FORMAT);

export function ShopFormatProvider({
  currency,
  locale,
  children,
}: {
  currency: string;
  locale: string;
  children: ReactNode;
}) {
  const value = useMemo(() => moneyFormat(currency, locale), [currency, locale]);
  return <ShopFormatContext.Provider value={value}>{children}</ShopFormatContext.Provider>;
}

export interface Money {
  readonly format: MoneyFormat;
  /** An amount in a cell or a message: "1,249.00" (en-US), "1.249,00" (de-DE). */
  text(minor: Minor): string;
  /** A total, with the currency: "$1,249.00", "1.249,00 €". */
  total(minor: Minor): string;
  /** The text an amount field starts with: "1249.00", "1249,00". */
  input(minor: Minor): string;
  /**
   * The one reading of an amount field (core/money.ts readMoney): the amount, or the message to show at the field
   * ("12,50 is not an amount in en-US: write 12.50 (the decimal separator is “.”).").
   */
  read(text: string, options?: ReadMoneyOptions): MoneyReading;
  /** A quantity for display, and one typed (a whole number from 0 to MAX_QTY, or null). */
  qty(n: number): string;
  parseQty(text: string): number | null;
}

export function useMoney(): Money {
  const format = useContext(ShopFormatContext);
  return useMemo<Money>(
    () => ({
      format,
      text: (minor) => formatMoney(minor, format),
      total: (minor) => formatMoney(minor, format, { symbol: true }),
      input: (minor) => formatMoney(minor, format, { grouping: false }),
      read: (text, options) => readMoney(text, format, options),
      qty: (n) => formatQuantity(n, format.locale),
      parseQty: (text) => parseQuantity(text, format.locale),
    }),
    [format],
  );
}

export interface Times {
  /** A stored instant in the user's time zone: "Nov 20, 2026, 10:21 PM". */
  dateTime(at: string | Date): string;
  /** The time of day alone: "10:21:18 PM". */
  time(at: string | Date): string;
}

export function useTimes(): Times {
  const { locale } = useContext(ShopFormatContext);
  return useMemo<Times>(
    () => ({ dateTime: (at) => formatDateTime(at, locale), time: (at) => formatTime(at, locale) }),
    [locale],
  );
}
