import { sql, type CompiledQuery, type Kysely } from 'kysely';
import type { StaffRef } from '../../core/model.ts';
import { AppError } from '../../core/errors.ts';
import { classifyDbError, dialectOf, type DialectName } from '../dialect.ts';
import type { DB } from '../schema.ts';

/**
 * What every service gets first: the db, the clock and who acts. A ReadCtx may only read; a
 * WriteCtx exists only inside a write transaction (inWriteTransaction mints it), so a service that
 * writes declares `ctx: WriteCtx` and cannot be called outside one: the compiler says so.
 */
export interface ReadCtx {
  readonly db: Kysely<DB>;
  readonly now: () => Date;
  /** Who acts, as history records it: the signed-in staff member's name (or 'demo', 'test', …). */
  readonly actor: string;
  /** The signed-in staff member, for permission checks; absent: the app itself (demo, tests, scripts). */
  readonly staff?: StaffRef | null;
}

declare const writable: unique symbol;
export interface WriteCtx extends ReadCtx {
  readonly [writable]: true;
  /** Runs after the transaction commits (never when it rolls back). */
  afterCommit(run: () => void): void;
  /** Writes after the transaction rolls back, outside it: what a refusal must still leave (a wrong PIN). */
  afterRollback(write: (db: Kysely<DB>) => Promise<void>): void;
}

/**
 * How long a write waits for another process's write lock before it gives up (an import's final apply takes seconds).
 */
export const WRITE_LOCK_WAIT_MS = 60_000;

/**
 * The main process's busy_timeout: how long SQLite itself may block the thread on a lock before
 * answering busy. A few ms: a write then waits for another connection's lock in inWriteTransaction,
 * asynchronously, while the event loop answers scans. (A worker's connection waits the full
 * WRITE_LOCK_WAIT_MS: it may block, it is not the main thread.)
 */
export const MAIN_BUSY_TIMEOUT_MS = 5;

/**
 * Runs one user command as one write transaction on a single connection, on either store.
 *
 * SQLite: BEGIN IMMEDIATE takes the write lock up front, so two processes on the same file never
 * fail half-way on a lock upgrade. While another connection holds the lock (another process, or an
 * import's worker), the wait is asynchronous (short retries with back-off, not SQLite's blocking
 * busy handler) and the connection is let go between tries, so the main process keeps answering
 * scans meanwhile.
 *
 * PostgreSQL: counters write at the same time, so each command runs SERIALIZABLE: every rule that
 * reads and then writes (a serial still in stock, the revision an edit started from, a PO's status,
 * the next gap-free number, the stock left, a till still open) holds as if the commands had run one
 * after another. Commands run side by side (each holds the writers' advisory lock in shared mode
 * from before its BEGIN to after its COMMIT). One that loses a race (a serialization failure or
 * deadlock, rolled back by the server) runs again from the start holding that lock exclusively: it
 * queues behind the commands already running, newcomers queue behind it, and it then runs alone, so
 * a counter that loses once cannot go on losing to one that saves back to back. On the rerun it
 * reads what the winner wrote and refuses with the same message as on SQLite ("… is already sold on
 * INV-…"). The unique indexes stay the backstop.
 */
export async function inWriteTransaction<T>(ctx: ReadCtx, work: (trx: WriteCtx) => Promise<T>): Promise<T> {
  if (isWriteCtx(ctx)) return work(ctx); // already inside one: the outer command owns it
  const postgres = dialectOf(ctx.db) === 'postgres';
  const deadline = Date.now() + WRITE_LOCK_WAIT_MS;
  for (let attempt = 1, pause = 2; ; attempt++, pause = Math.min(pause * 2, 50)) {
    const done = await ctx.db.connection().execute(async (conn) => {
      // (the lock is taken before BEGIN, so the transaction's snapshot is taken after any wait for it)
      if (postgres) {
        await sql.raw(pgWriterLock(attempt > 1)).execute(conn);
        await sql`BEGIN ISOLATION LEVEL SERIALIZABLE`.execute(conn);
      } else if (!(await tryBeginImmediate(conn, deadline))) return null;
      const after: Array<() => void> = [];
      const afterRollback: Array<(db: Kysely<DB>) => Promise<void>> = [];
      const trx = {
        db: conn,
        now: ctx.now,
        actor: ctx.actor,
        staff: ctx.staff,
        afterCommit: (run: () => void) => void after.push(run),
        afterRollback: (write: (db: Kysely<DB>) => Promise<void>) => void afterRollback.push(write),
        [WRITE_MARK]: true,
      };
      let result: T;
      try {
        result = await work(trx as unknown as WriteCtx);
        await commit(conn, postgres);
      } catch (error) {
        await rollbackQuietly(conn);
        if (postgres)
          await sql
            .raw(PG_UNLOCK)
            .execute(conn)
            .catch(() => undefined); // (a dead connection has none)
        const raced = postgres && classifyDbError(error) === 'retry';
        if (raced && attempt < PG_ATTEMPTS && Date.now() < deadline) return null; // run the whole command again
        for (const write of afterRollback) await writeQuietly(conn, write);
        throw error;
      }
      return { result, after };
    });
    if (done) {
      for (const run of done.after) run();
      return done.result;
    }
    // SQLite: the lock is still held elsewhere, try again shortly. PostgreSQL: the rerun queues for the lock at once.
    if (!postgres) await sleep(pause);
  }
}

/**
 * How many times a PostgreSQL command is run in all before a lost race is reported (the reruns run alone: only a
 * writer from outside the app can make one lose again).
 */
export const PG_ATTEMPTS = 5;

/**
 * COMMIT (and on PostgreSQL, letting go of the writers' lock in the same round trip). A shop server that stops
 * answering during the COMMIT may have committed or not: the counter is told to look before trying again, never
 * "nothing was saved" (a retry could sell the units twice otherwise).
 */
async function commit(conn: Kysely<DB>, postgres: boolean): Promise<void> {
  if (!postgres) return void (await sql`COMMIT`.execute(conn));
  try {
    await sql.raw(`COMMIT; ${PG_UNLOCK}`).execute(conn);
  } catch (error) {
    if (classifyDbError(error) !== 'unreachable') throw error;
    throw new AppError(
      'unreachable',
      'The shop server stopped answering while this was being saved: it may or may not have been saved. ' +
        'Once the server answers again, look for it (Invoices, or the Sell screen) before you try again.',
      { reason: 'unknown_outcome' },
    );
  }
}

/** The writers' advisory lock on PostgreSQL (a key of our own: 'POSW'). */
const PG_WRITERS = 0x504f5357;
const pgWriterLock = (alone: boolean) =>
  alone ? `SELECT pg_advisory_lock(${PG_WRITERS})` : `SELECT pg_advisory_lock_shared(${PG_WRITERS})`;
const PG_UNLOCK = 'SELECT pg_advisory_unlock_all()';

const WRITE_MARK = Symbol('write transaction');
export const isWriteCtx = (ctx: ReadCtx): ctx is WriteCtx =>
  (ctx as unknown as Record<symbol, unknown>)[WRITE_MARK] === true;

/** An after-rollback write never hides the refusal that caused it (a busy or full disk only loses that record). */
async function writeQuietly(conn: Kysely<DB>, write: (db: Kysely<DB>) => Promise<void>): Promise<void> {
  try {
    await write(conn);
  } catch (error) {
    console.error('[pos] a write after rollback failed', error);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isBusy = (error: unknown) => {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
};

/** BEGIN IMMEDIATE; false when another connection holds the write lock (until the deadline, then its error). */
async function tryBeginImmediate(conn: Kysely<DB>, deadline: number): Promise<boolean> {
  try {
    await sql`BEGIN IMMEDIATE`.execute(conn);
    return true;
  } catch (error) {
    if (!isBusy(error) || Date.now() >= deadline) throw error;
    return false;
  }
}

/**
 * After some errors (a full disk, an I/O error) SQLite has already rolled the transaction back,
 * and a ROLLBACK would throw "no transaction is active" over the real cause: that one is ignored.
 */
async function rollbackQuietly(conn: Kysely<DB>): Promise<void> {
  try {
    await sql`ROLLBACK`.execute(conn);
  } catch (error) {
    // (PostgreSQL answers a ROLLBACK without a transaction with a warning, not an error; a connection that died has
    // no transaction left to roll back.)
    if (!/no transaction is active/i.test((error as Error).message) && classifyDbError(error) !== 'unreachable')
      throw error;
  }
}

/**
 * Next number of a gap-free sequence (INV-000001 …). Inside the command's transaction, so a failed command uses no
 * number.
 */
export async function nextNumber({ db }: WriteCtx, name: string, prefix: string): Promise<string> {
  const row = await db
    .insertInto('counters')
    .values({ name, next: 2 })
    .onConflict((oc) => oc.column('name').doUpdateSet({ next: sql`counters.next + 1` }))
    .returning(sql<number>`next - 1`.as('n'))
    .executeTakeFirstOrThrow();
  return `${prefix}${String(row.n).padStart(6, '0')}`;
}

export const iso = (d: Date): string => d.toISOString();

/** SQLite allows a limited number of bound variables; big IN lists and inserts go in chunks. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const SLOT = '\u0000slot\u0000';

/**
 * A query built and compiled by kysely once, then run with new parameters. For the hot paths (an
 * SN: scan resolves on every scan): building a query costs far more than running it. `build`
 * receives a stand-in for each parameter; every stand-in is replaced by the value at run time.
 */
export function compiledOnce<R, A extends string[]>(
  build: (db: Kysely<DB>, ...params: A) => { compile(): CompiledQuery<R> },
) {
  const compiledFor = new Map<DialectName, CompiledQuery<R>>(); // each store's own SQL ($1 or ?)
  return async ({ db }: ReadCtx, ...args: A): Promise<R[]> => {
    const dialect = dialectOf(db);
    let compiled = compiledFor.get(dialect);
    if (!compiled) {
      compiled = build(db, ...(args.map((_, i) => `${SLOT}${i}`) as A)).compile();
      compiledFor.set(dialect, compiled);
    }
    const parameters = compiled.parameters.map((p) =>
      typeof p === 'string' && p.startsWith(SLOT) ? args[Number(p.slice(SLOT.length))] : p,
    );
    const result = await db.executeQuery<R>({ ...compiled, parameters });
    return result.rows;
  };
}
