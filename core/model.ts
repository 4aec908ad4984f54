// The shapes that cross the process boundary (results of contract calls). Pure types, shared by
// the store, the main process and the renderer. Money fields end in `Minor` (integer cents).
import type {
  AppMode,
  DiscountKind,
  RefundTo,
  ReturnDisposition,
  ReceiptWidth,
  StaffRole,
  TillMovementKind,
  ImportKind,
  InvoiceStatus,
  PaymentMethodKind,
  StoreCreditKind,
  LocationKind,
  PurchaseOrderStatus,
  ReceiptSource,
  SerialEventKind,
  SerialStatus,
  DocumentKind,
  EmailKind,
  EmailStatus,
  ExportFormat,
  PaperSize,
  SmtpSecurity,
} from './enums.ts';
import type { Minor, TaxAtRate } from './money.ts';
export type { TaxAtRate };

export type {
  DiscountKind,
  RefundTo,
  ReturnDisposition,
  ReceiptWidth,
  StaffRole,
  TillMovementKind,
  AppMode,
  ImportKind,
  InvoiceStatus,
  PaymentMethodKind,
  StoreCreditKind,
  LocationKind,
  PurchaseOrderStatus,
  ReceiptSource,
  SerialEventKind,
  SerialStatus,
};

export interface AppInfo {
  name: string;
  version: string;
  dataFile: string;
  mode: AppMode;
  /** The shop's name (Settings), for titles, documents and receipts. */
  shopName: string;
  /** The shop's default tax rate: what a product without its own rate is taxed at. */
  defaultTaxRateId: number;
  taxRateBp: number;
  /** The shop's currency (ISO 4217 code); every amount is in its minor units. */
  currency: string;
  /** How numbers, money and times are written (BCP 47 tag, e.g. en-US, de-DE). */
  locale: string;
  defaultLocationId: number;
  defaultCustomerId: number;
  /** The walk-in customer's name, shown by a new invoice's customer picker without loading the customer list. */
  defaultCustomerName: string;
}

export interface Location {
  id: number;
  name: string;
  kind: LocationKind;
  isDefault: boolean;
}
export interface Customer {
  id: number;
  name: string;
  email: string;
  phone: string;
  isDefault: boolean;
}

export interface Product {
  id: number;
  sku: string;
  barcode: string | null;
  name: string;
  priceMinor: Minor;
  taxable: boolean;
  serialized: boolean;
  maintainStock: boolean;
  /** The product's default tax rate; null: the shop's default rate. */
  taxRateId: number | null;
  /** What a unit of it is as a customer's asset ("Laptop", "Phone"); '' none. Asset counter lines count by it. */
  assetType: string;
}

export interface SerialUnit {
  id: number;
  productId: number;
  serial: string;
  locationId: number;
  locationName: string;
  status: SerialStatus;
  conditionNotes: string;
}

export interface ReceiptResult {
  receiptId: number;
  number: string;
  serialIds: number[];
}

/** Where a serial text was found, for an SN: scan. */
export interface SerialMatch {
  serialId: number;
  serial: string;
  productId: number;
  productName: string;
  locationId: number;
  locationName: string;
  status: SerialStatus;
  conditionNotes: string;
  /** The saved invoice this unit is on, if any. */
  invoice: { id: number; number: string } | null;
  /** The ticket the unit is reserved for (status reserved), or was sold from. */
  ticket: TicketRef | null;
  /** The unit's product, so a scan adds its line without another call. */
  product: Product;
}

export interface InvoiceLine {
  id: number;
  /** Null: a manual item (no product). */
  productId: number | null;
  productName: string | null;
  sku: string | null;
  serialized: boolean;
  /** The product keeps stock levels (not serialized, not a service): selling or voiding moves its stock. */
  movesStock: boolean;
  description: string;
  /** Thousandths: 1500 is 1.5 (serial-tracked lines: whole units, 1000 each). */
  qty: number;
  unitPriceMinor: Minor;
  taxable: boolean;
  /** The rate the line was saved with (kept when settings change later). */
  taxRateId: number | null;
  taxRateName: string;
  taxRateBp: number;
  /** After the line discount. */
  lineTotalMinor: Minor;
  discount: AppliedDiscount | null;
  /** A recurring counter line: its quantity was counted at the run, and may be 0. */
  counted: boolean;
  /** The units on the line; on a void invoice, the units it had when it was voided. */
  serials: Array<{ id: number; serial: string }>;
}

export interface Refund {
  id: number;
  paymentId: number;
  invoiceId: number;
  invoiceNumber: string;
  amountMinor: Minor;
  methodName: string;
  /** True when the refund went to the customer's store credit. */
  toCredit: boolean;
  reference: string;
  refundedOn: string;
  notes: string;
}

/** A payment as one invoice sees it: the part applied to this invoice and what was refunded of it. */
export interface InvoicePayment {
  paymentId: number;
  number: string;
  paidOn: string;
  methodName: string;
  methodKind: PaymentMethodKind;
  reference: string;
  /** Applied to this invoice. */
  amountMinor: Minor;
  /** Cash handed over; tendered - amount was given back as change. Null: the same as amountMinor. */
  tenderedMinor: Minor | null;
  refundedMinor: Minor;
  refunds: Refund[];
  /** Who took it (a staff name). */
  actor: string;
}

/** A discount as saved: percent (value in bp) or amount (value in minor units), its money, reason and approver. */
export interface AppliedDiscount {
  kind: DiscountKind;
  value: number;
  minor: Minor;
  reason: string;
  /** The manager who approved it, when it was above the limit. */
  approvedBy: string | null;
}

export interface Invoice {
  id: number;
  number: string;
  /** The ticket it bills (Make Invoice, or a deposit): a unit reserved for that ticket can go on it. */
  ticket: { id: number; number: string } | null;
  /** The recurring template a run made it from ("from R-000001"; a deleted template still names it). */
  recurring: { id: number; number: string } | null;
  /** A deposit invoice (DEP-000001) taken on a ticket. */
  isDeposit: boolean;
  customerId: number;
  customerName: string;
  /** The walk-in customer cannot hold store credit. */
  customerIsWalkIn: boolean;
  /** The customer's store credit available now. */
  customerCreditMinor: Minor;
  locationId: number;
  locationName: string;
  invoiceDate: string;
  dueDate: string;
  terms: string;
  status: InvoiceStatus;
  /** Sent, Viewed or Partial with the due date passed (today in the shop's clock). */
  overdue: boolean;
  notes: string;
  subtotalMinor: Minor;
  taxMinor: Minor;
  totalMinor: Minor;
  /** Tax per rate, as saved. */
  taxes: TaxAtRate[];
  /** Payments applied minus refunds. */
  paidMinor: Minor;
  balanceMinor: Minor;
  revision: number;
  finalizedAt: string | null;
  voidedAt: string | null;
  /** Who voided it, and the Manager or Admin who approved it (the same name when a manager voided it). */
  voidedBy: string | null;
  voidApprovedBy: string | null;
  lines: InvoiceLine[];
  payments: InvoicePayment[];
  /** The sale discount (off the subtotal; total = subtotal - discount + tax). */
  discount: AppliedDiscount | null;
  /** The credit notes' part of paidMinor (returns that settled part of it). */
  creditedMinor: Minor;
  creditNotes: Array<{ id: number; number: string; totalMinor: Minor; createdAt: string; refundTo: RefundTo }>;
  /** Who made it (a staff name; '' for invoices from before staff). */
  cashier: string;
  /** The till session it was sold through; null: a back-office invoice. */
  tillSessionId: number | null;
  /** Set while the Draft is parked at the counter (Hold). */
  heldAt: string | null;
}

export interface InvoiceSummary {
  id: number;
  number: string;
  customerId: number;
  customerName: string;
  invoiceDate: string;
  dueDate: string;
  status: InvoiceStatus;
  overdue: boolean;
  totalMinor: Minor;
  balanceMinor: Minor;
  /** The recurring template that made it (R-000001; a deleted one too), or null: the list's cycle icon. */
  recurringTemplateNumber: string | null;
}

/** The Invoices page's "at a glance": totals and counts. */
export interface InvoiceGlance {
  outstanding: { minor: Minor; count: number };
  overdue: { minor: Minor; count: number };
  paidLast30: { minor: Minor; count: number };
}

/** A bulk action's outcome: each invoice is its own transaction. */
export interface BulkResult {
  done: Array<{ id: number; number: string }>;
  refused: Array<{ id: number; number: string; message: string }>;
}

/** A row of the Payments page. */
export interface PaymentRow {
  id: number;
  number: string;
  paidOn: string;
  customerId: number;
  customerName: string;
  methodId: number;
  methodName: string;
  methodKind: PaymentMethodKind;
  reference: string;
  notes: string;
  amountMinor: Minor;
  /** The part kept as store credit. */
  creditMinor: Minor;
  refundedMinor: Minor;
  invoices: Array<{ id: number; number: string; amountMinor: Minor; refundedMinor: Minor }>;
  refunds: Refund[];
}

export interface StoreCreditEntry {
  id: number;
  at: string;
  kind: StoreCreditKind;
  amountMinor: Minor;
  /** The credit after this entry. */
  balanceMinor: Minor;
  note: string;
  payment: { id: number; number: string } | null;
  invoice: { id: number; number: string } | null;
  refundId: number | null;
}

export interface Aging {
  currentMinor: Minor;
  days1to30Minor: Minor;
  days31to60Minor: Minor;
  days61to90Minor: Minor;
  over90Minor: Minor;
}

/** The customer's page: what they owe, their credit, documents and units. */
export interface CustomerAccount {
  customer: Customer;
  owedMinor: Minor;
  creditMinor: Minor;
  aging: Aging;
  invoices: InvoiceSummary[];
  payments: PaymentRow[];
  credit: StoreCreditEntry[];
  units: Array<{
    serialId: number;
    serial: string;
    productName: string;
    status: SerialStatus;
    invoice: { id: number; number: string } | null;
  }>;
}

export interface TaxRate {
  id: number;
  name: string;
  rateBp: number;
  isDefault: boolean;
  archived: boolean;
}

export interface PaymentMethod {
  id: number;
  name: string;
  kind: PaymentMethodKind;
  isDefault: boolean;
  archived: boolean;
}

export interface PaymentTerms {
  id: number;
  name: string;
  days: number;
  isDefault: boolean;
}

/** Settings of the shop: who it is (for documents and receipts), how it writes money, how it numbers invoices. */
export interface ShopSettings {
  name: string;
  address: string;
  phone: string;
  email: string;
  taxId: string;
  /** ISO 4217 code. */
  currency: string;
  /** BCP 47 tag. */
  locale: string;
  invoicePrefix: string;
}

export interface Page<T> {
  rows: T[];
  total: number;
}

export interface Vendor {
  id: number;
  name: string;
  email: string;
  phone: string;
}

export interface StockAt {
  locationId: number;
  locationName: string;
  /** Thousandths (a non-serialized product can be sold by 2.25 m). */
  onHand: number;
}
/** A product with what is on hand per location (serialized: units in stock; others: stock levels). */
export interface ProductWithStock extends Product {
  stock: StockAt[];
  serialCount: number;
}

export interface PurchaseOrderLine {
  id: number;
  productId: number;
  productName: string;
  sku: string;
  barcode: string | null;
  serialized: boolean;
  qtyOrdered: number;
  qtyReceived: number;
  unitCostMinor: Minor;
  /** The ticket the line is ordered for (receiving reserves its units for it), and the charge waiting for them. */
  ticket: TicketRef | null;
  ticketChargeId: number | null;
}

export interface PurchaseOrder {
  id: number;
  number: string;
  vendorId: number;
  vendorName: string;
  locationId: number;
  locationName: string;
  status: PurchaseOrderStatus;
  notes: string;
  createdAt: string;
  totalCostMinor: Minor;
  lines: PurchaseOrderLine[];
  receipts: Array<{ id: number; number: string; receivedAt: string }>;
}

export interface PurchaseOrderSummary {
  id: number;
  number: string;
  vendorName: string;
  locationName: string;
  status: PurchaseOrderStatus;
  createdAt: string;
  qtyOrdered: number;
  qtyReceived: number;
  totalCostMinor: Minor;
}

export interface PurchaseOrderReceipt {
  purchaseOrder: PurchaseOrder;
  receipt: ReceiptResult;
}

/** A row of the Serial Numbers screen: the unit and where it went. */
export interface SerialRow {
  id: number;
  serial: string;
  productId: number;
  productName: string;
  sku: string;
  status: SerialStatus;
  deleted: boolean;
  locationId: number;
  locationName: string;
  conditionNotes: string;
  receivedAt: string;
  invoice: { id: number; number: string } | null;
  customer: { id: number; name: string } | null;
  /** The ticket the unit is reserved for, or was sold from (kept once sold). */
  ticket: { id: number; number: string } | null;
}

export interface SerialEvent {
  id: number;
  at: string;
  actor: string;
  kind: SerialEventKind;
  note: string;
  location: { id: number; name: string } | null;
  receipt: { id: number; number: string; source: ReceiptSource } | null;
  purchaseOrder: { id: number; number: string } | null;
  invoice: { id: number; number: string } | null;
  customer: { id: number; name: string } | null;
  /** The credit note a return brought the unit back on. */
  creditNote: { id: number; number: string } | null;
  /** The transfer that sent or received the unit. */
  transfer: { id: number; number: string } | null;
  /** The goods issue that took the unit out (or whose reversal brought it back). */
  goodsIssue: { id: number; number: string } | null;
  /** The ticket the unit was received, reserved, released or sold for. */
  ticket: { id: number; number: string } | null;
}

export interface SerialHistory {
  unit: SerialRow;
  aliases: string[];
  events: SerialEvent[];
}

/** What is known about serial texts before they are received: those the product already has. */
export interface SerialCheck {
  existing: string[];
}

export interface GoodsReceipt {
  id: number;
  number: string;
  locationId: number;
  locationName: string;
  source: ReceiptSource;
  reference: string;
  receivedAt: string;
  actor: string;
  purchaseOrder: { id: number; number: string } | null;
  /** The goods issue this receipt reverses. */
  goodsIssue: { id: number; number: string } | null;
  lines: Array<{
    productId: number;
    productName: string;
    sku: string;
    qty: number;
    unitCostMinor: Minor;
    serials: string[];
  }>;
}

export interface ImportRowError {
  line: number;
  message: string;
}

export interface ImportPreview {
  kind: ImportKind;
  columns: string[];
  /** The first rows as read (for the preview table). */
  sample: Array<{ line: number; values: string[] }>;
  rowCount: number;
  errors: ImportRowError[];
  /** Errors beyond those listed (the list is capped so a broken file stays readable). */
  moreErrors: number;
}

export interface ImportJob {
  id: string;
  kind: ImportKind;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  phase: 'checking' | 'writing' | 'finished';
  done: number;
  total: number;
  message: string;
  errors: ImportRowError[];
  /** Goods receipt numbers made (serials) or products created. */
  result: { created: number; receipts: string[] } | null;
}

// ---------------------------------------------------------------------------------------------
// The counter: staff and sessions, counter settings, sales, receipts, tills, returns.

/** Who is signed in. */
export interface StaffRef {
  id: number;
  name: string;
  role: StaffRole;
}

export interface StaffMember extends StaffRef {
  active: boolean;
  createdAt: string;
}

/** The sign-in state of this window (desktop) or host (browser mode). */
export interface SessionInfo {
  staff: StaffRef | null;
  /** No staff exists yet: the first Admin's name and PIN are asked for. */
  needsSetup: boolean;
  /** Too many wrong PINs: sign-in is refused until then (ISO time). */
  lockedUntil: string | null;
}

/** Settings of the counter (Settings → Counter). */
export interface CounterSettings {
  /** Selling more than is on hand: false refuses the sale with the numbers. */
  allowNegativeStock: boolean;
  /** A short sound on each scan, distinct for success and refusal. */
  scanSound: boolean;
  receiptWidth: ReceiptWidth;
  /** The system printer receipts go to; '' the default printer. */
  receiptPrinter: string;
  /** Print without the print dialog (Electron only). */
  silentPrint: boolean;
  /** Discounts above this share (bp: 1000 = 10 %) need a manager. */
  discountLimitBp: number;
  /** Returns later than this many days after the sale need a manager. */
  returnWindowDays: number;
  /** The receipt's footer line ("Thank you!"). */
  receiptFooter: string;
}

/** Stock on hand of products at a location (thousandths), for the line grid's stock cell and warning. */
export interface StockOnHand {
  productId: number;
  locationId: number;
  onHandMilli: number;
  /** The product keeps stock (not a service): stock_levels, or for a serialized product its units In stock there. */
  tracked: boolean;
}

/** A parked sale (Hold), listed by Recall. */
export interface HeldSale {
  invoiceId: number;
  number: string;
  heldAt: string;
  customerName: string;
  firstItem: string;
  lineCount: number;
  totalMinor: Minor;
  cashier: string;
}

/** A printable sale or refund receipt: everything on the paper, already in the shop's words. */
export interface SaleReceipt {
  kind: 'sale' | 'refund';
  /** INV-… for a sale, CN-… for a refund. */
  number: string;
  /** For a refund: the sale it returns. */
  originalNumber: string | null;
  /** What the Code 128 barcode encodes (the invoice number: a return starts by scanning it). */
  barcode: string;
  shop: { name: string; address: string; phone: string; taxId: string };
  at: string;
  cashier: string;
  customerName: string;
  customerIsWalkIn: boolean;
  lines: Array<{
    description: string;
    sku: string | null;
    qty: number;
    unitPriceMinor: Minor;
    discount: AppliedDiscount | null;
    lineTotalMinor: Minor;
    serials: string[];
  }>;
  subtotalMinor: Minor;
  discount: AppliedDiscount | null;
  taxes: TaxAtRate[];
  taxMinor: Minor;
  totalMinor: Minor;
  tenders: Array<{
    methodName: string;
    methodKind: PaymentMethodKind;
    amountMinor: Minor;
    tenderedMinor: Minor;
    reference: string;
  }>;
  changeMinor: Minor;
  footer: string;
  width: ReceiptWidth;
}

export interface SaleResult {
  invoice: Invoice;
  changeMinor: Minor;
  receipt: SaleReceipt;
}

export interface TillMovement {
  id: number;
  kind: TillMovementKind;
  amountMinor: Minor;
  reason: string;
  at: string;
  actor: string;
  approvedBy: string | null;
}

export interface TillSession {
  id: number;
  register: string;
  locationId: number;
  openedAt: string;
  openedBy: string;
  openingFloatMinor: Minor;
  closedAt: string | null;
  closedBy: string | null;
  /** Z-000001, given on close. */
  zNumber: string | null;
  /** Float + cash sales - cash refunds + cash in - cash out, so far. */
  expectedCashMinor: Minor;
  countedCashMinor: Minor | null;
  movements: TillMovement[];
}

/** The X report (an open session, any time) or the Z report (on close, numbered). */
export interface TillReport {
  kind: 'X' | 'Z';
  session: TillSession;
  /** Printed at (X) or closed at (Z). */
  at: string;
  salesCount: number;
  salesMinor: Minor;
  refundsCount: number;
  refundsMinor: Minor;
  discountsMinor: Minor;
  cashInMinor: Minor;
  cashOutMinor: Minor;
  noSaleCount: number;
  tenders: Array<{ methodName: string; methodKind: PaymentMethodKind; takenMinor: Minor; refundedMinor: Minor }>;
  taxes: TaxAtRate[];
  expectedCashMinor: Minor;
  countedCashMinor: Minor | null;
  /** counted - expected: positive over, negative short; null until counted. */
  overShortMinor: Minor | null;
  denominations: Array<{ valueMinor: Minor; count: number }>;
}

export interface TillSessionSummary {
  id: number;
  register: string;
  zNumber: string | null;
  openedAt: string;
  openedBy: string;
  closedAt: string | null;
  closedBy: string | null;
  salesCount: number;
  expectedCashMinor: Minor;
  countedCashMinor: Minor | null;
  overShortMinor: Minor | null;
}

/** A sale as a return sees it: its lines with what can still come back, and its tenders with what can be refunded. */
export interface ReturnableSale {
  invoiceId: number;
  number: string;
  invoiceDate: string;
  customerId: number;
  customerName: string;
  customerIsWalkIn: boolean;
  status: InvoiceStatus;
  /** Days since the sale, and the shop's window: beyond it a manager approves. */
  daysSinceSale: number;
  returnWindowDays: number;
  /** The unit an SN: scan found, preselected. */
  scannedSerialId: number | null;
  lines: Array<{
    invoiceLineId: number;
    productId: number | null;
    description: string;
    sku: string | null;
    serialized: boolean;
    movesStock: boolean;
    qty: number;
    returnedQty: number;
    /** Per unit, after line and sale discounts, before tax (what a return of one unit credits). */
    unitNetMinor: Minor;
    /** The whole line after line and sale discounts, before tax; what earlier returns credited of it and its tax. */
    netMinor: Minor;
    returnedAmountMinor: Minor;
    returnedTaxMinor: Minor;
    taxRateBp: number;
    taxRateName: string;
    taxable: boolean;
    units: Array<{ serialId: number; serial: string; returned: boolean }>;
  }>;
  tenders: Array<{
    paymentId: number;
    methodName: string;
    methodKind: PaymentMethodKind;
    paidMinor: Minor;
    refundableMinor: Minor;
  }>;
  paidMinor: Minor;
  balanceMinor: Minor;
}

export interface CreditNote {
  id: number;
  number: string;
  invoiceId: number;
  invoiceNumber: string;
  customerName: string;
  createdAt: string;
  actor: string;
  approvedBy: string | null;
  reason: string;
  refundTo: RefundTo;
  subtotalMinor: Minor;
  taxMinor: Minor;
  totalMinor: Minor;
  lines: Array<{
    invoiceLineId: number;
    description: string;
    qty: number;
    amountMinor: Minor;
    taxMinor: Minor;
    disposition: ReturnDisposition | null;
    units: Array<{ serialId: number; serial: string; disposition: ReturnDisposition }>;
  }>;
  refunds: Array<{ methodName: string; amountMinor: Minor }>;
}

export interface ReturnResult {
  creditNote: CreditNote;
  receipt: SaleReceipt;
}

/** Settings → Store: where this app's data lives now, and what a restart will open. */
export interface StoreInfo {
  kind: 'sqlite' | 'postgres';
  /** The data file's path, or the shop server's URL without its password. */
  location: string;
  /** This counter's till register. */
  register: string;
  /** The choice saved for the next start (desktop), when it differs from what is open now. */
  next: { kind: 'sqlite' | 'postgres'; location: string } | null;
  /** False in browser mode and scripts: the store is chosen on the command line (--db or COUNTER_POS_DB). */
  canSaveChoice: boolean;
}

/** Settings → Store → Test connection: what failed, exactly (absent when it connected). */
export interface StoreConnectionCheck {
  ok: boolean;
  reason?: 'unreachable' | 'auth' | 'database' | 'version' | 'not_ours' | 'too_new';
  message: string;
  serverVersion?: number;
}

/** Move to server: the rows copied per table and the totals checked equal on both stores. */
export interface StoreMoveReport {
  /** The shop server the store was copied to (no password). */
  server: string;
  tables: Array<{ table: string; rows: number }>;
  totals: Array<{ what: string; sqlite: number; postgres: number }>;
}

// Documents and integrations (issue 14)

/** A file for the person to keep: a PDF, a zip of PDFs, an export. Bytes as base64 (the contract is JSON). */
export interface FileDownload {
  fileName: string;
  mimeType: string;
  base64: string;
}

/** A long job that makes a file (a batch of PDFs, an export), off the main thread; its file is fetched once done. */
export interface FileJob {
  jobId: string;
  kind: 'pdf_batch' | 'export';
  state: 'running' | 'done' | 'failed' | 'cancelled';
  /** Items done of total (invoices rendered, rows written). */
  done: number;
  total: number;
  /** What it is doing now, or why it failed. */
  message: string;
  /** Set once done. */
  fileName: string | null;
  /** Per item that could not be made (a batch goes on without it). */
  problems: Array<{ item: string; message: string }>;
}

/** Settings → Documents: the paper, and the logo on printed documents. */
export interface DocumentSettings {
  paperSize: PaperSize;
  /** A data: URL of a PNG, JPEG or SVG image; '' for none. */
  logoDataUrl: string;
}

/** The template's HTML for a document, for the browser's own print dialog. */
export interface DocumentHtml {
  kind: DocumentKind;
  title: string;
  paperSize: PaperSize;
  html: string;
}

/** Settings → Email. The password never comes back: only whether one is kept, and where. */
export interface EmailSettings {
  host: string;
  port: number;
  security: SmtpSecurity;
  user: string;
  from: string;
  passwordKept: boolean;
  /** Where a password is kept: the OS keychain (desktop), this run's memory only (browser mode), or nowhere. */
  passwordStore: 'safe_storage' | 'memory' | 'none';
  /** Set when COUNTER_POS_SMTP_URL overrides these settings: that URL without its password. */
  overriddenBy: string | null;
}

/** One e-mail: in the outbox (queued) or sent (the invoice's log). */
export interface EmailMessage {
  id: number;
  kind: EmailKind;
  invoiceId: number | null;
  creditNoteId: number | null;
  /** The invoice's or the credit note's number. */
  documentNumber: string;
  to: string;
  cc: string;
  subject: string;
  status: EmailStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string;
  createdAt: string;
  actor: string;
  sentAt: string | null;
}

/** What Email invoice did: sent now, or kept in the outbox (with why) to be retried. */
export interface EmailOutcome {
  email: EmailMessage;
  sent: boolean;
  message: string;
}

/** An API key as Settings lists it (never the key itself). */
export interface ApiKeyRow {
  id: number;
  name: string;
  /** The key's first characters, to tell keys apart. */
  prefix: string;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** A new key: shown once, then only its hash is kept. */
export interface NewApiKey {
  key: ApiKeyRow;
  secret: string;
}

/** Settings → API. */
export interface ApiSettings {
  enabled: boolean;
  port: number;
  /** Listen on the shop's network too (all interfaces), not only on this computer. */
  lan: boolean;
  /** Where the API answers now ('' when it is off); in browser mode, the web host's own /api/v1. */
  listening: string;
}

/** Settings → Exports: how Xero's import maps the shop's accounts and tax rates. */
export interface ExportSettings {
  /** Xero's AccountCode for sales lines (e.g. 200). */
  xeroSalesAccount: string;
  /** Xero's TaxType per tax rate (e.g. OUTPUT2), and for untaxed lines. */
  xeroTaxTypes: Array<{ taxRateId: number; taxRateName: string; rateBp: number; taxType: string }>;
  xeroNoTaxType: string;
}

/** What an export will write for a date range: the first rows and the counts. */
export interface ExportPreview {
  format: ExportFormat;
  fileName: string;
  columns: string[];
  /** The first rows as they will be written. */
  rows: string[][];
  /** Rows in the whole file. */
  totalRows: number;
  counts: { invoices: number; lines: number; payments: number; serials: number };
}

// ---- Stock movements: the ledger check (transfers, goods issues and counts add their own types below) ----

/** One figure where the stock ledger and the stored on-hand disagree. Quantities in thousandths. */
export interface StockDifference {
  productId: number;
  sku: string;
  productName: string;
  locationId: number;
  locationName: string;
  /** A unit's own difference; null for a product's on-hand at a location. */
  serial: string | null;
  /** The sum of the ledger's rows. */
  ledgerQty: number;
  /** What the store holds: stock_levels, the units In stock, or 1000 for the unit In stock there. */
  storedQty: number;
}

/** `npm run check-stock`: on-hand rebuilt from the ledger and compared with the stored figures. */
export interface StockCheckReport {
  /** Rows in the ledger. */
  moves: number;
  /** Product-and-location figures compared. */
  figures: number;
  differences: StockDifference[];
}

// ---- Stock movements: transfers ----

/** Stock → Transfers: one row of the list. */
export interface TransferSummary {
  id: number;
  number: string;
  fromLocationName: string;
  toLocationName: string;
  status: import('./enums.ts').TransferStatus;
  /** How many lines the transfer has. */
  lines: number;
  /** Units marked missing at receipt and neither found nor written off since: they need a follow-up. */
  missingUnits: number;
  /** Lines without serials received short (less arrived than was sent). */
  shortLines: number;
  createdAt: string;
  sentAt: string | null;
  receivedAt: string | null;
}

/** A unit on a transfer line: its state on the transfer and its status now. */
export interface TransferUnit {
  serialId: number;
  serial: string;
  state: import('./enums.ts').TransferUnitState;
  status: SerialStatus;
}

export interface TransferLine {
  id: number;
  productId: number;
  productName: string;
  sku: string;
  barcode: string | null;
  serialized: boolean;
  /** Thousandths (a serial-tracked line: its units × 1000). */
  qty: number;
  qtyReceived: number;
  units: TransferUnit[];
}

/** A transfer TR-000001 between two locations: Draft → In transit → Received (or Cancelled while a draft). */
export interface Transfer {
  id: number;
  number: string;
  fromLocationId: number;
  fromLocationName: string;
  toLocationId: number;
  toLocationName: string;
  status: import('./enums.ts').TransferStatus;
  notes: string;
  revision: number;
  createdAt: string;
  createdBy: string;
  sentAt: string | null;
  sentBy: string | null;
  receivedAt: string | null;
  receivedBy: string | null;
  lines: TransferLine[];
}

// ---- Stock movements: goods issues ----

/** A goods issue in the list (Stock → Goods issues). */
export interface GoodsIssueSummary {
  id: number;
  number: string;
  locationId: number;
  locationName: string;
  reason: import('./enums.ts').GoodsIssueReason;
  reasonText: string;
  status: import('./enums.ts').GoodsIssueStatus;
  createdAt: string;
  postedAt: string | null;
  lineCount: number;
  /** The goods receipt that reversed it, if any. */
  reversal: { id: number; number: string } | null;
}

/** A line of a goods issue: a product and its quantity (thousandths; whole units), its units when serial-tracked. */
export interface GoodsIssueLine {
  id: number;
  position: number;
  productId: number;
  productName: string;
  sku: string;
  serialized: boolean;
  qty: number;
  units: Array<{ id: number; serial: string }>;
}

/** A goods issue (GI-000001): stock taken out of a location without a sale, for a reason. */
export interface GoodsIssue extends GoodsIssueSummary {
  /** "Damaged / write-off" (the reason's words). */
  reasonLabel: string;
  notes: string;
  revision: number;
  createdBy: string;
  postedBy: string | null;
  lines: GoodsIssueLine[];
}

// ---- Stock movements: stock counts ----

/** Stock → Counts: one row of the list. */
export interface StockCountSummary {
  id: number;
  number: string;
  locationId: number;
  locationName: string;
  status: import('./enums.ts').StockCountStatus;
  /** Every stock-keeping product at the location; false: only the products chosen when it started. */
  allProducts: boolean;
  startedAt: string;
  startedBy: string;
  closedAt: string | null;
  closedBy: string | null;
  /** The adjustment the count posted; null while open, when cancelled, or when it posted with no differences. */
  adjustment: { id: number; number: string } | null;
  /** Scans recorded (each person's scan is its own row). */
  scanCount: number;
}

/** A unit named in a count's review. */
export interface StockCountUnit {
  serialId: number;
  serial: string;
  productId: number;
  productName: string;
  sku: string;
}

/** A unit scanned here that the store holds elsewhere or in another status: what posting does with it. */
export interface StockCountMisplaced extends StockCountUnit {
  locationId: number;
  locationName: string;
  status: SerialStatus;
  /**
   * move: In stock at another location, posting brings it here; found: written off as Lost, posting puts it back In
   * stock here; none: sold, reserved, in transit, issued, scrapped or in repair: its own documents decide, posting
   * leaves it.
   */
  action: 'move' | 'found' | 'none';
}

/** Expected against counted for one product (thousandths; a serialized product counts its units). */
export interface StockCountProduct {
  productId: number;
  sku: string;
  productName: string;
  serialized: boolean;
  /** Expected when the count started (the snapshot). */
  startQty: number;
  /** What documents moved in (+) or out (−) here since the count started (the ledger after its mark). */
  movedQty: number;
  /** Expected now: startQty + movedQty. */
  expectedQty: number;
  countedQty: number;
  /** countedQty - expectedQty: what posting adjusts, so that on-hand becomes what was counted. */
  differenceQty: number;
}

/** One scan of a count. */
export interface StockCountScan {
  id: number;
  code: string;
  kind: 'unit' | 'quantity' | 'unknown';
  productId: number | null;
  productName: string | null;
  serialId: number | null;
  /** The unit's serial, or the unknown serial as scanned. */
  serial: string | null;
  /** Thousandths; a unit is 1000, a correction is negative. */
  qty: number;
  at: string;
  actor: string;
}

/** An open count's review, or a closed count as it was posted. */
export interface StockCount extends StockCountSummary {
  products: StockCountProduct[];
  /** Units expected here when the count started, not scanned, and still In stock here (open counts only). */
  missing: StockCountUnit[];
  /** Units scanned here that the store holds elsewhere or not In stock (open counts only). */
  wrongPlace: StockCountMisplaced[];
  /** Serials scanned that no unit has (a receipt can bring them in). */
  unknown: Array<{ scanId: number; serial: string; at: string; actor: string }>;
  /** The latest scans first (at most 200; scanCount says how many in all). */
  scans: StockCountScan[];
  /** A posted count's adjustment lines (units ±1000 at the location they left or reached); empty otherwise. */
  adjustmentLines: Array<{
    productName: string;
    sku: string;
    locationName: string;
    serial: string | null;
    qty: number;
    note: string;
  }>;
  totals: {
    expectedUnits: number;
    /** Expected units counted (of expectedUnits). */
    countedUnits: number;
    /** Counted but not expected: units from elsewhere or in other statuses, and unknown serials. */
    notExpected: number;
    missing: number;
    wrongPlace: number;
    unknown: number;
    /** Products without serials whose counted quantity differs from the expected. */
    quantityDifferences: number;
  };
}

/** What a scan counted, with the running figures of its product. */
export interface CountScanResult {
  scan: StockCountScan;
  /** What to show inline: "DL5440-0001 counted", "… counted: recorded at Warehouse". */
  message: string;
  /** ok: as expected; warning: counted, but the review will list it (wrong place, lost, unknown). */
  tone: 'ok' | 'warning';
  /** The product's running count (null for an unknown serial). */
  product: { productId: number; productName: string; expectedQty: number; countedQty: number } | null;
  scanCount: number;
}

/** A posted count: its adjustment (null when nothing differed) and what was done. */
export interface StockCountPosted {
  count: StockCount;
  adjustment: { id: number; number: string; lines: number } | null;
  message: string;
}

// ---- Stock movements: labels and on-hand per location ----

/** A unit as its barcode label shows it. */
export interface LabelUnit {
  serialId: number;
  serial: string;
  productId: number;
  sku: string;
  productName: string;
  /** The product's barcode as a GTIN-14 when it is a GTIN (check digit right): a GS1 DataMatrix can carry it. */
  gtin: string | null;
  priceMinor: Minor;
}

/** Labels laid out for printing: one page per label (thermal labels) or A4 sheets of 3×8. */
export interface LabelsHtml {
  /** "Labels (3)" */
  title: string;
  size: import('./enums.ts').LabelSize;
  /** The page: a label, or an A4 sheet. */
  page: { widthMm: number; heightMm: number };
  labels: number;
  pages: number;
  html: string;
}

/** One product's stock at every location, in thousandths. */
export interface ProductStockByLocation {
  productId: number;
  locations: Array<{
    locationId: number;
    locationName: string;
    onHand: number;
    /** On its way here: units In transit and what is left to receive on transfers to this location. */
    inTransit: number;
    /** Held here on Draft invoices (units Reserved, and quantities without serials). */
    reserved: number;
  }>;
}

// ---- Backups ----
/** How many backups Settings → Backups keeps: the newest of each of so many days, ISO weeks and months. */
export interface BackupRetention {
  daily: number;
  weekly: number;
  monthly: number;
}

/** One backup of the data file, as Settings → Backups lists it. */
export interface BackupRow {
  path: string;
  fileName: string;
  /** When it was written (ISO). */
  at: string;
  /** Bytes. */
  size: number;
  /** The app version that wrote it; null for backups older apps wrote. */
  appVersion: string | null;
  schemaVersion: number;
  reason: 'daily' | 'manual' | 'migration' | null;
  /** The backups folder, beside the data file (older apps), or the extra folder. */
  place: 'backups' | 'beside' | 'folder';
}

/** Settings → Backups: a data file's backups, the shop server's own backups, or a store kept in memory. */
export type BackupStatus =
  | {
      kind: 'sqlite';
      dataFile: string;
      backupsDir: string;
      /** The extra folder every backup is copied to ('' none). */
      folder: string;
      retention: BackupRetention;
      backups: BackupRow[];
      /** This app's schema version: a backup of a newer one cannot be restored. */
      schemaVersion: number;
      /** This host can restart its store after a restore (the desktop app, browser mode). */
      canRestore: boolean;
    }
  | {
      kind: 'postgres';
      /** The server, without its password. */
      server: string;
      folder: string;
      retention: BackupRetention;
      /** Where pg_dump was found on this computer's PATH, or null. */
      pgDump: string | null;
    }
  | { kind: 'memory' };

/** What Back up now wrote. */
export interface BackupMade {
  path: string;
  size: number;
  /** The copy in the extra folder, or null (none chosen, or it could not be written: `warning` says why). */
  copiedTo: string | null;
  warning: string | null;
}

/** What Restore did: the backup now in use, and where the file it replaced was kept. */
export interface RestoreReport {
  restoredFrom: string;
  keptAs: string | null;
}

// ---- Diagnostics ----
/** Help → Diagnostics: the facts support asks for (Save diagnostics puts them in diagnostics.json). */
export interface Diagnostics {
  appName: string;
  appVersion: string;
  /** Electron's version on the desktop; null in browser mode. */
  electronVersion: string | null;
  nodeVersion: string;
  /** Operating system and processor, as Node names them (win32 x64, darwin arm64). */
  platform: string;
  mode: AppMode;
  storeKind: 'sqlite' | 'postgres';
  /** The data file, or the shop server's URL without its password. */
  dataFile: string;
  /** The data file's size in bytes; null on the shop server. */
  dataFileBytes: number | null;
  schemaVersion: number;
  /** The newest backup of the data file (ISO time); null when there is none (or on the shop server). */
  lastBackup: { path: string; at: string; bytes: number | null } | null;
  /** The quick_check made when the store was opened; null when none ran (a new file, the shop server). */
  lastQuickCheck: { at: string; result: string } | null;
  /** Where the log files are; null when this host writes none. */
  logFolder: string | null;
  /** Where updates come from ('' off). */
  updateUrl: string;
}

/** Save diagnostics: where the desktop saved the zip (null: cancelled), or the zip to download in browser mode. */
export interface SavedDiagnostics {
  savedTo: string | null;
  download: FileDownload | null;
}

/** Settings → Updates (the desktop app). */
export interface UpdateSettings {
  /** The address set here ('' none). */
  url: string;
  /** The address built into this copy of the app ('' none). */
  buildUrl: string;
  /** Where updates come from now: the one set here, else the built-in one ('' updates off). */
  activeUrl: string;
  /** False in browser mode: updates are the desktop app's. */
  canUpdate: boolean;
  /** What the updater last did, in words. */
  status: string;
}

// ---- Service work: estimates ----
/** One line of an estimate: a product or a manual item, like an invoice line but with no serials. */
export interface EstimateLine {
  id: number;
  position: number;
  productId: number | null;
  productName: string | null;
  sku: string | null;
  serialized: boolean;
  description: string;
  /** Thousandths. */
  qty: number;
  unitPriceMinor: number;
  taxable: boolean;
  taxRateId: number | null;
  taxRateName: string;
  taxRateBp: number;
  lineTotalMinor: number;
}

/** EST-000001 as the editor shows it. */
export interface Estimate {
  id: number;
  number: string;
  customerId: number;
  customerName: string;
  locationId: number;
  estimateDate: string;
  expiryDate: string;
  status: import('./enums.ts').EstimateStatus;
  terms: string;
  notes: string;
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
  /** Tax per rate, as on an invoice. */
  taxes: Array<{ name: string; rateBp: number; taxMinor: number }>;
  revision: number;
  sentAt: string | null;
  decidedAt: string | null;
  lines: EstimateLine[];
  /** A line is a serial-tracked product (Convert to invoice warns). */
  hasSerialized: boolean;
  /** What it was converted to. */
  ticket: { id: number; number: string } | null;
  invoice: { id: number; number: string } | null;
}

/** One row of the Estimates list. */
export interface EstimateSummary {
  id: number;
  number: string;
  customerId: number;
  customerName: string;
  estimateDate: string;
  expiryDate: string;
  status: import('./enums.ts').EstimateStatus;
  totalMinor: number;
}

// ---- Service work: tickets, labour, charges, Make Invoice ----
/** A ticket status (Settings → Tickets): renamed, reordered, added, archived (never deleted). */
export interface TicketStatusRow {
  id: number;
  name: string;
  position: number;
  archived: boolean;
}
/** Settings → Tickets, and what the ticket page offers: statuses, technicians, labour products. */
export interface TicketSettings {
  statuses: TicketStatusRow[];
  /** New billable labour is Charged at once (else Not Charged until someone charges it). */
  chargeBillableByDefault: boolean;
  technicians: Array<{ id: number; name: string }>;
  /** Products without stock or serials (services), priced per hour. */
  labourProducts: Array<{ id: number; name: string; sku: string; priceMinor: number }>;
}
/** One row of the Tickets list. */
export interface TicketSummary {
  id: number;
  number: string;
  customerId: number;
  customerName: string;
  title: string;
  statusId: number;
  statusName: string;
  billingStatus: import('./enums.ts').BillingStatus;
  updatedAt: string;
}
/** One entry of a ticket's labour log. */
export interface TicketLabourEntry {
  id: number;
  staffId: number;
  staffName: string;
  productId: number;
  productName: string;
  note: string;
  billable: boolean;
  startedAt: string;
  stoppedAt: string | null;
  /** Null while the timer runs. */
  minutes: number | null;
  status: import('./enums.ts').LabourStatus;
  /** Hours × the labour product's price. */
  amountMinor: number;
  invoice: { id: number; number: string } | null;
}
/** One pending or invoiced charge (Add/View Charges lists the pending ones). */
export interface TicketChargeRow {
  source: 'labour' | import('./enums.ts').ChargeKind;
  id: number;
  productId: number | null;
  sku: string | null;
  description: string;
  /** Thousandths. */
  qty: number;
  unitPriceMinor: number;
  taxable: boolean;
  amountMinor: number;
  taxMinor: number;
  serialized: boolean;
  unitsNeeded: number;
  serials: Array<{ id: number; serial: string }>;
  invoice: { id: number; number: string } | null;
}
/** A document linked to a ticket. */
export interface TicketDocument {
  id: number;
  number: string;
  status: string;
  totalMinor: number;
}
export interface Ticket {
  id: number;
  number: string;
  customerId: number;
  customerName: string;
  locationId: number;
  title: string;
  description: string;
  statusId: number;
  statusName: string;
  revision: number;
  createdAt: string;
  updatedAt: string;
  billingStatus: import('./enums.ts').BillingStatus;
  /** Charged labour plus line items, minus deposits, with tax: what Make Invoice would bill. */
  pendingTotalMinor: number;
  notChargedMinutes: number;
  labour: TicketLabourEntry[];
  /** Line items (not deposits), invoiced or not. */
  items: TicketChargeRow[];
  /** Every pending charge: Charged labour, line items, deposits (negative). */
  pending: TicketChargeRow[];
  documents: {
    estimate: TicketDocument | null;
    deposits: TicketDocument[];
    purchaseOrders: TicketDocument[];
    invoices: TicketDocument[];
  };
}

// ---- Service work: deposits ----
/** Settings → Deposits: a deposit product is a fixed amount, or a percentage of the ticket's pending charges. */
export interface DepositProduct {
  id: number;
  name: string;
  kind: import('./enums.ts').DepositKind;
  amountMinor: number;
  /** Basis points (2500 = 25 %); 0 for a fixed amount. */
  percentBp: number;
  archived: boolean;
}
export interface DepositSettings {
  enabled: boolean;
  /** Every deposit product, archived ones too (Settings lists them). */
  products: DepositProduct[];
}
/** One deposit taken on a ticket, as its Actions show it. */
export interface TicketDeposit {
  chargeId: number;
  invoiceId: number;
  /** DEP-000001 */
  invoiceNumber: string;
  paymentId: number | null;
  paymentNumber: string | null;
  methodName: string;
  amountMinor: number;
  refundedMinor: number;
  /** What is left to refund or to take off the balance invoice. */
  leftMinor: number;
  /** The (non-Void) invoice the deposit is taken off, or null. */
  consumedBy: { invoiceId: number; number: string } | null;
  takenAt: string;
}
export interface TicketDeposits {
  ticketNumber: string;
  enabled: boolean;
  /** The ticket's pending charges (incl. tax, minus deposits): the base of a percentage and the most a deposit is. */
  pendingTotalMinor: number;
  /** Active deposit products. */
  products: DepositProduct[];
  deposits: TicketDeposit[];
}

// ---- Service work: purchase orders for a ticket, reserved units ----
/** A ticket as other documents name it: T-000001, and its customer's name. */
export interface TicketRef {
  id: number;
  number: string;
  customerName: string;
}

/** Order for this ticket: the purchase order the line went on, and whether it was new. */
export interface TicketOrder {
  purchaseOrderId: number;
  number: string;
  created: boolean;
  /** Whole units ordered. */
  qty: number;
  vendorName: string;
}

/** What a serialized line item of a ticket has, and what it can do next (ChargeSerialActions). */
export interface ChargeSerialInfo {
  ticketId: number;
  chargeId: number;
  productId: number;
  productName: string;
  locationId: number;
  locationName: string;
  /** Whole units the charge needs, has, and still waits for (neither held nor on an open purchase order). */
  unitsNeeded: number;
  units: Array<{ id: number; serial: string; status: SerialStatus; invoiceNumber: string | null }>;
  stillNeeded: number;
  /** Units of the product In stock at the ticket's location (they can be reserved by picking one). */
  inStock: number;
  onOrder: Array<{ purchaseOrderId: number; number: string; status: PurchaseOrderStatus; qtyOpen: number }>;
  /** The vendor of the product's most recent purchase order line (Order for this ticket orders from it). */
  vendor: { id: number; name: string } | null;
}

// ---- Recurring invoices: templates ----
/** A template line as the editor sends it and Make recurring proposes it (db recurring_lines). */
export interface RecurringLineValues {
  kind: import('./enums.ts').RecurringLineKind;
  /** Null: a manual item (its description is its name). */
  productId: number | null;
  description: string;
  /** Thousandths, above 0 for a standard line; a counter line's is counted at each run (0 here). */
  qty: number;
  unitPriceMinor: number;
  taxable: boolean;
  /** Null: the product's rate, else the shop's default. */
  taxRateId: number | null;
  /** Asset counter: the asset type counted ("Laptop"). */
  assetType: string;
  /** Contact counter: only contacts with this custom field set (null: every contact) … */
  contactFieldId: number | null;
  /** … to this value ('' : any value; 'yes' / 'no' for a yes / no field). */
  contactFieldValue: string;
}

export interface RecurringLine extends RecurringLineValues {
  id: number;
  position: number;
  productName: string | null;
  sku: string | null;
  serialized: boolean;
  contactFieldName: string | null;
}

/** The status word of a template: Ended (no next run), Paused, Needs attention (a run failed), else Active. */
export type RecurringStatus = import('./enums.ts').RecurringStatus;

/** One period in a template's run log (db recurring_runs). */
export interface RecurringRunRow {
  periodDate: string;
  outcome: import('./enums.ts').RecurringRunOutcome;
  /** The invoice made; null when none was, or when its draft was deleted (the number is kept). */
  invoiceId: number | null;
  invoiceNumber: string;
  message: string;
  attempts: number;
  ranAt: string;
}

/** The template editor's values (saveRecurring's input without id and revision). */
export interface RecurringValues {
  customerId: number;
  frequency: import('./enums.ts').RecurringFrequency;
  everyMonths: number;
  startDate: string;
  /** Null: ended. */
  nextRunDate: string | null;
  endDate: string | null;
  maxRuns: number | null;
  terms: string;
  notes: string;
  action: import('./enums.ts').RecurringAction;
  addTicketCharges: boolean;
  /** Ticket statuses the pending charges come from; empty: any status. */
  ticketStatusIds: number[];
  ticketChargeOrder: import('./enums.ts').TicketChargeOrder;
  lines: RecurringLineValues[];
}

/** A recurring invoice template (R-000001) with its lines and run log. */
export interface RecurringTemplate extends Omit<RecurringValues, 'lines'> {
  id: number;
  number: string;
  customerName: string;
  locationId: number;
  /** "Monthly", "Every 2 months". */
  frequencyText: string;
  runsMade: number;
  paused: boolean;
  needsAttention: boolean;
  status: RecurringStatus;
  /** The invoice Make recurring made it from. */
  sourceInvoice: { id: number; number: string } | null;
  /** Deleted (kept: its invoices still say "from R-000001"). */
  deleted: boolean;
  revision: number;
  lines: RecurringLine[];
  /** The run log, newest period first. */
  runs: RecurringRunRow[];
}

/** One row of the Recurring list. */
export interface RecurringSummary {
  id: number;
  number: string;
  customerId: number;
  customerName: string;
  frequencyText: string;
  nextRunDate: string | null;
  /** The latest period that made an invoice. */
  lastRun: { periodDate: string; invoiceId: number | null; invoiceNumber: string } | null;
  runsMade: number;
  status: RecurringStatus;
  /** The standard lines' total per run, before tax (counter lines and ticket charges vary). */
  totalPerRunMinor: number;
}

/** Make recurring: a new template's values from an invoice, not saved; lines that cannot recur are left out. */
export interface RecurringDraft {
  values: RecurringValues;
  customerName: string;
  sourceInvoice: { id: number; number: string };
  leftOut: Array<{ description: string; reason: string }>;
}

// ---- Recurring invoices: runs ----
/** What one pass of the recurring scheduler (or Run due now) did, period by period. */
export interface RecurringRunReport {
  made: Array<{
    templateId: number;
    templateNumber: string;
    /** The period's date (YYYY-MM-DD): the invoice's date. */
    periodDate: string;
    invoiceId: number;
    invoiceNumber: string;
  }>;
  /** Periods with nothing to invoice (no lines and no pending ticket charges). */
  skipped: Array<{ templateId: number; templateNumber: string; periodDate: string; message: string }>;
  /** Periods that failed (the template is flagged for attention and stops for this pass). */
  failed: Array<{ templateId: number; templateNumber: string; periodDate: string; message: string }>;
}

// ---- Customers: contacts, assets, contact fields ----
/** Settings → Contacts: a custom field on customers' contacts ("Remote access", yes / no). */
export interface ContactField {
  id: number;
  name: string;
  kind: import('./enums.ts').ContactFieldKind;
  position: number;
  archived: boolean;
}

/** A person at a customer, with the custom fields set on them ('yes' / 'no' for a yes / no field). */
export interface CustomerContact {
  id: number;
  customerId: number;
  name: string;
  email: string;
  phone: string;
  /** Only the fields set; a field not listed is not set. */
  values: Array<{ fieldId: number; value: string }>;
}

/** A customer's device: a serialized unit sold to them whose product has an asset type, or one entered by hand. */
export interface CustomerAsset {
  source: 'sold' | 'manual';
  /** The manual asset's id (Delete), or null for a sold unit. */
  assetId: number | null;
  assetType: string;
  /** The product's name for a sold unit; the name entered for a manual one. */
  name: string;
  serial: string;
  /** A sold unit: its serial record (its history screen) and the invoice it was sold on. */
  serialId: number | null;
  invoice: { id: number; number: string } | null;
}

/** The customer page's Contacts and Assets sections. */
export interface CustomerRecords {
  customerId: number;
  contacts: CustomerContact[];
  /** Every contact field, archived ones too (a contact keeps their values). */
  fields: ContactField[];
  assets: CustomerAsset[];
  /** The asset types known (products' and manual assets'), one spelling per type, in name order. */
  assetTypes: string[];
}
