// Recurring templates written straight into the store for the run engine's tests (the template screens' own
// service, saveRecurring, has its own tests): a template row numbered R-000001… from the store's sequence, and its
// lines. Works on both stores.
import type { Insertable } from 'kysely';
import { inWriteTransaction, nextNumber, type ReadCtx } from '../../db/services/context.ts';
import type { RecurringLinesTable, RecurringTemplatesTable } from '../../db/schema.ts';
import { FROZEN_NOW } from './frozen.ts';

export type TemplateFacts = Partial<Insertable<RecurringTemplatesTable>> &
  Pick<Insertable<RecurringTemplatesTable>, 'customer_id' | 'location_id' | 'start_date'>;
export type TemplateLine = Omit<Insertable<RecurringLinesTable>, 'template_id' | 'position'>;

/** Adds a template (monthly, a Draft each run, next run on its start date unless given) with its lines. */
export async function addTemplate(
  b: { store: { db: ReadCtx['db'] } },
  facts: TemplateFacts,
  lines: TemplateLine[],
): Promise<{ id: number; number: string }> {
  const ctx: ReadCtx = { db: b.store.db, now: () => FROZEN_NOW, actor: 'test' };
  return inWriteTransaction(ctx, async (trx) => {
    const number = await nextNumber(trx, 'recurring', 'R-');
    const at = FROZEN_NOW.toISOString();
    const row = await trx.db
      .insertInto('recurring_templates')
      .values({
        number,
        frequency: 'monthly',
        next_run_date: facts.start_date,
        created_at: at,
        created_by: 'test',
        updated_at: at,
        ...facts,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    for (const [index, line] of lines.entries())
      await trx.db
        .insertInto('recurring_lines')
        .values({ template_id: id, position: index + 1, ...line })
        .execute();
    return { id, number };
  });
}
