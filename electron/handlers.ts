// The contract's implementation over the services. Used as-is by IPC (ipc.ts), the web host and
// the in-process test transport: there is one backend. Each mutating command is one transaction.
import { AppError } from '../db/errors.ts';
import type { AppInfo } from '../db/model.ts';
import {
  findProductByCode, listCustomers, listLocations, listProducts, listVendors, saveCustomer, saveLocation, saveProduct, saveVendor, searchProducts,
} from '../db/services/catalog.ts';
import { cancelImport, importProgress, previewImport, startImport } from '../db/services/imports.ts';
import { getPurchaseOrder, listPurchaseOrders, receivePurchaseOrder, savePurchaseOrder, setPurchaseOrderStatus } from '../db/services/purchasing.ts';
import { deleteSerial, getReceipt, listSerials, renameSerial, serialHistory } from '../db/services/serialAdmin.ts';
import { inTransaction, type Ctx } from '../db/services/context.ts';
import { getInvoice, listInvoices, saveInvoice } from '../db/services/invoices.ts';
import { existingSerials, receiveGoods } from '../db/services/receiving.ts';
import { availableSerials, lookupSerial } from '../db/services/serials.ts';
import { taxRateBp } from '../db/services/settings.ts';
import { loadScannerSettings, storeScannerSettings, type ScannerSettings } from './scanner/settings.ts';
import type { MethodName, ParsedInputOf, ResultOf } from './contract.ts';

export interface HostInfo { name: string; version: string; dataFile: string; mode: AppInfo['mode'] }
export interface HandlerCtx extends Ctx {
  host: HostInfo;
  /** Told when the scanner settings change, so the main process's detector uses them at once. */
  onScannerSettings?: (settings: ScannerSettings) => void;
}

/** One handler per contract method: a missing or extra method fails to compile. */
export type Handlers = { [M in MethodName]: (ctx: HandlerCtx, input: ParsedInputOf<M>) => Promise<ResultOf<M>> };

export const handlers: Handlers = {
  appInfo: async ({ db, host }) => {
    const [locations, customers] = await Promise.all([listLocations(db), listCustomers(db)]);
    const defaultLocation = locations.find((l) => l.isDefault) ?? locations[0];
    const defaultCustomer = customers.find((c) => c.isDefault) ?? customers[0];
    if (!defaultLocation || !defaultCustomer) throw new AppError('not_found', 'The store has no location or no customer yet.');
    return { ...host, taxRateBp: await taxRateBp(db), defaultLocationId: defaultLocation.id, defaultCustomerId: defaultCustomer.id };
  },
  listLocations: ({ db }) => listLocations(db),
  listCustomers: ({ db }) => listCustomers(db),
  searchProducts: ({ db }, { query, limit }) => searchProducts(db, query, limit),
  findProductByCode: ({ db }, { code }) => findProductByCode(db, code),
  receiveGoods: (ctx, input) => inTransaction(ctx, (trx) => receiveGoods(trx, { ...input, source: 'receipt' })),
  lookupSerial: ({ db }, { serial, gtin }) => lookupSerial(db, serial, gtin),
  availableSerials: ({ db }, { productId, locationId, invoiceId }) => availableSerials(db, productId, locationId, invoiceId),
  saveInvoice: (ctx, input) => inTransaction(ctx, (trx) => saveInvoice(trx, input)),
  getInvoice: ({ db }, { id }) => getInvoice(db, id),
  getScannerSettings: ({ db }) => loadScannerSettings(db),
  saveScannerSettings: async (ctx, settings) => {
    const saved = await inTransaction(ctx, (trx) => storeScannerSettings(trx.db, settings));
    ctx.onScannerSettings?.(saved);
    return saved;
  },
  listInvoices: ({ db }, filter) => listInvoices(db, filter),

  listProducts: ({ db }, filter) => listProducts(db, filter),
  saveProduct: (ctx, input) => inTransaction(ctx, (trx) => saveProduct(trx.db, input)),
  saveLocation: (ctx, input) => inTransaction(ctx, (trx) => saveLocation(trx.db, input)),
  saveCustomer: (ctx, input) => inTransaction(ctx, (trx) => saveCustomer(trx.db, input)),
  listVendors: ({ db }) => listVendors(db),
  saveVendor: (ctx, input) => inTransaction(ctx, (trx) => saveVendor(trx.db, input)),

  listPurchaseOrders: ({ db }, filter) => listPurchaseOrders(db, filter),
  getPurchaseOrder: ({ db }, { id }) => getPurchaseOrder(db, id),
  savePurchaseOrder: (ctx, input) => inTransaction(ctx, (trx) => savePurchaseOrder(trx, input)),
  setPurchaseOrderStatus: (ctx, { id, action }) => inTransaction(ctx, (trx) => setPurchaseOrderStatus(trx, id, action)),
  receivePurchaseOrder: (ctx, { id, lines }) => inTransaction(ctx, (trx) => receivePurchaseOrder(trx, id, lines)),
  checkSerials: async ({ db }, { productId, serials }) => ({ existing: await existingSerials(db, productId, serials) }),
  getReceipt: ({ db }, { id }) => getReceipt(db, id),

  previewImport: ({ db }, { kind, text }) => previewImport(db, kind, text),
  startImport: async (ctx, { kind, text, fileName }) => startImport(ctx, kind, text, fileName),
  importProgress: async (_ctx, { jobId }) => importProgress(jobId),
  cancelImport: async (_ctx, { jobId }) => cancelImport(jobId),

  listSerials: ({ db }, filter) => listSerials(db, filter),
  serialHistory: ({ db }, { id }) => serialHistory(db, id),
  renameSerial: (ctx, { id, serial, reason }) => inTransaction(ctx, (trx) => renameSerial(trx, id, serial, reason)),
  deleteSerial: (ctx, { id, reason }) => inTransaction(ctx, (trx) => deleteSerial(trx, id, reason)),
};
