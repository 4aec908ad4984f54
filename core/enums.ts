// Every status and kind set, written once as an `as const` tuple. From each come the TypeScript
// union (here), the zod enum (core/contract.ts: z.enum(TUPLE)), the SQL CHECK list of new
// migrations (sqlList) and the words shown for it (labels). Pure.

/**
 * in_transit: sent on a transfer, not yet received (sellable nowhere); issued: taken out on a goods issue (internal
 * use, a sample); lost: written off as lost (a goods issue, or missing at a stock count).
 */
export const SERIAL_STATUSES = [
  'in_stock',
  'sold',
  'reserved',
  'returned',
  'rma',
  'scrapped',
  'in_transit',
  'issued',
  'lost',
] as const;
export type SerialStatus = (typeof SERIAL_STATUSES)[number];
/** The Serial Numbers filter: a status, or the units deleted by mistake. */
export const SERIAL_FILTER_STATUSES = [...SERIAL_STATUSES, 'deleted'] as const;
export type SerialFilterStatus = (typeof SERIAL_FILTER_STATUSES)[number];

/**
 * Draft: saved, not given to the customer (its units are Reserved). Sent: finalised and unpaid. Viewed: the customer
 * has seen it (set through the API). Partial: some payment, balance above 0. Paid: balance 0. Void: cancelled.
 * Overdue is not a status: a filter (INVOICE_FILTER_STATUSES) for Sent, Viewed or Partial past their due date.
 */
export const INVOICE_STATUSES = ['draft', 'sent', 'viewed', 'partial', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
/** The statuses that owe money: Overdue applies to these once the due date has passed. */
export const OPEN_INVOICE_STATUSES = ['sent', 'viewed', 'partial'] as const satisfies readonly InvoiceStatus[];
export const INVOICE_FILTER_STATUSES = [...INVOICE_STATUSES, 'overdue'] as const;
export type InvoiceFilterStatus = (typeof INVOICE_FILTER_STATUSES)[number];
/**
 * The Invoices page's Status filter: each status, Overdue, and the filters its "at a glance" totals apply: Outstanding
 * (Sent, Viewed or Partial) and Paid in the last 30 days (a payment on it in the last 30 days, net of refunds).
 */
export const INVOICE_LIST_FILTERS = [...INVOICE_FILTER_STATUSES, 'outstanding', 'paid_30d'] as const;
export type InvoiceListFilter = (typeof INVOICE_LIST_FILTERS)[number];

/** What the Invoices page sorts by. */
export const INVOICE_SORTS = ['number', 'date', 'due', 'customer', 'status', 'total', 'balance'] as const;
export type InvoiceSort = (typeof INVOICE_SORTS)[number];

/**
 * Kinds of payment method. The five built-in methods have one kind each; methods added in Settings are 'custom'.
 * store_credit draws on the customer's store credit.
 */
export const PAYMENT_METHOD_KINDS = ['cash', 'card', 'check', 'store_credit', 'other', 'custom'] as const;
export type PaymentMethodKind = (typeof PAYMENT_METHOD_KINDS)[number];

/**
 * Entries of a customer's store-credit ledger: overpayment (a payment's excess kept as credit), remainder (what a
 * customer payment left after its invoices), used (paid with credit: negative), refund (a refund to credit), void
 * (payments of a voided invoice kept as credit).
 */
export const STORE_CREDIT_KINDS = ['overpayment', 'remainder', 'used', 'refund', 'void'] as const;
export type StoreCreditKind = (typeof STORE_CREDIT_KINDS)[number];

/** Bulk actions of the Invoices page (Export CSV is done by the page from the rows). */
export const INVOICE_BULK_ACTIONS = ['send', 'quick_pay', 'void', 'email'] as const;
export type InvoiceBulkAction = (typeof INVOICE_BULK_ACTIONS)[number];

export const PURCHASE_ORDER_STATUSES = ['draft', 'submitted', 'partially_received', 'received', 'cancelled'] as const;
export type PurchaseOrderStatus = (typeof PURCHASE_ORDER_STATUSES)[number];

export const PURCHASE_ORDER_ACTIONS = ['submit', 'cancel'] as const;
export type PurchaseOrderAction = (typeof PURCHASE_ORDER_ACTIONS)[number];

export const LOCATION_KINDS = ['store', 'warehouse'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

export const RECEIPT_SOURCES = ['receipt', 'purchase_order', 'import', 'demo'] as const;
export type ReceiptSource = (typeof RECEIPT_SOURCES)[number];

export const SERIAL_EVENT_KINDS = [
  'received',
  'sold',
  'released',
  'renamed',
  'deleted',
  'returned',
  'moved',
  'reserved',
  'voided',
  'sent',
  'missing',
  'issued',
  'lost',
  'found',
] as const;
export type SerialEventKind = (typeof SERIAL_EVENT_KINDS)[number];

/** Staff roles, least to most: a Manager approves what a Cashier may not; only an Admin changes Settings and staff. */
export const STAFF_ROLES = ['cashier', 'manager', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export const staffRoleLabel: Record<StaffRole, string> = { cashier: 'Cashier', manager: 'Manager', admin: 'Admin' };

/** Cash put into or taken out of the till, and opening the drawer without a sale (needs a manager). */
export const TILL_MOVEMENT_KINDS = ['cash_in', 'cash_out', 'no_sale'] as const;
export type TillMovementKind = (typeof TILL_MOVEMENT_KINDS)[number];

/** Where a returned unit goes: back to stock (In stock), faulty – return to vendor (RMA), or scrap (Scrapped). */
export const RETURN_DISPOSITIONS = ['stock', 'rma', 'scrap'] as const;
export type ReturnDisposition = (typeof RETURN_DISPOSITIONS)[number];
export const returnDispositionLabel: Record<ReturnDisposition, string> = {
  stock: 'Back to stock',
  rma: 'Faulty – return to vendor',
  scrap: 'Scrap',
};

/** A discount on a line or on the whole sale: a percent (value in basis points) or an amount (minor units). */
export const DISCOUNT_KINDS = ['percent', 'amount'] as const;
export type DiscountKind = (typeof DISCOUNT_KINDS)[number];

/** Where a return's money goes: the sale's tenders, store credit, or only off what the invoice still owes. */
export const REFUND_TO = ['tenders', 'credit', 'balance'] as const;
export type RefundTo = (typeof REFUND_TO)[number];

/** Receipt paper widths, in millimetres. */
export const RECEIPT_WIDTHS = ['80', '58'] as const;
export type ReceiptWidth = (typeof RECEIPT_WIDTHS)[number];

export const IMPORT_KINDS = ['products', 'serials'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const APP_MODES = ['electron', 'web', 'test'] as const;
export type AppMode = (typeof APP_MODES)[number];

/** What an e-mail carries: an invoice (its PDF), a counter receipt (a sale's or a refund's), or an estimate. */
export const EMAIL_KINDS = ['invoice', 'receipt', 'estimate'] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];
/** Queued: in the outbox (not yet taken by the SMTP server); sent: in the invoice's e-mail log. */
export const EMAIL_STATUSES = ['queued', 'sent'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];
/** How the app talks to the SMTP server: plain, upgraded with STARTTLS, or TLS from the start. */
export const SMTP_SECURITY = ['none', 'starttls', 'tls'] as const;
export type SmtpSecurity = (typeof SMTP_SECURITY)[number];

/** The paper printed documents (invoices, credit notes, purchase orders) are laid out for. */
export const PAPER_SIZES = ['a4', 'letter'] as const;
export type PaperSize = (typeof PAPER_SIZES)[number];
/** Documents rendered from the one print template. */
export const DOCUMENT_KINDS = ['invoice', 'credit_note', 'purchase_order', 'estimate'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** Exports (nav: Exports): accounting formats and plain CSV files. */
export const EXPORT_FORMATS = [
  'quickbooks_online',
  'quickbooks_desktop',
  'xero',
  'invoices_csv',
  'invoice_lines_csv',
  'payments_csv',
  'serials_csv',
] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

// ---- Stock movements: transfers, goods issues, counts and their adjustments, the movement ledger ----

/** Draft: being picked; In transit: units left the source; Received: at the destination; Cancelled: a dropped draft. */
export const TRANSFER_STATUSES = ['draft', 'in_transit', 'received', 'cancelled'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];
/** A unit on a transfer: pending (picked, or on its way), received at the destination, or marked missing there. */
export const TRANSFER_UNIT_STATES = ['pending', 'received', 'missing'] as const;
export type TransferUnitState = (typeof TRANSFER_UNIT_STATES)[number];

/** Why stock leaves without a sale. Internal use and Sample leave units Issued, Damaged Scrapped, Lost Lost. */
export const GOODS_ISSUE_REASONS = ['internal_use', 'damaged', 'lost', 'sample', 'other'] as const;
export type GoodsIssueReason = (typeof GOODS_ISSUE_REASONS)[number];
export const GOODS_ISSUE_STATUSES = ['draft', 'posted'] as const;
export type GoodsIssueStatus = (typeof GOODS_ISSUE_STATUSES)[number];

export const STOCK_COUNT_STATUSES = ['open', 'posted', 'cancelled'] as const;
export type StockCountStatus = (typeof STOCK_COUNT_STATUSES)[number];

/**
 * The document behind each row of the stock ledger (stock_moves): on-hand per product and location is the sum of its
 * rows. opening: what a store held when the ledger began (migration 8); serial: a unit deleted in Serial Numbers.
 */
export const STOCK_MOVE_DOCS = [
  'opening',
  'receipt',
  'invoice',
  'credit_note',
  'transfer',
  'goods_issue',
  'adjustment',
  'serial',
] as const;
export type StockMoveDoc = (typeof STOCK_MOVE_DOCS)[number];

/** Barcode label stock: 50×25 mm and 62×29 mm thermal labels, or A4 sheets of 3×8. */
export const LABEL_SIZES = ['50x25', '62x29', 'a4_3x8'] as const;
export type LabelSize = (typeof LABEL_SIZES)[number];
/** What a label's barcode holds: `SN:<serial>` in Code 128, or a GS1 DataMatrix of the GTIN and serial (AI 01 + 21). */
export const LABEL_CODES = ['sn', 'gs1'] as const;
export type LabelCode = (typeof LABEL_CODES)[number];
export const labelCodeLabel: Record<LabelCode, string> = {
  sn: 'SN: Code 128',
  gs1: 'GS1 DataMatrix',
};

// ---- Service work: estimates, tickets, labour, charges, deposits ----

/** Draft; Sent to the customer; Approved or Declined by them; Converted to a ticket or an invoice. */
export const ESTIMATE_STATUSES = ['draft', 'sent', 'approved', 'declined', 'converted'] as const;
export type EstimateStatus = (typeof ESTIMATE_STATUSES)[number];
export const estimateStatusLabel: Record<EstimateStatus, string> = {
  draft: 'Draft',
  sent: 'Sent',
  approved: 'Approved',
  declined: 'Declined',
  converted: 'Converted',
};

/** A ticket charge: a line item (hardware, materials: a product or a manual item), or a deposit (negative). */
export const CHARGE_KINDS = ['item', 'deposit'] as const;
export type ChargeKind = (typeof CHARGE_KINDS)[number];

/** A deposit product: a fixed amount, or a percentage of the ticket's pending charges. */
export const DEPOSIT_KINDS = ['fixed', 'percent'] as const;
export type DepositKind = (typeof DEPOSIT_KINDS)[number];
export const depositKindLabel: Record<DepositKind, string> = { fixed: 'Fixed amount', percent: 'Percentage' };

/**
 * A labour entry's status, derived (db/migrations/0009_service_work.ts): Running (a timer not stopped), Not billable,
 * and for billable entries Not Charged → Charged → Invoiced.
 */
export const LABOUR_STATUSES = ['running', 'not_billable', 'not_charged', 'charged', 'invoiced'] as const;
export type LabourStatus = (typeof LABOUR_STATUSES)[number];
export const labourStatusLabel: Record<LabourStatus, string> = {
  running: 'Running',
  not_billable: 'Not billable',
  not_charged: 'Not Charged',
  charged: 'Charged',
  invoiced: 'Invoiced',
};

/**
 * A ticket's billing status, computed, never typed. Invoice Required: billable charges not yet invoiced (and nothing
 * invoiced yet); Partially Invoiced: a deposit or some charges invoiced, some not; Invoiced: everything invoiced;
 * No Charge: nothing billable.
 */
export const BILLING_STATUSES = ['invoice_required', 'partially_invoiced', 'invoiced', 'no_charge'] as const;
export type BillingStatus = (typeof BILLING_STATUSES)[number];
export const billingStatusLabel: Record<BillingStatus, string> = {
  invoice_required: 'Invoice Required',
  partially_invoiced: 'Partially Invoiced',
  invoiced: 'Invoiced',
  no_charge: 'No Charge',
};

/** `'a', 'b', 'c'`: the list for a CHECK (column IN (…)) in a new migration. */
export const sqlList = (values: readonly string[]): string =>
  values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');

export const serialStatusLabel: Record<SerialStatus, string> = {
  in_stock: 'In stock',
  sold: 'Sold',
  reserved: 'Reserved',
  returned: 'Returned',
  rma: 'RMA',
  scrapped: 'Scrapped',
  in_transit: 'In transit',
  issued: 'Issued',
  lost: 'Lost',
};

/** The status inside a sentence: "DL5440-0001 (Latitude 5440 Laptop) is out for repair (RMA)." */
export const serialStatusPhrase: Record<SerialStatus, string> = {
  in_stock: 'in stock',
  sold: 'sold',
  reserved: 'reserved',
  returned: 'returned (not yet back in stock)',
  rma: 'out for repair (RMA)',
  scrapped: 'scrapped',
  in_transit: 'in transit on a transfer',
  issued: 'issued (taken out of stock)',
  lost: 'written off as lost',
};

export const invoiceStatusLabel: Record<InvoiceStatus, string> = {
  draft: 'Draft',
  sent: 'Sent',
  viewed: 'Viewed',
  partial: 'Partial',
  paid: 'Paid',
  void: 'Void',
};
export const invoiceFilterLabel: Record<InvoiceFilterStatus, string> = { ...invoiceStatusLabel, overdue: 'Overdue' };
export const invoiceListFilterLabel: Record<InvoiceListFilter, string> = {
  ...invoiceFilterLabel,
  outstanding: 'Outstanding',
  paid_30d: 'Paid in the last 30 days',
};

export const storeCreditKindLabel: Record<StoreCreditKind, string> = {
  overpayment: 'Overpayment kept as credit',
  remainder: 'Payment remainder kept as credit',
  used: 'Paid with store credit',
  refund: 'Refund to store credit',
  void: 'Voided invoice: payments kept as credit',
};

export const poStatusLabel: Record<PurchaseOrderStatus, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  partially_received: 'Partially received',
  received: 'Received',
  cancelled: 'Cancelled',
};

export const locationKindLabel: Record<LocationKind, string> = { store: 'Store', warehouse: 'Warehouse' };

export const receiptSourceLabel: Record<ReceiptSource, string> = {
  receipt: 'Goods receipt',
  purchase_order: 'Purchase order receipt',
  import: 'CSV import',
  demo: 'Opening stock (demo)',
};

export const serialEventLabel: Record<SerialEventKind, string> = {
  received: 'Received',
  sold: 'Sold',
  released: 'Released',
  renamed: 'Renamed',
  deleted: 'Deleted',
  returned: 'Returned',
  moved: 'Moved',
  reserved: 'Reserved',
  voided: 'Voided',
  sent: 'Sent',
  missing: 'Missing',
  issued: 'Issued',
  lost: 'Lost',
  found: 'Found',
};

export const transferStatusLabel: Record<TransferStatus, string> = {
  draft: 'Draft',
  in_transit: 'In transit',
  received: 'Received',
  cancelled: 'Cancelled',
};
export const transferUnitStateLabel: Record<TransferUnitState, string> = {
  pending: 'Pending',
  received: 'Received',
  missing: 'Missing',
};
export const goodsIssueReasonLabel: Record<GoodsIssueReason, string> = {
  internal_use: 'Internal use',
  damaged: 'Damaged / write-off',
  lost: 'Lost',
  sample: 'Sample',
  other: 'Other',
};
/** The status a posted goods issue leaves its units in, by reason. */
export const goodsIssueUnitStatus: Record<GoodsIssueReason, SerialStatus> = {
  internal_use: 'issued',
  damaged: 'scrapped',
  lost: 'lost',
  sample: 'issued',
  other: 'issued',
};
export const goodsIssueStatusLabel: Record<GoodsIssueStatus, string> = { draft: 'Draft', posted: 'Posted' };
export const stockCountStatusLabel: Record<StockCountStatus, string> = {
  open: 'Open',
  posted: 'Posted',
  cancelled: 'Cancelled',
};
export const stockMoveDocLabel: Record<StockMoveDoc, string> = {
  opening: 'Opening balance',
  receipt: 'Goods receipt',
  invoice: 'Invoice',
  credit_note: 'Credit note',
  transfer: 'Transfer',
  goods_issue: 'Goods issue',
  adjustment: 'Adjustment',
  serial: 'Serial deleted',
};
export const labelSizeLabel: Record<LabelSize, string> = {
  '50x25': '50 × 25 mm',
  '62x29': '62 × 29 mm',
  a4_3x8: 'A4 sheet, 3 × 8',
};

// ---- Recurring invoices ----

/** How often a recurring template runs; every_n_months uses the template's every_months. */
export const RECURRING_FREQUENCIES = ['weekly', 'monthly', 'quarterly', 'yearly', 'every_n_months'] as const;
export type RecurringFrequency = (typeof RECURRING_FREQUENCIES)[number];
export const recurringFrequencyLabel: Record<RecurringFrequency, string> = {
  weekly: 'Weekly',
  monthly: 'Monthly',
  quarterly: 'Quarterly',
  yearly: 'Yearly',
  every_n_months: 'Every N months',
};

/** What a run does: a Draft for review (the default), or the invoice made and e-mailed to the customer. */
export const RECURRING_ACTIONS = ['draft', 'email'] as const;
export type RecurringAction = (typeof RECURRING_ACTIONS)[number];
export const recurringActionLabel: Record<RecurringAction, string> = {
  draft: 'Create a draft for review',
  email: 'Create and e-mail it',
};

/**
 * A template line: a flat fee (standard), or a quantity counted at each run: the customer's assets of a type
 * (asset_counter), or their contacts, optionally only those with a custom field set (contact_counter).
 */
export const RECURRING_LINE_KINDS = ['standard', 'asset_counter', 'contact_counter'] as const;
export type RecurringLineKind = (typeof RECURRING_LINE_KINDS)[number];
export const recurringLineKindLabel: Record<RecurringLineKind, string> = {
  standard: 'Standard line item',
  asset_counter: 'Asset counter',
  contact_counter: 'Customer contact counter',
};

/** A period's run: an invoice made, nothing to invoice (skipped), or an error (tried again on the next pass). */
export const RECURRING_RUN_OUTCOMES = ['made', 'skipped', 'failed'] as const;
export type RecurringRunOutcome = (typeof RECURRING_RUN_OUTCOMES)[number];
export const recurringRunOutcomeLabel: Record<RecurringRunOutcome, string> = {
  made: 'Invoice made',
  skipped: 'Nothing to invoice',
  failed: 'Failed',
};

/** The order pending ticket charges are added in: ticket by ticket, or by date across tickets. */
export const TICKET_CHARGE_ORDERS = ['ticket', 'date'] as const;
export type TicketChargeOrder = (typeof TICKET_CHARGE_ORDERS)[number];
export const ticketChargeOrderLabel: Record<TicketChargeOrder, string> = { ticket: 'By ticket', date: 'By date' };

/** A template's status word (not stored: read from next_run_date, paused and needs_attention), in that order. */
export const RECURRING_STATUSES = ['active', 'paused', 'needs_attention', 'ended'] as const;
export type RecurringStatus = (typeof RECURRING_STATUSES)[number];
export const recurringStatusLabel: Record<RecurringStatus, string> = {
  active: 'Active',
  paused: 'Paused',
  needs_attention: 'Needs attention',
  ended: 'Ended',
};

/** A contact custom field (Settings → Contacts): yes/no ("Remote access"), or text. */
export const CONTACT_FIELD_KINDS = ['yes_no', 'text'] as const;
export type ContactFieldKind = (typeof CONTACT_FIELD_KINDS)[number];
export const contactFieldKindLabel: Record<ContactFieldKind, string> = { yes_no: 'Yes / no', text: 'Text' };
