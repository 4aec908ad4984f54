import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { channelFor, methodNames } from '../../core/methods.ts';
import { isTrustedSender, registerIpc } from '../../electron/ipc.ts';
import { APP_ORIGIN, CONTENT_SECURITY_POLICY, isOwnUrl } from '../../electron/security.ts';
import { createMainWindow, hardenWebContents } from '../../electron/window.ts';
import { freshBackend } from '../support/backend.ts';

// Main-process pieces on Node, with Electron's objects replaced by small fakes at the boundary.

function fakeIpcMain() {
  const handlers = new Map<string, (event: unknown, input: unknown) => unknown>();
  return {
    handlers,
    handle: vi.fn((channel: string, fn: (event: unknown, input: unknown) => unknown) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, fn);
    }),
    removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
  };
}

const ownContents = { id: 1 } as never;
const event = (over: Partial<{ sender: unknown; url: string; parent: unknown }> = {}) => ({
  sender: over.sender ?? ownContents,
  senderFrame: { url: over.url ?? `${APP_ORIGIN}/index.html`, parent: over.parent ?? null },
});

describe('IPC registration', () => {
  it('registers every contract method on its own channel, and removes them all', async () => {
    const b = await freshBackend();
    const ipc = fakeIpcMain();
    const unregister = registerIpc(ipc as never, () => b.ctx, () => ownContents);
    expect([...ipc.handlers.keys()].sort()).toEqual(methodNames.map(channelFor).sort());
    unregister();
    expect(ipc.handlers.size).toBe(0);
    await b.close();
  });

  it('runs calls from our window through validation and the services', async () => {
    const b = await freshBackend();
    const ipc = fakeIpcMain();
    registerIpc(ipc as never, () => b.ctx, () => ownContents);
    const lookup = ipc.handlers.get(channelFor('lookupSerial'))!;
    expect(await lookup(event(), { serial: 'DL5440-0001' })).toMatchObject({ ok: true, value: [{ productName: 'Latitude 5440 Laptop' }] });
    expect(await lookup(event(), { serial: ['x'] })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    await b.close();
  });

  it('refuses calls from other web contents, subframes or foreign pages', async () => {
    const b = await freshBackend();
    const ipc = fakeIpcMain();
    registerIpc(ipc as never, () => b.ctx, () => ownContents);
    const save = ipc.handlers.get(channelFor('saveInvoice'))!;
    for (const bad of [event({ sender: { id: 2 } }), event({ parent: {} }), event({ url: 'https://evil.example/' }), event({ url: 'file:///etc/passwd' })]) {
      expect(await save(bad, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(isTrustedSender(event() as never, () => null)).toBe(false); // window already closed
    await b.close();
  });
});

describe('window security', () => {
  it('creates the window with context isolation and sandbox on, node integration off, our preload', () => {
    const created: Array<{ options: Electron.BrowserWindowConstructorOptions; url?: string }> = [];
    class FakeWindow extends EventEmitter {
      options: Electron.BrowserWindowConstructorOptions;
      constructor(options: Electron.BrowserWindowConstructorOptions) {
        super();
        this.options = options;
        created.push({ options });
      }
      loadURL(url: string) {
        created.at(-1)!.url = url;
        return Promise.resolve();
      }
      show() {}
    }
    createMainWindow(FakeWindow as never, '/app/preload.cjs');
    const prefs = created[0]!.options.webPreferences!;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, webSecurity: true, webviewTag: false, preload: '/app/preload.cjs' });
    expect(created[0]!.url).toBe(`${APP_ORIGIN}/index.html`);
  });

  it('blocks navigation away from the app, new windows, webviews and permission requests', () => {
    const contents = new EventEmitter() as EventEmitter & Record<string, unknown>;
    let openHandler: ((details: { url: string }) => { action: string }) | undefined;
    let permission: ((wc: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
    contents.setWindowOpenHandler = (fn: typeof openHandler) => { openHandler = fn; };
    contents.session = { setPermissionRequestHandler: (fn: typeof permission) => { permission = fn; } };
    const opened: string[] = [];
    hardenWebContents(contents as never, (url) => opened.push(url));

    const navigate = (name: string, url: string) => {
      const e = { preventDefault: vi.fn() };
      contents.emit(name, e, url);
      return e.preventDefault.mock.calls.length > 0;
    };
    expect(navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigate('will-redirect', 'http://127.0.0.1:9/')).toBe(true);
    expect(navigate('will-navigate', `${APP_ORIGIN}/index.html`)).toBe(false);
    expect(navigate('will-attach-webview', 'x')).toBe(true);

    expect(openHandler!({ url: 'https://example.com/help' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://example.com/help']);
    const answer = vi.fn();
    permission!({}, 'media', answer);
    expect(answer).toHaveBeenCalledWith(false);
  });

  it('allows only our own scripts by CSP, and recognises our origin exactly', () => {
    expect(CONTENT_SECURITY_POLICY).toMatch(/default-src 'self'/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self'(;|$)/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval/);
    expect(isOwnUrl(`${APP_ORIGIN}/x`)).toBe(true);
    expect(isOwnUrl('app://pos.evil/x')).toBe(false);
    expect(isOwnUrl('not a url')).toBe(false);
  });
});
