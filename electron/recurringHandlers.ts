// Recurring invoices: templates (list, page, save, Make recurring, pause, resume, delete).
import type { Handlers } from './handlers.ts';

type RecurringHandlers = Pick<Handlers, never>;

export const recurringHandlers: RecurringHandlers = {};
