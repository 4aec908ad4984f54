// The lost shop server: when any call answers 'unreachable', the app shows one banner until a call that reached the
// store succeeds again. Nothing is retried behind the user's back: the next thing they do is the retry.
import { create } from 'zustand';
import type { Outcome, PosApi } from '../../core/contract.ts';
import { methodNames, type MethodName } from '../../core/methods.ts';

export const SERVER_LOST_MESSAGE =
  'Cannot reach the shop server. Nothing was saved: the sale is still on screen. Check the network; it retries when ' +
  'you try again.';

export const useServerLost = create<{ lost: boolean }>(() => ({ lost: false }));

/**
 * Calls answered without the open store (the import registry in memory, Settings → Store's own checks of another
 * server): their success says nothing about the shop server, so they neither raise nor clear the banner.
 */
const WITHOUT_THE_STORE: ReadonlySet<MethodName> = new Set<MethodName>([
  'importProgress',
  'cancelImport',
  'storeInfo',
  'testStoreConnection',
  'saveStoreChoice',
  'moveStoreToServer',
]);

/** Notes each outcome: 'unreachable' raises the banner, a success of a call that used the store clears it. */
export function noteOutcome(method: MethodName, outcome: Outcome<unknown>): void {
  if (WITHOUT_THE_STORE.has(method)) return;
  const lost = !outcome.ok && outcome.error.code === 'unreachable';
  if (lost || outcome.ok) {
    if (useServerLost.getState().lost !== lost) useServerLost.setState({ lost });
  }
}

/** The API with every outcome noted (see noteOutcome). */
export function serverAware(api: PosApi): PosApi {
  const wrapped = { ...api } as Record<MethodName, (input: unknown) => Promise<Outcome<unknown>>>;
  for (const method of methodNames) {
    const call = api[method] as (input: unknown) => Promise<Outcome<unknown>>;
    wrapped[method] = async (input) => {
      const outcome = await call(input);
      noteOutcome(method, outcome);
      return outcome;
    };
  }
  return wrapped as PosApi;
}
