// The lists Settings edits: tax rates (named, in percent; one default), payment methods (the built-in ones and
// those added here; one default) and payment terms (name and days; one default). Each row is edited in place; each
// section shows its own refusals and says what was saved. One NamedRecordList draws all three from their settings.
import { useState, type FormEvent, type ReactNode } from 'react';
import { formatPercent, readRateBp } from '../../core/money.ts';
import { useApi, useApiQuery, type QueryState } from '../api/ApiProvider.tsx';
import { QueryError } from '../components/Filters.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';
import { useMoney } from '../components/ShopFormat.tsx';

type Outcome<T> = { ok: true; value: T } | { ok: false; error: { message: string } };
type Read<V> = { ok: true; value: V } | { ok: false; message: string };

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

interface NamedRecord {
  id: number;
  name: string;
  isDefault: boolean;
  archived?: boolean;
}

const status = (row: NamedRecord) => (row.isDefault ? 'Default' : row.archived ? 'Archived' : '');

/** The column after the name when it is only shown (a payment method's kind). */
interface ShownColumn<R> {
  header: string;
  show: (row: R) => ReactNode;
}

/** A number column edited in the row and typed in the add row (a rate, days): its labels and how text reads. */
interface NumberColumn<R, V> extends ShownColumn<R> {
  /** The field's name in a row being edited, from the row's name. */
  rowLabel: (name: string) => string;
  addLabel: string;
  inputMode: 'decimal' | 'numeric';
  placeholder?: string;
  /** The row's value as it stands in the field when editing starts. */
  text: (row: R) => string;
  read: (text: string) => Read<V>;
  set: (row: R, value: V) => R;
}

/** The second column, and the add call that goes with it: a number column's value is added with the name. */
type SecondColumn<R, V> =
  | { number: NumberColumn<R, V>; column?: never; add: (name: string, value: V) => Promise<Outcome<R>> }
  | { column: ShownColumn<R>; number?: never; add: (name: string) => Promise<Outcome<R>> };

type NamedRecordListProps<R extends NamedRecord, V> = SecondColumn<R, V> & {
  id: string;
  title: string;
  hint?: string;
  rows: QueryState<R[]>;
  /** The word of a row's edit button (and the start of its name). */
  edit: 'Edit' | 'Rename';
  /** Whether a row may become the default (besides not being the default or archived already). */
  mayBeDefault?: (row: R) => boolean;
  archivable?: boolean;
  /** Saves a row as changed. */
  update: (next: R) => Promise<Outcome<R>>;
  said: { added: (row: R) => string; saved: (row: R, before: R) => string; madeDefault: (row: R) => string };
  addRow: { label: string; name: string; submit: string };
};

type Change = { name?: string; isDefault?: boolean; archived?: boolean };

/** A titled table of named records with a Status column, one row edited in place, an add row and a message. */
function NamedRecordList<R extends NamedRecord, V>(props: NamedRecordListProps<R, V>) {
  const { id, title, rows, said } = props;
  const number = props.number ?? null;
  const second = props.number ? props.number : props.column;
  const numClass = number ? 'num' : undefined;
  const report = useReport();
  const [editing, setEditing] = useState<{ id: number; name: string; value: string } | null>(null);
  const [adding, setAdding] = useState({ name: '', value: '' });

  /** Saves a row with a change (and the typed number, if the list has one), or shows why that is not a number. */
  async function save(row: R, change: Change, text?: string) {
    let next: R = { ...row, ...change };
    if (number && text !== undefined) {
      const read = number.read(text);
      if (!read.ok) return report.setMessage({ tone: 'error', text: read.message });
      next = number.set(next, read.value);
    }
    const ok = await report.run(props.update(next), (saved) =>
      change.isDefault
        ? said.madeDefault(saved)
        : change.archived !== undefined
          ? `${change.archived ? 'Archived' : 'Restored'} ${saved.name}.`
          : said.saved(saved, row),
    );
    if (ok) setEditing(null);
    return undefined;
  }
  async function add(event: FormEvent) {
    event.preventDefault();
    let saving: Promise<Outcome<R>>;
    if (props.number) {
      const read = props.number.read(adding.value);
      if (!read.ok) return report.setMessage({ tone: 'error', text: read.message });
      saving = props.add(adding.name, read.value);
    } else saving = props.add(adding.name);
    const ok = await report.run(saving, said.added);
    if (ok) setAdding({ name: '', value: '' });
    return undefined;
  }

  return (
    <section className="settings-list" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {props.hint && <p className="hint">{props.hint}</p>}
      <QueryError state={rows} />
      <table className="list" aria-label={title}>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col" className={numClass}>
              {second.header}
            </th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.data?.map((row) => {
            const edited = editing?.id === row.id ? editing : null;
            return (
              <tr key={row.id}>
                <td>
                  {edited ? (
                    <input
                      aria-label={`Name of ${row.name}`}
                      value={edited.name}
                      onChange={(e) => setEditing({ ...edited, name: e.target.value })}
                    />
                  ) : (
                    row.name
                  )}
                </td>
                <td className={numClass}>
                  {edited && number ? (
                    <input
                      className="qty"
                      inputMode={number.inputMode}
                      aria-label={number.rowLabel(row.name)}
                      value={edited.value}
                      onChange={(e) => setEditing({ ...edited, value: e.target.value })}
                    />
                  ) : (
                    second.show(row)
                  )}
                </td>
                <td>{status(row)}</td>
                <td className="row-actions">
                  {edited ? (
                    <>
                      <button
                        type="button"
                        className="primary"
                        disabled={report.busy}
                        onClick={() => void save(row, { name: edited.name }, edited.value)}
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
                        aria-label={`${props.edit} ${row.name}`}
                        onClick={() => setEditing({ id: row.id, name: row.name, value: number?.text(row) ?? '' })}
                      >
                        {props.edit}
                      </button>
                      {!row.isDefault && !row.archived && (props.mayBeDefault?.(row) ?? true) && (
                        <button
                          type="button"
                          className="link"
                          aria-label={`Make ${row.name} the default`}
                          onClick={() => void save(row, { isDefault: true })}
                        >
                          Make default
                        </button>
                      )}
                      {props.archivable && (
                        <button
                          type="button"
                          className="link"
                          aria-label={`${row.archived ? 'Restore' : 'Archive'} ${row.name}`}
                          onClick={() => void save(row, { archived: !row.archived })}
                        >
                          {row.archived ? 'Restore' : 'Archive'}
                        </button>
                      )}
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <form className="add-row" onSubmit={(e) => void add(e)} aria-label={props.addRow.label}>
        <label className="field">
          <span>{props.addRow.name}</span>
          <input required value={adding.name} onChange={(e) => setAdding({ ...adding, name: e.target.value })} />
        </label>
        {number && (
          <label className="field">
            <span>{number.addLabel}</span>
            <input
              required
              inputMode={number.inputMode}
              placeholder={number.placeholder}
              value={adding.value}
              onChange={(e) => setAdding({ ...adding, value: e.target.value })}
            />
          </label>
        )}
        <button type="submit" disabled={report.busy}>
          {props.addRow.submit}
        </button>
      </form>
      <Message message={report.message} />
    </section>
  );
}

export function TaxRatesSection() {
  const api = useApi();
  const { format } = useMoney();
  const rates = useApiQuery('listTaxRates', {});
  const percent = (bp: number) => `${formatPercent(bp, format.locale)} %`;
  return (
    <NamedRecordList
      id="settings-tax-rates"
      title="Tax rates"
      hint="A product is taxed at its own rate, else the default; a line can change it. Saved invoices keep the rates they were saved with."
      rows={rates}
      number={{
        header: 'Rate',
        rowLabel: (name) => `Rate of ${name} (%)`,
        addLabel: 'Rate (%)',
        inputMode: 'decimal',
        placeholder: formatPercent(750, format.locale),
        show: (r) => percent(r.rateBp),
        text: (r) => formatPercent(r.rateBp, format.locale),
        read: (text) => {
          const read = readRateBp(text, format.locale);
          return read.ok ? { ok: true, value: read.bp } : read;
        },
        set: (r, rateBp) => ({ ...r, rateBp }),
      }}
      edit="Edit"
      archivable
      update={(r) =>
        api.saveTaxRate({ id: r.id, name: r.name, rateBp: r.rateBp, isDefault: r.isDefault, archived: r.archived })
      }
      add={(name, rateBp) => api.saveTaxRate({ name, rateBp })}
      said={{
        added: (r) => `Added ${r.name} at ${percent(r.rateBp)}.`,
        saved: (r) => `Saved ${r.name} at ${percent(r.rateBp)}.`,
        madeDefault: (r) => `${r.name} is now the default tax rate.`,
      }}
      addRow={{ label: 'Add a tax rate', name: 'New rate name', submit: 'Add rate' }}
    />
  );
}

export function PaymentMethodsSection() {
  const api = useApi();
  const methods = useApiQuery('listPaymentMethods', {});
  return (
    <NamedRecordList
      id="settings-methods"
      title="Payment methods"
      rows={methods}
      column={{ header: 'Kind', show: (m) => (m.kind === 'custom' ? 'Added here' : 'Built-in') }}
      edit="Rename"
      mayBeDefault={(m) => m.kind !== 'store_credit'}
      archivable
      update={(m) => api.savePaymentMethod({ id: m.id, name: m.name, isDefault: m.isDefault, archived: m.archived })}
      add={(name) => api.savePaymentMethod({ name })}
      said={{
        added: (m) => `Added the payment method ${m.name}.`,
        saved: (m, before) => `Renamed ${before.name} to ${m.name}.`,
        madeDefault: (m) => `${m.name} is now the default payment method (Quick pay uses it).`,
      }}
      addRow={{ label: 'Add a payment method', name: 'New payment method', submit: 'Add method' }}
    />
  );
}

/** Days as typed: a whole number from 0 to 3650, else null. */
const readDays = (text: string) => (/^\d{1,4}$/.test(text.trim()) && Number(text) <= 3650 ? Number(text) : null);
const DAYS_MESSAGE = 'Enter the days as a whole number from 0 to 3650 (0: due on receipt).';

export function TermsSection() {
  const api = useApi();
  const terms = useApiQuery('listPaymentTerms', {});
  const daysText = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
  return (
    <NamedRecordList
      id="settings-terms"
      title="Terms"
      hint="Terms set an invoice's due date: its date plus the days. The due date stays editable."
      rows={terms}
      number={{
        header: 'Days',
        rowLabel: (name) => `Days of ${name}`,
        addLabel: 'Days',
        inputMode: 'numeric',
        show: (t) => t.days,
        text: (t) => String(t.days),
        read: (text) => {
          const days = readDays(text);
          return days === null ? { ok: false, message: DAYS_MESSAGE } : { ok: true, value: days };
        },
        set: (t, days) => ({ ...t, days }),
      }}
      edit="Edit"
      update={(t) => api.savePaymentTerms({ id: t.id, name: t.name, days: t.days, isDefault: t.isDefault })}
      add={(name, days) => api.savePaymentTerms({ name, days })}
      said={{
        added: (t) => `Added the terms ${t.name}: ${daysText(t.days)}.`,
        saved: (t) => `Saved ${t.name}: ${daysText(t.days)}.`,
        madeDefault: (t) => `${t.name} are now the default terms for new invoices.`,
      }}
      addRow={{ label: 'Add terms', name: 'New terms name', submit: 'Add terms' }}
    />
  );
}
