// A receipt as the counter prints it (80 or 58 mm): the shop, when and who, the lines with quantity, price and
// discount and the serial numbers under each serial-tracked line, tax per rate, the total, each tender and the
// change, the footer, and the number as a Code 128 barcode. A return's receipt says REFUND, its credit note's number
// and the sale it returns, the lines and units back, and where the money went.
import type { Ref } from 'react';
import type { AppliedDiscount, SaleReceipt } from '../../core/model.ts';
import { formatPercent, formatQtyMilli } from '../../core/money.ts';
import { useMoney, useTimes, type Money } from '../components/ShopFormat.tsx';
import { Code128 } from './Barcode.tsx';
import './receipt.css';

export function ReceiptView({ receipt, ref }: { receipt: SaleReceipt; ref?: Ref<HTMLElement> }) {
  const money = useMoney();
  const times = useTimes();
  const r = receipt;
  const refund = r.kind === 'refund';
  const qty = (n: number) => formatQtyMilli(n, money.format.locale);
  return (
    <article ref={ref} className={`slip receipt paper-${r.width}`} aria-label={`Receipt ${r.number}`}>
      <header className="slip-head">
        {r.shop.name && <strong className="slip-shop">{r.shop.name}</strong>}
        {r.shop.address && <span className="slip-address">{r.shop.address}</span>}
        {r.shop.phone && <span>{r.shop.phone}</span>}
        {r.shop.taxId && <span>Tax ID: {r.shop.taxId}</span>}
      </header>
      {refund && <p className="slip-title">REFUND</p>}
      <dl className="slip-facts">
        <dt>{refund ? 'Credit note' : 'Receipt'}</dt>
        <dd>{r.number}</dd>
        {r.originalNumber && (
          <>
            <dt>Original invoice</dt>
            <dd>{r.originalNumber}</dd>
          </>
        )}
        <dt>Date</dt>
        <dd>{times.dateTime(r.at)}</dd>
        {r.cashier && (
          <>
            <dt>Cashier</dt>
            <dd>{r.cashier}</dd>
          </>
        )}
        {!r.customerIsWalkIn && (
          <>
            <dt>Customer</dt>
            <dd>{r.customerName}</dd>
          </>
        )}
      </dl>
      <ul className="slip-lines" aria-label={refund ? 'Returned items' : 'Items'}>
        {r.lines.map((line, i) => (
          <li key={i}>
            <div className="slip-row">
              <span className="slip-desc">{line.description}</span>
              <span className="num">{money.text(line.lineTotalMinor)}</span>
            </div>
            <div className="slip-sub">
              {qty(line.qty)} × {money.text(line.unitPriceMinor)}
              {line.sku ? ` · ${line.sku}` : ''}
            </div>
            {line.discount && <DiscountRow label="Discount" discount={line.discount} money={money} sub />}
            {line.serials.length > 0 && (
              <ul className="slip-serials" aria-label={`Serial numbers of ${line.description}`}>
                {line.serials.map((s) => (
                  <li key={s}>SN: {s}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      <table className="slip-totals" aria-label="Receipt totals">
        <tbody>
          <Row label="Subtotal" minor={r.subtotalMinor} money={money} />
          {r.discount && (
            <tr>
              <th scope="row">{discountLabel('Sale discount', r.discount, money)}</th>
              <td className="num">{money.text(-r.discount.minor)}</td>
            </tr>
          )}
          {r.taxes.map((t) => (
            <Row key={`${t.name}-${t.rateBp}`} label={t.name} minor={t.taxMinor} money={money} />
          ))}
          <tr className="slip-total">
            <th scope="row">{refund ? 'Total refunded' : 'Total'}</th>
            <td className="num">{money.total(r.totalMinor)}</td>
          </tr>
        </tbody>
      </table>
      <table className="slip-tenders" aria-label={refund ? 'Refunded to' : 'Paid'}>
        <tbody>
          {r.tenders.map((t, i) => (
            <tr key={i}>
              <th scope="row">
                {t.methodName}
                {t.reference ? ` (${t.reference})` : ''}
              </th>
              <td className="num">{money.text(t.methodKind === 'cash' ? t.tenderedMinor : t.amountMinor)}</td>
            </tr>
          ))}
          {!refund && (
            <tr className="slip-change">
              <th scope="row">Change</th>
              <td className="num">{money.text(r.changeMinor)}</td>
            </tr>
          )}
        </tbody>
      </table>
      <Code128 value={r.barcode} />
      {r.footer && <p className="slip-footer">{r.footer}</p>}
    </article>
  );
}

function Row({ label, minor, money }: { label: string; minor: number; money: Money }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td className="num">{money.text(minor)}</td>
    </tr>
  );
}

function discountLabel(label: string, d: AppliedDiscount, money: Money): string {
  const rate = d.kind === 'percent' ? ` ${formatPercent(d.value, money.format.locale)}%` : '';
  return `${label}${rate}${d.reason ? ` (${d.reason})` : ''}`;
}

function DiscountRow(props: { label: string; discount: AppliedDiscount; money: Money; sub?: boolean }) {
  const { label, discount, money } = props;
  return (
    <div className={props.sub ? 'slip-row slip-sub' : 'slip-row'}>
      <span>{discountLabel(label, discount, money)}</span>
      <span className="num">{money.text(-discount.minor)}</span>
    </div>
  );
}
