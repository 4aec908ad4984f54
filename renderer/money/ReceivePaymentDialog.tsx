// Receive Payment: one amount from a customer, split across their open invoices. The default split is oldest first
// and follows the amount until the user edits a part; what the parts leave can be kept as store credit. One payment
// record with its allocations (receivePayment).
import { useId, useState, type FormEvent } from 'react';
import type { InvoiceSummary, PaymentRow } from '../../core/model.ts';
import type { Minor } from '../../core/money.ts';
import { localDate } from '../../core/dates.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { useMoney } from '../components/ShopFormat.tsx';
import {
  activeMethods,
  AmountField,
  FormEnd,
  MethodSelect,
  PaymentDetails,
  readAmount,
  StoreCreditOption,
} from './fields.tsx';
import { InvoiceSummaryTable } from './InvoiceSummaryTable.tsx';

/** The amount spread over the invoices in the order given (oldest first), each up to its balance. */
export function splitOldestFirst(amountMinor: Minor, invoices: readonly InvoiceSummary[]): Map<number, Minor> {
  let left = Math.max(0, amountMinor);
  const parts = new Map<number, Minor>();
  for (const inv of invoices) {
    const part = Math.min(left, Math.max(0, inv.balanceMinor));
    parts.set(inv.id, part);
    left -= part;
  }
  return parts;
}

export function ReceivePaymentDialog({
  customerId,
  onClose,
  onDone,
}: {
  /** The customer paying; null: the dialog asks for one. */
  customerId: number | null;
  onClose: () => void;
  onDone: (payment: PaymentRow) => void;
}) {
  const api = useApi();
  const money = useMoney();
  const partsId = useId();
  const partErrorId = (invoiceId: number) => `${partsId}-part-${invoiceId}`;
  const info = useApiQuery('appInfo', {});
  const methodList = useApiQuery('listPaymentMethods', {});
  const customers = useApiQuery('listCustomers', {}, customerId === null);
  const [customer, setCustomer] = useState<number | null>(customerId);
  // Not called until a customer is chosen; while another customer's invoices load, the last ones are not offered.
  const open = useApiQuery('openInvoices', { customerId: customer ?? 0 }, customer !== null);
  const invoices = open.status === 'ok' ? open.data.filter((inv) => inv.customerId === customer) : [];
  const [amountText, setAmountText] = useState('');
  const [amountError, setAmountError] = useState<string | null>(null);
  const [methodId, setMethodId] = useState<number | null>(null);
  const [details, setDetails] = useState({ reference: '', date: localDate(new Date()), notes: '' });
  /** The parts as typed, once the user has edited one; null while the split follows the amount. */
  const [edited, setEdited] = useState<Record<number, string> | null>(null);
  const [partErrors, setPartErrors] = useState<Record<number, string>>({});
  const [toCredit, setToCredit] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const methods = activeMethods(methodList.data);
  const method = methodId ?? methods.find((m) => m.isDefault)?.id ?? methods[0]?.id ?? null;
  const walkIn = info.status === 'ok' && customer !== null && info.data.defaultCustomerId === customer;
  const typed = money.read(amountText);
  const amountMinor = typed.ok ? typed.minor : 0;
  const auto = splitOldestFirst(amountMinor, invoices);
  const partText = (id: number) => edited?.[id] ?? money.input(auto.get(id) ?? 0);
  const partMinor = (id: number) => {
    const part = money.read(partText(id));
    return part.ok ? part.minor : 0;
  };
  const applied = invoices.reduce((sum, inv) => sum + partMinor(inv.id), 0);
  const remainder = amountMinor - applied;

  function editPart(id: number, text: string) {
    const base = edited ?? Object.fromEntries(invoices.map((inv) => [inv.id, money.input(auto.get(inv.id) ?? 0)]));
    setEdited({ ...base, [id]: text });
    setPartErrors(({ [id]: _gone, ...rest }) => rest);
    setError(null);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (customer === null) return setError('Choose the customer who is paying.');
    const amount = readAmount(money, amountText);
    if (!amount.ok) return setAmountError(amount.message);
    setAmountError(null);
    const errors: Record<number, string> = {};
    const allocations: Array<{ invoiceId: number; amountMinor: number }> = [];
    for (const inv of invoices) {
      const text = partText(inv.id);
      if (!text.trim()) continue;
      const part = readAmount(money, text);
      if (!part.ok) errors[inv.id] = part.message;
      else if (part.minor > 0) allocations.push({ invoiceId: inv.id, amountMinor: part.minor });
    }
    setPartErrors(errors);
    if (Object.keys(errors).length > 0) return undefined;
    const sum = allocations.reduce((s, a) => s + a.amountMinor, 0);
    if (method === null) return setError('Choose a payment method.');
    setBusy(true);
    const outcome = await api.receivePayment({
      customerId: customer,
      amountMinor: amount.minor,
      methodId: method,
      reference: details.reference.trim(),
      ...(details.date ? { paidOn: details.date } : {}),
      notes: details.notes,
      allocations,
      remainderToCredit: sum < amount.minor && toCredit,
    });
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error.message);
    onDone(outcome.value);
    return undefined;
  }

  return (
    <Dialog title="Receive Payment" onClose={onClose} className="money wide">
      <form className="form" onSubmit={(e) => void submit(e)}>
        {customerId === null && (
          <label className="field">
            <span>Customer</span>
            <select
              value={customer ?? ''}
              onChange={(e) => {
                setCustomer(e.target.value ? Number(e.target.value) : null);
                setEdited(null);
                setPartErrors({});
                setToCredit(false);
              }}
            >
              <option value="">Choose a customer</option>
              {customers.data?.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <AmountField
          label="Amount"
          value={amountText}
          error={amountError}
          autoFocus={customerId !== null}
          onChange={(text) => {
            setAmountText(text);
            setAmountError(null);
            setError(null);
          }}
        />
        <MethodSelect value={method} methods={methods} onChange={setMethodId} />
        <PaymentDetails
          reference={details.reference}
          date={details.date}
          notes={details.notes}
          onChange={(patch) => setDetails((d) => ({ ...d, ...patch }))}
        />
        {customer !== null && open.status === 'error' && (
          <p role="alert" className="message error">
            {open.error.message}
          </p>
        )}
        {customer !== null && open.status === 'ok' && (
          <InvoiceSummaryTable
            label="Open invoices"
            invoices={invoices}
            empty="No open invoices."
            numberHeading="Invoice"
            total={false}
            extra={{
              heading: 'Apply',
              cell: (inv) => (
                <>
                  <input
                    inputMode="decimal"
                    className="num"
                    aria-label={`Apply to ${inv.number}`}
                    value={partText(inv.id)}
                    aria-invalid={partErrors[inv.id] ? true : undefined}
                    aria-describedby={partErrors[inv.id] ? partErrorId(inv.id) : undefined}
                    onChange={(e) => editPart(inv.id, e.target.value)}
                  />
                  {partErrors[inv.id] && (
                    <small id={partErrorId(inv.id)} role="alert" className="message error">
                      {partErrors[inv.id]}
                    </small>
                  )}
                </>
              ),
            }}
          />
        )}
        {edited && (
          <button type="button" className="link" onClick={() => setEdited(null)}>
            Split oldest first again
          </button>
        )}
        <p aria-live="polite">
          {remainder >= 0
            ? `Remainder: ${money.total(remainder)}`
            : `The parts are ${money.total(-remainder)} more than the amount.`}
        </p>
        <StoreCreditOption
          label="Keep the remainder as store credit"
          checked={toCredit}
          walkIn={walkIn}
          onChange={setToCredit}
        />
        <FormEnd error={error} submit="Record payment" disabled={busy} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
