// Sign-in, Lock and staff: the handlers that change who is signed in on this window (desktop) or host (browser
// mode). The Session object is shared by reference with dispatch, which acts as session.staff on every later call.
import type { SessionInfo, StaffRef } from '../core/model.ts';
import { listStaff, saveStaff, sessionState, setupFirstAdmin, signIn, type StaffInput } from '../db/services/staff.ts';
import type { ReadCtx } from '../db/services/context.ts';
import type { HandlerCtx, Handlers } from './handlers.ts';

type StaffHandlers = Pick<Handlers, 'sessionInfo' | 'signIn' | 'setupFirstAdmin' | 'lock' | 'listStaff' | 'saveStaff'>;

async function info(ctx: HandlerCtx & ReadCtx, staff: StaffRef | null): Promise<SessionInfo> {
  return { staff, ...(await sessionState(ctx)) };
}

/**
 * Who is signed in here: the session's staff member. A host without sessions (scripts, the bench) is not gated: it
 * acts as itself with every permission, so its pages never show the PIN screen.
 */
const signedInHere = (ctx: HandlerCtx): StaffRef | null =>
  ctx.session ? ctx.session.staff : (ctx.staff ?? { id: 0, name: ctx.actor, role: 'admin' });

export const staffHandlers: StaffHandlers = {
  sessionInfo: (ctx) => info(ctx, signedInHere(ctx)),
  signIn: async (ctx, { pin }) => {
    const staff = await signIn(ctx, pin);
    ctx.afterCommit(() => {
      if (ctx.session) ctx.session.staff = staff;
    });
    return info(ctx, staff);
  },
  setupFirstAdmin: async (ctx, { name, pin }) => {
    const staff = await setupFirstAdmin(ctx, name, pin);
    ctx.afterCommit(() => {
      if (ctx.session) ctx.session.staff = staff;
    });
    return info(ctx, staff);
  },
  lock: async (ctx) => {
    if (ctx.session) ctx.session.staff = null;
    return info(ctx, signedInHere(ctx));
  },
  listStaff: (ctx) => listStaff(ctx),
  saveStaff: async (ctx, input: StaffInput) => {
    const member = await saveStaff(ctx, input);
    // Editing the one signed in here keeps this session in step (a new name or role; deactivated: signed out).
    const session = ctx.session;
    if (session?.staff?.id === member.id) {
      ctx.afterCommit(() => {
        session.staff = member.active ? { id: member.id, name: member.name, role: member.role } : null;
      });
    }
    return member;
  },
};
