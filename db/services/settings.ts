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

/** Tax rate in basis points (750 = 7.5 %) of the shop's default rate. */
export async function taxRateBp(ctx: ReadCtx): Promise<number> {
  return (await defaultTaxRate(ctx)).rateBp;
}

export interface RateRef {
  id: number;
  name: string;
  rateBp: number;
  archived: boolean;
}

/** The shop's default tax rate (tax_rates.is_default; migration 0005 seeds one). */
export async function defaultTaxRate(ctx: ReadCtx): Promise<RateRef> {
  const row = await ctx.db
    .selectFrom('tax_rates')
    .select(['id', 'name', 'rate_bp', 'archived'])
    .orderBy('is_default', 'desc')
    .orderBy('id')
    .executeTakeFirst();
  if (!row) return { id: 0, name: `Tax ${DEFAULT_TAX_RATE_BP / 100}%`, rateBp: DEFAULT_TAX_RATE_BP, archived: false };
  return { id: row.id, name: row.name, rateBp: row.rate_bp, archived: row.archived === 1 };
}

/** Tax rates by id (archived ones too: a saved line may name one). */
export async function taxRatesById(ctx: ReadCtx, ids: readonly number[]): Promise<Map<number, RateRef>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.db
    .selectFrom('tax_rates')
    .select(['id', 'name', 'rate_bp', 'archived'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, rateBp: r.rate_bp, archived: r.archived === 1 }]));
}

export interface TermsRef {
  name: string;
  days: number;
}

/** Payment terms by name (case-insensitive); '' is the shop's default terms. Undefined when no terms have the name. */
export async function termsNamed(ctx: ReadCtx, name: string): Promise<TermsRef | undefined> {
  let q = ctx.db.selectFrom('payment_terms').select(['name', 'days']);
  q = name.trim() === '' ? q.orderBy('is_default', 'desc').orderBy('id') : q.where('name', '=', name.trim());
  return q.executeTakeFirst();
}

/** What new invoice numbers start with (Settings), 'INV-' by default. */
export async function invoicePrefix(ctx: ReadCtx): Promise<string> {
  return (await getSetting(ctx, 'invoice_prefix')) ?? 'INV-';
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
