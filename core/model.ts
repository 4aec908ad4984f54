// The shapes that cross the process boundary (results of contract calls). Pure types, shared by
// the store, the main process and the renderer. Money fields end in `Minor` (integer cents).
import type {
  AppMode,
  ImportKind,
  InvoiceStatus,
  LocationKind,
  PurchaseOrderStatus,
  ReceiptSource,
  SerialEventKind,
  SerialStatus,
} from './enums.ts';
import type { Minor } from './money.ts';

export type {
  AppMode,
  ImportKind,
  InvoiceStatus,
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
  taxRateBp: number;
  /** The shop's currency (ISO 4217 code); every amount is in its minor units. */
  currency: string;
  /** How numbers, money and times are written (BCP 47 tag, e.g. en-US, de-DE). */
  locale: string;
  defaultLocationId: number;
  defaultCustomerId: number;
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
  /** The unit's product, so a scan adds its line without another call. */
  product: Product;
}

export interface InvoiceLine {
  id: number;
  productId: number;
  productName: string;
  sku: string;
  serialized: boolean;
  description: string;
  qty: number;
  unitPriceMinor: Minor;
  taxable: boolean;
  lineTotalMinor: Minor;
  serials: Array<{ id: number; serial: string }>;
}

export interface Invoice {
  id: number;
  number: string;
  customerId: number;
  customerName: string;
  locationId: number;
  locationName: string;
  invoiceDate: string;
  status: InvoiceStatus;
  notes: string;
  taxRateBp: number;
  subtotalMinor: Minor;
  taxMinor: Minor;
  totalMinor: Minor;
  revision: number;
  lines: InvoiceLine[];
}

export interface InvoiceSummary {
  id: number;
  number: string;
  customerName: string;
  invoiceDate: string;
  status: InvoiceStatus;
  totalMinor: Minor;
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
