import { sql, type Kysely } from 'kysely';
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
