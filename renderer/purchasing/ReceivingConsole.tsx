import { useEffect, useMemo, useRef, useState } from 'react';
import { Message, type ScreenMessage } from '../components/Message.tsx';
import { useStore } from 'zustand';
import type { PurchaseOrder } from '../../core/model.ts';
import { poStatusLabel } from '../../core/enums.ts';
import { useApi } from '../api/ApiProvider.tsx';
import { useMoney } from '../components/ShopFormat.tsx';
import { useScanTarget } from '../scanner/router.ts';
import {
  createReceiptDraftStore,
  findProblems,
  openQty,
  receiptRequest,
  refusedSerials,
  type AddOutcome,
} from './receiptDraft.ts';
import { expandRange, parseSerialList } from './serialEntry.ts';

type Message = ScreenMessage;

/**
 * Check-in of a purchase order, made for speed: scans land on the current line one after another
 * with a live "x of y" counter, and a list can be pasted or a range entered. Each serial is checked
 * as it arrives (duplicate in this receipt; the product already has it) and shown inline; Receive
 * posts the whole receipt or nothing. The draft and its rules live in receiptDraft.ts; the parent
 * keys this component by receiptDraftKey, so other lines start a new draft.
 */
export function ReceivingConsole({ po, onReceived }: { po: PurchaseOrder; onReceived: (message: string) => void }) {
  const api = useApi();
  const money = useMoney();
  const [store] = useState(() => createReceiptDraftStore(po));
  const draft = useStore(store);
  const { open, serialLines, entries, counts, current } = draft;
  const problems = useMemo(() => findProblems(draft), [draft]);
  const [typed, setTyped] = useState('');
  const [paste, setPaste] = useState('');
  const [range, setRange] = useState('');
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);
  const serialInput = useRef<HTMLInputElement>(null);

  // Ready for the first scan: a keyboard-wedge scanner types into the focused field.
  useEffect(() => serialInput.current?.focus(), []);

  /** Shows a refusal, or clears the message and asks the store which of the added serials it already has. */
  function settle(outcome: AddOutcome): boolean {
    if (!outcome.ok) {
      setMessage({ tone: 'error', text: outcome.message });
      return false;
    }
    setMessage(null);
    const { productId } = outcome.line;
    void api.checkSerials({ productId, serials: outcome.serials }).then((checked) => {
      if (checked.ok) store.getState().learnExisting(productId, checked.value.existing);
    });
    return true;
  }

  const addLabel = (text: string) => settle(store.getState().addLabel(text));
  const add = (serials: string[]) => settle(store.getState().add(serials));

  useScanTarget((scan) => void addLabel(scan.text));

  async function receive() {
    const request = receiptRequest(store.getState(), po.id, money.parseQty);
    if (!request.ok) return setMessage({ tone: 'error', text: request.message });
    setBusy(true);
    const outcome = await api.receivePurchaseOrder(request.input);
    setBusy(false);
    if (!outcome.ok) {
      const refused = refusedSerials(store.getState(), request.input, outcome.error.details);
      if (Object.keys(refused).length > 0) store.getState().setRefused(refused);
      return setMessage({ tone: 'error', text: outcome.error.message });
    }
    const { units } = request;
    store.getState().clear();
    onReceived(
      `Received ${units} unit${units === 1 ? '' : 's'} on ${outcome.value.receipt.number}; ${po.number} is now ${poStatusLabel[outcome.value.purchaseOrder.status].toLowerCase()}.`,
    );
    return undefined;
  }

  const currentLine = serialLines.find((l) => l.id === current);

  return (
    <section className="receiving" aria-label="Receive">
      <h2>Receive</h2>
      {serialLines.length > 0 && (
        <div className="entry">
          <fieldset className="current-line">
            <legend>Line receiving scans</legend>
            {serialLines.map((l) => (
              <label key={l.id} className="check">
                <input
                  type="radio"
                  name={`current-${po.id}`}
                  checked={current === l.id}
                  onChange={() => store.getState().setCurrent(l.id)}
                />{' '}
                {l.productName}
              </label>
            ))}
          </fieldset>
          <form
            className="inline"
            onSubmit={(e) => {
              e.preventDefault();
              if (addLabel(typed)) setTyped('');
            }}
          >
            <label className="field">
              <span>Serial</span>
              <input
                ref={serialInput}
                value={typed}
                autoComplete="off"
                spellCheck={false}
                placeholder={currentLine ? `Scan a serial for ${currentLine.productName}` : ''}
                onChange={(e) => setTyped(e.target.value)}
              />
            </label>
            <button type="submit">Add</button>
          </form>
          <form
            className="inline"
            onSubmit={(e) => {
              e.preventDefault();
              const r = expandRange(range.trim());
              if (!Array.isArray(r)) return setMessage({ tone: 'error', text: r.error });
              if (add(r)) setRange('');
              return undefined;
            }}
          >
            <label className="field">
              <span>Range</span>
              <input value={range} placeholder="DL5440-0200..DL5440-0249" onChange={(e) => setRange(e.target.value)} />
            </label>
            <button type="submit">Add range</button>
          </form>
          <form
            className="inline"
            onSubmit={(e) => {
              e.preventDefault();
              const { serials, errors } = parseSerialList(paste);
              if (errors.length > 0) return setMessage({ tone: 'error', text: errors.join(' ') });
              if (serials.length === 0)
                return setMessage({
                  tone: 'error',
                  text: 'Paste serials first: one per line, or separated by commas or tabs.',
                });
              if (add(serials)) setPaste('');
              return undefined;
            }}
          >
            <label className="field">
              <span>Paste serials</span>
              <textarea
                rows={3}
                value={paste}
                placeholder="One per line, or separated by commas or tabs"
                onChange={(e) => setPaste(e.target.value)}
              />
            </label>
            <button type="submit">Add pasted</button>
          </form>
        </div>
      )}
      <Message message={message} />
      <div className="receive-lines">
        {open.map((l) => {
          const list = entries[l.id] ?? [];
          return (
            <div
              key={l.id}
              className={`receive-line ${current === l.id ? 'current' : ''}`}
              aria-label={`Receiving ${l.productName}`}
              role="group"
            >
              <h3>
                {l.productName} <span className="meta">{l.sku}</span>
              </h3>
              {l.serialized ? (
                <>
                  <p className="counter" aria-live="polite" aria-label={`${l.productName} serials`}>
                    {list.length} of {openQty(l)}
                  </p>
                  <ul className="serial-entries" aria-label={`Serials for ${l.productName}`}>
                    {list.map((e) => {
                      const problem = problems.get(e.key);
                      return (
                        <li key={e.key} className={problem ? 'bad' : 'good'} aria-invalid={problem ? true : undefined}>
                          <span className="mono">{e.serial}</span>
                          {problem && <span className="problem"> — {problem}</span>}
                          <button
                            type="button"
                            className="link"
                            aria-label={`Remove ${e.serial}`}
                            onClick={() => store.getState().remove(l.id, e.key)}
                          >
                            Remove
                          </button>
                        </li>
                      );
                    })}
                  </ul>
                </>
              ) : (
                <label className="field">
                  <span>Receive now for {l.productName}</span>
                  <input
                    inputMode="numeric"
                    value={counts[l.id] ?? ''}
                    placeholder={`0 – ${openQty(l)}`}
                    onChange={(e) => store.getState().setCount(l.id, e.target.value)}
                  />
                  <button type="button" onClick={() => store.getState().setCount(l.id, String(openQty(l)))}>
                    All {openQty(l)}
                  </button>
                </label>
              )}
            </div>
          );
        })}
      </div>
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void receive()}>
          Receive
        </button>
      </div>
    </section>
  );
}
