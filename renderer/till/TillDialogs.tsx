// The till's dialogs: cash in or out (amount and reason), opening the drawer without a sale (a manager approves), and
// closing the till with the counted cash, by denomination or as a total. The service holds the rules; its refusals
// show here and nothing typed is lost.
import { useState, type FormEvent } from 'react';
import type { TillReport, TillSession } from '../../core/model.ts';
import { useApi } from '../api/ApiProvider.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { NOT_APPROVED, useApproval } from '../components/ManagerApproval.tsx';
import { useMoney } from '../components/ShopFormat.tsx';
import { AmountField, FormEnd } from '../money/fields.tsx';
import { denominationsOf } from './denominations.ts';

export type CashKind = 'cash_in' | 'cash_out';
export const cashLabel: Record<CashKind, string> = { cash_in: 'Cash in', cash_out: 'Cash out' };

function ReasonField({
  value,
  onChange,
  required,
}: {
  value: string;
  onChange: (v: string) => void;
  required?: boolean;
}) {
  return (
    <label className="field">
      <span>Reason</span>
      <input value={value} maxLength={200} required={required} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}

export function CashDialog({
  kind,
  onClose,
  onDone,
}: {
  kind: CashKind;
  onClose: () => void;
  onDone: (till: TillSession, text: string) => void;
}) {
  const api = useApi();
  const money = useMoney();
  const [amount, setAmount] = useState('');
  const [amountError, setAmountError] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const read = money.read(amount);
    if (!read.ok) return setAmountError(read.message);
    setAmountError(null);
    if (!reason.trim()) return setError('Enter a reason.');
    setBusy(true);
    const outcome = await api.tillCash({ kind, amountMinor: read.minor, reason: reason.trim() });
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error.message);
    onDone(outcome.value, `${cashLabel[kind]}: ${money.total(read.minor)} (${reason.trim()}).`);
    return undefined;
  }

  return (
    <Dialog title={cashLabel[kind]} onClose={onClose}>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <AmountField
          label="Amount"
          value={amount}
          error={amountError}
          autoFocus
          onChange={(text) => {
            setAmount(text);
            setAmountError(null);
          }}
        />
        <ReasonField value={reason} onChange={setReason} />
        <FormEnd error={error} submit={cashLabel[kind]} disabled={busy} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

/** A no-sale: the drawer opens without a sale. A cashier needs a manager's PIN (the approval dialog asks). */
export function DrawerDialog({
  onClose,
  onDone,
}: {
  onClose: () => void;
  onDone: (till: TillSession, text: string) => void;
}) {
  const api = useApi();
  const approve = useApproval();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const outcome = await approve((approvalPin) =>
      api.openDrawer({ reason: reason.trim(), ...(approvalPin ? { approvalPin } : {}) }),
    );
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error.code === 'cancelled' ? NOT_APPROVED : outcome.error.message);
    const approvedBy = outcome.value.movements.at(-1)?.approvedBy;
    onDone(outcome.value, `The drawer was opened without a sale${approvedBy ? ` (approved by ${approvedBy})` : ''}.`);
    return undefined;
  }

  return (
    <Dialog title="Open drawer" onClose={onClose}>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <p className="dialog-sub">Opening the drawer without a sale needs a Manager or Admin.</p>
        <ReasonField value={reason} onChange={setReason} />
        <FormEnd error={error} submit="Open drawer" disabled={busy} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

type CountMode = 'denominations' | 'total';

/** Close till: the counted cash by denomination (a row per note and coin) or as a total; the Z report follows. */
export function CloseTillDialog({
  till,
  onClose,
  onClosed,
}: {
  till: TillSession;
  onClose: () => void;
  onClosed: (report: TillReport) => void;
}) {
  const api = useApi();
  const money = useMoney();
  const values = denominationsOf(money.format.currency);
  const [mode, setMode] = useState<CountMode>('denominations');
  const [counts, setCounts] = useState<Record<number, string>>({});
  const [total, setTotal] = useState('');
  const [totalError, setTotalError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const parsed = values.map((valueMinor) => {
    const text = (counts[valueMinor] ?? '').trim();
    const count = text === '' ? 0 : /^\d{1,6}$/.test(text) ? Number(text) : null;
    return { valueMinor, text, count };
  });
  const bad = parsed.filter((d) => d.count === null);
  const countedMinor = parsed.reduce((sum, d) => sum + (d.count ?? 0) * d.valueMinor, 0);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    let input: { id: number; countedMinor?: number; denominations?: Array<{ valueMinor: number; count: number }> };
    if (mode === 'total') {
      const read = money.read(total);
      if (!read.ok) return setTotalError(read.message);
      setTotalError(null);
      input = { id: till.id, countedMinor: read.minor };
    } else {
      if (bad.length > 0) return setError('Enter each count as a whole number of notes or coins.');
      input = {
        id: till.id,
        denominations: parsed.map((d) => ({ valueMinor: d.valueMinor, count: d.count ?? 0 })),
      };
    }
    setBusy(true);
    const outcome = await api.closeTill(input);
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error.message);
    onClosed(outcome.value);
    return undefined;
  }

  return (
    <Dialog title="Close till" onClose={onClose} className="close-till">
      <form className="form" onSubmit={(e) => void submit(e)}>
        <fieldset className="count-mode">
          <legend>Count the cash</legend>
          <label className="check">
            <input
              type="radio"
              name="count-mode"
              checked={mode === 'denominations'}
              onChange={() => setMode('denominations')}
            />
            By denomination
          </label>
          <label className="check">
            <input type="radio" name="count-mode" checked={mode === 'total'} onChange={() => setMode('total')} />
            As a total
          </label>
        </fieldset>
        {mode === 'denominations' ? (
          <div className="slip-scroll">
            <table className="list denominations" aria-label="Cash count">
              <thead>
                <tr>
                  <th scope="col">Denomination</th>
                  <th scope="col">Count</th>
                  <th scope="col" className="num">
                    Amount
                  </th>
                </tr>
              </thead>
              <tbody>
                {parsed.map((d, i) => (
                  <tr key={d.valueMinor}>
                    <th scope="row" className="num">
                      {money.text(d.valueMinor)}
                    </th>
                    <td>
                      <input
                        className="qty num"
                        inputMode="numeric"
                        aria-label={`Count of ${money.text(d.valueMinor)}`}
                        aria-invalid={d.count === null ? true : undefined}
                        value={d.text}
                        {...(i === 0 ? { 'data-autofocus': true } : {})}
                        onChange={(e) => setCounts((c) => ({ ...c, [d.valueMinor]: e.target.value }))}
                      />
                    </td>
                    <td className="num">{d.count === null ? '' : money.text(d.count * d.valueMinor)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={2}>
                    Counted
                  </th>
                  <td className="num">{money.total(countedMinor)}</td>
                </tr>
              </tfoot>
            </table>
          </div>
        ) : (
          <AmountField
            label="Counted cash"
            value={total}
            error={totalError}
            autoFocus
            onChange={(text) => {
              setTotal(text);
              setTotalError(null);
            }}
          />
        )}
        <FormEnd error={error} submit="Close till" danger disabled={busy} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
