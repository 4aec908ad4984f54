// The contract's implementation over the services. Used as-is by IPC (ipc.ts), the web host and
// the in-process test transport: there is one backend. Dispatch opens the write transaction for
// the methods core/methods.ts marks as writes, so a write handler receives a WriteCtx and a read
// handler a ReadCtx: calling a writing service from a read method does not compile.
import { AppError } from '../core/errors.ts';
import { log } from '../db/log.ts';
import type { MethodName, ParsedInputOf, ResultOf } from '../core/contract.ts';
import type { WriteMethod } from '../core/methods.ts';
import type { AppInfo, StaffRef } from '../core/model.ts';
import type { ScannerSettings } from '../core/scan/settings.ts';
import type { PdfRenderer } from './documents/pdf.ts';
import {
  defaultCustomer,
  findProductByCode,
  listCustomers,
  listLocations,
  listProducts,
  listVendors,
  saveCustomer,
  saveLocation,
  saveProduct,
  saveVendor,
  searchProducts,
} from '../db/services/catalog.ts';
import type { ReadCtx, WriteCtx } from '../db/services/context.ts';
import { completeSale, holdSale, listHeldSales } from '../db/services/counter.ts';
import { getCounterSettings, saveCounterSettings } from '../db/services/counterSettings.ts';
import { cancelImport, importProgress, previewImportJob, startImport } from '../db/services/imports.ts';
import { bulkInvoices, invoiceGlance, listInvoices } from '../db/services/invoiceList.ts';
import { getInvoice, markInvoiceSent, markInvoiceViewed, saveInvoice, voidInvoice } from '../db/services/invoices.ts';
import {
  getPurchaseOrder,
  listPurchaseOrders,
  receivePurchaseOrder,
  savePurchaseOrder,
  setPurchaseOrderStatus,
} from '../db/services/purchasing.ts';
import { getCustomerAccount, listPayments, openInvoices, searchCustomers } from '../db/services/paymentReads.ts';
import { quickPay, receivePayment, refundPayment, takePayment } from '../db/services/payments.ts';
import { saleReceipt } from '../db/services/receipts.ts';
import { existingSerials, receiveGoods } from '../db/services/receiving.ts';
import { completeReturn, findSale, getCreditNote } from '../db/services/returns.ts';
import { deleteSerial, getReceipt, listSerials, renameSerial, serialHistory } from '../db/services/serialAdmin.ts';
import { availableSerials, lookupSerial } from '../db/services/serials.ts';
import { apiKeyHandlers } from './apiKeyHandlers.ts';
import { documentHandlers } from './documentHandlers.ts';
import { diagnosticsHandlers, type DiagnosticsHost } from './diagnosticsHandlers.ts';
import { emailHandlers, mailHost } from './emailHandlers.ts';
import { exportHandlers } from './exportHandlers.ts';
import { goodsIssueHandlers } from './goodsIssueHandlers.ts';
import { labelHandlers } from './labelHandlers.ts';
import { backupHandlers, type BackupHost } from './backupHandlers.ts';
import { stockCountHandlers } from './stockCountHandlers.ts';
import { transferHandlers } from './transferHandlers.ts';
import { estimateHandlers } from './estimateHandlers.ts';
import { ticketHandlers } from './ticketHandlers.ts';
import { depositHandlers } from './depositHandlers.ts';
import { ticketReservationHandlers } from './ticketReservationHandlers.ts';
import { recurringHandlers } from './recurringHandlers.ts';
import { recurringRunHandlers } from './recurringRunHandlers.ts';
import { customerRecordHandlers } from './customerRecordHandlers.ts';
import { staffHandlers } from './staffHandlers.ts';
import { storeHandlers, type StoreChoiceHost } from './storeHandlers.ts';
import { stockOnHand } from '../db/services/stock.ts';
import { tillReport } from '../db/services/tillReport.ts';
import { closeTill, currentTill, listTills, openDrawer, openTill, tillCash } from '../db/services/tills.ts';
import {
  defaultTaxRate,
  getShopSettings,
  listPaymentMethods,
  listPaymentTerms,
  listTaxRates,
  loadScannerSettings,
  savePaymentMethod,
  savePaymentTerms,
  saveShopSettings,
  saveTaxRate,
  storeScannerSettings,
} from '../db/services/settings.ts';

export interface HostInfo {
  name: string;
  version: string;
  dataFile: string;
  mode: AppInfo['mode'];
  /** This counter's till register (one open till session per register); default 'Main'. */
  register?: string;
}
/** Who is signed in on one window (desktop) or one host (browser mode): sign-in and Lock change it. */
export interface Session {
  staff: StaffRef | null;
}
export interface HandlerCtx extends ReadCtx {
  host: HostInfo;
  /** Absent: no sign-in (scripts), calls act as ctx.actor. Present: dispatch requires a signed-in staff member. */
  session?: Session;
  /** Told when the scanner settings change, so the main process's detector uses them at once. */
  onScannerSettings?: (settings: ScannerSettings) => void;
  /** Keeps Settings → Store's choice for the next start (the desktop app); absent in browser mode and scripts. */
  storeChoice?: StoreChoiceHost;
  /** Renders the print template to PDF: Electron's printToPDF on the desktop, a headless Chromium elsewhere. */
  pdf?: PdfRenderer;
  /** Keeps this host's secrets (the SMTP password): the OS keychain on the desktop, memory in browser mode. */
  secrets?: SecretKeeper;
  /** The desktop's own API server, started and stopped by Settings → API; absent in browser mode (its own port). */
  apiListener?: ApiListener;
  /** Where browser mode's host answers (its /api/v1 is the API); absent on the desktop. */
  webUrl?: string;
  /** Settings → Backups: the store's location and its restart after a restore; absent in scripts and most tests. */
  backups?: BackupHost;
  /** Help → Diagnostics and Settings → Updates: the host's facts, log folder, save dialog and updater. */
  diagnostics?: DiagnosticsHost;
}

/** A secret kept by the host, never in the store: 'safe_storage' (Electron, the OS keychain) or 'memory' (this run). */
export interface SecretKeeper {
  readonly kind: 'safe_storage' | 'memory';
  get(name: string): string | null;
  /** Null forgets it. Throws an AppError when it cannot be kept safely. */
  set(name: string, value: string | null): void;
}

/** The desktop's API server: (re)started or stopped to match Settings → API; resolves with its URL ('' off). */
export interface ApiListener {
  apply(settings: { enabled: boolean; port: number; lan: boolean }): Promise<string>;
  listening(): string;
}
/** What a write handler gets: the host's context inside the command's write transaction. */
export type WriteHandlerCtx = HandlerCtx & WriteCtx;

/** One handler per contract method: a missing or extra method fails to compile. */
export type Handlers = {
  [M in MethodName]: (
    ctx: M extends WriteMethod ? WriteHandlerCtx : HandlerCtx,
    input: ParsedInputOf<M>,
  ) => Promise<ResultOf<M>>;
};

export const handlers: Handlers = {
  appInfo: async (ctx) => {
    const [locations, customer, shop, rate] = await Promise.all([
      listLocations(ctx),
      defaultCustomer(ctx),
      getShopSettings(ctx),
      defaultTaxRate(ctx),
    ]);
    const defaultLocation = locations.find((l) => l.isDefault) ?? locations[0];
    if (!defaultLocation || !customer) throw new AppError('not_found', 'The store has no location or no customer yet.');
    return {
      ...ctx.host,
      shopName: shop.name,
      defaultTaxRateId: rate.id,
      taxRateBp: rate.rateBp,
      currency: shop.currency,
      locale: shop.locale,
      defaultLocationId: defaultLocation.id,
      defaultCustomerId: customer.id,
      defaultCustomerName: customer.name,
    };
  },
  listLocations: (ctx) => listLocations(ctx),
  listCustomers: (ctx) => listCustomers(ctx),
  searchProducts: (ctx, { query, limit }) => searchProducts(ctx, query, limit),
  findProductByCode: (ctx, { code }) => findProductByCode(ctx, code),
  receiveGoods: (ctx, input) => receiveGoods(ctx, { ...input, source: 'receipt' }),
  lookupSerial: (ctx, { serial, gtin }) => lookupSerial(ctx, serial, gtin),
  availableSerials: (ctx, { productId, locationId, invoiceId }) =>
    availableSerials(ctx, productId, locationId, invoiceId),
  saveInvoice: (ctx, input) => saveInvoice(ctx, input),
  getInvoice: (ctx, { id }) => getInvoice(ctx, id),
  getScannerSettings: (ctx) => loadScannerSettings(ctx),
  saveScannerSettings: async (ctx, settings) => {
    const saved = await storeScannerSettings(ctx, settings);
    ctx.afterCommit(() => {
      log.info({ settings: saved }, 'scanner settings changed');
      ctx.onScannerSettings?.(saved);
    });
    return saved;
  },
  listInvoices: (ctx, filter) => listInvoices(ctx, filter),
  invoiceGlance: (ctx) => invoiceGlance(ctx),
  openInvoices: (ctx, { customerId }) => openInvoices(ctx, customerId),
  markInvoiceSent: (ctx, { id }) => markInvoiceSent(ctx, id),
  markInvoiceViewed: (ctx, { id }) => markInvoiceViewed(ctx, id),
  voidInvoice: (ctx, input) => voidInvoice(ctx, input),
  bulkInvoices: (ctx, { action, ids }) => bulkInvoices(ctx, action, ids, mailHost(ctx)),

  takePayment: (ctx, input) => takePayment(ctx, input),
  quickPay: (ctx, { id }) => quickPay(ctx, id),
  receivePayment: (ctx, input) => receivePayment(ctx, input),
  refundPayment: (ctx, input) => refundPayment(ctx, input),
  listPayments: (ctx, filter) => listPayments(ctx, filter),
  getCustomerAccount: (ctx, { id }) => getCustomerAccount(ctx, id),
  searchCustomers: (ctx, { query, limit }) => searchCustomers(ctx, query, limit),

  getShopSettings: (ctx) => getShopSettings(ctx),
  saveShopSettings: (ctx, input) => saveShopSettings(ctx, input),
  listTaxRates: (ctx) => listTaxRates(ctx),
  saveTaxRate: (ctx, input) => saveTaxRate(ctx, input),
  listPaymentMethods: (ctx) => listPaymentMethods(ctx),
  savePaymentMethod: (ctx, input) => savePaymentMethod(ctx, input),
  listPaymentTerms: (ctx) => listPaymentTerms(ctx),
  savePaymentTerms: (ctx, input) => savePaymentTerms(ctx, input),

  // The store (Settings → Store)
  ...storeHandlers,

  listProducts: (ctx, filter) => listProducts(ctx, filter),
  saveProduct: (ctx, input) => saveProduct(ctx, input),
  saveLocation: (ctx, input) => saveLocation(ctx, input),
  saveCustomer: (ctx, input) => saveCustomer(ctx, input),
  listVendors: (ctx) => listVendors(ctx),
  saveVendor: (ctx, input) => saveVendor(ctx, input),

  listPurchaseOrders: (ctx, filter) => listPurchaseOrders(ctx, filter),
  getPurchaseOrder: (ctx, { id }) => getPurchaseOrder(ctx, id),
  savePurchaseOrder: (ctx, input) => savePurchaseOrder(ctx, input),
  setPurchaseOrderStatus: (ctx, { id, action, approvalPin }) => setPurchaseOrderStatus(ctx, id, action, approvalPin),
  receivePurchaseOrder: (ctx, { id, lines }) => receivePurchaseOrder(ctx, id, lines),
  checkSerials: async (ctx, { productId, serials }) => ({ existing: await existingSerials(ctx, productId, serials) }),
  getReceipt: (ctx, { id }) => getReceipt(ctx, id),

  previewImport: (ctx, { kind, text }) => previewImportJob(ctx, kind, text),
  startImport: async (ctx, { kind, text, fileName }) => startImport(ctx, kind, text, fileName),
  importProgress: async (_ctx, { jobId }) => importProgress(jobId),
  cancelImport: async (_ctx, { jobId }) => cancelImport(jobId),

  listSerials: (ctx, filter) => listSerials(ctx, filter),
  serialHistory: (ctx, { id }) => serialHistory(ctx, id),
  renameSerial: (ctx, { id, serial, reason }) => renameSerial(ctx, id, serial, reason),
  deleteSerial: (ctx, { id, reason }) => deleteSerial(ctx, id, reason),

  // Staff and sign-in
  ...staffHandlers,

  // The counter
  getCounterSettings: (ctx) => getCounterSettings(ctx),
  saveCounterSettings: (ctx, input) => saveCounterSettings(ctx, input),
  stockOnHand: (ctx, { productIds, locationId }) => stockOnHand(ctx, productIds, locationId),
  completeSale: (ctx, input) => completeSale(ctx, input),
  holdSale: (ctx, input) => holdSale(ctx, input),
  listHeldSales: (ctx) => listHeldSales(ctx),
  saleReceipt: (ctx, input) =>
    saleReceipt(
      ctx,
      input.invoiceId !== undefined ? { invoiceId: input.invoiceId } : { creditNoteId: input.creditNoteId! },
    ),

  // Tills (the register is ctx.host.register: db/services/tills.ts)
  currentTill: (ctx) => currentTill(ctx),
  openTill: (ctx, input) => openTill(ctx, input),
  tillCash: (ctx, input) => tillCash(ctx, input),
  openDrawer: (ctx, input) => openDrawer(ctx, input),
  tillReport: (ctx, { id }) => tillReport(ctx, id),
  closeTill: async (ctx, input) => tillReport(ctx, await closeTill(ctx, input)),
  listTills: (ctx, input) => listTills(ctx, input),

  // Returns
  findSale: (ctx, { code }) => findSale(ctx, code),
  completeReturn: (ctx, input) => completeReturn(ctx, input),
  getCreditNote: (ctx, { id }) => getCreditNote(ctx, id),

  // Documents and integrations
  ...documentHandlers,
  ...emailHandlers,
  ...apiKeyHandlers,
  ...exportHandlers,
  ...transferHandlers,
  ...goodsIssueHandlers,
  ...stockCountHandlers,
  ...labelHandlers,
  ...estimateHandlers,
  ...ticketHandlers,
  ...depositHandlers,
  ...ticketReservationHandlers,
  ...recurringHandlers,
  ...recurringRunHandlers,
  ...customerRecordHandlers,
  ...backupHandlers,
  ...diagnosticsHandlers,
};
