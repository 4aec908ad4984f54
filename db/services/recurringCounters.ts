// What a recurring counter line counts at each run (db/migrations/0010_recurring.ts):
// - an asset counter: the customer's assets of a type: their serialized units sold to them whose product has that
//   asset type, plus the devices entered by hand on their page. Types match ignoring case and surrounding spaces.
// - a contact counter: the customer's contacts, or only those whose custom field holds a value ('' : any value).
import type { ReadCtx } from './context.ts';

/** The key two asset types are compared by: "  laptop " and "Laptop" are one type. */
export const assetTypeKey = (type: string): string => type.trim().toLowerCase();

export async function countAssets(ctx: ReadCtx, customerId: number, assetType: string): Promise<number> {
  const key = assetTypeKey(assetType);
  if (key === '') return 0;
  // Counted per stored spelling and matched here: the stores' lower() folds ASCII only ("Écran" stays "Écran"), the
  // customer's page (assetTypeKey) folds every letter.
  const units = await ctx.db
    .selectFrom('serials as s')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .select((eb) => ['p.asset_type as type', eb.fn.countAll<string | number>().as('n')])
    .where('s.customer_id', '=', customerId)
    .where('s.status', '=', 'sold')
    .where('s.deleted_at', 'is', null)
    .where('p.asset_type', '!=', '')
    .groupBy('p.asset_type')
    .execute();
  const manual = await ctx.db
    .selectFrom('customer_assets')
    .select((eb) => ['asset_type as type', eb.fn.countAll<string | number>().as('n')])
    .where('customer_id', '=', customerId)
    .groupBy('asset_type')
    .execute();
  return [...units, ...manual].reduce((sum, r) => sum + (assetTypeKey(r.type) === key ? Number(r.n) : 0), 0);
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
