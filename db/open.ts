import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { AppError } from '../core/errors.ts';
import { LATEST_VERSION, migrations, type Migration } from './migrations/index.ts';
import type { DB } from './schema.ts';

export interface Store {
  readonly sqlite: Database;
  readonly db: Kysely<DB>;
  readonly path: string;
  /** True when this open created the database (no tables before). */
  readonly created: boolean;
  /** Copy written before migrating an existing database, if any. */
  readonly backupPath: string | null;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Migrations to apply; tests pass a longer list to exercise upgrades. */
  migrations?: readonly Migration[];
  now?: () => Date;
}

/**
 * Opens (creating if needed) the SQLite store and brings it to the latest schema.
 * A database written by a newer app is refused before anything is written to it.
 */
export function openStore(file: string, options: OpenOptions = {}): Store {
  const list = options.migrations ?? migrations;
  const latest = list.at(-1)?.version ?? LATEST_VERSION;
  const inMemory = file === ':memory:';
  if (!inMemory) {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    refuseNewerDatabase(file, latest);
  }

  const sqlite = new BetterSqlite3(file);
  try {
    // WAL: readers never block the writer; NORMAL is durable in WAL mode except for the
    // last transactions on power loss, which a POS accepts for faster commits. foreign_keys is
    // off by default in SQLite. busy_timeout lets a second window or terminal wait for the lock.
    if (!inMemory) sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');

    const from = sqlite.pragma('user_version', { simple: true }) as number;
    const created = from === 0 && !hasTables(sqlite);
    let backupPath: string | null = null;
    const pending = list.filter((m) => m.version > from);
    if (pending.length > 0 && !created && !inMemory) {
      backupPath = backupBeforeMigrate(sqlite, file, from, options.now?.() ?? new Date());
    }
    for (const migration of pending) applyMigration(sqlite, migration);

    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    return {
      sqlite,
      db,
      path: file,
      created,
      backupPath,
      close: async () => {
        await db.destroy(); // closes the better-sqlite3 handle too
      },
    };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

function refuseNewerDatabase(file: string, latest: number): void {
  if (!fs.existsSync(file)) return;
  const probe = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    const version = probe.pragma('user_version', { simple: true }) as number;
    if (version > latest) {
      throw new AppError(
        'database_too_new',
        `This data file (${file}) was written by a newer version of Counter POS (schema ${version}; this app knows up to ${latest}). ` +
          'Install the newer version to open it. The file was not changed.',
        { file, version, latest },
      );
    }
  } finally {
    probe.close();
  }
}

function hasTables(sqlite: Database): boolean {
  const row = sqlite.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'`).get() as { n: number };
  return row.n > 0;
}

function backupBeforeMigrate(sqlite: Database, file: string, from: number, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const target = `${file}.backup-v${from}-${stamp}`;
  sqlite.prepare('VACUUM INTO ?').run(target);
  return target;
}

function applyMigration(sqlite: Database, migration: Migration): void {
  // One transaction per migration: a failing migration leaves the previous version intact.
  sqlite.transaction(() => {
    migration.up(sqlite);
    sqlite.pragma(`user_version = ${migration.version}`);
  }).immediate();
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
