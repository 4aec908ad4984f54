import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { AppError } from '../core/errors.ts';
import { backupFailure, backupName, BACKUPS_FOLDER, newestBackup, writeMigrationBackup } from './backups.ts';
import { log } from './log.ts';
import { LATEST_VERSION, migrations, type Migration } from './migrations/index.ts';
import type { PostgresStore } from './postgres.ts';
import { APPLICATION_ID, isCounterPosFile, MalformedSqliteError, NotSqliteError, probeSqliteFile } from './probe.ts';
import type { DB } from './schema.ts';

export { APPLICATION_ID } from './probe.ts';

/** An open store: a SQLite file on this computer, or the shop server's PostgreSQL database. */
export type Store = SqliteStore | PostgresStore;

export interface SqliteStore {
  readonly kind: 'sqlite';
  readonly sqlite: Database;
  readonly db: Kysely<DB>;
  readonly path: string;
  /** True when this open created the database (no tables before). */
  readonly created: boolean;
  /** Copy written before migrating an existing database, if any. */
  readonly backupPath: string | null;
  /** The quick_check this open made (Help → Diagnostics); null when none ran (a new or in-memory file). */
  readonly quickCheck?: { at: Date; result: string } | null;
  close(): Promise<void>;
}

/** Options of openStore. Add new ones here, each optional with the app's default. */
export interface OpenOptions {
  /** Migrations to apply; tests pass a longer list to exercise upgrades. */
  migrations?: readonly Migration[];
  now?: () => Date;
  /**
   * busy_timeout once the store is open (opening and migrating still wait up to 5 s for a lock).
   * The app's main process passes a few ms (MAIN_BUSY_TIMEOUT_MS): a write waiting for another
   * connection's lock then waits in inWriteTransaction, asynchronously, instead of blocking the thread.
   */
  busyTimeoutMs?: number;
  /** The app's version, recorded beside the pre-migration backup (Settings → Backups lists it). */
  appVersion?: string;
}

/**
 * Opens (creating if needed) the SQLite store and brings it to the latest schema. Before any
 * SQLite connection touches an existing file, it is read as plain bytes (db/probe.ts): a file that
 * is not ours, or that a newer version wrote, is refused with no byte and no side file changed.
 * A read-only file is refused. `PRAGMA quick_check` runs before anything is written: a damaged
 * file is refused (code `damaged`) with its newest backup named, for restoreBackup (db/backupRestore.ts).
 */
export function openStore(file: string, options: OpenOptions = {}): SqliteStore {
  const list = options.migrations ?? migrations;
  const latest = list.at(-1)?.version ?? LATEST_VERSION;
  const now = options.now ?? (() => new Date());
  const inMemory = file === ':memory:' || file === '';
  let existing = false;
  if (!inMemory) {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    existing = refuseWhatIsNotOurs(file, latest);
    refuseReadOnly(file);
  }

  let sqlite: Database;
  try {
    sqlite = new BetterSqlite3(file);
  } catch (error) {
    throw openFailure(error, file);
  }
  try {
    sqlite.pragma('busy_timeout = 5000');
    // Nothing has been written yet: a damaged file is refused as it is.
    let checked: { at: Date; result: string } | null = null;
    if (existing) {
      quickCheck(sqlite, file);
      checked = { at: now(), result: 'ok' };
    }

    // WAL: readers never block the writer; NORMAL is durable in WAL mode except for the
    // last transactions on power loss, which a POS accepts for faster commits. foreign_keys is
    // off by default in SQLite. busy_timeout lets a second window or terminal wait for the lock.
    if (!inMemory) sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');

    const from = sqlite.pragma('user_version', { simple: true }) as number;
    const created = from === 0 && !hasTables(sqlite);
    let backupPath: string | null = null;
    const pending = list.filter((m) => m.version > from);
    if (pending.length > 0 && !created && !inMemory) {
      backupPath = backupBeforeMigrate(sqlite, file, from, now(), options.appVersion ?? null);
    }
    try {
      for (const migration of pending) applyMigration(sqlite, migration);
      if (pending.length > 0 && !created)
        log.info({ file, from, to: latest, backup: backupPath }, 'migrated the data file');
    } catch (error) {
      // A refused migration changed nothing; its backup would only pile up, one per try.
      if (backupPath) for (const f of [backupPath, `${backupPath}.json`]) fs.rmSync(f, { force: true });
      throw error;
    }
    // Files written before the application id existed get it now (an up-to-date one had no migration to carry it).
    if (sqlite.pragma('application_id', { simple: true }) !== APPLICATION_ID)
      sqlite.pragma(`application_id = ${APPLICATION_ID}`);
    if (options.busyTimeoutMs !== undefined)
      sqlite.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs))}`);

    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    return {
      kind: 'sqlite',
      sqlite,
      db,
      path: file,
      created,
      backupPath,
      quickCheck: checked,
      close: async () => {
        await db.destroy(); // closes the better-sqlite3 handle, once kysely has opened its driver
        if (sqlite.open) sqlite.close(); // (it has not when no query ran)
      },
    };
  } catch (error) {
    sqlite.close();
    throw openFailure(error, file);
  }
}

/**
 * Reads the file as bytes and refuses it unless it is ours (or empty) and not newer than this app.
 * Returns whether there is an existing database to check and open.
 */
function refuseWhatIsNotOurs(file: string, latest: number): boolean {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return false; // a new file
  }
  if (!stat.isFile())
    throw new AppError('not_our_file', `${file} is not a file; choose a Counter POS data file.`, { file });
  let info;
  try {
    info = probeSqliteFile(file);
  } catch (error) {
    if (error instanceof NotSqliteError) {
      // Our own file with a smashed header has backups (in backups/ or beside it); anything else is another program's.
      if (newestBackup(file)) throw damaged(file, ['the file does not start with a SQLite header']);
      throw new AppError(
        'not_our_file',
        `${file} is not a Counter POS data file (it is not a SQLite database). It was not changed. Choose another file, or move this one away to start a new store.`,
        { file },
      );
    }
    if (error instanceof MalformedSqliteError) throw damaged(file, [error.message]);
    throw error;
  }
  if (info === null) return false; // zero bytes: start it as a new store
  const empty =
    info.userVersion === 0 &&
    info.schemaEntries === 0 && // a file holding only views (or triggers) is someone else's too
    info.tables.length === 0 &&
    (info.applicationId === 0 || info.applicationId === APPLICATION_ID);
  if (empty) return false;
  if (!isCounterPosFile(info)) {
    const owner =
      info.applicationId !== 0
        ? `another program's SQLite database (application id 0x${info.applicationId.toString(16).padStart(8, '0')})`
        : 'a SQLite database of another program';
    throw new AppError(
      'not_our_file',
      `${file} is not a Counter POS data file: it is ${owner}. It was not changed. Choose another file, or move this one away to start a new store.`,
      { file, applicationId: info.applicationId, tables: info.tables.slice(0, 20) },
    );
  }
  if (info.userVersion > latest) {
    throw new AppError(
      'database_too_new',
      `This data file (${file}) was written by a newer version of Counter POS (schema ${info.userVersion}; this app knows up to ${latest}). ` +
        'Install the newer version to open it. The file was not changed.',
      { file, version: info.userVersion, latest },
    );
  }
  return true;
}

/** The app writes on every save: a file (or folder, for the -wal and backups) it cannot write is refused up front. */
function refuseReadOnly(file: string): void {
  const dir = path.dirname(path.resolve(file));
  for (const target of fs.existsSync(file) ? [file, dir] : [dir]) {
    try {
      fs.accessSync(target, fs.constants.W_OK);
    } catch {
      throw readOnly(file, target === dir ? `its folder ${dir} is` : 'it is');
    }
  }
}

function readOnly(file: string, what: string): AppError {
  return new AppError(
    'read_only',
    `The data file ${file} cannot be written: ${what} read-only. Counter POS writes on every save, so it did not open it. ` +
      'Check its permissions (or the disk, if it is mounted read-only), or copy it to a folder you can write to.',
    { file },
  );
}

function quickCheck(sqlite: Database, file: string): void {
  let problems: string[];
  try {
    problems = (sqlite.pragma('quick_check') as Array<{ quick_check: string }>).map((r) => r.quick_check);
  } catch (error) {
    if (isCorrupt(error)) throw damaged(file, [(error as Error).message]);
    throw error;
  }
  if (problems.length !== 1 || problems[0] !== 'ok') {
    log.error({ file, problems: problems.slice(0, 20) }, 'quick_check found the data file damaged');
    throw damaged(file, problems);
  }
}

const codeOf = (error: unknown) => String((error as { code?: unknown } | null)?.code ?? '');
const isCorrupt = (error: unknown) => /^SQLITE_(CORRUPT|NOTADB)/.test(codeOf(error));

/** A damaged file's refusal: what SQLite found, and its newest backup (restoreBackup puts it in place). */
export function damaged(file: string, problems: string[]): AppError {
  const backup = newestBackup(file);
  const found = problems[0] ?? 'an unreadable page';
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  const offer = backup
    ? `The newest backup is ${path.relative(path.dirname(path.resolve(file)), path.resolve(backup.path))}, written ${backup.at.toISOString().slice(0, 16).replace('T', ' ')} UTC. ` +
      `Restore it to carry on: work saved after that backup is not in it. The damaged file is kept as ${path.basename(file)}.damaged-<time>.`
    : `There is no backup of it (backups are kept in the ${BACKUPS_FOLDER} folder beside it, named ${path.basename(file)}.backup-…). Keep the file for recovery, and move it away to start a new store.`;
  return new AppError(
    'damaged',
    `The data file ${file} is damaged: SQLite's check found ${found}${more}. Counter POS stopped before changing anything. ${offer}`,
    { file, backup: backup?.path ?? null, problems: problems.slice(0, 20) },
  );
}

/** SQLite's errors while opening, in words the person at the counter can act on. */
function openFailure(error: unknown, file: string): unknown {
  if (error instanceof AppError) return error;
  const code = codeOf(error);
  if (isCorrupt(error)) return damaged(file, [(error as Error).message]);
  if (code === 'SQLITE_FULL')
    return new AppError(
      'disk_full',
      `The disk is full: the data file ${file} could not be opened or upgraded, and was not changed. Free some space and start again.`,
      { file },
    );
  if (code.startsWith('SQLITE_READONLY')) return readOnly(file, 'it is');
  return error;
}

function hasTables(sqlite: Database): boolean {
  const row = sqlite.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'`).get() as { n: number };
  return row.n > 0;
}

/**
 * VACUUM INTO a `.partial` file in the backups folder, renamed when complete: a failure (a full disk) leaves no
 * backup file behind and refuses the upgrade.
 */
function backupBeforeMigrate(sqlite: Database, file: string, from: number, now: Date, appVersion: string | null) {
  try {
    return writeMigrationBackup(file, (partial) => sqlite.prepare('VACUUM INTO ?').run(partial), from, now, appVersion);
  } catch (error) {
    throw backupFailure(error, backupName(file, from, now), 'the data file was not upgraded and not changed');
  }
}

function applyMigration(sqlite: Database, migration: Migration): void {
  // One transaction per migration: a failing migration leaves the previous version intact. The
  // version is read again under the write lock: another process may have just applied it.
  // foreign_keys cannot change inside a transaction, so a rebuild switches it off around it.
  const rebuild = migration.rebuildsReferencedTables === true;
  if (rebuild) sqlite.pragma('foreign_keys = OFF');
  try {
    sqlite
      .transaction(() => {
        if ((sqlite.pragma('user_version', { simple: true }) as number) >= migration.version) return;
        migration.up(sqlite);
        if (rebuild) {
          const broken = sqlite.pragma('foreign_key_check') as unknown[];
          if (broken.length > 0)
            throw new Error(
              `Migration ${migration.version} (${migration.name}) left ${broken.length} rows referring to missing rows; nothing was changed.`,
            );
        }
        sqlite.pragma(`user_version = ${migration.version}`);
        sqlite.pragma(`application_id = ${APPLICATION_ID}`);
      })
      .immediate();
  } finally {
    if (rebuild) sqlite.pragma('foreign_keys = ON');
  }
}

/**
 * Kysely prepares every statement it runs; preparing costs more than running a small indexed query.
 * This keeps the most recently used prepared statements by their SQL text (kysely only runs them
 * with all() or run(), one at a time on the one connection, so reuse is safe).
 */
function withStatementCache(sqlite: Database, size = 300) {
  const cache = new Map<string, ReturnType<Database['prepare']>>();
  return {
    close: () => sqlite.close(),
    prepare: (sql: string) => {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql); // most recent last
      } else {
        statement = sqlite.prepare(sql);
        if (cache.size >= size) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}
