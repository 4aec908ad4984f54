// Invoices → Recurring → one template (R-000001), or a new one (from scratch, or Make recurring on an invoice: its
// lines proposed for review, the ones that cannot recur named). The schedule, what a run does, pending ticket
// charges, the lines; Save (future runs only), Pause / Resume, Delete; the run log with links to the invoices made.
import { useEffect, useRef, useState } from 'react';
import { localDate } from '../../core/dates.ts';
import {
  RECURRING_ACTIONS,
  RECURRING_FREQUENCIES,
  recurringActionLabel,
  recurringFrequencyLabel,
  recurringStatusLabel,
  ticketChargeOrderLabel,
  TICKET_CHARGE_ORDERS,
  type RecurringAction,
  type RecurringFrequency,
  type TicketChargeOrder,
} from '../../core/enums.ts';
import type { RecurringTemplate } from '../../core/model.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { CustomerPicker } from '../components/CustomerPicker.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { QueryError } from '../components/Filters.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';
import { useMoney } from '../components/ShopFormat.tsx';
import { useNav } from '../stores/nav.ts';
import { RecurringLines } from './RecurringLines.tsx';
import { RunLog } from './RunLog.tsx';
import { blankForm, formFrom, readForm, type Ends, type TemplateForm } from './templateForm.ts';

export function RecurringTemplateScreen({ id, fromInvoice }: { id: number | null; fromInvoice?: number | undefined }) {
  const api = useApi();
  const money = useMoney();
  const go = useNav((s) => s.go);
  const setGuard = useNav((s) => s.setGuard);
  const today = localDate(new Date());
  const template = useApiQuery('getRecurring', { id: id ?? 0 }, id !== null);
  const draft = useApiQuery('makeRecurring', { invoiceId: fromInvoice ?? 0 }, id === null && fromInvoice !== undefined);
  const ticketSettings = useApiQuery('getTicketSettings', {});
  const termsList = useApiQuery('listPaymentTerms', {});
  const [form, setForm] = useState<TemplateForm>(() => blankForm(today));
  const [saved, setSaved] = useState<RecurringTemplate | null>(null);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<ScreenMessage>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const dirtyRef = useRef(false);
  dirtyRef.current = dirty;

  // The saved template, each time it is read (after our own commands and a run): kept unless edits are pending.
  useEffect(() => {
    if (template.status !== 'ok' || dirtyRef.current) return;
    setSaved(template.data);
    setForm(formFrom(template.data, template.data.customerName, money));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [template.data]);
  useEffect(() => {
    if (draft.status !== 'ok') return;
    setForm(formFrom(draft.data.values, draft.data.customerName, money));
    setDirty(true);
    const left = draft.data.leftOut.map((l) => `${l.description} (${l.reason})`).join('; ');
    setMessage(
      left
        ? { tone: 'error', text: `Left out of the template: ${left}. Review the lines, then Save.` }
        : { tone: 'ok', text: `The lines of ${draft.data.sourceInvoice.number}: review them, then Save.` },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draft.data]);
  useEffect(() => {
    setGuard(() => dirtyRef.current);
    return () => setGuard(null);
  }, [setGuard]);

  const editable = !saved?.deleted;
  const edit = (patch: Partial<TemplateForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setDirty(true);
  };

  async function save() {
    const reading = readForm(form, money);
    if (!reading.ok) return setMessage({ tone: 'error', text: reading.message });
    const { nextRunDate, ...values } = reading.values;
    setBusy(true);
    // An edit sends the next run date only when changed here: a run (the scheduler's pass) moves it on without
    // touching the revision, and the date this page loaded must not set it back.
    const nextChanged = saved !== null && nextRunDate !== saved.nextRunDate;
    const outcome = await api.saveRecurring({
      ...values,
      ...(saved ? { id: saved.id, revision: saved.revision, ...(nextChanged ? { nextRunDate } : {}) } : {}),
      // A new template first runs one period after its start date unless a next run date is given.
      ...(!saved && nextRunDate !== null ? { nextRunDate } : {}),
      ...(!saved && fromInvoice !== undefined ? { sourceInvoiceId: fromInvoice } : {}),
    });
    setBusy(false);
    if (!outcome.ok) return setMessage({ tone: 'error', text: `Not saved: ${outcome.error.message}` });
    dirtyRef.current = false;
    setDirty(false);
    setSaved(outcome.value);
    setForm(formFrom(outcome.value, outcome.value.customerName, money));
    setMessage({ tone: 'ok', text: `Saved ${outcome.value.number}. Changes apply to future runs only.` });
    if (!saved) go({ name: 'recurringTemplate', id: outcome.value.id });
    return undefined;
  }

  async function setPaused(paused: boolean) {
    if (!saved) return;
    setBusy(true);
    const outcome = await api.setRecurringPaused({ id: saved.id, paused });
    setBusy(false);
    if (!outcome.ok) return setMessage({ tone: 'error', text: outcome.error.message });
    const t = outcome.value;
    setSaved(t);
    const behind = !paused && t.nextRunDate !== null && t.nextRunDate < today;
    setMessage({
      tone: 'ok',
      text: paused
        ? `${t.number} is paused: it makes no invoices until you resume it.`
        : behind
          ? `${t.number} resumed. Its next run (${t.nextRunDate}) is in the past: the next pass catches up the ` +
            'missed periods, one invoice each.'
          : `${t.number} resumed.`,
    });
    return undefined;
  }

  async function remove() {
    if (!saved) return;
    setConfirmDelete(false);
    setBusy(true);
    const outcome = await api.deleteRecurring({ id: saved.id });
    setBusy(false);
    if (!outcome.ok) return setMessage({ tone: 'error', text: outcome.error.message });
    dirtyRef.current = false;
    go({ name: 'recurring' });
    return undefined;
  }

  const statuses = (ticketSettings.data?.statuses ?? []).filter(
    (s) => !s.archived || form.ticketStatusIds.includes(s.id),
  );
  const title = saved ? `Recurring invoice ${saved.number}` : 'New recurring invoice';
  return (
    <section className="recurring-template" aria-labelledby="recurring-template-title">
      <div className="screen-head">
        <h1 id="recurring-template-title">{title}</h1>
        {saved && <span className="status">{saved.deleted ? 'Deleted' : recurringStatusLabel[saved.status]}</span>}
      </div>
      <QueryError state={template} />
      <QueryError state={draft} />
      <Message message={message} />
      {saved?.sourceInvoice && (
        <p>
          Made from{' '}
          <button
            type="button"
            className="link"
            onClick={() => go({ name: 'invoice', invoiceId: saved.sourceInvoice!.id })}
          >
            {saved.sourceInvoice.number}
          </button>
          .
        </p>
      )}
      <div className="form-row">
        <CustomerPicker
          label="Customer"
          value={form.customer}
          disabled={!editable}
          onChange={(c) => edit({ customer: { id: c.id, name: c.name } })}
        />
        <label className="field">
          <span>Frequency</span>
          <select
            value={form.frequency}
            disabled={!editable}
            onChange={(e) => edit({ frequency: e.target.value as RecurringFrequency })}
          >
            {RECURRING_FREQUENCIES.map((f) => (
              <option key={f} value={f}>
                {recurringFrequencyLabel[f]}
              </option>
            ))}
          </select>
        </label>
        {form.frequency === 'every_n_months' && (
          <label className="field">
            <span>Every (months)</span>
            <input
              inputMode="numeric"
              value={form.everyMonthsText}
              disabled={!editable}
              onChange={(e) => edit({ everyMonthsText: e.target.value })}
            />
          </label>
        )}
      </div>
      <div className="form-row">
        <label className="field">
          <span>Start date</span>
          <input
            type="date"
            value={form.startDate}
            disabled={!editable}
            onChange={(e) => edit({ startDate: e.target.value })}
          />
        </label>
        <label className="field">
          <span>Next run date</span>
          <input
            type="date"
            value={form.nextRunDate}
            disabled={!editable}
            onChange={(e) => edit({ nextRunDate: e.target.value })}
          />
        </label>
        <fieldset className="field" disabled={!editable}>
          <legend>Ends</legend>
          {(['never', 'date', 'runs'] as const).map((e) => (
            <label key={e}>
              <input type="radio" name="ends" checked={form.ends === e} onChange={() => edit({ ends: e as Ends })} />
              {e === 'never' ? 'Never' : e === 'date' ? 'On date' : 'After N runs'}
            </label>
          ))}
          {form.ends === 'date' && (
            <label>
              End date
              <input type="date" value={form.endDate} onChange={(e) => edit({ endDate: e.target.value })} />
            </label>
          )}
          {form.ends === 'runs' && (
            <label>
              Number of runs
              <input
                inputMode="numeric"
                value={form.maxRunsText}
                onChange={(e) => edit({ maxRunsText: e.target.value })}
              />
            </label>
          )}
        </fieldset>
      </div>
      {!id && (
        <p className="hint">
          Empty next run date: one period after the start date (a run bills the period just ended; enter the start date
          to bill from day one). A date in the past catches up: one invoice per period since.
        </p>
      )}
      <div className="form-row">
        <label className="field">
          <span>What a run does</span>
          <select
            value={form.action}
            disabled={!editable}
            onChange={(e) => edit({ action: e.target.value as RecurringAction })}
          >
            {RECURRING_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {recurringActionLabel[a]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Terms</span>
          <select value={form.terms} disabled={!editable} onChange={(e) => edit({ terms: e.target.value })}>
            <option value="">The shop&apos;s default terms</option>
            {form.terms !== '' && !termsList.data?.some((t) => t.name === form.terms) && (
              <option value={form.terms}>{form.terms}</option>
            )}
            {termsList.data?.map((t) => (
              <option key={t.id} value={t.name}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset disabled={!editable}>
        <legend>Pending ticket charges</legend>
        <label>
          <input
            type="checkbox"
            checked={form.addTicketCharges}
            onChange={(e) => edit({ addTicketCharges: e.target.checked })}
          />
          Add pending ticket charges
        </label>
        {form.addTicketCharges && (
          <>
            <fieldset>
              <legend>Only from tickets that are (none: any status)</legend>
              {statuses.map((s) => (
                <label key={s.id}>
                  <input
                    type="checkbox"
                    checked={form.ticketStatusIds.includes(s.id)}
                    onChange={(e) =>
                      edit({
                        ticketStatusIds: e.target.checked
                          ? [...form.ticketStatusIds, s.id]
                          : form.ticketStatusIds.filter((x) => x !== s.id),
                      })
                    }
                  />
                  {s.name}
                </label>
              ))}
            </fieldset>
            <label className="field">
              <span>Order</span>
              <select
                value={form.ticketChargeOrder}
                onChange={(e) => edit({ ticketChargeOrder: e.target.value as TicketChargeOrder })}
              >
                {TICKET_CHARGE_ORDERS.map((o) => (
                  <option key={o} value={o}>
                    {ticketChargeOrderLabel[o]}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
      </fieldset>
      <RecurringLines
        lines={form.lines}
        disabled={!editable}
        onChange={(lines) => edit({ lines })}
        onMessage={(text) => setMessage({ tone: 'error', text })}
      />
      <label className="field">
        <span>Notes</span>
        <textarea value={form.notes} disabled={!editable} onChange={(e) => edit({ notes: e.target.value })} />
      </label>
      <div className="actions" role="group" aria-label="Actions">
        {editable && (
          <button type="button" disabled={busy} onClick={() => void save()}>
            Save
          </button>
        )}
        {saved && editable && saved.status !== 'ended' && (
          <button type="button" disabled={busy || dirty} onClick={() => void setPaused(!saved.paused)}>
            {saved.paused ? 'Resume' : 'Pause'}
          </button>
        )}
        {saved && editable && (
          <button type="button" disabled={busy} onClick={() => setConfirmDelete(true)}>
            Delete
          </button>
        )}
      </div>
      {saved && <RunLog template={saved} />}
      {confirmDelete && saved && (
        <Dialog title={`Delete ${saved.number}?`} onClose={() => setConfirmDelete(false)}>
          <p>
            {saved.number} stops making invoices and leaves the Recurring list. The invoices it made stay as they are
            and still say “from {saved.number}”.
          </p>
          <div className="dialog-actions">
            <button type="button" onClick={() => void remove()}>
              Delete
            </button>
            <button type="button" onClick={() => setConfirmDelete(false)}>
              Cancel
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}
