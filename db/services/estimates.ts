// Service work → Estimates (EST-000001): a customer's quote with lines like an invoice's (products, manual items,
// quantities in thousandths, tax rates; no serials), its status (Draft → Sent → Approved or Declined → Converted), and
// its conversion into a ticket (one pending charge per line) or a Draft invoice. Totals come from core/money.ts's
// invoiceTotals, computed here on every save, never trusted from input.
import { addDays } from '../../core/dates.ts';
import { estimateStatusLabel, type EstimateStatus } from '../../core/enums.ts';
import { AppError, refuseStaleEdit } from '../../core/errors.ts';
import type { Estimate, EstimateSummary } from '../../core/model.ts';
import { invoiceTotals, QTY_SCALE } from '../../core/money.ts';
import { iso, nextNumber, type ReadCtx, type WriteCtx } from './context.ts';
import { defaultTaxRate, taxRatesById, type RateRef } from './settings.ts';

/** How long an estimate is good for when no expiry date is given. */
export const DEFAULT_VALID_DAYS = 30;

export interface SaveEstimateLine {
  /** Null: a manual item. */
  productId: number | null;
  description: string;
  /** Thousandths. */
  qty: number;
  unitPriceMinor: number;
  taxable: boolean;
  /** Absent or null: the product's rate, else the shop's default. */
  taxRateId?: number | null;
}

export interface SaveEstimateInput {
  /** Absent: a new estimate (Draft). */
  id?: number;
  /** The revision the editor loaded: an edit of an estimate changed since is refused. */
  revision?: number;
  customerId: number;
  /** Absent: the default location. */
  locationId?: number;
  estimateDate: string;
  /** Absent: the estimate's date + 30 days. */
  expiryDate?: string;
  terms?: string;
  notes?: string;
  lines: SaveEstimateLine[];
}

export type EstimateRow = Awaited<ReturnType<typeof requireRow>>;

export async function requireRow(ctx: ReadCtx, id: number) {
  const row = await ctx.db
    .selectFrom('estimates as e')
    .innerJoin('customers as c', 'c.id', 'e.customer_id')
    .selectAll('e')
    .select('c.name as customer_name')
    .where('e.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', `No estimate with id ${id}.`);
  return row;
}

export const label = (status: EstimateStatus) => estimateStatusLabel[status];

/** Creates a Draft estimate or edits a Draft or Sent one (its lines rewritten, totals computed again). */
export async function saveEstimate(ctx: WriteCtx, input: SaveEstimateInput): Promise<Estimate> {
  const current = input.id === undefined ? undefined : await requireRow(ctx, input.id);
  if (current) {
    if (current.status !== 'draft' && current.status !== 'sent')
      throw new AppError('conflict', `${current.number} is ${label(current.status)}: it cannot be edited any more.`, {
        status: current.status,
      });
    refuseStaleEdit(current.number, input.revision, current.revision);
  }
  const customer = await ctx.db
    .selectFrom('customers')
    .select('id')
    .where('id', '=', input.customerId)
    .executeTakeFirst();
  if (!customer) throw new AppError('not_found', 'That customer no longer exists.', { field: 'customerId' });
  const locationId = input.locationId ?? Number(current?.location_id ?? (await defaultLocationId(ctx)));
  const expiryDate = input.expiryDate ?? addDays(input.estimateDate, DEFAULT_VALID_DAYS);
  if (expiryDate < input.estimateDate)
    throw new AppError('invalid_input', 'The expiry date is before the estimate’s date.', { field: 'expiryDate' });
  if (input.lines.length === 0)
    throw new AppError('invalid_input', 'An estimate needs at least one line.', { field: 'lines' });
  const lines = await checkLines(ctx, input.lines);
  const totals = invoiceTotals(lines.map((l) => ({ ...l, taxRateBp: l.rate.rateBp, taxRateName: l.rate.name })));
  const now = iso(ctx.now());
  const header = {
    customer_id: input.customerId,
    location_id: locationId,
    estimate_date: input.estimateDate,
    expiry_date: expiryDate,
    terms: (input.terms ?? current?.terms ?? '').trim(),
    notes: (input.notes ?? current?.notes ?? '').trim(),
    subtotal_minor: totals.subtotalMinor,
    tax_minor: totals.taxMinor,
    total_minor: totals.totalMinor,
    updated_at: now,
  };
  let id: number;
  if (current) {
    id = Number(current.id);
    await ctx.db
      .updateTable('estimates')
      .set({ ...header, revision: Number(current.revision) + 1 })
      .where('id', '=', id)
      .execute();
    await ctx.db.deleteFrom('estimate_lines').where('estimate_id', '=', id).execute();
  } else {
    const number = await nextNumber(ctx, 'estimate', 'EST-');
    const row = await ctx.db
      .insertInto('estimates')
      .values({ ...header, number, status: 'draft', created_at: now, created_by: ctx.actor })
      .returning('id')
      .executeTakeFirstOrThrow();
    id = Number(row.id);
  }
  await ctx.db
    .insertInto('estimate_lines')
    .values(
      lines.map((l, i) => ({
        estimate_id: id,
        position: i + 1,
        product_id: l.productId,
        description: l.description,
        qty: l.qty,
        unit_price_minor: l.unitPriceMinor,
        taxable: l.taxable ? 1 : 0,
        tax_rate_id: l.rate.id,
        tax_rate_name: l.rate.name,
        tax_rate_bp: l.rate.rateBp,
        line_total_minor: totals.lines[i]!.netMinor,
      })),
    )
    .execute();
  return getEstimate(ctx, id);
}

async function defaultLocationId(ctx: ReadCtx): Promise<number> {
  const row = await ctx.db
    .selectFrom('locations')
    .select('id')
    .orderBy('is_default', 'desc')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Each line checked (product exists, a manual item has a name, serial-tracked: whole units) with its tax rate. */
async function checkLines(ctx: ReadCtx, input: readonly SaveEstimateLine[]) {
  const productIds = [...new Set(input.flatMap((l) => (l.productId === null ? [] : [l.productId])))];
  const products = new Map(
    (productIds.length
      ? await ctx.db
          .selectFrom('products')
          .select(['id', 'name', 'serialized', 'tax_rate_id'])
          .where('id', 'in', productIds)
          .execute()
      : []
    ).map((p) => [Number(p.id), p]),
  );
  const fallback = await defaultTaxRate(ctx);
  const rateIds = input.flatMap((l) => {
    const id = l.taxRateId ?? (l.productId === null ? null : (products.get(l.productId)?.tax_rate_id ?? null));
    return id === null ? [] : [Number(id)];
  });
  const rates = await taxRatesById(ctx, rateIds);
  return input.map((line, i) => {
    const n = i + 1;
    const product = line.productId === null ? undefined : products.get(line.productId);
    if (line.productId !== null && !product)
      throw new AppError('not_found', `Line ${n}: that product no longer exists.`, { line: n });
    const description = (line.description.trim() || product?.name) ?? '';
    if (description === '')
      throw new AppError('invalid_input', `Line ${n} is a manual item: enter its name.`, { line: n });
    if (!Number.isInteger(line.qty) || line.qty <= 0)
      throw new AppError('invalid_input', `Line ${n}: enter a quantity above 0.`, { line: n });
    if (product?.serialized && line.qty % QTY_SCALE !== 0)
      throw new AppError(
        'invalid_input',
        `Line ${n} (${product.name}) is serial-tracked: its quantity must be a whole number.`,
        { line: n },
      );
    let rate: RateRef = fallback;
    if (line.taxRateId != null) {
      const chosen = rates.get(line.taxRateId);
      if (!chosen) throw new AppError('not_found', `Line ${n}: no tax rate with id ${line.taxRateId}.`, { line: n });
      if (chosen.archived)
        throw new AppError('invalid_input', `Line ${n}: the tax rate ${chosen.name} is archived; choose another.`, {
          line: n,
        });
      rate = chosen;
    } else if (product?.tax_rate_id != null) {
      const own = rates.get(Number(product.tax_rate_id));
      if (own && !own.archived) rate = own;
    }
    return {
      productId: line.productId,
      description,
      qty: line.qty,
      unitPriceMinor: line.unitPriceMinor,
      taxable: line.taxable,
      rate,
    };
  });
}

/** One estimate with its lines, tax per rate and what it was converted to. */
export async function getEstimate(ctx: ReadCtx, id: number): Promise<Estimate> {
  const row = await requireRow(ctx, id);
  const lines = await ctx.db
    .selectFrom('estimate_lines as l')
    .leftJoin('products as p', 'p.id', 'l.product_id')
    .selectAll('l')
    .select(['p.name as product_name', 'p.sku', 'p.serialized'])
    .where('l.estimate_id', '=', id)
    .orderBy('l.position')
    .execute();
  const [ticket, invoice] = await Promise.all([
    ctx.db
      .selectFrom('tickets')
      .select(['id', 'number'])
      .where('estimate_id', '=', id)
      .orderBy('id')
      .executeTakeFirst(),
    ctx.db
      .selectFrom('invoices')
      .select(['id', 'number'])
      .where('estimate_id', '=', id)
      .orderBy('id')
      .executeTakeFirst(),
  ]);
  const totals = invoiceTotals(
    lines.map((l) => ({
      qty: Number(l.qty),
      unitPriceMinor: Number(l.unit_price_minor),
      taxable: l.taxable === 1,
      taxRateBp: Number(l.tax_rate_bp),
      taxRateName: l.tax_rate_name,
    })),
  );
  return {
    id: Number(row.id),
    number: row.number,
    customerId: Number(row.customer_id),
    customerName: row.customer_name,
    locationId: Number(row.location_id),
    estimateDate: row.estimate_date,
    expiryDate: row.expiry_date,
    status: row.status,
    terms: row.terms,
    notes: row.notes,
    subtotalMinor: Number(row.subtotal_minor),
    taxMinor: Number(row.tax_minor),
    totalMinor: Number(row.total_minor),
    taxes: totals.taxes.map((t) => ({ name: t.name, rateBp: t.rateBp, taxMinor: t.taxMinor })),
    revision: Number(row.revision),
    sentAt: row.sent_at,
    decidedAt: row.decided_at,
    lines: lines.map((l) => ({
      id: Number(l.id),
      position: Number(l.position),
      productId: l.product_id === null ? null : Number(l.product_id),
      productName: l.product_name,
      sku: l.sku,
      serialized: l.serialized === 1,
      description: l.description,
      qty: Number(l.qty),
      unitPriceMinor: Number(l.unit_price_minor),
      taxable: l.taxable === 1,
      taxRateId: l.tax_rate_id === null ? null : Number(l.tax_rate_id),
      taxRateName: l.tax_rate_name,
      taxRateBp: Number(l.tax_rate_bp),
      lineTotalMinor: Number(l.line_total_minor),
    })),
    hasSerialized: lines.some((l) => l.serialized === 1),
    ticket: ticket ? { id: Number(ticket.id), number: ticket.number } : null,
    invoice: invoice ? { id: Number(invoice.id), number: invoice.number } : null,
  };
}

export interface EstimateFilter {
  status?: EstimateStatus;
  customerId?: number;
}

/** The Estimates list, newest first. */
export async function listEstimates(ctx: ReadCtx, filter: EstimateFilter = {}): Promise<EstimateSummary[]> {
  let q = ctx.db
    .selectFrom('estimates as e')
    .innerJoin('customers as c', 'c.id', 'e.customer_id')
    .select([
      'e.id',
      'e.number',
      'e.customer_id',
      'c.name as customer_name',
      'e.estimate_date',
      'e.expiry_date',
      'e.status',
      'e.total_minor',
    ]);
  if (filter.status) q = q.where('e.status', '=', filter.status);
  if (filter.customerId !== undefined) q = q.where('e.customer_id', '=', filter.customerId);
  const rows = await q.orderBy('e.id', 'desc').limit(1000).execute();
  return rows.map((r) => ({
    id: Number(r.id),
    number: r.number,
    customerId: Number(r.customer_id),
    customerName: r.customer_name,
    estimateDate: r.estimate_date,
    expiryDate: r.expiry_date,
    status: r.status,
    totalMinor: Number(r.total_minor),
  }));
}

/** The statuses a person sets by hand (Converted is set only by a conversion), and where each may come from. */
export const STATUS_FROM: Record<'sent' | 'approved' | 'declined', readonly EstimateStatus[]> = {
  sent: ['draft'],
  approved: ['draft', 'sent'],
  declined: ['draft', 'sent'],
};

/** Mark sent, Approve, Decline. */
export async function setEstimateStatus(
  ctx: WriteCtx,
  id: number,
  status: 'sent' | 'approved' | 'declined',
): Promise<Estimate> {
  const row = await requireRow(ctx, id);
  if (!STATUS_FROM[status].includes(row.status))
    throw new AppError(
      'conflict',
      row.status === status
        ? `${row.number} is already ${label(status)}.`
        : `${row.number} is ${label(row.status)}: it cannot be marked ${label(status)}.`,
      { status: row.status },
    );
  const now = iso(ctx.now());
  await ctx.db
    .updateTable('estimates')
    .set({
      status,
      updated_at: now,
      revision: Number(row.revision) + 1,
      ...(status === 'sent' ? { sent_at: now } : { decided_at: now }),
    })
    .where('id', '=', id)
    .execute();
  return getEstimate(ctx, id);
}

/** E-mailing a Draft estimate marks it Sent (a Sent or later one keeps its status). */
export async function markEstimateEmailed(ctx: WriteCtx, id: number): Promise<void> {
  const row = await requireRow(ctx, id);
  if (row.status === 'draft') await setEstimateStatus(ctx, id, 'sent');
}
