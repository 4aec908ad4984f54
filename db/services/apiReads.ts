// What the local REST API shows that the app's own reads leave out: the header fields of listed invoices (the list
// rows carry no notes, terms or tax), when each invoice was made, and a customer by id.
import type { Customer } from '../../core/model.ts';
import type { ReadCtx } from './context.ts';

export interface InvoiceHeader {
  id: number;
  subtotalMinor: number;
  taxMinor: number;
  notes: string;
  terms: string;
  createdAt: string;
}

/** The headers of these invoices by id (ids not found are left out). */
export async function invoiceHeaders(ctx: ReadCtx, ids: readonly number[]): Promise<Map<number, InvoiceHeader>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.db
    .selectFrom('invoices')
    .select([
      'id',
      'subtotal_minor as subtotalMinor',
      'tax_minor as taxMinor',
      'notes',
      'terms',
      'created_at as createdAt',
    ])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export async function customerById(ctx: ReadCtx, id: number): Promise<Customer | null> {
  const row = await ctx.db
    .selectFrom('customers')
    .select(['id', 'name', 'email', 'phone', 'is_default'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { id: row.id, name: row.name, email: row.email, phone: row.phone, isDefault: !!row.is_default } : null;
}
