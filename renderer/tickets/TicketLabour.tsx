// A ticket's labour log: start/stop a timer or add minutes (technician, labour product, note, billable), and Charge
// or uncharge each billable entry (Not Charged → Charged; Invoiced once on an invoice).
import { useState } from 'react';
import { labourStatusLabel } from '../../core/enums.ts';
import type { Ticket, TicketSettings } from '../../core/model.ts';
import { useApi } from '../api/ApiProvider.tsx';
import { useMoney } from '../components/ShopFormat.tsx';

type Run = (call: () => Promise<{ ok: true } | { ok: false; error: { message: string } }>) => Promise<boolean>;

export function TicketLabour({ ticket, settings, run }: { ticket: Ticket; settings?: TicketSettings; run: Run }) {
  const api = useApi();
  const money = useMoney();
  const [staffId, setStaffId] = useState('');
  const [productId, setProductId] = useState('');
  const [minutes, setMinutes] = useState('');
  const [note, setNote] = useState('');
  const [billable, setBillable] = useState(true);
  const entry = () => ({
    ticketId: ticket.id,
    staffId: Number(staffId || settings?.technicians[0]?.id),
    productId: Number(productId || settings?.labourProducts[0]?.id),
    note,
    billable,
  });
  const add = async () => {
    const ok = await run(() => api.addLabourEntry({ ...entry(), minutes: Number(minutes) }));
    if (ok) {
      setMinutes('');
      setNote('');
    }
  };
  return (
    <section aria-label="Labour">
      <h2>Labour</h2>
      <div className="filters">
        <label className="field">
          <span>Technician</span>
          <select value={staffId} onChange={(e) => setStaffId(e.target.value)}>
            {settings?.technicians.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Labour product</span>
          <select value={productId} onChange={(e) => setProductId(e.target.value)}>
            {settings?.labourProducts.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Note</span>
          <input value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        <label className="field">
          <span>Minutes</span>
          <input inputMode="numeric" value={minutes} onChange={(e) => setMinutes(e.target.value)} />
        </label>
        <label>
          <input type="checkbox" checked={billable} onChange={(e) => setBillable(e.target.checked)} /> Billable
        </label>
        <button type="button" onClick={() => void add()}>
          Add time
        </button>
        <button type="button" onClick={() => void run(() => api.startLabourTimer(entry()))}>
          Start timer
        </button>
      </div>
      <table className="list" aria-label="Labour log">
        <thead>
          <tr>
            <th scope="col">Technician</th>
            <th scope="col">Labour</th>
            <th scope="col">Note</th>
            <th scope="col" className="num">
              Minutes
            </th>
            <th scope="col" className="num">
              Amount
            </th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {ticket.labour.length === 0 && (
            <tr>
              <td colSpan={7} className="empty">
                No time logged yet.
              </td>
            </tr>
          )}
          {ticket.labour.map((l) => (
            <tr key={l.id}>
              <td>{l.staffName}</td>
              <td>{l.productName}</td>
              <td>{l.note}</td>
              <td className="num">{l.minutes ?? ''}</td>
              <td className="num">{l.billable && l.minutes !== null ? money.text(l.amountMinor) : ''}</td>
              <td>
                {labourStatusLabel[l.status]}
                {l.invoice ? ` (${l.invoice.number})` : ''}
              </td>
              <td>
                {l.status === 'running' && (
                  <button type="button" onClick={() => void run(() => api.stopLabourTimer({ labourId: l.id }))}>
                    Stop timer
                  </button>
                )}
                {l.status === 'not_charged' && (
                  <button
                    type="button"
                    onClick={() => void run(() => api.setLabourCharged({ labourId: l.id, charged: true }))}
                  >
                    Charge
                  </button>
                )}
                {l.status === 'charged' && (
                  <button
                    type="button"
                    onClick={() => void run(() => api.setLabourCharged({ labourId: l.id, charged: false }))}
                  >
                    Uncharge
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
