// Refunding a payment (the Payments page's Refund) through the contract on a real store: it needs a Manager or Admin
// (a cashier's call carries one's PIN), and cash goes out of the open till, so the till expects that much less; with
// no till open it is a back-office refund, off the till.
import { describe, expect, it } from 'vitest';
import type { SaleResult, StaffRef } from '../../core/model.ts';
import {
  freshDemoPerTest,
  type Backend,
  type DemoIds,
  okValue,
  refusalOf,
  type CallOutcome,
} from '../support/backend.ts';

let b: Backend;
let ids: DemoIds;
freshDemoPerTest((backend, demo) => {
  b = backend;
  ids = demo;
});

const ok = okValue;
/** A command refused with nothing written: its code and message. */
const refusal = <T>(outcome: () => Promise<CallOutcome<T>>) => refusalOf(b, outcome);

const method = async (kind: string) =>
  (await b.one<{ id: number }>('SELECT id FROM payment_methods WHERE kind = ?', kind)).id;
const staff = (name: string) => b.one<StaffRef>('SELECT id, name, role FROM staff WHERE name = ?', name);
const refundRows = () =>
  b.all<{ kind: string; amount_minor: number; till_session_id: number | null; actor: string }>(
    `SELECT m.kind, r.amount_minor, r.till_session_id, r.actor FROM refunds r
     JOIN payment_methods m ON m.id = r.method_id ORDER BY r.id`,
  );

/** Two cables at the counter (39.98 + 7.5 % tax = 42.98), paid by one tender. */
async function cablesSold(kind: 'cash' | 'card'): Promise<SaleResult> {
  const lines = [
    {
      productId: ids.cable,
      description: 'USB-C Cable 2m',
      qty: 2000,
      unitPriceMinor: 1_999,
      taxable: true,
      serialIds: [],
    },
  ];
  return ok(
    b.api.completeSale({
      sale: { customerId: ids.walkIn, locationId: ids.main, invoiceDate: '2026-11-21', lines },
      tenders: [{ methodId: await method(kind), amountMinor: 4_298 }],
    }),
  );
}

describe('refunding a payment', () => {
  it('needs a manager: a cashier is refused, a wrong PIN too, a manager’s PIN approves it', async () => {
    await ok(b.api.openTill({ floatMinor: 10_000 }));
    const { invoice } = await cablesSold('cash');
    const paymentId = invoice.payments[0]!.paymentId;
    b.ctx.session = { staff: await staff('Casey Cashier') };
    const refund = { paymentId, amountMinor: 2_149, to: 'method' as const };

    expect(await refusal(() => b.api.refundPayment(refund))).toEqual({
      code: 'needs_approval',
      message: `Needs a manager: refunding $21.49 on ${invoice.number}.`,
    });
    // The cashier's own PIN is not a manager's.
    const own = await b.api.refundPayment({ ...refund, approvalPin: '1111' });
    expect(own.ok ? null : own.error.code).toBe('needs_approval');
    expect(await refundRows()).toEqual([]);

    await ok(b.api.refundPayment({ ...refund, approvalPin: '2222' }));
    expect(await refundRows()).toEqual([expect.objectContaining({ amount_minor: 2_149, actor: 'Casey Cashier' })]);
    expect(await ok(b.api.getInvoice({ id: invoice.id }))).toMatchObject({ status: 'partial', balanceMinor: 2_149 });
  });

  it('a manager refunds alone', async () => {
    await ok(b.api.openTill({ floatMinor: 10_000 }));
    const { invoice } = await cablesSold('card');
    b.ctx.session = { staff: await staff('Morgan Manager') };
    await ok(b.api.refundPayment({ paymentId: invoice.payments[0]!.paymentId, amountMinor: 4_298, to: 'method' }));
    expect(await refundRows()).toEqual([expect.objectContaining({ kind: 'card', actor: 'Morgan Manager' })]);
  });

  it('pays cash out of the open till: its expected cash falls and the X report lists the refund', async () => {
    const till = await ok(b.api.openTill({ floatMinor: 10_000 }));
    const { invoice } = await cablesSold('cash');
    await ok(b.api.refundPayment({ paymentId: invoice.payments[0]!.paymentId, amountMinor: 2_149, to: 'method' }));
    expect(await refundRows()).toEqual([expect.objectContaining({ kind: 'cash', till_session_id: till.id })]);
    const x = await ok(b.api.tillReport({ id: till.id }));
    expect(x).toMatchObject({ expectedCashMinor: 10_000 + 4_298 - 2_149, refundsMinor: 2_149 });
    expect(x.tenders).toEqual([{ methodName: 'Cash', methodKind: 'cash', takenMinor: 4_298, refundedMinor: 2_149 }]);
  });

  it('keeps a card refund, and any refund while no till is open, off the till', async () => {
    const till = await ok(b.api.openTill({ floatMinor: 10_000 }));
    const byCard = await cablesSold('card');
    const byCash = await cablesSold('cash');
    await ok(b.api.refundPayment({ paymentId: byCard.invoice.payments[0]!.paymentId, amountMinor: 100, to: 'method' }));
    await ok(b.api.closeTill({ id: till.id, countedMinor: 14_298 }));
    // The till is closed: a cash refund now is a back-office one.
    await ok(b.api.refundPayment({ paymentId: byCash.invoice.payments[0]!.paymentId, amountMinor: 200, to: 'method' }));
    expect(await refundRows()).toEqual([
      expect.objectContaining({ kind: 'card', amount_minor: 100, till_session_id: null }),
      expect.objectContaining({ kind: 'cash', amount_minor: 200, till_session_id: null }),
    ]);
    expect((await ok(b.api.tillReport({ id: till.id }))).expectedCashMinor).toBe(14_298);
  });
});
