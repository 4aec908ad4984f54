// One transfer: edited while a Draft (From / To, lines found with the product search, units picked with the same
// Capture Serials dialog as an invoice, from the source location), then sent in one step or two. In transit, the
// Receive panel checks the units in by scan; afterwards a unit marked missing can be marked found, or written off as
// lost by a Manager. A line without serials received short says by how much.
import { useEffect, useState } from 'react';
import { transferStatusLabel, transferUnitStateLabel } from '../../core/enums.ts';
import type { Transfer } from '../../core/model.ts';
import { formatQtyMilli } from '../../core/money.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { RecordSelect } from '../components/Filters.tsx';
import { useApproval } from '../components/ManagerApproval.tsx';
import { Message } from '../components/Message.tsx';
import { useMoney, useTimes } from '../components/ShopFormat.tsx';
import { PrintLabelsButton } from '../labels/PrintLabelsDialog.tsx';
import { useNav } from '../stores/nav.ts';
import { StockLinesEditor } from './StockLinesEditor.tsx';
import { useDocumentDraft } from './useDocumentDraft.ts';
import { TransferReceivePanel } from './TransferReceivePanel.tsx';
import {
  checkDraft,
  draftFromTransfer,
  emptyDraft,
  lineFor,
  oneStepByDefault,
  withDefaults,
  type TransferDraft,
} from './transferDraft.ts';

export function TransferScreen({ id }: { id: number | null }) {
  const api = useApi();
  const approve = useApproval();
  const money = useMoney();
  const times = useTimes();
  const locale = money.format.locale;
  const go = useNav((s) => s.go);
  const locations = useApiQuery('listLocations', {});
  const query = useApiQuery('getTransfer', { id: id ?? 0 }, id !== null);
  const data: Transfer | undefined = id === null ? undefined : query.data;
  const { draft, draftRef, setDraft, message, setMessage, busy, run, openSaved } = useDocumentDraft(
    'transfer',
    id,
    emptyDraft,
  );
  const [refusedKey, setRefusedKey] = useState<string | null>(null);
  /** The person's choice of one step or two; null: the default for these locations. */
  const [chosenOneStep, setChosenOneStep] = useState<boolean | null>(null);

  // The saved transfer into the draft, again after each change of it (its read is refreshed).
  useEffect(() => {
    if (data) setDraft(draftFromTransfer(data, locale));
  }, [data, locale, setDraft]);
  useEffect(() => {
    if (id === null) setDraft(withDefaults(draftRef.current, locations.data));
  }, [id, locations.data, draftRef, setDraft]);

  const editable = id === null || data?.status === 'draft';
  const oneStep = chosenOneStep ?? oneStepByDefault(draft, locations.data);
  const nameOf = (locationId: number | null) => locations.data?.find((l) => l.id === locationId)?.name ?? '';
  /** Every edit goes through here: it marks the draft changed and clears the last message. */
  function edit(change: (d: TransferDraft) => TransferDraft) {
    setDraft({ ...change(draftRef.current), dirty: true });
    setMessage(null);
    setRefusedKey(null);
  }

  async function save(): Promise<Transfer | null> {
    const checked = checkDraft(draftRef.current, data ? { id: data.id, revision: data.revision } : null, locale);
    if (!checked.ok) {
      setRefusedKey(checked.lineKey);
      setMessage({ tone: 'error', text: checked.message });
      return null;
    }
    const outcome = await api.saveTransfer(checked.input);
    if (!outcome.ok) {
      setMessage({ tone: 'error', text: outcome.error.message });
      return null;
    }
    setDraft({ ...draftRef.current, dirty: false });
    setMessage({ tone: 'ok', text: `Saved ${outcome.value.number}.` });
    return outcome.value;
  }

  const saveOnly = () =>
    run(async () => {
      const saved = await save();
      if (saved) openSaved(saved.id, { tone: 'ok', text: `Saved ${saved.number}.` });
    });

  const send = () =>
    run(async () => {
      const saved = draftRef.current.dirty || !data ? await save() : data;
      if (!saved) return;
      const outcome = await api.sendTransfer({ id: saved.id, oneStep });
      if (!outcome.ok) return openSaved(saved.id, { tone: 'error', text: outcome.error.message });
      const t = outcome.value;
      return openSaved(t.id, {
        tone: 'ok',
        text: oneStep
          ? `${t.number} is received at ${t.toLocationName}.`
          : `${t.number} is in transit to ${t.toLocationName}.`,
      });
    });

  const cancel = () =>
    run(async () => {
      if (!data) return;
      const outcome = await api.cancelTransfer({ id: data.id });
      setMessage(
        outcome.ok
          ? { tone: 'ok', text: `${outcome.value.number} is cancelled.` }
          : { tone: 'error', text: outcome.error.message },
      );
    });

  const markFound = (serialId: number, serial: string) =>
    run(async () => {
      if (!data) return;
      const outcome = await api.markTransferUnitFound({ id: data.id, serialId });
      setMessage(
        outcome.ok
          ? { tone: 'ok', text: `${serial} is received at ${outcome.value.toLocationName}.` }
          : { tone: 'error', text: outcome.error.message },
      );
    });

  const writeOff = (serialId: number, serial: string) =>
    run(async () => {
      if (!data) return;
      const outcome = await approve((approvalPin) =>
        api.writeOffMissingUnit({ transferId: data.id, serialId, ...(approvalPin ? { approvalPin } : {}) }),
      );
      if (!outcome.ok && outcome.error.code === 'cancelled') return;
      setMessage(
        outcome.ok
          ? { tone: 'ok', text: `${serial} is written off as lost.` }
          : { tone: 'error', text: outcome.error.message },
      );
    });

  if (id !== null && query.status === 'loading') return <p role="status">Loading…</p>;
  if (id !== null && query.status === 'error')
    return (
      <p role="alert" className="message error">
        {query.error.message}
      </p>
    );
  const title = data ? `Transfer ${data.number}` : 'New transfer';

  return (
    <section className="transfer" aria-label={title}>
      <button type="button" className="link" onClick={() => go({ name: 'transfers' })}>
        ← Transfers
      </button>
      <div className="screen-head">
        <h1>{title}</h1>
        {data && (
          <span className={`status transfer-${data.status}`} aria-label="Status">
            {transferStatusLabel[data.status]}
          </span>
        )}
        {data && data.lines.some((l) => l.units.length > 0) && (
          <PrintLabelsButton units={{ serialIds: data.lines.flatMap((l) => l.units.map((u) => u.serialId)) }} />
        )}
      </div>
      {data && data.sentAt && (
        <p className="meta">
          Sent {times.dateTime(data.sentAt)} by {data.sentBy}
          {data.receivedAt ? ` · received ${times.dateTime(data.receivedAt)} by ${data.receivedBy}` : ''}
        </p>
      )}
      <div className="filters">
        <RecordSelect
          label="From"
          value={draft.fromLocationId}
          rows={locations.data}
          disabled={!editable}
          // Units picked at the old source are not there: they are picked again.
          onChange={(from) =>
            edit((d) => ({ ...d, fromLocationId: from, lines: d.lines.map((l) => ({ ...l, serials: [] })) }))
          }
        />
        <RecordSelect
          label="To"
          value={draft.toLocationId}
          rows={locations.data}
          disabled={!editable}
          onChange={(to) => edit((d) => ({ ...d, toLocationId: to }))}
        />
        <label className="field">
          <span>Notes</span>
          <input
            value={draft.notes}
            disabled={!editable}
            onChange={(e) => {
              const notes = e.target.value;
              edit((d) => ({ ...d, notes }));
            }}
          />
        </label>
      </div>
      <StockLinesEditor
        label="Transfer lines"
        lines={draft.lines}
        editable={editable}
        locale={locale}
        refusedKey={refusedKey}
        qtyInputMode="decimal"
        serialsCell="invoice"
        refusal="transferred"
        locationId={draft.fromLocationId}
        locationName={nameOf(draft.fromLocationId)}
        savedUnits={(l, i) => {
          const saved = data?.lines[i];
          return (
            saved && (
              <ul className="units" aria-label={`Units of ${l.label}`}>
                {saved.units.map((u) => (
                  <li key={u.serialId}>
                    {u.serial}
                    {data?.status !== 'draft' && (
                      <span className={`badge unit-${u.state}`}> {transferUnitStateLabel[u.state]}</span>
                    )}
                    {data?.status === 'received' && u.state === 'missing' && u.status === 'in_transit' && (
                      <button
                        type="button"
                        className="link"
                        disabled={busy}
                        onClick={() => void markFound(u.serialId, u.serial)}
                      >
                        Mark {u.serial} found
                      </button>
                    )}
                    {data?.status === 'received' && u.state === 'missing' && u.status === 'in_transit' && (
                      <button
                        type="button"
                        className="link"
                        disabled={busy}
                        onClick={() => void writeOff(u.serialId, u.serial)}
                      >
                        Write off {u.serial} as lost
                      </button>
                    )}
                    {u.state === 'missing' && u.status === 'lost' && <span className="meta"> written off, Lost</span>}
                  </li>
                ))}
              </ul>
            )
          );
        }}
        extraColumn={
          data && data.status !== 'draft'
            ? {
                header: (
                  <th scope="col" className="num">
                    Received
                  </th>
                ),
                cell: (i) => {
                  const saved = data.lines[i];
                  return (
                    <td className="num">
                      {saved ? formatQtyMilli(saved.qtyReceived, locale) : ''}
                      {saved && data.status === 'received' && !saved.serialized && saved.qtyReceived < saved.qty && (
                        <span className="meta"> short by {formatQtyMilli(saved.qty - saved.qtyReceived, locale)}</span>
                      )}
                    </td>
                  );
                },
              }
            : undefined
        }
        newLine={lineFor}
        onLines={(change) => edit((d) => ({ ...d, lines: change(d.lines) }))}
        onMessage={setMessage}
      />
      <Message message={message} />
      {editable && (
        <fieldset className="send-choice">
          <legend>How to send</legend>
          <label>
            <input type="radio" name="send-mode" checked={oneStep} onChange={() => setChosenOneStep(true)} /> Send and
            receive now (one step)
          </label>
          <label>
            <input type="radio" name="send-mode" checked={!oneStep} onChange={() => setChosenOneStep(false)} /> Send
            (receive at {nameOf(draft.toLocationId) || 'the destination'} later)
          </label>
        </fieldset>
      )}
      {/* The transfer's actions; Print labels (issue 19, labels) joins them here. */}
      <div className="actions">
        {editable && (
          <button type="button" disabled={busy} onClick={() => void saveOnly()}>
            {id === null ? 'Create transfer' : 'Save draft'}
          </button>
        )}
        {editable && (
          <button type="button" className="primary" disabled={busy} onClick={() => void send()}>
            {oneStep ? 'Send and receive now' : 'Send'}
          </button>
        )}
        {data?.status === 'draft' && (
          <button type="button" className="danger" disabled={busy} onClick={() => void cancel()}>
            Cancel transfer
          </button>
        )}
      </div>
      {data?.status === 'in_transit' && (
        <TransferReceivePanel key={data.revision} transfer={data} onDone={(text) => setMessage(text)} />
      )}
    </section>
  );
}
