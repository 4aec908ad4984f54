// E-mail through a real SMTP server (smtp-server on 127.0.0.1) on a real store: Email invoice delivers to the
// customer's address with the default subject and the invoice's PDF attached, the Draft becomes Sent (its unit Sold)
// and the log says to whom, when and by whom; with the server down the message waits in the outbox (attempts, error,
// next try by backoff) and the invoice stays a Draft; once the server is back, Send now and the outbox timer's pass
// send it. Also: refusals that queue nothing, deleting from the outbox (never from the log), receipts, bulk Email,
// the password never in the store, and COUNTER_POS_SMTP_URL over the settings.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runOutbox, SMTP_URL_ENV } from '../../db/services/email.ts';
import { mailHost } from '../../electron/emailHandlers.ts';
import { FROZEN_NOW, freshDemoPerTest, okValue, tempDir, type Backend, type DemoIds } from '../support/backend.ts';
import { closedPort, startSmtp, type ReceivedMail, type TestSmtp } from '../support/smtp.ts';

let b: Backend;
let ids: DemoIds;
freshDemoPerTest((backend, demo) => {
  b = backend;
  ids = demo;
});

let smtp: TestSmtp | null = null;
const savedEnv = process.env[SMTP_URL_ENV];
beforeEach(() => {
  delete process.env[SMTP_URL_ENV];
});
afterEach(async () => {
  await smtp?.close();
  smtp = null;
  if (savedEnv === undefined) delete process.env[SMTP_URL_ENV];
  else process.env[SMTP_URL_ENV] = savedEnv;
});

/** Settings → Email pointing at a port (plain SMTP, no login). */
const useServerAt = (port: number) =>
  okValue(
    b.api.saveEmailSettings({
      host: '127.0.0.1',
      port,
      security: 'none',
      user: '',
      from: 'shop@counter.example',
    }),
  );

/** A Draft for Acme Corp with one laptop unit (reserved) and labour. */
async function acmeDraft() {
  return okValue(
    b.api.saveInvoice({
      customerId: ids.acme,
      locationId: ids.main,
      invoiceDate: '2026-11-21',
      draft: true,
      lines: [
        {
          productId: ids.laptop,
          description: 'Laptop',
          qty: 1000,
          unitPriceMinor: 100_000,
          taxable: true,
          serialIds: [ids.serial('DL5440-0001')],
        },
        { productId: null, description: 'Labour', qty: 1000, unitPriceMinor: 5_000, taxable: false, serialIds: [] },
      ],
    }),
  );
}

const pdfDir = tempDir('pos-email-');
let pdfs = 0;
/** The received attachment's text, read back with poppler's pdftotext. */
function attachmentText(mail: ReceivedMail | undefined): string {
  expect(mail?.attachment?.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const file = path.join(pdfDir, `mail-${++pdfs}.pdf`);
  fs.writeFileSync(file, mail!.attachment!.bytes);
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
}
const dollars = (minor: number) => `$${(minor / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;

const emailRows = () => b.all<{ n: number }>('SELECT count(*) AS n FROM emails');
const serialStatus = async (serial: string) =>
  (await b.one<{ status: string }>('SELECT status FROM serials WHERE id = ?', ids.serial(serial))).status;

describe('Email invoice', () => {
  it("sends the PDF to the customer's address with the default subject; the Draft becomes Sent and is logged", async () => {
    smtp = await startSmtp();
    await useServerAt(smtp.port);
    const draft = await acmeDraft();
    expect(draft.status).toBe('draft');

    const outcome = await okValue(b.api.emailInvoice({ invoiceId: draft.id, message: 'Thanks for your business.' }));
    expect(outcome.sent).toBe(true);
    expect(outcome.message).toBe('Sent to accounts@acme.example.');

    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.rcpt).toEqual(['accounts@acme.example']);
    expect(mail.to).toBe('accounts@acme.example');
    const shop = await okValue(b.api.getShopSettings({}));
    expect(mail.subject).toBe(`Invoice ${draft.number} from ${shop.name}`);
    expect(draft.number).toBe('INV-000001');
    expect(mail.text).toContain('Thanks for your business.');
    expect(mail.attachment?.fileName).toBe('INV-000001.pdf');
    expect(mail.attachment?.contentType).toBe('application/pdf');
    expect(mail.attachment?.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const invoice = await okValue(b.api.getInvoice({ id: draft.id }));
    expect(invoice.status).toBe('sent');
    expect(await serialStatus('DL5440-0001')).toBe('sold');

    const log = await okValue(b.api.listEmails({ invoiceId: draft.id }));
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      kind: 'invoice',
      to: 'accounts@acme.example',
      status: 'sent',
      actor: 'test',
      sentAt: FROZEN_NOW.toISOString(),
      documentNumber: 'INV-000001',
      attempts: 1,
      lastError: '',
    });
    expect(await okValue(b.api.listOutbox({}))).toEqual([]);
    // the log is kept: a sent e-mail cannot be deleted
    const refused = await b.api.deleteEmail({ id: log[0]!.id });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/was sent to accounts@acme\.example: it is in the log/);
    expect(await emailRows()).toEqual([{ n: 1 }]);
  });

  it('never sends a Draft stamped Draft: the PDF shows the invoice as Sent, from Email invoice and from the Outbox', async () => {
    smtp = await startSmtp();
    await useServerAt(smtp.port);
    const draft = await acmeDraft();
    // what Download PDF shows for the Draft: stamped Draft
    const download = await okValue(b.api.documentPdf({ kind: 'invoice', id: draft.id }));
    const shown = attachmentText({ attachment: { bytes: Buffer.from(download.base64, 'base64') } } as ReceivedMail);
    expect(shown).toContain('Draft');

    await okValue(b.api.emailInvoice({ invoiceId: draft.id }));
    const text = attachmentText(smtp.received[0]);
    expect(text).toContain('INV-000001');
    expect(text).toContain(dollars(draft.totalMinor));
    expect(text).not.toContain('Draft');
    expect((await okValue(b.api.getInvoice({ id: draft.id }))).status).toBe('sent');

    // a Draft queued while the server was down: Send now from the Outbox renders it afresh, as Sent too
    const port = await closedPort();
    await useServerAt(port);
    const second = await okValue(
      b.api.saveInvoice({
        customerId: ids.acme,
        locationId: ids.main,
        invoiceDate: '2026-11-21',
        draft: true,
        lines: [
          { productId: null, description: 'Labour', qty: 2000, unitPriceMinor: 5_000, taxable: false, serialIds: [] },
        ],
      }),
    );
    const queued = await okValue(b.api.emailInvoice({ invoiceId: second.id }));
    expect(queued.sent).toBe(false);
    const first = smtp;
    smtp = await startSmtp(port);
    await first.close();
    expect((await okValue(b.api.retryEmail({ id: queued.email.id }))).sent).toBe(true);
    const retried = attachmentText(smtp.received[0]);
    expect(retried).toContain(second.number);
    expect(retried).toContain(dollars(second.totalMinor));
    expect(retried).not.toContain('Draft');
  });

  it('sends to the To and Cc given, with the subject given; a Sent invoice stays Sent', async () => {
    smtp = await startSmtp();
    await useServerAt(smtp.port);
    const draft = await acmeDraft();
    await okValue(b.api.markInvoiceSent({ id: draft.id }));
    const outcome = await okValue(
      b.api.emailInvoice({ invoiceId: draft.id, to: 'ap@acme.example', cc: 'boss@acme.example', subject: 'Your bill' }),
    );
    expect(outcome.sent).toBe(true);
    const mail = smtp.received[0]!;
    expect(mail.rcpt.sort()).toEqual(['ap@acme.example', 'boss@acme.example']);
    expect(mail.cc).toBe('boss@acme.example');
    expect(mail.subject).toBe('Your bill');
    expect((await okValue(b.api.getInvoice({ id: draft.id }))).status).toBe('sent');
  });

  it('keeps the message in the outbox while the server is down, then sends it when it is back', async () => {
    const port = await closedPort();
    await useServerAt(port);
    const draft = await acmeDraft();

    const started = Date.now();
    const outcome = await okValue(b.api.emailInvoice({ invoiceId: draft.id }));
    expect(Date.now() - started).toBeLessThan(10_000); // fails in seconds, not minutes
    expect(outcome.sent).toBe(false);
    expect(outcome.message).toMatch(
      /^Could not reach the mail server \(.*ECONNREFUSED.*\): the e-mail waits in the Outbox and is retried\.$/,
    );
    expect(outcome.email).toMatchObject({ status: 'queued', attempts: 1, to: 'accounts@acme.example' });
    expect(outcome.email.lastError).toMatch(/ECONNREFUSED/);
    // next try after 1 minute (backoff 1, 2, 4 … min)
    expect(outcome.email.nextAttemptAt).toBe(new Date(FROZEN_NOW.getTime() + 60_000).toISOString());

    // never marked Sent, its unit still reserved
    expect((await okValue(b.api.getInvoice({ id: draft.id }))).status).toBe('draft');
    expect(await serialStatus('DL5440-0001')).toBe('reserved');
    const outbox = await okValue(b.api.listOutbox({}));
    expect(outbox.map((m) => [m.documentNumber, m.to, m.attempts])).toEqual([
      ['INV-000001', 'accounts@acme.example', 1],
    ]);

    // a second failure backs off further: 2 minutes
    const again = await okValue(b.api.retryEmail({ id: outcome.email.id }));
    expect(again.sent).toBe(false);
    expect(again.email).toMatchObject({ attempts: 2 });
    expect(again.email.nextAttemptAt).toBe(new Date(FROZEN_NOW.getTime() + 120_000).toISOString());

    // the server is back (on the same port): Send now sends it and the Draft becomes Sent
    smtp = await startSmtp(port);
    const sent = await okValue(b.api.retryEmail({ id: outcome.email.id }));
    expect(sent.sent).toBe(true);
    expect(sent.email).toMatchObject({ status: 'sent', attempts: 3, lastError: '' });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.attachment?.fileName).toBe('INV-000001.pdf');
    expect((await okValue(b.api.getInvoice({ id: draft.id }))).status).toBe('sent');
    expect(await serialStatus('DL5440-0001')).toBe('sold');
    expect(await okValue(b.api.listOutbox({}))).toEqual([]);
  });

  it("the outbox timer's pass sends only the due messages, once", async () => {
    const port = await closedPort();
    await useServerAt(port);
    const draft = await acmeDraft();
    const queued = await okValue(b.api.emailInvoice({ invoiceId: draft.id }));
    expect(queued.sent).toBe(false);
    smtp = await startSmtp(port);

    // not due yet (the next try is a minute away): nothing is sent
    expect(await runOutbox(b.ctx, mailHost(b.ctx))).toEqual([]);
    expect(smtp.received).toHaveLength(0);

    const later = { ...b.ctx, now: () => new Date(FROZEN_NOW.getTime() + 61_000) };
    const outcomes = await runOutbox(later, mailHost(later));
    expect(outcomes.map((o) => o.sent)).toEqual([true]);
    expect(smtp.received).toHaveLength(1);
    expect((await okValue(b.api.getInvoice({ id: draft.id }))).status).toBe('sent');
    // a second pass finds nothing to send
    expect(await runOutbox(later, mailHost(later))).toEqual([]);
    expect(smtp.received).toHaveLength(1);
  });

  it('a queued message whose invoice was voided meanwhile stops being retried and asks to be deleted', async () => {
    const port = await closedPort();
    await useServerAt(port);
    const draft = await acmeDraft();
    const queued = await okValue(b.api.emailInvoice({ invoiceId: draft.id }));
    expect(queued.sent).toBe(false);
    await okValue(b.api.voidInvoice({ id: draft.id }));
    smtp = await startSmtp(port);

    // the pass takes it once, sends nothing, and leaves it in the Outbox with no next try
    const later = { ...b.ctx, now: () => new Date(FROZEN_NOW.getTime() + 61_000) };
    const outcomes = await runOutbox(later, mailHost(later));
    expect(outcomes.map((o) => [o.sent, o.message])).toEqual([
      [false, 'Not sent (INV-000001 is void: it cannot be e-mailed): delete this e-mail from the Outbox.'],
    ]);
    const stopped = { status: 'queued', attempts: 1, lastError: 'INV-000001 was voided: delete this e-mail.' };
    expect(outcomes[0]!.email).toMatchObject({ ...stopped, nextAttemptAt: null });
    expect(await okValue(b.api.listOutbox({}))).toMatchObject([{ id: queued.email.id, ...stopped }]);
    const row = await b.one<{ next_attempt_at: string | null }>(
      'SELECT next_attempt_at FROM emails WHERE id = ?',
      queued.email.id,
    );
    expect(row.next_attempt_at).toBeNull();

    // hours later, the passes skip it: not retried
    for (const hours of [1, 2, 24]) {
      const then = { ...b.ctx, now: () => new Date(FROZEN_NOW.getTime() + hours * 3_600_000) };
      expect(await runOutbox(then, mailHost(then))).toEqual([]);
    }
    // Send now answers the refusal, and the message stays as it was
    const refused = await b.api.retryEmail({ id: queued.email.id });
    expect(refused.ok ? '' : refused.error.message).toBe('INV-000001 is void: it cannot be e-mailed.');
    expect(await okValue(b.api.listOutbox({}))).toMatchObject([
      { id: queued.email.id, ...stopped, nextAttemptAt: null },
    ]);
    expect(smtp.received).toHaveLength(0);
    // Delete takes it out of the Outbox
    await okValue(b.api.deleteEmail({ id: queued.email.id }));
    expect(await okValue(b.api.listOutbox({}))).toEqual([]);
  });

  it('Delete removes a queued message; the invoice is untouched', async () => {
    await useServerAt(await closedPort());
    const draft = await acmeDraft();
    const queued = await okValue(b.api.emailInvoice({ invoiceId: draft.id }));
    expect(await okValue(b.api.deleteEmail({ id: queued.email.id }))).toEqual({ id: queued.email.id });
    expect(await okValue(b.api.listOutbox({}))).toEqual([]);
    expect(await emailRows()).toEqual([{ n: 0 }]);
    expect((await okValue(b.api.getInvoice({ id: draft.id }))).status).toBe('draft');
  });

  it('refuses, queueing nothing: no address, a void invoice, e-mail not set up', async () => {
    smtp = await startSmtp();
    const draft = await acmeDraft();
    // not set up
    let r = await b.api.emailInvoice({ invoiceId: draft.id });
    expect(r.ok ? '' : r.error.message).toBe('E-mail is not set up: enter the SMTP server in Settings → Email.');
    await useServerAt(smtp.port);
    // a customer without an e-mail address
    await b.all(`UPDATE customers SET email = '' WHERE id = ?`, ids.acme);
    r = await b.api.emailInvoice({ invoiceId: draft.id });
    expect(r.ok ? '' : r.error.message).toBe('Acme Corp has no e-mail address: enter one in To.');
    // a bad address
    r = await b.api.emailInvoice({ invoiceId: draft.id, to: 'not an address' });
    expect(r.ok).toBe(false);
    // a void invoice
    await okValue(b.api.voidInvoice({ id: draft.id }));
    r = await b.api.emailInvoice({ invoiceId: draft.id, to: 'ap@acme.example' });
    expect(r.ok ? '' : r.error.message).toBe('INV-000001 is void: it cannot be e-mailed.');
    expect(await emailRows()).toEqual([{ n: 0 }]);
    expect(smtp.received).toHaveLength(0);
  });

  it('bulk Email sends each with the defaults; an invoice whose customer has no address is refused', async () => {
    smtp = await startSmtp();
    await useServerAt(smtp.port);
    const acme = await acmeDraft();
    const walkIn = await okValue(
      b.api.saveInvoice({
        customerId: ids.walkIn,
        locationId: ids.main,
        invoiceDate: '2026-11-21',
        draft: true,
        lines: [
          { productId: null, description: 'Labour', qty: 1000, unitPriceMinor: 100, taxable: false, serialIds: [] },
        ],
      }),
    );
    const result = await okValue(b.api.bulkInvoices({ action: 'email', ids: [acme.id, walkIn.id] }));
    expect(result.done).toEqual([{ id: acme.id, number: acme.number }]);
    expect(result.refused).toEqual([
      {
        id: walkIn.id,
        number: walkIn.number,
        message: `${walkIn.customerName} has no e-mail address: enter one in To.`,
      },
    ]);
    expect(smtp.received.map((m) => m.to)).toEqual(['accounts@acme.example']);
    expect((await okValue(b.api.getInvoice({ id: acme.id }))).status).toBe('sent');
    // the Draft went as it is once sent: never stamped Draft
    const text = attachmentText(smtp.received[0]);
    expect(text).toContain(acme.number);
    expect(text).not.toContain('Draft');
  });
});

describe('Email receipt', () => {
  it("sends a counter sale's receipt with the sale's PDF to the address given", async () => {
    smtp = await startSmtp();
    await useServerAt(smtp.port);
    const draft = await acmeDraft();
    const sale = await okValue(b.api.markInvoiceSent({ id: draft.id }));
    const outcome = await okValue(b.api.emailReceipt({ invoiceId: sale.id, to: 'buyer@example.com' }));
    expect(outcome.sent).toBe(true);
    expect(outcome.email.kind).toBe('receipt');
    const mail = smtp.received[0]!;
    expect(mail.to).toBe('buyer@example.com');
    expect(mail.subject).toMatch(/^Receipt INV-000001 from /);
    expect(mail.attachment?.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // on the invoice's log too
    expect((await okValue(b.api.listEmails({ invoiceId: sale.id }))).map((m) => m.kind)).toEqual(['receipt']);
  });
});

describe('Email receipt of a refund', () => {
  it("sends a return's refund receipt with the credit note's PDF, CN-000001.pdf", async () => {
    smtp = await startSmtp();
    await useServerAt(smtp.port);
    const sale = await okValue(b.api.markInvoiceSent({ id: (await acmeDraft()).id }));
    await okValue(
      b.api.takePayment({ invoiceId: sale.id, amountMinor: sale.totalMinor, methodId: ids.method('card') }),
    );
    const labour = sale.lines.find((l) => l.description === 'Labour')!;
    const { creditNote } = await okValue(
      b.api.completeReturn({
        invoiceId: sale.id,
        refundTo: 'tenders',
        reason: 'Not needed',
        lines: [{ invoiceLineId: labour.id, qty: 1000, units: [] }],
      }),
    );
    expect(creditNote.number).toBe('CN-000001');

    const outcome = await okValue(b.api.emailReceipt({ creditNoteId: creditNote.id, to: 'buyer@example.com' }));
    expect(outcome.sent).toBe(true);
    expect(outcome.email).toMatchObject({
      kind: 'receipt',
      creditNoteId: creditNote.id,
      invoiceId: sale.id,
      documentNumber: 'CN-000001',
      status: 'sent',
    });
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.to).toBe('buyer@example.com');
    expect(mail.subject).toMatch(/^Refund receipt CN-000001 from /);
    expect(mail.text).toContain('Your refund receipt CN-000001 is attached.');
    expect(mail.attachment?.fileName).toBe('CN-000001.pdf');
    const text = attachmentText(mail);
    expect(text).toContain('Credit note');
    expect(text).toContain('CN-000001');
    expect(text).toContain('INV-000001');
    expect(text).toContain(dollars(creditNote.totalMinor));
    // on the invoice's log, under the credit note's number
    expect((await okValue(b.api.listEmails({ invoiceId: sale.id }))).map((m) => m.documentNumber)).toEqual([
      'CN-000001',
    ]);
  });
});

describe('Settings → Email', () => {
  it('keeps the password only with the secret keeper, never in the store', async () => {
    const secret = 'hunter2-Very-Secret';
    const saved = await okValue(
      b.api.saveEmailSettings({
        host: 'mail.example.com',
        port: 587,
        security: 'starttls',
        user: 'shop@example.com',
        password: secret,
        from: 'shop@example.com',
      }),
    );
    expect(saved).toEqual({
      host: 'mail.example.com',
      port: 587,
      security: 'starttls',
      user: 'shop@example.com',
      from: 'shop@example.com',
      passwordKept: true,
      passwordStore: 'memory',
      overriddenBy: null,
    });
    const values = await b.all<{ key: string; value: string }>('SELECT key, value FROM settings');
    expect(values.some((v) => v.key === 'email.host')).toBe(true);
    expect(values.filter((v) => v.value.includes(secret) || v.value.includes('hunter2'))).toEqual([]);
    expect(JSON.stringify(await okValue(b.api.getEmailSettings({})))).not.toContain('hunter2');
    // absent: kept; '': forgotten
    const kept = await okValue(
      b.api.saveEmailSettings({ host: 'mail.example.com', port: 465, security: 'tls', user: 'shop@example.com' }),
    );
    expect(kept.passwordKept).toBe(true);
    expect(b.ctx.secrets?.get('smtp.password')).toBe(secret);
    const forgot = await okValue(
      b.api.saveEmailSettings({ host: 'mail.example.com', port: 465, security: 'tls', user: '', password: '' }),
    );
    expect(forgot.passwordKept).toBe(false);
  });

  it('COUNTER_POS_SMTP_URL overrides the settings (shown without its password)', async () => {
    await useServerAt(await closedPort()); // the settings name a dead server
    smtp = await startSmtp();
    process.env[SMTP_URL_ENV] = `smtp://mailer:pa55word@127.0.0.1:${smtp.port}`;
    const settings = await okValue(b.api.getEmailSettings({}));
    expect(settings.overriddenBy).toBe(`smtp://mailer@127.0.0.1:${smtp.port}`);
    expect(JSON.stringify(settings)).not.toContain('pa55word');

    process.env[SMTP_URL_ENV] = smtp.url;
    const draft = await acmeDraft();
    const outcome = await okValue(b.api.emailInvoice({ invoiceId: draft.id }));
    expect(outcome.sent).toBe(true);
    expect(smtp.received).toHaveLength(1);
    // Send a test e-mail uses it too
    expect(await okValue(b.api.testEmailSettings({ to: 'me@example.com' }))).toEqual({
      message: 'A test e-mail was sent to me@example.com.',
    });
    expect(smtp.received[1]!.to).toBe('me@example.com');
  });
});
