import type { Kysely } from 'kysely';
import { AppError } from '../../core/errors.ts';
import type { Invoice, InvoiceStatus, InvoiceSummary, Page } from '../../core/model.ts';
import { invoiceTotals, lineTotalMinor } from '../../core/money.ts';
import type { DB } from '../schema.ts';
import { productsById, requireLocation } from './catalog.ts';
import { chunks, iso, nextNumber, type ReadCtx, type WriteCtx } from './context.ts';
import { taxRateBp } from './settings.ts';

export interface SaveInvoiceLine {
  productId: number;
  description: string;
  qty: number;
  unitPriceMinor: number;
  taxable: boolean;
  serialIds: number[];
}

export interface SaveInvoiceInput {
  id?: number;
  revision?: number;
  customerId: number;
  locationId: number;
  invoiceDate: string;
  notes: string;
  lines: SaveInvoiceLine[];
}

export interface MissingSerials { position: number; productName: string; captured: number; qty: number }

/**
 * Saves a new invoice or an edit of a saved one, inside the caller's transaction. Refuses (writing
 * nothing) while a serial-tracked line's captured serials differ from its quantity, or when a
 * captured unit is no longer available. Captured units become Sold to the customer; units an edit
 * removed go back In Stock at their location. Totals are computed here, never trusted from input.
 */
export async function saveInvoice(ctx: WriteCtx, input: SaveInvoiceInput): Promise<Invoice> {
  const { db } = ctx;
  const existing = input.id === undefined ? undefined : await loadForEdit(db, input.id, input.revision);

  const customer = await db.selectFrom('customers').select(['id', 'name']).where('id', '=', input.customerId).executeTakeFirst();
  if (!customer) throw new AppError('not_found', `No customer with id ${input.customerId}.`);
  const location = await requireLocation(ctx, input.locationId);
  if (input.lines.length === 0) throw new AppError('invalid_input', 'An invoice needs at least one line.');

  const products = await productsById(ctx, input.lines);
  const missingProduct = input.lines.map((l) => l.productId).find((pid) => !products.has(pid));
  if (missingProduct !== undefined) throw new AppError('not_found', `No product with id ${missingProduct}.`);

  // Every serial-tracked line needs exactly as many serials as its quantity.
  const missing: MissingSerials[] = [];
  input.lines.forEach((line, index) => {
    const product = products.get(line.productId)!;
    if (product.serialized && line.serialIds.length !== line.qty) {
      missing.push({ position: index + 1, productName: product.name, captured: line.serialIds.length, qty: line.qty });
    } else if (!product.serialized && line.serialIds.length > 0) {
      throw new AppError('invalid_input', `${product.name} is not serial-tracked; its line cannot hold serials.`);
    }
  });
  if (missing.length > 0) {
    const list = missing.map((m) => `${m.productName} (${m.captured}/${m.qty})`).join(', ');
    throw new AppError('serials_missing', `Capture serials before saving: ${list}.`, { lines: missing });
  }

  const serialIds = input.lines.flatMap((l) => l.serialIds);
  const twice = serialIds.find((sid, i) => serialIds.indexOf(sid) !== i);
  if (twice !== undefined) throw new AppError('invalid_input', `The same unit (serial id ${twice}) is captured twice on this invoice.`);

  const units = await loadUnits(db, serialIds);
  const keptIds = new Set(existing?.serialIds ?? []);
  const unavailable: string[] = [];
  for (const line of input.lines) {
    for (const sid of line.serialIds) {
      const unit = units.get(sid);
      if (!unit) { unavailable.push(`serial id ${sid} does not exist`); continue; }
      if (unit.product_id !== line.productId) { unavailable.push(`${unit.serial} belongs to ${unit.productName}`); continue; }
      if (keptIds.has(sid)) continue;
      if (unit.invoiceNumber) unavailable.push(`${unit.serial} is already sold on ${unit.invoiceNumber}`);
      else if (unit.status !== 'in_stock') unavailable.push(`${unit.serial} is ${unit.status.replace('_', ' ')}`);
      else if (unit.location_id !== location.id) unavailable.push(`${unit.serial} is at ${unit.locationName}, not ${location.name}`);
    }
  }
  if (unavailable.length > 0) {
    throw new AppError('serial_unavailable', `Not saved: ${unavailable.join('; ')}.`, { reasons: unavailable });
  }

  const rateBp = existing?.taxRateBp ?? (await taxRateBp(ctx));
  const totals = invoiceTotals(input.lines, rateBp);
  const at = iso(ctx.now());

  let invoiceId: number;
  let number: string;
  if (existing) {
    invoiceId = existing.id;
    number = existing.number;
    await db.updateTable('invoices').set({
      customer_id: customer.id,
      location_id: location.id,
      invoice_date: input.invoiceDate,
      notes: input.notes,
      subtotal_minor: totals.subtotalMinor,
      tax_minor: totals.taxMinor,
      total_minor: totals.totalMinor,
      revision: existing.revision + 1,
      updated_at: at,
    }).where('id', '=', invoiceId).execute();
    await adjustStock(db, existing.stockLines, +1); // give back what the old version took
    await db.deleteFrom('invoice_lines').where('invoice_id', '=', invoiceId).execute(); // cascades to line serials
  } else {
    number = await nextNumber(ctx, 'invoice', 'INV-');
    const row = await db.insertInto('invoices').values({
      number,
      customer_id: customer.id,
      location_id: location.id,
      invoice_date: input.invoiceDate,
      status: 'issued',
      notes: input.notes,
      tax_rate_bp: rateBp,
      subtotal_minor: totals.subtotalMinor,
      tax_minor: totals.taxMinor,
      total_minor: totals.totalMinor,
      created_at: at,
      updated_at: at,
    }).returning('id').executeTakeFirstOrThrow();
    invoiceId = row.id;
  }

  const newIds = new Set(serialIds);
  const released = [...keptIds].filter((sid) => !newIds.has(sid));
  for (const part of chunks(released, 500)) {
    await db.updateTable('serials').set({ status: 'in_stock', customer_id: null }).where('id', 'in', part).execute();
    await db.insertInto('serial_events').values(part.map((sid) => ({
      serial_id: sid, at, actor: ctx.actor, kind: 'released' as const, location_id: units.get(sid)?.location_id ?? null,
      receipt_id: null, invoice_id: invoiceId, invoice_line_id: null, customer_id: null,
      note: `removed from ${number} by an edit; back in stock`,
    }))).execute();
  }

  // Lines, their serials, the sold units and their history: a few multi-row statements, not one per line.
  const stockLines: StockLine[] = [];
  for (const part of chunks([...input.lines.entries()], 500)) {
    await db.insertInto('invoice_lines').values(part.map(([index, line]) => ({
      invoice_id: invoiceId,
      position: index + 1,
      product_id: line.productId,
      description: line.description,
      qty: line.qty,
      unit_price_minor: line.unitPriceMinor,
      taxable: line.taxable ? 1 : 0,
      line_total_minor: lineTotalMinor(line.qty, line.unitPriceMinor),
    }))).execute();
  }
  const lineIdAt = new Map((await db.selectFrom('invoice_lines').select(['id', 'position']).where('invoice_id', '=', invoiceId).execute()).map((r) => [r.position, r.id]));
  const links: Array<{ invoice_line_id: number; serial_id: number }> = [];
  for (const [index, line] of input.lines.entries()) {
    const product = products.get(line.productId)!;
    if (!product.serialized && product.maintain_stock) stockLines.push({ productId: product.id, locationId: location.id, qty: line.qty });
    for (const sid of line.serialIds) links.push({ invoice_line_id: lineIdAt.get(index + 1)!, serial_id: sid });
  }
  for (const part of chunks(links, 2000)) await db.insertInto('invoice_line_serials').values(part).execute();
  for (const part of chunks(serialIds, 500)) {
    await db.updateTable('serials').set({ status: 'sold', customer_id: customer.id }).where('id', 'in', part).execute();
  }
  const soldEvents = links
    .filter(({ serial_id: sid }) => !keptIds.has(sid) || existing?.customerId !== customer.id)
    .map(({ serial_id: sid, invoice_line_id: lineId }) => ({
      serial_id: sid, at, actor: ctx.actor, kind: 'sold' as const, location_id: units.get(sid)?.location_id ?? null,
      receipt_id: null, invoice_id: invoiceId, invoice_line_id: lineId, customer_id: customer.id,
      note: keptIds.has(sid) ? `${number} now billed to ${customer.name}` : `sold on ${number} to ${customer.name}`,
    }));
  for (const part of chunks(soldEvents, 500)) await db.insertInto('serial_events').values(part).execute();
  await adjustStock(db, stockLines, -1);
  return getInvoice(ctx, invoiceId);
}

interface StockLine { productId: number; locationId: number; qty: number }

async function adjustStock(db: Kysely<DB>, lines: StockLine[], sign: 1 | -1): Promise<void> {
  for (const l of lines) {
    const delta = sign * l.qty;
    await db.insertInto('stock_levels')
      .values({ product_id: l.productId, location_id: l.locationId, on_hand: delta })
      .onConflict((oc) => oc.columns(['product_id', 'location_id']).doUpdateSet((eb) => ({ on_hand: eb('stock_levels.on_hand', '+', delta) })))
      .execute();
  }
}

async function loadForEdit(db: Kysely<DB>, id: number, revision: number | undefined) {
  const inv = await db.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirst();
  if (!inv) throw new AppError('not_found', `No invoice with id ${id}.`);
  if (inv.status === 'void') throw new AppError('conflict', `${inv.number} is void and cannot be edited.`);
  if (revision !== undefined && revision !== inv.revision) {
    throw new AppError('conflict', `${inv.number} was changed elsewhere since you opened it. Reopen it to see the latest version; your edit was not saved.`);
  }
  const serialRows = await db.selectFrom('invoice_line_serials as ils')
    .innerJoin('invoice_lines as il', 'il.id', 'ils.invoice_line_id')
    .select('ils.serial_id').where('il.invoice_id', '=', id).execute();
  const stockRows = await db.selectFrom('invoice_lines as il')
    .innerJoin('products as p', 'p.id', 'il.product_id')
    .select(['il.product_id as productId', 'il.qty'])
    .where('il.invoice_id', '=', id).where('p.serialized', '=', 0).where('p.maintain_stock', '=', 1).execute();
  return {
    id: inv.id,
    number: inv.number,
    revision: inv.revision,
    customerId: inv.customer_id,
    taxRateBp: inv.tax_rate_bp,
    serialIds: serialRows.map((r) => r.serial_id),
    stockLines: stockRows.map((r) => ({ ...r, locationId: inv.location_id })),
  };
}

async function loadUnits(db: Kysely<DB>, ids: number[]) {
  const units = new Map<number, { id: number; serial: string; product_id: number; productName: string; status: string; location_id: number; locationName: string; invoiceNumber: string | null }>();
  for (const part of chunks(ids, 500)) {
    const rows = await db.selectFrom('serials as s')
      .innerJoin('products as p', 'p.id', 's.product_id')
      .innerJoin('locations as l', 'l.id', 's.location_id')
      .leftJoin('invoice_line_serials as ils', 'ils.serial_id', 's.id')
      .leftJoin('invoice_lines as il', 'il.id', 'ils.invoice_line_id')
      .leftJoin('invoices as i', 'i.id', 'il.invoice_id')
      .select(['s.id', 's.serial', 's.product_id', 'p.name as productName', 's.status', 's.location_id', 'l.name as locationName', 'i.number as invoiceNumber'])
      .where('s.id', 'in', part)
      .execute();
    for (const r of rows) units.set(r.id, r);
  }
  return units;
}

export async function getInvoice(ctx: ReadCtx, id: number): Promise<Invoice> {
  const { db } = ctx;
  const inv = await db.selectFrom('invoices as i')
    .innerJoin('customers as c', 'c.id', 'i.customer_id')
    .innerJoin('locations as l', 'l.id', 'i.location_id')
    .selectAll('i')
    .select(['c.name as customerName', 'l.name as locationName'])
    .where('i.id', '=', id)
    .executeTakeFirst();
  if (!inv) throw new AppError('not_found', `No invoice with id ${id}.`);
  const lines = await db.selectFrom('invoice_lines as il')
    .innerJoin('products as p', 'p.id', 'il.product_id')
    .select(['il.id', 'il.product_id', 'p.name as productName', 'p.sku', 'p.serialized', 'il.description', 'il.qty', 'il.unit_price_minor', 'il.taxable', 'il.line_total_minor'])
    .where('il.invoice_id', '=', id)
    .orderBy('il.position')
    .execute();
  const serials = await db.selectFrom('invoice_line_serials as ils')
    .innerJoin('invoice_lines as il', 'il.id', 'ils.invoice_line_id')
    .innerJoin('serials as s', 's.id', 'ils.serial_id')
    .select(['ils.invoice_line_id as lineId', 's.id', 's.serial'])
    .where('il.invoice_id', '=', id)
    .orderBy('s.serial')
    .execute();
  const byLine = Map.groupBy(serials, (s) => s.lineId);
  return {
    id: inv.id,
    number: inv.number,
    customerId: inv.customer_id,
    customerName: inv.customerName,
    locationId: inv.location_id,
    locationName: inv.locationName,
    invoiceDate: inv.invoice_date,
    status: inv.status,
    notes: inv.notes,
    taxRateBp: inv.tax_rate_bp,
    subtotalMinor: inv.subtotal_minor,
    taxMinor: inv.tax_minor,
    totalMinor: inv.total_minor,
    revision: inv.revision,
    lines: lines.map((l) => ({
      id: l.id,
      productId: l.product_id,
      productName: l.productName,
      sku: l.sku,
      serialized: l.serialized === 1,
      description: l.description,
      qty: l.qty,
      unitPriceMinor: l.unit_price_minor,
      taxable: l.taxable === 1,
      lineTotalMinor: l.line_total_minor,
      serials: (byLine.get(l.id) ?? []).map(({ id: sid, serial }) => ({ id: sid, serial })),
    })),
  };
}

export interface InvoiceFilter {
  customerId?: number;
  status?: InvoiceStatus;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

export async function listInvoices(ctx: ReadCtx, filter: InvoiceFilter): Promise<Page<InvoiceSummary>> {
  const { db } = ctx;
  let q = db.selectFrom('invoices as i').innerJoin('customers as c', 'c.id', 'i.customer_id');
  if (filter.customerId !== undefined) q = q.where('i.customer_id', '=', filter.customerId);
  if (filter.status !== undefined) q = q.where('i.status', '=', filter.status);
  if (filter.from !== undefined) q = q.where('i.invoice_date', '>=', filter.from);
  if (filter.to !== undefined) q = q.where('i.invoice_date', '<=', filter.to);
  const rows = await q
    .select(['i.id', 'i.number', 'c.name as customerName', 'i.invoice_date as invoiceDate', 'i.status', 'i.total_minor as totalMinor'])
    .orderBy('i.invoice_date', 'desc').orderBy('i.id', 'desc')
    .limit(filter.limit).offset(filter.offset)
    .execute();
  const count = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { rows, total: count.n };
}
