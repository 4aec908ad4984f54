import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openAppStore } from '../../db/store.ts';
import { DATA_FILE_NAME } from '../../electron/paths.ts';
import { freshBackend, tempDir } from '../support/backend.ts';
import { damageTablePage } from '../support/damage.ts';

// electron/main.ts on a damaged data file, with the electron module mocked: it offers to restore
// the newest backup (keeping the damaged file aside) or to quit, and never carries on with it.
const fake = await vi.hoisted(async () => (await import('../support/electron-fake.ts')).fakeElectron());
vi.mock('electron', () => fake);

afterEach(async () => {
  // Close the store main.ts opened, if it did, before the next start.
  const quitting = new Promise<void>((resolve) => fake.app.quit.mockImplementationOnce(() => resolve()));
  fake.app.emit('before-quit', { preventDefault: () => {} });
  await Promise.race([quitting, new Promise((resolve) => setTimeout(resolve, 50))]);
  fake.app.removeAllListeners();
  fake.windows.length = 0;
  vi.clearAllMocks();
  vi.resetModules();
});

/** A userData folder whose data file has one sale after its newest backup, and is then damaged. */
async function damagedDataFile(): Promise<{ file: string; backup: string }> {
  const userData = tempDir('pos-electron-restore-');
  fake.app.userData = userData;
  const file = path.join(userData, DATA_FILE_NAME);
  await (await freshBackend({ file })).close();
  const withBackup = await openAppStore(file, { now: () => new Date('2026-11-20T08:00:00Z') });
  const backup = (await withBackup.backup)!;
  await withBackup.close();
  const b = await freshBackend({ file });
  const ok = await b.api.saveCustomer({ name: 'Saved after the backup' });
  expect(ok.ok).toBe(true);
  await b.close();
  damageTablePage(file, 'customers');
  return { file, backup };
}

async function startMain(): Promise<void> {
  await import('../../electron/main.ts');
  fake.app.ready!();
}

describe('electron/main.ts on a damaged data file', () => {
  it('offers the newest backup; Restore backup puts it in place, keeps the damaged file aside and starts', async () => {
    const { file, backup } = await damagedDataFile();
    fake.dialog.showMessageBox.mockResolvedValueOnce({ response: 0 }).mockResolvedValueOnce({ response: 0 });
    await startMain();
    await vi.waitFor(() => expect(fake.windows).toHaveLength(1));

    expect(fake.dialog.showMessageBox).toHaveBeenNthCalledWith(
      1,
      expect.objectContaining({
        type: 'error',
        message: 'The data file is damaged',
        detail: expect.stringContaining(`The newest backup is ${path.join('backups', path.basename(backup))}`),
        buttons: ['Restore backup', 'Quit'],
        cancelId: 1,
      }),
    );
    expect(fake.dialog.showMessageBox).toHaveBeenNthCalledWith(
      2,
      expect.objectContaining({
        type: 'info',
        message: 'The backup was restored',
        detail: expect.stringMatching(
          /anything saved after it was written is not in it\. The damaged file was kept as .*counter-pos\.sqlite\.damaged-/,
        ),
      }),
    );
    const kept = fs.readdirSync(path.dirname(file)).filter((n) => n.startsWith(`${DATA_FILE_NAME}.damaged-`));
    expect(kept).toHaveLength(1);
    expect(fake.dialog.showErrorBox).not.toHaveBeenCalled();
    expect(fake.app.exit).not.toHaveBeenCalled();

    const before = new Promise<void>((resolve) => fake.app.quit.mockImplementationOnce(() => resolve()));
    fake.app.emit('before-quit', { preventDefault: () => {} });
    await before;
    const db = new BetterSqlite3(file, { readonly: true });
    expect(db.prepare(`SELECT count(*) AS n FROM customers WHERE name = 'Saved after the backup'`).get()).toEqual({
      n: 0,
    });
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('Quit leaves everything as it was and opens no window', async () => {
    const { file } = await damagedDataFile();
    const before = fs.readdirSync(path.dirname(file)).sort();
    fake.dialog.showMessageBox.mockResolvedValueOnce({ response: 1 });
    await startMain();
    await vi.waitFor(() => expect(fake.app.quit).toHaveBeenCalled());
    expect(fake.windows).toHaveLength(0);
    expect(fake.dialog.showMessageBox).toHaveBeenCalledTimes(1);
    // Only the log folder is new: it records the damaged file (electron/mainDiagnostics.ts).
    expect(fs.readdirSync(path.dirname(file)).sort()).toEqual([...before, 'logs'].sort());
    await vi.waitFor(() =>
      expect(fs.readFileSync(path.join(path.dirname(file), 'logs', 'main.log'), 'utf8')).toContain(
        'the data file is damaged; its backup is offered',
      ),
    );
  });

  it('without a backup it says so and stops: no offer, no window', async () => {
    const { file, backup } = await damagedDataFile();
    fs.rmSync(backup);
    await startMain();
    await vi.waitFor(() => expect(fake.app.exit).toHaveBeenCalledWith(1));
    expect(fake.dialog.showMessageBox).not.toHaveBeenCalled();
    expect(fake.dialog.showErrorBox).toHaveBeenCalledWith(
      'Counter POS cannot open its data',
      expect.stringMatching(/is damaged: .*There is no backup of it/),
    );
    expect(fake.windows).toHaveLength(0);
    expect(fs.existsSync(file)).toBe(true);
  });
});
