import { invoiceStatusLabel, serialStatusPhrase, type InvoiceStatus, type SerialStatus } from '../../core/enums.ts';
import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import { addDays, localDate } from '../../core/dates.ts';
import { AppError, refuseStaleEdit } from '../../core/errors.ts';
import type { AppliedDiscount, Invoice, InvoicePayment } from '../../core/model.ts';
import { formatMoney, invoiceTotals, QTY_SCALE, type Discount, type Totals } from '../../core/money.ts';
import type { DB, InvoiceLinesTable, ProductsTable } from '../schema.ts';
import { movesStockLevels, productsById, requireLocation } from './catalog.ts';
import { chunks, iso, nextNumber, type ReadCtx, type WriteCtx } from './context.ts';
import { isOverdue, savedInvoiceTotals } from './invoiceSummary.ts';
import { readRefunds } from './paymentReads.ts';
import { recomputeInvoiceMoney, settleVoidedInvoicePayments } from './payments.ts';
import { checkSaleRules, refuseOversell, type Approvals } from './saleChecks.ts';
import {
  defaultTaxRate,
  invoicePrefix,
  shopCurrency,
  shopLocale,
  taxRatesById,
  termsNamed,
  type RateRef,
} from './settings.ts';
import { requireManager } from './staff.ts';
import { reservedForTicket } from './ticketReservations.ts';
import { adjustStock, recordSerialEvents, type StockMove } from './stock.ts';

export interface SaveInvoiceLine {
  /** The saved line this is, on an edit; absent for a line the edit adds. Line ids stay the same across saves. */
  id?: number;
  /** Null: a manual item. */
  productId: number | null;
  description: string;
  /** Thousandths. */
  qty: number;
  unitPriceMinor: number;
  taxable: boolean;
  /** Absent: a kept line keeps its saved rate, a new one takes its product's rate or the default; null: the default. */
  taxRateId?: number | null;
  serialIds: number[];
  /** A line discount, with its reason. */
  discount?: LineDiscountInput | null;
  /** Make Invoice: the ticket's deposit charge this negative, manual, non-taxable line takes off (checkTicketLines). */
  depositChargeId?: number;
  /** A recurring counter line: its quantity was counted at the run and may be 0 (never a serialized product). */
  counted?: boolean;
}

export interface LineDiscountInput extends Discount {
  reason?: string;
}

export interface SaveInvoiceInput {
  id?: number;
  revision?: number;
  /** True: Save draft (stays or becomes a Draft, units Reserved). False: Save, which finalises a Draft to Sent. */
  draft?: boolean;
  customerId: number;
  locationId: number;
  invoiceDate: string;
  /** Terms name; '' for the shop's default terms. */
  terms?: string;
  /** Absent: invoice date + the terms' days. */
  dueDate?: string;
  notes: string;
  lines: SaveInvoiceLine[];
  /** The sale discount, with its reason. */
  discount?: LineDiscountInput | null;
  /** A manager's PIN for a discount above the limit or a price below cost. */
  approvalPin?: string;
  /** Counter: set to park the Draft (Hold), null to clear it; absent: a draft keeps it, finalising clears it. */
  heldAt?: string | null;
  /** Counter: the till session the sale goes through. */
  tillSessionId?: number | null;
  /** Make Invoice: the ticket the invoice bills (invoices.ticket_id), set when it is made and kept on every edit. */
  ticketId?: number | null;
  /** A recurring run: the template it is made from (invoices.recurring_template_id), kept on every edit. */
  recurringTemplateId?: number | null;
  /** A new invoice's number: 'deposit' numbers it DEP-000001 (its own sequence) and marks it is_deposit. */
  numbering?: 'invoice' | 'deposit';
  /**
   * A draft made from an estimate (Convert to invoice): serial-tracked lines may have no serials yet; they are
   * captured on the invoice before it is finalised. Services only (not in the contract).
   */
  serialsLater?: boolean;
}

/** The refusal of any change to a paid invoice. */
export const PAID_LOCKED = 'Cannot modify paid invoice — void it instead.';

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
 * Captured units become Sold to the customer (Reserved for a draft: no other invoice can capture
 * them); units an edit removed go back In Stock at their location. A saved invoice moved to another
 * location takes its units along, each with a 'moved' event (non-serialized stock moves with it the
 * same way; a draft takes no stock until it is finalised). Totals, tax per rate and the due date are
 * computed here, never trusted. A Paid invoice is refused; a Partial one cannot go below what was paid.
 */
export async function saveInvoice(ctx: WriteCtx, input: SaveInvoiceInput): Promise<Invoice> {
  const checked = await checkInvoice(ctx, input);
  const plan = planInvoice(checked);
  await refuseOversell(ctx, plan.stock, checked.products, () => checked.location.name);
  const saved = checked.saved;
  if (saved && plan.header.total_minor < saved.paidMinor) {
    const money = { currency: await shopCurrency(ctx), locale: await shopLocale(ctx) };
    const m = (minor: number) => formatMoney(minor, money, { symbol: true });
    throw new AppError(
      'conflict',
      `${saved.number} has ${m(saved.paidMinor)} paid; this edit would make its total ${m(plan.header.total_minor)}. ` +
        'An invoice cannot total less than what was paid: refund part of the payment first.',
      { paidMinor: saved.paidMinor, totalMinor: plan.header.total_minor },
    );
  }
  const invoiceId = await applyInvoice(ctx, plan);
  // An edit of a Sent, Viewed or Partial invoice changes its total: the balance and status follow.
  if (checked.saved && checked.status !== 'draft') await recomputeInvoiceMoney(ctx, [invoiceId]);
  return getInvoice(ctx, invoiceId);
}

type Unit = Awaited<ReturnType<typeof loadUnits>> extends Map<number, infer U> ? U : never;
type Saved = Awaited<ReturnType<typeof loadSaved>>;
type SavedLine = Saved['lines'][number];

interface Checked {
  input: SaveInvoiceInput;
  saved: Saved | undefined;
  /** The status the save leaves: 'draft', or the saved status of a finalised invoice ('sent' for a new one). */
  status: InvoiceStatus;
  customer: { id: number; name: string };
  location: { id: number; name: string };
  products: Map<number, Selectable<ProductsTable>>;
  /** Every unit on the saved version or the new one. */
  units: Map<number, Unit>;
  /** The tax rate of each line of the edit, by index. */
  rates: RateRef[];
  terms: string;
  dueDate: string;
  totals: Totals;
  /** Who approved each line's discount or price, and the sale discount. */
  approvals: Approvals;
  /** The ticket the invoice bills (Make Invoice), or null. */
  ticketId: number | null;
  /** The recurring template it was made from, or null: set when made, the saved one kept on an edit. */
  recurringTemplateId: number | null;
  /** Whether each line of the edit is a counted (recurring counter) line, by index. */
  counted: boolean[];
}

async function checkInvoice(ctx: WriteCtx, input: SaveInvoiceInput): Promise<Checked> {
  const { db } = ctx;
  const saved = input.id === undefined ? undefined : await loadSaved(db, input.id, input.revision);
  const draft = input.draft === true;
  if (saved && draft && saved.status !== 'draft') {
    throw new AppError(
      'conflict',
      `${saved.number} is ${invoiceStatusLabel[saved.status]}: it cannot go back to a draft. Save it instead.`,
    );
  }
  const status: InvoiceStatus = draft ? 'draft' : saved && saved.status !== 'draft' ? saved.status : 'sent';

  const customer = await db
    .selectFrom('customers')
    .select(['id', 'name'])
    .where('id', '=', input.customerId)
    .executeTakeFirst();
  if (!customer) throw new AppError('not_found', `No customer with id ${input.customerId}.`);
  // Payments belong to the customer who paid: an invoice holding some cannot be moved to another customer.
  if (saved && saved.customerId !== customer.id && saved.paidMinor > 0) {
    const payer = await db
      .selectFrom('customers')
      .select('name')
      .where('id', '=', saved.customerId)
      .executeTakeFirstOrThrow();
    throw new AppError(
      'conflict',
      `${saved.number} has payments from ${payer.name}: its customer cannot change. Refund the payments first, ` +
        'or void it and make a new invoice.',
    );
  }
  const location = await requireLocation(ctx, input.locationId);
  if (input.lines.length === 0) throw new AppError('invalid_input', 'An invoice needs at least one line.');
  checkLineIds(input.lines, saved);

  const withProduct = <L extends { productId: number | null }>(l: L): l is L & { productId: number } =>
    l.productId !== null;
  const products = await productsById(ctx, [...input.lines, ...(saved?.lines ?? [])].filter(withProduct));
  const missingProduct = input.lines.find((l) => l.productId !== null && !products.has(l.productId))?.productId;
  if (missingProduct != null) throw new AppError('not_found', `No product with id ${missingProduct}.`);

  // A counted line stays counted when an edit does not say (a client that does not know counters keeps them).
  const savedCounted = new Map(saved?.lines.map((l) => [l.id, l.counted === 1]));
  const counted = input.lines.map((l) => l.counted ?? (l.id !== undefined && savedCounted.get(l.id) === true));
  // Every serial-tracked line holds whole units, and exactly as many serials as its quantity.
  const missing: MissingSerials[] = [];
  input.lines.forEach((line, index) => {
    const n = index + 1;
    // Only a counted line (a recurring counter) may hold 0; the store's CHECK says the same.
    if (!Number.isSafeInteger(line.qty) || line.qty < 0 || (line.qty === 0 && !counted[index]))
      throw new AppError('invalid_input', `Line ${n}: a quantity must be above 0.`, { line: n });
    if (line.productId === null) {
      if (line.description.trim() === '')
        throw new AppError('invalid_input', `Line ${n} is a manual item: enter its name.`, { line: n });
      if (line.serialIds.length > 0)
        throw new AppError('invalid_input', `Line ${n} is a manual item; it cannot hold serials.`, { line: n });
      return;
    }
    const product = products.get(line.productId)!;
    if (product.serialized && counted[index]) {
      throw new AppError(
        'invalid_input',
        `Line ${n} (${product.name}) is serial-tracked: a counted line cannot sell units. Use a service or manual item.`,
        { line: n },
      );
    }
    if (product.serialized && line.qty % QTY_SCALE !== 0) {
      throw new AppError(
        'invalid_input',
        `Line ${n} (${product.name}) is serial-tracked: its quantity must be a whole number.`,
        { line: n },
      );
    }
    if (product.serialized && line.serialIds.length * QTY_SCALE !== line.qty) {
      missing.push({
        position: n,
        productName: product.name,
        captured: line.serialIds.length,
        qty: line.qty / QTY_SCALE,
      });
    } else if (!product.serialized && line.serialIds.length > 0) {
      throw new AppError('invalid_input', `${product.name} is not serial-tracked; its line cannot hold serials.`);
    }
  });
  if (missing.length > 0 && !(draft && input.serialsLater === true)) {
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
      if (keptIds.has(sid)) continue; // already on this invoice: it stays here (and moves with it)
      if (unit.invoiceNumber && unit.invoiceStatus === 'draft')
        unavailable.push(`${unit.serial} is reserved on draft ${unit.invoiceNumber}`);
      else if (unit.invoiceNumber) unavailable.push(`${unit.serial} is already sold on ${unit.invoiceNumber}`);
      else if (unit.status === 'reserved' && unit.ticket !== null) {
        // A unit reserved for a ticket goes only on that ticket's invoice (db/services/ticketReservations.ts), or on
        // a recurring invoice of the ticket's customer (its pending ticket charges: db/services/recurringCharges.ts).
        const recurring = (saved ? saved.recurringTemplateId : (input.recurringTemplateId ?? null)) !== null;
        const ours = recurring && unit.ticket.customerId === customer.id;
        if (!ours && unit.ticket.id !== (saved ? saved.ticketId : (input.ticketId ?? null)))
          unavailable.push(reservedForTicket(unit.serial, unit.ticket));
      } else if (unit.status !== 'in_stock') unavailable.push(`${unit.serial} is ${serialStatusPhrase[unit.status]}`);
      else if (unit.location_id !== location.id)
        unavailable.push(`${unit.serial} is at ${unit.locationName}, not ${location.name}`);
    }
  }
  if (unavailable.length > 0) {
    throw new AppError('serial_unavailable', `Not saved: ${unavailable.join('; ')}.`, { reasons: unavailable });
  }

  const ticketId = await checkTicketLines(ctx, input, saved, customer);
  const recurringTemplateId = await checkRecurringTemplate(ctx, input, saved);
  const rates = await lineRates(ctx, input.lines, saved, products);
  const { terms, dueDate } = await dueDateOf(ctx, input, saved);
  const totals = invoiceTotals(
    input.lines.map((l, i) => ({ ...l, taxRateBp: rates[i]!.rateBp, taxRateName: rates[i]!.name })),
    input.discount,
  );
  if (totals.totalMinor < 0) {
    throw new AppError(
      'invalid_input',
      'The deposit is more than the rest of this invoice: an invoice cannot total below 0. ' +
        'Add the charges the deposit pays for, or remove the deposit line.',
    );
  }
  const savedLines = new Map(saved?.lines.map((l) => [l.id, l]));
  // Only what a manager approved before is kept without asking again, and only while it is exactly what they saw:
  // the same product, quantity, price and discount on a line; the same discount on the same subtotal for the sale.
  // Anything else (including what needed no approval then) is checked again now.
  const approvedAs = (
    was: { discount_kind: string | null; discount_value: number; discount_approved_by: string | null },
    now: Discount | null | undefined,
  ) =>
    was.discount_approved_by !== null &&
    (was.discount_kind ?? null) === (now?.kind ?? null) &&
    was.discount_value === (now?.value ?? 0)
      ? was.discount_approved_by
      : undefined;
  const approvals = await checkSaleRules(ctx, input.lines, input.discount, totals, input.approvalPin, {
    line: (i) => {
      const line = input.lines[i]!;
      const was = line.id === undefined ? undefined : savedLines.get(line.id);
      return was &&
        was.product_id === line.productId &&
        was.unit_price_minor === line.unitPriceMinor &&
        was.qty === line.qty
        ? approvedAs(was, line.discount)
        : undefined;
    },
    sale:
      saved && saved.subtotalMinor === totals.subtotalMinor ? approvedAs(saved.discount, input.discount) : undefined,
  });
  return {
    input,
    saved,
    status,
    customer,
    location,
    products,
    units,
    rates,
    terms,
    dueDate,
    totals,
    approvals,
    ticketId,
    recurringTemplateId,
    counted,
  };
}

/** A new invoice names the template a recurring run made it from (even one deleted since); an edit keeps its own. */
async function checkRecurringTemplate(
  ctx: ReadCtx,
  input: SaveInvoiceInput,
  saved: Saved | undefined,
): Promise<number | null> {
  if (saved) return saved.recurringTemplateId;
  const templateId = input.recurringTemplateId ?? null;
  if (templateId === null) return null;
  const template = await ctx.db
    .selectFrom('recurring_templates')
    .select('id')
    .where('id', '=', templateId)
    .executeTakeFirst();
  if (!template)
    throw new AppError('not_found', `No recurring template with id ${templateId}.`, { field: 'recurringTemplateId' });
  return templateId;
}

/**
 * A ticket's invoice (Make Invoice) bills the ticket's customer. Its deposit lines are the one place a price may be
 * below 0: a manual, non-taxable line of 1 naming a deposit charge of the same ticket (depositChargeId), worth at
 * most what is left of the deposit, or a saved deposit line kept exactly as it was. Any other negative price is
 * refused. Returns the invoice's ticket.
 */
async function checkTicketLines(
  ctx: ReadCtx,
  input: SaveInvoiceInput,
  saved: Saved | undefined,
  customer: { id: number; name: string },
): Promise<number | null> {
  const ticketId = saved ? saved.ticketId : (input.ticketId ?? null);
  if (ticketId !== null && saved?.customerId !== customer.id) {
    const ticket = await ctx.db
      .selectFrom('tickets as t')
      .innerJoin('customers as c', 'c.id', 't.customer_id')
      .select(['t.number', 't.customer_id', 'c.name'])
      .where('t.id', '=', ticketId)
      .executeTakeFirst();
    if (!ticket) throw new AppError('not_found', 'That ticket no longer exists.', { field: 'ticketId' });
    if (ticket.customer_id !== customer.id) {
      throw new AppError('conflict', `${ticket.number} is ${ticket.name}'s ticket: its invoice is billed to them.`);
    }
  }
  const negative = input.lines.some((l) => l.unitPriceMinor < 0 || l.depositChargeId !== undefined);
  if (!negative) return ticketId;
  const savedIds = saved?.lines.map((l) => l.id) ?? [];
  const keptDeposits = new Set(
    savedIds.length === 0
      ? []
      : (
          await ctx.db
            .selectFrom('ticket_charges')
            .select('invoice_line_id')
            .where('kind', '=', 'deposit')
            .where('invoice_line_id', 'in', savedIds)
            .execute()
        ).map((c) => Number(c.invoice_line_id)),
  );
  const chargeIds = input.lines.flatMap((l) => (l.depositChargeId === undefined ? [] : [l.depositChargeId]));
  const charges = new Map(
    chargeIds.length === 0
      ? []
      : (
          await ctx.db
            .selectFrom('ticket_charges as c')
            .leftJoin('invoice_lines as l', 'l.id', 'c.invoice_line_id')
            .leftJoin('invoices as i', 'i.id', 'l.invoice_id')
            .select(['c.id', 'c.ticket_id', 'c.kind', 'c.unit_price_minor', 'c.refunded_minor'])
            .select(['i.id as invoiceId', 'i.number as invoiceNumber', 'i.status as invoiceStatus'])
            .where('c.id', 'in', chargeIds)
            .execute()
        ).map((c) => [Number(c.id), c]),
  );
  const savedLines = new Map(saved?.lines.map((l) => [l.id, l]));
  const money = { currency: await shopCurrency(ctx), locale: await shopLocale(ctx) };
  input.lines.forEach((line, index) => {
    const n = index + 1;
    if (line.depositChargeId === undefined) {
      if (line.unitPriceMinor >= 0) return;
      const was = line.id === undefined ? undefined : savedLines.get(line.id);
      const kept = was && keptDeposits.has(was.id) && was.unit_price_minor === line.unitPriceMinor;
      if (!kept) throw new AppError('invalid_input', `Line ${n}: a price cannot be below 0.`, { line: n });
      if (was.qty !== line.qty || line.productId !== null || line.taxable || line.discount) {
        throw new AppError('invalid_input', `Line ${n} is a deposit: it stays as it is, or remove it.`, { line: n });
      }
      return;
    }
    const charge = charges.get(line.depositChargeId);
    if (!charge || charge.kind !== 'deposit' || ticketId === null || Number(charge.ticket_id) !== ticketId) {
      throw new AppError('invalid_input', `Line ${n} names no deposit taken on this invoice's ticket.`, { line: n });
    }
    const left = -(Number(charge.unit_price_minor) + Number(charge.refunded_minor));
    const elsewhere = charge.invoiceId !== null && charge.invoiceStatus !== 'void' && charge.invoiceId !== saved?.id;
    if (elsewhere) {
      throw new AppError('conflict', `Line ${n}: that deposit is already taken off ${charge.invoiceNumber}.`, {
        line: n,
      });
    }
    const shape = line.productId === null && !line.taxable && !line.discount && line.qty === QTY_SCALE;
    if (!shape || line.unitPriceMinor >= 0 || -line.unitPriceMinor > left) {
      throw new AppError(
        'invalid_input',
        `Line ${n} is a deposit: a manual, non-taxable line of 1 taking off at most ` +
          `${formatMoney(left, money, { symbol: true })} (what is left of it).`,
        { line: n },
      );
    }
  });
  return ticketId;
}

/**
 * The tax rate of each line. A kept line keeps the rate it was saved with (name and size as they were then), unless
 * the edit names another; a new line takes the rate it names, else its product's rate, else the shop's default. A
 * rate archived since cannot be chosen anew.
 */
async function lineRates(
  ctx: ReadCtx,
  lines: readonly SaveInvoiceLine[],
  saved: Saved | undefined,
  products: Map<number, Selectable<ProductsTable>>,
): Promise<RateRef[]> {
  const savedLines = new Map(saved?.lines.map((l) => [l.id, l]));
  const fallback = await defaultTaxRate(ctx);
  const wanted = lines.map((line) => {
    const old = line.id === undefined ? undefined : savedLines.get(line.id);
    if (old && (line.taxRateId === undefined || line.taxRateId === old.tax_rate_id)) {
      return { kept: { id: old.tax_rate_id ?? 0, name: old.tax_rate_name, rateBp: old.tax_rate_bp, archived: false } };
    }
    if (line.taxRateId !== undefined) return { id: line.taxRateId, chosen: true };
    const productRate = line.productId === null ? null : (products.get(line.productId)?.tax_rate_id ?? null);
    return { id: productRate, chosen: false };
  });
  const byId = await taxRatesById(
    ctx,
    wanted.flatMap((w) => (w.id != null ? [w.id] : [])),
  );
  return wanted.map((w, index) => {
    if (w.kept) return w.kept;
    if (w.id == null) return fallback;
    const rate = byId.get(w.id);
    if (!rate) throw new AppError('not_found', `Line ${index + 1}: no tax rate with id ${w.id}.`, { line: index + 1 });
    if (rate.archived) {
      if (w.chosen)
        throw new AppError(
          'invalid_input',
          `Line ${index + 1}: the tax rate ${rate.name} is archived; choose another.`,
          {
            line: index + 1,
          },
        );
      return fallback; // a product's default rate archived since: the shop's default
    }
    return rate;
  });
}

/** The terms' name and the due date: as given, else the invoice date plus the terms' days. */
async function dueDateOf(
  ctx: ReadCtx,
  input: SaveInvoiceInput,
  saved: Saved | undefined,
): Promise<{ terms: string; dueDate: string }> {
  const asked = (input.terms ?? '').trim();
  let terms: { name: string; days: number } | undefined = await termsNamed(ctx, asked);
  if (!terms && asked !== '' && saved && asked === saved.terms) terms = { name: saved.terms, days: 0 };
  if (!terms) {
    if (asked !== '')
      throw new AppError('invalid_input', `No payment terms named “${asked}”. Choose terms in the list.`);
    terms = { name: '', days: 0 };
  }
  const dueDate = input.dueDate ?? addDays(input.invoiceDate, terms.days);
  if (dueDate < input.invoiceDate) {
    throw new AppError(
      'invalid_input',
      `The due date (${dueDate}) cannot be before the invoice date (${input.invoiceDate}).`,
    );
  }
  return { terms: terms.name, dueDate };
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
/** The columns of a line a save writes, compares with the saved version (planInvoice) and reads back (loadSaved). */
const LINE_FIELDS = [
  'position',
  'product_id',
  'description',
  'qty',
  'unit_price_minor',
  'taxable',
  'tax_rate_id',
  'tax_rate_name',
  'tax_rate_bp',
  'line_total_minor',
  'discount_kind',
  'discount_value',
  'discount_minor',
  'discount_reason',
  'discount_approved_by',
  'counted',
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
    due_date: string;
    terms: string;
    status: InvoiceStatus;
    notes: string;
    subtotal_minor: number;
    tax_minor: number;
    total_minor: number;
    discount_kind: Discount['kind'] | null;
    discount_value: number;
    discount_minor: number;
    discount_reason: string;
    discount_approved_by: string | null;
    held_at: string | null;
    till_session_id: number | null;
  };
  /** A saved draft being finalised: its kept units go from Reserved to Sold. */
  finalising: boolean;
  /** A new invoice's ticket (an edit keeps the saved one). */
  ticketId: number | null;
  /** A new invoice's recurring template (an edit keeps the saved one). */
  recurringTemplateId: number | null;
  /** How a new invoice is numbered (a saved one keeps its number). */
  numbering: 'invoice' | 'deposit';
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
  /** toTicket: a unit of the invoice's ticket goes back to Reserved for it, not to stock. */
  released: Array<{
    serialId: number;
    locationId: number;
    lineId: number | null;
    toTicket: { id: number; number: string; customerId: number } | null;
  }>;
  /** Units new on the invoice: Sold, or Reserved on a draft (fromTicket: it was Reserved for the ticket). */
  sold: Array<{ serialId: number; index: number; fromTicket?: boolean }>;
  /** Kept units of a draft being finalised: Reserved → Sold. */
  finalised: Array<{ serialId: number; index: number }>;
  rebilled: Array<{ serialId: number; index: number }>;
  moved: Array<{ serialId: number; index: number; from: string }>;
  stock: StockMove[];
}

/**
 * A unit of this ticket goes back to Reserved for it when an edit takes it off: the invoice's own ticket, or on a
 * recurring invoice any ticket of its customer (its pending charges were swept in).
 */
const ticketHolds = (c: Checked, ticket: { id: number; customerId: number }) =>
  ticket.id === c.ticketId || (c.recurringTemplateId !== null && ticket.customerId === c.customer.id);

/** Pure: works out the difference between the saved version (if any) and the edit. */
function planInvoice(c: Checked): InvoicePlan {
  const { input, saved, customer, location, products, units, totals } = c;
  const finalising = saved?.status === 'draft' && c.status !== 'draft';
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
      tax_rate_id: c.rates[index]!.id || null,
      tax_rate_name: c.rates[index]!.name,
      tax_rate_bp: c.rates[index]!.rateBp,
      line_total_minor: totals.lines[index]!.netMinor,
      discount_kind: line.discount?.kind ?? null,
      discount_value: line.discount?.value ?? 0,
      discount_minor: totals.lines[index]!.discountMinor,
      discount_reason: line.discount ? (line.discount.reason ?? '') : '',
      discount_approved_by: c.approvals.lines[index] ?? null,
      counted: c.counted[index] ? 1 : 0,
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
      const ticket = units.get(sid)!.ticket;
      if (index === undefined)
        released.push({
          serialId: sid,
          locationId: units.get(sid)!.location_id,
          lineId: kept.has(line.id) ? line.id : null,
          toTicket: ticket !== null && ticketHolds(c, ticket) ? ticket : null,
        });
    }
  }
  const sold: InvoicePlan['sold'] = [];
  const finalised: InvoicePlan['finalised'] = [];
  const rebilled: InvoicePlan['rebilled'] = [];
  const moved: InvoicePlan['moved'] = [];
  for (const [sid, index] of newLineOf) {
    const was = oldLineOf.get(sid);
    if (was !== lineIds[index]) linked.push({ index, serialId: sid });
    if (was === undefined) {
      sold.push({ serialId: sid, index, fromTicket: units.get(sid)!.status === 'reserved' });
      continue;
    }
    const unit = units.get(sid)!;
    if (unit.location_id !== location.id) moved.push({ serialId: sid, index, from: unit.locationName });
    if (finalising) finalised.push({ serialId: sid, index });
    else if (saved!.customerId !== customer.id) rebilled.push({ serialId: sid, index });
  }

  // Stock without serials (thousandths): the saved version gives back what it took, the edit takes; adjustStock nets
  // them. A draft takes nothing until it is finalised.
  const stocked = (productId: number | null): productId is number => {
    const p = productId === null ? undefined : products.get(productId);
    return p !== undefined && movesStockLevels(p);
  };
  const stock: StockMove[] = [];
  if (saved && saved.status !== 'draft')
    for (const l of saved.lines)
      if (stocked(l.productId)) stock.push({ productId: l.productId, locationId: saved.locationId, delta: l.qty });
  if (c.status !== 'draft')
    for (const l of input.lines)
      if (stocked(l.productId)) stock.push({ productId: l.productId, locationId: location.id, delta: -l.qty });

  return {
    saved,
    customer,
    location,
    finalising,
    ticketId: c.ticketId,
    recurringTemplateId: c.recurringTemplateId,
    numbering: c.input.numbering ?? 'invoice',
    lineIds,
    removed: (saved?.lines ?? []).filter((l) => !kept.has(l.id)).map((l) => l.id),
    changed,
    repositioned,
    added,
    unlinked,
    linked,
    released,
    sold,
    finalised,
    rebilled,
    moved,
    stock,
    header: {
      customer_id: customer.id,
      location_id: location.id,
      invoice_date: input.invoiceDate,
      due_date: c.dueDate,
      terms: c.terms,
      status: c.status,
      notes: input.notes,
      subtotal_minor: totals.subtotalMinor,
      tax_minor: totals.taxMinor,
      total_minor: totals.totalMinor,
      discount_kind: input.discount?.kind ?? null,
      discount_value: input.discount?.value ?? 0,
      discount_minor: totals.discountMinor,
      discount_reason: input.discount ? (input.discount.reason ?? '') : '',
      discount_approved_by: c.approvals.sale,
      held_at: c.status === 'draft' ? (input.heldAt !== undefined ? input.heldAt : (saved?.heldAt ?? null)) : null,
      till_session_id: input.tillSessionId !== undefined ? input.tillSessionId : (saved?.tillSessionId ?? null),
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
      .set({
        ...plan.header,
        revision: saved.revision + 1,
        updated_at: at,
        ...(plan.finalising ? { finalized_at: at } : {}),
      })
      .where('id', '=', invoiceId)
      .execute();
  } else {
    const deposit = plan.numbering === 'deposit';
    number = deposit
      ? await nextNumber(ctx, 'deposit', 'DEP-')
      : await nextNumber(ctx, 'invoice', await invoicePrefix(ctx));
    const row = await db
      .insertInto('invoices')
      .values({
        ...plan.header,
        number,
        is_deposit: deposit ? 1 : 0,
        cashier: ctx.actor,
        created_at: at,
        updated_at: at,
        finalized_at: plan.header.status === 'draft' ? null : at,
        ticket_id: plan.ticketId,
        recurring_template_id: plan.recurringTemplateId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    invoiceId = row.id;
  }
  const draft = plan.header.status === 'draft';
  const held: SerialStatus = draft ? 'reserved' : 'sold';

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
    // Typed values: PostgreSQL takes an untyped VALUES parameter for text (SQLite needs no cast, and takes it too).
    const int = (value: unknown) => sql`CAST(${value} AS bigint)`;
    const text = (value: unknown) => sql`CAST(${value} AS text)`;
    const rows = part.map(
      ({ id, values: v }) =>
        sql`(${int(id)}, ${int(v.position)}, ${int(v.product_id)}, ${text(v.description)}, ${int(v.qty)},
          ${int(v.unit_price_minor)}, ${int(v.taxable)}, ${int(v.tax_rate_id)}, ${text(v.tax_rate_name)},
          ${int(v.tax_rate_bp)}, ${int(v.line_total_minor)}, ${text(v.discount_kind ?? null)}, ${int(v.discount_value ?? 0)},
          ${int(v.discount_minor ?? 0)}, ${text(v.discount_reason ?? '')}, ${text(v.discount_approved_by ?? null)},
          ${int(v.counted ?? 0)})`,
    );
    await sql`WITH v (id, position, product_id, description, qty, unit_price_minor, taxable, tax_rate_id, tax_rate_name,
        tax_rate_bp, line_total_minor, discount_kind, discount_value, discount_minor, discount_reason,
        discount_approved_by, counted) AS (VALUES ${sql.join(rows)})
      UPDATE invoice_lines SET position = v.position, product_id = v.product_id, description = v.description, qty = v.qty,
        unit_price_minor = v.unit_price_minor, taxable = v.taxable, tax_rate_id = v.tax_rate_id,
        tax_rate_name = v.tax_rate_name, tax_rate_bp = v.tax_rate_bp, line_total_minor = v.line_total_minor,
        discount_kind = v.discount_kind, discount_value = v.discount_value, discount_minor = v.discount_minor,
        discount_reason = v.discount_reason, discount_approved_by = v.discount_approved_by, counted = v.counted
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
  const released = plan.released.filter((r) => !r.toTicket).map((r) => r.serialId);
  for (const part of chunks(released, 500)) {
    await db.updateTable('serials').set({ status: 'in_stock', customer_id: null }).where('id', 'in', part).execute();
  }
  // A unit taken off a ticket's invoice stays the ticket's: Reserved for it again (ticketReservations.ts).
  for (const r of plan.released) {
    if (!r.toTicket) continue;
    await db
      .updateTable('serials')
      .set({ status: 'reserved', customer_id: r.toTicket.customerId })
      .where('id', '=', r.serialId)
      .execute();
  }
  for (const part of chunks(
    [...plan.rebilled, ...plan.finalised].map((u) => u.serialId),
    500,
  )) {
    await db.updateTable('serials').set({ status: held, customer_id: customer.id }).where('id', 'in', part).execute();
  }
  // A unit new on an invoice belongs to its ticket (or to none): kept once sold, so Serial Numbers shows the ticket.
  // One that was Reserved for a ticket keeps that ticket (a recurring invoice sweeps in several tickets' charges).
  for (const fromTicket of [false, true]) {
    const ids = plan.sold.filter((u) => (u.fromTicket === true) === fromTicket).map((u) => u.serialId);
    for (const part of chunks(ids, 500)) {
      await db
        .updateTable('serials')
        .set({ status: held, customer_id: customer.id, ...(fromTicket ? {} : { ticket_id: plan.ticketId }) })
        .where('id', 'in', part)
        .execute();
    }
  }
  const ticketRow =
    plan.ticketId === null
      ? undefined
      : await db.selectFrom('tickets').select('number').where('id', '=', plan.ticketId).executeTakeFirst();
  const ticketNumber = ticketRow?.number ?? null;
  const fromTicket = ticketNumber ? `, from ${ticketNumber}` : '';
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
    ticketId: plan.ticketId,
  });
  await recordSerialEvents(
    ctx,
    [
      ...plan.released.map((r) =>
        r.toTicket
          ? {
              serialId: r.serialId,
              kind: 'released' as const,
              locationId: r.locationId,
              invoiceId,
              invoiceLineId: r.lineId,
              ticketId: r.toTicket.id,
              note: `removed from ${draft ? 'draft ' : ''}${number} by an edit; reserved for ${r.toTicket.number} again`,
            }
          : {
              serialId: r.serialId,
              kind: 'released' as const,
              locationId: r.locationId,
              invoiceId,
              invoiceLineId: r.lineId,
              note: `removed from ${draft ? 'draft ' : ''}${number} by an edit; back in stock`,
              stock: 1 as const,
            },
      ),
      ...plan.moved.map((u) => ({
        ...onLine(u),
        kind: 'moved' as const,
        note: `moved from ${u.from} to ${location.name} with ${number}`,
      })),
      ...plan.rebilled.map((u) => ({
        ...onLine(u),
        kind: draft ? ('reserved' as const) : ('sold' as const),
        note: `${draft ? 'draft ' : ''}${number} now billed to ${customer.name}`,
      })),
      ...plan.finalised.map((u) => ({
        ...onLine(u),
        kind: 'sold' as const,
        note: `sold on ${number} to ${customer.name}${fromTicket} (draft finalised)`,
      })),
      // A unit new to the invoice leaves stock (it was In stock: checked by the plan), unless it was Reserved for the
      // invoice's ticket: that took it out of stock already.
      ...plan.sold.map((u) => ({
        ...onLine(u),
        ...(draft
          ? { kind: 'reserved' as const, note: `reserved on draft ${number} for ${customer.name}${fromTicket}` }
          : { kind: 'sold' as const, note: `sold on ${number} to ${customer.name}${fromTicket}` }),
        ...(u.fromTicket ? {} : { stock: -1 as const }),
      })),
    ],
    at,
  );
  await adjustStock(ctx, plan.stock, { doc: 'invoice', id: invoiceId });
  return invoiceId;
}

/** The saved version of an invoice being edited: header, lines in order, each with its units. */
async function loadSaved(db: Kysely<DB>, id: number, revision: number | undefined) {
  const inv = await db.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirst();
  if (!inv) throw new AppError('not_found', `No invoice with id ${id}.`);
  if (inv.status === 'void') throw new AppError('conflict', `${inv.number} is void and cannot be edited.`);
  if (inv.status === 'paid') throw new AppError('conflict', PAID_LOCKED);
  await refuseAfterReturn(db, inv, 'it cannot be edited');
  refuseStaleEdit(inv.number, revision, inv.revision);
  const lines = await db
    .selectFrom('invoice_lines')
    .select(['id', ...LINE_FIELDS])
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
    status: inv.status,
    terms: inv.terms,
    paidMinor: inv.paid_minor,
    subtotalMinor: inv.subtotal_minor,
    customerId: inv.customer_id,
    locationId: inv.location_id,
    heldAt: inv.held_at,
    tillSessionId: inv.till_session_id,
    ticketId: inv.ticket_id,
    recurringTemplateId: inv.recurring_template_id,
    discount: {
      discount_kind: inv.discount_kind,
      discount_value: inv.discount_value,
      discount_approved_by: inv.discount_approved_by,
    },
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
      invoiceStatus: InvoiceStatus | null;
      /** The ticket it is reserved for (or was sold from), with that ticket's customer. */
      ticket: { id: number; number: string; customerId: number; customerName: string } | null;
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
      .leftJoin('tickets as t', 't.id', 's.ticket_id')
      .leftJoin('customers as tc', 'tc.id', 't.customer_id')
      .select([
        's.id',
        's.serial',
        's.product_id',
        'p.name as productName',
        's.status',
        's.location_id',
        'l.name as locationName',
        'i.number as invoiceNumber',
        'i.status as invoiceStatus',
        't.id as ticketId',
        't.number as ticketNumber',
        't.customer_id as ticketCustomerId',
        'tc.name as ticketCustomer',
      ])
      .where('s.id', 'in', part)
      .execute();
    for (const { ticketId, ticketNumber, ticketCustomerId, ticketCustomer, ...r } of rows) {
      const ticket =
        ticketId !== null && ticketNumber !== null
          ? {
              id: Number(ticketId),
              number: ticketNumber,
              customerId: Number(ticketCustomerId),
              customerName: ticketCustomer ?? '',
            }
          : null;
      units.set(r.id, { ...r, ticket });
    }
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
    .select(['c.name as customerName', 'c.is_default as walkIn', 'l.name as locationName'])
    .select((eb) =>
      eb
        .selectFrom('store_credit as sc')
        .whereRef('sc.customer_id', '=', 'i.customer_id')
        .select(sql<number>`coalesce(sum(sc.amount_minor), 0)`.as('credit'))
        .as('credit'),
    )
    .where('i.id', '=', id)
    .executeTakeFirst();
  if (!inv) throw new AppError('not_found', `No invoice with id ${id}.`);
  const lines = await db
    .selectFrom('invoice_lines as il')
    .leftJoin('products as p', 'p.id', 'il.product_id')
    .select([
      'il.id',
      'il.product_id',
      'p.name as productName',
      'p.sku',
      'p.serialized',
      'p.maintain_stock',
      'il.description',
      'il.qty',
      'il.unit_price_minor',
      'il.taxable',
      'il.tax_rate_id',
      'il.tax_rate_name',
      'il.tax_rate_bp',
      'il.line_total_minor',
      'il.discount_kind',
      'il.discount_value',
      'il.discount_minor',
      'il.discount_reason',
      'il.discount_approved_by',
      'il.counted',
    ])
    .where('il.invoice_id', '=', id)
    .orderBy('il.position')
    .execute();
  // A void invoice's units went back to stock; its lines show the units they had, from the 'voided' events.
  const serials =
    inv.status === 'void'
      ? await db
          .selectFrom('serial_events as e')
          .innerJoin('serials as s', 's.id', 'e.serial_id')
          .select(['e.invoice_line_id as lineId', 's.id', 's.serial'])
          .where('e.invoice_id', '=', id)
          .where('e.kind', '=', 'voided')
          .orderBy('s.serial')
          .execute()
      : await db
          .selectFrom('invoice_line_serials as ils')
          .innerJoin('invoice_lines as il', 'il.id', 'ils.invoice_line_id')
          .innerJoin('serials as s', 's.id', 'ils.serial_id')
          .select(['ils.invoice_line_id as lineId', 's.id', 's.serial'])
          .where('il.invoice_id', '=', id)
          .orderBy('s.serial')
          .execute();
  // A returned unit left its line (it can be sold again) but is still what the line sold: its credit note keeps it.
  const returned =
    inv.status === 'void'
      ? []
      : await db
          .selectFrom('credit_note_units as u')
          .innerJoin('invoice_lines as il', 'il.id', 'u.invoice_line_id')
          .innerJoin('serials as s', 's.id', 'u.serial_id')
          .select(['u.invoice_line_id as lineId', 's.id', 's.serial'])
          .where('il.invoice_id', '=', id)
          .execute();
  const bySerial = (a: { serial: string }, b: { serial: string }) =>
    a.serial < b.serial ? -1 : a.serial > b.serial ? 1 : 0;
  const byLine = Map.groupBy(
    returned.length === 0 ? serials : [...serials, ...returned].sort(bySerial),
    (s) => s.lineId,
  );
  const totals = savedInvoiceTotals(lines, inv);
  const today = localDate(ctx.now());
  const ticket =
    inv.ticket_id === null
      ? null
      : ((await db.selectFrom('tickets').select(['id', 'number']).where('id', '=', inv.ticket_id).executeTakeFirst()) ??
        null);
  // A deleted template still names the invoice's origin: "from R-000001".
  const recurring =
    inv.recurring_template_id === null
      ? undefined
      : await db
          .selectFrom('recurring_templates')
          .select(['id', 'number'])
          .where('id', '=', inv.recurring_template_id)
          .executeTakeFirst();
  return {
    id: inv.id,
    number: inv.number,
    ticket: ticket && { id: Number(ticket.id), number: ticket.number },
    recurring: recurring ? { id: Number(recurring.id), number: recurring.number } : null,
    isDeposit: inv.is_deposit === 1,
    customerId: inv.customer_id,
    customerName: inv.customerName,
    customerIsWalkIn: inv.walkIn === 1,
    customerCreditMinor: Number(inv.credit ?? 0),
    locationId: inv.location_id,
    locationName: inv.locationName,
    invoiceDate: inv.invoice_date,
    dueDate: inv.due_date,
    terms: inv.terms,
    status: inv.status,
    overdue: isOverdue(inv.status, inv.due_date, today),
    notes: inv.notes,
    subtotalMinor: inv.subtotal_minor,
    taxMinor: inv.tax_minor,
    totalMinor: inv.total_minor,
    taxes: totals.taxes,
    paidMinor: inv.paid_minor - inv.credited_minor,
    balanceMinor: inv.balance_minor,
    revision: inv.revision,
    finalizedAt: inv.finalized_at,
    voidedAt: inv.voided_at,
    voidedBy: inv.voided_by,
    voidApprovedBy: inv.void_approved_by,
    lines: lines.map((l) => ({
      id: l.id,
      productId: l.product_id,
      productName: l.productName,
      sku: l.sku,
      serialized: l.serialized === 1,
      movesStock: l.maintain_stock === 1 && l.serialized !== 1,
      description: l.description,
      qty: l.qty,
      unitPriceMinor: l.unit_price_minor,
      taxable: l.taxable === 1,
      taxRateId: l.tax_rate_id,
      taxRateName: l.tax_rate_name,
      taxRateBp: l.tax_rate_bp,
      lineTotalMinor: l.line_total_minor,
      discount: appliedDiscount(l),
      counted: l.counted === 1,
      serials: (byLine.get(l.id) ?? []).map(({ id: sid, serial }) => ({ id: sid, serial })),
    })),
    payments: await invoicePayments(ctx, id),
    discount: appliedDiscount(inv),
    creditedMinor: inv.credited_minor,
    creditNotes: (
      await db
        .selectFrom('credit_notes')
        .select(['id', 'number', 'total_minor', 'created_at', 'refund_to'])
        .where('invoice_id', '=', id)
        .orderBy('id')
        .execute()
    ).map((cn) => ({
      id: cn.id,
      number: cn.number,
      totalMinor: cn.total_minor,
      createdAt: cn.created_at,
      refundTo: cn.refund_to,
    })),
    cashier: inv.cashier,
    tillSessionId: inv.till_session_id,
    heldAt: inv.held_at,
  };
}

/** A saved discount (line or sale) as the model shows it; null when there is none. */
export function appliedDiscount(row: {
  discount_kind: Discount['kind'] | null;
  discount_value: number;
  discount_minor: number;
  discount_reason: string;
  discount_approved_by: string | null;
}): AppliedDiscount | null {
  if (!row.discount_kind) return null;
  return {
    kind: row.discount_kind,
    value: row.discount_value,
    minor: row.discount_minor,
    reason: row.discount_reason,
    approvedBy: row.discount_approved_by,
  };
}

/** The payments applied to an invoice, oldest first, each with its refunds on this invoice. */
async function invoicePayments(ctx: ReadCtx, invoiceId: number): Promise<InvoicePayment[]> {
  const { db } = ctx;
  const rows = await db
    .selectFrom('payment_allocations as a')
    .innerJoin('payments as p', 'p.id', 'a.payment_id')
    .innerJoin('payment_methods as m', 'm.id', 'p.method_id')
    .select([
      'p.id',
      'p.number',
      'p.paid_on',
      'p.reference',
      'm.name as methodName',
      'm.kind as methodKind',
      'a.amount_minor',
      'p.tendered_minor',
      'p.actor',
    ])
    .where('a.invoice_id', '=', invoiceId)
    .orderBy('p.paid_on')
    .orderBy('p.id')
    .execute();
  if (rows.length === 0) return [];
  const byPayment = Map.groupBy(await readRefunds(ctx, 'invoice_id', [invoiceId]), (r) => r.paymentId);
  return rows.map((p) => {
    const own = byPayment.get(p.id) ?? [];
    return {
      paymentId: p.id,
      number: p.number,
      paidOn: p.paid_on,
      methodName: p.methodName,
      methodKind: p.methodKind,
      reference: p.reference,
      amountMinor: p.amount_minor,
      tenderedMinor: p.tendered_minor,
      refundedMinor: own.reduce((sum, r) => sum + r.amountMinor, 0),
      refunds: own,
      actor: p.actor,
    };
  });
}

/** An invoice with a credit note keeps what it sold as it is (the credit note refers to its lines and units). */
async function refuseAfterReturn(db: Kysely<DB>, inv: { id: number; number: string }, what: string): Promise<void> {
  const cn = await db
    .selectFrom('credit_notes')
    .select('number')
    .where('invoice_id', '=', inv.id)
    .orderBy('id')
    .executeTakeFirst();
  if (cn) throw new AppError('conflict', `${inv.number} has a return (${cn.number}): ${what}.`);
}

async function requireInvoice(ctx: ReadCtx, id: number) {
  const inv = await ctx.db
    .selectFrom('invoices')
    .select(['id', 'number', 'status', 'revision', 'customer_id', 'location_id', 'paid_minor', 'ticket_id'])
    .select(['is_deposit', 'recurring_template_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!inv) throw new AppError('not_found', `No invoice with id ${id}.`);
  return inv;
}

/**
 * Mark sent: finalises a Draft (Draft → Sent, its units Reserved → Sold, its stock taken), exactly as Save does.
 * Refused for an invoice that is already sent, or void.
 */
export async function markInvoiceSent(ctx: WriteCtx, id: number): Promise<Invoice> {
  const current = await getInvoice(ctx, id);
  if (current.status === 'void') throw new AppError('conflict', `${current.number} is void.`);
  if (current.status !== 'draft')
    throw new AppError('conflict', `${current.number} is already ${invoiceStatusLabel[current.status]}.`);
  return saveInvoice(ctx, {
    id,
    revision: current.revision,
    draft: false,
    customerId: current.customerId,
    locationId: current.locationId,
    invoiceDate: current.invoiceDate,
    terms: current.terms,
    dueDate: current.dueDate,
    notes: current.notes,
    lines: current.lines.map((l) => ({
      id: l.id,
      productId: l.productId,
      description: l.description,
      qty: l.qty,
      unitPriceMinor: l.unitPriceMinor,
      taxable: l.taxable,
      serialIds: l.serials.map((s) => s.id),
    })),
  });
}

/**
 * Viewed: the customer has seen a Sent invoice (reported through the API by a customer portal). A Partial or Paid
 * invoice keeps its status (seeing it changes nothing owed); a Draft was never sent and a Void one is cancelled.
 */
export async function markInvoiceViewed(ctx: WriteCtx, id: number): Promise<Invoice> {
  const inv = await requireInvoice(ctx, id);
  if (inv.status === 'draft')
    throw new AppError('conflict', `${inv.number} is a draft: it has not been sent, so it cannot have been viewed.`);
  if (inv.status === 'void') throw new AppError('conflict', `${inv.number} is void.`);
  if (inv.status === 'sent') {
    await ctx.db
      .updateTable('invoices')
      .set({ status: 'viewed', revision: inv.revision + 1, updated_at: iso(ctx.now()) })
      .where('id', '=', id)
      .execute();
  }
  return getInvoice(ctx, id);
}

export interface VoidInvoiceInput {
  id: number;
  revision?: number;
  /** Required when the invoice has payments: refund them, or keep them as the customer's store credit. */
  payments?: 'refund' | 'credit';
  methodId?: number;
  reference?: string;
  /** A void needs a Manager or Admin: a cashier's call carries one's PIN. */
  approvalPin?: string;
}

/**
 * Voids an invoice: status Void (it keeps its number: numbers stay gap-free), every unit on it back In Stock at its
 * location with a 'voided' event, non-serialized stock returned (a draft took none). Payments on it must be refunded
 * or kept as store credit, chosen by the caller: money is never lost.
 */
export async function voidInvoice(ctx: WriteCtx, input: VoidInvoiceInput): Promise<Invoice> {
  const { db } = ctx;
  const inv = await requireInvoice(ctx, input.id);
  if (inv.status === 'void') throw new AppError('conflict', `${inv.number} is already void.`);
  // Its ticket holds the deposit as a charge: Refund deposit gives the money back and lowers that charge too.
  if (inv.is_deposit === 1) {
    throw new AppError('conflict', `${inv.number} is a deposit: refund it from its ticket (Refund deposit) instead.`);
  }
  await refuseAfterReturn(db, inv, 'it cannot be voided; return what is left instead');
  refuseStaleEdit(inv.number, input.revision, inv.revision, 'it was not voided');
  const approver = await requireManager(ctx, input.approvalPin, `voiding ${inv.number}`);
  const approvedBy = approver && approver !== ctx.actor ? ` (approved by ${approver})` : '';
  // paid_minor is what the payments left on it (payments minus refunds; kept by recomputeInvoiceMoney).
  if (inv.paid_minor > 0) {
    if (!input.payments) {
      const money = { currency: await shopCurrency(ctx), locale: await shopLocale(ctx) };
      throw new AppError(
        'invalid_input',
        `${inv.number} has ${formatMoney(inv.paid_minor, money, { symbol: true })} paid: choose to refund the ` +
          'payments or keep them as store credit. It was not voided.',
        { paidMinor: inv.paid_minor },
      );
    }
    await settleVoidedInvoicePayments(
      ctx,
      { id: inv.id, number: inv.number, customerId: inv.customer_id },
      input.payments,
      input.methodId,
      input.reference ?? '',
    );
  }

  const at = iso(ctx.now());
  const units = await db
    .selectFrom('invoice_line_serials as ils')
    .innerJoin('invoice_lines as il', 'il.id', 'ils.invoice_line_id')
    .innerJoin('serials as s', 's.id', 'ils.serial_id')
    .innerJoin('locations as l', 'l.id', 's.location_id')
    .leftJoin('tickets as t', (j) =>
      inv.recurring_template_id !== null
        ? j.onRef('t.id', '=', 's.ticket_id').on('t.customer_id', '=', inv.customer_id)
        : j.onRef('t.id', '=', 's.ticket_id').on('t.id', '=', inv.ticket_id ?? 0),
    )
    .select(['ils.serial_id as serialId', 'ils.invoice_line_id as lineId', 's.location_id', 'l.name as locationName'])
    .select(['t.id as ticketId', 't.number as ticketNumber', 't.customer_id as ticketCustomerId'])
    .where('il.invoice_id', '=', inv.id)
    .execute();
  // Units of the invoice's ticket (a recurring invoice: of its customer's tickets) go back to Reserved for it
  // (ticketReservations.ts); the others back in stock.
  const ids = units.filter((u) => u.ticketId === null).map((u) => u.serialId);
  for (const part of chunks(
    units.map((u) => u.serialId),
    500,
  ))
    await db.deleteFrom('invoice_line_serials').where('serial_id', 'in', part).execute();
  for (const part of chunks(ids, 500)) {
    await db.updateTable('serials').set({ status: 'in_stock', customer_id: null }).where('id', 'in', part).execute();
  }
  for (const u of units) {
    if (u.ticketId === null) continue;
    await db
      .updateTable('serials')
      .set({ status: 'reserved', customer_id: u.ticketCustomerId })
      .where('id', '=', u.serialId)
      .execute();
  }
  await recordSerialEvents(
    ctx,
    units.map((u) => ({
      serialId: u.serialId,
      kind: 'voided' as const,
      locationId: u.location_id,
      invoiceId: inv.id,
      invoiceLineId: u.lineId,
      customerId: inv.customer_id,
      ...(u.ticketId === null
        ? { note: `${inv.number} voided${approvedBy}; back in stock at ${u.locationName}`, stock: 1 as const }
        : { note: `${inv.number} voided${approvedBy}; reserved for ${u.ticketNumber} again`, ticketId: u.ticketId }),
    })),
    at,
  );
  if (inv.status !== 'draft') {
    const lines = await db
      .selectFrom('invoice_lines as il')
      .innerJoin('products as p', 'p.id', 'il.product_id')
      .selectAll('p')
      .select(['il.qty'])
      .where('il.invoice_id', '=', inv.id)
      .execute();
    await adjustStock(
      ctx,
      lines
        .filter((l) => movesStockLevels(l))
        .map((l) => ({ productId: l.id, locationId: inv.location_id, delta: l.qty })),
      { doc: 'invoice', id: inv.id },
    );
  }
  await db
    .updateTable('invoices')
    .set({
      status: 'void',
      voided_at: at,
      voided_by: ctx.actor,
      void_approved_by: approver,
      updated_at: at,
      revision: inv.revision + 1,
    })
    .where('id', '=', inv.id)
    .execute();
  return getInvoice(ctx, inv.id);
}
