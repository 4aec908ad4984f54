// Issue 12 on the invoice service: drafts that reserve units, finalising, the paid lock, the partial floor, manual
// lines and decimal quantities, tax per named rate (stored with the invoice), terms and due dates, void.
import { describe, expect, it } from 'vitest';
import type { InputOf } from '../../core/contract.ts';
import type { Invoice } from '../../core/model.ts';
import { freshDemoPerTest, refusedWithoutWrites, type Backend, type DemoIds } from '../support/backend.ts';
import { AppError } from '../../core/errors.ts';

let b: Backend;
let ids: DemoIds;
freshDemoPerTest((backend, demo) => {
  b = backend;
  ids = demo;
});

type Save = InputOf<'saveInvoice'>;
type Line = Save['lines'][number];

async function ok<T>(outcome: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>) {
  const r = await outcome;
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
/** A command refused with nothing written; its message. */
async function refusal(outcome: () => Promise<{ ok: boolean; error?: { message: string; code: string } }>) {
  const error = await refusedWithoutWrites(b, () =>
    outcome().then((r) => {
      if (r.ok) return r;
      throw new AppError(r.error!.code as never, r.error!.message);
    }),
  );
  return error.message;
}
const save = (input: Save) => ok(b.api.saveInvoice(input));
const laptop = (...serials: string[]): Line => ({
  productId: ids.laptop,
  description: 'Latitude 5440 Laptop',
  qty: serials.length * 1000,
  unitPriceMinor: 124_900,
  taxable: true,
  serialIds: serials.map(ids.serial),
});
const manual = (description: string, qty: number, unitPriceMinor: number, taxable = true): Line => ({
  productId: null,
  description,
  qty,
  unitPriceMinor,
  taxable,
  serialIds: [],
});
const invoice = (lines: Line[], extra: Partial<Save> = {}): Save => ({
  customerId: ids.acme,
  locationId: ids.main,
  invoiceDate: '2026-11-21',
  lines,
  ...extra,
});
const resend = (inv: Invoice, extra: Partial<Save> = {}): Save => ({
  id: inv.id,
  revision: inv.revision,
  customerId: inv.customerId,
  locationId: inv.locationId,
  invoiceDate: inv.invoiceDate,
  terms: inv.terms,
  dueDate: inv.dueDate,
  lines: inv.lines.map((l) => ({
    id: l.id,
    productId: l.productId,
    description: l.description,
    qty: l.qty,
    unitPriceMinor: l.unitPriceMinor,
    taxable: l.taxable,
    serialIds: l.serials.map((s) => s.id),
  })),
  ...extra,
});
const unit = (serial: string) =>
  b.one<{ status: string; customer_id: number | null; location_id: number }>(
    'SELECT status, customer_id, location_id FROM serials WHERE serial = ?',
    serial,
  );
const events = async (serial: string) =>
  (
    await b.all<{ kind: string; note: string }>(
      'SELECT e.kind, e.note FROM serial_events e JOIN serials s ON s.id = e.serial_id WHERE s.serial = ? ORDER BY e.id',
      serial,
    )
  ).map((e) => `${e.kind}: ${e.note}`);
const cashId = async () => (await b.one<{ id: number }>(`SELECT id FROM payment_methods WHERE kind = 'cash'`)).id;
const pay = async (invoiceId: number, amountMinor: number) =>
  ok(b.api.takePayment({ invoiceId, amountMinor, methodId: await cashId() }));

describe('totals and tax per named rate', () => {
  it("comes out exactly on the seed's example: 500.00 × 1 and 125.00 × 2 at 7.5 % → 750.00, 56.25, 806.25", async () => {
    const inv = await save(invoice([manual('Consulting', 1000, 50_000), manual('Setup', 2000, 12_500)]));
    expect(inv).toMatchObject({ subtotalMinor: 75_000, taxMinor: 5_625, totalMinor: 80_625, balanceMinor: 80_625 });
    expect(inv.taxes).toEqual([{ name: 'Sales tax 7.5%', rateBp: 750, taxableMinor: 75_000, taxMinor: 5_625 }]);
    expect(inv.lines.map((l) => l.taxRateName)).toEqual(['Sales tax 7.5%', 'Sales tax 7.5%']);
  });

  it('rounds half-up once per rate, and sums the rates', async () => {
    const reduced = (await b.one<{ id: number }>(`SELECT id FROM tax_rates WHERE name = 'Reduced 5%'`)).id;
    // 7.5 % of 0.30 + 0.30 = 0.045 each, 0.0450 together → 0.05 (not 0.05 + 0.05 rounded per line = 0.04 + …).
    // 5 % of 0.10 is 0.005 → 0.01 (half-up).
    const inv = await save(
      invoice([
        manual('A', 1000, 30),
        manual('B', 1000, 30),
        { ...manual('C', 1000, 10), taxRateId: reduced },
        manual('Not taxed', 1000, 999, false),
      ]),
    );
    expect(inv.taxes).toEqual([
      { name: 'Sales tax 7.5%', rateBp: 750, taxableMinor: 60, taxMinor: 5 },
      { name: 'Reduced 5%', rateBp: 500, taxableMinor: 10, taxMinor: 1 },
    ]);
    expect(inv).toMatchObject({ subtotalMinor: 1_069, taxMinor: 6, totalMinor: 1_075 });
  });

  it("keeps a saved invoice's rates when the rate is changed in settings later", async () => {
    const inv = await save(invoice([manual('Consulting', 1000, 10_000)], { draft: true }));
    await b.all(`UPDATE tax_rates SET rate_bp = 900, name = 'Sales tax 9%' WHERE is_default = 1`);
    const again = await save(resend(inv, { draft: true, notes: 'edited' }));
    expect(again.taxes).toEqual([{ name: 'Sales tax 7.5%', rateBp: 750, taxableMinor: 10_000, taxMinor: 750 }]);
    // A line added now takes today's default rate.
    const more = await save({
      ...resend(again, { draft: true }),
      lines: [...resend(again).lines, manual('More', 1000, 10_000)],
    });
    expect(more.taxes.map((t) => [t.name, t.taxMinor])).toEqual([
      ['Sales tax 7.5%', 750],
      ['Sales tax 9%', 900],
    ]);
  });

  it("takes the product's own default rate", async () => {
    const exempt = (await b.one<{ id: number }>(`SELECT id FROM tax_rates WHERE name = 'Exempt 0%'`)).id;
    await b.all('UPDATE products SET tax_rate_id = ? WHERE id = ?', exempt, ids.support);
    const inv = await save(
      invoice([
        {
          productId: ids.support,
          description: 'On-site',
          qty: 1000,
          unitPriceMinor: 9_000,
          taxable: true,
          serialIds: [],
        },
      ]),
    );
    expect(inv.lines[0]).toMatchObject({ taxRateId: exempt, taxRateName: 'Exempt 0%', taxRateBp: 0 });
    expect(inv.taxMinor).toBe(0);
  });

  it('refuses a rate archived since when it is chosen anew', async () => {
    const reduced = (await b.one<{ id: number }>(`SELECT id FROM tax_rates WHERE name = 'Reduced 5%'`)).id;
    await b.all('UPDATE tax_rates SET archived = 1 WHERE id = ?', reduced);
    expect(await refusal(() => b.api.saveInvoice(invoice([{ ...manual('A', 1000, 100), taxRateId: reduced }])))).toBe(
      'Line 1: the tax rate Reduced 5% is archived; choose another.',
    );
  });
});

describe('manual items and decimal quantities', () => {
  it('saves a manual line and decimal quantities, rounding each line total half-up', async () => {
    const inv = await save(
      invoice([
        manual('Labour (hours)', 1_500, 3_333), // 1.5 × 33.33 = 49.995 → 50.00
        {
          productId: ids.cable,
          description: 'USB-C Cable 2m',
          qty: 2_250,
          unitPriceMinor: 1_999,
          taxable: true,
          serialIds: [],
        },
      ]),
    );
    expect(inv.lines.map((l) => [l.productId, l.qty, l.lineTotalMinor])).toEqual([
      [null, 1_500, 5_000],
      [ids.cable, 2_250, 4_498], // 2.25 × 19.99 = 44.9775 → 44.98
    ]);
    // Stock is kept in thousandths: 2.25 cables left the shelf.
    expect(
      await b.one('SELECT on_hand FROM stock_levels WHERE product_id = ? AND location_id = ?', ids.cable, ids.main),
    ).toEqual({
      on_hand: 50_000 - 2_250,
    });
  });

  it('refuses a nameless manual item, serials on one, and a fraction of a serial-tracked unit', async () => {
    expect(await refusal(() => b.api.saveInvoice(invoice([manual('  ', 1000, 100)])))).toBe(
      'Line 1 is a manual item: enter its name.',
    );
    expect(
      await refusal(() =>
        b.api.saveInvoice(invoice([{ ...manual('X', 1000, 100), serialIds: [ids.serial('DL5440-0001')] }])),
      ),
    ).toBe('Line 1 is a manual item; it cannot hold serials.');
    expect(await refusal(() => b.api.saveInvoice(invoice([{ ...laptop('DL5440-0001'), qty: 1_500 }])))).toBe(
      'Line 1 (Latitude 5440 Laptop) is serial-tracked: its quantity must be a whole number.',
    );
  });
});

describe('drafts and finalising', () => {
  it('reserves a draft’s units for it; another invoice’s capture is refused naming the draft; Save sells them', async () => {
    const draft = await save(invoice([laptop('DL5440-0002')], { draft: true }));
    expect(draft.status).toBe('draft');
    expect(await unit('DL5440-0002')).toMatchObject({ status: 'reserved', customer_id: ids.acme });
    expect((await events('DL5440-0002')).at(-1)).toBe('reserved: reserved on draft INV-000001 for Acme Corp');
    // A draft takes no non-serialized stock.
    expect(await refusal(() => b.api.saveInvoice(invoice([laptop('DL5440-0002')], { customerId: ids.walkIn })))).toBe(
      'Not saved: DL5440-0002 is reserved on draft INV-000001.',
    );

    const sent = await save(resend(draft, { draft: false }));
    expect(sent.status).toBe('sent');
    expect(sent.finalizedAt).not.toBeNull();
    expect(await unit('DL5440-0002')).toMatchObject({ status: 'sold', customer_id: ids.acme });
    expect((await events('DL5440-0002')).at(-1)).toBe('sold: sold on INV-000001 to Acme Corp (draft finalised)');
    expect(await refusal(() => b.api.saveInvoice(resend(sent, { draft: true })))).toBe(
      'INV-000001 is Sent: it cannot go back to a draft. Save it instead.',
    );
  });

  it('takes non-serialized stock only once a draft is finalised (Mark sent does what Save does)', async () => {
    const cable = {
      productId: ids.cable,
      description: 'Cable',
      qty: 3_000,
      unitPriceMinor: 1_999,
      taxable: true,
      serialIds: [],
    };
    const onHand = async () =>
      (
        await b.one<{ on_hand: number }>(
          'SELECT on_hand FROM stock_levels WHERE product_id = ? AND location_id = ?',
          ids.cable,
          ids.main,
        )
      ).on_hand;
    const before = await onHand();
    const draft = await save(invoice([cable, laptop('DL5440-0001')], { draft: true }));
    expect(await onHand()).toBe(before);
    const sent = await ok(b.api.markInvoiceSent({ id: draft.id }));
    expect(sent.status).toBe('sent');
    expect(await onHand()).toBe(before - 3_000);
    expect((await unit('DL5440-0001')).status).toBe('sold');
    expect((await b.api.markInvoiceSent({ id: draft.id })).ok).toBe(false);
  });

  it('sets Viewed (through the API) only on a Sent invoice', async () => {
    const draft = await save(invoice([manual('A', 1000, 1_000)], { draft: true }));
    expect(await refusal(() => b.api.markInvoiceViewed({ id: draft.id }))).toBe(
      'INV-000001 is a draft: it has not been sent, so it cannot have been viewed.',
    );
    await ok(b.api.markInvoiceSent({ id: draft.id }));
    expect((await ok(b.api.markInvoiceViewed({ id: draft.id }))).status).toBe('viewed');
  });
});

describe('terms and due dates', () => {
  it('sets the due date from the terms, keeps an edited one, and refuses one before the invoice date', async () => {
    expect((await save(invoice([manual('A', 1000, 100)]))).dueDate).toBe('2026-11-21');
    const net30 = await save(invoice([manual('A', 1000, 100)], { terms: 'Net 30' }));
    expect(net30).toMatchObject({ terms: 'Net 30', dueDate: '2026-12-21' });
    const edited = await save(invoice([manual('A', 1000, 100)], { terms: 'Net 15', dueDate: '2026-12-01' }));
    expect(edited).toMatchObject({ terms: 'Net 15', dueDate: '2026-12-01' });
    expect(await refusal(() => b.api.saveInvoice(invoice([manual('A', 1000, 100)], { dueDate: '2026-11-20' })))).toBe(
      'The due date (2026-11-20) cannot be before the invoice date (2026-11-21).',
    );
    expect(await refusal(() => b.api.saveInvoice(invoice([manual('A', 1000, 100)], { terms: 'Net 45' })))).toBe(
      'No payment terms named “Net 45”. Choose terms in the list.',
    );
  });

  it('is overdue once the due date has passed while money is owed', async () => {
    const late = await save(invoice([manual('A', 1000, 100)], { invoiceDate: '2026-10-01', terms: 'Net 30' }));
    expect(late).toMatchObject({ dueDate: '2026-10-31', overdue: true });
    const draft = await save(invoice([manual('A', 1000, 100)], { invoiceDate: '2026-10-01', draft: true }));
    expect(draft.overdue).toBe(false);
  });
});

describe('paid and partial invoices', () => {
  it('locks a Paid invoice: any save is refused with the message', async () => {
    const inv = await save(invoice([manual('A', 1000, 10_000)]));
    const paid = await pay(inv.id, inv.totalMinor);
    expect(paid.status).toBe('paid');
    expect(await refusal(() => b.api.saveInvoice(resend(paid, { notes: 'change' })))).toBe(
      'Cannot modify paid invoice — void it instead.',
    );
  });

  it('keeps an invoice with payments on the customer who paid; store credit on void goes to the payer', async () => {
    const inv = await save(invoice([manual('A', 1000, 10_000)], { customerId: ids.walkIn }));
    const partial = await pay(inv.id, 4_000);
    expect(await refusal(() => b.api.saveInvoice(resend(partial, { customerId: ids.acme })))).toBe(
      'INV-000001 has payments from Walk-in Customer: its customer cannot change. Refund the payments first, or ' +
        'void it and make a new invoice.',
    );
    expect(await refusal(() => b.api.voidInvoice({ id: inv.id, payments: 'credit' }))).toMatch(
      /^The walk-in customer cannot hold store credit/,
    );
    const credit = async () =>
      (
        await b.one<{ n: number }>(
          'SELECT coalesce(sum(amount_minor), 0) AS n FROM store_credit WHERE customer_id = ?',
          ids.walkIn,
        )
      ).n;
    expect(await credit()).toBe(0);
  });

  it('lets a Partial invoice be edited, never below what was paid; the status follows the new total', async () => {
    const inv = await save(invoice([manual('A', 2000, 10_000, false)])); // 200.00
    const partial = await pay(inv.id, 15_000);
    expect(partial).toMatchObject({ status: 'partial', paidMinor: 15_000, balanceMinor: 5_000 });
    const lower = resend(partial);
    lower.lines[0]!.qty = 1_000; // 100.00 < 150.00 paid
    expect(await refusal(() => b.api.saveInvoice(lower))).toBe(
      'INV-000001 has $150.00 paid; this edit would make its total $100.00. An invoice cannot total less than what ' +
        'was paid: refund part of the payment first.',
    );
    const exact = resend(partial);
    exact.lines[0]!.qty = 1_500; // 150.00 = paid → Paid
    expect(await save(exact)).toMatchObject({ status: 'paid', balanceMinor: 0 });
  });
});

describe('void', () => {
  it('voids: units back in stock with an event, stock returned, the number kept and its units still shown', async () => {
    const cable = {
      productId: ids.cable,
      description: 'Cable',
      qty: 2_000,
      unitPriceMinor: 1_999,
      taxable: true,
      serialIds: [],
    };
    const onHand = async () =>
      (
        await b.one<{ on_hand: number }>(
          'SELECT on_hand FROM stock_levels WHERE product_id = ? AND location_id = ?',
          ids.cable,
          ids.main,
        )
      ).on_hand;
    const before = await onHand();
    const inv = await save(invoice([laptop('DL5440-0001'), cable]));
    expect(await onHand()).toBe(before - 2_000);
    const voided = await ok(b.api.voidInvoice({ id: inv.id, revision: inv.revision }));
    expect(voided).toMatchObject({ number: 'INV-000001', status: 'void' });
    expect(voided.lines[0]!.serials.map((s) => s.serial)).toEqual(['DL5440-0001']);
    expect(await unit('DL5440-0001')).toMatchObject({ status: 'in_stock', customer_id: null, location_id: ids.main });
    expect((await events('DL5440-0001')).at(-1)).toBe('voided: INV-000001 voided; back in stock at Main Store');
    expect(await onHand()).toBe(before);
    // Numbers stay gap-free; the unit can be sold again.
    expect((await save(invoice([laptop('DL5440-0001')]))).number).toBe('INV-000002');
    expect(await refusal(() => b.api.voidInvoice({ id: inv.id }))).toBe('INV-000001 is already void.');
    expect(await refusal(() => b.api.saveInvoice(resend(voided)))).toBe('INV-000001 is void and cannot be edited.');
  });

  it('requires a choice for payments: refund them, or keep them as store credit', async () => {
    const inv = await save(invoice([laptop('DL5440-0003')]));
    await pay(inv.id, 50_000);
    expect(await refusal(() => b.api.voidInvoice({ id: inv.id }))).toBe(
      'INV-000001 has $500.00 paid: choose to refund the payments or keep them as store credit. It was not voided.',
    );
    const voided = await ok(b.api.voidInvoice({ id: inv.id, payments: 'credit' }));
    expect(voided).toMatchObject({ status: 'void', paidMinor: 0, customerCreditMinor: 50_000 });
    expect((await unit('DL5440-0003')).status).toBe('in_stock');

    const second = await save(invoice([laptop('DL5440-0003')]));
    await pay(second.id, 20_000);
    const refunded = await ok(
      b.api.voidInvoice({ id: second.id, payments: 'refund', methodId: await cashId(), reference: 'till 1' }),
    );
    expect(refunded.payments[0]).toMatchObject({ amountMinor: 20_000, refundedMinor: 20_000 });
    expect(refunded.payments[0]!.refunds[0]).toMatchObject({
      methodName: 'Cash',
      reference: 'till 1',
      toCredit: false,
    });
    expect(refunded.customerCreditMinor).toBe(50_000);
  });

  it('voids a draft: its reserved units go back in stock', async () => {
    const draft = await save(invoice([laptop('DL5440-0002')], { draft: true }));
    await ok(b.api.voidInvoice({ id: draft.id }));
    expect(await unit('DL5440-0002')).toMatchObject({ status: 'in_stock', customer_id: null });
  });
});
