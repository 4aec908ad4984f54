// Stock → Goods issues: the list (newest first, by status) and New goods issue; one issue opens GoodsIssueScreen.
import { useState } from 'react';
import { goodsIssueReasonLabel, goodsIssueStatusLabel, type GoodsIssueStatus } from '../../core/enums.ts';
import { useApiQuery } from '../api/ApiProvider.tsx';
import { DocumentTable } from '../components/DocumentTable.tsx';
import { FilterSelect, QueryError } from '../components/Filters.tsx';
import { PAGE_SIZE, Pager } from '../components/Pager.tsx';
import { useTimes } from '../components/ShopFormat.tsx';
import { useNav } from '../stores/nav.ts';

export { GoodsIssueScreen } from './GoodsIssueScreen.tsx';

export function GoodsIssuesScreen() {
  const go = useNav((s) => s.go);
  const times = useTimes();
  const [status, setStatus] = useState<GoodsIssueStatus | ''>('');
  const [offset, setOffset] = useState(0);
  const list = useApiQuery('listGoodsIssues', { ...(status ? { status } : {}), limit: PAGE_SIZE, offset });

  return (
    <section className="goods-issues" aria-label="Goods issues">
      <div className="screen-head">
        <h1>Goods issues</h1>
        <button type="button" onClick={() => go({ name: 'goodsIssue', id: null })}>
          New goods issue
        </button>
      </div>
      <div className="filters">
        <FilterSelect
          label="Status"
          value={status}
          any="Any status"
          options={Object.entries(goodsIssueStatusLabel)}
          onChange={(v) => {
            setStatus(v as GoodsIssueStatus | '');
            setOffset(0);
          }}
        />
      </div>
      <QueryError state={list} />
      <DocumentTable
        label="Goods issues"
        rows={list.data?.rows}
        loaded={list.status === 'ok'}
        empty={'No goods issues yet.'}
        open={(gi) => go({ name: 'goodsIssue', id: gi.id })}
        columns={[
          { header: 'Location', cell: (gi) => gi.locationName },
          {
            header: 'Reason',
            cell: (gi) => (
              <>
                {goodsIssueReasonLabel[gi.reason]}
                {gi.reasonText && <span className="meta"> {gi.reasonText}</span>}
              </>
            ),
          },
          {
            header: 'Status',
            cell: (gi) => (
              <>
                {goodsIssueStatusLabel[gi.status]}
                {gi.reversal && <span className="meta"> · reversed on {gi.reversal.number}</span>}
              </>
            ),
          },
          { header: 'Date', cell: (gi) => times.dateTime(gi.postedAt ?? gi.createdAt) },
          { header: 'Lines', num: true, cell: (gi) => gi.lineCount },
        ]}
      />
      {list.status === 'ok' && (
        <Pager offset={offset} count={list.data.rows.length} total={list.data.total} onOffset={setOffset} />
      )}
    </section>
  );
}
