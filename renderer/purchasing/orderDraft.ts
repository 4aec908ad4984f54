// A purchase order being edited: the draft in a zustand store, the rules as pure functions (as the
// invoice editor does in renderer/invoice/draft.ts). The screen only shows the draft and calls these.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { InputOf } from '../../core/contract.ts';
import type { Location, Product, PurchaseOrder, Vendor } from '../../core/model.ts';
import {
  lineTotalMinor,
  MAX_QTY,
  MAX_UNIT_PRICE_MINOR,
  unitsToMilli,
  type MoneyReading,
  type ReadMoneyOptions,
} from '../../core/money.ts';

export interface OrderLine {
  key: string;
  productId: number;
  productName: string;
  sku: string;
  /** What the user typed; read by checkOrder. */
  qtyText: string;
  costText: string;
  /** A line ordered for a ticket (Order for this ticket): kept on every save, so receiving reserves for it. */
  ticket?: { id: number; number: string; chargeId: number | null };
}

export interface OrderHeader {
  vendorId: number | null;
  locationId: number | null;
  notes: string;
}

export interface OrderDraftState extends OrderHeader {
  lines: OrderLine[];
  dirty: boolean;
  /** The saved order (or a blank one), as the user has not changed it. */
  load(header: OrderHeader, lines: OrderLine[]): void;
  /** Saved as it stands: nothing to lose until the next edit. */
  markSaved(): void;
  /** The first vendor and the default location for a new order, where none is chosen yet; not a change. */
  fillDefaults(vendors: readonly Vendor[] | undefined, locations: readonly Location[] | undefined): void;
  setHeader(patch: Partial<OrderHeader>): void;
  addProduct(product: Product): void;
  updateLine(key: string, patch: Partial<Pick<OrderLine, 'qtyText' | 'costText'>>): void;
  removeLine(key: string): void;
}

export type OrderDraftStore = StoreApi<OrderDraftState>;

/** How the screen writes and reads amounts and quantities: the shop's format (renderer/components/ShopFormat.tsx). */
export interface OrderFormat {
  input(minor: number): string;
  /** The one reading of an amount field (core/money.ts readMoney). */
  read(text: string, options?: ReadMoneyOptions): MoneyReading;
  qty(n: number): string;
  parseQty(text: string): number | null;
}

let nextKey = 1;
const newKey = () => `po-line-${nextKey++}`;

export const blankOrder: OrderHeader = { vendorId: null, locationId: null, notes: '' };

export function lineFromProduct(product: Product): OrderLine {
  return {
    key: newKey(),
    productId: product.id,
    productName: product.name,
    sku: product.sku,
    qtyText: '1',
    costText: '',
  };
}

export function headerFromOrder(po: PurchaseOrder): OrderHeader {
  return { vendorId: po.vendorId, locationId: po.locationId, notes: po.notes };
}

export function linesFromOrder(po: PurchaseOrder, format: Pick<OrderFormat, 'input'>): OrderLine[] {
  return po.lines.map((l) => ({
    key: newKey(),
    productId: l.productId,
    productName: l.productName,
    sku: l.sku,
    qtyText: String(l.qtyOrdered),
    costText: format.input(l.unitCostMinor),
    ...(l.ticket ? { ticket: { id: l.ticket.id, number: l.ticket.number, chargeId: l.ticketChargeId } } : {}),
  }));
}

/** Why a product cannot go on an order, or null. */
export function refuseProduct(product: Product): string | null {
  return product.maintainStock ? null : `${product.name} is a service and keeps no stock, so it cannot be ordered.`;
}

/** Only a new order or a draft can be edited. */
export const isEditable = (po: PurchaseOrder | undefined): boolean => po === undefined || po.status === 'draft';

/** An order that can still take goods (the receiving console shows on it while it has no unsaved edits). */
export const isOpen = (po: PurchaseOrder): boolean => ['draft', 'submitted', 'partially_received'].includes(po.status);

export type SaveOrderInput = InputOf<'savePurchaseOrder'>;

/** What checkOrder refuses: the message, and the line's field it is about (shown at that field). */
export type OrderRefusal = { ok: false; message: string; at?: { key: string; field: 'qty' | 'cost' } };

/** The save request for the draft, or the first thing to fix (a message naming it). */
export function checkOrder(
  draft: Pick<OrderDraftState, 'vendorId' | 'locationId' | 'notes' | 'lines'>,
  id: number | null,
  format: OrderFormat,
): { ok: true; input: SaveOrderInput } | OrderRefusal {
  const { vendorId, locationId, notes, lines } = draft;
  if (vendorId === null) return { ok: false, message: 'Choose a vendor first (add one under Vendors).' };
  if (locationId === null) return { ok: false, message: 'Choose the location the goods go to.' };
  if (lines.length === 0) return { ok: false, message: 'Add at least one product to order.' };
  const parsed: SaveOrderInput['lines'] = [];
  for (const l of lines) {
    const qty = format.parseQty(l.qtyText);
    if (qty === null || qty < 1)
      return {
        ok: false,
        message: `Enter a whole quantity from 1 to ${format.qty(MAX_QTY)} for ${l.productName}.`,
        at: { key: l.key, field: 'qty' },
      };
    // An empty cost is 0 (not known yet); anything typed is read by the one money reader.
    const cost =
      l.costText.trim() === ''
        ? { ok: true as const, minor: 0 }
        : format.read(l.costText, { max: MAX_UNIT_PRICE_MINOR });
    if (!cost.ok)
      return {
        ok: false,
        message: `Unit cost of ${l.productName}: ${cost.message}`,
        at: { key: l.key, field: 'cost' },
      };
    parsed.push({
      productId: l.productId,
      qty,
      unitCostMinor: cost.minor,
      ...(l.ticket ? { ticketId: l.ticket.id, ticketChargeId: l.ticket.chargeId } : {}),
    });
  }
  return { ok: true, input: { ...(id !== null ? { id } : {}), vendorId, locationId, notes, lines: parsed } };
}

/**
 * The order's total as its lines stand (quantity × unit cost, as the store totals it; an empty cost is 0), or null
 * while a line's quantity or cost cannot be read.
 */
export function orderTotal(lines: readonly OrderLine[], format: Pick<OrderFormat, 'read' | 'parseQty'>): number | null {
  let total = 0;
  for (const l of lines) {
    const qty = format.parseQty(l.qtyText);
    const cost = l.costText.trim() === '' ? { ok: true as const, minor: 0 } : format.read(l.costText);
    if (qty === null || !cost.ok) return null;
    total += lineTotalMinor(unitsToMilli(qty), cost.minor);
  }
  return total;
}

export function createOrderDraftStore(header: OrderHeader = blankOrder): OrderDraftStore {
  return createStore<OrderDraftState>()((set, get) => ({
    ...header,
    lines: [],
    dirty: false,
    load: (h, lines) => set({ ...h, lines, dirty: false }),
    markSaved: () => set({ dirty: false }),
    fillDefaults: (vendors, locations) => {
      const { vendorId, locationId } = get();
      const vendor = vendorId ?? vendors?.[0]?.id ?? null;
      const location = locationId ?? (locations?.find((l) => l.isDefault) ?? locations?.[0])?.id ?? null;
      if (vendor !== vendorId || location !== locationId) set({ vendorId: vendor, locationId: location });
    },
    setHeader: (patch) => set({ ...patch, dirty: true }),
    addProduct: (product) => set({ lines: [...get().lines, lineFromProduct(product)], dirty: true }),
    updateLine: (key, patch) =>
      set({ lines: get().lines.map((l) => (l.key === key ? { ...l, ...patch } : l)), dirty: true }),
    removeLine: (key) => set({ lines: get().lines.filter((l) => l.key !== key), dirty: true }),
  }));
}
