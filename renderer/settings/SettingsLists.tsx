// The lists Settings edits: tax rates (named, in percent; one default), payment methods (the built-in ones and
// those added here; one default) and payment terms (name and days; one default). Each row is edited in place; each
// section shows its own refusals and says what was saved.
import { useState, type FormEvent, type ReactNode } from 'react';
import type { PaymentMethod, PaymentTerms, TaxRate } from '../../core/model.ts';
import { formatPercent, readRateBp } from '../../core/money.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { QueryError } from '../components/Filters.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';
import { useMoney } from '../components/ShopFormat.tsx';

type Outcome<T> = { ok: true; value: T } | { ok: false; error: { message: string } };

/** A section's message, and a runner that shows a save's refusal or what it saved. */
function useReport() {
  const [message, setMessage] = useState<ScreenMessage>(null);
  const [busy, setBusy] = useState(false);
  async function run<T>(save: Promise<Outcome<T>>, saved: (value: T) => string): Promise<boolean> {
    setBusy(true);
    const outcome = await save;
    setBusy(false);
    setMessage(
      outcome.ok
        ? { tone: 'ok', text: saved(outcome.value) }
        : { tone: 'error', text: `Not saved. ${outcome.error.message}` },
    );
    return outcome.ok;
  }
  return { message, setMessage, busy, run };
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="settings-list" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

const status = (row: { isDefault: boolean; archived?: boolean }) =>
  row.isDefault ? 'Default' : row.archived ? 'Archived' : '';

export function TaxRatesSection() {
  const api = useApi();
  const { format } = useMoney();
  const rates = useApiQuery('listTaxRates', {});
  const report = useReport();
  const [editing, setEditing] = useState<{ id: number; name: string; rate: string } | null>(null);
  const [adding, setAdding] = useState({ name: '', rate: '' });
  const percent = (bp: number) => `${formatPercent(bp, format.locale)} %`;

  /** Saves a rate as given, or shows why the typed rate is not one. */
  async function save(rate: TaxRate, patch: { name?: string; rate?: string; isDefault?: boolean; archived?: boolean }) {
    const read =
      patch.rate === undefined ? { ok: true as const, bp: rate.rateBp } : readRateBp(patch.rate, format.locale);
    if (!read.ok) return report.setMessage({ tone: 'error', text: read.message });
    const next = { ...rate, ...patch, rateBp: read.bp };
    const ok = await report.run(
      api.saveTaxRate({
        id: rate.id,
        name: next.name,
        rateBp: next.rateBp,
        isDefault: next.isDefault,
        archived: next.archived,
      }),
      (r) =>
        patch.isDefault
          ? `${r.name} is now the default tax rate.`
          : patch.archived !== undefined
            ? `${patch.archived ? 'Archived' : 'Restored'} ${r.name}.`
            : `Saved ${r.name} at ${percent(r.rateBp)}.`,
    );
    if (ok) setEditing(null);
    return undefined;
  }
  async function add(event: FormEvent) {
    event.preventDefault();
    const read = readRateBp(adding.rate, format.locale);
    if (!read.ok) return report.setMessage({ tone: 'error', text: read.message });
    const ok = await report.run(
      api.saveTaxRate({ name: adding.name, rateBp: read.bp }),
      (r) => `Added ${r.name} at ${percent(r.rateBp)}.`,
    );
    if (ok) setAdding({ name: '', rate: '' });
    return undefined;
  }

  return (
    <Section id="settings-tax-rates" title="Tax rates">
      <p className="hint">
        A product is taxed at its own rate, else the default; a line can change it. Saved invoices keep the rates they
        were saved with.
      </p>
      <QueryError state={rates} />
      <table className="list" aria-label="Tax rates">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col" className="num">
              Rate
            </th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rates.data?.map((r) =>
            editing?.id === r.id ? (
              <tr key={r.id}>
                <td>
                  <input
                    aria-label={`Name of ${r.name}`}
                    value={editing.name}
                    onChange={(e) => setEditing({ ...editing, name: e.target.value })}
                  />
                </td>
                <td className="num">
                  <input
                    className="qty"
                    inputMode="decimal"
                    aria-label={`Rate of ${r.name} (%)`}
                    value={editing.rate}
                    onChange={(e) => setEditing({ ...editing, rate: e.target.value })}
                  />
                </td>
                <td>{status(r)}</td>
                <td className="row-actions">
                  <button
                    type="button"
                    className="primary"
                    disabled={report.busy}
                    onClick={() => void save(r, { name: editing.name, rate: editing.rate })}
                  >
                    Save
                  </button>
                  <button type="button" onClick={() => setEditing(null)}>
                    Cancel
                  </button>
                </td>
              </tr>
            ) : (
              <tr key={r.id}>
                <td>{r.name}</td>
                <td className="num">{percent(r.rateBp)}</td>
                <td>{status(r)}</td>
                <td className="row-actions">
                  <button
                    type="button"
                    className="link"
                    aria-label={`Edit ${r.name}`}
                    onClick={() => setEditing({ id: r.id, name: r.name, rate: formatPercent(r.rateBp, format.locale) })}
                  >
                    Edit
                  </button>
                  {!r.isDefault && !r.archived && (
                    <button
                      type="button"
                      className="link"
                      aria-label={`Make ${r.name} the default`}
                      onClick={() => void save(r, { isDefault: true })}
                    >
                      Make default
                    </button>
                  )}
                  <button
                    type="button"
                    className="link"
                    aria-label={`${r.archived ? 'Restore' : 'Archive'} ${r.name}`}
                    onClick={() => void save(r, { archived: !r.archived })}
                  >
                    {r.archived ? 'Restore' : 'Archive'}
                  </button>
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
      <form className="add-row" onSubmit={(e) => void add(e)} aria-label="Add a tax rate">
        <label className="field">
          <span>New rate name</span>
          <input required value={adding.name} onChange={(e) => setAdding({ ...adding, name: e.target.value })} />
        </label>
        <label className="field">
          <span>Rate (%)</span>
          <input
            required
            inputMode="decimal"
            placeholder={formatPercent(750, format.locale)}
            value={adding.rate}
            onChange={(e) => setAdding({ ...adding, rate: e.target.value })}
          />
        </label>
        <button type="submit" disabled={report.busy}>
          Add rate
        </button>
      </form>
      <Message message={report.message} />
    </Section>
  );
}

const builtIn = (m: PaymentMethod) => (m.kind === 'custom' ? 'Added here' : 'Built-in');

export function PaymentMethodsSection() {
  const api = useApi();
  const methods = useApiQuery('listPaymentMethods', {});
  const report = useReport();
  const [editing, setEditing] = useState<{ id: number; name: string } | null>(null);
  const [name, setName] = useState('');

  async function save(m: PaymentMethod, patch: { name?: string; isDefault?: boolean; archived?: boolean }) {
    const next = { ...m, ...patch };
    const ok = await report.run(
      api.savePaymentMethod({ id: m.id, name: next.name, isDefault: next.isDefault, archived: next.archived }),
      (saved) =>
        patch.isDefault
          ? `${saved.name} is now the default payment method (Quick pay uses it).`
          : patch.archived !== undefined
            ? `${patch.archived ? 'Archived' : 'Restored'} ${saved.name}.`
            : `Renamed ${m.name} to ${saved.name}.`,
    );
    if (ok) setEditing(null);
  }
  async function add(event: FormEvent) {
    event.preventDefault();
    const ok = await report.run(api.savePaymentMethod({ name }), (m) => `Added the payment method ${m.name}.`);
    if (ok) setName('');
  }

  return (
    <Section id="settings-methods" title="Payment methods">
      <QueryError state={methods} />
      <table className="list" aria-label="Payment methods">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {methods.data?.map((m) => (
            <tr key={m.id}>
              <td>
                {editing?.id === m.id ? (
                  <input
                    aria-label={`Name of ${m.name}`}
                    value={editing.name}
                    onChange={(e) => setEditing({ ...editing, name: e.target.value })}
                  />
                ) : (
                  m.name
                )}
              </td>
              <td>{builtIn(m)}</td>
              <td>{status(m)}</td>
              <td className="row-actions">
                {editing?.id === m.id ? (
                  <>
                    <button
                      type="button"
                      className="primary"
                      disabled={report.busy}
                      onClick={() => void save(m, { name: editing.name })}
                    >
                      Save
                    </button>
                    <button type="button" onClick={() => setEditing(null)}>
                      Cancel
                    </button>
                  </>
                ) : (
                  <>
                    <button
                      type="button"
                      className="link"
                      aria-label={`Rename ${m.name}`}
                      onClick={() => setEditing({ id: m.id, name: m.name })}
                    >
                      Rename
                    </button>
                    {!m.isDefault && !m.archived && m.kind !== 'store_credit' && (
                      <button
                        type="button"
                        className="link"
                        aria-label={`Make ${m.name} the default`}
                        onClick={() => void save(m, { isDefault: true })}
                      >
                        Make default
                      </button>
                    )}
                    <button
                      type="button"
                      className="link"
                      aria-label={`${m.archived ? 'Restore' : 'Archive'} ${m.name}`}
                      onClick={() => void save(m, { archived: !m.archived })}
                    >
                      {m.archived ? 'Restore' : 'Archive'}
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="add-row" onSubmit={(e) => void add(e)} aria-label="Add a payment method">
        <label className="field">
          <span>New payment method</span>
          <input required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="submit" disabled={report.busy}>
          Add method
        </button>
      </form>
      <Message message={report.message} />
    </Section>
  );
}

/** Days as typed: a whole number from 0 to 3650, else null. */
const readDays = (text: string) => (/^\d{1,4}$/.test(text.trim()) && Number(text) <= 3650 ? Number(text) : null);
const DAYS_MESSAGE = 'Enter the days as a whole number from 0 to 3650 (0: due on receipt).';

export function TermsSection() {
  const api = useApi();
  const terms = useApiQuery('listPaymentTerms', {});
  const report = useReport();
  const [editing, setEditing] = useState<{ id: number; name: string; days: string } | null>(null);
  const [adding, setAdding] = useState({ name: '', days: '' });
  const daysText = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

  async function save(t: PaymentTerms, patch: { name?: string; days?: string; isDefault?: boolean }) {
    const days = patch.days === undefined ? t.days : readDays(patch.days);
    if (days === null) return report.setMessage({ tone: 'error', text: DAYS_MESSAGE });
    const next = { ...t, ...patch, days };
    const ok = await report.run(
      api.savePaymentTerms({ id: t.id, name: next.name, days, isDefault: next.isDefault }),
      (saved) =>
        patch.isDefault
          ? `${saved.name} are now the default terms for new invoices.`
          : `Saved ${saved.name}: ${daysText(saved.days)}.`,
    );
    if (ok) setEditing(null);
    return undefined;
  }
  async function add(event: FormEvent) {
    event.preventDefault();
    const days = readDays(adding.days);
    if (days === null) return report.setMessage({ tone: 'error', text: DAYS_MESSAGE });
    const ok = await report.run(
      api.savePaymentTerms({ name: adding.name, days }),
      (t) => `Added the terms ${t.name}: ${daysText(t.days)}.`,
    );
    if (ok) setAdding({ name: '', days: '' });
    return undefined;
  }

  return (
    <Section id="settings-terms" title="Terms">
      <p className="hint">Terms set an invoice's due date: its date plus the days. The due date stays editable.</p>
      <QueryError state={terms} />
      <table className="list" aria-label="Terms">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col" className="num">
              Days
            </th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {terms.data?.map((t) =>
            editing?.id === t.id ? (
              <tr key={t.id}>
                <td>
                  <input
                    aria-label={`Name of ${t.name}`}
                    value={editing.name}
                    onChange={(e) => setEditing({ ...editing, name: e.target.value })}
                  />
                </td>
                <td className="num">
                  <input
                    className="qty"
                    inputMode="numeric"
                    aria-label={`Days of ${t.name}`}
                    value={editing.days}
                    onChange={(e) => setEditing({ ...editing, days: e.target.value })}
                  />
                </td>
                <td>{status(t)}</td>
                <td className="row-actions">
                  <button
                    type="button"
                    className="primary"
                    disabled={report.busy}
                    onClick={() => void save(t, { name: editing.name, days: editing.days })}
                  >
                    Save
                  </button>
                  <button type="button" onClick={() => setEditing(null)}>
                    Cancel
                  </button>
                </td>
              </tr>
            ) : (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td className="num">{t.days}</td>
                <td>{status(t)}</td>
                <td className="row-actions">
                  <button
                    type="button"
                    className="link"
                    aria-label={`Edit ${t.name}`}
                    onClick={() => setEditing({ id: t.id, name: t.name, days: String(t.days) })}
                  >
                    Edit
                  </button>
                  {!t.isDefault && (
                    <button
                      type="button"
                      className="link"
                      aria-label={`Make ${t.name} the default`}
                      onClick={() => void save(t, { isDefault: true })}
                    >
                      Make default
                    </button>
                  )}
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
      <form className="add-row" onSubmit={(e) => void add(e)} aria-label="Add terms">
        <label className="field">
          <span>New terms name</span>
          <input required value={adding.name} onChange={(e) => setAdding({ ...adding, name: e.target.value })} />
        </label>
        <label className="field">
          <span>Days</span>
          <input
            required
            inputMode="numeric"
            value={adding.days}
            onChange={(e) => setAdding({ ...adding, days: e.target.value })}
          />
        </label>
        <button type="submit" disabled={report.busy}>
          Add terms
        </button>
      </form>
      <Message message={report.message} />
    </Section>
  );
}
