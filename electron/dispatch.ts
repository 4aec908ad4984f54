import { AppError, type AppErrorValue } from '../db/errors.ts';
import { contract, isMethodName, type Outcome } from './contract.ts';
import { handlers as defaultHandlers, type HandlerCtx, type Handlers } from './handlers.ts';

/**
 * The single entry for every call from outside the main process (IPC, HTTP, tests): checks the
 * method name, validates the input with the contract's schema, runs the handler, and turns any
 * failure into an error value. Malformed input never reaches a service or SQL.
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
      message: `Invalid input for ${method}: ${first ? `${first.path || 'input'}: ${first.message}` : 'malformed'}.`,
      details: { issues },
    });
  }
  try {
    const handler = handlers[method] as (ctx: HandlerCtx, input: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(ctx, parsed.data) };
  } catch (error) {
    return fail(toErrorValue(error));
  }
}

function fail(error: AppErrorValue): Outcome<never> {
  return { ok: false, error };
}

export function toErrorValue(error: unknown): AppErrorValue {
  if (error instanceof AppError) return error.toValue();
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT')) {
    return { code: 'conflict', message: `The store refused the change: ${(error as Error).message}. Nothing was saved.` };
  }
  if (typeof code === 'string' && code === 'SQLITE_BUSY') {
    return { code: 'conflict', message: 'The data file is busy in another window or program. Try again in a moment; nothing was saved.' };
  }
  console.error('[pos] unexpected error', error);
  return { code: 'internal', message: `Something went wrong: ${error instanceof Error ? error.message : String(error)}. Nothing was saved.` };
}
