import { useState } from 'react';
import { DocumentTable } from '../components/DocumentTable.tsx';
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
      <DocumentTable
        label="Purchase orders"
        rows={list.data?.rows}
        loaded={list.status === 'ok'}
        empty={'No purchase orders yet.'}
        open={(po) => go({ name: 'purchaseOrder', id: po.id })}
        columns={[
          { header: 'Vendor', cell: (po) => po.vendorName },
          { header: 'Location', cell: (po) => po.locationName },
          { header: 'Status', cell: (po) => poStatusLabel[po.status] },
          { header: 'Received', num: true, cell: (po) => `${money.qty(po.qtyReceived)} / ${money.qty(po.qtyOrdered)}` },
          { header: 'Cost', num: true, cell: (po) => money.text(po.totalCostMinor) },
        ]}
      />
      {list.status === 'ok' && (
        <Pager offset={offset} count={list.data.rows.length} total={list.data.total} onOffset={setOffset} />
      )}
    </section>
  );
}
