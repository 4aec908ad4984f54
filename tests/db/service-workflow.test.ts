// The whole seed workflow (issue 15) as service calls, on both stores: estimate → ticket (Invoice Required) →
// deposit (Partially Invoiced, a negative charge) → PO for the ticket → receive the serial (reserved; another invoice
// refused) → Make Invoice (the serial captured, the deposit a negative line) → the balance paid, or a $0 payment when
// the deposit covered it → Invoiced → the serial's history names the PO, the ticket, the invoice and the customer.
import { describe, expect, it } from 'vitest';
import type { Invoice } from '../../core/model.ts';
import { checkStock } from '../../db/services/stockCheck.ts';
import { freshDemoPerTest, okValue, refusalOf, serviceCtx, type Backend, type DemoIds } from '../support/backend.ts';

let b: Backend;
let ids: DemoIds;
freshDemoPerTest((backend, demo) => {
  b = backend;
  ids = demo;
});

const clean = async () => expect((await checkStock(serviceCtx(b))).differences).toEqual([]);
const ticket = (id: number) => okValue(b.api.getTicket({ id }));

/** Steps 1 to 5: the estimate, its ticket, the deposit, the PO for the ticket and the serial received for it. */
async function upToTheReservedSerial(deposit: 'part' | 'all') {
  // 1. The estimate: a laptop and its set-up, approved.
  const estimate = await okValue(
    b.api.saveEstimate({
      customerId: ids.acme,
      estimateDate: '2026-11-21',
      notes: 'New laptop for reception',
      lines: [
        { productId: ids.laptop, description: 'Latitude 5440', qty: 1000, unitPriceMinor: 124_900, taxable: true },
      ],
    }),
  );
  await okValue(b.api.setEstimateStatus({ id: estimate.id, status: 'sent' }));
  await okValue(b.api.setEstimateStatus({ id: estimate.id, status: 'approved' }));

  // 2. The ticket, with the estimate's line pending: Invoice Required.
  const { ticketId, number } = await okValue(b.api.convertEstimateToTicket({ id: estimate.id }));
  expect(number).toBe('T-000001');
  let t = await ticket(ticketId);
  expect(t.billingStatus).toBe('invoice_required');
  const laptop = t.items.find((c) => c.productId === ids.laptop)!;
  expect(laptop.serials).toEqual([]);

  // 3. The deposit: DEP-000001 Paid, a negative charge, Partially Invoiced.
  await okValue(b.api.saveDepositSettings({ enabled: true }));
  const amountMinor = deposit === 'all' ? t.pendingTotalMinor : 50_000;
  await okValue(b.api.takeDeposit({ ticketId, amountMinor, methodId: ids.method('card'), reference: 'AUTH 7' }));
  t = await ticket(ticketId);
  expect(t.billingStatus).toBe('partially_invoiced');
  expect(t.pending.filter((c) => c.source === 'deposit').map((c) => c.amountMinor)).toEqual([-amountMinor]);

  // 4. The PO for the ticket: no laptop in stock is needed; the vendor is asked for (never ordered before).
  const order = await okValue(b.api.orderForTicket({ ticketId, chargeId: laptop.id, vendorId: ids.northwind }));
  const po = await okValue(b.api.getPurchaseOrder({ id: order.purchaseOrderId }));
  expect(po.lines[0]?.ticket?.number).toBe('T-000001');
  await okValue(b.api.setPurchaseOrderStatus({ id: po.id, action: 'submit' }));

  // 5. Receive the serial: reserved for the ticket, the line item has it, another invoice is refused.
  await okValue(
    b.api.receivePurchaseOrder({
      id: po.id,
      lines: [{ lineId: po.lines[0]!.id, qty: 1, serials: [{ serial: 'DL5440-0777' }] }],
    }),
  );
  const [unit] = await okValue(b.api.lookupSerial({ serial: 'DL5440-0777' }));
  expect(unit).toMatchObject({ status: 'reserved', ticket: { number: 'T-000001', customerName: 'Acme Corp' } });
  t = await ticket(ticketId);
  expect(t.items.find((c) => c.id === laptop.id)?.serials.map((s) => s.serial)).toEqual(['DL5440-0777']);
  const elsewhere = await refusalOf(b, () =>
    b.api.saveInvoice({
      customerId: ids.walkIn,
      locationId: ids.main,
      invoiceDate: '2026-11-21',
      notes: '',
      lines: [
        {
          productId: ids.laptop,
          description: 'Latitude 5440',
          qty: 1000,
          unitPriceMinor: 124_900,
          taxable: true,
          serialIds: [unit!.serialId],
        },
      ],
    }),
  );
  expect(elsewhere.message).toBe('Not saved: DL5440-0777 is reserved for T-000001 (Acme Corp).');
  await clean();
  return { ticketId, po, serialId: unit!.serialId, depositMinor: amountMinor };
}

/** 6. Make Invoice, then Save (finalise) the draft it made, as the invoice editor does. */
async function makeAndFinalise(ticketId: number): Promise<Invoice> {
  const made = await okValue(b.api.makeTicketInvoice({ ticketId }));
  const draft = await okValue(b.api.getInvoice({ id: made.invoiceId }));
  return okValue(
    b.api.saveInvoice({
      id: draft.id,
      revision: draft.revision,
      draft: false,
      customerId: draft.customerId,
      locationId: draft.locationId,
      invoiceDate: draft.invoiceDate,
      notes: draft.notes,
      lines: draft.lines.map((l) => ({
        id: l.id,
        productId: l.productId,
        description: l.description,
        qty: l.qty,
        unitPriceMinor: l.unitPriceMinor,
        taxable: l.taxable,
        serialIds: l.serials.map((s) => s.id),
      })),
    }),
  );
}

/** 8 and 9: Invoiced, and the unit's history from the PO to the customer. */
async function invoicedWithHistory(ticketId: number, serialId: number, poNumber: string, invoice: Invoice) {
  expect((await ticket(ticketId)).billingStatus).toBe('invoiced');
  const history = await okValue(b.api.serialHistory({ id: serialId }));
  expect(history.unit).toMatchObject({
    status: 'sold',
    customer: { name: 'Acme Corp' },
    ticket: { number: 'T-000001' },
    invoice: { number: invoice.number },
  });
  const received = history.events.find((e) => e.kind === 'received')!;
  const reserved = history.events.find((e) => e.kind === 'reserved' && e.invoice === null)!;
  const sold = history.events.find((e) => e.kind === 'sold')!;
  expect(received).toMatchObject({ purchaseOrder: { number: poNumber }, ticket: { number: 'T-000001' } });
  expect(received.note).toBe(`received on ${poNumber} (${received.receipt!.number}) for T-000001`);
  expect(reserved).toMatchObject({ ticket: { number: 'T-000001' }, customer: { name: 'Acme Corp' } });
  expect(reserved.note).toBe('reserved for T-000001 (Acme Corp)');
  expect(sold).toMatchObject({
    invoice: { number: invoice.number },
    customer: { name: 'Acme Corp' },
    ticket: { number: 'T-000001' },
  });
  expect(sold.note).toBe(`sold on ${invoice.number} to Acme Corp, from T-000001 (draft finalised)`);
  expect(history.events.indexOf(received)).toBeLessThan(history.events.indexOf(reserved));
  expect(history.events.indexOf(reserved)).toBeLessThan(history.events.indexOf(sold));
  await clean();
}

describe('the service workflow, estimate to the serial sold from the ticket', () => {
  it('a part deposit: the balance is collected as usual', async () => {
    const { ticketId, po, serialId, depositMinor } = await upToTheReservedSerial('part');
    const invoice = await makeAndFinalise(ticketId);
    expect(invoice.lines.map((l) => [l.description, l.serials.map((s) => s.serial), l.unitPriceMinor])).toEqual([
      ['Latitude 5440', ['DL5440-0777'], 124_900],
      ['Deposit on T-000001, DEP-000001', [], -depositMinor],
    ]);
    expect(invoice.status).toBe('sent');
    // 7. The balance paid.
    const paid = await okValue(
      b.api.takePayment({ invoiceId: invoice.id, amountMinor: invoice.balanceMinor, methodId: ids.method('cash') }),
    );
    expect([paid.status, paid.balanceMinor]).toEqual(['paid', 0]);
    await invoicedWithHistory(ticketId, serialId, po.number, invoice);
  });

  it('the deposit covered everything: a $0 payment closes the invoice', async () => {
    const { ticketId, po, serialId } = await upToTheReservedSerial('all');
    const invoice = await makeAndFinalise(ticketId);
    expect([invoice.totalMinor, invoice.balanceMinor]).toEqual([0, 0]);
    expect(invoice.lines[0]!.serials.map((s) => s.serial)).toEqual(['DL5440-0777']);
    const closed = await okValue(
      b.api.takePayment({ invoiceId: invoice.id, amountMinor: 0, methodId: ids.method('cash') }),
    );
    expect(closed.status).toBe('paid');
    await invoicedWithHistory(ticketId, serialId, po.number, invoice);
  });
});
