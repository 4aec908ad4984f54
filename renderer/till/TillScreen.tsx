// The Till screen (nav: Till): open the till with a float; while it is open, cash in and out, open the drawer without
// a sale (a manager approves), the X report any time, and Close till with the counted cash (the Z report follows).
// Past sessions are listed with their Z reports, to view and print again.
import { useState, type FormEvent } from 'react';
import type { TillMovementKind, TillReport, TillSession } from '../../core/model.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { QueryError } from '../components/Filters.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';
import { PAGE_SIZE, Pager } from '../components/Pager.tsx';
import { useMoney, useTimes } from '../components/ShopFormat.tsx';
import { AmountField } from '../money/fields.tsx';
import { CashDialog, CloseTillDialog, DrawerDialog, type CashKind } from './TillDialogs.tsx';
import { overShortText, TillReportDialog } from './TillReportView.tsx';

const movementLabel: Record<TillMovementKind, string> = {
  cash_in: 'Cash in',
  cash_out: 'Cash out',
  no_sale: 'No sale',
};

type Open =
  | { dialog: 'cash'; kind: CashKind }
  | { dialog: 'drawer' }
  | { dialog: 'close'; till: TillSession }
  | { dialog: 'report'; sessionId: number; report?: TillReport }
  | null;

export function TillScreen() {
  const current = useApiQuery('currentTill', {});
  const [open, setOpen] = useState<Open>(null);
  const [message, setMessage] = useState<ScreenMessage>(null);
  const done = (text: string) => {
    setOpen(null);
    setMessage({ tone: 'ok', text });
  };
  const money = useMoney();

  return (
    <section className="till" aria-label="Till">
      <div className="screen-head">
        <h1>Till</h1>
      </div>
      <QueryError state={current} />
      {current.status === 'loading' && <p role="status">Loading the till…</p>}
      <Message message={message} />
      {current.status === 'ok' && current.data === null && (
        <OpenTillForm onOpened={(t) => done(`The till is open with a float of ${money.total(t.openingFloatMinor)}.`)} />
      )}
      {current.status === 'ok' && current.data && (
        <OpenTill
          till={current.data}
          onAction={(next) => {
            setMessage(null);
            setOpen(next);
          }}
        />
      )}
      <PastSessions onView={(sessionId) => setOpen({ dialog: 'report', sessionId })} />

      {open?.dialog === 'cash' && (
        <CashDialog kind={open.kind} onClose={() => setOpen(null)} onDone={(_t, text) => done(text)} />
      )}
      {open?.dialog === 'drawer' && <DrawerDialog onClose={() => setOpen(null)} onDone={(_t, text) => done(text)} />}
      {open?.dialog === 'close' && (
        <CloseTillDialog
          till={open.till}
          onClose={() => setOpen(null)}
          onClosed={(report) => {
            setMessage({
              tone: 'ok',
              text: `The till is closed: ${report.session.zNumber}, ${overShortText(money, report.overShortMinor).toLowerCase()}.`,
            });
            setOpen({ dialog: 'report', sessionId: report.session.id, report });
          }}
        />
      )}
      {open?.dialog === 'report' && (
        <TillReportDialog
          sessionId={open.sessionId}
          {...(open.report ? { report: open.report } : {})}
          onClose={() => setOpen(null)}
        />
      )}
    </section>
  );
}

function OpenTillForm({ onOpened }: { onOpened: (till: TillSession) => void }) {
  const api = useApi();
  const money = useMoney();
  const [float, setFloat] = useState('');
  const [floatError, setFloatError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const read = money.read(float.trim() === '' ? '0' : float);
    if (!read.ok) return setFloatError(read.message);
    setFloatError(null);
    setBusy(true);
    const outcome = await api.openTill({ floatMinor: read.minor });
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error.message);
    onOpened(outcome.value);
    return undefined;
  }

  return (
    <form className="form till-open" aria-label="Open till" onSubmit={(e) => void submit(e)}>
      <p>The till is closed. Count the opening float into the drawer, then open the till to take sales.</p>
      <AmountField
        label="Opening float"
        value={float}
        error={floatError}
        onChange={(text) => {
          setFloat(text);
          setFloatError(null);
        }}
      />
      {error && (
        <p role="alert" className="message error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          Open till
        </button>
      </div>
    </form>
  );
}

function OpenTill({ till, onAction }: { till: TillSession; onAction: (open: Open) => void }) {
  const money = useMoney();
  const times = useTimes();
  return (
    <>
      <dl className="facts">
        <dt>Register</dt>
        <dd>{till.register}</dd>
        <dt>Opened</dt>
        <dd>
          {times.dateTime(till.openedAt)} by {till.openedBy}
        </dd>
        <dt>Opening float</dt>
        <dd>{money.total(till.openingFloatMinor)}</dd>
        <dt>Expected cash</dt>
        <dd>{money.total(till.expectedCashMinor)}</dd>
      </dl>
      <div className="actions">
        <button type="button" onClick={() => onAction({ dialog: 'cash', kind: 'cash_in' })}>
          Cash in
        </button>
        <button type="button" onClick={() => onAction({ dialog: 'cash', kind: 'cash_out' })}>
          Cash out
        </button>
        <button type="button" onClick={() => onAction({ dialog: 'drawer' })}>
          Open drawer
        </button>
        <button type="button" onClick={() => onAction({ dialog: 'report', sessionId: till.id })}>
          X report
        </button>
        <button type="button" className="danger" onClick={() => onAction({ dialog: 'close', till })}>
          Close till
        </button>
      </div>
      {till.movements.length > 0 && (
        <table className="list" aria-label="Cash movements">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Movement</th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col">Reason</th>
              <th scope="col">By</th>
            </tr>
          </thead>
          <tbody>
            {till.movements.map((m) => (
              <tr key={m.id}>
                <td>{times.time(m.at)}</td>
                <td>{movementLabel[m.kind]}</td>
                <td className="num">{m.kind === 'no_sale' ? '' : money.text(m.amountMinor)}</td>
                <td>{m.reason}</td>
                <td>
                  {m.actor}
                  {m.approvedBy && m.approvedBy !== m.actor ? ` (approved by ${m.approvedBy})` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function PastSessions({ onView }: { onView: (sessionId: number) => void }) {
  const money = useMoney();
  const times = useTimes();
  const [offset, setOffset] = useState(0);
  const list = useApiQuery('listTills', { limit: PAGE_SIZE, offset });
  return (
    <>
      <h2>Till sessions</h2>
      <QueryError state={list} />
      {list.status === 'ok' && list.data.total === 0 && <p className="empty">No till sessions yet.</p>}
      {list.status === 'ok' && list.data.total > 0 && (
        <>
          <table className="list" aria-label="Till sessions">
            <thead>
              <tr>
                <th scope="col">Z report</th>
                <th scope="col">Register</th>
                <th scope="col">Opened</th>
                <th scope="col">Closed</th>
                <th scope="col" className="num">
                  Sales
                </th>
                <th scope="col" className="num">
                  Expected
                </th>
                <th scope="col" className="num">
                  Counted
                </th>
                <th scope="col">Over/short</th>
              </tr>
            </thead>
            <tbody>
              {list.data.rows.map((s) => (
                <tr key={s.id}>
                  <td>
                    <button type="button" className="link" onClick={() => onView(s.id)}>
                      {s.zNumber ? `View ${s.zNumber}` : 'Open: X report'}
                    </button>
                  </td>
                  <td>{s.register}</td>
                  <td>
                    {times.dateTime(s.openedAt)} by {s.openedBy}
                  </td>
                  <td>{s.closedAt ? `${times.dateTime(s.closedAt)} by ${s.closedBy ?? ''}` : ''}</td>
                  <td className="num">{s.salesCount}</td>
                  <td className="num">{money.text(s.expectedCashMinor)}</td>
                  <td className="num">{s.countedCashMinor === null ? '' : money.text(s.countedCashMinor)}</td>
                  <td>{s.countedCashMinor === null ? '' : overShortText(money, s.overShortMinor)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager offset={offset} count={list.data.rows.length} total={list.data.total} onOffset={setOffset} />
        </>
      )}
    </>
  );
}
