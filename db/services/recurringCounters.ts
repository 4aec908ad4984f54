// What a recurring counter line counts at each run (db/migrations/0010_recurring.ts):
// - an asset counter: the customer's assets of a type: their serialized units sold to them whose product has that
//   asset type, plus the devices entered by hand on their page. Types match ignoring case and surrounding spaces.
// - a contact counter: the customer's contacts, or only those whose custom field holds a value ('' : any value).
import { sql } from 'kysely';
import type { ReadCtx } from './context.ts';

/** The key two asset types are compared by: "  laptop " and "Laptop" are one type. */
export const assetTypeKey = (type: string): string => type.trim().toLowerCase();

export async function countAssets(ctx: ReadCtx, customerId: number, assetType: string): Promise<number> {
  const key = assetTypeKey(assetType);
  if (key === '') return 0;
  const units = await ctx.db
    .selectFrom('serials as s')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('s.customer_id', '=', customerId)
    .where('s.status', '=', 'sold')
    .where('s.deleted_at', 'is', null)
    .where(sql<string>`lower(trim(p.asset_type))`, '=', key)
    .executeTakeFirstOrThrow();
  const manual = await ctx.db
    .selectFrom('customer_assets')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('customer_id', '=', customerId)
    .where(sql<string>`lower(trim(asset_type))`, '=', key)
    .executeTakeFirstOrThrow();
  return Number(units.n) + Number(manual.n);
}

export interface ContactFilter {
  /** Null: every contact. */
  fieldId: number | null;
  /** '' : any value set; else the value, ignoring case ("yes"). */
  value: string;
}

export async function countContacts(ctx: ReadCtx, customerId: number, filter: ContactFilter): Promise<number> {
  let query = ctx.db
    .selectFrom('customer_contacts as c')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('c.customer_id', '=', customerId);
  if (filter.fieldId !== null) {
    const fieldId = filter.fieldId;
    const value = filter.value.trim().toLowerCase();
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('contact_field_values as v')
          .select('v.contact_id')
          .whereRef('v.contact_id', '=', 'c.id')
          .where('v.field_id', '=', fieldId)
          .$if(value !== '', (q) => q.where(sql<string>`lower(trim(v.value))`, '=', value)),
      ),
    );
  }
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}
