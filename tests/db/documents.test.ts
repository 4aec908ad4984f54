// Documents: the one print template rendered to PDF by a real Chromium, read back with poppler's pdftotext/pdfinfo.
// An invoice with serial-tracked lines (each serial under its line, tax per rate, total, payments, balance), the paper
// from Settings → Documents, a purchase order (vendor, order total), a credit note, and the batch of PDFs in a zip.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { FileDownload, Invoice } from '../../core/model.ts';
import { fileJobEnded } from '../../db/services/fileJobs.ts';
import { freshDemoPerTest, okValue, tempDir, type Backend, type DemoIds } from '../support/backend.ts';

let b: Backend;
let ids: DemoIds;
freshDemoPerTest((backend, demo) => {
  b = backend;
  ids = demo;
});

const dir = tempDir('pos-documents-');
let n = 0;
function pdfFile(bytes: Uint8Array): string {
  const file = path.join(dir, `doc-${++n}.pdf`);
  fs.writeFileSync(file, bytes);
  return file;
}
const bytesOf = (download: FileDownload) => new Uint8Array(Buffer.from(download.base64, 'base64'));
/** The PDF's text in reading order (poppler's -layout keeps a row on one line). */
const textOf = (bytes: Uint8Array) => execFileSync('pdftotext', ['-layout', pdfFile(bytes), '-'], { encoding: 'utf8' });
const pageSize = (bytes: Uint8Array) =>
  /Page size:\s+(.*)/.exec(execFileSync('pdfinfo', [pdfFile(bytes)], { encoding: 'utf8' }))?.[1];

async function laptopInvoice(): Promise<Invoice> {
  const reduced = (await b.one<{ id: number }>(`SELECT id FROM tax_rates WHERE name = 'Reduced 5%'`)).id;
  const saved = await okValue(
    b.api.saveInvoice({
      customerId: ids.acme,
      locationId: ids.main,
      invoiceDate: '2026-11-21',
      terms: 'Net 30',
      notes: 'Thank you for your business <b>really</b>',
      lines: [
        {
          productId: ids.laptop,
          description: 'Latitude 5440 Laptop',
          qty: 2000,
          unitPriceMinor: 124_900,
          taxable: true,
          serialIds: [ids.serial('DL5440-0001'), ids.serial('DL5440-0002')],
        },
        {
          productId: ids.phone,
          description: 'Galaxy A55 Phone',
          qty: 1000,
          unitPriceMinor: 44_900,
          taxable: true,
          taxRateId: reduced,
          serialIds: [ids.serial('356789012345671')],
        },
        {
          productId: ids.cable,
          description: 'USB-C Cable 2m',
          qty: 3000,
          unitPriceMinor: 1_999,
          taxable: true,
          serialIds: [],
        },
      ],
    }),
  );
  await okValue(b.api.takePayment({ invoiceId: saved.id, amountMinor: 100_000, methodId: ids.method('cash') }));
  return okValue(b.api.getInvoice({ id: saved.id }));
}

describe('invoice PDF', () => {
  it('shows the shop, the customer, each serial under its line, tax per rate, total, payments and balance', async () => {
    const inv = await laptopInvoice();
    const download = await okValue(b.api.documentPdf({ kind: 'invoice', id: inv.id }));
    expect(download).toMatchObject({ fileName: 'INV-000001.pdf', mimeType: 'application/pdf' });
    const bytes = bytesOf(download);
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const text = textOf(bytes);
    const rows = text.split('\n').map((l) => l.trim().replace(/\s+/g, ' '));
    const at = (pattern: RegExp) => rows.findIndex((r) => pattern.test(r));

    expect(text).toContain('INV-000001');
    expect(text).toContain('Acme Corp');
    expect(text).toContain('accounts@acme.example');
    expect(text).toContain('US-12-3456789'); // the shop's tax id (demo)
    expect(text).toMatch(/Due date\s+Dec 21, 2026/i);
    expect(text).toContain('Net 30: payment due by Dec 21, 2026.');
    expect(text).toContain('Net 30');
    // Each serial is listed under its own line, before the next line.
    const laptop = at(/^Latitude 5440 Laptop/);
    const phone = at(/^Galaxy A55 Phone/);
    const cable = at(/^USB-C Cable 2m/);
    expect(laptop).toBeGreaterThanOrEqual(0);
    expect(rows[laptop]).toMatch(/LAT-5440 2 1,249\.00 2,498\.00$/);
    const laptopSerials = at(/Serial numbers: DL5440-0001, DL5440-0002/);
    const phoneSerials = at(/Serial numbers: 356789012345671/);
    expect(laptopSerials).toBeGreaterThan(laptop);
    expect(laptopSerials).toBeLessThan(phone);
    expect(phoneSerials).toBeGreaterThan(phone);
    expect(phoneSerials).toBeLessThan(cable);
    // Tax per rate, total, payments, balance (what the store computed).
    const money = (minor: number) => (minor / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
    for (const t of inv.taxes)
      expect(text).toMatch(new RegExp(`${t.name.replace(/[.%]/g, '\\$&')}\\s+${money(t.taxMinor)}`));
    expect(inv.taxes.map((t) => t.name)).toEqual(['Sales tax 7.5%', 'Reduced 5%']);
    expect(text).toMatch(new RegExp(`Total\\s+\\$${money(inv.totalMinor)}`));
    expect(text).toMatch(/Payments\s+-1,000\.00/);
    expect(text).toMatch(new RegExp(`Balance due\\s+\\$${money(inv.balanceMinor)}`));
    // Notes are text, never markup.
    expect(text).toContain('Thank you for your business <b>really</b>');
  });

  it('is laid out on the paper Settings → Documents chose', async () => {
    const inv = await laptopInvoice();
    expect(await okValue(b.api.getDocumentSettings({}))).toEqual({ paperSize: 'a4', logoDataUrl: '' });
    const a4 = bytesOf(await okValue(b.api.documentPdf({ kind: 'invoice', id: inv.id })));
    // 210 × 297 mm is 595.28 × 841.89 pt; Chromium rounds the page to whole device pixels, and poppler names it A4.
    expect(pageSize(a4)).toMatch(/^59[45]\.\d+ x 84[12]\.\d+ pts \(A4\)$/);

    await okValue(b.api.saveDocumentSettings({ paperSize: 'letter', logoDataUrl: '' }));
    const letter = bytesOf(await okValue(b.api.documentPdf({ kind: 'invoice', id: inv.id })));
    expect(pageSize(letter)).toBe('612 x 792 pts (letter)');
    const html = await okValue(b.api.documentHtml({ kind: 'invoice', id: inv.id }));
    expect(html).toMatchObject({ kind: 'invoice', title: 'Invoice INV-000001', paperSize: 'letter' });
    expect(html.html).toContain('@page{size:letter');
  });

  it('keeps the logo as a data: URL in the page, and refuses anything else as a logo', async () => {
    const inv = await laptopInvoice();
    const png =
      'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    await okValue(b.api.saveDocumentSettings({ paperSize: 'a4', logoDataUrl: png }));
    expect((await okValue(b.api.documentHtml({ kind: 'invoice', id: inv.id }))).html).toContain(`src="${png}"`);
    const refused = await b.api.saveDocumentSettings({ paperSize: 'a4', logoDataUrl: 'https://evil.example/x.png' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await okValue(b.api.getDocumentSettings({}))).toEqual({ paperSize: 'a4', logoDataUrl: png });
    await okValue(b.api.saveDocumentSettings({ paperSize: 'a4', logoDataUrl: '' }));
    expect((await okValue(b.api.documentHtml({ kind: 'invoice', id: inv.id }))).html).not.toContain('<img');
  });

  it('refuses an unknown invoice with a clear message', async () => {
    expect(await b.api.documentPdf({ kind: 'invoice', id: 9999 })).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: expect.stringContaining('9999') },
    });
  });
});

describe('purchase order and credit note PDFs', () => {
  it('a purchase order shows the vendor block and its order total', async () => {
    const po = await okValue(
      b.api.savePurchaseOrder({
        vendorId: ids.northwind,
        locationId: ids.main,
        notes: 'Deliver to the back door',
        lines: [
          { productId: ids.laptop, qty: 3, unitCostMinor: 90_000 },
          { productId: ids.cable, qty: 10, unitCostMinor: 450 },
        ],
      }),
    );
    const download = await okValue(b.api.documentPdf({ kind: 'purchase_order', id: po.id }));
    expect(download.fileName).toBe(`${po.number}.pdf`);
    const text = textOf(bytesOf(download));
    expect(text).toContain('Purchase order');
    expect(text).toMatch(/Vendor\s/i);
    expect(text).toContain('Northwind Distribution');
    expect(text).toContain('orders@northwind.example');
    expect(text).toMatch(/Order total\s+\$2,745\.00/i);
    expect(text).toContain('Deliver to the back door');
  });

  it('a credit note shows what was credited, with the serials returned', async () => {
    const inv = await laptopInvoice();
    const laptopLine = inv.lines.find((l) => l.productId === ids.laptop)!;
    const result = await okValue(
      b.api.completeReturn({
        invoiceId: inv.id,
        refundTo: 'tenders',
        reason: 'Changed mind',
        lines: [
          {
            invoiceLineId: laptopLine.id,
            qty: 1000,
            units: [{ serialId: ids.serial('DL5440-0002'), disposition: 'stock' }],
          },
        ],
      }),
    );
    const note = result.creditNote;
    const download = await okValue(b.api.documentPdf({ kind: 'credit_note', id: note.id }));
    expect(download.fileName).toBe(`${note.number}.pdf`);
    const text = textOf(bytesOf(download));
    expect(text).toContain('Credit note');
    expect(text).toContain(note.number);
    expect(text).toContain('INV-000001');
    expect(text).toContain('Acme Corp');
    expect(text).toMatch(/Serial numbers: DL5440-0002/);
    expect(text).not.toContain('DL5440-0001');
    const money = (minor: number) => (minor / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
    expect(text).toMatch(new RegExp(`Total credited\\s+\\$${money(note.totalMinor)}`));
  });
});

describe('a batch of invoice PDFs', () => {
  it('makes one PDF per invoice in a zip, with progress, and reports an unknown id as a problem', async () => {
    const first = await laptopInvoice();
    const second = await okValue(
      b.api.saveInvoice({
        customerId: ids.walkIn,
        locationId: ids.main,
        invoiceDate: '2026-11-21',
        notes: '',
        lines: [
          {
            productId: ids.cable,
            description: 'USB-C Cable 2m',
            qty: 1000,
            unitPriceMinor: 1_999,
            taxable: true,
            serialIds: [],
          },
        ],
      }),
    );
    const started = await okValue(b.api.startPdfBatch({ ids: [first.id, 9999, second.id] }));
    expect(started).toMatchObject({ kind: 'pdf_batch', state: 'running', total: 3 });
    const ended = await fileJobEnded(started.jobId);
    expect(ended).toMatchObject({ state: 'done', done: 3, total: 3, fileName: 'invoices-2026-11-21.zip' });
    expect(ended.problems).toEqual([{ item: 'Invoice id 9999', message: expect.stringContaining('9999') }]);

    const zip = await okValue(b.api.fileJobResult({ jobId: started.jobId }));
    expect(zip).toMatchObject({ fileName: 'invoices-2026-11-21.zip', mimeType: 'application/zip' });
    const files = unzipSync(bytesOf(zip));
    expect(Object.keys(files).sort()).toEqual(['INV-000001.pdf', 'INV-000002.pdf']);
    for (const bytes of Object.values(files)) expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    expect(textOf(files['INV-000001.pdf']!)).toContain('DL5440-0001');
    expect(textOf(files['INV-000002.pdf']!)).toContain('Walk-in Customer');
    // The file is handed over once.
    expect(await b.api.fileJobResult({ jobId: started.jobId })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('fails with its problems listed when no invoice could be rendered', async () => {
    const started = await okValue(b.api.startPdfBatch({ ids: [9998, 9999] }));
    const ended = await fileJobEnded(started.jobId);
    expect(ended).toMatchObject({ state: 'failed', message: expect.stringContaining('No PDF was made') });
    expect(ended.problems.map((p) => p.item)).toEqual(['Invoice id 9998', 'Invoice id 9999']);
  });
});
