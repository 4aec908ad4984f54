// Returns: find the sale (its receipt barcode, its number, or SN: of a unit it sold), then one credit note
// (CN-000001, its own gap-free sequence) that brings back quantities and exact units, each to a disposition (back to
// stock, faulty – return to vendor, scrap), and settles the money.
//
// Money: a credit note settles its part of the invoice like a payment (invoices.paid_minor = payments - refunds +
// credit notes, recomputeInvoiceMoney). Its amounts, and how the refund splits over the sale's tenders, follow
// core/returnMoney.ts (the Returns screen shows the same numbers): what it credits first lowers what the invoice still
// owes; only the rest is paid back, to the sale's own tenders or to the customer's store credit. A return that fits
// in the balance refunds nothing (refund_to 'balance'). A cash refund needs an open till.
import { daysBetween, localDate } from '../../core/dates.ts';
import type { RefundTo, ReturnDisposition } from '../../core/enums.ts';
import { AppError } from '../../core/errors.ts';
import type { ReturnableSale, ReturnResult } from '../../core/model.ts';
import { formatMoney, formatQtyMilli, moneyFormat, type Minor } from '../../core/money.ts';
import { refundDue, refundSplit, returnMoney } from '../../core/returnMoney.ts';
import { iso, nextNumber, type ReadCtx, type WriteCtx } from './context.ts';
import { getCounterSettings } from './counterSettings.ts';
import { methodRow, paymentForRefund, recomputeInvoiceMoney, storeCreditMethod, writeRefund } from './payments.ts';
import { saleReceipt } from './receipts.ts';
import {
  getCreditNote,
  loadSale,
  saleFromCode,
  toReturnableSale,
  type SaleForReturn,
  type SaleLine,
} from './returnSale.ts';
import { shopCurrency, shopLocale } from './settings.ts';
import { requireManager } from './staff.ts';
import { adjustStock, recordSerialEvents } from './stock.ts';
import { currentTillId, refuseCashBeyondTill } from './tills.ts';

export { getCreditNote };

/** The sale a receipt barcode, an invoice number or SN:<serial> names, as a return sees it. */
export async function findSale(ctx: ReadCtx, code: string): Promise<ReturnableSale> {
  const { invoiceId, scannedSerialId } = await saleFromCode(ctx, code);
  const sale = await loadSale(ctx, invoiceId);
  refuseUnreturnable(sale);
  return toReturnableSale(sale, scannedSerialId, (await getCounterSettings(ctx)).returnWindowDays, ctx.now());
}

export interface ReturnInput {
  invoiceId: number;
  lines: Array<{
    invoiceLineId: number;
    /** Thousandths. */
    qty: number;
    units: Array<{ serialId: number; disposition: ReturnDisposition }>;
    /** For a line without serials. */
    disposition: ReturnDisposition;
  }>;
  refundTo: RefundTo;
  reason: string;
  approvalPin?: string;
}

const DISPOSITION_NOTE: Record<ReturnDisposition, string> = {
  stock: 'back to stock',
  rma: 'faulty, return to vendor',
  scrap: 'scrapped',
};
const UNIT_STATUS = { stock: 'in_stock', rma: 'rma', scrap: 'scrapped' } as const;

interface PlannedLine {
  line: SaleLine;
  qty: number;
  amount: Minor;
  tax: Minor;
  /** Where a line without serials went (null: serial-tracked, or keeps no stock). amount and tax: returnMoney's. */
  disposition: ReturnDisposition | null;
  units: Array<{ serialId: number; serial: string; disposition: ReturnDisposition }>;
}

/** One return in one transaction: a credit note, its units' dispositions, stock, refunds; refused as a whole. */
export async function completeReturn(ctx: WriteCtx, input: ReturnInput): Promise<ReturnResult> {
  const sale = await loadSale(ctx, input.invoiceId);
  refuseUnreturnable(sale);
  const locale = await shopLocale(ctx);
  const planned = planLines(sale, input.lines, {
    qty: (milli) => formatQtyMilli(milli, locale),
    foreign: await serialTexts(
      ctx,
      input.lines.flatMap((l) => l.units.map((u) => u.serialId)),
    ),
  });
  const fmt = await symbolFormatter(ctx);

  const days = Math.max(0, daysBetween(sale.invoiceDate, localDate(ctx.now())));
  const window = (await getCounterSettings(ctx)).returnWindowDays;
  const approvedBy =
    days > window
      ? await requireManager(ctx, input.approvalPin, `a return after ${dayCount(days)} (window ${dayCount(window)})`)
      : null;

  const money = returnMoney(
    sale.lines,
    planned.map((p) => ({ lineId: p.line.id, qty: p.qty })),
  );
  money.lines.forEach((m, i) => Object.assign(planned[i]!, { amount: m.amountMinor, tax: m.taxMinor }));
  const { subtotalMinor: subtotal, taxMinor: tax, totalMinor: total } = money;
  const refundMinor = refundDue(total, sale.balanceMinor);
  const refundTo: RefundTo = refundMinor === 0 ? 'balance' : input.refundTo;
  if (refundTo === 'balance' && refundMinor > 0) {
    throw new AppError(
      'invalid_input',
      `This return is ${fmt(total)}, more than the ${fmt(sale.balanceMinor)} ${sale.number} still owes: refund ` +
        `${fmt(refundMinor)} to the original tenders or to store credit.`,
      { refundMinor },
    );
  }
  if (refundTo === 'credit' && sale.customerIsWalkIn) {
    throw new AppError(
      'conflict',
      `The walk-in customer cannot hold store credit: refund ${fmt(refundMinor)} to the original tenders instead.`,
    );
  }
  const parts = refundTo === 'balance' ? [] : await refundParts(ctx, sale, refundMinor, refundTo);
  const tillId = await currentTillId(ctx);
  const cashBack = parts.filter((p) => p.method.kind === 'cash').reduce((sum, p) => sum + p.amount, 0);
  if (cashBack > 0) {
    if (tillId === null) {
      throw new AppError('conflict', 'Open the till before giving cash back: Till → Open till. Nothing was returned.');
    }
    await refuseCashBeyondTill(ctx, tillId, cashBack);
  }

  // Everything is checked: from here on the return happens.
  const at = iso(ctx.now());
  const number = await nextNumber(ctx, 'credit_note', 'CN-');
  const { id: creditNoteId } = await ctx.db
    .insertInto('credit_notes')
    .values({
      number,
      invoice_id: sale.invoiceId,
      customer_id: sale.customerId,
      location_id: sale.locationId,
      till_session_id: tillId,
      subtotal_minor: subtotal,
      tax_minor: tax,
      total_minor: total,
      refund_to: refundTo,
      reason: input.reason.trim(),
      created_at: at,
      actor: ctx.actor,
      approved_by: approvedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const p of planned) {
    const { id: cnLineId } = await ctx.db
      .insertInto('credit_note_lines')
      .values({
        credit_note_id: creditNoteId,
        invoice_line_id: p.line.id,
        qty: p.qty,
        amount_minor: p.amount,
        tax_minor: p.tax,
        disposition: p.disposition,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (p.units.length === 0) continue;
    await ctx.db
      .insertInto('credit_note_units')
      .values(
        p.units.map((u) => ({
          credit_note_line_id: cnLineId,
          serial_id: u.serialId,
          invoice_line_id: p.line.id,
          disposition: u.disposition,
        })),
      )
      .execute();
  }
  await returnUnits(ctx, sale, planned, { id: creditNoteId, number }, at);
  await adjustStock(
    ctx,
    planned
      .filter((p) => p.line.movesStock && p.line.productId !== null && p.disposition === 'stock')
      .map((p) => ({ productId: p.line.productId!, locationId: sale.locationId, delta: p.qty })),
    { doc: 'credit_note', id: creditNoteId },
  );
  for (const part of parts) {
    await writeRefund(ctx, {
      payment: part.payment,
      invoiceId: sale.invoiceId,
      method: part.method,
      amount: part.amount,
      creditKind: 'refund',
      reference: '',
      refundedOn: localDate(ctx.now()),
      notes: `Return ${number}`,
      note: `Return ${number} from ${sale.number}`,
      tillSessionId: tillId,
      creditNoteId,
    });
  }
  await recomputeInvoiceMoney(ctx, [sale.invoiceId]);
  return { creditNote: await getCreditNote(ctx, creditNoteId), receipt: await saleReceipt(ctx, { creditNoteId }) };
}

async function symbolFormatter(ctx: ReadCtx): Promise<(minor: Minor) => string> {
  const format = moneyFormat(await shopCurrency(ctx), await shopLocale(ctx));
  return (minor) => formatMoney(minor, format, { symbol: true });
}

const dayCount = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

function refuseUnreturnable(sale: SaleForReturn): void {
  if (sale.isDeposit) {
    throw new AppError(
      'conflict',
      `${sale.number} is a deposit: refund it from its ticket (Refund deposit), where the ticket's charges follow.`,
    );
  }
  if (sale.status === 'draft') {
    throw new AppError('conflict', `${sale.number} is a draft: nothing on it was sold, so nothing can be returned.`);
  }
  if (sale.status === 'void') {
    throw new AppError(
      'conflict',
      `${sale.number} is void: its units and payments were given back when it was voided.`,
    );
  }
}

/** The serial texts of units by id, for messages about units that are not on the sale. */
async function serialTexts(ctx: ReadCtx, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.db
    .selectFrom('serials')
    .select(['id', 'serial'])
    .where('id', 'in', [...new Set(ids)].slice(0, 2000))
    .execute();
  return new Map(rows.map((r) => [r.id, r.serial]));
}

/** Checks each asked line against the sale and what earlier returns took, and credits its amount. */
function planLines(
  sale: SaleForReturn,
  asked: ReturnInput['lines'],
  text: { qty: (milli: number) => string; foreign: ReadonlyMap<number, string> },
): PlannedLine[] {
  const qtyText = text.qty;
  const seenLines = new Set<number>();
  const seenUnits = new Set<number>();
  return asked.map((a) => {
    const line = sale.lines.find((l) => l.id === a.invoiceLineId);
    if (!line) throw new AppError('invalid_input', `That line (id ${a.invoiceLineId}) is not on ${sale.number}.`);
    if (seenLines.has(line.id)) {
      throw new AppError('invalid_input', `${line.description} is listed twice: give it one quantity.`);
    }
    seenLines.add(line.id);
    const units = a.units.map((u) => {
      const unit = line.units.find((x) => x.serialId === u.serialId);
      const elsewhere = unit ? undefined : sale.lines.flatMap((l) => l.units).find((x) => x.serialId === u.serialId);
      const found = unit ?? elsewhere;
      if (!found) {
        const serial = text.foreign.get(u.serialId);
        throw new AppError(
          'serial_unavailable',
          serial ? `${serial} is not on ${sale.number}.` : `That unit (id ${u.serialId}) is not on ${sale.number}.`,
        );
      }
      if (found.returnedOn) {
        throw new AppError('serial_unavailable', `${found.serial} was already returned on ${found.returnedOn}.`);
      }
      if (!unit) {
        throw new AppError(
          'invalid_input',
          `${found.serial} is on another line of ${sale.number}, not ${line.description}.`,
        );
      }
      if (seenUnits.has(unit.serialId)) {
        throw new AppError('invalid_input', `${unit.serial} is picked twice: a unit comes back once.`);
      }
      seenUnits.add(unit.serialId);
      return { serialId: unit.serialId, serial: unit.serial, disposition: u.disposition };
    });
    const left = line.qty - line.returnedQty;
    if (a.qty > left) {
      throw new AppError(
        'invalid_input',
        left === 0
          ? `${line.description} was already returned in full on ${sale.number}.`
          : `Only ${qtyText(left)} of ${line.description} is left to return on ${sale.number} ` +
              `(${qtyText(line.qty)} sold, ${qtyText(line.returnedQty)} returned); this return asks for ${qtyText(a.qty)}.`,
        { leftMilli: left },
      );
    }
    if (line.serialized) {
      if (a.qty % 1000 !== 0 || units.length * 1000 !== a.qty) {
        throw new AppError(
          'invalid_input',
          `Pick the ${qtyText(a.qty)} unit${a.qty === 1000 ? '' : 's'} of ${line.description} being returned: ` +
            `${units.length} picked.`,
        );
      }
    } else if (units.length > 0) {
      throw new AppError('invalid_input', `${line.description} is not serial-tracked: it has no units to pick.`);
    }
    return {
      line,
      qty: a.qty,
      amount: 0,
      tax: 0,
      disposition: line.serialized || !line.movesStock ? null : a.disposition,
      units,
    };
  });
}

/** Each returned unit to its disposition, off the sale line (it can be sold again), with its history. */
async function returnUnits(
  ctx: WriteCtx,
  sale: SaleForReturn,
  planned: readonly PlannedLine[],
  creditNote: { id: number; number: string },
  at: string,
): Promise<void> {
  const units = planned.flatMap((p) => p.units.map((u) => ({ ...u, lineId: p.line.id })));
  if (units.length === 0) return;
  for (const disposition of ['stock', 'rma', 'scrap'] as const) {
    const ids = units.filter((u) => u.disposition === disposition).map((u) => u.serialId);
    if (ids.length === 0) continue;
    await ctx.db
      .updateTable('serials')
      .set({ status: UNIT_STATUS[disposition], location_id: sale.locationId, customer_id: null })
      .where('id', 'in', ids)
      .execute();
  }
  await ctx.db
    .deleteFrom('invoice_line_serials')
    .where(
      'serial_id',
      'in',
      units.map((u) => u.serialId),
    )
    .execute();
  await recordSerialEvents(
    ctx,
    units.map((u) => ({
      serialId: u.serialId,
      kind: 'returned' as const,
      locationId: sale.locationId,
      invoiceId: sale.invoiceId,
      invoiceLineId: u.lineId,
      customerId: sale.customerId,
      creditNoteId: creditNote.id,
      note: `returned on ${creditNote.number} from ${sale.number} — ${DISPOSITION_NOTE[u.disposition]}`,
      ...(u.disposition === 'stock' ? { stock: 1 as const } : {}),
    })),
    at,
  );
}

/**
 * How `amount` goes back: to the sale's tenders (each payment's own method, at most what it paid on this invoice and
 * was not refunded; non-cash first in payment order, cash last) or, for 'credit', the same payments' parts to the
 * customer's store credit.
 */
async function refundParts(ctx: ReadCtx, sale: SaleForReturn, amount: Minor, to: 'tenders' | 'credit') {
  const split = refundSplit(sale.tenders, amount);
  if (split.short > 0) {
    const fmt = await symbolFormatter(ctx);
    throw new AppError(
      'conflict',
      `${sale.number} has only ${fmt(amount - split.short)} left to refund; this return needs ${fmt(amount)}.`,
    );
  }
  const credit = to === 'credit' ? await storeCreditMethod(ctx) : null;
  const parts = [];
  for (const { tender, amountMinor } of split.parts) {
    parts.push({
      payment: await paymentForRefund(ctx, tender.paymentId),
      method: credit ?? (await methodRow(ctx, tender.methodId)),
      amount: amountMinor,
    });
  }
  return parts;
}
