// E-mail: Settings → Email, sending invoices and receipts with their PDF, the outbox (db/services/email.ts). The
// sends are `batch` methods: the SMTP call runs outside any transaction; the service opens its own short ones.
import { AppError } from '../core/errors.ts';
import {
  deleteEmail,
  emailInvoice,
  emailReceipt,
  getEmailSettings,
  listEmails,
  logEmail,
  listOutbox,
  retryEmail,
  saveEmailSettings,
  testEmailSettings,
  type MailHost,
} from '../db/services/email.ts';
import { documentPdf } from './documents/render.ts';
import type { HandlerCtx, Handlers } from './handlers.ts';

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

/** What sending needs from this host: its secret keeper and the documents' PDFs (the one print template). */
export function mailHost(ctx: HandlerCtx): MailHost {
  return {
    secrets: ctx.secrets,
    pdf: async (kind, id, options) => {
      if (!ctx.pdf) throw new AppError('internal', 'This host cannot make PDFs (no Chromium).');
      const doc = await documentPdf(ctx, kind, id, options);
      return { fileName: doc.fileName, bytes: doc.bytes };
    },
  };
}

export const emailHandlers: EmailHandlers = {
  getEmailSettings: (ctx) => getEmailSettings(ctx, ctx.secrets),
  saveEmailSettings: (ctx, input) => saveEmailSettings(ctx, ctx.secrets, input),
  testEmailSettings: (ctx, { to }) => testEmailSettings(ctx, ctx.secrets, to),
  emailInvoice: async (ctx, input) => logEmail(await emailInvoice(ctx, mailHost(ctx), input), 'invoice'),
  emailReceipt: async (ctx, input) => logEmail(await emailReceipt(ctx, mailHost(ctx), input), 'receipt'),
  listOutbox: (ctx) => listOutbox(ctx),
  listEmails: (ctx, { invoiceId }) => listEmails(ctx, invoiceId),
  retryEmail: async (ctx, { id }) => logEmail(await retryEmail(ctx, mailHost(ctx), id), 'retry'),
  deleteEmail: (ctx, { id }) => deleteEmail(ctx, id),
};
