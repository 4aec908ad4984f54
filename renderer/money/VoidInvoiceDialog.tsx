// Void invoice: says what will happen (status Void, which serials go back in stock and where, which stock is
// returned, the number kept) and, when money was paid on it, makes the user choose: refund the payments (each by
// its own method, or all by one) or keep them as the customer's store credit. Money is never lost.
import { useState, type FormEvent } from 'react';
import type { Invoice } from '../../core/model.ts';
import { formatQtyMilli } from '../../core/money.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { useApproval } from '../components/ManagerApproval.tsx';
import { useMoney } from '../components/ShopFormat.tsx';
import { activeMethods, FormEnd, MethodSelect, ReferenceField, StoreCreditOption } from './fields.tsx';

type Choice = 'refund' | 'credit';
/** A refund goes back by each payment's own method (a card payment to the card), or all by one method. */
type RefundBy = 'own' | 'one';

export function VoidInvoiceDialog({
  invoice,
  onClose,
  onVoided,
}: {
  invoice: Invoice;
  onClose: () => void;
  onVoided: (invoice: Invoice) => void;
}) {
  const api = useApi();
  const approve = useApproval();
  const money = useMoney();
  const methodList = useApiQuery('listPaymentMethods', {});
  // A refund gives money back by a method; keeping it as credit is the other choice, not a method.
  const methods = activeMethods(methodList.data).filter((m) => m.kind !== 'store_credit');
  const [choice, setChoice] = useState<Choice | null>(null);
  const [refundBy, setRefundBy] = useState<RefundBy>('own');
  const [chosenMethod, setMethodId] = useState<number | null>(null);
  const methodId = chosenMethod ?? (methods.find((m) => m.isDefault) ?? methods[0])?.id ?? null;
  const [reference, setReference] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const serials = invoice.lines.flatMap((l) => l.serials.map((s) => ({ ...s, product: l.productName ?? '' })));
  // A draft took no stock (its serials were only reserved), so voiding one returns none.
  const stockLines = invoice.status === 'draft' ? [] : invoice.lines.filter((l) => l.movesStock);
  const refundable = invoice.payments
    .map((p) => ({ ...p, openMinor: p.amountMinor - p.refundedMinor }))
    .filter((p) => p.openMinor > 0);
  const byOne = choice === 'refund' && refundBy === 'one';
  const paid = invoice.paidMinor > 0;
  const walkIn = invoice.customerIsWalkIn;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (paid && choice === null)
      return setError(`Choose what happens to the ${money.total(invoice.paidMinor)} paid: refund it or keep it.`);
    if (byOne && methodId === null) return setError('Choose the method the refund is paid by.');
    setBusy(true);
    // A cashier's void needs a manager: the approval dialog asks for one's PIN and retries with it.
    const outcome = await approve((approvalPin) =>
      api.voidInvoice({
        id: invoice.id,
        revision: invoice.revision,
        ...(paid && choice ? { payments: choice } : {}),
        // No method: the service refunds each payment by its own method.
        ...(paid && choice === 'refund' ? { reference: reference.trim() } : {}),
        ...(paid && byOne && methodId !== null ? { methodId } : {}),
        ...(approvalPin ? { approvalPin } : {}),
      }),
    );
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error.code === 'cancelled' ? null : outcome.error.message);
    onVoided(outcome.value);
    return undefined;
  }

  return (
    <Dialog title={`Void invoice ${invoice.number}?`} onClose={onClose} className="money">
      <form className="form" onSubmit={(e) => void submit(e)}>
        <ul className="void-effects" aria-label="What voiding does">
          <li>Its status becomes Void; this cannot be undone.</li>
          {serials.length > 0 && (
            <li>
              {serials.length === 1 ? '1 serial goes' : `${serials.length} serials go`} back in stock at{' '}
              {invoice.locationName}: {serials.map((s) => `${s.serial} (${s.product})`).join(', ')}.
            </li>
          )}
          {stockLines.length > 0 && (
            <li>
              Stock is returned for{' '}
              {stockLines
                .map((l) => `${l.productName ?? l.description} × ${formatQtyMilli(l.qty, money.format.locale)}`)
                .join(', ')}
              .
            </li>
          )}
          <li>It keeps its number, {invoice.number}: invoice numbers stay without gaps.</li>
        </ul>
        {paid && (
          <fieldset className="choice">
            <legend>{money.total(invoice.paidMinor)} was paid on it</legend>
            <label className="check">
              <input
                type="radio"
                name="void-payments"
                checked={choice === 'refund'}
                onChange={() => setChoice('refund')}
              />
              Refund the payments
            </label>
            {choice === 'refund' && (
              <>
                <fieldset className="choice">
                  <legend>Refund by</legend>
                  <label className="check">
                    <input
                      type="radio"
                      name="void-refund-by"
                      checked={refundBy === 'own'}
                      onChange={() => setRefundBy('own')}
                    />
                    Each payment's own method
                  </label>
                  {refundBy === 'own' && (
                    <ul className="void-refunds" aria-label="Refunds by payment">
                      {refundable.map((p) => (
                        <li key={p.paymentId}>{`${p.number} ${p.methodName} ${money.text(p.openMinor)}`}</li>
                      ))}
                    </ul>
                  )}
                  <label className="check">
                    <input
                      type="radio"
                      name="void-refund-by"
                      checked={refundBy === 'one'}
                      onChange={() => setRefundBy('one')}
                    />
                    One method for all
                  </label>
                  {refundBy === 'one' && (
                    <MethodSelect label="Refund method" value={methodId} methods={methods} onChange={setMethodId} />
                  )}
                </fieldset>
                <ReferenceField value={reference} onChange={setReference} />
              </>
            )}
            <StoreCreditOption
              name="void-payments"
              label="Keep as store credit"
              checked={choice === 'credit'}
              walkIn={walkIn}
              onChange={() => setChoice('credit')}
            />
          </fieldset>
        )}
        <FormEnd error={error} submit="Void invoice" danger disabled={busy} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
