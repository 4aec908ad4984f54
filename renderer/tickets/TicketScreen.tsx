// One ticket (T-000001): the header (customer, title, status, billing status), Actions (Make Invoice, deposits),
// Add/View Charges with the pending total, the labour log, the line items and the linked documents. A new ticket
// (id null) is a short form: customer, title, description.
import { useState } from 'react';
import { billingStatusLabel } from '../../core/enums.ts';
import type { Customer, Ticket } from '../../core/model.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { CustomerPicker } from '../components/CustomerPicker.tsx';
import { QueryError } from '../components/Filters.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';
import { useMoney } from '../components/ShopFormat.tsx';
import { useNav } from '../stores/nav.ts';
import { DepositActions } from './DepositActions.tsx';
import { ChargesDialog, TicketDocuments } from './TicketCharges.tsx';
import { TicketItems } from './TicketItems.tsx';
import { TicketLabour } from './TicketLabour.tsx';

export function TicketScreen({ id }: { id: number | null }) {
  return id === null ? <NewTicket /> : <TicketPage id={id} />;
}

function NewTicket() {
  const api = useApi();
  const go = useNav((s) => s.go);
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [message, setMessage] = useState<ScreenMessage>(null);
  const create = async () => {
    if (!customer) return setMessage({ tone: 'error', text: 'Choose the customer.' });
    const r = await api.saveTicket({ customerId: customer.id, title, description });
    if (!r.ok) return setMessage({ tone: 'error', text: r.error.message });
    go({ name: 'ticket', id: r.value.id });
  };
  return (
    <section className="ticket" aria-labelledby="ticket-title">
      <h1 id="ticket-title">New ticket</h1>
      <CustomerPicker label="Customer" value={customer} onChange={setCustomer} />
      <label className="field">
        <span>Title</span>
        <input value={title} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <label className="field">
        <span>Description</span>
        <textarea value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <Message message={message} />
      <button type="button" onClick={() => void create()}>
        Create ticket
      </button>
    </section>
  );
}

function TicketPage({ id }: { id: number }) {
  const api = useApi();
  const money = useMoney();
  const go = useNav((s) => s.go);
  const state = useApiQuery('getTicket', { id });
  const settings = useApiQuery('getTicketSettings', {});
  const [message, setMessage] = useState<ScreenMessage>(null);
  const [charges, setCharges] = useState(false);
  const [version, setVersion] = useState(0);
  const t = state.data;
  if (!t) return <QueryError state={state} />;

  const run = async (call: () => Promise<{ ok: true } | { ok: false; error: { message: string } }>) => {
    const r = await call();
    setMessage(r.ok ? null : { tone: 'error', text: r.error.message });
    return r.ok;
  };
  const save = (patch: Partial<Pick<Ticket, 'title' | 'description' | 'statusId'>>) =>
    run(() =>
      api.saveTicket({
        id: t.id,
        revision: t.revision,
        customerId: t.customerId,
        title: patch.title ?? t.title,
        description: patch.description ?? t.description,
        statusId: patch.statusId ?? t.statusId,
      }),
    );
  const makeInvoice = async (chosen?: Array<{ source: 'labour' | 'item' | 'deposit'; id: number }>) => {
    const r = await api.makeTicketInvoice({ ticketId: t.id, ...(chosen ? { charges: chosen } : {}) });
    if (!r.ok) return setMessage({ tone: 'error', text: r.error.message });
    go({ name: 'invoice', invoiceId: r.value.invoiceId });
  };
  const statuses = (settings.data?.statuses ?? []).filter((s) => !s.archived || s.id === t.statusId);

  return (
    <section className="ticket" aria-labelledby="ticket-title">
      <div className="screen-head">
        <h1 id="ticket-title">
          {t.number} · {t.customerName}
        </h1>
        <span aria-label="Billing status">{billingStatusLabel[t.billingStatus]}</span>
      </div>
      <div className="filters">
        <label className="field">
          <span>Title</span>
          <input
            key={`${t.revision}-title`}
            defaultValue={t.title}
            onBlur={(e) => e.target.value !== t.title && void save({ title: e.target.value })}
          />
        </label>
        <label className="field">
          <span>Status</span>
          <select value={t.statusId} onChange={(e) => void save({ statusId: Number(e.target.value) })}>
            {statuses.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className="field">
        <span>Description</span>
        <textarea
          key={`${t.revision}-description`}
          defaultValue={t.description}
          onBlur={(e) => e.target.value !== t.description && void save({ description: e.target.value })}
        />
      </label>
      <Message message={message} />
      <section aria-label="Actions" className="ticket-actions">
        <button type="button" onClick={() => setCharges(true)}>
          Add/View Charges ({money.total(t.pendingTotalMinor)})
        </button>
        <button type="button" disabled={t.pending.length === 0} onClick={() => void makeInvoice()}>
          Make Invoice
        </button>
        <DepositActions key={version} ticketId={t.id} onChanged={() => setVersion((v) => v + 1)} />
      </section>
      <TicketLabour ticket={t} settings={settings.data} run={run} />
      <TicketItems ticket={t} run={run} />
      <TicketDocuments ticket={t} />
      {charges && (
        <ChargesDialog ticket={t} onClose={() => setCharges(false)} onMake={(chosen) => void makeInvoice(chosen)} />
      )}
    </section>
  );
}
