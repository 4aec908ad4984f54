// Units for a ticket (issue 15): Order for this ticket (a new Draft PO, then extending it), receiving the line reserves
// the unit for the ticket and its line item gets the serial, the refusal at the counter and on another invoice, the
// ticket's own invoice selling it (a draft keeps it reserved; removing it or voiding puts it back to reserved), a
// manager's release, and reserving an In stock unit by picking it. On both stores; checkStock clean after each step.
import { describe, expect, it } from 'vitest';
import type { SaveInvoiceLine } from '../../db/services/invoices.ts';
import { checkStock } from '../../db/services/stockCheck.ts';
import { freshDemoPerTest, okValue, refusalOf, serviceCtx, type Backend, type DemoIds } from '../support/backend.ts';

let b: Backend;
let ids: DemoIds;
freshDemoPerTest((backend, demo) => {
  b = backend;
  ids = demo;
});

const clean = async () => expect((await checkStock(serviceCtx(b))).differences).toEqual([]);
const unit = (serial: string) =>
  b.one<{ id: number; status: string; ticket_id: number | null; customer_id: number | null }>(
    'SELECT id, status, ticket_id, customer_id FROM serials WHERE serial = ?',
    serial,
  );

/** T-000001 for Acme Corp with one laptop waiting for its serial. */
async function ticketWithLaptop() {
  const t = await okValue(b.api.saveTicket({ customerId: ids.acme, title: 'New laptop', description: '' }));
  const withItem = await okValue(b.api.addTicketItem({ ticketId: t.id, productId: ids.laptop, qty: 1000 }));
  const charge = withItem.items.find((c) => c.productId === ids.laptop)!;
  return { ticket: withItem, chargeId: charge.id };
}

/** Orders the laptop for the ticket and receives it as DL5440-0777. */
async function receivedForTicket() {
  const { ticket, chargeId } = await ticketWithLaptop();
  const order = await okValue(b.api.orderForTicket({ ticketId: ticket.id, chargeId, vendorId: ids.northwind }));
  const po = await okValue(b.api.getPurchaseOrder({ id: order.purchaseOrderId }));
  await okValue(
    b.api.receivePurchaseOrder({
      id: po.id,
      lines: [{ lineId: po.lines[0]!.id, qty: 1, serials: [{ serial: 'DL5440-0777' }] }],
    }),
  );
  return { ticket, chargeId, po, serialId: (await unit('DL5440-0777')).id };
}

const laptopLine = (serialId: number): SaveInvoiceLine => ({
  productId: ids.laptop,
  description: 'Laptop',
  qty: 1000,
  unitPriceMinor: 99_900,
  taxable: true,
  serialIds: [serialId],
});
const invoiceInput = (lines: SaveInvoiceLine[], extra: { draft?: boolean } = {}) => ({
  customerId: ids.acme,
  locationId: ids.main,
  invoiceDate: '2026-11-21',
  notes: '',
  lines,
  ...extra,
});

describe('purchase orders for a ticket', () => {
  it('orders from the vendor asked for, then extends the same Draft; the PO line names the ticket', async () => {
    const { ticket, chargeId } = await ticketWithLaptop();
    const noVendor = await refusalOf(b, () => b.api.orderForTicket({ ticketId: ticket.id, chargeId }));
    expect(noVendor.message).toMatch(/has never been ordered: choose the vendor/);

    const first = await okValue(b.api.orderForTicket({ ticketId: ticket.id, chargeId, vendorId: ids.northwind }));
    expect(first).toMatchObject({ created: true, qty: 1, vendorName: 'Northwind Distribution' });
    const po = await okValue(b.api.getPurchaseOrder({ id: first.purchaseOrderId }));
    expect(po.status).toBe('draft');
    expect(po.lines).toEqual([
      expect.objectContaining({
        productId: ids.laptop,
        qtyOrdered: 1,
        ticket: { id: ticket.id, number: ticket.number, customerName: 'Acme Corp' },
        ticketChargeId: chargeId,
      }),
    ]);
    // Already on order: nothing more to order for that line item.
    const again = await refusalOf(b, () => b.api.orderForTicket({ ticketId: ticket.id, chargeId }));
    expect(again.message).toBe(`Latitude 5440 Laptop for ${ticket.number} is already on order (${po.number}).`);

    // A second ticket's laptop goes on the same Draft, to the product's last vendor without asking.
    const other = await ticketWithLaptop();
    const second = await okValue(b.api.orderForTicket({ ticketId: other.ticket.id, chargeId: other.chargeId }));
    expect(second).toMatchObject({ created: false, number: po.number, qty: 1 });
    const extended = await okValue(b.api.getPurchaseOrder({ id: po.id }));
    expect(extended.lines.map((l) => l.ticket?.number)).toEqual([ticket.number, other.ticket.number]);
    const info = await okValue(b.api.chargeSerialInfo({ ticketId: ticket.id, chargeId }));
    expect(info).toMatchObject({ unitsNeeded: 1, stillNeeded: 0, onOrder: [{ number: po.number, qtyOpen: 1 }] });
  });

  it('receiving the line reserves the unit for the ticket, its line item gets the serial, history says so', async () => {
    const { ticket, chargeId, po, serialId } = await receivedForTicket();
    expect(await unit('DL5440-0777')).toMatchObject({ status: 'reserved', ticket_id: ticket.id });
    const t = await okValue(b.api.getTicket({ id: ticket.id }));
    expect(t.items.find((c) => c.id === chargeId)?.serials.map((u) => u.id)).toEqual([serialId]);
    const history = await okValue(b.api.serialHistory({ id: serialId }));
    expect(history.unit.ticket).toEqual({ id: ticket.id, number: ticket.number });
    expect(history.events.map((e) => [e.kind, e.ticket?.number, e.purchaseOrder?.number ?? null])).toEqual([
      ['received', ticket.number, po.number],
      ['reserved', ticket.number, null],
    ]);
    const receipt = history.events[0]!.receipt!.number;
    expect(history.events[0]!.note).toBe(`received on ${po.number} (${receipt}) for ${ticket.number}`);
    expect(history.events[1]!.note).toBe(`reserved for ${ticket.number} (Acme Corp)`);
    expect(history.events[1]!.customer?.name).toBe('Acme Corp');
    const listed = await okValue(b.api.listSerials({ text: 'DL5440-0777', limit: 10, offset: 0 }));
    expect(listed.rows[0]).toMatchObject({ ticket: { number: ticket.number }, customer: { name: 'Acme Corp' } });
    await clean();
  });

  it('refuses the reserved unit at the counter and on another invoice, with the ticket and customer', async () => {
    const { ticket, serialId } = await receivedForTicket();
    const [match] = await okValue(b.api.lookupSerial({ serial: 'DL5440-0777' }));
    expect(match?.ticket).toEqual({ id: ticket.id, number: ticket.number, customerName: 'Acme Corp' });
    const sale = await refusalOf(b, () => b.api.saveInvoice(invoiceInput([laptopLine(serialId)])));
    expect(sale.message).toBe(`Not saved: DL5440-0777 is reserved for ${ticket.number} (Acme Corp).`);
    expect(ticket.number).toBe('T-000001');
    await clean();
  });

  it("the ticket's invoice takes it: a draft keeps it reserved, removing it or voiding gives it back to the ticket", async () => {
    const { ticket, serialId } = await receivedForTicket();
    // Make Invoice: a draft of the ticket with the reserved unit captured.
    const made = await okValue(b.api.makeTicketInvoice({ ticketId: ticket.id }));
    const draft = await okValue(b.api.getInvoice({ id: made.invoiceId }));
    expect(draft.lines[0]!.serials.map((u) => u.serial)).toEqual(['DL5440-0777']);
    expect(await unit('DL5440-0777')).toMatchObject({ status: 'reserved', ticket_id: ticket.id });
    await clean();
    // Removing the line: reserved for the ticket again, not in stock.
    const manual: SaveInvoiceLine = {
      productId: null,
      description: 'Setup',
      qty: 1000,
      unitPriceMinor: 5000,
      taxable: true,
      serialIds: [],
    };
    const edited = await okValue(
      b.api.saveInvoice({ ...invoiceInput([manual], { draft: true }), id: draft.id, revision: draft.revision }),
    );
    expect(await unit('DL5440-0777')).toMatchObject({ status: 'reserved', ticket_id: ticket.id });
    await clean();
    // Finalised: sold, the ticket kept.
    const sold = await okValue(
      b.api.saveInvoice({
        ...invoiceInput([laptopLine(serialId)], { draft: false }),
        id: edited.id,
        revision: edited.revision,
      }),
    );
    expect(await unit('DL5440-0777')).toMatchObject({ status: 'sold', ticket_id: ticket.id, customer_id: ids.acme });
    const soldEvent = (await okValue(b.api.serialHistory({ id: serialId }))).events.at(-1)!;
    expect(soldEvent).toMatchObject({ kind: 'sold', ticket: { number: ticket.number } });
    expect(soldEvent.note).toBe(`sold on ${sold.number} to Acme Corp, from ${ticket.number}`);
    await clean();
    // Voided: back to reserved for the ticket.
    await okValue(b.api.voidInvoice({ id: sold.id, revision: sold.revision }));
    expect(await unit('DL5440-0777')).toMatchObject({ status: 'reserved', ticket_id: ticket.id });
    await clean();
  });

  it('a manager releases a reservation (a cashier needs a PIN); an In stock unit is reserved by picking it', async () => {
    const { ticket, chargeId, serialId } = await receivedForTicket();
    b.ctx.session = { staff: { id: 3, name: 'Casey Cashier', role: 'cashier' } };
    const refused = await refusalOf(b, () => b.api.releaseReservation({ serialId, note: 'customer cancelled' }));
    expect(refused).toEqual({
      code: 'needs_approval',
      message: `Needs a manager: releasing DL5440-0777 from T-000001.`,
    });
    await okValue(b.api.releaseReservation({ serialId, note: 'customer cancelled', approvalPin: '2222' }));
    expect(await unit('DL5440-0777')).toMatchObject({ status: 'in_stock', ticket_id: null, customer_id: null });
    const released = (await okValue(b.api.serialHistory({ id: serialId }))).events.at(-1)!;
    expect(released).toMatchObject({ kind: 'released', ticket: { number: ticket.number } });
    expect(released.note).toBe(
      'reservation for T-000001 released (approved by Morgan Manager); back in stock: customer cancelled',
    );
    let t = await okValue(b.api.getTicket({ id: ticket.id }));
    expect(t.items.find((c) => c.id === chargeId)?.serials).toEqual([]);
    await clean();

    // Picking an In stock unit at the ticket's location (a unit at the Warehouse is refused).
    const far = await refusalOf(b, () =>
      b.api.reserveUnitForTicket({ ticketId: ticket.id, chargeId, serialId: ids.serial('DL5440-0101') }),
    );
    expect(far.message).toBe('DL5440-0101 is at Warehouse, not Main Store.');
    const info = await okValue(
      b.api.reserveUnitForTicket({ ticketId: ticket.id, chargeId, serialId: ids.serial('DL5440-0002') }),
    );
    expect(info.units.map((u) => u.serial)).toEqual(['DL5440-0002']);
    expect(await unit('DL5440-0002')).toMatchObject({ status: 'reserved', ticket_id: ticket.id });
    expect((await okValue(b.api.serialHistory({ id: ids.serial('DL5440-0002') }))).events.at(-1)).toMatchObject({
      kind: 'reserved',
      ticket: { number: 'T-000001' },
      customer: { name: 'Acme Corp' },
    });
    t = await okValue(b.api.getTicket({ id: ticket.id }));
    expect(t.items.find((c) => c.id === chargeId)?.serials.map((u) => u.serial)).toEqual(['DL5440-0002']);
    await clean();
  });
});
