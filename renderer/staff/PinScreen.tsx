// The PIN screen: the app starts here and Lock returns here. A PIN alone says who signs in (two staff never share
// one); Enter signs in. Five wrong PINs within a minute lock sign-in for a minute. A store without staff asks for
// its first Admin's name and PIN instead.
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { SessionInfo } from '../../core/model.ts';
import { useApi, useApiQuery, invalidate } from '../api/ApiProvider.tsx';
import { useScanTarget } from '../scanner/router.ts';
import './staff.css';

const hhmm = (iso: string) => {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
};
export const lockedMessage = (until: string) => `Too many wrong PINs: sign-in is locked until ${hhmm(until)}.`;

export function PinScreen({ info }: { info: SessionInfo }) {
  const app = useApiQuery('appInfo', {});
  const root = useRef<HTMLElement>(null);
  // While the PIN screen shows, scans and keys go nowhere else (the locked app stays mounted beneath it).
  useScanTarget(() => {});
  useEffect(() => {
    const stray = (event: globalThis.KeyboardEvent) => {
      if (root.current && event.target instanceof Node && root.current.contains(event.target)) return;
      event.stopImmediatePropagation();
      root.current?.querySelector<HTMLInputElement>('input')?.focus();
    };
    window.addEventListener('keydown', stray, true);
    return () => window.removeEventListener('keydown', stray, true);
  }, []);
  // Keys typed here are the PIN screen's alone: the app's shortcuts beneath never see them.
  const keep = (event: KeyboardEvent) => event.stopPropagation();

  return (
    <main ref={root} className="pin-screen" aria-labelledby="pin-screen-title" onKeyDown={keep}>
      <div className="pin-panel">
        <h1 id="pin-screen-title">{app.data?.shopName ?? 'Counter POS'}</h1>
        {info.needsSetup ? <FirstAdmin /> : <SignIn lockedUntil={info.lockedUntil} />}
      </div>
    </main>
  );
}

function SignIn({ lockedUntil }: { lockedUntil: string | null }) {
  const api = useApi();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  const shown = error ?? (lockedUntil ? lockedMessage(lockedUntil) : null);

  useEffect(() => field.current?.focus(), []);
  // When a lock ends, ask again (the message goes, sign-in works).
  useEffect(() => {
    if (!lockedUntil) return undefined;
    const timer = setTimeout(() => invalidate('sessionInfo'), Math.max(0, Date.parse(lockedUntil) - Date.now()) + 500);
    return () => clearTimeout(timer);
  }, [lockedUntil]);

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (busy) return;
    if (!/^\d{4,8}$/.test(pin)) {
      setError('Enter your PIN: 4 to 8 digits.');
      field.current?.focus();
      return;
    }
    setBusy(true);
    setPin('');
    const outcome = await api.signIn({ pin });
    setBusy(false);
    field.current?.focus();
    if (outcome.ok) return setError(null);
    setError(outcome.error.message);
    if (outcome.error.code === 'locked_out') invalidate('sessionInfo');
    return undefined;
  }

  const press = (key: string) => {
    setError(null);
    if (key === 'clear') setPin('');
    else setPin((p) => (p.length < 8 ? p + key : p));
    field.current?.focus();
  };

  return (
    <form className="pin-form" onSubmit={(e) => void submit(e)}>
      <p className="dialog-sub">Enter your PIN to sign in.</p>
      <label className="field pin-field">
        <span>PIN</span>
        <input
          ref={field}
          type="password"
          inputMode="numeric"
          autoComplete="off"
          maxLength={8}
          value={pin}
          onChange={(e) => {
            setError(null);
            setPin(e.target.value.replace(/\D/g, ''));
          }}
          aria-invalid={shown ? true : undefined}
          aria-describedby={shown ? 'pin-error' : undefined}
        />
      </label>
      {shown && (
        <p id="pin-error" role="alert" className="message error">
          {shown}
        </p>
      )}
      <div className="pin-keypad" role="group" aria-label="PIN keypad">
        {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => (
          <button key={d} type="button" tabIndex={-1} onClick={() => press(d)}>
            {d}
          </button>
        ))}
        <button type="button" tabIndex={-1} onClick={() => press('clear')}>
          Clear
        </button>
        <button type="button" tabIndex={-1} onClick={() => press('0')}>
          0
        </button>
        <button type="submit" className="primary" disabled={busy}>
          Sign in
        </button>
      </div>
    </form>
  );
}

function FirstAdmin() {
  const api = useApi();
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) return setError('Enter the Admin’s name.');
    if (!/^\d{4,8}$/.test(pin)) return setError('Choose a PIN of 4 to 8 digits.');
    if (pin !== again) return setError('The two PINs are not the same: enter the PIN again to confirm it.');
    setBusy(true);
    const outcome = await api.setupFirstAdmin({ name: name.trim(), pin });
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error.message);
    return undefined;
  }

  const digits = (set: (v: string) => void) => (e: React.ChangeEvent<HTMLInputElement>) => {
    setError(null);
    set(e.target.value.replace(/\D/g, ''));
  };
  return (
    <form className="form pin-form" onSubmit={(e) => void submit(e)}>
      <h2>Set up the first Admin</h2>
      <p className="dialog-sub">
        This store has no staff yet. The first Admin can change Settings and add staff; everyone signs in with their own
        PIN.
      </p>
      <label className="field">
        <span>Name</span>
        <input autoFocus value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="field">
        <span>PIN</span>
        <input
          type="password"
          inputMode="numeric"
          autoComplete="off"
          maxLength={8}
          value={pin}
          onChange={digits(setPin)}
        />
      </label>
      <label className="field">
        <span>Confirm PIN</span>
        <input
          type="password"
          inputMode="numeric"
          autoComplete="off"
          maxLength={8}
          value={again}
          onChange={digits(setAgain)}
        />
      </label>
      {error && (
        <p role="alert" className="message error">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="submit" className="primary" disabled={busy}>
          Create Admin and sign in
        </button>
      </div>
    </form>
  );
}
