// Pending ticket charges on recurring invoices, on both stores: the customer's charged labour and line items (never
// deposits, never another customer's, never an item still waiting for its units), from the chosen ticket statuses,
// by ticket or by date; once linked they are Invoiced on the recurring draft, and they go back to pending when the
// draft loses their line or is deleted. A unit reserved for a ticket goes on the recurring invoice and back to its
// ticket when taken off. One test runs through the run engine.
import { describe, expect, it } from 'vitest';
import type { TicketChargeOrder } from '../../core/enums.ts';
import { inWriteTransaction } from '../../db/services/context.ts';
import { saveInvoice } from '../../db/services/invoices.ts';
import { linkChargeLines, pendingChargeLines } from '../../db/services/recurringCharges.ts';
import { runDueRecurring } from '../../db/services/recurringRun.ts';
import { freshDemoPerTest, okValue, serviceCtx, type Backend, type DemoIds } from '../support/backend.ts';
import { addTemplate } from '../support/recurringFixture.ts';

let b: Backend;
let ids: DemoIds;
freshDemoPerTest((backend, demo) => {
  b = backend;
  ids = demo;
});
const ok = okValue;

/**
 * Acme's T-000001 (New): 1 h of labour (Diagnosis), 2 cables, a deposit of 50.00, a laptop waiting for its unit.
 * Acme's T-000002 (Resolved): a manual item (Screen) and 30 min of labour (Fitting).
 * Jordan Lee's T-000003: a cable (never Acme's).
 */
async function shop() {
  const settings = await ok(b.api.getTicketSettings({}));
  const resolved = settings.statuses.find((s) => s.name === 'Resolved')!.id;
  const fresh = settings.statuses[0]!.id;
  const staffId = settings.technicians[0]!.id;
  const jordan = (await b.one<{ id: number }>(`SELECT id FROM customers WHERE name = 'Jordan Lee'`)).id;
  const labour = async (ticketId: number, minutes: number, note: string) => {
    const t = await ok(
      b.api.addLabourEntry({ ticketId, staffId, productId: ids.support, minutes, note, billable: true }),
    );
    const entry = t.labour.at(-1)!;
    if (entry.status !== 'charged') await ok(b.api.setLabourCharged({ labourId: entry.id, charged: true }));
    return entry.id;
  };
  const t1 = await ok(b.api.saveTicket({ customerId: ids.acme, title: 'Laptop fan', description: '' }));
  const diagnosis = await labour(t1.id, 60, 'Diagnosis');
  const cables = await ok(b.api.addTicketItem({ ticketId: t1.id, productId: ids.cable, qty: 2000 }));
  await ok(b.api.saveDepositSettings({ enabled: true }));
  await ok(b.api.takeDeposit({ ticketId: t1.id, amountMinor: 5_000, methodId: ids.method('cash') }));
  await ok(b.api.addTicketItem({ ticketId: t1.id, productId: ids.laptop, qty: 1000 }));
  const t2 = await ok(b.api.saveTicket({ customerId: ids.acme, title: 'Screen', description: '', statusId: resolved }));
  const screen = await ok(
    b.api.addTicketItem({ ticketId: t2.id, productId: null, description: 'Screen', qty: 1000, unitPriceMinor: 9_000 }),
  );
  const fitting = await labour(t2.id, 30, 'Fitting');
  const t3 = await ok(b.api.saveTicket({ customerId: jordan, title: 'Cable', description: '' }));
  await ok(b.api.addTicketItem({ ticketId: t3.id, productId: ids.cable, qty: 1000 }));
  const item = (t: typeof cables, description: string) => t.items.find((c) => c.description === description)!.id;
  return {
    resolved,
    fresh,
    t1: t1.id,
    t2: t2.id,
    diagnosis,
    cable: item(cables, 'USB-C Cable 2m'),
    screen: item(screen, 'Screen'),
    fitting,
  };
}

const pending = (order: TicketChargeOrder, statusIds: number[] = []) =>
  pendingChargeLines(serviceCtx(b), { customerId: ids.acme, statusIds, order });
const described = async (order: TicketChargeOrder, statusIds: number[] = []) =>
  (await pending(order, statusIds)).map((p) => p.line.description);

describe('pending ticket charges for a recurring invoice', () => {
  it('takes charged labour and line items ticket by ticket, never deposits, waiting units or others’ tickets', async () => {
    const s = await shop();
    const lines = await pending('ticket');
    expect(lines.map((p) => [p.line.description, p.line.qty, p.line.unitPriceMinor, p.charge])).toEqual([
      [
        'T-000001: On-site support (hour): Diagnosis',
        1000,
        12_500,
        { source: 'labour', id: s.diagnosis, ticketId: s.t1 },
      ],
      ['T-000001: USB-C Cable 2m', 2000, 1_999, { source: 'item', id: s.cable, ticketId: s.t1 }],
      ['T-000002: On-site support (hour): Fitting', 500, 12_500, { source: 'labour', id: s.fitting, ticketId: s.t2 }],
      ['T-000002: Screen', 1000, 9_000, { source: 'item', id: s.screen, ticketId: s.t2 }],
    ]);
    expect(lines.every((p) => p.line.serialIds.length === 0 && p.line.unitPriceMinor > 0)).toBe(true);
    // Only the tickets of the chosen statuses.
    expect(await described('ticket', [s.resolved])).toEqual([
      'T-000002: On-site support (hour): Fitting',
      'T-000002: Screen',
    ]);
    expect(await described('ticket', [s.fresh])).toEqual([
      'T-000001: On-site support (hour): Diagnosis',
      'T-000001: USB-C Cable 2m',
    ]);
  });

  it('by date: when each charge was made, across tickets', async () => {
    const s = await shop();
    await b.all(`UPDATE ticket_labour SET started_at = ? WHERE id = ?`, '2026-11-03T09:00:00.000Z', s.diagnosis);
    await b.all(`UPDATE ticket_charges SET created_at = ? WHERE id = ?`, '2026-11-05T09:00:00.000Z', s.cable);
    await b.all(`UPDATE ticket_charges SET created_at = ? WHERE id = ?`, '2026-11-01T09:00:00.000Z', s.screen);
    await b.all(`UPDATE ticket_labour SET started_at = ? WHERE id = ?`, '2026-11-04T09:00:00.000Z', s.fitting);
    expect(await described('date')).toEqual([
      'T-000002: Screen',
      'T-000001: On-site support (hour): Diagnosis',
      'T-000002: On-site support (hour): Fitting',
      'T-000001: USB-C Cable 2m',
    ]);
    // The same charges by ticket, whatever their dates.
    expect(await described('ticket')).toEqual([
      'T-000001: On-site support (hour): Diagnosis',
      'T-000001: USB-C Cable 2m',
      'T-000002: On-site support (hour): Fitting',
      'T-000002: Screen',
    ]);
  });

  it('once linked they are Invoiced on the draft; a line removed or the draft deleted puts them back', async () => {
    const s = await shop();
    const template = await addTemplate(
      b,
      { customer_id: ids.acme, location_id: ids.main, start_date: '2026-11-01' },
      [],
    );
    const charges = await pending('ticket');
    const revision = (await ok(b.api.getTicket({ id: s.t2 }))).revision;
    const draft = await inWriteTransaction(serviceCtx(b), async (trx) => {
      const invoice = await saveInvoice(trx, {
        draft: true,
        recurringTemplateId: template.id,
        customerId: ids.acme,
        locationId: ids.main,
        invoiceDate: '2026-11-01',
        notes: '',
        lines: charges.map((c) => c.line),
      });
      await linkChargeLines(
        trx,
        charges.map((c) => c.charge),
        invoice.lines.map((l) => l.id),
      );
      return invoice;
    });
    expect(await pending('ticket')).toEqual([]);
    const t2 = await ok(b.api.getTicket({ id: s.t2 }));
    expect(t2.revision).toBeGreaterThan(revision);
    expect(t2.billingStatus).toBe('invoiced');
    // T-000001 keeps its deposit (never swept) and the laptop waiting for its unit.
    const t1 = await ok(b.api.getTicket({ id: s.t1 }));
    expect(t1.pending.map((c) => c.source).sort()).toEqual(['deposit', 'item']);

    // The draft edited without the Screen line: that charge alone is pending again.
    const kept = draft.lines.filter((l) => l.description !== 'T-000002: Screen');
    await ok(
      b.api.saveInvoice({
        id: draft.id,
        revision: draft.revision,
        draft: true,
        customerId: ids.acme,
        locationId: ids.main,
        invoiceDate: '2026-11-01',
        lines: kept.map((l) => ({
          id: l.id,
          productId: l.productId,
          description: l.description,
          qty: l.qty,
          unitPriceMinor: l.unitPriceMinor,
          taxable: l.taxable,
          serialIds: [],
        })),
      }),
    );
    expect(await described('ticket')).toEqual(['T-000002: Screen']);
    // The draft deleted (its lines go, ON DELETE SET NULL): every charge is pending again.
    await b.all(`DELETE FROM invoices WHERE id = ?`, draft.id);
    expect(await described('ticket')).toEqual(charges.map((c) => c.line.description));
  });

  it('a unit reserved for the ticket goes on the recurring invoice, and back to the ticket when taken off', async () => {
    const s = await shop();
    const t1 = await ok(b.api.getTicket({ id: s.t1 }));
    const laptop = t1.items.find((c) => c.productId === ids.laptop)!;
    await ok(b.api.reserveUnitForTicket({ ticketId: s.t1, chargeId: laptop.id, serialId: ids.serial('DL5440-0001') }));
    const charges = await pending('ticket', [s.fresh]);
    expect(charges.map((c) => [c.line.description, c.line.serialIds])).toContainEqual([
      'T-000001: Latitude 5440 Laptop',
      [ids.serial('DL5440-0001')],
    ]);
    const template = await addTemplate(
      b,
      { customer_id: ids.acme, location_id: ids.main, start_date: '2026-11-01' },
      [],
    );
    const draft = await inWriteTransaction(serviceCtx(b), (trx) =>
      saveInvoice(trx, {
        draft: true,
        recurringTemplateId: template.id,
        customerId: ids.acme,
        locationId: ids.main,
        invoiceDate: '2026-11-01',
        notes: '',
        lines: charges.map((c) => c.line),
      }),
    );
    const unit = () =>
      b.one<{ status: string; ticket_id: number | null }>(
        'SELECT status, ticket_id FROM serials WHERE id = ?',
        ids.serial('DL5440-0001'),
      );
    expect(await unit()).toMatchObject({ status: 'reserved' });
    expect(Number((await unit()).ticket_id)).toBe(s.t1);
    // Taken off the draft: Reserved for T-000001 again, not back in stock.
    const rest = draft.lines.filter((l) => l.serials.length === 0);
    await ok(
      b.api.saveInvoice({
        id: draft.id,
        draft: true,
        customerId: ids.acme,
        locationId: ids.main,
        invoiceDate: '2026-11-01',
        lines: rest.map((l) => ({
          id: l.id,
          productId: l.productId,
          description: l.description,
          qty: l.qty,
          unitPriceMinor: l.unitPriceMinor,
          taxable: l.taxable,
          serialIds: [],
        })),
      }),
    );
    expect(await unit()).toMatchObject({ status: 'reserved' });
    expect(Number((await unit()).ticket_id)).toBe(s.t1);
    // Sold on a finalised recurring invoice (keeping its ticket), then voided: Reserved for T-000001 again.
    const sent = await inWriteTransaction(serviceCtx(b), (trx) =>
      saveInvoice(trx, {
        recurringTemplateId: template.id,
        customerId: ids.acme,
        locationId: ids.main,
        invoiceDate: '2026-12-01',
        notes: '',
        lines: charges.filter((c) => c.line.serialIds.length > 0).map((c) => c.line),
      }),
    );
    expect(await unit()).toMatchObject({ status: 'sold' });
    expect(Number((await unit()).ticket_id)).toBe(s.t1);
    await ok(b.api.voidInvoice({ id: sent.id }));
    expect(await unit()).toMatchObject({ status: 'reserved' });
    expect(Number((await unit()).ticket_id)).toBe(s.t1);
  });

  it('through the run engine: the Resolved tickets’ charges on the draft, Invoiced; a second pass adds nothing', async () => {
    const s = await shop();
    const template = await addTemplate(
      b,
      { customer_id: ids.acme, location_id: ids.main, start_date: '2026-11-21', add_ticket_charges: 1 },
      [],
    );
    await b.all(
      'INSERT INTO recurring_template_statuses (template_id, status_id) VALUES (?, ?)',
      template.id,
      s.resolved,
    );
    const report = await runDueRecurring(serviceCtx(b));
    expect(report.made).toHaveLength(1);
    const invoice = await ok(b.api.getInvoice({ id: report.made[0]!.invoiceId }));
    expect(invoice.recurring?.number).toBe(template.number);
    expect(invoice.lines.map((l) => l.description)).toEqual([
      'T-000002: On-site support (hour): Fitting',
      'T-000002: Screen',
    ]);
    expect((await ok(b.api.getTicket({ id: s.t2 }))).billingStatus).toBe('invoiced');
    expect(await described('ticket', [s.resolved])).toEqual([]);
    // T-000001 is New: its charges stay pending.
    expect(await described('ticket')).toEqual([
      'T-000001: On-site support (hour): Diagnosis',
      'T-000001: USB-C Cable 2m',
    ]);
    expect(await runDueRecurring(serviceCtx(b))).toEqual({ made: [], skipped: [], failed: [] });
  });
});
