// The serial actions of one serialized line item on a ticket, in its row of the line items: what it is waiting for
// (on order on PO-…), Order for this ticket (a Draft PO to the product's vendor for the units still needed), Reserve a
// unit (pick one In stock at the ticket's location) and Release (a manager's, for a unit reserved for the ticket).
import { useState } from 'react';
import type { ChargeSerialInfo } from '../../core/model.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { QueryError } from '../components/Filters.tsx';
import { useApproval } from '../components/ManagerApproval.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';
import { useNav } from '../stores/nav.ts';
import { OrderForTicketDialog, ReleaseReservationDialog, ReserveUnitDialog } from './ReserveDialogs.tsx';

export interface ChargeSerialActionsProps {
  ticketId: number;
  chargeId: number;
  productId: number;
  /** Units the charge has, and how many it needs. */
  serialIds: number[];
  unitsNeeded: number;
  /** Called after an order, reservation or release, so the ticket re-reads its charges. */
  onChanged?: () => void;
}

type Open = { kind: 'order' } | { kind: 'reserve' } | { kind: 'release'; unit: ChargeSerialInfo['units'][number] };

export function ChargeSerialActions({
  ticketId,
  chargeId,
  serialIds,
  unitsNeeded,
  onChanged,
}: ChargeSerialActionsProps) {
  const api = useApi();
  const approve = useApproval();
  const go = useNav((s) => s.go);
  const state = useApiQuery('chargeSerialInfo', { ticketId, chargeId });
  const [open, setOpen] = useState<Open | null>(null);
  const [message, setMessage] = useState<ScreenMessage>(null);
  const info = state.data;
  const done = (text: string) => {
    setOpen(null);
    setMessage({ tone: 'ok', text });
    onChanged?.();
  };
  const missing = unitsNeeded - serialIds.length;

  return (
    <span className="charge-serial-actions" role="group" aria-label="Serial actions">
      <QueryError state={state} />
      {info && (
        <>
          {info.onOrder.map((o) => (
            <button
              key={o.purchaseOrderId}
              type="button"
              className="link"
              onClick={() => go({ name: 'purchaseOrder', id: o.purchaseOrderId })}
            >
              On order: {o.number} ({o.qtyOpen})
            </button>
          ))}
          {info.stillNeeded > 0 && (
            <button type="button" onClick={() => setOpen({ kind: 'order' })}>
              Order for this ticket
            </button>
          )}
          {missing > 0 && info.inStock > 0 && (
            <button type="button" onClick={() => setOpen({ kind: 'reserve' })}>
              Reserve a unit ({info.inStock} in stock)
            </button>
          )}
          {info.units
            .filter((u) => u.status === 'reserved' && u.invoiceNumber === null)
            .map((u) => (
              <button key={u.id} type="button" onClick={() => setOpen({ kind: 'release', unit: u })}>
                Release {u.serial}
              </button>
            ))}
        </>
      )}
      <Message message={message} />
      {info && open?.kind === 'order' && (
        <OrderForTicketDialog
          info={info}
          onClose={() => setOpen(null)}
          onOrder={async (vendorId) => {
            const r = await api.orderForTicket({ ticketId, chargeId, ...(vendorId ? { vendorId } : {}) });
            if (!r.ok) return r.error.message;
            const v = r.value;
            done(`${v.created ? 'Created' : 'Added to'} ${v.number} (${v.vendorName}): ${v.qty} for this ticket.`);
            return null;
          }}
        />
      )}
      {info && open?.kind === 'reserve' && (
        <ReserveUnitDialog
          info={info}
          onClose={() => setOpen(null)}
          onPick={async (unit) => {
            const r = await api.reserveUnitForTicket({ ticketId, chargeId, serialId: unit.id });
            if (!r.ok) return r.error.message;
            done(`${unit.serial} is reserved for this ticket.`);
            return null;
          }}
        />
      )}
      {open?.kind === 'release' && (
        <ReleaseReservationDialog
          serial={open.unit.serial}
          onClose={() => setOpen(null)}
          onRelease={async (note) => {
            const r = await approve((approvalPin) =>
              api.releaseReservation({ serialId: open.unit.id, note, ...(approvalPin ? { approvalPin } : {}) }),
            );
            if (!r.ok) return r.error.code === 'cancelled' ? null : r.error.message;
            done(`${r.value.serial} is released from ${r.value.ticketNumber}: back in stock.`);
            return null;
          }}
        />
      )}
    </span>
  );
}
