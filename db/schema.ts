import type { ColumnType, Generated } from 'kysely';
import type {
  ContactFieldKind,
  RecurringAction,
  RecurringFrequency,
  RecurringLineKind,
  RecurringRunOutcome,
  TicketChargeOrder,
  DiscountKind,
  EmailKind,
  EmailStatus,
  InvoiceStatus,
  RefundTo,
  ReturnDisposition,
  StaffRole,
  TillMovementKind,
  LocationKind,
  PaymentMethodKind,
  StoreCreditKind,
  PurchaseOrderStatus,
  ReceiptSource,
  SerialEventKind,
  SerialStatus,
  TransferStatus,
  TransferUnitState,
  GoodsIssueReason,
  GoodsIssueStatus,
  StockCountStatus,
  StockMoveDoc,
  EstimateStatus,
  ChargeKind,
  DepositKind,
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
  /** The product's default tax rate; null: the shop's default rate. */
  tax_rate_id: Generated<number | null>;
  /** What the product is as a customer's asset ("Laptop"); '' none. Asset counter lines count by it. */
  asset_type: Generated<string>;
}

export interface StockLevelsTable {
  product_id: number;
  location_id: number;
  /** Thousandths (migration 0005), like invoice line quantities. */
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
  /** A reversal of a posted goods issue. */
  goods_issue_id: Generated<number | null>;
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
  /** The ticket a unit is reserved for (status reserved), kept once it is sold. */
  ticket_id: Generated<number | null>;
}

export interface InvoicesTable {
  id: Generated<number>;
  number: string;
  customer_id: number;
  location_id: number;
  invoice_date: string;
  due_date: string;
  /** The terms' name as chosen ("Net 30"); the due date was set from it and may have been edited. */
  terms: Generated<string>;
  status: InvoiceStatus;
  notes: Generated<string>;
  subtotal_minor: number;
  tax_minor: number;
  total_minor: number;
  /** Payments applied minus refunds; only the payment service writes it. */
  paid_minor: Generated<number>;
  /** total_minor - paid_minor, computed by the store (a generated column): read only. */
  balance_minor: ColumnType<number, never, never>;
  revision: Generated<number>;
  created_at: string;
  updated_at: string;
  finalized_at: Generated<string | null>;
  voided_at: Generated<string | null>;
  /** Who made it (a staff name; '' before staff existed). */
  cashier: Generated<string>;
  till_session_id: Generated<number | null>;
  /** Set while the Draft is parked at the counter (Hold). */
  held_at: Generated<string | null>;
  discount_kind: Generated<DiscountKind | null>;
  discount_value: Generated<number>;
  /** The sale discount in money: subtotal - discount + tax = total. */
  discount_minor: Generated<number>;
  discount_reason: Generated<string>;
  discount_approved_by: Generated<string | null>;
  /** The credit notes' part of paid_minor. */
  credited_minor: Generated<number>;
  /** Who voided it, and who approved the void (a Manager or Admin; the one who voided, when one). */
  voided_by: Generated<string | null>;
  void_approved_by: Generated<string | null>;
  /** Service work (migration 9): the ticket it was made from, the estimate it was converted from; a deposit invoice. */
  ticket_id: Generated<number | null>;
  estimate_id: Generated<number | null>;
  is_deposit: Generated<Flag>;
  /** Recurring invoices (migration 10): the template a run made it from. */
  recurring_template_id: Generated<number | null>;
}

export interface InvoiceLinesTable {
  id: Generated<number>;
  invoice_id: number;
  position: number;
  /** Null: a manual item. */
  product_id: number | null;
  description: string;
  /** Thousandths. */
  qty: number;
  unit_price_minor: number;
  taxable: Flag;
  tax_rate_id: number | null;
  tax_rate_name: string;
  tax_rate_bp: number;
  /** After the line discount. */
  line_total_minor: number;
  discount_kind: Generated<DiscountKind | null>;
  discount_value: Generated<number>;
  discount_minor: Generated<number>;
  discount_reason: Generated<string>;
  discount_approved_by: Generated<string | null>;
  /** A recurring counter line (migration 10): its quantity was counted at a run, and may be 0. */
  counted: Generated<Flag>;
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
  credit_note_id: Generated<number | null>;
  transfer_id: Generated<number | null>;
  goods_issue_id: Generated<number | null>;
  adjustment_id: Generated<number | null>;
  ticket_id: Generated<number | null>;
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
  /** The ticket this line is ordered for, and the charge waiting for it: receiving reserves the units. */
  ticket_id: Generated<number | null>;
  ticket_charge_id: Generated<number | null>;
}

export interface SerialAliasesTable {
  id: Generated<number>;
  serial_id: number;
  alias: string;
  /** serialKey(alias): an SN: scan of the old label finds the unit by it. */
  alias_key: string;
  created_at: string;
}

export interface TaxRatesTable {
  id: Generated<number>;
  name: string;
  rate_bp: number;
  is_default: Generated<Flag>;
  archived: Generated<Flag>;
}

export interface PaymentMethodsTable {
  id: Generated<number>;
  name: string;
  kind: PaymentMethodKind;
  position: number;
  is_default: Generated<Flag>;
  archived: Generated<Flag>;
}

export interface PaymentTermsTable {
  id: Generated<number>;
  name: string;
  days: number;
  is_default: Generated<Flag>;
}

export interface PaymentsTable {
  id: Generated<number>;
  number: string;
  customer_id: number;
  method_id: number;
  amount_minor: number;
  /** The part kept as store credit (an overpayment's excess, a customer payment's remainder). */
  credit_minor: Generated<number>;
  reference: Generated<string>;
  paid_on: string;
  notes: Generated<string>;
  created_at: string;
  actor: string;
  till_session_id: Generated<number | null>;
  /** Cash handed over (tendered - amount was given back as change); null: same as amount. */
  tendered_minor: Generated<number | null>;
}

export interface PaymentAllocationsTable {
  payment_id: number;
  invoice_id: number;
  amount_minor: number;
}

export interface RefundsTable {
  id: Generated<number>;
  payment_id: number;
  invoice_id: number;
  method_id: number;
  amount_minor: number;
  reference: Generated<string>;
  refunded_on: string;
  notes: Generated<string>;
  created_at: string;
  actor: string;
  till_session_id: Generated<number | null>;
  credit_note_id: Generated<number | null>;
}

export interface StoreCreditTable {
  id: Generated<number>;
  customer_id: number;
  at: string;
  actor: string;
  kind: StoreCreditKind;
  /** Positive adds credit; negative (kind 'used') spends it. */
  amount_minor: number;
  payment_id: number | null;
  refund_id: number | null;
  invoice_id: number | null;
  note: Generated<string>;
  credit_note_id: Generated<number | null>;
}

export interface StaffTable {
  id: Generated<number>;
  name: string;
  role: StaffRole;
  /** scrypt$N$r$p$salt$hash: never the PIN. */
  pin_hash: string;
  active: Generated<Flag>;
  created_at: string;
  updated_at: string;
}

export interface PinFailuresTable {
  id: Generated<number>;
  at: string;
}

export interface TillSessionsTable {
  id: Generated<number>;
  register: Generated<string>;
  location_id: number;
  opened_at: string;
  opened_by: string;
  opening_float_minor: number;
  closed_at: Generated<string | null>;
  closed_by: Generated<string | null>;
  z_number: Generated<string | null>;
  expected_cash_minor: Generated<number | null>;
  counted_cash_minor: Generated<number | null>;
  counted_detail: Generated<string>;
}

export interface TillMovementsTable {
  id: Generated<number>;
  till_session_id: number;
  kind: TillMovementKind;
  amount_minor: number;
  reason: Generated<string>;
  at: string;
  actor: string;
  approved_by: Generated<string | null>;
}

export interface CreditNotesTable {
  id: Generated<number>;
  number: string;
  invoice_id: number;
  customer_id: number;
  location_id: number;
  till_session_id: Generated<number | null>;
  subtotal_minor: number;
  tax_minor: number;
  total_minor: number;
  refund_to: RefundTo;
  reason: Generated<string>;
  created_at: string;
  actor: string;
  approved_by: Generated<string | null>;
}

export interface CreditNoteLinesTable {
  id: Generated<number>;
  credit_note_id: number;
  invoice_line_id: number;
  qty: number;
  amount_minor: number;
  tax_minor: number;
  disposition: Generated<ReturnDisposition | null>;
}

export interface CreditNoteUnitsTable {
  credit_note_line_id: number;
  serial_id: number;
  invoice_line_id: number;
  disposition: ReturnDisposition;
}

export interface EmailsTable {
  id: Generated<number>;
  kind: EmailKind;
  invoice_id: Generated<number | null>;
  credit_note_id: Generated<number | null>;
  to_addr: string;
  cc: Generated<string>;
  subject: string;
  body: Generated<string>;
  status: Generated<EmailStatus>;
  attempts: Generated<number>;
  next_attempt_at: Generated<string | null>;
  last_error: Generated<string>;
  created_at: string;
  actor: string;
  sent_at: Generated<string | null>;
  estimate_id: Generated<number | null>;
}

export interface ApiKeysTable {
  id: Generated<number>;
  name: string;
  prefix: string;
  key_hash: string;
  created_at: string;
  created_by: string;
  revoked_at: Generated<string | null>;
  last_used_at: Generated<string | null>;
}

// ---- Stock movements (migration 8) ----

export interface TransfersTable {
  id: Generated<number>;
  number: string;
  from_location_id: number;
  to_location_id: number;
  status: TransferStatus;
  notes: Generated<string>;
  revision: Generated<number>;
  created_at: string;
  created_by: string;
  sent_at: Generated<string | null>;
  sent_by: Generated<string | null>;
  received_at: Generated<string | null>;
  received_by: Generated<string | null>;
}

export interface TransferLinesTable {
  id: Generated<number>;
  transfer_id: number;
  position: number;
  product_id: number;
  /** Thousandths. */
  qty: number;
  qty_received: Generated<number>;
}

export interface TransferUnitsTable {
  transfer_line_id: number;
  serial_id: number;
  state: Generated<TransferUnitState>;
}

export interface GoodsIssuesTable {
  id: Generated<number>;
  number: string;
  location_id: number;
  reason: GoodsIssueReason;
  reason_text: Generated<string>;
  status: GoodsIssueStatus;
  notes: Generated<string>;
  revision: Generated<number>;
  created_at: string;
  created_by: string;
  posted_at: Generated<string | null>;
  posted_by: Generated<string | null>;
}

export interface GoodsIssueLinesTable {
  id: Generated<number>;
  goods_issue_id: number;
  position: number;
  product_id: number;
  /** Thousandths. */
  qty: number;
}

export interface GoodsIssueUnitsTable {
  goods_issue_line_id: number;
  serial_id: number;
}

export interface StockCountsTable {
  id: Generated<number>;
  number: string;
  location_id: number;
  status: StockCountStatus;
  all_products: number;
  /** max(stock_moves.id) when the count started: the moves after it happened during the count. */
  ledger_mark: number;
  started_at: string;
  started_by: string;
  closed_at: Generated<string | null>;
  closed_by: Generated<string | null>;
}

export interface StockCountProductsTable {
  stock_count_id: number;
  product_id: number;
  /** Thousandths expected when the count started. */
  expected_qty: number;
}

export interface StockCountUnitsTable {
  stock_count_id: number;
  serial_id: number;
}

export interface StockCountScansTable {
  id: Generated<number>;
  stock_count_id: number;
  product_id: number | null;
  serial_id: number | null;
  /** An unknown serial, as scanned (normalised). */
  serial_text: string | null;
  /** Thousandths; a unit is 1000. */
  qty: number;
  code: string;
  at: string;
  actor: string;
}

export interface AdjustmentsTable {
  id: Generated<number>;
  number: string;
  location_id: number;
  stock_count_id: number | null;
  reason: Generated<string>;
  created_at: string;
  actor: string;
  approved_by: string | null;
}

export interface AdjustmentLinesTable {
  id: Generated<number>;
  adjustment_id: number;
  product_id: number;
  location_id: number;
  serial_id: number | null;
  /** Thousandths, signed. */
  qty: number;
  note: Generated<string>;
}

/** The stock ledger: on-hand per product and location is the sum of qty. Append-only. */
export interface StockMovesTable {
  id: Generated<number>;
  at: string;
  actor: string;
  product_id: number;
  location_id: number;
  serial_id: number | null;
  /** Thousandths, + in, - out. */
  qty: number;
  doc: StockMoveDoc;
  /** The document's id; NULL for an opening balance. */
  doc_id: number | null;
}

// ---- Service work (migration 9: read its notes, they are the data model) ----

export interface EstimatesTable {
  id: Generated<number>;
  number: string;
  customer_id: number;
  location_id: number;
  estimate_date: string;
  expiry_date: string;
  status: EstimateStatus;
  terms: Generated<string>;
  notes: Generated<string>;
  subtotal_minor: number;
  tax_minor: number;
  total_minor: number;
  revision: Generated<number>;
  created_at: string;
  created_by: string;
  updated_at: string;
  sent_at: Generated<string | null>;
  decided_at: Generated<string | null>;
}

export interface EstimateLinesTable {
  id: Generated<number>;
  estimate_id: number;
  position: number;
  product_id: number | null;
  description: string;
  /** Thousandths. */
  qty: number;
  unit_price_minor: number;
  taxable: Flag;
  tax_rate_id: number | null;
  tax_rate_name: Generated<string>;
  tax_rate_bp: Generated<number>;
  line_total_minor: number;
}

export interface TicketStatusesTable {
  id: Generated<number>;
  name: string;
  position: number;
  archived: Generated<Flag>;
}

export interface TicketsTable {
  id: Generated<number>;
  number: string;
  customer_id: number;
  location_id: number;
  title: string;
  description: Generated<string>;
  status_id: number;
  estimate_id: Generated<number | null>;
  revision: Generated<number>;
  created_at: string;
  created_by: string;
  updated_at: string;
}

export interface TicketLabourTable {
  id: Generated<number>;
  ticket_id: number;
  staff_id: number;
  product_id: number;
  note: Generated<string>;
  billable: Generated<Flag>;
  charged: Generated<Flag>;
  started_at: string;
  stopped_at: Generated<string | null>;
  /** NULL while the timer runs. */
  minutes: Generated<number | null>;
  /** Set by Make Invoice; NULL again when the line or its draft is deleted. Invoiced if its invoice is not Void. */
  invoice_line_id: Generated<number | null>;
  created_at: string;
  actor: string;
}

export interface TicketChargesTable {
  id: Generated<number>;
  ticket_id: number;
  position: number;
  kind: ChargeKind;
  product_id: number | null;
  description: string;
  /** Thousandths. */
  qty: number;
  /** A deposit: negative, -(the deposit). */
  unit_price_minor: number;
  taxable: Flag;
  tax_rate_id: number | null;
  tax_rate_name: Generated<string>;
  tax_rate_bp: Generated<number>;
  estimate_line_id: Generated<number | null>;
  deposit_invoice_id: Generated<number | null>;
  refunded_minor: Generated<number>;
  invoice_line_id: Generated<number | null>;
  created_at: string;
  actor: string;
}

export interface TicketChargeSerialsTable {
  ticket_charge_id: number;
  serial_id: number;
}

export interface DepositProductsTable {
  id: Generated<number>;
  name: string;
  kind: DepositKind;
  amount_minor: Generated<number>;
  percent_bp: Generated<number>;
  archived: Generated<Flag>;
}

// ---- Recurring invoices (migration 10; db/migrations/0010_recurring.ts is the data model) ----

export interface ContactFieldsTable {
  id: Generated<number>;
  name: string;
  kind: ContactFieldKind;
  position: number;
  archived: Generated<Flag>;
}

export interface CustomerContactsTable {
  id: Generated<number>;
  customer_id: number;
  name: string;
  email: Generated<string>;
  phone: Generated<string>;
  created_at: string;
  actor: string;
}

export interface ContactFieldValuesTable {
  contact_id: number;
  field_id: number;
  /** 'yes' / 'no' for a yes/no field. */
  value: string;
}

export interface CustomerAssetsTable {
  id: Generated<number>;
  customer_id: number;
  asset_type: string;
  name: string;
  serial: Generated<string>;
  created_at: string;
  actor: string;
}

export interface RecurringTemplatesTable {
  id: Generated<number>;
  number: string;
  customer_id: number;
  location_id: number;
  frequency: RecurringFrequency;
  every_months: Generated<number>;
  start_date: string;
  /** Null: ended (past the end date, or the number of runs made). */
  next_run_date: string | null;
  end_date: string | null;
  max_runs: number | null;
  runs_made: Generated<number>;
  terms: Generated<string>;
  notes: Generated<string>;
  action: Generated<RecurringAction>;
  paused: Generated<Flag>;
  add_ticket_charges: Generated<Flag>;
  ticket_charge_order: Generated<TicketChargeOrder>;
  needs_attention: Generated<Flag>;
  source_invoice_id: number | null;
  revision: Generated<number>;
  created_at: string;
  created_by: string;
  updated_at: string;
  deleted_at: Generated<string | null>;
}

export interface RecurringTemplateStatusesTable {
  template_id: number;
  status_id: number;
}

export interface RecurringLinesTable {
  id: Generated<number>;
  template_id: number;
  position: number;
  kind: RecurringLineKind;
  product_id: number | null;
  description: string;
  /** Thousandths; a counter line's is counted at each run (0 here). */
  qty: Generated<number>;
  unit_price_minor: number;
  taxable: Generated<Flag>;
  tax_rate_id: number | null;
  asset_type: Generated<string>;
  contact_field_id: number | null;
  /** '' : any value set. */
  contact_field_value: Generated<string>;
}

export interface RecurringRunsTable {
  id: Generated<number>;
  template_id: number;
  /** The period's date: the invoice's date. */
  period_date: string;
  outcome: RecurringRunOutcome;
  invoice_id: number | null;
  invoice_number: Generated<string>;
  /** The error (failed), why nothing was made (skipped), or a note on the made invoice ("not e-mailed: …"). */
  message: Generated<string>;
  attempts: Generated<number>;
  ran_at: string;
  actor: string;
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
  tax_rates: TaxRatesTable;
  payment_methods: PaymentMethodsTable;
  payment_terms: PaymentTermsTable;
  payments: PaymentsTable;
  payment_allocations: PaymentAllocationsTable;
  refunds: RefundsTable;
  store_credit: StoreCreditTable;
  staff: StaffTable;
  pin_failures: PinFailuresTable;
  till_sessions: TillSessionsTable;
  till_movements: TillMovementsTable;
  credit_notes: CreditNotesTable;
  credit_note_lines: CreditNoteLinesTable;
  credit_note_units: CreditNoteUnitsTable;
  emails: EmailsTable;
  api_keys: ApiKeysTable;
  transfers: TransfersTable;
  transfer_lines: TransferLinesTable;
  transfer_units: TransferUnitsTable;
  goods_issues: GoodsIssuesTable;
  goods_issue_lines: GoodsIssueLinesTable;
  goods_issue_units: GoodsIssueUnitsTable;
  stock_counts: StockCountsTable;
  stock_count_products: StockCountProductsTable;
  stock_count_units: StockCountUnitsTable;
  stock_count_scans: StockCountScansTable;
  adjustments: AdjustmentsTable;
  adjustment_lines: AdjustmentLinesTable;
  stock_moves: StockMovesTable;
  estimates: EstimatesTable;
  estimate_lines: EstimateLinesTable;
  ticket_statuses: TicketStatusesTable;
  tickets: TicketsTable;
  ticket_labour: TicketLabourTable;
  ticket_charges: TicketChargesTable;
  ticket_charge_serials: TicketChargeSerialsTable;
  deposit_products: DepositProductsTable;
  contact_fields: ContactFieldsTable;
  customer_contacts: CustomerContactsTable;
  contact_field_values: ContactFieldValuesTable;
  customer_assets: CustomerAssetsTable;
  recurring_templates: RecurringTemplatesTable;
  recurring_template_statuses: RecurringTemplateStatusesTable;
  recurring_lines: RecurringLinesTable;
  recurring_runs: RecurringRunsTable;
}
