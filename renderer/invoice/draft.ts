// The invoice being edited (UI state): its header and lines as the user typed them, and the pure
// functions that read those texts (quantities in thousandths, prices in minor units) and total them.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Invoice, Product, TaxRate } from '../../core/model.ts';
import {
  MAX_UNIT_PRICE_MINOR,
  QTY_SCALE,
  formatMoney,
  formatQtyMilli,
  invoiceTotals,
  parseQtyMilli,
  readMoney,
  type MoneyFormat,
  type Totals,
} from '../../core/money.ts';

export interface DraftSerial {
  id: number;
  serial: string;
}

/** The rate a saved line was saved with: kept (and shown) until the user picks another, even if settings changed. */
export interface SavedRate {
  id: number | null;
  name: string;
  bp: number;
}

export interface DraftLine {
  key: string;
  /** The saved line's id (sent back on save, so the line keeps its identity); null for a line not saved yet. */
  lineId: number | null;
  /** Null: a manual item (no product; its description is its name). */
  productId: number | null;
  /** What labels call the line: the product's name, or "Manual item 2". Fixed for the line's life in the editor. */
  label: string;
  sku: string;
  serialized: boolean;
  description: string;
  /** What the user typed; read by lineQty/linePrice. */
  qtyText: string;
  priceText: string;
  taxable: boolean;
  /** The chosen tax rate; null: the shop's default rate. */
  taxRateId: number | null;
  /** Set while a saved line keeps the rate it was saved with. */
  savedRate: SavedRate | null;
  serials: DraftSerial[];
  /** A ticket's deposit line, saved below 0 by Make Invoice: its price may stay negative (the store checks it). */
  deposit?: boolean;
  /** A recurring counter line: its quantity was counted at the run and may be 0 (sent back on save). */
  counted?: boolean;
}

export type LinePatch = Partial<Pick<DraftLine, 'description' | 'qtyText' | 'priceText' | 'taxable' | 'taxRateId'>>;

export interface DraftHeader {
  invoiceId: number | null;
  number: string | null;
  revision: number | null;
  customerId: number;
  /** Shown by the customer picker. */
  customerName: string;
  locationId: number;
  invoiceDate: string;
  /** The terms' name ("Net 30"); '' until the shop's default terms are known. */
  terms: string;
  /** YYYY-MM-DD; '' until the terms are known (a new invoice). */
  dueDate: string;
  notes: string;
}

type HeaderPatch = Partial<
  Pick<DraftHeader, 'customerId' | 'customerName' | 'locationId' | 'invoiceDate' | 'terms' | 'dueDate' | 'notes'>
>;

export interface DraftState extends DraftHeader {
  lines: DraftLine[];
  dirty: boolean;
  /** The number the next manual item is called by ("Manual item 3"). */
  nextManual: number;
  load(header: DraftHeader, lines: DraftLine[]): void;
  setHeader(patch: HeaderPatch): void;
  /** Fills in defaults the user did not choose (the shop's terms on a new invoice): no unsaved change. */
  initHeader(patch: HeaderPatch): void;
  /**
   * The shop's tax rates as listed: new lines whose product names an archived rate take the shop's default instead
   * (an archived rate cannot be sold at); lines added before the rates were known are mended.
   */
  setRates(rates: readonly TaxRate[]): void;
  /** Adds a product as a scan or a pick does; returns the key of the line it landed on. */
  addProduct(product: Product): string;
  /** A line with no product: a name, a quantity, a price; no serials. Returns its key. */
  addManualItem(): string;
  /** An SN: scan: the unit fills a line of its product with room, else grows one, else a new line. */
  addScannedSerial(product: Product, serial: DraftSerial): string;
  /** A change of tax rate drops the saved one: the line is then saved at the rate chosen. */
  updateLine(key: string, patch: LinePatch): void;
  setSerials(key: string, serials: DraftSerial[]): void;
  removeLine(key: string): void;
}

let nextKey = 1;
const newKey = () => `line-${nextKey++}`;

/** The text a price field starts with, in the shop's format: "1249.00" (en-US), "1249,00" (de-DE). */
const priceText = (minor: number, money: MoneyFormat) => formatMoney(minor, money, { grouping: false });

/** What messages call a line: its product, or a manual item's name. */
export const lineName = (line: Pick<DraftLine, 'productId' | 'label' | 'description'>): string =>
  line.productId === null ? line.description.trim() || line.label : line.label;

/**
 * A new line's rate: its product's, unless that rate is archived (or gone), then the shop's default. Rates not known
 * yet (null): the product's, checked again when they are (setRates).
 */
export function newLineRate(
  productRateId: number | null,
  rates: readonly TaxRate[] | null,
  defaultRateId: number | null,
): number | null {
  if (productRateId === null || rates === null) return productRateId ?? defaultRateId;
  return rates.some((r) => r.id === productRateId && !r.archived) ? productRateId : defaultRateId;
}

export function lineFromProduct(
  product: Product,
  money: MoneyFormat,
  defaultRateId: number | null,
  units = 1,
  serials: DraftSerial[] = [],
  rates: readonly TaxRate[] | null = null,
): DraftLine {
  return {
    key: newKey(),
    lineId: null,
    productId: product.id,
    label: product.name,
    sku: product.sku,
    serialized: product.serialized,
    description: product.name,
    qtyText: formatQtyMilli(units * QTY_SCALE, money.locale),
    priceText: priceText(product.priceMinor, money),
    taxable: product.taxable,
    taxRateId: newLineRate(product.taxRateId, rates, defaultRateId),
    savedRate: null,
    serials,
  };
}

export function manualLine(number: number, money: MoneyFormat, defaultRateId: number | null): DraftLine {
  return {
    key: newKey(),
    lineId: null,
    productId: null,
    label: `Manual item ${number}`,
    sku: '',
    serialized: false,
    description: '',
    qtyText: formatQtyMilli(QTY_SCALE, money.locale),
    priceText: priceText(0, money),
    taxable: true,
    taxRateId: defaultRateId,
    savedRate: null,
    serials: [],
  };
}

export function linesFromInvoice(invoice: Invoice, money: MoneyFormat): DraftLine[] {
  let manual = 0;
  return invoice.lines.map((l) => ({
    key: newKey(),
    lineId: l.id,
    productId: l.productId,
    label: l.productId === null ? `Manual item ${++manual}` : (l.productName ?? l.description),
    sku: l.sku ?? '',
    serialized: l.serialized,
    description: l.description,
    qtyText: formatQtyMilli(l.qty, money.locale),
    priceText: priceText(l.unitPriceMinor, money),
    taxable: l.taxable,
    taxRateId: l.taxRateId,
    savedRate: { id: l.taxRateId, name: l.taxRateName, bp: l.taxRateBp },
    serials: l.serials.map((s) => ({ id: s.id, serial: s.serial })),
    ...(l.unitPriceMinor < 0 ? { deposit: true } : {}),
    ...(l.counted ? { counted: true } : {}),
  }));
}

export function headerFromInvoice(invoice: Invoice): DraftHeader {
  return {
    invoiceId: invoice.id,
    number: invoice.number,
    revision: invoice.revision,
    customerId: invoice.customerId,
    customerName: invoice.customerName,
    locationId: invoice.locationId,
    invoiceDate: invoice.invoiceDate,
    terms: invoice.terms,
    dueDate: invoice.dueDate,
    notes: invoice.notes,
  };
}

type QtyLine = Pick<DraftLine, 'qtyText' | 'serialized' | 'counted'>;

/**
 * A text's reading, remembered by its key: every render of a sale or invoice reads every line's fields again (totals,
 * stock, discounts), and a scan at the counter must not parse them all anew. Bounded; the readings are pure.
 */
function remembered<T>(cache: Map<string, T>, key: string, read: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= 5000) cache.clear();
    value = read();
    cache.set(key, value);
  }
  return value;
}
const qtyReadings = new Map<string, number | null>();
const priceReadings = new Map<string, { minor: number } | { message: string }>();

/**
 * The quantity in thousandths, or null: above 0 with up to 3 decimals (1.5 h of labour, 2.25 m of cable); a
 * serial-tracked line counts whole units, one serial each. A counted line (recurring counter) may be 0: the
 * customer sees that nothing was counted.
 */
export function lineQty(line: QtyLine, locale: string): number | null {
  const qty = remembered(qtyReadings, `${locale}\u0000${line.qtyText}`, () => parseQtyMilli(line.qtyText, locale));
  if (qty === null || qty < (line.counted === true ? 0 : 1)) return null;
  if (line.serialized && qty % QTY_SCALE !== 0) return null;
  return qty;
}

/** Whole units of a serial-tracked line (the serials it needs), or null. */
export function lineUnits(line: QtyLine, locale: string): number | null {
  const qty = lineQty(line, locale);
  return qty === null ? null : Math.floor(qty / QTY_SCALE);
}

/** Why the quantity field is refused, or null. */
export function qtyProblem(line: QtyLine, locale: string): string | null {
  if (lineQty(line, locale) !== null) return null;
  if (line.counted === true) return `A number from 0 with up to 3 decimals, like ${formatQtyMilli(1500, locale)}.`;
  return line.serialized
    ? 'A whole number from 1: each unit has its own serial.'
    : `A number above 0 with up to 3 decimals, like ${formatQtyMilli(1500, locale)}.`;
}

/** A price field read by the one money parser (readMoney), in the shop's format: minor units, or why it is refused. */
export function readPrice(text: string, money: MoneyFormat, negative = false): { minor: number } | { message: string } {
  return remembered(priceReadings, `${money.currency}\u0000${money.locale}\u0000${negative}\u0000${text}`, () => {
    const read = readMoney(text, money, { max: MAX_UNIT_PRICE_MINOR, negative });
    return read.ok ? { minor: read.minor } : { message: read.message };
  });
}

/** Unit price in minor units (read in the shop's format), or null when the text is not a price. */
export function linePrice(line: Pick<DraftLine, 'priceText' | 'deposit'>, money: MoneyFormat): number | null {
  const read = readPrice(line.priceText, money, line.deposit === true);
  return 'minor' in read ? read.minor : null;
}

/** The rate a line is taxed at: the one it was saved with, else the chosen one (the shop's default bp until known). */
export function lineRate(
  line: Pick<DraftLine, 'taxRateId' | 'savedRate'>,
  rates: readonly TaxRate[] | undefined,
  fallbackBp: number,
): { name: string; bp: number } {
  if (line.savedRate) return { name: line.savedRate.name, bp: line.savedRate.bp };
  const rate = rates?.find((r) => r.id === line.taxRateId);
  return rate ? { name: rate.name, bp: rate.rateBp } : { name: '', bp: fallbackBp };
}

export function draftTotals(
  lines: readonly DraftLine[],
  money: MoneyFormat,
  rates: readonly TaxRate[] | undefined,
  fallbackBp: number,
): Totals {
  return invoiceTotals(
    lines.map((l) => {
      const rate = lineRate(l, rates, fallbackBp);
      return {
        qty: lineQty(l, money.locale) ?? 0,
        unitPriceMinor: linePrice(l, money) ?? 0,
        taxable: l.taxable,
        taxRateBp: rate.bp,
        ...(rate.name ? { taxRateName: rate.name } : {}),
      };
    }),
  );
}

/** Serial-tracked lines whose captured serials differ from their quantity. */
export function linesMissingSerials(lines: readonly DraftLine[], locale: string) {
  return lines
    .filter((l) => l.serialized && l.serials.length !== (lineUnits(l, locale) ?? -1))
    .map((l) => ({ key: l.key, name: lineName(l), captured: l.serials.length, units: lineUnits(l, locale) }));
}

export type DraftStore = StoreApi<DraftState>;

const manualCount = (lines: readonly DraftLine[]) => lines.filter((l) => l.productId === null).length;

/**
 * The invoice being edited; new lines take their price text in the shop's money format and, unless their product
 * names an active one, the shop's default tax rate.
 */
export function createDraftStore(header: DraftHeader, money: MoneyFormat, defaultRateId: number | null): DraftStore {
  const qtyOf = (l: DraftLine) => lineQty(l, money.locale);
  const qtyText = (milli: number) => formatQtyMilli(milli, money.locale);
  let rates: readonly TaxRate[] | null = null;
  return createStore<DraftState>()((set, get) => ({
    ...header,
    lines: [],
    dirty: false,
    nextManual: 1,
    load: (h, lines) => set({ ...h, lines, dirty: false, nextManual: manualCount(lines) + 1 }),
    setHeader: (patch) => set({ ...patch, dirty: true }),
    initHeader: (patch) => set(patch),
    setRates: (list) => {
      rates = list;
      const active = (id: number | null) => id === null || list.some((r) => r.id === id && !r.archived);
      // Only new lines: a saved line keeps the rate it was saved with, and the user picks among active rates only.
      const stale = (l: DraftLine) => l.lineId === null && l.savedRate === null && !active(l.taxRateId);
      if (get().lines.some(stale))
        set({ lines: get().lines.map((l) => (stale(l) ? { ...l, taxRateId: defaultRateId } : l)) });
    },
    addProduct: (product) => {
      const { lines } = get();
      const existing = product.serialized ? undefined : lines.find((l) => l.productId === product.id);
      if (existing) {
        const qty = (qtyOf(existing) ?? 0) + QTY_SCALE;
        set({ lines: lines.map((l) => (l === existing ? { ...l, qtyText: qtyText(qty) } : l)), dirty: true });
        return existing.key;
      }
      const line = lineFromProduct(product, money, defaultRateId, 1, [], rates);
      set({ lines: [...lines, line], dirty: true });
      return line.key;
    },
    addManualItem: () => {
      const { lines, nextManual } = get();
      const line = manualLine(nextManual, money, defaultRateId);
      set({ lines: [...lines, line], nextManual: nextManual + 1, dirty: true });
      return line.key;
    },
    addScannedSerial: (product, serial) => {
      const { lines } = get();
      const units = (l: DraftLine) => lineUnits(l, money.locale);
      const ofProduct = lines.filter((l) => l.productId === product.id);
      const withRoom = ofProduct.find((l) => (units(l) ?? 0) > l.serials.length);
      const target = withRoom ?? ofProduct.at(-1);
      if (!target) {
        const line = lineFromProduct(product, money, defaultRateId, 1, [serial], rates);
        set({ lines: [...lines, line], dirty: true });
        return line.key;
      }
      const wanted = withRoom ? (units(target) ?? 1) : target.serials.length + 1;
      set({
        lines: lines.map((l) =>
          l === target
            ? {
                ...l,
                qtyText: qtyText(Math.max(wanted, units(l) ?? 0) * QTY_SCALE),
                serials: [...l.serials, serial],
              }
            : l,
        ),
        dirty: true,
      });
      return target.key;
    },
    updateLine: (key, patch) =>
      set({
        lines: get().lines.map((l) =>
          l.key === key ? { ...l, ...patch, ...('taxRateId' in patch ? { savedRate: null } : {}) } : l,
        ),
        dirty: true,
      }),
    setSerials: (key, serials) =>
      set({ lines: get().lines.map((l) => (l.key === key ? { ...l, serials } : l)), dirty: true }),
    removeLine: (key) => set({ lines: get().lines.filter((l) => l.key !== key), dirty: true }),
  }));
}
