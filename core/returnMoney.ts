// What a return credits and where the money goes: one rule for the returns service and the Returns screen. Pure.
//
// A line's part after its discount and its share of the sale discount (net) is credited cumulatively: returning x of
// the Q sold, after earlier returns took p, credits round(net × (p + x) / Q) − round(net × p / Q), so the last unit
// takes the rounding and returning everything credits net exactly. Tax per rate is taxOn(everything returned at that
// rate) minus the tax earlier returns credited at it, shared across this return's lines at the rate by amount
// (largest remainder): a full return credits the invoice's tax, and so its total, exactly.
//
// The credit first lowers what the invoice still owes; only the rest is paid back, to the sale's tenders, each at most
// what it paid and was not refunded: non-cash tenders first in payment order, cash last (so the drawer pays out
// least, and a card is refunded to the card).
import type { PaymentMethodKind } from './enums.ts';
import { taxOn, type Minor } from './money.ts';

export interface ReturnMoneyLine {
  id: number;
  /** Sold, thousandths. */
  qty: number;
  /** After the line discount and the line's share of the sale discount, before tax. */
  netMinor: Minor;
  returnedQty: number;
  returnedAmountMinor: Minor;
  returnedTaxMinor: Minor;
  taxable: boolean;
  taxRateBp: number;
  taxRateName: string;
}

export interface ReturnMoney {
  lines: Array<{ lineId: number; amountMinor: Minor; taxMinor: Minor }>;
  subtotalMinor: Minor;
  taxMinor: Minor;
  totalMinor: Minor;
}

/** n / d rounded half up, for n ≥ 0 and d > 0, exactly. */
function divideHalfUp(n: bigint, d: bigint): number {
  return Number((n * 2n + d) / (2n * d));
}

/** What returning `qty` more of a line credits before tax (0 for nothing or for more than is left). */
export function creditedAmount(line: ReturnMoneyLine, qty: number): Minor {
  if (qty <= 0 || line.qty <= 0) return 0;
  const upTo = (x: number) => divideHalfUp(BigInt(line.netMinor) * BigInt(x), BigInt(line.qty));
  const end = Math.min(line.qty, line.returnedQty + qty);
  return upTo(end) - upTo(line.returnedQty);
}

const rateKey = (l: ReturnMoneyLine) => `${l.taxRateBp}|${l.taxRateName}`;

/** A return's amounts: each asked line (in the order asked) with its amount and tax, and the totals. */
export function returnMoney(
  lines: readonly ReturnMoneyLine[],
  asked: ReadonlyArray<{ lineId: number; qty: number }>,
): ReturnMoney {
  const out = asked.flatMap((a) => {
    const line = lines.find((l) => l.id === a.lineId);
    return line ? [{ line, lineId: line.id, amountMinor: creditedAmount(line, a.qty), taxMinor: 0 }] : [];
  });
  const byRate = Map.groupBy(
    out.filter((o) => o.line.taxable),
    (o) => rateKey(o.line),
  );
  for (const [key, parts] of byRate) {
    const earlier = lines.filter((l) => l.taxable && rateKey(l) === key);
    const priorBase = earlier.reduce((sum, l) => sum + l.returnedAmountMinor, 0);
    const priorTax = earlier.reduce((sum, l) => sum + l.returnedTaxMinor, 0);
    const base = parts.reduce((sum, p) => sum + p.amountMinor, 0);
    const tax = Math.max(0, taxOn(priorBase + base, parts[0]!.line.taxRateBp) - priorTax);
    shareOut(tax, parts);
  }
  const subtotal = out.reduce((sum, o) => sum + o.amountMinor, 0);
  const tax = out.reduce((sum, o) => sum + o.taxMinor, 0);
  return {
    lines: out.map(({ lineId, amountMinor, taxMinor }) => ({ lineId, amountMinor, taxMinor })),
    subtotalMinor: subtotal,
    taxMinor: tax,
    totalMinor: subtotal + tax,
  };
}

/** Shares `amount` as taxMinor across parts by their amounts (largest remainder; all to the first if none). */
function shareOut(amount: Minor, parts: Array<{ amountMinor: Minor; taxMinor: Minor }>): void {
  const base = parts.reduce((sum, p) => sum + p.amountMinor, 0);
  if (base === 0) {
    parts[0]!.taxMinor = amount;
    return;
  }
  let given = 0;
  const rests = parts.map((p) => {
    const exact = BigInt(amount) * BigInt(p.amountMinor);
    p.taxMinor = Number(exact / BigInt(base));
    given += p.taxMinor;
    return exact % BigInt(base);
  });
  const order = parts.map((_, i) => i).sort((a, b) => (rests[b]! > rests[a]! ? 1 : rests[b]! < rests[a]! ? -1 : a - b));
  for (let k = 0; given < amount; k = (k + 1) % order.length, given += 1) parts[order[k]!]!.taxMinor += 1;
}

/** What goes back: the part of the credit above what the invoice still owes. */
export const refundDue = (totalMinor: Minor, balanceMinor: Minor): Minor => Math.max(0, totalMinor - balanceMinor);

/**
 * How a refund splits over the sale's tenders: non-cash first in payment order, cash last, each at most what it has
 * left to refund. `short` is what the tenders cannot cover (0 normally).
 */
export function refundSplit<T extends { methodKind: PaymentMethodKind; refundableMinor: Minor }>(
  tenders: readonly T[],
  amountMinor: Minor,
): { parts: Array<{ tender: T; amountMinor: Minor }>; short: Minor } {
  const order = [...tenders.filter((t) => t.methodKind !== 'cash'), ...tenders.filter((t) => t.methodKind === 'cash')];
  const parts: Array<{ tender: T; amountMinor: Minor }> = [];
  let left = amountMinor;
  for (const tender of order) {
    if (left <= 0) break;
    const take = Math.min(left, tender.refundableMinor);
    if (take <= 0) continue;
    parts.push({ tender, amountMinor: take });
    left -= take;
  }
  return { parts, short: left };
}
