// The deposit dialogs of a ticket's Actions. Take deposit: a deposit product (its amount computed: fixed, or its
// percentage of the ticket's pending charges) or an amount typed, then the payment (method, reference); one command
// makes the paid DEP- invoice and the ticket's negative charge. Refund deposit: all or part of what is left, to the
// payment's method or to store credit (a manager approves). The store holds the rules; refusals show here and
// nothing typed is lost.
import { useState, type FormEvent } from 'react';
import type { TicketDeposit, TicketDeposits } from '../../core/model.ts';
import { formatPercent } from '../../core/money.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { useApproval } from '../components/ManagerApproval.tsx';
import { useMoney } from '../components/ShopFormat.tsx';
import { activeMethods, AmountField, FormEnd, MethodSelect, ReferenceField } from '../money/fields.tsx';

/** A percentage of an amount, rounded half up to the cent, as the store computes it (db/services/deposits.ts). */
const percentOf = (amountMinor: number, bp: number) => (amountMinor <= 0 ? 0 : Math.round((amountMinor * bp) / 10_000));

export function TakeDepositDialog({
  ticketId,
  deposits,
  onClose,
  onDone,
}: {
  ticketId: number;
  deposits: TicketDeposits;
  onClose: () => void;
  /** The DEP- invoice's number and the amount as shown. */
  onDone: (invoiceNumber: string, amountText: string) => void;
}) {
  const api = useApi();
  const money = useMoney();
  const methodList = useApiQuery('listPaymentMethods', {});
  const methods = activeMethods(methodList.data);
  const [productId, setProductId] = useState<number | null>(null);
  const [amountText, setAmountText] = useState('');
  const [amountError, setAmountError] = useState<string | null>(null);
  const [chosenMethod, setMethodId] = useState<number | null>(null);
  const methodId = chosenMethod ?? (methods.find((m) => m.isDefault) ?? methods[0])?.id ?? null;
  const [reference, setReference] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pending = deposits.pendingTotalMinor;

  function choose(id: number | null) {
    setProductId(id);
    setAmountError(null);
    const product = deposits.products.find((p) => p.id === id);
    if (!product) return;
    setAmountText(money.input(product.kind === 'fixed' ? product.amountMinor : percentOf(pending, product.percentBp)));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const amount = money.read(amountText);
    if (!amount.ok) return setAmountError(amount.message);
    setAmountError(null);
    if (methodId === null) return setError('Choose a payment method.');
    setBusy(true);
    const before = new Set(deposits.deposits.map((d) => d.chargeId));
    const outcome = await api.takeDeposit({
      ticketId,
      ...(productId !== null ? { depositProductId: productId } : {}),
      amountMinor: amount.minor,
      methodId,
      reference: reference.trim(),
    });
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error.message);
    const taken = outcome.value.deposits.find((d) => !before.has(d.chargeId));
    onDone(taken?.invoiceNumber ?? '', money.total(amount.minor));
    return undefined;
  }

  return (
    <Dialog title="Take deposit" onClose={onClose} className="money">
      <p className="dialog-sub">
        {deposits.ticketNumber}: pending charges <strong>{money.total(pending)}</strong>.
      </p>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span>Deposit product</span>
          <select
            value={productId ?? ''}
            onChange={(e) => choose(e.target.value === '' ? null : Number(e.target.value))}
          >
            <option value="">Enter the amount</option>
            {deposits.products.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} (
                {p.kind === 'fixed'
                  ? money.total(p.amountMinor)
                  : `${formatPercent(p.percentBp, money.format.locale)}%`}
                )
              </option>
            ))}
          </select>
        </label>
        <AmountField
          label="Deposit amount"
          value={amountText}
          error={amountError}
          autoFocus
          onChange={(text) => {
            setAmountText(text);
            setAmountError(null);
          }}
        />
        <MethodSelect value={methodId} methods={methods} onChange={setMethodId} />
        <ReferenceField value={reference} onChange={setReference} />
        <FormEnd error={error} submit="Take deposit" disabled={busy || methodId === null} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

export function RefundDepositDialog({
  deposit,
  onClose,
  onDone,
}: {
  deposit: TicketDeposit;
  onClose: () => void;
  /** The amount refunded, as shown. */
  onDone: (amountText: string) => void;
}) {
  const api = useApi();
  const approve = useApproval();
  const money = useMoney();
  const [amountText, setAmountText] = useState(() => money.input(deposit.leftMinor));
  const [amountError, setAmountError] = useState<string | null>(null);
  const [to, setTo] = useState<'method' | 'credit'>('method');
  const [reference, setReference] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const amount = money.read(amountText);
    if (!amount.ok) return setAmountError(amount.message);
    setAmountError(null);
    setBusy(true);
    const outcome = await approve((approvalPin) =>
      api.refundDeposit({
        chargeId: deposit.chargeId,
        amountMinor: amount.minor,
        to,
        reference: reference.trim(),
        ...(approvalPin ? { approvalPin } : {}),
      }),
    );
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error.message);
    onDone(money.total(amount.minor));
    return undefined;
  }

  return (
    <Dialog title="Refund deposit" onClose={onClose} className="money">
      <p className="dialog-sub">
        {deposit.invoiceNumber}: <strong>{money.total(deposit.leftMinor)}</strong> left of{' '}
        {money.total(deposit.amountMinor)}.
      </p>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <AmountField
          label="Refund amount"
          value={amountText}
          error={amountError}
          autoFocus
          onChange={(text) => {
            setAmountText(text);
            setAmountError(null);
          }}
        />
        <fieldset>
          <legend>Refund to</legend>
          <label className="check">
            <input type="radio" name="deposit-refund-to" checked={to === 'method'} onChange={() => setTo('method')} />
            {deposit.methodName || 'The payment’s method'}
          </label>
          <label className="check">
            <input type="radio" name="deposit-refund-to" checked={to === 'credit'} onChange={() => setTo('credit')} />
            Store credit
          </label>
        </fieldset>
        <ReferenceField value={reference} onChange={setReference} />
        <FormEnd error={error} submit="Refund deposit" disabled={busy} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
