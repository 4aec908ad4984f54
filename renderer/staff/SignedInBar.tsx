// The top bar's end: who is signed in, and Lock (Ctrl+L), which returns to the PIN screen. The work on screen is
// kept for the next sign-in.
import { useEffect, useRef } from 'react';
import { staffRoleLabel } from '../../core/enums.ts';
import { useApi } from '../api/ApiProvider.tsx';
import { useSignedIn } from './session.tsx';
import './staff.css';

export function SignedInBar() {
  const api = useApi();
  const staff = useSignedIn();
  const lock = useRef(() => void api.lock({}));
  lock.current = () => void api.lock({});
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey && !event.altKey && !event.metaKey && !event.shiftKey && event.key.toLowerCase() === 'l') {
        event.preventDefault();
        lock.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  if (!staff) return null;
  return (
    <>
      <span className="signed-in">
        {staff.name} <span className="role">({staffRoleLabel[staff.role]})</span>
      </span>
      <button type="button" title="Lock (Ctrl+L)" aria-keyshortcuts="Control+L" onClick={() => lock.current()}>
        Lock
      </button>
    </>
  );
}
