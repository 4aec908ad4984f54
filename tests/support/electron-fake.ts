import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

type IpcHandler = (event: unknown, input: unknown) => Promise<unknown>;

/**
 * The electron module as electron/main.ts uses it (its binary cannot run here), for `vi.mock('electron', …)`. It has
 * to exist before the mock's factory runs, so a test builds it in vi.hoisted:
 *
 *     const fake = await vi.hoisted(async () => (await import('../support/electron-fake.ts')).fakeElectron());
 *     vi.mock('electron', () => fake);
 *
 * app.ready() fires whenReady; windows lists the BrowserWindows made; ipcHandlers holds what ipcMain.handle was
 * given; safeStorage is a reversible scramble (what it writes is not the password) that can be made unavailable.
 */
export function fakeElectron() {
  const app = Object.assign(new EventEmitter(), {
    userData: '',
    lock: true,
    ready: null as null | (() => void),
    requestSingleInstanceLock: () => app.lock,
    quit: vi.fn(),
    exit: vi.fn(),
    getPath: () => app.userData,
    getName: () => 'Counter POS',
    getVersion: () => '0.1.0',
    whenReady: () =>
      new Promise<void>((resolve) => {
        app.ready = resolve;
      }),
  });
  const windows: BrowserWindow[] = [];
  class BrowserWindow extends EventEmitter {
    webContents = Object.assign(new EventEmitter(), { id: 7, send: vi.fn(), isDestroyed: () => false });
    options: unknown;
    focus = vi.fn();
    restore = vi.fn();
    isMinimized = () => true;
    constructor(options: unknown) {
      super();
      this.options = options;
      windows.push(this);
    }
    loadURL = vi.fn(() => Promise.resolve());
    show = vi.fn();
  }
  const ipcHandlers = new Map<string, IpcHandler>();
  const safeStorage = {
    available: true,
    isEncryptionAvailable: () => safeStorage.available,
    encryptString: (text: string) => Buffer.from(`enc:${[...text].reverse().join('')}`),
    decryptString: (data: Buffer) => {
      const text = data.toString();
      if (!text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage');
      return [...text.slice(4)].reverse().join('');
    },
  };
  return {
    app,
    windows,
    BrowserWindow,
    ipcHandlers,
    safeStorage,
    ipcMain: {
      handle: (channel: string, fn: IpcHandler) => ipcHandlers.set(channel, fn),
      removeHandler: (channel: string) => ipcHandlers.delete(channel),
    },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    dialog: { showErrorBox: vi.fn(), showMessageBox: vi.fn() },
    shell: { openExternal: vi.fn() },
    net: { fetch: vi.fn() },
  };
}
