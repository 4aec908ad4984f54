// A customer's page: what they owe (with aging), their store credit and its ledger, their invoices and payments,
// the serialized units they bought, each linking to its history, their contacts and assets (renderer/customers/).
// Receive a payment from here.
import { useState } from 'react';
import { serialStatusLabel, storeCreditKindLabel } from '../../core/enums.ts';
import type { CustomerAccount } from '../../core/model.ts';
import { useApiQuery } from '../api/ApiProvider.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';
import { useMoney, useTimes } from '../components/ShopFormat.tsx';
import { useNav } from '../stores/nav.ts';
import { InvoiceSummaryTable } from './InvoiceSummaryTable.tsx';
import { PaymentsTable } from './PaymentsTable.tsx';
import { ReceivePaymentDialog } from './ReceivePaymentDialog.tsx';
import { CustomerRecordsSections } from '../customers/CustomerRecordsSections.tsx';

const AGING: ReadonlyArray<readonly [keyof CustomerAccount['aging'], string]> = [
  ['currentMinor', 'Current'],
  ['days1to30Minor', '1–30 days'],
  ['days31to60Minor', '31–60 days'],
  ['days61to90Minor', '61–90 days'],
  ['over90Minor', '90+ days'],
];

export function CustomerScreen({ id }: { id: number }) {
  const go = useNav((s) => s.go);
  const money = useMoney();
  const times = useTimes();
  const account = useApiQuery('getCustomerAccount', { id });
  const [receiving, setReceiving] = useState(false);
  const [message, setMessage] = useState<ScreenMessage>(null);

  if (account.status === 'loading') return <p role="status">Loading…</p>;
  if (account.status === 'error')
    return (
      <p role="alert" className="message error">
        {account.error.message}
      </p>
    );
  const { customer, owedMinor, creditMinor, aging, invoices, payments, credit, units } = account.data;
  const openInvoice = (invoiceId: number, number: string) => (
    <button type="button" className="link" onClick={() => go({ name: 'invoice', invoiceId })}>
      {number}
    </button>
  );

  return (
    <section className="customer-account" aria-label={customer.name}>
      <button type="button" className="link" onClick={() => go({ name: 'customers' })}>
        ← Customers
      </button>
      <div className="screen-head">
        <h1>{customer.name}</h1>
        <button type="button" onClick={() => setReceiving(true)}>
          Receive payment
        </button>
      </div>
      <dl className="facts">
        <dt>Balance owed</dt>
        <dd>{money.total(owedMinor)}</dd>
        <dt>Store credit</dt>
        <dd>{money.total(creditMinor)}</dd>
        {customer.email && (
          <>
            <dt>Email</dt>
            <dd>{customer.email}</dd>
          </>
        )}
        {customer.phone && (
          <>
            <dt>Phone</dt>
            <dd>{customer.phone}</dd>
          </>
        )}
      </dl>
      <Message message={message} />

      <h2>Aging</h2>
      <table className="list aging" aria-label="Aging">
        <thead>
          <tr>
            {AGING.map(([key, label]) => (
              <th key={key} scope="col" className="num">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            {AGING.map(([key]) => (
              <td key={key} className="num">
                {money.text(aging[key])}
              </td>
            ))}
          </tr>
        </tbody>
      </table>

      <h2>Invoices</h2>
      <InvoiceSummaryTable
        label="Invoices"
        invoices={invoices}
        empty="No invoices yet."
        number={(inv) => openInvoice(inv.id, inv.number)}
      />

      <h2>Payments</h2>
      <PaymentsTable
        label="Payments"
        rows={payments}
        empty="No payments yet."
        showCustomer={false}
        onRefunded={(p, amount) => setMessage({ tone: 'ok', text: `Refunded ${amount} of ${p.number}.` })}
      />

      <h2>Store credit</h2>
      <table className="list" aria-label="Store credit">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Entry</th>
            <th scope="col">Document</th>
            <th scope="col" className="num">
              Amount
            </th>
            <th scope="col" className="num">
              Balance
            </th>
          </tr>
        </thead>
        <tbody>
          {credit.length === 0 && (
            <tr>
              <td colSpan={5} className="empty">
                No store credit yet.
              </td>
            </tr>
          )}
          {credit.map((entry) => (
            <tr key={entry.id}>
              <td>{times.dateTime(entry.at)}</td>
              <td>
                {storeCreditKindLabel[entry.kind]}
                {entry.note && <span className="meta"> {entry.note}</span>}
              </td>
              <td>
                {[entry.payment?.number, entry.invoice && openInvoice(entry.invoice.id, entry.invoice.number)]
                  .filter(Boolean)
                  .map((part, n) => (
                    <span key={n}>
                      {n > 0 && ', '}
                      {part}
                    </span>
                  ))}
              </td>
              <td className="num">{money.text(entry.amountMinor)}</td>
              <td className="num">{money.text(entry.balanceMinor)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Units bought</h2>
      <table className="list" aria-label="Units bought">
        <thead>
          <tr>
            <th scope="col">Serial</th>
            <th scope="col">Product</th>
            <th scope="col">Status</th>
            <th scope="col">Invoice</th>
          </tr>
        </thead>
        <tbody>
          {units.length === 0 && (
            <tr>
              <td colSpan={4} className="empty">
                No serialized units bought yet.
              </td>
            </tr>
          )}
          {units.map((u) => (
            <tr key={u.serialId}>
              <td>
                <button type="button" className="link mono" onClick={() => go({ name: 'serial', id: u.serialId })}>
                  {u.serial}
                </button>
              </td>
              <td>{u.productName}</td>
              <td>{serialStatusLabel[u.status]}</td>
              <td>{u.invoice && openInvoice(u.invoice.id, u.invoice.number)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <CustomerRecordsSections customerId={customer.id} />

      {receiving && (
        <ReceivePaymentDialog
          customerId={customer.id}
          onClose={() => setReceiving(false)}
          onDone={(p) => {
            setReceiving(false);
            setMessage({ tone: 'ok', text: `Recorded ${p.number}: ${money.total(p.amountMinor)}.` });
          }}
        />
      )}
    </section>
  );
}
