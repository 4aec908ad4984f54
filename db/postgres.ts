import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { AppError } from '../core/errors.ts';
import { stamp } from './backups.ts';
import { classifyDbError } from './dialect.ts';
import { WRITE_LOCK_WAIT_MS } from './services/context.ts';
import { postgresMigrations, type PostgresMigration } from './migrations/postgres/index.ts';
import type { DB } from './schema.ts';

/** The oldest PostgreSQL the shop server may run (README: "PostgreSQL 14 or newer"). */
export const MIN_SERVER_VERSION = 14;

/** The table that marks a database as a Counter POS store and holds its schema version (SQLite's user_version). */
const MARK_TABLE = 'counter_pos_schema';
/** pg_advisory_lock key of the migrator: two counters starting at once migrate one after the other. */
const MIGRATE_LOCK = 0x504f5331; // 'POS1'

export const isPostgresUrl = (location: string): boolean => /^postgres(ql)?:\/\//i.test(location.trim());

/** The URL without its password: what logs, the title bar and messages show. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    if (u.searchParams.has('password')) u.searchParams.set('password', '***');
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

/** The server a URL names, for messages: "pos@shop-server:5432/shop". */
export function describeServer(url: string): string {
  try {
    const u = new URL(url);
    return `${u.username ? `${decodeURIComponent(u.username)}@` : ''}${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return redactUrl(url);
  }
}

export interface PostgresStore {
  readonly kind: 'postgres';
  readonly db: Kysely<DB>;
  /** The URL without its password. */
  readonly path: string;
  readonly created: boolean;
  /** The pg_dump written before migrating, if any. */
  readonly backupPath: string | null;
  readonly pool: pg.Pool;
  close(): Promise<void>;
}

export interface PostgresOpenOptions {
  migrations?: readonly PostgresMigration[];
  now?: () => Date;
  /** Where a pre-migration pg_dump goes (default: the system's temp folder). */
  backupDir?: string;
  /** The user has taken a backup themselves: migrate even without pg_dump. */
  backupTaken?: boolean;
  /** Connections in this process's pool (default 10). */
  poolSize?: number;
}

const urls = new WeakMap<object, string>();
/** The URL a kysely instance opened by openPostgresStore talks to (a worker opens its own pool with it). */
export const postgresUrlOf = (db: Kysely<DB>): string | undefined => urls.get(db);

/** The schema version this app's migrations end at. */
const LATEST_VERSION = postgresMigrations.at(-1)?.version ?? 0;

/** kysely over a pool of `url` (statements prepared once per connection), remembered as talking to `url`. */
function kyselyOver(pool: pg.Pool, url: string): Kysely<DB> {
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  urls.set(db, url);
  return db;
}

/**
 * Integers come back as JS numbers: bigint columns (int8) and sums of them (numeric) are counts,
 * ids, thousandths and minor units, far below 2^53. Everything else as pg parses it.
 */
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === 20 || oid === 1700 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as never)) as never,
};

/** A transaction left open this long with nothing sent (its counter died mid-command) is ended by the server. */
const IDLE_IN_TRANSACTION_MS = 15_000;

function poolConfig(url: string, max: number): pg.PoolConfig {
  // A command waits for the writers' lock (db/services/context.ts) or a row at most a minute, as SQLite's writes do.
  return {
    connectionString: url,
    max,
    types,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    // A counter that loses power or its network mid-command is noticed in seconds, not after TCP's two hours: its
    // transaction (and the rows and writers' lock it holds) is ended by the server, and the others go on.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    options: `-c lock_timeout=${WRITE_LOCK_WAIT_MS} -c idle_in_transaction_session_timeout=${IDLE_IN_TRANSACTION_MS}`,
  };
}

/**
 * Opens the shop server's store: refuses a database that is not ours or is newer than this app,
 * migrates it (one transaction per step, under an advisory lock, after a pg_dump when the server
 * already holds a store), and returns a kysely instance over a pool whose statements are prepared
 * once per connection.
 */
export async function openPostgresStore(url: string, options: PostgresOpenOptions = {}): Promise<PostgresStore> {
  const list = options.migrations ?? postgresMigrations;
  const latest = list.at(-1)?.version ?? 0;
  const now = options.now ?? (() => new Date());
  const client = await connectClient(url);
  let created: boolean;
  let backupPath: string | null = null;
  try {
    await refuseOldServer(client, url);
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATE_LOCK]);
    const from = await schemaVersion(client, url);
    if (from > latest) {
      throw new AppError(
        'database_too_new',
        `The shop server's store (${describeServer(url)}) was written by a newer version of Counter POS (schema ${from}; this app knows up to ${latest}). ` +
          'Install the newer version on this computer to use it. Nothing was changed.',
        { version: from, latest },
      );
    }
    created = from === 0;
    const pending = list.filter((m) => m.version > from);
    if (pending.length > 0 && !created) backupPath = backupBeforeMigrate(url, from, latest, now(), options);
    if (created)
      await client.query(`CREATE TABLE IF NOT EXISTS ${MARK_TABLE} (
        id integer PRIMARY KEY CHECK (id = 1), version integer NOT NULL, application text NOT NULL)`);
    for (const migration of pending) await applyMigration(client, migration);
  } catch (error) {
    throw connectionFailure(error, url);
  } finally {
    await client.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    await client.end().catch(() => undefined);
  }

  const pool = new pg.Pool(poolConfig(url, options.poolSize ?? 10));
  // A connection the server drops while idle must not crash the process: the next command reports it.
  pool.on('error', (error) => {
    // (a pool being closed may still hear its last connections go: that is not news)
    if (!pool.ending) console.warn('[pos] the shop server connection dropped:', error.message);
  });
  const db = kyselyOver(pool, url);
  return {
    kind: 'postgres',
    db,
    path: redactUrl(url),
    created,
    backupPath,
    pool,
    close: () => db.destroy(), // ends the pool
  };
}

/**
 * A worker's own small pool to a store the main process already opened (and migrated): no migrations, and a store
 * not at this app's schema version is refused.
 */
export async function openPostgresJob(url: string): Promise<{ db: Kysely<DB>; close(): Promise<void> }> {
  const client = await connectClient(url);
  try {
    const version = await schemaVersion(client, url);
    if (version !== LATEST_VERSION)
      throw new AppError(
        'conflict',
        `The shop server's store changed under the app (schema ${version}; expected ${LATEST_VERSION}). Restart Counter POS.`,
      );
  } finally {
    await client.end().catch(() => undefined);
  }
  const pool = new pg.Pool(poolConfig(url, 2));
  pool.on('error', () => undefined);
  const db = kyselyOver(pool, url);
  return { db, close: () => db.destroy() };
}

/**
 * The pool kysely sees: each statement goes out as a named prepared statement, parsed and planned
 * once per connection and then only bound and run (what the SQLite side's statement cache does).
 */
function preparingPool(pool: pg.Pool) {
  const heard = new WeakSet<pg.PoolClient>();
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    if (!name && names.size < 2000 && text.length < 20_000) names.set(text, (name = `pos${names.size + 1}`));
    return name;
  };
  return {
    options: pool.options,
    end: () => pool.end(),
    connect: async () => {
      const client = await pool.connect();
      // A connection lost while kysely holds the client is reported by the query it fails; unheard, pg's 'error'
      // event on a checked-out client would be an uncaught exception that ends the process (the pool listens only to
      // idle ones).
      if (!heard.has(client)) {
        heard.add(client);
        client.on('error', () => undefined);
      }
      return {
        release: (destroy?: boolean) => client.release(destroy),
        query: ((text: unknown, values?: unknown[]) =>
          typeof text === 'string' &&
          !/^\s*((begin|commit|rollback|set|savepoint|release)\b|select pg_advisory_)/i.test(text)
            ? client.query({ name: nameOf(text), text, values })
            : client.query(text as string, values)) as never,
      };
    },
  };
}

async function connectClient(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, types, connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined); // reported by the query that fails
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw connectionFailure(error, url);
  }
  return client;
}

async function refuseOldServer(client: pg.Client, url: string): Promise<number> {
  const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
  const major = Math.floor(Number(rows[0]?.v ?? 0) / 10_000);
  if (major < MIN_SERVER_VERSION)
    throw new AppError(
      'unreachable',
      `The shop server ${describeServer(url)} runs PostgreSQL ${major}; Counter POS needs ${MIN_SERVER_VERSION} or newer. Upgrade the server. Nothing was changed.`,
      { reason: 'version', version: major },
    );
  return major;
}

/** 0 for an empty database; our schema version; a refusal for a database holding another program's tables. */
async function schemaVersion(client: pg.Client, url: string): Promise<number> {
  const marked = await client
    .query<{ version: number; application: string }>(
      `SELECT version, application FROM ${MARK_TABLE} WHERE to_regclass('${MARK_TABLE}') IS NOT NULL`,
    )
    .catch((error: unknown) => {
      if ((error as { code?: string }).code === '42P01') return { rows: [] }; // no such table
      throw error;
    });
  const row = marked.rows[0];
  if (row) return row.version;
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*) AS n FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '${MARK_TABLE}'`,
  );
  if ((rows[0]?.n ?? 0) > 0)
    throw new AppError(
      'not_our_file',
      `The database ${describeServer(url)} is not a Counter POS store: it holds ${rows[0]!.n} tables of another program. ` +
        'It was not changed. Create an empty database for Counter POS (CREATE DATABASE shop) and connect to that.',
      { tables: rows[0]!.n },
    );
  return 0;
}

async function applyMigration(client: pg.Client, migration: PostgresMigration): Promise<void> {
  await client.query('BEGIN');
  try {
    const { rows } = await client.query<{ version: number }>(`SELECT version FROM ${MARK_TABLE} FOR UPDATE`);
    const current = rows[0]?.version ?? 0;
    if (current < migration.version) {
      await client.query(migration.sql);
      await client.query(
        `INSERT INTO ${MARK_TABLE} (id, version, application) VALUES (1, $1, 'counter-pos')
         ON CONFLICT (id) DO UPDATE SET version = excluded.version`,
        [migration.version],
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * Before an existing store is upgraded: pg_dump of the whole database (custom format, restorable
 * with pg_restore) when pg_dump is on the PATH; otherwise the upgrade is refused until the user
 * says a backup was taken.
 */
function backupBeforeMigrate(
  url: string,
  from: number,
  latest: number,
  now: Date,
  options: PostgresOpenOptions,
): string | null {
  const dir = options.backupDir ?? path.join(process.env.TMPDIR ?? '/tmp', 'counter-pos-backups');
  const database = (() => {
    try {
      return decodeURIComponent(new URL(url).pathname.slice(1)) || 'store';
    } catch {
      return 'store';
    }
  })();
  const safeName = database.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\.+/, '_'); // a file name, never a path
  const target = path.join(dir, `${safeName}.backup-v${from}-${stamp(now)}.dump`);
  fs.mkdirSync(dir, { recursive: true });
  // The password goes in pg_dump's environment, not on its command line (where a process listing would show it).
  const { url: bare, password } = withoutPassword(url);
  const run = spawnSync('pg_dump', ['--format=custom', `--file=${target}.partial`, `--dbname=${bare}`], {
    encoding: 'utf8',
    timeout: 10 * 60_000,
    env: password === null ? process.env : { ...process.env, PGPASSWORD: password },
  });
  if (run.error === undefined && run.status === 0) {
    fs.renameSync(`${target}.partial`, target);
    return target;
  }
  fs.rmSync(`${target}.partial`, { force: true });
  if (options.backupTaken ?? process.env.COUNTER_POS_BACKUP_TAKEN === '1') return null;
  const why =
    run.error !== undefined
      ? 'pg_dump was not found on this computer'
      : `pg_dump failed: ${(run.stderr || '').trim().split('\n')[0]}`;
  throw new AppError(
    'backup_needed',
    `The shop server's store (${describeServer(url)}) needs an upgrade from schema ${from} to ${latest}, and ${why}, so no backup was taken. ` +
      'Nothing was changed. Take a backup of the database first (pg_dump on the server), then start again with --backup-taken ' +
      '(or with the environment variable COUNTER_POS_BACKUP_TAKEN=1 for the desktop app).',
    { version: from, latest },
  );
}

function withoutPassword(url: string): { url: string; password: string | null } {
  try {
    const u = new URL(url);
    const password = u.password ? decodeURIComponent(u.password) : null;
    u.password = '';
    u.searchParams.delete('uselibpqcompat'); // node-postgres's own; libpq (pg_dump) refuses parameters it does not know
    return { url: u.toString(), password };
  } catch {
    return { url, password: null };
  }
}

/** A connection's failure in words the person at the counter (or whoever set up the server) can act on. */
export function connectionFailure(error: unknown, url: string): unknown {
  if (error instanceof AppError) return error;
  const server = describeServer(url);
  switch (classifyDbError(error)) {
    case 'unreachable':
      return new AppError(
        'unreachable',
        `Cannot reach the shop server ${server}: ${(error as Error).message || 'no answer'}. Check that the server is on and this computer is on the shop's network. Nothing was saved.`,
        { reason: 'unreachable' },
      );
    case 'auth':
      return new AppError(
        'unreachable',
        `The shop server ${server} refused the user name or password. Check them in Settings → Store. Nothing was saved.`,
        { reason: 'auth' },
      );
    case 'no_database':
      return new AppError(
        'unreachable',
        `The shop server has no database named ${server.split('/').pop()}. Create it (CREATE DATABASE …) or check the name. Nothing was changed.`,
        { reason: 'database' },
      );
    default:
      return error;
  }
}

export interface ConnectionCheck {
  ok: boolean;
  /** unreachable, auth, database, version: what failed; absent when ok. */
  reason?: 'unreachable' | 'auth' | 'database' | 'version' | 'not_ours' | 'too_new';
  message: string;
  serverVersion?: number;
}

/** Settings → Store → Test connection: connects, checks the version and what the database holds, changes nothing. */
export async function testPostgresConnection(url: string): Promise<ConnectionCheck> {
  let client: pg.Client | undefined;
  try {
    client = await connectClient(url);
    const major = await refuseOldServer(client, url);
    const version = await schemaVersion(client, url);
    if (version > LATEST_VERSION)
      return {
        ok: false,
        reason: 'too_new',
        message: `Connected, but the store there was written by a newer Counter POS (schema ${version}; this app knows up to ${LATEST_VERSION}).`,
      };
    const what =
      version === 0 ? 'an empty database: Counter POS will set it up' : `a Counter POS store (schema ${version})`;
    return {
      ok: true,
      message: `Connected to PostgreSQL ${major} at ${describeServer(url)}: ${what}.`,
      serverVersion: major,
    };
  } catch (error) {
    const failure = connectionFailure(error, url);
    if (failure instanceof AppError) {
      const reason = (failure.details as { reason?: string } | undefined)?.reason;
      return {
        ok: false,
        reason:
          failure.code === 'not_our_file'
            ? 'not_ours'
            : reason === 'auth' || reason === 'database' || reason === 'version'
              ? reason
              : 'unreachable',
        message: failure.message.replace(/ Nothing was (saved|changed)\.$/, ''),
      };
    }
    return { ok: false, reason: 'unreachable', message: `The shop server failed: ${(error as Error).message}` };
  } finally {
    await client?.end().catch(() => undefined);
  }
}
