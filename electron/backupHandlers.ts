// Settings → Backups (Admin): the data file's backups, Back up now, the retention and the extra folder, and Restore.
// Restore checks the backup and stages a copy while the store stays open (a refusal changes nothing), then asks the
// host to restart its store around the swap of files (BackupHost: the desktop app and browser mode); the renderer
// reloads. On the shop server the server's own backups apply; Back up now runs pg_dump when this computer has it.
import path from 'node:path';
import { sql } from 'kysely';
import { AppError } from '../core/errors.ts';
import type { BackupMade, BackupRow, BackupStatus, RestoreReport } from '../core/model.ts';
import { findPgDump, dumpServer } from '../db/backupDump.ts';
import { beforeRestoreName, dropStaged, stageRestore, swapIn } from '../db/backupRestore.ts';
import { backupFailure, backupsDir, listBackups, startBackup, type Backup } from '../db/backups.ts';
import { getBackupSettings, saveBackupSettings } from '../db/backupSettings.ts';
import { isPostgres } from '../db/dialect.ts';
import { LATEST_VERSION } from '../db/migrations/index.ts';
import type { HandlerCtx, Handlers } from './handlers.ts';
import { log } from '../db/log.ts';

/** What a host offers for backups: its store's location and a restart of its store. Absent (scripts, tests): none. */
export interface BackupHost {
  /** The open store: the data file, or the shop server's postgres:// URL with its password (pg_dump needs it). */
  readonly location: string;
  /** Where pg_dump writes when no extra folder is chosen. */
  readonly dumpDir?: string;
  /**
   * Closes the open store, runs `swap` (the data file is replaced) and opens the store again; the host's context
   * then works on the new store. When swap throws, the store is opened again as it was and the error rethrown.
   */
  restart(swap: () => void): Promise<void>;
}

type BackupHandlers = Pick<Handlers, 'backupStatus' | 'backupNow' | 'saveBackupSettings' | 'restoreFromBackup'>;

/** The SQLite file of the open store ('' in memory), or null on the shop server. */
async function sqliteFile(ctx: HandlerCtx): Promise<string | null> {
  if (isPostgres(ctx.db)) return null;
  const { rows } = await sql<{ file: string }>`SELECT file FROM pragma_database_list WHERE name = 'main'`.execute(
    ctx.db,
  );
  return rows[0]?.file ?? '';
}

const row = (b: Backup): BackupRow => ({
  path: b.path,
  fileName: path.basename(b.path),
  at: b.at.toISOString(),
  size: b.size,
  appVersion: b.appVersion,
  schemaVersion: b.version,
  reason: b.reason,
  place: b.place,
});

async function backupStatus(ctx: HandlerCtx): Promise<BackupStatus> {
  const file = await sqliteFile(ctx);
  if (file === '') return { kind: 'memory' };
  const { retention, folder } = await getBackupSettings(ctx);
  if (file === null) return { kind: 'postgres', server: ctx.host.dataFile, folder, retention, pgDump: findPgDump() };
  return {
    kind: 'sqlite',
    dataFile: file,
    backupsDir: backupsDir(file),
    folder,
    retention,
    backups: listBackups(file, folder).map(row),
    schemaVersion: LATEST_VERSION,
    canRestore: ctx.backups !== undefined,
  };
}

const IN_MEMORY = 'This store is kept in memory, not in a file: there is nothing to back up or restore.';

async function backupNow(ctx: HandlerCtx): Promise<BackupMade> {
  const file = await sqliteFile(ctx);
  if (file === '') throw new AppError('conflict', IN_MEMORY);
  const { retention, folder } = await getBackupSettings(ctx);
  if (file === null) {
    const dir = folder || ctx.backups?.dumpDir;
    if (!ctx.backups || !dir)
      throw new AppError(
        'conflict',
        "This shop's data lives on the PostgreSQL server: back it up there (pg_dump, or your host's backups).",
      );
    const dump = await dumpServer(ctx.backups.location, dir, ctx.now());
    return { path: dump.path, size: dump.size, copiedTo: null, warning: null };
  }
  const { rows } = await sql<{ user_version: number }>`PRAGMA user_version`.execute(ctx.db);
  let warning: string | null = null;
  const running = startBackup(file, rows[0]?.user_version ?? LATEST_VERSION, ctx.now(), {
    reason: 'manual',
    appVersion: ctx.host.version,
    retention,
    folder,
    onCopyFailed: (error) =>
      (warning = `The backup was not copied to ${folder}: ${(error as Error).message}. Is the drive plugged in?`),
  });
  let written: string;
  try {
    written = await running.done;
  } catch (error) {
    throw backupFailure(error, backupsDir(file), 'no backup was made; the data file was not changed');
  }
  const copiedTo = await running.copied;
  const size = listBackups(file).find((b) => b.path === written)?.size ?? 0;
  return { path: written, size, copiedTo, warning };
}

async function restoreFromBackup(ctx: HandlerCtx, from: string): Promise<RestoreReport> {
  const file = await sqliteFile(ctx);
  if (file === '') throw new AppError('conflict', IN_MEMORY);
  if (file === null)
    throw new AppError(
      'conflict',
      "This shop's data lives on the PostgreSQL server: restore it there (pg_restore, or your host's backups).",
    );
  if (!ctx.backups)
    throw new AppError(
      'conflict',
      'This host cannot reopen its store: close the app and run npm run restore -- --db <data file> --from <backup>.',
    );
  const backup = path.resolve(from.trim());
  if (path.resolve(backup) === path.resolve(file))
    throw new AppError('invalid_input', 'That is the data file itself, not a backup; nothing was restored.');
  const staged = stageRestore(file, backup, 'integrity_check'); // refusals here change nothing
  let keptAs: string | null = null;
  try {
    await ctx.backups.restart(() => (keptAs = swapIn(file, staged, beforeRestoreName(file, ctx.now()))));
  } finally {
    dropStaged(staged); // gone already when the swap happened
  }
  return { restoredFrom: backup, keptAs };
}

export const backupHandlers: BackupHandlers = {
  backupStatus: (ctx) => backupStatus(ctx),
  backupNow: async (ctx) => {
    const made = await backupNow(ctx);
    log.info({ ...made, by: ctx.session?.staff?.name ?? ctx.actor }, 'backup made (Back up now)');
    return made;
  },
  saveBackupSettings: async (ctx, input) => {
    await saveBackupSettings(ctx, input);
    return backupStatus(ctx);
  },
  restoreFromBackup: async (ctx, { path: from }) => {
    const report = await restoreFromBackup(ctx, from);
    log.warn({ ...report, by: ctx.session?.staff?.name ?? ctx.actor }, 'backup restored');
    return report;
  },
};

/** What a host gives storeBackupHost: its open store, how it opens the store again, and how it adopts the new one. */
export interface HostStore {
  current(): { close(): Promise<void> } | null;
  open(): Promise<void>;
}

/**
 * The desktop app's and browser mode's BackupHost: Restore closes the open store, swaps the files, and `open`s the
 * store again (the host points its context at the new one). When the swap fails, the old file is opened again.
 */
export function storeBackupHost(location: string, store: HostStore, dumpDir?: string): BackupHost {
  return {
    location,
    ...(dumpDir ? { dumpDir } : {}),
    restart: async (swap) => {
      await store.current()?.close();
      let failure: unknown = null;
      try {
        swap();
      } catch (error) {
        failure = error;
      }
      await store.open();
      if (failure) throw failure;
    },
  };
}
