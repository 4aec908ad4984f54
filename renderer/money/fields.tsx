// The fields the money dialogs share: an amount typed in the shop's locale (read by the one parser, its refusal
// shown at the field), the payment-method choice, the day a payment or refund is dated, the store-credit option
// (refused for the walk-in customer) and the form's end (its refusal, Cancel and the submit button).
import { useId } from 'react';
import type { MoneyReading } from '../../core/money.ts';
import type { PaymentMethod } from '../../core/model.ts';
import type { Money } from '../components/ShopFormat.tsx';

export type Amount = MoneyReading;

/** What was typed into an amount field (the one reader, core/money.ts readMoney): minor units, or the refusal. */
export const readAmount = (money: Money, text: string): Amount => money.read(text);

/**
 * An amount input with its label; a refusal is announced (role alert) under it, marks it invalid and describes it.
 * The message is outside the label, so the field's name stays its label.
 */
export function AmountField({
  label,
  value,
  error,
  onChange,
  autoFocus,
}: {
  label: string;
  value: string;
  error: string | null;
  onChange: (text: string) => void;
  autoFocus?: boolean;
}) {
  const errorId = useId();
  return (
    <>
      <label className="field">
        <span>{label}</span>
        <input
          inputMode="decimal"
          className="num"
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          {...(autoFocus ? { 'data-autofocus': true } : {})}
          onChange={(e) => onChange(e.target.value)}
        />
      </label>
      {error && (
        <small id={errorId} role="alert" className="message error">
          {error}
        </small>
      )}
    </>
  );
}

/** The methods a payment or refund can use now (archived ones are kept for history only). */
export const activeMethods = (methods: readonly PaymentMethod[] | undefined): PaymentMethod[] =>
  (methods ?? []).filter((m) => !m.archived);

export function MethodSelect({
  label = 'Method',
  value,
  methods,
  onChange,
}: {
  label?: string;
  value: number | null;
  methods: readonly PaymentMethod[];
  onChange: (id: number) => void;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <select value={value ?? ''} onChange={(e) => onChange(Number(e.target.value))}>
        {value === null && <option value="">Choose a method</option>}
        {methods.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
      </select>
    </label>
  );
}

export function ReferenceField({ value, onChange }: { value: string; onChange: (text: string) => void }) {
  return (
    <label className="field">
      <span>Reference</span>
      <input value={value} maxLength={200} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}

/** Reference, date and notes: the same three fields on every payment and refund. */
export function PaymentDetails({
  reference,
  date,
  notes,
  dateLabel = 'Date',
  onChange,
}: {
  reference: string;
  date: string;
  notes: string;
  dateLabel?: string;
  onChange: (patch: Partial<{ reference: string; date: string; notes: string }>) => void;
}) {
  return (
    <>
      <ReferenceField value={reference} onChange={(text) => onChange({ reference: text })} />
      <label className="field">
        <span>{dateLabel}</span>
        <input type="date" value={date} onChange={(e) => onChange({ date: e.target.value })} />
      </label>
      <label className="field">
        <span>Notes</span>
        <textarea value={notes} maxLength={2000} rows={2} onChange={(e) => onChange({ notes: e.target.value })} />
      </label>
    </>
  );
}

/** The walk-in customer is everyone who did not give a name: money cannot wait on their account. */
export const WALK_IN_NO_CREDIT = 'The walk-in customer cannot hold store credit.';

/**
 * A store-credit option (a checkbox, or a radio of a choice named `name`); for the walk-in customer it is disabled
 * and described by why.
 */
export function StoreCreditOption({
  label,
  checked,
  walkIn,
  onChange,
  name,
}: {
  label: string;
  checked: boolean;
  walkIn: boolean;
  onChange: (checked: boolean) => void;
  /** The radio group's name; without it the option is a checkbox. */
  name?: string;
}) {
  const whyId = useId();
  return (
    <>
      <label className="check">
        <input
          type={name ? 'radio' : 'checkbox'}
          name={name}
          checked={checked}
          disabled={walkIn}
          aria-describedby={walkIn ? whyId : undefined}
          onChange={(e) => onChange(e.target.checked)}
        />
        {label}
      </label>
      {walkIn && (
        <small id={whyId} className="hint">
          {WALK_IN_NO_CREDIT}
        </small>
      )}
    </>
  );
}

/** The end of a money dialog's form: the refusal (role alert), Cancel, and the submit button. */
export function FormEnd({
  error,
  submit,
  danger = false,
  disabled,
  onCancel,
}: {
  error: string | null;
  submit: string;
  danger?: boolean;
  disabled: boolean;
  onCancel: () => void;
}) {
  return (
    <>
      {error && (
        <p role="alert" className="message error">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className={danger ? 'danger' : 'primary'} disabled={disabled}>
          {submit}
        </button>
      </div>
    </>
  );
}
