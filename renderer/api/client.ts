import type { AppErrorValue } from '../../db/errors.ts';
import { methodNames, type MethodName, type Outcome, type PosApi } from '../../electron/contract.ts';

/** How a call reaches the main process: IPC (window.pos), HTTP (browser mode) or in-process (tests). */
export type Transport = (method: MethodName, input: unknown) => Promise<Outcome<unknown>>;

/** The typed API, derived from the contract's method list. */
export function createClient(transport: Transport): PosApi {
  return Object.fromEntries(methodNames.map((m) => [m, (input: unknown) => transport(m, input ?? {})])) as unknown as PosApi;
}

export function httpTransport(baseUrl: string, token: string): Transport {
  return async (method, input) => {
    try {
      const response = await fetch(`${baseUrl}api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(input),
      });
      return (await response.json()) as Outcome<unknown>;
    } catch {
      return { ok: false, error: { code: 'internal', message: 'Cannot reach Counter POS. Is "npm run web" still running?' } };
    }
  };
}

export class ApiError extends Error {
  readonly error: AppErrorValue;
  constructor(error: AppErrorValue) {
    super(error.message);
    this.error = error;
  }
}

/** For calls whose failure the screen shows as a whole-screen error. */
export function unwrap<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new ApiError(outcome.error);
  return outcome.value;
}

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    pos?: PosApi;
  }
}

/** The client for this page: IPC inside Electron, else HTTP with the token from the printed link. */
export function clientForPage(): PosApi | null {
  if (window.pos) return window.pos;
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem('pos-token', fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.toString()); // keep the token out of bookmarks and screenshots
  }
  const token = fromUrl ?? sessionStorage.getItem('pos-token');
  if (!token) return null;
  return createClient(httpTransport(new URL('./', window.location.href).toString(), token));
}
