import { describe, expect, it } from 'vitest';
import { discountMinor, discountShareBp, invoiceTotals } from '../../core/money.ts';

const line = (qty: number, unitPriceMinor: number, extra: object = {}) => ({
  qty,
  unitPriceMinor,
  taxable: true,
  taxRateBp: 750,
  taxRateName: 'Sales tax 7.5%',
  ...extra,
});

describe('discounts', () => {
  it('takes a percent off half-up once, and an amount as given, never more than the amount', () => {
    expect(discountMinor(1999, { kind: 'percent', value: 1000 })).toBe(200); // 199.9 → 200
    expect(discountMinor(1999, { kind: 'percent', value: 10_000 })).toBe(1999);
    expect(discountMinor(1999, { kind: 'amount', value: 500 })).toBe(500);
    expect(discountMinor(1999, { kind: 'amount', value: 5000 })).toBe(1999);
    expect(discountMinor(1999, null)).toBe(0);
    expect(discountShareBp(10_000, 1001)).toBe(1001);
    expect(discountShareBp(3, 1)).toBe(3334); // rounded up: 33.34 % is above a 33.33 % limit
  });

  it('computes tax after the line and sale discounts', () => {
    // 2 × 19.99 with 10 % off the line: 39.98 − 4.00 = 35.98; a 1,249.00 laptop; then 5.00 off the sale.
    const t = invoiceTotals([line(2000, 1999, { discount: { kind: 'percent', value: 1000 } }), line(1000, 124_900)], {
      kind: 'amount',
      value: 500,
    });
    expect(t.lines.map((l) => [l.grossMinor, l.discountMinor, l.netMinor])).toEqual([
      [3998, 400, 3598],
      [124_900, 0, 124_900],
    ]);
    expect(t.subtotalMinor).toBe(128_498);
    expect(t.lineDiscountMinor).toBe(400);
    expect(t.discountMinor).toBe(500);
    // The sale discount is shared in proportion and adds up exactly.
    expect(t.lines.reduce((s, l) => s + l.saleShareMinor, 0)).toBe(500);
    expect(t.taxableMinor).toBe(127_998);
    expect(t.taxMinor).toBe(9600); // 127,998 × 7.5 % = 9,599.85 → 9,600
    expect(t.totalMinor).toBe(128_498 - 500 + 9600);
  });

  it('shares a sale discount by largest remainder, so untaxed lines keep their part out of the tax', () => {
    const t = invoiceTotals([line(1000, 100), line(1000, 100), line(1000, 100, { taxable: false })], {
      kind: 'amount',
      value: 100,
    });
    expect(t.lines.map((l) => l.saleShareMinor)).toEqual([34, 33, 33]);
    expect(t.taxableMinor).toBe(200 - 67);
  });

  it('leaves totals as before when nothing is discounted', () => {
    const t = invoiceTotals([line(1000, 50_000), line(2000, 12_500)]);
    expect([t.subtotalMinor, t.taxMinor, t.totalMinor, t.discountMinor]).toEqual([75_000, 5625, 80_625, 0]);
  });
});
