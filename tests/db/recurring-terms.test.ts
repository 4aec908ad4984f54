// A recurring template's payment terms are checked when it is saved, as the invoice it makes checks them: terms the
// shop does not have are refused at Save (not at every run, each failing), named ones are kept in the shop's
// spelling, and a run's Draft carries them. Both stores.
import { describe, expect, it } from 'vitest';
import { localDate } from '../../core/dates.ts';
import { addMonthsClamped } from '../../core/recurrence.ts';
import { runDueRecurring } from '../../db/services/recurringRun.ts';
import {
  FROZEN_NOW,
  freshDemoPerTest,
  okValue,
  refusalOf,
  serviceCtx,
  type Backend,
  type DemoIds,
} from '../support/backend.ts';

let b: Backend;
let ids: DemoIds;
freshDemoPerTest((backend, demo) => {
  b = backend;
  ids = demo;
});

const template = (terms: string) => ({
  customerId: ids.acme,
  frequency: 'monthly' as const,
  startDate: addMonthsClamped(localDate(FROZEN_NOW), -1),
  terms,
  lines: [{ kind: 'standard' as const, productId: ids.cable, qty: 1000, unitPriceMinor: 1500, taxable: true }],
});

describe("a recurring template's terms", () => {
  it('refuses terms the shop does not have, and keeps the ones it has in its spelling', async () => {
    expect(await refusalOf(b, () => b.api.saveRecurring(template('Net 31')))).toEqual({
      code: 'invalid_input',
      message:
        "No payment terms named “Net 31”. Enter terms as Settings names them, or leave Terms empty for the shop's default.",
    });
    const saved = await okValue(b.api.saveRecurring(template(' net 30 ')));
    expect(saved.terms).toBe('Net 30');
    const report = await runDueRecurring(serviceCtx(b));
    expect(report.failed).toEqual([]);
    const invoice = await okValue(b.api.getInvoice({ id: report.made[0]!.invoiceId }));
    expect(invoice.terms).toBe('Net 30');
    // Empty terms: the shop's default, as on any invoice.
    expect((await okValue(b.api.saveRecurring(template('')))).terms).toBe('');
  });
});
