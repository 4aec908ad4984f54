// The one contract across the process boundary. Every call the renderer can make is named here
// with its zod input schema and its result type; ipc.ts, preload.ts, the web host and the
// renderer's client are all derived from this object, so a method exists everywhere or nowhere.
// Pure (zod + types only): bundled into the preload and the renderer.
import { z } from 'zod';
import type { AppErrorValue } from '../db/errors.ts';
import { MAX_QTY, MAX_UNIT_PRICE_MINOR } from '../db/money.ts';
import { scannerSettingsSchema, type ScannerSettings } from './scanner/settings.ts';
import type {
  AppInfo, Customer, Invoice, InvoiceSummary, Location, Page, Product, ReceiptResult, SerialMatch, SerialUnit,
} from '../db/model.ts';

/** A method: its input schema, and its result type carried as a phantom. */
export interface MethodDef<I extends z.ZodType, R> {
  readonly input: I;
  readonly result?: R;
}
const returns = <R>() => <I extends z.ZodType>(input: I): MethodDef<I, R> => ({ input });

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const text = (max: number) => z.string().max(max);
const minor = z.number().int().min(0).max(MAX_UNIT_PRICE_MINOR);
const qty = z.number().int().min(1).max(MAX_QTY);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'a real calendar date');
const none = z.strictObject({});

export const receiveGoodsInput = z.strictObject({
  locationId: id,
  reference: text(200).optional(),
  lines: z.array(z.strictObject({
    productId: id,
    qty,
    unitCostMinor: minor.optional(),
    serials: z.array(z.strictObject({ serial: text(100), conditionNotes: text(500).optional() })).max(MAX_QTY).optional(),
  })).min(1).max(1000),
});

export const invoiceLineInput = z.strictObject({
  productId: id,
  description: text(500),
  qty,
  unitPriceMinor: minor,
  taxable: z.boolean(),
  serialIds: z.array(id).max(MAX_QTY),
});

export const saveInvoiceInput = z.strictObject({
  /** Absent for a new invoice. */
  id: id.optional(),
  /** The revision the editor loaded; a save over a newer revision is refused. */
  revision: z.number().int().min(1).optional(),
  customerId: id,
  locationId: id,
  invoiceDate: isoDate,
  notes: text(2000).default(''),
  lines: z.array(invoiceLineInput).min(1, 'An invoice needs at least one line.').max(2000),
});

export const contract = {
  appInfo: returns<AppInfo>()(none),
  listLocations: returns<Location[]>()(none),
  listCustomers: returns<Customer[]>()(none),
  searchProducts: returns<Product[]>()(z.strictObject({ query: text(200), limit: z.number().int().min(1).max(100).default(20) })),
  findProductByCode: returns<Product | null>()(z.strictObject({ code: text(200) })),
  receiveGoods: returns<ReceiptResult>()(receiveGoodsInput),
  /** An SN: scan, or a GS1 code with a serial: then only the product with that GTIN. */
  lookupSerial: returns<SerialMatch[]>()(z.strictObject({ serial: text(100), gtin: z.string().regex(/^\d{8,14}$/).optional() })),
  availableSerials: returns<SerialUnit[]>()(z.strictObject({ productId: id, locationId: id, invoiceId: id.optional() })),
  saveInvoice: returns<Invoice>()(saveInvoiceInput),
  getScannerSettings: returns<ScannerSettings>()(none),
  saveScannerSettings: returns<ScannerSettings>()(scannerSettingsSchema),
  getInvoice: returns<Invoice>()(z.strictObject({ id })),
  listInvoices: returns<Page<InvoiceSummary>>()(z.strictObject({
    customerId: id.optional(),
    status: z.enum(['draft', 'issued', 'partially_paid', 'paid', 'void']).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    limit: z.number().int().min(1).max(200).default(50),
    offset: z.number().int().min(0).default(0),
  })),
};

export type Contract = typeof contract;
export type MethodName = keyof Contract;
/** What a caller sends (defaults not yet applied). */
export type InputOf<M extends MethodName> = z.input<Contract[M]['input']>;
/** What a handler receives, after validation. */
export type ParsedInputOf<M extends MethodName> = z.output<Contract[M]['input']>;
export type ResultOf<M extends MethodName> = Contract[M] extends MethodDef<z.ZodType, infer R> ? R : never;

/** Errors cross the boundary as values, never as thrown exceptions. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: AppErrorValue };

/** The API the renderer sees (window.pos in Electron, HTTP in browser mode, in-process in tests). */
export type PosApi = { [M in MethodName]: (input: InputOf<M>) => Promise<Outcome<ResultOf<M>>> };

export const methodNames = Object.keys(contract) as MethodName[];

export const isMethodName = (name: unknown): name is MethodName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);

/** IPC channel names, one per method, all in one place. */
export const channelFor = (method: MethodName): string => `pos:${method}`;
/** Main → renderer: scanner events (scans, rollbacks of leaked keys, abandoned runs). */
export const SCANNER_EVENT_CHANNEL = 'pos:scanner-event';
