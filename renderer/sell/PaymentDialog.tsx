// The Payment dialog: the amount due, the tender buttons (Cash, Card with a reference, Store credit when a customer is
// attached, Other), Amount tendered with quick-cash amounts, the tenders taken so far (a split tender lists each), and
// the change due. Enter in Amount tendered adds the tender and completes the sale once the tenders cover it.
import { useMemo, useRef, useState, type ReactNode } from 'react';
import type { PaymentMethod, PaymentMethodKind } from '../../core/model.ts';
import type { Minor } from '../../core/money.ts';
import { Dialog } from '../components/Dialog.tsx';
import { useMoney } from '../components/ShopFormat.tsx';
import { useScanTarget } from '../scanner/router.ts';
import { quickCashAmounts } from './quickCash.ts';

export type TenderKind = Extract<PaymentMethodKind, 'cash' | 'card' | 'store_credit' | 'other'>;

export interface Tender {
  kind: TenderKind;
  methodId: number;
  methodName: string;
  amountMinor: Minor;
  reference: string;
}

const KINDS: Array<{ kind: TenderKind; label: string }> = [
  { kind: 'cash', label: 'Cash' },
  { kind: 'card', label: 'Card' },
  { kind: 'store_credit', label: 'Store credit' },
  { kind: 'other', label: 'Other' },
];

interface Props {
  dueMinor: Minor;
  methods: readonly PaymentMethod[];
  /** The attached customer's store credit; null with the walk-in customer (no Store credit tender). */
  creditMinor: Minor | null;
  /** Takes the tenders; answers the refusal to show (and anything to show with it), or null when the sale is done. */
  onComplete: (tenders: Tender[]) => Promise<{ message: string; extra?: ReactNode } | null>;
  onClose: () => void;
  /** A refusal's sound. */
  onRefused: () => void;
}

export function PaymentDialog({ dueMinor, methods, creditMinor, onComplete, onClose, onRefused }: Props) {
  const money = useMoney();
  const [kind, setKind] = useState<TenderKind>('cash');
  const [amountText, setAmountText] = useState('');
  const [reference, setReference] = useState('');
  const [tenders, setTenders] = useState<Tender[]>([]);
  const [error, setError] = useState<{ message: string; extra?: ReactNode } | null>(null);
  const [busy, setBusy] = useState(false);
  const amountRef = useRef<HTMLInputElement>(null);
  const completeRef = useRef<HTMLButtonElement>(null);

  // The first active method of each kind stands for its tender button.
  const methodOf = useMemo(() => {
    const map = new Map<TenderKind, PaymentMethod>();
    for (const m of methods) {
      if (!m.archived && KINDS.some((k) => k.kind === m.kind) && !map.has(m.kind as TenderKind)) {
        map.set(m.kind as TenderKind, m);
      }
    }
    return map;
  }, [methods]);

  const paid = tenders.reduce((sum, t) => sum + t.amountMinor, 0);
  const left = Math.max(0, dueMinor - paid);
  const change = Math.max(0, paid - dueMinor);
  const covered = paid >= dueMinor;
  const creditLeft =
    creditMinor === null
      ? 0
      : creditMinor - tenders.filter((t) => t.kind === 'store_credit').reduce((s, t) => s + t.amountMinor, 0);
  const total = (minor: Minor) => money.total(minor);

  // A scan while paying adds nothing to the sale.
  useScanTarget(() => refuse('Finish or close the payment before scanning the next item.'));

  function refuse(message: string, extra?: ReactNode) {
    setError({ message, ...(extra ? { extra } : {}) });
    onRefused();
  }

  function choose(next: TenderKind) {
    setKind(next);
    setError(null);
    // A card, store credit or other tender pays what is left (store credit at most what the customer has).
    const filled =
      next === 'cash' || left === 0
        ? ''
        : money.input(next === 'store_credit' ? Math.min(left, Math.max(0, creditLeft)) : left);
    setAmountText(filled);
    // Selected once painted, so typing replaces it; not when the cashier has already typed over it meanwhile.
    requestAnimationFrame(() => {
      const field = amountRef.current;
      if (field && field.value === filled) field.select();
    });
  }

  /** Adds a tender of this kind; false (with the refusal shown) when it cannot be taken. */
  function addTender(tenderKind: TenderKind, amount: Minor): Tender[] | null {
    const method = methodOf.get(tenderKind);
    const label = KINDS.find((k) => k.kind === tenderKind)!.label;
    if (!method) return (refuse(`There is no active ${label} payment method: add one in Settings.`), null);
    if (amount <= 0) return (refuse('Enter an amount above 0.'), null);
    if (left === 0) return (refuse('The amount due is covered: complete the sale.'), null);
    if (tenderKind !== 'cash' && amount > left) {
      refuse(
        `The ${method.name} tender of ${total(amount)} is more than the ${total(left)} left to pay: only cash gives change.`,
      );
      return null;
    }
    if (tenderKind === 'store_credit' && amount > creditLeft) {
      refuse(`Only ${total(Math.max(0, creditLeft))} of store credit is available.`);
      return null;
    }
    const next = [
      ...tenders,
      {
        kind: tenderKind,
        methodId: method.id,
        methodName: method.name,
        amountMinor: amount,
        reference: tenderKind === 'card' ? reference.trim() : '',
      },
    ];
    setTenders(next);
    setAmountText('');
    setReference('');
    setError(null);
    return next;
  }

  async function complete(list: Tender[]) {
    const sum = list.reduce((s, t) => s + t.amountMinor, 0);
    if (sum < dueMinor) return refuse(`Tenders of ${total(sum)} do not cover the amount due of ${total(dueMinor)}.`);
    setBusy(true);
    const refusal = await onComplete(list);
    setBusy(false);
    if (refusal) refuse(refusal.message, refusal.extra);
    return undefined;
  }

  /** Enter in Amount tendered: adds what is typed (nothing typed: what is left), then completes once covered. */
  function enter() {
    if (busy) return;
    let list = tenders;
    if (amountText.trim() !== '' || !covered) {
      const read = amountText.trim() === '' ? { ok: true as const, minor: left } : money.read(amountText);
      if (!read.ok) return refuse(read.message);
      const next = addTender(kind, read.minor);
      if (!next) return undefined;
      list = next;
    }
    if (list.reduce((s, t) => s + t.amountMinor, 0) >= dueMinor) void complete(list);
    return undefined;
  }

  function quickCash(amount: Minor) {
    const next = addTender('cash', amount);
    if (next && next.reduce((s, t) => s + t.amountMinor, 0) >= dueMinor) {
      requestAnimationFrame(() => completeRef.current?.focus());
    }
  }

  const quick = kind === 'cash' && left > 0 ? quickCashAmounts(left, money.format.currency) : [];
  const shownKinds = KINDS.filter((k) => methodOf.has(k.kind) && (k.kind !== 'store_credit' || creditMinor !== null));

  return (
    <Dialog title="Payment" onClose={busy ? () => {} : onClose} className="payment-dialog">
      <dl className="pay-figures">
        <div className="pay-figure">
          <dt id="pay-due">Amount due</dt>
          <dd className="big-money" aria-labelledby="pay-due">
            {total(dueMinor)}
          </dd>
        </div>
        <div className="pay-figure">
          <dt id="pay-change">Change due</dt>
          <dd className="big-money change" aria-labelledby="pay-change">
            {total(change)}
          </dd>
        </div>
      </dl>
      {paid > 0 && left > 0 && <p className="pay-left">Left to pay: {total(left)}</p>}

      <div className="tender-kinds" role="group" aria-label="Tender">
        {shownKinds.map((k) => (
          <button
            key={k.kind}
            type="button"
            aria-pressed={kind === k.kind}
            className={kind === k.kind ? 'tender on' : 'tender'}
            onClick={() => choose(k.kind)}
          >
            {k.label}
            {k.kind === 'store_credit' && creditMinor !== null && (
              <span className="meta"> ({money.text(Math.max(0, creditLeft))} available)</span>
            )}
          </button>
        ))}
      </div>

      <div className="tender-entry">
        <label className="field">
          <span>Amount tendered</span>
          <input
            ref={amountRef}
            data-autofocus
            inputMode="decimal"
            autoComplete="off"
            className="big-input"
            value={amountText}
            placeholder={left > 0 ? money.input(left) : ''}
            aria-invalid={error ? true : undefined}
            onChange={(e) => {
              setAmountText(e.target.value);
              setError(null);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                enter();
              }
            }}
          />
        </label>
        {kind === 'card' && (
          <label className="field">
            <span>Card reference</span>
            <input
              value={reference}
              autoComplete="off"
              placeholder="Approval code or last 4 digits"
              onChange={(e) => setReference(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  enter();
                }
              }}
            />
          </label>
        )}
        <button type="button" disabled={busy} onClick={enter}>
          Add tender
        </button>
      </div>

      {kind === 'cash' && left > 0 && (
        <div className="quick-cash" role="group" aria-label="Quick cash">
          <button type="button" onClick={() => quickCash(left)}>
            Exact {money.text(left)}
          </button>
          {quick.map((amount) => (
            <button key={amount} type="button" onClick={() => quickCash(amount)}>
              {money.text(amount)}
            </button>
          ))}
        </div>
      )}

      {tenders.length > 0 && (
        <ul className="tenders" aria-label="Tenders">
          {tenders.map((t, i) => {
            const name = `${t.methodName} ${money.text(t.amountMinor)}`;
            return (
              <li key={i}>
                <span>
                  {t.methodName}
                  {t.reference && <span className="meta"> · {t.reference}</span>}
                </span>
                <span className="num">{money.text(t.amountMinor)}</span>
                <button
                  type="button"
                  className="icon"
                  aria-label={`Remove ${name}`}
                  disabled={busy}
                  onClick={() => {
                    setTenders(tenders.filter((_, j) => j !== i));
                    setError(null);
                    amountRef.current?.focus();
                  }}
                >
                  ✕
                </button>
              </li>
            );
          })}
        </ul>
      )}

      {error && (
        <div role="alert" className="message error">
          {error.message}
          {error.extra}
        </div>
      )}

      <div className="dialog-actions">
        <button type="button" disabled={busy} onClick={onClose}>
          Cancel
        </button>
        <button
          ref={completeRef}
          type="button"
          className="primary big"
          disabled={!covered || busy}
          onClick={() => void complete(tenders)}
        >
          {busy ? 'Completing…' : 'Complete sale'}
        </button>
      </div>
    </Dialog>
  );
}
