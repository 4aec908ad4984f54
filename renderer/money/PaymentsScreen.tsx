// The Payments page: every payment with its customer, method, the invoices it applied to, amount and refunds;
// filtered by customer, method and dates, a page at a time. Refund a payment, or receive one for a customer.
import { useState } from 'react';
import { useApiQuery } from '../api/ApiProvider.tsx';
import { FilterSelect, QueryError, recordOptions } from '../components/Filters.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';
import { PAGE_SIZE, Pager } from '../components/Pager.tsx';
import { useMoney } from '../components/ShopFormat.tsx';
import { PaymentsTable } from './PaymentsTable.tsx';
import { ReceivePaymentDialog } from './ReceivePaymentDialog.tsx';

export const FROM_AFTER_TO = 'From is after To: choose a From date on or before the To date.';

export function PaymentsScreen() {
  const money = useMoney();
  const customers = useApiQuery('listCustomers', {});
  const methods = useApiQuery('listPaymentMethods', {});
  const [customerId, setCustomerId] = useState<number | undefined>();
  const [methodId, setMethodId] = useState<number | undefined>();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [offset, setOffset] = useState(0);
  const [receiving, setReceiving] = useState(false);
  const [message, setMessage] = useState<ScreenMessage>(null);
  const badRange = Boolean(from && to && from > to);
  const filtered = customerId !== undefined || methodId !== undefined || Boolean(from) || Boolean(to);
  const list = useApiQuery(
    'listPayments',
    {
      ...(customerId ? { customerId } : {}),
      ...(methodId ? { methodId } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      limit: PAGE_SIZE,
      offset,
    },
    !badRange,
  );
  const filter =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setOffset(0);
    };

  return (
    <section className="payments" aria-label="Payments">
      <div className="screen-head">
        <h1>Payments</h1>
        <button type="button" onClick={() => setReceiving(true)}>
          Receive payment
        </button>
      </div>
      <div className="filters">
        <FilterSelect
          label="Customer"
          value={customerId === undefined ? '' : String(customerId)}
          any="All customers"
          options={recordOptions(customers.data)}
          onChange={filter((v: string) => setCustomerId(v ? Number(v) : undefined))}
        />
        <FilterSelect
          label="Method"
          value={methodId === undefined ? '' : String(methodId)}
          any="All methods"
          options={recordOptions(methods.data)}
          onChange={filter((v: string) => setMethodId(v ? Number(v) : undefined))}
        />
        <label className="field">
          <span>From</span>
          <input type="date" value={from} onChange={(e) => filter(setFrom)(e.target.value)} />
        </label>
        <label className="field">
          <span>To</span>
          <input type="date" value={to} onChange={(e) => filter(setTo)(e.target.value)} />
        </label>
      </div>
      <Message message={message} />
      {badRange ? (
        <p role="alert" className="message error">
          {FROM_AFTER_TO}
        </p>
      ) : (
        <>
          <QueryError state={list} />
          {list.status === 'loading' && <p role="status">Loading payments…</p>}
          {list.status === 'ok' && (
            <>
              <PaymentsTable
                label="Payments"
                rows={list.data.rows}
                empty={filtered ? 'No payments match these filters.' : 'No payments yet.'}
                onRefunded={(p, amount) =>
                  setMessage({ tone: 'ok', text: `Refunded ${amount} of ${p.number} (${p.customerName}).` })
                }
              />
              <Pager offset={offset} count={list.data.rows.length} total={list.data.total} onOffset={setOffset} />
            </>
          )}
        </>
      )}
      {receiving && (
        <ReceivePaymentDialog
          customerId={customerId ?? null}
          onClose={() => setReceiving(false)}
          onDone={(p) => {
            setReceiving(false);
            setMessage({
              tone: 'ok',
              text: `Recorded ${p.number}: ${money.total(p.amountMinor)} from ${p.customerName}.`,
            });
          }}
        />
      )}
    </section>
  );
}
