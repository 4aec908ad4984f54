// Cancel order: asks first (a cancelled order cannot be received or reopened), then cancels. Cancelling needs a
// Manager or Admin: a cashier is asked for one's PIN by the approval dialog.
import { useState } from 'react';
import type { PurchaseOrder } from '../../core/model.ts';
import { useApi } from '../api/ApiProvider.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { useApproval } from '../components/ManagerApproval.tsx';

export function CancelOrderDialog({
  po,
  onClose,
  onCancelled,
}: {
  po: PurchaseOrder;
  onClose: () => void;
  onCancelled: (po: PurchaseOrder) => void;
}) {
  const api = useApi();
  const approve = useApproval();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const received = po.lines.some((l) => l.qtyReceived > 0);

  async function cancelOrder() {
    setBusy(true);
    const outcome = await approve((approvalPin) =>
      api.setPurchaseOrderStatus({ id: po.id, action: 'cancel', ...(approvalPin ? { approvalPin } : {}) }),
    );
    setBusy(false);
    if (outcome.ok) return onCancelled(outcome.value);
    return setError(outcome.error.code === 'cancelled' ? null : outcome.error.message);
  }

  return (
    <Dialog title={`Cancel ${po.number}?`} onClose={onClose}>
      <p>
        {`${po.number} to ${po.vendorName} will be cancelled: nothing more can be received on it, and it cannot be reopened.`}
        {received ? ' What was already received stays in stock.' : ''}
      </p>
      {error && (
        <p role="alert" className="message error">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" data-autofocus onClick={onClose}>
          Keep order
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => void cancelOrder()}>
          Cancel order
        </button>
      </div>
    </Dialog>
  );
}
