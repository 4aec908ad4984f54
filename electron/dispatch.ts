import { contract, type Outcome } from '../core/contract.ts';
import { AppError, type AppErrorValue } from '../core/errors.ts';
import { ADMIN_METHODS, isMethodName, isWriteMethod, PUBLIC_METHODS } from '../core/methods.ts';
import { classifyDbError } from '../db/dialect.ts';
import { inWriteTransaction } from '../db/services/context.ts';
import { handlers as defaultHandlers, type HandlerCtx, type Handlers } from './handlers.ts';

/**
 * The single entry for every call from outside the main process (IPC, HTTP, tests): checks the
 * method name, validates the input with the contract's schema, runs the handler (a write method
 * inside one write transaction: all of it happens or none), and turns any failure into an error
 * value. Malformed input never reaches a service or SQL.
 */
export async function dispatch(
  ctx: HandlerCtx,
  method: unknown,
  input: unknown,
  handlers: Handlers = defaultHandlers,
): Promise<Outcome<unknown>> {
  if (!isMethodName(method)) {
    return fail({ code: 'unknown_method', message: `Unknown method ${JSON.stringify(String(method)).slice(0, 80)}.` });
  }
  const parsed = contract[method].input.safeParse(input ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    const first = issues[0];
    return fail({
      code: 'invalid_input',
      message: `Invalid input for ${method}: ${first ? `${first.path || 'input'}: ${first.message.replace(/\.$/, '')}` : 'malformed'}.`,
      details: { issues },
    });
  }
  // Who acts: the staff member signed in on this window or host. A host without sessions (scripts) acts as itself.
  let acting = ctx;
  const staff = ctx.session?.staff ?? null;
  if (ctx.session && !PUBLIC_METHODS.has(method)) {
    if (!staff) return fail({ code: 'signed_out', message: 'Sign in with your PIN first.' });
    if (ADMIN_METHODS.has(method) && staff.role !== 'admin') {
      return fail({
        code: 'forbidden',
        message: `Only an Admin can change Settings and staff; ${staff.name} is signed in as ${staff.role === 'manager' ? 'a Manager' : 'a Cashier'}.`,
      });
    }
  }
  if (staff) acting = { ...ctx, actor: staff.name, staff };
  try {
    const handler = handlers[method] as (ctx: HandlerCtx, input: unknown) => Promise<unknown>;
    const value = isWriteMethod(method)
      ? await inWriteTransaction(acting, (trx) => handler({ ...acting, ...trx }, parsed.data))
      : await handler(acting, parsed.data);
    return { ok: true, value };
  } catch (error) {
    return fail(toErrorValue(error));
  }
}

function fail(error: AppErrorValue): Outcome<never> {
  return { ok: false, error };
}

export function toErrorValue(error: unknown): AppErrorValue {
  if (error instanceof AppError) return error.toValue();
  switch (classifyDbError(error)) {
    case 'disk_full':
      return { code: 'disk_full', message: 'The disk is full: nothing was saved.' };
    case 'unique':
    case 'constraint':
      return {
        code: 'conflict',
        message: `The store refused the change: ${(error as Error).message}. Nothing was saved.`,
      };
    case 'busy':
      return {
        code: 'conflict',
        message: 'The store is busy with another window, counter or program. Try again in a moment; nothing was saved.',
      };
    case 'retry':
      return {
        code: 'conflict',
        message: 'Other counters kept changing the same records: nothing was saved. Try again.',
      };
    case 'read_only':
      return {
        code: 'read_only',
        message: 'The data file is read-only: nothing was saved. Check its permissions or the disk.',
      };
    case 'unreachable':
    case 'auth':
    case 'no_database':
      return {
        code: 'unreachable',
        message:
          'Cannot reach the shop server: nothing was saved. Check that the server is on and this computer is on the ' +
          "shop's network, then try again.",
      };
    default:
      break;
  }
  console.error('[pos] unexpected error', error);
  return {
    code: 'internal',
    message: `Something went wrong: ${error instanceof Error ? error.message : String(error)}. Nothing was saved.`,
  };
}
