import { useState } from 'react';
import type { PurchaseOrderStatus } from '../../core/model.ts';
import { poStatusLabel } from '../../core/enums.ts';
import { formatMinor } from '../../core/money.ts';
import { useApiQuery } from '../api/ApiProvider.tsx';
import { useNav } from '../stores/nav.ts';

const PAGE = 50;

export function PurchaseOrdersScreen() {
  const go = useNav((s) => s.go);
  const [status, setStatus] = useState<PurchaseOrderStatus | ''>('');
  const [offset, setOffset] = useState(0);
  const list = useApiQuery('listPurchaseOrders', { ...(status ? { status } : {}), limit: PAGE, offset });

  return (
    <section className="purchase-orders" aria-label="Purchase orders">
      <div className="screen-head">
        <h1>Purchase orders</h1>
        <button type="button" onClick={() => go({ name: 'purchaseOrder', id: null, nonce: Date.now() })}>New purchase order</button>
      </div>
      <div className="filters">
        <label className="field"><span>Status</span>
          <select value={status} onChange={(e) => { setStatus(e.target.value as PurchaseOrderStatus | ''); setOffset(0); }}>
            <option value="">Any status</option>
            {Object.entries(poStatusLabel).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
          </select>
        </label>
      </div>
      {list.status === 'error' && <p role="alert" className="message error">{list.error.message}</p>}
      <table className="list" aria-label="Purchase orders">
        <thead>
          <tr><th scope="col">Number</th><th scope="col">Vendor</th><th scope="col">Location</th><th scope="col">Status</th><th scope="col" className="num">Received</th><th scope="col" className="num">Cost</th></tr>
        </thead>
        <tbody>
          {list.status === 'ok' && list.data.rows.length === 0 && <tr><td colSpan={6} className="empty">No purchase orders yet.</td></tr>}
          {list.data?.rows.map((po) => (
            <tr key={po.id}>
              <td><button type="button" className="link" onClick={() => go({ name: 'purchaseOrder', id: po.id, nonce: Date.now() })}>{po.number}</button></td>
              <td>{po.vendorName}</td>
              <td>{po.locationName}</td>
              <td>{poStatusLabel[po.status]}</td>
              <td className="num">{po.qtyReceived} / {po.qtyOrdered}</td>
              <td className="num">{formatMinor(po.totalCostMinor)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.status === 'ok' && list.data.total > PAGE && (
        <div className="pager">
          <span>{`${offset + 1}–${Math.min(offset + PAGE, list.data.total)} of ${list.data.total}`}</span>
          <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>Previous</button>
          <button type="button" disabled={offset + PAGE >= list.data.total} onClick={() => setOffset(offset + PAGE)}>Next</button>
        </div>
      )}
    </section>
  );
}
