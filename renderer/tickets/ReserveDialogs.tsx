// The dialogs of a ticket line item's serial actions (ChargeSerialActions): Order for this ticket (the vendor: the
// product's last one, or chosen here when it was never ordered), Reserve a unit (a Capture Serials–like pick of the
// units In stock at the ticket's location) and Release a reservation (with a note; the store asks for a manager).
// Each handler returns the refusal's message (shown in the dialog, nothing lost) or null when done.
import { useState, type FormEvent } from 'react';
import type { ChargeSerialInfo } from '../../core/model.ts';
import { useApiQuery } from '../api/ApiProvider.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { QueryError } from '../components/Filters.tsx';

type Handler<T> = (value: T) => Promise<string | null>;

function useBusy() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (work: () => Promise<string | null>) => {
    setBusy(true);
    setError(null);
    const refused = await work();
    setBusy(false);
    if (refused) setError(refused);
  };
  return { busy, error, run };
}

export function OrderForTicketDialog({
  info,
  onClose,
  onOrder,
}: {
  info: ChargeSerialInfo;
  onClose: () => void;
  onOrder: Handler<number | null>;
}) {
  const vendors = useApiQuery('listVendors', {});
  const [vendorId, setVendorId] = useState<number | null>(info.vendor?.id ?? null);
  const { busy, error, run } = useBusy();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(() => (vendorId === null ? Promise.resolve('Choose the vendor.') : onOrder(vendorId)));
  };
  return (
    <Dialog title="Order for this ticket" onClose={onClose}>
      <p className="dialog-sub">
        {info.stillNeeded} × {info.productName} on a Draft purchase order for {info.locationName}
        {info.vendor ? ` (last ordered from ${info.vendor.name})` : ''}.
      </p>
      <form className="form" onSubmit={submit}>
        <QueryError state={vendors} />
        <label className="field">
          <span>Vendor</span>
          <select
            value={vendorId ?? ''}
            data-autofocus
            onChange={(e) => setVendorId(e.target.value === '' ? null : Number(e.target.value))}
          >
            <option value="">Choose the vendor</option>
            {(vendors.data ?? []).map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
              </option>
            ))}
          </select>
        </label>
        {error && (
          <p role="alert" className="message error">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit" disabled={busy}>
            Order
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function ReserveUnitDialog({
  info,
  onClose,
  onPick,
}: {
  info: ChargeSerialInfo;
  onClose: () => void;
  onPick: Handler<{ id: number; serial: string }>;
}) {
  const units = useApiQuery('availableSerials', { productId: info.productId, locationId: info.locationId });
  const [filter, setFilter] = useState('');
  const { busy, error, run } = useBusy();
  const shown = (units.data ?? []).filter((u) => u.serial.toLowerCase().includes(filter.trim().toLowerCase()));
  return (
    <Dialog title={`Reserve a unit of ${info.productName}`} onClose={onClose}>
      <p className="dialog-sub">Units In stock at {info.locationName}.</p>
      <label className="field">
        <span>Find serial</span>
        <input value={filter} data-autofocus onChange={(e) => setFilter(e.target.value)} />
      </label>
      <QueryError state={units} />
      {units.data && shown.length === 0 && <p className="hint">No unit In stock matches.</p>}
      <ul className="pick-list" aria-label="Units in stock">
        {shown.map((u) => (
          <li key={u.id}>
            <button type="button" disabled={busy} onClick={() => void run(() => onPick(u))}>
              Reserve {u.serial}
            </button>
            {u.conditionNotes && <span className="hint"> {u.conditionNotes}</span>}
          </li>
        ))}
      </ul>
      {error && (
        <p role="alert" className="message error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}

export function ReleaseReservationDialog({
  serial,
  onClose,
  onRelease,
}: {
  serial: string;
  onClose: () => void;
  onRelease: Handler<string>;
}) {
  const [note, setNote] = useState('');
  const { busy, error, run } = useBusy();
  return (
    <Dialog title={`Release ${serial}`} onClose={onClose}>
      <p className="dialog-sub">The unit goes back In stock and leaves this ticket. A manager approves it.</p>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => onRelease(note));
        }}
      >
        <label className="field">
          <span>Why</span>
          <input value={note} maxLength={500} data-autofocus onChange={(e) => setNote(e.target.value)} />
        </label>
        {error && (
          <p role="alert" className="message error">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit" disabled={busy}>
            Release
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
