import type { Kysely } from 'kysely';
import type { SerialMatch, SerialUnit } from '../../core/model.ts';
import type { DB } from '../schema.ts';
import { toProduct } from './catalog.ts';
import { gtinForms } from '../../core/gtin.ts';
import { normalizeSerial, serialKey } from '../../core/serial.ts';
import { compiledOnce, type ReadCtx } from './context.ts';

const matchColumns = [
  's.id as serialId',
  's.serial',
  's.product_id as productId',
  'p.name as productName',
  's.location_id as locationId',
  'l.name as locationName',
  's.status',
  's.condition_notes as conditionNotes',
  'i.id as invoiceId',
  'i.number as invoiceNumber',
  'p.sku',
  'p.barcode',
  'p.price_minor',
  'p.taxable',
  'p.serialized',
  'p.maintain_stock',
  'p.tax_rate_id',
  'p.asset_type',
  't.id as ticketId',
  't.number as ticketNumber',
  'tc.name as ticketCustomer',
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

// The ticket a unit is reserved for (or was sold from), and that ticket's customer: a scan elsewhere is refused.
const matchQuery = (db: Kysely<DB>) =>
  serialWithPlaces(db)
    .leftJoin('tickets as t', 't.id', 's.ticket_id')
    .leftJoin('customers as tc', 'tc.id', 't.customer_id')
    .select(matchColumns);

const live = (db: Kysely<DB>) => matchQuery(db).where('s.deleted_at', 'is', null);
const finders = [
  compiledOnce((db, key: string) => live(db).where('s.serial_key', '=', key).orderBy('p.name')),
  compiledOnce((db, key: string) =>
    live(db)
      .where('s.id', 'in', db.selectFrom('serial_aliases').select('serial_id').where('alias_key', '=', key))
      .orderBy('p.name'),
  ),
];

/**
 * Finds a serial across all products, for an SN: scan, by its key (core/serial.ts: letter case,
 * invisible characters, dash styles and Unicode forms do not matter): current labels first, then
 * the old labels of renamed units. When several products have the serial, those that hold it
 * written exactly as scanned come first (only they are returned); more than one result means the
 * user must pick.
 */
export async function lookupSerial(ctx: ReadCtx, text: string, gtin?: string): Promise<SerialMatch[]> {
  const { db } = ctx;
  const serial = normalizeSerial(text);
  const key = serialKey(serial);
  if (!key) return [];
  let rows: Awaited<ReturnType<ReturnType<typeof matchQuery>['execute']>> = [];
  if (gtin) {
    rows = await live(db)
      .where('p.barcode', 'in', gtinForms(gtin))
      .where('s.serial_key', '=', key)
      .orderBy('p.name')
      .execute();
  } else {
    for (const find of finders) {
      rows = await find(ctx, key);
      if (rows.length > 0) break;
    }
  }
  if (rows.length > 1) {
    const exact = rows.filter((r) => r.serial === serial);
    if (exact.length > 0) rows = exact;
  }
  return rows.map(
    ({
      invoiceId,
      invoiceNumber,
      sku,
      barcode,
      price_minor,
      taxable,
      serialized,
      maintain_stock,
      tax_rate_id,
      asset_type,
      ticketId,
      ticketNumber,
      ticketCustomer,
      ...r
    }) => ({
      ...r,
      ticket:
        ticketId !== null && ticketNumber !== null
          ? { id: ticketId, number: ticketNumber, customerName: ticketCustomer ?? '' }
          : null,
      invoice: invoiceId !== null && invoiceNumber !== null ? { id: invoiceId, number: invoiceNumber } : null,
      product: toProduct({
        id: r.productId,
        name: r.productName,
        sku,
        barcode,
        price_minor,
        taxable,
        serialized,
        maintain_stock,
        tax_rate_id,
        asset_type,
      }),
    }),
  );
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
    .select([
      's.id',
      's.product_id as productId',
      's.serial',
      's.location_id as locationId',
      'l.name as locationName',
      's.status',
      's.condition_notes as conditionNotes',
    ])
    .where('s.product_id', '=', productId)
    .where((eb) => {
      const inStock = eb.and([eb('s.location_id', '=', locationId), eb('s.status', '=', 'in_stock')]);
      if (invoiceId === undefined) return inStock;
      const onInvoice = eb.exists(
        eb
          .selectFrom('invoice_line_serials as ils')
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
