import { serialStatusPhrase, type SerialStatus } from '../../core/enums.ts';
import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import { AppError } from '../../core/errors.ts';
import type { Invoice, InvoiceStatus, InvoiceSummary, Page } from '../../core/model.ts';
import { invoiceTotals, lineTotalMinor } from '../../core/money.ts';
import type { DB, InvoiceLinesTable, ProductsTable } from '../schema.ts';
import { movesStockLevels, productsById, requireLocation } from './catalog.ts';
import { chunks, iso, nextNumber, type ReadCtx, type WriteCtx } from './context.ts';
import { taxRateBp } from './settings.ts';
import { adjustStock, recordSerialEvents, type StockMove } from './stock.ts';

export interface SaveInvoiceLine {
  /** The saved line this is, on an edit; absent for a line the edit adds. Line ids stay the same across saves. */
  id?: number;
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

export interface MissingSerials {
  position: number;
  productName: string;
  captured: number;
  qty: number;
}

/**
 * Saves a new invoice or an edit of a saved one, inside the caller's transaction, in three steps:
 * - check: every refusal, before anything is written. Refused while a serial-tracked line's
 *   captured serials differ from its quantity, when a captured unit is no longer available, or
 *   when a line names a line id that is not a line of this invoice;
 * - plan: what the edit changes: kept, changed, added and removed lines; units released, newly
 *   sold, re-billed to another customer or moved to the invoice's new location; stock to move;
 * - apply: writes only that. An unchanged line is not rewritten and keeps its id.
 * Captured units become Sold to the customer; units an edit removed go back In Stock at their
 * location. A saved invoice moved to another location takes its units along, each with a 'moved'
 * event (non-serialized stock moves with it the same way). Totals are computed here, never trusted.
 */
export async function saveInvoice(ctx: WriteCtx, input: SaveInvoiceInput): Promise<Invoice> {
  const checked = await checkInvoice(ctx, input);
  const invoiceId = await applyInvoice(ctx, planInvoice(checked));
  return getInvoice(ctx, invoiceId);
}

type Unit = Awaited<ReturnType<typeof loadUnits>> extends Map<number, infer U> ? U : never;
type Saved = Awaited<ReturnType<typeof loadSaved>>;
type SavedLine = Saved['lines'][number];

interface Checked {
  input: SaveInvoiceInput;
  saved: Saved | undefined;
  customer: { id: number; name: string };
  location: { id: number; name: string };
  products: Map<number, Selectable<ProductsTable>>;
  /** Every unit on the saved version or the new one. */
  units: Map<number, Unit>;
  rateBp: number;
}

async function checkInvoice(ctx: WriteCtx, input: SaveInvoiceInput): Promise<Checked> {
  const { db } = ctx;
  const saved = input.id === undefined ? undefined : await loadSaved(db, input.id, input.revision);

  const customer = await db
    .selectFrom('customers')
    .select(['id', 'name'])
    .where('id', '=', input.customerId)
    .executeTakeFirst();
  if (!customer) throw new AppError('not_found', `No customer with id ${input.customerId}.`);
  const location = await requireLocation(ctx, input.locationId);
  if (input.lines.length === 0) throw new AppError('invalid_input', 'An invoice needs at least one line.');
  checkLineIds(input.lines, saved);

  const products = await productsById(ctx, [...input.lines, ...(saved?.lines ?? [])]);
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
  if (twice !== undefined)
    throw new AppError('invalid_input', `The same unit (serial id ${twice}) is captured twice on this invoice.`);

  const keptIds = new Set(saved?.lines.flatMap((l) => l.serialIds) ?? []);
  const units = await loadUnits(db, [...new Set([...serialIds, ...keptIds])]);
  const unavailable: string[] = [];
  for (const line of input.lines) {
    for (const sid of line.serialIds) {
      const unit = units.get(sid);
      if (!unit) {
        unavailable.push(`serial id ${sid} does not exist`);
        continue;
      }
      if (unit.product_id !== line.productId) {
        unavailable.push(`${unit.serial} belongs to ${unit.productName}`);
        continue;
      }
      if (keptIds.has(sid)) continue; // already on this invoice: it stays sold here (and moves with it)
      if (unit.invoiceNumber) unavailable.push(`${unit.serial} is already sold on ${unit.invoiceNumber}`);
      else if (unit.status !== 'in_stock') unavailable.push(`${unit.serial} is ${serialStatusPhrase[unit.status]}`);
      else if (unit.location_id !== location.id)
        unavailable.push(`${unit.serial} is at ${unit.locationName}, not ${location.name}`);
    }
  }
  if (unavailable.length > 0) {
    throw new AppError('serial_unavailable', `Not saved: ${unavailable.join('; ')}.`, { reasons: unavailable });
  }

  const rateBp = saved?.taxRateBp ?? (await taxRateBp(ctx));
  return { input, saved, customer, location, products, units, rateBp };
}

/** A line id must be a line of the invoice being edited, and name one line of the edit at most. */
function checkLineIds(lines: readonly SaveInvoiceLine[], saved: Saved | undefined): void {
  const ours = new Set(saved?.lines.map((l) => l.id));
  const named = new Map<number, number>(); // line id → line number in the edit
  lines.forEach((line, index) => {
    if (line.id === undefined) return;
    const n = index + 1;
    if (!saved) {
      throw new AppError(
        'invalid_input',
        `Line ${n} names saved line ${line.id}, but a new invoice has no saved lines.`,
        { line: n, lineId: line.id },
      );
    }
    if (!ours.has(line.id)) {
      throw new AppError(
        'invalid_input',
        `Line ${n} names line ${line.id}, which is not a line of ${saved.number}. Reopen the invoice; your edit was not saved.`,
        { line: n, lineId: line.id },
      );
    }
    const first = named.get(line.id);
    if (first !== undefined) {
      throw new AppError(
        'invalid_input',
        `Lines ${first} and ${n} both name line ${line.id} of ${saved.number}; a saved line can be kept once.`,
        { line: n, lineId: line.id },
      );
    }
    named.set(line.id, n);
  });
}

type LineValues = Omit<Insertable<InvoiceLinesTable>, 'id' | 'invoice_id'>;
const LINE_FIELDS = [
  'position',
  'product_id',
  'description',
  'qty',
  'unit_price_minor',
  'taxable',
  'line_total_minor',
] as const;

/** What a save writes. Lines of the edit are named by their index in the input. */
interface InvoicePlan {
  saved: Saved | undefined;
  customer: { id: number; name: string };
  location: { id: number; name: string };
  header: {
    customer_id: number;
    location_id: number;
    invoice_date: string;
    notes: string;
    subtotal_minor: number;
    tax_minor: number;
    total_minor: number;
  };
  rateBp: number;
  /** The saved line id of each line of the edit; null for an added line (its id is known once inserted). */
  lineIds: Array<number | null>;
  /** Saved lines the edit leaves out. */
  removed: number[];
  /** Kept lines whose row changes (a field or the position), and of those the ones whose position changes. */
  changed: Array<{ id: number; values: LineValues }>;
  repositioned: number[];
  added: Array<{ index: number; values: LineValues }>;
  /** Units that leave a kept line (released, or moved to another line); a removed line's links go with it. */
  unlinked: number[];
  linked: Array<{ index: number; serialId: number }>;
  released: Array<{ serialId: number; locationId: number; lineId: number | null }>;
  sold: Array<{ serialId: number; index: number }>;
  rebilled: Array<{ serialId: number; index: number }>;
  moved: Array<{ serialId: number; index: number; from: string }>;
  stock: StockMove[];
}

/** Pure: works out the difference between the saved version (if any) and the edit. */
function planInvoice(c: Checked): InvoicePlan {
  const { input, saved, customer, location, products, units } = c;
  const totals = invoiceTotals(input.lines, c.rateBp);
  const savedLines = new Map<number, SavedLine>(saved?.lines.map((l) => [l.id, l]));
  const lineIds = input.lines.map((l) => l.id ?? null);
  const kept = new Set(lineIds.filter((id) => id !== null));

  const changed: InvoicePlan['changed'] = [];
  const repositioned: number[] = [];
  const added: InvoicePlan['added'] = [];
  const newLineOf = new Map<number, number>(); // serial id → index of its line in the edit
  input.lines.forEach((line, index) => {
    const values: LineValues = {
      position: index + 1,
      product_id: line.productId,
      description: line.description,
      qty: line.qty,
      unit_price_minor: line.unitPriceMinor,
      taxable: line.taxable ? 1 : 0,
      line_total_minor: lineTotalMinor(line.qty, line.unitPriceMinor),
    };
    for (const sid of line.serialIds) newLineOf.set(sid, index);
    const old = line.id === undefined ? undefined : savedLines.get(line.id);
    if (!old) return void added.push({ index, values });
    if (old.position !== values.position) repositioned.push(old.id);
    if (LINE_FIELDS.some((f) => old[f] !== values[f])) changed.push({ id: old.id, values });
  });

  const unlinked: number[] = [];
  const linked: InvoicePlan['linked'] = [];
  const released: InvoicePlan['released'] = [];
  const oldLineOf = new Map<number, number>(); // serial id → saved line id
  for (const line of saved?.lines ?? []) {
    for (const sid of line.serialIds) {
      oldLineOf.set(sid, line.id);
      const index = newLineOf.get(sid);
      const stays = index !== undefined && lineIds[index] === line.id;
      if (!stays && kept.has(line.id)) unlinked.push(sid);
      if (index === undefined)
        released.push({
          serialId: sid,
          locationId: units.get(sid)!.location_id,
          lineId: kept.has(line.id) ? line.id : null,
        });
    }
  }
  const sold: InvoicePlan['sold'] = [];
  const rebilled: InvoicePlan['rebilled'] = [];
  const moved: InvoicePlan['moved'] = [];
  for (const [sid, index] of newLineOf) {
    const was = oldLineOf.get(sid);
    if (was !== lineIds[index]) linked.push({ index, serialId: sid });
    if (was === undefined) {
      sold.push({ serialId: sid, index });
      continue;
    }
    const unit = units.get(sid)!;
    if (unit.location_id !== location.id) moved.push({ serialId: sid, index, from: unit.locationName });
    if (saved!.customerId !== customer.id) rebilled.push({ serialId: sid, index });
  }

  // Stock without serials: the saved version gives back what it took, the edit takes; adjustStock nets them.
  const stocked = (productId: number) => {
    const p = products.get(productId);
    return p !== undefined && movesStockLevels(p);
  };
  const stock: StockMove[] = [
    ...(saved?.lines ?? [])
      .filter((l) => stocked(l.productId))
      .map((l) => ({ productId: l.productId, locationId: saved!.locationId, delta: l.qty })),
    ...input.lines
      .filter((l) => stocked(l.productId))
      .map((l) => ({ productId: l.productId, locationId: location.id, delta: -l.qty })),
  ];

  return {
    saved,
    customer,
    location,
    rateBp: c.rateBp,
    lineIds,
    removed: (saved?.lines ?? []).filter((l) => !kept.has(l.id)).map((l) => l.id),
    changed,
    repositioned,
    added,
    unlinked,
    linked,
    released,
    sold,
    rebilled,
    moved,
    stock,
    header: {
      customer_id: customer.id,
      location_id: location.id,
      invoice_date: input.invoiceDate,
      notes: input.notes,
      subtotal_minor: totals.subtotalMinor,
      tax_minor: totals.taxMinor,
      total_minor: totals.totalMinor,
    },
  };
}

/** Writes the plan; returns the invoice id. */
async function applyInvoice(ctx: WriteCtx, plan: InvoicePlan): Promise<number> {
  const { db } = ctx;
  const { saved, customer, location } = plan;
  const at = iso(ctx.now());
  let invoiceId: number;
  let number: string;
  if (saved) {
    invoiceId = saved.id;
    number = saved.number;
    await db
      .updateTable('invoices')
      .set({ ...plan.header, revision: saved.revision + 1, updated_at: at })
      .where('id', '=', invoiceId)
      .execute();
  } else {
    number = await nextNumber(ctx, 'invoice', 'INV-');
    const row = await db
      .insertInto('invoices')
      .values({ ...plan.header, number, status: 'issued', tax_rate_bp: plan.rateBp, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    invoiceId = row.id;
  }

  // What leaves first, so the unique indexes (a unit on one line, one line per position) hold after every statement.
  for (const part of chunks(plan.unlinked, 500))
    await db.deleteFrom('invoice_line_serials').where('serial_id', 'in', part).execute();
  // A removed line's serial links go with it (ON DELETE CASCADE); its events keep the invoice and lose only the line
  // (ON DELETE SET NULL, migration 0004).
  for (const part of chunks(plan.removed, 500)) await db.deleteFrom('invoice_lines').where('id', 'in', part).execute();
  // Lines that change position step aside to negative positions first, then take their new ones.
  for (const part of chunks(plan.repositioned, 500)) {
    await db
      .updateTable('invoice_lines')
      .set((eb) => ({ position: eb.neg(eb.ref('position')) }))
      .where('id', 'in', part)
      .execute();
  }
  for (const part of chunks(plan.changed, 500)) {
    const rows = part.map(
      ({ id, values: v }) =>
        sql`(${id}, ${v.position}, ${v.product_id}, ${v.description}, ${v.qty}, ${v.unit_price_minor}, ${v.taxable}, ${v.line_total_minor})`,
    );
    await sql`WITH v (id, position, product_id, description, qty, unit_price_minor, taxable, line_total_minor) AS (VALUES ${sql.join(rows)})
      UPDATE invoice_lines SET position = v.position, product_id = v.product_id, description = v.description, qty = v.qty,
        unit_price_minor = v.unit_price_minor, taxable = v.taxable, line_total_minor = v.line_total_minor
      FROM v WHERE invoice_lines.id = v.id`.execute(db);
  }
  const lineIds = [...plan.lineIds];
  for (const part of chunks(plan.added, 500)) {
    const rows = await db
      .insertInto('invoice_lines')
      .values(part.map(({ values }) => ({ invoice_id: invoiceId, ...values })))
      .returning(['id', 'position'])
      .execute();
    for (const r of rows) lineIds[r.position - 1] = r.id;
  }
  const lineOf = (index: number) => lineIds[index]!;

  for (const part of chunks(plan.linked, 2000)) {
    await db
      .insertInto('invoice_line_serials')
      .values(part.map((l) => ({ invoice_line_id: lineOf(l.index), serial_id: l.serialId })))
      .execute();
  }
  const released = plan.released.map((r) => r.serialId);
  for (const part of chunks(released, 500)) {
    await db.updateTable('serials').set({ status: 'in_stock', customer_id: null }).where('id', 'in', part).execute();
  }
  for (const part of chunks(
    [...plan.sold, ...plan.rebilled].map((u) => u.serialId),
    500,
  )) {
    await db.updateTable('serials').set({ status: 'sold', customer_id: customer.id }).where('id', 'in', part).execute();
  }
  for (const part of chunks(
    plan.moved.map((u) => u.serialId),
    500,
  )) {
    await db.updateTable('serials').set({ location_id: location.id }).where('id', 'in', part).execute();
  }

  const onLine = (u: { serialId: number; index: number }) => ({
    serialId: u.serialId,
    locationId: location.id,
    invoiceId,
    invoiceLineId: lineOf(u.index),
    customerId: customer.id,
  });
  await recordSerialEvents(
    ctx,
    [
      ...plan.released.map((r) => ({
        serialId: r.serialId,
        kind: 'released' as const,
        locationId: r.locationId,
        invoiceId,
        invoiceLineId: r.lineId,
        note: `removed from ${number} by an edit; back in stock`,
      })),
      ...plan.moved.map((u) => ({
        ...onLine(u),
        kind: 'moved' as const,
        note: `moved from ${u.from} to ${location.name} with ${number}`,
      })),
      ...plan.rebilled.map((u) => ({
        ...onLine(u),
        kind: 'sold' as const,
        note: `${number} now billed to ${customer.name}`,
      })),
      ...plan.sold.map((u) => ({ ...onLine(u), kind: 'sold' as const, note: `sold on ${number} to ${customer.name}` })),
    ],
    at,
  );
  await adjustStock(ctx, plan.stock);
  return invoiceId;
}

/** The saved version of an invoice being edited: header, lines in order, each with its units. */
async function loadSaved(db: Kysely<DB>, id: number, revision: number | undefined) {
  const inv = await db.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirst();
  if (!inv) throw new AppError('not_found', `No invoice with id ${id}.`);
  if (inv.status === 'void') throw new AppError('conflict', `${inv.number} is void and cannot be edited.`);
  if (revision !== undefined && revision !== inv.revision) {
    throw new AppError(
      'conflict',
      `${inv.number} was changed elsewhere since you opened it. Reopen it to see the latest version; your edit was not saved.`,
    );
  }
  const lines = await db
    .selectFrom('invoice_lines')
    .select(['id', 'position', 'product_id', 'description', 'qty', 'unit_price_minor', 'taxable', 'line_total_minor'])
    .where('invoice_id', '=', id)
    .orderBy('position')
    .execute();
  const links = await db
    .selectFrom('invoice_line_serials as ils')
    .innerJoin('invoice_lines as il', 'il.id', 'ils.invoice_line_id')
    .select(['ils.invoice_line_id as lineId', 'ils.serial_id as serialId'])
    .where('il.invoice_id', '=', id)
    .execute();
  const byLine = Map.groupBy(links, (l) => l.lineId);
  return {
    id: inv.id,
    number: inv.number,
    revision: inv.revision,
    customerId: inv.customer_id,
    locationId: inv.location_id,
    taxRateBp: inv.tax_rate_bp,
    lines: lines.map((l) => ({
      ...l,
      productId: l.product_id,
      serialIds: (byLine.get(l.id) ?? []).map((s) => s.serialId),
    })),
  };
}

async function loadUnits(db: Kysely<DB>, ids: number[]) {
  const units = new Map<
    number,
    {
      id: number;
      serial: string;
      product_id: number;
      productName: string;
      status: SerialStatus;
      location_id: number;
      locationName: string;
      invoiceNumber: string | null;
    }
  >();
  for (const part of chunks(ids, 500)) {
    const rows = await db
      .selectFrom('serials as s')
      .innerJoin('products as p', 'p.id', 's.product_id')
      .innerJoin('locations as l', 'l.id', 's.location_id')
      .leftJoin('invoice_line_serials as ils', 'ils.serial_id', 's.id')
      .leftJoin('invoice_lines as il', 'il.id', 'ils.invoice_line_id')
      .leftJoin('invoices as i', 'i.id', 'il.invoice_id')
      .select([
        's.id',
        's.serial',
        's.product_id',
        'p.name as productName',
        's.status',
        's.location_id',
        'l.name as locationName',
        'i.number as invoiceNumber',
      ])
      .where('s.id', 'in', part)
      .execute();
    for (const r of rows) units.set(r.id, r);
  }
  return units;
}

export async function getInvoice(ctx: ReadCtx, id: number): Promise<Invoice> {
  const { db } = ctx;
  const inv = await db
    .selectFrom('invoices as i')
    .innerJoin('customers as c', 'c.id', 'i.customer_id')
    .innerJoin('locations as l', 'l.id', 'i.location_id')
    .selectAll('i')
    .select(['c.name as customerName', 'l.name as locationName'])
    .where('i.id', '=', id)
    .executeTakeFirst();
  if (!inv) throw new AppError('not_found', `No invoice with id ${id}.`);
  const lines = await db
    .selectFrom('invoice_lines as il')
    .innerJoin('products as p', 'p.id', 'il.product_id')
    .select([
      'il.id',
      'il.product_id',
      'p.name as productName',
      'p.sku',
      'p.serialized',
      'il.description',
      'il.qty',
      'il.unit_price_minor',
      'il.taxable',
      'il.line_total_minor',
    ])
    .where('il.invoice_id', '=', id)
    .orderBy('il.position')
    .execute();
  const serials = await db
    .selectFrom('invoice_line_serials as ils')
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
    .select([
      'i.id',
      'i.number',
      'c.name as customerName',
      'i.invoice_date as invoiceDate',
      'i.status',
      'i.total_minor as totalMinor',
    ])
    .orderBy('i.invoice_date', 'desc')
    .orderBy('i.id', 'desc')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  const count = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { rows, total: count.n };
}
