// Refund a deposit (full or partial, to its payment's method or to the customer's store credit). The deposit invoice
// stays Paid and shows the refund: a credit note (CN-…, like a return's) credits the part given back on its deposit
// line, and a refund of that amount pays it out, so paid = payments - refunds + credit notes is unchanged. The
// ticket's deposit charge raises refunded_minor (it is worth -(deposit - refunded) from then on).
import { localDate } from '../../core/dates.ts';
import { AppError } from '../../core/errors.ts';
import type { TicketDeposits } from '../../core/model.ts';
import { iso, nextNumber, type WriteCtx } from './context.ts';
import { ticketDeposits } from './deposits.ts';
import {
  methodRow,
  moneyFormatter,
  paymentForRefund,
  recomputeInvoiceMoney,
  storeCreditMethod,
  writeRefund,
} from './payments.ts';
import { requireManager } from './staff.ts';
import { touchTicket } from './ticketCore.ts';
import { currentTillId, refuseCashBeyondTill } from './tills.ts';
import { invoiceStatusLabel } from '../../core/enums.ts';

export interface RefundDepositInput {
  chargeId: number;
  amountMinor: number;
  /** 'method': back to the deposit payment's own method; 'credit': the customer's store credit. */
  to: 'method' | 'credit';
  reference?: string;
  approvalPin?: string | undefined;
}

/**
 * Refused once the deposit is taken off an invoice that is not Void (with a message naming it; allowed again once
 * that invoice is voided), above what is left of it, and for a walk-in customer's store credit. Needs a Manager or
 * Admin. Cash goes out of this register's open till when one is open, as Refund does.
 */
export async function refundDeposit(ctx: WriteCtx, input: RefundDepositInput): Promise<TicketDeposits> {
  const charge = await ctx.db
    .selectFrom('ticket_charges as c')
    .innerJoin('tickets as t', 't.id', 'c.ticket_id')
    .innerJoin('invoices as d', 'd.id', 'c.deposit_invoice_id')
    .leftJoin('invoice_lines as l', 'l.id', 'c.invoice_line_id')
    .leftJoin('invoices as i', 'i.id', 'l.invoice_id')
    .select(['c.id', 'c.ticket_id', 'c.unit_price_minor', 'c.refunded_minor', 't.number as ticketNumber'])
    .select(['d.id as depositId', 'd.number as depositNumber', 'd.status as depositStatus'])
    .select(['d.customer_id', 'd.location_id'])
    .select(['i.number as invoiceNumber', 'i.status as invoiceStatus'])
    .where('c.id', '=', input.chargeId)
    .where('c.kind', '=', 'deposit')
    .executeTakeFirst();
  if (!charge) throw new AppError('not_found', 'That deposit no longer exists.');
  const dep = charge.depositNumber;
  if (charge.invoiceNumber !== null && charge.invoiceStatus !== 'void') {
    throw new AppError(
      'conflict',
      `${dep} is taken off ${charge.invoiceNumber} (${invoiceStatusLabel[charge.invoiceStatus!]}): it cannot be ` +
        `refunded while that invoice stands. Void ${charge.invoiceNumber} first, or take the deposit line off it ` +
        'while it is a draft.',
    );
  }
  if (charge.depositStatus === 'void') {
    throw new AppError('conflict', `${dep} is void: its payment was given back when it was voided.`);
  }
  const fmt = await moneyFormatter(ctx, { symbol: true });
  const deposit = -Number(charge.unit_price_minor);
  const left = deposit - Number(charge.refunded_minor);
  if (left <= 0) throw new AppError('conflict', `${dep} is refunded in full: nothing is left to refund.`);
  if (input.amountMinor <= 0) throw new AppError('invalid_input', 'A refund must be above 0.');
  if (input.amountMinor > left) {
    throw new AppError(
      'invalid_input',
      `A refund of ${fmt(input.amountMinor)} is more than what is left of ${dep} (${fmt(left)}).`,
      { leftMinor: left },
    );
  }
  // The payment that paid the deposit invoice (one, as Take deposit makes it; the first with something left).
  const allocations = await ctx.db
    .selectFrom('payment_allocations')
    .select('payment_id')
    .where('invoice_id', '=', charge.depositId)
    .orderBy('payment_id')
    .execute();
  let payment: Awaited<ReturnType<typeof paymentForRefund>> | undefined;
  let part: (typeof payment & object)['parts'][number] | undefined;
  for (const a of allocations) {
    const candidate = await paymentForRefund(ctx, a.payment_id);
    const p = candidate.parts.find((x) => x.invoiceId === charge.depositId);
    if (p && p.amount - p.refunded >= input.amountMinor) {
      payment = candidate;
      part = p;
      break;
    }
  }
  if (!payment || !part) {
    throw new AppError('conflict', `${dep} has no payment left to refund ${fmt(input.amountMinor)} from.`);
  }
  const method = input.to === 'credit' ? await storeCreditMethod(ctx) : await methodRow(ctx, payment.methodId);
  if (method.kind === 'store_credit' && payment.customer.walkIn) {
    throw new AppError(
      'conflict',
      'The walk-in customer cannot hold store credit; refund the deposit to its payment method instead.',
    );
  }
  const tillId = method.kind === 'cash' ? await currentTillId(ctx) : null;
  if (tillId !== null) await refuseCashBeyondTill(ctx, tillId, input.amountMinor);
  const approvedBy = await requireManager(
    ctx,
    input.approvalPin,
    `refunding ${fmt(input.amountMinor)} of deposit ${dep}`,
  );

  // The credit note's quantity is the refunded share of the line's 1 (the last refund takes what is left of it).
  const line = await ctx.db
    .selectFrom('invoice_lines')
    .select(['id', 'qty'])
    .where('invoice_id', '=', charge.depositId)
    .orderBy('position')
    .executeTakeFirstOrThrow();
  const creditedQty = await ctx.db
    .selectFrom('credit_note_lines')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('qty'), eb.lit(0)).as('qty'))
    .where('invoice_line_id', '=', line.id)
    .executeTakeFirstOrThrow();
  const qtyLeft = Number(line.qty) - Number(creditedQty.qty);
  const qty =
    input.amountMinor === left
      ? Math.max(1, qtyLeft)
      : Math.min(Math.max(1, qtyLeft - 1), Math.max(1, Math.round((Number(line.qty) * input.amountMinor) / deposit)));
  const at = iso(ctx.now());
  const number = await nextNumber(ctx, 'credit_note', 'CN-');
  const { id: creditNoteId } = await ctx.db
    .insertInto('credit_notes')
    .values({
      number,
      invoice_id: charge.depositId,
      customer_id: charge.customer_id,
      location_id: charge.location_id,
      till_session_id: tillId,
      subtotal_minor: input.amountMinor,
      tax_minor: 0,
      total_minor: input.amountMinor,
      refund_to: input.to === 'credit' ? 'credit' : 'tenders',
      reason: `Deposit refund on ${charge.ticketNumber}`,
      created_at: at,
      actor: ctx.actor,
      approved_by: approvedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.db
    .insertInto('credit_note_lines')
    .values({
      credit_note_id: creditNoteId,
      invoice_line_id: line.id,
      qty,
      amount_minor: input.amountMinor,
      tax_minor: 0,
      disposition: null,
    })
    .execute();
  await writeRefund(ctx, {
    payment,
    invoiceId: charge.depositId,
    method,
    amount: input.amountMinor,
    creditKind: 'refund',
    reference: input.reference ?? '',
    refundedOn: localDate(ctx.now()),
    notes: `Deposit refund ${number}`,
    note: `Deposit refund ${number} from ${dep} (${charge.ticketNumber})`,
    tillSessionId: tillId,
    creditNoteId,
  });
  await ctx.db
    .updateTable('ticket_charges')
    .set((eb) => ({ refunded_minor: eb('refunded_minor', '+', input.amountMinor) }))
    .where('id', '=', charge.id)
    .execute();
  await recomputeInvoiceMoney(ctx, [charge.depositId]);
  await touchTicket(ctx, Number(charge.ticket_id));
  return ticketDeposits(ctx, Number(charge.ticket_id));
}
