// Quick-cash amounts for the Payment dialog: the next round amounts a customer hands over for what is due.
import { currencyDigits, type Minor } from '../../core/money.ts';

/** Round steps, in whole currency units: a coin or note up to the next hundreds, then 500s and thousands. */
const STEPS = [1, 10, 20, 50, 100, 500, 1_000, 5_000, 10_000];

/**
 * Up to `count` amounts above `dueMinor`, each `dueMinor` rounded up to a step, smallest first, without repeats: for
 * 1,380.50 that is 1,381, 1,390, 1,400 and 1,500; for 12.30, 13, 20, 50 and 100.
 */
export function quickCashAmounts(dueMinor: Minor, currency: string, count = 4): Minor[] {
  if (dueMinor <= 0) return [];
  const unit = 10 ** currencyDigits(currency);
  const out: Minor[] = [];
  for (const step of STEPS) {
    const size = step * unit;
    const amount = Math.ceil(dueMinor / size) * size;
    if (amount > dueMinor && !out.includes(amount)) out.push(amount);
    if (out.length === count) break;
  }
  return out;
}
