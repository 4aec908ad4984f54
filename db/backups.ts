import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../core/errors.ts';
import { DEFAULT_RETENTION, pruneBackups, type Retention } from './backupRetention.ts';

// Backups of the SQLite data file, in the `backups` folder beside it: `backups/<file>.backup-v<N>-<time>` (schema
// version N, UTC time with `-` for `:` and `.`), each with a sidecar `<backup>.json` saying which app version wrote it
// and why (daily, manual, migration). One is written before a migration (db/open.ts), one a day while the app runs
// (db/store.ts), and one on Settings → Backups' Back up now; each is also copied to the extra folder chosen there.
// Older apps wrote them beside the data file itself: those are still found (a damaged file's restore offers them) and
// never pruned. Every backup is written to `<name>.partial` and renamed when complete, so a half-written copy is
// never taken for a backup. Restoring one: db/backupRestore.ts.

export const BACKUPS_FOLDER = 'backups';
export type BackupReason = 'daily' | 'manual' | 'migration';
/** Where a backup lies: the backups folder, beside the data file (older apps), or the extra folder. */
export type BackupPlace = 'backups' | 'beside' | 'folder';

export interface Backup {
  path: string;
  /** Schema version of the copy. */
  version: number;
  /** When it was written (from its name). */
  at: Date;
  size: number;
  /** The app version that wrote it (its sidecar), null when unknown (older backups have no sidecar). */
  appVersion: string | null;
  reason: BackupReason | null;
  place: BackupPlace;
}

/** What the sidecar `<backup>.json` holds. */
export interface BackupMeta {
  appVersion: string | null;
  reason: BackupReason;
  schemaVersion: number;
}

export const stamp = (d: Date): string => d.toISOString().replace(/[:.]/g, '-');
const unstamp = (s: string): Date | null => {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z$/.exec(s);
  return m ? new Date(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`) : null;
};

/** The backups folder of a data file: `<dir>/backups`. */
export const backupsDir = (file: string): string => path.join(path.dirname(path.resolve(file)), BACKUPS_FOLDER);

/** A backup's path: in the backups folder unless another folder is given. */
export function backupName(file: string, version: number, at: Date, dir: string = backupsDir(file)): string {
  return path.join(dir, `${path.basename(file)}.backup-v${version}-${stamp(at)}`);
}

function readMeta(backup: string): Partial<BackupMeta> {
  try {
    return JSON.parse(fs.readFileSync(`${backup}.json`, 'utf8')) as Partial<BackupMeta>;
  } catch {
    return {};
  }
}

function writeMeta(backup: string, meta: BackupMeta): void {
  fs.writeFileSync(`${backup}.json`, `${JSON.stringify(meta)}\n`);
}

const REASONS: readonly string[] = ['daily', 'manual', 'migration'];

function backupsIn(dir: string, base: string, place: BackupPlace): Backup[] {
  const prefix = `${base}.backup-v`;
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
    if (!m || !at) continue; // also skips `.json`, `.partial`, `-wal`, `-shm` and `-journal` companions
    const full = path.join(dir, name);
    let size: number;
    try {
      size = fs.statSync(full).size;
    } catch {
      continue; // pruned while listing
    }
    const meta = readMeta(full);
    found.push({
      path: full,
      version: Number(m[1]),
      at,
      size,
      appVersion: typeof meta.appVersion === 'string' ? meta.appVersion : null,
      reason: typeof meta.reason === 'string' && REASONS.includes(meta.reason) ? meta.reason : null,
      place,
    });
  }
  return found;
}

/**
 * The backups of a data file, newest first: its backups folder, beside it (older apps), and the extra folder when
 * given. The paths keep the data file's form (relative stays relative).
 */
export function listBackups(file: string, folder?: string | null): Backup[] {
  const base = path.basename(file);
  const found = [
    ...backupsIn(path.join(path.dirname(file), BACKUPS_FOLDER), base, 'backups'),
    ...backupsIn(path.dirname(file), base, 'beside'),
    ...(folder ? backupsIn(folder, base, 'folder') : []),
  ];
  return found.sort((a, b) => b.at.getTime() - a.at.getTime());
}

/** The newest backup of this computer (the backups folder or beside the file): what a damaged file is restored from. */
export const newestBackup = (file: string): Backup | null => listBackups(file)[0] ?? null;

/** The newest backup, for Help → Diagnostics: null when there is none. */
export function lastBackup(file: string): { path: string; at: Date; size: number } | null {
  const newest = newestBackup(file);
  return newest ? { path: newest.path, at: newest.at, size: newest.size } : null;
}

/** Flushes a finished file to disk, so a crash right after cannot leave a backup with holes. */
function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export function removeQuietly(...files: string[]): void {
  for (const f of files) {
    try {
      fs.rmSync(f, { force: true });
    } catch {
      // best effort: the caller reports the first failure
    }
  }
}

export const isFull = (error: unknown) => {
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

/** Writes the pre-migration backup with `VACUUM INTO` on the connection about to migrate, and its sidecar. */
export function writeMigrationBackup(
  file: string,
  vacuumInto: (partial: string) => void,
  version: number,
  at: Date,
  appVersion: string | null,
): string {
  const target = backupName(file, version, at);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  writeAtomically(target, vacuumInto);
  writeMeta(target, { appVersion, reason: 'migration', schemaVersion: version });
  return target;
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
  /** The copy in the extra folder once written, null without one; never rejects (a missing drive is warned about). */
  readonly copied: Promise<string | null>;
  cancel(): void;
}

export interface BackupOptions {
  appVersion?: string | null;
  reason?: BackupReason;
  retention?: Retention;
  /** The extra folder (a USB drive, a synced folder) the backup is copied to, '' or absent for none. */
  folder?: string | null;
  /** Told when the copy to the extra folder failed (the backup itself was written). */
  onCopyFailed?: (error: unknown) => void;
  /** Write it here instead of the backups folder, and prune nothing (`npm run backup -- --out DIR`). */
  dir?: string;
}

/**
 * Copies the data file to a new backup while the app runs: SQLite's online backup from a second,
 * read-only connection holding one read transaction (a consistent copy that other writers do not
 * restart), a few hundred pages per step between event-loop turns. Then copies the finished backup (a closed file,
 * never the live database) to the extra folder, and prunes both folders by the retention. Backups beside the data file
 * (older apps) are left alone.
 */
export function startBackup(file: string, version: number, at: Date, options: BackupOptions = {}): RunningBackup {
  const dir = options.dir ?? backupsDir(file);
  let target = backupName(file, version, at, dir);
  // Two backups in the same millisecond (a frozen clock in tests) get distinct names.
  for (let t = at.getTime() + 1; fs.existsSync(target); t++) target = backupName(file, version, new Date(t), dir);
  const partial = `${target}.partial`;
  const leftovers = [partial, `${partial}-journal`, `${partial}-wal`, `${partial}-shm`];
  const retention = options.retention ?? DEFAULT_RETENTION;
  const meta: BackupMeta = {
    appVersion: options.appVersion ?? null,
    reason: options.reason ?? 'daily',
    schemaVersion: version,
  };
  let cancelled = false;
  const done = (async () => {
    await fs.promises.mkdir(dir, { recursive: true });
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
      writeMeta(target, meta);
    } catch (error) {
      removeQuietly(...leftovers);
      throw error;
    } finally {
      source.close();
    }
    if (!options.dir)
      await prune(
        listBackups(file).filter((b) => b.place === 'backups'),
        at,
        retention,
      );
    return target;
  })();
  const copied = done.then(
    async (written) => {
      if (!options.folder) return null;
      try {
        const copy = await copyToFolder(written, options.folder, meta);
        await prune(
          listBackups(file, options.folder).filter((b) => b.place === 'folder'),
          at,
          retention,
        );
        return copy;
      } catch (error) {
        options.onCopyFailed?.(error);
        return null;
      }
    },
    () => null,
  );
  return { done, copied, cancel: () => void (cancelled = true) };
}

/** Copies a finished backup (a closed file) into the extra folder, through a `.partial` renamed when complete. */
async function copyToFolder(backup: string, folder: string, meta: BackupMeta): Promise<string> {
  const target = path.join(folder, path.basename(backup));
  const partial = `${target}.partial`;
  try {
    await fs.promises.copyFile(backup, partial);
    const handle = await fs.promises.open(partial, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(partial, target);
    writeMeta(target, meta);
    return target;
  } catch (error) {
    removeQuietly(partial);
    throw error;
  }
}

async function prune(backups: Backup[], now: Date, retention: Retention): Promise<void> {
  for (const old of pruneBackups(backups, now, retention).remove) {
    await fs.promises.rm(old.path, { force: true }).catch(() => {});
    await fs.promises.rm(`${old.path}.json`, { force: true }).catch(() => {});
  }
}
