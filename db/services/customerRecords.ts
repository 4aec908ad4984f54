// Customers' records that recurring counter lines count: their contacts (with the custom fields Settings → Contacts
// defines), their assets (serialized units sold to them whose product has an asset type, plus devices entered by
// hand on their page) and the asset types known. db/migrations/0010_recurring.ts holds the data model.
import { sql } from 'kysely';
import type { ContactFieldKind } from '../../core/enums.ts';
import { AppError } from '../../core/errors.ts';
import type { ContactField, CustomerContact, CustomerRecords } from '../../core/model.ts';
import { inIds } from '../dialect.ts';
import { iso, type ReadCtx, type WriteCtx } from './context.ts';
import { assetTypeKey, customerAssets } from './recurringCounters.ts';

// ---- Settings → Contacts: the custom fields ----

export async function listContactFields(ctx: ReadCtx): Promise<ContactField[]> {
  const rows = await ctx.db.selectFrom('contact_fields').selectAll().orderBy('position').orderBy('id').execute();
  return rows.map((r) => ({
    id: Number(r.id),
    name: r.name,
    kind: r.kind,
    position: Number(r.position),
    archived: r.archived === 1,
  }));
}

/**
 * Adds a field (no id) at the end of the list, or renames, changes the kind of or (un)archives one. Names are unique
 * ignoring case; the kind cannot change once a contact has a value for the field (a text value is no yes / no).
 */
export async function saveContactField(
  ctx: WriteCtx,
  input: { id?: number; name: string; kind: ContactFieldKind; archived?: boolean },
): Promise<ContactField[]> {
  const name = input.name.trim();
  if (name === '') throw new AppError('invalid_input', 'Enter the field name.', { field: 'name' });
  const fields = await listContactFields(ctx);
  const same = fields.find((f) => f.name.toLowerCase() === name.toLowerCase() && f.id !== input.id);
  if (same) {
    throw new AppError('conflict', `A contact field named ${same.name} already exists.`, { field: 'name' });
  }
  if (input.id === undefined) {
    const position = Math.max(0, ...fields.map((f) => f.position)) + 1;
    await ctx.db
      .insertInto('contact_fields')
      .values({ name, kind: input.kind, position, archived: input.archived ? 1 : 0 })
      .execute();
    return listContactFields(ctx);
  }
  const current = fields.find((f) => f.id === input.id);
  if (!current) throw new AppError('not_found', 'That contact field no longer exists.');
  if (current.kind !== input.kind) {
    const used = await ctx.db
      .selectFrom('contact_field_values')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('field_id', '=', current.id)
      .executeTakeFirstOrThrow();
    const n = Number(used.n);
    if (n > 0) {
      throw new AppError(
        'conflict',
        `${current.name} is set on ${n} contact${n === 1 ? '' : 's'}, so its kind cannot change. Add a new field instead.`,
        { field: 'kind' },
      );
    }
  }
  await ctx.db
    .updateTable('contact_fields')
    .set({ name, kind: input.kind, archived: (input.archived ?? current.archived) ? 1 : 0 })
    .where('id', '=', current.id)
    .execute();
  return listContactFields(ctx);
}

// ---- A customer's contacts ----

/** Plausible, not proven: something@host.domain with no spaces. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]{2,}$/;

async function requireCustomer(ctx: ReadCtx, customerId: number): Promise<{ id: number; name: string }> {
  const row = await ctx.db
    .selectFrom('customers')
    .select(['id', 'name'])
    .where('id', '=', customerId)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', 'That customer no longer exists.');
  return { id: Number(row.id), name: row.name };
}

/**
 * A new contact (no id) or an edit of one. `values` sets the fields it names: '' clears one; a yes / no field takes
 * yes or no; fields not named keep their values (an archived field's value is kept while the dialog hides it).
 */
export async function saveContact(
  ctx: WriteCtx,
  input: {
    id?: number;
    customerId: number;
    name: string;
    email: string;
    phone: string;
    values: ReadonlyArray<{ fieldId: number; value: string }>;
  },
): Promise<CustomerRecords> {
  await requireCustomer(ctx, input.customerId);
  const name = input.name.trim();
  if (name === '') throw new AppError('invalid_input', "Enter the contact's name.", { field: 'name' });
  const email = input.email.trim();
  if (email !== '' && !EMAIL.test(email)) {
    throw new AppError('invalid_input', `${email} is not an e-mail address: enter it as name@example.com.`, {
      field: 'email',
    });
  }
  const phone = input.phone.trim();
  const fields = new Map((await listContactFields(ctx)).map((f) => [f.id, f]));
  const values: Array<{ fieldId: number; value: string }> = [];
  for (const v of input.values) {
    const field = fields.get(v.fieldId);
    if (!field) throw new AppError('not_found', 'A contact field was removed: reload the page.');
    let value = v.value.trim();
    if (field.kind === 'yes_no' && value !== '') {
      value = value.toLowerCase();
      if (value !== 'yes' && value !== 'no') {
        throw new AppError('invalid_input', `${field.name} is a yes / no field: choose Yes or No.`, {
          field: `field-${field.id}`,
        });
      }
    }
    values.push({ fieldId: field.id, value });
  }

  let contactId: number;
  if (input.id === undefined) {
    const row = await ctx.db
      .insertInto('customer_contacts')
      .values({
        customer_id: input.customerId,
        name,
        email,
        phone,
        created_at: iso(ctx.now()),
        actor: ctx.actor,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    contactId = Number(row.id);
  } else {
    const current = await ctx.db
      .selectFrom('customer_contacts')
      .select(['id', 'customer_id'])
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (!current || Number(current.customer_id) !== input.customerId) {
      throw new AppError('not_found', 'That contact no longer exists.');
    }
    contactId = input.id;
    await ctx.db.updateTable('customer_contacts').set({ name, email, phone }).where('id', '=', contactId).execute();
  }
  for (const { fieldId, value } of values) {
    await ctx.db
      .deleteFrom('contact_field_values')
      .where('contact_id', '=', contactId)
      .where('field_id', '=', fieldId)
      .execute();
    if (value !== '') {
      await ctx.db
        .insertInto('contact_field_values')
        .values({ contact_id: contactId, field_id: fieldId, value })
        .execute();
    }
  }
  return customerRecords(ctx, input.customerId);
}

export async function deleteContact(ctx: WriteCtx, id: number): Promise<CustomerRecords> {
  const row = await ctx.db
    .selectFrom('customer_contacts')
    .select('customer_id')
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', 'That contact no longer exists.');
  // The values go with it (ON DELETE CASCADE).
  await ctx.db.deleteFrom('customer_contacts').where('id', '=', id).execute();
  return customerRecords(ctx, Number(row.customer_id));
}

// ---- A customer's assets ----

/** A device entered by hand: a new one (no id) or an edit. */
export async function saveCustomerAsset(
  ctx: WriteCtx,
  input: { id?: number; customerId: number; assetType: string; name: string; serial: string },
): Promise<CustomerRecords> {
  await requireCustomer(ctx, input.customerId);
  const assetType = input.assetType.trim();
  if (assetType === '') {
    throw new AppError('invalid_input', 'Enter the asset type (such as Laptop).', { field: 'assetType' });
  }
  const name = input.name.trim();
  if (name === '') throw new AppError('invalid_input', "Enter the asset's name.", { field: 'name' });
  const serial = input.serial.trim();
  if (input.id === undefined) {
    await ctx.db
      .insertInto('customer_assets')
      .values({
        customer_id: input.customerId,
        asset_type: assetType,
        name,
        serial,
        created_at: iso(ctx.now()),
        actor: ctx.actor,
      })
      .execute();
  } else {
    const updated = await ctx.db
      .updateTable('customer_assets')
      .set({ asset_type: assetType, name, serial })
      .where('id', '=', input.id)
      .where('customer_id', '=', input.customerId)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) throw new AppError('not_found', 'That asset no longer exists.');
  }
  return customerRecords(ctx, input.customerId);
}

export async function deleteCustomerAsset(ctx: WriteCtx, id: number): Promise<CustomerRecords> {
  const row = await ctx.db.selectFrom('customer_assets').select('customer_id').where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found', 'That asset no longer exists.');
  await ctx.db.deleteFrom('customer_assets').where('id', '=', id).execute();
  return customerRecords(ctx, Number(row.customer_id));
}

/** The asset types known (products' first, then manual assets'), one spelling per type, in name order. */
export async function assetTypes(ctx: ReadCtx): Promise<string[]> {
  const products = await ctx.db
    .selectFrom('products')
    .select('asset_type as type')
    .where('asset_type', '!=', '')
    .groupBy('asset_type')
    .execute();
  const manual = await ctx.db
    .selectFrom('customer_assets')
    .select('asset_type as type')
    .groupBy('asset_type')
    .execute();
  const byKey = new Map<string, string>();
  for (const { type } of [...products, ...manual]) {
    const key = assetTypeKey(type);
    if (key !== '' && !byKey.has(key)) byKey.set(key, type.trim());
  }
  return [...byKey.values()].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' }));
}

/** The customer page's Contacts and Assets: contacts with their values, sold and manual assets, the known types. */
export async function customerRecords(ctx: ReadCtx, customerId: number): Promise<CustomerRecords> {
  await requireCustomer(ctx, customerId);
  const contactRows = await ctx.db
    .selectFrom('customer_contacts')
    .select(['id', 'name', 'email', 'phone'])
    .where('customer_id', '=', customerId)
    .orderBy('name')
    .orderBy('id')
    .execute();
  const ids = contactRows.map((c) => Number(c.id));
  const valueRows =
    ids.length === 0
      ? []
      : await ctx.db
          .selectFrom('contact_field_values')
          .select(['contact_id', 'field_id', 'value'])
          .where(inIds(ctx.db, sql.ref('contact_id'), ids))
          .execute();
  const contacts = contactRows.map((c): CustomerContact => ({
    id: Number(c.id),
    customerId,
    name: c.name,
    email: c.email,
    phone: c.phone,
    values: valueRows
      .filter((v) => Number(v.contact_id) === Number(c.id))
      .map((v) => ({ fieldId: Number(v.field_id), value: v.value })),
  }));

  const assets = await customerAssets(ctx, customerId);

  return {
    customerId,
    contacts,
    fields: await listContactFields(ctx),
    assets,
    assetTypes: await assetTypes(ctx),
  };
}
