import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.ts';
import type { Invoice } from '../../core/model.ts';
import { inWriteTransaction } from '../../db/services/context.ts';
import { getInvoice, saveInvoice, type SaveInvoiceInput, type SaveInvoiceLine } from '../../db/services/invoices.ts';
import { lookupSerial, availableSerials } from '../../db/services/serials.ts';
import { openStore } from '../../db/open.ts';
import { openPostgresStore, postgresUrlOf } from '../../db/postgres.ts';
import {
  demoIds,
  freshBackend,
  freshDemoPerTest,
  onPostgres,
  serviceCtx,
  tableCounts,
  tempDir,
  type Backend,
  type DemoIds,
} from '../support/backend.ts';
import path from 'node:path';

let b: Backend;
let ids: DemoIds;
freshDemoPerTest((backend, demo) => {
  b = backend;
  ids = demo;
});

const save = (input: SaveInvoiceInput, backend = b) =>
  inWriteTransaction(serviceCtx(backend), (trx) => saveInvoice(trx, input));
const laptopLine = (serials: string[], qty = serials.length): SaveInvoiceLine => ({
  productId: ids.laptop,
  description: 'Latitude 5440 Laptop',
  qty: qty * 1000,
  unitPriceMinor: 124_900,
  taxable: true,
  serialIds: serials.map(ids.serial),
});
const cableLine = (qty: number): SaveInvoiceLine => ({
  productId: ids.cable,
  description: 'USB-C Cable 2m',
  qty: qty * 1000,
  unitPriceMinor: 1_999,
  taxable: true,
  serialIds: [],
});
const invoice = (lines: SaveInvoiceLine[], extra: Partial<SaveInvoiceInput> = {}): SaveInvoiceInput => ({
  customerId: ids.acme,
  locationId: ids.main,
  invoiceDate: '2026-11-21',
  notes: '',
  lines,
  ...extra,
});

async function refused(input: SaveInvoiceInput): Promise<AppError> {
  const before = await tableCounts(b);
  const error = await save(input).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect(await tableCounts(b)).toEqual(before);
  return error as AppError;
}

const unit = (serial: string) => b.one(`SELECT status, customer_id, location_id FROM serials WHERE serial = ?`, serial);
const history = (serial: string) =>
  b.all<{ kind: string; invoice_id: number | null; customer_id: number | null; note: string }>(
    `SELECT e.kind, e.invoice_id, e.customer_id, e.note FROM serial_events e JOIN serials s ON s.id = e.serial_id WHERE s.serial = ? ORDER BY e.id`,
    serial,
  );

describe('saving an invoice', () => {
  it('computes totals in the store: 500.00 + 2 x 125.00 taxable at 7.5 % is 750.00 + 56.25 = 806.25', async () => {
    const saved = await save(
      invoice([
        { ...laptopLine(['DL5440-0001']), unitPriceMinor: 50_000 },
        {
          productId: ids.support,
          description: 'On-site support',
          qty: 2000,
          unitPriceMinor: 12_500,
          taxable: true,
          serialIds: [],
        },
      ]),
    );
    expect(saved).toMatchObject({
      number: 'INV-000001',
      subtotalMinor: 75_000,
      taxMinor: 5_625,
      totalMinor: 80_625,
      status: 'sent',
    });
    expect(await b.one('SELECT subtotal_minor, tax_minor, total_minor FROM invoices')).toEqual({
      subtotal_minor: 75_000,
      tax_minor: 5_625,
      total_minor: 80_625,
    });
    expect(saved.lines.map((l) => l.lineTotalMinor)).toEqual([50_000, 25_000]);
  });

  it('marks captured serials Sold, linked to the line and the customer, with a history event', async () => {
    const saved = await save(invoice([laptopLine(['DL5440-0001', 'DL5440-0003']), cableLine(2)]));
    expect(await unit('DL5440-0001')).toEqual({ status: 'sold', customer_id: ids.acme, location_id: ids.main });
    const link = await b.one<{ invoice_line_id: number }>(
      'SELECT invoice_line_id FROM invoice_line_serials WHERE serial_id = ?',
      ids.serial('DL5440-0003'),
    );
    expect(link.invoice_line_id).toBe(saved.lines[0]!.id);
    expect((await history('DL5440-0001')).at(-1)).toEqual({
      kind: 'sold',
      invoice_id: saved.id,
      customer_id: ids.acme,
      note: 'sold on INV-000001 to Acme Corp',
    });
    expect(saved.lines[0]!.serials.map((s) => s.serial)).toEqual(['DL5440-0001', 'DL5440-0003']);
    expect(await b.one('SELECT on_hand FROM stock_levels WHERE product_id = ?', ids.cable)).toEqual({ on_hand: 48000 });
  });

  it('numbers invoices in sequence with no gap from a refused save', async () => {
    await save(invoice([cableLine(1)]));
    await refused(invoice([laptopLine([], 1)]));
    const third = await save(invoice([cableLine(1)]));
    expect(third.number).toBe('INV-000002');
  });

  it('refuses a serial-tracked line whose serials differ from its quantity, naming every such line', async () => {
    const error = await refused(
      invoice([
        laptopLine(['DL5440-0001'], 2),
        { productId: ids.phone, description: 'Phone', qty: 1000, unitPriceMinor: 44_900, taxable: true, serialIds: [] },
        cableLine(1),
      ]),
    );
    expect(error.code).toBe('serials_missing');
    expect(error.message).toBe('Capture serials before saving: Latitude 5440 Laptop (1/2), Galaxy A55 Phone (0/1).');
  });

  it('refuses units that are sold, elsewhere or of another product, writing nothing', async () => {
    await save(invoice([laptopLine(['DL5440-0002'])]));
    const sold = await refused(invoice([cableLine(1), laptopLine(['DL5440-0001', 'DL5440-0002'])]));
    expect(sold.code).toBe('serial_unavailable');
    expect(sold.message).toMatch(/DL5440-0002 is already sold on INV-000001/);
    expect(await unit('DL5440-0001')).toMatchObject({ status: 'in_stock' }); // the good one was not sold either
    expect((await refused(invoice([laptopLine(['DL5440-0101'])]))).message).toMatch(
      /DL5440-0101 is at Warehouse, not Main Store/,
    );
    expect(
      (await refused(invoice([{ ...laptopLine([]), qty: 1000, serialIds: [ids.serial('356789012345671')] }]))).message,
    ).toMatch(/356789012345671 belongs to Galaxy A55 Phone/);
  });

  it('writes nothing when the save fails half-way through', async () => {
    // A unit sold behind the service's back trips the unique index after the invoice row was written.
    const sneaky = ids.serial('DL5440-0003');
    if (onPostgres) {
      await b.all(`CREATE FUNCTION fail_midway() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.position = 2 THEN RAISE EXCEPTION 'disk on fire'; END IF; RETURN NEW; END $$`);
      await b.all(
        'CREATE TRIGGER fail_midway BEFORE INSERT ON invoice_lines FOR EACH ROW EXECUTE FUNCTION fail_midway()',
      );
    } else {
      await b.all(
        `CREATE TRIGGER fail_midway BEFORE INSERT ON invoice_lines WHEN NEW.position = 2 BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`,
      );
    }
    const before = await tableCounts(b);
    await expect(save(invoice([laptopLine(['DL5440-0001']), laptopLine(['DL5440-0003'])]))).rejects.toThrow(
      /disk on fire/,
    );
    expect(await tableCounts(b)).toEqual(before);
    expect(await unit('DL5440-0001')).toMatchObject({ status: 'in_stock', customer_id: null });
    expect(await b.one('SELECT count(*) AS n FROM invoice_line_serials WHERE serial_id = ?', sneaky)).toEqual({ n: 0 });
  });

  it('refuses a unit another terminal sold meanwhile, naming it', async () => {
    // Two connections to the same store (a file, or the shop server), as two windows or two terminals would have.
    const file = path.join(tempDir(), 'shared.sqlite');
    const first = await freshBackend({ file });
    const second = onPostgres ? await openPostgresStore(postgresUrlOf(first.store.db)!) : openStore(file);
    try {
      const firstIds = demoIds(first);
      const line = {
        productId: firstIds.laptop,
        description: 'Laptop',
        qty: 1000,
        unitPriceMinor: 124_900,
        taxable: true,
        serialIds: [firstIds.serial('DL5440-0001')],
      };
      const input = {
        customerId: firstIds.walkIn,
        locationId: firstIds.main,
        invoiceDate: '2026-11-21',
        notes: '',
        lines: [line],
      };
      await inWriteTransaction({ db: second.db, now: () => new Date(), actor: 'terminal-2' }, (trx) =>
        saveInvoice(trx, input),
      );
      const error = await inWriteTransaction(serviceCtx(first), (trx) => saveInvoice(trx, input)).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).message).toMatch(/DL5440-0001 is already sold on INV-000001/);
      expect(await first.one('SELECT count(*) AS n FROM invoices')).toEqual({ n: 1 });
    } finally {
      await second.close();
      await first.close();
    }
  });

  it('refuses two concurrent saves of the same unit in one process: exactly one wins', async () => {
    const input = invoice([laptopLine(['DL5440-0001'])]);
    const results = await Promise.allSettled([save(input), save(input)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((failed.reason as AppError).message).toMatch(/DL5440-0001 is already sold on INV-00000/);
    expect(await b.one('SELECT count(*) AS n FROM invoice_line_serials')).toEqual({ n: 1 });
  });
});

describe('editing a saved invoice', () => {
  it('releases removed serials to In Stock at their location and sells new ones, with history', async () => {
    const first = await save(invoice([laptopLine(['DL5440-0001', 'DL5440-0002']), cableLine(3)]));
    const edited = await save(
      invoice([laptopLine(['DL5440-0001', 'DL5440-0003']), cableLine(1)], { id: first.id, revision: first.revision }),
    );
    expect(edited.number).toBe('INV-000001');
    expect(edited.revision).toBe(2);
    expect(await unit('DL5440-0002')).toEqual({ status: 'in_stock', customer_id: null, location_id: ids.main });
    expect(await unit('DL5440-0003')).toEqual({ status: 'sold', customer_id: ids.acme, location_id: ids.main });
    expect((await history('DL5440-0002')).map((e) => e.kind)).toEqual(['received', 'sold', 'released']);
    expect((await history('DL5440-0002')).at(-1)!.note).toBe('removed from INV-000001 by an edit; back in stock');
    expect((await history('DL5440-0003')).map((e) => e.kind)).toEqual(['received', 'sold']);
    expect((await history('DL5440-0001')).map((e) => e.kind)).toEqual(['received', 'sold']); // kept: no new event
    expect(await b.one('SELECT on_hand FROM stock_levels WHERE product_id = ?', ids.cable)).toEqual({ on_hand: 49000 });
    expect(await availableSerials(serviceCtx(b), ids.laptop, ids.main)).toEqual([
      expect.objectContaining({ serial: 'DL5440-0002' }),
    ]);
    expect((await availableSerials(serviceCtx(b), ids.laptop, ids.main, first.id)).map((u) => u.serial)).toEqual([
      'DL5440-0001',
      'DL5440-0002',
      'DL5440-0003',
    ]);
  });

  it('refuses a save over a newer revision (edited in another window)', async () => {
    const first = await save(invoice([cableLine(1)]));
    await save(invoice([cableLine(2)], { id: first.id, revision: 1 }));
    const error = await refused(invoice([cableLine(5)], { id: first.id, revision: 1 }));
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/changed elsewhere/);
    expect((await getInvoice(serviceCtx(b), first.id)).lines[0]!.qty).toBe(2000);
  });

  it('can move a serial between lines and change the customer', async () => {
    const first = await save(invoice([laptopLine(['DL5440-0001'])]));
    await save(invoice([laptopLine(['DL5440-0001'])], { id: first.id, customerId: ids.walkIn }));
    expect(await unit('DL5440-0001')).toMatchObject({ status: 'sold', customer_id: ids.walkIn });
    expect((await history('DL5440-0001')).at(-1)!.note).toBe('INV-000001 now billed to Walk-in Customer');
  });
});

describe('lookupSerial', () => {
  it('finds exact matches first, else a match in any case, with the invoice it is on', async () => {
    expect((await lookupSerial(serviceCtx(b), 'dl5440-0001')).map((m) => m.serial)).toEqual(['DL5440-0001']);
    const saved = await save(invoice([laptopLine(['DL5440-0001'])]));
    const [match] = await lookupSerial(serviceCtx(b), ' DL5440-0001 ');
    expect(match).toMatchObject({
      productName: 'Latitude 5440 Laptop',
      status: 'sold',
      locationName: 'Main Store',
      invoice: { id: saved.id, number: 'INV-000001' },
    });
    expect(await lookupSerial(serviceCtx(b), 'NOPE')).toEqual([]);
  });
});

describe('invoice lines keep their identity', () => {
  /** The edit of a saved invoice as the editor sends it: every saved line with its id, in order. */
  const resend = (
    saved: Invoice,
    change: (lines: SaveInvoiceLine[]) => SaveInvoiceLine[] = (l) => l,
    extra: Partial<SaveInvoiceInput> = {},
  ) =>
    invoice(
      change(
        saved.lines.map((l) => ({
          id: l.id,
          productId: l.productId,
          description: l.description,
          qty: l.qty,
          unitPriceMinor: l.unitPriceMinor,
          taxable: l.taxable,
          serialIds: l.serials.map((s) => s.id),
        })),
      ),
      { id: saved.id, revision: saved.revision, customerId: saved.customerId, locationId: saved.locationId, ...extra },
    );
  const lineRows = (invoiceId: number) =>
    b.all<{ id: number; position: number; description: string }>(
      'SELECT id, position, description FROM invoice_lines WHERE invoice_id = ? ORDER BY position',
      invoiceId,
    );

  /** Every row a statement writes to the invoice's tables, seen by temporary triggers on the store's one connection. */
  async function watchWrites() {
    if (onPostgres) {
      // The pool has several connections: a plain table and triggers (the test's database is its own).
      await b.all('CREATE TABLE IF NOT EXISTS writes (seq bigserial, tbl text, op text, row text)');
      await b.all('DELETE FROM writes');
    } else {
      await b.all('CREATE TEMP TABLE IF NOT EXISTS writes (tbl TEXT, op TEXT, row TEXT)');
      await b.all('DELETE FROM temp.writes');
    }
    const watched: Record<string, string> = {
      invoice_lines: 'id',
      invoice_line_serials: `invoice_line_id || ':' || serial_id`,
      serials: 'id',
      stock_levels: `product_id || '@' || location_id`,
      serial_events: 'id',
      invoices: 'id',
    };
    const refOf = (key: string, row: 'NEW' | 'OLD') => key.replace(/(\w+_id|\bid\b)/g, `${row}.$1`);
    for (const [table, key] of Object.entries(watched)) {
      if (onPostgres) {
        await b.all(`CREATE OR REPLACE FUNCTION watch_${table}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
          IF TG_OP = 'DELETE' THEN INSERT INTO writes (tbl, op, row) VALUES ('${table}', TG_OP, ${refOf(key, 'OLD')});
          ELSE INSERT INTO writes (tbl, op, row) VALUES ('${table}', TG_OP, ${refOf(key, 'NEW')}); END IF;
          RETURN NULL; END $$`);
        await b.all(`CREATE OR REPLACE TRIGGER watch_${table} AFTER INSERT OR UPDATE OR DELETE ON ${table}
          FOR EACH ROW EXECUTE FUNCTION watch_${table}()`);
        continue;
      }
      for (const op of ['INSERT', 'UPDATE', 'DELETE']) {
        const ref = refOf(key, op === 'DELETE' ? 'OLD' : 'NEW');
        await b.all(`CREATE TEMP TRIGGER IF NOT EXISTS watch_${table}_${op} AFTER ${op} ON main.${table}
          BEGIN INSERT INTO temp.writes VALUES ('${table}', '${op}', ${ref}); END`);
      }
    }
    return () =>
      b.all<{ tbl: string; op: string; row: string }>(
        `SELECT tbl, op, row FROM writes ORDER BY ${onPostgres ? 'seq' : 'rowid'}`,
      );
  }

  it('keeps every line id across re-saves, and an unchanged re-save rewrites no line', async () => {
    const first = await save(
      invoice([
        laptopLine(['DL5440-0001', 'DL5440-0002']),
        cableLine(3),
        { ...cableLine(1), description: 'Spare cable' },
      ]),
    );
    const ids1 = first.lines.map((l) => l.id);
    const second = await save(resend(first));
    expect(second.lines.map((l) => l.id)).toEqual(ids1);
    const third = await save(resend(second, (lines) => lines.map((l, i) => (i === 1 ? { ...l, qty: 5000 } : l))));
    expect(third.lines.map((l) => l.id)).toEqual(ids1);
    expect(third.lines[1]!.qty).toBe(5000);
    expect(third.revision).toBe(3);

    const writes = await watchWrites();
    await save(resend(third));
    // The header takes the new revision; nothing else is written: no line, link, unit, event or stock row.
    expect(await writes()).toEqual([{ tbl: 'invoices', op: 'UPDATE', row: String(first.id) }]);
  });

  it('writes only what changed: one line row, the swapped links and units, their events and the stock of the changed quantity', async () => {
    const first = await save(
      invoice([
        laptopLine(['DL5440-0001', 'DL5440-0002']),
        cableLine(3),
        {
          productId: ids.support,
          description: 'Setup',
          qty: 1000,
          unitPriceMinor: 9_000,
          taxable: true,
          serialIds: [],
        },
      ]),
    );
    const [laptop, cable, support] = first.lines.map((l) => l.id);
    const writes = await watchWrites();
    const edited = await save(
      resend(first, ([l1, l2, l3]) => [
        { ...l1!, serialIds: [ids.serial('DL5440-0001'), ids.serial('DL5440-0003')] },
        { ...l2!, qty: 2000 },
        l3!,
      ]),
    );
    expect(edited.lines.map((l) => l.id)).toEqual([laptop, cable, support]);
    const rows = await writes();
    const of = (tbl: string) => rows.filter((r) => r.tbl === tbl).map((r) => `${r.op} ${r.row}`);
    expect(of('invoice_lines')).toEqual([`UPDATE ${cable}`]);
    expect(of('invoice_line_serials')).toEqual([
      `DELETE ${laptop}:${ids.serial('DL5440-0002')}`,
      `INSERT ${laptop}:${ids.serial('DL5440-0003')}`,
    ]);
    expect(of('serials').sort()).toEqual(
      [`UPDATE ${ids.serial('DL5440-0002')}`, `UPDATE ${ids.serial('DL5440-0003')}`].sort(),
    );
    expect(of('serial_events')).toHaveLength(2); // released 0002, sold 0003; nothing for the kept 0001
    expect(of('stock_levels')).toEqual([`UPDATE ${ids.cable}@${ids.main}`]);
    expect(
      await b.one('SELECT on_hand FROM stock_levels WHERE product_id = ? AND location_id = ?', ids.cable, ids.main),
    ).toEqual({ on_hand: 48000 });
    const [released] = await b.all<{ kind: string; invoice_id: number; invoice_line_id: number | null }>(
      `SELECT kind, invoice_id, invoice_line_id FROM serial_events WHERE serial_id = ? ORDER BY id DESC LIMIT 1`,
      ids.serial('DL5440-0002'),
    );
    expect(released).toEqual({ kind: 'released', invoice_id: first.id, invoice_line_id: laptop }); // taken off a line that stays
    expect(
      await b.one(
        `SELECT invoice_line_id FROM serial_events WHERE serial_id = ? AND kind = 'sold'`,
        ids.serial('DL5440-0003'),
      ),
    ).toEqual({ invoice_line_id: laptop });
  });

  it('reorders, removes and adds lines with positions 1..n and the kept ids', async () => {
    const first = await save(
      invoice([
        { ...cableLine(1), description: 'A' },
        { ...cableLine(1), description: 'B' },
        { ...cableLine(1), description: 'C' },
        { ...cableLine(1), description: 'D' },
      ]),
    );
    const [a, bb, c, d] = first.lines.map((l) => l.id);
    // D first, C dropped, a new line E between, then B and A swapped.
    const edited = await save(
      resend(first, ([la, lb, , ld]) => [ld!, { ...cableLine(2), description: 'E' }, lb!, la!]),
    );
    expect(edited.lines.map((l) => l.description)).toEqual(['D', 'E', 'B', 'A']);
    expect(edited.lines.map((l) => l.id)).toEqual([d, expect.any(Number), bb, a]);
    expect(edited.lines[1]!.id).not.toBe(c);
    expect((await lineRows(first.id)).map((r) => r.position)).toEqual([1, 2, 3, 4]);
    expect(await b.one('SELECT count(*) AS n FROM invoice_lines WHERE id = ?', c)).toEqual({ n: 0 });
    expect(
      await b.one('SELECT on_hand FROM stock_levels WHERE product_id = ? AND location_id = ?', ids.cable, ids.main),
    ).toEqual({ on_hand: 45000 });
  });

  it('releases the units of a removed line with an event naming the invoice; their sale stays in history without the line', async () => {
    const first = await save(invoice([laptopLine(['DL5440-0001']), laptopLine(['DL5440-0002']), cableLine(1)]));
    const removed = first.lines[1]!.id;
    const edited = await save(resend(first, ([l1, , l3]) => [l1!, l3!]));
    expect(edited.lines.map((l) => l.id)).toEqual([first.lines[0]!.id, first.lines[2]!.id]);
    expect(await unit('DL5440-0002')).toEqual({ status: 'in_stock', customer_id: null, location_id: ids.main });
    expect(
      await b.all(
        'SELECT kind, invoice_id, invoice_line_id, location_id, note FROM serial_events WHERE serial_id = ? ORDER BY id',
        ids.serial('DL5440-0002'),
      ),
    ).toEqual([
      expect.objectContaining({ kind: 'received' }),
      {
        kind: 'sold',
        invoice_id: first.id,
        invoice_line_id: null,
        location_id: ids.main,
        note: 'sold on INV-000001 to Acme Corp',
      }, // the line is gone: SET NULL
      {
        kind: 'released',
        invoice_id: first.id,
        invoice_line_id: null,
        location_id: ids.main,
        note: 'removed from INV-000001 by an edit; back in stock',
      },
    ]);
    expect(await b.one('SELECT count(*) AS n FROM invoice_lines WHERE id = ?', removed)).toEqual({ n: 0 });
    expect(await b.one('SELECT count(*) AS n FROM invoice_line_serials WHERE invoice_line_id = ?', removed)).toEqual({
      n: 0,
    });
    expect(
      await b.one(
        'SELECT invoice_line_id FROM serial_events WHERE serial_id = ? AND kind = ?',
        ids.serial('DL5440-0001'),
        'sold',
      ),
    ).toEqual({ invoice_line_id: first.lines[0]!.id }); // the kept line's sale keeps its link
  });

  it('moves a unit between lines of the invoice without a new event', async () => {
    const first = await save(invoice([laptopLine(['DL5440-0001']), laptopLine(['DL5440-0002'])]));
    const [l1, l2] = first.lines.map((l) => l.id);
    const edited = await save(
      resend(first, ([x, y]) => [
        { ...x!, serialIds: [ids.serial('DL5440-0002')] },
        { ...y!, serialIds: [ids.serial('DL5440-0001')] },
      ]),
    );
    expect(edited.lines.map((l) => [l.id, l.serials.map((s) => s.serial)])).toEqual([
      [l1, ['DL5440-0002']],
      [l2, ['DL5440-0001']],
    ]);
    expect((await history('DL5440-0001')).map((e) => e.kind)).toEqual(['received', 'sold']);
  });

  it('refuses a line id of another invoice, a saved line id on a new invoice, and a line id named twice, writing nothing', async () => {
    const mine = await save(invoice([cableLine(1)]));
    const other = await save(invoice([cableLine(2)]));
    const foreign = await refused(resend(mine, (lines) => [...lines, { ...cableLine(1), id: other.lines[0]!.id }]));
    expect(foreign.code).toBe('invalid_input');
    expect(foreign.message).toBe(
      `Line 2 names line ${other.lines[0]!.id}, which is not a line of INV-000001. Reopen the invoice; your edit was not saved.`,
    );
    expect((await refused(invoice([{ ...cableLine(1), id: mine.lines[0]!.id }]))).message).toBe(
      `Line 1 names saved line ${mine.lines[0]!.id}, but a new invoice has no saved lines.`,
    );
    expect((await refused(resend(mine, ([l]) => [l!, { ...l!, qty: 3000 }]))).message).toBe(
      `Lines 1 and 2 both name line ${mine.lines[0]!.id} of INV-000001; a saved line can be kept once.`,
    );
    expect((await refused(resend(mine, () => [{ ...cableLine(1), id: 99_999 }]))).message).toMatch(
      /^Line 1 names line 99999, which is not a line of INV-000001/,
    );
  });

  it('treats lines sent without ids as new: the old ones are removed and their units released', async () => {
    const first = await save(invoice([laptopLine(['DL5440-0001'])]));
    // holds the highest line id (SQLite reuses the highest rowid once it is deleted)
    await save(invoice([cableLine(1)]));
    const edited = await save(invoice([laptopLine(['DL5440-0001'])], { id: first.id }));
    expect(edited.lines[0]!.id).not.toBe(first.lines[0]!.id);
    expect(await b.one('SELECT count(*) AS n FROM invoice_lines WHERE id = ?', first.lines[0]!.id)).toEqual({ n: 0 });
    expect(await unit('DL5440-0001')).toMatchObject({ status: 'sold', customer_id: ids.acme });
    expect((await history('DL5440-0001')).map((e) => e.kind)).toEqual(['received', 'sold']); // still on the invoice: neither released nor sold again
    expect(
      await b.one('SELECT invoice_line_id FROM invoice_line_serials WHERE serial_id = ?', ids.serial('DL5440-0001')),
    ).toEqual({ invoice_line_id: edited.lines[0]!.id });
  });
});

describe('serial_events.invoice_line_id is a foreign key', () => {
  const event = (lineId: number | null) =>
    b.all(
      `INSERT INTO serial_events (serial_id, at, actor, kind, invoice_line_id, note) VALUES (?, '2026-11-21', 'test', 'sold', ?, '')`,
      ids.serial('DL5440-0001'),
      lineId,
    );

  it('refuses an event naming a line that does not exist, and accepts one naming a real line', async () => {
    await expect(event(987_654)).rejects.toThrow(/FOREIGN KEY constraint failed|violates foreign key constraint/);
    const saved = await save(invoice([cableLine(1)]));
    await expect(event(saved.lines[0]!.id)).resolves.toEqual([]);
  });

  it('keeps history append-only: no update (not even clearing a live link) and no delete', async () => {
    const saved = await save(invoice([laptopLine(['DL5440-0001'])]));
    const sold = (await b.one<{ id: number }>(`SELECT id FROM serial_events WHERE kind = 'sold'`)).id;
    const run = (sql: string) => b.all(sql, sold);
    await expect(run('UPDATE serial_events SET invoice_line_id = NULL WHERE id = ?')).rejects.toThrow(/append-only/);
    await expect(run(`UPDATE serial_events SET note = 'rewritten' WHERE id = ?`)).rejects.toThrow(/append-only/);
    await expect(run('DELETE FROM serial_events WHERE id = ?')).rejects.toThrow(/append-only/);
    expect(await b.one('SELECT invoice_line_id FROM serial_events WHERE id = ?', sold)).toEqual({
      invoice_line_id: saved.lines[0]!.id,
    });
  });
});

describe('moving a saved invoice to another location', () => {
  it('moves its units along with a Moved event, and its non-serialized stock', async () => {
    // The Warehouse has no cables: this store allows negative stock (Settings → Counter).
    await b.all(`INSERT INTO settings (key, value) VALUES ('counter', '{"allowNegativeStock":true}')`);
    const first = await save(invoice([laptopLine(['DL5440-0001']), cableLine(2)]));
    const moved = await save(
      invoice(
        first.lines.map((l) => ({
          id: l.id,
          productId: l.productId,
          description: l.description,
          qty: l.qty,
          unitPriceMinor: l.unitPriceMinor,
          taxable: l.taxable,
          serialIds: l.serials.map((s) => s.id),
        })),
        { id: first.id, locationId: ids.warehouse },
      ),
    );
    expect(moved.locationName).toBe('Warehouse');
    expect(moved.lines.map((l) => l.id)).toEqual(first.lines.map((l) => l.id));
    expect(await unit('DL5440-0001')).toEqual({ status: 'sold', customer_id: ids.acme, location_id: ids.warehouse });
    expect(
      (
        await b.all(
          'SELECT kind, location_id, invoice_id, invoice_line_id, note FROM serial_events WHERE serial_id = ? ORDER BY id',
          ids.serial('DL5440-0001'),
        )
      ).at(-1),
    ).toEqual({
      kind: 'moved',
      location_id: ids.warehouse,
      invoice_id: first.id,
      invoice_line_id: first.lines[0]!.id,
      note: 'moved from Main Store to Warehouse with INV-000001',
    });
    const onHand = async (loc: number) =>
      (
        await b.one<{ on_hand: number } | undefined>(
          'SELECT on_hand FROM stock_levels WHERE product_id = ? AND location_id = ?',
          ids.cable,
          loc,
        )
      )?.on_hand;
    expect([await onHand(ids.main), await onHand(ids.warehouse)]).toEqual([50_000, -2_000]);

    // Removed later, the unit goes back in stock where the invoice now is; a Main Store unit cannot join it.
    const again = await getInvoice(serviceCtx(b), first.id);
    await save(
      invoice(
        [cableLine(2)].map((l) => ({ ...l, id: again.lines[1]!.id })),
        { id: first.id, locationId: ids.warehouse },
      ),
    );
    expect(await unit('DL5440-0001')).toEqual({ status: 'in_stock', customer_id: null, location_id: ids.warehouse });
    const refusal = await refused(invoice([laptopLine(['DL5440-0002'])], { id: first.id, locationId: ids.warehouse }));
    expect(refusal.message).toBe('Not saved: DL5440-0002 is at Main Store, not Warehouse.');
  });

  it('moves back a unit of an invoice moved by an older version (unit left at the old location) on its next save', async () => {
    const first = await save(invoice([laptopLine(['DL5440-0001'])]));
    await b.all('UPDATE invoices SET location_id = ? WHERE id = ?', ids.warehouse, first.id); // what the old save did

    const saved = await getInvoice(serviceCtx(b), first.id);
    await save(
      invoice([{ ...laptopLine(['DL5440-0001']), id: saved.lines[0]!.id }], {
        id: first.id,
        locationId: ids.warehouse,
      }),
    );
    expect(await unit('DL5440-0001')).toMatchObject({ location_id: ids.warehouse });
    expect((await history('DL5440-0001')).map((e) => e.kind)).toEqual(['received', 'sold', 'moved']);
  });
});
