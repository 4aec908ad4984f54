// Tickets through the contract on a real store (SQLite and PostgreSQL): creating and editing a ticket, the status
// list in Settings → Tickets, the labour log (Not Charged → Charged → Invoiced, back to Charged when its invoice line
// goes or the invoice is voided), "Charge billable time by default", line items, the billing status, Make Invoice
// (labour, items and deposits as lines, the totals) and its refusals.
import { describe, expect, it } from 'vitest';
import { lineTotalMinor } from '../../core/money.ts';
import { freshDemoPerTest, okValue, refusalOf, type Backend, type DemoIds } from '../support/backend.ts';

let b: Backend;
let ids: DemoIds;
freshDemoPerTest((backend, demo) => {
  b = backend;
  ids = demo;
});
const ok = okValue;

async function newTicket(title = 'Laptop repair') {
  return ok(b.api.saveTicket({ customerId: ids.acme, title, description: 'Fan noise' }));
}

async function labour(ticketId: number, minutes: number, billable = true) {
  const settings = await ok(b.api.getTicketSettings({}));
  return ok(
    b.api.addLabourEntry({
      ticketId,
      staffId: settings.technicians[0]!.id,
      productId: ids.support,
      minutes,
      note: 'Diagnosis',
      billable,
    }),
  );
}

describe('tickets', () => {
  it('creates T-000001 with the first status, No Charge, and edits its title and status', async () => {
    const t = await newTicket();
    expect(t).toMatchObject({
      number: 'T-000001',
      statusName: 'New',
      billingStatus: 'no_charge',
      title: 'Laptop repair',
    });
    const settings = await ok(b.api.getTicketSettings({}));
    const resolved = settings.statuses.find((s) => s.name === 'Resolved')!;
    const edited = await ok(
      b.api.saveTicket({
        id: t.id,
        revision: t.revision,
        customerId: ids.acme,
        title: 'Laptop fan',
        description: '',
        statusId: resolved.id,
      }),
    );
    expect(edited).toMatchObject({ title: 'Laptop fan', statusName: 'Resolved' });
    const stale = await refusalOf(b, () =>
      b.api.saveTicket({ id: t.id, revision: t.revision, customerId: ids.acme, title: 'x', description: '' }),
    );
    expect(stale.message).toContain('T-000001 was changed elsewhere');
    const list = await ok(b.api.listTickets({ billingStatus: 'no_charge' }));
    expect(list.map((r) => r.number)).toEqual(['T-000001']);
    expect(await ok(b.api.listTickets({ billingStatus: 'invoiced' }))).toEqual([]);
  });

  it('Settings → Tickets: add, rename, reorder, archive, never zero statuses', async () => {
    let s = await ok(b.api.saveTicketStatus({ name: 'On Hold' }));
    const hold = s.statuses.find((x) => x.name === 'On Hold')!;
    expect(s.statuses.at(-1)!.name).toBe('On Hold');
    s = await ok(b.api.saveTicketStatus({ id: hold.id, name: 'Paused' }));
    expect(s.statuses.at(-1)!.name).toBe('Paused');
    s = await ok(b.api.moveTicketStatus({ id: hold.id, direction: 'up' }));
    expect(s.statuses.map((x) => x.name).slice(-2)).toEqual(['Paused', 'Closed']);
    expect((await refusalOf(b, () => b.api.saveTicketStatus({ name: 'paused' }))).message).toBe(
      'There is already a status named Paused.',
    );
    for (const st of s.statuses.slice(1))
      await ok(b.api.saveTicketStatus({ id: st.id, name: st.name, archived: true }));
    const last = s.statuses[0]!;
    expect(
      (await refusalOf(b, () => b.api.saveTicketStatus({ id: last.id, name: last.name, archived: true }))).message,
    ).toBe('New is the last status: add another before archiving it.');
  });

  it('labour goes Not Charged → Charged → Invoiced, and back to Charged when its line goes or the invoice is voided', async () => {
    const t = await newTicket();
    let ticket = await labour(t.id, 90);
    const entry = ticket.labour[0]!;
    expect(entry.status).toBe('not_charged');
    expect(ticket.billingStatus).toBe('no_charge');
    expect(ticket.notChargedMinutes).toBe(90);
    ticket = await ok(b.api.setLabourCharged({ labourId: entry.id, charged: true }));
    expect(ticket.labour[0]!.status).toBe('charged');
    expect(ticket.billingStatus).toBe('invoice_required');
    const price = (await ok(b.api.getTicketSettings({}))).labourProducts.find((p) => p.id === ids.support)!.priceMinor;
    expect(ticket.pending[0]).toMatchObject({ source: 'labour', qty: 1500, amountMinor: lineTotalMinor(1500, price) });

    const made = await ok(b.api.makeTicketInvoice({ ticketId: t.id }));
    ticket = await ok(b.api.getTicket({ id: t.id }));
    expect(ticket.labour[0]!.status).toBe('invoiced');
    expect(ticket.billingStatus).toBe('invoiced');
    expect(ticket.documents.invoices.map((i) => i.number)).toEqual([made.number]);
    expect((await refusalOf(b, () => b.api.setLabourCharged({ labourId: entry.id, charged: false }))).message).toBe(
      `That time is on ${made.number}: remove its line from the invoice, or void it, first.`,
    );

    // The draft loses the labour line (a manual line stays): the entry is Charged again.
    const draft = await ok(b.api.getInvoice({ id: made.invoiceId }));
    await ok(
      b.api.saveInvoice({
        id: draft.id,
        revision: draft.revision,
        draft: true,
        customerId: ids.acme,
        locationId: ids.main,
        invoiceDate: draft.invoiceDate,
        lines: [
          { productId: null, description: 'Call-out', qty: 1000, unitPriceMinor: 100, taxable: false, serialIds: [] },
        ],
      }),
    );
    ticket = await ok(b.api.getTicket({ id: t.id }));
    expect(ticket.labour[0]!.status).toBe('charged');
    expect(ticket.billingStatus).toBe('invoice_required');

    const again = await ok(b.api.makeTicketInvoice({ ticketId: t.id }));
    expect((await ok(b.api.getTicket({ id: t.id }))).labour[0]!.status).toBe('invoiced');
    await ok(b.api.voidInvoice({ id: again.invoiceId }));
    ticket = await ok(b.api.getTicket({ id: t.id }));
    expect(ticket.labour[0]!.status).toBe('charged');
    expect(ticket.pending).toHaveLength(1);
  });

  it('charges billable time by default when the setting is on; timers stop into minutes', async () => {
    const t = await newTicket();
    await ok(b.api.saveTicketSettings({ chargeBillableByDefault: true }));
    let ticket = await labour(t.id, 30);
    expect(ticket.labour[0]!.status).toBe('charged');
    ticket = await labour(t.id, 15, false);
    expect(ticket.labour[1]!.status).toBe('not_billable');
    const settings = await ok(b.api.getTicketSettings({}));
    ticket = await ok(
      b.api.startLabourTimer({
        ticketId: t.id,
        staffId: settings.technicians[0]!.id,
        productId: ids.support,
        note: '',
        billable: true,
      }),
    );
    const running = ticket.labour[2]!;
    expect(running).toMatchObject({ status: 'running', minutes: null });
    ticket = await ok(b.api.stopLabourTimer({ labourId: running.id }));
    expect(ticket.labour[2]).toMatchObject({ status: 'charged', minutes: 1 });
    expect(ticket.pending.map((c) => c.source)).toEqual(['labour', 'labour']);
  });

  it('Make Invoice: labour and items become lines of a draft for the ticket, with the totals the charges show', async () => {
    const t = await newTicket();
    await ok(b.api.saveTicketSettings({ chargeBillableByDefault: true }));
    await labour(t.id, 60);
    let ticket = await ok(b.api.addTicketItem({ ticketId: t.id, productId: ids.cable, qty: 2000 }));
    const cable = ticket.items[0]!;
    ticket = await ok(b.api.editTicketItem({ chargeId: cable.id, qty: 3000, unitPriceMinor: 1_000 }));
    expect(ticket.items[0]).toMatchObject({ qty: 3000, unitPriceMinor: 1_000, amountMinor: 3_000 });
    ticket = await ok(
      b.api.addTicketItem({
        ticketId: t.id,
        productId: null,
        description: 'Thermal paste',
        qty: 1000,
        unitPriceMinor: 500,
      }),
    );
    const paste = ticket.items[1]!;
    ticket = await ok(b.api.removeTicketItem({ chargeId: paste.id }));
    expect(ticket.items).toHaveLength(1);

    const made = await ok(b.api.makeTicketInvoice({ ticketId: t.id }));
    const invoice = await ok(b.api.getInvoice({ id: made.invoiceId }));
    expect(invoice.status).toBe('draft');
    expect(invoice.lines.map((l) => [l.productId, l.qty])).toEqual([
      [ids.support, 1000],
      [ids.cable, 3000],
    ]);
    expect(invoice.totalMinor).toBe(ticket.pendingTotalMinor);
    const rows = await b.all<{ ticket_id: number }>(`SELECT ticket_id FROM invoices WHERE id = ${made.invoiceId}`);
    expect(Number(rows[0]!.ticket_id)).toBe(t.id);
    ticket = await ok(b.api.getTicket({ id: t.id }));
    expect(ticket).toMatchObject({ billingStatus: 'invoiced', pendingTotalMinor: 0, pending: [] });
    expect(ticket.items[0]!.invoice?.number).toBe(made.number);
    expect((await refusalOf(b, () => b.api.removeTicketItem({ chargeId: cable.id }))).message).toBe(
      `USB-C Cable 2m is on ${made.number}: remove its line from the invoice, or void it, first.`,
    );
  });

  it('Make Invoice takes a deposit off as a negative line, and refuses a deposit above the charges', async () => {
    const t = await newTicket();
    await ok(b.api.saveDepositSettings({ enabled: true }));
    const ticket = await ok(
      b.api.addTicketItem({
        ticketId: t.id,
        productId: null,
        description: 'Repair kit',
        qty: 1000,
        unitPriceMinor: 20_000,
      }),
    );
    await ok(b.api.takeDeposit({ ticketId: t.id, amountMinor: 5_000, methodId: ids.method('cash') }));
    expect((await ok(b.api.getTicket({ id: t.id }))).billingStatus).toBe('partially_invoiced');
    const item = ticket.items[0]!;
    const deposit = (await ok(b.api.getTicket({ id: t.id }))).pending.find((c) => c.source === 'deposit')!;
    const refused = await refusalOf(b, () =>
      b.api.makeTicketInvoice({ ticketId: t.id, charges: [{ source: 'deposit', id: deposit.id }] }),
    );
    expect(refused.message).toBe('Nothing to invoice on T-000001: choose at least one pending charge.');
    await ok(b.api.editTicketItem({ chargeId: item.id, qty: 1000, unitPriceMinor: 1_000 }));
    const over = await refusalOf(b, () => b.api.makeTicketInvoice({ ticketId: t.id }));
    expect(over.message).toContain('are more than the charges chosen');
    await ok(b.api.editTicketItem({ chargeId: item.id, qty: 1000, unitPriceMinor: 20_000 }));

    const made = await ok(b.api.makeTicketInvoice({ ticketId: t.id }));
    const invoice = await ok(b.api.getInvoice({ id: made.invoiceId }));
    expect(invoice.lines.at(-1)).toMatchObject({ unitPriceMinor: -5_000, taxable: false });
    expect(invoice.lines.at(-1)!.description).toMatch(/^Deposit on T-000001, DEP-\d{6}$/);
    const taxed = invoice.lines[0]!.lineTotalMinor + invoice.taxMinor;
    expect(invoice.totalMinor).toBe(taxed - 5_000);
    expect((await ok(b.api.getTicket({ id: t.id }))).billingStatus).toBe('invoiced');
  });

  it('refuses a serialized item waiting for its serial, and a negative price that is not a deposit', async () => {
    const t = await newTicket();
    await ok(b.api.addTicketItem({ ticketId: t.id, productId: ids.laptop, qty: 1000 }));
    const refused = await refusalOf(b, () => b.api.makeTicketInvoice({ ticketId: t.id }));
    expect(refused.message).toBe(
      'LAT-5440 on T-000001 waits for its serial: receive it on its purchase order or reserve a unit in stock ' +
        'first, or leave it out of this invoice.',
    );
    const negative = await refusalOf(b, () =>
      b.api.saveInvoice({
        customerId: ids.acme,
        locationId: ids.main,
        invoiceDate: '2026-11-21',
        lines: [
          { productId: null, description: 'Credit', qty: 1000, unitPriceMinor: -100, taxable: false, serialIds: [] },
        ],
      }),
    );
    expect(negative.message).toContain('A price cannot be below 0.');
    const settings = await ok(b.api.getTicketSettings({}));
    expect(
      (
        await refusalOf(b, () =>
          b.api.addLabourEntry({
            ticketId: t.id,
            staffId: settings.technicians[0]!.id,
            productId: ids.cable,
            minutes: 10,
            note: '',
            billable: true,
          }),
        )
      ).message,
    ).toBe('USB-C Cable 2m is stocked goods, not labour: choose a service.');
  });
});
