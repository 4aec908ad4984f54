// Settings → Counter: negative stock, the scan sound, receipts (width, printer, silent printing, footer), the discount
// limit above which a manager approves, and the return window. Admin only (the store refuses others).
import { useId, useState, type FormEvent } from 'react';
import { RECEIPT_WIDTHS, type ReceiptWidth } from '../../core/enums.ts';
import type { CounterSettings } from '../../core/model.ts';
import { formatPercent, readRateBp } from '../../core/money.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { QueryError } from '../components/Filters.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';
import { useMoney } from '../components/ShopFormat.tsx';

const WIDTH_LABEL: Record<ReceiptWidth, string> = { '80': '80 mm', '58': '58 mm' };

export function CounterSection({ disabled = false }: { disabled?: boolean }) {
  const settings = useApiQuery('getCounterSettings', {});
  return (
    <>
      <QueryError state={settings} />
      {settings.data && <CounterForm saved={settings.data} disabled={disabled} />}
    </>
  );
}

type Refusal = { field: 'discountLimit' | 'returnWindow'; text: string } | null;

function CounterForm({ saved, disabled }: { saved: CounterSettings; disabled: boolean }) {
  const api = useApi();
  const { format } = useMoney();
  const ids = useId();
  const [values, setValues] = useState<CounterSettings>(saved);
  const [limitText, setLimitText] = useState(() => formatPercent(saved.discountLimitBp, format.locale));
  const [daysText, setDaysText] = useState(String(saved.returnWindowDays));
  const [message, setMessage] = useState<ScreenMessage>(null);
  const [refused, setRefused] = useState<Refusal>(null);
  const [busy, setBusy] = useState(false);

  const set = (patch: Partial<CounterSettings>) => {
    setValues((v) => ({ ...v, ...patch }));
    setMessage(null);
    setRefused(null);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const limit = readRateBp(limitText, format.locale);
    if (!limit.ok) {
      const example = formatPercent(1000, format.locale);
      return setRefused({
        field: 'discountLimit',
        text: `Enter the discount limit as a percentage from 0 to 100, like ${example}.`,
      });
    }
    const days = /^\s*\d{1,4}\s*$/.test(daysText) ? Number(daysText) : NaN;
    if (!(days >= 0 && days <= 3650)) {
      return setRefused({ field: 'returnWindow', text: 'Enter the return window as whole days, from 0 to 3650.' });
    }
    setBusy(true);
    const outcome = await api.saveCounterSettings({ ...values, discountLimitBp: limit.bp, returnWindowDays: days });
    setBusy(false);
    if (!outcome.ok) return setMessage({ tone: 'error', text: `Not saved. ${outcome.error.message}` });
    setValues(outcome.value);
    setLimitText(formatPercent(outcome.value.discountLimitBp, format.locale));
    setDaysText(String(outcome.value.returnWindowDays));
    return setMessage({ tone: 'ok', text: 'Saved the counter settings.' });
  }

  const refusal = (field: NonNullable<Refusal>['field']) =>
    refused?.field === field && (
      <p id={`${ids}-${field}-error`} role="alert" className="message error">
        {refused.text}
      </p>
    );
  const invalidProps = (field: NonNullable<Refusal>['field']) =>
    refused?.field === field ? { 'aria-invalid': true, 'aria-describedby': `${ids}-${field}-error` } : {};
  const check = (key: 'allowNegativeStock' | 'scanSound' | 'silentPrint', label: string, hint: string) => (
    <div>
      <label className="check">
        <input
          type="checkbox"
          checked={values[key]}
          onChange={(e) => set({ [key]: e.target.checked })}
          aria-describedby={`${ids}-${key}-hint`}
        />
        {label}
      </label>
      <span id={`${ids}-${key}-hint`} className="hint">
        {hint}
      </span>
    </div>
  );

  return (
    <form className="form settings-form" onSubmit={(e) => void submit(e)} aria-label="Counter settings">
      <section aria-labelledby={`${ids}-head`}>
        <h2 id={`${ids}-head`}>Counter</h2>
        <fieldset disabled={disabled} className="plain">
          {check(
            'allowNegativeStock',
            'Allow negative stock',
            'Off: a sale of more than is on hand is refused, with the numbers.',
          )}
          {check('scanSound', 'Scan sound', 'A short sound on each scan, distinct for success and refusal.')}
          <label className="field">
            <span>Receipt width</span>
            <select value={values.receiptWidth} onChange={(e) => set({ receiptWidth: e.target.value as ReceiptWidth })}>
              {RECEIPT_WIDTHS.map((w) => (
                <option key={w} value={w}>
                  {WIDTH_LABEL[w]}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Receipt printer</span>
            <input
              value={values.receiptPrinter}
              onChange={(e) => set({ receiptPrinter: e.target.value })}
              placeholder="The default printer"
              aria-describedby={`${ids}-printer-hint`}
            />
          </label>
          <p id={`${ids}-printer-hint`} className="hint">
            The system printer&apos;s name, as the desktop app lists it; empty: the default printer.
          </p>
          {check('silentPrint', 'Print silently', 'Desktop app: print receipts without the print dialog.')}
          <label className="field">
            <span>Discount limit (%)</span>
            <input
              inputMode="decimal"
              value={limitText}
              onChange={(e) => {
                setLimitText(e.target.value);
                set({});
              }}
              {...invalidProps('discountLimit')}
            />
          </label>
          {refusal('discountLimit')}
          <label className="field">
            <span>Return window (days)</span>
            <input
              inputMode="numeric"
              value={daysText}
              onChange={(e) => {
                setDaysText(e.target.value);
                set({});
              }}
              {...invalidProps('returnWindow')}
            />
          </label>
          {refusal('returnWindow')}
          <p className="hint">Discounts above the limit, and returns after the window, need a manager.</p>
          <label className="field">
            <span>Receipt footer</span>
            <textarea rows={2} value={values.receiptFooter} onChange={(e) => set({ receiptFooter: e.target.value })} />
          </label>
        </fieldset>
      </section>
      <Message message={message} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || disabled}>
          Save counter settings
        </button>
      </div>
    </form>
  );
}
