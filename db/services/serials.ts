import { sql, type Kysely } from 'kysely';
import type { SerialMatch, SerialUnit } from '../../core/model.ts';
import type { DB } from '../schema.ts';
import { toProduct } from './catalog.ts';
import { gtinForms } from '../../core/gtin.ts';
import { compiledOnce, type ReadCtx } from './context.ts';

const matchColumns = [
  's.id as serialId', 's.serial', 's.product_id as productId', 'p.name as productName', 's.location_id as locationId',
  'l.name as locationName', 's.status', 's.condition_notes as conditionNotes', 'i.id as invoiceId', 'i.number as invoiceNumber',
  'p.sku', 'p.barcode', 'p.price_minor', 'p.taxable', 'p.serialized', 'p.maintain_stock',
] as const;

/** A serial with its product (p), location (l) and the saved invoice it is on, if any (i). */
export function serialWithPlaces(db: Kysely<DB>) {
  return db
    .selectFrom('serials as s')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .innerJoin('locations as l', 'l.id', 's.location_id')
    .leftJoin('invoice_line_serials as ils', 'ils.serial_id', 's.id')
    .leftJoin('invoice_lines as il', 'il.id', 'ils.invoice_line_id')
    .leftJoin('invoices as i', 'i.id', 'il.invoice_id');
}

const matchQuery = (db: Kysely<DB>) => serialWithPlaces(db).select(matchColumns);

const live = (db: Kysely<DB>) => matchQuery(db).where('s.deleted_at', 'is', null);
const aliasOf = (db: Kysely<DB>, text: string, nocase: boolean) =>
  db.selectFrom('serial_aliases').select('serial_id').where(nocase ? sql<boolean>`alias = ${text} COLLATE NOCASE` : sql<boolean>`alias = ${text}`);
const finders = [
  compiledOnce((db, text: string) => live(db).where('s.serial', '=', text).orderBy('p.name')),
  compiledOnce((db, text: string) => live(db).where('s.id', 'in', aliasOf(db, text, false)).orderBy('p.name')),
  compiledOnce((db, text: string) => live(db).where(sql<boolean>`s.serial = ${text} COLLATE NOCASE`).orderBy('p.name')),
  compiledOnce((db, text: string) => live(db).where('s.id', 'in', aliasOf(db, text, true)).orderBy('p.name')),
];

/**
 * Finds a serial by its text across all products, for an SN: scan: exact matches first; only when
 * there is none, matches in any letter case. More than one result means the user must pick.
 */
export async function lookupSerial(ctx: ReadCtx, text: string, gtin?: string): Promise<SerialMatch[]> {
  const { db } = ctx;
  const serial = text.trim();
  if (!serial) return [];
  let rows: Awaited<ReturnType<ReturnType<typeof matchQuery>['execute']>> = [];
  if (gtin) {
    const base = () => matchQuery(db).where('s.deleted_at', 'is', null).where('p.barcode', 'in', gtinForms(gtin));
    rows = await base().where('s.serial', '=', serial).orderBy('p.name').execute();
    if (rows.length === 0) rows = await base().where(sql<boolean>`s.serial = ${serial} COLLATE NOCASE`).orderBy('p.name').execute();
  } else {
    // Current labels first, then the old labels of renamed units; exact case before any case.
    for (const find of finders) {
      rows = await find(ctx, serial);
      if (rows.length > 0) break;
    }
  }
  return rows.map(({ invoiceId, invoiceNumber, sku, barcode, price_minor, taxable, serialized, maintain_stock, ...r }) => ({
    ...r,
    invoice: invoiceId !== null && invoiceNumber !== null ? { id: invoiceId, number: invoiceNumber } : null,
    product: toProduct({ id: r.productId, name: r.productName, sku, barcode, price_minor, taxable, serialized, maintain_stock }),
  }));
}

/**
 * Units of a product that can be captured on an invoice at a location: those in stock there,
 * plus those already on that invoice (so an edit shows what it holds).
 */
export async function availableSerials(
  ctx: ReadCtx,
  productId: number,
  locationId: number,
  invoiceId?: number,
): Promise<SerialUnit[]> {
  const { db } = ctx;
  const rows = await db
    .selectFrom('serials as s')
    .innerJoin('locations as l', 'l.id', 's.location_id')
    .select(['s.id', 's.product_id as productId', 's.serial', 's.location_id as locationId', 'l.name as locationName', 's.status', 's.condition_notes as conditionNotes'])
    .where('s.product_id', '=', productId)
    .where((eb) => {
      const inStock = eb.and([eb('s.location_id', '=', locationId), eb('s.status', '=', 'in_stock')]);
      if (invoiceId === undefined) return inStock;
      const onInvoice = eb.exists(
        eb.selectFrom('invoice_line_serials as ils')
          .innerJoin('invoice_lines as il', 'il.id', 'ils.invoice_line_id')
          .select('ils.serial_id')
          .whereRef('ils.serial_id', '=', 's.id')
          .where('il.invoice_id', '=', invoiceId),
      );
      return eb.or([inStock, onInvoice]);
    })
    .orderBy('s.serial')
    .execute();
  return rows;
}
