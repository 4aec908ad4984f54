import type { SerialMatch } from '../../core/model.ts';
import { Dialog } from '../components/Dialog.tsx';

/** The same serial text exists for several products: the user says which unit was scanned. */
export function ProductPicker({
  matches,
  onPick,
  onCancel,
}: {
  matches: SerialMatch[];
  onPick: (m: SerialMatch) => void;
  onCancel: () => void;
}) {
  const serial = matches[0]?.serial ?? '';
  return (
    <Dialog title={`Which product is ${serial}?`} onClose={onCancel}>
      <p>Serial {serial} belongs to more than one product. Pick the unit you scanned.</p>
      <ul className="pick-list">
        {matches.map((m) => (
          <li key={m.serialId}>
            <button type="button" onClick={() => onPick(m)}>
              {m.productName} — {m.serial} at {m.locationName}
            </button>
          </li>
        ))}
      </ul>
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
