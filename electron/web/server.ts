import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { CLOSE, HTTP_API_PREFIX, SOCKET_PATH, SOCKET_PROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../../core/protocol.ts';
import { createApiHandler, isApiPath } from '../api/router.ts';
import { dispatch } from '../dispatch.ts';
import type { HandlerCtx } from '../handlers.ts';
import { CONTENT_SECURITY_POLICY } from '../security.ts';
import { log } from '../../db/log.ts';
import { createSocketEndpoint, refuseUpgrade, type MessageSocket } from './socket.ts';

export interface WebHostOptions {
  ctx: HandlerCtx;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  /** 0 = any free port. */
  port?: number;
  token?: string;
  /** The largest request body or socket message, in bytes (tests lower it). */
  maxBody?: number;
}

export interface WebHost {
  url: string;
  /** The URL to open: carries the per-run token the page needs for API calls. */
  openUrl: string;
  port: number;
  token: string;
  /** API sockets open now (the page's socket transport). */
  openSockets(): number;
  close(): Promise<void>;
}

const MAX_BODY = 40 * 1024 * 1024; // above MAX_IMPORT_CHARS: a 100,000-row CSV import arrives in one call
/** After a 413, how long the rest of an over-limit body is read and dropped before the connection is cut. */
const LINGER_MS = 5000;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * Browser mode: the built renderer and the same contract over a WebSocket (HTTP POST as the
 * fallback), on 127.0.0.1 only. API calls need the per-run token (Authorization: Bearer, or a
 * subprotocol on the socket) and our own Host and Origin, so other web pages and DNS-rebinding
 * tricks cannot reach the store.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? crypto.randomBytes(24).toString('base64url');
  const maxBody = options.maxBody ?? MAX_BODY;
  const staticRoot = path.resolve(options.staticDir);
  let port = 0;

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (error instanceof ClientGone) return void res.destroy(); // the client hung up mid-body: no one to answer
      console.error('[pos web] request failed', error);
      log.failure('a web host request failed', error, { method: req.method, path: req.url?.split('?')[0] });
      if (!res.headersSent)
        sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'The request failed.' } });
      else res.destroy();
    });
  });

  const restApi = createApiHandler({ ctx: () => options.ctx });
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const sockets = createSocketEndpoint({
    maxMessage: maxBody,
    protocol: SOCKET_PROTOCOL,
    onMessage: (text, from) => void answer(text, from),
  });

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      upgrade(req, socket, head);
    } catch (error) {
      // A fault of ours must not take the process (and the store) down with one connection.
      console.error('[pos web] socket upgrade failed', error);
      socket.destroy();
    }
  });

  /** Refusals are plain HTTP answers before any upgrade; an accepted request goes to ws. */
  function upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!allowedHosts().has(req.headers.host ?? ''))
      return refuseUpgrade(socket, 421, 'Misdirected Request', 'Unexpected Host header.');
    if (pathOf(req.url) !== SOCKET_PATH) return refuseUpgrade(socket, 404, 'Not Found', 'No socket here.');
    // Browsers always send Origin on a WebSocket: a page of another site is refused. (A program
    // that sends none still needs the token, as over HTTP.)
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts().has(origin.replace(/^http:\/\//, ''))) {
      return refuseUpgrade(socket, 403, 'Forbidden', 'Sockets from other sites are refused.');
    }
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    const bearer = offered.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))?.slice(TOKEN_PROTOCOL_PREFIX.length) ?? '';
    if (!offered.includes(SOCKET_PROTOCOL) || !safeEqual(bearer, token)) {
      return refuseUpgrade(
        socket,
        401,
        'Unauthorized',
        'Missing or wrong token: open the link printed by npm run web.',
      );
    }
    // ws also speaks the draft version 8; browsers all send 13, and so must everyone else.
    if (req.headers['sec-websocket-version'] !== '13') {
      return refuseUpgrade(socket, 400, 'Bad Request', 'Only WebSocket version 13 is spoken here.');
    }
    sockets.accept(req, socket, head);
  }

  /**
   * One call on the socket: {id, method, input} in, {id, outcome} out; calls run as they arrive, like HTTP requests.
   */
  async function answer(text: string, from: MessageSocket): Promise<void> {
    let call: { id?: unknown; method?: unknown; input?: unknown };
    try {
      call = JSON.parse(text) as typeof call;
    } catch {
      return from.send(
        JSON.stringify({
          id: null,
          outcome: { ok: false, error: { code: 'invalid_input', message: 'The message is not valid JSON.' } },
        }),
      );
    }
    const id = Number.isSafeInteger(call?.id) ? call.id : null;
    if (id === null) {
      return from.send(
        JSON.stringify({
          id: null,
          outcome: { ok: false, error: { code: 'invalid_input', message: 'A call needs a whole-number id.' } },
        }),
      );
    }
    // dispatch turns every failure into an error value, as for HTTP.
    from.send(JSON.stringify({ id, outcome: await dispatch(options.ctx, call.method, call.input) }));
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    // The local REST API is for other programs: its API keys guard it, not this host's page token, Host or Origin.
    if (isApiPath(pathOf(req.url) ?? '')) return restApi(req, res);
    if (!allowedHosts().has(req.headers.host ?? '')) {
      return sendJson(res, 421, { ok: false, error: { code: 'forbidden', message: 'Unexpected Host header.' } });
    }
    const raw = pathOf(req.url);
    const pathname = raw === null ? null : decodePath(raw);
    if (raw === null || pathname === null) {
      return sendJson(res, 400, {
        ok: false,
        error: { code: 'invalid_input', message: 'The address is malformed (a bad %-escape?).' },
      });
    }
    if (raw.startsWith(HTTP_API_PREFIX)) return api(req, res, pathname.slice(HTTP_API_PREFIX.length));
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendJson(res, 405, { ok: false, error: { code: 'forbidden', message: 'Method not allowed.' } });
    }
    return serveStatic(res, pathname);
  }

  async function api(req: http.IncomingMessage, res: http.ServerResponse, method: string): Promise<void> {
    if (req.method !== 'POST')
      return sendJson(res, 405, { ok: false, error: { code: 'forbidden', message: 'Use POST.' } });
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts().has(origin.replace(/^http:\/\//, ''))) {
      return sendJson(res, 403, {
        ok: false,
        error: { code: 'forbidden', message: 'Requests from other sites are refused.' },
      });
    }
    if (!safeEqual(req.headers.authorization ?? '', `Bearer ${token}`)) {
      return sendJson(res, 401, {
        ok: false,
        error: { code: 'forbidden', message: 'Missing or wrong token: open the link printed by npm run web.' },
      });
    }
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendJson(res, 415, { ok: false, error: { code: 'invalid_input', message: 'Send JSON.' } });
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    const text = declared > maxBody ? null : await readBody(req, maxBody);
    if (text === null) return refuseTooLarge(req, res);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return sendJson(res, 400, {
        ok: false,
        error: { code: 'invalid_input', message: 'The request body is not valid JSON.' },
      });
    }
    sendJson(res, 200, await dispatch(options.ctx, method, body));
  }

  /** `pathname` is already decoded. */
  function serveStatic(res: http.ServerResponse, pathname: string): void {
    const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
    const file = path.resolve(staticRoot, relative);
    const inside = file.startsWith(staticRoot + path.sep);
    const target =
      inside && fs.existsSync(file) && fs.statSync(file).isFile() ? file : path.join(staticRoot, 'index.html');
    if (!fs.existsSync(target)) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('The renderer is not built. Run: npm run build');
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(target)] ?? 'application/octet-stream',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'Cache-Control': target.endsWith('index.html') ? 'no-store' : 'max-age=31536000, immutable',
    });
    fs.createReadStream(target).pipe(res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    openUrl: `${url}?token=${token}`,
    port,
    token,
    openSockets: () => sockets.open(),
    close: async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      await sockets.closeAll(CLOSE.goingAway, 'Counter POS is stopping.');
      server.closeAllConnections();
      await stopped;
    },
  };
}

/** The client went away before its request body was complete. */
class ClientGone extends Error {}

/** The request body as text, or null when it grows past maxBody (the rest is then left unread). */
function readBody(req: http.IncomingMessage, maxBody: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBody) {
        req.off('data', onData);
        req.off('end', onEnd);
        parts.length = 0;
        resolve(null);
        return;
      }
      parts.push(chunk);
    };
    const onEnd = () => resolve(Buffer.concat(parts).toString('utf8'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', () => reject(new ClientGone()));
  });
}

/**
 * Answers 413 while the client may still be sending. Closing at once would reset the connection
 * with the body unread, and the client would see the reset, not the answer: so the rest of the
 * body is read and dropped (for LINGER_MS at most) and the connection ends as HTTP would have it.
 */
function refuseTooLarge(req: http.IncomingMessage, res: http.ServerResponse): void {
  const socket = req.socket;
  const cut = setTimeout(() => socket.destroy(), LINGER_MS).unref();
  req.once('end', () => clearTimeout(cut));
  socket.once('close', () => clearTimeout(cut));
  req.on('error', () => {});
  req.resume();
  sendJson(res, 413, { ok: false, error: { code: 'invalid_input', message: 'The request is too large.' } });
}

/** The path of a request target, without its query; null when it cannot be parsed. */
function pathOf(target: string | undefined): string | null {
  try {
    return new URL(target ?? '/', 'http://localhost').pathname;
  } catch {
    return null;
  }
}

/** The percent-decoded path; null for a malformed escape such as `%E0%A4%A`. */
function decodePath(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(body);
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
