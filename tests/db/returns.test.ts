// Returns through the contract on a real store: finding the sale (SN:, number, barcode), each disposition with its unit
// status and history, gap-free credit note numbers, refusals (a unit not on the sale, twice, too much) that write
// nothing, partial quantities back on hand, refunds to the sale's tenders or to store credit, the invoice's balance
// and status after, and the return window's manager approval.
import { describe, expect, it } from 'vitest';
import type { InputOf } from '../../core/contract.ts';
import { AppError, type ErrorCode } from '../../core/errors.ts';
import type { Invoice, ReturnResult, StaffRef } from '../../core/model.ts';
import { TEST_ADMIN, freshDemoPerTest, refusedWithoutWrites, type Backend, type DemoIds } from '../support/backend.ts';

let b: Backend;
let ids: DemoIds;
freshDemoPerTest((backend, demo) => {
  b = backend;
  ids = demo;
});

type Outcome<T> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string } };

async function ok<T>(outcome: Promise<Outcome<T>>): Promise<T> {
  const r = await outcome;
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
/** A command refused with nothing written (no credit note, no number used): its code and message. */
async function refusal<T>(outcome: () => Promise<Outcome<T>>): Promise<{ code: ErrorCode; message: string }> {
  const notes = await creditNoteCount();
  const error = await refusedWithoutWrites(b, () =>
    outcome().then((r) => {
      if (r.ok) return r;
      throw new AppError(r.error.code, r.error.message);
    }),
  );
  expect(await creditNoteCount()).toEqual(notes);
  return { code: error.code, message: error.message };
}
const creditNoteCount = () =>
  b.one<{ notes: number; lines: number; units: number }>(
    `SELECT (SELECT count(*) FROM credit_notes) AS notes, (SELECT count(*) FROM credit_note_lines) AS lines,
            (SELECT count(*) FROM credit_note_units) AS units`,
  );

/** The demo's payment method ids by kind (read with the demo's other ids). */
const method = (kind: string) => ids.method(kind);
const cash = (amountMinor: number) => ({ methodId: method('cash'), amountMinor });
const card = (amountMinor: number) => ({ methodId: method('card'), amountMinor });

type Line = InputOf<'saveInvoice'>['lines'][number];
const laptop = (...serials: string[]): Line => ({
  productId: ids.laptop,
  description: 'Latitude 5440 Laptop',
  qty: serials.length * 1000,
  unitPriceMinor: 124_900,
  taxable: true,
  serialIds: serials.map((s) => ids.serial(s)),
});
const cables = (qty: number): Line => ({
  productId: ids.cable,
  description: 'USB-C Cable 2m',
  qty,
  unitPriceMinor: 1_999,
  taxable: true,
  serialIds: [],
});

/** A counter sale (till opened first), paid by the tenders given. */
async function counterSale(
  lines: Line[],
  tenders: Array<{ methodId: number; amountMinor: number }>,
  customerId = ids.walkIn,
): Promise<Invoice> {
  if ((await b.one<{ n: number }>('SELECT count(*) AS n FROM till_sessions WHERE closed_at IS NULL')).n === 0) {
    await ok(b.api.openTill({ floatMinor: 10_000 }));
  }
  const sale = { customerId, locationId: ids.main, invoiceDate: '2026-11-21', lines };
  return (await ok(b.api.completeSale({ sale, tenders }))).invoice;
}
/** The laptop DL5440-0001 and three cables: 1,249.00 + 59.97 + 7.5 % tax (98.17) = 1,407.14. */
const SALE_TOTAL = 140_714;
const laptopSale = (tenders = [cash(150_000)]) => counterSale([laptop('DL5440-0001'), cables(3000)], tenders);

/** A back-office invoice (Sent, unpaid) to Acme. */
const backOffice = (lines: Line[], invoiceDate = '2026-11-21') =>
  ok(b.api.saveInvoice({ customerId: ids.acme, locationId: ids.main, invoiceDate, lines }));

type ReturnLine = InputOf<'completeReturn'>['lines'][number];
const lineOf = (inv: Invoice, productId: number) => inv.lines.find((l) => l.productId === productId)!.id;
const unitsBack = (inv: Invoice, disposition: 'stock' | 'rma' | 'scrap', ...serials: string[]): ReturnLine => ({
  invoiceLineId: lineOf(inv, ids.laptop),
  qty: serials.length * 1000,
  units: serials.map((s) => ({ serialId: ids.serial(s), disposition })),
});
const cablesBack = (inv: Invoice, qty: number, disposition: 'stock' | 'rma' | 'scrap' = 'stock'): ReturnLine => ({
  invoiceLineId: lineOf(inv, ids.cable),
  qty,
  disposition,
});
const giveBack = (
  inv: Invoice,
  lines: ReturnLine[],
  extra: Partial<InputOf<'completeReturn'>> = {},
): Promise<Outcome<ReturnResult>> =>
  b.api.completeReturn({ invoiceId: inv.id, lines, refundTo: 'tenders', reason: 'Changed mind', ...extra });

const unit = (serial: string) =>
  b.one<{ status: string; location_id: number; customer_id: number | null }>(
    'SELECT status, location_id, customer_id FROM serials WHERE serial = ?',
    serial,
  );
const lastEvent = (serial: string) =>
  b.one<Record<string, unknown>>(
    `SELECT e.kind, e.note, e.invoice_id, e.credit_note_id, e.location_id, e.actor FROM serial_events e
     JOIN serials s ON s.id = e.serial_id WHERE s.serial = ? ORDER BY e.id DESC LIMIT 1`,
    serial,
  );
const cableOnHand = async () =>
  (
    await b.one<{ on_hand: number }>(
      'SELECT on_hand FROM stock_levels WHERE product_id = ? AND location_id = ?',
      ids.cable,
      ids.main,
    )
  ).on_hand;
const refunds = () =>
  b.all<{ method: string; amount_minor: number; payment_id: number; credit_note_id: number; till_session_id: number }>(
    `SELECT m.kind AS method, r.amount_minor, r.payment_id, r.credit_note_id, r.till_session_id
     FROM refunds r JOIN payment_methods m ON m.id = r.method_id ORDER BY r.id`,
  );
const invoiceRow = (id: number) =>
  b.one<{ status: string; paid_minor: number; credited_minor: number; balance_minor: number }>(
    'SELECT status, paid_minor, credited_minor, balance_minor FROM invoices WHERE id = ?',
    id,
  );

describe('finding the sale', () => {
  it('finds it by SN: of a sold unit, by its number in any case and by the receipt barcode', async () => {
    const inv = await laptopSale();
    const bySerial = await ok(b.api.findSale({ code: 'SN:dl5440-0001' }));
    expect(bySerial).toMatchObject({
      invoiceId: inv.id,
      number: inv.number,
      status: 'paid',
      customerIsWalkIn: true,
      daysSinceSale: 0,
      returnWindowDays: 30,
      scannedSerialId: ids.serial('DL5440-0001'),
      paidMinor: SALE_TOTAL,
      balanceMinor: 0,
    });
    expect(bySerial.lines).toEqual([
      expect.objectContaining({
        description: 'Latitude 5440 Laptop',
        serialized: true,
        qty: 1000,
        returnedQty: 0,
        unitNetMinor: 124_900,
        units: [{ serialId: ids.serial('DL5440-0001'), serial: 'DL5440-0001', returned: false }],
      }),
      expect.objectContaining({ description: 'USB-C Cable 2m', movesStock: true, qty: 3000, unitNetMinor: 1_999 }),
    ]);
    expect(bySerial.tenders).toEqual([
      expect.objectContaining({ methodKind: 'cash', paidMinor: SALE_TOTAL, refundableMinor: SALE_TOTAL }),
    ]);
    expect((await ok(b.api.findSale({ code: inv.number.toLowerCase() }))).invoiceId).toBe(inv.id);
    const receipt = await ok(b.api.saleReceipt({ invoiceId: inv.id }));
    const byBarcode = await ok(b.api.findSale({ code: receipt.barcode }));
    expect(byBarcode).toMatchObject({ invoiceId: inv.id, scannedSerialId: null });
  });

  it('says why a code finds nothing to return: a unit in stock, a draft, a void invoice, an unknown number', async () => {
    const noSale = (code: string) =>
      b.api.findSale({ code }).then((r) => (r.ok ? 'found' : `${r.error.code}: ${r.error.message}`));
    expect(await noSale('SN:DL5440-0002')).toBe('conflict: DL5440-0002 is in stock: it was not sold.');
    expect(await noSale('SN:NOPE-1')).toBe('not_found: No unit with serial NOPE-1.');
    expect(await noSale('INV-999999')).toBe(
      'not_found: No sale numbered INV-999999: scan the receipt’s barcode, type the invoice number, or scan SN: of a ' +
        'unit it sold.',
    );
    const draft = await ok(
      b.api.saveInvoice({
        draft: true,
        customerId: ids.acme,
        locationId: ids.main,
        invoiceDate: '2026-11-21',
        lines: [laptop('DL5440-0003')],
      }),
    );
    expect(await noSale('SN:DL5440-0003')).toBe(
      `conflict: DL5440-0003 is reserved on draft ${draft.number}: it was not sold.`,
    );
    expect(await noSale(draft.number)).toBe(
      `conflict: ${draft.number} is a draft: nothing on it was sold, so nothing can be returned.`,
    );
    const voided = await backOffice([cables(1000)]);
    await ok(b.api.voidInvoice({ id: voided.id }));
    expect(await noSale(voided.number)).toBe(
      `conflict: ${voided.number} is void: its units and payments were given back when it was voided.`,
    );
  });
});

describe('dispositions', () => {
  it('puts a unit back in stock at the sale’s location, free to sell again, with the credit note in its history', async () => {
    const inv = await laptopSale();
    const till = (await b.one<{ id: number }>('SELECT id FROM till_sessions')).id;
    const { creditNote, receipt } = await ok(giveBack(inv, [unitsBack(inv, 'stock', 'DL5440-0001')]));
    expect(creditNote).toMatchObject({
      number: 'CN-000001',
      invoiceId: inv.id,
      invoiceNumber: inv.number,
      refundTo: 'tenders',
      reason: 'Changed mind',
      actor: 'test',
      approvedBy: null,
      subtotalMinor: 124_900,
      taxMinor: 9_368,
      totalMinor: 134_268,
      refunds: [{ methodName: 'Cash', amountMinor: 134_268 }],
    });
    expect(creditNote.lines).toEqual([
      expect.objectContaining({
        qty: 1000,
        amountMinor: 124_900,
        taxMinor: 9_368,
        disposition: null,
        units: [{ serialId: ids.serial('DL5440-0001'), serial: 'DL5440-0001', disposition: 'stock' }],
      }),
    ]);
    expect(receipt).toMatchObject({ kind: 'refund', number: 'CN-000001', originalNumber: inv.number });
    expect(await unit('DL5440-0001')).toEqual({ status: 'in_stock', location_id: ids.main, customer_id: null });
    expect(await lastEvent('DL5440-0001')).toEqual({
      kind: 'returned',
      note: `returned on CN-000001 from ${inv.number} — back to stock`,
      invoice_id: inv.id,
      credit_note_id: creditNote.id,
      location_id: ids.main,
      actor: 'test',
    });
    expect(await refunds()).toEqual([
      { method: 'cash', amount_minor: 134_268, payment_id: 1, credit_note_id: creditNote.id, till_session_id: till },
    ]);
    const history = await ok(b.api.serialHistory({ id: ids.serial('DL5440-0001') }));
    expect(history.events.at(-1)).toMatchObject({
      kind: 'returned',
      creditNote: { id: creditNote.id, number: 'CN-000001' },
      invoice: { id: inv.id, number: inv.number },
    });
    // The invoice keeps the unit in its lines (what was sold), and the unit sells again.
    expect((await ok(b.api.getInvoice({ id: inv.id }))).lines[0]!.serials.map((s) => s.serial)).toEqual([
      'DL5440-0001',
    ]);
    const again = await counterSale([laptop('DL5440-0001')], [cash(134_268)]);
    expect(again.status).toBe('paid');
    expect((await unit('DL5440-0001')).status).toBe('sold');
    expect((await ok(b.api.findSale({ code: 'SN:DL5440-0001' }))).invoiceId).toBe(again.id);
  });

  it('marks a faulty unit RMA and a scrapped one Scrapped, each with its own note', async () => {
    const inv = await counterSale([laptop('DL5440-0001', 'DL5440-0002')], [cash(268_535)]);
    const line = lineOf(inv, ids.laptop);
    const { creditNote } = await ok(
      giveBack(inv, [
        {
          invoiceLineId: line,
          qty: 2000,
          units: [
            { serialId: ids.serial('DL5440-0001'), disposition: 'rma' },
            { serialId: ids.serial('DL5440-0002'), disposition: 'scrap' },
          ],
        },
      ]),
    );
    expect(await unit('DL5440-0001')).toEqual({ status: 'rma', location_id: ids.main, customer_id: null });
    expect(await unit('DL5440-0002')).toEqual({ status: 'scrapped', location_id: ids.main, customer_id: null });
    expect((await lastEvent('DL5440-0001')).note).toBe(
      `returned on CN-000001 from ${inv.number} — faulty, return to vendor`,
    );
    expect((await lastEvent('DL5440-0002')).note).toBe(`returned on CN-000001 from ${inv.number} — scrapped`);
    expect(await b.all('SELECT serial_id, disposition FROM credit_note_units ORDER BY serial_id')).toEqual([
      { serial_id: ids.serial('DL5440-0001'), disposition: 'rma' },
      { serial_id: ids.serial('DL5440-0002'), disposition: 'scrap' },
    ]);
    expect(creditNote.totalMinor).toBe(268_535);
    expect(await invoiceRow(inv.id)).toEqual({
      status: 'paid',
      paid_minor: 268_535,
      credited_minor: 268_535,
      balance_minor: 0,
    });
  });

  it('puts part of a cable line back on hand; faulty cables do not come back on hand', async () => {
    const inv = await counterSale([cables(3000)], [cash(6_447)]);
    const onHand = await cableOnHand();
    const first = await ok(giveBack(inv, [cablesBack(inv, 2000)]));
    expect(await cableOnHand()).toBe(onHand + 2000);
    expect(first.creditNote.lines).toEqual([
      expect.objectContaining({ qty: 2000, amountMinor: 3_998, taxMinor: 300, disposition: 'stock', units: [] }),
    ]);
    expect(await refusal(() => giveBack(inv, [cablesBack(inv, 2000)]))).toEqual({
      code: 'invalid_input',
      message: `Only 1 of USB-C Cable 2m is left to return on ${inv.number} (3 sold, 2 returned); this return asks for 2.`,
    });
    const last = await ok(giveBack(inv, [cablesBack(inv, 1000, 'rma')]));
    expect(await cableOnHand()).toBe(onHand + 2000);
    // Everything returned credits the invoice's total exactly (the last cable takes the rounding).
    expect(first.creditNote.totalMinor + last.creditNote.totalMinor).toBe(6_447);
    expect(last.creditNote.lines[0]).toMatchObject({ amountMinor: 1_999, disposition: 'rma' });
    expect(await refusal(() => giveBack(inv, [cablesBack(inv, 1000)]))).toEqual({
      code: 'invalid_input',
      message: `USB-C Cable 2m was already returned in full on ${inv.number}.`,
    });
  });
});

describe('credit note numbers and refusals', () => {
  it('numbers credit notes CN-000001, CN-000002 with no gap: a refused return uses no number', async () => {
    const inv = await laptopSale();
    expect((await ok(giveBack(inv, [unitsBack(inv, 'stock', 'DL5440-0001')]))).creditNote.number).toBe('CN-000001');
    expect(await refusal(() => giveBack(inv, [unitsBack(inv, 'stock', 'DL5440-0001')]))).toEqual({
      code: 'serial_unavailable',
      message: 'DL5440-0001 was already returned on CN-000001.',
    });
    expect((await ok(giveBack(inv, [cablesBack(inv, 1000)]))).creditNote.number).toBe('CN-000002');
    expect(await b.all('SELECT number, invoice_id FROM credit_notes ORDER BY id')).toEqual([
      { number: 'CN-000001', invoice_id: inv.id },
      { number: 'CN-000002', invoice_id: inv.id },
    ]);
  });

  it('refuses a unit that is not on the sale, and a serial-tracked line without its units', async () => {
    const inv = await laptopSale();
    expect(await refusal(() => giveBack(inv, [unitsBack(inv, 'stock', 'DL5440-0002')]))).toEqual({
      code: 'serial_unavailable',
      message: `DL5440-0002 is not on ${inv.number}.`,
    });
    expect(
      await refusal(() => giveBack(inv, [{ invoiceLineId: lineOf(inv, ids.laptop), qty: 1000, disposition: 'stock' }])),
    ).toEqual({
      code: 'invalid_input',
      message: 'Pick the 1 unit of Latitude 5440 Laptop being returned: 0 picked.',
    });
    const twice = { serialId: ids.serial('DL5440-0001'), disposition: 'stock' as const };
    expect(
      await refusal(() =>
        giveBack(inv, [{ invoiceLineId: lineOf(inv, ids.laptop), qty: 1000, units: [twice, twice] }]),
      ),
    ).toEqual({ code: 'invalid_input', message: 'DL5440-0001 is picked twice: a unit comes back once.' });
    expect((await unit('DL5440-0001')).status).toBe('sold');
  });
});

describe('money', () => {
  it('refunds card first then cash, each at most what it paid', async () => {
    const inv = await laptopSale([card(100_000), cash(50_000)]);
    await ok(giveBack(inv, [unitsBack(inv, 'stock', 'DL5440-0001')]));
    expect((await refunds()).map((r) => [r.method, r.amount_minor])).toEqual([
      ['card', 100_000],
      ['cash', 34_268],
    ]);
    const left = await ok(b.api.findSale({ code: inv.number }));
    expect(left.tenders.map((t) => [t.methodKind, t.refundableMinor])).toEqual([
      ['card', 0],
      ['cash', 6_446],
    ]);
    await ok(giveBack(inv, [cablesBack(inv, 3000)]));
    expect((await refunds()).map((r) => [r.method, r.amount_minor])).toEqual([
      ['card', 100_000],
      ['cash', 34_268],
      ['cash', 6_446],
    ]);
    expect(await invoiceRow(inv.id)).toEqual({
      status: 'paid',
      paid_minor: SALE_TOTAL,
      credited_minor: SALE_TOTAL,
      balance_minor: 0,
    });
  });

  it('credits a discounted sale exactly: returned in three parts, the credit notes add up to its total', async () => {
    const sale = {
      customerId: ids.walkIn,
      locationId: ids.main,
      invoiceDate: '2026-11-21',
      lines: [
        { ...laptop('DL5440-0001', 'DL5440-0002'), discount: { kind: 'percent' as const, value: 500, reason: 'Pair' } },
        cables(3000),
      ],
      discount: { kind: 'amount' as const, value: 1_001, reason: 'Loyal' },
    };
    await ok(b.api.openTill({ floatMinor: 0 }));
    const inv = (await ok(b.api.completeSale({ sale, tenders: [cash(300_000)] }))).invoice;
    const found = await ok(b.api.findSale({ code: inv.number }));
    const totals = [
      await ok(giveBack(inv, [unitsBack(inv, 'stock', 'DL5440-0001'), cablesBack(inv, 1000)])),
      await ok(giveBack(inv, [cablesBack(inv, 2000)])),
      await ok(giveBack(inv, [unitsBack(inv, 'scrap', 'DL5440-0002')])),
    ].map((r) => r.creditNote.totalMinor);
    expect(totals.reduce((a, n) => a + n, 0)).toBe(inv.totalMinor);
    expect(found.lines.reduce((a, l) => a + l.netMinor, 0)).toBe(inv.subtotalMinor - inv.discount!.minor);
    expect(await b.one('SELECT sum(tax_minor) AS tax FROM credit_notes')).toEqual({ tax: inv.taxMinor });
    expect((await refunds()).reduce((a, r) => a + r.amount_minor, 0)).toBe(inv.totalMinor);
    expect(await invoiceRow(inv.id)).toMatchObject({
      status: 'paid',
      credited_minor: inv.totalMinor,
      balance_minor: 0,
    });
  });

  it('gives store credit to a named customer, and refuses it for the walk-in customer', async () => {
    const acme = await counterSale([cables(3000)], [card(6_447)], ids.acme);
    const { creditNote } = await ok(giveBack(acme, [cablesBack(acme, 1000)], { refundTo: 'credit' }));
    expect(creditNote).toMatchObject({ refundTo: 'credit', totalMinor: 2_149 });
    expect(
      await b.all(
        'SELECT kind, amount_minor, credit_note_id, customer_id FROM store_credit WHERE credit_note_id IS NOT NULL',
      ),
    ).toEqual([{ kind: 'refund', amount_minor: 2_149, credit_note_id: creditNote.id, customer_id: ids.acme }]);
    expect((await ok(b.api.getCustomerAccount({ id: ids.acme }))).creditMinor).toBe(2_149);
    expect(creditNote.refunds).toEqual([{ methodName: 'Store credit', amountMinor: 2_149 }]);

    const walkIn = await laptopSale();
    expect(await refusal(() => giveBack(walkIn, [cablesBack(walkIn, 1000)], { refundTo: 'credit' }))).toEqual({
      code: 'conflict',
      message: 'The walk-in customer cannot hold store credit: refund $21.49 to the original tenders instead.',
    });
  });

  it('lowers what an unpaid invoice owes first, and refunds only what was paid beyond it', async () => {
    const inv = await backOffice([laptop('DL5440-0002'), cables(1000)]);
    expect(inv.totalMinor).toBe(136_416);
    const first = await ok(giveBack(inv, [cablesBack(inv, 1000)], { refundTo: 'balance' }));
    expect(first.creditNote).toMatchObject({ refundTo: 'balance', totalMinor: 2_149, refunds: [] });
    expect(await invoiceRow(inv.id)).toEqual({
      status: 'partial',
      paid_minor: 2_149,
      credited_minor: 2_149,
      balance_minor: 134_267,
    });
    const read = await ok(b.api.getInvoice({ id: inv.id }));
    expect(read).toMatchObject({ paidMinor: 0, creditedMinor: 2_149, balanceMinor: 134_267 });
    expect(read.creditNotes).toEqual([expect.objectContaining({ number: 'CN-000001', totalMinor: 2_149 })]);

    await ok(b.api.takePayment({ invoiceId: inv.id, amountMinor: 50_000, methodId: method('card') }));
    // What it owes (84,267) is credited first; the 50,000 paid beyond goes back to the card.
    expect(
      await refusal(() => giveBack(inv, [unitsBack(inv, 'stock', 'DL5440-0002')], { refundTo: 'balance' })),
    ).toEqual({
      code: 'invalid_input',
      message: `This return is $1,342.67, more than the $842.67 ${inv.number} still owes: refund $500.00 to the original tenders or to store credit.`,
    });
    const second = await ok(giveBack(inv, [unitsBack(inv, 'stock', 'DL5440-0002')]));
    expect(second.creditNote).toMatchObject({ refundTo: 'tenders', totalMinor: 134_267 });
    expect((await refunds()).map((r) => [r.method, r.amount_minor, r.till_session_id])).toEqual([
      ['card', 50_000, null],
    ]);
    expect(await invoiceRow(inv.id)).toEqual({
      status: 'paid',
      paid_minor: 136_416,
      credited_minor: 136_416,
      balance_minor: 0,
    });
  });

  it('keeps a returned invoice as it is: an edit and a void are refused', async () => {
    const inv = await backOffice([laptop('DL5440-0002'), cables(1000)]);
    await ok(giveBack(inv, [cablesBack(inv, 1000)], { refundTo: 'balance' }));
    const read = await ok(b.api.getInvoice({ id: inv.id }));
    const edit = {
      id: inv.id,
      customerId: ids.acme,
      locationId: ids.main,
      invoiceDate: '2026-11-21',
      lines: read.lines.map((l) => ({ ...laptop('DL5440-0002'), id: l.id })).slice(0, 1),
    };
    expect(await refusal(() => b.api.saveInvoice(edit))).toEqual({
      code: 'conflict',
      message: `${inv.number} has a return (CN-000001): it cannot be edited.`,
    });
    expect(await refusal(() => b.api.voidInvoice({ id: inv.id }))).toEqual({
      code: 'conflict',
      message: `${inv.number} has a return (CN-000001): it cannot be voided; return what is left instead.`,
    });
  });

  it('needs an open till to give cash back', async () => {
    const inv = await backOffice([cables(1000)]);
    await ok(b.api.takePayment({ invoiceId: inv.id, amountMinor: 2_149, methodId: method('cash') }));
    expect(await refusal(() => giveBack(inv, [cablesBack(inv, 1000)]))).toEqual({
      code: 'conflict',
      message: 'Open the till before giving cash back: Till → Open till. Nothing was returned.',
    });
  });

  it('refuses cash back above the cash the till holds, with the numbers; up to it is paid out', async () => {
    // Float 100.00 + one cable 21.49 in cash, then 120.00 dropped to the bank: the till holds 1.49.
    const inv = await counterSale([cables(1000)], [cash(2_149)]);
    await ok(b.api.tillCash({ kind: 'cash_out', amountMinor: 12_000, reason: 'Bank drop' }));
    expect(await refusal(() => giveBack(inv, [cablesBack(inv, 1000)]))).toEqual({
      code: 'conflict',
      message:
        'The till holds $1.49 in cash; a cash refund of $21.49 is more than that. Refund to another method or add ' +
        'cash first.',
    });
    await ok(b.api.tillCash({ kind: 'cash_in', amountMinor: 2_000, reason: 'Change' }));
    await ok(giveBack(inv, [cablesBack(inv, 1000)]));
    expect((await ok(b.api.currentTill({})))!.expectedCashMinor).toBe(0);
  });
});

describe('the return window', () => {
  it('needs a manager for a cashier beyond the window, and records who approved', async () => {
    const inv = await backOffice([cables(2000)], '2026-10-07');
    // The demo staff: Morgan Manager (PIN 2222) approves for Casey Cashier.
    const cashier = await b.one<StaffRef>(`SELECT id, name, role FROM staff WHERE name = 'Casey Cashier'`);
    b.ctx.session = { staff: cashier };
    const sale = await ok(b.api.findSale({ code: inv.number }));
    expect(sale).toMatchObject({ daysSinceSale: 45, returnWindowDays: 30 });

    expect(await refusal(() => giveBack(inv, [cablesBack(inv, 1000)], { refundTo: 'balance' }))).toEqual({
      code: 'needs_approval',
      message: 'Needs a manager: a return after 45 days (window 30 days).',
    });
    const { creditNote } = await ok(
      giveBack(inv, [cablesBack(inv, 1000)], { refundTo: 'balance', approvalPin: '2222' }),
    );
    expect(creditNote).toMatchObject({ number: 'CN-000001', actor: 'Casey Cashier', approvedBy: 'Morgan Manager' });

    // Within a longer window the cashier returns alone.
    b.ctx.session = { staff: TEST_ADMIN };
    await ok(b.api.saveCounterSettings({ ...(await ok(b.api.getCounterSettings({}))), returnWindowDays: 60 }));
    b.ctx.session = { staff: cashier };
    const alone = await ok(giveBack(inv, [cablesBack(inv, 1000)], { refundTo: 'balance' }));
    expect(alone.creditNote).toMatchObject({ number: 'CN-000002', approvedBy: null });
  });
});
