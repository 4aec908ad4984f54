// The counter's Transfer here: beside "DL5440-0101 (Latitude 5440 Laptop) is at Warehouse, not Main Store.", a button
// that asks first ("Transfer DL5440-0101 from Warehouse to Main Store?"), then moves the unit here in one step
// (transferHere) and hands it back as found here, so the sale takes it as a normal SN: scan would.
import { useState } from 'react';
import type { SerialMatch } from '../../core/model.ts';
import { useApi } from '../api/ApiProvider.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { useScanTarget } from '../scanner/router.ts';

/** Whether a refused unit can be brought here: In stock at another location, on no invoice. */
export const canTransferHere = (match: SerialMatch, locationId: number): boolean =>
  match.status === 'in_stock' && match.invoice === null && match.locationId !== locationId;

export function TransferHereButton({
  match,
  locationId,
  locationName,
  onTransferred,
}: {
  match: SerialMatch;
  locationId: number;
  locationName: string;
  /** The unit, now In stock here. */
  onTransferred: (match: SerialMatch, transferNumber: string) => void;
}) {
  const [asking, setAsking] = useState(false);
  return (
    <>
      {' '}
      <button type="button" onClick={() => setAsking(true)}>
        Transfer here
      </button>
      {asking && (
        <ConfirmTransfer
          match={match}
          locationId={locationId}
          locationName={locationName}
          onClose={() => setAsking(false)}
          onTransferred={onTransferred}
        />
      )}
    </>
  );
}

function ConfirmTransfer({
  match,
  locationId,
  locationName,
  onClose,
  onTransferred,
}: {
  match: SerialMatch;
  locationId: number;
  locationName: string;
  onClose: () => void;
  onTransferred: (match: SerialMatch, transferNumber: string) => void;
}) {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useScanTarget(() => {}); // a scan while asking adds nothing

  async function transfer() {
    setBusy(true);
    const outcome = await api.transferHere({ serialId: match.serialId, locationId });
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error.message);
    onClose();
    return onTransferred({ ...match, locationId, locationName }, outcome.value.number);
  }

  return (
    <Dialog title={`Transfer ${match.serial} from ${match.locationName} to ${locationName}?`} onClose={onClose}>
      <p>
        {match.serial} ({match.productName}) moves from {match.locationName} to {locationName} now, sent and received in
        one step.
      </p>
      {error && (
        <p role="alert" className="message error">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="primary" data-autofocus disabled={busy} onClick={() => void transfer()}>
          Transfer
        </button>
      </div>
    </Dialog>
  );
}
