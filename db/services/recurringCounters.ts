// What a recurring counter line counts at each run (db/migrations/0010_recurring.ts):
// - an asset counter: the customer's assets of a type: their serialized units sold to them whose product has that
//   asset type, plus the devices entered by hand on their page. Types match ignoring case and surrounding spaces.
// - a contact counter: the customer's contacts, or only those whose custom field holds a value ('' : any value).
import type { CustomerAsset } from '../../core/model.ts';
import type { ReadCtx } from './context.ts';

/** The key two asset types are compared by: "  laptop " and "Laptop" are one type. */
export const assetTypeKey = (type: string): string => type.trim().toLowerCase();

/**
 * The customer's assets, as their page lists them and an asset counter counts them: the serialized units sold to them
 * whose product has an asset type, and the devices entered by hand; by type, name and serial.
 */
export async function customerAssets(ctx: ReadCtx, customerId: number): Promise<CustomerAsset[]> {
  // Units sold to this customer (status sold) whose product has an asset type.
  const sold = await ctx.db
    .selectFrom('serials as s')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .leftJoin('invoice_line_serials as ils', 'ils.serial_id', 's.id')
    .leftJoin('invoice_lines as il', 'il.id', 'ils.invoice_line_id')
    .leftJoin('invoices as i', 'i.id', 'il.invoice_id')
    .select(['s.id', 's.serial', 'p.name', 'p.asset_type', 'i.id as invoiceId', 'i.number as invoiceNumber'])
    .where('s.customer_id', '=', customerId)
    .where('s.status', '=', 'sold')
    .where('s.deleted_at', 'is', null)
    .where('p.asset_type', '!=', '')
    .execute();
  const manual = await ctx.db
    .selectFrom('customer_assets')
    .select(['id', 'asset_type', 'name', 'serial'])
    .where('customer_id', '=', customerId)
    .execute();
  return [
    ...sold
      .filter((u) => assetTypeKey(u.asset_type) !== '')
      .map((u): CustomerAsset => ({
        source: 'sold',
        assetId: null,
        assetType: u.asset_type.trim(),
        name: u.name,
        serial: u.serial,
        serialId: Number(u.id),
        invoice:
          u.invoiceId !== null && u.invoiceNumber !== null
            ? { id: Number(u.invoiceId), number: u.invoiceNumber }
            : null,
      })),
    ...manual.map((a): CustomerAsset => ({
      source: 'manual',
      assetId: Number(a.id),
      assetType: a.asset_type,
      name: a.name,
      serial: a.serial,
      serialId: null,
      invoice: null,
    })),
  ].sort(
    (a, b) =>
      a.assetType.localeCompare(b.assetType, undefined, { sensitivity: 'base' }) ||
      a.name.localeCompare(b.name) ||
      a.serial.localeCompare(b.serial),
  );
}

export async function countAssets(ctx: ReadCtx, customerId: number, assetType: string): Promise<number> {
  const key = assetTypeKey(assetType);
  if (key === '') return 0;
  // Matched here: the stores' lower() folds ASCII only ("Écran" stays "Écran"), assetTypeKey folds every letter.
  return (await customerAssets(ctx, customerId)).filter((a) => assetTypeKey(a.assetType) === key).length;
}

export interface ContactFilter {
  /** Null: every contact. */
  fieldId: number | null;
  /** '' : any value set; else the value, ignoring case ("yes"). */
  value: string;
}

export async function countContacts(ctx: ReadCtx, customerId: number, filter: ContactFilter): Promise<number> {
  if (filter.fieldId === null) {
    const row = await ctx.db
      .selectFrom('customer_contacts')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('customer_id', '=', customerId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
  // The contacts' values of the field, matched here ignoring case in every letter (as countAssets).
  const value = filter.value.trim().toLowerCase();
  const rows = await ctx.db
    .selectFrom('contact_field_values as v')
    .innerJoin('customer_contacts as c', 'c.id', 'v.contact_id')
    .select('v.value')
    .where('c.customer_id', '=', customerId)
    .where('v.field_id', '=', filter.fieldId)
    .execute();
  return rows.filter((r) => value === '' || r.value.trim().toLowerCase() === value).length;
}
