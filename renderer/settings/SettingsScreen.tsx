// Settings: who the shop is (for documents and receipts), how it writes money (currency and locale: every money
// display and parser follows them), how invoices are numbered and their default terms; then tax rates, payment
// methods and terms (SettingsLists.tsx). Every refusal shows at its section; every save says what was saved.
import { useEffect, useState, type FormEvent } from 'react';
import type { PaymentTerms, ShopSettings } from '../../core/model.ts';
import { checkCurrency, checkLocale, formatMoney } from '../../core/money.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { QueryError } from '../components/Filters.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';
import { PaymentMethodsSection, TaxRatesSection, TermsSection } from './SettingsLists.tsx';
import { CounterSection } from './CounterSettingsForm.tsx';
import { StaffSection } from './StaffSettings.tsx';
import { StoreSection } from './StoreSettings.tsx';
import { DocumentSection } from './DocumentSettings.tsx';
import { EmailSection } from './EmailSettings.tsx';
import { ApiSection } from './ApiSettings.tsx';
import { UpdatesSection } from './UpdateSettings.tsx';
import { BackupsSection } from './BackupsSettings.tsx';
import { DepositSection } from './DepositSettings.tsx';
import { TicketSection } from './TicketSettings.tsx';
import { ContactSection } from './ContactSettings.tsx';
import { useSignedIn } from '../staff/session.tsx';

export function SettingsScreen() {
  const shop = useApiQuery('getShopSettings', {});
  const terms = useApiQuery('listPaymentTerms', {});
  // Only an Admin changes Settings and staff (the store refuses anyone else): others see Settings read-only.
  const admin = useSignedIn()?.role === 'admin';
  return (
    <section className="settings" aria-label="Settings">
      <div className="screen-head">
        <h1>Settings</h1>
      </div>
      {!admin && <p className="message note">Only an Admin can change Settings.</p>}
      <fieldset className="settings-lock" disabled={!admin}>
        <QueryError state={shop} />
        {shop.data && terms.data && <ShopForm saved={shop.data} terms={terms.data} />}
        <TaxRatesSection />
        <PaymentMethodsSection />
        <TermsSection />
        <CounterSection />
        <DocumentSection />
        {admin && <StaffSection />}
        {admin && <StoreSection />}
        {admin && <EmailSection />}
        {admin && <TicketSection />}
        {admin && <ContactSection />}
        {admin && <DepositSection />}
        {admin && <ApiSection />}
        {admin && <UpdatesSection />}
        {admin && <BackupsSection />}
      </fieldset>
    </section>
  );
}

/** The names a save report uses for each field. */
const FIELD_NAMES: Record<keyof ShopSettings, string> = {
  name: 'shop name',
  address: 'address',
  phone: 'phone',
  email: 'email',
  taxId: 'tax id',
  currency: 'currency',
  locale: 'locale',
  invoicePrefix: 'invoice number prefix',
};

/** "a, b and c". */
export const listWords = (words: readonly string[]) =>
  words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;

type Field = keyof ShopSettings | 'defaultTerms';

function ShopForm({ saved, terms }: { saved: ShopSettings; terms: PaymentTerms[] }) {
  const api = useApi();
  const savedTerms = terms.find((t) => t.isDefault)?.id ?? null;
  const [values, setValues] = useState<ShopSettings>(saved);
  const [baseline, setBaseline] = useState<ShopSettings>(saved);
  const [defaultTerms, setDefaultTerms] = useState<number | null>(savedTerms);
  const [message, setMessage] = useState<ScreenMessage>(null);
  /** The field a refusal names: its message shows there (aria-invalid, described by it). */
  const [refused, setRefused] = useState<{ field: Field; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setDefaultTerms(savedTerms), [savedTerms]);

  const set = (patch: Partial<ShopSettings>) => {
    setValues({ ...values, ...patch });
    setMessage(null);
    setRefused(null);
  };
  const currency = checkCurrency(values.currency);
  const locale = checkLocale(values.locale);

  async function submit(event: FormEvent) {
    event.preventDefault();
    // The same checks the store makes, here first so the message shows at once at its field.
    if (!currency.ok) return setRefused({ field: 'currency', text: currency.message });
    if (!locale.ok) return setRefused({ field: 'locale', text: locale.message });
    setBusy(true);
    const outcome = await api.saveShopSettings(values);
    if (!outcome.ok) {
      setBusy(false);
      const field = (outcome.error.details as { field?: Field } | undefined)?.field;
      if (field && field in FIELD_NAMES) return setRefused({ field, text: outcome.error.message });
      return setMessage({ tone: 'error', text: `Not saved. ${outcome.error.message}` });
    }
    const changed = (Object.keys(FIELD_NAMES) as Array<keyof ShopSettings>).filter(
      (k) => outcome.value[k] !== baseline[k],
    );
    setValues(outcome.value);
    setBaseline(outcome.value);
    const words = changed.map((k) => FIELD_NAMES[k]);
    const termsNow = terms.find((t) => t.id === defaultTerms);
    if (termsNow && termsNow.id !== savedTerms) {
      const moved = await api.savePaymentTerms({ ...termsNow, isDefault: true });
      if (!moved.ok) {
        setBusy(false);
        const before = words.length > 0 ? `Saved the ${listWords(words)}; the` : 'The';
        return setRefused({
          field: 'defaultTerms',
          text: `${before} default terms were not saved: ${moved.error.message}`,
        });
      }
      words.push(`default terms (${termsNow.name})`);
    }
    setBusy(false);
    return setMessage({
      tone: 'ok',
      text: words.length > 0 ? `Saved the ${listWords(words)}.` : 'Nothing to save: no setting was changed.',
    });
  }

  const invalid = (field: Field) => (refused?.field === field ? true : undefined);
  const describedBy = (field: Field, hint?: string) =>
    [refused?.field === field && `settings-${field}-error`, hint].filter(Boolean).join(' ') || undefined;
  const fieldError = (field: Field) =>
    refused?.field === field && (
      <p id={`settings-${field}-error`} role="alert" className="message error">
        {refused.text}
      </p>
    );
  const text = (field: keyof ShopSettings, label: string, type = 'text', hint?: string) => (
    <>
      <label className="field">
        <span>{label}</span>
        <input
          type={type}
          value={values[field]}
          onChange={(e) => set({ [field]: e.target.value })}
          aria-invalid={invalid(field)}
          aria-describedby={describedBy(field, hint)}
        />
      </label>
      {fieldError(field)}
    </>
  );
  const example =
    currency.ok && locale.ok
      ? `An amount is written ${formatMoney(123_456_789, { currency: currency.currency, locale: locale.locale })}; a total ${formatMoney(123_456_789, { currency: currency.currency, locale: locale.locale }, { symbol: true })}.`
      : 'Enter a currency and a locale this app knows to see how amounts are written.';

  return (
    <form className="form settings-form" onSubmit={(e) => void submit(e)} aria-label="Shop settings">
      <section aria-labelledby="settings-shop">
        <h2 id="settings-shop">Shop</h2>
        <p className="hint">On invoices, documents and receipts.</p>
        {text('name', 'Shop name')}
        <label className="field">
          <span>Address</span>
          <textarea rows={3} value={values.address} onChange={(e) => set({ address: e.target.value })} />
        </label>
        {text('phone', 'Phone', 'tel')}
        {text('email', 'Email', 'email')}
        {text('taxId', 'Tax id')}
      </section>
      <section aria-labelledby="settings-money">
        <h2 id="settings-money">Money</h2>
        {text('currency', 'Currency', 'text', 'settings-currency-hint')}
        <p id="settings-currency-hint" className="hint">
          A three-letter ISO 4217 code (USD, EUR, GBP). Amounts are stored in its cents, so it cannot change once
          invoices or payments exist.
        </p>
        {text('locale', 'Locale', 'text', 'settings-example')}
        <p id="settings-example" className="hint" aria-live="polite">
          {example}
        </p>
      </section>
      <section aria-labelledby="settings-invoices">
        <h2 id="settings-invoices">Invoices</h2>
        {text('invoicePrefix', 'Invoice number prefix', 'text', 'settings-prefix-hint')}
        <p id="settings-prefix-hint" className="hint">
          New invoices are numbered {values.invoicePrefix.trim()}000123 and on; saved invoices keep their numbers.
        </p>
        <label className="field">
          <span>Default terms</span>
          <select
            value={defaultTerms === null ? '' : String(defaultTerms)}
            onChange={(e) => {
              setDefaultTerms(Number(e.target.value));
              setMessage(null);
              setRefused(null);
            }}
            aria-invalid={invalid('defaultTerms')}
            aria-describedby={describedBy('defaultTerms')}
          >
            {terms.map((t) => (
              <option key={t.id} value={String(t.id)}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        {fieldError('defaultTerms')}
      </section>
      <Message message={message} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          Save settings
        </button>
      </div>
    </form>
  );
}
