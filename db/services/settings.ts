import type { ReadCtx, WriteCtx } from './context.ts';
import { parseStoredSettings, type ScannerSettings } from '../../core/scan/settings.ts';

export const DEFAULT_TAX_RATE_BP = 750;

export async function getSetting(ctx: ReadCtx, key: string): Promise<string | undefined> {
  const { db } = ctx;
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

export async function putSetting(ctx: WriteCtx, key: string, value: string): Promise<void> {
  const { db } = ctx;
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/** Tax rate in basis points (750 = 7.5 %). */
export async function taxRateBp(ctx: ReadCtx): Promise<number> {
  const value = await getSetting(ctx, 'tax_rate_bp');
  return value === undefined ? DEFAULT_TAX_RATE_BP : Number(value);
}

export const DEFAULT_CURRENCY = 'USD';
export const DEFAULT_LOCALE = 'en-US';

/** The shop's currency (ISO 4217 code, written by the demo shop's setup); amounts are stored in its minor units. */
export async function shopCurrency(ctx: ReadCtx): Promise<string> {
  return (await getSetting(ctx, 'currency')) ?? DEFAULT_CURRENCY;
}

/** The locale money, numbers and times are shown in (BCP 47 tag). */
export async function shopLocale(ctx: ReadCtx): Promise<string> {
  return (await getSetting(ctx, 'locale')) ?? DEFAULT_LOCALE;
}

const SCANNER_KEY = 'scanner';

export async function loadScannerSettings(ctx: ReadCtx): Promise<ScannerSettings> {
  return parseStoredSettings(await getSetting(ctx, SCANNER_KEY));
}

export async function storeScannerSettings(ctx: WriteCtx, settings: ScannerSettings): Promise<ScannerSettings> {
  await putSetting(ctx, SCANNER_KEY, JSON.stringify(settings));
  return settings;
}
