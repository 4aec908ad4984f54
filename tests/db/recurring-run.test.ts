import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { describe, expect, it } from 'vitest';
import { localDate } from '../../core/dates.ts';
import { addMonthsClamped } from '../../core/recurrence.ts';
import { NOTHING_TO_INVOICE, runDueRecurring } from '../../db/services/recurringRun.ts';
import { mailHost } from '../../electron/emailHandlers.ts';
import {
  FROZEN_NOW,
  freshBackend,
  freshDemoPerTest,
  okValue,
  onPostgres,
  serviceCtx,
  tempDir,
  type Backend,
  type DemoIds,
} from '../support/backend.ts';
import { addTemplate, type TemplateLine } from '../support/recurringFixture.ts';

// The recurring run engine (db/services/recurringRun.ts) on a real store with a frozen clock: one Draft per due
// period dated the period, catch-up after a gap, never a period twice, counter lines counted at the run, a failure
// logged on the template while other templates go on.

const today = localDate(FROZEN_NOW);
const monthsAgo = (n: number) => addMonthsClamped(today, -n);

let b: Backend;
let ids: DemoIds;
freshDemoPerTest((backend, demo) => {
  b = backend;
  ids = demo;
});

const cableLine = (): TemplateLine => ({
  kind: 'standard',
  product_id: ids.cable,
  description: 'USB-C cable 2 m',
  qty: 2000,
  unit_price_minor: 1500,
});

interface InvoiceRow {
  id: number;
  number: string;
  invoice_date: string;
  status: string;
  recurring_template_id: number | null;
}
const invoicesOf = (templateId: number) =>
  b.all<InvoiceRow>(
    'SELECT id, number, invoice_date, status, recurring_template_id FROM invoices ' +
      'WHERE recurring_template_id = ? ORDER BY invoice_date',
    templateId,
  );
const templateRow = (id: number) =>
  b.one<{ next_run_date: string | null; runs_made: number; needs_attention: number }>(
    'SELECT next_run_date, runs_made, needs_attention FROM recurring_templates WHERE id = ?',
    id,
  );
const runsOf = (templateId: number) =>
  b.all<{ period_date: string; outcome: string; invoice_number: string; message: string; attempts: number }>(
    'SELECT period_date, outcome, invoice_number, message, attempts FROM recurring_runs WHERE template_id = ? ' +
      'ORDER BY period_date',
    templateId,
  );

describe('catching up', () => {
  it('a monthly template started two months back makes three Drafts, each dated its period; again: none', async () => {
    const t = await addTemplate(b, { customer_id: ids.acme, location_id: ids.main, start_date: monthsAgo(2) }, [
      cableLine(),
    ]);
    const report = await runDueRecurring(serviceCtx(b));
    const periods = [monthsAgo(2), monthsAgo(1), today];
    expect(report.made.map((m) => m.periodDate)).toEqual(periods);
    expect(report.made.every((m) => m.templateNumber === t.number)).toBe(true);
    expect(report.failed).toEqual([]);

    const made = await invoicesOf(t.id);
    expect(made.map((i) => i.invoice_date)).toEqual(periods);
    expect(made.every((i) => i.status === 'draft' && Number(i.recurring_template_id) === t.id)).toBe(true);
    expect(made.map((i) => i.number)).toEqual(report.made.map((m) => m.invoiceNumber));
    const line = await b.one<{ qty: number; unit_price_minor: number; counted: number }>(
      'SELECT qty, unit_price_minor, counted FROM invoice_lines WHERE invoice_id = ?',
      made[0]!.id,
    );
    expect({ ...line, qty: Number(line.qty) }).toMatchObject({ qty: 2000, unit_price_minor: 1500 });
    expect(Number(line.counted)).toBe(0);

    expect(await templateRow(t.id)).toMatchObject({ next_run_date: addMonthsClamped(today, 1), runs_made: 3 });
    expect((await runsOf(t.id)).map((r) => [r.period_date, r.outcome, r.attempts])).toEqual(
      periods.map((p) => [p, 'made', 1]),
    );

    // Twice in a row: nothing more is due.
    expect(await runDueRecurring(serviceCtx(b))).toEqual({ made: [], skipped: [], failed: [] });
    expect(await invoicesOf(t.id)).toHaveLength(3);
  });

  it('two passes at once make each period once', async () => {
    const t = await addTemplate(
      b,
      { customer_id: ids.acme, location_id: ids.main, frequency: 'weekly', start_date: addDaysBack(35) },
      [cableLine()],
    );
    const [one, two] = await Promise.all([runDueRecurring(serviceCtx(b)), runDueRecurring(serviceCtx(b))]);
    expect(one.made.length + two.made.length).toBe(6);
    expect(one.failed.concat(two.failed)).toEqual([]);
    const made = await invoicesOf(t.id);
    expect(new Set(made.map((i) => i.invoice_date)).size).toBe(6);
    expect(made).toHaveLength(6);
    expect(await runsOf(t.id)).toHaveLength(6);
  });

  it('a next run date set back by hand never makes a period twice', async () => {
    const t = await addTemplate(b, { customer_id: ids.acme, location_id: ids.main, start_date: monthsAgo(1) }, [
      cableLine(),
    ]);
    await runDueRecurring(serviceCtx(b));
    await b.all('UPDATE recurring_templates SET next_run_date = ? WHERE id = ?', monthsAgo(1), t.id);
    expect((await runDueRecurring(serviceCtx(b))).made).toEqual([]);
    expect(await invoicesOf(t.id)).toHaveLength(2);
    expect((await templateRow(t.id)).next_run_date).toBe(addMonthsClamped(today, 1));
  });

  it('stops at the end date and the number of runs; paused and deleted templates do not run', async () => {
    const ended = await addTemplate(
      b,
      { customer_id: ids.acme, location_id: ids.main, start_date: monthsAgo(5), end_date: monthsAgo(4) },
      [cableLine()],
    );
    const counted = await addTemplate(
      b,
      { customer_id: ids.acme, location_id: ids.main, start_date: monthsAgo(5), max_runs: 3 },
      [cableLine()],
    );
    const paused = await addTemplate(
      b,
      { customer_id: ids.acme, location_id: ids.main, start_date: monthsAgo(1), paused: 1 },
      [cableLine()],
    );
    const deleted = await addTemplate(
      b,
      { customer_id: ids.acme, location_id: ids.main, start_date: monthsAgo(1), deleted_at: FROZEN_NOW.toISOString() },
      [cableLine()],
    );
    await runDueRecurring(serviceCtx(b));
    expect((await invoicesOf(ended.id)).map((i) => i.invoice_date)).toEqual([monthsAgo(5), monthsAgo(4)]);
    expect(await templateRow(ended.id)).toMatchObject({ next_run_date: null, runs_made: 2 });
    expect(await invoicesOf(counted.id)).toHaveLength(3);
    expect(await templateRow(counted.id)).toMatchObject({ next_run_date: null, runs_made: 3 });
    expect(await invoicesOf(paused.id)).toEqual([]);
    expect(await invoicesOf(deleted.id)).toEqual([]);
  });
});

describe('two processes on one data file', () => {
  const CHILD = path.join(import.meta.dirname, '..', 'support', 'recurring-child.ts');

  /** Starts a process running one pass on the file once told "go"; resolves its report. */
  function pass(file: string) {
    const proc = spawn(process.execPath, [CHILD, file], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const lines: Array<Record<string, unknown>> = [];
    const waiting: Array<() => void> = [];
    readline.createInterface({ input: proc.stdout }).on('line', (text) => {
      lines.push(JSON.parse(text) as Record<string, unknown>);
      waiting.splice(0).forEach((wake) => wake());
    });
    const exited = new Promise<number | null>((resolve) => proc.on('exit', resolve));
    const line = async (key: string) => {
      for (;;) {
        const found = lines.find((l) => key in l);
        if (found) return found;
        const woke = new Promise<void>((resolve) => waiting.push(resolve));
        if ((await Promise.race([woke.then(() => 'line'), exited.then(() => 'exit')])) === 'exit' && !lines.length)
          throw new Error(`the pass exited before saying ${key}: ${stderr}`);
      }
    };
    return {
      ready: () => line('ready'),
      go: () => proc.stdin.write('go\n'),
      report: async () => (await line('report')).report as { made: Array<{ periodDate: string }> },
      exited,
    };
  }

  it.skipIf(onPostgres)('two app processes catching up at once make one invoice per period', async () => {
    const file = path.join(tempDir('pos-recurring-'), 'pos.sqlite');
    const setup = await freshBackend({ file });
    const t = await addTemplate(
      setup,
      {
        customer_id: setup.ids.acme,
        location_id: setup.ids.main,
        frequency: 'weekly',
        start_date: addDaysBack(7 * 20),
      },
      [{ kind: 'standard', product_id: null, description: 'Weekly support', qty: 1000, unit_price_minor: 5000 }],
    );
    await setup.close();

    const passes = [pass(file), pass(file)];
    for (const p of passes) await p.ready();
    passes.forEach((p) => p.go());
    const reports = await Promise.all(passes.map((p) => p.report()));
    expect(await Promise.all(passes.map((p) => p.exited))).toEqual([0, 0]);

    const made = reports.flatMap((r) => r.made.map((m) => m.periodDate)).sort();
    expect(made).toHaveLength(21);
    expect(new Set(made).size).toBe(21);
    const check = await freshBackend({ file, demo: false });
    try {
      const invoices = await check.all<{ invoice_date: string }>(
        'SELECT invoice_date FROM invoices WHERE recurring_template_id = ? ORDER BY invoice_date',
        t.id,
      );
      expect(invoices.map((i) => i.invoice_date)).toEqual(made);
      const runs = await check.all<{ n: number }>(
        'SELECT count(*) AS n FROM recurring_runs WHERE template_id = ?',
        t.id,
      );
      expect(Number(runs[0]!.n)).toBe(21);
    } finally {
      await check.close();
    }
  });
});

function addDaysBack(days: number): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

describe('counter lines', () => {
  it('count the customer’s laptops (sold and entered by hand) and contacts with Remote access: yes; 0 is shown', async () => {
    // A customer of its own (the demo's may have contacts and assets of their own).
    await b.all(`INSERT INTO customers (name, email) VALUES ('Globex Ltd', 'ap@globex.example')`);
    const globex = (await b.one<{ id: number }>(`SELECT id FROM customers WHERE name = 'Globex Ltd'`)).id;
    await b.all(`UPDATE products SET asset_type = 'Laptop' WHERE id = ?`, ids.laptop);
    await okValue(
      b.api.saveInvoice({
        customerId: globex,
        locationId: ids.main,
        invoiceDate: today,
        notes: '',
        lines: [
          {
            productId: ids.laptop,
            description: 'Laptop',
            qty: 1000,
            unitPriceMinor: 90000,
            taxable: true,
            serialIds: [ids.serial('DL5440-0001')],
          },
        ],
      }),
    );
    const at = FROZEN_NOW.toISOString();
    await b.all(
      `INSERT INTO customer_assets (customer_id, asset_type, name, serial, created_at, actor) VALUES (?, ?, ?, ?, ?, ?)`,
      globex,
      ' laptop ',
      'Reception PC',
      'PC-1',
      at,
      'test',
    );
    // (the demo may define Remote access already)
    const fields = await b.all<{ n: number }>(`SELECT count(*) AS n FROM contact_fields WHERE name = 'Remote access'`);
    if (Number(fields[0]!.n) === 0)
      await b.all(`INSERT INTO contact_fields (name, kind, position) VALUES ('Remote access', 'yes_no', 99)`);
    const field = await b.one<{ id: number }>(`SELECT id FROM contact_fields WHERE name = 'Remote access'`);
    for (const [name, remote] of [
      ['Ann', 'yes'],
      ['Bob', 'yes'],
      ['Cy', 'no'],
      ['Di', null],
    ] as const) {
      await b.all(
        `INSERT INTO customer_contacts (customer_id, name, created_at, actor) VALUES (?, ?, ?, 'test')`,
        globex,
        name,
        at,
      );
      const contact = await b.one<{ id: number }>(
        `SELECT id FROM customer_contacts WHERE name = ? AND customer_id = ?`,
        name,
        globex,
      );
      if (remote)
        await b.all(
          'INSERT INTO contact_field_values (contact_id, field_id, value) VALUES (?, ?, ?)',
          contact.id,
          field.id,
          remote,
        );
    }
    const t = await addTemplate(b, { customer_id: globex, location_id: ids.main, start_date: today }, [
      cableLine(),
      { kind: 'asset_counter', description: 'Laptop care', unit_price_minor: 2500, asset_type: 'Laptop' },
      {
        kind: 'contact_counter',
        description: 'Remote access seats',
        unit_price_minor: 1000,
        contact_field_id: field.id,
        contact_field_value: 'yes',
      },
      { kind: 'contact_counter', description: 'All contacts', unit_price_minor: 100 },
      { kind: 'asset_counter', description: 'Phone care', unit_price_minor: 1500, asset_type: 'Phone' },
    ]);
    const report = await runDueRecurring(serviceCtx(b));
    expect(report.made).toHaveLength(1);
    const lines = await b.all<{ description: string; qty: number; counted: number }>(
      'SELECT description, qty, counted FROM invoice_lines WHERE invoice_id = ? ORDER BY position',
      report.made[0]!.invoiceId,
    );
    expect(lines.map((l) => [l.description, Number(l.qty), Number(l.counted)])).toEqual([
      ['USB-C cable 2 m', 2000, 0],
      ['Laptop care', 2000, 1],
      ['Remote access seats', 2000, 1],
      ['All contacts', 4000, 1],
      ['Phone care', 0, 1],
    ]);
    expect((await invoicesOf(t.id))[0]!.status).toBe('draft');
  });
});

describe('failures and the run log', () => {
  it('a period that cannot be saved is logged and flags its template; another template still runs', async () => {
    await b.all(`INSERT INTO tax_rates (name, rate_bp, is_default, archived) VALUES ('Old rate', 500, 0, 1)`);
    const old = await b.one<{ id: number }>(`SELECT id FROM tax_rates WHERE name = 'Old rate'`);
    const broken = await addTemplate(b, { customer_id: ids.acme, location_id: ids.main, start_date: monthsAgo(1) }, [
      { ...cableLine(), tax_rate_id: old.id },
    ]);
    const fine = await addTemplate(b, { customer_id: ids.acme, location_id: ids.main, start_date: monthsAgo(1) }, [
      cableLine(),
    ]);
    const message = 'Line 1: the tax rate Old rate is archived; choose another.';

    const report = await runDueRecurring(serviceCtx(b));
    expect(report.failed).toEqual([
      { templateId: broken.id, templateNumber: broken.number, periodDate: monthsAgo(1), message },
    ]);
    expect(report.made.map((m) => m.templateId)).toEqual([fine.id, fine.id]);
    expect(await invoicesOf(broken.id)).toEqual([]);
    expect(await templateRow(broken.id)).toMatchObject({ next_run_date: monthsAgo(1), runs_made: 0 });
    expect(Number((await templateRow(broken.id)).needs_attention)).toBe(1);
    expect(await runsOf(broken.id)).toEqual([
      { period_date: monthsAgo(1), outcome: 'failed', invoice_number: '', message, attempts: 1 },
    ]);

    // Tried again on the next pass (one more attempt); once the rate is fixed, the period is made and the flag goes.
    await runDueRecurring(serviceCtx(b));
    expect((await runsOf(broken.id))[0]!.attempts).toBe(2);
    await b.all('UPDATE tax_rates SET archived = 0 WHERE id = ?', old.id);
    const fixed = await runDueRecurring(serviceCtx(b));
    expect(fixed.made.map((m) => m.periodDate)).toEqual([monthsAgo(1), today]);
    const runs = await runsOf(broken.id);
    expect(runs.map((r) => [r.outcome, r.attempts, r.message])).toEqual([
      ['made', 3, ''],
      ['made', 1, ''],
    ]);
    expect(Number((await templateRow(broken.id)).needs_attention)).toBe(0);
  });

  it('nothing to invoice (only pending ticket charges, none pending): the period is skipped, logged', async () => {
    const t = await addTemplate(
      b,
      { customer_id: ids.acme, location_id: ids.main, start_date: today, add_ticket_charges: 1 },
      [],
    );
    const report = await runDueRecurring(serviceCtx(b));
    expect(report.skipped).toEqual([
      { templateId: t.id, templateNumber: t.number, periodDate: today, message: NOTHING_TO_INVOICE },
    ]);
    expect(await invoicesOf(t.id)).toEqual([]);
    expect(await runsOf(t.id)).toMatchObject([{ outcome: 'skipped', message: NOTHING_TO_INVOICE }]);
    expect(await templateRow(t.id)).toMatchObject({ runs_made: 1, next_run_date: addMonthsClamped(today, 1) });
  });

  it('create and e-mail with e-mail not set up: the invoice stays a Draft, the run log says why', async () => {
    const t = await addTemplate(
      b,
      { customer_id: ids.acme, location_id: ids.main, start_date: today, action: 'email' },
      [cableLine()],
    );
    await b.all(`UPDATE customers SET email = 'ap@acme.example' WHERE id = ?`, ids.acme);
    const report = await runDueRecurring(serviceCtx(b), { host: mailHost(b.ctx) });
    expect(report.made).toHaveLength(1);
    expect((await invoicesOf(t.id))[0]!.status).toBe('draft');
    const [run] = await runsOf(t.id);
    expect(run!.outcome).toBe('made');
    expect(run!.message).toBe('Not e-mailed: E-mail is not set up: enter the SMTP server in Settings → Email.');
    expect(Number((await templateRow(t.id)).needs_attention)).toBe(1);
  });

  it('Run due now through the contract: the same pass, its report as plain data', async () => {
    const t = await addTemplate(b, { customer_id: ids.acme, location_id: ids.main, start_date: monthsAgo(1) }, [
      cableLine(),
    ]);
    const report = await okValue(b.api.runRecurringNow({}));
    expect(report.made.map((m) => [m.templateNumber, m.periodDate])).toEqual([
      [t.number, monthsAgo(1)],
      [t.number, today],
    ]);
    expect(report.made[0]!.invoiceNumber).toMatch(/^INV-\d{6}$/);
    expect(await okValue(b.api.runRecurringNow({ templateId: t.id }))).toEqual({ made: [], skipped: [], failed: [] });
    expect(await invoicesOf(t.id)).toHaveLength(2);
  });

  it('runs one template only when asked (Run due now on a template)', async () => {
    const one = await addTemplate(b, { customer_id: ids.acme, location_id: ids.main, start_date: today }, [
      cableLine(),
    ]);
    const other = await addTemplate(b, { customer_id: ids.acme, location_id: ids.main, start_date: today }, [
      cableLine(),
    ]);
    const report = await runDueRecurring(serviceCtx(b), { templateId: one.id });
    expect(report.made.map((m) => m.templateId)).toEqual([one.id]);
    expect(await invoicesOf(other.id)).toEqual([]);
  });
});
