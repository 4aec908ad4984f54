import { useEffect, useMemo, useRef, useState } from 'react';
import type { PurchaseOrder, PurchaseOrderLine } from '../../core/model.ts';
import { classify } from '../../core/scan/classify.ts';
import { poStatusLabel } from '../../core/enums.ts';
import { useApi } from '../api/ApiProvider.tsx';
import { useScanTarget } from '../scanner/router.ts';
import { expandRange, parseSerialList, serialFromLabel, unitKey } from './serialEntry.ts';

interface Entry { key: number; serial: string }
type Problems = Map<number, string>; // entry key → why it cannot be received

let nextKey = 1;
/** Units of a line still to receive. */
const open = (l: PurchaseOrderLine) => l.qtyOrdered - l.qtyReceived;

/**
 * Check-in of a purchase order, made for speed: scans land on the current line one after another
 * with a live "x of y" counter, and a list can be pasted or a range entered. Each serial is checked
 * as it arrives (duplicate in this receipt; the product already has it) and shown inline; Receive
 * posts the whole receipt or nothing.
 */
export function ReceivingConsole({ po, onReceived }: { po: PurchaseOrder; onReceived: (message: string) => void }) {
  const api = useApi();
  const openLines = useMemo(() => po.lines.filter((l) => open(l) > 0), [po.lines]);
  const serialLines = useMemo(() => openLines.filter((l) => l.serialized), [openLines]);
  const [entries, setEntries] = useState<Record<number, Entry[]>>({});
  const [counts, setCounts] = useState<Record<number, string>>({});
  const [current, setCurrent] = useState<number | null>(serialLines[0]?.id ?? null);
  const [typed, setTyped] = useState('');
  const [paste, setPaste] = useState('');
  const [range, setRange] = useState('');
  const [known, setKnown] = useState<ReadonlySet<string>>(new Set()); // unitKey of the serials the store already has
  const [serverProblems, setServerProblems] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: 'error' | 'ok'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const serialInput = useRef<HTMLInputElement>(null);

  // Ready for the first scan: a keyboard-wedge scanner types into the focused field.
  useEffect(() => serialInput.current?.focus(), []);

  const lineById = useMemo(() => new Map(po.lines.map((l) => [l.id, l])), [po.lines]);

  // Inline problems, recomputed from all entries: duplicates within the receipt (per product) and known serials.
  const problems: Problems = useMemo(() => {
    const out: Problems = new Map();
    const seen = new Map<string, string>(); // unitKey (product and serial key) → product name of first
    for (const line of serialLines) {
      for (const e of entries[line.id] ?? []) {
        const k = unitKey(line.productId, e.serial);
        if (seen.has(k)) out.set(e.key, 'entered twice in this receipt');
        else if (known.has(k)) out.set(e.key, `${line.productName} already has this serial`);
        else if (serverProblems[k]) out.set(e.key, serverProblems[k]!);
        seen.set(k, line.productName);
      }
    }
    return out;
  }, [entries, known, serverProblems, serialLines]);

  async function checkWithStore(line: PurchaseOrderLine, serials: string[]) {
    const outcome = await api.checkSerials({ productId: line.productId, serials });
    if (!outcome.ok || outcome.value.existing.length === 0) return;
    setKnown((cur) => new Set([...cur, ...outcome.value.existing.map((s) => unitKey(line.productId, s))]));
  }

  /** Adds serials to a line (the current one unless given), refusing what does not fit. */
  function add(serials: string[], target = current): boolean {
    const line = target === null ? undefined : lineById.get(target);
    if (!line) {
      setMessage({ tone: 'error', text: 'No line is open for serials on this order.' });
      return false;
    }
    const clean = serials.map((s) => s.trim());
    if (clean.some((s) => !s)) {
      setMessage({ tone: 'error', text: 'An empty serial was not added.' });
      return false;
    }
    const have = entries[line.id]?.length ?? 0;
    const room = open(line) - have;
    if (clean.length > room) {
      setMessage({
        tone: 'error',
        text: room === 0
          ? `${line.productName} is full: ${have} of ${open(line)} serials entered.`
          : `${clean.length} serials do not fit on ${line.productName}: ${room} of ${open(line)} places are left. Nothing was added.`,
      });
      return false;
    }
    setEntries((cur) => ({ ...cur, [line.id]: [...(cur[line.id] ?? []), ...clean.map((serial) => ({ key: nextKey++, serial }))] }));
    setMessage(null);
    void checkWithStore(line, clean);
    // A full line hands the next scans to the next serialized line that still has room.
    if (clean.length === room) {
      const next = serialLines.find((l) => l.id !== line.id && (entries[l.id]?.length ?? 0) < open(l));
      if (next) setCurrent(next.id);
    }
    return true;
  }

  /** A scanned or typed label: GS1 with a GTIN picks the line of that product; the serial lands on the current line. */
  function addLabel(text: string) {
    const c = classify(text);
    let target = current;
    if (c.kind === 'gs1' && c.gtin) {
      const match = serialLines.find((l) => l.barcode && l.barcode.replace(/^0+/, '') === c.gtin!.replace(/^0+/, ''));
      if (match) target = match.id;
    }
    if (target !== current && target !== null) setCurrent(target);
    return add([serialFromLabel(text)], target);
  }

  useScanTarget((scan) => void addLabel(scan.text));

  function remove(lineId: number, key: number) {
    setEntries((cur) => ({ ...cur, [lineId]: (cur[lineId] ?? []).filter((e) => e.key !== key) }));
  }

  async function receive() {
    const lines = openLines.flatMap((l) => {
      if (l.serialized) {
        const list = entries[l.id] ?? [];
        return list.length > 0 ? [{ lineId: l.id, qty: list.length, serials: list.map((e) => ({ serial: e.serial })) }] : [];
      }
      const qty = Number(counts[l.id] ?? '0');
      return qty > 0 ? [{ lineId: l.id, qty }] : [];
    });
    const badCount = openLines.find((l) => !l.serialized && !/^\d*$/.test((counts[l.id] ?? '').trim()));
    if (badCount) return setMessage({ tone: 'error', text: `Enter a whole number to receive for ${badCount.productName}.` });
    if (problems.size > 0) {
      return setMessage({ tone: 'error', text: `Nothing was received: ${problems.size} serial${problems.size === 1 ? ' has a problem' : 's have problems'}. Remove or fix ${problems.size === 1 ? 'it' : 'them'} first.` });
    }
    if (lines.length === 0) return setMessage({ tone: 'error', text: 'Scan serials or enter quantities to receive first.' });
    setBusy(true);
    const outcome = await api.receivePurchaseOrder({ id: po.id, lines });
    setBusy(false);
    if (!outcome.ok) {
      const details = outcome.error.details as { problems?: Array<{ serial: string; line: number; message: string }> } | undefined;
      if (details?.problems?.length) {
        const byKey: Record<string, string> = {};
        for (const p of details.problems) {
          const line = lines[p.line - 1];
          const poLine = line ? lineById.get(line.lineId) : undefined;
          if (poLine) byKey[unitKey(poLine.productId, p.serial)] = p.message;
        }
        setServerProblems(byKey);
      }
      return setMessage({ tone: 'error', text: outcome.error.message });
    }
    const units = lines.reduce((n, l) => n + l.qty, 0);
    setEntries({});
    setCounts({});
    onReceived(`Received ${units} unit${units === 1 ? '' : 's'} on ${outcome.value.receipt.number}; ${po.number} is now ${poStatusLabel[outcome.value.purchaseOrder.status].toLowerCase()}.`);
    return undefined;
  }

  const currentLine = current === null ? undefined : lineById.get(current);

  return (
    <section className="receiving" aria-label="Receive">
      <h2>Receive</h2>
      {serialLines.length > 0 && (
        <div className="entry">
          <fieldset className="current-line">
            <legend>Line receiving scans</legend>
            {serialLines.map((l) => (
              <label key={l.id} className="check">
                <input type="radio" name={`current-${po.id}`} checked={current === l.id} onChange={() => setCurrent(l.id)} /> {l.productName}
              </label>
            ))}
          </fieldset>
          <form className="inline" onSubmit={(e) => { e.preventDefault(); if (addLabel(typed)) setTyped(''); }}>
            <label className="field"><span>Serial</span>
              <input ref={serialInput} value={typed} autoComplete="off" spellCheck={false} placeholder={currentLine ? `Scan a serial for ${currentLine.productName}` : ''} onChange={(e) => setTyped(e.target.value)} />
            </label>
            <button type="submit">Add</button>
          </form>
          <form className="inline" onSubmit={(e) => {
            e.preventDefault();
            const r = expandRange(range.trim());
            if (!Array.isArray(r)) return setMessage({ tone: 'error', text: r.error });
            if (add(r)) setRange('');
            return undefined;
          }}>
            <label className="field"><span>Range</span><input value={range} placeholder="DL5440-0200..DL5440-0249" onChange={(e) => setRange(e.target.value)} /></label>
            <button type="submit">Add range</button>
          </form>
          <form className="inline" onSubmit={(e) => {
            e.preventDefault();
            const { serials, errors } = parseSerialList(paste);
            if (errors.length > 0) return setMessage({ tone: 'error', text: errors.join(' ') });
            if (serials.length === 0) return setMessage({ tone: 'error', text: 'Paste serials first: one per line, or separated by commas or tabs.' });
            if (add(serials)) setPaste('');
            return undefined;
          }}>
            <label className="field"><span>Paste serials</span><textarea rows={3} value={paste} placeholder="One per line, or separated by commas or tabs" onChange={(e) => setPaste(e.target.value)} /></label>
            <button type="submit">Add pasted</button>
          </form>
        </div>
      )}
      {message && <p role={message.tone === 'error' ? 'alert' : 'status'} className={`message ${message.tone}`}>{message.text}</p>}
      <div className="receive-lines">
        {openLines.map((l) => {
          const list = entries[l.id] ?? [];
          return (
            <div key={l.id} className={`receive-line ${current === l.id ? 'current' : ''}`} aria-label={`Receiving ${l.productName}`} role="group">
              <h3>{l.productName} <span className="meta">{l.sku}</span></h3>
              {l.serialized ? (
                <>
                  <p className="counter" aria-live="polite" aria-label={`${l.productName} serials`}>{list.length} of {open(l)}</p>
                  <ul className="serial-entries" aria-label={`Serials for ${l.productName}`}>
                    {list.map((e) => {
                      const problem = problems.get(e.key);
                      return (
                        <li key={e.key} className={problem ? 'bad' : 'good'} aria-invalid={problem ? true : undefined}>
                          <span className="mono">{e.serial}</span>
                          {problem && <span className="problem"> — {problem}</span>}
                          <button type="button" className="link" aria-label={`Remove ${e.serial}`} onClick={() => remove(l.id, e.key)}>Remove</button>
                        </li>
                      );
                    })}
                  </ul>
                </>
              ) : (
                <label className="field"><span>Receive now for {l.productName}</span>
                  <input inputMode="numeric" value={counts[l.id] ?? ''} placeholder={`0 – ${open(l)}`} onChange={(e) => setCounts({ ...counts, [l.id]: e.target.value })} />
                  <button type="button" onClick={() => setCounts({ ...counts, [l.id]: String(open(l)) })}>All {open(l)}</button>
                </label>
              )}
            </div>
          );
        })}
      </div>
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void receive()}>Receive</button>
      </div>
    </section>
  );
}
