import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Invoice, Product } from '../../core/model.ts';
import {
  MAX_QTY,
  MAX_UNIT_PRICE_MINOR,
  formatMoney,
  invoiceTotals,
  parseMoney,
  type MoneyFormat,
  type Totals,
} from '../../core/money.ts';

export interface DraftSerial {
  id: number;
  serial: string;
}

export interface DraftLine {
  key: string;
  /** The saved line's id (sent back on save, so the line keeps its identity); null for a line not saved yet. */
  lineId: number | null;
  productId: number;
  productName: string;
  sku: string;
  serialized: boolean;
  description: string;
  /** What the user typed; parsed by lineQty/linePrice. */
  qtyText: string;
  priceText: string;
  taxable: boolean;
  serials: DraftSerial[];
}

export interface DraftHeader {
  invoiceId: number | null;
  number: string | null;
  revision: number | null;
  customerId: number;
  locationId: number;
  invoiceDate: string;
  notes: string;
}

export interface DraftState extends DraftHeader {
  lines: DraftLine[];
  dirty: boolean;
  load(header: DraftHeader, lines: DraftLine[]): void;
  setHeader(patch: Partial<Pick<DraftHeader, 'customerId' | 'locationId' | 'invoiceDate' | 'notes'>>): void;
  /** Adds a product as a scan or a pick does; returns the key of the line it landed on. */
  addProduct(product: Product): string;
  /** An SN: scan: the unit fills a line of its product with room, else grows one, else a new line. */
  addScannedSerial(product: Product, serial: DraftSerial): string;
  updateLine(key: string, patch: Partial<Pick<DraftLine, 'description' | 'qtyText' | 'priceText' | 'taxable'>>): void;
  setSerials(key: string, serials: DraftSerial[]): void;
  removeLine(key: string): void;
}

let nextKey = 1;
const newKey = () => `line-${nextKey++}`;

/** The text a price field starts with, in the shop's format: "1249.00" (en-US), "1249,00" (de-DE). */
const priceText = (minor: number, money: MoneyFormat) => formatMoney(minor, money, { grouping: false });

export function lineFromProduct(product: Product, money: MoneyFormat, qty = 1, serials: DraftSerial[] = []): DraftLine {
  return {
    key: newKey(),
    lineId: null,
    productId: product.id,
    productName: product.name,
    sku: product.sku,
    serialized: product.serialized,
    description: product.name,
    qtyText: String(qty),
    priceText: priceText(product.priceMinor, money),
    taxable: product.taxable,
    serials,
  };
}

export function linesFromInvoice(invoice: Invoice, money: MoneyFormat): DraftLine[] {
  return invoice.lines.map((l) => ({
    key: newKey(),
    lineId: l.id,
    productId: l.productId,
    productName: l.productName,
    sku: l.sku,
    serialized: l.serialized,
    description: l.description,
    qtyText: String(l.qty),
    priceText: priceText(l.unitPriceMinor, money),
    taxable: l.taxable,
    serials: l.serials.map((s) => ({ id: s.id, serial: s.serial })),
  }));
}

export function headerFromInvoice(invoice: Invoice): DraftHeader {
  return {
    invoiceId: invoice.id,
    number: invoice.number,
    revision: invoice.revision,
    customerId: invoice.customerId,
    locationId: invoice.locationId,
    invoiceDate: invoice.invoiceDate,
    notes: invoice.notes,
  };
}

/** A whole number from 1 to MAX_QTY, or null. */
export function lineQty(line: Pick<DraftLine, 'qtyText'>): number | null {
  const text = line.qtyText.trim();
  if (!/^\d+$/.test(text)) return null;
  const n = Number(text);
  return n >= 1 && n <= MAX_QTY ? n : null;
}

/** Unit price in minor units (read in the shop's format), or null when the text is not an amount. */
export function linePrice(line: Pick<DraftLine, 'priceText'>, money: MoneyFormat): number | null {
  const n = parseMoney(line.priceText, money);
  return n !== null && n >= 0 && n <= MAX_UNIT_PRICE_MINOR ? n : null;
}

export function draftTotals(lines: readonly DraftLine[], taxRateBp: number, money: MoneyFormat): Totals {
  return invoiceTotals(
    lines.map((l) => ({ qty: lineQty(l) ?? 0, unitPriceMinor: linePrice(l, money) ?? 0, taxable: l.taxable })),
    taxRateBp,
  );
}

/** Serial-tracked lines whose captured serials differ from their quantity. */
export function linesMissingSerials(lines: readonly DraftLine[]) {
  return lines
    .filter((l) => l.serialized && l.serials.length !== (lineQty(l) ?? -1))
    .map((l) => ({ key: l.key, productName: l.productName, captured: l.serials.length, qty: lineQty(l) }));
}

export type DraftStore = StoreApi<DraftState>;

/** The invoice being edited; new lines take their price text in the shop's money format. */
export function createDraftStore(header: DraftHeader, money: MoneyFormat): DraftStore {
  return createStore<DraftState>()((set, get) => ({
    ...header,
    lines: [],
    dirty: false,
    load: (h, lines) => set({ ...h, lines, dirty: false }),
    setHeader: (patch) => set({ ...patch, dirty: true }),
    addProduct: (product) => {
      const { lines } = get();
      const existing = product.serialized ? undefined : lines.find((l) => l.productId === product.id);
      if (existing) {
        const qty = (lineQty(existing) ?? 0) + 1;
        set({ lines: lines.map((l) => (l === existing ? { ...l, qtyText: String(qty) } : l)), dirty: true });
        return existing.key;
      }
      const line = lineFromProduct(product, money);
      set({ lines: [...lines, line], dirty: true });
      return line.key;
    },
    addScannedSerial: (product, serial) => {
      const { lines } = get();
      const ofProduct = lines.filter((l) => l.productId === product.id);
      const withRoom = ofProduct.find((l) => (lineQty(l) ?? 0) > l.serials.length);
      const target = withRoom ?? ofProduct.at(-1);
      if (!target) {
        const line = lineFromProduct(product, money, 1, [serial]);
        set({ lines: [...lines, line], dirty: true });
        return line.key;
      }
      const qty = withRoom ? (lineQty(target) ?? 1) : target.serials.length + 1;
      set({
        lines: lines.map((l) =>
          l === target ? { ...l, qtyText: String(Math.max(qty, lineQty(l) ?? 0)), serials: [...l.serials, serial] } : l,
        ),
        dirty: true,
      });
      return target.key;
    },
    updateLine: (key, patch) =>
      set({ lines: get().lines.map((l) => (l.key === key ? { ...l, ...patch } : l)), dirty: true }),
    setSerials: (key, serials) =>
      set({ lines: get().lines.map((l) => (l.key === key ? { ...l, serials } : l)), dirty: true }),
    removeLine: (key) => set({ lines: get().lines.filter((l) => l.key !== key), dirty: true }),
  }));
}
