import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../core/errors.ts';
import { LATEST_VERSION } from './migrations/index.ts';
import { isCounterPosFile, MalformedSqliteError, NotSqliteError, probeSqliteFile } from './probe.ts';

// Backups beside the data file: `<file>.backup-v<N>-<time>` (schema version N, UTC time with
// `-` for `:` and `.`). One is written before a migration; the app also writes one a day of a file
// that has just passed its quick_check (db/store.ts). A damaged file names the newest one, and
// restoreBackup puts it in place, keeping the damaged file aside as `<file>.damaged-<time>`.
// Every backup is written to `<name>.partial` and renamed when complete, so a half-written copy is
// never taken for a backup.

export interface Backup {
  path: string;
  /** Schema version of the copy. */
  version: number;
  /** When it was written (from its name). */
  at: Date;
}

export const stamp = (d: Date): string => d.toISOString().replace(/[:.]/g, '-');
const unstamp = (s: string): Date | null => {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z$/.exec(s);
  return m ? new Date(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`) : null;
};

export function backupName(file: string, version: number, at: Date): string {
  return `${file}.backup-v${version}-${stamp(at)}`;
}

/** The backups beside a data file, newest first. */
export function listBackups(file: string): Backup[] {
  const dir = path.dirname(path.resolve(file));
  const prefix = `${path.basename(file)}.backup-v`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const found: Backup[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(\d+)-(.+)$/.exec(name.slice(prefix.length));
    const at = m ? unstamp(m[2]!) : null;
    if (!m || !at) continue; // also skips `.partial`, `-wal`, `-shm` and `-journal` companions
    found.push({ path: path.join(path.dirname(file), name), version: Number(m[1]), at });
  }
  return found.sort((a, b) => b.at.getTime() - a.at.getTime());
}

export const newestBackup = (file: string): Backup | null => listBackups(file)[0] ?? null;

/** Flushes a finished file to disk, so a crash right after cannot leave a backup with holes. */
function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function removeQuietly(...files: string[]): void {
  for (const f of files) {
    try {
      fs.rmSync(f, { force: true });
    } catch {
      // best effort: the caller reports the first failure
    }
  }
}

const isFull = (error: unknown) => {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT';
};

/**
 * Writes `target` with `write(partial)` into `<target>.partial`, then renames it. On any failure the
 * partial file (and a journal SQLite left beside it) is removed: no empty or half backup stays.
 */
export function writeAtomically(target: string, write: (partial: string) => void): void {
  const partial = `${target}.partial`;
  const leftovers = [partial, `${partial}-journal`, `${partial}-wal`, `${partial}-shm`];
  removeQuietly(...leftovers);
  try {
    write(partial);
    fsyncFile(partial);
    fs.renameSync(partial, target);
  } catch (error) {
    removeQuietly(...leftovers);
    throw error;
  }
}

/** Why a backup could not be written, for the person at the counter. */
export function backupFailure(error: unknown, target: string, what: string): AppError {
  if (isFull(error)) {
    return new AppError(
      'disk_full',
      `The disk is full: the backup of the data file could not be written, so ${what}. Free some space and start again.`,
      { backup: target },
    );
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new AppError('internal', `The backup of the data file could not be written (${reason}), so ${what}.`, {
    backup: target,
  });
}

export interface RunningBackup {
  /** The backup's path once written; rejects when it failed or was cancelled (nothing is left behind). */
  readonly done: Promise<string>;
  cancel(): void;
}

/**
 * Copies the data file to a new backup while the app runs: SQLite's online backup from a second,
 * read-only connection holding one read transaction (a consistent copy that other writers do not
 * restart), a few hundred pages per step between event-loop turns. Keeps the newest `keep` backups
 * of this schema version; older versions' backups (written before migrations) are left alone.
 */
export function startBackup(file: string, version: number, at: Date, keep = 3): RunningBackup {
  const target = backupName(file, version, at);
  const partial = `${target}.partial`;
  const leftovers = [partial, `${partial}-journal`, `${partial}-wal`, `${partial}-shm`];
  let cancelled = false;
  const done = (async () => {
    removeQuietly(...leftovers);
    const source = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    try {
      source.exec('BEGIN');
      source.prepare('SELECT count(*) FROM sqlite_schema').get(); // the snapshot starts here
      await source.backup(partial, {
        progress: () => {
          if (cancelled) throw new AppError('cancelled', 'The backup was cancelled.');
          return 256;
        },
      });
      source.exec('COMMIT');
      // Flushed and renamed off the main thread: an fsync of a large new file can take seconds on a slow disk.
      const handle = await fs.promises.open(partial, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.promises.rename(partial, target);
    } catch (error) {
      removeQuietly(...leftovers);
      throw error;
    } finally {
      source.close();
    }
    for (const old of listBackups(file)
      .filter((b) => b.version === version)
      .slice(keep))
      await fs.promises.rm(old.path, { force: true }).catch(() => {});
    return target;
  })();
  return { done, cancel: () => void (cancelled = true) };
}

export interface RestoreResult {
  /** The backup that is now the data file (the backup itself stays where it was). */
  restoredFrom: string;
  /** Where the damaged file went (with its -wal and -shm beside it), or null when there was none. */
  damagedKeptAs: string | null;
}

/**
 * Puts a backup in place of a damaged data file. The backup is checked first (ours, not newer than
 * this app, quick_check ok) on a copy; only then is the damaged file renamed to
 * `<file>.damaged-<time>` (never deleted) and the copy renamed to the data file. Call it only while
 * no app has the data file open.
 */
export function restoreBackup(file: string, backup: string, now: Date = new Date()): RestoreResult {
  if (!fs.existsSync(backup)) throw new AppError('not_found', `The backup ${backup} does not exist.`);
  let info;
  try {
    info = probeSqliteFile(backup);
  } catch (error) {
    if (error instanceof NotSqliteError || error instanceof MalformedSqliteError) {
      throw new AppError('damaged', `The backup ${backup} is damaged too; nothing was restored.`, { backup });
    }
    throw error;
  }
  if (!info || !isCounterPosFile(info))
    throw new AppError('not_our_file', `${backup} is not a Counter POS backup; nothing was restored.`, { backup });
  if (info.userVersion > LATEST_VERSION) {
    throw new AppError(
      'database_too_new',
      `The backup ${backup} was written by a newer version of Counter POS; nothing was restored.`,
      { backup },
    );
  }

  const incoming = `${file}.restoring`;
  try {
    writeAtomically(incoming, (partial) => {
      fs.copyFileSync(backup, partial);
      const check = new BetterSqlite3(partial, { fileMustExist: true });
      try {
        let problems: string[];
        try {
          problems = (check.pragma('quick_check') as Array<{ quick_check: string }>).map((r) => r.quick_check);
        } catch (error) {
          if (!/^SQLITE_(CORRUPT|NOTADB)/.test(String((error as { code?: unknown }).code))) throw error;
          problems = [(error as Error).message];
        }
        if (problems.join() !== 'ok')
          throw new AppError('damaged', `The backup ${backup} is damaged too (${problems[0]}); nothing was restored.`, {
            backup,
            problems,
          });
        check.pragma('journal_mode = DELETE'); // one self-contained file, no -wal to carry along
      } finally {
        check.close();
      }
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (isFull(error))
      throw new AppError(
        'disk_full',
        'The disk is full: the backup could not be copied; nothing was restored. Free some space and try again.',
        { backup },
      );
    throw error;
  }

  let damagedKeptAs: string | null = null;
  if (fs.existsSync(file)) {
    damagedKeptAs = `${file}.damaged-${stamp(now)}`;
    fs.renameSync(file, damagedKeptAs);
  }
  for (const side of ['-wal', '-shm']) {
    if (!fs.existsSync(file + side)) continue;
    if (damagedKeptAs) fs.renameSync(file + side, damagedKeptAs + side);
    else fs.rmSync(file + side);
  }
  fs.renameSync(incoming, file);
  return { restoredFrom: backup, damagedKeptAs };
}
