// The local REST API (/api/v1) through real HTTP: the web host started on a temp demo store, every endpoint and every
// error called with fetch, as another program would. The desktop's own listener is started on Node too.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiListener, type ApiListenerHandle } from '../../electron/api/listener.ts';
import { startWebHost, type WebHost } from '../../electron/web/server.ts';
import { SMTP_URL_ENV } from '../../db/services/email.ts';
import { freshBackend, okValue, tempDir, type Backend, type DemoIds } from '../support/backend.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';

let b: Backend;
let ids: DemoIds;
let host: WebHost;
let key: string;
beforeEach(async () => {
  b = await freshBackend();
  ids = b.ids;
  const staticDir = tempDir();
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>POS</title>');
  host = await startWebHost({ ctx: b.ctx, staticDir, port: 0 });
  key = (await okValue(b.api.createApiKey({ name: 'Zapier' }))).secret;
});
afterEach(async () => {
  await host.close();
  await b.close();
});

type Json = Record<string, any>;

async function api(
  method: string,
  route: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Json; headers: Headers }> {
  const response = await fetch(`${host.url}api/v1${route}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Json) : {}, headers: response.headers };
}

/** The seed's example: 500.00 × 1 and 125.00 × 2, both taxable (7.5 % by default). */
const seedExample = {
  customer_id: 0,
  date: '2026-11-21',
  due_date: '2026-12-21',
  notes: 'From the shop website',
  line_items: [
    { name: 'Repair', quantity: 1, price: 500.0, taxable: true },
    { name: 'Parts', quantity: 2, price: 125.0, taxable: true },
  ],
};

describe('the REST API', () => {
  it('round-trips the seed example: a Draft with subtotal 750.0, tax 56.25, total 806.25, balance 806.25', async () => {
    const created = await api('POST', '/invoices', { ...seedExample, customer_id: ids.acme });
    expect(created.status).toBe(201);
    const invoice = created.json.invoice;
    expect(invoice).toMatchObject({
      number: 'INV-000001',
      customer_id: ids.acme,
      date: '2026-11-21',
      due_date: '2026-12-21',
      status: 'draft',
      subtotal: 750,
      tax: 56.25,
      total: 806.25,
      balance: 806.25,
      notes: 'From the shop website',
      terms: expect.any(String),
      created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(invoice.line_items).toEqual([
      expect.objectContaining({ name: 'Repair', quantity: 1, price: 500, taxable: true, total: 500, tax_rate: 7.5 }),
      expect.objectContaining({ name: 'Parts', quantity: 2, price: 125, taxable: true, total: 250 }),
    ]);

    const read = await api('GET', `/invoices/${invoice.id}`);
    expect(read.status).toBe(200);
    expect(read.json.invoice).toMatchObject({ subtotal: 750, tax: 56.25, total: 806.25, balance: 806.25 });
    expect(read.json.invoice.customer).toMatchObject({ id: ids.acme, name: 'Acme Corp' });
    expect(read.json.invoice.payments).toEqual([]);
    // The store computed and kept it: the app reads the same invoice.
    const inApp = await okValue(b.api.getInvoice({ id: invoice.id }));
    expect(inApp).toMatchObject({ totalMinor: 80_625, taxMinor: 5_625, status: 'draft' });
    // History records the key as who acted.
    const row = await b.one<{ cashier: string }>('SELECT cashier FROM invoices WHERE id = ?', invoice.id);
    expect(row.cashier).toBe('API key "Zapier"');
  });

  it('lists invoices 25 a page with meta, filtered by customer, status and dates', async () => {
    for (let i = 0; i < 27; i++) {
      await okValue(
        b.api.saveInvoice({
          customerId: i < 3 ? ids.acme : ids.walkIn,
          locationId: ids.main,
          invoiceDate: i < 5 ? '2026-10-01' : '2026-11-01',
          draft: i % 2 === 0,
          lines: [
            { productId: null, description: 'Labour', qty: 1000, unitPriceMinor: 1000, taxable: false, serialIds: [] },
          ],
        }),
      );
    }
    const first = await api('GET', '/invoices');
    expect(first.status).toBe(200);
    expect(first.json.invoices).toHaveLength(25);
    expect(first.json.meta).toEqual({ total_pages: 2, total_entries: 27, page: 1, per_page: 25 });
    expect(first.json.invoices[0]).toMatchObject({
      total: 10,
      balance: expect.any(Number),
      line_items: [expect.anything()],
    });
    const second = await api('GET', '/invoices?page=2');
    expect(second.json.invoices).toHaveLength(2);
    expect(second.json.meta).toMatchObject({ total_pages: 2, page: 2 });

    const acme = await api('GET', `/invoices?customer_id=${ids.acme}`);
    expect(acme.json.meta.total_entries).toBe(3);
    expect(acme.json.invoices.every((i: Json) => i.customer_id === ids.acme)).toBe(true);
    const drafts = await api('GET', '/invoices?status=draft');
    expect(drafts.json.meta.total_entries).toBe(14);
    expect(drafts.json.invoices.every((i: Json) => i.status === 'draft')).toBe(true);
    const october = await api('GET', '/invoices?date_from=2026-10-01&date_to=2026-10-31');
    expect(october.json.meta.total_entries).toBe(5);
    expect(october.json.invoices.every((i: Json) => i.date === '2026-10-01')).toBe(true);

    for (const bad of ['?page=0', '?page=x', '?status=lost', '?customer_id=-1', '?date_from=yesterday']) {
      const refused = await api('GET', `/invoices${bad}`);
      expect(refused.status, bad).toBe(400);
      expect(refused.json.error).toBe('Invalid parameters');
      expect(refused.json.errors.length).toBeGreaterThan(0);
    }
  });

  it('answers 400 naming the field for a date that is not a real day, on both date filters', async () => {
    for (const [query, field] of [
      ['date_from=2024-02-30', 'date_from'],
      ['date_to=2023-02-29', 'date_to'],
      ['date_from=2024-13-45', 'date_from'],
    ] as const) {
      const refused = await api('GET', `/invoices?${query}`);
      expect(refused.status, query).toBe(400);
      expect(refused.json).toEqual({ error: 'Invalid parameters', errors: [`${field}: a real calendar date`] });
    }
    expect((await api('GET', '/invoices?date_from=2024-02-29')).status).toBe(200);
    // In a body too: a month 13 is refused with a message, not a failure.
    const body = await api('POST', '/invoices', { ...seedExample, customer_id: ids.acme, date: '2024-13-45' });
    expect(body.status).toBe(422);
    expect(body.json.errors).toEqual(['date must be a real calendar date']);
  });

  it('answers a page past the last with no rows and the real meta, however far past', async () => {
    for (const page of ['3', '9999999', '4000002', '999999999999999']) {
      const invoices = await api('GET', `/invoices?page=${page}`);
      expect(invoices.status, page).toBe(200);
      expect(invoices.json).toEqual({
        invoices: [],
        meta: { total_pages: 1, total_entries: 0, page: Number(page), per_page: 25 },
      });
      const products = await api('GET', `/products?page=${page}`);
      expect(products.status, page).toBe(200);
      expect(products.json.products).toEqual([]);
      expect(products.json.meta).toMatchObject({ page: Number(page), per_page: 25 });
      expect(products.json.meta.total_entries).toBeGreaterThan(3);
    }
  });

  it('ignores query parameters it does not know (per_page, sort), as Syncro clients send them', async () => {
    await api('POST', '/invoices', { ...seedExample, customer_id: ids.acme });
    const listed = await api('GET', '/invoices?per_page=100&sort=x&foo=1');
    expect(listed.status).toBe(200);
    expect(listed.json.meta).toMatchObject({ total_entries: 1, per_page: 25 });
    expect((await api('GET', '/products?per_page=50&query=LAT-5440')).json.products).toHaveLength(1);
    expect((await api('GET', '/customers?foo=1&query=acme')).json.customers).toHaveLength(1);
    expect((await api('GET', '/serials/DL5440-0003?foo=1')).status).toBe(200);
    // Bodies stay strict.
    const body = await api('POST', '/invoices', { ...seedExample, customer_id: ids.acme, per_page: 1 });
    expect(body.status).toBe(422);
    expect(body.json.errors).toEqual(['Unknown field: per_page']);
  });

  it('takes serial numbers on line items, needs them on serial-tracked lines, and refuses a sold unit', async () => {
    const laptopLine = (serials?: string[]) => ({
      name: 'Latitude 5440',
      quantity: 1,
      price: 1299.99,
      taxable: true,
      product_id: ids.laptop,
      ...(serials ? { serial_numbers: serials } : {}),
    });
    const created = await api('POST', '/invoices', {
      customer_id: ids.acme,
      date: '2026-11-21',
      line_items: [laptopLine(['DL5440-0001'])],
    });
    expect(created.status).toBe(201);
    expect(created.json.invoice.line_items[0]).toMatchObject({
      product_id: ids.laptop,
      serial_numbers: ['DL5440-0001'],
    });
    const read = await api('GET', `/invoices/${created.json.invoice.id}`);
    expect(read.json.invoice.line_items[0].serial_numbers).toEqual(['DL5440-0001']);

    const missing = await api('POST', '/invoices', {
      customer_id: ids.acme,
      date: '2026-11-21',
      line_items: [laptopLine()],
    });
    expect(missing.status).toBe(422);
    expect(missing.json).toMatchObject({ error: 'Validation failed' });
    expect(missing.json.errors).toEqual(['Capture serials before saving: Latitude 5440 Laptop (0/1).']);

    // DL5440-0002 sold in the app; the API may not sell it again.
    const sold = await okValue(
      b.api.saveInvoice({
        customerId: ids.walkIn,
        locationId: ids.main,
        invoiceDate: '2026-11-21',
        lines: [
          {
            productId: ids.laptop,
            description: 'Laptop',
            qty: 1000,
            unitPriceMinor: 100_000,
            taxable: true,
            serialIds: [ids.serial('DL5440-0002')],
          },
        ],
      }),
    );
    const again = await api('POST', '/invoices', {
      customer_id: ids.acme,
      date: '2026-11-21',
      line_items: [laptopLine(['DL5440-0002'])],
    });
    expect(again.status).toBe(422);
    expect(again.json.errors[0]).toBe(`Not saved: DL5440-0002 is already sold on ${sold.number}.`);
    const unknown = await api('POST', '/invoices', {
      customer_id: ids.acme,
      date: '2026-11-21',
      line_items: [laptopLine(['NO-SUCH-UNIT'])],
    });
    expect(unknown.status).toBe(422);
    expect(unknown.json.errors[0]).toMatch(/no unit with serial NO-SUCH-UNIT/);
    expect((await b.one<{ n: number }>('SELECT count(*) AS n FROM invoices')).n).toBe(2);
  });

  it('refuses a body without customer_id or date with the seed messages, and malformed JSON with 400', async () => {
    const none = await api('POST', '/invoices', { line_items: seedExample.line_items });
    expect(none.status).toBe(422);
    expect(none.json).toEqual({ error: 'Validation failed', errors: ['customer_id is required', 'date is required'] });
    const badLine = await api('POST', '/invoices', {
      customer_id: ids.acme,
      date: '2026-11-21',
      line_items: [{ name: 'X', quantity: 0, price: 1 }],
    });
    expect(badLine.json.errors).toEqual(['line_items[0].quantity must be above 0']);
    const unknownCustomer = await api('POST', '/invoices', { ...seedExample, customer_id: 999_999 });
    expect(unknownCustomer.status).toBe(422);
    expect(unknownCustomer.json.errors).toEqual(['No customer with id 999999.']);
    const malformed = await api('POST', '/invoices', '{"customer_id": ');
    expect(malformed.status).toBe(400);
    expect(malformed.json).toMatchObject({ error: 'Invalid parameters' });
    const notObject = await api('POST', '/invoices', '[1,2]');
    expect(notObject.status).toBe(400);
    expect((await b.one<{ n: number }>('SELECT count(*) AS n FROM invoices')).n).toBe(0);
  });

  it('updates notes, due date and terms; sent, viewed and void; a paid invoice cannot be modified', async () => {
    const { invoice } = (await api('POST', '/invoices', { ...seedExample, customer_id: ids.acme })).json;
    const edited = await api('PUT', `/invoices/${invoice.id}`, { notes: 'Call first', due_date: '2027-01-05' });
    expect(edited.status).toBe(200);
    expect(edited.json.invoice).toMatchObject({ notes: 'Call first', due_date: '2027-01-05', status: 'draft' });
    const viewedDraft = await api('PUT', `/invoices/${invoice.id}`, { status: 'viewed' });
    expect(viewedDraft.status).toBe(422);
    expect(viewedDraft.json.errors[0]).toMatch(/is a draft: it has not been sent/);
    const sent = await api('PUT', `/invoices/${invoice.id}`, { status: 'sent', notes: 'Sent by the API' });
    expect(sent.json.invoice).toMatchObject({ status: 'sent', notes: 'Sent by the API' });
    const viewed = await api('PUT', `/invoices/${invoice.id}`, { status: 'viewed' });
    expect(viewed.json.invoice.status).toBe('viewed');

    // Paid: nothing may change it.
    const paid = await api('POST', `/invoices/${invoice.id}/payments`, { amount: 806.25, payment_method: 'cash' });
    expect(paid.json.invoice).toMatchObject({ status: 'paid', balance: 0 });
    const locked = await api('PUT', `/invoices/${invoice.id}`, { notes: 'Too late' });
    expect(locked.status).toBe(422);
    expect(locked.json).toMatchObject({ error: 'Validation failed', errors: ['Cannot modify paid invoice'] });
    expect((await api('GET', `/invoices/${invoice.id}`)).json.invoice.notes).toBe('Sent by the API');

    // Void (a second invoice without payments); an edit and a status change are one transaction.
    const other = (await api('POST', '/invoices', { ...seedExample, customer_id: ids.acme })).json.invoice;
    const half = await api('PUT', `/invoices/${other.id}`, { notes: 'Not kept', status: 'viewed' });
    expect(half.status).toBe(422);
    expect((await api('GET', `/invoices/${other.id}`)).json.invoice.notes).toBe(seedExample.notes);
    const voided = await api('PUT', `/invoices/${other.id}`, { status: 'void' });
    expect(voided.json.invoice.status).toBe('void');
    expect((await api('PUT', `/invoices/${other.id}`, { status: 'lost' })).status).toBe(422);
    expect((await api('PUT', `/invoices/${other.id}`, {})).json.errors).toEqual([
      'Give notes, due_date, terms or status to change',
    ]);
  });

  it('adds line items and takes payments by method name; a payment above the balance is refused', async () => {
    const { invoice } = (await api('POST', '/invoices', { ...seedExample, customer_id: ids.acme })).json;
    const added = await api('POST', `/invoices/${invoice.id}/line_items`, {
      name: 'Cable',
      quantity: 1,
      price: 10,
      taxable: false,
      product_id: ids.cable,
    });
    expect(added.status).toBe(201);
    expect(added.json.line_item).toMatchObject({ name: 'Cable', product_id: ids.cable, total: 10 });
    expect(added.json.invoice).toMatchObject({ subtotal: 760, total: 816.25 });
    expect(added.json.invoice.line_items).toHaveLength(3);
    await api('PUT', `/invoices/${invoice.id}`, { status: 'sent' });

    const payment = await api('POST', `/invoices/${invoice.id}/payments`, {
      amount: 16.25,
      payment_method: 'CREDIT card',
      reference: 'AUTH-123',
      date: '2026-11-22',
      notes: 'Deposit',
    });
    expect(payment.json).toMatchObject({ payment: expect.anything() });
    expect(payment.status).toBe(201);
    expect(payment.json.payment).toMatchObject({
      invoice_id: invoice.id,
      amount: 16.25,
      payment_method: 'Credit Card',
      reference: 'AUTH-123',
      date: '2026-11-22',
    });
    expect(payment.json.invoice).toMatchObject({ status: 'partial', paid: 16.25, balance: 800 });

    const over = await api('POST', `/invoices/${invoice.id}/payments`, { amount: 800.01, payment_method: 'Cash' });
    expect(over.status).toBe(422);
    expect(over.json).toMatchObject({ error: 'Validation failed', errors: ['Payment exceeds balance'] });
    expect(over.json.message).toMatch(/^Payment exceeds balance \(balance/);
    const noMethod = await api('POST', `/invoices/${invoice.id}/payments`, { amount: 1, payment_method: 'Bitcoin' });
    expect(noMethod.json.errors[0]).toMatch(/^No payment method named “Bitcoin”/);
    const cents = await api('POST', `/invoices/${invoice.id}/payments`, { amount: 1.001, payment_method: 'Cash' });
    expect(cents.json.errors).toEqual(['amount has more than 2 decimals']);
    expect((await api('POST', `/invoices/${invoice.id}/payments`, {})).json.errors).toEqual([
      'amount is required',
      'payment_method is required',
    ]);
    expect((await okValue(b.api.getInvoice({ id: invoice.id }))).balanceMinor).toBe(80_000);
    const read = await api('GET', `/invoices/${invoice.id}`);
    expect(read.json.invoice.payments).toEqual([expect.objectContaining({ amount: 16.25, reference: 'AUTH-123' })]);
  });

  it('pays a Draft as Syncro clients do (create → pay): finalised in the payment’s transaction', async () => {
    const laptop = { name: 'Latitude 5440', quantity: 1, price: 1000, taxable: false, product_id: ids.laptop };
    const draft = (
      await api('POST', '/invoices', {
        customer_id: ids.acme,
        date: '2026-11-21',
        line_items: [{ ...laptop, serial_numbers: ['DL5440-0001'] }],
      })
    ).json.invoice;
    expect(draft.status).toBe('draft');
    const unitBefore = (await api('GET', '/serials/DL5440-0001')).json.serial.status;
    expect(unitBefore).not.toBe('sold');

    // Refused (more than the balance): nothing happens, it stays a Draft and its unit is not sold.
    const over = await api('POST', `/invoices/${draft.id}/payments`, { amount: 1000.01, payment_method: 'Cash' });
    expect(over.status).toBe(422);
    expect(over.json).toMatchObject({ error: 'Validation failed', errors: ['Payment exceeds balance'] });
    expect((await api('GET', `/invoices/${draft.id}`)).json.invoice).toMatchObject({ status: 'draft', payments: [] });
    expect((await api('GET', '/serials/DL5440-0001')).json.serial.status).toBe(unitBefore);

    const paid = await api('POST', `/invoices/${draft.id}/payments`, { amount: 400, payment_method: 'cash' });
    expect(paid.status).toBe(201);
    expect(paid.json.payment).toMatchObject({ invoice_id: draft.id, amount: 400, payment_method: 'Cash' });
    expect(paid.json.invoice).toMatchObject({ number: draft.number, status: 'partial', paid: 400, balance: 600 });
    expect((await api('GET', '/serials/DL5440-0001')).json.serial).toMatchObject({
      status: 'sold',
      invoice: { id: draft.id, number: draft.number },
    });
    const inApp = await okValue(b.api.getInvoice({ id: draft.id }));
    expect(inApp).toMatchObject({ status: 'partial', paidMinor: 40_000 });
  });

  it('answers a payment on a paid invoice as the seed does: 422 "Payment exceeds balance"', async () => {
    const { invoice } = (await api('POST', '/invoices', { ...seedExample, customer_id: ids.acme })).json;
    expect((await api('PUT', `/invoices/${invoice.id}`, { status: 'sent' })).status).toBe(200);
    expect(
      (await api('POST', `/invoices/${invoice.id}/payments`, { amount: 806.25, payment_method: 'Cash' })).status,
    ).toBe(201);
    const again = await api('POST', `/invoices/${invoice.id}/payments`, { amount: 1, payment_method: 'Cash' });
    expect(again.status).toBe(422);
    expect(again.json).toEqual({
      error: 'Validation failed',
      errors: ['Payment exceeds balance'],
      message: `${invoice.number} is already paid: nothing is owed.`,
    });
    expect((await okValue(b.api.getInvoice({ id: invoice.id }))).payments).toHaveLength(1);
  });

  it('refuses a line with more serial numbers than its quantity, saying so', async () => {
    const line = {
      name: 'Latitude 5440',
      quantity: 1,
      price: 1000,
      product_id: ids.laptop,
      serial_numbers: ['DL5440-0001', 'DL5440-0002'],
    };
    const created = await api('POST', '/invoices', { customer_id: ids.acme, date: '2026-11-21', line_items: [line] });
    expect(created.status).toBe(422);
    expect(created.json).toEqual({
      error: 'Validation failed',
      errors: ['line_items[0]: 2 serial numbers for a quantity of 1.'],
    });
    const { invoice } = (await api('POST', '/invoices', { ...seedExample, customer_id: ids.acme })).json;
    const added = await api('POST', `/invoices/${invoice.id}/line_items`, { ...line, quantity: 0.5 });
    expect(added.status).toBe(422);
    expect(added.json.errors).toEqual(['line_item: 2 serial numbers for a quantity of 0.5.']);
    expect((await b.one<{ n: number }>('SELECT count(*) AS n FROM invoices')).n).toBe(1);
    expect((await api('GET', `/invoices/${invoice.id}`)).json.invoice.line_items).toHaveLength(2);
  });

  it('answers the PDF and e-mails the invoice through the app', async () => {
    const { invoice } = (await api('POST', '/invoices', { ...seedExample, customer_id: ids.acme })).json;
    const pdf = await fetch(`${host.url}api/v1/invoices/${invoice.id}/pdf`, {
      headers: { Authorization: `Bearer ${key}` },
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');

    const saved = process.env[SMTP_URL_ENV];
    let smtp: TestSmtp | null = null;
    try {
      smtp = await startSmtp();
      process.env[SMTP_URL_ENV] = smtp.url;
      const email = await api('POST', `/invoices/${invoice.id}/email`, {
        to: 'ap@acme.example',
        cc: 'boss@acme.example',
        subject: 'Your invoice',
        message: 'Thanks!',
      });
      expect(email.status).toBe(200);
      expect(email.json).toMatchObject({ sent: true, email: { to: 'ap@acme.example', subject: 'Your invoice' } });
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]).toMatchObject({
        to: 'ap@acme.example',
        cc: 'boss@acme.example',
        subject: 'Your invoice',
      });
      expect((await api('GET', `/invoices/${invoice.id}`)).json.invoice.status).toBe('sent');
      const badTo = await api('POST', `/invoices/${invoice.id}/email`, { to: 'not an address' });
      expect(badTo.status).toBe(422);
    } finally {
      await smtp?.close();
      if (saved === undefined) delete process.env[SMTP_URL_ENV];
      else process.env[SMTP_URL_ENV] = saved;
    }
  });

  it('finds customers, products and a unit by its serial with its history', async () => {
    const customers = await api('GET', '/customers?query=acme');
    expect(customers.status).toBe(200);
    expect(customers.json.customers).toEqual([expect.objectContaining({ id: ids.acme, name: 'Acme Corp' })]);
    const products = await api('GET', '/products?query=LAT-5440');
    expect(products.json.products).toEqual([
      expect.objectContaining({ id: ids.laptop, sku: 'LAT-5440', serialized: true, quantity: 4 }),
    ]);
    expect(products.json.meta).toMatchObject({ total_entries: 1, total_pages: 1, page: 1 });
    expect((await api('GET', '/products')).json.products.length).toBeGreaterThan(3);

    const unit = await api('GET', '/serials/DL5440-0003');
    expect(unit.status).toBe(200);
    expect(unit.json.serial).toMatchObject({
      serial: 'DL5440-0003',
      status: 'in_stock',
      product_id: ids.laptop,
      location_name: 'Main Store',
      condition_notes: 'Open box - minor scuff',
    });
    expect(unit.json.history[0]).toMatchObject({ kind: 'received' });
    const missing = await api('GET', '/serials/NOPE-1');
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ error: 'Not found' });
  });

  it('answers 404 for unknown invoices and routes, 405 for a wrong method', async () => {
    for (const route of ['/invoices/999999', '/invoices/abc', '/invoices/999999/pdf']) {
      const r = await api('GET', route);
      expect(r.status, route).toBe(404);
      expect(r.json).toEqual({ error: 'Invoice not found', errors: ['Invoice not found'] });
    }
    expect((await api('POST', '/invoices/999999/payments', { amount: 1, payment_method: 'Cash' })).status).toBe(404);
    expect((await api('PUT', '/invoices/999999', { notes: 'x' })).json.error).toBe('Invoice not found');
    const unknown = await api('GET', '/nothing/here');
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toBe('Not found');
    expect((await api('DELETE', '/invoices')).status).toBe(405);
  });

  it('needs an API key: none, a wrong one, a revoked one and the web host’s session token are 401', async () => {
    const noKey = await fetch(`${host.url}api/v1/invoices`);
    expect(noKey.status).toBe(401);
    expect(noKey.headers.get('www-authenticate')).toBe('Bearer');
    expect(await noKey.json()).toMatchObject({ error: 'Unauthorized' });
    expect((await api('GET', '/invoices', undefined, { Authorization: 'Bearer cpos_wrong' })).status).toBe(401);
    expect((await api('GET', '/invoices', undefined, { Authorization: key })).status).toBe(401);
    const session = await api('GET', '/invoices', undefined, { Authorization: `Bearer ${host.token}` });
    expect(session.status).toBe(401);
    expect(session.json.error).toBe('Unauthorized');

    expect((await api('GET', '/invoices')).status).toBe(200);
    const keys = await okValue(b.api.listApiKeys({}));
    expect(keys[0]).toMatchObject({ name: 'Zapier', revokedAt: null, lastUsedAt: expect.any(String) });
    expect(key.startsWith(keys[0]!.prefix)).toBe(true);
    // Only the hash is kept.
    const stored = await b.all<Record<string, unknown>>('SELECT * FROM api_keys');
    expect(JSON.stringify(stored)).not.toContain(key);
    await okValue(b.api.revokeApiKey({ id: keys[0]!.id }));
    expect((await api('GET', '/invoices')).status).toBe(401);
    // The web host's own routes still want its token, not a key.
    const contract = await fetch(`${host.url}api/appInfo`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(contract.status).toBe(401);
  });

  it('rate-limits each key: a burst above 20 calls is answered 429 "Rate limited"', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 30 }, () => api('GET', '/customers').then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(20);
    expect(statuses).toContain(429);
    const limited = await api('GET', '/customers');
    expect(limited.status).toBe(429);
    expect(limited.json).toMatchObject({ error: 'Rate limited' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another key has its own bucket.
    const other = (await okValue(b.api.createApiKey({ name: 'Other' }))).secret;
    expect((await api('GET', '/customers', undefined, { Authorization: `Bearer ${other}` })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await api('GET', '/customers')).status).toBe(200);
  });

  it('rate-limits calls without a valid key per address: above a burst of 20 they are 429 before any lookup', async () => {
    // Good calls give their address's token back: they never use up what failed calls may spend.
    for (let i = 0; i < 15; i++) expect((await api('GET', '/customers')).status).toBe(200);
    const wrong = { Authorization: 'Bearer cpos_wrong' };
    const guesses = await Promise.all(
      Array.from({ length: 20 }, () => api('GET', '/invoices', undefined, wrong).then((r) => r.status)),
    );
    expect(guesses).toEqual(Array.from({ length: 20 }, () => 401));
    const limited = await api('GET', '/invoices', undefined, wrong);
    expect(limited.status).toBe(429);
    expect(limited.json).toMatchObject({ error: 'Rate limited' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const noKey = await fetch(`${host.url}api/v1/invoices`);
    expect(noKey.status).toBe(429);
    // The OpenAPI document needs no key and is not limited; a token comes back within a tenth of a second.
    expect((await fetch(`${host.url}api/v1/openapi.json`)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await api('GET', '/invoices', undefined, wrong)).status).toBe(401);
    expect((await api('GET', '/customers')).status).toBe(200);
  });

  it('serves an OpenAPI 3.1 document of every path, generated from the schemas that validate', async () => {
    const response = await fetch(`${host.url}api/v1/openapi.json`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as Json;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/customers',
        '/invoices',
        '/invoices/{id}',
        '/invoices/{id}/email',
        '/invoices/{id}/line_items',
        '/invoices/{id}/payments',
        '/invoices/{id}/pdf',
        '/openapi.json',
        '/products',
        '/serials/{serial}',
      ].sort(),
    );
    expect(Object.keys(doc.paths['/invoices'])).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/invoices/{id}'])).toEqual(expect.arrayContaining(['get', 'put']));
    const create = doc.components.schemas.InvoiceCreate;
    expect(create.required).toEqual(['customer_id', 'date', 'line_items']);
    expect(create.properties.line_items.items.required).toEqual(['name', 'quantity', 'price']);
    expect(doc.components.schemas.InvoiceUpdate.properties.status.enum).toEqual(['void', 'sent', 'viewed']);
    expect(doc.paths['/invoices'].get.parameters.map((p: Json) => p.name)).toEqual([
      'customer_id',
      'status',
      'date_from',
      'date_to',
      'page',
    ]);
    expect(doc.paths['/invoices/{id}/payments'].post.description).toMatch(
      /A Draft .* is finalised first.*one transaction: a refused payment leaves the Draft a Draft/,
    );
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
});

describe('the desktop API listener', () => {
  let listener: ApiListenerHandle | null = null;
  afterEach(async () => {
    await listener?.close();
    listener = null;
  });

  it('is off until Settings → API turns it on, answers on 127.0.0.1 at the port, moves and stops', async () => {
    const port = await freePort();
    listener = createApiListener(() => b.ctx);
    const ctx = { ...b.ctx, apiListener: listener };
    expect(await okValue(b.api.getApiSettings({}))).toMatchObject({ enabled: false, port: 5858, lan: false });
    expect(listener.listening()).toBe('');

    const { dispatch } = await import('../../electron/dispatch.ts');
    const on = await dispatch(ctx, 'saveApiSettings', { enabled: true, port, lan: false });
    expect(on).toMatchObject({
      ok: true,
      value: { enabled: true, port, listening: `http://127.0.0.1:${port}/api/v1` },
    });
    const answer = await fetch(`http://127.0.0.1:${port}/api/v1/customers?query=acme`, {
      headers: { Authorization: `Bearer ${key}` },
    });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as Json).customers[0].name).toBe('Acme Corp');
    expect((await fetch(`http://127.0.0.1:${port}/api/v1/customers`)).status).toBe(401);

    // A port another program holds: the save is refused with why, and nothing is saved.
    const busy = await startWebHost({ ctx: b.ctx, staticDir: tempDir(), port: 0 });
    try {
      const refused = await dispatch(ctx, 'saveApiSettings', { enabled: true, port: busy.port, lan: false });
      expect(refused).toMatchObject({
        ok: false,
        error: { message: `Port ${busy.port} is in use by another program: choose another port.` },
      });
      expect(await okValue(b.api.getApiSettings({}))).toMatchObject({ port });
      // It still answers where it was.
      expect(listener.listening()).toBe(`http://127.0.0.1:${port}/api/v1`);
      expect((await fetch(`http://127.0.0.1:${port}/api/v1/openapi.json`)).status).toBe(200);
    } finally {
      await busy.close();
    }

    const off = await dispatch(ctx, 'saveApiSettings', { enabled: false, port, lan: false });
    expect(off).toMatchObject({ ok: true, value: { enabled: false, listening: '' } });
    await expect(fetch(`http://127.0.0.1:${port}/api/v1/openapi.json`)).rejects.toThrow();
  });

  it('browser mode says the API answers on the host’s own address under /api/v1', async () => {
    const settings = await okValue(b.api.getApiSettings({}));
    expect(settings.listening).toBe('');
    b.ctx.webUrl = host.url;
    expect((await okValue(b.api.getApiSettings({}))).listening).toBe(`${host.url}api/v1`);
  });
});

async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('npm run api-key', () => {
  it('prints a new key that the API takes, lists it, and revokes it', async () => {
    const { execFile } = await import('node:child_process');
    const run = (...args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(process.execPath, ['scripts/api-key.ts', ...args], (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
        );
      });
    const file = path.join(tempDir(), 'pos.db');
    const store = await freshBackend({ file });
    const web = await startWebHost({ ctx: store.ctx, staticDir: tempDir(), port: 0 });
    try {
      const made = await run('create', '--db', file, '--name', 'Script');
      expect(made.code).toBe(0);
      const secret = made.stdout.trim();
      expect(secret).toMatch(/^cpos_[A-Za-z0-9_-]{43}$/);
      expect(made.stderr).toContain('shown only now');
      const call = () =>
        fetch(`${web.url}api/v1/customers?query=acme`, { headers: { Authorization: `Bearer ${secret}` } });
      expect((await call()).status).toBe(200);

      const listed = await run('list', '--db', file);
      expect(listed.stdout).toMatch(/^\d+\tScript\tcpos_/m);
      expect(listed.stdout).not.toContain(secret);
      const id = /^(\d+)\tScript/m.exec(listed.stdout)![1]!;
      expect((await run('revoke', '--db', file, '--id', id)).stdout).toContain('Revoked the API key "Script"');
      expect((await call()).status).toBe(401);

      const refused = await run('create', '--db', path.join(tempDir(), 'none.db'), '--name', 'X');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('There is no data file at');
      expect((await run('create', '--db', file)).code).toBe(2);
    } finally {
      await web.close();
      await store.close();
    }
  });
});
