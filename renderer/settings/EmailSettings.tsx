// Settings → Email (Admin): the SMTP server invoices and receipts are sent through. The password is never shown back:
// "A password is kept" says one is (left empty, it is kept). COUNTER_POS_SMTP_URL, when set, overrides these and is
// named here. Send test e-mail sends a short message with the settings as saved.
import { useId, useState, type FormEvent } from 'react';
import { SMTP_SECURITY, type SmtpSecurity } from '../../core/enums.ts';
import type { EmailSettings } from '../../core/model.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { QueryError } from '../components/Filters.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';

const SECURITY_LABEL: Record<SmtpSecurity, string> = { none: 'None', starttls: 'STARTTLS', tls: 'TLS' };
const KEPT_WHERE: Record<EmailSettings['passwordStore'], string> = {
  safe_storage: "in this computer's keychain",
  memory: 'for this run only (browser mode keeps no password after it stops)',
  none: 'nowhere',
};

export function EmailSection() {
  const settings = useApiQuery('getEmailSettings', {});
  return (
    <>
      <QueryError state={settings} />
      {settings.data && <EmailForm saved={settings.data} />}
    </>
  );
}

function EmailForm({ saved }: { saved: EmailSettings }) {
  const api = useApi();
  const ids = useId();
  const [host, setHost] = useState(saved.host);
  const [port, setPort] = useState(String(saved.port));
  const [security, setSecurity] = useState<SmtpSecurity>(saved.security);
  const [user, setUser] = useState(saved.user);
  const [password, setPassword] = useState('');
  const [from, setFrom] = useState(saved.from);
  const [testTo, setTestTo] = useState('');
  const [message, setMessage] = useState<ScreenMessage>(null);
  const [busy, setBusy] = useState(false);

  const edit =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setMessage(null);
    };

  async function save(event: FormEvent) {
    event.preventDefault();
    const portNumber = /^\s*\d{1,5}\s*$/.test(port) ? Number(port) : NaN;
    if (!(portNumber >= 1 && portNumber <= 65535))
      return setMessage({
        tone: 'error',
        text: 'Enter the port as a whole number from 1 to 65535 (often 587 or 465).',
      });
    setBusy(true);
    const outcome = await api.saveEmailSettings({
      host,
      port: portNumber,
      security,
      user,
      from,
      ...(password !== '' ? { password } : {}),
    });
    setBusy(false);
    if (!outcome.ok) return setMessage({ tone: 'error', text: outcome.error.message });
    setPassword('');
    return setMessage({ tone: 'ok', text: 'E-mail settings saved.' });
  }

  async function test() {
    setBusy(true);
    setMessage(null);
    const outcome = await api.testEmailSettings({ to: testTo });
    setBusy(false);
    setMessage(
      outcome.ok ? { tone: 'ok', text: outcome.value.message } : { tone: 'error', text: outcome.error.message },
    );
  }

  return (
    <form className="form settings-form email-settings" onSubmit={(e) => void save(e)} aria-label="Email settings">
      <section aria-labelledby={`${ids}-head`}>
        <h2 id={`${ids}-head`}>Email</h2>
        {saved.overriddenBy && (
          <p className="message note">
            COUNTER_POS_SMTP_URL overrides these settings: e-mail goes through {saved.overriddenBy}.
          </p>
        )}
        <label className="field">
          <span>SMTP host</span>
          <input value={host} autoComplete="off" onChange={(e) => edit(setHost)(e.target.value)} />
        </label>
        <label className="field">
          <span>Port</span>
          <input value={port} inputMode="numeric" onChange={(e) => edit(setPort)(e.target.value)} />
        </label>
        <label className="field">
          <span>Security</span>
          <select value={security} onChange={(e) => edit(setSecurity)(e.target.value as SmtpSecurity)}>
            {SMTP_SECURITY.map((s) => (
              <option key={s} value={s}>
                {SECURITY_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>User</span>
          <input value={user} autoComplete="off" onChange={(e) => edit(setUser)(e.target.value)} />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            type="password"
            value={password}
            autoComplete="new-password"
            aria-describedby={`${ids}-pw`}
            onChange={(e) => edit(setPassword)(e.target.value)}
          />
        </label>
        <p className="hint" id={`${ids}-pw`}>
          {saved.passwordKept
            ? `A password is kept ${KEPT_WHERE[saved.passwordStore]}. Leave this empty to keep it.`
            : 'No password is kept.'}
        </p>
        <label className="field">
          <span>From</span>
          <input value={from} type="email" autoComplete="off" onChange={(e) => edit(setFrom)(e.target.value)} />
        </label>
        <div className="actions">
          <button type="submit" disabled={busy}>
            Save
          </button>
        </div>
        <label className="field">
          <span>Test address</span>
          <input value={testTo} type="email" onChange={(e) => edit(setTestTo)(e.target.value)} />
        </label>
        <div className="actions">
          <button type="button" disabled={busy} onClick={() => void test()}>
            Send test e-mail
          </button>
        </div>
        <Message message={message} />
      </section>
    </form>
  );
}
