// Invoices → Recurring: the recurring invoice templates (R-000001): the list, one template with its lines and run
// log, save (create or edit: an edit changes future runs only, never invoices already made), Pause / Resume and
// Delete (kept out of sight: its invoices still say "from R-000001"). Runs are db/services/recurringRun.ts's; the
// data model is db/migrations/0010_recurring.ts's header. Make recurring is db/services/recurringDraft.ts.
import type { RecurringStatus } from '../../core/enums.ts';
import { AppError, refuseStaleEdit } from '../../core/errors.ts';
import type { RecurringSummary, RecurringTemplate, RecurringValues } from '../../core/model.ts';
import { lineTotalMinor } from '../../core/money.ts';
import { firstRunDate } from '../../core/recurrence.ts';
import { frequencyText } from '../../core/recurringText.ts';
import { iso, nextNumber, type ReadCtx, type WriteCtx } from './context.ts';
import { checkRecurringLines } from './recurringLines.ts';
import { termsNamed } from './settings.ts';

export interface SaveRecurringInput extends Omit<RecurringValues, 'nextRunDate'> {
  /** Absent: a new template. */
  id?: number;
  /** The revision the editor loaded: an edit of a template changed since is refused. */
  revision?: number;
  /** Absent: one period after the start date on a new template (firstRunDate), kept on an edit. */
  nextRunDate?: string | null;
  /** Make recurring: the invoice it was made from. */
  sourceInvoiceId?: number;
}

interface StatusFacts {
  next_run_date: string | null;
  paused: number;
  needs_attention: number;
}
export function statusOf(row: StatusFacts): RecurringStatus {
  if (row.next_run_date === null) return 'ended';
  if (Number(row.paused) === 1) return 'paused';
  if (Number(row.needs_attention) === 1) return 'needs_attention';
  return 'active';
}

async function requireRow(ctx: ReadCtx, id: number) {
  const row = await ctx.db
    .selectFrom('recurring_templates as t')
    .innerJoin('customers as c', 'c.id', 't.customer_id')
    .leftJoin('invoices as i', 'i.id', 't.source_invoice_id')
    .selectAll('t')
    .select(['c.name as customer_name', 'i.number as source_invoice_number'])
    .where('t.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', `No recurring invoice with id ${id}.`);
  return row;
}

/** The Recurring list: templates not deleted, by status word, newest first. */
export async function listRecurring(
  ctx: ReadCtx,
  filter: { status?: RecurringStatus | 'all' } = {},
): Promise<RecurringSummary[]> {
  let q = ctx.db
    .selectFrom('recurring_templates as t')
    .innerJoin('customers as c', 'c.id', 't.customer_id')
    .select([
      't.id',
      't.number',
      't.customer_id',
      'c.name as customer_name',
      't.frequency',
      't.every_months',
      't.next_run_date',
      't.runs_made',
      't.paused',
      't.needs_attention',
    ])
    .where('t.deleted_at', 'is', null);
  // The same order as statusOf: Ended, then Paused, then Needs attention, else Active.
  switch (filter.status ?? 'all') {
    case 'ended':
      q = q.where('t.next_run_date', 'is', null);
      break;
    case 'paused':
      q = q.where('t.next_run_date', 'is not', null).where('t.paused', '=', 1);
      break;
    case 'needs_attention':
      q = q.where('t.next_run_date', 'is not', null).where('t.paused', '=', 0).where('t.needs_attention', '=', 1);
      break;
    case 'active':
      q = q.where('t.next_run_date', 'is not', null).where('t.paused', '=', 0).where('t.needs_attention', '=', 0);
      break;
    case 'all':
      break;
  }
  const rows = await q.orderBy('t.id', 'desc').limit(1000).execute();
  const ids = rows.map((r) => Number(r.id));
  const [lines, runs] = ids.length
    ? await Promise.all([
        ctx.db
          .selectFrom('recurring_lines')
          .select(['template_id', 'qty', 'unit_price_minor'])
          .where('template_id', 'in', ids)
          .where('kind', '=', 'standard')
          .execute(),
        ctx.db
          .selectFrom('recurring_runs as r')
          .leftJoin('invoices as i', 'i.id', 'r.invoice_id')
          .select(['r.template_id', 'r.period_date', 'r.invoice_id', 'r.invoice_number', 'i.number'])
          .where('r.template_id', 'in', ids)
          .where('r.outcome', '=', 'made')
          .orderBy('r.period_date', 'desc')
          .execute(),
      ])
    : [[], []];
  const totals = new Map<number, number>();
  for (const l of lines) {
    const key = Number(l.template_id);
    totals.set(key, (totals.get(key) ?? 0) + lineTotalMinor(Number(l.qty), Number(l.unit_price_minor)));
  }
  const last = new Map<number, RecurringSummary['lastRun']>();
  for (const r of runs) {
    const key = Number(r.template_id);
    if (last.has(key)) continue; // newest period first
    last.set(key, {
      periodDate: r.period_date,
      invoiceId: r.invoice_id === null ? null : Number(r.invoice_id),
      invoiceNumber: r.number ?? r.invoice_number,
    });
  }
  return rows.map((r) => ({
    id: Number(r.id),
    number: r.number,
    customerId: Number(r.customer_id),
    customerName: r.customer_name,
    frequencyText: frequencyText(r.frequency, Number(r.every_months)),
    nextRunDate: r.next_run_date,
    lastRun: last.get(Number(r.id)) ?? null,
    runsMade: Number(r.runs_made),
    status: statusOf(r),
    totalPerRunMinor: totals.get(Number(r.id)) ?? 0,
  }));
}

/** One template: its values, lines, the ticket statuses its pending charges come from, and its run log. */
export async function getRecurring(ctx: ReadCtx, id: number): Promise<RecurringTemplate> {
  const row = await requireRow(ctx, id);
  const [lines, statuses, runs] = await Promise.all([
    ctx.db
      .selectFrom('recurring_lines as l')
      .leftJoin('products as p', 'p.id', 'l.product_id')
      .leftJoin('contact_fields as f', 'f.id', 'l.contact_field_id')
      .selectAll('l')
      .select(['p.name as product_name', 'p.sku', 'p.serialized', 'f.name as field_name'])
      .where('l.template_id', '=', id)
      .orderBy('l.position')
      .execute(),
    ctx.db
      .selectFrom('recurring_template_statuses as s')
      .innerJoin('ticket_statuses as ts', 'ts.id', 's.status_id')
      .select('s.status_id')
      .where('s.template_id', '=', id)
      .orderBy('ts.position')
      .execute(),
    ctx.db
      .selectFrom('recurring_runs as r')
      .leftJoin('invoices as i', 'i.id', 'r.invoice_id')
      .selectAll('r')
      .select('i.number')
      .where('r.template_id', '=', id)
      .orderBy('r.period_date', 'desc')
      .execute(),
  ]);
  const everyMonths = Number(row.every_months);
  return {
    id: Number(row.id),
    number: row.number,
    customerId: Number(row.customer_id),
    customerName: row.customer_name,
    locationId: Number(row.location_id),
    frequency: row.frequency,
    everyMonths,
    frequencyText: frequencyText(row.frequency, everyMonths),
    startDate: row.start_date,
    nextRunDate: row.next_run_date,
    endDate: row.end_date,
    maxRuns: row.max_runs === null ? null : Number(row.max_runs),
    runsMade: Number(row.runs_made),
    terms: row.terms,
    notes: row.notes,
    action: row.action,
    paused: Number(row.paused) === 1,
    needsAttention: Number(row.needs_attention) === 1,
    status: statusOf(row),
    addTicketCharges: Number(row.add_ticket_charges) === 1,
    ticketStatusIds: statuses.map((s) => Number(s.status_id)),
    ticketChargeOrder: row.ticket_charge_order,
    sourceInvoice:
      row.source_invoice_id === null || row.source_invoice_number === null
        ? null
        : { id: Number(row.source_invoice_id), number: row.source_invoice_number },
    deleted: row.deleted_at !== null,
    revision: Number(row.revision),
    lines: lines.map((l) => ({
      id: Number(l.id),
      position: Number(l.position),
      kind: l.kind,
      productId: l.product_id === null ? null : Number(l.product_id),
      productName: l.product_name,
      sku: l.sku,
      serialized: Number(l.serialized ?? 0) === 1,
      description: l.description,
      qty: Number(l.qty),
      unitPriceMinor: Number(l.unit_price_minor),
      taxable: Number(l.taxable) === 1,
      taxRateId: l.tax_rate_id === null ? null : Number(l.tax_rate_id),
      assetType: l.asset_type,
      contactFieldId: l.contact_field_id === null ? null : Number(l.contact_field_id),
      contactFieldName: l.field_name,
      contactFieldValue: l.contact_field_value,
    })),
    runs: runs.map((r) => ({
      periodDate: r.period_date,
      outcome: r.outcome,
      invoiceId: r.invoice_id === null ? null : Number(r.invoice_id),
      invoiceNumber: r.number ?? r.invoice_number,
      message: r.message,
      attempts: Number(r.attempts),
      ranAt: r.ran_at,
    })),
  };
}

const refuse = (field: string, message: string) => new AppError('invalid_input', message, { field });

/** Creates a template (R-000001) or edits one; the lines are rewritten. Invoices already made are never touched. */
export async function saveRecurring(ctx: WriteCtx, input: SaveRecurringInput): Promise<RecurringTemplate> {
  const current = input.id === undefined ? undefined : await requireRow(ctx, input.id);
  if (current) {
    if (current.deleted_at !== null)
      throw new AppError('conflict', `${current.number} was deleted: it cannot be edited.`);
    refuseStaleEdit(current.number, input.revision, current.revision);
  }
  const customer = await ctx.db
    .selectFrom('customers')
    .select(['id', 'is_default'])
    .where('id', '=', input.customerId)
    .executeTakeFirst();
  if (!customer) throw new AppError('not_found', 'That customer no longer exists.', { field: 'customerId' });
  if (Number(customer.is_default) === 1)
    throw refuse('customerId', 'The walk-in customer cannot have recurring invoices: choose the customer.');
  const everyMonths = input.frequency === 'every_n_months' ? input.everyMonths : 1;
  if (!Number.isInteger(everyMonths) || everyMonths < 1 || everyMonths > 120)
    throw refuse('everyMonths', 'Every how many months: enter a whole number from 1 to 120.');
  if (input.endDate !== null && input.maxRuns !== null)
    throw refuse('endDate', 'Choose one way to end it: an end date or a number of runs.');
  if (input.endDate !== null && input.endDate < input.startDate)
    throw refuse('endDate', 'The end date is before the start date.');
  if (input.maxRuns !== null && (!Number.isInteger(input.maxRuns) || input.maxRuns < 1 || input.maxRuns > 100_000))
    throw refuse('maxRuns', 'The number of runs must be a whole number of 1 or more.');
  const runsMade = Number(current?.runs_made ?? 0);
  let next =
    input.nextRunDate === undefined
      ? current
        ? current.next_run_date
        : firstRunDate({ ...input, everyMonths })
      : input.nextRunDate;
  if (next === null && !current)
    throw refuse(
      'endDate',
      'It would never run: its first run, one period after the start date, is past the end date. Move the end date, ' +
        'or set the next run date to the start date.',
    );
  // Null keeps an ended template ended; a running one is stopped by Pause or Delete, not by an empty date.
  if (next === null && current?.next_run_date !== null) throw refuse('nextRunDate', 'Enter the next run date.');
  if (next !== null && next < input.startDate)
    throw refuse('nextRunDate', 'The next run date is before the start date.');
  if (next !== null && input.endDate !== null && next > input.endDate) {
    // A template that has run ends there (an end date before its next run stops it); a new one would never run.
    if (runsMade === 0) throw refuse('nextRunDate', 'The next run date is after the end date: it would never run.');
    next = null;
  }
  // Its runs all made: ended (no next run), as a run would leave it.
  if (input.maxRuns !== null && runsMade >= input.maxRuns) next = null;
  if (input.lines.length === 0 && !input.addTicketCharges)
    throw refuse('lines', 'A recurring invoice needs at least one line, or Add pending ticket charges turned on.');
  // Each run's invoice refuses terms the shop does not have: said here, once, rather than by every run failing.
  const askedTerms = input.terms.trim();
  const terms = askedTerms === '' ? undefined : await termsNamed(ctx, askedTerms);
  if (askedTerms !== '' && !terms)
    throw refuse(
      'terms',
      `No payment terms named “${askedTerms}”. Enter terms as Settings names them, or leave Terms empty for the ` +
        "shop's default.",
    );
  const lines = await checkRecurringLines(ctx, input.lines);
  const statusIds = [...new Set(input.addTicketCharges ? input.ticketStatusIds : [])];
  if (statusIds.length) {
    const found = await ctx.db.selectFrom('ticket_statuses').select('id').where('id', 'in', statusIds).execute();
    if (found.length !== statusIds.length)
      throw new AppError('not_found', 'A ticket status chosen no longer exists.', { field: 'ticketStatusIds' });
  }
  const now = iso(ctx.now());
  const header = {
    customer_id: input.customerId,
    frequency: input.frequency,
    every_months: everyMonths,
    start_date: input.startDate,
    next_run_date: next,
    end_date: input.endDate,
    max_runs: input.maxRuns,
    terms: terms?.name ?? '',
    notes: input.notes.trim(),
    action: input.action,
    add_ticket_charges: input.addTicketCharges ? 1 : 0,
    ticket_charge_order: input.ticketChargeOrder,
    updated_at: now,
  } as const;
  let id: number;
  if (current) {
    id = Number(current.id);
    await ctx.db
      .updateTable('recurring_templates')
      .set({ ...header, revision: Number(current.revision) + 1 })
      .where('id', '=', id)
      .execute();
    await ctx.db.deleteFrom('recurring_lines').where('template_id', '=', id).execute();
    await ctx.db.deleteFrom('recurring_template_statuses').where('template_id', '=', id).execute();
  } else {
    const location = await ctx.db
      .selectFrom('locations')
      .select('id')
      .orderBy('is_default', 'desc')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const source = input.sourceInvoiceId === undefined ? null : input.sourceInvoiceId;
    if (source !== null) {
      const found = await ctx.db.selectFrom('invoices').select('id').where('id', '=', source).executeTakeFirst();
      if (!found) throw new AppError('not_found', 'The invoice it was made from no longer exists.');
    }
    const number = await nextNumber(ctx, 'recurring', 'R-');
    const row = await ctx.db
      .insertInto('recurring_templates')
      .values({
        ...header,
        number,
        location_id: Number(location.id),
        source_invoice_id: source,
        created_at: now,
        created_by: ctx.actor,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    id = Number(row.id);
  }
  if (lines.length)
    await ctx.db
      .insertInto('recurring_lines')
      .values(
        lines.map((l, i) => ({
          template_id: id,
          position: i + 1,
          kind: l.kind,
          product_id: l.productId,
          description: l.description,
          qty: l.qty,
          unit_price_minor: l.unitPriceMinor,
          taxable: l.taxable ? 1 : 0,
          tax_rate_id: l.taxRateId,
          asset_type: l.assetType,
          contact_field_id: l.contactFieldId,
          contact_field_value: l.contactFieldValue,
        })),
      )
      .execute();
  if (statusIds.length)
    await ctx.db
      .insertInto('recurring_template_statuses')
      .values(statusIds.map((status_id) => ({ template_id: id, status_id })))
      .execute();
  return getRecurring(ctx, id);
}

async function liveRow(ctx: ReadCtx, id: number) {
  const row = await requireRow(ctx, id);
  if (row.deleted_at !== null) throw new AppError('conflict', `${row.number} was deleted.`);
  return row;
}

/** Pause or Resume. Resuming a template whose next run is past: the next pass catches the missed periods up. */
export async function setRecurringPaused(ctx: WriteCtx, id: number, paused: boolean): Promise<RecurringTemplate> {
  const row = await liveRow(ctx, id);
  if ((Number(row.paused) === 1) === paused)
    throw new AppError('conflict', `${row.number} is already ${paused ? 'paused' : 'running'}.`);
  await ctx.db
    .updateTable('recurring_templates')
    .set({ paused: paused ? 1 : 0, updated_at: iso(ctx.now()), revision: Number(row.revision) + 1 })
    .where('id', '=', id)
    .execute();
  return getRecurring(ctx, id);
}

/** Deletes a template: it stops and leaves the list; the row stays, so its invoices still say "from R-000001". */
export async function deleteRecurring(ctx: WriteCtx, id: number): Promise<{ number: string }> {
  const row = await liveRow(ctx, id);
  const now = iso(ctx.now());
  await ctx.db
    .updateTable('recurring_templates')
    .set({ deleted_at: now, updated_at: now, revision: Number(row.revision) + 1 })
    .where('id', '=', id)
    .execute();
  return { number: row.number };
}
