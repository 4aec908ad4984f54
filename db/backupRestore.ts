// Putting a backup in place of the data file. The backup is checked first, on a copy next to the data file (ours by
// its application_id, not newer than this app, and SQLite's integrity_check or quick_check ok); only then is the
// current file renamed aside (never deleted) and the copy renamed to the data file. A refused backup changes nothing:
// the data file stays byte-identical. Two uses: a damaged data file at start (kept as `<file>.damaged-<time>`), and
// Settings → Backups' Restore or `npm run restore` (the current file kept as `<file>.before-restore-<time>`).
import fs from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../core/errors.ts';
import { isFull, removeQuietly, stamp, writeAtomically } from './backups.ts';
import { LATEST_VERSION } from './migrations/index.ts';
import { isCounterPosFile, MalformedSqliteError, NotSqliteError, probeSqliteFile } from './probe.ts';

export interface RestoreResult {
  /** The backup that is now the data file (the backup itself stays where it was). */
  restoredFrom: string;
  /** Where the damaged file went (with its -wal and -shm beside it), or null when there was none. */
  damagedKeptAs: string | null;
}

/** Which check a backup must pass: quick_check when a damaged file waits, the full integrity_check otherwise. */
type Check = 'quick_check' | 'integrity_check';

/**
 * Checks a backup and copies it to `<file>.restoring` (journal mode DELETE: one self-contained file). Throws an
 * AppError naming why it is refused ('not_found', 'damaged', 'not_our_file', 'database_too_new', 'disk_full'); the
 * data file is never touched. Returns the staged copy's path.
 */
export function stageRestore(file: string, backup: string, check: Check = 'integrity_check'): string {
  if (!fs.existsSync(backup) || !fs.statSync(backup).isFile())
    throw new AppError('not_found', `The backup ${backup} does not exist.`, { backup });
  let info;
  try {
    info = probeSqliteFile(backup);
  } catch (error) {
    if (error instanceof NotSqliteError)
      throw new AppError(
        'damaged',
        `The backup ${backup} is damaged: it is not a SQLite database; nothing was restored.`,
        {
          backup,
        },
      );
    if (error instanceof MalformedSqliteError)
      throw new AppError('damaged', `The backup ${backup} is damaged (${error.message}); nothing was restored.`, {
        backup,
      });
    throw error;
  }
  if (!info || !isCounterPosFile(info))
    throw new AppError(
      'not_our_file',
      `${backup} is not a Counter POS backup (it is another program's file); nothing was restored.`,
      { backup, applicationId: info?.applicationId ?? 0 },
    );
  if (info.userVersion > LATEST_VERSION) {
    throw new AppError(
      'database_too_new',
      `The backup ${backup} was written by a newer version of Counter POS (schema ${info.userVersion}; this app knows ` +
        `up to ${LATEST_VERSION}); nothing was restored. Install the newer version to restore it.`,
      { backup, version: info.userVersion, latest: LATEST_VERSION },
    );
  }

  const incoming = `${file}.restoring`;
  try {
    writeAtomically(incoming, (partial) => {
      fs.copyFileSync(backup, partial);
      const db = new BetterSqlite3(partial, { fileMustExist: true });
      try {
        let problems: string[];
        try {
          problems = (db.pragma(check) as Array<Record<Check, string>>).map((r) => r[check]);
        } catch (error) {
          if (!/^SQLITE_(CORRUPT|NOTADB)/.test(String((error as { code?: unknown }).code))) throw error;
          problems = [(error as Error).message];
        }
        if (problems.join() !== 'ok')
          throw new AppError('damaged', `The backup ${backup} is damaged (${problems[0]}); nothing was restored.`, {
            backup,
            problems: problems.slice(0, 20),
          });
        db.pragma('journal_mode = DELETE'); // one self-contained file, no -wal to carry along
      } finally {
        db.close();
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
  return incoming;
}

/**
 * Renames the data file (and its -wal and -shm) to `keptAs`, then the staged copy to the data file. Call it only while
 * nothing has the data file open. Returns where the old file went, or null when there was none.
 */
export function swapIn(file: string, staged: string, keptAs: string): string | null {
  let kept: string | null = null;
  if (fs.existsSync(file)) {
    fs.renameSync(file, keptAs);
    kept = keptAs;
  }
  for (const side of ['-wal', '-shm']) {
    if (!fs.existsSync(file + side)) continue;
    if (kept) fs.renameSync(file + side, kept + side);
    else fs.rmSync(file + side);
  }
  try {
    fs.renameSync(staged, file);
  } catch (error) {
    // Never leave no data file (the next start would make a new, empty shop): the kept file goes back.
    if (kept)
      for (const side of ['', '-wal', '-shm']) if (fs.existsSync(kept + side)) fs.renameSync(kept + side, file + side);
    throw error;
  }
  return kept;
}

/** Drops a staged copy that will not be used. */
export const dropStaged = (staged: string) => removeQuietly(staged, `${staged}-journal`);

/** Where Restore keeps the current file: `<file>.before-restore-<time>`. */
export const beforeRestoreName = (file: string, now: Date) => `${file}.before-restore-${stamp(now)}`;

/**
 * Puts a backup in place of a damaged data file (quick_check, as at start); the damaged file is kept as
 * `<file>.damaged-<time>`. Call it only while no app has the data file open.
 */
export function restoreBackup(file: string, backup: string, now: Date = new Date()): RestoreResult {
  const staged = stageRestore(file, backup, 'quick_check');
  return { restoredFrom: backup, damagedKeptAs: swapIn(file, staged, `${file}.damaged-${stamp(now)}`) };
}

/**
 * Restores a backup over a data file nothing has open (`npm run restore`; the app goes through its store restart):
 * integrity_check, the current file kept as `<file>.before-restore-<time>`.
 */
export function restoreOver(file: string, backup: string, now: Date = new Date()): { keptAs: string | null } {
  const staged = stageRestore(file, backup, 'integrity_check');
  try {
    return { keptAs: swapIn(file, staged, beforeRestoreName(file, now)) };
  } catch (error) {
    dropStaged(staged);
    throw error;
  }
}
