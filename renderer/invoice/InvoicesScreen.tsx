import { useState } from 'react';
import { FilterSelect, QueryError, recordOptions } from '../components/Filters.tsx';
import { invoiceStatusLabel as statusLabel } from '../../core/enums.ts';
import { useApiQuery } from '../api/ApiProvider.tsx';
import { PAGE_SIZE, Pager } from '../components/Pager.tsx';
import { useMoney } from '../components/ShopFormat.tsx';
import { useNav } from '../stores/nav.ts';

export function InvoicesScreen() {
  const go = useNav((s) => s.go);
  const money = useMoney();
  const customers = useApiQuery('listCustomers', {});
  const [customerId, setCustomerId] = useState<number | undefined>();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [offset, setOffset] = useState(0);
  const list = useApiQuery('listInvoices', {
    ...(customerId ? { customerId } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    limit: PAGE_SIZE,
    offset,
  });

  return (
    <section className="invoices" aria-label="Invoices">
      <h1>Invoices</h1>
      <div className="filters">
        <FilterSelect
          label="Customer"
          value={customerId === undefined ? '' : String(customerId)}
          any="All customers"
          options={recordOptions(customers.data)}
          onChange={(v) => {
            setCustomerId(v ? Number(v) : undefined);
            setOffset(0);
          }}
        />
        <label className="field">
          <span>From</span>
          <input
            type="date"
            value={from}
            onChange={(e) => {
              setFrom(e.target.value);
              setOffset(0);
            }}
          />
        </label>
        <label className="field">
          <span>To</span>
          <input
            type="date"
            value={to}
            onChange={(e) => {
              setTo(e.target.value);
              setOffset(0);
            }}
          />
        </label>
      </div>
      <QueryError state={list} />
      {list.status === 'loading' && <p role="status">Loading invoices…</p>}
      {list.status === 'ok' && (
        <>
          <table className="list" aria-label="Saved invoices">
            <thead>
              <tr>
                <th scope="col">Number</th>
                <th scope="col">Customer</th>
                <th scope="col">Date</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.rows.length === 0 && (
                <tr>
                  <td colSpan={5} className="empty">
                    No invoices yet.
                  </td>
                </tr>
              )}
              {list.data.rows.map((inv) => (
                <tr key={inv.id}>
                  <td>
                    <button type="button" className="link" onClick={() => go({ name: 'invoice', invoiceId: inv.id })}>
                      {inv.number}
                    </button>
                  </td>
                  <td>{inv.customerName}</td>
                  <td>{inv.invoiceDate}</td>
                  <td>{statusLabel[inv.status]}</td>
                  <td className="num">{money.text(inv.totalMinor)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager offset={offset} count={list.data.rows.length} total={list.data.total} onOffset={setOffset} />
        </>
      )}
    </section>
  );
}
