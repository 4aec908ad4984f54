// The return money rule (core/returnMoney.ts): cumulative credit per line, tax per rate that adds up to the invoice's,
// and the refund split over tenders (non-cash first, cash last, each at most what it has left).
import { describe, expect, it } from 'vitest';
import { taxOn } from '../../core/money.ts';
import { creditedAmount, refundDue, refundSplit, returnMoney, type ReturnMoneyLine } from '../../core/returnMoney.ts';

const line = (over: Partial<ReturnMoneyLine> = {}): ReturnMoneyLine => ({
  id: 1,
  qty: 3000,
  netMinor: 1_000,
  returnedQty: 0,
  returnedAmountMinor: 0,
  returnedTaxMinor: 0,
  taxable: true,
  taxRateBp: 750,
  taxRateName: 'Sales tax 7.5%',
  ...over,
});

describe('returnMoney', () => {
  it('credits a line cumulatively: three returns of one unit of 10.00 for 3 give 3.33, 3.34, 3.33', () => {
    const l = line();
    const parts = [0, 1000, 2000].map((returnedQty) => creditedAmount({ ...l, returnedQty }, 1000));
    expect(parts).toEqual([333, 334, 333]);
    expect(parts.reduce((a, n) => a + n, 0)).toBe(1_000);
    expect(creditedAmount(l, 4000)).toBe(1_000); // never more than the line
    expect(creditedAmount({ ...l, qty: 1500, netMinor: 5_000 }, 500)).toBe(1_667); // 0.5 of 1.5 h
  });

  it('takes tax per rate on everything returned less what earlier returns credited, so the tax adds up', () => {
    const lines = [line(), line({ id: 2, qty: 1000, netMinor: 1_999 })];
    const first = returnMoney(lines, [
      { lineId: 1, qty: 1000 },
      { lineId: 2, qty: 1000 },
    ]);
    expect(first).toMatchObject({ subtotalMinor: 333 + 1_999, taxMinor: taxOn(2_332, 750) });
    expect(first.lines.map((l) => l.taxMinor).reduce((a, n) => a + n, 0)).toBe(first.taxMinor);
    const after = [
      line({ returnedQty: 1000, returnedAmountMinor: 333, returnedTaxMinor: first.lines[0]!.taxMinor }),
      line({
        id: 2,
        qty: 1000,
        netMinor: 1_999,
        returnedQty: 1000,
        returnedAmountMinor: 1_999,
        returnedTaxMinor: first.lines[1]!.taxMinor,
      }),
    ];
    const rest = returnMoney(after, [{ lineId: 1, qty: 2000 }]);
    expect(first.taxMinor + rest.taxMinor).toBe(taxOn(2_999, 750));
    expect(first.totalMinor + rest.totalMinor).toBe(2_999 + taxOn(2_999, 750));
  });

  it('takes no tax on an untaxed line', () => {
    expect(returnMoney([line({ taxable: false })], [{ lineId: 1, qty: 3000 }])).toMatchObject({
      subtotalMinor: 1_000,
      taxMinor: 0,
      totalMinor: 1_000,
    });
  });
});

describe('refunds', () => {
  it('refunds only what is above the balance still owed', () => {
    expect(refundDue(5_000, 0)).toBe(5_000);
    expect(refundDue(5_000, 3_000)).toBe(2_000);
    expect(refundDue(5_000, 8_000)).toBe(0);
  });

  it('splits over the tenders non-cash first, cash last, each at most what it has left', () => {
    const tenders = [
      { name: 'cash', methodKind: 'cash' as const, refundableMinor: 4_000 },
      { name: 'card', methodKind: 'card' as const, refundableMinor: 10_000 },
      { name: 'other', methodKind: 'other' as const, refundableMinor: 0 },
    ];
    const split = refundSplit(tenders, 12_000);
    expect(split.parts.map((p) => [p.tender.name, p.amountMinor])).toEqual([
      ['card', 10_000],
      ['cash', 2_000],
    ]);
    expect(split.short).toBe(0);
    expect(refundSplit(tenders, 15_000).short).toBe(1_000);
  });
});
