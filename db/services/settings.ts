import type { Kysely } from 'kysely';
import type { DB } from '../schema.ts';

export const DEFAULT_TAX_RATE_BP = 750;

export async function getSetting(db: Kysely<DB>, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

export async function putSetting(db: Kysely<DB>, key: string, value: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/** Tax rate in basis points (750 = 7.5 %). */
export async function taxRateBp(db: Kysely<DB>): Promise<number> {
  const value = await getSetting(db, 'tax_rate_bp');
  return value === undefined ? DEFAULT_TAX_RATE_BP : Number(value);
}

