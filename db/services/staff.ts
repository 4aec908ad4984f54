// Staff, PINs and approvals. (Being built for issue 13: requireManager's PIN check lands with the staff service.)
import { AppError } from '../../core/errors.ts';
import type { ReadCtx } from './context.ts';

/**
 * A command only a Manager or Admin may do (a void, a discount above the limit, a price below cost, a late return,
 * opening the drawer, cancelling a purchase order). Passes when the one signed in is a Manager or Admin, or when
 * approvalPin is a Manager's or Admin's PIN; returns the approver's name (null: no staff session, the app itself).
 * Otherwise refuses with needs_approval, naming the action ("Needs a manager: voiding INV-000001.").
 */
export async function requireManager(
  ctx: ReadCtx,
  approvalPin: string | undefined,
  action: string,
): Promise<string | null> {
  const staff = ctx.staff;
  if (!staff) return null;
  if (staff.role === 'manager' || staff.role === 'admin') return staff.name;
  if (approvalPin === undefined) {
    throw new AppError('needs_approval', `Needs a manager: ${action}.`, { role: 'manager', action });
  }
  throw new AppError('needs_approval', 'That PIN is not a Manager’s or Admin’s. Nothing was saved.', {
    role: 'manager',
    action,
  });
}
