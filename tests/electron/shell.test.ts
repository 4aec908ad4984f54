import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { channelFor, methodNames } from '../../core/methods.ts';
import { isTrustedSender, registerIpc } from '../../electron/ipc.ts';
import {
  APP_ORIGIN,
  CONTENT_SECURITY_POLICY,
  EXTERNAL_HOSTS,
  allowedExternalUrl,
  isOwnUrl,
  urlForLog,
} from '../../electron/security.ts';
import { createMainWindow, guardOpenExternal, hardenWebContents } from '../../electron/window.ts';
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
    const unregister = registerIpc(
      ipc as never,
      () => b.ctx,
      () => ownContents,
    );
    expect([...ipc.handlers.keys()].sort()).toEqual(methodNames.map(channelFor).sort());
    unregister();
    expect(ipc.handlers.size).toBe(0);
    await b.close();
  });

  it('runs calls from our window through validation and the services', async () => {
    const b = await freshBackend();
    const ipc = fakeIpcMain();
    registerIpc(
      ipc as never,
      () => b.ctx,
      () => ownContents,
    );
    const lookup = ipc.handlers.get(channelFor('lookupSerial'))!;
    expect(await lookup(event(), { serial: 'DL5440-0001' })).toMatchObject({
      ok: true,
      value: [{ productName: 'Latitude 5440 Laptop' }],
    });
    expect(await lookup(event(), { serial: ['x'] })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    await b.close();
  });

  it('refuses calls from other web contents, subframes or foreign pages', async () => {
    const b = await freshBackend();
    const ipc = fakeIpcMain();
    registerIpc(
      ipc as never,
      () => b.ctx,
      () => ownContents,
    );
    const save = ipc.handlers.get(channelFor('saveInvoice'))!;
    for (const bad of [
      event({ sender: { id: 2 } }),
      event({ parent: {} }),
      event({ url: 'https://evil.example/' }),
      event({ url: 'file:///etc/passwd' }),
    ]) {
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
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      preload: '/app/preload.cjs',
    });
    expect(created[0]!.url).toBe(`${APP_ORIGIN}/index.html`);
  });

  /** Fake web contents: records the handlers hardenWebContents installs. */
  function harden(hosts?: readonly string[]) {
    const contents = new EventEmitter() as EventEmitter & Record<string, unknown>;
    let openHandler: ((details: { url: string }) => { action: string }) | undefined;
    let permission: ((wc: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
    let permissionCheck: ((wc: unknown, p: string, origin: string, details: unknown) => boolean) | undefined;
    contents.setWindowOpenHandler = (fn: typeof openHandler) => {
      openHandler = fn;
    };
    contents.session = {
      setPermissionRequestHandler: (fn: typeof permission) => {
        permission = fn;
      },
      setPermissionCheckHandler: (fn: typeof permissionCheck) => {
        permissionCheck = fn;
      },
    };
    const opened: string[] = [];
    hardenWebContents(contents as never, (url) => void opened.push(url), hosts);
    return { contents, opened, openHandler: openHandler!, permission: permission!, permissionCheck: permissionCheck! };
  }

  it('blocks navigation away from the app, new windows, webviews and permission requests', async () => {
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { contents, opened, openHandler, permission, permissionCheck } = harden(['docs.counterpos.app']);
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

    // Any frame, not only the main one (an iframe navigating itself or its parent).
    const frameNavigate = (url: string, isMainFrame = false) => {
      const e = { url, isMainFrame, isSameDocument: false, frame: null, preventDefault: vi.fn() };
      contents.emit('will-frame-navigate', e);
      return e.preventDefault.mock.calls.length > 0;
    };
    expect(frameNavigate('https://evil.example/')).toBe(true);
    expect(frameNavigate('https://evil.example/', true)).toBe(true);
    expect(frameNavigate('javascript:alert(1)')).toBe(true);
    expect(frameNavigate('about:blank')).toBe(true);
    expect(frameNavigate('app://pos.evil/index.html')).toBe(true);
    expect(frameNavigate(`${APP_ORIGIN}/index.html`)).toBe(false);

    // New windows never open in the app; an allowed https link goes to the user's browser.
    expect(openHandler({ url: 'https://docs.counterpos.app/help' })).toEqual({ action: 'deny' });
    expect(openHandler({ url: 'https://example.com/help' })).toEqual({ action: 'deny' });
    expect(openHandler({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(opened).toEqual(['https://docs.counterpos.app/help']));

    const answer = vi.fn();
    permission({}, 'media', answer);
    expect(answer).toHaveBeenCalledWith(false);
    for (const p of [
      'media',
      'notifications',
      'clipboard-read',
      'geolocation',
      'openExternal',
      'hid',
      'serial',
      'usb',
    ]) {
      expect(permissionCheck(null, p, APP_ORIGIN, {})).toBe(false);
    }
    warned.mockRestore();
  });

  it('opens only https links to the hosts the app names in the browser; refusals are logged without the query', async () => {
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const opened: string[] = [];
    const open = guardOpenExternal((url) => void opened.push(url), ['docs.counterpos.app']);
    const refused = [
      'http://docs.counterpos.app/help', // not https
      'https://evil.example/help', // another host
      'https://docs.counterpos.app.evil.example/', // a suffix trick
      'https://sub.docs.counterpos.app/', // a subdomain is another host
      'https://docs.counterpos.app:8443/', // another port
      'https://user:pass@docs.counterpos.app/', // credentials in the URL
      'javascript:alert(document.cookie)',
      'file:///etc/passwd',
      'ms-msdt:/id PCWDiagnostic', // custom handlers of the OS
      'not a url',
      '',
    ];
    for (const url of refused) expect(open(url), url).toBe(false);
    expect(open('https://docs.counterpos.app/help?topic=serials')).toBe(true);
    expect(open('https://DOCS.counterpos.app/a')).toBe(true); // host names are case-insensitive; the parsed URL is opened
    await vi.waitFor(() =>
      expect(opened).toEqual(['https://docs.counterpos.app/help?topic=serials', 'https://docs.counterpos.app/a']),
    );

    warned.mockClear();
    expect(open('https://evil.example/steal?token=s3cret#frag')).toBe(false);
    expect(warned).toHaveBeenCalledTimes(1);
    const line = String(warned.mock.calls[0]![0]);
    expect(line).toContain('https://evil.example/steal');
    expect(line).not.toContain('s3cret');
    expect(line).not.toContain('frag');
    expect(urlForLog('javascript:alert(document.cookie)')).toBe('(a javascript: URL)');

    // A failing browser launch is logged, not thrown.
    const failing = guardOpenExternal(() => Promise.reject(new Error('no browser')), ['docs.counterpos.app']);
    expect(failing('https://docs.counterpos.app/')).toBe(true);
    await vi.waitFor(() => expect(warned).toHaveBeenCalledWith(expect.stringContaining('no browser')));
    warned.mockRestore();
  });

  it('names no external host by default: every link is refused', () => {
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(EXTERNAL_HOSTS.every((h) => h === h.toLowerCase())).toBe(true);
    for (const url of ['https://example.com/', 'https://github.com/']) {
      expect(allowedExternalUrl(url) !== null).toBe(EXTERNAL_HOSTS.includes(new URL(url).hostname));
    }
    const { openHandler, opened } = harden();
    openHandler({ url: 'https://example.com/help' });
    expect(opened).toEqual([]);
    warned.mockRestore();
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

describe('packaging', () => {
  it('flips the Electron fuses through electron-builder: no run-as-node, NODE_OPTIONS or --inspect, encrypted cookies, the app only from a verified asar', () => {
    const root = path.resolve(import.meta.dirname, '..', '..');
    const config = JSON.parse(fs.readFileSync(path.join(root, 'build', 'electron-builder.json'), 'utf8')) as {
      asar?: boolean | { smartUnpack?: boolean };
      electronFuses?: Record<string, boolean>;
    };
    expect(config.asar === true || typeof config.asar === 'object').toBe(true); // packed in an asar (options allowed)
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false, // the renderer comes from app://, never file://
    });
    // Every key is one electron-builder knows (a misspelt key would be silently ignored by the fuse step).
    const scheme = JSON.parse(
      fs.readFileSync(path.join(root, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8'),
    ) as {
      definitions: { FuseOptionsV1: { properties: Record<string, unknown> } };
    };
    for (const key of Object.keys(config.electronFuses!))
      expect(scheme.definitions.FuseOptionsV1.properties, key).toHaveProperty(key);
  });
});
