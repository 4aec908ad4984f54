import { afterEach, describe, expect, it } from 'vitest';
import { localDate } from '../../core/dates.ts';
import type { RecurringRunReport } from '../../core/model.ts';
import { addMonthsClamped } from '../../core/recurrence.ts';
import { RECURRING_EVERY_MS, schedulerTick, startRecurringScheduler } from '../../electron/recurringScheduler.ts';
import { FROZEN_NOW, freshBackend, type Backend } from '../support/backend.ts';
import { addTemplate } from '../support/recurringFixture.ts';

// The host's recurring scheduler (electron/recurringScheduler.ts): its pure tick (at start, then hourly, never two
// passes at once) and the timer on a real store making the catch-up drafts at app start.

describe('the scheduler’s tick', () => {
  const hour = RECURRING_EVERY_MS;
  it('runs at start, then once an hour has passed since the last pass started; never beside a pass', () => {
    expect(schedulerTick({ running: false, lastStartMs: null }, 1_000)).toBe(true);
    expect(schedulerTick({ running: true, lastStartMs: null }, 1_000)).toBe(false);
    expect(schedulerTick({ running: false, lastStartMs: 1_000 }, 1_000 + hour - 1)).toBe(false);
    expect(schedulerTick({ running: false, lastStartMs: 1_000 }, 1_000 + hour)).toBe(true);
    expect(schedulerTick({ running: true, lastStartMs: 1_000 }, 1_000 + 5 * hour)).toBe(false);
    // The clock set back (a time zone or a corrected clock): a pass rather than none for hours.
    expect(schedulerTick({ running: false, lastStartMs: 1_000 + hour }, 1_000)).toBe(true);
  });
});

describe('the scheduler on a store', () => {
  let b: Backend | undefined;
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
    await b?.close();
  });

  it('at app start, catches up the periods due since the app was last open', async () => {
    b = await freshBackend();
    const today = localDate(FROZEN_NOW);
    const t = await addTemplate(
      b,
      { customer_id: b.ids.acme, location_id: b.ids.main, start_date: addMonthsClamped(today, -2) },
      [{ kind: 'standard', product_id: null, description: 'Managed services', qty: 1000, unit_price_minor: 9900 }],
    );
    const ctx = b.ctx;
    const passes: RecurringRunReport[] = [];
    const first = new Promise<void>((resolve) => {
      stop = startRecurringScheduler(() => ctx, {
        tickMs: 3_600_000,
        onPass: (report) => {
          passes.push(report);
          resolve();
        },
      });
    });
    await first;
    expect(passes[0]!.made.map((m) => m.periodDate)).toEqual([
      addMonthsClamped(today, -2),
      addMonthsClamped(today, -1),
      today,
    ]);
    const runs = await b.all<{ actor: string }>('SELECT actor FROM recurring_runs WHERE template_id = ?', t.id);
    expect(runs.map((r) => r.actor)).toEqual(['scheduler', 'scheduler', 'scheduler']);
  });

  it('makes no pass while the store is closed (no context); its stop ends it', async () => {
    let asked = 0;
    const passes: RecurringRunReport[] = [];
    stop = startRecurringScheduler(() => (asked++, null), { tickMs: 3_600_000, onPass: (r) => passes.push(r) });
    await new Promise((resolve) => setTimeout(resolve, 5)); // (after the start's own tick, queued first)
    await stop();
    stop = undefined;
    expect(asked).toBe(1);
    expect(passes).toEqual([]);
  });
});
