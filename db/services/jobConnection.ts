import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { AppError } from '../../core/errors.ts';
import { LATEST_VERSION } from '../migrations/index.ts';
import { isPostgresUrl, openPostgresJob } from '../postgres.ts';
import type { DB } from '../schema.ts';
import { WRITE_LOCK_WAIT_MS } from './context.ts';

export interface JobConnection {
  readonly sqlite: Database;
  readonly db: Kysely<DB>;
  close(): Promise<void>;
}

/**
 * A long job's own connection to the store the main process already opened (and migrated, and
 * checked): in a worker thread, so its work never holds up the main process. Same pragmas as
 * db/open.ts (the file is in WAL already; synchronous and foreign_keys are per connection), no
 * migrations: a file that is not at this app's schema version is refused. Its busy timeout is long:
 * the worker may block waiting for the write lock, the main thread may not.
 */
export function openJobConnection(file: string): JobConnection {
  const sqlite = new BetterSqlite3(file, { fileMustExist: true });
  try {
    sqlite.pragma(`busy_timeout = ${WRITE_LOCK_WAIT_MS}`);
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    const mode = sqlite.pragma('journal_mode', { simple: true });
    const version = sqlite.pragma('user_version', { simple: true });
    if (mode !== 'wal' || version !== LATEST_VERSION) {
      throw new AppError(
        'conflict',
        `The data file changed under the app (journal ${String(mode)}, schema ${String(version)}; expected wal, ${LATEST_VERSION}). Restart Counter POS.`,
      );
    }
  } catch (error) {
    sqlite.close();
    throw error;
  }
  // Kysely prepares every statement it runs; the job runs a few hundred distinct ones many times over.
  // This connection lives for one job, so its cache needs no bound.
  const prepared = new Map<string, ReturnType<Database['prepare']>>();
  const database = {
    close: () => sqlite.close(),
    prepare: (sql: string) => {
      let statement = prepared.get(sql);
      if (!statement) prepared.set(sql, (statement = sqlite.prepare(sql)));
      return statement;
    },
  };
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database }) });
  return {
    sqlite,
    db,
    close: async () => {
      await db.destroy();
      if (sqlite.open) sqlite.close();
    },
  };
}

/** A long job's own connection, to a SQLite file (as above) or to the shop server (its own small pool). */
export async function openJobStore(location: string): Promise<{ db: Kysely<DB>; close(): Promise<void> }> {
  return isPostgresUrl(location) ? openPostgresJob(location) : openJobConnection(location);
}
