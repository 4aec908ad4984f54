// Service work → one estimate (EST-000001): customer, date, expiry and lines (products from the item search, or manual
// items; quantities with decimals), Save; then Mark sent / Approve / Decline, Print / Download PDF / Email, Convert to
// ticket (opens the ticket) and Convert to invoice (warns first when a line is serial-tracked; opens the invoice).
import { useEffect, useRef, useState } from 'react';
import { localDate } from '../../core/dates.ts';
import { estimateStatusLabel } from '../../core/enums.ts';
import type { Estimate, Product } from '../../core/model.ts';
import { formatQtyMilli, lineTotalMinor, parseQtyMilli } from '../../core/money.ts';
import { useApi } from '../api/ApiProvider.tsx';
import { CustomerPicker } from '../components/CustomerPicker.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';
import { useMoney } from '../components/ShopFormat.tsx';
import { DocumentActions } from '../documents/DocumentActions.tsx';
import { EstimateEmail } from './EstimateEmail.tsx';
import { ItemSearch } from '../invoice/ItemSearch.tsx';
import { useNav } from '../stores/nav.ts';

interface Line {
  key: string;
  productId: number | null;
  description: string;
  qtyText: string;
  priceText: string;
  taxable: boolean;
  taxRateId?: number | null;
}

let keys = 0;
const nextKey = () => `l${++keys}`;

export function EstimateScreen({ id }: { id: number | null }) {
  const api = useApi();
  const money = useMoney();
  const go = useNav((s) => s.go);
  const setGuard = useNav((s) => s.setGuard);
  const locale = money.format.locale;
  const [saved, setSaved] = useState<Estimate | null>(null);
  const [customer, setCustomer] = useState<{ id: number; name: string } | null>(null);
  const [date, setDate] = useState(localDate(new Date()));
  const [expiry, setExpiry] = useState('');
  const [notes, setNotes] = useState('');
  const [lines, setLines] = useState<Line[]>([]);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<ScreenMessage>(null);
  const [warnSerialized, setWarnSerialized] = useState(false);
  const [emailing, setEmailing] = useState(false);
  const dirtyRef = useRef(false);
  dirtyRef.current = dirty;

  const load = (e: Estimate) => {
    setSaved(e);
    setCustomer({ id: e.customerId, name: e.customerName });
    setDate(e.estimateDate);
    setExpiry(e.expiryDate);
    setNotes(e.notes);
    setLines(
      e.lines.map((l) => ({
        key: nextKey(),
        productId: l.productId,
        description: l.description,
        qtyText: formatQtyMilli(l.qty, locale),
        priceText: money.input(l.unitPriceMinor),
        taxable: l.taxable,
        taxRateId: l.taxRateId,
      })),
    );
    setDirty(false);
  };

  useEffect(() => {
    if (id === null) return;
    void api
      .getEstimate({ id })
      .then((o) => (o.ok ? load(o.value) : setMessage({ tone: 'error', text: o.error.message })));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, id]);
  useEffect(() => {
    setGuard(() => dirtyRef.current);
    return () => setGuard(null);
  }, [setGuard]);

  const editable = !saved || saved.status === 'draft' || saved.status === 'sent';
  const change = (key: string, patch: Partial<Line>) => {
    setLines((ls) => ls.map((l) => (l.key === key ? { ...l, ...patch } : l)));
    setDirty(true);
  };
  const addProduct = (p: Product) => {
    setLines((ls) => [
      ...ls,
      {
        key: nextKey(),
        productId: p.id,
        description: p.name,
        qtyText: '1',
        priceText: money.input(p.priceMinor),
        taxable: p.taxable,
      },
    ]);
    setDirty(true);
  };

  async function save() {
    if (!customer) return setMessage({ tone: 'error', text: 'Choose the customer.' });
    const out = [];
    for (const [i, l] of lines.entries()) {
      const qty = parseQtyMilli(l.qtyText, locale);
      if (qty === null || qty <= 0)
        return setMessage({ tone: 'error', text: `Line ${i + 1}: ${l.qtyText} is not a quantity above 0.` });
      const price = money.read(l.priceText);
      if (!price.ok) return setMessage({ tone: 'error', text: `Line ${i + 1}: ${price.message}` });
      out.push({
        productId: l.productId,
        description: l.description,
        qty,
        unitPriceMinor: price.minor,
        taxable: l.taxable,
        ...(l.taxRateId !== undefined ? { taxRateId: l.taxRateId } : {}),
      });
    }
    if (out.length === 0) return setMessage({ tone: 'error', text: 'An estimate needs at least one line.' });
    setBusy(true);
    const outcome = await api.saveEstimate({
      ...(saved ? { id: saved.id, revision: saved.revision } : {}),
      customerId: customer.id,
      estimateDate: date,
      ...(expiry ? { expiryDate: expiry } : {}),
      notes,
      lines: out,
    });
    setBusy(false);
    if (!outcome.ok) return setMessage({ tone: 'error', text: `Not saved: ${outcome.error.message}` });
    load(outcome.value);
    setMessage({ tone: 'ok', text: `Saved ${outcome.value.number}.` });
    if (!saved) {
      dirtyRef.current = false;
      go({ name: 'estimate', id: outcome.value.id });
    }
    return undefined;
  }

  async function run<T>(work: () => Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>) {
    setBusy(true);
    setMessage(null);
    const outcome = await work();
    setBusy(false);
    if (!outcome.ok) {
      setMessage({ tone: 'error', text: outcome.error.message });
      return null;
    }
    return outcome.value;
  }
  const setStatus = async (status: 'sent' | 'approved' | 'declined') => {
    const e = await run(() => api.setEstimateStatus({ id: saved!.id, status }));
    if (e) {
      load(e);
      setMessage({ tone: 'ok', text: `${e.number} is ${estimateStatusLabel[e.status]}.` });
    }
  };
  const toTicket = async () => {
    const r = await run(() => api.convertEstimateToTicket({ id: saved!.id }));
    if (r) go({ name: 'ticket', id: r.ticketId });
  };
  const toInvoice = async (confirmSerialized: boolean) => {
    setWarnSerialized(false);
    const r = await run(() => api.convertEstimateToInvoice({ id: saved!.id, confirmSerialized }));
    if (r) go({ name: 'invoice', invoiceId: r.invoiceId });
  };

  const total = lines.reduce((sum, l) => {
    const qty = parseQtyMilli(l.qtyText, locale);
    const price = money.read(l.priceText);
    return qty && price.ok ? sum + lineTotalMinor(qty, price.minor) : sum;
  }, 0);

  return (
    <section className="estimate" aria-labelledby="estimate-title">
      <div className="screen-head">
        <h1 id="estimate-title">{saved ? `Estimate ${saved.number}` : 'New estimate'}</h1>
        {saved && <span className="status">{estimateStatusLabel[saved.status]}</span>}
      </div>
      <Message message={message} />
      <div className="form-row">
        <CustomerPicker
          label="Customer"
          value={customer}
          disabled={!editable}
          onChange={(c) => {
            setCustomer({ id: c.id, name: c.name });
            setDirty(true);
          }}
        />
        <label>
          Date
          <input
            type="date"
            value={date}
            disabled={!editable}
            onChange={(e) => (setDate(e.target.value), setDirty(true))}
          />
        </label>
        <label>
          Expiry date
          <input
            type="date"
            value={expiry}
            disabled={!editable}
            onChange={(e) => (setExpiry(e.target.value), setDirty(true))}
          />
        </label>
      </div>
      {editable && (
        <ItemSearch
          label="Item search"
          onPick={addProduct}
          onCode={async (code) => {
            const found = await api.findProductByCode({ code });
            if (found.ok && found.value) addProduct(found.value);
            else setMessage({ tone: 'error', text: `No product has the code ${code}.` });
          }}
        />
      )}
      <table className="list" aria-label="Lines">
        <thead>
          <tr>
            <th scope="col">Description</th>
            <th scope="col">Qty</th>
            <th scope="col">Unit price</th>
            <th scope="col">Taxable</th>
            <th scope="col" className="num">
              Line total
            </th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l, i) => {
            const qty = parseQtyMilli(l.qtyText, locale);
            const price = money.read(l.priceText);
            return (
              <tr key={l.key}>
                <td>
                  <input
                    aria-label={`Line ${i + 1} description`}
                    value={l.description}
                    disabled={!editable}
                    onChange={(e) => change(l.key, { description: e.target.value })}
                  />
                </td>
                <td>
                  <input
                    aria-label={`Line ${i + 1} quantity`}
                    inputMode="decimal"
                    value={l.qtyText}
                    disabled={!editable}
                    onChange={(e) => change(l.key, { qtyText: e.target.value })}
                  />
                </td>
                <td>
                  <input
                    aria-label={`Line ${i + 1} unit price`}
                    inputMode="decimal"
                    value={l.priceText}
                    disabled={!editable}
                    onChange={(e) => change(l.key, { priceText: e.target.value })}
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Line ${i + 1} taxable`}
                    checked={l.taxable}
                    disabled={!editable}
                    onChange={(e) => change(l.key, { taxable: e.target.checked })}
                  />
                </td>
                <td className="num">{qty && price.ok ? money.text(lineTotalMinor(qty, price.minor)) : '—'}</td>
                <td>
                  {editable && (
                    <button
                      type="button"
                      aria-label={`Remove line ${i + 1}`}
                      onClick={() => (setLines((ls) => ls.filter((x) => x.key !== l.key)), setDirty(true))}
                    >
                      Remove
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {editable && (
        <button
          type="button"
          onClick={() => {
            setLines((ls) => [
              ...ls,
              { key: nextKey(), productId: null, description: '', qtyText: '1', priceText: '', taxable: true },
            ]);
            setDirty(true);
          }}
        >
          Add manual item
        </button>
      )}
      <dl className="totals" aria-label="Totals">
        <dt>Subtotal</dt>
        <dd>{money.text(dirty || !saved ? total : saved.subtotalMinor)}</dd>
        {saved && !dirty && (
          <>
            <dt>Tax</dt>
            <dd>{money.text(saved.taxMinor)}</dd>
            <dt>Total</dt>
            <dd>{money.total(saved.totalMinor)}</dd>
          </>
        )}
      </dl>
      <label>
        Notes
        <textarea value={notes} disabled={!editable} onChange={(e) => (setNotes(e.target.value), setDirty(true))} />
      </label>
      <div className="actions" role="group" aria-label="Actions">
        {editable && (
          <button type="button" disabled={busy} onClick={() => void save()}>
            Save
          </button>
        )}
        {saved && !dirty && (
          <>
            {saved.status === 'draft' && (
              <button type="button" disabled={busy} onClick={() => void setStatus('sent')}>
                Mark sent
              </button>
            )}
            {(saved.status === 'draft' || saved.status === 'sent') && (
              <>
                <button type="button" disabled={busy} onClick={() => void setStatus('approved')}>
                  Approve
                </button>
                <button type="button" disabled={busy} onClick={() => void setStatus('declined')}>
                  Decline
                </button>
              </>
            )}
            {saved.status === 'approved' && (
              <button type="button" disabled={busy} onClick={() => void toTicket()}>
                Convert to ticket
              </button>
            )}
            {saved.status !== 'declined' && saved.status !== 'converted' && (
              <button
                type="button"
                disabled={busy}
                onClick={() => (saved.hasSerialized ? setWarnSerialized(true) : void toInvoice(false))}
              >
                Convert to invoice
              </button>
            )}
            <DocumentActions kind="estimate" id={saved.id} />
            {saved.status !== 'declined' && saved.status !== 'converted' && (
              <button type="button" disabled={busy} onClick={() => setEmailing(true)}>
                Email
              </button>
            )}
            {saved.ticket && (
              <button type="button" className="link" onClick={() => go({ name: 'ticket', id: saved.ticket!.id })}>
                {saved.ticket.number}
              </button>
            )}
            {saved.invoice && (
              <button
                type="button"
                className="link"
                onClick={() => go({ name: 'invoice', invoiceId: saved.invoice!.id })}
              >
                {saved.invoice.number}
              </button>
            )}
          </>
        )}
      </div>
      {warnSerialized && (
        <Dialog title="Convert to invoice" onClose={() => setWarnSerialized(false)}>
          <p role="alert">
            This estimate has serialized products. Convert it to a ticket first, so the serial can be linked to the
            ticket.
          </p>
          <div className="dialog-actions">
            <button type="button" onClick={() => void toInvoice(true)}>
              Convert to invoice anyway
            </button>
            <button type="button" onClick={() => setWarnSerialized(false)}>
              Cancel
            </button>
          </div>
        </Dialog>
      )}
      {emailing && saved && (
        <EstimateEmail
          estimate={saved}
          onDone={(text, ok) => {
            setEmailing(false);
            setMessage({ tone: ok ? 'ok' : 'error', text });
            void api.getEstimate({ id: saved.id }).then((o) => o.ok && load(o.value));
          }}
          onCancel={() => setEmailing(false)}
        />
      )}
    </section>
  );
}
