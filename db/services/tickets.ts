// Tickets: the list, one ticket as its page shows it (labour log, line items, pending charges, linked documents),
// creating and editing a ticket, and Settings → Tickets (the status list and "Charge billable time by default").
// Charges and the billing status come from ticketCharges (ticketCore.ts): Invoiced is derived, never stored.
import type { BillingStatus } from '../../core/enums.ts';
import { AppError } from '../../core/errors.ts';
import { lineTotalMinor } from '../../core/money.ts';
import type {
  Ticket,
  TicketChargeRow,
  TicketDocument,
  TicketSettings,
  TicketStatusRow,
  TicketSummary,
} from '../../core/model.ts';
import { iso, type ReadCtx, type WriteCtx } from './context.ts';
import { getSetting, putSetting } from './settings.ts';
import {
  createTicket,
  labourStatusOf,
  minutesToQty,
  ticketCharges,
  touchTicket,
  type ChargeRow,
} from './ticketCore.ts';

/** Settings key: new billable labour entries start Charged ('1') or Not Charged (absent, '0'). */
export const CHARGE_BILLABLE_KEY = 'tickets.chargeBillableByDefault';

export async function chargeBillableByDefault(ctx: ReadCtx): Promise<boolean> {
  return (await getSetting(ctx, CHARGE_BILLABLE_KEY)) === '1';
}

export async function getTicketSettings(ctx: ReadCtx): Promise<TicketSettings> {
  const statuses = await ctx.db
    .selectFrom('ticket_statuses')
    .select(['id', 'name', 'position', 'archived'])
    .orderBy('position')
    .orderBy('id')
    .execute();
  const technicians = await ctx.db
    .selectFrom('staff')
    .select(['id', 'name'])
    .where('active', '=', 1)
    .orderBy('name')
    .execute();
  const labourProducts = await ctx.db
    .selectFrom('products')
    .select(['id', 'name', 'sku', 'price_minor'])
    .where('serialized', '=', 0)
    .where('maintain_stock', '=', 0)
    .orderBy('name')
    .execute();
  return {
    statuses: statuses.map((s): TicketStatusRow => ({
      id: Number(s.id),
      name: s.name,
      position: Number(s.position),
      archived: s.archived === 1,
    })),
    chargeBillableByDefault: await chargeBillableByDefault(ctx),
    technicians: technicians.map((t) => ({ id: Number(t.id), name: t.name })),
    labourProducts: labourProducts.map((p) => ({
      id: Number(p.id),
      name: p.name,
      sku: p.sku,
      priceMinor: Number(p.price_minor),
    })),
  };
}

export async function saveTicketSettings(
  ctx: WriteCtx,
  input: { chargeBillableByDefault: boolean },
): Promise<TicketSettings> {
  await putSetting(ctx, CHARGE_BILLABLE_KEY, input.chargeBillableByDefault ? '1' : '0');
  return getTicketSettings(ctx);
}

/** Adds a status (no id) at the end, or renames or (un)archives one. The list never loses its last status. */
export async function saveTicketStatus(
  ctx: WriteCtx,
  input: { id?: number; name: string; archived?: boolean },
): Promise<TicketSettings> {
  const name = input.name.trim();
  if (name === '') throw new AppError('invalid_input', 'Name the status.', { field: 'name' });
  const same = await ctx.db
    .selectFrom('ticket_statuses')
    .select(['id', 'name'])
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst();
  if (same && Number(same.id) !== input.id) {
    throw new AppError('conflict', `There is already a status named ${same.name}.`, { field: 'name' });
  }
  if (input.id === undefined) {
    const last = await ctx.db
      .selectFrom('ticket_statuses')
      .select((eb) => eb.fn.max('position').as('last'))
      .executeTakeFirst();
    await ctx.db
      .insertInto('ticket_statuses')
      .values({ name, position: Number(last?.last ?? 0) + 1, archived: input.archived ? 1 : 0 })
      .execute();
    return getTicketSettings(ctx);
  }
  const row = await ctx.db.selectFrom('ticket_statuses').selectAll().where('id', '=', input.id).executeTakeFirst();
  if (!row) throw new AppError('not_found', 'That status no longer exists.');
  const archived = input.archived ?? row.archived === 1;
  if (archived && row.archived !== 1) {
    const active = await ctx.db
      .selectFrom('ticket_statuses')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('archived', '=', 0)
      .executeTakeFirstOrThrow();
    if (Number(active.n) <= 1) {
      throw new AppError('conflict', `${row.name} is the last status: add another before archiving it.`);
    }
  }
  await ctx.db
    .updateTable('ticket_statuses')
    .set({ name, archived: archived ? 1 : 0 })
    .where('id', '=', input.id)
    .execute();
  return getTicketSettings(ctx);
}

/** Moves a status one place up or down the list (swaps positions with its neighbour). */
export async function moveTicketStatus(
  ctx: WriteCtx,
  input: { id: number; direction: 'up' | 'down' },
): Promise<TicketSettings> {
  const all = (await getTicketSettings(ctx)).statuses;
  const at = all.findIndex((s) => s.id === input.id);
  if (at < 0) throw new AppError('not_found', 'That status no longer exists.');
  const other = all[input.direction === 'up' ? at - 1 : at + 1];
  if (!other) return getTicketSettings(ctx);
  const order = all.map((s) => s.id);
  order[at] = other.id;
  order[input.direction === 'up' ? at - 1 : at + 1] = input.id;
  for (const [i, id] of order.entries()) {
    await ctx.db
      .updateTable('ticket_statuses')
      .set({ position: i + 1 })
      .where('id', '=', id)
      .execute();
  }
  return getTicketSettings(ctx);
}

export interface TicketFilter {
  statusId?: number;
  billingStatus?: BillingStatus;
  customerId?: number;
  search?: string;
}

/** The Tickets list, newest first; the billing status is computed for each ticket. */
export async function listTickets(ctx: ReadCtx, filter: TicketFilter = {}): Promise<TicketSummary[]> {
  let q = ctx.db
    .selectFrom('tickets as t')
    .innerJoin('customers as c', 'c.id', 't.customer_id')
    .innerJoin('ticket_statuses as s', 's.id', 't.status_id')
    .select(['t.id', 't.number', 't.customer_id', 'c.name as customerName', 't.title', 't.status_id', 't.updated_at'])
    .select('s.name as statusName')
    .orderBy('t.id', 'desc')
    .limit(500);
  if (filter.statusId !== undefined) q = q.where('t.status_id', '=', filter.statusId);
  if (filter.customerId !== undefined) q = q.where('t.customer_id', '=', filter.customerId);
  const search = filter.search?.trim().toLowerCase();
  if (search) {
    const like = `%${search}%`;
    q = q.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['t.number']), 'like', like),
        eb(eb.fn('lower', ['t.title']), 'like', like),
        eb(eb.fn('lower', ['c.name']), 'like', like),
      ]),
    );
  }
  const rows = await q.execute();
  const out: TicketSummary[] = [];
  for (const r of rows) {
    const billingStatus = (await ticketCharges(ctx, Number(r.id))).billingStatus;
    if (filter.billingStatus !== undefined && billingStatus !== filter.billingStatus) continue;
    out.push({
      id: Number(r.id),
      number: r.number,
      customerId: Number(r.customer_id),
      customerName: r.customerName,
      title: r.title,
      statusId: Number(r.status_id),
      statusName: r.statusName,
      billingStatus,
      updatedAt: r.updated_at,
    });
  }
  return out;
}

export async function getTicket(ctx: ReadCtx, id: number): Promise<Ticket> {
  const t = await ctx.db
    .selectFrom('tickets as t')
    .innerJoin('customers as c', 'c.id', 't.customer_id')
    .innerJoin('ticket_statuses as s', 's.id', 't.status_id')
    .selectAll('t')
    .select(['c.name as customerName', 's.name as statusName'])
    .where('t.id', '=', id)
    .executeTakeFirst();
  if (!t) throw new AppError('not_found', 'That ticket no longer exists.');
  const summary = await ticketCharges(ctx, id);
  const serialIds = summary.charges.flatMap((c) => c.serialIds);
  const serials = new Map(
    serialIds.length === 0
      ? []
      : (await ctx.db.selectFrom('serials').select(['id', 'serial']).where('id', 'in', serialIds).execute()).map(
          (s) => [Number(s.id), s.serial],
        ),
  );
  const productIds = [...new Set(summary.charges.flatMap((c) => (c.productId === null ? [] : [c.productId])))];
  const skus = new Map(
    productIds.length === 0
      ? []
      : (await ctx.db.selectFrom('products').select(['id', 'sku']).where('id', 'in', productIds).execute()).map((p) => [
          Number(p.id),
          p.sku,
        ]),
  );
  const row = (c: ChargeRow): TicketChargeRow => ({
    source: c.source,
    id: c.id,
    productId: c.productId,
    sku: c.productId === null ? null : (skus.get(c.productId) ?? null),
    description: c.description,
    qty: c.qty,
    unitPriceMinor: c.unitPriceMinor,
    taxable: c.taxable,
    amountMinor: c.amountMinor,
    taxMinor: c.taxMinor,
    serialized: c.serialized,
    unitsNeeded: c.unitsNeeded,
    serials: c.serialIds.map((sid) => ({ id: sid, serial: serials.get(sid) ?? `#${sid}` })),
    invoice: c.invoiceId === null ? null : { id: c.invoiceId, number: c.invoiceNumber ?? '' },
  });
  return {
    id: Number(t.id),
    number: t.number,
    customerId: Number(t.customer_id),
    customerName: t.customerName,
    locationId: Number(t.location_id),
    title: t.title,
    description: t.description,
    statusId: Number(t.status_id),
    statusName: t.statusName,
    revision: Number(t.revision),
    createdAt: t.created_at,
    updatedAt: t.updated_at,
    billingStatus: summary.billingStatus,
    pendingTotalMinor: summary.pendingTotalMinor,
    notChargedMinutes: summary.notChargedMinutes,
    labour: await labourLog(ctx, id),
    items: summary.charges.filter((c) => c.source === 'item').map(row),
    pending: summary.pending.map(row),
    documents: await ticketDocuments(ctx, id, t.estimate_id === null ? null : Number(t.estimate_id)),
  };
}

async function labourLog(ctx: ReadCtx, ticketId: number): Promise<Ticket['labour']> {
  const rows = await ctx.db
    .selectFrom('ticket_labour as t')
    .innerJoin('staff as s', 's.id', 't.staff_id')
    .innerJoin('products as p', 'p.id', 't.product_id')
    .leftJoin('invoice_lines as l', 'l.id', 't.invoice_line_id')
    .leftJoin('invoices as i', 'i.id', 'l.invoice_id')
    .selectAll('t')
    .select(['s.name as staffName', 'p.name as productName', 'p.price_minor'])
    .select(['i.id as invoiceId', 'i.number as invoiceNumber', 'i.status as invoiceStatus'])
    .where('t.ticket_id', '=', ticketId)
    .orderBy('t.id')
    .execute();
  return rows.map((r) => {
    const invoiced = r.invoiceId !== null && r.invoiceStatus !== 'void';
    const minutes = r.minutes === null ? null : Number(r.minutes);
    return {
      id: Number(r.id),
      staffId: Number(r.staff_id),
      staffName: r.staffName,
      productId: Number(r.product_id),
      productName: r.productName,
      note: r.note,
      billable: r.billable === 1,
      startedAt: r.started_at,
      stoppedAt: r.stopped_at,
      minutes,
      status: labourStatusOf({ billable: r.billable, charged: r.charged, minutes, invoiced }),
      amountMinor: minutes === null ? 0 : lineTotalMinor(minutesToQty(minutes), Number(r.price_minor)),
      invoice: invoiced ? { id: Number(r.invoiceId), number: r.invoiceNumber ?? '' } : null,
    };
  });
}

/** The estimate, deposit invoices, purchase orders (a line for the ticket) and invoices of a ticket. */
async function ticketDocuments(ctx: ReadCtx, ticketId: number, estimateId: number | null) {
  const doc = (r: { id: number; number: string; status: string; total_minor: number }): TicketDocument => ({
    id: Number(r.id),
    number: r.number,
    status: r.status,
    totalMinor: Number(r.total_minor),
  });
  const estimate =
    estimateId === null
      ? undefined
      : await ctx.db
          .selectFrom('estimates')
          .select(['id', 'number', 'status', 'total_minor'])
          .where('id', '=', estimateId)
          .executeTakeFirst();
  const invoices = await ctx.db
    .selectFrom('invoices')
    .select(['id', 'number', 'status', 'total_minor', 'is_deposit'])
    .where('ticket_id', '=', ticketId)
    .orderBy('id')
    .execute();
  const orders = await ctx.db
    .selectFrom('purchase_orders as o')
    .innerJoin('purchase_order_lines as l', 'l.purchase_order_id', 'o.id')
    .select(['o.id', 'o.number', 'o.status'])
    .where('l.ticket_id', '=', ticketId)
    .groupBy(['o.id', 'o.number', 'o.status'])
    .orderBy('o.id')
    .execute();
  return {
    estimate: estimate ? doc(estimate) : null,
    deposits: invoices.filter((i) => i.is_deposit === 1).map(doc),
    purchaseOrders: orders.map((o) => doc({ ...o, total_minor: 0 })),
    invoices: invoices.filter((i) => i.is_deposit !== 1).map(doc),
  };
}

export interface SaveTicketInput {
  id?: number;
  revision?: number;
  customerId: number;
  title: string;
  description: string;
  statusId?: number;
}

/** New ticket, or an edit of its title, description, status (and customer while nothing is invoiced). */
export async function saveTicket(ctx: WriteCtx, input: SaveTicketInput): Promise<Ticket> {
  if (input.statusId !== undefined) {
    const status = await ctx.db
      .selectFrom('ticket_statuses')
      .select(['id', 'name', 'archived'])
      .where('id', '=', input.statusId)
      .executeTakeFirst();
    if (!status) throw new AppError('not_found', 'That status no longer exists.', { field: 'statusId' });
  }
  if (input.id === undefined) {
    const made = await createTicket(ctx, {
      customerId: input.customerId,
      title: input.title,
      description: input.description,
      ...(input.statusId !== undefined ? { statusId: input.statusId } : {}),
    });
    return getTicket(ctx, made.id);
  }
  const was = await ctx.db.selectFrom('tickets').selectAll().where('id', '=', input.id).executeTakeFirst();
  if (!was) throw new AppError('not_found', 'That ticket no longer exists.');
  if (input.revision !== undefined && input.revision !== Number(was.revision)) {
    throw new AppError('conflict', `${was.number} was changed elsewhere since you opened it. Reopen it; not saved.`);
  }
  const title = input.title.trim();
  if (title === '') throw new AppError('invalid_input', 'Give the ticket a title.', { field: 'title' });
  if (input.customerId !== Number(was.customer_id)) {
    const billed = await ctx.db
      .selectFrom('invoices')
      .select('number')
      .where('ticket_id', '=', input.id)
      .where('status', '<>', 'void')
      .executeTakeFirst();
    if (billed) {
      throw new AppError('conflict', `${was.number} has ${billed.number}: its customer cannot change.`, {
        field: 'customerId',
      });
    }
  }
  await ctx.db
    .updateTable('tickets')
    .set({
      customer_id: input.customerId,
      title,
      description: input.description.trim(),
      status_id: input.statusId ?? Number(was.status_id),
      updated_at: iso(ctx.now()),
    })
    .where('id', '=', input.id)
    .execute();
  await touchTicket(ctx, input.id);
  return getTicket(ctx, input.id);
}
