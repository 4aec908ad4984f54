// Tills on a real store, through the contract: sales completed at the counter, cash in and out, a no-sale drawer
// opening, and the X and Z reports they make (expected cash, over/short, tenders, discounts, tax per rate), the Z
// numbering, one open session per register, the cash-out limit and the manager's approval for the drawer.
import { afterEach, describe, expect, it } from 'vitest';
import type { InputOf } from '../../core/contract.ts';
import { AppError, type ErrorCode } from '../../core/errors.ts';
import type { SaleResult, StaffRef, TillSession } from '../../core/model.ts';
import { currentTillId, requireOpenTill } from '../../db/services/tills.ts';
import {
  demoIds,
  freshBackend,
  okValue,
  refusedWithoutWrites,
  serviceCtx,
  type Backend,
  type CallOutcome,
} from '../support/backend.ts';

let b: Backend;
let ids: ReturnType<typeof demoIds>;
async function store(staff?: StaffRef): Promise<void> {
  b = await freshBackend(staff === undefined ? {} : { staff });
  ids = demoIds(b);
}
afterEach(() => b.close());

type Outcome<T> = CallOutcome<T>;
const ok = okValue;
/** Refused with nothing written (till tables included): its code and message. */
async function refusal<T>(outcome: () => Promise<Outcome<T>>): Promise<{ code: ErrorCode; message: string }> {
  const tills = async () => [
    await b.all('SELECT * FROM till_sessions ORDER BY id'),
    await b.all('SELECT * FROM till_movements ORDER BY id'),
  ];
  const before = await tills();
  const error = await refusedWithoutWrites(b, () =>
    outcome().then((r) => {
      if (r.ok) return r;
      throw new AppError(r.error.code, r.error.message);
    }),
  );
  expect(await tills()).toEqual(before);
  return { code: error.code, message: error.message };
}

/** The demo's payment method ids by kind (read with the demo's other ids). */
const method = (kind: string) => ids.method(kind);

type Line = InputOf<'completeSale'>['sale']['lines'][number];
const laptopLine = (serial: string): Line => ({
  productId: ids.laptop,
  description: 'Latitude 5440 Laptop',
  qty: 1000,
  unitPriceMinor: 124_900,
  taxable: true,
  serialIds: [ids.serial(serial)],
});
const cableLine = (qty = 1000, discount: Line['discount'] = null): Line => ({
  productId: ids.cable,
  description: 'USB-C Cable 2m',
  qty,
  unitPriceMinor: 1_999,
  taxable: true,
  serialIds: [],
  discount,
});

function sell(lines: Line[], tenders: InputOf<'completeSale'>['tenders']): Promise<SaleResult> {
  return ok(
    b.api.completeSale({
      sale: { customerId: ids.walkIn, locationId: ids.main, invoiceDate: '2026-11-21', lines },
      tenders,
    }),
  );
}
const open = (floatMinor: number): Promise<TillSession> => ok(b.api.openTill({ floatMinor }));

describe('till totals', () => {
  it('adds up sales, tenders, cash in and out, discounts and tax; the Z report shows over/short', async () => {
    await store();
    const session = await open(10_000);
    expect(session).toMatchObject({ register: 'Main', openedBy: 'test', openingFloatMinor: 10_000 });
    expect(session.expectedCashMinor).toBe(10_000);

    // Laptop + cable: 1,268.99 + 7.5% tax (95.17) = 1,364.16, paid with 1,400.00 cash: 35.84 change.
    const first = await sell(
      [laptopLine('DL5440-0001'), cableLine()],
      [{ methodId: method('cash'), amountMinor: 140_000, reference: '' }],
    );
    expect(first.changeMinor).toBe(3_584);
    expect(first.invoice.tillSessionId).toBe(session.id);
    // Two cables at 10% off (39.98 - 4.00 = 35.98, tax 2.70: 38.68): 20.00 by card, the rest cash.
    await sell(
      [cableLine(2000, { kind: 'percent', value: 1000, reason: 'Bundle' })],
      [
        { methodId: method('card'), amountMinor: 2_000, reference: 'auth 7781' },
        { methodId: method('cash'), amountMinor: 2_000, reference: '' },
      ],
    );
    await ok(b.api.tillCash({ kind: 'cash_in', amountMinor: 2_000, reason: 'Change from the bank' }));
    const afterOut = await ok(b.api.tillCash({ kind: 'cash_out', amountMinor: 5_000, reason: 'Window cleaner' }));
    // 100.00 + 1,364.16 + 18.68 + 20.00 - 50.00
    expect(afterOut.expectedCashMinor).toBe(145_284);
    expect(afterOut.movements.map((m) => [m.kind, m.amountMinor, m.reason, m.actor])).toEqual([
      ['cash_in', 2_000, 'Change from the bank', 'test'],
      ['cash_out', 5_000, 'Window cleaner', 'test'],
    ]);

    const x = await ok(b.api.tillReport({ id: session.id }));
    expect(x).toMatchObject({
      kind: 'X',
      salesCount: 2,
      salesMinor: 136_416 + 3_868,
      discountsMinor: 400,
      cashInMinor: 2_000,
      cashOutMinor: 5_000,
      noSaleCount: 0,
      refundsCount: 0,
      expectedCashMinor: 145_284,
      countedCashMinor: null,
      overShortMinor: null,
    });
    expect(x.tenders).toEqual([
      { methodName: 'Cash', methodKind: 'cash', takenMinor: 136_416 + 1_868, refundedMinor: 0 },
      { methodName: 'Credit Card', methodKind: 'card', takenMinor: 2_000, refundedMinor: 0 },
    ]);
    expect(x.taxes).toEqual([
      { name: 'Sales tax 7.5%', rateBp: 750, taxableMinor: 126_899 + 3_598, taxMinor: 9_517 + 270 },
    ]);

    // Counted by denomination: 14 × 100 + 2 × 20 + 12 × 1 + 3 × 0.25 = 1,452.75, 0.09 short.
    const z = await ok(
      b.api.closeTill({
        id: session.id,
        denominations: [
          { valueMinor: 10_000, count: 14 },
          { valueMinor: 2_000, count: 2 },
          { valueMinor: 100, count: 12 },
          { valueMinor: 25, count: 3 },
          { valueMinor: 5, count: 0 },
        ],
      }),
    );
    expect(z).toMatchObject({ kind: 'Z', countedCashMinor: 145_275, expectedCashMinor: 145_284, overShortMinor: -9 });
    expect(z.session).toMatchObject({ zNumber: 'Z-000001', closedBy: 'test' });
    expect(z.denominations).toEqual([
      { valueMinor: 10_000, count: 14 },
      { valueMinor: 2_000, count: 2 },
      { valueMinor: 100, count: 12 },
      { valueMinor: 25, count: 3 },
    ]);
    // The Z report reads the same later, and the session is no longer current.
    expect(await ok(b.api.tillReport({ id: session.id }))).toEqual(z);
    expect(await ok(b.api.currentTill({}))).toBeNull();
  });

  it('takes a return’s cash refund off the expected cash, its tax off the tax, and lists it per tender', async () => {
    await store();
    const session = await open(5_000);
    // Two cables: 39.98 + tax 3.00 = 42.98 cash. One comes back: 19.99 + 1.50 = 21.49 refunded in cash.
    const { invoice } = await sell(
      [cableLine(2000)],
      [{ methodId: method('cash'), amountMinor: 4_298, reference: '' }],
    );
    await ok(
      b.api.completeReturn({
        invoiceId: invoice.id,
        lines: [{ invoiceLineId: invoice.lines[0]!.id, qty: 1000, disposition: 'stock' }],
        refundTo: 'tenders',
      }),
    );
    const x = await ok(b.api.tillReport({ id: session.id }));
    expect(x).toMatchObject({ expectedCashMinor: 5_000 + 4_298 - 2_149, refundsCount: 1, refundsMinor: 2_149 });
    expect(x.tenders).toEqual([{ methodName: 'Cash', methodKind: 'cash', takenMinor: 4_298, refundedMinor: 2_149 }]);
    expect(x.taxes).toEqual([{ name: 'Sales tax 7.5%', rateBp: 750, taxableMinor: 1_999, taxMinor: 150 }]);
  });

  it('gives a voided cash sale’s cash back out of the till: the expected cash is the float again', async () => {
    await store();
    const session = await open(5_000);
    const { invoice } = await sell(
      [cableLine(2000)],
      [{ methodId: method('cash'), amountMinor: 5_000, reference: '' }],
    );
    await ok(b.api.voidInvoice({ id: invoice.id, payments: 'refund' }));
    expect(await b.all('SELECT amount_minor, till_session_id FROM refunds')).toEqual([
      { amount_minor: 4_298, till_session_id: session.id },
    ]);
    const x = await ok(b.api.tillReport({ id: session.id }));
    expect(x).toMatchObject({ salesCount: 0, refundsCount: 1, refundsMinor: 4_298, expectedCashMinor: 5_000 });
    expect(x.tenders).toEqual([{ methodName: 'Cash', methodKind: 'cash', takenMinor: 4_298, refundedMinor: 4_298 }]);
  });

  it('is exact when the count is a total, and says over when there is more', async () => {
    await store();
    const session = await open(10_000);
    const z = await ok(b.api.closeTill({ id: session.id, countedMinor: 10_050 }));
    expect(z).toMatchObject({ countedCashMinor: 10_050, overShortMinor: 50, denominations: [] });
  });
});

describe('sessions', () => {
  it('numbers Z reports without gaps, one open session per register, and lists past sessions newest first', async () => {
    await store();
    const first = await open(0);
    expect(await refusal(() => b.api.openTill({ floatMinor: 500 }))).toEqual({
      code: 'conflict',
      message: expect.stringMatching(/^The till is already open \(opened by test at .+\)\.$/),
    });
    // A refused close (no count) uses no number.
    expect(await refusal(() => b.api.closeTill({ id: first.id }))).toEqual({
      code: 'invalid_input',
      message: 'Enter the counted cash, as a total or by denomination.',
    });
    await ok(b.api.closeTill({ id: first.id, countedMinor: 0 }));
    expect(await refusal(() => b.api.closeTill({ id: first.id, countedMinor: 0 }))).toEqual({
      code: 'conflict',
      message: 'This till session is already closed (Z-000001).',
    });
    const second = await open(2_500);
    const z2 = await ok(b.api.closeTill({ id: second.id, countedMinor: 2_500 }));
    expect(z2.session.zNumber).toBe('Z-000002');
    const third = await open(0);

    const list = await ok(b.api.listTills({}));
    expect(list.total).toBe(3);
    expect(list.rows.map((r) => [r.id, r.zNumber, r.overShortMinor])).toEqual([
      [third.id, null, null],
      [second.id, 'Z-000002', 0],
      [first.id, 'Z-000001', 0],
    ]);
  });

  it('keeps one open session per register: another register opens its own', async () => {
    await store();
    await open(0);
    const other = { ...b.ctx, host: { ...b.ctx.host, register: 'Front 2' } };
    expect(await currentTillId(other)).toBeNull();
    await expect(requireOpenTill(serviceCtx(b))).resolves.toBeTypeOf('number');
    await expect(requireOpenTill(other)).rejects.toThrow('Open the till before taking a sale: Till → Open till.');
  });

  it('refuses a sale and cash movements while the till is closed', async () => {
    await store();
    expect(
      await refusal(() =>
        b.api.completeSale({
          sale: { customerId: ids.walkIn, locationId: ids.main, invoiceDate: '2026-11-21', lines: [cableLine()] },
          tenders: [{ methodId: method('cash'), amountMinor: 5_000, reference: '' }],
        }),
      ),
    ).toEqual({ code: 'conflict', message: 'Open the till before taking a sale: Till → Open till.' });
    expect(await refusal(() => b.api.tillCash({ kind: 'cash_in', amountMinor: 100, reason: 'Float top-up' }))).toEqual({
      code: 'conflict',
      message: 'Open the till before putting cash in: Till → Open till.',
    });
  });

  it('refuses a refund or a void paying more cash than the till holds; another method is taken', async () => {
    await store();
    await open(1_000);
    const { invoice } = await sell(
      [cableLine(2000)],
      [{ methodId: method('cash'), amountMinor: 4_298, reference: '' }],
    );
    await ok(b.api.tillCash({ kind: 'cash_out', amountMinor: 5_000, reason: 'Bank drop' }));
    // The till holds 10.00 + 42.98 − 50.00 = 2.98.
    const tooMuch = (refund: string) =>
      `The till holds $2.98 in cash; a cash refund of ${refund} is more than that. Refund to another method or add ` +
      'cash first.';
    const paymentId = invoice.payments[0]!.paymentId;
    expect(await refusal(() => b.api.refundPayment({ paymentId, amountMinor: 299, to: 'method' }))).toEqual({
      code: 'conflict',
      message: tooMuch('$2.99'),
    });
    expect(await refusal(() => b.api.voidInvoice({ id: invoice.id, payments: 'refund' }))).toEqual({
      code: 'conflict',
      message: tooMuch('$42.98'),
    });
    await ok(b.api.refundPayment({ paymentId, amountMinor: 298, to: 'method' }));
    await ok(b.api.voidInvoice({ id: invoice.id, payments: 'refund', methodId: method('card') }));
    expect(
      await b.all(
        'SELECT amount_minor, CASE WHEN till_session_id IS NOT NULL THEN 1 ELSE 0 END AS "onTill" FROM refunds ORDER BY id',
      ),
    ).toEqual([
      { amount_minor: 298, onTill: 1 },
      { amount_minor: 4_000, onTill: 0 },
    ]);
    expect((await ok(b.api.currentTill({})))!.expectedCashMinor).toBe(0);
  });

  it('refuses cash out above the cash expected in the till', async () => {
    await store();
    await open(10_000);
    await ok(b.api.tillCash({ kind: 'cash_in', amountMinor: 1_000, reason: 'Coins' }));
    expect(await refusal(() => b.api.tillCash({ kind: 'cash_out', amountMinor: 11_001, reason: 'Bank drop' }))).toEqual(
      {
        code: 'conflict',
        message: 'Cash out of 110.01 is more than the 110.00 expected in the till.',
      },
    );
    const out = await ok(b.api.tillCash({ kind: 'cash_out', amountMinor: 11_000, reason: 'Bank drop' }));
    expect(out.expectedCashMinor).toBe(0);
  });
});

describe('opening the drawer without a sale', () => {
  it('needs a manager: a cashier is refused, a manager’s PIN approves it and is recorded', async () => {
    await store({ id: 3, name: 'Casey Cashier', role: 'cashier' });
    const session = await open(1_000);
    expect(session.openedBy).toBe('Casey Cashier');
    expect(await refusal(() => b.api.openDrawer({ reason: 'Give change' }))).toEqual({
      code: 'needs_approval',
      message: 'Needs a manager: opening the drawer without a sale.',
    });
    expect(await refusal(() => b.api.openDrawer({ reason: 'Give change', approvalPin: '1111' }))).toMatchObject({
      code: 'needs_approval',
    });
    const approved = await ok(b.api.openDrawer({ reason: 'Give change', approvalPin: '2222' }));
    expect(approved.movements).toEqual([
      expect.objectContaining({
        kind: 'no_sale',
        amountMinor: 0,
        reason: 'Give change',
        actor: 'Casey Cashier',
        approvedBy: 'Morgan Manager',
      }),
    ]);
    const x = await ok(b.api.tillReport({ id: session.id }));
    expect(x.noSaleCount).toBe(1);
    expect(x.expectedCashMinor).toBe(1_000);
  });

  it('a manager opens it alone, recorded as approved by themself', async () => {
    await store({ id: 2, name: 'Morgan Manager', role: 'manager' });
    await open(0);
    const till = await ok(b.api.openDrawer({ reason: '' }));
    expect(till.movements).toEqual([
      expect.objectContaining({ kind: 'no_sale', actor: 'Morgan Manager', approvedBy: 'Morgan Manager' }),
    ]);
  });
});
