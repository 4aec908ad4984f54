import { sql, type Kysely, type Selectable } from 'kysely';
import { AppError } from '../errors.ts';
import type { Customer, Location, Product } from '../model.ts';
import type { CustomersTable, DB, LocationsTable, ProductsTable } from '../schema.ts';
import { gtinForms } from '../gtin.ts';

export const toProduct = (r: Selectable<ProductsTable>): Product => ({
  id: r.id,
  sku: r.sku,
  barcode: r.barcode,
  name: r.name,
  priceMinor: r.price_minor,
  taxable: r.taxable === 1,
  serialized: r.serialized === 1,
  maintainStock: r.maintain_stock === 1,
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

export async function listLocations(db: Kysely<DB>): Promise<Location[]> {
  const rows = await db.selectFrom('locations').selectAll().orderBy('is_default', 'desc').orderBy('name').execute();
  return rows.map(toLocation);
}

export async function listCustomers(db: Kysely<DB>): Promise<Customer[]> {
  const rows = await db.selectFrom('customers').selectAll().orderBy('is_default', 'desc').orderBy('name').execute();
  return rows.map(toCustomer);
}

export async function createLocation(db: Kysely<DB>, input: { name: string; kind: 'store' | 'warehouse'; isDefault?: boolean }): Promise<Location> {
  const row = await db
    .insertInto('locations')
    .values({ name: input.name.trim(), kind: input.kind, is_default: input.isDefault ? 1 : 0 })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toLocation(row);
}

export async function createCustomer(db: Kysely<DB>, input: { name: string; email?: string; phone?: string; isDefault?: boolean }): Promise<Customer> {
  const row = await db
    .insertInto('customers')
    .values({ name: input.name.trim(), email: input.email ?? '', phone: input.phone ?? '', is_default: input.isDefault ? 1 : 0 })
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
}

export async function createProduct(db: Kysely<DB>, input: NewProduct): Promise<Product> {
  const sku = input.sku.trim();
  const barcode = input.barcode?.trim() || null;
  const clash = await db
    .selectFrom('products')
    .select(['sku', 'barcode'])
    .where((eb) => eb.or([eb('sku', '=', sku), ...(barcode ? [eb('barcode', '=', barcode)] : [])]))
    .executeTakeFirst();
  if (clash) {
    const field = clash.sku.toLowerCase() === sku.toLowerCase() ? `SKU ${sku}` : `barcode ${barcode}`;
    throw new AppError('conflict', `Another product already has ${field}.`, { field: field.startsWith('SKU') ? 'sku' : 'barcode' });
  }
  const row = await db
    .insertInto('products')
    .values({
      sku,
      barcode,
      name: input.name.trim(),
      price_minor: input.priceMinor,
      taxable: input.taxable ? 1 : 0,
      serialized: input.serialized ? 1 : 0,
      maintain_stock: input.serialized || input.maintainStock ? 1 : 0,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toProduct(row);
}

/** Products of the given lines by id (one query), for commands that handle many lines. */
export async function productsById(db: Kysely<DB>, lines: ReadonlyArray<{ productId: number }>): Promise<Map<number, Selectable<ProductsTable>>> {
  const ids = [...new Set(lines.map((l) => l.productId))];
  const rows = ids.length === 0 ? [] : await db.selectFrom('products').selectAll().where('id', 'in', ids).execute();
  return new Map(rows.map((p) => [p.id, p]));
}

/** The location, or a not_found refusal naming the id. */
export async function requireLocation(db: Kysely<DB>, id: number): Promise<{ id: number; name: string }> {
  const location = await db.selectFrom('locations').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
  if (!location) throw new AppError('not_found', `No location with id ${id}.`);
  return location;
}

export async function getProduct(db: Kysely<DB>, id: number): Promise<Product> {
  const row = await db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found', `No product with id ${id}.`);
  return toProduct(row);
}

/** Exact barcode, else exact SKU (any case): what a scan or an Enter in the item search means. */
export async function findProductByCode(db: Kysely<DB>, code: string): Promise<Product | null> {
  const text = code.trim();
  if (!text) return null;
  // A GTIN may be stored as EAN-13 and scanned as GTIN-14 (or the other way round).
  const barcodes = /^\d{8,14}$/.test(text) ? [...new Set([text, ...gtinForms(text)])] : [text];
  const byBarcode = await db.selectFrom('products').selectAll().where('barcode', 'in', barcodes).executeTakeFirst();
  if (byBarcode) return toProduct(byBarcode);
  const bySku = await db.selectFrom('products').selectAll().where('sku', '=', text).executeTakeFirst(); // sku is COLLATE NOCASE
  return bySku ? toProduct(bySku) : null;
}

/** Products whose name, SKU or barcode contains the text (any case): exact codes first, then name prefixes. */
export async function searchProducts(db: Kysely<DB>, query: string, limit: number): Promise<Product[]> {
  const text = query.trim();
  let q = db.selectFrom('products').selectAll();
  if (text) {
    const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
    const like = `%${escaped}%`;
    q = q
      .where(sql<boolean>`(name LIKE ${like} ESCAPE '\\' OR sku LIKE ${like} ESCAPE '\\' OR barcode LIKE ${like} ESCAPE '\\')`)
      .orderBy(sql`CASE WHEN sku = ${text} OR barcode = ${text} THEN 0 WHEN name LIKE ${`${escaped}%`} ESCAPE '\\' THEN 1 ELSE 2 END`);
  }
  const rows = await q.orderBy('name').limit(limit).execute();
  return rows.map(toProduct);
}
