// Deposits on a ticket: Settings → Deposits (the feature's switch and the deposit products: a fixed amount or a
// percentage of the ticket's pending charges), the deposits a ticket holds, and Take deposit. A deposit is money
// like any other: a Paid deposit invoice (DEP-000001, is_deposit, one manual non-taxable line "Deposit on T-000001")
// settled by an ordinary payment, plus a negative charge on the ticket (kind 'deposit', qty 1, -amount) that Make
// Invoice takes off the balance invoice. Refunds: depositRefunds.ts.
import { sql } from 'kysely';
import { localDate } from '../../core/dates.ts';
import { AppError } from '../../core/errors.ts';
import type { DepositProduct, DepositSettings, TicketDeposit, TicketDeposits } from '../../core/model.ts';
import type { DepositKind } from '../../core/enums.ts';
import { equalsNoCase } from '../dialect.ts';
import { iso, type ReadCtx, type WriteCtx } from './context.ts';
import { saveInvoice } from './invoices.ts';
import { moneyFormatter, payInvoice } from './payments.ts';
import { getSetting, putSetting } from './settings.ts';
import { nextChargePosition, ticketCharges, touchTicket } from './ticketCore.ts';

/** The settings key of Settings → Deposits' switch ('1' on; absent or '0' off: a shop turns deposits on). */
export const DEPOSITS_ENABLED_KEY = 'deposits_enabled';

export const DEPOSITS_OFF = 'Deposits are turned off: an Admin turns them on in Settings → Deposits.';

export async function depositsEnabled(ctx: ReadCtx): Promise<boolean> {
  return (await getSetting(ctx, DEPOSITS_ENABLED_KEY)) === '1';
}

export async function getDepositSettings(ctx: ReadCtx): Promise<DepositSettings> {
  const rows = await ctx.db.selectFrom('deposit_products').selectAll().orderBy('archived').orderBy('name').execute();
  return { enabled: await depositsEnabled(ctx), products: rows.map(toProduct) };
}

export async function saveDepositSettings(ctx: WriteCtx, input: { enabled: boolean }): Promise<DepositSettings> {
  await putSetting(ctx, DEPOSITS_ENABLED_KEY, input.enabled ? '1' : '0');
  return getDepositSettings(ctx);
}

export interface DepositProductInput {
  id?: number;
  name: string;
  kind: DepositKind;
  amountMinor: number;
  /** Basis points: 2500 = 25 %. */
  percentBp: number;
  archived: boolean;
}

/** A new deposit product or an edit. A fixed one has an amount above 0; a percentage one is above 0 and ≤ 100 %. */
export async function saveDepositProduct(ctx: WriteCtx, input: DepositProductInput): Promise<DepositSettings> {
  const name = input.name.trim();
  if (name === '') throw new AppError('invalid_input', 'Give the deposit product a name.', { field: 'name' });
  if (input.kind === 'fixed' && input.amountMinor <= 0) {
    throw new AppError('invalid_input', 'Enter the deposit amount, above 0.', { field: 'amountMinor' });
  }
  if (input.kind === 'percent' && (input.percentBp <= 0 || input.percentBp > 10_000)) {
    throw new AppError('invalid_input', 'Enter a percentage above 0 and at most 100.', { field: 'percentBp' });
  }
  if (!input.archived) {
    let same = ctx.db
      .selectFrom('deposit_products')
      .select('id')
      .where('archived', '=', 0)
      .where(equalsNoCase(ctx.db, sql.ref('name'), name));
    if (input.id !== undefined) same = same.where('id', '<>', input.id);
    if (await same.executeTakeFirst()) {
      throw new AppError('conflict', `A deposit product named ${name} already exists.`, { field: 'name' });
    }
  }
  const values = {
    name,
    kind: input.kind,
    amount_minor: input.kind === 'fixed' ? input.amountMinor : 0,
    percent_bp: input.kind === 'percent' ? input.percentBp : 0,
    archived: input.archived ? 1 : 0,
  } as const;
  if (input.id === undefined) {
    await ctx.db.insertInto('deposit_products').values(values).execute();
  } else {
    const done = await ctx.db.updateTable('deposit_products').set(values).where('id', '=', input.id).executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) throw new AppError('not_found', 'That deposit product no longer exists.');
  }
  return getDepositSettings(ctx);
}

function toProduct(row: {
  id: number;
  name: string;
  kind: DepositKind;
  amount_minor: number;
  percent_bp: number;
  archived: number;
}): DepositProduct {
  return {
    id: Number(row.id),
    name: row.name,
    kind: row.kind,
    amountMinor: Number(row.amount_minor),
    percentBp: Number(row.percent_bp),
    archived: row.archived === 1,
  };
}

/** A percentage of an amount, rounded half up to the cent (never below 0). */
export const percentOf = (amountMinor: number, bp: number): number =>
  amountMinor <= 0 ? 0 : Math.round((amountMinor * bp) / 10_000);

async function ticketRow(ctx: ReadCtx, ticketId: number) {
  const ticket = await ctx.db
    .selectFrom('tickets')
    .select(['id', 'number', 'customer_id', 'location_id'])
    .where('id', '=', ticketId)
    .executeTakeFirst();
  if (!ticket) throw new AppError('not_found', 'That ticket no longer exists.', { field: 'ticketId' });
  return ticket;
}

/** A ticket's deposits (oldest first), with what is left of each and the invoice that took it off, if any. */
export async function ticketDeposits(ctx: ReadCtx, ticketId: number): Promise<TicketDeposits> {
  const ticket = await ticketRow(ctx, ticketId);
  const summary = await ticketCharges(ctx, ticketId);
  const products = await ctx.db
    .selectFrom('deposit_products')
    .selectAll()
    .where('archived', '=', 0)
    .orderBy('name')
    .execute();
  const rows = await ctx.db
    .selectFrom('ticket_charges as c')
    .innerJoin('invoices as d', 'd.id', 'c.deposit_invoice_id')
    .leftJoin('invoice_lines as l', 'l.id', 'c.invoice_line_id')
    .leftJoin('invoices as i', 'i.id', 'l.invoice_id')
    .select(['c.id', 'c.unit_price_minor', 'c.refunded_minor', 'c.created_at', 'd.id as depositId', 'd.number'])
    .select(['i.id as invoiceId', 'i.number as invoiceNumber', 'i.status as invoiceStatus'])
    .where('c.ticket_id', '=', ticketId)
    .where('c.kind', '=', 'deposit')
    .orderBy('c.position')
    .execute();
  const payments = rows.length
    ? await ctx.db
        .selectFrom('payment_allocations as pa')
        .innerJoin('payments as p', 'p.id', 'pa.payment_id')
        .innerJoin('payment_methods as m', 'm.id', 'p.method_id')
        .select(['pa.invoice_id', 'p.id', 'p.number', 'm.name'])
        .where(
          'pa.invoice_id',
          'in',
          rows.map((r) => r.depositId),
        )
        .orderBy('p.id')
        .execute()
    : [];
  const deposits: TicketDeposit[] = rows.map((r) => {
    const payment = payments.find((p) => Number(p.invoice_id) === Number(r.depositId));
    const amount = -Number(r.unit_price_minor);
    const refunded = Number(r.refunded_minor);
    const consumed = r.invoiceId !== null && r.invoiceStatus !== 'void';
    return {
      chargeId: Number(r.id),
      invoiceId: Number(r.depositId),
      invoiceNumber: r.number,
      paymentId: payment ? Number(payment.id) : null,
      paymentNumber: payment?.number ?? null,
      methodName: payment?.name ?? '',
      amountMinor: amount,
      refundedMinor: refunded,
      leftMinor: amount - refunded,
      consumedBy: consumed ? { invoiceId: Number(r.invoiceId), number: r.invoiceNumber ?? '' } : null,
      takenAt: r.created_at,
    };
  });
  return {
    ticketNumber: ticket.number,
    enabled: await depositsEnabled(ctx),
    pendingTotalMinor: summary.pendingTotalMinor,
    products: products.map(toProduct),
    deposits,
  };
}

export interface TakeDepositInput {
  ticketId: number;
  /** A deposit product: its amount, or its percentage of the pending charges (unless amountMinor is given). */
  depositProductId?: number | undefined;
  /** The amount entered (wins over the product's). */
  amountMinor?: number | undefined;
  methodId: number;
  reference?: string;
}

/**
 * Take deposit, one command: the deposit invoice (DEP-000001, Paid by a payment of the chosen method) and the
 * negative charge on the ticket. Refused while deposits are off, for an amount of 0 or less, and for more than the
 * ticket's pending charges (which already count earlier deposits off): a deposit never makes the balance invoice
 * total below 0, and a ticket with nothing pending takes no deposit.
 */
export async function takeDeposit(ctx: WriteCtx, input: TakeDepositInput): Promise<TicketDeposits> {
  if (!(await depositsEnabled(ctx))) throw new AppError('conflict', DEPOSITS_OFF);
  const ticket = await ticketRow(ctx, input.ticketId);
  const pending = (await ticketCharges(ctx, ticket.id)).pendingTotalMinor;
  const fmt = await moneyFormatter(ctx, { symbol: true });
  let amount = input.amountMinor;
  if (amount === undefined) {
    if (input.depositProductId === undefined) {
      throw new AppError('invalid_input', 'Choose a deposit product or enter the amount.', { field: 'amountMinor' });
    }
    const product = await ctx.db
      .selectFrom('deposit_products')
      .selectAll()
      .where('id', '=', input.depositProductId)
      .executeTakeFirst();
    if (!product) throw new AppError('not_found', 'That deposit product no longer exists.');
    if (product.archived === 1) {
      throw new AppError('conflict', `The deposit product ${product.name} is archived: choose another one.`);
    }
    amount = product.kind === 'fixed' ? Number(product.amount_minor) : percentOf(pending, Number(product.percent_bp));
  }
  if (pending <= 0) {
    throw new AppError(
      'conflict',
      `${ticket.number} has no pending charges to take a deposit on: add its line items or labour first.`,
    );
  }
  if (amount <= 0) throw new AppError('invalid_input', 'Enter a deposit above 0.', { field: 'amountMinor' });
  if (amount > pending) {
    throw new AppError(
      'invalid_input',
      `A deposit of ${fmt(amount)} is more than ${ticket.number}'s pending charges of ${fmt(pending)}: take at ` +
        `most ${fmt(pending)}.`,
      { field: 'amountMinor', pendingTotalMinor: pending },
    );
  }
  const invoice = await saveInvoice(ctx, {
    customerId: Number(ticket.customer_id),
    locationId: Number(ticket.location_id),
    invoiceDate: localDate(ctx.now()),
    notes: '',
    lines: [
      {
        productId: null,
        description: `Deposit on ${ticket.number}`,
        qty: 1000,
        unitPriceMinor: amount,
        taxable: false,
        serialIds: [],
      },
    ],
    numbering: 'deposit',
    ticketId: ticket.id,
  });
  await payInvoice(ctx, {
    invoiceId: invoice.id,
    amountMinor: amount,
    methodId: input.methodId,
    reference: input.reference ?? '',
  });
  await ctx.db
    .insertInto('ticket_charges')
    .values({
      ticket_id: ticket.id,
      position: await nextChargePosition(ctx, ticket.id),
      kind: 'deposit',
      product_id: null,
      description: `Deposit on ${ticket.number}, ${invoice.number}`,
      qty: 1000,
      unit_price_minor: -amount,
      taxable: 0,
      deposit_invoice_id: invoice.id,
      created_at: iso(ctx.now()),
      actor: ctx.actor,
    })
    .execute();
  await touchTicket(ctx, ticket.id);
  return ticketDeposits(ctx, ticket.id);
}
