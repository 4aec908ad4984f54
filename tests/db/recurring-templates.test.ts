// Recurring invoice templates (R-000001) on a real store through the real API: create, edit (revision checked),
// validation messages naming the field, the serialized-line refusal with nothing written, the list's status words
// and filter, Pause / Resume, Delete (the invoices made keep their link), the run log (a deleted draft keeps its
// number), and Make recurring from an invoice with a serialized line (left out, named).
import { describe, expect, it } from 'vitest';
import type { InputOf } from '../../core/contract.ts';
import { freshDemoPerTest, okValue, refusalOf, type Backend, type DemoIds } from '../support/backend.ts';

let b: Backend;
let ids: DemoIds;
freshDemoPerTest((backend, demo) => {
  b = backend;
  ids = demo;
});

type Save = InputOf<'saveRecurring'>;
type Line = Save['lines'][number];
const standard = (extra: Partial<Line> = {}): Line => ({
  kind: 'standard',
  productId: ids.support,
  description: 'Managed support',
  qty: 1000,
  unitPriceMinor: 5_000,
  taxable: true,
  taxRateId: null,
  assetType: '',
  contactFieldId: null,
  contactFieldValue: '',
  ...extra,
});
const laptops = (): Line => ({ ...standard(), kind: 'asset_counter', productId: null, description: '', qty: 0 });
const base = (extra: Partial<Save> = {}): Save => ({
  customerId: ids.acme,
  frequency: 'monthly',
  everyMonths: 1,
  startDate: '2026-12-01',
  endDate: null,
  maxRuns: null,
  terms: 'Net 30',
  notes: 'Monthly support',
  action: 'draft',
  addTicketCharges: false,
  ticketStatusIds: [],
  ticketChargeOrder: 'ticket',
  lines: [standard(), { ...laptops(), assetType: 'Laptop', unitPriceMinor: 1_500 }],
  ...extra,
});
const create = (extra: Partial<Save> = {}) => okValue(b.api.saveRecurring(base(extra)));
const templateRows = async () => (await b.one<{ n: number }>('SELECT count(*) AS n FROM recurring_templates')).n;

describe('recurring templates', () => {
  it('creates R-000001 with its lines; the first run defaults to a period after the start date; the list shows it', async () => {
    const t = await create();
    expect(t).toMatchObject({
      number: 'R-000001',
      customerName: 'Acme Corp',
      frequencyText: 'Monthly',
      nextRunDate: '2027-01-01',
      status: 'active',
      action: 'draft',
      runsMade: 0,
      runs: [],
    });
    expect(t.lines.map((l) => [l.kind, l.description, l.qty, l.assetType])).toEqual([
      ['standard', 'Managed support', 1000, ''],
      ['asset_counter', 'Laptop (per device)', 0, 'Laptop'],
    ]);
    const second = await create({ frequency: 'every_n_months', everyMonths: 2, lines: [standard({ qty: 2500 })] });
    expect(second.number).toBe('R-000002');
    const list = await okValue(b.api.listRecurring({}));
    expect(list.map((r) => [r.number, r.frequencyText, r.nextRunDate, r.status, r.totalPerRunMinor])).toEqual([
      ['R-000002', 'Every 2 months', '2027-02-01', 'active', 12_500],
      ['R-000001', 'Monthly', '2027-01-01', 'active', 5_000],
    ]);
  });

  it('edits future runs with a revision check; a stale edit is refused with nothing written', async () => {
    const t = await create();
    const edited = await okValue(
      b.api.saveRecurring({
        ...base({ frequency: 'quarterly', nextRunDate: '2027-01-15', lines: [standard({ unitPriceMinor: 7_000 })] }),
        id: t.id,
        revision: t.revision,
      }),
    );
    expect(edited).toMatchObject({ frequencyText: 'Quarterly', nextRunDate: '2027-01-15', revision: t.revision + 1 });
    expect(edited.lines).toHaveLength(1);
    const stale = await refusalOf(b, () => b.api.saveRecurring({ ...base(), id: t.id, revision: t.revision }));
    expect(stale).toMatchObject({ code: 'conflict', message: expect.stringContaining('changed elsewhere') });
    const cleared = await refusalOf(b, () => b.api.saveRecurring({ ...base({ nextRunDate: null }), id: t.id }));
    expect(cleared.message).toBe('Enter the next run date.');
  });

  it('refuses bad values with a message for the field, nothing written', async () => {
    const cases: Array<[Partial<Save>, string]> = [
      [{ frequency: 'every_n_months', everyMonths: 0 }, 'from 1 to 120'],
      [{ frequency: 'every_n_months', everyMonths: 121 }, 'from 1 to 120'],
      [{ endDate: '2026-11-01' }, 'The end date is before the start date.'],
      [{ endDate: '2027-01-01', maxRuns: 3 }, 'an end date or a number of runs'],
      [{ maxRuns: 0 }, '1 or more'],
      [{ nextRunDate: '2026-11-01' }, 'The next run date is before the start date.'],
      [{ lines: [] }, 'at least one line, or Add pending ticket charges'],
      [{ lines: [standard({ qty: 0 })] }, 'Line 1: enter a quantity above 0.'],
      [{ lines: [standard({ productId: null, description: '  ' })] }, 'Line 1 is a manual item'],
      [{ lines: [standard(), laptops()] }, 'Line 2 is an asset counter: choose the asset type'],
      [{ customerId: ids.walkIn }, 'walk-in customer'],
    ];
    for (const [extra, message] of cases) {
      const refused = await refusalOf(b, () => b.api.saveRecurring(base(extra)));
      expect(refused.message, JSON.stringify(extra)).toContain(message);
    }
    expect(await templateRows()).toBe(0);
    // Pending ticket charges alone are a template.
    const charges = await create({ lines: [], addTicketCharges: true, ticketChargeOrder: 'date' });
    expect(charges).toMatchObject({ addTicketCharges: true, ticketChargeOrder: 'date', lines: [] });
  });

  it('refuses a serialized product on a standard line, naming it, with nothing written', async () => {
    const laptop = standard({ productId: ids.laptop, description: 'Latitude 5440 Laptop' });
    const refused = await refusalOf(b, () => b.api.saveRecurring(base({ lines: [standard(), laptop] })));
    expect(refused.code).toBe('invalid_input');
    expect(refused.message).toMatch(
      /^Latitude 5440 Laptop is serial-tracked: a recurring sale of a unit makes no sense\. Bill a service or a non-serialized product, or count the customer's \w+ with an asset counter\.$/,
    );
    expect(await templateRows()).toBe(0);
    // Counting the laptops is the way: the counter keeps the words and lets go of the serial-tracked product, so a
    // run never sells a unit.
    const counted = await create({ lines: [{ ...laptops(), productId: ids.laptop, assetType: 'Laptop' }] });
    expect(counted.lines[0]).toMatchObject({ kind: 'asset_counter', productId: null, assetType: 'Laptop', qty: 0 });
  });

  it('pauses and resumes; the list filters by status word', async () => {
    const t = await create();
    const other = await create();
    const paused = await okValue(b.api.setRecurringPaused({ id: t.id, paused: true }));
    expect(paused).toMatchObject({ paused: true, status: 'paused' });
    const again = await refusalOf(b, () => b.api.setRecurringPaused({ id: t.id, paused: true }));
    expect(again.message).toBe('R-000001 is already paused.');
    const numbers = async (status: InputOf<'listRecurring'>['status']) =>
      (await okValue(b.api.listRecurring({ status }))).map((r) => r.number);
    expect(await numbers('paused')).toEqual(['R-000001']);
    expect(await numbers('active')).toEqual(['R-000002']);
    await b.all('UPDATE recurring_templates SET needs_attention = 1 WHERE id = ?', other.id);
    expect(await numbers('needs_attention')).toEqual(['R-000002']);
    expect(await numbers('ended')).toEqual([]);
    // Ended: its runs all made (an edit to 1 run when 1 is made).
    await b.all('UPDATE recurring_templates SET runs_made = 1 WHERE id = ?', other.id);
    const ended = await okValue(b.api.saveRecurring({ ...base({ maxRuns: 1 }), id: other.id }));
    expect(ended).toMatchObject({ status: 'ended', nextRunDate: null });
    expect(await numbers('ended')).toEqual(['R-000002']);
    const resumed = await okValue(b.api.setRecurringPaused({ id: t.id, paused: false }));
    expect(resumed).toMatchObject({ paused: false, status: 'active' });
    expect(await numbers('all')).toEqual(['R-000002', 'R-000001']);
  });

  it('deletes a template out of the list; its invoices keep the link, the run log its numbers', async () => {
    const t = await create();
    const invoice = await okValue(
      b.api.saveInvoice({
        customerId: ids.acme,
        locationId: ids.main,
        invoiceDate: '2026-12-01',
        lines: [
          {
            productId: ids.support,
            description: 'Managed support',
            qty: 1000,
            unitPriceMinor: 5_000,
            taxable: true,
            serialIds: [],
          },
        ],
        draft: true,
      }),
    );
    await b.all('UPDATE invoices SET recurring_template_id = ? WHERE id = ?', t.id, invoice.id);
    const ran = '2026-12-01T09:00:00.000Z';
    await b.all(
      `INSERT INTO recurring_runs (template_id, period_date, outcome, invoice_id, invoice_number, message, ran_at, actor)
       VALUES (?, '2026-12-01', 'made', ?, ?, '', ?, 'scheduler'),
              (?, '2027-01-01', 'made', NULL, 'INV-000099', '', ?, 'scheduler'),
              (?, '2027-02-01', 'failed', NULL, '', 'Line 1: that product no longer exists.', ?, 'scheduler')`,
      t.id,
      invoice.id,
      invoice.number,
      ran,
      t.id,
      ran,
      t.id,
      ran,
    );
    const log = await okValue(b.api.getRecurring({ id: t.id }));
    expect(log.runs.map((r) => [r.periodDate, r.outcome, r.invoiceId, r.invoiceNumber, r.message])).toEqual(
      [
        ['2027-02-01', 'failed', null, '', 'Line 1: that product no longer exists.'],
        ['2027-01-01', 'made', null, 'INV-000099'],
        ['2026-12-01', 'made', invoice.id, invoice.number, ''],
      ].map((r) => (r.length === 4 ? [...r, ''] : r)),
    );
    const listed = await okValue(b.api.listRecurring({}));
    expect(listed[0]!.lastRun).toEqual({ periodDate: '2027-01-01', invoiceId: null, invoiceNumber: 'INV-000099' });

    expect(await okValue(b.api.deleteRecurring({ id: t.id }))).toEqual({ number: 'R-000001' });
    expect(await okValue(b.api.listRecurring({}))).toEqual([]);
    const kept = await b.one<{ recurring_template_id: number }>(
      'SELECT recurring_template_id FROM invoices WHERE id = ?',
      invoice.id,
    );
    expect(Number(kept.recurring_template_id)).toBe(t.id);
    expect(await okValue(b.api.getRecurring({ id: t.id }))).toMatchObject({ number: 'R-000001', deleted: true });
    const edit = await refusalOf(b, () => b.api.saveRecurring({ ...base(), id: t.id }));
    expect(edit.message).toBe('R-000001 was deleted: it cannot be edited.');
  });

  it('an end date before the next run ends a template that has run; on one that never ran it is refused', async () => {
    const t = await create({ startDate: '2026-09-21' });
    expect(t.nextRunDate).toBe('2026-10-21');
    expect((await okValue(b.api.runRecurringNow({}))).made.map((m) => m.periodDate)).toEqual([
      '2026-10-21',
      '2026-11-21',
    ]);
    const ran = await okValue(b.api.getRecurring({ id: t.id }));
    const ended = await okValue(
      b.api.saveRecurring({
        ...base({ startDate: '2026-09-21', endDate: '2026-12-01' }),
        id: t.id,
        revision: ran.revision,
      }),
    );
    expect(ended).toMatchObject({ status: 'ended', nextRunDate: null, endDate: '2026-12-01', runsMade: 2 });

    const fresh = await create();
    const refused = await refusalOf(b, () =>
      b.api.saveRecurring({ ...base(), id: fresh.id, revision: fresh.revision, endDate: '2026-12-15' }),
    );
    expect(await okValue(b.api.getRecurring({ id: fresh.id }))).toMatchObject({
      revision: fresh.revision,
      endDate: null,
    });
    expect(refused.message).toBe('The next run date is after the end date: it would never run.');
  });

  it('Make recurring on an old invoice runs next from today on, never catching up the months since', async () => {
    const old = await okValue(
      b.api.saveInvoice({
        customerId: ids.acme,
        locationId: ids.main,
        invoiceDate: '2026-08-31',
        lines: [
          {
            productId: ids.cable,
            description: 'USB-C cable',
            qty: 1000,
            unitPriceMinor: 1_000,
            taxable: true,
            serialIds: [],
          },
        ],
        draft: true,
      }),
    );
    const draft = await okValue(b.api.makeRecurring({ invoiceId: old.id }));
    // Monthly from Aug 31: Sep 30, Oct 31, then Nov 30, the first from today (Nov 21) on.
    expect(draft.values).toMatchObject({ startDate: '2026-08-31', nextRunDate: '2026-11-30' });
  });

  it('Make recurring proposes the invoice lines, leaving out a serialized line, and saves nothing', async () => {
    const invoice = await okValue(
      b.api.saveInvoice({
        customerId: ids.acme,
        locationId: ids.main,
        invoiceDate: '2026-11-21',
        terms: 'Net 30',
        lines: [
          {
            productId: ids.laptop,
            description: 'Latitude 5440 Laptop',
            qty: 1000,
            unitPriceMinor: 124_900,
            taxable: true,
            serialIds: [ids.serial('DL5440-0001')],
          },
          {
            productId: ids.cable,
            description: 'USB-C cable 2 m',
            qty: 2000,
            unitPriceMinor: 1_000,
            taxable: true,
            serialIds: [],
          },
        ],
        draft: true,
      }),
    );
    const draft = await okValue(b.api.makeRecurring({ invoiceId: invoice.id }));
    expect(await templateRows()).toBe(0);
    expect(draft).toMatchObject({
      customerName: 'Acme Corp',
      sourceInvoice: { id: invoice.id, number: invoice.number },
      values: {
        customerId: ids.acme,
        frequency: 'monthly',
        startDate: '2026-11-21',
        nextRunDate: '2026-12-21',
        terms: 'Net 30',
      },
      leftOut: [{ description: 'Latitude 5440 Laptop', reason: expect.stringContaining('serial-tracked') }],
    });
    expect(draft.values.lines.map((l) => [l.kind, l.productId, l.qty])).toEqual([['standard', ids.cable, 2000]]);
    const saved = await okValue(b.api.saveRecurring({ ...draft.values, sourceInvoiceId: invoice.id }));
    expect(saved.sourceInvoice).toEqual({ id: invoice.id, number: invoice.number });
  });
});
