// Service work → Estimates: the list (number, customer, date, expiry, status, total; filtered by status) and New
// estimate. One estimate opens in EstimateScreen (EST-000001's editor, status actions and conversions).
import { useState } from 'react';
import { estimateStatusLabel, type EstimateStatus } from '../../core/enums.ts';
import { useApiQuery } from '../api/ApiProvider.tsx';
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
      <table className="list" aria-label="Estimates">
        <thead>
          <tr>
            <th scope="col">Number</th>
            <th scope="col">Customer</th>
            <th scope="col">Date</th>
            <th scope="col">Expiry</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {list.status === 'ok' && list.data.length === 0 && (
            <tr>
              <td colSpan={6} className="empty">
                No estimates yet.
              </td>
            </tr>
          )}
          {list.data?.map((e) => (
            <tr key={e.id}>
              <td>
                <button type="button" className="link" onClick={() => go({ name: 'estimate', id: e.id })}>
                  {e.number}
                </button>
              </td>
              <td>{e.customerName}</td>
              <td>{e.estimateDate}</td>
              <td>{e.expiryDate}</td>
              <td>{estimateStatusLabel[e.status]}</td>
              <td className="num">{money.text(e.totalMinor)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
