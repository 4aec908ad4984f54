// The one contract across the process boundary. Every call the renderer can make is named here
// with its zod input schema and its result type; ipc.ts, preload.ts, the web host and the
// renderer's client are all derived from this object, so a method exists everywhere or nowhere.
// Pure (zod + types only): bundled into the renderer and the main process; the preload needs only
// the names (core/methods.ts).
import { z } from 'zod';
import type { AppErrorValue } from './errors.ts';
import type { MethodName } from './methods.ts';
import {
  DISCOUNT_KINDS,
  DOCUMENT_KINDS,
  EXPORT_FORMATS,
  PAPER_SIZES,
  SMTP_SECURITY,
  IMPORT_KINDS,
  RECEIPT_WIDTHS,
  REFUND_TO,
  RETURN_DISPOSITIONS,
  STAFF_ROLES,
  INVOICE_BULK_ACTIONS,
  INVOICE_LIST_FILTERS,
  INVOICE_SORTS,
  LABEL_CODES,
  LABEL_SIZES,
  LOCATION_KINDS,
  PURCHASE_ORDER_ACTIONS,
  PURCHASE_ORDER_STATUSES,
  SERIAL_FILTER_STATUSES,
} from './enums.ts';
import { GOODS_ISSUE_REASONS, GOODS_ISSUE_STATUSES } from './enums.ts';
import { TRANSFER_STATUSES } from './enums.ts';
import { STOCK_COUNT_STATUSES } from './enums.ts';
import { DEPOSIT_KINDS } from './enums.ts';
import { ESTIMATE_STATUSES } from './enums.ts';
import { BILLING_STATUSES } from './enums.ts';
import { CONTACT_FIELD_KINDS } from './enums.ts';
import { RECURRING_ACTIONS, RECURRING_FREQUENCIES, RECURRING_LINE_KINDS, RECURRING_STATUSES } from './enums.ts';
import { TICKET_CHARGE_ORDERS } from './enums.ts';
import { MAX_QTY, MAX_QTY_MILLI, MAX_UNIT_PRICE_MINOR } from './money.ts';
import { controlMessage, isNotesText, isPlainText } from './text.ts';
import { scannerSettingsSchema, type ScannerSettings } from './scan/settings.ts';
import type {
  ApiKeyRow,
  ApiSettings,
  DocumentHtml,
  DocumentSettings,
  EmailMessage,
  EmailOutcome,
  EmailSettings,
  ExportPreview,
  ExportSettings,
  FileDownload,
  FileJob,
  NewApiKey,
  AppInfo,
  BulkResult,
  CounterSettings,
  CreditNote,
  HeldSale,
  ReturnableSale,
  ReturnResult,
  SaleReceipt,
  SaleResult,
  SessionInfo,
  StaffMember,
  StockOnHand,
  TillReport,
  TillSession,
  TillSessionSummary,
  Customer,
  CustomerAccount,
  GoodsReceipt,
  ImportJob,
  ImportPreview,
  Invoice,
  InvoiceGlance,
  InvoiceSummary,
  LabelsHtml,
  LabelUnit,
  Location,
  Page,
  PaymentMethod,
  PaymentRow,
  PaymentTerms,
  Product,
  ProductStockByLocation,
  ProductWithStock,
  PurchaseOrder,
  PurchaseOrderReceipt,
  PurchaseOrderSummary,
  ReceiptResult,
  SerialCheck,
  SerialHistory,
  SerialMatch,
  SerialRow,
  SerialUnit,
  ShopSettings,
  StoreConnectionCheck,
  StoreInfo,
  StoreMoveReport,
  TaxRate,
  Vendor,
} from './model.ts';

/** A method: its input schema, and its result type carried as a phantom. */
export interface MethodDef<I extends z.ZodType, R> {
  readonly input: I;
  readonly result?: R;
}
const returns =
  <R>() =>
  <I extends z.ZodType>(input: I): MethodDef<I, R> => ({ input });

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const text = (max: number) => z.string().max(max);
const noControl = isPlainText;
const noControlButLines = isNotesText;
/** One-line text (names, codes, contacts): no control character at all. */
const plainText = (max: number, what: string) => text(max).refine(noControl, controlMessage(what));
/** Multi-line text (notes, reasons): tab and line breaks are fine, other control characters are not. */
const notesText = (max: number, what: string) => text(max).refine(noControlButLines, controlMessage(what));
const minor = z.number().int().min(0).max(MAX_UNIT_PRICE_MINOR);
const qty = z.number().int().min(1).max(MAX_QTY);
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine(
    (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    'a real calendar date',
  );
const none = z.strictObject({});

/** A staff PIN: 4 to 8 digits. */
const pin = z.string().regex(/^\d{4,8}$/, 'a PIN of 4 to 8 digits');
/** A Manager's or Admin's PIN, given in the approval dialog when the one signed in may not do this alone. */
const approvalPin = pin.optional();

/** A discount: percent (value in basis points: 1000 = 10 %) or amount (minor units), with its reason. */
export const discountInput = z
  .strictObject({
    kind: z.enum(DISCOUNT_KINDS),
    value: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    reason: plainText(200, 'discount reason').default(''),
  })
  .refine((d) => d.kind !== 'percent' || d.value <= 10_000, 'A discount is at most 100%.');

export const receiveGoodsInput = z.strictObject({
  locationId: id,
  reference: plainText(200, 'reference').optional(),
  lines: z
    .array(
      z.strictObject({
        productId: id,
        qty,
        unitCostMinor: minor.optional(),
        serials: z
          .array(z.strictObject({ serial: text(100), conditionNotes: notesText(500, 'condition notes').optional() }))
          .max(MAX_QTY)
          .optional(),
      }),
    )
    .min(1)
    .max(1000),
});

export const invoiceLineInput = z.strictObject({
  /** The saved line this is, on an edit; absent for a new line. Unchanged lines keep their row and id. */
  id: id.optional(),
  /** Null: a manual item (its description is its name). */
  productId: id.nullable(),
  description: plainText(500, 'line description'),
  /** Thousandths (1.5 is 1500); serial-tracked lines whole units only. */
  qty: z.number().int().min(1, 'A quantity must be above 0.').max(MAX_QTY_MILLI),
  unitPriceMinor: minor,
  taxable: z.boolean(),
  /** The line's tax rate; absent: the product's rate, else the shop's default (a kept line keeps its saved rate). */
  taxRateId: id.nullable().optional(),
  serialIds: z.array(id).max(MAX_QTY),
  /** A line discount (off quantity × price). */
  discount: discountInput.nullable().default(null),
});

/**
 * An invoice's line may also be a ticket's deposit line (Make Invoice): the one place a price is below 0, when it
 * names its deposit charge or is a saved line kept (the service checks that it is a deposit of the invoice's ticket).
 */
const savedInvoiceLineInput = invoiceLineInput.extend({
  unitPriceMinor: z.number().int().min(-MAX_UNIT_PRICE_MINOR).max(MAX_UNIT_PRICE_MINOR),
  /** A ticket invoice's deposit line: the deposit charge it takes off. */
  depositChargeId: id.optional(),
  /** 0 only on a counted line (checked below). */
  qty: z.number().int().min(0, 'A quantity must be above 0.').max(MAX_QTY_MILLI),
  /** A recurring counter line: its quantity was counted at the run and may be 0. Absent: a kept line keeps its own. */
  counted: z.boolean().optional(),
});
const invoiceLinesInput = z
  .array(savedInvoiceLineInput)
  .min(1, 'An invoice needs at least one line.')
  .max(2000)
  .superRefine((lines, issues) =>
    lines.forEach((l, i) => {
      if (l.unitPriceMinor < 0 && l.depositChargeId === undefined && l.id === undefined) {
        issues.addIssue({ code: 'custom', message: 'A price cannot be below 0.', path: [i, 'unitPriceMinor'] });
      }
      // A counted line may hold 0 (a kept line that does not say keeps its saved flag: the service checks that one).
      if (l.qty === 0 && l.counted !== true && !(l.counted === undefined && l.id !== undefined)) {
        issues.addIssue({ code: 'custom', message: 'A quantity must be above 0.', path: [i, 'qty'] });
      }
    }),
  );

/** A labour entry of a ticket: technician, labour product, note, billable. */
const labourInput = z.strictObject({
  ticketId: id,
  staffId: id,
  productId: id,
  note: notesText(1000, 'note').default(''),
  billable: z.boolean(),
});

export const saveInvoiceInput = z.strictObject({
  /** Absent for a new invoice. */
  id: id.optional(),
  /** The revision the editor loaded; a save over a newer revision is refused. */
  revision: z.number().int().min(1).optional(),
  /** Save draft (true): the invoice stays a Draft, its units Reserved. Save (false): finalised, Draft → Sent. */
  draft: z.boolean().default(false),
  customerId: id,
  locationId: id,
  invoiceDate: isoDate,
  /** The terms' name ("Net 30"); '' for the shop's default terms. */
  terms: plainText(100, 'terms').default(''),
  /** Absent: the invoice date plus the terms' days. */
  dueDate: isoDate.optional(),
  notes: notesText(2000, 'notes').default(''),
  lines: invoiceLinesInput,
  /** The sale discount (off the subtotal; tax is on what is left). */
  discount: discountInput.nullable().default(null),
  /** A manager's PIN, for a discount above the limit or a price below cost. */
  approvalPin,
});

/** A counter sale: an invoice without terms or due date (it is paid at once), held or completed. */
export const saleInput = saveInvoiceInput.omit({ draft: true, terms: true, dueDate: true, approvalPin: true });

/** One tender at the counter: what was handed over by one method (cash above the amount due comes back as change). */
export const tenderInput = z.strictObject({
  methodId: id,
  amountMinor: z.number().int().min(1, 'A tender must be above 0.').max(Number.MAX_SAFE_INTEGER),
  reference: plainText(200, 'reference').default(''),
});

export const completeSaleInput = z.strictObject({
  sale: saleInput,
  /** None only when nothing is due (a sale of 0.00); the service refuses tenders short of the amount due. */
  tenders: z.array(tenderInput).max(20),
  approvalPin,
});

export const completeReturnInput = z.strictObject({
  invoiceId: id,
  lines: z
    .array(
      z.strictObject({
        invoiceLineId: id,
        /** Thousandths; for a serial-tracked line, 1000 per unit listed. */
        qty: z.number().int().min(1, 'A returned quantity must be above 0.').max(MAX_QTY_MILLI),
        units: z
          .array(z.strictObject({ serialId: id, disposition: z.enum(RETURN_DISPOSITIONS) }))
          .max(MAX_QTY)
          .default([]),
        /** Where a line without serials goes; absent: back to stock. */
        disposition: z.enum(RETURN_DISPOSITIONS).default('stock'),
      }),
    )
    .min(1, 'Pick something to return.')
    .max(2000),
  refundTo: z.enum(REFUND_TO),
  reason: notesText(500, 'return reason').default(''),
  approvalPin,
});

export const counterSettingsInput = z.strictObject({
  allowNegativeStock: z.boolean(),
  scanSound: z.boolean(),
  receiptWidth: z.enum(RECEIPT_WIDTHS),
  receiptPrinter: plainText(200, 'printer name').default(''),
  silentPrint: z.boolean(),
  discountLimitBp: z.number().int().min(0).max(10_000, 'A discount limit is at most 100%.'),
  returnWindowDays: z.number().int().min(0).max(3650),
  receiptFooter: notesText(500, 'receipt footer').default(''),
});

const amount = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const paymentFields = {
  methodId: id,
  reference: plainText(200, 'reference').default(''),
  /** The day the money came in; absent: today. */
  paidOn: isoDate.optional(),
  notes: notesText(2000, 'notes').default(''),
};

export const takePaymentInput = z.strictObject({
  invoiceId: id,
  amountMinor: amount,
  ...paymentFields,
  /** Keep what is above the balance as the customer's store credit (else an overpayment is refused). */
  excessToCredit: z.boolean().default(false),
});

export const receivePaymentInput = z.strictObject({
  customerId: id,
  amountMinor: amount,
  ...paymentFields,
  allocations: z.array(z.strictObject({ invoiceId: id, amountMinor: amount })).max(500),
  /** What the allocations leave goes to store credit (else it is refused). */
  remainderToCredit: z.boolean().default(false),
});

export const refundPaymentInput = z.strictObject({
  paymentId: id,
  /** Which invoice's part of the payment; may be left out when the payment applied to one invoice. */
  invoiceId: id.optional(),
  amountMinor: z.number().int().min(1, 'A refund must be above 0.').max(Number.MAX_SAFE_INTEGER),
  /** 'method': money back by methodId; 'credit': to the customer's store credit. */
  to: z.enum(['method', 'credit']),
  methodId: id.optional(),
  reference: plainText(200, 'reference').default(''),
  refundedOn: isoDate.optional(),
  notes: notesText(2000, 'notes').default(''),
  /** A refund needs a Manager or Admin: a cashier's call carries one's PIN. */
  approvalPin,
});

export const voidInvoiceInput = z.strictObject({
  id,
  revision: z.number().int().min(1).optional(),
  /** Required when the invoice has payments: refund them (by methodId, with reference) or keep them as credit. */
  payments: z.enum(['refund', 'credit']).optional(),
  methodId: id.optional(),
  reference: plainText(200, 'reference').default(''),
  /** A void needs a Manager or Admin: a cashier's call carries one's PIN. */
  approvalPin,
});

export const shopSettingsInput = z.strictObject({
  name: plainText(200, 'shop name').default(''),
  address: notesText(1000, 'address').default(''),
  phone: plainText(50, 'phone number').default(''),
  email: plainText(200, 'e-mail address').default(''),
  taxId: plainText(100, 'tax id').default(''),
  currency: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{3}$/, 'a three-letter currency code such as USD or EUR')
    .transform((c) => c.toUpperCase()),
  locale: z.string().trim().min(2).max(35).refine(noControl, controlMessage('locale')),
  invoicePrefix: z
    .string()
    .max(20)
    .regex(/^[A-Za-z0-9\-_/.#]*$/, 'letters, digits and - _ / . # only'),
});

/** The shop server's connection (Settings → Store): each field checked here, the URL built by core/storeServer.ts. */
export const storeServerInput = z.strictObject({
  host: z
    .string()
    .trim()
    .min(1, 'Enter the server: its name or IP address.')
    .max(253)
    .regex(/^[A-Za-z0-9._\-:[\]%]+$/, 'a host name or IP address (letters, digits, dots, hyphens)'),
  port: z.number().int().min(1, 'a port from 1 to 65535').max(65535, 'a port from 1 to 65535').default(5432),
  database: z.string().trim().min(1, 'Enter the database name.').max(63).refine(noControl, controlMessage('database')),
  user: z.string().trim().min(1, 'Enter the user name.').max(63).refine(noControl, controlMessage('user name')),
  password: z.string().max(1000).refine(noControl, controlMessage('password')).default(''),
  tls: z.boolean().default(false),
});
/** What the next start opens: this computer's SQLite file, or the shop server. */
export const storeChoiceInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('sqlite') }),
  storeServerInput.extend({ kind: z.literal('postgres') }),
]);

const name = (what: string) =>
  z.string().trim().min(1, `Enter the ${what}.`).max(200).refine(noControl, controlMessage(what));
const contact = {
  email: plainText(200, 'e-mail address').default(''),
  phone: plainText(50, 'phone number').default(''),
};
const serialText = z.string().max(100);
const page = {
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).max(100_000_000).default(0),
};
const importKind = z.enum(IMPORT_KINDS);
/** 100,000 rows of a few columns fit easily; the web host's body limit is above this. */
export const MAX_IMPORT_CHARS = 32 * 1024 * 1024;

export const productInput = z.strictObject({
  id: id.optional(),
  sku: z.string().trim().min(1, 'Enter the SKU.').max(64).refine(noControl, controlMessage('SKU')),
  barcode: z.string().trim().max(64).refine(noControl, controlMessage('barcode')).nullable().default(null),
  name: name('product name'),
  priceMinor: minor,
  taxable: z.boolean(),
  serialized: z.boolean(),
  maintainStock: z.boolean(),
  /** The product's default tax rate; null: the shop's default. */
  taxRateId: id.nullable().default(null),
  /** What the product is as a customer's asset ("Laptop"); '' none. Absent: none on a new product, an edit keeps it. */
  assetType: plainText(100, 'asset type').optional(),
});

export const purchaseOrderInput = z.strictObject({
  id: id.optional(),
  vendorId: id,
  locationId: id,
  notes: notesText(2000, 'notes').default(''),
  lines: z
    .array(
      z.strictObject({
        productId: id,
        qty,
        unitCostMinor: minor,
        /** The ticket the line is for, and its line item waiting for the units (Order for this ticket). */
        ticketId: id.nullable().optional(),
        ticketChargeId: id.nullable().optional(),
      }),
    )
    .min(1, 'A purchase order needs at least one line.')
    .max(1000),
});

/** A goods issue draft: lines of product and quantity (thousandths, whole units); serial-tracked lines name units. */
export const goodsIssueInput = z.strictObject({
  id: id.optional(),
  /** The revision the screen loaded; a save over a newer revision is refused. */
  revision: z.number().int().min(1).optional(),
  locationId: id,
  reason: z.enum(GOODS_ISSUE_REASONS),
  /** Required for Other; a short note for any other reason. */
  reasonText: plainText(200, 'reason').default(''),
  notes: notesText(2000, 'notes').default(''),
  lines: z
    .array(
      z.strictObject({
        productId: id,
        qty: z.number().int().min(1, 'A quantity must be above 0.').max(MAX_QTY_MILLI),
        serialIds: z.array(id).max(MAX_QTY).default([]),
      }),
    )
    .min(1, 'A goods issue needs at least one line.')
    .max(1000),
});

export const receivePurchaseOrderInput = z.strictObject({
  id,
  lines: z
    .array(
      z.strictObject({
        lineId: id,
        qty: z.number().int().min(0).max(MAX_QTY),
        serials: z
          .array(z.strictObject({ serial: serialText, conditionNotes: notesText(500, 'condition notes').optional() }))
          .max(MAX_QTY)
          .optional(),
      }),
    )
    .min(1)
    .max(1000),
});

/** One e-mail address, or several separated by commas (To and Cc). */
const emailList = (what: string, required: boolean) =>
  z
    .string()
    .trim()
    .max(1000)
    .refine((v) => !required || v !== '', `Enter the ${what} address.`)
    .refine(
      (v) =>
        v === '' ||
        v
          .split(',')
          .map((a) => a.trim())
          .every((a) => /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/.test(a)),
      `The ${what} address is not an e-mail address (name@example.com; several separated by commas).`,
    );

export const emailInvoiceInput = z.strictObject({
  invoiceId: id,
  /** Absent: the customer's e-mail address. */
  to: emailList('To', true).optional(),
  cc: emailList('Cc', false).default(''),
  /** Absent or '': "Invoice INV-000001 from <shop>". */
  subject: plainText(300, 'subject').optional(),
  message: notesText(10_000, 'message').default(''),
});

export const emailSettingsInput = z.strictObject({
  host: z.string().trim().max(253).refine(noControl, controlMessage('SMTP host')),
  port: z.number().int().min(1, 'a port from 1 to 65535').max(65535, 'a port from 1 to 65535'),
  security: z.enum(SMTP_SECURITY),
  user: plainText(300, 'SMTP user').default(''),
  /** Absent: keep the password kept now; '': forget it. */
  password: z.string().max(1000).refine(noControl, controlMessage('password')).optional(),
  from: emailList('From', false).default(''),
});

export const exportInput = z
  .strictObject({ format: z.enum(EXPORT_FORMATS), from: isoDate, to: isoDate })
  .refine((r) => r.from <= r.to, { message: 'The start date is after the end date.', path: ['from'] });

const documentRef = z.strictObject({ kind: z.enum(DOCUMENT_KINDS), id });
/** The most labels one call lays out. */
const MAX_LABELS = 500;
/** Barcode labels for units: SN: Code 128 or GS1 DataMatrix (AI 01 + 21), on thermal labels or A4 sheets. */
const labelsInput = z.strictObject({
  serialIds: z.array(id).min(1, 'Choose at least one unit.').max(MAX_LABELS, `At most ${MAX_LABELS} labels at a time.`),
  size: z.enum(LABEL_SIZES),
  code: z.enum(LABEL_CODES),
  showPrice: z.boolean().default(false),
});

export const contract = {
  appInfo: returns<AppInfo>()(none),
  listLocations: returns<Location[]>()(none),
  listCustomers: returns<Customer[]>()(none),
  searchProducts: returns<Product[]>()(
    z.strictObject({ query: text(200), limit: z.number().int().min(1).max(100).default(20) }),
  ),
  findProductByCode: returns<Product | null>()(z.strictObject({ code: text(200) })),
  receiveGoods: returns<ReceiptResult>()(receiveGoodsInput),
  /** An SN: scan, or a GS1 code with a serial: then only the product with that GTIN. */
  lookupSerial: returns<SerialMatch[]>()(
    z.strictObject({
      serial: text(100),
      gtin: z
        .string()
        .regex(/^\d{8,14}$/)
        .optional(),
    }),
  ),
  availableSerials: returns<SerialUnit[]>()(
    z.strictObject({ productId: id, locationId: id, invoiceId: id.optional() }),
  ),
  saveInvoice: returns<Invoice>()(saveInvoiceInput),
  getScannerSettings: returns<ScannerSettings>()(none),
  saveScannerSettings: returns<ScannerSettings>()(scannerSettingsSchema),
  getInvoice: returns<Invoice>()(z.strictObject({ id })),
  listInvoices: returns<Page<InvoiceSummary>>()(
    z.strictObject({
      /** An invoice number, a customer's name, or a serial number sold, reserved or voided on it. */
      search: plainText(200, 'search').optional(),
      customerId: id.optional(),
      status: z.enum(INVOICE_LIST_FILTERS).optional(),
      from: isoDate.optional(),
      to: isoDate.optional(),
      /** True: only invoices a recurring template made (the list's "Recurring only"). */
      recurring: z.boolean().optional(),
      sort: z.enum(INVOICE_SORTS).default('date'),
      dir: z.enum(['asc', 'desc']).default('desc'),
      limit: z.number().int().min(1).max(200).default(50),
      offset: z.number().int().min(0).max(100_000_000).default(0),
    }),
  ),
  invoiceGlance: returns<InvoiceGlance>()(none),
  /** A customer's invoices that owe money, oldest first (Receive payment's default split). */
  openInvoices: returns<InvoiceSummary[]>()(z.strictObject({ customerId: id })),
  markInvoiceSent: returns<Invoice>()(z.strictObject({ id })),
  /** Set through the API when a customer portal reports the customer has seen it. */
  markInvoiceViewed: returns<Invoice>()(z.strictObject({ id })),
  voidInvoice: returns<Invoice>()(voidInvoiceInput),
  bulkInvoices: returns<BulkResult>()(
    z.strictObject({ action: z.enum(INVOICE_BULK_ACTIONS), ids: z.array(id).min(1).max(500) }),
  ),

  // Money
  takePayment: returns<Invoice>()(takePaymentInput),
  quickPay: returns<Invoice>()(z.strictObject({ id })),
  receivePayment: returns<PaymentRow>()(receivePaymentInput),
  refundPayment: returns<PaymentRow>()(refundPaymentInput),
  listPayments: returns<Page<PaymentRow>>()(
    z.strictObject({
      customerId: id.optional(),
      methodId: id.optional(),
      from: isoDate.optional(),
      to: isoDate.optional(),
      ...page,
    }),
  ),
  getCustomerAccount: returns<CustomerAccount>()(z.strictObject({ id })),
  /** The customer picker: part of a name, e-mail or phone. */
  searchCustomers: returns<Customer[]>()(
    z.strictObject({ query: text(200), limit: z.number().int().min(1).max(100).default(20) }),
  ),

  // Settings
  getShopSettings: returns<ShopSettings>()(none),
  saveShopSettings: returns<ShopSettings>()(shopSettingsInput),
  listTaxRates: returns<TaxRate[]>()(none),
  saveTaxRate: returns<TaxRate>()(
    z.strictObject({
      id: id.optional(),
      name: name('tax rate name'),
      rateBp: z.number().int().min(0).max(10_000, 'A tax rate is at most 100%.'),
      isDefault: z.boolean().default(false),
      archived: z.boolean().default(false),
    }),
  ),
  listPaymentMethods: returns<PaymentMethod[]>()(none),
  savePaymentMethod: returns<PaymentMethod>()(
    z.strictObject({
      id: id.optional(),
      name: name('payment method name'),
      isDefault: z.boolean().default(false),
      archived: z.boolean().default(false),
    }),
  ),
  listPaymentTerms: returns<PaymentTerms[]>()(none),
  savePaymentTerms: returns<PaymentTerms>()(
    z.strictObject({
      id: id.optional(),
      name: name('terms name'),
      days: z.number().int().min(0).max(3650),
      isDefault: z.boolean().default(false),
    }),
  ),

  // The store (Settings → Store, Admin only): these change the host's own settings or another database, never the
  // open store, so dispatch opens no transaction for them (core/methods.ts: host).
  storeInfo: returns<StoreInfo>()(none),
  /** Connects and checks the version and what the database holds; changes nothing. */
  testStoreConnection: returns<StoreConnectionCheck>()(storeServerInput),
  /** Kept for the next start (desktop only: the password with Electron's safeStorage); tested first. */
  saveStoreChoice: returns<StoreInfo>()(storeChoiceInput),
  /** Copies this computer's SQLite store into an empty database on the shop server (a worker thread). */
  moveStoreToServer: returns<StoreMoveReport>()(storeServerInput),

  // Catalog and people
  listProducts: returns<Page<ProductWithStock>>()(z.strictObject({ query: text(200).default(''), ...page })),
  saveProduct: returns<Product>()(productInput),
  saveLocation: returns<Location>()(
    z.strictObject({
      id: id.optional(),
      name: name('location name'),
      kind: z.enum(LOCATION_KINDS),
      isDefault: z.boolean().default(false),
    }),
  ),
  /** A name another customer has is refused (conflict, details.existing) unless allowDuplicateName. */
  saveCustomer: returns<Customer>()(
    z.strictObject({
      id: id.optional(),
      name: name('customer name'),
      ...contact,
      allowDuplicateName: z.boolean().default(false),
    }),
  ),
  listVendors: returns<Vendor[]>()(none),
  saveVendor: returns<Vendor>()(z.strictObject({ id: id.optional(), name: name('vendor name'), ...contact })),

  // Purchase orders and receiving
  listPurchaseOrders: returns<Page<PurchaseOrderSummary>>()(
    z.strictObject({
      status: z.enum(PURCHASE_ORDER_STATUSES).optional(),
      vendorId: id.optional(),
      ...page,
    }),
  ),
  getPurchaseOrder: returns<PurchaseOrder>()(z.strictObject({ id })),
  savePurchaseOrder: returns<PurchaseOrder>()(purchaseOrderInput),
  /** Cancelling needs a Manager or Admin (approvalPin from a cashier). */
  setPurchaseOrderStatus: returns<PurchaseOrder>()(
    z.strictObject({ id, action: z.enum(PURCHASE_ORDER_ACTIONS), approvalPin }),
  ),
  receivePurchaseOrder: returns<PurchaseOrderReceipt>()(receivePurchaseOrderInput),
  /** Which of these serial texts the product already has: the receiving console's inline check. */
  checkSerials: returns<SerialCheck>()(z.strictObject({ productId: id, serials: z.array(serialText).max(MAX_QTY) })),
  getReceipt: returns<GoodsReceipt>()(z.strictObject({ id })),

  // Staff and sign-in (sessionInfo, signIn, setupFirstAdmin and lock need nobody signed in: core/methods.ts)
  sessionInfo: returns<SessionInfo>()(none),
  signIn: returns<SessionInfo>()(z.strictObject({ pin: z.string().max(20) })),
  /** Only while the store has no staff: the first Admin. */
  setupFirstAdmin: returns<SessionInfo>()(z.strictObject({ name: name('name'), pin })),
  lock: returns<SessionInfo>()(none),
  listStaff: returns<StaffMember[]>()(none),
  /** A new member needs a PIN; an edit keeps the PIN unless one is given. Two staff never share a PIN. */
  saveStaff: returns<StaffMember>()(
    z.strictObject({
      id: id.optional(),
      name: name('name'),
      role: z.enum(STAFF_ROLES),
      pin: pin.optional(),
      active: z.boolean().default(true),
    }),
  ),

  // The counter
  getCounterSettings: returns<CounterSettings>()(none),
  saveCounterSettings: returns<CounterSettings>()(counterSettingsInput),
  /** On hand at a location, for the line grid's stock cell and oversell warning. */
  stockOnHand: returns<StockOnHand[]>()(z.strictObject({ productIds: z.array(id).max(2000), locationId: id })),
  /** Pay: one transaction makes the invoice Paid with a payment per tender, its units Sold and stock moved. */
  completeSale: returns<SaleResult>()(completeSaleInput),
  /** Hold: parks the sale as a Draft (units Reserved), listed by Recall. */
  holdSale: returns<Invoice>()(z.strictObject({ sale: saleInput, approvalPin })),
  listHeldSales: returns<HeldSale[]>()(none),
  /** A sale's receipt (reprint), or a credit note's refund receipt. */
  saleReceipt: returns<SaleReceipt>()(
    z
      .strictObject({ invoiceId: id.optional(), creditNoteId: id.optional() })
      .refine(
        (r) => (r.invoiceId === undefined) !== (r.creditNoteId === undefined),
        'either invoiceId or creditNoteId',
      ),
  ),

  // Tills
  /** This register's open session, or null. */
  currentTill: returns<TillSession | null>()(none),
  openTill: returns<TillSession>()(z.strictObject({ floatMinor: amount })),
  tillCash: returns<TillSession>()(
    z.strictObject({
      kind: z.enum(['cash_in', 'cash_out']),
      amountMinor: z.number().int().min(1, 'An amount must be above 0.').max(Number.MAX_SAFE_INTEGER),
      reason: plainText(200, 'reason').refine((r) => r.trim() !== '', 'Enter a reason.'),
    }),
  ),
  /** Opens the cash drawer without a sale: needs a Manager or Admin. */
  openDrawer: returns<TillSession>()(z.strictObject({ reason: plainText(200, 'reason').default(''), approvalPin })),
  /** X report of an open session, Z report of a closed one. */
  tillReport: returns<TillReport>()(z.strictObject({ id })),
  closeTill: returns<TillReport>()(
    z.strictObject({
      id,
      /** Counted as a total … */
      countedMinor: amount.optional(),
      /** … or by denomination (valueMinor × count). */
      denominations: z
        .array(
          z.strictObject({
            valueMinor: z.number().int().min(1).max(MAX_UNIT_PRICE_MINOR),
            count: z.number().int().min(0).max(1_000_000),
          }),
        )
        .max(50)
        .optional(),
    }),
  ),
  listTills: returns<Page<TillSessionSummary>>()(z.strictObject({ ...page })),

  // Returns
  /** A receipt barcode or invoice number, or SN:<serial> of a sold unit: the sale to return from. */
  findSale: returns<ReturnableSale>()(z.strictObject({ code: text(200) })),
  completeReturn: returns<ReturnResult>()(completeReturnInput),
  getCreditNote: returns<CreditNote>()(z.strictObject({ id })),

  // CSV import
  previewImport: returns<ImportPreview>()(z.strictObject({ kind: importKind, text: z.string().max(MAX_IMPORT_CHARS) })),
  startImport: returns<ImportJob>()(
    z.strictObject({ kind: importKind, text: z.string().max(MAX_IMPORT_CHARS), fileName: text(260).default('') }),
  ),
  importProgress: returns<ImportJob>()(z.strictObject({ jobId: z.string().uuid() })),
  cancelImport: returns<ImportJob>()(z.strictObject({ jobId: z.string().uuid() })),

  // Documents
  /** The document's PDF (the one print template, rendered by Chromium). */
  documentPdf: returns<FileDownload>()(documentRef),
  /** The template's HTML, for the browser's print dialog in browser mode. */
  documentHtml: returns<DocumentHtml>()(documentRef),
  getDocumentSettings: returns<DocumentSettings>()(none),
  saveDocumentSettings: returns<DocumentSettings>()(
    z.strictObject({
      paperSize: z.enum(PAPER_SIZES),
      logoDataUrl: z
        .string()
        .max(1_500_000, 'The logo is too large: use an image under 1 MB.')
        .regex(/^(data:image\/(png|jpeg|svg\+xml);base64,[A-Za-z0-9+/=]+)?$/, 'a PNG, JPEG or SVG image')
        .default(''),
    }),
  ),
  /** One PDF per invoice, in a zip: a job off the main thread (fileJobProgress, then fileJobResult). */
  startPdfBatch: returns<FileJob>()(z.strictObject({ ids: z.array(id).min(1).max(500) })),
  fileJobProgress: returns<FileJob>()(z.strictObject({ jobId: z.string().uuid() })),
  /** A finished job's file (the zip, the export). */
  fileJobResult: returns<FileDownload>()(z.strictObject({ jobId: z.string().uuid() })),
  cancelFileJob: returns<FileJob>()(z.strictObject({ jobId: z.string().uuid() })),

  // E-mail
  getEmailSettings: returns<EmailSettings>()(none),
  saveEmailSettings: returns<EmailSettings>()(emailSettingsInput),
  /** Sends a short test message to `to` with the settings as saved (or COUNTER_POS_SMTP_URL). */
  testEmailSettings: returns<{ message: string }>()(z.strictObject({ to: emailList('To', true) })),
  /** Sends the invoice's PDF; a Draft becomes Sent. When the server cannot take it, it waits in the outbox. */
  emailInvoice: returns<EmailOutcome>()(emailInvoiceInput),
  /** A counter receipt (a sale's or a refund's) by e-mail, with its PDF. */
  emailReceipt: returns<EmailOutcome>()(
    z
      .strictObject({ invoiceId: id.optional(), creditNoteId: id.optional(), to: emailList('To', true) })
      .refine(
        (r) => (r.invoiceId === undefined) !== (r.creditNoteId === undefined),
        'either invoiceId or creditNoteId',
      ),
  ),
  /** The outbox: messages not yet sent, oldest first. */
  listOutbox: returns<EmailMessage[]>()(none),
  /** The e-mails of one invoice (sent and queued), newest first. */
  listEmails: returns<EmailMessage[]>()(z.strictObject({ invoiceId: id })),
  /** Sends an outbox message now. */
  retryEmail: returns<EmailOutcome>()(z.strictObject({ id })),
  /** Deletes an outbox message (a sent one stays in the log). */
  deleteEmail: returns<{ id: number }>()(z.strictObject({ id })),

  // The local REST API
  listApiKeys: returns<ApiKeyRow[]>()(none),
  createApiKey: returns<NewApiKey>()(z.strictObject({ name: name('key name') })),
  revokeApiKey: returns<ApiKeyRow>()(z.strictObject({ id })),
  getApiSettings: returns<ApiSettings>()(none),
  saveApiSettings: returns<ApiSettings>()(
    z.strictObject({
      enabled: z.boolean(),
      port: z.number().int().min(1024, 'a port from 1024 to 65535').max(65535, 'a port from 1024 to 65535'),
      lan: z.boolean().default(false),
    }),
  ),

  // Accounting exports
  getExportSettings: returns<ExportSettings>()(none),
  saveExportSettings: returns<ExportSettings>()(
    z.strictObject({
      xeroSalesAccount: plainText(20, 'account code').default('200'),
      xeroTaxTypes: z
        .array(z.strictObject({ taxRateId: id, taxType: plainText(50, 'tax type') }))
        .max(100)
        .default([]),
      xeroNoTaxType: plainText(50, 'tax type').default('NONE'),
    }),
  ),
  previewExport: returns<ExportPreview>()(exportInput),
  startExport: returns<FileJob>()(exportInput),

  // Serial Numbers and history
  listSerials: returns<Page<SerialRow> & { hasMore: boolean }>()(
    z.strictObject({
      productId: id.optional(),
      status: z.enum(SERIAL_FILTER_STATUSES).optional(),
      locationId: id.optional(),
      text: text(100).optional(),
      ...page,
    }),
  ),
  serialHistory: returns<SerialHistory>()(z.strictObject({ id })),
  renameSerial: returns<SerialRow>()(z.strictObject({ id, serial: serialText, reason: notesText(500, 'reason') })),
  deleteSerial: returns<SerialRow>()(z.strictObject({ id, reason: notesText(500, 'reason') })),

  // ---- Stock movements: transfers ----
  listTransfers: returns<Page<import('./model.ts').TransferSummary>>()(
    /** missingUnits: only transfers with units still missing (marked missing, not found or written off). */
    z.strictObject({ status: z.enum(TRANSFER_STATUSES).optional(), missingUnits: z.boolean().optional(), ...page }),
  ),
  getTransfer: returns<import('./model.ts').Transfer>()(z.strictObject({ id })),
  /** Creates a Draft (TR-000001 …) or rewrites one from its revision; serial-tracked lines name their units. */
  saveTransfer: returns<import('./model.ts').Transfer>()(
    z.strictObject({
      id: id.optional(),
      revision: z.number().int().min(1).optional(),
      fromLocationId: id,
      toLocationId: id,
      notes: notesText(2000, 'notes').default(''),
      lines: z
        .array(
          z.strictObject({
            productId: id,
            qty: z.number().int().min(1, 'A quantity must be above 0.').max(MAX_QTY_MILLI),
            serialIds: z.array(id).max(MAX_QTY).default([]),
          }),
        )
        .min(1, 'A transfer needs at least one line.')
        .max(1000),
    }),
  ),
  /** Draft → In transit; oneStep: received at the destination in the same command. */
  sendTransfer: returns<import('./model.ts').Transfer>()(z.strictObject({ id, oneStep: z.boolean().default(false) })),
  /** In transit → Received: each unit received or marked missing; lines without serials arrive in full unless given. */
  receiveTransfer: returns<import('./model.ts').Transfer>()(
    z.strictObject({
      id,
      receivedSerialIds: z.array(id).max(MAX_QTY).default([]),
      missingSerialIds: z.array(id).max(MAX_QTY).default([]),
      lines: z
        .array(z.strictObject({ lineId: id, qtyReceived: z.number().int().min(0).max(MAX_QTY_MILLI) }))
        .max(1000)
        .default([]),
    }),
  ),
  /** A unit marked missing turned up at the destination: received there now. */
  markTransferUnitFound: returns<import('./model.ts').Transfer>()(z.strictObject({ id, serialId: id })),
  /** A unit still missing on a received transfer is written off, Lost (a Manager's command; no stock moves). */
  writeOffMissingUnit: returns<import('./model.ts').Transfer>()(
    z.strictObject({ transferId: id, serialId: id, approvalPin }),
  ),
  cancelTransfer: returns<import('./model.ts').Transfer>()(z.strictObject({ id })),
  /** One unit, from where it is In stock to this location, in one step (the counter's Transfer here; Counts). */
  transferHere: returns<import('./model.ts').Transfer>()(z.strictObject({ serialId: id, locationId: id })),

  // ---- Stock movements: goods issues ----
  listGoodsIssues: returns<Page<import('./model.ts').GoodsIssueSummary>>()(
    z.strictObject({ status: z.enum(GOODS_ISSUE_STATUSES).optional(), ...page }),
  ),
  getGoodsIssue: returns<import('./model.ts').GoodsIssue>()(z.strictObject({ id })),
  /** Creates a Draft (GI-000001 …) or rewrites one; a posted issue never changes. */
  saveGoodsIssue: returns<import('./model.ts').GoodsIssue>()(goodsIssueInput),
  /** Takes the stock out (one transaction). Needs a Manager or Admin: a cashier's call carries one's PIN. */
  postGoodsIssue: returns<import('./model.ts').GoodsIssue>()(
    z.strictObject({ id, revision: z.number().int().min(1).optional(), approvalPin }),
  ),
  deleteGoodsIssue: returns<{ deleted: true }>()(z.strictObject({ id })),
  /** A new goods receipt bringing a posted issue's stock back; needs a Manager or Admin. Once per issue. */
  reverseGoodsIssue: returns<import('./model.ts').GoodsIssue>()(z.strictObject({ id, approvalPin })),

  // ---- Stock movements: stock counts ----
  listStockCounts: returns<Page<import('./model.ts').StockCountSummary>>()(
    z.strictObject({ status: z.enum(STOCK_COUNT_STATUSES).optional(), ...page }),
  ),
  /** A count with its review: expected against counted, missing units, units in the wrong place, unknown serials. */
  getStockCount: returns<import('./model.ts').StockCount>()(z.strictObject({ id })),
  /** SC-000001: snapshots what is expected at the location (every stock-keeping product, or these). */
  startStockCount: returns<import('./model.ts').StockCount>()(
    z.strictObject({ locationId: id, productIds: z.array(id).max(2000).optional() }),
  ),
  /** One scan: SN:/GS1/a serial for a unit, or a barcode/SKU with a quantity (thousandths; negative corrects). */
  countScan: returns<import('./model.ts').CountScanResult>()(
    z.strictObject({
      countId: id,
      code: plainText(200, 'code'),
      qty: z
        .number()
        .int()
        .min(-MAX_QTY_MILLI)
        .max(MAX_QTY_MILLI)
        .refine((q) => q !== 0, 'A quantity of 0 counts nothing.')
        .optional(),
    }),
  ),
  removeCountScan: returns<import('./model.ts').StockCount>()(z.strictObject({ countId: id, scanId: id })),
  /** The differences become one adjustment (ADJ-000001). Needs a Manager or Admin: a cashier's call carries a PIN. */
  postStockCount: returns<import('./model.ts').StockCountPosted>()(z.strictObject({ id, approvalPin })),
  cancelStockCount: returns<import('./model.ts').StockCount>()(z.strictObject({ id })),

  // ---- Stock movements: labels and on-hand per location ----
  /** The units to print labels for: by id (Serial Numbers, a transfer) or the units a goods receipt brought in. */
  labelUnits: returns<LabelUnit[]>()(
    z.union([z.strictObject({ serialIds: z.array(id).min(1).max(MAX_LABELS) }), z.strictObject({ receiptId: id })]),
  ),
  /** The labels' HTML: the dialog's preview, and the browser's print dialog in browser mode. */
  labelsHtml: returns<LabelsHtml>()(labelsInput),
  /** The labels as a PDF (Chromium), one page per label or per A4 sheet. */
  labelsPdf: returns<FileDownload>()(labelsInput),
  /** On hand, in transit and reserved per location, for these products (every stock-keeping product without ids). */
  stockByLocation: returns<ProductStockByLocation[]>()(
    z.strictObject({ productIds: z.array(id).max(2000).optional() }),
  ),

  // ---- Service work: estimates ----
  listEstimates: returns<import('./model.ts').EstimateSummary[]>()(
    z.strictObject({ status: z.enum(ESTIMATE_STATUSES).optional(), customerId: id.optional() }),
  ),
  getEstimate: returns<import('./model.ts').Estimate>()(z.strictObject({ id })),
  /** A new estimate (Draft), or an edit of a Draft or Sent one; lines like an invoice's, no serials. */
  saveEstimate: returns<import('./model.ts').Estimate>()(
    z.strictObject({
      id: id.optional(),
      revision: z.number().int().min(1).optional(),
      customerId: id,
      locationId: id.optional(),
      estimateDate: isoDate,
      /** Absent: the estimate's date + 30 days. */
      expiryDate: isoDate.optional(),
      terms: plainText(100, 'terms').default(''),
      notes: notesText(2000, 'notes').default(''),
      lines: z
        .array(invoiceLineInput.omit({ id: true, serialIds: true, discount: true }))
        .min(1, 'An estimate needs at least one line.')
        .max(2000),
    }),
  ),
  /** Mark sent, Approve, Decline (Converted is set by a conversion). */
  setEstimateStatus: returns<import('./model.ts').Estimate>()(
    z.strictObject({ id, status: z.enum(['sent', 'approved', 'declined']) }),
  ),
  /** An Approved estimate to a ticket with one pending charge per line; the estimate becomes Converted. */
  convertEstimateToTicket: returns<{ ticketId: number; number: string }>()(z.strictObject({ id })),
  /** A Draft invoice from the lines; with a serialized product refused (the warning) unless confirmSerialized. */
  convertEstimateToInvoice: returns<{ invoiceId: number; number: string }>()(
    z.strictObject({ id, confirmSerialized: z.boolean().default(false) }),
  ),
  emailEstimate: returns<EmailOutcome>()(emailInvoiceInput.omit({ invoiceId: true }).extend({ estimateId: id })),

  // ---- Service work: tickets, labour, charges, Make Invoice ----
  /** Settings → Tickets (statuses, charge billable time by default) and the ticket page's technicians and labour. */
  getTicketSettings: returns<import('./model.ts').TicketSettings>()(none),
  saveTicketSettings: returns<import('./model.ts').TicketSettings>()(
    z.strictObject({ chargeBillableByDefault: z.boolean() }),
  ),
  /** Adds (no id), renames or (un)archives a ticket status; the last active one cannot be archived. */
  saveTicketStatus: returns<import('./model.ts').TicketSettings>()(
    z.strictObject({ id: id.optional(), name: plainText(100, 'status name'), archived: z.boolean().optional() }),
  ),
  moveTicketStatus: returns<import('./model.ts').TicketSettings>()(
    z.strictObject({ id, direction: z.enum(['up', 'down']) }),
  ),
  listTickets: returns<import('./model.ts').TicketSummary[]>()(
    z.strictObject({
      statusId: id.optional(),
      billingStatus: z.enum(BILLING_STATUSES).optional(),
      customerId: id.optional(),
      search: text(200).optional(),
    }),
  ),
  getTicket: returns<import('./model.ts').Ticket>()(z.strictObject({ id })),
  /** New ticket (no id) or an edit of its customer, title, description and status. */
  saveTicket: returns<import('./model.ts').Ticket>()(
    z.strictObject({
      id: id.optional(),
      revision: z.number().int().min(1).optional(),
      customerId: id,
      title: plainText(200, 'title'),
      description: notesText(5000, 'description').default(''),
      statusId: id.optional(),
    }),
  ),
  startLabourTimer: returns<import('./model.ts').Ticket>()(labourInput),
  stopLabourTimer: returns<import('./model.ts').Ticket>()(z.strictObject({ labourId: id })),
  addLabourEntry: returns<import('./model.ts').Ticket>()(
    labourInput.extend({ minutes: z.number().int().min(1, 'Enter the minutes worked (above 0).').max(100_000) }),
  ),
  /** Charge (Not Charged → Charged) or uncharge a labour entry not on an invoice. */
  setLabourCharged: returns<import('./model.ts').Ticket>()(z.strictObject({ labourId: id, charged: z.boolean() })),
  addTicketItem: returns<import('./model.ts').Ticket>()(
    z.strictObject({
      ticketId: id,
      productId: id.nullable(),
      description: plainText(500, 'description').optional(),
      qty: z.number().int().min(1, 'A quantity must be above 0.').max(MAX_QTY_MILLI),
      unitPriceMinor: minor.optional(),
    }),
  ),
  editTicketItem: returns<import('./model.ts').Ticket>()(
    z.strictObject({
      chargeId: id,
      qty: z.number().int().min(1, 'A quantity must be above 0.').max(MAX_QTY_MILLI),
      unitPriceMinor: minor,
    }),
  ),
  removeTicketItem: returns<import('./model.ts').Ticket>()(z.strictObject({ chargeId: id })),
  /** A draft invoice from the chosen pending charges (absent: all); the renderer opens it in the invoice editor. */
  makeTicketInvoice: returns<{ invoiceId: number; number: string }>()(
    z.strictObject({
      ticketId: id,
      charges: z
        .array(z.strictObject({ source: z.enum(['labour', 'item', 'deposit']), id }))
        .max(2000)
        .optional(),
    }),
  ),

  // ---- Service work: deposits ----
  /** Settings → Deposits: whether deposits are on, and the deposit products (archived ones too). */
  getDepositSettings: returns<import('./model.ts').DepositSettings>()(none),
  saveDepositSettings: returns<import('./model.ts').DepositSettings>()(z.strictObject({ enabled: z.boolean() })),
  /** A new deposit product (no id) or an edit; archived ones are kept for the deposits that name them. */
  saveDepositProduct: returns<import('./model.ts').DepositSettings>()(
    z.strictObject({
      id: id.optional(),
      name: plainText(120, 'deposit product name'),
      kind: z.enum(DEPOSIT_KINDS),
      amountMinor: minor.default(0),
      percentBp: z.number().int().min(0).max(10_000).default(0),
      archived: z.boolean().default(false),
    }),
  ),
  /** A ticket's deposits, the products to choose from and the pending total a percentage is of. */
  ticketDeposits: returns<import('./model.ts').TicketDeposits>()(z.strictObject({ ticketId: id })),
  /** Take deposit: a Paid deposit invoice (DEP-000001) and a negative charge on the ticket, in one command. */
  takeDeposit: returns<import('./model.ts').TicketDeposits>()(
    z.strictObject({
      ticketId: id,
      /** A deposit product (its amount is computed), or absent with amountMinor entered. */
      depositProductId: id.optional(),
      amountMinor: minor.optional(),
      methodId: id,
      reference: plainText(200, 'reference').default(''),
    }),
  ),
  /** Refund a deposit, in full or in part, to its payment's method or to store credit. Needs a Manager or Admin. */
  refundDeposit: returns<import('./model.ts').TicketDeposits>()(
    z.strictObject({
      chargeId: id,
      amountMinor: z.number().int().min(1, 'A refund must be above 0.').max(Number.MAX_SAFE_INTEGER),
      to: z.enum(['method', 'credit']),
      reference: plainText(200, 'reference').default(''),
      approvalPin,
    }),
  ),

  // ---- Service work: purchase orders for a ticket, reserved units ----
  /** A serialized line item's units: held, on order, In stock to pick, and the vendor Order for this ticket uses. */
  chargeSerialInfo: returns<import('./model.ts').ChargeSerialInfo>()(z.strictObject({ ticketId: id, chargeId: id })),
  /** Order for this ticket: a line for the units still needed on a Draft PO to the vendor (new or extended). */
  orderForTicket: returns<import('./model.ts').TicketOrder>()(
    z.strictObject({ ticketId: id, chargeId: id, vendorId: id.optional() }),
  ),
  /** Reserves an In stock unit at the ticket's location for the line item. */
  reserveUnitForTicket: returns<import('./model.ts').ChargeSerialInfo>()(
    z.strictObject({ ticketId: id, chargeId: id, serialId: id }),
  ),
  /** A manager releases a unit reserved for a ticket: back In stock, with a note in its history. */
  releaseReservation: returns<{ serial: string; ticketNumber: string }>()(
    z.strictObject({ serialId: id, note: text(500).default(''), approvalPin }),
  ),

  // ---- Recurring invoices: templates ----
  /** Invoices → Recurring: the templates (not deleted), by status ('all': every one), newest first. */
  listRecurring: returns<import('./model.ts').RecurringSummary[]>()(
    z.strictObject({ status: z.enum(['all', ...RECURRING_STATUSES]).default('all') }),
  ),
  /** One template with its lines, ticket statuses and run log. */
  getRecurring: returns<import('./model.ts').RecurringTemplate>()(z.strictObject({ id })),
  /** A new template (R-000001), or an edit (future runs only; invoices already made never change). */
  saveRecurring: returns<import('./model.ts').RecurringTemplate>()(
    z.strictObject({
      id: id.optional(),
      revision: z.number().int().min(1).optional(),
      customerId: id,
      frequency: z.enum(RECURRING_FREQUENCIES),
      /** every_n_months: 1 … 120 (the service says so). */
      everyMonths: z.number().int().default(1),
      startDate: isoDate,
      /** Absent: the start date on a new template, kept on an edit; null: ended. */
      nextRunDate: isoDate.nullable().optional(),
      endDate: isoDate.nullable().default(null),
      maxRuns: z.number().int().nullable().default(null),
      terms: plainText(100, 'terms').default(''),
      notes: notesText(2000, 'notes').default(''),
      action: z.enum(RECURRING_ACTIONS).default('draft'),
      addTicketCharges: z.boolean().default(false),
      ticketStatusIds: z.array(id).max(200).default([]),
      ticketChargeOrder: z.enum(TICKET_CHARGE_ORDERS).default('ticket'),
      lines: z
        .array(
          z.strictObject({
            kind: z.enum(RECURRING_LINE_KINDS),
            productId: id.nullable(),
            description: plainText(500, 'line description').default(''),
            /** Thousandths; above 0 on a standard line (the service says which line). */
            qty: z.number().int().min(0).max(MAX_QTY_MILLI).default(0),
            unitPriceMinor: minor,
            taxable: z.boolean(),
            taxRateId: id.nullable().default(null),
            assetType: plainText(100, 'asset type').default(''),
            contactFieldId: id.nullable().default(null),
            contactFieldValue: plainText(200, 'contact field value').default(''),
          }),
        )
        .max(500),
      /** Make recurring: the invoice it was made from (a new template only). */
      sourceInvoiceId: id.optional(),
    }),
  ),
  /** Pause or Resume (a resumed template whose next run is past catches up on the next pass). */
  setRecurringPaused: returns<import('./model.ts').RecurringTemplate>()(z.strictObject({ id, paused: z.boolean() })),
  /** Deletes a template (kept out of sight: its invoices still say "from R-000001"). */
  deleteRecurring: returns<{ number: string }>()(z.strictObject({ id })),
  /** Make recurring: a new template's values from an invoice's lines, not saved (serialized lines left out). */
  makeRecurring: returns<import('./model.ts').RecurringDraft>()(z.strictObject({ invoiceId: id })),

  // ---- Recurring invoices: runs ----
  /**
   * Run due now: every due period of every template (or of one), each its own transaction; what was made, skipped
   * and failed.
   */
  runRecurringNow: returns<import('./model.ts').RecurringRunReport>()(z.strictObject({ templateId: id.optional() })),

  // ---- Customers: contacts, assets, contact fields ----
  /** Settings → Contacts: every contact field, archived ones too, in their order. */
  listContactFields: returns<import('./model.ts').ContactField[]>()(none),
  /** Adds (no id), renames, changes the kind of (while no contact has a value) or (un)archives a field. */
  saveContactField: returns<import('./model.ts').ContactField[]>()(
    z.strictObject({
      id: id.optional(),
      name: plainText(100, 'field name'),
      kind: z.enum(CONTACT_FIELD_KINDS),
      archived: z.boolean().optional(),
    }),
  ),
  /** A customer's contacts (with their field values), assets (sold and entered by hand) and the asset types known. */
  customerRecords: returns<import('./model.ts').CustomerRecords>()(z.strictObject({ customerId: id })),
  /** A new contact (no id) or an edit; `values` sets the fields named ('' clears one), others keep theirs. */
  saveContact: returns<import('./model.ts').CustomerRecords>()(
    z.strictObject({
      id: id.optional(),
      customerId: id,
      name: plainText(200, 'contact name'),
      ...contact,
      values: z
        .array(z.strictObject({ fieldId: id, value: plainText(500, 'field value') }))
        .max(200)
        .default([]),
    }),
  ),
  deleteContact: returns<import('./model.ts').CustomerRecords>()(z.strictObject({ id })),
  /** A device entered by hand on the customer's page (type, name, serial); no id: a new one. */
  saveCustomerAsset: returns<import('./model.ts').CustomerRecords>()(
    z.strictObject({
      id: id.optional(),
      customerId: id,
      assetType: plainText(100, 'asset type'),
      name: plainText(200, 'asset name'),
      serial: plainText(100, 'serial').default(''),
    }),
  ),
  deleteCustomerAsset: returns<import('./model.ts').CustomerRecords>()(z.strictObject({ id })),
  /** The asset types known: products' and manual assets', one spelling per type (matched ignoring case). */
  assetTypes: returns<string[]>()(none),

  // ---- Backups ----
  /** The data file's backups (or the shop server's way of backing up), the retention and the extra folder. */
  backupStatus: returns<import('./model.ts').BackupStatus>()(none),
  /** A backup now: SQLite's online backup into the backups folder (and the extra folder); pg_dump on a server. */
  backupNow: returns<import('./model.ts').BackupMade>()(none),
  saveBackupSettings: returns<import('./model.ts').BackupStatus>()(
    z.strictObject({
      retention: z.strictObject({
        daily: z.number().int().min(1, 'Keep at least 1 daily backup.').max(366),
        weekly: z.number().int().min(0).max(520),
        monthly: z.number().int().min(0).max(240),
      }),
      folder: plainText(1000, 'folder'),
    }),
  ),
  /** Verifies a backup, keeps the current data file aside, puts the backup in its place and reopens the store. */
  restoreFromBackup: returns<import('./model.ts').RestoreReport>()(
    z.strictObject({ path: plainText(4096, 'backup path').refine((p) => p.trim() !== '', 'Choose a backup.') }),
  ),

  // ---- Diagnostics ----
  /** Help → Diagnostics: versions, the data file, schema version, last backup and quick_check, the log folder. */
  diagnostics: returns<import('./model.ts').Diagnostics>()(none),
  /** A zip of the logs and the facts (never the database): saved with a dialog on the desktop, else downloaded. */
  saveDiagnostics: returns<import('./model.ts').SavedDiagnostics>()(none),
  /** An uncaught error in the window, for the log (the recovery screen sends it). */
  reportRendererError: returns<{ logged: boolean }>()(
    z.strictObject({
      message: text(2000),
      stack: text(20_000).default(''),
      componentStack: text(20_000).default(''),
      where: text(200).default(''),
    }),
  ),
  getUpdateSettings: returns<import('./model.ts').UpdateSettings>()(none),
  /** The desktop's update address ('' off): a generic provider's folder of latest.yml and installers. */
  saveUpdateSettings: returns<import('./model.ts').UpdateSettings>()(z.strictObject({ url: text(1000) })),
};

export type Contract = typeof contract;
export type { MethodName };
// The contract and the method table (core/methods.ts) name exactly the same methods.
type Missing = Exclude<MethodName, keyof Contract> | Exclude<keyof Contract, MethodName>;
const sameMethods: [Missing] extends [never] ? true : Missing = true;
void sameMethods;

/** What a caller sends (defaults not yet applied). */
export type InputOf<M extends MethodName> = z.input<Contract[M]['input']>;
/** What a handler receives, after validation. */
export type ParsedInputOf<M extends MethodName> = z.output<Contract[M]['input']>;
export type ResultOf<M extends MethodName> = Contract[M] extends MethodDef<z.ZodType, infer R> ? R : never;

/** Errors cross the boundary as values, never as thrown exceptions. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: AppErrorValue };

/** The API the renderer sees (window.pos in Electron, a socket in browser mode, in-process in tests). */
export type PosApi = { [M in MethodName]: (input: InputOf<M>) => Promise<Outcome<ResultOf<M>>> };
