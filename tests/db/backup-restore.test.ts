// Backups and Restore through the real contract on a real data file: Back up now writes SQLite's online backup into
// the backups folder (with its sidecar), Restore verifies it, keeps the current file aside and reopens the store;
// damaged and foreign files are refused with the data file byte-identical. SQLite only (files); the shop server's
// side is in tests/db/backup-server.test.ts.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAppStore, type AppStore } from '../../db/store.ts';
import { listBackups, newestBackup } from '../../db/backups.ts';
import { freshBackend, okValue, onPostgres, tempDir, type Backend } from '../support/backend.ts';
import { storeBackupHost } from '../../electron/backupHandlers.ts';

let dir: string;
let file: string;
let b: Backend;
/** The store Restore opened again (the test closes it). */
let reopened: AppStore | null;

beforeEach(async () => {
  dir = tempDir('pos-backup-');
  file = path.join(dir, 'pos.sqlite');
  b = await freshBackend({ file });
  reopened = null;
  // The host side as the desktop app wires it: Restore closes the store, swaps the files, opens the store again.
  b.ctx.backups = storeBackupHost(file, {
    current: () => reopened ?? b.store,
    open: async () => {
      reopened = await openAppStore(file, { backupEveryMs: false });
      Object.assign(b.ctx, { db: reopened.db });
    },
  });
});
afterEach(async () => {
  if (reopened) await reopened.close();
  else await b.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Sells one demo unit at the counter (the till opened on the first sale): the unit becomes Sold. */
async function sell(serial: string) {
  const { ids } = b;
  const till = await okValue(b.api.currentTill({}));
  if (!till) await okValue(b.api.openTill({ floatMinor: 10_000 }));
  return okValue(
    b.api.completeSale({
      sale: {
        customerId: ids.walkIn,
        locationId: ids.main,
        invoiceDate: '2026-11-21',
        lines: [
          {
            productId: ids.laptop,
            description: 'Latitude 5440 Laptop',
            qty: 1000,
            unitPriceMinor: 124_900,
            taxable: true,
            serialIds: [ids.serial(serial)],
          },
        ],
      },
      tenders: [{ methodId: ids.method('cash'), amountMinor: 140_000 }],
    }),
  );
}
const statusOf = async (serial: string) => {
  const { rows } = await b.ctx.db
    .selectFrom('serials')
    .select('status')
    .where('serial', '=', serial)
    .execute()
    .then((r) => ({ rows: r }));
  return rows[0]?.status;
};
const bytes = (f: string) => fs.readFileSync(f);
const integrity = (f: string) => {
  const db = new BetterSqlite3(f, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true });
  } finally {
    db.close();
  }
};

describe.skipIf(onPostgres)('Back up now and Restore (a data file)', () => {
  it('round trip: sell, back up, sell again, restore → the second sale is gone, the first remains', async () => {
    await sell('DL5440-0001');
    const made = await okValue(b.api.backupNow({}));
    expect(path.dirname(made.path)).toBe(path.join(dir, 'backups'));
    expect(integrity(made.path)).toBe('ok');
    expect(JSON.parse(fs.readFileSync(`${made.path}.json`, 'utf8'))).toMatchObject({
      appVersion: 'test',
      reason: 'manual',
    });
    const listed = await okValue(b.api.backupStatus({}));
    expect(listed.kind === 'sqlite' && listed.backups.map((r) => [r.path, r.appVersion, r.place])).toEqual([
      [made.path, 'test', 'backups'],
    ]);

    await sell('DL5440-0002');
    expect(await statusOf('DL5440-0002')).toBe('sold');
    const report = await okValue(b.api.restoreFromBackup({ path: made.path }));

    expect(reopened).not.toBeNull();
    expect(await statusOf('DL5440-0001')).toBe('sold');
    expect(await statusOf('DL5440-0002')).toBe('in_stock');
    expect(integrity(file)).toBe('ok');
    // The file it replaced is kept, with the second sale in it.
    expect(report.keptAs).toMatch(/pos\.sqlite\.before-restore-2026-/);
    const kept = new BetterSqlite3(report.keptAs!, { readonly: true });
    expect(kept.prepare(`SELECT status FROM serials WHERE serial = 'DL5440-0002'`).get()).toEqual({ status: 'sold' });
    kept.close();
    expect(fs.existsSync(made.path)).toBe(true); // the backup itself stays
  });

  const refusals: Array<[string, (backup: string) => void, RegExp]> = [
    ['garbage bytes', (f) => fs.writeFileSync(f, Buffer.alloc(8192, 0x5a)), /damaged: it is not a SQLite database/],
    [
      'a truncated copy',
      (f) => fs.writeFileSync(f, bytes(f).subarray(0, Math.floor(fs.statSync(f).size / 3))),
      /is damaged/,
    ],
    [
      "another program's SQLite file",
      (f) => {
        fs.rmSync(f);
        const other = new BetterSqlite3(f);
        other.pragma('application_id = 1234');
        other.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)');
        other.close();
      },
      /is not a Counter POS backup/,
    ],
  ];
  for (const [what, spoil, message] of refusals) {
    it(`refuses ${what} with a clear message and changes nothing`, async () => {
      await sell('DL5440-0001');
      const made = await okValue(b.api.backupNow({}));
      spoil(made.path);
      await b.store.close(); // the file's bytes, settled (the store is reopened below)
      const before = bytes(file);
      reopened = await openAppStore(file, { backupEveryMs: false });
      Object.assign(b.ctx, { db: reopened.db });
      const settled = bytes(file);
      const outcome = await b.api.restoreFromBackup({ path: made.path });
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.error.message).toMatch(message);
      expect(bytes(file).equals(settled)).toBe(true);
      expect(before.length).toBeGreaterThan(0);
      expect(fs.readdirSync(dir).filter((f) => /before-restore|restoring/.test(f))).toEqual([]);
      expect(await statusOf('DL5440-0001')).toBe('sold'); // the store still works
    });
  }

  it('refuses a backup from a newer version of the app', async () => {
    const made = await okValue(b.api.backupNow({}));
    const newer = new BetterSqlite3(made.path);
    newer.pragma('user_version = 999');
    newer.close();
    const outcome = await b.api.restoreFromBackup({ path: made.path });
    expect(!outcome.ok && outcome.error.message).toMatch(/written by a newer version of Counter POS/);
  });

  it('copies each backup to the extra folder and lists it there; a folder that does not exist is refused', async () => {
    const extra = tempDir('pos-extra-');
    const missing = await b.api.saveBackupSettings({
      retention: { daily: 7, weekly: 4, monthly: 12 },
      folder: path.join(extra, 'nope'),
    });
    expect(!missing.ok && missing.error.message).toMatch(/does not exist/);
    await okValue(b.api.saveBackupSettings({ retention: { daily: 7, weekly: 4, monthly: 12 }, folder: extra }));
    const made = await okValue(b.api.backupNow({}));
    expect(made.copiedTo).toBe(path.join(extra, path.basename(made.path)));
    expect(integrity(made.copiedTo!)).toBe('ok');
    expect(listBackups(file, extra).map((r) => r.place)).toEqual(['backups', 'folder']);
    fs.rmSync(extra, { recursive: true, force: true });
  });

  it('still finds backups older apps wrote beside the data file (a damaged file is offered the newest)', async () => {
    const old = `${file}.backup-v1-2026-01-01T00-00-00-000Z`;
    fs.writeFileSync(old, 'x');
    expect(newestBackup(file)?.path).toBe(old);
    const made = await okValue(b.api.backupNow({}));
    expect(listBackups(file).map((r) => [r.path, r.place])).toEqual([
      [made.path, 'backups'],
      [old, 'beside'],
    ]);
  });
});
