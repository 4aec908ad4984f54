// An invoice made by a recurring run: it names its template (kept on every edit, even once the template is deleted)
// and its counter lines are counted (a counted line may hold 0, is never a serialized product, and stays counted
// through edits). Both stores.
import { describe, expect, it } from 'vitest';
import { inWriteTransaction } from '../../db/services/context.ts';
import { saveInvoice, type SaveInvoiceInput, type SaveInvoiceLine } from '../../db/services/invoices.ts';
import {
  freshDemoPerTest,
  okValue,
  refusalOf,
  refusedWithoutWrites,
  serviceCtx,
  type Backend,
  type DemoIds,
} from '../support/backend.ts';
import { addTemplate } from '../support/recurringFixture.ts';

let b: Backend;
let ids: DemoIds;
freshDemoPerTest((backend, demo) => {
  b = backend;
  ids = demo;
});

const save = (input: SaveInvoiceInput) => inWriteTransaction(serviceCtx(b), (trx) => saveInvoice(trx, input));
const support = (qty: number, counted?: boolean): SaveInvoiceLine => ({
  productId: ids.support,
  description: 'On-site support',
  qty,
  unitPriceMinor: 9_500,
  taxable: false,
  serialIds: [],
  ...(counted === undefined ? {} : { counted }),
});
const draft = (lines: SaveInvoiceLine[], extra: Partial<SaveInvoiceInput> = {}): SaveInvoiceInput => ({
  draft: true,
  customerId: ids.acme,
  locationId: ids.main,
  invoiceDate: '2026-11-01',
  notes: '',
  lines,
  ...extra,
});
const template = () => addTemplate(b, { customer_id: ids.acme, location_id: ids.main, start_date: '2026-11-01' }, []);

describe('an invoice made by a recurring run', () => {
  it('names its template, keeps it on every edit and after the template is deleted', async () => {
    const r = await template();
    const made = await save(draft([support(2000)], { recurringTemplateId: r.id }));
    expect(made.recurring).toEqual({ id: r.id, number: 'R-000001' });
    // An edit that says nothing, or names another template, keeps the saved one (like the ticket).
    const edited = await save({ ...draft([{ ...support(3000), id: made.lines[0]!.id }]), id: made.id });
    expect(edited.recurring).toEqual({ id: r.id, number: 'R-000001' });
    const other = await template();
    const again = await save({ ...draft([support(1000)]), id: made.id, recurringTemplateId: other.id });
    expect(again.recurring?.number).toBe('R-000001');
    await b.all(`UPDATE recurring_templates SET deleted_at = ? WHERE id = ?`, '2026-11-21T10:00:00.000Z', r.id);
    const read = await okValue(b.api.getInvoice({ id: made.id }));
    expect(read.recurring).toEqual({ id: r.id, number: 'R-000001' });
    // An ordinary invoice has none.
    expect((await save(draft([support(1000)]))).recurring).toBeNull();
  });

  it('refuses a template that does not exist, writing nothing', async () => {
    const error = await refusedWithoutWrites(b, () => save(draft([support(1000)], { recurringTemplateId: 999 })));
    expect(error.message).toBe('No recurring template with id 999.');
  });

  it('saves a counted line of 0, and keeps it counted through an edit that changes or omits the flag', async () => {
    const made = await save(draft([support(0, true), support(1000)]));
    expect(made.lines.map((l) => [l.qty, l.counted])).toEqual([
      [0, true],
      [1000, false],
    ]);
    expect(made.totalMinor).toBe(9_500);
    // The changed-line path (UPDATE … FROM VALUES): the price changes, the flag is not sent, it stays counted.
    const [counted, plain] = made.lines;
    const edited = await save({
      ...draft([
        { ...support(0), id: counted!.id, unitPriceMinor: 8_000 },
        { ...support(1000, true), id: plain!.id },
      ]),
      id: made.id,
      revision: made.revision,
    });
    expect(edited.lines.map((l) => [l.id, l.qty, l.unitPriceMinor, l.counted])).toEqual([
      [counted!.id, 0, 8_000, true],
      [plain!.id, 1000, 9_500, true],
    ]);
    // Finalised through the API with the flag as the editor sends it.
    const sent = await okValue(
      b.api.saveInvoice({
        ...draft(
          edited.lines.map((l) => ({ ...support(l.qty, l.counted), id: l.id, unitPriceMinor: l.unitPriceMinor })),
        ),
        id: made.id,
        revision: edited.revision,
        draft: false,
      }),
    );
    expect(sent.status).toBe('sent');
    expect(sent.lines.map((l) => [l.qty, l.counted])).toEqual([
      [0, true],
      [1000, true],
    ]);
    // Un-counting a line of 0 is refused.
    const error = await refusedWithoutWrites(b, () =>
      save({ ...draft([{ ...support(0, false), id: counted!.id }]), id: made.id, draft: false }),
    );
    expect(error.message).toBe('Line 1: a quantity must be above 0.');
  });

  it('refuses a quantity of 0 on a line that is not counted, and a counted serialized line', async () => {
    expect(await refusalOf(b, () => b.api.saveInvoice(draft([support(0)])))).toEqual({
      code: 'invalid_input',
      message: expect.stringContaining('A quantity must be above 0.'),
    });
    expect((await okValue(b.api.saveInvoice(draft([support(0, true)])))).lines[0]!.counted).toBe(true);
    const laptop: SaveInvoiceLine = {
      productId: ids.laptop,
      description: 'Latitude 5440 Laptop',
      qty: 1000,
      unitPriceMinor: 124_900,
      taxable: true,
      serialIds: [ids.serial('DL5440-0001')],
      counted: true,
    };
    const error = await refusedWithoutWrites(b, () => save(draft([laptop])));
    expect(error.message).toContain('is serial-tracked: a counted line cannot sell units');
  });
});

describe('the Invoices list', () => {
  it('names the template of a recurring-made invoice and filters to them', async () => {
    const r = await template();
    const made = await save(draft([support(1000)], { recurringTemplateId: r.id }));
    const plain = await save(draft([support(2000)]));
    const list = (recurring?: boolean) =>
      okValue(b.api.listInvoices({ ...(recurring === undefined ? {} : { recurring }), limit: 50, offset: 0 }));
    const all = await list();
    expect(all.rows.map((i) => [i.number, i.recurringTemplateNumber])).toEqual([
      [plain.number, null],
      [made.number, 'R-000001'],
    ]);
    expect(await list(true)).toEqual({ total: 1, rows: [expect.objectContaining({ id: made.id })] });
    expect((await list(false)).total).toBe(2);
    // The customer's page lists it with its template as well.
    const page = await okValue(b.api.getCustomerAccount({ id: ids.acme }));
    expect(page.invoices.find((i) => i.id === made.id)?.recurringTemplateNumber).toBe('R-000001');
  });
});
