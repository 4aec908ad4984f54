// The local REST API (/api/v1), in the shape of the seed's invoice API: snake_case fields, decimal amounts, invoices
// wrapped as {"invoice": …}. Each endpoint is a thin map onto the app's own contract calls through dispatch, so the
// validation, the transactions and the rules (serials, totals, paid invoices) are exactly the app's. Callers
// authenticate with an API key (Settings → API) and are rate-limited per key (calls without a valid key: per
// address); they act as `API key "<name>"`.
import type http from 'node:http';
import type { z } from 'zod';
import type { InputOf, MethodName, ResultOf } from '../../core/contract.ts';
import type { AppErrorValue } from '../../core/errors.ts';
import type { Invoice, InvoiceLine, InvoicePayment, SerialEvent } from '../../core/model.ts';
import { currencyDigits, QTY_SCALE } from '../../core/money.ts';
import { verifyApiKey } from '../../db/services/apiKeys.ts';
import { customerById, invoiceHeaders } from '../../db/services/apiReads.ts';
import { inWriteTransaction } from '../../db/services/context.ts';
import { API_BASE_PATH } from '../apiKeyHandlers.ts';
import { dispatch } from '../dispatch.ts';
import type { HandlerCtx } from '../handlers.ts';
import { openApiDocument } from './openapi.ts';
import {
  emailInput,
  invoiceCreateInput,
  invoiceListQuery,
  invoiceUpdateInput,
  lineItemInput,
  paymentInput,
  searchQuery,
  serialQuery,
  type InvoiceOutput,
  MAX_OFFSET,
  type LineItemInput,
  type LineItemOutput,
  type PaymentOutput,
  type SerialEventOutput,
} from './schemas.ts';

export const PER_PAGE = 25;
/** Default: 10 calls a second per key, with bursts of 20; as many failed authentications per remote address. */
export const DEFAULT_RATE = { perSecond: 10, burst: 20 };
const MAX_BODY = 1024 * 1024;

export interface ApiHandlerOptions {
  /** The host's context (the store, the clock, the PDF renderer); calls act as the key, never as a session. */
  ctx: () => HandlerCtx;
  rate?: { perSecond: number; burst: number };
}

/** Answers one request under /api/v1 (the caller checked the path). */
export type ApiHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

/** True for /api/v1 and everything under it. */
export const isApiPath = (pathname: string): boolean =>
  pathname === API_BASE_PATH || pathname.startsWith(`${API_BASE_PATH}/`);

/** A refusal as the API answers it: the status, the seed's title, and what was wrong. */
class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly errors: string[];
  readonly detail: string | undefined;
  constructor(status: number, title: string, errors: string[] = [], detail?: string) {
    super(title);
    this.status = status;
    this.title = title;
    this.errors = errors;
    this.detail = detail;
  }
}
const notFound = (what = 'Not found') => new ApiError(404, what, [what]);
const invalidParameters = (errors: string[]) => new ApiError(400, 'Invalid parameters', errors);
const validationFailed = (errors: string[], detail?: string) => new ApiError(422, 'Validation failed', errors, detail);

/** The seed's messages for the app's refusals that say the same thing at more length. */
const SEED_MESSAGES = ['Cannot modify paid invoice', 'Payment exceeds balance'];

function refusal(error: AppErrorValue): ApiError {
  switch (error.code) {
    case 'unknown_method':
    case 'internal':
      return new ApiError(500, 'Internal error', [error.message]);
    case 'unreachable':
    case 'disk_full':
    case 'read_only':
      return new ApiError(503, 'Service unavailable', [error.message]);
    default: {
      const seed = SEED_MESSAGES.find((m) => error.message.startsWith(m));
      return seed ? validationFailed([seed], error.message) : validationFailed([error.message]);
    }
  }
}

/** Token buckets by name: `burst` calls at once, refilled at `perSecond`. */
function rateLimiter(rate: { perSecond: number; burst: number }) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refilled = (name: string, now: number) => {
    const bucket = buckets.get(name) ?? { tokens: rate.burst, at: now };
    bucket.tokens = Math.min(rate.burst, bucket.tokens + ((now - bucket.at) / 1000) * rate.perSecond);
    bucket.at = now;
    return bucket;
  };
  return {
    /** Takes a token: 0, or the ms until a call is allowed again. */
    take(name: string): number {
      const now = performance.now();
      if (buckets.size > 10_000) {
        // Many addresses over time: forget the buckets that are full again (they start full anyway).
        for (const n of buckets.keys()) if (refilled(n, now).tokens >= rate.burst) buckets.delete(n);
      }
      const bucket = refilled(name, now);
      buckets.set(name, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.ceil(((1 - bucket.tokens) / rate.perSecond) * 1000);
    },
    /** Gives back a token taken for a call that turned out not to count. */
    refund(name: string): void {
      const bucket = buckets.get(name);
      if (bucket) bucket.tokens = Math.min(rate.burst, bucket.tokens + 1);
    },
  };
}

const rateLimited = (res: http.ServerResponse, wait: number, why: string) => {
  res.setHeader('Retry-After', String(Math.max(1, Math.ceil(wait / 1000))));
  return new ApiError(429, 'Rate limited', [why]);
};

export function createApiHandler(options: ApiHandlerOptions): ApiHandler {
  const limit = rateLimiter(options.rate ?? DEFAULT_RATE);
  return async (req, res) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    try {
      await answer(req, res);
    } catch (error) {
      if (res.headersSent) return void res.destroy();
      if (error instanceof ApiError) {
        if (error.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
        return sendJson(res, error.status, {
          error: error.title,
          errors: error.errors,
          ...(error.detail ? { message: error.detail } : {}),
        });
      }
      console.error('[pos api] request failed', error);
      sendJson(res, 500, { error: 'Internal error', errors: ['The request failed.'] });
    }
  };

  async function answer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const segments = url.pathname.slice(API_BASE_PATH.length).split('/').filter(Boolean);
    const method = req.method ?? 'GET';
    const base = options.ctx();

    if (segments.length === 1 && segments[0] === 'openapi.json') {
      if (method !== 'GET' && method !== 'HEAD') throw new ApiError(405, 'Method not allowed');
      return sendJson(res, 200, openApiDocument());
    }

    // Calls without a good key are limited per remote address, before the key is looked up (a guess costs a
    // database read): each takes a token from the address's bucket, and one whose key turns out good gives it back.
    const address = `address:${req.socket.remoteAddress ?? ''}`;
    const held = limit.take(address);
    if (held > 0) throw rateLimited(res, held, 'Too many calls without a valid API key: slow down and try again.');
    const header = req.headers.authorization ?? '';
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] ?? '';
    const key = bearer ? await verifyApiKey(base, bearer) : null;
    if (!key) throw new ApiError(401, 'Unauthorized', ['Send Authorization: Bearer <API key> (Settings → API).']);
    limit.refund(address);
    const wait = limit.take(`key:${key.id}`);
    if (wait > 0) throw rateLimited(res, wait, 'Too many calls with this key: slow down and try again.');
    // The key acts, never a signed-in staff member: no session, so dispatch asks for no PIN.
    const { session: _session, ...rest } = base;
    void _session;
    const ctx: HandlerCtx = { ...rest, actor: `API key "${key.name}"`, staff: null };
    const route = routeOf(method, segments);
    if (route === 'method') throw new ApiError(405, 'Method not allowed', [`${method} is not allowed here.`]);
    if (!route) throw notFound();
    const query = Object.fromEntries(url.searchParams);
    const body = method === 'POST' || method === 'PUT' ? await readJson(req) : undefined;
    await route(new Call(ctx), { query, body, id: segments[1] ?? '', serial: segments[1] ?? '' }, res);
  }
}

interface Request {
  query: Record<string, string>;
  body: unknown;
  /** The {id} or {serial} segment, as sent. */
  id: string;
  serial: string;
}
type Route = (call: Call, request: Request, res: http.ServerResponse) => Promise<void>;

function routeOf(method: string, s: string[]): Route | 'method' | null {
  const table: Array<[RegExp, Record<string, Route>]> = [
    [/^invoices$/, { GET: listInvoicesRoute, POST: createInvoiceRoute }],
    [/^invoices\/[^/]+$/, { GET: getInvoiceRoute, PUT: updateInvoiceRoute }],
    [/^invoices\/[^/]+\/line_items$/, { POST: addLineItemRoute }],
    [/^invoices\/[^/]+\/payments$/, { POST: paymentRoute }],
    [/^invoices\/[^/]+\/email$/, { POST: emailRoute }],
    [/^invoices\/[^/]+\/pdf$/, { GET: pdfRoute }],
    [/^customers$/, { GET: customersRoute }],
    [/^products$/, { GET: productsRoute }],
    [/^serials\/[^/]+$/, { GET: serialRoute }],
  ];
  const joined = s.join('/');
  const found = table.find(([pattern]) => pattern.test(joined));
  if (!found) return null;
  return found[1][method] ?? 'method';
}

/** The contract calls of one request, through dispatch, with the shop's currency for decimal amounts. */
class Call {
  private digits: number | undefined;
  readonly ctx: HandlerCtx;
  constructor(ctx: HandlerCtx) {
    this.ctx = ctx;
  }

  async run<M extends MethodName>(method: M, input: InputOf<M>, ctx: HandlerCtx = this.ctx): Promise<ResultOf<M>> {
    const outcome = await dispatch(ctx, method, input);
    if (!outcome.ok) throw refusal(outcome.error);
    return outcome.value as ResultOf<M>;
  }

  /** Several calls as one write transaction: a refusal of any leaves nothing of the others. */
  async atomically<T>(work: (ctx: HandlerCtx) => Promise<T>): Promise<T> {
    await this.currencyDigits(); // read first: inside, every read must go through the transaction's connection
    return inWriteTransaction(this.ctx, (trx) => work({ ...this.ctx, ...trx }));
  }

  /** The invoice in the path, or 404 "Invoice not found". */
  async invoice(idText: string, ctx: HandlerCtx = this.ctx): Promise<Invoice> {
    const id = Number(idText);
    if (!/^[1-9]\d{0,14}$/.test(idText) || !Number.isSafeInteger(id)) throw notFound('Invoice not found');
    const outcome = await dispatch(ctx, 'getInvoice', { id });
    if (!outcome.ok) throw outcome.error.code === 'not_found' ? notFound('Invoice not found') : refusal(outcome.error);
    return outcome.value as Invoice;
  }

  async currencyDigits(): Promise<number> {
    if (this.digits === undefined) this.digits = currencyDigits((await this.run('getShopSettings', {})).currency);
    return this.digits;
  }

  async decimal(minor: number): Promise<number> {
    return minor / 10 ** (await this.currencyDigits());
  }

  /** A decimal amount in minor units; more decimals than the currency has is refused. */
  async minor(value: number, field: string): Promise<number> {
    const digits = await this.currencyDigits();
    const scaled = value * 10 ** digits;
    const minor = Math.round(scaled);
    if (Math.abs(scaled - minor) > 1e-6)
      throw validationFailed([`${field} has more than ${digits} decimal${digits === 1 ? '' : 's'}`]);
    return minor;
  }

  async invoiceOut(inv: Invoice, full: boolean, ctx: HandlerCtx = this.ctx): Promise<InvoiceOutput> {
    const d = (minor: number) => this.decimal(minor);
    const header = (await invoiceHeaders(ctx, [inv.id])).get(inv.id);
    const lines: LineItemOutput[] = [];
    for (const l of inv.lines) lines.push(await this.lineOut(l));
    const out: InvoiceOutput = {
      id: inv.id,
      number: inv.number,
      customer_id: inv.customerId,
      customer_name: inv.customerName,
      date: inv.invoiceDate,
      due_date: inv.dueDate,
      status: inv.status,
      overdue: inv.overdue,
      subtotal: await d(inv.subtotalMinor),
      discount: await d(inv.discount?.minor ?? 0),
      tax: await d(inv.taxMinor),
      total: await d(inv.totalMinor),
      paid: await d(inv.paidMinor),
      balance: await d(inv.balanceMinor),
      notes: inv.notes,
      terms: inv.terms,
      created_at: header?.createdAt ?? '',
      recurring_template_number: inv.recurring?.number ?? null,
      line_items: lines,
    };
    if (!full) return out;
    const payments: PaymentOutput[] = [];
    for (const p of inv.payments) payments.push(await this.paymentOut(inv.id, p));
    const customer = await customerById(ctx, inv.customerId);
    return {
      ...out,
      payments,
      ...(customer
        ? { customer: { id: customer.id, name: customer.name, email: customer.email, phone: customer.phone } }
        : {}),
    };
  }

  async lineOut(l: InvoiceLine): Promise<LineItemOutput> {
    return {
      id: l.id,
      product_id: l.productId,
      name: l.description,
      quantity: l.qty / QTY_SCALE,
      price: await this.decimal(l.unitPriceMinor),
      taxable: l.taxable,
      tax_rate: l.taxRateBp / 100,
      discount: await this.decimal(l.discount?.minor ?? 0),
      total: await this.decimal(l.lineTotalMinor),
      serial_numbers: l.serials.map((s) => s.serial),
    };
  }

  async paymentOut(invoiceId: number, p: InvoicePayment): Promise<PaymentOutput> {
    return {
      id: p.paymentId,
      number: p.number,
      invoice_id: invoiceId,
      amount: await this.decimal(p.amountMinor),
      refunded: await this.decimal(p.refundedMinor),
      payment_method: p.methodName,
      reference: p.reference,
      date: p.paidOn,
    };
  }

  /** An API line item as the contract's invoice line: serial texts become the product's units (their ids). */
  async lineIn(item: LineItemInput, path: string) {
    const productId = item.product_id ?? null;
    const serials = item.serial_numbers ?? [];
    if (productId === null && serials.length > 0)
      throw validationFailed([`${path}.serial_numbers needs the line's product_id`]);
    if (serials.length > item.quantity) {
      // saveInvoice would call it serials still to capture (2/1): say what is wrong instead.
      const n = `${serials.length} serial number${serials.length === 1 ? '' : 's'}`;
      throw validationFailed([`${path}: ${n} for a quantity of ${item.quantity}.`]);
    }
    const serialIds: number[] = [];
    for (const text of serials) {
      const matches = await this.run('lookupSerial', { serial: text });
      const unit = matches.find((m) => m.productId === productId);
      if (!unit) throw validationFailed([`${path}: no unit with serial ${text} of product ${productId}`]);
      serialIds.push(unit.serialId);
    }
    const qty = Math.round(item.quantity * QTY_SCALE);
    if (Math.abs(item.quantity * QTY_SCALE - qty) > 1e-6 || qty < 1)
      throw validationFailed([`${path}.quantity has more than 3 decimals`]);
    return {
      productId,
      description: item.name,
      qty,
      unitPriceMinor: await this.minor(item.price, `${path}.price`),
      taxable: item.taxable,
      serialIds,
      discount: null,
    };
  }
}

/** An invoice as saveInvoice takes it back: its lines as they are (each keeps its id, rate, units and discount). */
function savedAsInput(inv: Invoice) {
  const discount = (d: Invoice['discount']) => (d ? { kind: d.kind, value: d.value, reason: d.reason } : null);
  return {
    id: inv.id,
    revision: inv.revision,
    draft: inv.status === 'draft',
    customerId: inv.customerId,
    locationId: inv.locationId,
    invoiceDate: inv.invoiceDate,
    terms: inv.terms,
    dueDate: inv.dueDate,
    notes: inv.notes,
    discount: discount(inv.discount),
    lines: inv.lines.map((l) => ({
      id: l.id,
      productId: l.productId,
      description: l.description,
      qty: l.qty,
      unitPriceMinor: l.unitPriceMinor,
      taxable: l.taxable,
      taxRateId: l.taxRateId,
      serialIds: l.serials.map((s) => s.id),
      discount: discount(l.discount),
    })),
  };
}

/** Validates with the API's own zod schema: a body that fails is 422, a query 400. */
function parse<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query'): z.output<S> {
  if (where === 'body' && (value === null || typeof value !== 'object' || Array.isArray(value)))
    throw invalidParameters(['The body must be a JSON object.']);
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const messages = result.error.issues.map((issue) => {
    const path = issue.path
      .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`))
      .join('');
    const last = issue.path.at(-1);
    if (issue.code === 'unrecognized_keys')
      return `Unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`;
    if (path && typeof last === 'string' && issue.message.startsWith(last)) {
      return path.slice(0, path.length - last.length) + issue.message;
    }
    return path && where === 'query' ? `${path}: ${issue.message}` : issue.message;
  });
  throw where === 'query' ? invalidParameters(messages) : validationFailed(messages);
}

const listInvoicesRoute: Route = async (call, { query }, res) => {
  const q = parse(invoiceListQuery, query, 'query');
  const page = Number(q.page ?? '1');
  const result = await call.run('listInvoices', {
    ...(q.customer_id ? { customerId: Number(q.customer_id) } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.date_from ? { from: q.date_from } : {}),
    ...(q.date_to ? { to: q.date_to } : {}),
    sort: 'date',
    dir: 'desc',
    limit: PER_PAGE,
    offset: pageOffset(page),
  });
  const invoices: InvoiceOutput[] = [];
  for (const row of result.rows) invoices.push(await call.invoiceOut(await call.invoice(String(row.id)), false));
  sendJson(res, 200, { invoices, meta: pageMeta(result.total, page) });
};

/** The store's offset for a page: never past the contract's limit (a page beyond the last is empty either way). */
const pageOffset = (page: number) => Math.min((page - 1) * PER_PAGE, MAX_OFFSET);

const pageMeta = (total: number, page: number) => ({
  total_pages: Math.max(1, Math.ceil(total / PER_PAGE)),
  total_entries: total,
  page,
  per_page: PER_PAGE,
});

const getInvoiceRoute: Route = async (call, { id }, res) => {
  sendJson(res, 200, { invoice: await call.invoiceOut(await call.invoice(id), true) });
};

const createInvoiceRoute: Route = async (call, { body }, res) => {
  const b = parse(invoiceCreateInput, body, 'body');
  const info = await call.run('appInfo', {});
  const lines = [];
  for (const [i, item] of b.line_items.entries()) lines.push(await call.lineIn(item, `line_items[${i}]`));
  const saved = await call.run('saveInvoice', {
    draft: true,
    customerId: b.customer_id,
    locationId: info.defaultLocationId,
    invoiceDate: b.date,
    ...(b.due_date ? { dueDate: b.due_date } : {}),
    ...(b.terms !== undefined ? { terms: b.terms } : {}),
    notes: b.notes ?? '',
    lines,
  });
  sendJson(res, 201, { invoice: await call.invoiceOut(saved, true) });
};

const updateInvoiceRoute: Route = async (call, { id, body }, res) => {
  const b = parse(invoiceUpdateInput, body, 'body');
  const inv = await call.invoice(id);
  const updated = await call.atomically(async (ctx) => {
    let now = inv;
    if (b.notes !== undefined || b.due_date !== undefined || b.terms !== undefined) {
      const input = savedAsInput(now);
      now = await call.run(
        'saveInvoice',
        {
          ...input,
          notes: b.notes ?? input.notes,
          terms: b.terms ?? input.terms,
          // New terms without a due date: the due date follows the terms.
          dueDate: b.due_date ?? (b.terms !== undefined ? undefined : input.dueDate),
        },
        ctx,
      );
    }
    if (b.status === 'void') now = await call.run('voidInvoice', { id: now.id }, ctx);
    if (b.status === 'sent') now = await call.run('markInvoiceSent', { id: now.id }, ctx);
    if (b.status === 'viewed') now = await call.run('markInvoiceViewed', { id: now.id }, ctx);
    return call.invoiceOut(now, true, ctx);
  });
  sendJson(res, 200, { invoice: updated });
};

const addLineItemRoute: Route = async (call, { id, body }, res) => {
  const item = parse(lineItemInput, body, 'body');
  const inv = await call.invoice(id);
  const line = await call.lineIn(item, 'line_item');
  const input = savedAsInput(inv);
  const saved = await call.run('saveInvoice', { ...input, lines: [...input.lines, line] });
  const added = saved.lines.at(-1)!;
  sendJson(res, 201, { line_item: await call.lineOut(added), invoice: await call.invoiceOut(saved, true) });
};

const paymentRoute: Route = async (call, { id, body }, res) => {
  const b = parse(paymentInput, body, 'body');
  await call.invoice(id); // 404 before anything else
  const methods = await call.run('listPaymentMethods', {});
  const wanted = b.payment_method.trim().toLowerCase();
  const method = methods.find((m) => !m.archived && m.name.toLowerCase() === wanted);
  if (!method) {
    const names = methods.filter((m) => !m.archived).map((m) => m.name);
    throw validationFailed([`No payment method named “${b.payment_method}”. Use one of: ${names.join(', ')}`]);
  }
  const amountMinor = await call.minor(b.amount, 'amount');
  // Syncro's flow is create → pay, and POST /invoices makes a Draft: a Draft is finalised first (as Save does in the
  // app: its serials become Sold), in the payment's own transaction, so a refused payment leaves it a Draft.
  const answer = await call.atomically(async (ctx) => {
    const current = await call.invoice(id, ctx);
    if (current.status === 'draft') await call.run('markInvoiceSent', { id: current.id }, ctx);
    const before = new Set(current.payments.map((p) => p.paymentId));
    const paid = await call
      .run(
        'takePayment',
        {
          invoiceId: current.id,
          amountMinor,
          methodId: method.id,
          reference: b.reference ?? '',
          ...(b.date ? { paidOn: b.date } : {}),
          notes: b.notes ?? '',
        },
        ctx,
      )
      .catch((error: unknown) => {
        // Paid already: nothing is owed, so any amount exceeds the balance (the seed's message; the app's in message).
        if (error instanceof ApiError && error.status === 422 && / is already paid\b/.test(error.errors[0] ?? ''))
          throw validationFailed(['Payment exceeds balance'], error.errors[0]);
        throw error;
      });
    const payment = paid.payments.find((p) => !before.has(p.paymentId)) ?? paid.payments.at(-1)!;
    return { payment: await call.paymentOut(paid.id, payment), invoice: await call.invoiceOut(paid, true, ctx) };
  });
  sendJson(res, 201, answer);
};

const emailRoute: Route = async (call, { id, body }, res) => {
  const b = parse(emailInput, body, 'body');
  const inv = await call.invoice(id);
  const outcome = await call.run('emailInvoice', {
    invoiceId: inv.id,
    ...(b.to !== undefined ? { to: b.to } : {}),
    ...(b.cc !== undefined ? { cc: b.cc } : {}),
    ...(b.subject !== undefined ? { subject: b.subject } : {}),
    ...(b.message !== undefined ? { message: b.message } : {}),
  });
  const e = outcome.email;
  sendJson(res, outcome.sent ? 200 : 202, {
    email: { id: e.id, to: e.to, cc: e.cc, subject: e.subject, status: e.status, sent_at: e.sentAt },
    sent: outcome.sent,
    message: outcome.message,
  });
};

const pdfRoute: Route = async (call, { id }, res) => {
  const inv = await call.invoice(id);
  const file = await call.run('documentPdf', { kind: 'invoice', id: inv.id });
  const bytes = Buffer.from(file.base64, 'base64');
  res.writeHead(200, {
    'Content-Type': file.mimeType || 'application/pdf',
    'Content-Length': String(bytes.length),
    'Content-Disposition': `attachment; filename="${file.fileName.replace(/[^\w.-]/g, '_')}"`,
  });
  res.end(bytes);
};

const customersRoute: Route = async (call, { query }, res) => {
  const q = parse(searchQuery.omit({ page: true }), query, 'query');
  const rows = await call.run('searchCustomers', { query: q.query ?? '', limit: 100 });
  sendJson(res, 200, { customers: rows.map((c) => ({ id: c.id, name: c.name, email: c.email, phone: c.phone })) });
};

const productsRoute: Route = async (call, { query }, res) => {
  const q = parse(searchQuery, query, 'query');
  const page = Number(q.page ?? '1');
  const result = await call.run('listProducts', {
    query: q.query ?? '',
    limit: PER_PAGE,
    offset: pageOffset(page),
  });
  const products = [];
  for (const p of result.rows) {
    products.push({
      id: p.id,
      sku: p.sku,
      barcode: p.barcode,
      name: p.name,
      price: await call.decimal(p.priceMinor),
      taxable: p.taxable,
      serialized: p.serialized,
      maintain_stock: p.maintainStock,
      quantity: p.stock.reduce((n, s) => n + s.onHand, 0) / QTY_SCALE,
    });
  }
  sendJson(res, 200, { products, meta: pageMeta(result.total, page) });
};

const serialRoute: Route = async (call, { serial, query }, res) => {
  const q = parse(serialQuery, query, 'query');
  let text: string;
  try {
    text = decodeURIComponent(serial);
  } catch {
    throw invalidParameters(['The serial number in the address is malformed (a bad %-escape?).']);
  }
  let matches = await call.run('lookupSerial', { serial: text.slice(0, 100) });
  if (q.product_id) matches = matches.filter((m) => m.productId === Number(q.product_id));
  if (matches.length === 0) throw notFound();
  if (matches.length > 1) {
    const products = matches.map((m) => `${m.productName} (product_id ${m.productId})`).join(', ');
    throw validationFailed([`Several units have serial ${text}: ${products}. Add ?product_id= to choose.`]);
  }
  const history = await call.run('serialHistory', { id: matches[0]!.serialId });
  const u = history.unit;
  sendJson(res, 200, {
    serial: {
      id: u.id,
      serial: u.serial,
      status: u.status,
      deleted: u.deleted,
      product_id: u.productId,
      product_name: u.productName,
      sku: u.sku,
      location_id: u.locationId,
      location_name: u.locationName,
      condition_notes: u.conditionNotes,
      received_at: u.receivedAt,
      invoice: u.invoice,
      customer: u.customer,
      aliases: history.aliases,
    },
    history: history.events.map(eventOut),
  });
};

const eventOut = (e: SerialEvent): SerialEventOutput => ({
  at: e.at,
  kind: e.kind,
  actor: e.actor,
  note: e.note,
  location: e.location,
  invoice: e.invoice,
  customer: e.customer,
  credit_note: e.creditNote,
  purchase_order: e.purchaseOrder,
});

/** The body as JSON ({} when empty); 400 when it is not JSON or too large. */
async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new ApiError(413, 'Request too large', ['The body is larger than 1 MB.']);
    parts.push(chunk);
  }
  const text = Buffer.concat(parts).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalidParameters(['The body is not valid JSON.']);
  }
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(value));
}
