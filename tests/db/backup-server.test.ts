// Settings → Backups on the shop server (PostgreSQL project only): the screen's status says the server's own backups
// apply and whether pg_dump is here; Back up now without the server's address refuses with that explanation, and with
// it runs pg_dump into the chosen folder. Restore is refused (pg_restore on the server).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { storeBackupHost } from '../../electron/backupHandlers.ts';
import { findPgDump } from '../../db/backupDump.ts';
import { freshBackend, okValue, onPostgres, tempDir, type Backend } from '../support/backend.ts';

let b: Backend;
let dir: string;
beforeEach(async () => {
  b = await freshBackend();
  dir = tempDir('pos-pgdump-');
});
afterEach(async () => {
  await b.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!onPostgres)('Settings → Backups on the shop server', () => {
  it("says the server's backups apply, names pg_dump when it is here, and refuses Restore", async () => {
    const status = await okValue(b.api.backupStatus({}));
    expect(status).toMatchObject({ kind: 'postgres', pgDump: findPgDump(), folder: '' });
    const refused = await b.api.backupNow({});
    expect(!refused.ok && refused.error.message).toMatch(
      /This shop's data lives on the PostgreSQL server: back it up there \(pg_dump, or your host's backups\)/,
    );
    const restore = await b.api.restoreFromBackup({ path: '/tmp/x.dump' });
    expect(!restore.ok && restore.error.message).toMatch(/restore it there \(pg_restore/);
  });

  it.skipIf(!findPgDump())('runs pg_dump into the chosen folder and says where it went', async () => {
    const database = new URL(b.store.path).pathname.slice(1);
    b.ctx.backups = storeBackupHost(`${inject('pgBase')}${database}`, {
      current: () => null,
      open: async () => {},
    });
    await okValue(b.api.saveBackupSettings({ retention: { daily: 7, weekly: 4, monthly: 12 }, folder: dir }));
    const made = await b.api.backupNow({});
    if (!made.ok) {
      // A pg_dump older than the server refuses it: the message says so, nothing is left behind.
      expect(made.error.message).toMatch(/pg_dump failed: .*No backup was written/);
      expect(fs.readdirSync(dir)).toEqual([]);
      return;
    }
    expect(path.dirname(made.value.path)).toBe(dir);
    expect(made.value.path).toMatch(new RegExp(`${database}\\.pg_dump-.*\\.dump$`));
    expect(fs.readFileSync(made.value.path).subarray(0, 5).toString()).toBe('PGDMP');
  });
});
