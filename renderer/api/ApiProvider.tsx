import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { create } from 'zustand';
import type { InputOf, MethodName, PosApi, ResultOf } from '../../electron/contract.ts';
import type { AppErrorValue } from '../../db/errors.ts';

const ApiContext = createContext<PosApi | null>(null);

export function ApiProvider({ api, children }: { api: PosApi; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
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
  bump: (methods) => set((s) => ({ versions: { ...s.versions, ...Object.fromEntries(methods.map((m) => [m, (s.versions[m] ?? 0) + 1])) } })),
}));

export const invalidate = (...methods: MethodName[]) => useVersions.getState().bump(methods);

export type QueryState<T> =
  | { status: 'loading'; data?: undefined; error?: undefined }
  | { status: 'ok'; data: T; error?: undefined }
  | { status: 'error'; data?: undefined; error: AppErrorValue };

export function useApiQuery<M extends MethodName>(method: M, input: InputOf<M>, enabled = true): QueryState<ResultOf<M>> {
  const api = useApi();
  const version = useVersions((s) => s.versions[method] ?? 0);
  const key = JSON.stringify(input);
  const [state, setState] = useState<QueryState<ResultOf<M>>>({ status: 'loading' });
  useEffect(() => {
    if (!enabled) return undefined;
    let live = true;
    const call = api[method] as (input: unknown) => Promise<{ ok: true; value: ResultOf<M> } | { ok: false; error: AppErrorValue }>;
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
