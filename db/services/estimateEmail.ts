// E-mailing an estimate with its PDF, as invoices are e-mailed (db/services/email.ts): queued first, then sent when the
// server takes it; a Draft estimate becomes Sent once it has gone (email.ts markSent), never for a failed try.
import { AppError } from '../../core/errors.ts';
import type { EmailOutcome } from '../../core/model.ts';
import { attempt, customerEmail, getEmail, queue, smtpToUse, type MailHost } from './email.ts';
import { getEstimate } from './estimates.ts';
import type { ReadCtx } from './context.ts';
import { getShopSettings } from './settings.ts';

export interface EmailEstimateInput {
  estimateId: number;
  /** Absent: the customer's e-mail address. */
  to?: string;
  cc: string;
  subject?: string;
  message: string;
}

export async function emailEstimate(ctx: ReadCtx, host: MailHost, input: EmailEstimateInput): Promise<EmailOutcome> {
  const estimate = await getEstimate(ctx, input.estimateId);
  if (estimate.status === 'converted' || estimate.status === 'declined')
    throw new AppError(
      'conflict',
      `${estimate.number} is ${estimate.status === 'converted' ? 'Converted' : 'Declined'}: it is not e-mailed any more.`,
    );
  const to = input.to?.trim() || (await customerEmail(ctx, estimate.customerId));
  if (!to) throw new AppError('invalid_input', `${estimate.customerName} has no e-mail address: enter one in To.`);
  await smtpToUse(ctx, host.secrets); // refused before anything is queued when e-mail is not set up
  const shop = await getShopSettings(ctx);
  const subject = input.subject?.trim() || `Estimate ${estimate.number} from ${shop.name}`;
  const pdf = await host.pdf('estimate', estimate.id);
  const id = await queue(ctx, {
    kind: 'estimate',
    invoiceId: null,
    creditNoteId: null,
    estimateId: estimate.id,
    to,
    cc: input.cc.trim(),
    subject,
    body: input.message,
  });
  return attempt(ctx, host, await getEmail(ctx, id), input.message, pdf);
}
