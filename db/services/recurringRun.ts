// Recurring invoices: the run engine (the scheduler's pass, and Run due now). Each due period of each template makes
// exactly one invoice, dated the period's date (core/recurrence.ts has the period maths and the catch-up rule).
//
// - One write transaction per period: it re-reads the template, counts the counter lines, adds the pending ticket
//   charges, saves the Draft and writes the run log row (recurring_runs) and the template's next run date together.
//   A period whose run row already says made/skipped only moves the next run date on (it was run before).
// - Two passes at once (two processes on one file, or the scheduler and Run due now) never make a period twice: the
//   unique index recurring_runs_one_per_period refuses the second run row, and that whole transaction (invoice and
//   all) rolls back; the pass then reads the template again and finds the period made.
// - A failure (a tax rate archived since, a line the invoice refuses…) rolls its period back; the error is then
//   written on the run log in a small write of its own, the template is flagged for attention and stops for this
//   pass (its next run date stays, so the next pass tries again). Other templates go on.
// - Create and e-mail: after the period commits, the invoice is e-mailed; when it cannot be, it stays a Draft and the
//   run row says why ("Not e-mailed: …"), and the template is flagged.
import { localDate } from '../../core/dates.ts';
import { AppError } from '../../core/errors.ts';
import type { RecurringRunReport } from '../../core/model.ts';
import { nextRunAfter } from '../../core/recurrence.ts';
import { QTY_SCALE } from '../../core/money.ts';
import { classifyDbError } from '../dialect.ts';
import { log } from '../log.ts';
import { inWriteTransaction, iso, type ReadCtx, type WriteCtx } from './context.ts';
import { emailInvoice, type MailHost } from './email.ts';
import { saveInvoice, type SaveInvoiceLine } from './invoices.ts';
import { linkChargeLines, pendingChargeLines, type PendingChargeLine } from './recurringCharges.ts';
import { countAssets, countContacts } from './recurringCounters.ts';

export interface RecurringRunOptions {
  /** Only this template (Run due now on one template); absent: every template due. */
  templateId?: number;
  /** Sends the Create-and-e-mail templates' invoices; null or absent: they are made and left as Drafts, flagged. */
  host?: MailHost | null;
}

/** What a skipped period's run row says. */
export const NOTHING_TO_INVOICE = 'No pending ticket charges: no invoice made.';

type Report = RecurringRunReport;
type PeriodOutcome =
  | { kind: 'made'; periodDate: string; invoiceId: number; invoiceNumber: string; email: boolean }
  | { kind: 'skipped'; periodDate: string; message: string }
  /** The period had been run already (by another pass): the next run date was moved on, nothing made. */
  | { kind: 'already' }
  /** Nothing (more) due: the template ended, is paused or deleted, or its next run is after today. */
  | { kind: 'done' };

/** Thrown inside a period's transaction when another pass wrote the period's run row first: roll back, read again. */
class PeriodTaken extends Error {}

/** Runs every due period of every template due today (the shop's local date), or of one template. */
export async function runDueRecurring(ctx: ReadCtx, options: RecurringRunOptions = {}): Promise<RecurringRunReport> {
  const today = localDate(ctx.now());
  const report: Report = { made: [], skipped: [], failed: [] };
  let query = ctx.db
    .selectFrom('recurring_templates')
    .select(['id', 'number'])
    .where('deleted_at', 'is', null)
    .where('paused', '=', 0)
    .where('next_run_date', 'is not', null)
    .where('next_run_date', '<=', today);
  if (options.templateId !== undefined) query = query.where('id', '=', options.templateId);
  const templates = await query.orderBy('next_run_date').orderBy('id').execute();
  for (const template of templates) await runTemplate(ctx, template, today, options.host ?? null, report);
  return report;
}

/** The periods of one template, one transaction each, until none is due or one fails. */
async function runTemplate(
  ctx: ReadCtx,
  template: { id: number; number: string },
  today: string,
  host: MailHost | null,
  report: Report,
): Promise<void> {
  const who = { templateId: template.id, templateNumber: template.number };
  // A guard against a loop that never ends (a next run date that does not move): far more periods than a pass makes.
  for (let guard = 0; guard < 1000; guard++) {
    let outcome: PeriodOutcome;
    try {
      outcome = await inWriteTransaction(ctx, (trx) => runPeriod(trx, template.id, today));
    } catch (error) {
      if (error instanceof PeriodTaken) continue; // another pass made the period first: read the template again
      // (rolled back: the next run date is still the period that failed)
      const period = await currentPeriod(ctx, template.id);
      if (period === null) return;
      const message = userMessage(error);
      await recordFailure(ctx, template.id, period, message);
      report.failed.push({ ...who, periodDate: period, message });
      log.failure('a recurring invoice could not be made', error, { template: template.number, period });
      return;
    }
    if (outcome.kind === 'done') return;
    if (outcome.kind === 'already') continue;
    if (outcome.kind === 'skipped') {
      report.skipped.push({ ...who, periodDate: outcome.periodDate, message: outcome.message });
      log.info(
        { template: template.number, period: outcome.periodDate },
        'recurring period skipped: nothing to invoice',
      );
      continue;
    }
    report.made.push({
      ...who,
      periodDate: outcome.periodDate,
      invoiceId: outcome.invoiceId,
      invoiceNumber: outcome.invoiceNumber,
    });
    log.info(
      { template: template.number, period: outcome.periodDate, invoice: outcome.invoiceNumber },
      'recurring invoice made',
    );
    if (outcome.email) await emailMade(ctx, host, template.id, outcome);
  }
}

/** The period the template's next run stands for (for a failure's row), or null when it has none due. */
async function currentPeriod(ctx: ReadCtx, templateId: number): Promise<string | null> {
  const row = await ctx.db
    .selectFrom('recurring_templates')
    .select('next_run_date')
    .where('id', '=', templateId)
    .executeTakeFirst();
  return row?.next_run_date ?? null;
}

/** Runs the template's next period if it is due: inside the period's write transaction. */
async function runPeriod(ctx: WriteCtx, templateId: number, today: string): Promise<PeriodOutcome> {
  const t = await ctx.db.selectFrom('recurring_templates').selectAll().where('id', '=', templateId).executeTakeFirst();
  if (!t || t.deleted_at !== null || t.paused === 1 || t.next_run_date === null || t.next_run_date > today)
    return { kind: 'done' };
  const periodDate = t.next_run_date;
  const next = nextRunAfter({
    frequency: t.frequency,
    everyMonths: t.every_months,
    startDate: t.start_date,
    nextRunDate: periodDate,
    endDate: t.end_date,
    maxRuns: t.max_runs,
    runsMade: t.runs_made,
  });
  const run = await ctx.db
    .selectFrom('recurring_runs')
    .select(['id', 'outcome', 'attempts'])
    .where('template_id', '=', templateId)
    .where('period_date', '=', periodDate)
    .executeTakeFirst();
  if (run && run.outcome !== 'failed') {
    // Run before (the next run date was set back by hand): never twice; only the next run date moves on.
    await ctx.db
      .updateTable('recurring_templates')
      .set({ next_run_date: next, updated_at: iso(ctx.now()) })
      .where('id', '=', templateId)
      .execute();
    return { kind: 'already' };
  }

  const lines = await templateLines(ctx, templateId, t.customer_id);
  let charges: PendingChargeLine[] = [];
  if (t.add_ticket_charges === 1) {
    const statuses = await ctx.db
      .selectFrom('recurring_template_statuses')
      .select('status_id')
      .where('template_id', '=', templateId)
      .execute();
    charges = await pendingChargeLines(ctx, {
      customerId: t.customer_id,
      statusIds: statuses.map((s) => s.status_id),
      order: t.ticket_charge_order,
    });
  }

  const runRow = { outcome: 'made' as const, ran_at: iso(ctx.now()), actor: ctx.actor };
  const moveOn = () =>
    ctx.db
      .updateTable('recurring_templates')
      .set((eb) => ({
        next_run_date: next,
        runs_made: eb('runs_made', '+', 1),
        needs_attention: 0,
        updated_at: iso(ctx.now()),
      }))
      .where('id', '=', templateId)
      .execute();

  if (lines.length === 0 && charges.length === 0) {
    await writeRun(ctx, templateId, periodDate, run, {
      ...runRow,
      outcome: 'skipped',
      invoice_id: null,
      invoice_number: '',
      message: NOTHING_TO_INVOICE,
    });
    await moveOn();
    return { kind: 'skipped', periodDate, message: NOTHING_TO_INVOICE };
  }

  const invoice = await saveInvoice(ctx, {
    draft: true,
    customerId: t.customer_id,
    locationId: t.location_id,
    invoiceDate: periodDate,
    ...(t.terms.trim() !== '' ? { terms: t.terms } : {}),
    notes: t.notes,
    lines: [...lines, ...charges.map((c) => c.line)],
    recurringTemplateId: templateId,
  });
  if (charges.length > 0) {
    const chargeLineIds = invoice.lines.slice(lines.length).map((l) => l.id);
    await linkChargeLines(
      ctx,
      charges.map((c) => c.charge),
      chargeLineIds,
    );
  }
  await writeRun(ctx, templateId, periodDate, run, {
    ...runRow,
    invoice_id: invoice.id,
    invoice_number: invoice.number,
    message: '',
  });
  await moveOn();
  return {
    kind: 'made',
    periodDate,
    invoiceId: invoice.id,
    invoiceNumber: invoice.number,
    email: t.action === 'email',
  };
}

/** The template's lines as invoice lines, the counters counted now (a count of 0 is a line of 0, shown). */
async function templateLines(ctx: WriteCtx, templateId: number, customerId: number): Promise<SaveInvoiceLine[]> {
  const rows = await ctx.db
    .selectFrom('recurring_lines')
    .selectAll()
    .where('template_id', '=', templateId)
    .orderBy('position')
    .orderBy('id')
    .execute();
  const lines: SaveInvoiceLine[] = [];
  for (const row of rows) {
    const line: SaveInvoiceLine = {
      productId: row.product_id,
      description: row.description,
      qty: row.qty,
      unitPriceMinor: row.unit_price_minor,
      taxable: row.taxable === 1,
      ...(row.tax_rate_id !== null ? { taxRateId: row.tax_rate_id } : {}),
      serialIds: [],
    };
    if (row.kind === 'asset_counter') {
      lines.push({ ...line, qty: (await countAssets(ctx, customerId, row.asset_type)) * QTY_SCALE, counted: true });
    } else if (row.kind === 'contact_counter') {
      const filter = { fieldId: row.contact_field_id, value: row.contact_field_value };
      lines.push({ ...line, qty: (await countContacts(ctx, customerId, filter)) * QTY_SCALE, counted: true });
    } else {
      lines.push(line);
    }
  }
  return lines;
}

interface RunRowValues {
  outcome: 'made' | 'skipped';
  invoice_id: number | null;
  invoice_number: string;
  message: string;
  ran_at: string;
  actor: string;
}

/**
 * The period's run row: a new one (the unique index refuses it when another pass wrote it first: PeriodTaken), or the
 * period's failed row of an earlier pass, now made (one more attempt).
 */
async function writeRun(
  ctx: WriteCtx,
  templateId: number,
  periodDate: string,
  failed: { id: number; attempts: number } | undefined,
  values: RunRowValues,
): Promise<void> {
  if (failed) {
    const updated = await ctx.db
      .updateTable('recurring_runs')
      .set({ ...values, attempts: failed.attempts + 1 })
      .where('id', '=', failed.id)
      .where('outcome', '=', 'failed') // another pass may have made it since this one read the row
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new PeriodTaken();
    return;
  }
  try {
    await ctx.db
      .insertInto('recurring_runs')
      .values({ template_id: templateId, period_date: periodDate, ...values })
      .execute();
  } catch (error) {
    if (classifyDbError(error) === 'unique') throw new PeriodTaken();
    throw error;
  }
}

/** What a failed period's row says: the refusal's own message, or a plain one for an error that is not a refusal. */
function userMessage(error: unknown): string {
  if (error instanceof AppError) return error.message;
  return `The invoice could not be made (${error instanceof Error ? error.message : String(error)}).`;
}

/** A failed period: its run row says why (one more attempt) and the template is flagged. Its own small write. */
async function recordFailure(ctx: ReadCtx, templateId: number, periodDate: string, message: string): Promise<void> {
  try {
    await inWriteTransaction(ctx, async (trx) => {
      const now = iso(trx.now());
      const row = await trx.db
        .selectFrom('recurring_runs')
        .select(['id', 'outcome', 'attempts'])
        .where('template_id', '=', templateId)
        .where('period_date', '=', periodDate)
        .executeTakeFirst();
      if (row && row.outcome !== 'failed') return; // another pass made the period meanwhile: nothing failed
      if (row) {
        await trx.db
          .updateTable('recurring_runs')
          .set({ message, attempts: row.attempts + 1, ran_at: now, actor: trx.actor })
          .where('id', '=', row.id)
          .execute();
      } else {
        await trx.db
          .insertInto('recurring_runs')
          .values({
            template_id: templateId,
            period_date: periodDate,
            outcome: 'failed',
            message,
            attempts: 1,
            ran_at: now,
            actor: trx.actor,
          })
          .execute();
      }
      await trx.db
        .updateTable('recurring_templates')
        .set({ needs_attention: 1 })
        .where('id', '=', templateId)
        .execute();
    });
  } catch (error) {
    log.failure('a recurring failure could not be recorded', error, { templateId, periodDate });
  }
}

/** Create and e-mail: sends the made invoice; when it cannot be sent it stays a Draft and its run row says why. */
async function emailMade(
  ctx: ReadCtx,
  host: MailHost | null,
  templateId: number,
  made: { periodDate: string; invoiceId: number; invoiceNumber: string },
): Promise<void> {
  let reason: string;
  try {
    if (!host) throw new AppError('internal', 'e-mail cannot be sent from here; e-mail the invoice from Invoices.');
    const outcome = await emailInvoice(ctx, host, { invoiceId: made.invoiceId, cc: '', message: '' });
    log.info({ invoice: made.invoiceNumber, sent: outcome.sent }, 'recurring invoice e-mailed');
    return; // sent, or queued in the outbox (it retries; the outbox shows it)
  } catch (error) {
    reason = userMessage(error);
    log.failure('a recurring invoice could not be e-mailed', error, { invoice: made.invoiceNumber });
  }
  await inWriteTransaction(ctx, async (trx) => {
    await trx.db
      .updateTable('recurring_runs')
      .set({ message: `Not e-mailed: ${reason}` })
      .where('template_id', '=', templateId)
      .where('period_date', '=', made.periodDate)
      .execute();
    await trx.db.updateTable('recurring_templates').set({ needs_attention: 1 }).where('id', '=', templateId).execute();
  }).catch((error: unknown) => log.failure('a recurring e-mail failure could not be recorded', error, { templateId }));
}
