// E-mail: Settings → Email (kept in `settings`; the password only with the host's secret keeper, never in the store),
// sending invoices and counter receipts with their PDF through nodemailer, and the outbox. Offline is normal here:
// a message is queued first (one write transaction), then sent outside any transaction; when the server cannot take
// it, it stays queued with its error and a next try (backoff), and the invoice is never marked Sent for it. The
// outbox worker (startOutboxWorker) retries due messages one at a time; each send first claims its message (moves its
// next try on, in a write transaction) so no two sends of the same message run at once.
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { SMTP_SECURITY, type EmailKind, type SmtpSecurity } from '../../core/enums.ts';
import { AppError } from '../../core/errors.ts';
import type { EmailMessage, EmailOutcome, EmailSettings } from '../../core/model.ts';
import type { ExpressionBuilder, Selectable } from 'kysely';
import type { DB, EmailsTable } from '../schema.ts';
import { log } from '../log.ts';
import { inWriteTransaction, iso, type ReadCtx, type WriteCtx } from './context.ts';
import { markEstimateEmailed } from './estimates.ts';
import { getInvoice, markInvoiceSent } from './invoices.ts';
import { saleReceipt } from './receipts.ts';
import { getSetting, getShopSettings, putSetting } from './settings.ts';

/** The environment variable that overrides Settings → Email (deployments and tests): smtp://… or smtps://…. */
export const SMTP_URL_ENV = 'COUNTER_POS_SMTP_URL';
/** The secret keeper's name for the SMTP password. */
export const SMTP_PASSWORD_SECRET = 'smtp.password';

/** How the host keeps secrets (electron/handlers.ts SecretKeeper has this shape). */
export interface SecretStore {
  readonly kind: 'safe_storage' | 'memory';
  get(name: string): string | null;
  set(name: string, value: string | null): void;
}

/**
 * What sending needs from the host: its secrets and the documents' PDFs (the one print template). `as: 'sent'`: an
 * invoice as it will be once sent (a Draft is never e-mailed stamped Draft: e-mailing it marks it Sent).
 */
export interface MailHost {
  secrets?: SecretStore;
  pdf(
    kind: 'invoice' | 'credit_note' | 'estimate',
    id: number,
    options?: { as?: 'sent' },
  ): Promise<{ fileName: string; bytes: Uint8Array }>;
}

const KEYS = {
  host: 'email.host',
  port: 'email.port',
  security: 'email.security',
  user: 'email.user',
  from: 'email.from',
} as const;

/** Short waits: offline, a send fails in seconds, not minutes (the message then waits in the outbox). */
const CONNECTION_TIMEOUT_MS = 5_000;
const GREETING_TIMEOUT_MS = 5_000;
const SOCKET_TIMEOUT_MS = 30_000;
/** A claimed message is not taken again before this (a send that never answers is retried after it). */
const CLAIM_MS = 5 * 60_000;
const BACKOFF_CAP_MINUTES = 60;

/** Minutes before the next try after `attempts` failed tries: 1, 2, 4, 8 … capped at an hour. */
export const backoffMinutes = (attempts: number) =>
  Math.min(BACKOFF_CAP_MINUTES, 2 ** Math.max(0, Math.min(attempts - 1, 10)));

interface Smtp {
  host: string;
  port: number;
  security: SmtpSecurity;
  user: string;
  password: string;
  from: string;
  fromUrl?: boolean;
}

/** COUNTER_POS_SMTP_URL as settings; null when unset. */
function smtpFromUrl(raw: string | undefined): (Smtp & { shown: string }) | null {
  const text = raw?.trim();
  if (!text) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AppError('invalid_input', `${SMTP_URL_ENV} is not a URL (smtp://host:port or smtps://user:pass@host).`);
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    throw new AppError('invalid_input', `${SMTP_URL_ENV} must start with smtp:// or smtps://.`);
  const tls = url.protocol === 'smtps:';
  const shownUrl = new URL(url.toString());
  shownUrl.password = '';
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : tls ? 465 : 587,
    // smtp:// upgrades with STARTTLS when the server offers it (nodemailer's own reading of such URLs)
    security: tls ? 'tls' : 'none',
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    from: url.searchParams.get('from') ?? '',
    fromUrl: true,
    shown: shownUrl.toString(),
  };
}

async function storedSettings(ctx: ReadCtx) {
  const [host, port, security, user, from] = await Promise.all([
    getSetting(ctx, KEYS.host),
    getSetting(ctx, KEYS.port),
    getSetting(ctx, KEYS.security),
    getSetting(ctx, KEYS.user),
    getSetting(ctx, KEYS.from),
  ]);
  return {
    host: host ?? '',
    port: port ? Number(port) : 587,
    security: (SMTP_SECURITY as readonly string[]).includes(security ?? '') ? (security as SmtpSecurity) : 'starttls',
    user: user ?? '',
    from: from ?? '',
  };
}

/** Settings → Email as shown: never the password, only whether one is kept and where. */
export async function getEmailSettings(ctx: ReadCtx, secrets: SecretStore | undefined): Promise<EmailSettings> {
  const stored = await storedSettings(ctx);
  const override = smtpFromUrl(process.env[SMTP_URL_ENV]);
  const kept = secrets?.get(SMTP_PASSWORD_SECRET) ?? null;
  return {
    ...stored,
    passwordKept: kept !== null && kept !== '',
    passwordStore: secrets?.kind ?? 'none',
    overriddenBy: override?.shown ?? null,
  };
}

export interface EmailSettingsInput {
  host: string;
  port: number;
  security: SmtpSecurity;
  user: string;
  /** Absent: keep the password kept now; '': forget it. */
  password?: string;
  from: string;
}

export async function saveEmailSettings(
  ctx: WriteCtx,
  secrets: SecretStore | undefined,
  input: EmailSettingsInput,
): Promise<EmailSettings> {
  if (input.password !== undefined && input.password !== '' && !secrets)
    throw new AppError('forbidden', 'Not saved: this host has nowhere safe to keep a password.');
  await putSetting(ctx, KEYS.host, input.host.trim());
  await putSetting(ctx, KEYS.port, String(input.port));
  await putSetting(ctx, KEYS.security, input.security);
  await putSetting(ctx, KEYS.user, input.user.trim());
  await putSetting(ctx, KEYS.from, input.from.trim());
  // (the keeper throws its own refusal when it cannot keep it safely: the transaction then rolls back)
  if (input.password !== undefined && secrets) secrets.set(SMTP_PASSWORD_SECRET, input.password || null);
  return getEmailSettings(ctx, secrets);
}

/** The server to send through: COUNTER_POS_SMTP_URL, else Settings → Email. Refused when neither names one. */
export async function smtpToUse(ctx: ReadCtx, secrets: SecretStore | undefined): Promise<Smtp> {
  const override = smtpFromUrl(process.env[SMTP_URL_ENV]);
  const stored = await storedSettings(ctx);
  if (override) return { ...override, from: override.from || stored.from };
  if (!stored.host)
    throw new AppError('invalid_input', 'E-mail is not set up: enter the SMTP server in Settings → Email.');
  return { ...stored, password: secrets?.get(SMTP_PASSWORD_SECRET) ?? '' };
}

function transportOf(smtp: Smtp) {
  const options: SMTPTransport.Options = {
    host: smtp.host,
    port: smtp.port,
    secure: smtp.security === 'tls',
    requireTLS: smtp.security === 'starttls',
    // Settings' None is plain SMTP; an smtp:// URL upgrades when the server offers STARTTLS (nodemailer's reading)
    ignoreTLS: smtp.security === 'none' && !smtp.fromUrl,
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    greetingTimeout: GREETING_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password } } : {}),
  };
  return nodemailer.createTransport(options);
}

/** The From address: Settings → Email's, else the shop's e-mail, else the SMTP user. */
async function fromAddress(ctx: ReadCtx, smtp: Smtp): Promise<string> {
  const shop = await getShopSettings(ctx);
  const address = smtp.from || shop.email || (smtp.user.includes('@') ? smtp.user : '');
  if (!address) throw new AppError('invalid_input', 'E-mail has no From address: enter one in Settings → Email.');
  return shop.name ? `"${shop.name.replace(/["\\]/g, '')}" <${address}>` : address;
}

interface Outgoing {
  to: string;
  cc: string;
  subject: string;
  body: string;
  attachment?: { fileName: string; bytes: Uint8Array };
}

/** One SMTP send. Throws the server's (or the network's) error. */
async function deliver(ctx: ReadCtx, host: Pick<MailHost, 'secrets'>, mail: Outgoing): Promise<void> {
  const smtp = await smtpToUse(ctx, host.secrets);
  const from = await fromAddress(ctx, smtp);
  const transport = transportOf(smtp);
  try {
    await transport.sendMail({
      from,
      to: mail.to,
      ...(mail.cc ? { cc: mail.cc } : {}),
      subject: mail.subject,
      text: mail.body,
      ...(mail.attachment
        ? {
            attachments: [
              {
                filename: mail.attachment.fileName,
                content: Buffer.from(mail.attachment.bytes),
                contentType: 'application/pdf',
              },
            ],
          }
        : {}),
    });
  } finally {
    transport.close();
  }
}

/** Sends a short test message with the settings as saved (or COUNTER_POS_SMTP_URL). */
export async function testEmailSettings(
  ctx: ReadCtx,
  secrets: SecretStore | undefined,
  to: string,
): Promise<{ message: string }> {
  const shop = await getShopSettings(ctx);
  try {
    await deliver(
      ctx,
      { secrets },
      {
        to,
        cc: '',
        subject: `Test e-mail from ${shop.name || 'Counter POS'}`,
        body: 'This is a test e-mail from Counter POS: the e-mail settings work.',
      },
    );
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('unreachable', `The test e-mail was not sent: ${reason(error)}.`);
  }
  return { message: `A test e-mail was sent to ${to}.` };
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');

// ---- the outbox and the log --------------------------------------------------------------------------------------

type EmailRow = Selectable<EmailsTable> & {
  invoice_number: string | null;
  credit_note_number: string | null;
  estimate_number: string | null;
};

function emailsQuery(ctx: ReadCtx) {
  return ctx.db
    .selectFrom('emails as e')
    .leftJoin('invoices as i', 'i.id', 'e.invoice_id')
    .leftJoin('credit_notes as cn', 'cn.id', 'e.credit_note_id')
    .leftJoin('estimates as est', 'est.id', 'e.estimate_id')
    .selectAll('e')
    .select(['i.number as invoice_number', 'cn.number as credit_note_number', 'est.number as estimate_number']);
}

function toMessage(r: EmailRow): EmailMessage {
  return {
    id: Number(r.id),
    kind: r.kind,
    invoiceId: r.invoice_id === null ? null : Number(r.invoice_id),
    creditNoteId: r.credit_note_id === null ? null : Number(r.credit_note_id),
    documentNumber: r.credit_note_number ?? r.invoice_number ?? r.estimate_number ?? '',
    to: r.to_addr,
    cc: r.cc,
    subject: r.subject,
    status: r.status,
    attempts: Number(r.attempts),
    nextAttemptAt: r.status === 'queued' ? r.next_attempt_at : null,
    lastError: r.last_error,
    createdAt: r.created_at,
    actor: r.actor,
    sentAt: r.sent_at,
  };
}

export async function getEmail(ctx: ReadCtx, id: number): Promise<EmailMessage> {
  const row = await emailsQuery(ctx).where('e.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found', `No e-mail with id ${id}.`);
  return toMessage(row);
}

/** The outbox: messages not yet sent, oldest first. */
export async function listOutbox(ctx: ReadCtx): Promise<EmailMessage[]> {
  const rows = await emailsQuery(ctx).where('e.status', '=', 'queued').orderBy('e.id').execute();
  return rows.map(toMessage);
}

/** An invoice's e-mails (sent and queued; its receipts too), newest first. */
export async function listEmails(ctx: ReadCtx, invoiceId: number): Promise<EmailMessage[]> {
  const rows = await emailsQuery(ctx).where('e.invoice_id', '=', invoiceId).orderBy('e.id', 'desc').execute();
  return rows.map(toMessage);
}

/** Deletes an outbox message; a sent one is the log and stays. */
export async function deleteEmail(ctx: WriteCtx, id: number): Promise<{ id: number }> {
  const email = await getEmail(ctx, id);
  if (email.status === 'sent')
    throw new AppError('conflict', `This e-mail was sent to ${email.to}: it is in the log and cannot be deleted.`);
  await ctx.db.deleteFrom('emails').where('id', '=', id).where('status', '=', 'queued').execute();
  return { id };
}

export interface NewEmail {
  kind: EmailKind;
  invoiceId: number | null;
  creditNoteId: number | null;
  /** An estimate's e-mail (kind 'estimate'). */
  estimateId?: number;
  to: string;
  cc: string;
  subject: string;
  body: string;
}

/** A claimed message's last_error while its send runs (Send now refuses it meanwhile; the claim lapses after). */
export const BEING_SENT = 'Being sent now';

/** Queues a message, claimed for the send that follows at once (the worker leaves it alone meanwhile). */
export async function queue(ctx: ReadCtx, email: NewEmail): Promise<number> {
  return inWriteTransaction(ctx, async (trx) => {
    const now = trx.now();
    const row = await trx.db
      .insertInto('emails')
      .values({
        kind: email.kind,
        invoice_id: email.invoiceId,
        credit_note_id: email.creditNoteId,
        estimate_id: email.estimateId ?? null,
        to_addr: email.to,
        cc: email.cc,
        subject: email.subject,
        body: email.body,
        status: 'queued',
        next_attempt_at: iso(new Date(now.getTime() + CLAIM_MS)),
        last_error: BEING_SENT,
        created_at: iso(now),
        actor: trx.actor,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  });
}

/**
 * Claims a queued message for one send: moves its next try on so neither the worker nor another window sends it at
 * the same time. Null when it is not queued any more, or (`dueOnly`) not due yet.
 */
async function claim(ctx: ReadCtx, id: number, dueOnly: boolean): Promise<EmailMessage | null> {
  return inWriteTransaction(ctx, async (trx) => {
    const now = trx.now();
    let q = trx.db
      .updateTable('emails')
      .set({ next_attempt_at: iso(new Date(now.getTime() + CLAIM_MS)), last_error: BEING_SENT })
      .where('id', '=', id)
      .where('status', '=', 'queued');
    // (no next try, null: a message that cannot be sent any more, kept for the person to delete; never due)
    const due = (eb: ExpressionBuilder<DB, 'emails'>) => eb('next_attempt_at', '<=', iso(now));
    // Send now takes any queued message except one whose send is running (its claim not lapsed yet).
    q = dueOnly ? q.where(due) : q.where((eb) => eb.or([eb('last_error', '<>', BEING_SENT), due(eb)]));
    const done = await q.executeTakeFirst();
    return Number(done.numUpdatedRows) === 0 ? null : getEmail(trx, id);
  });
}

/**
 * When the invoice a message carries was voided after it was queued: the message stays in the Outbox with no next
 * try (the outbox pass skips it; retrying cannot help) and says so, for the person to delete it. Returns the refusal,
 * or null when the message can still be sent. Only for a claimed message (no other send of it runs).
 */
async function stopIfVoided(ctx: ReadCtx, email: EmailMessage): Promise<AppError | null> {
  if (email.creditNoteId !== null || email.invoiceId === null) return null;
  const invoice = await ctx.db
    .selectFrom('invoices')
    .select(['number', 'status'])
    .where('id', '=', email.invoiceId)
    .executeTakeFirst();
  if (invoice?.status !== 'void') return null;
  await inWriteTransaction(ctx, async (trx) => {
    await trx.db
      .updateTable('emails')
      .set({ last_error: `${invoice.number} was voided: delete this e-mail.`, next_attempt_at: null })
      .where('id', '=', email.id)
      .where('status', '=', 'queued')
      .execute();
  });
  return new AppError('conflict', `${invoice.number} is void: it cannot be e-mailed.`);
}

/** The document a message carries, as it is now (a void invoice is not sent). */
async function attachmentOf(ctx: ReadCtx, host: MailHost, email: EmailMessage) {
  if (email.creditNoteId !== null) return host.pdf('credit_note', email.creditNoteId);
  if (email.kind === 'estimate') {
    const row = await ctx.db.selectFrom('emails').select('estimate_id').where('id', '=', email.id).executeTakeFirst();
    return host.pdf('estimate', Number(row?.estimate_id));
  }
  const invoice = await getInvoice(ctx, email.invoiceId!);
  if (invoice.status === 'void') throw new AppError('conflict', `${invoice.number} is void: it cannot be e-mailed.`);
  return host.pdf('invoice', invoice.id, { as: 'sent' });
}

/** Sends a claimed message and records what happened (sent, or its error and next try). */
export async function attempt(
  ctx: ReadCtx,
  host: MailHost,
  email: EmailMessage,
  body: string,
  ready?: { fileName: string; bytes: Uint8Array },
): Promise<EmailOutcome> {
  if (!ready) {
    const voided = await stopIfVoided(ctx, email);
    if (voided)
      return {
        email: await getEmail(ctx, email.id),
        sent: false,
        message: `Not sent (${voided.message.replace(/\.$/, '')}): delete this e-mail from the Outbox.`,
      };
  }
  let failure: string;
  let ours = false;
  try {
    const attachment = ready ?? (await attachmentOf(ctx, host, email));
    await deliver(ctx, host, { to: email.to, cc: email.cc, subject: email.subject, body, attachment });
    failure = '';
  } catch (error) {
    ours = error instanceof AppError;
    failure = ours ? (error as AppError).message.replace(/\.$/, '') : reason(error);
  }
  if (failure === '') return markSent(ctx, email); // (outside the try: a sent message is never tried again)
  const saved = await inWriteTransaction(ctx, async (trx) => {
    const attempts = email.attempts + 1;
    const next = new Date(trx.now().getTime() + backoffMinutes(attempts) * 60_000);
    await trx.db
      .updateTable('emails')
      .set({ attempts, last_error: failure.slice(0, 1000), next_attempt_at: iso(next) })
      .where('id', '=', email.id)
      .where('status', '=', 'queued')
      .execute();
    return getEmail(trx, email.id);
  });
  return {
    email: saved,
    sent: false,
    message: ours
      ? `Not sent (${failure}): the e-mail waits in the Outbox and is retried.`
      : `Could not reach the mail server (${failure}): the e-mail waits in the Outbox and is retried.`,
  };
}

/** After the server took it: sent (the log), and a Draft invoice e-mailed becomes Sent. */
async function markSent(ctx: ReadCtx, email: EmailMessage): Promise<EmailOutcome> {
  const record = async (trx: WriteCtx) => {
    await trx.db
      .updateTable('emails')
      .set({ status: 'sent', sent_at: iso(trx.now()), attempts: email.attempts + 1, last_error: '' })
      .where('id', '=', email.id)
      .execute();
  };
  const sentTo = `Sent to ${email.to}${email.cc ? ` (cc ${email.cc})` : ''}.`;
  try {
    await inWriteTransaction(ctx, async (trx) => {
      await record(trx);
      if (email.kind === 'invoice' && email.invoiceId !== null) {
        const inv = await trx.db
          .selectFrom('invoices')
          .select('status')
          .where('id', '=', email.invoiceId)
          .executeTakeFirstOrThrow();
        if (inv.status === 'draft') await markInvoiceSent(trx, email.invoiceId);
      }
      if (email.kind === 'estimate') {
        const row = await trx.db
          .selectFrom('emails')
          .select('estimate_id')
          .where('id', '=', email.id)
          .executeTakeFirst();
        if (row?.estimate_id != null) await markEstimateEmailed(trx, Number(row.estimate_id));
      }
    });
    return { email: await getEmail(ctx, email.id), sent: true, message: sentTo };
  } catch (error) {
    // The e-mail went: it must be logged as sent even when the Draft cannot be finalised (a unit sold meanwhile).
    await inWriteTransaction(ctx, record);
    const why = error instanceof AppError ? error.message : reason(error);
    return {
      email: await getEmail(ctx, email.id),
      sent: true,
      message: `${sentTo} ${email.documentNumber} stays a Draft: ${why}`,
    };
  }
}

export interface EmailInvoiceInput {
  invoiceId: number;
  to?: string;
  cc: string;
  subject?: string;
  message: string;
}

/** The customer's e-mail address on an invoice ('' when none). */
export async function customerEmail(ctx: ReadCtx, customerId: number): Promise<string> {
  const row = await ctx.db.selectFrom('customers').select('email').where('id', '=', customerId).executeTakeFirst();
  return row?.email.trim() ?? '';
}

/** E-mails an invoice with its PDF: queued, then sent now when the server takes it (a Draft becomes Sent). */
export async function emailInvoice(ctx: ReadCtx, host: MailHost, input: EmailInvoiceInput): Promise<EmailOutcome> {
  const invoice = await getInvoice(ctx, input.invoiceId);
  if (invoice.status === 'void') throw new AppError('conflict', `${invoice.number} is void: it cannot be e-mailed.`);
  const to = input.to?.trim() || (await customerEmail(ctx, invoice.customerId));
  if (!to) throw new AppError('invalid_input', `${invoice.customerName} has no e-mail address: enter one in To.`);
  await smtpToUse(ctx, host.secrets); // refused before anything is queued when e-mail is not set up
  const shop = await getShopSettings(ctx);
  const subject = input.subject?.trim() || `Invoice ${invoice.number} from ${shop.name}`;
  const pdf = await host.pdf('invoice', invoice.id, { as: 'sent' });
  const id = await queue(ctx, {
    kind: 'invoice',
    invoiceId: invoice.id,
    creditNoteId: null,
    to,
    cc: input.cc.trim(),
    subject,
    body: input.message,
  });
  return attempt(ctx, host, await getEmail(ctx, id), input.message, pdf);
}

export interface EmailReceiptInput {
  invoiceId?: number;
  creditNoteId?: number;
  to: string;
}

/** E-mails a counter receipt (a sale's, or a refund's), with the sale's or the credit note's PDF. */
export async function emailReceipt(ctx: ReadCtx, host: MailHost, input: EmailReceiptInput): Promise<EmailOutcome> {
  const receipt = await saleReceipt(
    ctx,
    input.creditNoteId !== undefined ? { creditNoteId: input.creditNoteId } : { invoiceId: input.invoiceId! },
  );
  await smtpToUse(ctx, host.secrets);
  const refund = receipt.kind !== 'sale';
  const subject = `${refund ? 'Refund receipt' : 'Receipt'} ${receipt.number} from ${receipt.shop.name}`;
  const body =
    `${refund ? 'Your refund receipt' : 'Thank you for your purchase. Your receipt'} ${receipt.number} is attached.` +
    (receipt.footer ? `\n\n${receipt.footer}` : '');
  const pdf =
    input.creditNoteId !== undefined
      ? await host.pdf('credit_note', input.creditNoteId)
      : await host.pdf('invoice', input.invoiceId!);
  let invoiceId = input.invoiceId ?? null;
  if (input.creditNoteId !== undefined) {
    const cn = await ctx.db
      .selectFrom('credit_notes')
      .select('invoice_id')
      .where('id', '=', input.creditNoteId)
      .executeTakeFirstOrThrow();
    invoiceId = Number(cn.invoice_id);
  }
  const id = await queue(ctx, {
    kind: 'receipt',
    invoiceId,
    creditNoteId: input.creditNoteId ?? null,
    to: input.to.trim(),
    cc: '',
    subject,
    body,
  });
  return attempt(ctx, host, await getEmail(ctx, id), body, pdf);
}

/** Sends an outbox message now (Send now). */
export async function retryEmail(ctx: ReadCtx, host: MailHost, id: number): Promise<EmailOutcome> {
  const current = await getEmail(ctx, id);
  if (current.status === 'sent') throw new AppError('conflict', `This e-mail was already sent to ${current.to}.`);
  const claimed = await claim(ctx, id, false);
  if (!claimed) throw new AppError('conflict', `This e-mail to ${current.to} is being sent now.`);
  const voided = await stopIfVoided(ctx, claimed);
  if (voided) throw voided;
  return attempt(ctx, host, claimed, await bodyOf(ctx, id));
}

async function bodyOf(ctx: ReadCtx, id: number): Promise<string> {
  const row = await ctx.db.selectFrom('emails').select('body').where('id', '=', id).executeTakeFirstOrThrow();
  return row.body;
}

/**
 * One pass of the outbox: every due message (next try now or earlier), one at a time, each claimed before it is sent.
 * Nothing is tried when e-mail is not set up. Returns what each try did.
 */
export async function runOutbox(ctx: ReadCtx, host: MailHost): Promise<EmailOutcome[]> {
  try {
    await smtpToUse(ctx, host.secrets);
  } catch {
    return [];
  }
  const now = iso(ctx.now());
  const due = await ctx.db
    .selectFrom('emails')
    .select('id')
    .where('status', '=', 'queued')
    .where('next_attempt_at', '<=', now) // (null: no next try, see stopIfVoided)
    .orderBy('id')
    .limit(50)
    .execute();
  const outcomes: EmailOutcome[] = [];
  for (const { id } of due) {
    const claimed = await claim(ctx, Number(id), true);
    if (!claimed) continue; // taken by another send meanwhile
    outcomes.push(await attempt(ctx, host, claimed, await bodyOf(ctx, claimed.id)));
  }
  return outcomes;
}

/** One line per send in the log: which document, to whom, sent or kept in the outbox and why (never the body). */
export function logEmail(outcome: EmailOutcome, how: string): EmailOutcome {
  const { email } = outcome;
  const facts = {
    how,
    emailId: email.id,
    kind: email.kind,
    document: email.documentNumber,
    to: email.to,
    attempts: email.attempts,
  };
  if (outcome.sent) log.info(facts, 'e-mail sent');
  else log.warn({ ...facts, error: email.lastError }, 'e-mail not sent; kept in the outbox');
  return outcome;
}

/** The host's outbox timer: runs the outbox every `everyMs` (never two passes at once); unref'd. Returns its stop. */
export function startOutboxWorker(
  ctx: () => ReadCtx | null,
  host: () => MailHost | null,
  everyMs = 30_000,
): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    const c = ctx();
    const h = host();
    if (running || !c || !h) return;
    running = runOutbox(c, h)
      .then((outcomes) => outcomes.forEach((outcome) => logEmail(outcome, 'outbox')))
      .catch((error: unknown) => {
        log.failure('the outbox pass failed', error);
        console.error('[pos] the outbox pass failed', error);
      })
      .finally(() => (running = null));
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
