// Take payment on one invoice: an amount (the balance unless changed), a method, reference, date and notes. The
// service holds the rules (above 0, not above the balance unless the excess is kept as store credit, store credit
// limited to what the customer has); its refusals show here and nothing typed is lost.
import { useState, type FormEvent } from 'react';
import type { Invoice } from '../../core/model.ts';
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

export function TakePaymentDialog({
  invoice,
  onClose,
  onPaid,
}: {
  invoice: Invoice;
  onClose: () => void;
  /** After the payment is recorded: the invoice as it is now, the amount as shown, and the part kept as credit. */
  onPaid: (invoice: Invoice, amountText: string, creditMinor: number) => void;
}) {
  const api = useApi();
  const money = useMoney();
  const methodList = useApiQuery('listPaymentMethods', {});
  const methods = activeMethods(methodList.data);
  const [amountText, setAmountText] = useState(() => money.input(invoice.balanceMinor));
  const [amountError, setAmountError] = useState<string | null>(null);
  const [chosenMethod, setMethodId] = useState<number | null>(null);
  const methodId = chosenMethod ?? (methods.find((m) => m.isDefault) ?? methods[0])?.id ?? null;
  const method = methods.find((m) => m.id === methodId);
  const [details, setDetails] = useState({ reference: '', date: localDate(new Date()), notes: '' });
  const [excessToCredit, setExcessToCredit] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const walkIn = invoice.customerIsWalkIn;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const amount = readAmount(money, amountText);
    if (!amount.ok) return setAmountError(amount.message);
    setAmountError(null);
    if (methodId === null) return setError('Choose a payment method.');
    setBusy(true);
    const outcome = await api.takePayment({
      invoiceId: invoice.id,
      amountMinor: amount.minor,
      methodId,
      reference: details.reference.trim(),
      ...(details.date ? { paidOn: details.date } : {}),
      notes: details.notes,
      excessToCredit,
    });
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error.message);
    const credit = excessToCredit ? Math.max(0, amount.minor - invoice.balanceMinor) : 0;
    onPaid(outcome.value, money.total(amount.minor), credit);
    return undefined;
  }

  return (
    <Dialog title="Take Payment" onClose={onClose} className="money">
      <p className="dialog-sub">
        {invoice.number} for {invoice.customerName}: balance due <strong>{money.total(invoice.balanceMinor)}</strong> of{' '}
        {money.total(invoice.totalMinor)}.
      </p>
      <form className="form" onSubmit={(e) => void submit(e)}>
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
        <MethodSelect value={methodId} methods={methods} onChange={setMethodId} />
        {method?.kind === 'store_credit' && !walkIn && (
          <p className="hint">
            {invoice.customerName} has {money.total(invoice.customerCreditMinor)} of store credit.
          </p>
        )}
        <PaymentDetails
          reference={details.reference}
          date={details.date}
          notes={details.notes}
          onChange={(patch) => setDetails((d) => ({ ...d, ...patch }))}
        />
        <StoreCreditOption
          label="Keep the excess as store credit"
          checked={excessToCredit}
          walkIn={walkIn}
          onChange={setExcessToCredit}
        />
        <FormEnd error={error} submit="Record payment" disabled={busy || methodId === null} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
