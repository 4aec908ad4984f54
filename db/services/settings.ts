// The shop's settings: key/value settings (shop details, currency, locale, invoice prefix, scanner), and the
// tables Settings edits: tax rates, payment methods and payment terms, with the helpers invoices and payments use.
import { sql, type Selectable } from 'kysely';
import { AppError } from '../../core/errors.ts';
import type { PaymentMethod, PaymentTerms, ShopSettings, TaxRate } from '../../core/model.ts';
import { checkCurrency, checkLocale, currencyDigits } from '../../core/money.ts';
import { parseStoredSettings, type ScannerSettings } from '../../core/scan/settings.ts';
import type { PaymentMethodsTable, PaymentTermsTable, TaxRatesTable } from '../schema.ts';
import { equalsNoCase } from '../dialect.ts';
import type { ReadCtx, WriteCtx } from './context.ts';

export const DEFAULT_TAX_RATE_BP = 750;
export const DEFAULT_INVOICE_PREFIX = 'INV-';

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
  q =
    name.trim() === ''
      ? q.orderBy('is_default', 'desc').orderBy('id')
      : q.where(equalsNoCase(ctx.db, sql.ref('name'), name.trim()));
  return q.executeTakeFirst();
}

/** What new invoice numbers start with (Settings), 'INV-' by default. */
export async function invoicePrefix(ctx: ReadCtx): Promise<string> {
  return (await getSetting(ctx, 'invoice_prefix')) ?? DEFAULT_INVOICE_PREFIX;
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

// --- Settings screen: the shop, money, invoices, tax rates, payment methods and terms ---

/** The shop's settings and their keys in the settings table. */
const SHOP_KEYS = {
  name: 'shop_name',
  address: 'shop_address',
  phone: 'shop_phone',
  email: 'shop_email',
  taxId: 'shop_tax_id',
  currency: 'currency',
  locale: 'locale',
  invoicePrefix: 'invoice_prefix',
} as const satisfies Record<keyof ShopSettings, string>;

const SHOP_DEFAULTS: ShopSettings = {
  name: '',
  address: '',
  phone: '',
  email: '',
  taxId: '',
  currency: DEFAULT_CURRENCY,
  locale: DEFAULT_LOCALE,
  invoicePrefix: DEFAULT_INVOICE_PREFIX,
};

export async function getShopSettings(ctx: ReadCtx): Promise<ShopSettings> {
  const rows = await ctx.db
    .selectFrom('settings')
    .select(['key', 'value'])
    .where('key', 'in', Object.values(SHOP_KEYS))
    .execute();
  const stored = new Map(rows.map((r) => [r.key, r.value]));
  const fields = Object.entries(SHOP_KEYS) as Array<[keyof ShopSettings, string]>;
  return Object.fromEntries(fields.map(([field, key]) => [field, stored.get(key) ?? SHOP_DEFAULTS[field]])) as never;
}

/**
 * Saves the shop's settings. The currency and locale must be ones Intl knows (every money display and parser uses
 * them). The currency cannot change once invoices or payments exist: their amounts are stored in its minor units.
 */
export async function saveShopSettings(ctx: WriteCtx, input: ShopSettings): Promise<ShopSettings> {
  const currency = checkCurrency(input.currency);
  if (!currency.ok) throw new AppError('invalid_input', currency.message, { field: 'currency' });
  const locale = checkLocale(input.locale);
  if (!locale.ok) throw new AppError('invalid_input', locale.message, { field: 'locale' });
  const before = await shopCurrency(ctx);
  if (currency.currency !== before) await refuseCurrencyChange(ctx, before, currency.currency);
  const saved: ShopSettings = {
    name: input.name.trim(),
    address: input.address.trim(),
    phone: input.phone.trim(),
    email: input.email.trim(),
    taxId: input.taxId.trim(),
    currency: currency.currency,
    locale: locale.locale,
    invoicePrefix: input.invoicePrefix.trim(),
  };
  for (const [field, key] of Object.entries(SHOP_KEYS) as Array<[keyof ShopSettings, string]>)
    await putSetting(ctx, key, saved[field]);
  return saved;
}

/**
 * Invoices and payments are records in the old currency: with any, the currency stays. Prices and costs (products,
 * purchase orders) are amounts the shop set itself: they may be re-read in a currency with the same minor digits
 * (USD → EUR: 1249.00 stays 1249.00), never in one with others (USD → JPY would read 1,249.00 as 124,900).
 */
async function refuseCurrencyChange(ctx: ReadCtx, from: string, to: string): Promise<void> {
  const count = (table: 'invoices' | 'payments' | 'products' | 'purchase_orders') =>
    ctx.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => r.n);
  const [invoices, payments, products, orders] = await Promise.all([
    count('invoices'),
    count('payments'),
    count('products'),
    count('purchase_orders'),
  ]);
  if (invoices > 0 || payments > 0) {
    const what = [plural(invoices, 'invoice'), plural(payments, 'payment')].filter(Boolean).join(' and ');
    throw new AppError(
      'conflict',
      `The currency stays ${from}: ${what} ${invoices + payments === 1 ? 'is' : 'are'} recorded in ${from} (amounts are stored in its minor units), so they would be misread in ${to}.`,
      { field: 'currency' },
    );
  }
  if ((products > 0 || orders > 0) && currencyDigits(from) !== currencyDigits(to)) {
    const what = [plural(products, 'product'), plural(orders, 'purchase order')].filter(Boolean).join(' and ');
    throw new AppError(
      'conflict',
      `The currency stays ${from}: the prices and costs of ${what} are stored in ${from}'s minor units ` +
        `(${currencyDigits(from)} decimals), and ${to} has ${currencyDigits(to)}, so every amount would be misread.`,
      { field: 'currency' },
    );
  }
}

const plural = (n: number, word: string) => (n === 0 ? '' : `${n} ${word}${n === 1 ? '' : 's'}`);

const toTaxRate = (r: Selectable<TaxRatesTable>): TaxRate => ({
  id: r.id,
  name: r.name,
  rateBp: r.rate_bp,
  isDefault: r.is_default === 1,
  archived: r.archived === 1,
});

/** Every tax rate: the default first, archived ones last. */
export async function listTaxRates(ctx: ReadCtx): Promise<TaxRate[]> {
  const rows = await ctx.db
    .selectFrom('tax_rates')
    .selectAll()
    .orderBy('archived')
    .orderBy('is_default', 'desc')
    .orderBy('rate_bp', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toTaxRate);
}

/** The rate with this id (archived ones too), or undefined. */
export async function taxRateById(ctx: ReadCtx, id: number): Promise<RateRef | undefined> {
  return (await taxRatesById(ctx, [id])).get(id);
}

export interface TaxRateInput {
  id?: number;
  name: string;
  rateBp: number;
  isDefault: boolean;
  archived: boolean;
}

/**
 * Adds or edits a tax rate (in basis points). One rate is the default: making one the default takes it from the
 * other; the default cannot be archived nor simply unset. Saved invoices keep the rates they were saved with.
 */
export async function saveTaxRate(ctx: WriteCtx, input: TaxRateInput): Promise<TaxRate> {
  const { db } = ctx;
  const name = input.name.trim();
  const current =
    input.id === undefined
      ? undefined
      : await db.selectFrom('tax_rates').selectAll().where('id', '=', input.id).executeTakeFirst();
  if (input.id !== undefined && !current) throw new AppError('not_found', `No tax rate with id ${input.id}.`);
  await refuseNameClash(ctx, 'tax_rates', name, input.id, 'a tax rate');
  const wasDefault = current?.is_default === 1;
  if (input.archived && (input.isDefault || wasDefault))
    throw new AppError(
      'conflict',
      `${name} is the default tax rate, so it cannot be archived: make another rate the default first.`,
      { field: 'archived' },
    );
  if (wasDefault && !input.isDefault) throw new AppError('conflict', ONE_DEFAULT('tax rate'), { field: 'isDefault' });
  if (input.isDefault) await db.updateTable('tax_rates').set({ is_default: 0 }).where('is_default', '=', 1).execute();
  const values = {
    name,
    rate_bp: input.rateBp,
    is_default: input.isDefault ? 1 : 0,
    archived: input.archived ? 1 : 0,
  } as const;
  const row =
    input.id === undefined
      ? await db.insertInto('tax_rates').values(values).returningAll().executeTakeFirstOrThrow()
      : await db
          .updateTable('tax_rates')
          .set(values)
          .where('id', '=', input.id)
          .returningAll()
          .executeTakeFirstOrThrow();
  return toTaxRate(row);
}

const ONE_DEFAULT = (what: string) => `One ${what} must be the default: make another ${what} the default instead.`;

/** Names of rates, methods and terms are unique in any letter case (the columns are COLLATE NOCASE). */
async function refuseNameClash(
  ctx: ReadCtx,
  table: 'tax_rates' | 'payment_methods' | 'payment_terms',
  name: string,
  exceptId: number | undefined,
  what: string,
): Promise<void> {
  const clash = await ctx.db
    .selectFrom(table)
    .select('name')
    .where(equalsNoCase(ctx.db, sql.ref('name'), name))
    .where('id', '!=', exceptId ?? 0)
    .executeTakeFirst();
  if (clash) throw new AppError('conflict', `There is already ${what} named ${clash.name}.`, { field: 'name' });
}

const toPaymentMethod = (r: Selectable<PaymentMethodsTable>): PaymentMethod => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  isDefault: r.is_default === 1,
  archived: r.archived === 1,
});

/** Payment methods in their order (the built-in ones first, then those added in Settings). */
export async function listPaymentMethods(ctx: ReadCtx): Promise<PaymentMethod[]> {
  const rows = await ctx.db.selectFrom('payment_methods').selectAll().orderBy('position').orderBy('id').execute();
  return rows.map(toPaymentMethod);
}

export interface PaymentMethodInput {
  id?: number;
  name: string;
  isDefault: boolean;
  archived: boolean;
}

/**
 * Adds a payment method (kind 'custom', after the others) or renames, archives or makes one the default (Quick pay
 * uses the default). The default cannot be archived; Store credit can be neither the default (it is limited to a
 * customer's credit) nor archived (refunds and voids keep money as store credit through it).
 */
export async function savePaymentMethod(ctx: WriteCtx, input: PaymentMethodInput): Promise<PaymentMethod> {
  const { db } = ctx;
  const name = input.name.trim();
  const current =
    input.id === undefined
      ? undefined
      : await db.selectFrom('payment_methods').selectAll().where('id', '=', input.id).executeTakeFirst();
  if (input.id !== undefined && !current) throw new AppError('not_found', `No payment method with id ${input.id}.`);
  await refuseNameClash(ctx, 'payment_methods', name, input.id, 'a payment method');
  const wasDefault = current?.is_default === 1;
  if (current?.kind === 'store_credit' && input.isDefault)
    throw new AppError(
      'conflict',
      `${name} cannot be the default payment method: it can only pay what a customer holds as store credit.`,
      { field: 'isDefault' },
    );
  if (current?.kind === 'store_credit' && input.archived)
    throw new AppError(
      'conflict',
      `${name} cannot be archived: refunds and voids keep a customer's money as store credit through it.`,
      { field: 'archived' },
    );
  if (input.archived && (input.isDefault || wasDefault))
    throw new AppError(
      'conflict',
      `${name} is the default payment method, so it cannot be archived: make another method the default first.`,
      { field: 'archived' },
    );
  if (wasDefault && !input.isDefault)
    throw new AppError('conflict', ONE_DEFAULT('payment method'), { field: 'isDefault' });
  if (input.isDefault)
    await db.updateTable('payment_methods').set({ is_default: 0 }).where('is_default', '=', 1).execute();
  const flags = { is_default: input.isDefault ? 1 : 0, archived: input.archived ? 1 : 0 } as const;
  let row: Selectable<PaymentMethodsTable>;
  if (input.id === undefined) {
    const { last } = await db
      .selectFrom('payment_methods')
      .select((eb) => eb.fn.max('position').as('last'))
      .executeTakeFirstOrThrow();
    row = await db
      .insertInto('payment_methods')
      .values({ name, kind: 'custom', position: (last ?? 0) + 1, ...flags })
      .returningAll()
      .executeTakeFirstOrThrow();
  } else {
    row = await db
      .updateTable('payment_methods')
      .set({ name, ...flags })
      .where('id', '=', input.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  return toPaymentMethod(row);
}

const toTerms = (r: Selectable<PaymentTermsTable>): PaymentTerms => ({
  id: r.id,
  name: r.name,
  days: r.days,
  isDefault: r.is_default === 1,
});

/** Payment terms, shortest first. */
export async function listPaymentTerms(ctx: ReadCtx): Promise<PaymentTerms[]> {
  const rows = await ctx.db.selectFrom('payment_terms').selectAll().orderBy('days').orderBy('name').execute();
  return rows.map(toTerms);
}

/** Terms by name, any letter case ('' is not a name: see termsNamed for the default). */
export async function termsByName(ctx: ReadCtx, name: string): Promise<PaymentTerms | undefined> {
  const row = await ctx.db
    .selectFrom('payment_terms')
    .selectAll()
    .where(equalsNoCase(ctx.db, sql.ref('name'), name.trim()))
    .executeTakeFirst();
  return row && toTerms(row);
}

/** The shop's default terms (migration 0005 seeds "Due on receipt"). */
export async function defaultTerms(ctx: ReadCtx): Promise<PaymentTerms> {
  const row = await ctx.db
    .selectFrom('payment_terms')
    .selectAll()
    .orderBy('is_default', 'desc')
    .orderBy('days')
    .executeTakeFirst();
  return row ? toTerms(row) : { id: 0, name: 'Due on receipt', days: 0, isDefault: true };
}

export interface PaymentTermsInput {
  id?: number;
  name: string;
  days: number;
  isDefault: boolean;
}

/** Adds or edits payment terms; one is the default (new invoices get it). Saved invoices keep their terms' name. */
export async function savePaymentTerms(ctx: WriteCtx, input: PaymentTermsInput): Promise<PaymentTerms> {
  const { db } = ctx;
  const name = input.name.trim();
  const current =
    input.id === undefined
      ? undefined
      : await db.selectFrom('payment_terms').selectAll().where('id', '=', input.id).executeTakeFirst();
  if (input.id !== undefined && !current) throw new AppError('not_found', `No payment terms with id ${input.id}.`);
  await refuseNameClash(ctx, 'payment_terms', name, input.id, 'payment terms');
  if (current?.is_default === 1 && !input.isDefault)
    throw new AppError('conflict', 'One of the terms must be the default: make other terms the default instead.', {
      field: 'isDefault',
    });
  if (input.isDefault)
    await db.updateTable('payment_terms').set({ is_default: 0 }).where('is_default', '=', 1).execute();
  const values = { name, days: input.days, is_default: input.isDefault ? 1 : 0 } as const;
  const row =
    input.id === undefined
      ? await db.insertInto('payment_terms').values(values).returningAll().executeTakeFirstOrThrow()
      : await db
          .updateTable('payment_terms')
          .set(values)
          .where('id', '=', input.id)
          .returningAll()
          .executeTakeFirstOrThrow();
  return toTerms(row);
}
