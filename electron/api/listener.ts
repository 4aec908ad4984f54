// The desktop's own server for the local REST API: off by default, started, moved or stopped to match Settings → API
// (127.0.0.1 only, or every interface when "Listen on the shop's network" is on). Browser mode needs none: its web
// host answers /api/v1 on its own port.
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../core/errors.ts';
import { API_BASE_PATH } from '../apiKeyHandlers.ts';
import type { ApiListenSettings } from '../../db/services/apiKeys.ts';
import type { ApiListener, HandlerCtx } from '../handlers.ts';
import { createApiHandler, isApiPath, type ApiHandlerOptions } from './router.ts';

export interface ApiListenerHandle extends ApiListener {
  /** Stops the server (the app is quitting). */
  close(): Promise<void>;
}

export function createApiListener(
  ctx: () => HandlerCtx,
  options: Pick<ApiHandlerOptions, 'rate'> = {},
): ApiListenerHandle {
  const handler = createApiHandler({ ctx, ...options });
  let server: http.Server | null = null;
  let current: ApiListenSettings = { enabled: false, port: 0, lan: false };
  let address = '';
  /** One change at a time: Settings saved twice quickly must not start two servers. */
  let queue: Promise<unknown> = Promise.resolve();

  async function stop(): Promise<void> {
    const s = server;
    server = null;
    address = '';
    current = { ...current, enabled: false };
    if (s) await closeServer(s);
  }

  /** Listens on the new port before letting go of the old one, so a refused port leaves the API where it was. */
  async function move(settings: ApiListenSettings): Promise<void> {
    // The same port on another interface: the old server must let go of it first.
    const samePort = server !== null && current.port === settings.port;
    const previous = { ...current };
    if (samePort) await stop();
    let next: http.Server;
    try {
      next = await listen(settings.port, settings.lan);
    } catch (error) {
      if (samePort && previous.enabled) await move(previous).catch(() => undefined);
      throw error;
    }
    const old = server;
    server = next;
    current = { ...settings };
    const bound = (next.address() as AddressInfo).port;
    address = `http://${settings.lan ? lanAddress() : '127.0.0.1'}:${bound}${API_BASE_PATH}`;
    if (old) await closeServer(old);
  }

  function listen(port: number, lan: boolean): Promise<http.Server> {
    const s = http.createServer((req, res) => {
      const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (!isApiPath(pathname)) {
        res.writeHead(404, { 'Content-Type': 'application/json; charset=utf-8' });
        return void res.end(JSON.stringify({ error: 'Not found', errors: [`The API is under ${API_BASE_PATH}.`] }));
      }
      void handler(req, res);
    });
    return new Promise((resolve, reject) => {
      s.once('error', (error: NodeJS.ErrnoException) => {
        const message =
          error.code === 'EADDRINUSE'
            ? `Port ${port} is in use by another program: choose another port.`
            : error.code === 'EACCES'
              ? `This computer does not let the app listen on port ${port}: choose another port.`
              : `The API cannot listen on port ${port}: ${error.message}.`;
        reject(new AppError('conflict', message, { port }));
      });
      s.listen(port, lan ? '0.0.0.0' : '127.0.0.1', () => resolve(s));
    });
  }

  return {
    apply(settings) {
      const next = queue.then(async () => {
        const same =
          server !== null && settings.enabled && settings.port === current.port && settings.lan === current.lan;
        if (!settings.enabled) await stop();
        else if (!same) await move(settings);
        return address;
      });
      queue = next.catch(() => undefined);
      return next;
    },
    listening: () => address,
    close: async () => {
      await queue;
      await stop();
    },
  };
}

/** This computer's address on the shop's network, for the address Settings shows (127.0.0.1 when it has none). */
function closeServer(s: http.Server): Promise<void> {
  return new Promise<void>((resolve) => {
    s.close(() => resolve());
    s.closeAllConnections();
  });
}

function lanAddress(): string {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}
