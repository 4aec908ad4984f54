// The recurring scheduler of the host (desktop main process and browser mode): a pass of the run engine
// (db/services/recurringRun.ts) at app start, then hourly. The app is often closed, so a pass catches up every period
// due since (one invoice each); two processes on one store, or a pass beside Run due now, never make a period twice
// (the store's unique (template, period) key).
//
// A pure core fed a clock (STYLE.md: like the scanner detector): `schedulerTick` says whether a pass starts now; the
// host's timer only feeds it the time every minute. A minute's tick rather than an hour's timer: a laptop that slept
// through the hour runs its pass within a minute of waking. Never two passes at once; the timer is unref'd (it never
// keeps the process alive); the returned stop waits for a pass under way.
import type { RecurringRunReport } from '../core/model.ts';
import { runDueRecurring } from '../db/services/recurringRun.ts';
import { log } from '../db/log.ts';
import { mailHost } from './emailHandlers.ts';
import type { HandlerCtx } from './handlers.ts';

export const RECURRING_EVERY_MS = 60 * 60_000;
export const RECURRING_TICK_MS = 60_000;
/** Who the run log names for the scheduler's passes. */
export const SCHEDULER_ACTOR = 'scheduler';

export interface SchedulerState {
  /** A pass is under way. */
  running: boolean;
  /** When the last pass started (ms); null: none yet, so the first tick (app start) runs one. */
  lastStartMs: number | null;
}

/**
 * Whether a pass starts at `nowMs`: none under way, and none yet or the last one started `everyMs` ago (or the clock
 * went back).
 */
export function schedulerTick(state: SchedulerState, nowMs: number, everyMs = RECURRING_EVERY_MS): boolean {
  if (state.running) return false;
  if (state.lastStartMs === null) return true;
  const since = nowMs - state.lastStartMs;
  return since >= everyMs || since < 0;
}

export interface SchedulerOptions {
  everyMs?: number;
  tickMs?: number;
  /** The clock (tests). */
  now?: () => number;
  /** Told each pass's report (tests; the log has it too). */
  onPass?: (report: RecurringRunReport) => void;
}

/** Starts the scheduler for the host's context (null while the store is closed: the pass waits); returns its stop. */
export function startRecurringScheduler(
  ctx: () => HandlerCtx | null,
  options: SchedulerOptions = {},
): () => Promise<void> {
  const { everyMs = RECURRING_EVERY_MS, tickMs = RECURRING_TICK_MS, now = Date.now, onPass } = options;
  const state: SchedulerState = { running: false, lastStartMs: null };
  let pass: Promise<void> | null = null;
  let stopped = false;

  const tick = () => {
    const c = ctx();
    if (stopped || !c || !schedulerTick(state, now(), everyMs)) return;
    state.running = true;
    state.lastStartMs = now();
    pass = runDueRecurring({ db: c.db, now: c.now, actor: SCHEDULER_ACTOR }, { host: mailHost(c) })
      .then((report) => {
        if (report.made.length + report.skipped.length + report.failed.length > 0)
          log.info(
            { made: report.made.length, skipped: report.skipped.length, failed: report.failed.length },
            'recurring pass done',
          );
        for (const f of report.failed)
          console.error(`[pos] recurring ${f.templateNumber} (${f.periodDate}) failed: ${f.message}`);
        onPass?.(report);
      })
      .catch((error: unknown) => {
        log.failure('the recurring pass failed', error);
        console.error('[pos] the recurring pass failed', error);
      })
      .finally(() => {
        state.running = false;
        pass = null;
      });
  };

  const first = setTimeout(tick, 0); // at app start, once the host's start-up has run
  first.unref();
  const timer = setInterval(tick, tickMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearTimeout(first);
    clearInterval(timer);
    await pass;
  };
}
