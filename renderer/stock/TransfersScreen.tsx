// Stock → Transfers: the list of transfers (newest first, by status; those with units still missing), with what needs a
// follow-up beside the status (units missing, lines received short), and the way to a new one. One transfer's screen
// is TransferScreen.tsx (re-exported here, where the screen table looks for it).
import { useState } from 'react';
import { transferStatusLabel, type TransferStatus } from '../../core/enums.ts';
import type { TransferSummary } from '../../core/model.ts';
import { useApiQuery } from '../api/ApiProvider.tsx';
import { DocumentTable } from '../components/DocumentTable.tsx';
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
      <DocumentTable
        label="Transfers"
        rows={list.data?.rows}
        loaded={list.status === 'ok'}
        empty={
          missingOnly
            ? 'No transfers with missing units.'
            : status
              ? 'No transfers with this status.'
              : 'No transfers yet.'
        }
        open={(t) => go({ name: 'transfer', id: t.id })}
        columns={[
          { header: 'From', cell: (t) => t.fromLocationName },
          { header: 'To', cell: (t) => t.toLocationName },
          { header: 'Status', cell: statusText },
          { header: 'Lines', num: true, cell: (t) => t.lines },
          { header: 'Date', cell: (t) => times.dateTime(t.receivedAt ?? t.sentAt ?? t.createdAt) },
        ]}
      />
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
