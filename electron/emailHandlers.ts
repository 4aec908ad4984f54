// E-mail: Settings → Email, sending invoices and receipts with their PDF, the outbox.
import { AppError } from '../core/errors.ts';
import type { Handlers } from './handlers.ts';

type EmailHandlers = Pick<
  Handlers,
  | 'getEmailSettings'
  | 'saveEmailSettings'
  | 'testEmailSettings'
  | 'emailInvoice'
  | 'emailReceipt'
  | 'listOutbox'
  | 'listEmails'
  | 'retryEmail'
  | 'deleteEmail'
>;

const notYet = (): never => {
  throw new AppError('internal', 'Not built yet.');
};

export const emailHandlers: EmailHandlers = {
  getEmailSettings: async () => notYet(),
  saveEmailSettings: async () => notYet(),
  testEmailSettings: async () => notYet(),
  emailInvoice: async () => notYet(),
  emailReceipt: async () => notYet(),
  listOutbox: async () => notYet(),
  listEmails: async () => notYet(),
  retryEmail: async () => notYet(),
  deleteEmail: async () => notYet(),
};
