// Refund payment: money back on one invoice's part of a payment, in full or in part, by a method or to the
// customer's store credit. The service holds the rules (never more than was paid, a manager's approval, the till's
// cash); its refusals show here.
import { useState, type FormEvent } from 'react';
import type { PaymentRow } from '../../core/model.ts';
import { localDate } from '../../core/dates.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { useApproval } from '../components/ManagerApproval.tsx';
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

export function RefundDialog({
  payment,
  onClose,
  onDone,
}: {
  payment: PaymentRow;
  onClose: () => void;
  /** After the refund is recorded: the payment as it is now, and the amount refunded as shown. */
  onDone: (payment: PaymentRow, amountText: string) => void;
}) {
  const api = useApi();
  const approve = useApproval();
  const money = useMoney();
  const info = useApiQuery('appInfo', {});
  const methodList = useApiQuery('listPaymentMethods', {});
  const walkIn = info.status === 'ok' && info.data.defaultCustomerId === payment.customerId;
  const remaining = (invoiceId: number | undefined) => {
    const part = payment.invoices.find((i) => i.id === invoiceId);
    return part ? Math.max(0, part.amountMinor - part.refundedMinor) : 0;
  };
  const [invoiceId, setInvoiceId] = useState<number | undefined>(
    (payment.invoices.find((i) => i.amountMinor > i.refundedMinor) ?? payment.invoices[0])?.id,
  );
  const [amountText, setAmountText] = useState(() => money.input(remaining(invoiceId)));
  const [amountError, setAmountError] = useState<string | null>(null);
  const [to, setTo] = useState<'method' | 'credit'>('method');
  const [methodId, setMethodId] = useState<number>(payment.methodId);
  const [details, setDetails] = useState({ reference: '', date: localDate(new Date()), notes: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The payment's own method stays offered even if it was archived since.
  const methods = activeMethods(methodList.data);
  const offered = methods.some((m) => m.id === payment.methodId)
    ? methods
    : [
        { id: payment.methodId, name: payment.methodName, kind: payment.methodKind, isDefault: false, archived: true },
        ...methods,
      ];
  const chosen = payment.invoices.find((i) => i.id === invoiceId);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const amount = readAmount(money, amountText);
    if (!amount.ok) return setAmountError(amount.message);
    setAmountError(null);
    setBusy(true);
    // A cashier's refund needs a manager: the approval dialog asks for one's PIN and retries with it.
    const outcome = await approve((approvalPin) =>
      api.refundPayment({
        paymentId: payment.id,
        ...(invoiceId !== undefined ? { invoiceId } : {}),
        amountMinor: amount.minor,
        to,
        ...(to === 'method' ? { methodId } : {}),
        reference: details.reference.trim(),
        ...(details.date ? { refundedOn: details.date } : {}),
        notes: details.notes,
        ...(approvalPin ? { approvalPin } : {}),
      }),
    );
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error.code === 'cancelled' ? null : outcome.error.message);
    onDone(outcome.value, money.text(amount.minor));
    return undefined;
  }

  return (
    <Dialog title="Refund payment" onClose={onClose} className="money">
      <p className="dialog-sub">
        {payment.number} from {payment.customerName}: {money.total(payment.amountMinor)} by {payment.methodName} on{' '}
        {payment.paidOn}
        {payment.refundedMinor > 0 ? `, ${money.total(payment.refundedMinor)} refunded so far` : ''}.
      </p>
      <form className="form" onSubmit={(e) => void submit(e)}>
        {payment.invoices.length > 1 ? (
          <label className="field">
            <span>Invoice</span>
            <select
              value={invoiceId ?? ''}
              onChange={(e) => {
                const id = Number(e.target.value);
                setInvoiceId(id);
                setAmountText(money.input(remaining(id)));
                setAmountError(null);
              }}
            >
              {payment.invoices.map((i) => (
                <option key={i.id} value={i.id}>
                  {`${i.number}: ${money.text(Math.max(0, i.amountMinor - i.refundedMinor))} refundable`}
                </option>
              ))}
            </select>
          </label>
        ) : (
          chosen && (
            <p>
              On {chosen.number}: {money.total(remaining(chosen.id))} refundable.
            </p>
          )
        )}
        <AmountField
          label="Amount"
          value={amountText}
          error={amountError}
          autoFocus
          onChange={(text) => {
            setAmountText(text);
            setAmountError(null);
          }}
        />
        <fieldset className="choice">
          <legend>To</legend>
          <label className="check">
            <input type="radio" name="refund-to" checked={to === 'method'} onChange={() => setTo('method')} />
            Original method
          </label>
          {to === 'method' && <MethodSelect value={methodId} methods={offered} onChange={setMethodId} />}
          <StoreCreditOption
            name="refund-to"
            label="Store credit"
            checked={to === 'credit'}
            walkIn={walkIn}
            onChange={() => setTo('credit')}
          />
        </fieldset>
        <PaymentDetails
          reference={details.reference}
          date={details.date}
          notes={details.notes}
          onChange={(patch) => setDetails((d) => ({ ...d, ...patch }))}
        />
        <FormEnd error={error} submit="Record refund" disabled={busy} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
