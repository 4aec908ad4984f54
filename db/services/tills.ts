// Tills: a session per register, opened with a float and closed with the counted cash (a numbered Z report).
// Sales, payments and refunds at the counter name the open session (till_session_id); the expected cash is derived
// from those records and the session's cash in / cash out, never stored from input until the close freezes it.
//
// The register: which counter this is. HandlerCtx carries it (host.register, default 'Main'); services receive a
// ReadCtx, so tillRegister() reads it structurally from the ctx they were given (the handler's ctx is passed through
// as-is), and callers may pass it explicitly instead. A script or test ctx without a host is the 'Main' register.
import { sql } from 'kysely';
import { formatDateTime } from '../../core/dates.ts';
import { AppError } from '../../core/errors.ts';
import type { Page, TillMovementKind, TillSession, TillSessionSummary } from '../../core/model.ts';
import { formatMoney, moneyFormat, type Minor, type MoneyStyle } from '../../core/money.ts';
import { iso, nextNumber, type ReadCtx, type WriteCtx } from './context.ts';
import { shopCurrency, shopLocale } from './settings.ts';
import { requireManager } from './staff.ts';

export const DEFAULT_REGISTER = 'Main';

/** This counter's register name: ctx.host.register when the ctx came from a handler, else 'Main'. */
export function tillRegister(ctx: ReadCtx): string {
  const host = (ctx as ReadCtx & { host?: { register?: string } }).host;
  const name = host?.register?.trim();
  return name ? name : DEFAULT_REGISTER;
}

/** The open session of this register, or null. */
export async function currentTillId(ctx: ReadCtx, register = tillRegister(ctx)): Promise<number | null> {
  const row = await ctx.db
    .selectFrom('till_sessions')
    .select('id')
    .where('register', '=', register)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The open session a counter sale or refund belongs to; refused when the till is not open. */
export async function requireOpenTill(ctx: ReadCtx, register = tillRegister(ctx)): Promise<number> {
  const id = await currentTillId(ctx, register);
  if (id === null) throw new AppError('conflict', 'Open the till before taking a sale: Till → Open till.');
  return id;
}

/** This register's open session, or null. */
export async function currentTill(ctx: ReadCtx, register = tillRegister(ctx)): Promise<TillSession | null> {
  const id = await currentTillId(ctx, register);
  return id === null ? null : getTill(ctx, id);
}

/**
 * The cash the drawer should hold: the float, plus cash taken (payments by a cash method through this session, after
 * change), minus cash refunded, plus cash in, minus cash out.
 */
export async function expectedCash(ctx: ReadCtx, id: number): Promise<Minor> {
  const row = await ctx.db
    .selectFrom('till_sessions as t')
    .select([
      't.opening_float_minor as float',
      sql<number>`(SELECT coalesce(sum(p.amount_minor), 0) FROM payments p
        JOIN payment_methods m ON m.id = p.method_id WHERE p.till_session_id = t.id AND m.kind = 'cash')`.as('taken'),
      sql<number>`(SELECT coalesce(sum(r.amount_minor), 0) FROM refunds r
        JOIN payment_methods m ON m.id = r.method_id WHERE r.till_session_id = t.id AND m.kind = 'cash')`.as(
        'refunded',
      ),
      sql<number>`(SELECT coalesce(sum(CASE kind WHEN 'cash_in' THEN amount_minor WHEN 'cash_out' THEN -amount_minor
        ELSE 0 END), 0) FROM till_movements WHERE till_session_id = t.id)`.as('moved'),
    ])
    .where('t.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', `No till session with id ${id}.`);
  return row.float + row.taken - row.refunded + row.moved;
}

/**
 * A cash refund is paid out of the drawer: refused when it is more than the cash the till should hold (the expected
 * cash, the same limit as Cash out). Returns, Refund payment and a void's refunds check it before writing anything.
 */
export async function refuseCashBeyondTill(ctx: ReadCtx, tillId: number, amountMinor: Minor): Promise<void> {
  const expected = await expectedCash(ctx, tillId);
  if (amountMinor <= expected) return;
  const fmt = await moneyText(ctx, { symbol: true });
  throw new AppError(
    'conflict',
    `The till holds ${fmt(expected)} in cash; a cash refund of ${fmt(amountMinor)} is more than that. Refund to ` +
      'another method or add cash first.',
    { expectedCashMinor: expected, refundMinor: amountMinor },
  );
}

export async function getTill(ctx: ReadCtx, id: number): Promise<TillSession> {
  const { db } = ctx;
  const t = await db.selectFrom('till_sessions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!t) throw new AppError('not_found', `No till session with id ${id}.`);
  const movements = await db
    .selectFrom('till_movements')
    .selectAll()
    .where('till_session_id', '=', id)
    .orderBy('id')
    .execute();
  return {
    id: t.id,
    register: t.register,
    locationId: t.location_id,
    openedAt: t.opened_at,
    openedBy: t.opened_by,
    openingFloatMinor: t.opening_float_minor,
    closedAt: t.closed_at,
    closedBy: t.closed_by,
    zNumber: t.z_number,
    // A closed session's expected cash is frozen at the close.
    expectedCashMinor: t.expected_cash_minor ?? (await expectedCash(ctx, id)),
    countedCashMinor: t.counted_cash_minor,
    movements: movements.map((m) => ({
      id: m.id,
      kind: m.kind,
      amountMinor: m.amount_minor,
      reason: m.reason,
      at: m.at,
      actor: m.actor,
      approvedBy: m.approved_by,
    })),
  };
}

/** Opens this register's till with a float. One open session per register. */
export async function openTill(
  ctx: WriteCtx,
  input: { floatMinor: Minor },
  register = tillRegister(ctx),
): Promise<TillSession> {
  const { db } = ctx;
  const open = await db
    .selectFrom('till_sessions')
    .select(['opened_by', 'opened_at'])
    .where('register', '=', register)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
  if (open) {
    const at = formatDateTime(open.opened_at, await shopLocale(ctx));
    throw new AppError('conflict', `The till is already open (opened by ${open.opened_by} at ${at}).`);
  }
  const location = await db
    .selectFrom('locations')
    .select('id')
    .orderBy('is_default', 'desc')
    .orderBy('id')
    .executeTakeFirst();
  if (!location) throw new AppError('conflict', 'Add a location first: the till needs one.');
  const row = await db
    .insertInto('till_sessions')
    .values({
      register,
      location_id: location.id,
      opened_at: iso(ctx.now()),
      opened_by: ctx.actor,
      opening_float_minor: input.floatMinor,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return getTill(ctx, row.id);
}

/** The open session of this register, for an action on it; refused with a message when the till is closed. */
async function openSessionFor(ctx: ReadCtx, register: string, action: string): Promise<number> {
  const id = await currentTillId(ctx, register);
  if (id === null) throw new AppError('conflict', `Open the till before ${action}: Till → Open till.`);
  return id;
}

async function addMovement(
  ctx: WriteCtx,
  id: number,
  kind: TillMovementKind,
  amountMinor: Minor,
  reason: string,
  approvedBy: string | null = null,
): Promise<void> {
  await ctx.db
    .insertInto('till_movements')
    .values({
      till_session_id: id,
      kind,
      amount_minor: amountMinor,
      reason: reason.trim(),
      at: iso(ctx.now()),
      actor: ctx.actor,
      approved_by: approvedBy,
    })
    .execute();
}

/** Cash put into the drawer or taken out of it, with a reason. Cash out cannot exceed the cash expected in it. */
export async function tillCash(
  ctx: WriteCtx,
  input: { kind: 'cash_in' | 'cash_out'; amountMinor: Minor; reason: string },
  register = tillRegister(ctx),
): Promise<TillSession> {
  const id = await openSessionFor(ctx, register, input.kind === 'cash_in' ? 'putting cash in' : 'taking cash out');
  if (input.kind === 'cash_out') {
    const expected = await expectedCash(ctx, id);
    if (input.amountMinor > expected) {
      const fmt = await moneyText(ctx);
      throw new AppError(
        'conflict',
        `Cash out of ${fmt(input.amountMinor)} is more than the ${fmt(expected)} expected in the till.`,
      );
    }
  }
  await addMovement(ctx, id, input.kind, input.amountMinor, input.reason);
  return getTill(ctx, id);
}

/** Opens the drawer without a sale (a no-sale): needs a Manager or Admin, recorded with who approved it. */
export async function openDrawer(
  ctx: WriteCtx,
  input: { reason: string; approvalPin?: string | undefined },
  register = tillRegister(ctx),
): Promise<TillSession> {
  const id = await openSessionFor(ctx, register, 'opening the drawer');
  const approvedBy = await requireManager(ctx, input.approvalPin, 'opening the drawer without a sale');
  await addMovement(ctx, id, 'no_sale', 0, input.reason, approvedBy);
  return getTill(ctx, id);
}

export interface Denomination {
  valueMinor: Minor;
  count: number;
}

/**
 * Closes a session with the counted cash (a total, or notes and coins by denomination): freezes the expected cash and
 * gives the next Z number (Z-000001, gap-free: a refused close uses none).
 */
export async function closeTill(
  ctx: WriteCtx,
  input: { id: number; countedMinor?: Minor | undefined; denominations?: Denomination[] | undefined },
): Promise<number> {
  const { db } = ctx;
  const t = await db
    .selectFrom('till_sessions')
    .select(['id', 'closed_at', 'z_number'])
    .where('id', '=', input.id)
    .executeTakeFirst();
  if (!t) throw new AppError('not_found', `No till session with id ${input.id}.`);
  if (t.closed_at !== null) throw new AppError('conflict', `This till session is already closed (${t.z_number}).`);
  const counted = countedCash(input);
  const expected = await expectedCash(ctx, t.id);
  const counts = (input.denominations ?? []).filter((d) => d.count > 0);
  await db
    .updateTable('till_sessions')
    .set({
      closed_at: iso(ctx.now()),
      closed_by: ctx.actor,
      z_number: await nextNumber(ctx, 'z_report', 'Z-'),
      expected_cash_minor: expected,
      counted_cash_minor: counted,
      counted_detail: input.denominations ? JSON.stringify(counts) : '',
    })
    .where('id', '=', t.id)
    .execute();
  return t.id;
}

function countedCash(input: { countedMinor?: Minor | undefined; denominations?: Denomination[] | undefined }): Minor {
  const { countedMinor, denominations } = input;
  if ((countedMinor === undefined) === (denominations === undefined)) {
    throw new AppError('invalid_input', 'Enter the counted cash, as a total or by denomination.');
  }
  if (denominations === undefined) return countedMinor ?? 0;
  const values = new Set<number>();
  let total = 0;
  for (const d of denominations) {
    if (values.has(d.valueMinor)) throw new AppError('invalid_input', 'Each denomination is counted once.');
    values.add(d.valueMinor);
    total += d.valueMinor * d.count;
  }
  if (!Number.isSafeInteger(total)) throw new AppError('invalid_input', 'The counted cash is too large.');
  return total;
}

/** The denominations a closed session was counted by ([] when counted as a total). */
export function parseDenominations(detail: string): Denomination[] {
  if (!detail) return [];
  try {
    const value: unknown = JSON.parse(detail);
    if (!Array.isArray(value)) return [];
    return value.filter(
      (d): d is Denomination =>
        typeof d === 'object' && d !== null && Number.isInteger(d.valueMinor) && Number.isInteger(d.count),
    );
  } catch {
    return [];
  }
}

/** Past and open sessions, newest first. */
export async function listTills(
  ctx: ReadCtx,
  { limit, offset }: { limit: number; offset: number },
): Promise<Page<TillSessionSummary>> {
  const { db } = ctx;
  const total = await db
    .selectFrom('till_sessions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('till_sessions as t')
    .selectAll('t')
    .select(
      sql<number>`(SELECT count(*) FROM invoices i WHERE i.till_session_id = t.id
        AND i.status NOT IN ('draft', 'void'))`.as('salesCount'),
    )
    .orderBy('t.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  const out: TillSessionSummary[] = [];
  for (const t of rows) {
    const expected = t.expected_cash_minor ?? (await expectedCash(ctx, t.id));
    out.push({
      id: t.id,
      register: t.register,
      zNumber: t.z_number,
      openedAt: t.opened_at,
      openedBy: t.opened_by,
      closedAt: t.closed_at,
      closedBy: t.closed_by,
      salesCount: t.salesCount,
      expectedCashMinor: expected,
      countedCashMinor: t.counted_cash_minor,
      overShortMinor: t.counted_cash_minor === null ? null : t.counted_cash_minor - expected,
    });
  }
  return { rows: out, total: Number(total.n) };
}

/** Amounts for messages in the shop's currency and locale (tills.ts reads no payment service: payments reads it). */
async function moneyText(ctx: ReadCtx, style: MoneyStyle = {}): Promise<(minor: Minor) => string> {
  const format = moneyFormat(await shopCurrency(ctx), await shopLocale(ctx));
  return (minor) => formatMoney(minor, format, style);
}
