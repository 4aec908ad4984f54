// Stock → Goods issues: the list (newest first, by status) and New goods issue; one issue opens GoodsIssueScreen.
import { useState } from 'react';
import { goodsIssueReasonLabel, goodsIssueStatusLabel, type GoodsIssueStatus } from '../../core/enums.ts';
import { useApiQuery } from '../api/ApiProvider.tsx';
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
      <table className="list" aria-label="Goods issues">
        <thead>
          <tr>
            <th scope="col">Number</th>
            <th scope="col">Location</th>
            <th scope="col">Reason</th>
            <th scope="col">Status</th>
            <th scope="col">Date</th>
            <th scope="col" className="num">
              Lines
            </th>
          </tr>
        </thead>
        <tbody>
          {list.status === 'ok' && list.data.rows.length === 0 && (
            <tr>
              <td colSpan={6} className="empty">
                No goods issues yet.
              </td>
            </tr>
          )}
          {list.data?.rows.map((gi) => (
            <tr key={gi.id}>
              <td>
                <button type="button" className="link" onClick={() => go({ name: 'goodsIssue', id: gi.id })}>
                  {gi.number}
                </button>
              </td>
              <td>{gi.locationName}</td>
              <td>
                {goodsIssueReasonLabel[gi.reason]}
                {gi.reasonText && <span className="meta"> {gi.reasonText}</span>}
              </td>
              <td>
                {goodsIssueStatusLabel[gi.status]}
                {gi.reversal && <span className="meta"> · reversed on {gi.reversal.number}</span>}
              </td>
              <td>{times.dateTime(gi.postedAt ?? gi.createdAt)}</td>
              <td className="num">{gi.lineCount}</td>
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
