import type { Kysely } from 'kysely';
import { parseStoredSettings, type ScannerSettings } from '../../electron/scanner/settings.ts';
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

const SCANNER_KEY = 'scanner';

export async function getScannerSettings(db: Kysely<DB>): Promise<ScannerSettings> {
  return parseStoredSettings(await getSetting(db, SCANNER_KEY));
}

export async function saveScannerSettings(db: Kysely<DB>, settings: ScannerSettings): Promise<ScannerSettings> {
  await putSetting(db, SCANNER_KEY, JSON.stringify(settings));
  return settings;
}
