// Service work → Estimates: the list (number, customer, date, expiry, status, total; filtered by status) and New
// estimate. One estimate opens in EstimateScreen (EST-000001's editor, status actions and conversions).
import { useState } from 'react';
import { estimateStatusLabel, type EstimateStatus } from '../../core/enums.ts';
import { useApiQuery } from '../api/ApiProvider.tsx';
import { DocumentTable } from '../components/DocumentTable.tsx';
import { FilterSelect, QueryError } from '../components/Filters.tsx';
import { useMoney } from '../components/ShopFormat.tsx';
import { useNav } from '../stores/nav.ts';

export { EstimateScreen } from './EstimateScreen.tsx';

export function EstimatesScreen() {
  const go = useNav((s) => s.go);
  const money = useMoney();
  const [status, setStatus] = useState<EstimateStatus | ''>('');
  const list = useApiQuery('listEstimates', status ? { status } : {});

  return (
    <section className="estimates" aria-labelledby="estimates-title">
      <div className="screen-head">
        <h1 id="estimates-title">Estimates</h1>
        <button type="button" onClick={() => go({ name: 'estimate', id: null })}>
          New estimate
        </button>
      </div>
      <div className="filters">
        <FilterSelect
          label="Status"
          value={status}
          any="Any status"
          options={Object.entries(estimateStatusLabel)}
          onChange={(v) => setStatus(v as EstimateStatus | '')}
        />
      </div>
      <QueryError state={list} />
      <DocumentTable
        label="Estimates"
        rows={list.data}
        loaded={list.status === 'ok'}
        empty={'No estimates yet.'}
        open={(e) => go({ name: 'estimate', id: e.id })}
        columns={[
          { header: 'Customer', cell: (e) => e.customerName },
          { header: 'Date', cell: (e) => e.estimateDate },
          { header: 'Expiry', cell: (e) => e.expiryDate },
          { header: 'Status', cell: (e) => estimateStatusLabel[e.status] },
          { header: 'Total', num: true, cell: (e) => money.text(e.totalMinor) },
        ]}
      />
    </section>
  );
}
