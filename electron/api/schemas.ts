// The local REST API's shapes, in the seed's snake_case with decimal amounts. These zod schemas are the one source:
// the router validates every query and body with them, its answers are typed by them, and the OpenAPI document
// (openapi.ts) is generated from them.
import { z } from 'zod';
import { INVOICE_FILTER_STATUSES, INVOICE_STATUSES, SERIAL_STATUSES } from '../../core/enums.ts';
import { MAX_QTY } from '../../core/money.ts';

/** The messages name the field ("customer_id is required"); the router puts the path of a nested one in front. */
const typed = (field: string, what: string) => ({
  error: (issue: { input?: unknown }) =>
    issue.input === undefined ? `${field} is required` : `${field} must be ${what}`,
});

const id = (field: string) =>
  z
    .number(typed(field, 'a whole number'))
    .int(`${field} must be a whole number`)
    .positive(`${field} must be above 0`)
    .max(Number.MAX_SAFE_INTEGER);
const text = (field: string, max: number) => z.string(typed(field, 'text')).max(max, `${field} is too long`);
/** YYYY-MM-DD that names a real day (not 2024-02-30, not 2024-13-45). */
const isCalendarDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
};
const date = (field: string) =>
  z
    .string(typed(field, 'a date as YYYY-MM-DD'))
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${field} must be a date as YYYY-MM-DD`)
    .refine(isCalendarDate, `${field} must be a real calendar date`);
/** A decimal amount in the shop's currency (750.0, 56.25). */
const money = (field: string) =>
  z.number(typed(field, 'a number')).min(0, `${field} must be 0 or more`).max(100_000_000, `${field} is too large`);

// Query strings: every value arrives as text. A bad one is a 400 "Invalid parameters"; a parameter the API does not
// know (per_page, sort: Syncro clients send extras) is ignored. Bodies stay strict.
const idText = z.string().regex(/^[1-9]\d{0,14}$/, 'a whole number above 0');
/** The contract's largest offset: a page past it is answered as the (empty) page at it. */
export const MAX_OFFSET = 100_000_000;
/** A page number from 1 (a page past the last is an empty page); the number as sent, for meta. */
const pageText = z.string().regex(/^[1-9]\d{0,14}$/, 'a page number from 1');
const dateText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine(isCalendarDate, 'a real calendar date');

export const invoiceListQuery = z.object({
  customer_id: idText.optional().describe('Only this customer’s invoices.'),
  status: z
    .enum(INVOICE_FILTER_STATUSES)
    .optional()
    .describe('One status, or overdue (sent, viewed or partial past its due date).'),
  date_from: dateText.optional().describe('Invoice date on or after (YYYY-MM-DD).'),
  date_to: dateText.optional().describe('Invoice date on or before (YYYY-MM-DD).'),
  page: pageText.optional().describe('1 (default), 2, …: 25 invoices a page, newest first.'),
});

export const searchQuery = z.object({
  query: z.string().max(200).optional().describe('Part of a name (customers: also e-mail or phone; products: SKU).'),
  page: pageText.optional().describe('1 (default), 2, …: 25 a page.'),
});

export const serialQuery = z.object({
  product_id: idText.optional().describe('When several products have a unit with this serial: which one.'),
});

export const lineItemInput = z.strictObject({
  name: text('name', 500).min(1, 'name is required'),
  quantity: z
    .number(typed('quantity', 'a number'))
    .gt(0, 'quantity must be above 0')
    .max(MAX_QTY, 'quantity is too large')
    .describe('Up to 3 decimals; serial-tracked products: whole units, one serial number each.'),
  price: money('price').describe('The unit price, before tax.'),
  taxable: z.boolean(typed('taxable', 'true or false')).default(true),
  product_id: id('product_id').nullable().optional().describe('Absent or null: a manual item.'),
  serial_numbers: z
    .array(text('serial_numbers', 100).min(1, 'a serial number cannot be empty'), typed('serial_numbers', 'a list'))
    .max(MAX_QTY)
    .optional()
    .describe('The units sold on the line (serial-tracked products: one per unit of quantity).'),
});

export const invoiceCreateInput = z.strictObject({
  customer_id: id('customer_id'),
  date: date('date').describe('The invoice date (YYYY-MM-DD).'),
  due_date: date('due_date').optional().describe('Absent: the date plus the terms’ days.'),
  terms: text('terms', 100).optional().describe('The payment terms’ name ("Net 30"); absent: the shop’s default.'),
  notes: text('notes', 2000).optional(),
  line_items: z
    .array(lineItemInput, typed('line_items', 'a list of line items'))
    .min(1, 'line_items needs at least one line item')
    .max(2000, 'line_items has too many line items'),
});

export const INVOICE_STATUS_CHANGES = ['void', 'sent', 'viewed'] as const;

export const invoiceUpdateInput = z
  .strictObject({
    notes: text('notes', 2000).optional(),
    due_date: date('due_date').optional(),
    terms: text('terms', 100).optional(),
    status: z
      .enum(INVOICE_STATUS_CHANGES, typed('status', 'void, sent or viewed'))
      .optional()
      .describe('void: voids it; sent: finalises a Draft (or marks it Sent); viewed: the customer has seen it.'),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'Give notes, due_date, terms or status to change');

export const paymentInput = z.strictObject({
  amount: money('amount').refine((a) => a > 0, 'amount must be above 0'),
  payment_method: text('payment_method', 200)
    .min(1, 'payment_method is required')
    .describe('A payment method’s name as in Settings (Cash, Card, …), in any case.'),
  reference: text('reference', 200).optional(),
  date: date('date').optional().describe('The day the money came in; absent: today.'),
  notes: text('notes', 2000).optional(),
});

export const emailInput = z.strictObject({
  to: text('to', 1000).optional().describe('Absent: the customer’s e-mail address. Several: separated by commas.'),
  cc: text('cc', 1000).optional(),
  subject: text('subject', 300).optional().describe('Absent: "Invoice INV-000001 from <shop>".'),
  message: text('message', 10_000).optional(),
});

// What the API answers.

const decimal = z.number().describe('A decimal amount in the shop’s currency.');

export const lineItemOutput = z.object({
  id: z.number().int(),
  product_id: z.number().int().nullable(),
  name: z.string(),
  quantity: z.number(),
  price: decimal,
  taxable: z.boolean(),
  /** Percent: 7.5. */
  tax_rate: z.number().describe('The line’s tax rate in percent (7.5).'),
  discount: decimal,
  total: decimal.describe('quantity × price, less the line’s discount, before tax.'),
  serial_numbers: z.array(z.string()),
});

export const paymentOutput = z.object({
  id: z.number().int(),
  number: z.string(),
  invoice_id: z.number().int(),
  amount: decimal.describe('The part applied to this invoice.'),
  refunded: decimal,
  payment_method: z.string(),
  reference: z.string(),
  date: z.string(),
});

export const customerOutput = z.object({
  id: z.number().int(),
  name: z.string(),
  email: z.string(),
  phone: z.string(),
});

export const invoiceOutput = z.object({
  id: z.number().int(),
  number: z.string(),
  customer_id: z.number().int(),
  customer_name: z.string(),
  date: z.string(),
  due_date: z.string(),
  status: z.enum(INVOICE_STATUSES),
  overdue: z.boolean(),
  subtotal: decimal,
  discount: decimal.describe('The sale discount (off the subtotal).'),
  tax: decimal,
  total: decimal,
  paid: decimal,
  balance: decimal,
  notes: z.string(),
  terms: z.string(),
  created_at: z.string(),
  recurring_template_number: z.string().nullable().describe('The recurring template that made it (R-000001), or null.'),
  line_items: z.array(lineItemOutput),
  payments: z.array(paymentOutput).optional().describe('On GET /invoices/{id} and after a change.'),
  customer: customerOutput.optional().describe('On GET /invoices/{id}.'),
});

export const meta = z.object({
  total_pages: z.number().int(),
  total_entries: z.number().int(),
  page: z.number().int(),
  per_page: z.number().int(),
});

export const invoiceList = z.object({ invoices: z.array(invoiceOutput), meta });
export const invoiceEnvelope = z.object({ invoice: invoiceOutput });
export const lineItemEnvelope = z.object({ line_item: lineItemOutput, invoice: invoiceOutput });
export const paymentEnvelope = z.object({ payment: paymentOutput, invoice: invoiceOutput });

export const emailEnvelope = z.object({
  email: z.object({
    id: z.number().int(),
    to: z.string(),
    cc: z.string(),
    subject: z.string(),
    status: z.string().describe('sent, or queued in the outbox (retried later).'),
    sent_at: z.string().nullable(),
  }),
  sent: z.boolean(),
  message: z.string(),
});

export const customerList = z.object({ customers: z.array(customerOutput) });

export const productOutput = z.object({
  id: z.number().int(),
  sku: z.string(),
  barcode: z.string().nullable(),
  name: z.string(),
  price: decimal,
  taxable: z.boolean(),
  serialized: z.boolean(),
  maintain_stock: z.boolean(),
  quantity: z.number().describe('On hand at all locations.'),
});
export const productList = z.object({ products: z.array(productOutput), meta });

const ref = z.object({ id: z.number().int(), number: z.string() }).nullable();
export const serialOutput = z.object({
  id: z.number().int(),
  serial: z.string(),
  status: z.enum(SERIAL_STATUSES),
  deleted: z.boolean(),
  product_id: z.number().int(),
  product_name: z.string(),
  sku: z.string(),
  location_id: z.number().int(),
  location_name: z.string(),
  condition_notes: z.string(),
  received_at: z.string(),
  invoice: ref,
  customer: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  aliases: z.array(z.string()).describe('Earlier serials of this unit (renamed).'),
});
export const serialEvent = z.object({
  at: z.string(),
  kind: z.string(),
  actor: z.string(),
  note: z.string(),
  location: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  invoice: ref,
  customer: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  credit_note: ref,
  purchase_order: ref,
});
export const serialEnvelope = z.object({ serial: serialOutput, history: z.array(serialEvent) });

export const errorOutput = z.object({
  error: z.string().describe('Invalid parameters, Unauthorized, Invoice not found, Validation failed, …'),
  errors: z.array(z.string()).describe('What was wrong, each in a sentence.'),
  message: z.string().optional().describe('The app’s own sentence, when it says more than errors.'),
});

export type InvoiceOutput = z.output<typeof invoiceOutput>;
export type LineItemOutput = z.output<typeof lineItemOutput>;
export type PaymentOutput = z.output<typeof paymentOutput>;
export type ProductOutput = z.output<typeof productOutput>;
export type SerialOutput = z.output<typeof serialOutput>;
export type SerialEventOutput = z.output<typeof serialEvent>;
export type LineItemInput = z.output<typeof lineItemInput>;
