// The PostgreSQL floor: bench/floor.ts's work, written directly against node-postgres with one plain pg.Client and
// named prepared statements (parsed and planned once) on the same database (same schema, same indexes). No
// validation layer, no query builder, no result mapping beyond what the caller needs.
//
// The statements are floor.ts's, with one difference a server imposes: where the SQLite floor runs a statement once
// per row (free in-process), this one sends the rows of a step as arrays in one statement (= ANY($1), unnest), as the
// app's services batch theirs, so the floor pays one round trip per step, not one per row. Write transactions are
// SERIALIZABLE, as the app's are on PostgreSQL.
import pg from 'pg';
import { localDate } from '../core/dates.ts';
import { normalizeSerial, serialKey } from '../core/serial.ts';

/** An Invoices page row, as the service reads it. */
const SUMMARY =
  'i.id, i.number, i.customer_id, c.name AS customer_name, i.invoice_date, i.due_date, i.status, i.total_minor, i.balance_minor';

/** int8 and numeric as JS numbers, as the app's pool reads them. */
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === 20 || oid === 1700 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as never)) as never,
};

export async function floorPg(url: string) {
  const client = new pg.Client({ connectionString: url, types });
  await client.connect();
  let named = 0;
  /** A named prepared statement: the first run parses and plans it on this connection, later runs bind and run. */
  const prepare = <R = Record<string, unknown>>(text: string) => {
    const name = `floor${++named}`;
    return async (...values: unknown[]): Promise<R[]> => (await client.query({ name, text, values })).rows as R[];
  };
  const exec = (text: string) => client.query(text);

  const lookup = prepare(`
    SELECT s.id, s.serial, s.product_id, p.name, s.location_id, l.name AS location, s.status, s.condition_notes,
           i.id AS invoice_id, i.number, p.sku, p.barcode, p.price_minor, p.taxable, p.serialized, p.maintain_stock
    FROM serials s JOIN products p ON p.id = s.product_id JOIN locations l ON l.id = s.location_id
    LEFT JOIN invoice_line_serials ils ON ils.serial_id = s.id LEFT JOIN invoice_lines il ON il.id = ils.invoice_line_id
    LEFT JOIN invoices i ON i.id = il.invoice_id
    WHERE s.serial_key = $1 AND s.deleted_at IS NULL ORDER BY p.name`);

  const customer = prepare('SELECT id, name FROM customers WHERE id = $1');
  const location = prepare('SELECT id, name FROM locations WHERE id = $1');
  const products = prepare<{ id: number }>(
    'SELECT id, serialized, maintain_stock FROM products WHERE id = ANY($1::bigint[])',
  );
  const units = prepare<{ id: number; product_id: number; status: string; location_id: number; taken: number | null }>(
    `SELECT s.id, s.product_id, s.status, s.location_id, ils.serial_id AS taken FROM serials s
     LEFT JOIN invoice_line_serials ils ON ils.serial_id = s.id WHERE s.id = ANY($1::bigint[])`,
  );
  const counter = prepare<{ n: number }>(
    `INSERT INTO counters (name, next) VALUES ('invoice', 2) ON CONFLICT (name) DO UPDATE SET next = counters.next + 1 RETURNING next - 1 AS n`,
  );
  const defaultRate = prepare<{ id: number; name: string; rate_bp: number }>(
    'SELECT id, name, rate_bp FROM tax_rates WHERE is_default = 1',
  );
  const defaultTerms = prepare<{ name: string; days: number }>(
    'SELECT name, days FROM payment_terms WHERE is_default = 1',
  );
  const insertInvoice = prepare<{
    id: number;
  }>(`INSERT INTO invoices (number, customer_id, location_id, invoice_date, due_date, terms, status, notes, subtotal_minor, tax_minor, total_minor, created_at, updated_at, finalized_at)
    VALUES ($1, $2, $3, $4, $5, $6, 'sent', '', $7, $8, $9, $10, $11, $12) RETURNING id`);
  const updateInvoice = prepare(
    `UPDATE invoices SET customer_id = $1, subtotal_minor = $2, tax_minor = $3, total_minor = $4, revision = revision + 1, updated_at = $5 WHERE id = $6`,
  );
  // The lines of one invoice: arrays of position, product, qty, price and total; the rate and invoice are the same.
  const insertLines = prepare<{ id: number }>(
    `INSERT INTO invoice_lines (invoice_id, position, product_id, description, qty, unit_price_minor, taxable, tax_rate_id, tax_rate_name, tax_rate_bp, line_total_minor)
     SELECT $1, l.position, l.product_id, 'Product', l.qty, l.price, 1, $2, $3, $4, l.total
     FROM unnest($5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[]) AS l (position, product_id, qty, price, total)
     ORDER BY l.position RETURNING id`,
  );
  const insertLineSerials = prepare(
    'INSERT INTO invoice_line_serials (invoice_line_id, serial_id) SELECT * FROM unnest($1::bigint[], $2::bigint[])',
  );
  const sell = prepare(`UPDATE serials SET status = 'sold', customer_id = $1 WHERE id = ANY($2::bigint[])`);
  const release = prepare(`UPDATE serials SET status = 'in_stock', customer_id = NULL WHERE id = ANY($1::bigint[])`);
  // Events of one kind for one invoice: arrays of unit and line.
  const events = prepare(
    `INSERT INTO serial_events (serial_id, at, actor, kind, location_id, invoice_id, invoice_line_id, customer_id, note)
     SELECT e.serial_id, $1, 'floor', $2, $3, $4, e.line_id, $5, $6 FROM unnest($7::bigint[], $8::bigint[]) AS e (serial_id, line_id)`,
  );
  const invoiceSerials = prepare<{ invoice_line_id: number; serial_id: number }>(
    'SELECT ils.invoice_line_id, ils.serial_id FROM invoice_line_serials ils JOIN invoice_lines il ON il.id = ils.invoice_line_id WHERE il.invoice_id = $1',
  );
  const invoiceLineIds = prepare<{ id: number }>('SELECT id FROM invoice_lines WHERE invoice_id = $1');
  const unlink = prepare('DELETE FROM invoice_line_serials WHERE serial_id = ANY($1::bigint[])');
  const readInvoice = prepare(
    'SELECT i.*, c.name AS customer, l.name AS location FROM invoices i JOIN customers c ON c.id = i.customer_id JOIN locations l ON l.id = i.location_id WHERE i.id = $1',
  );
  const readLines = prepare(
    'SELECT il.*, p.name, p.sku, p.serialized FROM invoice_lines il LEFT JOIN products p ON p.id = il.product_id WHERE il.invoice_id = $1 ORDER BY il.position',
  );
  const readSerials = prepare(
    'SELECT ils.invoice_line_id, s.id, s.serial FROM invoice_line_serials ils JOIN invoice_lines il ON il.id = ils.invoice_line_id JOIN serials s ON s.id = ils.serial_id WHERE il.invoice_id = $1 ORDER BY s.serial',
  );
  const begin = () => exec('BEGIN ISOLATION LEVEL SERIALIZABLE');
  const commit = () => exec('COMMIT');
  const rollback = () => exec('ROLLBACK');

  interface Line {
    productId: number;
    unitPriceMinor: number;
    serialIds: number[];
  }
  /** A line of a saved invoice, as an edit sends it back: with its id. */
  type SavedLine = Line & { id: number };
  const totals = (lines: Line[]) => {
    const subtotal = lines.reduce((s, l) => s + l.unitPriceMinor * l.serialIds.length, 0);
    const tax = Math.round((subtotal * 750) / 10_000);
    return [subtotal, tax, subtotal + tax] as const;
  };
  const readBack = async (id: number) => ({
    invoice: (await readInvoice(id))[0],
    lines: await readLines(id),
    serials: await readSerials(id),
  });

  /** Writes lines, line serials, sold units and their events. */
  async function writeLines(invoiceId: number, number: string, customerId: number, lines: Line[], at: string) {
    const rate = (await defaultRate())[0]!;
    const ids = (
      await insertLines(
        invoiceId,
        rate.id,
        rate.name,
        rate.rate_bp,
        lines.map((_, i) => i + 1),
        lines.map((l) => l.productId),
        lines.map((l) => l.serialIds.length * 1000),
        lines.map((l) => l.unitPriceMinor),
        lines.map((l) => l.unitPriceMinor * l.serialIds.length),
      )
    ).map((r) => r.id);
    const lineOf = lines.flatMap((l, i) => l.serialIds.map(() => ids[i]!));
    const sids = lines.flatMap((l) => l.serialIds);
    await insertLineSerials(lineOf, sids);
    await sell(customerId, sids);
    await events(at, 'sold', null, invoiceId, customerId, `sold on ${number}`, sids, lineOf);
    return ids;
  }
  async function check(customerId: number, locationId: number, lines: Line[], kept: Set<number>) {
    if ((await customer(customerId)).length === 0 || (await location(locationId)).length === 0)
      throw new Error('missing');
    const found = new Set((await products([...new Set(lines.map((l) => l.productId))])).map((p) => p.id));
    if (lines.some((l) => !found.has(l.productId))) throw new Error('missing product');
    const productOf = new Map(lines.flatMap((l) => l.serialIds.map((sid) => [sid, l.productId] as const)));
    const rows = await units([...productOf.keys()]);
    if (rows.length !== productOf.size) throw new Error('bad unit');
    for (const u of rows) {
      if (u.product_id !== productOf.get(u.id)) throw new Error('bad unit');
      if (!kept.has(u.id) && (u.taken !== null || u.status !== 'in_stock' || u.location_id !== locationId))
        throw new Error(`unit ${u.id} unavailable`);
    }
  }

  const n = (rows: Array<Record<string, unknown>>) => rows[0]!.n as number;

  return {
    close: () => client.end(),

    lookupSerial: (serial: string) => lookup(serialKey(serial)),

    async saveNew(customerId: number, locationId: number, lines: Line[]) {
      await begin();
      try {
        await check(customerId, locationId, lines, new Set());
        const num = (await counter())[0]!.n;
        const number = `INV-${String(num).padStart(6, '0')}`;
        const at = new Date().toISOString();
        const [sub, tax, total] = totals(lines);
        const terms = (await defaultTerms())[0]!;
        const [{ id }] = (await insertInvoice(
          number,
          customerId,
          locationId,
          '2026-11-21',
          '2026-11-21',
          terms.name,
          sub,
          tax,
          total,
          at,
          at,
          at,
        )) as [{ id: number }];
        const lineIds = await writeLines(id, number, customerId, lines, at);
        await commit();
        await readBack(id);
        return { id, lineIds };
      } catch (e) {
        await rollback();
        throw e;
      }
    },

    /**
     * An edit that keeps every line (same ids, products, prices) and swaps some units: only the swapped links, units
     * and events are written.
     */
    async resave(invoiceId: number, customerId: number, locationId: number, lines: SavedLine[]) {
      await begin();
      try {
        const links = await invoiceSerials(invoiceId);
        const ours = new Set((await invoiceLineIds(invoiceId)).map((r) => r.id));
        if (lines.some((l) => !ours.has(l.id))) throw new Error('a line of another invoice');
        const kept = new Set(links.map((r) => r.serial_id));
        await check(customerId, locationId, lines, kept);
        const wanted = new Set(lines.flatMap((l) => l.serialIds));
        const at = new Date().toISOString();
        const [sub, tax, total] = totals(lines);
        await updateInvoice(customerId, sub, tax, total, at, invoiceId);
        const gone = links.filter((r) => !wanted.has(r.serial_id));
        if (gone.length > 0) {
          const sids = gone.map((r) => r.serial_id);
          await unlink(sids);
          await release(sids);
          const lineIds = gone.map((r) => r.invoice_line_id);
          await events(at, 'released', locationId, invoiceId, null, 'removed by an edit', sids, lineIds);
        }
        const added = lines.flatMap((l) => l.serialIds.filter((sid) => !kept.has(sid)).map((sid) => [l.id, sid]));
        if (added.length > 0) {
          const lineIds = added.map(([line]) => line!);
          const sids = added.map(([, sid]) => sid!);
          await insertLineSerials(lineIds, sids);
          await sell(customerId, sids);
          await events(at, 'sold', null, invoiceId, customerId, 'sold on INV', sids, lineIds);
        }
        await commit();
        return await readBack(invoiceId);
      } catch (e) {
        await rollback();
        throw e;
      }
    },

    listInvoices: (() => {
      const page = prepare(`SELECT ${SUMMARY} FROM invoices i JOIN customers c ON c.id = i.customer_id
        WHERE i.customer_id = $1 AND i.status = $2 AND i.invoice_date >= $3 AND i.invoice_date <= $4 ORDER BY i.invoice_date DESC, i.id DESC LIMIT 50`);
      const count = prepare(`SELECT count(*) AS n FROM invoices i
        WHERE i.customer_id = $1 AND i.status = $2 AND i.invoice_date >= $3 AND i.invoice_date <= $4`);
      return async (customerId: number, status: string, from: string, to: string) => ({
        rows: await page(customerId, status, from, to),
        total: n(await count(customerId, status, from, to)),
      });
    })(),

    /** One page of the Invoices page, the same queries as the service (db/services/invoiceList.ts), count then page. */
    invoicesPage: (() => {
      const OPEN = `'sent', 'viewed', 'partial'`;
      const from = `invoices i JOIN customers c ON c.id = i.customer_id`;
      const countAll = prepare('SELECT count(*) AS n FROM invoices i');
      const newest = prepare(
        `SELECT ${SUMMARY} FROM ${from} ORDER BY i.invoice_date DESC, i.id DESC LIMIT 50 OFFSET $1`,
      );
      const byBalance = prepare(
        `SELECT ${SUMMARY} FROM ${from} ORDER BY i.balance_minor DESC, i.id DESC LIMIT 50 OFFSET $1`,
      );
      const countOverdue = prepare(
        `SELECT count(*) AS n FROM invoices i WHERE i.status IN (${OPEN}) AND i.due_date < $1`,
      );
      const overdue = prepare(`SELECT ${SUMMARY} FROM ${from} WHERE i.status IN (${OPEN}) AND i.due_date < $1
          ORDER BY i.invoice_date DESC, i.id DESC LIMIT 50 OFFSET $2`);
      const numberIds = prepare<{ id: number }>(`SELECT id FROM invoices WHERE number ILIKE $1 ESCAPE '\\' LIMIT 2001`);
      const serialInvoiceIds = prepare<{ invoice_id: number }>(
        `WITH units (id) AS (SELECT id FROM serials WHERE serial_key = $1 UNION SELECT serial_id FROM serial_aliases WHERE alias_key = $1)
          SELECT e.invoice_id FROM serial_events e WHERE e.serial_id IN (SELECT id FROM units) AND e.invoice_id IS NOT NULL
            AND e.kind IN ('sold', 'reserved', 'voided')
          UNION SELECT il.invoice_id FROM invoice_line_serials ils JOIN invoice_lines il ON il.id = ils.invoice_line_id
          WHERE ils.serial_id IN (SELECT id FROM units)`,
      );
      const customerIds = prepare<{ id: number }>(`SELECT id FROM customers WHERE name ILIKE $1 ESCAPE '\\'`);
      const matches = `(i.id = ANY($1::bigint[]) OR i.customer_id = ANY($2::bigint[]))`;
      const countSearch = prepare(`SELECT count(*) AS n FROM invoices i WHERE ${matches}`);
      const searchPage = prepare(
        `SELECT ${SUMMARY} FROM ${from} WHERE ${matches} ORDER BY i.invoice_date DESC, i.id DESC LIMIT 50 OFFSET $3`,
      );
      return {
        newest: async (offset: number) => ({ total: n(await countAll()), rows: await newest(offset) }),
        byBalance: async (offset: number) => ({ total: n(await countAll()), rows: await byBalance(offset) }),
        overdue: async (offset: number) => {
          const today = localDate(new Date());
          return { total: n(await countOverdue(today)), rows: await overdue(today, offset) };
        },
        /** A serial typed into Search (it is also tried as part of a number and of a customer's name). */
        search: async (text: string) => {
          const like = `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
          const key = serialKey(text);
          const ids = [
            ...new Set([
              ...(await numberIds(like)).map((r) => r.id),
              ...(await serialInvoiceIds(key)).map((r) => r.invoice_id),
            ]),
          ];
          const customers = (await customerIds(like)).map((r) => r.id);
          return { total: n(await countSearch(ids, customers)), rows: await searchPage(ids, customers, 0) };
        },
      };
    })(),

    /**
     * Reads a serials CSV, checks every row (product, location, duplicates, existing) and receives it in one
     * transaction; rows go in 400 at a time, as the app's import writes them.
     */
    importSerials: await (async () => {
      const productRows = (await client.query('SELECT id, sku, serialized FROM products')).rows as Array<{
        id: number;
        sku: string;
        serialized: number;
      }>;
      const productsBySku = new Map(productRows.map((p) => [p.sku.toLowerCase(), p]));
      const locationRows = (await client.query('SELECT id, name FROM locations')).rows as Array<{
        id: number;
        name: string;
      }>;
      const locations = new Map(locationRows.map((l) => [l.name.toLowerCase(), l.id]));
      const existing = prepare(
        `SELECT 1 FROM serials s JOIN unnest($1::bigint[], $2::text[]) AS r (product_id, serial_key)
         ON s.product_id = r.product_id AND s.serial_key = r.serial_key LIMIT 1`,
      );
      const receiptCounter = prepare<{ n: number }>(
        `INSERT INTO counters (name, next) VALUES ('goods_receipt', 2) ON CONFLICT (name) DO UPDATE SET next = counters.next + 1 RETURNING next - 1 AS n`,
      );
      const receipt = prepare<{ id: number }>(
        `INSERT INTO goods_receipts (number, location_id, source, reference, received_at, actor) VALUES ($1, $2, 'import', 'floor.csv', $3, 'floor') RETURNING id`,
      );
      const receiptLines = prepare(
        'INSERT INTO goods_receipt_lines (receipt_id, product_id, qty) SELECT $1, * FROM unnest($2::bigint[], $3::bigint[])',
      );
      const insertSerials = prepare<{ id: number }>(
        `INSERT INTO serials (product_id, serial, serial_key, location_id, status, condition_notes, received_at)
         SELECT $1, r.serial, r.serial_key, $2, 'in_stock', r.notes, $3 FROM unnest($4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS r (serial, serial_key, notes, k)
         ORDER BY r.k RETURNING id`,
      );
      const received = prepare(
        `INSERT INTO serial_events (serial_id, at, actor, kind, location_id, receipt_id, note)
         SELECT e.id, $1, 'floor', 'received', $2, $3, $4 FROM unnest($5::bigint[]) AS e (id)`,
      );
      const CHUNK = 400;
      return async (text: string) => {
        await begin();
        try {
          const rows = text
            .split('\n')
            .slice(1)
            .filter(Boolean)
            .map((line) => line.split(','));
          const plan = new Map<number, Map<number, Array<[string, string, string]>>>();
          const seen = new Set<string>();
          const checked: Array<[number, string]> = [];
          for (const [s, text, loc, notes] of rows) {
            const p = productsBySku.get(s!.toLowerCase());
            const l = locations.get(loc!.toLowerCase());
            const serial = normalizeSerial(text ?? '');
            const key = serialKey(serial);
            if (!p || !p.serialized || !l || !serial || seen.has(`${p.id}|${key}`))
              throw new Error(`bad row ${serial}`);
            seen.add(`${p.id}|${key}`);
            checked.push([p.id, key]);
            const byProduct = plan.get(l) ?? new Map();
            plan.set(l, byProduct);
            const list = byProduct.get(p.id) ?? [];
            byProduct.set(p.id, list);
            list.push([serial, key, notes ?? '']);
          }
          for (let at = 0; at < checked.length; at += CHUNK) {
            const part = checked.slice(at, at + CHUNK);
            const found = await existing(
              part.map(([p]) => p),
              part.map(([, k]) => k),
            );
            if (found.length > 0) throw new Error('a serial exists');
          }
          const at = new Date().toISOString();
          for (const [loc, byProduct] of plan) {
            const number = `GR-${String((await receiptCounter())[0]!.n).padStart(6, '0')}`;
            const [{ id: rid }] = (await receipt(number, loc, at)) as [{ id: number }];
            await receiptLines(
              rid,
              [...byProduct.keys()],
              [...byProduct.values()].map((list) => list.length),
            );
            for (const [pid, list] of byProduct) {
              for (let k = 0; k < list.length; k += CHUNK) {
                const part = list.slice(k, k + CHUNK);
                const ids = await insertSerials(
                  pid,
                  loc,
                  at,
                  part.map(([serial]) => serial),
                  part.map(([, key]) => key),
                  part.map(([, , notes]) => notes),
                );
                await received(
                  at,
                  loc,
                  rid,
                  `imported from floor.csv (${number})`,
                  ids.map((r) => r.id),
                );
              }
            }
          }
          await commit();
          return rows.length;
        } catch (e) {
          await rollback();
          throw e;
        }
      };
    })(),
  };
}
