// The Invoices page (Syncro's "one-stop shop"): at a glance (Outstanding, Overdue, Paid in the last 30 days), the list
// searched by number, customer or serial, filtered by status, customer and dates, sorted by any column and paged with
// its count; a preview of the selected invoice beside it; bulk actions on the ticked ones. Invoices a recurring
// template made show a cycle icon, and "Recurring only" lists just those.
import { useState } from 'react';
import { dateRangeProblem } from '../../core/dates.ts';
import {
  INVOICE_LIST_FILTERS,
  invoiceListFilterLabel,
  type InvoiceListFilter,
  type InvoiceSort,
} from '../../core/enums.ts';
import type { InvoiceSummary } from '../../core/model.ts';
import { useApiQuery } from '../api/ApiProvider.tsx';
import { FilterSelect, QueryError, recordOptions } from '../components/Filters.tsx';
import { PAGE_SIZE, Pager } from '../components/Pager.tsx';
import { useMoney } from '../components/ShopFormat.tsx';
import { InvoiceStatusBadge } from '../money/InvoiceStatusBadge.tsx';
import { useNav } from '../stores/nav.ts';
import { BulkActions, BulkReportMessage, type BulkReport } from './BulkActions.tsx';
import { InvoiceGlance } from './InvoiceGlance.tsx';
import { InvoicePreview } from './InvoicePreview.tsx';

type Dir = 'asc' | 'desc';
const COLUMNS: ReadonlyArray<{ sort: InvoiceSort; label: string; first: Dir; num?: boolean }> = [
  { sort: 'number', label: 'Number', first: 'desc' },
  { sort: 'date', label: 'Date', first: 'desc' },
  { sort: 'due', label: 'Due date', first: 'asc' },
  { sort: 'customer', label: 'Customer', first: 'asc' },
  { sort: 'status', label: 'Status', first: 'asc' },
  { sort: 'total', label: 'Total', first: 'desc', num: true },
  { sort: 'balance', label: 'Balance', first: 'desc', num: true },
];
const STATUS_OPTIONS = INVOICE_LIST_FILTERS.map((s) => [s, invoiceListFilterLabel[s]] as const);

export function InvoicesScreen() {
  const go = useNav((s) => s.go);
  const money = useMoney();
  const customers = useApiQuery('listCustomers', {});
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<InvoiceListFilter | ''>('');
  const [customerId, setCustomerId] = useState<number | undefined>();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [recurringOnly, setRecurringOnly] = useState(false);
  const [sort, setSort] = useState<{ by: InvoiceSort; dir: Dir }>({ by: 'date', dir: 'desc' });
  const [offset, setOffset] = useState(0);
  const [previewId, setPreviewId] = useState<number | null>(null);
  const [picked, setPicked] = useState<ReadonlyMap<number, InvoiceSummary>>(new Map());
  const [report, setReport] = useState<BulkReport | null>(null);

  const text = search.trim();
  const rangeProblem = dateRangeProblem(from || undefined, to || undefined);
  const filtered = Boolean(text || status || customerId !== undefined || from || to || recurringOnly);
  const list = useApiQuery(
    'listInvoices',
    {
      ...(text ? { search: text } : {}),
      ...(status ? { status } : {}),
      ...(customerId ? { customerId } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(recurringOnly ? { recurring: true } : {}),
      sort: sort.by,
      dir: sort.dir,
      limit: PAGE_SIZE,
      offset,
    },
    !rangeProblem,
  );
  const rows = list.data?.rows ?? [];

  /** A filter change goes back to the first page and lets go of the ticked invoices (they may no longer show). */
  const filter =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setOffset(0);
      setPicked(new Map());
    };
  const toggle = (rowsToSet: readonly InvoiceSummary[], on: boolean) =>
    setPicked((current) => {
      const next = new Map(current);
      for (const r of rowsToSet) {
        if (on) next.set(r.id, r);
        else next.delete(r.id);
      }
      return next;
    });
  const pickedOnPage = rows.filter((r) => picked.has(r.id)).length;

  return (
    <section className="invoices" aria-label="Invoices">
      <h1>Invoices</h1>
      <InvoiceGlance active={status} onFilter={filter(setStatus)} />
      <div className="filters">
        <label className="field search">
          <span>Search</span>
          <input
            type="search"
            value={search}
            placeholder="Invoice number, customer or serial"
            onChange={(e) => filter(setSearch)(e.target.value)}
          />
        </label>
        <FilterSelect
          label="Status"
          value={status}
          any="Any status"
          options={STATUS_OPTIONS}
          onChange={filter((v: string) => setStatus(v as InvoiceListFilter | ''))}
        />
        <FilterSelect
          label="Customer"
          value={customerId === undefined ? '' : String(customerId)}
          any="All customers"
          options={recordOptions(customers.data)}
          onChange={filter((v: string) => setCustomerId(v ? Number(v) : undefined))}
        />
        <label className="field">
          <span>From</span>
          <input type="date" value={from} max={to || undefined} onChange={(e) => filter(setFrom)(e.target.value)} />
        </label>
        <label className="field">
          <span>To</span>
          <input type="date" value={to} min={from || undefined} onChange={(e) => filter(setTo)(e.target.value)} />
        </label>
        <label className="check">
          <input type="checkbox" checked={recurringOnly} onChange={(e) => filter(setRecurringOnly)(e.target.checked)} />
          <span>Recurring only</span>
        </label>
      </div>
      <div className="list-actions">
        <BulkActions
          selected={[...picked.values()]}
          onReport={(r, doneIds) => {
            setReport(r);
            if (doneIds.length > 0) toggle(doneIds.map((id) => picked.get(id)!).filter(Boolean), false);
          }}
        />
      </div>
      {report && <BulkReportMessage report={report} />}
      {rangeProblem ? (
        <p role="alert" className="message error">
          {rangeProblem}
        </p>
      ) : (
        <QueryError state={list} />
      )}
      {!rangeProblem && list.status === 'loading' && <p role="status">Loading invoices…</p>}
      {!rangeProblem && list.status === 'ok' && (
        <div className={`invoices-body${previewId === null ? '' : ' with-preview'}`}>
          <div className="invoices-list">
            <table className="list invoice-list" aria-label="Saved invoices">
              <thead>
                <tr>
                  <th scope="col" className="pick">
                    <input
                      type="checkbox"
                      aria-label="Select all invoices on this page"
                      checked={rows.length > 0 && pickedOnPage === rows.length}
                      ref={(el) => {
                        if (el) el.indeterminate = pickedOnPage > 0 && pickedOnPage < rows.length;
                      }}
                      disabled={rows.length === 0}
                      onChange={(e) => toggle(rows, e.target.checked)}
                    />
                  </th>
                  {COLUMNS.map((c) => {
                    const active = sort.by === c.sort;
                    return (
                      <th
                        key={c.sort}
                        scope="col"
                        className={c.num ? 'num' : undefined}
                        aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
                      >
                        <button
                          type="button"
                          className="sort"
                          onClick={() => {
                            setSort({ by: c.sort, dir: active ? (sort.dir === 'asc' ? 'desc' : 'asc') : c.first });
                            setOffset(0);
                          }}
                        >
                          {c.label}
                          <span aria-hidden="true" className="sort-mark">
                            {active ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                          </span>
                        </button>
                      </th>
                    );
                  })}
                  <th scope="col">
                    <span className="visually-hidden">Preview</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.length === 0 && (
                  <tr>
                    <td colSpan={COLUMNS.length + 2} className="empty">
                      {filtered ? 'No invoices match these filters.' : 'No invoices yet.'}
                    </td>
                  </tr>
                )}
                {rows.map((inv) => (
                  <tr
                    key={inv.id}
                    className={previewId === inv.id ? 'selected' : undefined}
                    onClick={(e) => {
                      // A click on the row (not on one of its controls) previews it.
                      if (!(e.target as HTMLElement).closest('button, input, a')) setPreviewId(inv.id);
                    }}
                  >
                    <td className="pick">
                      <input
                        type="checkbox"
                        aria-label={`Select ${inv.number}`}
                        checked={picked.has(inv.id)}
                        onChange={(e) => toggle([inv], e.target.checked)}
                      />
                    </td>
                    <td>
                      <button type="button" className="link" onClick={() => go({ name: 'invoice', invoiceId: inv.id })}>
                        {inv.number}
                      </button>
                      {inv.recurringTemplateNumber && (
                        <span
                          role="img"
                          className="recurring-mark"
                          aria-label={`Recurring: ${inv.recurringTemplateNumber}`}
                          title={`From ${inv.recurringTemplateNumber}`}
                        >
                          {' ↻'}
                        </span>
                      )}
                    </td>
                    <td>{inv.invoiceDate}</td>
                    <td>{inv.dueDate}</td>
                    <td>{inv.customerName}</td>
                    <td>
                      <InvoiceStatusBadge status={inv.status} overdue={inv.overdue} />
                    </td>
                    <td className="num">{money.text(inv.totalMinor)}</td>
                    <td className="num">{money.text(inv.balanceMinor)}</td>
                    <td>
                      <button
                        type="button"
                        className="icon"
                        aria-label={`Preview ${inv.number}`}
                        aria-pressed={previewId === inv.id}
                        onClick={() => setPreviewId(previewId === inv.id ? null : inv.id)}
                      >
                        Preview
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager offset={offset} count={rows.length} total={list.data.total} onOffset={setOffset} />
          </div>
          {previewId !== null && <InvoicePreview id={previewId} onClose={() => setPreviewId(null)} />}
        </div>
      )}
    </section>
  );
}
