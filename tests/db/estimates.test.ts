// Estimates (EST-000001) on a real store through the real API: lines, totals and edits; the statuses and their
// refusals; Convert to ticket (one pending charge per line, the ticket names the estimate); Convert to invoice (the
// serialized warning refused without confirmation, a Draft invoice with it); the PDF read back with pdftotext; e-mail
// through a real SMTP server, a Draft becoming Sent.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SMTP_URL_ENV } from '../../db/services/email.ts';
import { SERIALIZED_WARNING } from '../../db/services/estimateConversion.ts';
import { freshDemoPerTest, okValue, refusalOf, tempDir, type Backend, type DemoIds } from '../support/backend.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';

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

const cable = (qty = 2500) => ({
  productId: ids.cable,
  description: 'USB-C cable 2 m',
  qty,
  unitPriceMinor: 1_000,
  taxable: true,
});
const labour = { productId: null, description: 'Set-up on site', qty: 1500, unitPriceMinor: 8_000, taxable: false };
const laptopLine = () => ({
  productId: ids.laptop,
  description: 'Latitude 5440',
  qty: 1000,
  unitPriceMinor: 124_900,
  taxable: true,
});

const newEstimate = (lines = [cable(), labour], extra: { expiryDate?: string } = {}) =>
  okValue(
    b.api.saveEstimate({
      customerId: ids.acme,
      estimateDate: '2026-11-21',
      notes: 'Quote for the new office',
      lines,
      ...extra,
    }),
  );

describe('estimates', () => {
  it('saves lines like an invoice’s with totals computed by the store, and edits a Draft', async () => {
    const est = await newEstimate();
    expect(est.number).toBe('EST-000001');
    expect(est.status).toBe('draft');
    expect(est.expiryDate).toBe('2026-12-21');
    // 2.5 × 10.00 = 25.00 taxable, 1.5 × 80.00 = 120.00 not taxable
    expect(est.lines.map((l) => l.lineTotalMinor)).toEqual([2_500, 12_000]);
    expect(est.subtotalMinor).toBe(14_500);
    expect(est.totalMinor).toBe(14_500 + est.taxMinor);
    expect(est.taxMinor).toBe(est.taxes.reduce((s, t) => s + t.taxMinor, 0));
    expect(est.taxMinor).toBeGreaterThan(0);

    const edited = await okValue(
      b.api.saveEstimate({
        id: est.id,
        revision: est.revision,
        customerId: ids.acme,
        estimateDate: '2026-11-21',
        expiryDate: '2026-12-05',
        lines: [labour],
      }),
    );
    expect(edited.lines).toHaveLength(1);
    expect(edited.totalMinor).toBe(12_000);
    expect(edited.expiryDate).toBe('2026-12-05');
    expect((await okValue(b.api.listEstimates({ customerId: ids.acme }))).map((e) => e.number)).toEqual(['EST-000001']);

    const stale = await refusalOf(b, () =>
      b.api.saveEstimate({
        id: est.id,
        revision: est.revision,
        customerId: ids.acme,
        estimateDate: '2026-11-21',
        lines: [cable()],
      }),
    );
    expect(stale.code).toBe('conflict');
    const early = await refusalOf(b, () =>
      b.api.saveEstimate({
        customerId: ids.acme,
        estimateDate: '2026-11-21',
        expiryDate: '2026-11-20',
        lines: [labour],
      }),
    );
    expect(early).toEqual({ code: 'invalid_input', message: 'The expiry date is before the estimate’s date.' });
    const halfLaptop = await refusalOf(b, () =>
      b.api.saveEstimate({ customerId: ids.acme, estimateDate: '2026-11-21', lines: [{ ...laptopLine(), qty: 1500 }] }),
    );
    expect(halfLaptop.message).toBe(
      'Line 1 (Latitude 5440 Laptop) is serial-tracked: its quantity must be a whole number.',
    );
  });

  it('moves Draft → Sent → Approved, declines, and refuses the steps that do not follow', async () => {
    const est = await newEstimate();
    expect((await okValue(b.api.setEstimateStatus({ id: est.id, status: 'sent' }))).status).toBe('sent');
    const again = await refusalOf(b, () => b.api.setEstimateStatus({ id: est.id, status: 'sent' }));
    expect(again).toEqual({ code: 'conflict', message: 'EST-000001 is already Sent.' });
    expect((await okValue(b.api.setEstimateStatus({ id: est.id, status: 'approved' }))).status).toBe('approved');
    expect((await okValue(b.api.listEstimates({ status: 'approved' }))).map((e) => e.id)).toEqual([est.id]);
    const declineApproved = await refusalOf(b, () => b.api.setEstimateStatus({ id: est.id, status: 'declined' }));
    expect(declineApproved.message).toBe('EST-000001 is Approved: it cannot be marked Declined.');

    const other = await newEstimate();
    expect((await okValue(b.api.setEstimateStatus({ id: other.id, status: 'declined' }))).status).toBe('declined');
    const toInvoice = await refusalOf(b, () => b.api.convertEstimateToInvoice({ id: other.id }));
    expect(toInvoice).toEqual({
      code: 'conflict',
      message: 'EST-000002 was declined: it cannot be converted to an invoice.',
    });
    const edit = await refusalOf(b, () =>
      b.api.saveEstimate({ id: other.id, customerId: ids.acme, estimateDate: '2026-11-21', lines: [labour] }),
    );
    expect(edit.message).toBe('EST-000002 is Declined: it cannot be edited any more.');
  });

  it('converts an Approved estimate to a ticket with one pending charge per line', async () => {
    const est = await newEstimate([cable(), labour, laptopLine()]);
    const notYet = await refusalOf(b, () => b.api.convertEstimateToTicket({ id: est.id }));
    expect(notYet.message).toBe('EST-000001 is Draft: approve it before converting it to a ticket.');
    await okValue(b.api.setEstimateStatus({ id: est.id, status: 'approved' }));

    const { ticketId, number } = await okValue(b.api.convertEstimateToTicket({ id: est.id }));
    expect(number).toMatch(/^T-\d{6}$/);
    const ticket = await b.one<{ estimate_id: number; customer_id: number }>(
      'SELECT estimate_id, customer_id FROM tickets WHERE id = ?',
      ticketId,
    );
    expect(Number(ticket.estimate_id)).toBe(est.id);
    expect(Number(ticket.customer_id)).toBe(ids.acme);
    const charges = await b.all<{ description: string; qty: number; estimate_line_id: number; invoice_line_id: null }>(
      'SELECT description, qty, estimate_line_id, invoice_line_id FROM ticket_charges WHERE ticket_id = ? ORDER BY position',
      ticketId,
    );
    expect(charges.map((c) => [c.description, Number(c.qty), Number(c.estimate_line_id), c.invoice_line_id])).toEqual(
      est.lines.map((l) => [l.description, l.qty, l.id, null]),
    );

    const converted = await okValue(b.api.getEstimate({ id: est.id }));
    expect(converted.status).toBe('converted');
    expect(converted.ticket).toEqual({ id: ticketId, number });
    const twice = await refusalOf(b, () => b.api.convertEstimateToTicket({ id: est.id }));
    expect(twice.message).toBe('EST-000001 was already converted.');
    const edit = await refusalOf(b, () =>
      b.api.saveEstimate({ id: est.id, customerId: ids.acme, estimateDate: '2026-11-21', lines: [labour] }),
    );
    expect(edit.message).toBe('EST-000001 is Converted: it cannot be edited any more.');
  });

  it('converts to a Draft invoice; a serialized product is refused with the warning until confirmed', async () => {
    const plain = await newEstimate();
    const { invoiceId } = await okValue(b.api.convertEstimateToInvoice({ id: plain.id }));
    const invoice = await okValue(b.api.getInvoice({ id: invoiceId }));
    expect(invoice.status).toBe('draft');
    expect(invoice.totalMinor).toBe(plain.totalMinor);
    expect(invoice.lines.map((l) => [l.description, l.qty])).toEqual([
      ['USB-C cable 2 m', 2500],
      ['Set-up on site', 1500],
    ]);
    const link = await b.one<{ estimate_id: number }>('SELECT estimate_id FROM invoices WHERE id = ?', invoiceId);
    expect(Number(link.estimate_id)).toBe(plain.id);
    expect((await okValue(b.api.getEstimate({ id: plain.id }))).status).toBe('converted');

    const withLaptop = await newEstimate([laptopLine(), labour]);
    expect(withLaptop.hasSerialized).toBe(true);
    const warned = await refusalOf(b, () => b.api.convertEstimateToInvoice({ id: withLaptop.id }));
    expect(warned).toEqual({ code: 'conflict', message: SERIALIZED_WARNING });
    expect(SERIALIZED_WARNING).toBe(
      'This estimate has serialized products. Convert it to a ticket first, so the serial can be linked to the ticket.',
    );

    const confirmed = await okValue(b.api.convertEstimateToInvoice({ id: withLaptop.id, confirmSerialized: true }));
    const draft = await okValue(b.api.getInvoice({ id: confirmed.invoiceId }));
    expect(draft.status).toBe('draft');
    expect(draft.lines[0]!.serials).toEqual([]); // captured on the invoice before it is finalised
    expect((await okValue(b.api.getEstimate({ id: withLaptop.id }))).invoice?.id).toBe(confirmed.invoiceId);
  });
});

const pdfDir = tempDir('pos-estimates-');
let pdfs = 0;
const pdfText = (bytes: Uint8Array) => {
  expect(Buffer.from(bytes).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const file = path.join(pdfDir, `est-${++pdfs}.pdf`);
  fs.writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
};

describe('estimate documents', () => {
  it('prints "Estimate EST-000001" with its dates, customer, lines and totals', async () => {
    const est = await newEstimate();
    const pdf = await okValue(b.api.documentPdf({ kind: 'estimate', id: est.id }));
    expect(pdf.fileName).toBe('EST-000001.pdf');
    const text = pdfText(new Uint8Array(Buffer.from(pdf.base64, 'base64')));
    expect(text).toContain('Estimate');
    expect(text).toContain('EST-000001');
    expect(text).toMatch(/DATE\s+Nov 21, 2026/);
    expect(text).toMatch(/EXPIRY DATE\s+Dec 21, 2026/);
    expect(text).toContain('Acme Corp');
    expect(text).toMatch(/USB-C cable 2 m.*2\.5.*10\.00.*25\.00/);
    expect(text).toMatch(/Set-up on site.*1\.5.*80\.00.*120\.00/);
    expect(text).toMatch(/Total\s+\$\d+\.\d\d/);
    expect(text).toContain('Quote for the new office');
    expect(text).not.toContain('Balance due');
  });

  it('e-mails the PDF to the customer; a Draft becomes Sent, logged with the estimate', async () => {
    smtp = await startSmtp();
    await okValue(
      b.api.saveEmailSettings({
        host: '127.0.0.1',
        port: smtp.port,
        security: 'none',
        user: '',
        from: 'shop@x.example',
      }),
    );
    const est = await newEstimate();
    const outcome = await okValue(b.api.emailEstimate({ estimateId: est.id, message: 'Our quote, as promised.' }));
    expect(outcome.sent).toBe(true);
    expect(outcome.email.kind).toBe('estimate');
    expect(outcome.email.documentNumber).toBe('EST-000001');
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.to).toBe('accounts@acme.example');
    expect(mail.subject).toMatch(/^Estimate EST-000001 from /);
    expect(mail.attachment?.fileName).toBe('EST-000001.pdf');
    expect(pdfText(mail.attachment!.bytes)).toContain('EST-000001');
    const row = await b.one<{ estimate_id: number; status: string }>('SELECT estimate_id, status FROM emails');
    expect([Number(row.estimate_id), row.status]).toEqual([est.id, 'sent']);
    const sent = await okValue(b.api.getEstimate({ id: est.id }));
    expect(sent.status).toBe('sent');
    expect(sent.sentAt).not.toBeNull();
  });
});
