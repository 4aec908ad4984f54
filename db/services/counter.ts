// The counter: a sale completed in one command (the invoice, Paid, with one payment per tender, its units Sold and its
// stock moved), a sale parked (Hold: a Draft whose units stay Reserved) and the list Recall shows. A counter sale is
// an invoice like any other; only its till session, its cash tendered and its held time are the counter's own.
import { z } from 'zod';
import { localDate } from '../../core/dates.ts';
import { invoiceStatusLabel } from '../../core/enums.ts';
import { AppError } from '../../core/errors.ts';
import type { completeSaleInput, saleInput } from '../../core/contract.ts';
import type { HeldSale, Invoice, SaleResult } from '../../core/model.ts';
import { formatMoney, moneyFormat, type Minor } from '../../core/money.ts';
import { iso, type ReadCtx, type WriteCtx } from './context.ts';
import { getInvoice, saveInvoice } from './invoices.ts';
import { recomputeInvoiceMoney, recordPayment, usableMethod, type MethodRef } from './payments.ts';
import { saleReceipt } from './receipts.ts';
import { shopCurrency, shopLocale } from './settings.ts';
import { requireOpenTill } from './tills.ts';

export type SaleInput = z.output<typeof saleInput>;
export type CompleteSaleInput = z.output<typeof completeSaleInput>;

/** A tender as it will be recorded: the part applied to the sale, and for cash what was handed over. */
interface PlannedTender {
  method: MethodRef;
  appliedMinor: Minor;
  tenderedMinor: Minor | null;
  reference: string;
}

/**
 * Pay at the counter, in the caller's one transaction: needs this register's open till; saves the sale finalised (a
 * recalled held sale passes its id and revision: its Reserved units become Sold), then one payment per tender on the
 * till session, and the invoice is Paid. The tenders must cover the amount due; only cash may go above what is left
 * (the rest comes back as change); store credit needs a customer, up to their credit. A sale of 0 needs no tender: it
 * is Paid with no payment. Any refusal writes nothing.
 */
export async function completeSale(ctx: WriteCtx, input: CompleteSaleInput): Promise<SaleResult> {
  const tillSessionId = await requireOpenTill(ctx);
  await refuseNonDraft(ctx, input.sale.id);
  const methods = await Promise.all(input.tenders.map((t) => usableMethod(ctx, t.methodId)));
  const today = localDate(ctx.now());
  const invoice = await saveInvoice(ctx, {
    ...input.sale,
    // A counter sale is dated the day it is paid (a held sale too), and due at once.
    invoiceDate: today,
    terms: '',
    dueDate: today,
    draft: false,
    approvalPin: input.approvalPin,
    tillSessionId,
    heldAt: null,
  });
  const plan = await planTenders(ctx, invoice, input.tenders, methods);
  for (const tender of plan.tenders) {
    await recordPayment(ctx, {
      customer: { id: invoice.customerId, name: invoice.customerName, walkIn: invoice.customerIsWalkIn },
      method: tender.method,
      amount: tender.appliedMinor,
      allocations: [{ invoiceId: invoice.id, amount: tender.appliedMinor }],
      credit: null,
      reference: tender.reference,
      paidOn: today,
      notes: '',
      tillSessionId,
      tenderedMinor: tender.tenderedMinor,
    });
  }
  // Each payment set the status; a sale of 0 took none, and is Paid by this (a no-op otherwise).
  await recomputeInvoiceMoney(ctx, [invoice.id]);
  return {
    invoice: await getInvoice(ctx, invoice.id),
    changeMinor: plan.changeMinor,
    receipt: await saleReceipt(ctx, { invoiceId: invoice.id }),
  };
}

/**
 * Which part of the amount due each tender pays. Card, store credit and other tenders pay what they say and may not
 * go above what is left; cash pays what is left after them, and what it goes above is change.
 */
async function planTenders(
  ctx: ReadCtx,
  invoice: Invoice,
  tenders: CompleteSaleInput['tenders'],
  methods: MethodRef[],
): Promise<{ tenders: PlannedTender[]; changeMinor: Minor }> {
  const m = await moneyText(ctx);
  const due = invoice.balanceMinor;
  const offered = tenders.reduce((sum, t) => sum + t.amountMinor, 0);
  if (offered < due) {
    throw new AppError('invalid_input', `Tenders of ${m(offered)} do not cover the amount due of ${m(due)}.`, {
      tenderedMinor: offered,
      dueMinor: due,
    });
  }
  const applied = new Array<Minor>(tenders.length).fill(0);
  let left = due;
  tenders.forEach((t, i) => {
    const method = methods[i]!;
    if (method.kind === 'cash') return;
    if (method.kind === 'store_credit' && invoice.customerIsWalkIn) {
      throw new AppError('invalid_input', 'Store credit needs a customer: attach the customer to the sale first.');
    }
    if (t.amountMinor > left) {
      throw new AppError(
        'invalid_input',
        `The ${method.name} tender of ${m(t.amountMinor)} is more than the ${m(left)} left to pay: only cash gives ` +
          'change.',
        { leftMinor: left },
      );
    }
    applied[i] = t.amountMinor;
    left -= t.amountMinor;
  });
  let change = 0;
  tenders.forEach((t, i) => {
    const method = methods[i]!;
    if (method.kind !== 'cash') return;
    const part = Math.min(t.amountMinor, left);
    if (part === 0 && due > 0) {
      throw new AppError(
        'invalid_input',
        `The sale is paid before the ${method.name} tender of ${m(t.amountMinor)}: remove that tender.`,
      );
    }
    applied[i] = part;
    left -= part;
    change += t.amountMinor - part;
  });
  return {
    tenders: tenders.map((t, i) => ({
      method: methods[i]!,
      appliedMinor: applied[i]!,
      tenderedMinor: methods[i]!.kind === 'cash' ? t.amountMinor : null,
      reference: t.reference,
    })),
    changeMinor: change,
  };
}

/**
 * Hold: parks the sale as a Draft (its captured units Reserved, so no other sale can take them), listed by Recall. A
 * recalled sale held again keeps its number.
 */
export async function holdSale(
  ctx: WriteCtx,
  input: { sale: SaleInput; approvalPin?: string | undefined },
): Promise<Invoice> {
  await refuseNonDraft(ctx, input.sale.id);
  return saveInvoice(ctx, {
    ...input.sale,
    terms: '',
    dueDate: input.sale.invoiceDate,
    draft: true,
    approvalPin: input.approvalPin,
    heldAt: iso(ctx.now()),
  });
}

/** The parked sales, the latest first: when, the first item, the customer, the total and who held it. */
export async function listHeldSales(ctx: ReadCtx): Promise<HeldSale[]> {
  const rows = await ctx.db
    .selectFrom('invoices as i')
    .innerJoin('customers as c', 'c.id', 'i.customer_id')
    .select(['i.id', 'i.number', 'i.held_at', 'i.total_minor', 'i.cashier', 'c.name as customerName'])
    .select((eb) => [
      eb
        .selectFrom('invoice_lines as l')
        .select('l.description')
        .whereRef('l.invoice_id', '=', 'i.id')
        .orderBy('l.position')
        .limit(1)
        .as('firstItem'),
      eb
        .selectFrom('invoice_lines as l')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('l.invoice_id', '=', 'i.id')
        .as('lineCount'),
    ])
    .where('i.status', '=', 'draft')
    .where('i.held_at', 'is not', null)
    .orderBy('i.held_at', 'desc')
    .orderBy('i.id', 'desc')
    .execute();
  return rows.map((r) => ({
    invoiceId: r.id,
    number: r.number,
    heldAt: r.held_at!,
    customerName: r.customerName,
    firstItem: r.firstItem ?? '',
    lineCount: Number(r.lineCount ?? 0),
    totalMinor: r.total_minor,
    cashier: r.cashier,
  }));
}

/** A counter sale with an id is a held (draft) sale recalled; a finalised invoice is taken at Invoices, not here. */
async function refuseNonDraft(ctx: ReadCtx, id: number | undefined): Promise<void> {
  if (id === undefined) return;
  const row = await ctx.db.selectFrom('invoices').select(['number', 'status']).where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found', `No invoice with id ${id}.`);
  if (row.status !== 'draft') {
    throw new AppError(
      'conflict',
      `${row.number} is not a held sale (it is ${invoiceStatusLabel[row.status]}): start a new sale, or open it from ` +
        'Invoices.',
    );
  }
}

async function moneyText(ctx: ReadCtx): Promise<(minor: Minor) => string> {
  const format = moneyFormat(await shopCurrency(ctx), await shopLocale(ctx));
  return (minor) => formatMoney(minor, format, { symbol: true });
}
