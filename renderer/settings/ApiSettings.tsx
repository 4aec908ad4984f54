// Settings → API (Admin): the local REST API other programs call with an API key. On the desktop it is off until
// turned on here, on a port, on this computer only or on the shop's network; in browser mode it answers on this host's
// own address under /api/v1. Keys are made here (shown once, in a dialog) and revoked here; the store keeps only
// their hash.
import { useId, useState, type FormEvent } from 'react';
import { formatDateTime } from '../../core/dates.ts';
import type { ApiKeyRow, ApiSettings, NewApiKey } from '../../core/model.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { QueryError } from '../components/Filters.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';

export function ApiSection() {
  const settings = useApiQuery('getApiSettings', {});
  const info = useApiQuery('appInfo', {});
  const ids = useId();
  const web = info.data?.mode === 'web';
  return (
    <section className="form settings-form api-settings" aria-labelledby={`${ids}-head`}>
      <h2 id={`${ids}-head`}>API</h2>
      <QueryError state={settings} />
      {settings.data && (web ? <WebAddress saved={settings.data} /> : <ListenForm saved={settings.data} />)}
      <ApiKeys locale={info.data?.locale ?? 'en-US'} />
    </section>
  );
}

/** Browser mode: the API is this host's own, under /api/v1 (the desktop's settings below do not apply here). */
function WebAddress({ saved }: { saved: ApiSettings }) {
  return (
    <p className="message note">
      In browser mode the API answers on this host&apos;s own address: <code>{saved.listening || '/api/v1'}</code>.
      Every call needs an API key (below); the sign-in link&apos;s token is not one.
    </p>
  );
}

function ListenForm({ saved }: { saved: ApiSettings }) {
  const api = useApi();
  const ids = useId();
  const [enabled, setEnabled] = useState(saved.enabled);
  const [port, setPort] = useState(String(saved.port));
  const [lan, setLan] = useState(saved.lan);
  const [message, setMessage] = useState<ScreenMessage>(null);
  const [busy, setBusy] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    const n = /^\s*\d{1,5}\s*$/.test(port) ? Number(port) : NaN;
    if (!(n >= 1024 && n <= 65535))
      return setMessage({
        tone: 'error',
        text: 'Enter the port as a whole number from 1024 to 65535 (5858 by default).',
      });
    setBusy(true);
    const outcome = await api.saveApiSettings({ enabled, port: n, lan });
    setBusy(false);
    if (!outcome.ok) return setMessage({ tone: 'error', text: `Not saved. ${outcome.error.message}` });
    setMessage({
      tone: 'ok',
      text: outcome.value.listening
        ? `Saved. The API answers at ${outcome.value.listening}.`
        : 'Saved. The API is off.',
    });
  }

  const edit =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setMessage(null);
    };

  return (
    <form onSubmit={(e) => void save(e)} aria-label="API settings">
      <label className="check">
        <input type="checkbox" checked={enabled} onChange={(e) => edit(setEnabled)(e.target.checked)} />
        <span>Turn on the API</span>
      </label>
      <label className="field">
        <span>Port</span>
        <input value={port} inputMode="numeric" onChange={(e) => edit(setPort)(e.target.value)} />
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={lan}
          aria-describedby={`${ids}-lan`}
          onChange={(e) => edit(setLan)(e.target.checked)}
        />
        <span>Listen on the shop&apos;s network</span>
      </label>
      <p className="hint" id={`${ids}-lan`}>
        Off: only programs on this computer reach the API. On: other computers of the shop&apos;s network do too (each
        still needs a key).
      </p>
      <p className="hint" aria-live="polite">
        {saved.listening ? (
          <>
            The API answers at <code>{saved.listening}</code>.
          </>
        ) : (
          'The API is off.'
        )}
      </p>
      <div className="actions">
        <button type="submit" disabled={busy}>
          Save
        </button>
      </div>
      <Message message={message} />
    </form>
  );
}

function ApiKeys({ locale }: { locale: string }) {
  const api = useApi();
  const keys = useApiQuery('listApiKeys', {});
  const [name, setName] = useState('');
  const [made, setMade] = useState<NewApiKey | null>(null);
  const [message, setMessage] = useState<ScreenMessage>(null);
  const [busy, setBusy] = useState(false);
  const when = (at: string | null) => (at ? formatDateTime(at, locale) : '—');

  async function create(event: FormEvent) {
    event.preventDefault();
    if (name.trim() === '') return setMessage({ tone: 'error', text: 'Enter the key name (what the key is for).' });
    setBusy(true);
    const outcome = await api.createApiKey({ name });
    setBusy(false);
    if (!outcome.ok) return setMessage({ tone: 'error', text: `Not created. ${outcome.error.message}` });
    setName('');
    setMessage(null);
    setMade(outcome.value);
  }

  async function revoke(key: ApiKeyRow) {
    setBusy(true);
    const outcome = await api.revokeApiKey({ id: key.id });
    setBusy(false);
    setMessage(
      outcome.ok
        ? { tone: 'ok', text: `Revoked the key “${key.name}”: calls with it are refused from now on.` }
        : { tone: 'error', text: `Not revoked. ${outcome.error.message}` },
    );
  }

  return (
    <>
      <h3>API keys</h3>
      <QueryError state={keys} />
      {keys.data && keys.data.length === 0 && <p className="hint">No API keys yet.</p>}
      {keys.data && keys.data.length > 0 && (
        <table aria-label="API keys">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key starts with</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Revoked</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.data.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td>
                  {when(k.createdAt)} by {k.createdBy}
                </td>
                <td>{when(k.lastUsedAt)}</td>
                <td>{when(k.revokedAt)}</td>
                <td>
                  {!k.revokedAt && (
                    <button
                      type="button"
                      disabled={busy}
                      aria-label={`Revoke ${k.name}`}
                      onClick={() => void revoke(k)}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="inline-form" onSubmit={(e) => void create(e)} aria-label="Create API key">
        <label className="field">
          <span>Key name</span>
          <input
            value={name}
            placeholder="e.g. Website, Zapier"
            onChange={(e) => {
              setName(e.target.value);
              setMessage(null);
            }}
          />
        </label>
        <div className="actions">
          <button type="submit" disabled={busy}>
            Create key
          </button>
        </div>
      </form>
      <Message message={message} />
      {made && <NewKeyDialog made={made} onClose={() => setMade(null)} />}
    </>
  );
}

/** The key itself, shown this once: the store keeps only its hash. */
function NewKeyDialog({ made, onClose }: { made: NewApiKey; onClose: () => void }) {
  const ids = useId();
  return (
    <Dialog title={`API key “${made.key.name}”`} onClose={onClose}>
      <label className="field">
        <span>API key</span>
        <input
          readOnly
          value={made.secret}
          aria-describedby={`${ids}-hint`}
          data-autofocus
          onFocus={(e) => e.currentTarget.select()}
        />
      </label>
      <p className="hint" id={`${ids}-hint`}>
        Copy it now (select it and press Ctrl+C, or ⌘C on a Mac) and keep it safe: it is shown only this once. Programs
        send it as <code>Authorization: Bearer {made.key.prefix}…</code>.
      </p>
      <div className="actions">
        <button type="button" onClick={onClose}>
          Done
        </button>
      </div>
    </Dialog>
  );
}
