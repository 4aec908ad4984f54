// A recurring template's page left open while the scheduler's hourly pass runs it (in the main process: the page is
// not told): saving an edit of its notes keeps the next run date the pass moved on, never sets it back to the one
// the page loaded. Real App, real backend.
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { localDate } from '../../core/dates.ts';
import { addMonthsClamped } from '../../core/recurrence.ts';
import { runDueRecurring } from '../../db/services/recurringRun.ts';
import { useNav } from '../../renderer/stores/nav.ts';
import { FROZEN_NOW, okValue, serviceCtx } from '../support/backend.ts';
import { renderApp } from './render.tsx';

describe('a recurring template edited across a scheduler pass', () => {
  it('keeps the next run date the pass moved on', async () => {
    const { b, user } = await renderApp(undefined, { start: 'sell' });
    const today = localDate(FROZEN_NOW);
    const line = { kind: 'standard' as const, productId: b.ids.cable, qty: 1000, unitPriceMinor: 1500, taxable: true };
    const t = await okValue(
      b.api.saveRecurring({
        customerId: b.ids.acme,
        frequency: 'monthly',
        startDate: addMonthsClamped(today, -2),
        lines: [line],
      }),
    );
    useNav.getState().go({ name: 'recurringTemplate', id: t.id });
    await screen.findByRole('heading', { name: 'Recurring invoice R-000001' });
    expect(screen.getByLabelText('Next run date')).toHaveValue(addMonthsClamped(today, -1));

    // The hourly pass, while the page is open: two periods made, the next run a month on.
    const report = await runDueRecurring(serviceCtx(b));
    expect(report.made).toHaveLength(2);
    await user.type(screen.getByLabelText('Notes'), 'Thank you');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(/Saved R-000001/)).toBeInTheDocument();
    const row = await b.one<{ next_run_date: string; notes: string }>(
      'SELECT next_run_date, notes FROM recurring_templates WHERE id = ?',
      t.id,
    );
    expect(row).toEqual({ next_run_date: addMonthsClamped(today, 1), notes: 'Thank you' });
    expect(screen.getByLabelText('Next run date')).toHaveValue(addMonthsClamped(today, 1));
  });
});
