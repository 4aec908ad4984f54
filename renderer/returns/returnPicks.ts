// What the Returns screen has picked on a sale: a quantity per line without serials, the exact units of a
// serial-tracked line, and a disposition for each; turned into the completeReturn request and previewed with the
// service's own money rule (core/returnMoney.ts). Pure.
import type { InputOf } from '../../core/contract.ts';
import type { ReturnDisposition } from '../../core/enums.ts';
import type { ReturnableSale } from '../../core/model.ts';
import { formatQtyMilli, parseQtyMilli, type Minor } from '../../core/money.ts';
import { refundDue, refundSplit, returnMoney, type ReturnMoney } from '../../core/returnMoney.ts';
import { sameSerial } from '../../core/serial.ts';

export type SaleLine = ReturnableSale['lines'][number];

export interface LinePick {
  /** A line without serials: the quantity typed (the shop's locale). */
  qtyText: string;
  /** A line without serials: where it goes. */
  disposition: ReturnDisposition;
  /** A serial-tracked line: the ticked units and where each goes. */
  units: Record<number, ReturnDisposition>;
}
export type Picks = Record<number, LinePick>;

export const blankPick = (): LinePick => ({ qtyText: '', disposition: 'stock', units: {} });

/** Nothing picked yet, except the unit an SN: scan found. */
export function startPicks(sale: ReturnableSale): Picks {
  const picks: Picks = Object.fromEntries(sale.lines.map((l) => [l.invoiceLineId, blankPick()]));
  if (sale.scannedSerialId !== null) {
    const line = sale.lines.find((l) => l.units.some((u) => u.serialId === sale.scannedSerialId && !u.returned));
    if (line) picks[line.invoiceLineId]!.units[sale.scannedSerialId] = 'stock';
  }
  return picks;
}

export const leftToReturn = (line: SaleLine): number => line.qty - line.returnedQty;

/** The unit of this sale a scanned serial names: its line and whether it can still come back. */
export function findUnit(sale: ReturnableSale, serial: string) {
  for (const line of sale.lines) {
    const unit = line.units.find((u) => sameSerial(u.serial, serial));
    if (unit) return { line, unit };
  }
  return null;
}

type ReturnLines = InputOf<'completeReturn'>['lines'];

/** The request's lines, or the first problem with what was typed. */
export function returnLines(
  sale: ReturnableSale,
  picks: Picks,
  locale: string,
): { lines: ReturnLines; problem: string | null } {
  const lines: ReturnLines = [];
  for (const line of sale.lines) {
    const pick = picks[line.invoiceLineId];
    if (!pick) continue;
    if (line.serialized) {
      const units = Object.entries(pick.units).map(([id, disposition]) => ({ serialId: Number(id), disposition }));
      if (units.length > 0) lines.push({ invoiceLineId: line.invoiceLineId, qty: units.length * 1000, units });
      continue;
    }
    const text = pick.qtyText.trim();
    if (text === '') continue;
    const qty = parseQtyMilli(text, locale);
    const left = leftToReturn(line);
    if (qty === null) return { lines, problem: `${text} is not a quantity (${line.description}).` };
    if (qty > left) {
      return {
        lines,
        problem: `Only ${formatQtyMilli(left, locale)} of ${line.description} is left to return.`,
      };
    }
    if (qty > 0) lines.push({ invoiceLineId: line.invoiceLineId, qty, disposition: pick.disposition, units: [] });
  }
  return { lines, problem: null };
}

export interface ReturnPreview extends ReturnMoney {
  /** What goes back (the rest lowers what the invoice still owes). */
  refundMinor: Minor;
  /** To the original tenders: how much to each. */
  toTenders: Array<{ methodName: string; amountMinor: Minor }>;
}

/** The return's money as the service will compute it. */
export function previewReturn(sale: ReturnableSale, lines: ReturnLines): ReturnPreview {
  const money = returnMoney(
    sale.lines.map((l) => ({ ...l, id: l.invoiceLineId })),
    lines.map((l) => ({ lineId: l.invoiceLineId, qty: l.qty })),
  );
  const refundMinor = refundDue(money.totalMinor, sale.balanceMinor);
  const split = refundSplit(sale.tenders, refundMinor);
  return {
    ...money,
    refundMinor,
    toTenders: split.parts.map((p) => ({ methodName: p.tender.methodName, amountMinor: p.amountMinor })),
  };
}
