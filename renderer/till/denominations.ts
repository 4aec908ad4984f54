// The notes and coins a till is counted in, largest first, in minor units. A few currencies are listed as they
// circulate; any other gets a 1-2-5 series fitted to its decimals (Intl's currency digits).
import { currencyDigits, type Minor } from '../../core/money.ts';

/** In major units, as people say them. */
const KNOWN: Record<string, number[]> = {
  USD: [100, 50, 20, 10, 5, 1, 0.25, 0.1, 0.05, 0.01],
  CAD: [100, 50, 20, 10, 5, 2, 1, 0.25, 0.1, 0.05],
  EUR: [500, 200, 100, 50, 20, 10, 5, 2, 1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01],
  GBP: [50, 20, 10, 5, 2, 1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01],
  AUD: [100, 50, 20, 10, 5, 2, 1, 0.5, 0.2, 0.1, 0.05],
  CHF: [1000, 200, 100, 50, 20, 10, 5, 2, 1, 0.5, 0.2, 0.1, 0.05],
  JPY: [10000, 5000, 2000, 1000, 500, 100, 50, 10, 5, 1],
};

/** Denominations of the currency, largest first, in its minor units. */
export function denominationsOf(currency: string): Minor[] {
  const digits = currencyDigits(currency);
  const scale = 10 ** digits;
  const major = KNOWN[currency.toUpperCase()] ?? series(digits);
  return major.map((v) => Math.round(v * scale)).filter((v) => v >= 1);
}

/** 100, 50, 20, 10, 5, 2, 1 and the coins down to the smallest unit the currency has. */
function series(digits: number): number[] {
  const out: number[] = [];
  for (let exp = 2; exp >= -digits; exp -= 1) {
    for (const step of [5, 2, 1]) if (!(exp === 2 && step !== 1)) out.push(step * 10 ** exp);
  }
  return out.map((v) => Number(v.toPrecision(6)));
}
