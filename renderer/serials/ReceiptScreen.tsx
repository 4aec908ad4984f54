import { receiptSourceLabel } from '../../core/enums.ts';
import { useApiQuery } from '../api/ApiProvider.tsx';
import { useMoney, useTimes } from '../components/ShopFormat.tsx';
import { PrintLabelsButton } from '../labels/PrintLabelsDialog.tsx';
import { useNav } from '../stores/nav.ts';

/** A goods receipt as a document: what came in, where, and from which order or file. */
export function ReceiptScreen({ id }: { id: number }) {
  const go = useNav((s) => s.go);
  const money = useMoney();
  const times = useTimes();
  const q = useApiQuery('getReceipt', { id });
  if (q.status === 'loading') return <p role="status">Loading…</p>;
  if (q.status === 'error')
    return (
      <p role="alert" className="message error">
        {q.error.message}
      </p>
    );
  const r = q.data;
  return (
    <section className="receipt" aria-label={`Goods receipt ${r.number}`}>
      <div className="screen-head">
        <h1>Goods receipt {r.number}</h1>
        {r.lines.some((l) => l.serials.length > 0) && <PrintLabelsButton units={{ receiptId: r.id }} />}
      </div>
      <dl className="facts">
        <dt>Kind</dt>
        <dd>{receiptSourceLabel[r.source]}</dd>
        {r.purchaseOrder && (
          <>
            <dt>Purchase order</dt>
            <dd>
              <button
                type="button"
                className="link"
                onClick={() => go({ name: 'purchaseOrder', id: r.purchaseOrder!.id })}
              >
                {r.purchaseOrder.number}
              </button>
            </dd>
          </>
        )}
        {r.goodsIssue && (
          <>
            <dt>Reverses</dt>
            <dd>
              <button type="button" className="link" onClick={() => go({ name: 'goodsIssue', id: r.goodsIssue!.id })}>
                {r.goodsIssue.number}
              </button>
            </dd>
          </>
        )}
        {r.reference && (
          <>
            <dt>Reference</dt>
            <dd>{r.reference}</dd>
          </>
        )}
        <dt>Location</dt>
        <dd>{r.locationName}</dd>
        <dt>Received</dt>
        <dd>
          {times.dateTime(r.receivedAt)} by {r.actor}
        </dd>
      </dl>
      <table className="list" aria-label="Received lines">
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col" className="num">
              Qty
            </th>
            <th scope="col" className="num">
              Unit cost
            </th>
            <th scope="col">Serials</th>
          </tr>
        </thead>
        <tbody>
          {r.lines.map((l, i) => (
            <tr key={i}>
              <td>
                {l.productName} ({l.sku})
              </td>
              <td className="num">{money.qty(l.qty)}</td>
              <td className="num">{money.text(l.unitCostMinor)}</td>
              <td className="mono">{l.serials.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
