// The host's outbox timer (desktop and browser mode): every 30 s, the due outbox messages are retried one at a time
// (db/services/email.ts runOutbox). Unref'd: it never keeps the process alive.
import { startOutboxWorker } from '../db/services/email.ts';
import { mailHost } from './emailHandlers.ts';
import type { HandlerCtx } from './handlers.ts';

export const OUTBOX_EVERY_MS = 30_000;

/** Starts the outbox timer for the host's context (null while the store is closed); returns its stop. */
export function startOutbox(ctx: () => HandlerCtx | null, everyMs = OUTBOX_EVERY_MS): () => Promise<void> {
  return startOutboxWorker(
    ctx,
    () => {
      const c = ctx();
      return c ? mailHost(c) : null;
    },
    everyMs,
  );
}
