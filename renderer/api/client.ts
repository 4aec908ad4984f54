import type { Outcome, PosApi } from '../../core/contract.ts';
import { methodNames, type MethodName } from '../../core/methods.ts';
import {
  HTTP_API_PREFIX,
  SOCKET_PATH,
  SOCKET_PROTOCOL,
  TOKEN_PROTOCOL_PREFIX,
  type SocketCall,
} from '../../core/protocol.ts';

/** How a call reaches the main process: IPC (window.pos), HTTP (browser mode) or in-process (tests). */
export type Transport = (method: MethodName, input: unknown) => Promise<Outcome<unknown>>;

/** The typed API, derived from the contract's method list. */
export function createClient(transport: Transport): PosApi {
  return Object.fromEntries(
    methodNames.map((m) => [m, (input: unknown) => transport(m, input ?? {})]),
  ) as unknown as PosApi;
}

export function httpTransport(baseUrl: string, token: string): Transport {
  return async (method, input) => {
    try {
      const response = await fetch(`${baseUrl}${HTTP_API_PREFIX.slice(1)}${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(input),
      });
      return (await response.json()) as Outcome<unknown>;
    } catch {
      return {
        ok: false,
        error: { code: 'internal', message: 'Cannot reach Counter POS. Is "npm run web" still running?' },
      };
    }
  };
}

const LOST =
  'The connection to Counter POS dropped before it answered. Check whether the change was made, then try again.';

/**
 * Browser mode's fast path: calls over one WebSocket (~1 ms a call in Chromium, where a fetch is
 * ~4 ms; an SN: scan is one call). Calls made while it connects wait for it; when it cannot open
 * or has closed, calls go over `fallback` (HTTP) and the socket is tried again on a later call.
 */
export function socketTransport(socketUrl: string, token: string, fallback: Transport): Transport {
  let socket: WebSocket | null = null;
  let open = false;
  let retryAt = 0;
  let nextId = 1;
  const pending = new Map<number, (outcome: Outcome<unknown>) => void>();
  let waiting: Array<() => void> = [];

  function connect(): void {
    retryAt = Date.now() + 5000;
    let ws: WebSocket;
    try {
      ws = new WebSocket(socketUrl, [SOCKET_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`]);
    } catch {
      return;
    }
    socket = ws;
    ws.onopen = () => {
      open = true;
      const ready = waiting;
      waiting = [];
      for (const go of ready) go();
    };
    ws.onmessage = (event) => {
      let reply: { id?: unknown; outcome?: Outcome<unknown> };
      try {
        reply = JSON.parse(String(event.data)) as typeof reply;
      } catch {
        return;
      }
      const settle = typeof reply.id === 'number' ? pending.get(reply.id) : undefined;
      if (!settle || !reply.outcome) return;
      pending.delete(reply.id as number);
      settle(reply.outcome);
    };
    // Browsers fire close after error; some clients fire only error when the handshake fails.
    ws.onerror = ws.onclose = () => {
      if (socket !== ws) return;
      open = false;
      socket = null;
      for (const settle of pending.values()) settle({ ok: false, error: { code: 'internal', message: LOST } });
      pending.clear();
      const queued = waiting; // never sent: they go over HTTP
      waiting = [];
      for (const go of queued) go();
    };
  }

  return (method, input) => {
    if (!socket && Date.now() >= retryAt) connect();
    if (!socket) return fallback(method, input);
    return new Promise<Outcome<unknown>>((resolve) => {
      const send = () => {
        if (!open || !socket) return void fallback(method, input).then(resolve);
        const id = nextId++;
        pending.set(id, resolve);
        socket.send(JSON.stringify({ id, method, input } satisfies SocketCall));
      };
      if (open) send();
      else waiting.push(send);
    });
  };
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
  const base = new URL('./', window.location.href);
  const socketUrl = new URL(SOCKET_PATH.slice(1), base);
  socketUrl.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
  return createClient(socketTransport(socketUrl.toString(), token, httpTransport(base.toString(), token)));
}
