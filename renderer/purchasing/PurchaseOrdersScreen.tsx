import { useState } from 'react';
import { FilterSelect, QueryError } from '../components/Filters.tsx';
import type { PurchaseOrderStatus } from '../../core/model.ts';
import { poStatusLabel } from '../../core/enums.ts';
import { useApiQuery } from '../api/ApiProvider.tsx';
import { PAGE_SIZE, Pager } from '../components/Pager.tsx';
import { useMoney } from '../components/ShopFormat.tsx';
import { useNav } from '../stores/nav.ts';

export function PurchaseOrdersScreen() {
  const go = useNav((s) => s.go);
  const money = useMoney();
  const [status, setStatus] = useState<PurchaseOrderStatus | ''>('');
  const [offset, setOffset] = useState(0);
  const list = useApiQuery('listPurchaseOrders', { ...(status ? { status } : {}), limit: PAGE_SIZE, offset });

  return (
    <section className="purchase-orders" aria-label="Purchase orders">
      <div className="screen-head">
        <h1>Purchase orders</h1>
        <button type="button" onClick={() => go({ name: 'purchaseOrder', id: null })}>
          New purchase order
        </button>
      </div>
      <div className="filters">
        <FilterSelect
          label="Status"
          value={status}
          any="Any status"
          options={Object.entries(poStatusLabel)}
          onChange={(v) => {
            setStatus(v as PurchaseOrderStatus | '');
            setOffset(0);
          }}
        />
      </div>
      <QueryError state={list} />
      <table className="list" aria-label="Purchase orders">
        <thead>
          <tr>
            <th scope="col">Number</th>
            <th scope="col">Vendor</th>
            <th scope="col">Location</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Received
            </th>
            <th scope="col" className="num">
              Cost
            </th>
          </tr>
        </thead>
        <tbody>
          {list.status === 'ok' && list.data.rows.length === 0 && (
            <tr>
              <td colSpan={6} className="empty">
                No purchase orders yet.
              </td>
            </tr>
          )}
          {list.data?.rows.map((po) => (
            <tr key={po.id}>
              <td>
                <button type="button" className="link" onClick={() => go({ name: 'purchaseOrder', id: po.id })}>
                  {po.number}
                </button>
              </td>
              <td>{po.vendorName}</td>
              <td>{po.locationName}</td>
              <td>{poStatusLabel[po.status]}</td>
              <td className="num">
                {money.qty(po.qtyReceived)} / {money.qty(po.qtyOrdered)}
              </td>
              <td className="num">{money.text(po.totalCostMinor)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.status === 'ok' && (
        <Pager offset={offset} count={list.data.rows.length} total={list.data.total} onOffset={setOffset} />
      )}
    </section>
  );
}
