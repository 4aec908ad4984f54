// Stock → Transfers: the list of transfers (newest first, by status; those with units still missing), with what needs a
// follow-up beside the status (units missing, lines received short), and the way to a new one. One transfer's screen
// is TransferScreen.tsx (re-exported here, where the screen table looks for it).
import { useState } from 'react';
import { transferStatusLabel, type TransferStatus } from '../../core/enums.ts';
import type { TransferSummary } from '../../core/model.ts';
import { useApiQuery } from '../api/ApiProvider.tsx';
import { FilterSelect, QueryError } from '../components/Filters.tsx';
import { PAGE_SIZE, Pager } from '../components/Pager.tsx';
import { useTimes } from '../components/ShopFormat.tsx';
import { useNav } from '../stores/nav.ts';

export { TransferScreen } from './TransferScreen.tsx';

export function TransfersScreen() {
  const go = useNav((s) => s.go);
  const times = useTimes();
  const [status, setStatus] = useState<TransferStatus | ''>('');
  const [missingOnly, setMissingOnly] = useState(false);
  const [offset, setOffset] = useState(0);
  const list = useApiQuery('listTransfers', {
    ...(status ? { status } : {}),
    ...(missingOnly ? { missingUnits: true } : {}),
    limit: PAGE_SIZE,
    offset,
  });

  return (
    <section className="transfers" aria-label="Transfers">
      <div className="screen-head">
        <h1>Transfers</h1>
        <button type="button" onClick={() => go({ name: 'transfer', id: null })}>
          New transfer
        </button>
      </div>
      <div className="filters">
        <FilterSelect
          label="Status"
          value={status}
          any="Any status"
          options={Object.entries(transferStatusLabel)}
          onChange={(v) => {
            setStatus(v as TransferStatus | '');
            setOffset(0);
          }}
        />
        <label className="check">
          <input
            type="checkbox"
            checked={missingOnly}
            onChange={(e) => {
              setMissingOnly(e.target.checked);
              setOffset(0);
            }}
          />{' '}
          With missing units
        </label>
      </div>
      <QueryError state={list} />
      <table className="list" aria-label="Transfers">
        <thead>
          <tr>
            <th scope="col">Number</th>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Lines
            </th>
            <th scope="col">Date</th>
          </tr>
        </thead>
        <tbody>
          {list.status === 'ok' && list.data.rows.length === 0 && (
            <tr>
              <td colSpan={6} className="empty">
                {missingOnly
                  ? 'No transfers with missing units.'
                  : status
                    ? 'No transfers with this status.'
                    : 'No transfers yet.'}
              </td>
            </tr>
          )}
          {list.data?.rows.map((t) => (
            <tr key={t.id}>
              <td>
                <button type="button" className="link" onClick={() => go({ name: 'transfer', id: t.id })}>
                  {t.number}
                </button>
              </td>
              <td>{t.fromLocationName}</td>
              <td>{t.toLocationName}</td>
              <td>{statusText(t)}</td>
              <td className="num">{t.lines}</td>
              <td>{times.dateTime(t.receivedAt ?? t.sentAt ?? t.createdAt)}</td>
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

/** The status and what still needs a follow-up: "Received · 1 missing · 1 line short". */
function statusText(t: TransferSummary): string {
  const signs = [transferStatusLabel[t.status]];
  if (t.missingUnits > 0) signs.push(`${t.missingUnits} missing`);
  if (t.shortLines > 0) signs.push(`${t.shortLines} line${t.shortLines === 1 ? '' : 's'} short`);
  return signs.join(' · ');
}
