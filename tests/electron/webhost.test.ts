import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startWebHost, type WebHost } from '../../electron/web/server.ts';
import { createClient, httpTransport, socketTransport } from '../../renderer/api/client.ts';
import { freshBackend, tempDir, type Backend } from '../support/backend.ts';

let b: Backend;
let host: WebHost;
beforeEach(async () => {
  b = await freshBackend();
  const staticDir = tempDir();
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>POS</title>');
  fs.writeFileSync(path.join(tempDir(), 'secret.txt'), 'secret');
  host = await startWebHost({ ctx: b.ctx, staticDir, port: 0 });
});
afterEach(async () => {
  await host.close();
  await b.close();
});

const call = (method: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${host.url}api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${host.token}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('the web host', () => {
  it('listens on 127.0.0.1 only, on the port it reports, with a per-run token in the URL to open', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/`);
    expect(host.port).toBeGreaterThan(0);
    expect(host.openUrl).toBe(`${host.url}?token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(24);
  });

  it('serves the contract over HTTP with the same results as IPC', async () => {
    const response = await call('findProductByCode', { code: '4006381333931' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, value: { name: 'Galaxy A55 Phone' } });
    expect(await (await call('lookupSerial', { serial: 42 })).json()).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await (await call('nope', {})).json()).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('refuses API calls without the token, from other origins, or with a foreign Host', async () => {
    expect((await call('appInfo', {}, { Authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await call('appInfo', {}, { Authorization: '' })).status).toBe(401);
    expect((await call('appInfo', {}, { Origin: 'http://evil.example' })).status).toBe(403);
    // DNS rebinding: a page on evil.example resolved to 127.0.0.1 sends its own Host header.
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: host.port,
          path: '/api/appInfo',
          method: 'POST',
          headers: { Host: 'evil.example', Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(421);
  });

  it('answers a malformed body with an error value', async () => {
    const response = await call('appInfo', '{not json');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('serves the renderer with a Content-Security-Policy and never files outside it', async () => {
    const page = await fetch(host.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(await page.text()).toContain('<title>POS</title>');
    const traversal = await fetch(`${host.url}..%2F..%2F..%2Fetc%2Fpasswd`);
    expect(await traversal.text()).not.toMatch(/root:/);
  });
});

/** Opens the API socket as the page does (token in a subprotocol) and waits for it. */
async function openSocket(protocols = ['counter-pos.v1', `bearer.${host.token}`]): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/socket`, protocols);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = () => reject(new Error('the socket did not open'));
  });
  return ws;
}

/** Sends one message and resolves with the next answer. */
function ask(
  ws: WebSocket,
  message: unknown,
): Promise<{ id: unknown; outcome: { ok: boolean; value?: unknown; error?: { code: string; message: string } } }> {
  return new Promise((resolve) => {
    ws.addEventListener('message', (e) => resolve(JSON.parse(String(e.data))), { once: true });
    ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  });
}

/** The status an upgrade request is answered with (101 when it becomes a socket). */
function upgradeStatus(headers: Record<string, string>, path = '/api/socket'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port: host.port,
      path,
      headers: {
        Host: `127.0.0.1:${host.port}`,
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': Buffer.alloc(16, 7).toString('base64'),
        'Sec-WebSocket-Protocol': `counter-pos.v1, bearer.${host.token}`,
        ...headers,
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A raw client frame: masked, as RFC 6455 requires of clients unless `masked` is false. */
function frame(opcode: number, payload: Buffer, { fin = true, masked = true } = {}): Buffer {
  const mask = Buffer.from([1, 2, 3, 4]);
  const body = Buffer.from(payload.map((b, i) => b ^ (masked ? mask[i & 3]! : 0)));
  const n = payload.length;
  const length =
    n < 126 ? Buffer.from([(masked ? 0x80 : 0) | n]) : Buffer.from([(masked ? 0x80 : 0) | 126, n >> 8, n & 255]);
  return Buffer.concat([Buffer.from([(fin ? 0x80 : 0) | opcode]), length, masked ? mask : Buffer.alloc(0), body]);
}

/** A raw socket past the handshake: what it writes back, and whether it was closed. */
async function rawSocket(): Promise<{ write(b: Buffer): void; received: () => Buffer; closed: Promise<void> }> {
  const socket = await new Promise<import('node:stream').Duplex>((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port: host.port,
      path: '/api/socket',
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': Buffer.alloc(16, 9).toString('base64'),
        'Sec-WebSocket-Protocol': `counter-pos.v1, bearer.${host.token}`,
      },
    });
    req.on('upgrade', (_res, s) => resolve(s));
    req.on('response', (res) => reject(new Error(`no upgrade: ${res.statusCode}`)));
    req.end();
  });
  const parts: Buffer[] = [];
  socket.on('data', (d: Buffer) => parts.push(d));
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  return { write: (b) => socket.write(b), received: () => Buffer.concat(parts), closed };
}
const closeCode = (bytes: Buffer) => {
  const at = bytes.lastIndexOf(0x88); // the close frame: FIN + opcode 8, then a length and the code
  return at >= 0 ? bytes.readUInt16BE(at + 2) : null;
};

describe("the API socket (browser mode's fast path)", () => {
  it('answers calls with the same outcomes as HTTP, matched by id, and refuses malformed messages', async () => {
    const ws = await openSocket();
    expect(ws.protocol).toBe('counter-pos.v1');
    expect(host.openSockets()).toBe(1);
    expect(await ask(ws, { id: 1, method: 'findProductByCode', input: { code: '4006381333931' } })).toMatchObject({
      id: 1,
      outcome: { ok: true, value: { name: 'Galaxy A55 Phone' } },
    });
    expect(await ask(ws, { id: 2, method: 'lookupSerial', input: { serial: 42 } })).toMatchObject({
      id: 2,
      outcome: { ok: false, error: { code: 'invalid_input' } },
    });
    expect(await ask(ws, { id: 3, method: 'nope', input: {} })).toMatchObject({
      id: 3,
      outcome: { ok: false, error: { code: 'unknown_method' } },
    });
    expect(await ask(ws, '{not json')).toMatchObject({
      id: null,
      outcome: { ok: false, error: { code: 'invalid_input', message: 'The message is not valid JSON.' } },
    });
    expect(await ask(ws, { method: 'appInfo', input: {} })).toMatchObject({
      id: null,
      outcome: { ok: false, error: { message: 'A call needs a whole-number id.' } },
    });
    // Calls in flight together each get their own answer.
    const answers = new Map<unknown, unknown>();
    const all = new Promise<void>((resolve) => {
      ws.onmessage = (e) => {
        const reply = JSON.parse(String(e.data)) as { id: unknown; outcome: { value: { sku: string } } };
        answers.set(reply.id, reply.outcome.value.sku);
        if (answers.size === 2) resolve();
      };
    });
    ws.send(JSON.stringify({ id: 10, method: 'findProductByCode', input: { code: 'LAT-5440' } }));
    ws.send(JSON.stringify({ id: 11, method: 'findProductByCode', input: { code: 'GAL-A55' } }));
    await all;
    expect(Object.fromEntries(answers)).toEqual({ 10: 'LAT-5440', 11: 'GAL-A55' });
    ws.close();
  });

  it('refuses sockets without the token, from another site, with a foreign Host, or on another path', async () => {
    expect(await upgradeStatus({})).toBe(101);
    expect(await upgradeStatus({ Origin: host.url.replace(/\/$/, '') })).toBe(101);
    expect(await upgradeStatus({ 'Sec-WebSocket-Protocol': 'counter-pos.v1' })).toBe(401);
    expect(await upgradeStatus({ 'Sec-WebSocket-Protocol': 'counter-pos.v1, bearer.wrong' })).toBe(401);
    expect(await upgradeStatus({ 'Sec-WebSocket-Protocol': `bearer.${host.token}` })).toBe(401);
    expect(await upgradeStatus({ Origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus({ Host: 'evil.example' })).toBe(421);
    expect(await upgradeStatus({}, '/elsewhere')).toBe(404);
    expect(await upgradeStatus({ 'Sec-WebSocket-Version': '8' })).toBe(400);
    // The two accepted ones were dropped by the client; the host lets go of them.
    await expect.poll(() => host.openSockets()).toBe(0);
  });

  it('joins fragmented messages and closes the socket on an unmasked frame, a binary message or one over the size limit', async () => {
    const call = Buffer.from(JSON.stringify({ id: 7, method: 'findProductByCode', input: { code: 'LAT-5440' } }));
    const joined = await rawSocket();
    joined.write(
      Buffer.concat([
        frame(0x1, call.subarray(0, 20), { fin: false }),
        frame(0x9, Buffer.from('ping')),
        frame(0x0, call.subarray(20)),
      ]),
    );
    await expect.poll(() => joined.received().toString('latin1')).toContain('"sku":"LAT-5440"');
    expect(joined.received()[0]).toBe(0x8a); // the ping between the fragments was answered first, with a pong

    const unmasked = await rawSocket();
    unmasked.write(frame(0x1, call, { masked: false }));
    await unmasked.closed;
    expect(closeCode(unmasked.received())).toBe(1002);

    const binary = await rawSocket();
    binary.write(frame(0x2, call));
    await binary.closed; // this peer never answers the close frame: the host cuts it after a grace period
    expect(closeCode(binary.received())).toBe(1003);

    const notUtf8 = await rawSocket();
    notUtf8.write(frame(0x1, Buffer.from([0x7b, 0xc3, 0x28, 0x7d])));
    await notUtf8.closed;
    expect(closeCode(notUtf8.received())).toBe(1007);

    await host.close();
    host = await startWebHost({ ctx: b.ctx, staticDir: tempDir(), port: 0, maxBody: 64 });
    const big = await rawSocket();
    big.write(frame(0x1, Buffer.alloc(200, 0x20)));
    await big.closed;
    expect(closeCode(big.received())).toBe(1009);
    await expect.poll(() => host.openSockets()).toBe(0);
  });

  it('closes open sockets when the host stops', async () => {
    const ws = await openSocket();
    const closed = new Promise<number>((resolve) => (ws.onclose = (e) => resolve(e.code)));
    await host.close();
    expect(await closed).toBe(1001);
    host = await startWebHost({ ctx: b.ctx, staticDir: tempDir(), port: 0 });
  });
});

describe("the page's transport in browser mode", () => {
  const client = (socketPath = 'api/socket') =>
    createClient(
      socketTransport(`ws://127.0.0.1:${host.port}/${socketPath}`, host.token, httpTransport(host.url, host.token)),
    );

  it('makes its calls over one socket, calls made while it connects included', async () => {
    const api = client();
    const [a, b2] = await Promise.all([
      api.findProductByCode({ code: 'LAT-5440' }),
      api.lookupSerial({ serial: 'nope' }),
    ]);
    expect(a).toMatchObject({ ok: true, value: { sku: 'LAT-5440' } });
    expect(b2).toEqual({ ok: true, value: [] });
    expect(await api.lookupSerial({ serial: 42 } as never)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(host.openSockets()).toBe(1);
  });

  it('falls back to HTTP when the socket cannot open, and says so plainly when the host is gone', async () => {
    const api = client('no-socket-here');
    expect(await api.findProductByCode({ code: 'GAL-A55' })).toMatchObject({ ok: true, value: { sku: 'GAL-A55' } });
    expect(await api.findProductByCode({ code: 'LAT-5440' })).toMatchObject({ ok: true, value: { sku: 'LAT-5440' } });
    expect(host.openSockets()).toBe(0);

    const live = client();
    expect((await live.appInfo({})).ok).toBe(true);
    await host.close();
    expect(await live.appInfo({})).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/Cannot reach Counter POS/) },
    });
    host = await startWebHost({ ctx: b.ctx, staticDir: tempDir(), port: 0 });
  });
});

describe('the web host against clients that misbehave (found by trying it)', () => {
  /** A raw TCP client: writes bytes as given, collects what comes back until the host closes. */
  async function tcp(): Promise<{ write(b: Buffer): void; received: () => Buffer; closed: Promise<void> }> {
    const socket = net.connect(host.port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const parts: Buffer[] = [];
    socket.on('data', (d: Buffer) => parts.push(d));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    return { write: (b) => void socket.write(b), received: () => Buffer.concat(parts), closed };
  }
  const upgradeRequest = () =>
    Buffer.from(
      [
        'GET /api/socket HTTP/1.1',
        `Host: 127.0.0.1:${host.port}`,
        'Connection: Upgrade',
        'Upgrade: websocket',
        'Sec-WebSocket-Version: 13',
        `Sec-WebSocket-Key: ${Buffer.alloc(16, 5).toString('base64')}`,
        `Sec-WebSocket-Protocol: counter-pos.v1, bearer.${host.token}`,
        '',
        '',
      ].join('\r\n'),
    );
  const closePayload = (code: number) => {
    const payload = Buffer.alloc(2);
    payload.writeUInt16BE(code);
    return payload;
  };

  it('survives a frame sent in the same TCP write as the upgrade request (it used to exit the process)', async () => {
    const failed = vi.spyOn(console, 'error').mockImplementation(() => {});
    const uncaught: unknown[] = []; // in a plain `node` run this error ended the process
    const onUncaught = (error: unknown) => void uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const closing = await tcp();
      closing.write(Buffer.concat([upgradeRequest(), frame(0x8, closePayload(1000))]));
      await closing.closed;
      expect(closing.received().toString('latin1')).toMatch(/^HTTP\/1\.1 101 /);
      expect(closeCode(closing.received())).toBe(1000);

      // A call in the handshake's write is answered too.
      const calling = await tcp();
      const call = Buffer.from(JSON.stringify({ id: 1, method: 'findProductByCode', input: { code: 'LAT-5440' } }));
      calling.write(Buffer.concat([upgradeRequest(), frame(0x1, call)]));
      await expect.poll(() => calling.received().toString('latin1')).toContain('"sku":"LAT-5440"');
      calling.write(frame(0x8, closePayload(1000)));
      await calling.closed;

      // The host still answers HTTP and other sockets.
      expect((await fetch(host.url)).status).toBe(200);
      const ws = await openSocket();
      expect(await ask(ws, { id: 2, method: 'appInfo', input: {} })).toMatchObject({ id: 2, outcome: { ok: true } });
      ws.close();
      await expect.poll(() => host.openSockets()).toBe(0);
      expect(uncaught).toEqual([]);
      expect(failed).not.toHaveBeenCalled();
    } finally {
      process.off('uncaughtException', onUncaught);
      failed.mockRestore();
    }
  });

  it('answers a malformed percent-escape with 400, for pages and API calls, and logs no stack trace', async () => {
    const failed = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const page = await fetch(`${host.url}%E0%A4%A`);
      expect(page.status).toBe(400);
      expect(await page.json()).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      const api = await call('%E0%A4%A', {});
      expect(api.status).toBe(400);
      expect(await api.json()).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      const socket = await upgradeStatus({}, '/api/%E0%A4%A');
      expect(socket).toBe(404);
      expect((await fetch(host.url)).status).toBe(200);
      expect(failed).not.toHaveBeenCalled();
    } finally {
      failed.mockRestore();
    }
  });

  /** Streams a body far over the limit until the host answers: its status, or the error the client saw. */
  function streamLargeBody(declareLength: boolean): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const total = 8 * 1024 * 1024;
      const req = http.request({
        host: '127.0.0.1',
        port: host.port,
        path: '/api/appInfo',
        method: 'POST',
        agent: false,
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${host.token}`,
          ...(declareLength ? { 'Content-Length': String(total) } : {}),
        },
      });
      req.on('response', (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') });
          req.destroy();
        });
      });
      req.on('error', reject); // a reset before the answer
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (!req.destroyed && sent < total) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        if (!req.destroyed) req.end();
      };
      pump();
    });
  }

  it('answers a body over the limit with 413 before the connection closes, not with a reset', async () => {
    await host.close();
    host = await startWebHost({ ctx: b.ctx, staticDir: tempDir(), port: 0, maxBody: 1024 });
    for (const declareLength of [true, false]) {
      const answer = await streamLargeBody(declareLength);
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body)).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', message: 'The request is too large.' },
      });
    }
    // A body within the limit still goes through on the same host.
    expect((await call('appInfo', {})).status).toBe(200);
  });
});
