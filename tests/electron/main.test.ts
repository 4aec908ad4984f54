import fs from 'node:fs';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  channelFor,
  CHOOSE_BACKUP_FOLDER_CHANNEL,
  methodNames,
  PRINT_DOCUMENT_CHANNEL,
  PRINT_RECEIPT_CHANNEL,
} from '../../core/methods.ts';
import { DATA_FILE_NAME } from '../../electron/paths.ts';
import { tempDir } from '../support/backend.ts';

// electron/main.ts as Electron runs it, with the electron module mocked (its binary cannot run here).
const fake = await vi.hoisted(async () => (await import('../support/electron-fake.ts')).fakeElectron());
vi.mock('electron', () => fake);

const userData = tempDir('pos-electron-');
fake.app.userData = userData;
afterAll(() => {
  fake.app.emit('before-quit', { preventDefault: () => {} }); // closes the store if a test stopped early
});

describe('electron/main.ts', () => {
  it('starts: single-instance lock, app:// scheme, store in userData with the demo shop, every IPC channel, a secure window', async () => {
    await import('../../electron/main.ts');
    expect(fake.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'app' }),
    ]);
    fake.app.ready!();
    await vi.waitFor(() => expect(fake.windows).toHaveLength(1));

    expect(fs.existsSync(path.join(userData, DATA_FILE_NAME))).toBe(true);
    expect([...fake.ipcHandlers.keys()].sort()).toEqual(
      [
        ...methodNames.map(channelFor),
        PRINT_RECEIPT_CHANNEL,
        PRINT_DOCUMENT_CHANNEL,
        CHOOSE_BACKUP_FOLDER_CHANNEL,
      ].sort(),
    );
    expect(fake.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    const win = fake.windows[0]!;
    expect((win.options as { webPreferences: Record<string, unknown> }).webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });

    // IPC from our window reaches the store; from anything else it is refused.
    const handler = fake.ipcHandlers.get(channelFor('findProductByCode')) as (
      e: unknown,
      i: unknown,
    ) => Promise<unknown>;
    const own = { sender: win.webContents, senderFrame: { url: 'app://pos/index.html', parent: null } };
    // The window starts signed out: only the PIN screen's calls are answered until a PIN signs in.
    expect(await handler(own, { code: 'LAT-5440' })).toMatchObject({ ok: false, error: { code: 'signed_out' } });
    const signIn = fake.ipcHandlers.get(channelFor('signIn')) as (e: unknown, i: unknown) => Promise<unknown>;
    expect(await signIn(own, { pin: '1234' })).toMatchObject({ ok: true, value: { staff: { name: 'Demo Admin' } } });
    expect(await handler(own, { code: 'LAT-5440' })).toMatchObject({
      ok: true,
      value: { name: 'Latitude 5440 Laptop' },
    });
    expect(await handler({ ...own, sender: { id: 99 } }, { code: 'LAT-5440' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('owns scanner input: keys of the window go through the detector, scans go to the renderer', async () => {
    const contents = fake.windows[0]!.webContents as unknown as InstanceType<typeof EventEmitter> & {
      send: ReturnType<typeof vi.fn>;
    };
    expect(contents.listenerCount('before-input-event')).toBe(1);
    const prevented: boolean[] = [];
    for (const code of ['KeyA', 'KeyB', 'KeyC', 'KeyD', 'KeyE', 'Enter']) {
      const event = { preventDefault: vi.fn() };
      contents.emit('before-input-event', event, { type: 'keyDown', key: code, code });
      prevented.push(event.preventDefault.mock.calls.length > 0);
    }
    expect(prevented).toEqual([false, false, false, true, true, true]); // same instant: a scanner burst
    expect(contents.send).toHaveBeenCalledWith(
      'pos:scanner-event',
      expect.objectContaining({ type: 'scan', text: 'abcde' }),
    );

    // Saving settings through IPC reaches the detector at once: Enter no longer ends a scan.
    const save = fake.ipcHandlers.get(channelFor('saveScannerSettings')) as (
      e: unknown,
      i: unknown,
    ) => Promise<{ ok: boolean }>;
    const own = { sender: fake.windows[0]!.webContents, senderFrame: { url: 'app://pos/index.html', parent: null } };
    const saved = await save(own, {
      maxGapMs: 50,
      maxAvgGapMs: 30,
      minKeys: 4,
      pauseToleranceMs: 300,
      suffixKeys: ['Tab'],
      prefixKey: null,
      endTimeoutMs: 0,
    });
    expect(saved.ok).toBe(true);
    contents.send.mockClear();
    for (const code of ['KeyA', 'KeyB', 'KeyC', 'KeyD', 'KeyE', 'Enter'])
      contents.emit('before-input-event', { preventDefault: () => {} }, { type: 'keyDown', key: code, code });
    expect(contents.send).not.toHaveBeenCalledWith('pos:scanner-event', expect.objectContaining({ type: 'scan' }));
  });

  it('focuses the first window when the app is launched a second time', () => {
    const win = fake.windows[0]!;
    fake.app.emit('second-instance');
    expect(win.restore).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
  });

  it('hardens every web contents it creates', async () => {
    const contents = Object.assign(new EventEmitter(), {
      setWindowOpenHandler: vi.fn(),
      session: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() },
    });
    fake.app.emit('web-contents-created', {}, contents);
    expect(contents.setWindowOpenHandler).toHaveBeenCalled();
    expect(contents.listenerCount('will-navigate')).toBe(1);
    expect(contents.listenerCount('will-frame-navigate')).toBe(1);
    expect(contents.session.setPermissionCheckHandler).toHaveBeenCalled();
    // Links reach shell.openExternal only through the allowlist (which names no host today).
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const openWindow = contents.setWindowOpenHandler.mock.calls[0]![0] as (d: { url: string }) => { action: string };
    expect(openWindow({ url: 'https://evil.example/x?token=1' })).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(fake.shell.openExternal).not.toHaveBeenCalled();
    warned.mockRestore();
  });

  it('closes the database before quitting', async () => {
    const prevented = vi.fn();
    const quitting = new Promise<void>((resolve) => fake.app.quit.mockImplementationOnce(() => resolve()));
    fake.app.emit('before-quit', { preventDefault: prevented });
    expect(prevented).toHaveBeenCalled();
    await quitting;
    // The file is closed: a new connection can take an exclusive lock and checkpoint the WAL.
    const BetterSqlite3 = (await import('better-sqlite3')).default;
    const db = new BetterSqlite3(path.join(userData, DATA_FILE_NAME));
    expect(db.pragma('wal_checkpoint(TRUNCATE)')).toEqual([{ busy: 0, log: 0, checkpointed: 0 }]);
    db.close();
  });
});
