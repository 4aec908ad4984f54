// A ticket's pending charges (Add/View Charges: choose which to bill, then Make Invoice) and its linked documents
// (estimate, deposit invoices, purchase orders, invoices).
import { useState } from 'react';
import type { Ticket, TicketChargeRow, TicketDocument } from '../../core/model.ts';
import { Dialog } from '../components/Dialog.tsx';
import { useMoney } from '../components/ShopFormat.tsx';
import { useNav } from '../stores/nav.ts';

const keyOf = (c: TicketChargeRow) => `${c.source}:${c.id}`;
const sourceLabel = { labour: 'Labour', item: 'Item', deposit: 'Deposit' } as const;

export function ChargesDialog({
  ticket,
  onClose,
  onMake,
}: {
  ticket: Ticket;
  onClose: () => void;
  onMake: (chosen: Array<{ source: TicketChargeRow['source']; id: number }>) => void;
}) {
  const money = useMoney();
  const [chosen, setChosen] = useState(() => new Set(ticket.pending.map(keyOf)));
  const picked = ticket.pending.filter((c) => chosen.has(keyOf(c)));
  const total = picked.reduce((sum, c) => sum + c.amountMinor + c.taxMinor, 0);
  const toggle = (key: string) =>
    setChosen((was) => {
      const next = new Set(was);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  return (
    <Dialog title={`Charges on ${ticket.number}`} onClose={onClose}>
      <table className="list" aria-label="Pending charges">
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Bill</span>
            </th>
            <th scope="col">Kind</th>
            <th scope="col">Description</th>
            <th scope="col" className="num">
              Qty
            </th>
            <th scope="col" className="num">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {ticket.pending.length === 0 && (
            <tr>
              <td colSpan={5} className="empty">
                No pending charges: charge labour or add line items.
              </td>
            </tr>
          )}
          {ticket.pending.map((c) => (
            <tr key={keyOf(c)}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Bill ${c.description}`}
                  checked={chosen.has(keyOf(c))}
                  onChange={() => toggle(keyOf(c))}
                />
              </td>
              <td>{sourceLabel[c.source]}</td>
              <td>{c.description}</td>
              <td className="num">{money.qty(c.qty)}</td>
              <td className="num">{money.text(c.amountMinor)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>Chosen, with tax: {money.total(total)}</p>
      <div className="dialog-actions">
        <button
          type="button"
          disabled={picked.length === 0}
          onClick={() => onMake(picked.map((c) => ({ source: c.source, id: c.id })))}
        >
          Make Invoice
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}

export function TicketDocuments({ ticket }: { ticket: Ticket }) {
  const go = useNav((s) => s.go);
  const { estimate, deposits, purchaseOrders, invoices } = ticket.documents;
  const link = (d: TicketDocument, open: () => void) => (
    <li key={d.number}>
      <button type="button" className="link" onClick={open}>
        {d.number}
      </button>{' '}
      <span className="hint">{d.status}</span>
    </li>
  );
  const none = !estimate && deposits.length + purchaseOrders.length + invoices.length === 0;
  return (
    <section aria-label="Documents">
      <h2>Documents</h2>
      {none && <p className="hint">No documents yet.</p>}
      <ul>
        {estimate && link(estimate, () => go({ name: 'estimate', id: estimate.id }))}
        {deposits.map((d) => link(d, () => go({ name: 'invoice', invoiceId: d.id })))}
        {purchaseOrders.map((d) => link(d, () => go({ name: 'purchaseOrder', id: d.id })))}
        {invoices.map((d) => link(d, () => go({ name: 'invoice', invoiceId: d.id })))}
      </ul>
    </section>
  );
}
