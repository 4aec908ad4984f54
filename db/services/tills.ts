// Tills: a session per register, opened with a float and closed with the counted cash (a numbered Z report).
// Sales, payments and refunds at the counter name the open session (till_session_id); the expected cash is derived
// from those records and the session's cash in / cash out, never stored from input until the close freezes it.
//
// The register: which counter this is. HandlerCtx carries it (host.register, default 'Main'); services receive a
// ReadCtx, so tillRegister() reads it structurally from the ctx they were given (the handler's ctx is passed through
// as-is), and callers may pass it explicitly instead. A script or test ctx without a host is the 'Main' register.
import { AppError } from '../../core/errors.ts';
import type { ReadCtx } from './context.ts';

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
