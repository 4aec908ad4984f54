// Receiving a transfer In transit at its destination: each unit is checked in by scan (SN:, GS1 with a serial, or the
// plain serial) with an "x of y received" counter, or marked missing; lines without serials take the quantity that
// arrived. Receive sends it all as one command; a unit not scanned and not marked missing is named first.
import { useState } from 'react';
import type { ScreenMessage } from '../components/Message.tsx';
import type { Transfer } from '../../core/model.ts';
import { formatQtyMilli, parseQtyMilli } from '../../core/money.ts';
import { serialKey } from '../../core/serial.ts';
import { useApi } from '../api/ApiProvider.tsx';
import { useMoney } from '../components/ShopFormat.tsx';
import { serialIn } from '../invoice/CaptureSerialsDialog.tsx';
import { useScanTarget } from '../scanner/router.ts';

export function TransferReceivePanel({
  transfer,
  onDone,
}: {
  transfer: Transfer;
  onDone: (message: ScreenMessage) => void;
}) {
  const api = useApi();
  const locale = useMoney().format.locale;
  const units = transfer.lines.flatMap((l) => l.units.map((u) => ({ ...u, productName: l.productName })));
  const plain = transfer.lines.filter((l) => !l.serialized);
  const [received, setReceived] = useState<ReadonlySet<number>>(new Set());
  const [missing, setMissing] = useState<ReadonlySet<number>>(new Set());
  const [qtyTexts, setQtyTexts] = useState<Record<number, string>>(() =>
    Object.fromEntries(plain.map((l) => [l.id, formatQtyMilli(l.qty, locale)])),
  );
  const [scanText, setScanText] = useState('');
  const [message, setMessage] = useState<ScreenMessage>(null);
  const [busy, setBusy] = useState(false);

  async function check(text: string) {
    const serial = serialIn(text);
    if (!serial) return;
    const unit = units.find((u) => serialKey(u.serial) === serialKey(serial));
    setScanText('');
    if (!unit) {
      // Name the unit when the store knows it: the wrong unit, or an unknown serial.
      const found = await api.lookupSerial({ serial });
      const known = found.ok ? found.value[0] : undefined;
      return setMessage({
        tone: 'error',
        text: known
          ? `${known.serial} (${known.productName}) is not on ${transfer.number}.`
          : `${serial} is not a known serial, and not on ${transfer.number}.`,
      });
    }
    if (received.has(unit.serialId)) return setMessage({ tone: 'error', text: `${unit.serial} is already received.` });
    setReceived(new Set([...received, unit.serialId]));
    setMissing(new Set([...missing].filter((id) => id !== unit.serialId)));
    return setMessage({ tone: 'ok', text: `Received ${unit.serial} (${unit.productName}).` });
  }

  useScanTarget((scan) => void check(scan.text));

  function toggleMissing(serialId: number) {
    const next = new Set(missing);
    if (next.has(serialId)) next.delete(serialId);
    else next.add(serialId);
    setMissing(next);
    setReceived(new Set([...received].filter((id) => id !== serialId)));
    setMessage(null);
  }

  async function receive() {
    const open = units.filter((u) => !received.has(u.serialId) && !missing.has(u.serialId));
    if (open.length > 0)
      return setMessage({
        tone: 'error',
        text: `Scan or mark missing every unit; not yet: ${open.map((u) => u.serial).join(', ')}.`,
      });
    const lines: Array<{ lineId: number; qtyReceived: number }> = [];
    for (const l of plain) {
      const qty = parseQtyMilli(qtyTexts[l.id] ?? '', locale);
      if (qty === null || qty < 0 || qty > l.qty)
        return setMessage({
          tone: 'error',
          text: `${l.productName}: enter what arrived, from 0 to ${formatQtyMilli(l.qty, locale)}.`,
        });
      lines.push({ lineId: l.id, qtyReceived: qty });
    }
    setBusy(true);
    const outcome = await api.receiveTransfer({
      id: transfer.id,
      receivedSerialIds: [...received],
      missingSerialIds: [...missing],
      lines,
    });
    setBusy(false);
    if (!outcome.ok) return setMessage({ tone: 'error', text: outcome.error.message });
    const gone = missing.size > 0 ? ` ${missing.size} marked missing.` : '';
    return onDone({
      tone: 'ok',
      text: `${transfer.number} is received at ${transfer.toLocationName}.${gone}`,
    });
  }

  return (
    <section className="receive-panel" aria-label={`Receive ${transfer.number}`}>
      <h2>Receive at {transfer.toLocationName}</h2>
      {units.length > 0 && (
        <>
          <p aria-live="polite">
            <strong>
              {received.size} of {units.length} received
            </strong>
          </p>
          <label className="field">
            <span>Scan a unit</span>
            <input
              type="text"
              value={scanText}
              placeholder="Scan or type a serial (SN:, GS1 or plain), then Enter"
              onChange={(e) => setScanText(e.target.value)}
              onKeyDown={(e) => {
                if (e.key !== 'Enter') return;
                e.preventDefault();
                void check(scanText);
              }}
            />
          </label>
        </>
      )}
      {message && (
        <p role={message.tone === 'error' ? 'alert' : 'status'} className={`message ${message.tone}`}>
          {message.text}
        </p>
      )}
      {units.length > 0 && (
        <ul className="units" aria-label="Units to receive">
          {units.map((u) => (
            <li key={u.serialId}>
              <span className="serial-text">{u.serial}</span> <span className="meta">{u.productName}</span>{' '}
              <span className="badge">
                {received.has(u.serialId) ? 'Received' : missing.has(u.serialId) ? 'Missing' : 'Waiting'}
              </span>{' '}
              <button type="button" className="link" onClick={() => toggleMissing(u.serialId)}>
                {missing.has(u.serialId) ? `Not missing: ${u.serial}` : `Mark ${u.serial} missing`}
              </button>
            </li>
          ))}
        </ul>
      )}
      {plain.map((l) => (
        <label key={l.id} className="field">
          <span>
            {l.productName} arrived (of {formatQtyMilli(l.qty, locale)})
          </span>
          <input
            className="qty"
            inputMode="decimal"
            value={qtyTexts[l.id] ?? ''}
            onChange={(e) => setQtyTexts({ ...qtyTexts, [l.id]: e.target.value })}
          />
        </label>
      ))}
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void receive()}>
          Receive
        </button>
      </div>
    </section>
  );
}
