// The sale's money beside the lines: the total large, with the currency, always in view; then the subtotal, each
// discount with its reason, and tax per rate.
import { formatRate, type Totals } from '../../core/money.ts';
import { useMoney } from '../components/ShopFormat.tsx';
import { lineName, type DraftLine } from '../invoice/draft.ts';
import { discountText, type SaleDiscounts } from './sale.ts';

export function SaleTotals({
  totals,
  discounts,
  lines,
}: {
  totals: Totals;
  discounts: SaleDiscounts;
  lines: readonly DraftLine[];
}) {
  const money = useMoney();
  const discounted = lines.flatMap((l, i) => {
    const d = discounts.lines[l.key];
    return d ? [{ key: l.key, name: lineName(l), d, minor: totals.lines[i]?.discountMinor ?? 0 }] : [];
  });
  return (
    <div className="sale-totals">
      <dl className="sale-total">
        <dt id="sale-total-label">Total</dt>
        <dd className="total-figure" aria-labelledby="sale-total-label">
          {money.total(totals.totalMinor)}
        </dd>
        <dd className="currency">{money.format.currency}</dd>
      </dl>
      <table className="totals" aria-label="Totals">
        <tbody>
          <tr>
            <th scope="row">Subtotal</th>
            <td>{money.text(totals.subtotalMinor + totals.lineDiscountMinor)}</td>
          </tr>
          {discounted.map((x) => (
            <tr key={x.key} className="discount">
              <th scope="row">
                {x.name} −{discountText(x.d, money.format)}
                {x.d.reason && <span className="meta"> ({x.d.reason})</span>}
              </th>
              <td>−{money.text(x.minor)}</td>
            </tr>
          ))}
          {discounts.sale && totals.discountMinor > 0 && (
            <tr className="discount">
              <th scope="row">
                Sale discount −{discountText(discounts.sale, money.format)}
                {discounts.sale.reason && <span className="meta"> ({discounts.sale.reason})</span>}
              </th>
              <td>−{money.text(totals.discountMinor)}</td>
            </tr>
          )}
          {totals.taxes.map((t) => (
            <tr key={`${t.rateBp}|${t.name}`}>
              <th scope="row">{t.name.includes('%') ? t.name : `${t.name} ${formatRate(t.rateBp)}`.trim()}</th>
              <td>{money.text(t.taxMinor)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
