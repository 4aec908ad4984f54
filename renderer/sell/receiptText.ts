// A receipt as plain text: what Email receipt puts in the message body, in the
// shop's money format. The printed receipt is renderer/receipt's.
import type { SaleReceipt } from '../../core/model.ts';
import { formatMoney, formatQtyMilli, type MoneyFormat } from '../../core/money.ts';
import { discountText } from './sale.ts';

export function receiptText(r: SaleReceipt, money: MoneyFormat, at: string): string {
  const m = (minor: number) => formatMoney(minor, money);
  const width = r.width === '58' ? 32 : 42;
  const row = (left: string, right: string) =>
    `${left}${' '.repeat(Math.max(1, width - left.length - right.length))}${right}`;
  const rule = '-'.repeat(width);
  const out: string[] = [
    r.shop.name,
    ...r.shop.address.split('\n'),
    r.shop.phone,
    r.shop.taxId && `Tax ID ${r.shop.taxId}`,
  ];
  out.push(rule, r.kind === 'refund' ? `REFUND ${r.number} (sale ${r.originalNumber ?? ''})` : `Receipt ${r.number}`);
  out.push(at, `Cashier: ${r.cashier}`, ...(r.customerIsWalkIn ? [] : [`Customer: ${r.customerName}`]), rule);
  for (const l of r.lines) {
    out.push(l.description);
    out.push(row(`  ${formatQtyMilli(l.qty, money.locale)} x ${m(l.unitPriceMinor)}`, m(l.lineTotalMinor)));
    if (l.discount) {
      out.push(
        `  Discount ${discountText(l.discount, money)} -${m(l.discount.minor)}${l.discount.reason ? ` (${l.discount.reason})` : ''}`,
      );
    }
    for (const s of l.serials) out.push(`  SN: ${s}`);
  }
  out.push(rule, row('Subtotal', m(r.subtotalMinor)));
  if (r.discount) {
    out.push(
      row(
        `Discount ${discountText(r.discount, money)}${r.discount.reason ? ` (${r.discount.reason})` : ''}`,
        `-${m(r.discount.minor)}`,
      ),
    );
  }
  for (const t of r.taxes) out.push(row(t.name, m(t.taxMinor)));
  out.push(row('TOTAL', formatMoney(r.totalMinor, money, { symbol: true })));
  for (const t of r.tenders) {
    out.push(row(`${t.methodName}${t.reference ? ` ${t.reference}` : ''}`, m(t.tenderedMinor)));
  }
  if (r.changeMinor > 0) out.push(row('Change', m(r.changeMinor)));
  if (r.footer) out.push(rule, r.footer);
  return out.filter((line) => line !== '').join('\n');
}
