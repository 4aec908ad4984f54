// Who is signed in, for the whole app. Nothing but the PIN screen shows until someone signs in. Lock (or any call
// refused with 'signed_out') brings the PIN screen back over the app, which stays mounted underneath, hidden: the
// sale or invoice being worked on is still there after the next sign-in.
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Outcome, PosApi } from '../../core/contract.ts';
import type { SessionInfo, StaffRef } from '../../core/model.ts';
import { methodNames, type MethodName } from '../../core/methods.ts';
import { invalidate, useApiQuery } from '../api/ApiProvider.tsx';
import { PinScreen } from './PinScreen.tsx';

/**
 * The API with one rule added: a call refused with 'signed_out' (the session was locked here or in another tab, or
 * the host restarted) asks for sessionInfo again, so the PIN screen shows.
 */
export function signOutAware(api: PosApi): PosApi {
  const wrapped = { ...api } as Record<MethodName, (input: unknown) => Promise<Outcome<unknown>>>;
  for (const method of methodNames) {
    if (method === 'signIn' || method === 'sessionInfo') continue; // a wrong PIN is the PIN screen's own answer
    const call = api[method] as (input: unknown) => Promise<Outcome<unknown>>;
    wrapped[method] = async (input) => {
      const outcome = await call(input);
      if (!outcome.ok && outcome.error.code === 'signed_out') invalidate('sessionInfo');
      return outcome;
    };
  }
  return wrapped as PosApi;
}

const SignedInContext = createContext<StaffRef | null>(null);

/** The staff member signed in (null only while the PIN screen shows). */
export function useSignedIn(): StaffRef | null {
  return useContext(SignedInContext);
}

/** Shows its children only to a signed-in staff member; otherwise the PIN screen (or the first Admin's setup). */
export function SessionGate({ children }: { children: ReactNode }) {
  const session = useApiQuery('sessionInfo', {});
  const staff = session.data?.staff ?? null;
  const [everSignedIn, setEverSignedIn] = useState(false);
  const last = useRef<StaffRef | null>(null);
  if (staff) last.current = staff;

  useEffect(() => {
    if (!staff) return;
    // Back from Lock: what the screens show was read before; read it again as the one now signed in.
    if (everSignedIn) invalidate(...methodNames.filter((m) => m !== 'sessionInfo'));
    else setEverSignedIn(true);
    // Only a change of who is signed in matters here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [staff?.id, staff?.name, staff?.role]);

  if (session.status === 'loading') return <p role="status">Opening the store…</p>;
  if (session.status === 'error') {
    return (
      <p role="alert" className="message error">
        {session.error.message}
      </p>
    );
  }
  return (
    <SignedInContext.Provider value={staff ?? last.current}>
      {(staff || everSignedIn) && <div hidden={!staff}>{children}</div>}
      {!staff && <PinScreen info={session.data as SessionInfo} />}
    </SignedInContext.Provider>
  );
}
