import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost } from '../../electron/web/server.ts';
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
    expect(await (await call('lookupSerial', { serial: 42 })).json()).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await (await call('nope', {})).json()).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('refuses API calls without the token, from other origins, or with a foreign Host', async () => {
    expect((await call('appInfo', {}, { Authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await call('appInfo', {}, { Authorization: '' })).status).toBe(401);
    expect((await call('appInfo', {}, { Origin: 'http://evil.example' })).status).toBe(403);
    // DNS rebinding: a page on evil.example resolved to 127.0.0.1 sends its own Host header.
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: host.port, path: '/api/appInfo', method: 'POST',
        headers: { Host: 'evil.example', Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
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
