// The names of every call across the process boundary, each marked read or write, and for a write
// the read calls it makes stale. Plain data with no zod: the preload bundles only this file, the
// contract (core/contract.ts) gives each name its schema and result type and must match it exactly.
// Dispatch opens the write transaction for write methods; the renderer's client refetches the
// stale reads after a write succeeds. Pure.

/**
 * read: no transaction; write: dispatch runs it in one write transaction, then `stale` is refetched;
 * job: starts or steers a background job that owns its transactions (an import), so dispatch opens
 * none; `stale` is refetched when the job reports it is done.
 * batch: a bulk command whose items are each their own write transaction (one refusal does not undo
 * the others), so dispatch opens none and the handler runs inWriteTransaction per item; `stale` is
 * refetched when it returns.
 * host: changes the host's own settings or another database, never the open store (Settings → Store: the choice for
 * the next start, a move to the shop server), so dispatch opens no transaction; `stale` is refetched on success.
 */
type Access =
  | { readonly access: 'read' }
  | { readonly access: 'write' | 'job' | 'batch' | 'host'; readonly stale: readonly string[] };

const read = { access: 'read' } as const;
const write = <const S extends readonly string[]>(...stale: S) => ({ access: 'write', stale }) as const;
const job = <const S extends readonly string[]>(...stale: S) => ({ access: 'job', stale }) as const;
const batch = <const S extends readonly string[]>(...stale: S) => ({ access: 'batch', stale }) as const;
const host = <const S extends readonly string[]>(...stale: S) => ({ access: 'host', stale }) as const;

/**
 * What the screens read about units and stock: refetched after anything that moves units. Only
 * reads a screen keeps as a query (useApiQuery) are listed; calls a screen makes on demand (an
 * SN: lookup, the item search, the editor's load) always fetch (tests/contract/stale.test.ts).
 */
const STOCK_READS = [
  'listSerials',
  'serialHistory',
  'availableSerials',
  'listProducts',
  'stockOnHand',
  'stockByLocation',
  'getStockCount',
  'chargeSerialInfo',
] as const;
/** What the screens read about invoices and money: refetched after anything that changes an invoice or a payment. */
const MONEY_READS = [
  'listInvoices',
  'invoiceGlance',
  'openInvoices',
  'listPayments',
  'getCustomerAccount',
  'getInvoice',
  'listTickets',
  'getTicket',
  // A unit sold, returned or voided is a customer's asset, or no longer.
  'customerRecords',
] as const;

export const METHODS = {
  appInfo: read,
  listLocations: read,
  listCustomers: read,
  searchProducts: read,
  findProductByCode: read,
  receiveGoods: write(...STOCK_READS, 'getReceipt'),
  lookupSerial: read,
  availableSerials: read,
  saveInvoice: write(...MONEY_READS, ...STOCK_READS),
  getScannerSettings: read,
  saveScannerSettings: write('getScannerSettings'),
  getInvoice: read,
  listInvoices: read,
  invoiceGlance: read,
  openInvoices: read,
  markInvoiceSent: write(...MONEY_READS, ...STOCK_READS),
  markInvoiceViewed: write(...MONEY_READS),
  voidInvoice: write(...MONEY_READS, ...STOCK_READS),
  bulkInvoices: batch(...MONEY_READS, ...STOCK_READS),

  // Money
  takePayment: write(...MONEY_READS),
  quickPay: write(...MONEY_READS),
  receivePayment: write(...MONEY_READS),
  refundPayment: write(...MONEY_READS),
  listPayments: read,
  getCustomerAccount: read,
  searchCustomers: read,

  // Settings
  getShopSettings: read,
  saveShopSettings: write('getShopSettings', 'appInfo'),
  listTaxRates: read,
  saveTaxRate: write('listTaxRates', 'appInfo'),
  listPaymentMethods: read,
  savePaymentMethod: write('listPaymentMethods'),
  listPaymentTerms: read,
  savePaymentTerms: write('listPaymentTerms'),

  // The store (Settings → Store)
  storeInfo: read,
  testStoreConnection: read,
  saveStoreChoice: host('storeInfo'),
  moveStoreToServer: host(),

  // Catalog and people
  listProducts: read,
  saveProduct: write(
    'listProducts',
    // Its asset type: the types known, and the customers' assets of that product.
    'assetTypes',
    'customerRecords',
    'stockByLocation',
    'listSerials',
    'serialHistory',
    'getPurchaseOrder',
    'getReceipt',
  ),
  saveLocation: write(
    'listLocations',
    'appInfo',
    'listSerials',
    'serialHistory',
    'listProducts',
    'listPurchaseOrders',
    'getPurchaseOrder',
    'getReceipt',
  ),
  saveCustomer: write('listCustomers', 'appInfo', ...MONEY_READS, 'listSerials', 'serialHistory'),
  listVendors: read,
  saveVendor: write('listVendors', 'listPurchaseOrders', 'getPurchaseOrder'),

  // Purchase orders and receiving
  listPurchaseOrders: read,
  getPurchaseOrder: read,
  savePurchaseOrder: write('listPurchaseOrders', 'getPurchaseOrder'),
  setPurchaseOrderStatus: write('listPurchaseOrders', 'getPurchaseOrder'),
  receivePurchaseOrder: write(
    'listPurchaseOrders',
    'getPurchaseOrder',
    'getReceipt',
    ...STOCK_READS,
    // A line for a ticket reserves its units for it.
    'listTickets',
    'getTicket',
  ),
  checkSerials: read,
  getReceipt: read,

  // Staff and sign-in
  sessionInfo: read,
  signIn: write('sessionInfo'),
  setupFirstAdmin: write('sessionInfo'),
  lock: write('sessionInfo'),
  listStaff: read,
  saveStaff: write('listStaff'),

  // The counter
  getCounterSettings: read,
  saveCounterSettings: write('getCounterSettings'),
  stockOnHand: read,
  completeSale: write(...MONEY_READS, ...STOCK_READS, 'listHeldSales', 'currentTill'),
  holdSale: write(...MONEY_READS, ...STOCK_READS, 'listHeldSales'),
  listHeldSales: read,
  saleReceipt: read,

  // Tills
  currentTill: read,
  openTill: write('currentTill', 'listTills'),
  tillCash: write('currentTill', 'tillReport'),
  openDrawer: write('currentTill', 'tillReport'),
  tillReport: read,
  closeTill: write('currentTill', 'listTills', 'tillReport'),
  listTills: read,

  // Returns
  findSale: read,
  completeReturn: write(...MONEY_READS, ...STOCK_READS, 'currentTill', 'tillReport'),
  getCreditNote: read,

  // CSV import: a job off the main thread; its reads are stale once importProgress says done.
  previewImport: read,
  startImport: job(...STOCK_READS, 'getReceipt'),
  importProgress: read,
  cancelImport: job(),

  // Documents: the one print template, PDFs, a batch of PDFs (a job)
  documentPdf: read,
  documentHtml: read,
  getDocumentSettings: read,
  saveDocumentSettings: write('getDocumentSettings'),
  startPdfBatch: job(),
  fileJobProgress: read,
  fileJobResult: read,
  cancelFileJob: job(),

  // E-mail: settings, sending (the SMTP call is outside any transaction: batch), the outbox
  getEmailSettings: read,
  saveEmailSettings: write('getEmailSettings'),
  testEmailSettings: read,
  emailInvoice: batch(...MONEY_READS, 'listOutbox', 'listEmails'),
  emailReceipt: batch('listOutbox', 'listEmails'),
  listOutbox: read,
  listEmails: read,
  retryEmail: batch(...MONEY_READS, 'listOutbox', 'listEmails'),
  deleteEmail: write('listOutbox', 'listEmails'),

  // The local REST API: its keys and where it listens
  listApiKeys: read,
  createApiKey: write('listApiKeys'),
  revokeApiKey: write('listApiKeys'),
  getApiSettings: read,
  saveApiSettings: write('getApiSettings'),

  // Accounting exports (a job off the main thread)
  getExportSettings: read,
  saveExportSettings: write('getExportSettings'),
  previewExport: read,
  startExport: job(),

  // Serial Numbers and history
  listSerials: read,
  serialHistory: read,
  renameSerial: write(...STOCK_READS, 'getReceipt'),
  deleteSerial: write(...STOCK_READS, 'getReceipt'),

  // ---- Stock movements: transfers ----
  listTransfers: read,
  getTransfer: read,
  saveTransfer: write('listTransfers', 'getTransfer'),
  sendTransfer: write('listTransfers', 'getTransfer', ...STOCK_READS),
  receiveTransfer: write('listTransfers', 'getTransfer', ...STOCK_READS),
  markTransferUnitFound: write('listTransfers', 'getTransfer', ...STOCK_READS),
  writeOffMissingUnit: write('listTransfers', 'getTransfer', ...STOCK_READS),
  cancelTransfer: write('listTransfers', 'getTransfer'),
  transferHere: write('listTransfers', 'getTransfer', ...STOCK_READS),

  // ---- Stock movements: goods issues ----
  listGoodsIssues: read,
  getGoodsIssue: read,
  saveGoodsIssue: write('listGoodsIssues', 'getGoodsIssue'),
  postGoodsIssue: write('listGoodsIssues', 'getGoodsIssue', ...STOCK_READS),
  deleteGoodsIssue: write('listGoodsIssues', 'getGoodsIssue'),
  reverseGoodsIssue: write('listGoodsIssues', 'getGoodsIssue', 'getReceipt', ...STOCK_READS),

  // ---- Stock movements: stock counts ----
  listStockCounts: read,
  getStockCount: read,
  startStockCount: write('listStockCounts', 'getStockCount'),
  countScan: write('listStockCounts', 'getStockCount'),
  removeCountScan: write('listStockCounts', 'getStockCount'),
  postStockCount: write('listStockCounts', 'getStockCount', ...STOCK_READS),
  cancelStockCount: write('listStockCounts', 'getStockCount'),

  // ---- Stock movements: labels and on-hand per location ----
  labelUnits: read,
  labelsHtml: read,
  labelsPdf: read,
  stockByLocation: read,

  // ---- Service work: estimates ----
  listEstimates: read,
  getEstimate: read,
  // The estimate screen reads its estimate again after each of its own commands (its draft is not a kept query).
  saveEstimate: write('listEstimates'),
  setEstimateStatus: write('listEstimates'),
  convertEstimateToTicket: write('listEstimates', 'listTickets'),
  convertEstimateToInvoice: write('listEstimates', ...MONEY_READS),
  emailEstimate: batch('listEstimates', 'listOutbox', 'listEmails'),

  // ---- Service work: tickets, labour, charges, Make Invoice ----
  // Ticket reads are MONEY_READS too: an invoice saved, voided or deleted changes what is invoiced.
  getTicketSettings: read,
  saveTicketSettings: write('getTicketSettings'),
  saveTicketStatus: write('getTicketSettings', 'listTickets', 'getTicket'),
  moveTicketStatus: write('getTicketSettings'),
  listTickets: read,
  getTicket: read,
  saveTicket: write('listTickets', 'getTicket'),
  startLabourTimer: write('listTickets', 'getTicket'),
  stopLabourTimer: write('listTickets', 'getTicket'),
  addLabourEntry: write('listTickets', 'getTicket'),
  setLabourCharged: write('listTickets', 'getTicket'),
  addTicketItem: write('listTickets', 'getTicket'),
  editTicketItem: write('listTickets', 'getTicket'),
  removeTicketItem: write('listTickets', 'getTicket'),
  makeTicketInvoice: write(...MONEY_READS, ...STOCK_READS),

  // ---- Service work: deposits ----
  getDepositSettings: read,
  saveDepositSettings: write('getDepositSettings', 'ticketDeposits'),
  saveDepositProduct: write('getDepositSettings', 'ticketDeposits'),
  ticketDeposits: read,
  takeDeposit: write('ticketDeposits', ...MONEY_READS),
  refundDeposit: write('ticketDeposits', ...MONEY_READS),

  // ---- Service work: purchase orders for a ticket, reserved units ----
  chargeSerialInfo: read,
  orderForTicket: write('listPurchaseOrders', 'getPurchaseOrder', 'listTickets', 'getTicket', 'chargeSerialInfo'),
  reserveUnitForTicket: write(...STOCK_READS, 'listTickets', 'getTicket'),
  releaseReservation: write(...STOCK_READS, 'listTickets', 'getTicket'),

  // ---- Recurring invoices: templates ----
  listRecurring: read,
  getRecurring: read,
  saveRecurring: write('listRecurring', 'getRecurring'),
  setRecurringPaused: write('listRecurring', 'getRecurring'),
  deleteRecurring: write('listRecurring', 'getRecurring'),
  makeRecurring: read,

  // ---- Recurring invoices: runs ----
  // Each period is its own transaction (the scheduler's pass): a batch. Create-and-e-mail runs may queue e-mails.
  runRecurringNow: batch(...MONEY_READS, 'listRecurring', 'getRecurring', 'listOutbox', 'listEmails'),

  // ---- Customers: contacts, assets, contact fields ----
  // Contacts and manual assets are the customer page's; a sold unit becomes an asset through MONEY_READS.
  listContactFields: read,
  saveContactField: write('listContactFields', 'customerRecords'),
  customerRecords: read,
  saveContact: write('customerRecords'),
  deleteContact: write('customerRecords'),
  saveCustomerAsset: write('customerRecords', 'assetTypes'),
  deleteCustomerAsset: write('customerRecords', 'assetTypes'),
  assetTypes: read,

  // ---- Backups ----
  // Back up now and Restore never write the open store (a copy, a swap of files): no transaction from dispatch.
  backupStatus: read,
  backupNow: host('backupStatus'),
  saveBackupSettings: write('backupStatus'),
  restoreFromBackup: host('backupStatus'),

  // ---- Diagnostics ----
  // Reads of files and facts; Save diagnostics writes a zip outside the store; the update address is the host's.
  diagnostics: read,
  saveDiagnostics: read,
  reportRendererError: read,
  getUpdateSettings: read,
  saveUpdateSettings: host('getUpdateSettings'),
} as const satisfies Record<string, Access>;

export type MethodName = keyof typeof METHODS;

/** Answered with nobody signed in (the PIN screen's calls); every other call needs a signed-in staff member. */
export const PUBLIC_METHODS: ReadonlySet<MethodName> = new Set<MethodName>([
  'appInfo',
  'sessionInfo',
  'signIn',
  'setupFirstAdmin',
  'lock',
  // An error on the PIN screen is logged too.
  'reportRendererError',
]);

/** Only an Admin may call these: Settings and staff. */
export const ADMIN_METHODS: ReadonlySet<MethodName> = new Set<MethodName>([
  'saveShopSettings',
  'saveTaxRate',
  'savePaymentMethod',
  'savePaymentTerms',
  'saveScannerSettings',
  'saveCounterSettings',
  'listStaff',
  'saveStaff',
  'storeInfo',
  'testStoreConnection',
  'saveStoreChoice',
  'moveStoreToServer',
  'saveDocumentSettings',
  'getEmailSettings',
  'saveEmailSettings',
  'testEmailSettings',
  'listApiKeys',
  'createApiKey',
  'revokeApiKey',
  'getApiSettings',
  'saveApiSettings',
  'saveExportSettings',
  'saveTicketSettings',
  'saveTicketStatus',
  'moveTicketStatus',
  'saveDepositSettings',
  'saveDepositProduct',
  'saveContactField',
  'backupStatus',
  'backupNow',
  'saveBackupSettings',
  'restoreFromBackup',
  'saveUpdateSettings',
]);
export type ReadMethod = { [M in MethodName]: (typeof METHODS)[M]['access'] extends 'read' ? M : never }[MethodName];
export type WriteMethod = { [M in MethodName]: (typeof METHODS)[M]['access'] extends 'write' ? M : never }[MethodName];

// Every stale entry names a read method (a typo or a write fails to compile here).
type StaleOf<M extends MethodName> = (typeof METHODS)[M] extends { stale: readonly (infer S)[] } ? S : never;
type BadStale = Exclude<{ [M in MethodName]: StaleOf<M> }[MethodName], ReadMethod>;
const staleNamesReads: [BadStale] extends [never] ? true : BadStale = true;
void staleNamesReads;

export const methodNames = Object.keys(METHODS) as MethodName[];

export const isMethodName = (name: unknown): name is MethodName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(METHODS, name);

export const isWriteMethod = (name: MethodName): name is WriteMethod => METHODS[name].access === 'write';
export type BatchMethod = { [M in MethodName]: (typeof METHODS)[M]['access'] extends 'batch' ? M : never }[MethodName];

/** The reads a successful write (or a finished job) of `method` makes stale; none for a read. */
export function staleAfter(method: MethodName): readonly ReadMethod[] {
  const def: Access = METHODS[method];
  return def.access === 'read' ? [] : (def.stale as readonly ReadMethod[]);
}

/** IPC channel names, one per method, all in one place. */
export const channelFor = (method: MethodName): string => `pos:${method}`;
/** Main → renderer: scanner events (scans, rollbacks of leaked keys, abandoned runs). */
export const SCANNER_EVENT_CHANNEL = 'pos:scanner-event';
/** Renderer → main: print the window's receipt (webContents.print with Settings → Counter's printer). */
export const PRINT_RECEIPT_CHANNEL = 'pos:print-receipt';
/** Renderer → main: print a document (invoice, credit note, purchase order) with the system print dialog. */
export const PRINT_DOCUMENT_CHANNEL = 'pos:print-document';
/** Renderer → main: Settings → Backups' Choose folder (the system's folder dialog); answers the path or null. */
export const CHOOSE_BACKUP_FOLDER_CHANNEL = 'pos:choose-backup-folder';
