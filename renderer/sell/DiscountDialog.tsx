// The Discount dialog (F6): a line discount or a sale discount, in percent or as an amount, always with a reason.
// Above the shop's limit (Settings → Counter) a manager approves it when the sale is paid or held.
import { useState, type FormEvent } from 'react';
import type { DiscountKind } from '../../core/enums.ts';
import { formatPercent, readRateBp, type Minor } from '../../core/money.ts';
import { Dialog } from '../components/Dialog.tsx';
import { useMoney } from '../components/ShopFormat.tsx';
import type { SaleDiscount } from './sale.ts';

export const WHOLE_SALE = 'sale';

export interface DiscountTarget {
  /** A line key, or WHOLE_SALE. */
  key: string;
  label: string;
  /** What the discount comes off: the line's quantity × price, or the sale's subtotal. */
  amountMinor: Minor;
  current: SaleDiscount | null;
}

interface Props {
  targets: DiscountTarget[];
  initialKey: string;
  /** Discounts above this (bp) need a manager; null while unknown. */
  limitBp: number | null;
  onApply: (key: string, discount: SaleDiscount | null) => void;
  onClose: () => void;
}

export function DiscountDialog({ targets, initialKey, limitBp, onApply, onClose }: Props) {
  const money = useMoney();
  const locale = money.format.locale;
  const [key, setKey] = useState(initialKey);
  const target = targets.find((t) => t.key === key) ?? targets[0]!;
  const initial = target.current;
  const [kind, setKind] = useState<DiscountKind>(initial?.kind ?? 'percent');
  const [valueText, setValueText] = useState(initial ? valueTextOf(initial) : '');
  const [reason, setReason] = useState(initial?.reason ?? '');
  const [error, setError] = useState<string | null>(null);

  function valueTextOf(d: SaleDiscount): string {
    return d.kind === 'percent' ? formatPercent(d.value, locale) : money.input(d.value);
  }

  function pick(next: string) {
    setKey(next);
    const d = targets.find((t) => t.key === next)?.current ?? null;
    setKind(d?.kind ?? 'percent');
    setValueText(d ? valueTextOf(d) : '');
    setReason(d?.reason ?? '');
    setError(null);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    let value: number;
    if (kind === 'percent') {
      const read = readRateBp(valueText, locale);
      if (!read.ok) return setError(read.message.replace('a rate', 'a discount'));
      value = read.bp;
    } else {
      const read = money.read(valueText);
      if (!read.ok) return setError(read.message);
      value = read.minor;
      if (value > target.amountMinor) {
        return setError(
          `A discount of ${money.total(value)} is more than the ${money.total(target.amountMinor)} it comes off.`,
        );
      }
    }
    if (!reason.trim()) return setError('Enter a reason for the discount.');
    onApply(target.key, value === 0 ? null : { kind, value, reason: reason.trim() });
    return undefined;
  }

  return (
    <Dialog title="Discount" onClose={onClose} className="discount-dialog">
      <form className="form" onSubmit={submit}>
        <label className="field">
          <span>Apply to</span>
          <select value={key} onChange={(e) => pick(e.target.value)}>
            {targets.map((t) => (
              <option key={t.key} value={t.key}>
                {t.label} ({money.text(t.amountMinor)})
              </option>
            ))}
          </select>
        </label>
        <fieldset className="kind-choice">
          <legend>Discount in</legend>
          <label>
            <input type="radio" name="kind" checked={kind === 'percent'} onChange={() => setKind('percent')} /> Percent
          </label>
          <label>
            <input type="radio" name="kind" checked={kind === 'amount'} onChange={() => setKind('amount')} /> Amount
          </label>
        </fieldset>
        <label className="field">
          <span>{kind === 'percent' ? 'Discount (%)' : 'Discount amount'}</span>
          <input
            data-autofocus
            inputMode="decimal"
            autoComplete="off"
            value={valueText}
            aria-invalid={error ? true : undefined}
            onChange={(e) => {
              setValueText(e.target.value);
              setError(null);
            }}
          />
        </label>
        <label className="field">
          <span>Reason</span>
          <input
            value={reason}
            maxLength={200}
            autoComplete="off"
            placeholder="Price match, damaged box, loyal customer…"
            onChange={(e) => {
              setReason(e.target.value);
              setError(null);
            }}
          />
        </label>
        {limitBp !== null && (
          <p className="hint">
            Above {formatPercent(limitBp, locale)}% a manager approves the discount at Pay or Hold.
          </p>
        )}
        {error && (
          <p role="alert" className="message error">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          {target.current && (
            <button type="button" onClick={() => onApply(target.key, null)}>
              Remove discount
            </button>
          )}
          <button type="submit" className="primary">
            Apply discount
          </button>
        </div>
      </form>
    </Dialog>
  );
}
