import { sql, type Kysely, type Selectable } from 'kysely';
import { AppError } from '../../core/errors.ts';
import type { Customer, Location, Page, Product, ProductWithStock, StockAt, Vendor } from '../../core/model.ts';
import type { CustomersTable, DB, LocationsTable, ProductsTable, VendorsTable } from '../schema.ts';
import type { LocationKind } from '../../core/enums.ts';
import { gtinForms } from '../../core/gtin.ts';
import { QTY_SCALE } from '../../core/money.ts';
import { equalsNoCase, likeNoCase, noCase } from '../dialect.ts';
import type { ReadCtx, WriteCtx } from './context.ts';
import { taxRateById } from './settings.ts';

export const toProduct = (r: Selectable<ProductsTable>): Product => ({
  id: r.id,
  sku: r.sku,
  barcode: r.barcode,
  name: r.name,
  priceMinor: r.price_minor,
  taxable: r.taxable === 1,
  serialized: r.serialized === 1,
  maintainStock: r.maintain_stock === 1,
  taxRateId: r.tax_rate_id,
  assetType: r.asset_type,
});

const toLocation = (r: Selectable<LocationsTable>): Location => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  isDefault: r.is_default === 1,
});

const toCustomer = (r: Selectable<CustomersTable>): Customer => ({
  id: r.id,
  name: r.name,
  email: r.email,
  phone: r.phone,
  isDefault: r.is_default === 1,
});

export async function listLocations(ctx: ReadCtx): Promise<Location[]> {
  const { db } = ctx;
  const rows = await db
    .selectFrom('locations')
    .selectAll()
    .orderBy('is_default', 'desc')
    .orderBy(noCase(db, sql.ref('name')))
    .execute();
  return rows.map(toLocation);
}

export async function listCustomers(ctx: ReadCtx): Promise<Customer[]> {
  const { db } = ctx;
  const rows = await db.selectFrom('customers').selectAll().orderBy('is_default', 'desc').orderBy('name').execute();
  return rows.map(toCustomer);
}

/** The walk-in customer new invoices start with (one query, however many customers there are). */
export async function defaultCustomer(ctx: ReadCtx): Promise<Customer | undefined> {
  const row = await ctx.db
    .selectFrom('customers')
    .selectAll()
    .orderBy('is_default', 'desc')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row && toCustomer(row);
}

export async function createLocation(
  ctx: WriteCtx,
  input: { name: string; kind: LocationKind; isDefault?: boolean },
): Promise<Location> {
  const { db } = ctx;
  const row = await db
    .insertInto('locations')
    .values({ name: input.name.trim(), kind: input.kind, is_default: input.isDefault ? 1 : 0 })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toLocation(row);
}

export async function createCustomer(
  ctx: WriteCtx,
  input: { name: string; email?: string; phone?: string; isDefault?: boolean },
): Promise<Customer> {
  const { db } = ctx;
  const row = await db
    .insertInto('customers')
    .values({
      name: input.name.trim(),
      email: input.email ?? '',
      phone: input.phone ?? '',
      is_default: input.isDefault ? 1 : 0,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toCustomer(row);
}

export interface NewProduct {
  sku: string;
  barcode?: string | null;
  name: string;
  priceMinor: number;
  taxable: boolean;
  serialized: boolean;
  maintainStock: boolean;
  /** The product's default tax rate; null or absent: the shop's default. */
  taxRateId?: number | null;
  /** What the product is as a customer's asset ("Laptop"); absent: none for a new product, kept on an edit. */
  assetType?: string;
}

/** The stored row of a product (a serialized product always keeps stock). */
const productRow = (input: NewProduct, sku: string, barcode: string | null) =>
  ({
    sku,
    barcode,
    name: input.name.trim(),
    price_minor: input.priceMinor,
    taxable: input.taxable ? 1 : 0,
    serialized: input.serialized ? 1 : 0,
    maintain_stock: input.serialized || input.maintainStock ? 1 : 0,
    tax_rate_id: input.taxRateId ?? null,
    ...(input.assetType === undefined ? {} : { asset_type: input.assetType.trim() }),
  }) as const;

/** SKUs (any case) and barcodes are unique: refuses naming the field another product already has. */
async function refuseCodeClash(db: Kysely<DB>, sku: string, barcode: string | null, exceptId?: number): Promise<void> {
  const clash = await db
    .selectFrom('products')
    .select(['sku', 'barcode'])
    .where('id', '!=', exceptId ?? 0)
    .where((eb) => eb.or([equalsNoCase(db, sql.ref('sku'), sku), ...(barcode ? [eb('barcode', '=', barcode)] : [])]))
    .executeTakeFirst();
  if (!clash) return;
  const onSku = clash.sku.toLowerCase() === sku.toLowerCase();
  throw new AppError('conflict', `Another product already has ${onSku ? `SKU ${sku}` : `barcode ${barcode}`}.`, {
    field: onSku ? 'sku' : 'barcode',
  });
}

export async function createProduct(ctx: WriteCtx, input: NewProduct): Promise<Product> {
  const { db } = ctx;
  const sku = input.sku.trim();
  const barcode = input.barcode?.trim() || null;
  await refuseCodeClash(db, sku, barcode);
  await checkProductRate(ctx, input.taxRateId ?? null, null);
  const row = await db
    .insertInto('products')
    .values(productRow(input, sku, barcode))
    .returningAll()
    .executeTakeFirstOrThrow();
  return toProduct(row);
}

/** Products of the given lines by id (one query), for commands that handle many lines. */
export async function productsById(
  ctx: ReadCtx,
  lines: ReadonlyArray<{ productId: number }>,
): Promise<Map<number, Selectable<ProductsTable>>> {
  const { db } = ctx;
  const ids = [...new Set(lines.map((l) => l.productId))];
  const rows = ids.length === 0 ? [] : await db.selectFrom('products').selectAll().where('id', 'in', ids).execute();
  return new Map(rows.map((p) => [p.id, p]));
}

/** The location, or a not_found refusal naming the id. */
export async function requireLocation(ctx: ReadCtx, id: number): Promise<{ id: number; name: string }> {
  const { db } = ctx;
  const location = await db.selectFrom('locations').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
  if (!location) throw new AppError('not_found', `No location with id ${id}.`);
  return location;
}

/** Exact barcode, else exact SKU (any case): what a scan or an Enter in the item search means. */
export async function findProductByCode(ctx: ReadCtx, code: string): Promise<Product | null> {
  const { db } = ctx;
  const text = code.trim();
  if (!text) return null;
  // A GTIN may be stored as EAN-13 and scanned as GTIN-14 (or the other way round).
  const barcodes = /^\d{8,14}$/.test(text) ? [...new Set([text, ...gtinForms(text)])] : [text];
  const byBarcode = await db.selectFrom('products').selectAll().where('barcode', 'in', barcodes).executeTakeFirst();
  if (byBarcode) return toProduct(byBarcode);
  // A SKU matches in any letter case (SQLite's sku column is NOCASE; PostgreSQL's unique index is on lower(sku)).
  const bySku = await db
    .selectFrom('products')
    .selectAll()
    .where(equalsNoCase(db, sql.ref('sku'), text))
    .executeTakeFirst();
  return bySku ? toProduct(bySku) : null;
}

/** A product whose name, SKU or barcode matches a LIKE pattern, in any letter case. */
const anyFieldLike = (db: Kysely<DB>, like: string) =>
  sql<boolean>`(${likeNoCase(db, sql.ref('name'), like)} OR ${likeNoCase(db, sql.ref('sku'), like)} OR ${likeNoCase(db, sql.ref('barcode'), like)})`;

/**
 * Products whose name, SKU or barcode contains the text (any case): exact codes first (a SKU in any letter case, as
 * SKUs are unique; a barcode exactly), then name prefixes.
 */
export async function searchProducts(ctx: ReadCtx, query: string, limit: number): Promise<Product[]> {
  const { db } = ctx;
  const text = query.trim();
  let q = db.selectFrom('products').selectAll();
  if (text) {
    const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
    const like = `%${escaped}%`;
    q = q
      .where(anyFieldLike(db, like))
      .orderBy(
        sql`CASE WHEN ${equalsNoCase(db, sql.ref('sku'), text)} OR barcode = ${text} THEN 0 WHEN ${likeNoCase(db, sql.ref('name'), `${escaped}%`)} THEN 1 ELSE 2 END`,
      );
  }
  const rows = await q.orderBy('name').limit(limit).execute();
  return rows.map(toProduct);
}

export interface ProductInput extends NewProduct {
  id?: number;
}

/**
 * Whether receipts and sales of a product move its stock_levels: every product without serials,
 * whether or not Maintain stock is on (that flag decides whether on-hand is shown and whether the
 * product can be ordered and received; serialized stock is counted from its units). A move must
 * not hang on a flag that can change between a sale and its edit: Maintain stock turned off and
 * on around an edit made the edit give back or take what the sale never did (7 where 5 was right).
 */
export const movesStockLevels = (product: Pick<Selectable<ProductsTable>, 'serialized'>): boolean =>
  product.serialized === 0;

/**
 * Creates a product, or edits one. "Serialized" cannot be switched off while the product has
 * serials, nor on while it has stock without serials or is on a saved invoice (whose lines hold no
 * serials, so it could not be saved again). Each refusal names its field.
 */
export async function saveProduct(ctx: WriteCtx, input: ProductInput): Promise<Product> {
  const { db } = ctx;
  if (input.id === undefined) return createProduct(ctx, input);
  const current = await db.selectFrom('products').selectAll().where('id', '=', input.id).executeTakeFirst();
  if (!current) throw new AppError('not_found', `No product with id ${input.id}.`);
  const sku = input.sku.trim();
  const barcode = input.barcode?.trim() || null;
  await refuseCodeClash(db, sku, barcode, input.id);
  await checkProductRate(ctx, input.taxRateId ?? null, current.tax_rate_id);
  if (current.serialized === 1 && !input.serialized) {
    const { n } = await db
      .selectFrom('serials')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('product_id', '=', input.id)
      .executeTakeFirstOrThrow();
    if (n > 0) {
      throw new AppError(
        'conflict',
        `${current.name} has ${n} serial${n === 1 ? '' : 's'} on record, so it must stay serial-tracked.`,
        { field: 'serialized' },
      );
    }
  }
  if (current.serialized === 0 && input.serialized) {
    await refuseSerializingInvoiced(db, current);
    const level = await db
      .selectFrom('stock_levels')
      .select('on_hand')
      .where('product_id', '=', input.id)
      .where('on_hand', '!=', 0)
      .executeTakeFirst();
    if (level) {
      throw new AppError(
        'conflict',
        `${current.name} has stock without serials on hand; count it out before switching serial tracking on.`,
        { field: 'serialized' },
      );
    }
  }
  const row = await db
    .updateTable('products')
    .set(productRow(input, sku, barcode))
    .where('id', '=', input.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toProduct(row);
}

/** A product's tax rate must exist; an archived one can be kept, not chosen anew. */
async function checkProductRate(ctx: ReadCtx, rateId: number | null, currentId: number | null): Promise<void> {
  if (rateId === null) return;
  const rate = await taxRateById(ctx, rateId);
  if (!rate) throw new AppError('not_found', `No tax rate with id ${rateId}.`, { field: 'taxRateId' });
  if (rate.archived && rateId !== currentId)
    throw new AppError('invalid_input', `The tax rate ${rate.name} is archived; choose another.`, {
      field: 'taxRateId',
    });
}

/** A product on saved invoices cannot become serial-tracked: names how many, and one. */
async function refuseSerializingInvoiced(db: Kysely<DB>, product: Selectable<ProductsTable>): Promise<void> {
  const { n, first } = await db
    .selectFrom('invoice_lines as il')
    .innerJoin('invoices as i', 'i.id', 'il.invoice_id')
    .select((eb) => [eb.fn.count<number>('il.invoice_id').distinct().as('n'), eb.fn.min('i.number').as('first')])
    .where('il.product_id', '=', product.id)
    .executeTakeFirstOrThrow();
  if (n === 0) return;
  const where =
    n === 1 ? `on invoice ${first}, whose line has` : `on ${n} saved invoices (the first ${first}), whose lines have`;
  throw new AppError(
    'conflict',
    `${product.name} is ${where} no serials, so it cannot become serial-tracked. Create a new serial-tracked product for these units instead.`,
    { field: 'serialized' },
  );
}

/** Products for the Products screen, searched like the item search, with on-hand per location. */
export async function listProducts(
  ctx: ReadCtx,
  filter: { query: string; limit: number; offset: number },
): Promise<Page<ProductWithStock>> {
  const { db } = ctx;
  const text = filter.query.trim();
  let q = db.selectFrom('products');
  if (text) {
    const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where(anyFieldLike(db, like));
  }
  const [{ total }, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    q
      .selectAll()
      .orderBy(noCase(db, sql.ref('name')))
      .orderBy('id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
  ]);
  const ids = rows.map((r) => r.id);
  const stock = new Map<number, StockAt[]>();
  const counts = new Map<number, number>();
  if (ids.length > 0) {
    // The others show none. (An empty IN () is SQLite's only: PostgreSQL refuses it.)
    const levelled = rows.filter((r) => r.maintain_stock === 1 && movesStockLevels(r)).map((r) => r.id);
    const levels =
      levelled.length === 0
        ? []
        : await db
            .selectFrom('stock_levels as sl')
            .innerJoin('locations as l', 'l.id', 'sl.location_id')
            .select([
              'sl.product_id as productId',
              'sl.location_id as locationId',
              'l.name as locationName',
              'sl.on_hand as onHand',
            ])
            .where('sl.product_id', 'in', levelled)
            .execute();
    const units = await db
      .selectFrom('serials as s')
      .innerJoin('locations as l', 'l.id', 's.location_id')
      .select([
        's.product_id as productId',
        's.location_id as locationId',
        'l.name as locationName',
        sql<number>`count(*) * ${QTY_SCALE}`.as('onHand'), // thousandths, like stock_levels
      ])
      .where('s.product_id', 'in', ids)
      .where('s.status', '=', 'in_stock')
      .groupBy(['s.product_id', 's.location_id', 'l.name'])
      .execute();
    const all = await db
      .selectFrom('serials')
      .select(['product_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('product_id', 'in', ids)
      .where('deleted_at', 'is', null)
      .groupBy('product_id')
      .execute();
    for (const { productId, ...at } of [...levels, ...units])
      stock.set(productId, [...(stock.get(productId) ?? []), at]);
    for (const r of all) counts.set(r.product_id, r.n);
  }
  return {
    total,
    rows: rows.map((r) => ({
      ...toProduct(r),
      stock: (stock.get(r.id) ?? []).sort((a, b) => a.locationName.localeCompare(b.locationName)),
      serialCount: counts.get(r.id) ?? 0,
    })),
  };
}

export async function saveLocation(
  ctx: WriteCtx,
  input: { id?: number; name: string; kind: LocationKind; isDefault: boolean },
): Promise<Location> {
  const { db } = ctx;
  const name = input.name.trim();
  const clash = await db
    .selectFrom('locations')
    .select('id')
    .where(equalsNoCase(db, sql.ref('name'), name))
    .where('id', '!=', input.id ?? 0)
    .executeTakeFirst();
  if (clash) throw new AppError('conflict', `There is already a location named ${name}.`, { field: 'name' });
  if (input.isDefault)
    await db
      .updateTable('locations')
      .set({ is_default: 0 })
      .where('is_default', '=', 1)
      .where('id', '!=', input.id ?? 0)
      .execute();
  if (input.id === undefined) return createLocation(ctx, { ...input, name });
  const current = await db.selectFrom('locations').select('is_default').where('id', '=', input.id).executeTakeFirst();
  if (!current) throw new AppError('not_found', `No location with id ${input.id}.`);
  if (current.is_default === 1 && !input.isDefault) {
    throw new AppError('conflict', 'One location must be the default: make another location the default instead.', {
      field: 'isDefault',
    });
  }
  const row = await db
    .updateTable('locations')
    .set({ name, kind: input.kind, is_default: input.isDefault ? 1 : 0 })
    .where('id', '=', input.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toLocation(row);
}

/**
 * Adds or edits a customer. A name another customer already has (any letter case) is refused with a warning that
 * names the existing one (details.existing), unless allowDuplicateName says to save a second one with that name.
 */
export async function saveCustomer(
  ctx: WriteCtx,
  input: { id?: number; name: string; email: string; phone: string; allowDuplicateName?: boolean },
): Promise<Customer> {
  const { db } = ctx;
  const name = input.name.trim();
  if (!input.allowDuplicateName) {
    const current =
      input.id === undefined
        ? undefined
        : await db.selectFrom('customers').select('name').where('id', '=', input.id).executeTakeFirst();
    // An edit that keeps its name (a second "Acme Corp" saved on purpose) is not asked again.
    if (current?.name.toLowerCase() !== name.toLowerCase()) await warnDuplicateCustomer(ctx, name, input.id);
  }
  if (input.id === undefined) return createCustomer(ctx, { ...input, name });
  const row = await db
    .updateTable('customers')
    .set({ name: input.name.trim(), email: input.email.trim(), phone: input.phone.trim() })
    .where('id', '=', input.id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', `No customer with id ${input.id}.`);
  return toCustomer(row);
}

/** The message of a duplicate customer name, and the existing customer it offers. */
export const duplicateCustomerMessage = (name: string) =>
  `${name} already exists. Use the existing customer, or save a second one with the same name.`;

async function warnDuplicateCustomer(ctx: ReadCtx, name: string, exceptId: number | undefined): Promise<void> {
  const row = await ctx.db
    .selectFrom('customers')
    .selectAll()
    .where(equalsNoCase(ctx.db, sql.ref('name'), name))
    .where('id', '!=', exceptId ?? 0)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (!row) return;
  const existing = toCustomer(row);
  throw new AppError('conflict', duplicateCustomerMessage(existing.name), {
    field: 'name',
    duplicate: true,
    existing,
  });
}

const toVendor = (r: Selectable<VendorsTable>): Vendor => ({ id: r.id, name: r.name, email: r.email, phone: r.phone });

export async function listVendors(ctx: ReadCtx): Promise<Vendor[]> {
  const { db } = ctx;
  const rows = await db
    .selectFrom('vendors')
    .selectAll()
    .orderBy(noCase(db, sql.ref('name')))
    .orderBy('id')
    .execute();
  return rows.map(toVendor);
}

export async function saveVendor(
  ctx: WriteCtx,
  input: { id?: number; name: string; email: string; phone: string },
): Promise<Vendor> {
  const { db } = ctx;
  const values = { name: input.name.trim(), email: input.email.trim(), phone: input.phone.trim() };
  const row =
    input.id === undefined
      ? await db.insertInto('vendors').values(values).returningAll().executeTakeFirstOrThrow()
      : await db.updateTable('vendors').set(values).where('id', '=', input.id).returningAll().executeTakeFirst();
  if (!row) throw new AppError('not_found', `No vendor with id ${input.id}.`);
  return toVendor(row);
}
