// Accounting exports (nav: Exports): for a date range, the shop's invoices, payments and serial numbers in the
// layouts QuickBooks Online, QuickBooks Desktop (IIF) and Xero import, and as plain CSV files. Dialect-free: the same
// reads on SQLite and PostgreSQL. The whole file is built here (buildExport); the preview is its first rows, and the
// job (startExport) builds it in a worker thread on its own connection (exportWorker.ts), or in-process for an
// in-memory store, which another thread cannot open.
//
// What is in each file:
// - Invoices are chosen by their invoice date, payments by the day the money came in (paid on), both inclusive.
// - The accounting formats (QuickBooks Online, QuickBooks Desktop, Xero) leave out Draft and Void invoices: a Draft
//   is not a sale yet and a Void one never was. The plain invoices and invoice lines CSVs hold every invoice of the
//   range, with its status.
// - Each line's amount in an accounting format is what the shop charged for it: its total after the line discount
//   and after its share of the sale discount (the amount tax was computed on), so the lines and the tax add up to the
//   invoice total. An undiscounted line keeps its quantity and unit price; a discounted one gets the unit price that
//   gives its amount (up to 4 more decimals), else quantity 1 at the amount with the quantity and price in the text.
// - Refunds and credit notes are not exported.
// - Serial numbers (serials CSV): the units received in the range and the units on the lines of the range's
//   invoices (not Void ones), with the invoice that sold them.
import { Worker } from 'node:worker_threads';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { BOM, csvRecords, csvText } from '../../core/csv.ts';
import { invoiceStatusLabel, serialStatusLabel, type ExportFormat, type InvoiceStatus } from '../../core/enums.ts';
import { AppError, type AppErrorValue } from '../../core/errors.ts';
import type { ExportPreview, ExportSettings, FileJob } from '../../core/model.ts';
import { currencyDigits, formatMoney, invoiceTotals, QTY_SCALE } from '../../core/money.ts';
import { classifyDbError, inIds, isPostgres } from '../dialect.ts';
import { postgresUrlOf } from '../postgres.ts';
import type { ReadCtx, WriteCtx } from './context.ts';
import { startFileJob, type MadeFile } from './fileJobs.ts';
import { getSetting, putSetting, shopCurrency, shopLocale } from './settings.ts';

export interface ExportRange {
  format: ExportFormat;
  /** Inclusive, YYYY-MM-DD. */
  from: string;
  to: string;
}

/** The preview's rows. */
export const PREVIEW_ROWS = 20;

// Settings → Exports (Xero's account and tax types).
const KEY_SALES_ACCOUNT = 'export_xero_sales_account';
const KEY_TAX_TYPES = 'export_xero_tax_types';
const KEY_NO_TAX_TYPE = 'export_xero_no_tax_type';
export const DEFAULT_XERO_SALES_ACCOUNT = '200';
/** Xero's "Tax on Sales" type, for a rate not mapped in Settings. */
export const DEFAULT_XERO_TAX_TYPE = 'OUTPUT';
export const DEFAULT_XERO_NO_TAX_TYPE = 'NONE';

function storedTaxTypes(text: string | undefined): Map<number, string> {
  const map = new Map<number, string>();
  if (!text) return map;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (Array.isArray(parsed))
      for (const item of parsed as Array<{ taxRateId?: unknown; taxType?: unknown }>)
        if (typeof item?.taxRateId === 'number' && typeof item.taxType === 'string')
          map.set(item.taxRateId, item.taxType);
  } catch {
    // A setting written by hand that is not JSON: every rate gets the default.
  }
  return map;
}

/** Xero's account for sales, and a tax type for every tax rate (archived ones only when mapped) and untaxed lines. */
export async function getExportSettings(ctx: ReadCtx): Promise<ExportSettings> {
  const [account, types, none, rates] = await Promise.all([
    getSetting(ctx, KEY_SALES_ACCOUNT),
    getSetting(ctx, KEY_TAX_TYPES),
    getSetting(ctx, KEY_NO_TAX_TYPE),
    ctx.db.selectFrom('tax_rates').select(['id', 'name', 'rate_bp', 'archived']).orderBy('id').execute(),
  ]);
  const mapped = storedTaxTypes(types);
  return {
    xeroSalesAccount: account || DEFAULT_XERO_SALES_ACCOUNT,
    xeroTaxTypes: rates
      .filter((r) => r.archived === 0 || mapped.has(r.id))
      .map((r) => ({
        taxRateId: r.id,
        taxRateName: r.name,
        rateBp: r.rate_bp,
        taxType: mapped.get(r.id) || DEFAULT_XERO_TAX_TYPE,
      })),
    xeroNoTaxType: none || DEFAULT_XERO_NO_TAX_TYPE,
  };
}

export interface ExportSettingsInput {
  xeroSalesAccount: string;
  xeroTaxTypes: Array<{ taxRateId: number; taxType: string }>;
  xeroNoTaxType: string;
}

export async function saveExportSettings(ctx: WriteCtx, input: ExportSettingsInput): Promise<ExportSettings> {
  if (input.xeroSalesAccount.trim() === '')
    throw new AppError('invalid_input', 'Enter the Xero account code for sales (e.g. 200).', {
      field: 'xeroSalesAccount',
    });
  if (input.xeroNoTaxType.trim() === '')
    throw new AppError('invalid_input', 'Enter the Xero tax type for untaxed lines (e.g. NONE).', {
      field: 'xeroNoTaxType',
    });
  const ids = [...new Set(input.xeroTaxTypes.map((t) => t.taxRateId))];
  if (ids.length !== input.xeroTaxTypes.length)
    throw new AppError('invalid_input', 'A tax rate is listed twice: give each rate one Xero tax type.');
  if (ids.length > 0) {
    const known = await ctx.db
      .selectFrom('tax_rates')
      .select('id')
      .where(inIds(ctx.db, sql.ref('id'), ids))
      .execute();
    const missing = ids.filter((id) => !known.some((k) => k.id === id));
    if (missing.length > 0)
      throw new AppError('not_found', `No tax rate has the id ${missing.join(', ')}: nothing was saved.`);
  }
  const blank = input.xeroTaxTypes.find((t) => t.taxType.trim() === '');
  if (blank)
    throw new AppError('invalid_input', 'Enter a Xero tax type for every tax rate (e.g. OUTPUT): nothing was saved.');
  const before = storedTaxTypes(await getSetting(ctx, KEY_TAX_TYPES));
  for (const t of input.xeroTaxTypes) before.set(t.taxRateId, t.taxType.trim());
  await putSetting(ctx, KEY_SALES_ACCOUNT, input.xeroSalesAccount.trim());
  await putSetting(ctx, KEY_NO_TAX_TYPE, input.xeroNoTaxType.trim());
  await putSetting(
    ctx,
    KEY_TAX_TYPES,
    JSON.stringify([...before].map(([taxRateId, taxType]) => ({ taxRateId, taxType }))),
  );
  return getExportSettings(ctx);
}

// What the store holds for the range.

interface ExInvoice {
  id: number;
  number: string;
  customer: string;
  email: string;
  date: string;
  dueDate: string;
  terms: string;
  status: InvoiceStatus;
  subtotal: number;
  discount: number;
  tax: number;
  total: number;
  paid: number;
  balance: number;
  notes: string;
  lines: ExLine[];
}

interface ExLine {
  id: number;
  position: number;
  sku: string;
  productName: string;
  description: string;
  qty: number;
  unitPrice: number;
  lineDiscount: number;
  lineTotal: number;
  /** What the shop charged for the line: its total less its share of the sale discount (tax's base). */
  amount: number;
  taxable: boolean;
  taxRateId: number | null;
  taxRateName: string;
  taxRateBp: number;
  serials: string[];
}

interface ExPayment {
  id: number;
  number: string;
  date: string;
  customer: string;
  method: string;
  amount: number;
  credit: number;
  reference: string;
  notes: string;
  invoices: Array<{ number: string; amount: number }>;
}

interface ExSerial {
  serial: string;
  product: string;
  sku: string;
  status: string;
  location: string;
  invoiceNumber: string;
  customer: string;
  receivedAt: string;
}

const ACCOUNTING: ReadonlySet<ExportFormat> = new Set(['quickbooks_online', 'quickbooks_desktop', 'xero']);
const CHUNK = 500;

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

type Report = (done: number, total: number, message: string) => void;

async function loadInvoices(ctx: ReadCtx, range: ExportRange, report: Report): Promise<ExInvoice[]> {
  const { db } = ctx;
  let q = db
    .selectFrom('invoices as i')
    .innerJoin('customers as c', 'c.id', 'i.customer_id')
    .select([
      'i.id',
      'i.number',
      'c.name as customer',
      'c.email',
      'i.invoice_date',
      'i.due_date',
      'i.terms',
      'i.status',
      'i.subtotal_minor',
      'i.discount_minor',
      'i.tax_minor',
      'i.total_minor',
      'i.paid_minor',
      'i.balance_minor',
      'i.notes',
    ])
    .where('i.invoice_date', '>=', range.from)
    .where('i.invoice_date', '<=', range.to);
  if (ACCOUNTING.has(range.format)) q = q.where('i.status', 'not in', ['draft', 'void']);
  const rows = await q.orderBy('i.invoice_date').orderBy('i.number').execute();
  const invoices: ExInvoice[] = rows.map((r) => ({
    id: r.id,
    number: r.number,
    customer: r.customer,
    email: r.email,
    date: r.invoice_date,
    dueDate: r.due_date,
    terms: r.terms,
    status: r.status,
    subtotal: r.subtotal_minor,
    discount: r.discount_minor,
    tax: r.tax_minor,
    total: r.total_minor,
    paid: r.paid_minor,
    balance: r.balance_minor,
    notes: r.notes,
    lines: [],
  }));
  const byId = new Map(invoices.map((i) => [i.id, i]));
  let done = 0;
  for (let at = 0; at < invoices.length; at += CHUNK) {
    const ids = invoices.slice(at, at + CHUNK).map((i) => i.id);
    const lines = await db
      .selectFrom('invoice_lines as l')
      .leftJoin('products as p', 'p.id', 'l.product_id')
      .select([
        'l.id',
        'l.invoice_id',
        'l.position',
        'p.sku',
        'p.name as product_name',
        'l.description',
        'l.qty',
        'l.unit_price_minor',
        'l.discount_minor',
        'l.line_total_minor',
        'l.taxable',
        'l.tax_rate_id',
        'l.tax_rate_name',
        'l.tax_rate_bp',
      ])
      .where(inIds(db, sql.ref('l.invoice_id'), ids))
      .orderBy('l.invoice_id')
      .orderBy('l.position')
      .execute();
    const lineIds = lines.map((l) => l.id);
    const serials = new Map<number, string[]>();
    for (let s = 0; s < lineIds.length; s += CHUNK) {
      const rows = await db
        .selectFrom('invoice_line_serials as ls')
        .innerJoin('serials as s', 's.id', 'ls.serial_id')
        .select(['ls.invoice_line_id', 's.serial'])
        .where(inIds(db, sql.ref('ls.invoice_line_id'), lineIds.slice(s, s + CHUNK)))
        .orderBy('ls.invoice_line_id')
        .orderBy('s.serial')
        .execute();
      for (const r of rows) serials.set(r.invoice_line_id, [...(serials.get(r.invoice_line_id) ?? []), r.serial]);
    }
    for (const l of lines)
      byId.get(l.invoice_id)?.lines.push({
        id: l.id,
        position: l.position,
        sku: l.sku ?? '',
        productName: l.product_name ?? '',
        description: l.description,
        qty: l.qty,
        unitPrice: l.unit_price_minor,
        lineDiscount: l.discount_minor,
        lineTotal: l.line_total_minor,
        amount: l.line_total_minor,
        taxable: l.taxable === 1,
        taxRateId: l.tax_rate_id,
        taxRateName: l.tax_rate_name,
        taxRateBp: l.tax_rate_bp,
        serials: serials.get(l.id) ?? [],
      });
    done += ids.length;
    report(
      done,
      invoices.length,
      `Read ${done.toLocaleString('en-US')} of ${invoices.length.toLocaleString('en-US')} invoices…`,
    );
  }
  for (const invoice of invoices) shareSaleDiscount(invoice);
  return invoices;
}

/** Each line's share of the sale discount, shared as the invoice's totals were (core/money.ts invoiceTotals). */
function shareSaleDiscount(invoice: ExInvoice): void {
  if (invoice.discount <= 0 || invoice.lines.length === 0) return;
  const totals = invoiceTotals(
    invoice.lines.map((l) => ({
      qty: l.qty,
      unitPriceMinor: l.unitPrice,
      taxable: l.taxable,
      taxRateBp: l.taxRateBp,
      taxRateName: l.taxRateName,
      discount: l.lineDiscount > 0 ? { kind: 'amount' as const, value: l.lineDiscount } : null,
    })),
    { kind: 'amount', value: invoice.discount },
  );
  let given = 0;
  invoice.lines.forEach((l, i) => {
    const share = totals.lines[i]?.saleShareMinor ?? 0;
    l.amount = l.lineTotal - share;
    given += share;
  });
  // Whatever the stored discount, the lines add up to subtotal - discount (the last line takes any difference).
  const last = invoice.lines[invoice.lines.length - 1]!;
  last.amount -= invoice.discount - given;
}

async function loadPayments(ctx: ReadCtx, range: ExportRange): Promise<ExPayment[]> {
  const { db } = ctx;
  const rows = await db
    .selectFrom('payments as p')
    .innerJoin('customers as c', 'c.id', 'p.customer_id')
    .innerJoin('payment_methods as m', 'm.id', 'p.method_id')
    .select([
      'p.id',
      'p.number',
      'p.paid_on',
      'c.name as customer',
      'm.name as method',
      'p.amount_minor',
      'p.credit_minor',
      'p.reference',
      'p.notes',
    ])
    .where('p.paid_on', '>=', range.from)
    .where('p.paid_on', '<=', range.to)
    .orderBy('p.paid_on')
    .orderBy('p.number')
    .execute();
  const payments: ExPayment[] = rows.map((r) => ({
    id: r.id,
    number: r.number,
    date: r.paid_on,
    customer: r.customer,
    method: r.method,
    amount: r.amount_minor,
    credit: r.credit_minor,
    reference: r.reference,
    notes: r.notes,
    invoices: [],
  }));
  const byId = new Map(payments.map((p) => [p.id, p]));
  for (let at = 0; at < payments.length; at += CHUNK) {
    const allocations = await db
      .selectFrom('payment_allocations as a')
      .innerJoin('invoices as i', 'i.id', 'a.invoice_id')
      .select(['a.payment_id', 'i.number', 'a.amount_minor'])
      .where(
        inIds(
          db,
          sql.ref('a.payment_id'),
          payments.slice(at, at + CHUNK).map((p) => p.id),
        ),
      )
      .orderBy('a.payment_id')
      .orderBy('i.number')
      .execute();
    for (const a of allocations) byId.get(a.payment_id)?.invoices.push({ number: a.number, amount: a.amount_minor });
  }
  return payments;
}

async function loadSerials(ctx: ReadCtx, range: ExportRange, invoices: readonly ExInvoice[]): Promise<ExSerial[]> {
  const { db } = ctx;
  const onInvoices = invoices.filter((i) => i.status !== 'void').flatMap((i) => i.lines.map((l) => l.id));
  const ids = new Set<number>();
  const received = await db
    .selectFrom('serials')
    .select('id')
    .where('received_at', '>=', range.from)
    .where('received_at', '<', nextDay(range.to))
    .where('deleted_at', 'is', null)
    .execute();
  for (const r of received) ids.add(r.id);
  for (let at = 0; at < onInvoices.length; at += CHUNK) {
    const rows = await db
      .selectFrom('invoice_line_serials')
      .select('serial_id')
      .where(inIds(db, sql.ref('invoice_line_id'), onInvoices.slice(at, at + CHUNK)))
      .execute();
    for (const r of rows) ids.add(r.serial_id);
  }
  const all = [...ids];
  const serials: Array<ExSerial & { id: number }> = [];
  for (let at = 0; at < all.length; at += CHUNK) {
    const part = all.slice(at, at + CHUNK);
    const rows = await db
      .selectFrom('serials as s')
      .innerJoin('products as p', 'p.id', 's.product_id')
      .innerJoin('locations as l', 'l.id', 's.location_id')
      .leftJoin('customers as c', 'c.id', 's.customer_id')
      .select([
        's.id',
        's.serial',
        'p.name as product',
        'p.sku',
        's.status',
        'l.name as location',
        'c.name as customer',
      ])
      .select('s.received_at')
      .where(inIds(db, sql.ref('s.id'), part))
      .where('s.deleted_at', 'is', null)
      .execute();
    // The invoice a unit is on now (the newest one that is not Void).
    const sold = await db
      .selectFrom('invoice_line_serials as ls')
      .innerJoin('invoice_lines as il', 'il.id', 'ls.invoice_line_id')
      .innerJoin('invoices as i', 'i.id', 'il.invoice_id')
      .select(['ls.serial_id', 'i.id', 'i.number'])
      .where(inIds(db, sql.ref('ls.serial_id'), part))
      .where('i.status', '<>', 'void')
      .orderBy('i.id')
      .execute();
    const invoiceOf = new Map(sold.map((r) => [r.serial_id, r.number]));
    for (const r of rows)
      serials.push({
        id: r.id,
        serial: r.serial,
        product: r.product,
        sku: r.sku,
        status: serialStatusLabel[r.status],
        location: r.location,
        invoiceNumber: r.status === 'sold' || r.status === 'reserved' ? (invoiceOf.get(r.id) ?? '') : '',
        customer: r.status === 'sold' ? (r.customer ?? '') : '',
        receivedAt: r.received_at.slice(0, 10),
      });
  }
  return serials
    .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : a.serial < b.serial ? -1 : a.serial > b.serial ? 1 : 0))
    .map(({ id: _id, ...s }) => s);
}

// Writing.

interface Writer {
  money: (minor: number) => string;
  digits: number;
  /** The date as the target program reads it (from YYYY-MM-DD). */
  usDate: (day: string) => string;
  xeroDate: (day: string) => string;
}

function writer(currency: string, locale: string): Writer {
  const digits = currencyDigits(currency);
  const us = (day: string) => `${day.slice(5, 7)}/${day.slice(8, 10)}/${day.slice(0, 4)}`;
  const dayFirst = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
  return {
    // "1249.00": a point, no grouping, the currency's digits, whatever the shop's locale.
    money: (minor) => formatMoney(minor, { currency, locale: 'en-US' }, { grouping: false }),
    digits,
    usDate: us,
    // Xero reads dates in its organisation's region: US-style for a shop in the US, day first elsewhere.
    xeroDate: /^en-US$/i.test(locale) ? us : dayFirst,
  };
}

/** Thousandths as a decimal: 1000 → "1", 1500 → "1.5", 333 → "0.333". */
export function quantityText(qty: number): string {
  const sign = qty < 0 ? '-' : '';
  const abs = Math.abs(qty);
  const whole = Math.floor(abs / QTY_SCALE);
  const frac = String(abs % QTY_SCALE)
    .padStart(3, '0')
    .replace(/0+$/, '');
  return `${sign}${whole}${frac ? `.${frac}` : ''}`;
}

/** minor × 10^-scale as an exact decimal with at least `min` digits after the point. */
function scaledDecimal(value: bigint, scale: number, min: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  let whole = digits.slice(0, digits.length - scale);
  let frac = digits.slice(digits.length - scale);
  while (frac.length > min && frac.endsWith('0')) frac = frac.slice(0, -1);
  whole = whole.replace(/^0+(?=\d)/, '');
  return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

/** How a line is written in an accounting format: quantity and unit price that give its amount, and a note if not. */
function priced(line: ExLine, w: Writer): { qty: string; rate: string; note: string } {
  if (line.amount === line.lineTotal && line.lineDiscount === 0)
    return { qty: quantityText(line.qty), rate: w.money(line.unitPrice), note: '' };
  // amount / (qty / 1000) in minor units, exact with up to 4 more decimals.
  for (let extra = 0; extra <= 4; extra++) {
    const numerator = BigInt(line.amount) * BigInt(QTY_SCALE) * 10n ** BigInt(extra);
    if (numerator % BigInt(line.qty) === 0n)
      return {
        qty: quantityText(line.qty),
        rate: scaledDecimal(numerator / BigInt(line.qty), w.digits + extra, w.digits),
        note: '',
      };
  }
  return {
    qty: '1',
    rate: w.money(line.amount),
    note: ` (${quantityText(line.qty)} × ${w.money(line.unitPrice)}, discounted)`,
  };
}

const withSerials = (line: ExLine) => (line.serials.length ? ` (S/N: ${line.serials.join('; ')})` : '');
const itemName = (line: ExLine) => line.productName || line.description;

interface Table {
  columns: string[];
  rows: string[][];
}

function quickbooksOnline(invoices: readonly ExInvoice[], w: Writer): Table {
  const columns = [
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
  ];
  const rows = invoices.flatMap((inv) =>
    inv.lines.map((l) => {
      const { qty, rate, note } = priced(l, w);
      return [
        inv.number,
        inv.customer,
        w.usDate(inv.date),
        w.usDate(inv.dueDate),
        inv.terms,
        itemName(l),
        `${l.description}${note}${withSerials(l)}`,
        qty,
        rate,
        w.money(l.amount),
        l.taxable ? 'Y' : 'N',
        l.taxable ? l.taxRateName : '',
      ];
    }),
  );
  return { columns, rows };
}

export const IIF_ACCOUNTS = {
  receivable: 'Accounts Receivable',
  income: 'Sales',
  salesTax: 'Sales Tax Payable',
  undeposited: 'Undeposited Funds',
} as const;
const IIF_TRNS = [
  '!TRNS',
  'TRNSID',
  'TRNSTYPE',
  'DATE',
  'ACCNT',
  'NAME',
  'AMOUNT',
  'DOCNUM',
  'MEMO',
  'DUEDATE',
  'TERMS',
];
const IIF_SPL = ['!SPL', 'SPLID', 'TRNSTYPE', 'DATE', 'ACCNT', 'NAME', 'AMOUNT', 'DOCNUM', 'MEMO', 'INVITEM'].concat([
  'QNTY',
  'PRICE',
  'TAXABLE',
]);
/** The three header lines an IIF file of invoices and payments starts with. */
export const IIF_HEADER = [IIF_TRNS, IIF_SPL, ['!ENDTRNS']];

/** IIF fields cannot hold a tab or a line break. */
const iifField = (value: string) => value.replace(/[\t\r\n]+/g, ' ');

function quickbooksDesktop(invoices: readonly ExInvoice[], payments: readonly ExPayment[], w: Writer): Table {
  const rows: string[][] = [];
  const { receivable, income, salesTax, undeposited } = IIF_ACCOUNTS;
  for (const inv of invoices) {
    const date = w.usDate(inv.date);
    const due = w.usDate(inv.dueDate);
    rows.push([
      'TRNS',
      '',
      'INVOICE',
      date,
      receivable,
      inv.customer,
      w.money(inv.total),
      inv.number,
      '',
      due,
      inv.terms,
    ]);
    for (const l of inv.lines) {
      const { qty, rate, note } = priced(l, w);
      rows.push([
        'SPL',
        '',
        'INVOICE',
        date,
        income,
        inv.customer,
        w.money(-l.amount),
        inv.number,
        `${l.description}${note}${withSerials(l)}`,
        itemName(l),
        qty.startsWith('-') ? qty.slice(1) : `-${qty}`,
        rate,
        l.taxable ? 'Y' : 'N',
      ]);
    }
    const rates = [...new Set(inv.lines.filter((l) => l.taxable).map((l) => l.taxRateName))];
    rows.push([
      'SPL',
      '',
      'INVOICE',
      date,
      salesTax,
      '',
      w.money(-inv.tax),
      inv.number,
      rates.length ? `Sales tax (${rates.join(', ')})` : 'Sales tax',
      rates.join(' + '),
      '',
      '',
      'N',
    ]);
    rows.push(['ENDTRNS']);
  }
  for (const p of payments) {
    const date = w.usDate(p.date);
    const memo = [p.method, p.reference, ...p.invoices.map((i) => i.number)].filter(Boolean).join(' ');
    rows.push(['TRNS', '', 'PAYMENT', date, undeposited, p.customer, w.money(p.amount), p.number, memo, '', '']);
    rows.push(['SPL', '', 'PAYMENT', date, receivable, p.customer, w.money(-p.amount), p.number, memo, '', '', '', '']);
    rows.push(['ENDTRNS']);
  }
  return { columns: IIF_TRNS, rows: rows.map((r) => r.map(iifField)) };
}

function xero(invoices: readonly ExInvoice[], w: Writer, settings: ExportSettings): Table {
  const columns = [
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
  ];
  const types = new Map(settings.xeroTaxTypes.map((t) => [t.taxRateId, t.taxType]));
  const rows = invoices.flatMap((inv) =>
    inv.lines.map((l) => {
      const { qty, rate, note } = priced(l, w);
      const taxType = !l.taxable
        ? settings.xeroNoTaxType
        : ((l.taxRateId !== null ? types.get(l.taxRateId) : undefined) ?? DEFAULT_XERO_TAX_TYPE);
      return [
        inv.customer,
        inv.email,
        inv.number,
        w.xeroDate(inv.date),
        w.xeroDate(inv.dueDate),
        `${l.description}${note}${withSerials(l)}`,
        qty,
        rate,
        settings.xeroSalesAccount,
        taxType,
      ];
    }),
  );
  return { columns, rows };
}

/** Plain CSVs are opened in spreadsheets: every text cell is guarded against formulas (core/csv.ts csvText). */
function plain(columns: string[], rows: Array<Array<string | { amount: string }>>): Table {
  return {
    columns,
    rows: rows.map((r) => r.map((cell) => (typeof cell === 'string' ? csvText(cell) : cell.amount))),
  };
}

function invoicesCsv(invoices: readonly ExInvoice[], w: Writer): Table {
  const m = (minor: number) => ({ amount: w.money(minor) });
  return plain(
    [
      'Number',
      'Date',
      'Due date',
      'Customer',
      'Email',
      'Status',
      'Terms',
      'Subtotal',
      'Discount',
      'Tax',
      'Total',
    ].concat(['Paid', 'Balance', 'Notes']),
    invoices.map((i) => [
      i.number,
      i.date,
      i.dueDate,
      i.customer,
      i.email,
      invoiceStatusLabel[i.status],
      i.terms,
      m(i.subtotal),
      m(i.discount),
      m(i.tax),
      m(i.total),
      m(i.paid),
      m(i.balance),
      i.notes,
    ]),
  );
}

function invoiceLinesCsv(invoices: readonly ExInvoice[], w: Writer): Table {
  const m = (minor: number) => ({ amount: w.money(minor) });
  return plain(
    [
      'Invoice number',
      'Invoice date',
      'Status',
      'Customer',
      'Line',
      'SKU',
      'Description',
      'Quantity',
      'Unit price',
    ].concat(['Discount', 'Line total', 'Taxable', 'Tax rate', 'Tax rate %', 'Serial numbers']),
    invoices.flatMap((i) =>
      i.lines.map((l, at) => [
        i.number,
        i.date,
        invoiceStatusLabel[i.status],
        i.customer,
        { amount: String(at + 1) },
        l.sku,
        l.description,
        { amount: quantityText(l.qty) },
        m(l.unitPrice),
        m(l.lineDiscount),
        m(l.lineTotal),
        l.taxable ? 'Yes' : 'No',
        l.taxable ? l.taxRateName : '',
        { amount: l.taxable ? scaledDecimal(BigInt(l.taxRateBp), 2, 0) : '' },
        l.serials.join('; '),
      ]),
    ),
  );
}

function paymentsCsv(payments: readonly ExPayment[], w: Writer): Table {
  const m = (minor: number) => ({ amount: w.money(minor) });
  return plain(
    ['Number', 'Date', 'Customer', 'Method', 'Amount', 'Store credit', 'Reference', 'Invoices', 'Notes'],
    payments.map((p) => [
      p.number,
      p.date,
      p.customer,
      p.method,
      m(p.amount),
      m(p.credit),
      p.reference,
      p.invoices.map((i) => `${i.number} ${w.money(i.amount)}`).join('; '),
      p.notes,
    ]),
  );
}

function serialsCsv(serials: readonly ExSerial[]): Table {
  return plain(
    ['Serial', 'Product', 'SKU', 'Status', 'Location', 'Invoice number', 'Customer', 'Received'],
    serials.map((s) => [s.serial, s.product, s.sku, s.status, s.location, s.invoiceNumber, s.customer, s.receivedAt]),
  );
}

const FILE_STEM: Record<ExportFormat, string> = {
  quickbooks_online: 'quickbooks-online-invoices',
  quickbooks_desktop: 'quickbooks-desktop',
  xero: 'xero-sales-invoices',
  invoices_csv: 'invoices',
  invoice_lines_csv: 'invoice-lines',
  payments_csv: 'payments',
  serials_csv: 'serial-numbers',
};

export function exportFileName(range: ExportRange): string {
  const ext = range.format === 'quickbooks_desktop' ? 'iif' : 'csv';
  return `${FILE_STEM[range.format]}-${range.from}-to-${range.to}.${ext}`;
}

export const exportMimeType = (format: ExportFormat): string =>
  format === 'quickbooks_desktop' ? 'application/octet-stream' : 'text/csv';

export interface BuiltExport extends ExportPreview {
  /** The whole file's text. */
  text: string;
}

/**
 * The whole export for a range: its columns, every row, the counts and the file's text. CSV: UTF-8 with a BOM, RFC
 * 4180 quoting, CRLF. IIF: tab-separated, CRLF, no BOM (QuickBooks Desktop reads the first line's !TRNS as is).
 */
export async function buildExport(ctx: ReadCtx, range: ExportRange, report: Report = () => {}): Promise<BuiltExport> {
  if (range.from > range.to) throw new AppError('invalid_input', 'The start date is after the end date.');
  const [currency, locale] = await Promise.all([shopCurrency(ctx), shopLocale(ctx)]);
  const w = writer(currency, locale);
  const { format } = range;
  const needsInvoices = format !== 'payments_csv';
  const needsPayments = format === 'quickbooks_desktop' || format === 'payments_csv';
  report(0, 0, 'Reading invoices…');
  const invoices = needsInvoices ? await loadInvoices(ctx, range, report) : [];
  const payments = needsPayments ? await loadPayments(ctx, range) : [];
  const serials = format === 'serials_csv' ? await loadSerials(ctx, range, invoices) : [];
  const settings = format === 'xero' ? await getExportSettings(ctx) : null;
  const table: Table =
    format === 'quickbooks_online'
      ? quickbooksOnline(invoices, w)
      : format === 'quickbooks_desktop'
        ? quickbooksDesktop(invoices, payments, w)
        : format === 'xero'
          ? xero(invoices, w, settings!)
          : format === 'invoices_csv'
            ? invoicesCsv(invoices, w)
            : format === 'invoice_lines_csv'
              ? invoiceLinesCsv(invoices, w)
              : format === 'payments_csv'
                ? paymentsCsv(payments, w)
                : serialsCsv(serials);
  report(table.rows.length, table.rows.length, 'Writing the file…');
  const text =
    format === 'quickbooks_desktop'
      ? [...IIF_HEADER, ...table.rows].map((r) => `${r.join('\t')}\r\n`).join('')
      : BOM + csvRecords([table.columns, ...table.rows]);
  const lines = format === 'serials_csv' ? [] : invoices.flatMap((i) => i.lines);
  return {
    format,
    fileName: exportFileName(range),
    columns: table.columns,
    rows: table.rows,
    totalRows: table.rows.length,
    counts: {
      invoices: format === 'serials_csv' ? 0 : invoices.length,
      lines: lines.length,
      payments: payments.length,
      serials: format === 'serials_csv' ? serials.length : lines.reduce((n, l) => n + l.serials.length, 0),
    },
    text,
  };
}

/** The first rows of the export and its counts, as it will be written. */
export async function previewExport(ctx: ReadCtx, range: ExportRange): Promise<ExportPreview> {
  const { text: _text, ...built } = await buildExport(ctx, range);
  return { ...built, rows: built.rows.slice(0, PREVIEW_ROWS) };
}

// The job: a worker thread on its own connection (exportWorker.ts), or in-process for an in-memory store.

export interface ExportWorkerData {
  location: string;
  range: ExportRange;
  actor: string;
  /** The caller's clock at the start (the worker's runs on from it). */
  clock: { at: number; wall: number };
}

export type ExportWorkerMessage =
  | { type: 'progress'; done: number; total: number; message: string }
  | { type: 'done'; text: string; fileName: string }
  | { type: 'failed'; error: AppErrorValue };

/** Any failure of an export as an error value (it crosses from the worker as one). */
export function exportFailure(e: unknown): AppErrorValue {
  if (e instanceof AppError) return e.toValue();
  const failure = classifyDbError(e);
  if (failure === 'unreachable')
    return { code: 'unreachable', message: 'The shop server could not be reached: no file was made. Try again.' };
  return { code: 'internal', message: `The export failed: ${(e as Error)?.message ?? String(e)}` };
}

/**
 * The worker's script: beside this module when run from source (Node strips the types), and beside the main bundle
 * as exportWorker.cjs in the built app (scripts/bundles.ts).
 */
export function exportWorkerFile(dir: string = import.meta.dirname): string {
  const bundled = path.join(dir, 'exportWorker.cjs');
  return fs.existsSync(bundled) ? bundled : path.join(dir, 'exportWorker.ts');
}

/** The store's file or shop server URL, or '' for an in-memory store (which another thread cannot open). */
export async function storeLocation({ db }: ReadCtx): Promise<string> {
  const url = postgresUrlOf(db);
  if (url !== undefined || isPostgres(db)) return url ?? '';
  const { rows } = await sql<{ file: string }>`SELECT file FROM pragma_database_list WHERE name = 'main'`.execute(db);
  return rows[0]?.file ?? '';
}

function inWorker(data: ExportWorkerData, report: Report, signal: AbortSignal): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const worker = new Worker(exportWorkerFile(), { workerData: data, name: 'export' });
    let settled = false;
    const stop = () => void worker.terminate();
    signal.addEventListener('abort', stop, { once: true });
    worker.on('message', (m: ExportWorkerMessage) => {
      if (m.type === 'progress') return report(m.done, m.total, m.message);
      settled = true;
      signal.removeEventListener('abort', stop);
      if (m.type === 'done') resolve(m.text);
      else reject(new AppError(m.error.code, m.error.message, m.error.details));
    });
    worker.on('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled)
        reject(new AppError('internal', `The export stopped unexpectedly (exit code ${code}): no file was made.`));
    });
  });
}

/** Starts the export as a file job: progress from fileJobProgress, the file from fileJobResult once done. */
export async function startExport(ctx: ReadCtx, range: ExportRange): Promise<FileJob> {
  if (range.from > range.to) throw new AppError('invalid_input', 'The start date is after the end date.');
  const location = await storeLocation(ctx);
  const fileName = exportFileName(range);
  return startFileJob('export', 0, 'Reading invoices…', async (control): Promise<MadeFile> => {
    const report: Report = (done, total, message) => control.progress(done, total, message);
    const text = location
      ? await inWorker(
          { location, range, actor: ctx.actor, clock: { at: ctx.now().getTime(), wall: Date.now() } },
          report,
          control.signal,
        )
      : (await buildExport(ctx, range, report)).text;
    return { fileName, mimeType: exportMimeType(range.format), bytes: new Uint8Array(Buffer.from(text, 'utf8')) };
  });
}
