import { useMemo, useState } from 'react';
import { QueryError } from '../components/Filters.tsx';
import type { SerialUnit } from '../../core/model.ts';
import { useApiQuery } from '../api/ApiProvider.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { lineUnits, type DraftLine, type DraftSerial } from './draft.ts';
import { useMoney } from '../components/ShopFormat.tsx';
import { classify } from '../../core/scan/classify.ts';
import { serialStatusLabel } from '../../core/enums.ts';
import { normalizeSerial, serialKey } from '../../core/serial.ts';
import { useScanTarget } from '../scanner/router.ts';

/** What the dialog needs of a line: an invoice's (DraftLine) or a transfer's. */
export type CaptureLine = Pick<DraftLine, 'productId' | 'label' | 'serials' | 'qtyText' | 'serialized'>;

interface Props {
  line: CaptureLine;
  locationId: number;
  locationName: string;
  /** The saved invoice being edited: its own units are listed too (null on a transfer: only units In stock). */
  invoiceId: number | null;
  /** Units captured on other lines of this invoice: not offered here. */
  takenElsewhere: ReadonlySet<number>;
  onConfirm: (serials: DraftSerial[]) => void;
  onCancel: () => void;
}

/**
 * The serial a label carries (plain text, SN:<serial>, or a GS1 code with AI 21), normalised as the store keeps
 * serials.
 */
export function serialIn(text: string): string {
  const c = classify(text);
  return normalizeSerial(c.kind === 'serial' ? c.serial : c.kind === 'gs1' && c.serial ? c.serial : text);
}

/**
 * Pick the serial numbers of a line's units from those available at the invoice's location (or a transfer's source).
 */
export function CaptureSerialsDialog({
  line,
  locationId,
  locationName,
  invoiceId,
  takenElsewhere,
  onConfirm,
  onCancel,
}: Props) {
  // Only serial-tracked lines (which always have a product) open this dialog.
  const productId = line.productId ?? 0;
  const query = useApiQuery('availableSerials', {
    productId,
    locationId,
    ...(invoiceId ? { invoiceId } : {}),
  });
  const [selected, setSelected] = useState<DraftSerial[]>(line.serials);
  const [filter, setFilter] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const { format } = useMoney();
  const qty = lineUnits(line, format.locale) ?? 0;

  const units = useMemo(() => {
    const listed = (query.data ?? []).filter((u) => !takenElsewhere.has(u.id));
    // Units captured on this line stay listed even when the store no longer offers them.
    for (const s of line.serials) {
      if (!listed.some((u) => u.id === s.id)) {
        listed.push({
          id: s.id,
          productId,
          serial: s.serial,
          locationId,
          locationName,
          status: 'sold',
          conditionNotes: '',
        });
      }
    }
    return listed.sort((a, b) => a.serial.localeCompare(b.serial));
  }, [query.data, takenElsewhere, line.serials, productId, locationId, locationName]);

  // Compared by key (core/serial.ts), as the store does: letter case, invisible characters and dash styles do not
  // count.
  const keys = useMemo(() => new Map(units.map((u) => [u.id, serialKey(u.serial)])), [units]);
  const needle = serialKey(serialIn(filter));
  const shown = needle ? units.filter((u) => keys.get(u.id)!.includes(needle)) : units;
  const isSelected = (id: number) => selected.some((s) => s.id === id);

  function toggle(unit: SerialUnit, on: boolean): boolean {
    if (!on) {
      setSelected((cur) => cur.filter((s) => s.id !== unit.id));
      setMessage(null);
      return true;
    }
    if (selected.length >= qty) {
      setMessage(`This line is for ${qty} unit${qty === 1 ? '' : 's'}: untick a serial first, or raise the quantity.`);
      return false;
    }
    setSelected((cur) => [...cur, { id: unit.id, serial: unit.serial }]);
    setMessage(null);
    return true;
  }

  // While open, scans come here first: a serial label (plain, SN: or GS1 with AI 21) ticks its unit.
  useScanTarget((scan) => tickSerial(serialIn(scan.text)));

  /**
   * Enter in the filter: a serial typed or scanned there ticks its unit; with nothing typed and every unit ticked it
   * confirms (Enter on a ticked list does too), so a whole capture needs no mouse and no Tab.
   */
  function onEnter(event: React.KeyboardEvent) {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    if (event.currentTarget instanceof HTMLInputElement && event.currentTarget.type === 'text' && filter.trim()) {
      tickSerial(serialIn(filter));
    } else if (selected.length === qty) {
      onConfirm(selected);
    } else {
      const left = qty - selected.length;
      setMessage(`${left} more serial${left === 1 ? '' : 's'} to tick: scan or type ${left === 1 ? 'it' : 'them'}.`);
    }
  }

  function tickSerial(wanted: string) {
    if (!wanted) return;
    const unit = units.find((u) => u.serial === wanted) ?? units.find((u) => keys.get(u.id) === serialKey(wanted));
    if (!unit) {
      setMessage(`${wanted} is not available for ${line.label} at ${locationName}.`);
      return;
    }
    if (isSelected(unit.id)) {
      setMessage(`${unit.serial} is already ticked.`);
      setFilter('');
      return;
    }
    if (toggle(unit, true)) setFilter('');
  }

  return (
    <Dialog title="Capture Serials" onClose={onCancel} className="capture-dialog">
      <p className="dialog-sub">
        {line.label} · {locationName} ·{' '}
        <strong aria-live="polite">
          {selected.length} of {qty} selected
        </strong>
      </p>
      <label className="field">
        <span>Filter or scan serial</span>
        <input
          type="text"
          data-autofocus
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          onKeyDown={onEnter}
          placeholder="Type or scan a serial, Enter ticks it; Enter when all are ticked confirms"
        />
      </label>
      {message && (
        <p role="alert" className="message error">
          {message}
        </p>
      )}
      {query.status === 'loading' && <p role="status">Loading serials…</p>}
      <QueryError state={query} />
      {query.status === 'ok' && units.length === 0 && (
        <p className="empty">
          No {line.label} units are in stock at {locationName}. Receive stock first.
        </p>
      )}
      <ul className="serial-list" aria-label="Available serials" onKeyDown={onEnter}>
        {shown.map((unit) => {
          const descId = `serial-desc-${unit.id}`;
          return (
            <li key={unit.id} className={isSelected(unit.id) ? 'ticked' : ''}>
              <label>
                <input
                  type="checkbox"
                  checked={isSelected(unit.id)}
                  aria-describedby={descId}
                  onChange={(e) => toggle(unit, e.target.checked)}
                />
                <span className="serial-text">{unit.serial}</span>
              </label>
              <span id={descId} className="serial-meta">
                <span className={`badge status-${unit.status}`}>
                  {isSelected(unit.id) && unit.status !== 'in_stock'
                    ? 'On this invoice'
                    : serialStatusLabel[unit.status]}
                </span>
                {unit.conditionNotes && (
                  <>
                    {' '}
                    <span className="notes">{unit.conditionNotes}</span>
                  </>
                )}
              </span>
            </li>
          );
        })}
      </ul>
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={() => onConfirm(selected)}>
          OK
        </button>
      </div>
    </Dialog>
  );
}
