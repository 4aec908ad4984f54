// Reverse a posted goods issue: asks first (a reversal is a new goods receipt, done once), then reverses. It needs a
// Manager or Admin: a cashier is asked for one's PIN by the approval dialog.
import { useState } from 'react';
import type { GoodsIssue } from '../../core/model.ts';
import { useApi } from '../api/ApiProvider.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { useApproval } from '../components/ManagerApproval.tsx';

export function ReverseIssueDialog({
  issue,
  onClose,
  onReversed,
}: {
  issue: GoodsIssue;
  onClose: () => void;
  onReversed: (issue: GoodsIssue) => void;
}) {
  const api = useApi();
  const approve = useApproval();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function reverse() {
    setBusy(true);
    const outcome = await approve((approvalPin) =>
      api.reverseGoodsIssue({ id: issue.id, ...(approvalPin ? { approvalPin } : {}) }),
    );
    setBusy(false);
    if (outcome.ok) return onReversed(outcome.value);
    return setError(outcome.error.code === 'cancelled' ? null : outcome.error.message);
  }

  return (
    <Dialog title={`Reverse ${issue.number}?`} onClose={onClose}>
      <p>
        {`A new goods receipt will bring everything on ${issue.number} back into stock at ${issue.locationName}. ` +
          `${issue.number} itself stays as it was posted, and it can be reversed only once.`}
      </p>
      {error && (
        <p role="alert" className="message error">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" data-autofocus onClick={onClose}>
          Keep as posted
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => void reverse()}>
          Reverse
        </button>
      </div>
    </Dialog>
  );
}
