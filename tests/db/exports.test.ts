// Accounting exports (issue 14) on both stores: each format's header and a known invoice's rows, exactly. October
// 2026 holds: INV A (Acme, two serial-tracked laptops and 1.5 cables, paid 500.00 on PAY A), INV B (a customer whose
// name has a comma and quotes; a line at the default rate, one at a second rate and an untaxed one), INV C (a
// customer whose name starts with =), a Draft and a Void one that no accounting format may show.
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import type { InputOf } from '../../core/contract.ts';
import type { ExportFormat } from '../../core/enums.ts';
import type { ExportPreview, FileJob, Invoice } from '../../core/model.ts';
import { fileJobEnded } from '../../db/services/fileJobs.ts';
import {
  buildExport,
  exportWorkerFile,
  storeLocation,
  type ExportWorkerData,
  type ExportWorkerMessage,
} from '../../db/services/exports.ts';
import { mainProcessBundles } from '../../scripts/bundles.ts';
import { freshBackend, freshDemoPerTest, okValue, serviceCtx, tempDir, type Backend } from '../support/backend.ts';

let b: Backend;
freshDemoPerTest((backend) => {
  b = backend;
});

type Line = InputOf<'saveInvoice'>['lines'][number];
const manual = (
  description: string,
  qty: number,
  unitPriceMinor: number,
  taxable = true,
  taxRateId?: number,
): Line => ({
  productId: null,
  description,
  qty,
  unitPriceMinor,
  taxable,
  ...(taxRateId ? { taxRateId } : {}),
  serialIds: [],
});

interface Known {
  a: Invoice;
  b: Invoice;
  c: Invoice;
  draft: Invoice;
  voided: Invoice;
  paymentNumber: string;
}

async function makeKnown(backend: Backend): Promise<Known> {
  const { api, ids } = backend;
  const reduced = (await okValue(api.listTaxRates({}))).find((r) => r.name === 'Reduced 5%')!;
  const smith = await okValue(api.saveCustomer({ name: 'Smith, "Bob" Ltd', email: 'bob@example.com' }));
  const formula = await okValue(api.saveCustomer({ name: '=HYPERLINK("http://x")' }));
  const save = async (input: Partial<InputOf<'saveInvoice'>> & Pick<InputOf<'saveInvoice'>, 'lines'>) =>
    await okValue(api.saveInvoice({ customerId: ids.acme, locationId: ids.main, invoiceDate: '2026-10-05', ...input }));
  const a = await save({
    terms: 'Net 30',
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
        productId: ids.cable,
        description: 'USB-C Cable 2m',
        qty: 1500,
        unitPriceMinor: 1_999,
        taxable: true,
        serialIds: [],
      },
    ],
  });
  const b2 = await save({
    customerId: smith.id,
    invoiceDate: '2026-10-10',
    lines: [
      manual('Repair labour', 2000, 5_000),
      manual('Book', 1000, 2_000, true, reduced.id),
      manual('Gift card', 1000, 1_000, false),
    ],
  });
  const c = await save({
    customerId: formula.id,
    invoiceDate: '2026-10-20',
    notes: '@SUM(1+1)',
    lines: [manual('+1 widget', 1000, 100)],
  });
  const draft = await save({ invoiceDate: '2026-10-12', draft: true, lines: [manual('Draft thing', 1000, 500)] });
  const toVoid = await save({ invoiceDate: '2026-10-15', lines: [manual('Voided thing', 1000, 700)] });
  const voided = await okValue(api.voidInvoice({ id: toVoid.id }));
  await okValue(
    api.takePayment({
      invoiceId: a.id,
      amountMinor: 50_000,
      methodId: ids.method('cash'),
      reference: 'R-1',
      paidOn: '2026-10-06',
    }),
  );
  const payment = await backend.one<{ number: string }>('SELECT number FROM payments WHERE paid_on = ?', '2026-10-06');
  return { a, b: b2, c, draft, voided, paymentNumber: payment.number };
}

const october = (format: ExportFormat) => ({ format, from: '2026-10-01', to: '2026-10-31' });
const preview = async (format: ExportFormat): Promise<ExportPreview> =>
  await okValue(b.api.previewExport(october(format)));
/** The whole file's text, as the job writes it. */
const fileText = async (format: ExportFormat) => (await buildExport(serviceCtx(b), october(format))).text;
const csvLines = (text: string) => text.replace(/^\uFEFF/, '').split('\r\n');

describe('accounting exports', () => {
  it('QuickBooks Online: the import layout, one row per line of the Sent and Paid invoices, no Draft or Void', async () => {
    const k = await makeKnown(b);
    const p = await preview('quickbooks_online');
    expect(p.fileName).toBe('quickbooks-online-invoices-2026-10-01-to-2026-10-31.csv');
    expect(p.columns).toEqual([
      'InvoiceNo',
      'Customer',
      'InvoiceDate',
      'DueDate',
      'Terms',
      'Item(Product/Service)',
      'ItemDescription',
      'ItemQuantity',
      'ItemRate',
      'ItemAmount',
      'Taxable',
      'TaxRate',
    ]);
    expect(p.counts).toEqual({ invoices: 3, lines: 6, payments: 0, serials: 2 });
    expect(p.totalRows).toBe(6);
    const numbers = p.rows.map((r) => r[0]);
    expect(numbers).not.toContain(k.draft.number);
    expect(numbers).not.toContain(k.voided.number);
    expect(p.rows.filter((r) => r[0] === k.a.number)).toEqual([
      [
        k.a.number,
        'Acme Corp',
        '10/05/2026',
        '11/04/2026',
        'Net 30',
        'Latitude 5440 Laptop',
        'Latitude 5440 Laptop (S/N: DL5440-0001; DL5440-0002)',
        '2',
        '1249.00',
        '2498.00',
        'Y',
        'Sales tax 7.5%',
      ],
      [k.a.number, 'Acme Corp', '10/05/2026', '11/04/2026', 'Net 30', 'USB-C Cable 2m', 'USB-C Cable 2m'].concat([
        '1.5',
        '19.99',
        '29.99',
        'Y',
        'Sales tax 7.5%',
      ]),
    ]);
    expect(p.rows.filter((r) => r[0] === k.b.number).map((r) => r.slice(5))).toEqual([
      ['Repair labour', 'Repair labour', '2', '50.00', '100.00', 'Y', 'Sales tax 7.5%'],
      ['Book', 'Book', '1', '20.00', '20.00', 'Y', 'Reduced 5%'],
      ['Gift card', 'Gift card', '1', '10.00', '10.00', 'N', ''],
    ]);
    // The file: BOM, RFC 4180 quoting of the comma-and-quotes name, CRLF; names kept exact for QuickBooks to match.
    const text = await fileText('quickbooks_online');
    expect(text.startsWith('\uFEFFInvoiceNo,Customer,InvoiceDate,DueDate,Terms,Item(Product/Service),')).toBe(true);
    expect(text).toContain(
      `\r\n${k.b.number},"Smith, ""Bob"" Ltd",10/10/2026,10/10/2026,Due on receipt,Repair labour,`,
    );
    expect(text).toContain(`\r\n${k.c.number},"=HYPERLINK(""http://x"")",`);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(8); // header, 6 rows, '' after the last CRLF
  });

  it('QuickBooks Desktop: IIF blocks per invoice and payment that balance to zero', async () => {
    const k = await makeKnown(b);
    const p = await preview('quickbooks_desktop');
    expect(p.fileName).toBe('quickbooks-desktop-2026-10-01-to-2026-10-31.iif');
    expect(p.counts).toEqual({ invoices: 3, lines: 6, payments: 1, serials: 2 });
    const text = await fileText('quickbooks_desktop');
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    const lines = text.split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines.slice(0, 3)).toEqual([
      '!TRNS\tTRNSID\tTRNSTYPE\tDATE\tACCNT\tNAME\tAMOUNT\tDOCNUM\tMEMO\tDUEDATE\tTERMS',
      '!SPL\tSPLID\tTRNSTYPE\tDATE\tACCNT\tNAME\tAMOUNT\tDOCNUM\tMEMO\tINVITEM\tQNTY\tPRICE\tTAXABLE',
      '!ENDTRNS',
    ]);
    // Blocks: TRNS, its SPLs, ENDTRNS; each sums to zero (in cents).
    const blocks: string[][][] = [];
    for (const line of lines.slice(3)) {
      const cells = line.split('\t');
      if (cells[0] === 'TRNS') blocks.push([cells]);
      else blocks[blocks.length - 1]!.push(cells);
    }
    expect(blocks).toHaveLength(4);
    for (const block of blocks) {
      expect(block[0]![0]).toBe('TRNS');
      expect(block[block.length - 1]).toEqual(['ENDTRNS']);
      const cents = block.slice(0, -1).reduce((sum, cells) => sum + Math.round(Number(cells[6]) * 100), 0);
      expect(cents).toBe(0);
    }
    expect(blocks.some((bl) => bl[0]![7] === k.draft.number || bl[0]![7] === k.voided.number)).toBe(false);
    const a = blocks.find((bl) => bl[0]![2] === 'INVOICE' && bl[0]![7] === k.a.number)!;
    expect(a).toEqual([
      ['TRNS', '', 'INVOICE', '10/05/2026', 'Accounts Receivable', 'Acme Corp', '2717.59', k.a.number, ''].concat([
        '11/04/2026',
        'Net 30',
      ]),
      ['SPL', '', 'INVOICE', '10/05/2026', 'Sales', 'Acme Corp', '-2498.00', k.a.number].concat([
        'Latitude 5440 Laptop (S/N: DL5440-0001; DL5440-0002)',
        'Latitude 5440 Laptop',
        '-2',
        '1249.00',
        'Y',
      ]),
      ['SPL', '', 'INVOICE', '10/05/2026', 'Sales', 'Acme Corp', '-29.99', k.a.number, 'USB-C Cable 2m'].concat([
        'USB-C Cable 2m',
        '-1.5',
        '19.99',
        'Y',
      ]),
      ['SPL', '', 'INVOICE', '10/05/2026', 'Sales Tax Payable', '', '-189.60', k.a.number].concat([
        'Sales tax (Sales tax 7.5%)',
        'Sales tax 7.5%',
        '',
        '',
        'N',
      ]),
      ['ENDTRNS'],
    ]);
    const bTax = blocks.find((bl) => bl[0]![7] === k.b.number)!.at(-2)!;
    expect(bTax.slice(4, 7)).toEqual(['Sales Tax Payable', '', '-8.50']);
    const pay = blocks.find((bl) => bl[0]![2] === 'PAYMENT')!;
    expect(pay).toEqual([
      ['TRNS', '', 'PAYMENT', '10/06/2026', 'Undeposited Funds', 'Acme Corp', '500.00', k.paymentNumber].concat([
        `Cash R-1 ${k.a.number}`,
        '',
        '',
      ]),
      ['SPL', '', 'PAYMENT', '10/06/2026', 'Accounts Receivable', 'Acme Corp', '-500.00', k.paymentNumber].concat([
        `Cash R-1 ${k.a.number}`,
        '',
        '',
        '',
        '',
      ]),
      ['ENDTRNS'],
    ]);
  });

  it('Xero: the sales invoice import columns, with the account and tax types mapped in Settings → Exports', async () => {
    const k = await makeKnown(b);
    const settings = await okValue(b.api.getExportSettings({}));
    expect(settings.xeroSalesAccount).toBe('200');
    const reduced = settings.xeroTaxTypes.find((t) => t.taxRateName === 'Reduced 5%')!;
    const standard = settings.xeroTaxTypes.find((t) => t.taxRateName === 'Sales tax 7.5%')!;
    const saved = await okValue(
      b.api.saveExportSettings({
        xeroSalesAccount: '4000',
        xeroTaxTypes: [
          { taxRateId: standard.taxRateId, taxType: 'TAX001' },
          { taxRateId: reduced.taxRateId, taxType: 'TAX002' },
        ],
        xeroNoTaxType: 'EXEMPTOUTPUT',
      }),
    );
    expect(saved.xeroTaxTypes.find((t) => t.taxRateId === reduced.taxRateId)?.taxType).toBe('TAX002');
    const p = await preview('xero');
    expect(p.fileName).toBe('xero-sales-invoices-2026-10-01-to-2026-10-31.csv');
    expect(p.columns.slice(0, 10)).toEqual([
      'ContactName',
      'EmailAddress',
      'InvoiceNumber',
      'InvoiceDate',
      'DueDate',
      'Description',
      'Quantity',
      'UnitAmount',
      'AccountCode',
      'TaxType',
    ]);
    expect(p.rows.filter((r) => r[2] === k.b.number)).toEqual([
      [
        'Smith, "Bob" Ltd',
        'bob@example.com',
        k.b.number,
        '10/10/2026',
        '10/10/2026',
        'Repair labour',
        '2',
        '50.00',
      ].concat(['4000', 'TAX001']),
      ['Smith, "Bob" Ltd', 'bob@example.com', k.b.number, '10/10/2026', '10/10/2026', 'Book', '1', '20.00'].concat([
        '4000',
        'TAX002',
      ]),
      ['Smith, "Bob" Ltd', 'bob@example.com', k.b.number, '10/10/2026', '10/10/2026', 'Gift card', '1', '10.00'].concat(
        ['4000', 'EXEMPTOUTPUT'],
      ),
    ]);
    expect(p.rows.map((r) => r[2])).not.toContain(k.draft.number);
    expect(p.rows.map((r) => r[2])).not.toContain(k.voided.number);
  });

  it('Settings → Exports refuses an unknown tax rate or a blank tax type and keeps what was saved', async () => {
    const before = await okValue(b.api.getExportSettings({}));
    const unknown = await b.api.saveExportSettings({
      xeroSalesAccount: '4000',
      xeroTaxTypes: [{ taxRateId: 999_999, taxType: 'X' }],
      xeroNoTaxType: 'NONE',
    });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error.message).toContain('No tax rate has the id 999999');
    const blank = await b.api.saveExportSettings({ xeroSalesAccount: ' ', xeroTaxTypes: [], xeroNoTaxType: 'NONE' });
    expect(blank.ok).toBe(false);
    if (!blank.ok) expect(blank.error.message).toContain('Enter the Xero account code for sales');
    expect(await okValue(b.api.getExportSettings({}))).toEqual(before);
  });

  it('discounts: each line is written at what it was charged (after its share of the sale discount); IIF balances', async () => {
    const { ids } = b;
    const inv = await okValue(
      b.api.saveInvoice({
        customerId: ids.acme,
        locationId: ids.main,
        invoiceDate: '2026-10-07',
        lines: [
          { ...manual('Cable', 3000, 1_000), discount: { kind: 'amount', value: 100 } },
          manual('Labour', 1000, 3_333),
        ],
        discount: { kind: 'percent', value: 1000 },
      }),
    );
    // Lines 29.00 and 33.33 (subtotal 62.33), 10 % off the sale: 6.23 shared 2.90 / 3.33.
    const qbo = await preview('quickbooks_online');
    expect(qbo.rows.filter((r) => r[0] === inv.number).map((r) => r.slice(6, 10))).toEqual([
      ['Cable', '3', '8.70', '26.10'],
      ['Labour', '1', '30.00', '30.00'],
    ]);
    const blocks = (await fileText('quickbooks_desktop')).split('\r\n').filter((l) => l.includes(inv.number));
    const cents = blocks.reduce((sum, line) => sum + Math.round(Number(line.split('\t')[6]) * 100), 0);
    expect(blocks).toHaveLength(4);
    expect(cents).toBe(0);
  });

  it('plain CSVs: BOM, every invoice with its status, lines with serials, payments, serials; formulas kept as text', async () => {
    const k = await makeKnown(b);
    const invoices = await fileText('invoices_csv');
    expect(
      invoices.startsWith('\uFEFFNumber,Date,Due date,Customer,Email,Status,Terms,Subtotal,Discount,Tax,Total,'),
    ).toBe(true);
    const rows = csvLines(invoices);
    expect(rows).toContain(
      `${k.a.number},2026-10-05,2026-11-04,Acme Corp,accounts@acme.example,Partial,Net 30,` +
        '2527.99,0.00,189.60,2717.59,500.00,2217.59,',
    );
    expect(rows.some((r) => r.startsWith(`${k.draft.number},`) && r.includes(',Draft,'))).toBe(true);
    expect(rows.some((r) => r.startsWith(`${k.voided.number},`) && r.includes(',Void,'))).toBe(true);
    expect(rows).toContain(
      `${k.c.number},2026-10-20,2026-10-20,"'=HYPERLINK(""http://x"")",,Sent,Due on receipt,` +
        "1.00,0.00,0.08,1.08,0.00,1.08,'@SUM(1+1)",
    );

    const lines = csvLines(await fileText('invoice_lines_csv'));
    expect(lines[0]).toBe(
      'Invoice number,Invoice date,Status,Customer,Line,SKU,Description,Quantity,Unit price,' +
        'Discount,Line total,Taxable,Tax rate,Tax rate %,Serial numbers',
    );
    expect(lines).toContain(
      `${k.a.number},2026-10-05,Partial,Acme Corp,1,LAT-5440,Latitude 5440 Laptop,2,1249.00,` +
        '0.00,2498.00,Yes,Sales tax 7.5%,7.5,DL5440-0001; DL5440-0002',
    );
    expect(lines).toContain(
      `${k.c.number},2026-10-20,Sent,"'=HYPERLINK(""http://x"")",1,,'+1 widget,1,1.00,` +
        '0.00,1.00,Yes,Sales tax 7.5%,7.5,',
    );

    const payments = csvLines(await fileText('payments_csv'));
    expect(payments.slice(0, 2)).toEqual([
      '\uFEFFNumber,Date,Customer,Method,Amount,Store credit,Reference,Invoices,Notes'.slice(1),
      `${k.paymentNumber},2026-10-06,Acme Corp,Cash,500.00,0.00,R-1,${k.a.number} 500.00,`,
    ]);

    const serials = await buildExport(serviceCtx(b), october('serials_csv'));
    expect(
      serials.text.startsWith('\uFEFFSerial,Product,SKU,Status,Location,Invoice number,Customer,Received\r\n'),
    ).toBe(true);
    expect(serials.rows).toEqual([
      ['DL5440-0001', 'Latitude 5440 Laptop', 'LAT-5440', 'Sold', 'Main Store', k.a.number, 'Acme Corp', '2026-11-21'],
      ['DL5440-0002', 'Latitude 5440 Laptop', 'LAT-5440', 'Sold', 'Main Store', k.a.number, 'Acme Corp', '2026-11-21'],
    ]);
    expect(serials.counts.serials).toBe(2);
  });

  it('refuses a start date after the end date', async () => {
    const r = await b.api.previewExport({ format: 'xero', from: '2026-10-31', to: '2026-10-01' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('The start date is after the end date.');
  });
});

describe('the export job', () => {
  const finished = async (backend: Backend, format: ExportFormat) => {
    const started: FileJob = await okValue(backend.api.startExport(october(format)));
    expect(started.kind).toBe('export');
    const job = await fileJobEnded(started.jobId);
    expect(job).toMatchObject({ state: 'done', fileName: exportName(format) });
    return await okValue(backend.api.fileJobResult({ jobId: started.jobId }));
  };
  const exportName = (format: ExportFormat) =>
    format === 'quickbooks_desktop'
      ? 'quickbooks-desktop-2026-10-01-to-2026-10-31.iif'
      : 'quickbooks-online-invoices-2026-10-01-to-2026-10-31.csv';

  it("in a worker thread on a file store (its own connection): the bytes are the preview's whole file", async () => {
    const own = await freshBackend({ file: `${tempDir('pos-export-')}/store.sqlite` });
    try {
      await makeKnown(own);
      for (const format of ['quickbooks_online', 'quickbooks_desktop'] as const) {
        const file = await finished(own, format);
        expect(file.mimeType).toBe(format === 'quickbooks_desktop' ? 'application/octet-stream' : 'text/csv');
        const built = await buildExport(serviceCtx(own), october(format));
        expect(Buffer.from(file.base64, 'base64').toString('utf8')).toBe(built.text);
        const previewed = await okValue(own.api.previewExport(october(format)));
        expect(previewed.rows).toEqual(built.rows.slice(0, 20));
        expect(previewed.totalRows).toBe(built.rows.length);
      }
    } finally {
      await own.close();
    }
  });

  it("on the tests' own store (in-memory SQLite: in-process; PostgreSQL: a worker on its own pool)", async () => {
    await makeKnown(b);
    const file = await finished(b, 'quickbooks_online');
    expect(Buffer.from(file.base64, 'base64').toString('utf8')).toBe(await fileText('quickbooks_online'));
  });
});

describe('the bundled export worker (dist/electron/exportWorker.cjs)', () => {
  it('is found beside the main bundle and writes the same file from its own connection', async () => {
    const own = await freshBackend({ file: `${tempDir('pos-export-bundle-')}/store.sqlite` });
    const outdir = path.join(import.meta.dirname, '..', '..', 'test-artifacts', `export-bundle-${process.pid}`);
    const options = mainProcessBundles(path.resolve(import.meta.dirname, '..', '..'), outdir).find((o) =>
      String(o.outfile).endsWith('exportWorker.cjs'),
    )!;
    try {
      await makeKnown(own);
      await build({ ...options, sourcemap: false, logLevel: 'silent' });
      const script = exportWorkerFile(outdir);
      expect(script).toBe(path.join(outdir, 'exportWorker.cjs'));
      const data: ExportWorkerData = {
        location: await storeLocation(serviceCtx(own)),
        range: october('quickbooks_desktop'),
        actor: 'bundle',
        clock: { at: Date.now(), wall: Date.now() },
      };
      const messages: ExportWorkerMessage[] = [];
      await new Promise<void>((resolve, reject) => {
        const thread = new Worker(script, { workerData: data });
        thread.on('message', (m: ExportWorkerMessage) => messages.push(m));
        thread.on('error', reject);
        thread.on('exit', () => resolve());
      });
      expect(messages.some((m) => m.type === 'progress')).toBe(true);
      const last = messages.at(-1)!;
      expect(last.type).toBe('done');
      if (last.type === 'done') {
        expect(last.fileName).toBe('quickbooks-desktop-2026-10-01-to-2026-10-31.iif');
        expect(last.text).toBe((await buildExport(serviceCtx(own), october('quickbooks_desktop'))).text);
      }
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
      await own.close();
    }
  });
});
