import type { Generated } from 'kysely';
import type {
  InvoiceStatus,
  LocationKind,
  PurchaseOrderStatus,
  ReceiptSource,
  SerialEventKind,
  SerialStatus,
} from '../core/enums.ts';

// Table types for kysely, matching migrations/. Booleans are 0/1 integers, money is integer
// minor units (cents), dates are ISO text.
type Flag = 0 | 1;

export interface SettingsTable {
  key: string;
  value: string;
}
export interface CountersTable {
  name: string;
  next: number;
}

export interface LocationsTable {
  id: Generated<number>;
  name: string;
  kind: LocationKind;
  is_default: Generated<Flag>;
}

export interface CustomersTable {
  id: Generated<number>;
  name: string;
  email: Generated<string>;
  phone: Generated<string>;
  is_default: Generated<Flag>;
}

export interface ProductsTable {
  id: Generated<number>;
  sku: string;
  barcode: string | null;
  name: string;
  price_minor: number;
  taxable: Flag;
  serialized: Flag;
  maintain_stock: Flag;
}

export interface StockLevelsTable {
  product_id: number;
  location_id: number;
  on_hand: number;
}

export interface GoodsReceiptsTable {
  id: Generated<number>;
  number: string;
  location_id: number;
  source: ReceiptSource;
  reference: Generated<string>;
  received_at: string;
  actor: string;
  purchase_order_id: Generated<number | null>;
}

export interface GoodsReceiptLinesTable {
  id: Generated<number>;
  receipt_id: number;
  product_id: number;
  qty: number;
  unit_cost_minor: Generated<number>;
}

export interface SerialsTable {
  id: Generated<number>;
  product_id: number;
  serial: string;
  /** serialKey(serial) (core/serial.ts): unique per product, what lookups compare. Every writer sets it. */
  serial_key: string;
  location_id: number;
  status: SerialStatus;
  condition_notes: Generated<string>;
  customer_id: number | null;
  received_at: string;
  deleted_at: Generated<string | null>;
}

export interface InvoicesTable {
  id: Generated<number>;
  number: string;
  customer_id: number;
  location_id: number;
  invoice_date: string;
  status: InvoiceStatus;
  notes: Generated<string>;
  terms: Generated<string>;
  tax_rate_bp: number;
  subtotal_minor: number;
  tax_minor: number;
  total_minor: number;
  revision: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface InvoiceLinesTable {
  id: Generated<number>;
  invoice_id: number;
  position: number;
  product_id: number;
  description: string;
  qty: number;
  unit_price_minor: number;
  taxable: Flag;
  line_total_minor: number;
}

export interface InvoiceLineSerialsTable {
  invoice_line_id: number;
  serial_id: number;
}

export interface SerialEventsTable {
  id: Generated<number>;
  serial_id: number;
  at: string;
  actor: string;
  kind: SerialEventKind;
  location_id: number | null;
  receipt_id: number | null;
  invoice_id: number | null;
  invoice_line_id: number | null;
  customer_id: number | null;
  note: Generated<string>;
}

export interface VendorsTable {
  id: Generated<number>;
  name: string;
  email: Generated<string>;
  phone: Generated<string>;
}

export interface PurchaseOrdersTable {
  id: Generated<number>;
  number: string;
  vendor_id: number;
  location_id: number;
  status: PurchaseOrderStatus;
  notes: Generated<string>;
  created_at: string;
  updated_at: string;
}

export interface PurchaseOrderLinesTable {
  id: Generated<number>;
  purchase_order_id: number;
  position: number;
  product_id: number;
  qty_ordered: number;
  qty_received: Generated<number>;
  unit_cost_minor: Generated<number>;
}

export interface SerialAliasesTable {
  id: Generated<number>;
  serial_id: number;
  alias: string;
  /** serialKey(alias): an SN: scan of the old label finds the unit by it. */
  alias_key: string;
  created_at: string;
}

export interface DB {
  settings: SettingsTable;
  counters: CountersTable;
  locations: LocationsTable;
  customers: CustomersTable;
  products: ProductsTable;
  stock_levels: StockLevelsTable;
  goods_receipts: GoodsReceiptsTable;
  goods_receipt_lines: GoodsReceiptLinesTable;
  serials: SerialsTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  invoice_line_serials: InvoiceLineSerialsTable;
  serial_events: SerialEventsTable;
  vendors: VendorsTable;
  purchase_orders: PurchaseOrdersTable;
  purchase_order_lines: PurchaseOrderLinesTable;
  serial_aliases: SerialAliasesTable;
}
