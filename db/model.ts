// The shapes that cross the process boundary (results of contract calls). Pure types, shared by
// the store, the main process and the renderer. Money fields end in `Minor` (integer cents).
import type { Minor } from './money.ts';

export type SerialStatus = 'in_stock' | 'sold' | 'reserved' | 'returned' | 'rma' | 'scrapped';
export type InvoiceStatus = 'draft' | 'issued' | 'partially_paid' | 'paid' | 'void';

export interface AppInfo {
  name: string;
  version: string;
  dataFile: string;
  mode: 'electron' | 'web' | 'test';
  taxRateBp: number;
  defaultLocationId: number;
  defaultCustomerId: number;
}

export interface Location { id: number; name: string; kind: 'store' | 'warehouse'; isDefault: boolean }
export interface Customer { id: number; name: string; email: string; phone: string; isDefault: boolean }

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

export interface ReceiptResult { receiptId: number; number: string; serialIds: number[] }

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

export interface Page<T> { rows: T[]; total: number }
