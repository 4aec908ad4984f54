// The Invoices page's reads and bulk actions on a real store, through the contract: search by number, customer and
// serial (a void invoice that had the unit too), every filter (Overdue, Outstanding, Paid in the last 30 days), every
// sort (with few matches, read through the filters' indexes, and with many, walked along the sort's index), the
// From-after-To refusal, the glance's totals, and bulk actions where one refusal leaves the others done.
import { describe, expect, it } from 'vitest';
import type { InputOf } from '../../core/contract.ts';
import { INVOICE_SORTS } from '../../core/enums.ts';
import type { ErrorCode } from '../../core/errors.ts';
import type { Invoice, InvoiceSummary } from '../../core/model.ts';
import { freshDemoPerTest, type Backend, type DemoIds } from '../support/backend.ts';

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

type Save = InputOf<'saveInvoice'>;
type Line = Save['lines'][number];
const unit = (productId: number, serial: string, unitPriceMinor = 100_000): Line => ({
  productId,
  description: 'Unit',
  qty: 1000,
  unitPriceMinor,
  taxable: false,
  serialIds: [ids.serial(serial)],
});
const labour = (unitPriceMinor: number): Line => ({
  productId: null,
  description: 'Labour',
  qty: 1000,
  unitPriceMinor,
  taxable: false,
  serialIds: [],
});
const save = (customerId: number, invoiceDate: string, lines: Line[], extra: Partial<Save> = {}) =>
  ok(b.api.saveInvoice({ customerId, locationId: ids.main, invoiceDate, lines, ...extra }));
const jordan = async () => (await b.one<{ id: number }>(`SELECT id FROM customers WHERE name = 'Jordan Lee'`)).id;
const cash = async () => (await b.one<{ id: number }>(`SELECT id FROM payment_methods WHERE kind = 'cash'`)).id;
const pay = async (invoiceId: number, amountMinor: number, paidOn = '2026-11-21') =>
  ok(b.api.takePayment({ invoiceId, amountMinor, methodId: await cash(), paidOn }));

const list = (input: InputOf<'listInvoices'> = {}) => ok(b.api.listInvoices(input));
const numbers = async (input: InputOf<'listInvoices'> = {}) => (await list(input)).rows.map((r) => r.number);

/**
 * The shop on 2026-11-21 (the frozen clock):
 * INV-000001 Acme, Oct 1, Net 30 (due Oct 31), DL5440-0001, Sent: overdue.
 * INV-000002 Jordan Lee, Nov 20, draft reserving DL5440-0002.
 * INV-000003 Walk-in, Nov 1, labour 50.00, paid in full on Nov 21.
 * INV-000004 Acme, Oct 15, due Dec 15, labour 300.00; 100.00 paid on Oct 20 (before the last 30 days) and 40.00
 *            on Nov 10: Partial, not overdue.
 * (Invoices without terms are due on receipt: due on their date.)
 * INV-000005 Acme, Sep 1, DL5440-0003, voided (the unit back in stock).
 * INV-000006 Jordan Lee, Nov 18, DL5440-0003 sold again, 900.00.
 */
async function shop() {
  const a = await save(ids.acme, '2026-10-01', [unit(ids.laptop, 'DL5440-0001', 120_000)], { terms: 'Net 30' });
  const d = await save(await jordan(), '2026-11-20', [unit(ids.laptop, 'DL5440-0002')], { draft: true });
  const c = await save(ids.walkIn, '2026-11-01', [labour(5_000)]);
  await pay(c.id, 5_000);
  const p = await save(ids.acme, '2026-10-15', [labour(30_000)], { dueDate: '2026-12-15' });
  await pay(p.id, 10_000, '2026-10-20');
  await pay(p.id, 4_000, '2026-11-10');
  const v = await save(ids.acme, '2026-09-01', [unit(ids.laptop, 'DL5440-0003', 110_000)]);
  await ok(b.api.voidInvoice({ id: v.id }));
  const r = await save(await jordan(), '2026-11-18', [unit(ids.laptop, 'DL5440-0003', 90_000)]);
  return { a, d, c, p, v, r };
}

describe('searching the invoice list', () => {
  it('finds by invoice number, as typed or in part, in any letter case', async () => {
    await shop();
    expect(await numbers({ search: 'INV-000001' })).toEqual(['INV-000001']);
    expect(await numbers({ search: 'inv-000004' })).toEqual(['INV-000004']);
    expect(await numbers({ search: '0003' })).toEqual(['INV-000003']);
    expect(await numbers({ search: 'INV-00000' })).toHaveLength(6);
    expect(await list({ search: 'INV-000099' })).toEqual({ rows: [], total: 0 });
  });

  it('finds by part of the customer name, in any letter case', async () => {
    await shop();
    expect(await numbers({ search: 'acme', sort: 'number', dir: 'asc' })).toEqual([
      'INV-000001',
      'INV-000004',
      'INV-000005',
    ]);
    expect(await numbers({ search: 'ORDAN L', sort: 'number', dir: 'asc' })).toEqual(['INV-000002', 'INV-000006']);
    expect(await numbers({ search: 'walk-in' })).toEqual(['INV-000003']);
  });

  it('finds the invoice that sold, reserved or voided a serial, typed in any case or dash style', async () => {
    await shop();
    expect(await numbers({ search: 'DL5440-0001' })).toEqual(['INV-000001']);
    expect(await numbers({ search: 'dl5440-0002' })).toEqual(['INV-000002']); // the draft that reserves it
    // Voided on INV-000005 (back in stock), then sold on INV-000006: both are found.
    expect(await numbers({ search: 'DL5440\u20130003', sort: 'number', dir: 'asc' })).toEqual([
      'INV-000005',
      'INV-000006',
    ]);
    expect(await numbers({ search: 'SN:DL5440-0001' })).toEqual(['INV-000001']);
    expect(await numbers({ search: 'DL5440-0101' })).toEqual([]); // in stock, never sold
  });

  it('finds a unit by the label it had before a rename', async () => {
    await shop();
    await ok(b.api.renameSerial({ id: ids.serial('DL5440-0001'), serial: 'DL5440-0001X', reason: 'Typo' }));
    expect(await numbers({ search: 'DL5440-0001X' })).toEqual(['INV-000001']);
    expect(await numbers({ search: 'DL5440-0001' })).toEqual(['INV-000001']);
  });

  it('keeps the other filters with a search', async () => {
    await shop();
    expect(await numbers({ search: 'acme', status: 'void' })).toEqual(['INV-000005']);
    expect(await numbers({ search: 'DL5440-0003', status: 'sent' })).toEqual(['INV-000006']);
  });
});

describe('filtering the invoice list', () => {
  it('by each status, Overdue, Outstanding and Paid in the last 30 days', async () => {
    await shop();
    const by = (status: InputOf<'listInvoices'>['status']) => numbers({ status, sort: 'number', dir: 'asc' });
    expect(await by('draft')).toEqual(['INV-000002']);
    expect(await by('sent')).toEqual(['INV-000001', 'INV-000006']);
    expect(await by('viewed')).toEqual([]);
    expect(await by('partial')).toEqual(['INV-000004']);
    expect(await by('paid')).toEqual(['INV-000003']);
    expect(await by('void')).toEqual(['INV-000005']);
    // Due Oct 31, unpaid; INV-000006 is due on its own date (due on receipt, Nov 18).
    expect(await by('overdue')).toEqual(['INV-000001', 'INV-000006']);
    expect(await by('outstanding')).toEqual(['INV-000001', 'INV-000004', 'INV-000006']);
    // Payments dated Oct 23 … Nov 21: INV-000003's and INV-000004's Nov 10 part (its Oct 20 part is older).
    expect(await by('paid_30d')).toEqual(['INV-000003', 'INV-000004']);
  });

  it('marks overdue rows, counting today as not yet overdue', async () => {
    const { r } = await shop();
    const rows = (await list({ sort: 'number', dir: 'asc' })).rows;
    expect(rows.filter((x) => x.overdue).map((x) => x.number)).toEqual(['INV-000001', 'INV-000006']);
    const dueToday = await save(ids.acme, '2026-11-21', [labour(1_000)]);
    expect((await list({ search: dueToday.number })).rows[0]).toMatchObject({ dueDate: '2026-11-21', overdue: false });
    expect((await list({ search: r.number })).rows[0]).toMatchObject({
      customerName: 'Jordan Lee',
      invoiceDate: '2026-11-18',
      dueDate: '2026-11-18',
      status: 'sent',
      totalMinor: 90_000,
      balanceMinor: 90_000,
    });
  });

  it('by customer and by invoice dates (both ends included), with the total count', async () => {
    await shop();
    expect(await list({ customerId: ids.acme, sort: 'number', dir: 'asc' })).toMatchObject({
      total: 3,
      rows: [{ number: 'INV-000001' }, { number: 'INV-000004' }, { number: 'INV-000005' }],
    });
    expect(await numbers({ from: '2026-10-01', to: '2026-11-18', sort: 'date', dir: 'asc' })).toEqual([
      'INV-000001',
      'INV-000004',
      'INV-000003',
      'INV-000006',
    ]);
    expect(await numbers({ from: '2026-11-19' })).toEqual(['INV-000002']);
    expect(await numbers({ to: '2026-09-30' })).toEqual(['INV-000005']);
    expect(await list({ customerId: ids.walkIn, status: 'void' })).toEqual({ rows: [], total: 0 });
  });

  it('refuses a From date after the To date with a clear message', async () => {
    await shop();
    expect(await b.api.listInvoices({ from: '2026-11-30', to: '2026-11-01' })).toEqual({
      ok: false,
      error: {
        code: 'invalid_input',
        message: 'From (2026-11-30) is after To (2026-11-01): choose a From date on or before the To date.',
        details: { field: 'from' },
      },
    });
    expect(await list({ from: '2026-11-01', to: '2026-11-01' })).toMatchObject({ total: 1 });
  });

  it('pages with the total count', async () => {
    await shop();
    const first = await list({ sort: 'number', dir: 'asc', limit: 4 });
    const second = await list({ sort: 'number', dir: 'asc', limit: 4, offset: 4 });
    expect([first.total, second.total]).toEqual([6, 6]);
    expect([...first.rows, ...second.rows].map((r) => r.number)).toEqual([
      'INV-000001',
      'INV-000002',
      'INV-000003',
      'INV-000004',
      'INV-000005',
      'INV-000006',
    ]);
    expect(await list({ offset: 10 })).toEqual({ rows: [], total: 6 });
  });
});

/** The order a sort promises, written out in JS (ties by id, in the same direction). */
function expected(rows: InvoiceSummary[], sort: (typeof INVOICE_SORTS)[number], dir: 'asc' | 'desc') {
  const key = (r: InvoiceSummary): Array<string | number> => {
    switch (sort) {
      case 'number':
        return [r.number];
      case 'date':
        return [r.invoiceDate, r.id];
      case 'due':
        return [r.dueDate, r.id];
      case 'customer':
        return [r.customerName.toLowerCase(), r.customerId, r.invoiceDate, r.id];
      case 'status':
        return [r.status, r.dueDate, r.invoiceDate, r.balanceMinor, r.id];
      case 'total':
        return [r.totalMinor, r.id];
      case 'balance':
        return [r.balanceMinor, r.id];
    }
  };
  const cmp = (x: InvoiceSummary, y: InvoiceSummary) => {
    const [a, c] = [key(x), key(y)];
    for (let i = 0; i < a.length; i++) if (a[i] !== c[i]) return a[i]! < c[i]! ? -1 : 1;
    return 0;
  };
  return [...rows].sort((x, y) => (dir === 'asc' ? cmp(x, y) : cmp(y, x))).map((r) => r.number);
}

describe('sorting the invoice list', () => {
  it('by each column, both ways', async () => {
    await shop();
    const everything = (await list({ limit: 200 })).rows;
    for (const sort of INVOICE_SORTS) {
      for (const dir of ['asc', 'desc'] as const) {
        expect(await numbers({ sort, dir }), `${sort} ${dir}`).toEqual(expected(everything, sort, dir));
      }
    }
    // 1,200.00; the draft's 1,000.00; 900.00; 160.00; then 0 (void, paid) newest first.
    expect(await numbers({ sort: 'balance', dir: 'desc' })).toEqual([
      'INV-000001',
      'INV-000002',
      'INV-000006',
      'INV-000004',
      'INV-000005',
      'INV-000003',
    ]);
  });

  it('orders many matches (walked along the sort index) exactly as few (read through the filter, then sorted)', async () => {
    // 4,500 invoices written directly: more matches than a page sorts itself, so each sort walks its index.
    const customers = [ids.acme, ids.walkIn, await jordan()];
    const statuses = ['sent', 'paid', 'partial', 'void', 'draft', 'viewed'] as const;
    const rows: unknown[][] = [];
    for (let k = 1; k <= 4500; k++) {
      const status = statuses[k % statuses.length]!;
      const total = ((k * 7919) % 5000) * 100;
      const paid = status === 'paid' ? total : status === 'partial' ? Math.floor(total / 3) : 0;
      const day = String(1 + (k % 28)).padStart(2, '0');
      rows.push([
        `INV-${String(k).padStart(6, '0')}`,
        customers[Math.floor(k / 6) % 3],
        ids.main,
        `2026-0${1 + (k % 9)}-${day}`,
        `2026-1${k % 3}-${day}`,
        status,
        total,
        total,
        paid,
      ]);
    }
    for (let start = 0; start < rows.length; start += 500) {
      const chunk = rows.slice(start, start + 500);
      await b.all(
        `INSERT INTO invoices (number, customer_id, location_id, invoice_date, due_date, status, subtotal_minor,
           tax_minor, total_minor, paid_minor, created_at, updated_at) VALUES ` +
          chunk
            .map(() => `(?, ?, ?, ?, ?, ?, ?, 0, ?, ?, '2026-11-21T10:00:00.000Z', '2026-11-21T10:00:00.000Z')`)
            .join(', '),
        ...chunk.flat(),
      );
    }
    const everything: InvoiceSummary[] = [];
    for (let offset = 0; offset < 4500; offset += 200) everything.push(...(await list({ limit: 200, offset })).rows);
    expect(everything).toHaveLength(4500);
    for (const sort of INVOICE_SORTS) {
      for (const dir of ['asc', 'desc'] as const) {
        const all = expected(everything, sort, dir);
        expect(await numbers({ sort, dir, limit: 50, offset: 1200 }), `${sort} ${dir}`).toEqual(all.slice(1200, 1250));
        // Few matches: one customer's void invoices.
        const few = everything.filter((r) => r.customerId === ids.acme && r.status === 'void');
        expect(few.length).toBeLessThan(2000);
        expect(await numbers({ sort, dir, customerId: ids.acme, status: 'void', limit: 200, offset: 10 })).toEqual(
          expected(few, sort, dir).slice(10, 210),
        );
      }
    }
    // Many matches of a filter, walked along the balance index: still only those.
    const open = everything.filter((r) => ['sent', 'viewed', 'partial'].includes(r.status));
    expect(open.length).toBeGreaterThan(2000);
    const page = await list({ status: 'outstanding', sort: 'balance', dir: 'desc', limit: 100, offset: 100 });
    expect(page.total).toBe(open.length);
    expect(page.rows.map((r) => r.number)).toEqual(expected(open, 'balance', 'desc').slice(100, 200));
    const overdue = everything.filter((r) => r.overdue);
    const late = await list({ status: 'overdue', sort: 'customer', dir: 'asc', limit: 100 });
    expect(late.total).toBe(overdue.length);
    expect(late.rows.map((r) => r.number)).toEqual(expected(overdue, 'customer', 'asc').slice(0, 100));
  });
});

describe('at a glance', () => {
  it('totals what is owed, what is overdue, and what was paid in the last 30 days net of refunds', async () => {
    const { p, r } = await shop();
    expect(await ok(b.api.invoiceGlance({}))).toEqual({
      // INV-000001 1,200.00 + INV-000004 160.00 + INV-000006 900.00
      outstanding: { minor: 226_000, count: 3 },
      overdue: { minor: 210_000, count: 2 },
      // INV-000003 50.00 + INV-000004's Nov 10 40.00
      paidLast30: { minor: 9_000, count: 2 },
    });
    const payment = await b.one<{ id: number }>(
      'SELECT payment_id AS id FROM payment_allocations WHERE amount_minor = 4000',
    );
    await ok(b.api.refundPayment({ paymentId: payment.id, amountMinor: 4_000, to: 'method', methodId: await cash() }));
    await pay(r.id, 90_000);
    expect(await ok(b.api.invoiceGlance({}))).toEqual({
      outstanding: { minor: 140_000, count: 2 }, // INV-000001 1,200.00, INV-000004 300.00 - 100.00
      overdue: { minor: 120_000, count: 1 },
      paidLast30: { minor: 95_000, count: 2 }, // INV-000003 50.00, INV-000006 900.00; INV-000004's part refunded
    });
    expect(p.number).toBe('INV-000004');
  });
});

describe('bulk actions', () => {
  const bulk = (action: InputOf<'bulkInvoices'>['action'], invoices: Invoice[]) =>
    ok(b.api.bulkInvoices({ action, ids: invoices.map((i) => i.id) }));
  const status = async (inv: Invoice) =>
    (await b.one<{ status: string }>('SELECT status FROM invoices WHERE id = ?', inv.id)).status;

  it('marks drafts sent, each on its own: one refused, the others done', async () => {
    const { a, d } = await shop();
    const d2 = await save(ids.acme, '2026-11-21', [labour(2_000)], { draft: true });
    expect(await bulk('send', [d, a, d2])).toEqual({
      done: [
        { id: d.id, number: 'INV-000002' },
        { id: d2.id, number: 'INV-000007' },
      ],
      refused: [{ id: a.id, number: 'INV-000001', message: 'INV-000001 is already Sent.' }],
    });
    expect([await status(d), await status(a), await status(d2)]).toEqual(['sent', 'sent', 'sent']);
    expect(await b.one('SELECT status FROM serials WHERE serial = ?', 'DL5440-0002')).toEqual({ status: 'sold' });
  });

  it('quick pays each open invoice in full with the default method, refusing the others with their reason', async () => {
    const { a, c, d, p } = await shop();
    const result = await bulk('quick_pay', [a, c, p, d]);
    expect(result.done).toEqual([
      { id: a.id, number: 'INV-000001' },
      { id: p.id, number: 'INV-000004' },
    ]);
    expect(result.refused).toEqual([
      { id: c.id, number: 'INV-000003', message: 'INV-000003 is already paid: nothing is owed.' },
      { id: d.id, number: 'INV-000002', message: 'INV-000002 is a draft: save it (finalise) before taking payment.' },
    ]);
    expect([await status(a), await status(p), await status(c), await status(d)]).toEqual([
      'paid',
      'paid',
      'paid',
      'draft',
    ]);
    expect(await b.one('SELECT balance_minor FROM invoices WHERE id = ?', p.id)).toEqual({ balance_minor: 0 });
  });

  it('voids those without payments; one with payments is refused, to be voided from the invoice', async () => {
    const { a, p, d, v } = await shop();
    const result = await bulk('void', [a, p, d, v]);
    expect(result).toEqual({
      done: [
        { id: a.id, number: 'INV-000001' },
        { id: d.id, number: 'INV-000002' },
      ],
      refused: [
        {
          id: p.id,
          number: 'INV-000004',
          message:
            'INV-000004 has payments: void it from the invoice, to choose whether they are refunded or kept as store credit.',
        },
        { id: v.id, number: 'INV-000005', message: 'INV-000005 is already void.' },
      ],
    });
    expect([await status(a), await status(d), await status(p)]).toEqual(['void', 'void', 'partial']);
    expect(
      await b.all(`SELECT serial, status FROM serials WHERE serial IN ('DL5440-0001', 'DL5440-0002') ORDER BY serial`),
    ).toEqual([
      { serial: 'DL5440-0001', status: 'in_stock' },
      { serial: 'DL5440-0002', status: 'in_stock' },
    ]);
    // The voided invoices are still found by their units.
    expect(await numbers({ search: 'DL5440-0001' })).toEqual(['INV-000001']);
  });

  it('names an id that is no invoice', async () => {
    const { d } = await shop();
    expect(await ok(b.api.bulkInvoices({ action: 'send', ids: [999, d.id] }))).toEqual({
      done: [{ id: d.id, number: 'INV-000002' }],
      refused: [{ id: 999, number: '', message: 'No invoice with id 999.' }],
    });
  });
});
