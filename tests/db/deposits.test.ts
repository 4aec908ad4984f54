// Deposits on a ticket through the contract on a real store (SQLite and PostgreSQL): Settings → Deposits, Take
// deposit (a Paid DEP-000001 invoice, its payment, a negative charge, Partially Invoiced), percentage products, the
// limits, refunds (full and partial, to the method and to store credit; refused while an invoice takes the deposit
// off, allowed again once that invoice is voided), and the balance invoice: a remaining balance is collected as
// usual, and a $0 payment closes an invoice the deposit covered.
import { describe, expect, it } from 'vitest';
import { inWriteTransaction } from '../../db/services/context.ts';
import { payInvoice } from '../../db/services/payments.ts';
import { addItemCharge, createTicket, ticketCharges } from '../../db/services/ticketCore.ts';
import { freshDemoPerTest, okValue, refusalOf, serviceCtx, type Backend, type DemoIds } from '../support/backend.ts';

let b: Backend;
let ids: DemoIds;
freshDemoPerTest((backend, demo) => {
  b = backend;
  ids = demo;
});

const ok = okValue;
const tx = <T>(work: Parameters<typeof inWriteTransaction<T>>[1]) => inWriteTransaction(serviceCtx(b), work);

/** T-000001 for Acme Corp with a $200.00 non-taxable repair kit: $200.00 pending. */
async function ticketWithCharges(priceMinor = 20_000): Promise<number> {
  return tx(async (ctx) => {
    const ticket = await createTicket(ctx, { customerId: ids.acme, title: 'Laptop repair' });
    await addItemCharge(ctx, ticket.id, {
      productId: null,
      description: 'Repair kit',
      qty: 1000,
      unitPriceMinor: priceMinor,
      taxable: false,
    });
    return ticket.id;
  });
}

const enable = () => ok(b.api.saveDepositSettings({ enabled: true }));
const charges = (ticketId: number) => ticketCharges(serviceCtx(b), ticketId);

/** The balance invoice: Make Invoice (the charges, the deposits as negative lines), then saved (Sent). */
async function balanceInvoice(ticketId: number) {
  const made = await ok(b.api.makeTicketInvoice({ ticketId }));
  return ok(b.api.markInvoiceSent({ id: made.invoiceId }));
}

describe('Settings → Deposits', () => {
  it('is off until an Admin turns it on; products are fixed or a percentage, and can be archived', async () => {
    expect(await ok(b.api.getDepositSettings({}))).toEqual({ enabled: false, products: [] });
    await enable();
    await ok(b.api.saveDepositProduct({ name: 'Parts deposit', kind: 'fixed', amountMinor: 5_000 }));
    const settings = await ok(b.api.saveDepositProduct({ name: 'Half up front', kind: 'percent', percentBp: 5_000 }));
    expect(settings.enabled).toBe(true);
    expect(settings.products.map((p) => [p.name, p.kind, p.amountMinor, p.percentBp])).toEqual([
      ['Half up front', 'percent', 0, 5_000],
      ['Parts deposit', 'fixed', 5_000, 0],
    ]);
    expect(await refusalOf(b, () => b.api.saveDepositProduct({ name: 'None', kind: 'percent', percentBp: 0 }))).toEqual(
      { code: 'invalid_input', message: 'Enter a percentage above 0 and at most 100.' },
    );
    expect((await refusalOf(b, () => b.api.saveDepositProduct({ name: 'Zero', kind: 'fixed' }))).message).toBe(
      'Enter the deposit amount, above 0.',
    );
    expect(
      (await refusalOf(b, () => b.api.saveDepositProduct({ name: 'parts DEPOSIT', kind: 'fixed', amountMinor: 1 })))
        .message,
    ).toBe('A deposit product named parts DEPOSIT already exists.');
    const fixed = settings.products.find((p) => p.kind === 'fixed')!;
    const archived = await ok(b.api.saveDepositProduct({ ...fixed, archived: true }));
    expect(archived.products.find((p) => p.id === fixed.id)?.archived).toBe(true);
  });
});

describe('Take deposit', () => {
  it('makes DEP-000001 Paid for the ticket and a negative charge; the ticket becomes Partially Invoiced', async () => {
    const ticketId = await ticketWithCharges();
    expect((await charges(ticketId)).billingStatus).toBe('invoice_required');
    await enable();
    const after = await ok(
      b.api.takeDeposit({ ticketId, amountMinor: 5_000, methodId: ids.method('card'), reference: 'AUTH 42' }),
    );
    expect(after.deposits).toMatchObject([
      {
        invoiceNumber: 'DEP-000001',
        amountMinor: 5_000,
        leftMinor: 5_000,
        consumedBy: null,
        methodName: 'Credit Card',
      },
    ]);
    const invoice = await ok(b.api.getInvoice({ id: after.deposits[0]!.invoiceId }));
    expect(invoice).toMatchObject({ number: 'DEP-000001', status: 'paid', totalMinor: 5_000, balanceMinor: 0 });
    expect(invoice.lines.map((l) => [l.description, l.qty, l.unitPriceMinor, l.taxable])).toEqual([
      ['Deposit on T-000001', 1000, 5_000, false],
    ]);
    expect(invoice.payments[0]).toMatchObject({ amountMinor: 5_000, reference: 'AUTH 42' });
    expect(await b.one('SELECT is_deposit, ticket_id FROM invoices WHERE id = ?', invoice.id)).toEqual({
      is_deposit: 1,
      ticket_id: ticketId,
    });
    const summary = await charges(ticketId);
    expect(summary.billingStatus).toBe('partially_invoiced');
    expect(summary.pendingTotalMinor).toBe(15_000);
    expect(summary.charges.find((c) => c.source === 'deposit')).toMatchObject({
      description: 'Deposit on T-000001, DEP-000001',
      qty: 1000,
      amountMinor: -5_000,
      depositInvoiceId: invoice.id,
    });
    // The next invoice number is untouched: deposits have their own sequence.
    const next = await ok(
      b.api.saveInvoice({
        customerId: ids.acme,
        locationId: ids.main,
        invoiceDate: '2026-11-21',
        notes: '',
        lines: [
          { productId: null, description: 'Call-out', qty: 1000, unitPriceMinor: 100, taxable: false, serialIds: [] },
        ],
      }),
    );
    expect(next.number).toBe('INV-000001');
  });

  it('computes a percentage product on the pending charges (incl. tax), and refuses what does not fit', async () => {
    const ticketId = await ticketWithCharges();
    const off = await refusalOf(b, () =>
      b.api.takeDeposit({ ticketId, amountMinor: 5_000, methodId: ids.method('cash') }),
    );
    expect(off).toEqual({
      code: 'conflict',
      message: 'Deposits are turned off: an Admin turns them on in Settings → Deposits.',
    });
    await enable();
    const { products } = await ok(b.api.saveDepositProduct({ name: 'Quarter', kind: 'percent', percentBp: 2_500 }));
    const taken = await ok(
      b.api.takeDeposit({ ticketId, depositProductId: products[0]!.id, methodId: ids.method('cash') }),
    );
    expect(taken.deposits[0]!.amountMinor).toBe(5_000);
    expect(taken.pendingTotalMinor).toBe(15_000);
    expect(
      (await refusalOf(b, () => b.api.takeDeposit({ ticketId, amountMinor: 0, methodId: ids.method('cash') }))).message,
    ).toBe('Enter a deposit above 0.');
    expect(
      await refusalOf(b, () => b.api.takeDeposit({ ticketId, amountMinor: 15_001, methodId: ids.method('cash') })),
    ).toEqual({
      code: 'invalid_input',
      message: "A deposit of $150.01 is more than T-000001's pending charges of $150.00: take at most $150.00.",
    });
    const empty = await tx((ctx) => createTicket(ctx, { customerId: ids.acme, title: 'Look at it' }));
    expect(
      (
        await refusalOf(b, () =>
          b.api.takeDeposit({ ticketId: empty.id, amountMinor: 100, methodId: ids.method('cash') }),
        )
      ).message,
    ).toBe('T-000002 has no pending charges to take a deposit on: add its line items or labour first.');
  });
});

describe('Refund deposit', () => {
  it('refunds part to the method and the rest to store credit; the deposit invoice stays Paid and shows both', async () => {
    const ticketId = await ticketWithCharges();
    await enable();
    const { deposits } = await ok(b.api.takeDeposit({ ticketId, amountMinor: 6_000, methodId: ids.method('card') }));
    const chargeId = deposits[0]!.chargeId;
    const partial = await ok(b.api.refundDeposit({ chargeId, amountMinor: 2_000, to: 'method' }));
    expect(partial.deposits[0]).toMatchObject({ refundedMinor: 2_000, leftMinor: 4_000 });
    expect((await charges(ticketId)).pendingTotalMinor).toBe(16_000);
    expect(await refusalOf(b, () => b.api.refundDeposit({ chargeId, amountMinor: 4_001, to: 'credit' }))).toEqual({
      code: 'invalid_input',
      message: 'A refund of $40.01 is more than what is left of DEP-000001 ($40.00).',
    });
    const full = await ok(b.api.refundDeposit({ chargeId, amountMinor: 4_000, to: 'credit' }));
    expect(full.deposits[0]).toMatchObject({ refundedMinor: 6_000, leftMinor: 0 });
    const invoice = await ok(b.api.getInvoice({ id: deposits[0]!.invoiceId }));
    expect(invoice).toMatchObject({ status: 'paid', balanceMinor: 0, creditedMinor: 6_000 });
    expect(invoice.creditNotes.map((c) => [c.number, c.totalMinor, c.refundTo])).toEqual([
      ['CN-000001', 2_000, 'tenders'],
      ['CN-000002', 4_000, 'credit'],
    ]);
    expect(
      await b.all(
        'SELECT m.kind, r.amount_minor FROM refunds r JOIN payment_methods m ON m.id = r.method_id ORDER BY r.id',
      ),
    ).toEqual([
      { kind: 'card', amount_minor: 2_000 },
      { kind: 'store_credit', amount_minor: 4_000 },
    ]);
    expect((await ok(b.api.getCustomerAccount({ id: ids.acme }))).creditMinor).toBe(4_000);
    // Refunded in full, the deposit is no charge: the ticket is back to Invoice Required.
    const summary = await charges(ticketId);
    expect([summary.billingStatus, summary.pendingTotalMinor]).toEqual(['invoice_required', 20_000]);
    expect((await refusalOf(b, () => b.api.refundDeposit({ chargeId, amountMinor: 1, to: 'method' }))).message).toBe(
      'DEP-000001 is refunded in full: nothing is left to refund.',
    );
  });

  it('is refused while an invoice takes the deposit off, and allowed again once that invoice is voided', async () => {
    const ticketId = await ticketWithCharges();
    await enable();
    const { deposits } = await ok(b.api.takeDeposit({ ticketId, amountMinor: 5_000, methodId: ids.method('card') }));
    const chargeId = deposits[0]!.chargeId;
    const invoice = await balanceInvoice(ticketId);
    expect(invoice.totalMinor).toBe(15_000);
    expect((await charges(ticketId)).billingStatus).toBe('invoiced');
    expect(await refusalOf(b, () => b.api.refundDeposit({ chargeId, amountMinor: 1_000, to: 'method' }))).toEqual({
      code: 'conflict',
      message:
        'DEP-000001 is taken off INV-000001 (Sent): it cannot be refunded while that invoice stands. Void ' +
        'INV-000001 first, or take the deposit line off it while it is a draft.',
    });
    await ok(b.api.voidInvoice({ id: invoice.id }));
    const after = await ok(b.api.refundDeposit({ chargeId, amountMinor: 1_000, to: 'method' }));
    expect(after.deposits[0]).toMatchObject({ leftMinor: 4_000, consumedBy: null });
  });
});

describe('the deposit invoice', () => {
  it('is not voided on its own: the ticket refunds it', async () => {
    const ticketId = await ticketWithCharges();
    await enable();
    const { deposits } = await ok(b.api.takeDeposit({ ticketId, amountMinor: 5_000, methodId: ids.method('card') }));
    expect(await refusalOf(b, () => b.api.voidInvoice({ id: deposits[0]!.invoiceId, payments: 'refund' }))).toEqual({
      code: 'conflict',
      message: 'DEP-000001 is a deposit: refund it from its ticket (Refund deposit) instead.',
    });
    // Nor returned at the Returns screen, which would give the money back without the ticket knowing.
    const deposit =
      "DEP-000001 is a deposit: refund it from its ticket (Refund deposit), where the ticket's charges follow.";
    expect(await refusalOf(b, () => b.api.findSale({ code: 'DEP-000001' }))).toEqual({
      code: 'conflict',
      message: deposit,
    });
    const line = (await ok(b.api.getInvoice({ id: deposits[0]!.invoiceId }))).lines[0]!;
    const lines = [{ invoiceLineId: line.id, qty: 1000, units: [], disposition: 'stock' as const }];
    const returned = { invoiceId: deposits[0]!.invoiceId, lines, refundTo: 'tenders' as const, reason: 'Deposit' };
    expect(await refusalOf(b, () => b.api.completeReturn(returned))).toEqual({ code: 'conflict', message: deposit });
    expect((await ok(b.api.getInvoice({ id: deposits[0]!.invoiceId }))).creditNotes).toEqual([]);
  });
});

describe('the balance invoice', () => {
  it('collects what remains as usual', async () => {
    const ticketId = await ticketWithCharges();
    await enable();
    await ok(b.api.takeDeposit({ ticketId, amountMinor: 5_000, methodId: ids.method('cash') }));
    const invoice = await balanceInvoice(ticketId);
    expect(invoice.lines.map((l) => [l.description, l.unitPriceMinor])).toEqual([
      ['Repair kit', 20_000],
      ['Deposit on T-000001, DEP-000001', -5_000],
    ]);
    expect([invoice.status, invoice.balanceMinor]).toEqual(['sent', 15_000]);
    const paid = await ok(
      b.api.takePayment({ invoiceId: invoice.id, amountMinor: 15_000, methodId: ids.method('card') }),
    );
    expect([paid.status, paid.balanceMinor]).toEqual(['paid', 0]);
    expect((await charges(ticketId)).billingStatus).toBe('invoiced');
  });

  it('covered in full by the deposit, totals 0 and stays open until a $0 payment closes it', async () => {
    const ticketId = await ticketWithCharges();
    await enable();
    await ok(b.api.takeDeposit({ ticketId, amountMinor: 20_000, methodId: ids.method('card') }));
    const invoice = await balanceInvoice(ticketId);
    expect([invoice.totalMinor, invoice.status, invoice.balanceMinor]).toEqual([0, 'sent', 0]);
    const closed = await ok(b.api.takePayment({ invoiceId: invoice.id, amountMinor: 0, methodId: ids.method('card') }));
    expect([closed.status, closed.payments.map((p) => p.amountMinor)]).toEqual(['paid', [0]]);
    expect(
      (
        await refusalOf(b, () =>
          b.api.takePayment({ invoiceId: invoice.id, amountMinor: 0, methodId: ids.method('card') }),
        )
      ).message,
    ).toBe(`${invoice.number} is already paid: nothing is owed.`);
  });

  it('takes a $0 payment only on an invoice that owes nothing, and never a negative one', async () => {
    const invoice = (lines: Array<[string, number]>) =>
      ok(
        b.api.saveInvoice({
          customerId: ids.acme,
          locationId: ids.main,
          invoiceDate: '2026-11-21',
          notes: '',
          lines: lines.map(([description, price]) => ({
            productId: null,
            description,
            qty: 1000,
            unitPriceMinor: price,
            taxable: false,
            serialIds: [],
          })),
        }),
      );
    const owing = await invoice([['Call-out', 5_000]]);
    const card = ids.method('card');
    expect(
      (await refusalOf(b, () => b.api.takePayment({ invoiceId: owing.id, amountMinor: 0, methodId: card }))).message,
    ).toBe('The amount must be above 0 (a payment of 0.00 only closes an invoice whose balance is already 0).');
    // A finalised invoice of 0 owes nothing but stays Sent until a $0 payment closes it.
    const nothing = await invoice([['Goodwill check', 0]]);
    expect([nothing.status, nothing.balanceMinor]).toEqual(['sent', 0]);
    const negative = await refusalOf(b, () =>
      tx((ctx) => payInvoice(ctx, { invoiceId: nothing.id, amountMinor: -1, methodId: card })).then((v) => ({
        ok: true as const,
        value: v,
      })),
    );
    expect(negative.message).toBe(
      'The amount must be above 0 (a payment of 0.00 only closes an invoice whose balance is already 0).',
    );
    const closed = await ok(b.api.takePayment({ invoiceId: nothing.id, amountMinor: 0, methodId: card }));
    expect(closed.status).toBe('paid');
  });
});
