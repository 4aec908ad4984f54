import { sql, type CompiledQuery, type Kysely } from 'kysely';
import type { DB } from '../schema.ts';

/** What every service call gets besides its input: the db (or a transaction), the clock, who acts. */
export interface Ctx {
  db: Kysely<DB>;
  now: () => Date;
  actor: string;
}

/**
 * Runs one user command as one transaction on a single connection. BEGIN IMMEDIATE takes the
 * write lock up front, so two processes on the same file wait (busy_timeout) instead of
 * failing on a lock upgrade half-way through.
 */
export async function inTransaction<T>(ctx: Ctx, work: (trx: Ctx) => Promise<T>): Promise<T> {
  return ctx.db.connection().execute(async (conn) => {
    await sql`BEGIN IMMEDIATE`.execute(conn);
    try {
      const result = await work({ ...ctx, db: conn });
      await sql`COMMIT`.execute(conn);
      return result;
    } catch (error) {
      await sql`ROLLBACK`.execute(conn);
      throw error;
    }
  });
}

/** Next number of a gap-free sequence (INV-000001 …). Inside the command's transaction, so a failed command uses no number. */
export async function nextNumber(db: Kysely<DB>, name: string, prefix: string): Promise<string> {
  const row = await db
    .insertInto('counters')
    .values({ name, next: 2 })
    .onConflict((oc) => oc.column('name').doUpdateSet({ next: sql`next + 1` }))
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
export function compiledOnce<R, A extends string[]>(build: (db: Kysely<DB>, ...params: A) => { compile(): CompiledQuery<R> }) {
  let compiled: CompiledQuery<R> | undefined;
  return async (db: Kysely<DB>, ...args: A): Promise<R[]> => {
    compiled ??= build(db, ...(args.map((_, i) => `${SLOT}${i}`) as A)).compile();
    const parameters = compiled.parameters.map((p) => (typeof p === 'string' && p.startsWith(SLOT) ? args[Number(p.slice(SLOT.length))] : p));
    const result = await db.executeQuery<R>({ ...compiled, parameters });
    return result.rows;
  };
}
