// Stock → Goods issues → one issue (GI-000001): a Draft is edited here (location, reason, notes, lines with their
// units picked in the invoice's Capture Serials dialog), saved, and posted (a Manager's command: a cashier is asked
// for one's PIN). A posted issue is read-only; Reverse makes a goods receipt that brings the stock back.
import { useEffect, useState } from 'react';
import { GOODS_ISSUE_REASONS, goodsIssueReasonLabel, goodsIssueStatusLabel } from '../../core/enums.ts';
import type { GoodsIssue } from '../../core/model.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { RecordSelect } from '../components/Filters.tsx';
import { useApproval } from '../components/ManagerApproval.tsx';
import { Message } from '../components/Message.tsx';
import { useMoney, useTimes } from '../components/ShopFormat.tsx';
import { useNav } from '../stores/nav.ts';
import {
  checkIssue,
  draftFromIssue,
  emptyIssue,
  issueLineFor,
  withDefaultLocation,
  type IssueDraft,
} from './goodsIssueDraft.ts';
import { ReverseIssueDialog } from './ReverseIssueDialog.tsx';
import { StockLinesEditor } from './StockLinesEditor.tsx';
import { useDocumentDraft } from './useDocumentDraft.ts';

export function GoodsIssueScreen({ id }: { id: number | null }) {
  const api = useApi();
  const approve = useApproval();
  const money = useMoney();
  const times = useTimes();
  const locale = money.format.locale;
  const go = useNav((s) => s.go);
  const locations = useApiQuery('listLocations', {});
  const query = useApiQuery('getGoodsIssue', { id: id ?? 0 }, id !== null);
  const data: GoodsIssue | undefined = id === null ? undefined : query.data;
  const { draft, draftRef, setDraft, message, setMessage, busy, run, openSaved } = useDocumentDraft(
    'goodsIssue',
    id,
    emptyIssue,
  );
  const [refused, setRefused] = useState<string | null>(null);
  const [confirmReverse, setConfirmReverse] = useState(false);

  useEffect(() => {
    if (data) setDraft(draftFromIssue(data, locale));
  }, [data, locale, setDraft]);
  useEffect(() => {
    if (id === null) setDraft(withDefaultLocation(draftRef.current, locations.data));
  }, [id, locations.data, draftRef, setDraft]);

  const editable = id === null || data?.status === 'draft';
  const locationName = locations.data?.find((l) => l.id === draft.locationId)?.name ?? '';

  /** Every edit goes through here: it marks the draft changed and clears the last message. */
  function edit(change: (d: IssueDraft) => IssueDraft) {
    setDraft({ ...change(draftRef.current), dirty: true });
    setMessage(null);
    setRefused(null);
  }

  async function save(): Promise<GoodsIssue | null> {
    const checked = checkIssue(draftRef.current, data ? { id: data.id, revision: data.revision } : null, locale);
    if (!checked.ok) {
      setRefused(checked.field ?? checked.lineKey);
      setMessage({ tone: 'error', text: checked.message });
      return null;
    }
    const outcome = await api.saveGoodsIssue(checked.input);
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

  const post = () =>
    run(async () => {
      const saved = draftRef.current.dirty || !data ? await save() : data;
      if (!saved) return;
      const outcome = await approve((approvalPin) =>
        api.postGoodsIssue({ id: saved.id, revision: saved.revision, ...(approvalPin ? { approvalPin } : {}) }),
      );
      // Not approved (the manager's dialog was closed): the saved draft stays, as saved.
      openSaved(
        saved.id,
        outcome.ok
          ? { tone: 'ok', text: `${outcome.value.number} is posted: the stock has left ${locationName}.` }
          : outcome.error.code === 'cancelled'
            ? { tone: 'ok', text: `Saved ${saved.number}; not posted.` }
            : { tone: 'error', text: outcome.error.message },
      );
    });

  const remove = () =>
    run(async () => {
      if (!data) return;
      const outcome = await api.deleteGoodsIssue({ id: data.id });
      if (!outcome.ok) return setMessage({ tone: 'error', text: outcome.error.message });
      setDraft({ ...draftRef.current, dirty: false });
      go({ name: 'goodsIssues' });
      return undefined;
    });

  if (id !== null && query.status === 'loading') return <p role="status">Loading…</p>;
  if (id !== null && query.status === 'error')
    return (
      <p role="alert" className="message error">
        {query.error.message}
      </p>
    );
  const title = data ? `Goods issue ${data.number}` : 'New goods issue';
  const invalid = (key: string) => (refused === key ? { 'aria-invalid': true as const } : {});

  return (
    <section className="goods-issue" aria-label={title}>
      <button type="button" className="link" onClick={() => go({ name: 'goodsIssues' })}>
        ← Goods issues
      </button>
      <div className="screen-head">
        <h1>{title}</h1>
        {data && (
          <span className={`status goods-issue-${data.status}`} aria-label="Status">
            {goodsIssueStatusLabel[data.status]}
          </span>
        )}
      </div>
      {data?.postedAt && (
        <p className="meta">
          Posted {times.dateTime(data.postedAt)} by {data.postedBy}
          {data.reversal && (
            <>
              {' · reversed on '}
              <button type="button" className="link" onClick={() => go({ name: 'receipt', id: data.reversal!.id })}>
                {data.reversal.number}
              </button>
            </>
          )}
        </p>
      )}
      <div className="filters">
        <RecordSelect
          label="Location"
          value={draft.locationId}
          rows={locations.data}
          disabled={!editable}
          // Units picked at the old location are not at the new one: they are picked again.
          onChange={(loc) =>
            edit((d) => ({ ...d, locationId: loc, lines: d.lines.map((l) => ({ ...l, serials: [] })) }))
          }
        />
        <label className="field">
          <span>Reason</span>
          <select
            value={draft.reason}
            disabled={!editable}
            onChange={(e) => {
              const reason = e.target.value as IssueDraft['reason'];
              edit((d) => ({ ...d, reason }));
            }}
          >
            {GOODS_ISSUE_REASONS.map((r) => (
              <option key={r} value={r}>
                {goodsIssueReasonLabel[r]}
              </option>
            ))}
          </select>
        </label>
        {(draft.reason === 'other' || draft.reasonText) && (
          <label className="field">
            <span>{draft.reason === 'other' ? 'Reason (required)' : 'Reason details'}</span>
            <input
              value={draft.reasonText}
              disabled={!editable}
              required={draft.reason === 'other'}
              {...invalid('reasonText')}
              onChange={(e) => {
                const reasonText = e.target.value;
                edit((d) => ({ ...d, reasonText }));
              }}
            />
          </label>
        )}
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
        label="Goods issue lines"
        lines={draft.lines}
        editable={editable}
        locale={locale}
        refusedKey={refused}
        qtyInputMode="numeric"
        serialsCell="count"
        refusal="issued"
        locationId={draft.locationId}
        locationName={locationName}
        savedUnits={(l) =>
          l.serials.length > 0 && (
            <span className="mono" aria-label={`Units of ${l.label}`}>
              {l.serials.map((s) => s.serial).join(', ')}
            </span>
          )
        }
        newLine={issueLineFor}
        onLines={(change) => edit((d) => ({ ...d, lines: change(d.lines) }))}
        onMessage={setMessage}
      />
      <Message message={message} />
      <div className="actions">
        {editable && (
          <button type="button" disabled={busy} onClick={() => void saveOnly()}>
            {id === null ? 'Create goods issue' : 'Save draft'}
          </button>
        )}
        {editable && (
          <button type="button" className="primary" disabled={busy} onClick={() => void post()}>
            Post
          </button>
        )}
        {data?.status === 'draft' && (
          <button type="button" className="danger" disabled={busy} onClick={() => void remove()}>
            Delete draft
          </button>
        )}
        {data?.status === 'posted' && !data.reversal && (
          <button type="button" className="danger" onClick={() => setConfirmReverse(true)}>
            Reverse
          </button>
        )}
      </div>
      {confirmReverse && data && (
        <ReverseIssueDialog
          issue={data}
          onClose={() => setConfirmReverse(false)}
          onReversed={(gi) => {
            setConfirmReverse(false);
            setMessage({
              tone: 'ok',
              text: `${gi.number} is reversed: ${gi.reversal?.number ?? 'a goods receipt'} brought the stock back.`,
            });
          }}
        />
      )}
    </section>
  );
}
