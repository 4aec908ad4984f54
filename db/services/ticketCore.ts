// Service work: the core every ticket feature builds on. Creating a ticket (from the Tickets page or an estimate),
// adding a line item charge, and reading a ticket's charges: which are pending, what they are worth, and the
// billing status they add up to. Invoiced is never stored (db/migrations/0009_service_work.ts): a charge is
// invoiced while its invoice_line_id names a line of an invoice that is not Void.
import { lineTotalMinor, taxOn } from '../../core/money.ts';
import type { BillingStatus, ChargeKind, LabourStatus } from '../../core/enums.ts';
import { AppError } from '../../core/errors.ts';
import { iso, nextNumber, type ReadCtx, type WriteCtx } from './context.ts';
import { defaultTaxRate, taxRateById, taxRatesById } from './settings.ts';

export interface NewTicket {
  customerId: number;
  title: string;
  description?: string;
  /** Absent: the first status of the list (New). */
  statusId?: number;
  estimateId?: number | null;
  /** Absent: the default location. */
  locationId?: number;
}

/** T-000001: a new ticket. One write; the caller's command owns the transaction. */
export async function createTicket(ctx: WriteCtx, input: NewTicket): Promise<{ id: number; number: string }> {
  const title = input.title.trim();
  if (title === '') throw new AppError('invalid_input', 'Give the ticket a title.', { field: 'title' });
  const customer = await ctx.db
    .selectFrom('customers')
    .select('id')
    .where('id', '=', input.customerId)
    .executeTakeFirst();
  if (!customer) throw new AppError('not_found', 'That customer no longer exists.', { field: 'customerId' });
  const statusId = input.statusId ?? (await firstTicketStatusId(ctx));
  const locationId =
    input.locationId ??
    (
      await ctx.db
        .selectFrom('locations')
        .select('id')
        .orderBy('is_default', 'desc')
        .orderBy('id')
        .executeTakeFirstOrThrow()
    ).id;
  const now = iso(ctx.now());
  const number = await nextNumber(ctx, 'ticket', 'T-');
  const row = await ctx.db
    .insertInto('tickets')
    .values({
      number,
      customer_id: input.customerId,
      location_id: locationId,
      title,
      description: input.description?.trim() ?? '',
      status_id: statusId,
      estimate_id: input.estimateId ?? null,
      created_at: now,
      created_by: ctx.actor,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: Number(row.id), number };
}

async function firstTicketStatusId(ctx: ReadCtx): Promise<number> {
  const row = await ctx.db
    .selectFrom('ticket_statuses')
    .select('id')
    .where('archived', '=', 0)
    .orderBy('position')
    .orderBy('id')
    .executeTakeFirst();
  if (!row) throw new AppError('conflict', 'No ticket status is left: add one in Settings → Tickets.');
  return Number(row.id);
}

export interface NewItemCharge {
  /** Null: a manual item. */
  productId: number | null;
  description?: string;
  /** Thousandths. */
  qty: number;
  /** Absent: the product's price. */
  unitPriceMinor?: number;
  /** Absent: the product's (a manual item: true). */
  taxable?: boolean;
  /** Absent: the product's rate, else the shop's default. */
  taxRateId?: number | null;
  estimateLineId?: number | null;
}

/** Adds a line item (hardware, materials) to a ticket's charges, at the end. */
export async function addItemCharge(ctx: WriteCtx, ticketId: number, input: NewItemCharge): Promise<number> {
  const product =
    input.productId === null
      ? null
      : await ctx.db
          .selectFrom('products')
          .select(['id', 'name', 'price_minor', 'taxable', 'tax_rate_id', 'serialized'])
          .where('id', '=', input.productId)
          .executeTakeFirst();
  if (input.productId !== null && !product) {
    throw new AppError('not_found', 'That product no longer exists.', { field: 'productId' });
  }
  const description = (input.description ?? product?.name ?? '').trim();
  if (description === '') throw new AppError('invalid_input', 'Describe the item.', { field: 'description' });
  if (!Number.isInteger(input.qty) || input.qty <= 0) {
    throw new AppError('invalid_input', 'Enter a quantity above 0.', { field: 'qty' });
  }
  if (product?.serialized && input.qty % 1000 !== 0) {
    throw new AppError('invalid_input', `${product.name} is serial-tracked: enter whole units.`, { field: 'qty' });
  }
  const rateId = input.taxRateId !== undefined ? input.taxRateId : (product?.tax_rate_id ?? null);
  const rate = (rateId !== null ? await taxRateById(ctx, rateId) : undefined) ?? (await defaultTaxRate(ctx));
  const position = await nextChargePosition(ctx, ticketId);
  const row = await ctx.db
    .insertInto('ticket_charges')
    .values({
      ticket_id: ticketId,
      position,
      kind: 'item',
      product_id: input.productId,
      description,
      qty: input.qty,
      unit_price_minor: input.unitPriceMinor ?? product?.price_minor ?? 0,
      taxable: (input.taxable ?? (product ? product.taxable === 1 : true)) ? 1 : 0,
      tax_rate_id: rate.id,
      tax_rate_name: rate.name,
      tax_rate_bp: rate.rateBp,
      estimate_line_id: input.estimateLineId ?? null,
      created_at: iso(ctx.now()),
      actor: ctx.actor,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await touchTicket(ctx, ticketId);
  return Number(row.id);
}

export async function nextChargePosition(ctx: ReadCtx, ticketId: number): Promise<number> {
  const row = await ctx.db
    .selectFrom('ticket_charges')
    .select((eb) => eb.fn.max('position').as('last'))
    .where('ticket_id', '=', ticketId)
    .executeTakeFirst();
  return Number(row?.last ?? 0) + 1;
}

/** A ticket changed: its updated_at and revision move on (an open ticket page sees it is stale). */
export async function touchTicket(ctx: WriteCtx, ticketId: number): Promise<void> {
  await ctx.db
    .updateTable('tickets')
    .set((eb) => ({ updated_at: iso(ctx.now()), revision: eb('revision', '+', 1) }))
    .where('id', '=', ticketId)
    .execute();
}

/** One charge of a ticket, as Add/View Charges lists it. */
export interface ChargeRow {
  /** 'labour' rows come from the labour log (Charged entries); others from ticket_charges. */
  source: 'labour' | ChargeKind;
  id: number;
  productId: number | null;
  description: string;
  qty: number;
  unitPriceMinor: number;
  taxable: boolean;
  taxRateId: number | null;
  taxRateName: string;
  taxRateBp: number;
  /** qty × price (a deposit: negative, net of refunds). */
  amountMinor: number;
  /** Tax on amountMinor at the line's rate (0 when not taxable). */
  taxMinor: number;
  /** The invoice line it is on (an invoice that is not Void), or null: pending. */
  invoiceLineId: number | null;
  invoiceId: number | null;
  invoiceNumber: string | null;
  /** Serialized line items: the units it has, and how many it needs. */
  serialIds: number[];
  unitsNeeded: number;
  serialized: boolean;
  depositInvoiceId: number | null;
  refundedMinor: number;
  /** When it was made (ISO): a labour entry's start, a line item's or deposit's creation. */
  at: string;
}

export interface TicketChargesSummary {
  charges: ChargeRow[];
  /** Pending (not invoiced) charges: Charged labour plus line items, minus deposits not yet consumed. */
  pending: ChargeRow[];
  pendingTotalMinor: number;
  /** Billable labour not yet Charged (shown beside the charges, not in them). */
  notChargedMinutes: number;
  billingStatus: BillingStatus;
}

/** Minutes to thousandths of an hour (the quantity of a labour line), rounded half up. */
export const minutesToQty = (minutes: number): number => Math.round((minutes * 1000) / 60);

/**
 * A ticket's charges and billing status. Labour: Charged entries priced at their labour product's price per hour.
 * Deposits: worth -(deposit - refunded); a fully refunded deposit is no charge at all.
 */
export async function ticketCharges(ctx: ReadCtx, ticketId: number): Promise<TicketChargesSummary> {
  const items = await ctx.db
    .selectFrom('ticket_charges as c')
    .leftJoin('invoice_lines as l', 'l.id', 'c.invoice_line_id')
    .leftJoin('invoices as i', 'i.id', 'l.invoice_id')
    .leftJoin('products as p', 'p.id', 'c.product_id')
    .select([
      'c.id',
      'c.kind',
      'c.product_id',
      'c.description',
      'c.qty',
      'c.unit_price_minor',
      'c.taxable',
      'c.tax_rate_id',
      'c.tax_rate_name',
      'c.tax_rate_bp',
      'c.deposit_invoice_id',
      'c.refunded_minor',
      'c.invoice_line_id',
      'c.created_at',
      'i.id as invoice_id',
      'i.number as invoice_number',
      'i.status as invoice_status',
      'p.serialized',
    ])
    .where('c.ticket_id', '=', ticketId)
    .orderBy('c.position')
    .execute();
  const units = items.length
    ? await ctx.db
        .selectFrom('ticket_charge_serials')
        .select(['ticket_charge_id', 'serial_id'])
        .where(
          'ticket_charge_id',
          'in',
          items.map((c) => c.id),
        )
        .orderBy('serial_id')
        .execute()
    : [];
  const labour = await ctx.db
    .selectFrom('ticket_labour as t')
    .innerJoin('products as p', 'p.id', 't.product_id')
    .leftJoin('invoice_lines as l', 'l.id', 't.invoice_line_id')
    .leftJoin('invoices as i', 'i.id', 'l.invoice_id')
    .select([
      't.id',
      't.product_id',
      't.note',
      't.minutes',
      't.billable',
      't.charged',
      't.invoice_line_id',
      't.started_at',
      'p.name',
      'p.price_minor',
      'p.taxable',
      'p.tax_rate_id',
      'i.id as invoice_id',
      'i.number as invoice_number',
      'i.status as invoice_status',
    ])
    .where('t.ticket_id', '=', ticketId)
    .orderBy('t.id')
    .execute();
  const defaultRate = await defaultTaxRate(ctx);
  // The labour products' rates, read once for the whole log.
  const labourRates = await taxRatesById(
    ctx,
    labour.flatMap((t) => (t.tax_rate_id === null ? [] : [Number(t.tax_rate_id)])),
  );
  const charges: ChargeRow[] = [];
  let notChargedMinutes = 0;
  for (const t of labour) {
    if (t.billable !== 1 || t.minutes === null) continue;
    if (t.charged !== 1) {
      notChargedMinutes += Number(t.minutes);
      continue;
    }
    const rate = (t.tax_rate_id !== null ? labourRates.get(Number(t.tax_rate_id)) : undefined) ?? defaultRate;
    const qty = minutesToQty(Number(t.minutes));
    const price = Number(t.price_minor);
    const amount = lineTotalMinor(qty, price);
    const invoiced = t.invoice_line_id !== null && t.invoice_status !== 'void';
    charges.push({
      source: 'labour',
      id: Number(t.id),
      productId: Number(t.product_id),
      description: t.note ? `${t.name}: ${t.note}` : t.name,
      qty,
      unitPriceMinor: price,
      taxable: t.taxable === 1,
      taxRateId: rate.id,
      taxRateName: rate.name,
      taxRateBp: rate.rateBp,
      amountMinor: amount,
      taxMinor: t.taxable === 1 ? taxOn(amount, rate.rateBp) : 0,
      invoiceLineId: invoiced ? Number(t.invoice_line_id) : null,
      invoiceId: invoiced ? Number(t.invoice_id) : null,
      invoiceNumber: invoiced ? t.invoice_number : null,
      serialIds: [],
      unitsNeeded: 0,
      serialized: false,
      depositInvoiceId: null,
      refundedMinor: 0,
      at: t.started_at,
    });
  }
  for (const c of items) {
    const refunded = Number(c.refunded_minor);
    const amount =
      c.kind === 'deposit'
        ? Number(c.unit_price_minor) + refunded
        : lineTotalMinor(Number(c.qty), Number(c.unit_price_minor));
    if (c.kind === 'deposit' && amount === 0) continue; // refunded in full: nothing left to consume
    const invoiced = c.invoice_line_id !== null && c.invoice_status !== 'void';
    const serialized = c.serialized === 1;
    charges.push({
      source: c.kind,
      id: Number(c.id),
      productId: c.product_id === null ? null : Number(c.product_id),
      description: c.description,
      qty: Number(c.qty),
      unitPriceMinor: c.kind === 'deposit' ? amount : Number(c.unit_price_minor),
      taxable: c.taxable === 1,
      taxRateId: c.tax_rate_id === null ? null : Number(c.tax_rate_id),
      taxRateName: c.tax_rate_name,
      taxRateBp: Number(c.tax_rate_bp),
      amountMinor: amount,
      taxMinor: c.taxable === 1 ? taxOn(amount, Number(c.tax_rate_bp)) : 0,
      invoiceLineId: invoiced ? Number(c.invoice_line_id) : null,
      invoiceId: invoiced ? Number(c.invoice_id) : null,
      invoiceNumber: invoiced ? c.invoice_number : null,
      serialIds: units.filter((u) => Number(u.ticket_charge_id) === Number(c.id)).map((u) => Number(u.serial_id)),
      unitsNeeded: serialized ? Math.round(Number(c.qty) / 1000) : 0,
      serialized,
      depositInvoiceId: c.deposit_invoice_id === null ? null : Number(c.deposit_invoice_id),
      refundedMinor: refunded,
      at: c.created_at,
    });
  }
  const pending = charges.filter((c) => c.invoiceLineId === null);
  return {
    charges,
    pending,
    pendingTotalMinor: pending.reduce((sum, c) => sum + c.amountMinor + c.taxMinor, 0),
    notChargedMinutes,
    billingStatus: billingStatusOf(charges),
  };
}

/**
 * Invoiced: everything billable is on an invoice; Partially Invoiced: a deposit taken or some charges invoiced, and
 * some not; Invoice Required: billable charges and nothing invoiced or deposited yet; No Charge: nothing billable.
 */
export function billingStatusOf(charges: readonly ChargeRow[]): BillingStatus {
  if (charges.length === 0) return 'no_charge';
  const pendingBillable = charges.some((c) => c.invoiceLineId === null && c.source !== 'deposit');
  const someInvoiced = charges.some((c) => c.invoiceLineId !== null || c.source === 'deposit');
  if (!pendingBillable) return charges.some((c) => c.invoiceLineId === null) ? 'partially_invoiced' : 'invoiced';
  return someInvoiced ? 'partially_invoiced' : 'invoice_required';
}

/** A labour entry's status, as the labour log shows it. */
export function labourStatusOf(entry: {
  billable: number;
  charged: number;
  minutes: number | null;
  invoiced: boolean;
}): LabourStatus {
  if (entry.minutes === null) return 'running';
  if (entry.billable !== 1) return 'not_billable';
  if (entry.invoiced) return 'invoiced';
  return entry.charged === 1 ? 'charged' : 'not_charged';
}
