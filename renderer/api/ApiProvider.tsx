import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { create } from 'zustand';
import type { InputOf, Outcome, PosApi, ResultOf } from '../../core/contract.ts';
import { isWriteMethod, METHODS, methodNames, staleAfter, type MethodName } from '../../core/methods.ts';
import type { AppErrorValue } from '../../core/errors.ts';

const ApiContext = createContext<PosApi | null>(null);

export function ApiProvider({ api, children }: { api: PosApi; children: ReactNode }) {
  const refreshing = useMemo(() => refreshingStale(api), [api]);
  return <ApiContext.Provider value={refreshing}>{children}</ApiContext.Provider>;
}

/**
 * The API with one rule added: after a write (or a batch, however many of its items were done, or a host setting)
 * succeeds, the reads core/methods.ts declares stale for it are fetched again by every screen that shows them. No
 * screen keeps its own list.
 */
function refreshingStale(api: PosApi): PosApi {
  const wrapped = { ...api } as Record<MethodName, (input: unknown) => Promise<Outcome<unknown>>>;
  for (const method of methodNames) {
    const stale = staleAfter(method);
    if (!(isWriteMethod(method) || ['batch', 'host'].includes(METHODS[method].access)) || stale.length === 0) continue;
    const call = api[method] as (input: unknown) => Promise<Outcome<unknown>>;
    wrapped[method] = async (input) => {
      const outcome = await call(input);
      if (outcome.ok) invalidate(...stale);
      return outcome;
    };
  }
  return wrapped as PosApi;
}

export function useApi(): PosApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiProvider');
  return api;
}

// Server data is fetched through the contract and keyed by method + input; a mutation bumps the
// version of the methods it affects so their readers fetch again. UI state lives in other stores.
const useVersions = create<{ versions: Record<string, number>; bump: (methods: MethodName[]) => void }>((set) => ({
  versions: {},
  bump: (methods) =>
    set((s) => ({
      versions: { ...s.versions, ...Object.fromEntries(methods.map((m) => [m, (s.versions[m] ?? 0) + 1])) },
    })),
}));

export const invalidate = (...methods: MethodName[]) => useVersions.getState().bump(methods);

export type QueryState<T> =
  | { status: 'loading'; data?: undefined; error?: undefined }
  | { status: 'ok'; data: T; error?: undefined }
  | { status: 'error'; data?: undefined; error: AppErrorValue };

export function useApiQuery<M extends MethodName>(
  method: M,
  input: InputOf<M>,
  enabled = true,
): QueryState<ResultOf<M>> {
  const api = useApi();
  const version = useVersions((s) => s.versions[method] ?? 0);
  const key = JSON.stringify(input);
  const [state, setState] = useState<QueryState<ResultOf<M>>>({ status: 'loading' });
  useEffect(() => {
    if (!enabled) return undefined;
    let live = true;
    const call = api[method] as (
      input: unknown,
    ) => Promise<{ ok: true; value: ResultOf<M> } | { ok: false; error: AppErrorValue }>;
    void call(JSON.parse(key)).then((outcome) => {
      if (!live) return;
      setState(outcome.ok ? { status: 'ok', data: outcome.value } : { status: 'error', error: outcome.error });
    });
    return () => {
      live = false;
    };
  }, [api, method, key, version, enabled]);
  // While a new key loads, keep showing the previous data rather than flashing empty.
  return state;
}
