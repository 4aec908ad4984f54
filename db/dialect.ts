import { PostgresAdapter, sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { DB } from './schema.ts';

/**
 * The small dialect layer: the few places where SQLite and PostgreSQL need different SQL, so the
 * services stay dialect-free. A service asks for the expression it means (a case-insensitive
 * prefix match, an order by name ignoring case) and gets the one its store speaks. Everything else
 * is written once, in SQL both accept.
 */
export type DialectName = 'sqlite' | 'postgres';

const known = new WeakMap<object, DialectName>();

/** Which store a kysely instance (or a transaction's connection) talks to. */
export function dialectOf(db: Kysely<DB>): DialectName {
  let name = known.get(db);
  if (!name) {
    const adapter = (db as unknown as { getExecutor(): { adapter: unknown } }).getExecutor().adapter;
    name = adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
    known.set(db, name);
  }
  return name;
}

export const isPostgres = (db: Kysely<DB>) => dialectOf(db) === 'postgres';

type Db = Kysely<DB>;
type Operand = Expression<unknown> | RawBuilder<unknown>;

/**
 * `value LIKE pattern`, ignoring case (ASCII on SQLite, as its LIKE does; all letters on PostgreSQL). The pattern
 * escapes % and _ with a backslash (likePattern).
 */
export function likeNoCase(db: Db, value: Operand, pattern: string): RawBuilder<SqlBool> {
  return isPostgres(db)
    ? sql<SqlBool>`${value} ILIKE ${pattern} ESCAPE '\\'`
    : sql<SqlBool>`${value} LIKE ${pattern} ESCAPE '\\'`;
}

/** `a = b` ignoring case. */
export function equalsNoCase(db: Db, a: Operand, b: Operand | string): RawBuilder<SqlBool> {
  // (PostgreSQL's text columns are COLLATE "C", where lower() folds ASCII only, as SQLite's NOCASE does; so is b.)
  return isPostgres(db)
    ? sql<SqlBool>`lower(${a}) = lower(${b} COLLATE "C")`
    : sql<SqlBool>`${a} = ${b} COLLATE NOCASE`;
}

/** An ORDER BY key that ignores case (the indexes on names are built the same way on each store). */
export function noCase(db: Db, value: Operand): RawBuilder<string> {
  return isPostgres(db) ? sql<string>`lower(${value})` : sql<string>`${value} COLLATE NOCASE`;
}

/** `column IN (ids…)` with the ids as one parameter, however many there are. */
export function inIds(db: Db, column: Operand, ids: readonly number[]): RawBuilder<SqlBool> {
  return isPostgres(db)
    ? sql<SqlBool>`${column} = ANY(${[...ids]}::bigint[])`
    : sql<SqlBool>`${column} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;
}

/** The values of a group joined with commas. */
export function joinedText(db: Db, value: Operand): RawBuilder<string> {
  return isPostgres(db) ? sql<string>`string_agg(${value}::text, ',')` : sql<string>`group_concat(${value})`;
}

/**
 * A column the planner should not use an index for (SQLite's unary +, a planner hint for the invoice list's paging);
 * PostgreSQL's planner needs no hint, and the column is used as is.
 */
export function withoutIndex(db: Db, column: string): RawBuilder<unknown> {
  return isPostgres(db) ? sql`${sql.ref(column)}` : sql`+${sql.ref(column)}`;
}

/** What went wrong in the store, whichever store: what a message to the user and a retry decision need. */
export type DbFailure =
  | 'unique' // a unique index refused a second row
  | 'constraint' // a CHECK, foreign key, NOT NULL or trigger refused the change
  | 'retry' // PostgreSQL: a serialization failure or deadlock; the whole command may run again
  | 'busy' // SQLite: another connection holds the write lock
  | 'disk_full'
  | 'read_only'
  | 'unreachable' // the shop server cannot be reached (or went away mid-command)
  | 'auth' // the server refused the user or password
  | 'no_database' // the server has no such database
  | null;

export function classifyDbError(error: unknown): DbFailure {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  if (code.startsWith('SQLITE_')) {
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return 'unique';
    if (code.startsWith('SQLITE_CONSTRAINT')) return 'constraint';
    if (code.startsWith('SQLITE_BUSY') || code === 'SQLITE_LOCKED') return 'busy';
    if (code === 'SQLITE_FULL') return 'disk_full';
    if (code.startsWith('SQLITE_READONLY')) return 'read_only';
    return null;
  }
  // PostgreSQL's SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html) and node's socket errors.
  if (code === '23505') return 'unique';
  if (code.startsWith('23')) return 'constraint';
  if (code === '40001' || code === '40P01') return 'retry';
  if (code === '55P03') return 'busy'; // lock_timeout: another command held what this one needed for a minute
  if (code === '53100') return 'disk_full';
  if (code === '25006') return 'read_only';
  if (code === '28P01' || code === '28000') return 'auth';
  if (code === '3D000') return 'no_database';
  if (/^(08|57P0)/.test(code)) return 'unreachable';
  if (['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE'].includes(code))
    return 'unreachable';
  if (
    /Connection terminated|connection timeout|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(
      String(error),
    )
  )
    return 'unreachable';
  return null;
}
