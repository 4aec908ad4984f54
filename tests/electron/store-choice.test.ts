// The desktop app's store choice: store.json in userData (electron/storeChoice.ts), the password only as
// safeStorage's encryption, COUNTER_POS_DB before it; and electron/main.ts starting on it with the electron module
// mocked (safeStorage's stand-in is Electron's API, not our store): a real shop server (embedded PostgreSQL) opened
// from store.json with its register, an unreachable one offering "Use this computer's store" or Quit.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { channelFor } from '../../core/methods.ts';
import { DATA_FILE_NAME } from '../../electron/paths.ts';
import {
  readStoreFile,
  resolveStoreLocation,
  saveStoreChoiceFile,
  storeChoiceHost,
  type SafeStorageLike,
} from '../../electron/storeChoice.ts';
import { tempDir } from '../support/backend.ts';
import { freePort, startServerWithRole, type ServerWithRole } from '../support/pg-server.ts';

const fake = await vi.hoisted(async () => (await import('../support/electron-fake.ts')).fakeElectron());
vi.mock('electron', () => fake);

const keychain: SafeStorageLike = fake.safeStorage;
const SECRET = 'p@ss word/with:odd&chars';

let server: ServerWithRole;
let port: number;
beforeAll(async () => {
  server = await startServerWithRole('till', SECRET);
  port = server.port;
}, 120_000);
afterAll(async () => {
  await server?.stop();
}, 60_000);

const savedEnv = process.env.COUNTER_POS_DB;
afterEach(async () => {
  if (savedEnv === undefined) delete process.env.COUNTER_POS_DB;
  else process.env.COUNTER_POS_DB = savedEnv;
  fake.safeStorage.available = true;
  const quitting = new Promise<void>((resolve) => fake.app.quit.mockImplementationOnce(() => resolve()));
  fake.app.emit('before-quit', { preventDefault: () => {} });
  await Promise.race([quitting, new Promise((resolve) => setTimeout(resolve, 200))]);
  fake.app.removeAllListeners();
  fake.windows.length = 0;
  fake.ipcHandlers.clear();
  vi.clearAllMocks();
  vi.resetModules();
});

const server$ = (database: string, extra: Partial<{ port: number; user: string; password: string }> = {}) => ({
  kind: 'postgres' as const,
  host: '127.0.0.1',
  port: extra.port ?? port,
  database,
  user: extra.user ?? 'till',
  password: extra.password ?? SECRET,
  tls: false,
});

describe('store.json (electron/storeChoice.ts)', () => {
  it('keeps the server without its password in plain text, and gives the URL back with it', () => {
    const dir = tempDir('pos-choice-');
    saveStoreChoiceFile(dir, server$('shop'), keychain);
    const text = fs.readFileSync(path.join(dir, 'store.json'), 'utf8');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(encodeURIComponent(SECRET));
    expect(readStoreFile(dir)).toEqual({
      kind: 'postgres',
      host: '127.0.0.1',
      port,
      database: 'shop',
      user: 'till',
      tls: false,
      passwordEncrypted: keychain.encryptString(SECRET).toString('base64'),
    });
    if (process.platform !== 'win32') expect(fs.statSync(path.join(dir, 'store.json')).mode & 0o077).toBe(0);
    const where = resolveStoreLocation(dir, keychain, {});
    expect(where).toMatchObject({ kind: 'postgres', source: 'store.json', dataFile: path.join(dir, DATA_FILE_NAME) });
    expect(new URL(where.location).password).toBe(encodeURIComponent(SECRET));
    expect(decodeURIComponent(new URL(where.location).password)).toBe(SECRET);
    expect(where.shown).toBe(`postgres://till:***@127.0.0.1:${port}/shop`);
    expect(storeChoiceHost(dir, keychain).next()).toEqual({ kind: 'postgres', location: where.shown });
  });

  it('TLS asks for sslmode=require; no store.json is the data file; the register is kept across choices', () => {
    const dir = tempDir('pos-choice-');
    expect(resolveStoreLocation(dir, keychain, {})).toMatchObject({
      kind: 'sqlite',
      location: path.join(dir, DATA_FILE_NAME),
      source: 'default',
      register: undefined,
    });
    fs.writeFileSync(path.join(dir, 'store.json'), JSON.stringify({ kind: 'sqlite', register: 'Counter 2' }));
    saveStoreChoiceFile(dir, { ...server$('shop'), tls: true }, keychain);
    const where = resolveStoreLocation(dir, keychain, {});
    expect(where.register).toBe('Counter 2');
    expect(new URL(where.location).searchParams.get('sslmode')).toBe('require');
    saveStoreChoiceFile(dir, { kind: 'sqlite' }, keychain);
    expect(readStoreFile(dir)).toEqual({ kind: 'sqlite', register: 'Counter 2' });
  });

  it('COUNTER_POS_DB comes first: a URL or a file, whatever store.json says', () => {
    const dir = tempDir('pos-choice-');
    saveStoreChoiceFile(dir, server$('shop'), keychain);
    const url = `postgres://pos:hush@db.shop.lan:5433/other`;
    expect(resolveStoreLocation(dir, keychain, { COUNTER_POS_DB: url })).toMatchObject({
      kind: 'postgres',
      location: url,
      shown: 'postgres://pos:***@db.shop.lan:5433/other',
      source: 'COUNTER_POS_DB',
    });
    expect(resolveStoreLocation(dir, keychain, { COUNTER_POS_DB: 'elsewhere.sqlite' })).toMatchObject({
      kind: 'sqlite',
      location: path.resolve('elsewhere.sqlite'),
      source: 'COUNTER_POS_DB',
    });
  });

  it('refuses to keep a password where safeStorage cannot encrypt, writing nothing', () => {
    const dir = tempDir('pos-choice-');
    fake.safeStorage.available = false;
    expect(() => saveStoreChoiceFile(dir, server$('shop'), keychain)).toThrow(
      /no keychain Counter POS can keep the password in\. Start Counter POS with COUNTER_POS_DB=postgres:/,
    );
    expect(fs.existsSync(path.join(dir, 'store.json'))).toBe(false);
  });

  it('a password this computer cannot decrypt is said, with the way to choose again', () => {
    const dir = tempDir('pos-choice-');
    fs.writeFileSync(
      path.join(dir, 'store.json'),
      JSON.stringify({ ...server$('shop'), password: undefined, passwordEncrypted: 'bm90LW91cnM=' }),
    );
    expect(() => resolveStoreLocation(dir, keychain, {})).toThrow(
      /cannot be read on this computer or by this user .*Choose the shop server again in Settings → Store/,
    );
  });
});

async function startMain(userData: string): Promise<void> {
  fake.app.userData = userData;
  await import('../../electron/main.ts');
  fake.app.ready!();
}

/**
 * An IPC call from the app's own window, signed in with PIN 1234: the demo Admin's on a data file; on a new shop
 * server (which starts without the demo shop) the first Admin is set up with it first.
 */
async function call(method: string, input: unknown = {}): Promise<unknown> {
  const win = fake.windows[0] as { webContents: unknown };
  const own = { sender: win.webContents, senderFrame: { url: 'app://pos/index.html', parent: null } };
  const session = (await fake.ipcHandlers.get(channelFor('sessionInfo'))!(own, {})) as {
    ok: boolean;
    value?: { needsSetup?: boolean };
  };
  if (session.ok && session.value?.needsSetup)
    await fake.ipcHandlers.get(channelFor('setupFirstAdmin'))!(own, { name: 'Owner', pin: '1234' });
  await fake.ipcHandlers.get(channelFor('signIn'))!(own, { pin: '1234' });
  return fake.ipcHandlers.get(channelFor(method as never))!(own, input);
}

describe('electron/main.ts on the store choice', () => {
  it('opens the shop server kept in store.json, with this counter’s register; Settings → Store says so', async () => {
    const database = await server.database('till');
    const userData = tempDir('pos-main-choice-');
    saveStoreChoiceFile(userData, server$(database), keychain);
    const kept = JSON.parse(fs.readFileSync(path.join(userData, 'store.json'), 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(path.join(userData, 'store.json'), JSON.stringify({ ...kept, register: 'Counter 2' }));
    delete process.env.COUNTER_POS_DB;

    await startMain(userData);
    await vi.waitFor(() => expect(fake.windows).toHaveLength(1), { timeout: 20_000 });
    expect(fake.dialog.showMessageBox).not.toHaveBeenCalled();
    expect(fs.existsSync(path.join(userData, DATA_FILE_NAME))).toBe(false);
    expect(await call('storeInfo')).toEqual({
      ok: true,
      value: {
        kind: 'postgres',
        location: `postgres://till:***@127.0.0.1:${port}/${database}`,
        register: 'Counter 2',
        next: null,
        canSaveChoice: true,
      },
    });
    // The till this counter opens is its register's.
    // (A new shop server starts empty: its first Admin adds a location before a till can open.)
    expect(await call('saveLocation', { name: 'Main Store', kind: 'store' })).toMatchObject({ ok: true });
    expect(await call('openTill', { floatMinor: 5_000 })).toMatchObject({ ok: true, value: { register: 'Counter 2' } });
  }, 60_000);

  it('COUNTER_POS_DB overrides store.json', async () => {
    const userData = tempDir('pos-main-env-');
    saveStoreChoiceFile(userData, server$('never_used', { port: await freePort() }), keychain);
    const file = path.join(tempDir('pos-main-env-file-'), 'shop.sqlite');
    process.env.COUNTER_POS_DB = file;
    await startMain(userData);
    await vi.waitFor(() => expect(fake.windows).toHaveLength(1), { timeout: 20_000 });
    expect(fake.dialog.showMessageBox).not.toHaveBeenCalled();
    expect(fs.existsSync(file)).toBe(true);
    expect(await call('storeInfo')).toMatchObject({
      ok: true,
      value: {
        kind: 'sqlite',
        location: file,
        next: { kind: 'postgres', location: expect.stringContaining('/never_used') },
      },
    });
  }, 30_000);

  it('an unreachable server: the exact reason, and "Use this computer\'s store" opens the data file for this run', async () => {
    const userData = tempDir('pos-main-lost-');
    const closed = await freePort();
    saveStoreChoiceFile(userData, server$('shop', { port: closed }), keychain);
    fake.dialog.showMessageBox.mockResolvedValueOnce({ response: 1 }); // Try again, [Use this computer's store], Quit
    await startMain(userData);
    await vi.waitFor(() => expect(fake.windows).toHaveLength(1), { timeout: 20_000 });
    expect(fake.dialog.showMessageBox).toHaveBeenCalledWith(
      expect.objectContaining({
        type: 'error',
        message: "Cannot open the shop server's store",
        detail: expect.stringMatching(
          new RegExp(`^Cannot reach the shop server till@127\\.0\\.0\\.1:${closed}/shop: .*ECONNREFUSED`),
        ),
        buttons: ['Try again', "Use this computer's store", 'Quit'],
        cancelId: 2,
      }),
    );
    const detail = (fake.dialog.showMessageBox.mock.calls[0]![0] as { detail: string }).detail;
    expect(detail).not.toContain(SECRET);
    expect(detail).toContain(`"Use this computer's store" opens this computer's data file`);
    expect(fs.existsSync(path.join(userData, DATA_FILE_NAME))).toBe(true);
    expect(await call('storeInfo')).toMatchObject({
      ok: true,
      value: { kind: 'sqlite', next: { kind: 'postgres', location: `postgres://till:***@127.0.0.1:${closed}/shop` } },
    });
    expect(readStoreFile(userData)?.kind).toBe('postgres'); // the next start tries the server again
  }, 30_000);

  it('an unreachable server: Quit opens nothing and writes no data file', async () => {
    const userData = tempDir('pos-main-quit-');
    saveStoreChoiceFile(userData, server$('shop', { port: await freePort() }), keychain);
    fake.dialog.showMessageBox.mockResolvedValueOnce({ response: 2 });
    await startMain(userData);
    await vi.waitFor(() => expect(fake.app.quit).toHaveBeenCalled(), { timeout: 20_000 });
    expect(fake.windows).toHaveLength(0);
    expect(fs.existsSync(path.join(userData, DATA_FILE_NAME))).toBe(false);
  }, 30_000);
});
