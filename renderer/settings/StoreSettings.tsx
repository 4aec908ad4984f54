// Settings → Store (Admin): where the data lives. This computer (the SQLite file, the default) or the shop server (a
// PostgreSQL connection): Test connection says exactly what failed, Use this store keeps the choice for the next start
// (the desktop app; browser mode is started on its store), Move to server copies this computer's store into an empty
// database on the server and shows the counts and totals it checked.
import { useId, useState, type FormEvent, type InputHTMLAttributes } from 'react';
import { formatQtyMilli } from '../../core/money.ts';
import type { StoreInfo, StoreMoveReport } from '../../core/model.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { QueryError } from '../components/Filters.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';
import { useMoney } from '../components/ShopFormat.tsx';

type Kind = 'sqlite' | 'postgres';
interface ServerFields {
  host: string;
  port: string;
  database: string;
  user: string;
  password: string;
  tls: boolean;
}

const KIND_LABEL: Record<Kind, string> = { sqlite: 'This computer', postgres: 'Shop server' };

/** The server fields from a URL the app shows (no password): what is open now, or what the next start opens. */
function fieldsFrom(info: StoreInfo): ServerFields {
  const shown = info.kind === 'postgres' ? info.location : info.next?.kind === 'postgres' ? info.next.location : '';
  const empty: ServerFields = { host: '', port: '5432', database: '', user: '', password: '', tls: false };
  if (!shown) return empty;
  try {
    const url = new URL(shown);
    return {
      ...empty,
      host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port || '5432',
      database: decodeURIComponent(url.pathname.slice(1)),
      user: decodeURIComponent(url.username),
      tls: url.searchParams.has('sslmode') && url.searchParams.get('sslmode') !== 'disable',
    };
  } catch {
    return empty;
  }
}

export function StoreSection() {
  const info = useApiQuery('storeInfo', {});
  return (
    <>
      <QueryError state={info} />
      {info.data && <StoreForm info={info.data} />}
    </>
  );
}

/** Totals checked after a move: money, stock (thousandths) or a plain count. */
const MONEY_TOTALS = new Set(['invoice totals', 'invoice balances', 'payments', 'refunds', 'store credit']);

function StoreForm({ info }: { info: StoreInfo }) {
  const api = useApi();
  const money = useMoney();
  const ids = useId();
  const [kind, setKind] = useState<Kind>(info.next?.kind ?? info.kind);
  const [fields, setFields] = useState<ServerFields>(() => fieldsFrom(info));
  const [message, setMessage] = useState<ScreenMessage>(null);
  const [portError, setPortError] = useState<string | null>(null);
  const [busy, setBusy] = useState<null | 'test' | 'save' | 'move'>(null);
  const [confirmMove, setConfirmMove] = useState(false);
  const [moved, setMoved] = useState<StoreMoveReport | null>(null);

  const set = (patch: Partial<ServerFields>) => {
    setFields((f) => ({ ...f, ...patch }));
    setMessage(null);
    setPortError(null);
  };

  /** The fields as the contract takes them, or null (the port's refusal shown at its field). */
  function server() {
    const port = /^\s*\d{1,5}\s*$/.test(fields.port) ? Number(fields.port) : NaN;
    if (!(port >= 1 && port <= 65535)) {
      setPortError('Enter the port as a whole number from 1 to 65535 (PostgreSQL listens on 5432).');
      return null;
    }
    const { host, database, user, password, tls } = fields;
    return { host, port, database, user, password, tls };
  }

  async function test() {
    const input = server();
    if (!input) return;
    setBusy('test');
    setMessage(null);
    const outcome = await api.testStoreConnection(input);
    setBusy(null);
    if (!outcome.ok) return setMessage({ tone: 'error', text: outcome.error.message });
    return setMessage({ tone: outcome.value.ok ? 'ok' : 'error', text: outcome.value.message });
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    const input = kind === 'postgres' ? server() : null;
    if (kind === 'postgres' && !input) return;
    setBusy('save');
    setMessage(null);
    const outcome = await api.saveStoreChoice(input ? { kind: 'postgres', ...input } : { kind: 'sqlite' });
    setBusy(null);
    if (!outcome.ok) return setMessage({ tone: 'error', text: outcome.error.message });
    const next = outcome.value.next;
    if (!next)
      return setMessage({
        tone: 'ok',
        text: `Saved. Counter POS already works on ${kind === 'postgres' ? 'this shop server' : "this computer's store"}.`,
      });
    const where =
      next.kind === 'postgres' ? `the shop server ${next.location}` : `this computer's store (${next.location})`;
    return setMessage({ tone: 'ok', text: `Saved: Counter POS will use ${where}. Restart Counter POS to use it.` });
  }

  async function move() {
    setConfirmMove(false);
    const input = server();
    if (!input) return;
    setBusy('move');
    setMessage(null);
    setMoved(null);
    const outcome = await api.moveStoreToServer(input);
    setBusy(null);
    if (!outcome.ok) return setMessage({ tone: 'error', text: `Not moved. ${outcome.error.message}` });
    const rows = outcome.value.tables.reduce((n, t) => n + t.rows, 0);
    setMoved(outcome.value);
    return setMessage({
      tone: 'ok',
      text:
        `Moved this store to ${outcome.value.server}: ${rows.toLocaleString(money.format.locale)} rows in ` +
        `${outcome.value.tables.length} tables, every count and total the same on both. This computer's file was not ` +
        'changed. Choose Use this store to work on the shop server.',
    });
  }

  const total = (what: string, n: number) =>
    MONEY_TOTALS.has(what)
      ? money.text(n)
      : what === 'stock on hand'
        ? formatQtyMilli(n, money.format.locale)
        : n.toLocaleString(money.format.locale);

  const field = (
    key: Exclude<keyof ServerFields, 'tls'>,
    label: string,
    props: InputHTMLAttributes<HTMLInputElement> = { autoComplete: 'off' },
  ) => (
    <label className="field">
      <span>{label}</span>
      <input {...props} value={fields[key]} onChange={(e) => set({ [key]: e.target.value })} />
    </label>
  );

  return (
    <form className="form settings-form store-settings" onSubmit={(e) => void save(e)} aria-label="Store settings">
      <section aria-labelledby={`${ids}-head`}>
        <h2 id={`${ids}-head`}>Store</h2>
        <p>
          <strong>Now:</strong> {KIND_LABEL[info.kind]}: {info.location || 'in memory'}. Till register: {info.register}.
        </p>
        {info.next && (
          <p>
            <strong>After a restart:</strong> {KIND_LABEL[info.next.kind]}: {info.next.location}.
          </p>
        )}
        {!info.canSaveChoice && (
          <p className="hint">
            Browser mode works on the store it was started with: npm run web -- --db postgres://user@host:port/db (or
            COUNTER_POS_DB). Test connection and Move to server work here.
          </p>
        )}
        <fieldset className="store-kind">
          <legend>Where the data lives</legend>
          {(['sqlite', 'postgres'] as const).map((k) => (
            <label key={k} className="check">
              <input
                type="radio"
                name={`${ids}-kind`}
                value={k}
                checked={kind === k}
                onChange={() => {
                  setKind(k);
                  setMessage(null);
                  setMoved(null);
                }}
              />
              {KIND_LABEL[k]}
            </label>
          ))}
        </fieldset>
        {kind === 'sqlite' ? (
          <p className="hint">One data file on this computer: for a shop with one counter. No server needed.</p>
        ) : (
          <fieldset className="plain store-server" aria-label="Shop server">
            <p className="hint">A PostgreSQL 14 or newer server that every counter uses at once.</p>
            {field('host', 'Host')}
            {field('port', 'Port', {
              inputMode: 'numeric',
              'aria-invalid': portError ? true : undefined,
              'aria-describedby': portError ? `${ids}-port-error` : undefined,
            })}
            {portError && (
              <p id={`${ids}-port-error`} role="alert" className="message error">
                {portError}
              </p>
            )}
            {field('database', 'Database')}
            {field('user', 'User', { autoComplete: 'username' })}
            {field('password', 'Password', { type: 'password', autoComplete: 'current-password' })}
            <label className="check">
              <input type="checkbox" checked={fields.tls} onChange={(e) => set({ tls: e.target.checked })} />
              TLS (encrypted connection)
            </label>
          </fieldset>
        )}
        {busy && (
          <p role="status" className="hint">
            {busy === 'test'
              ? 'Connecting to the shop server…'
              : busy === 'move'
                ? 'Moving this store to the shop server… A large store takes a few minutes.'
                : 'Saving…'}
          </p>
        )}
        <Message message={message} />
        {moved && (
          <>
            <table aria-label="Checked totals">
              <thead>
                <tr>
                  <th>Total</th>
                  <th className="num">This computer</th>
                  <th className="num">Shop server</th>
                </tr>
              </thead>
              <tbody>
                {moved.totals.map((t) => (
                  <tr key={t.what}>
                    <td>{t.what}</td>
                    <td className="num">{total(t.what, t.sqlite)}</td>
                    <td className="num">{total(t.what, t.postgres)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table aria-label="Rows moved">
              <thead>
                <tr>
                  <th>Table</th>
                  <th className="num">Rows</th>
                </tr>
              </thead>
              <tbody>
                {moved.tables.map((t) => (
                  <tr key={t.table}>
                    <td>{t.table}</td>
                    <td className="num">{t.rows.toLocaleString(money.format.locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
        <div className="actions">
          {kind === 'postgres' && (
            <button type="button" disabled={busy !== null} onClick={() => void test()}>
              Test connection
            </button>
          )}
          <button type="submit" className="primary" disabled={busy !== null}>
            Use this store
          </button>
          {kind === 'postgres' && info.kind === 'sqlite' && (
            <button type="button" disabled={busy !== null} onClick={() => setConfirmMove(true)}>
              Move to server
            </button>
          )}
        </div>
      </section>
      {confirmMove && (
        <Dialog title="Move this store to the shop server?" onClose={() => setConfirmMove(false)}>
          <p>
            Copies everything in this computer&apos;s store into the empty database {fields.database || '(none named)'}{' '}
            on {fields.host || '(no host)'}, then checks that every count and total is the same on both. The file on
            this computer is not changed. A database that already holds a store is refused.
          </p>
          <div className="dialog-actions">
            <button type="button" data-autofocus onClick={() => setConfirmMove(false)}>
              Cancel
            </button>
            <button type="button" className="primary" onClick={() => void move()}>
              Move
            </button>
          </div>
        </Dialog>
      )}
    </form>
  );
}
