// Recurring invoices: templates (list, page, save, Make recurring, pause, resume, delete).
import {
  deleteRecurring,
  getRecurring,
  listRecurring,
  saveRecurring,
  setRecurringPaused,
} from '../db/services/recurring.ts';
import { makeRecurring } from '../db/services/recurringDraft.ts';
import type { Handlers } from './handlers.ts';

type RecurringHandlers = Pick<
  Handlers,
  'listRecurring' | 'getRecurring' | 'saveRecurring' | 'setRecurringPaused' | 'deleteRecurring' | 'makeRecurring'
>;

export const recurringHandlers: RecurringHandlers = {
  listRecurring: (ctx, filter) => listRecurring(ctx, filter),
  getRecurring: (ctx, { id }) => getRecurring(ctx, id),
  saveRecurring: (ctx, input) => saveRecurring(ctx, input),
  setRecurringPaused: (ctx, { id, paused }) => setRecurringPaused(ctx, id, paused),
  deleteRecurring: (ctx, { id }) => deleteRecurring(ctx, id),
  makeRecurring: (ctx, { invoiceId }) => makeRecurring(ctx, invoiceId),
};
