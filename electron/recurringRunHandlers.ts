// Recurring invoices: Run due now (the scheduler's pass on demand). A `batch` method: dispatch opens no transaction,
// the run engine opens one per period (db/services/recurringRun.ts), and e-mails Create-and-e-mail templates'
// invoices through this host.
import { runDueRecurring } from '../db/services/recurringRun.ts';
import { mailHost } from './emailHandlers.ts';
import type { Handlers } from './handlers.ts';

type RecurringRunHandlers = Pick<Handlers, 'runRecurringNow'>;

export const recurringRunHandlers: RecurringRunHandlers = {
  runRecurringNow: (ctx, { templateId }) =>
    runDueRecurring(ctx, { ...(templateId !== undefined ? { templateId } : {}), host: mailHost(ctx) }),
};
