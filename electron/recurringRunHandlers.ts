// Recurring invoices: Run due now (the scheduler's pass on demand).
import type { Handlers } from './handlers.ts';

type RecurringRunHandlers = Pick<Handlers, never>;

export const recurringRunHandlers: RecurringRunHandlers = {};
