// The floor: the same work as each measured command, written directly against better-sqlite3 with
// prepared statements on the same file (same schema, same indexes). No validation layer, no query
// builder, no result mapping beyond what the caller needs.
import type { Database } from 'better-sqlite3';
import { localDate } from '../core/dates.ts';
import { normalizeSerial, serialKey } from '../core/serial.ts';

/** An Invoices page row, as the service reads it. */
const SUMMARY =
  'i.id, i.number, i.customer_id, c.name AS customer_name, i.invoice_date, i.due_date, i.status, i.total_minor, i.balance_minor';

export function floor(sqlite: Database) {
  const lookup = sqlite.prepare(`
    SELECT s.id, s.serial, s.product_id, p.name, s.location_id, l.name AS location, s.status, s.condition_notes,
           i.id AS invoice_id, i.number, p.sku, p.barcode, p.price_minor, p.taxable, p.serialized, p.maintain_stock
    FROM serials s JOIN products p ON p.id = s.product_id JOIN locations l ON l.id = s.location_id
    LEFT JOIN invoice_line_serials ils ON ils.serial_id = s.id LEFT JOIN invoice_lines il ON il.id = ils.invoice_line_id
    LEFT JOIN invoices i ON i.id = il.invoice_id
    WHERE s.serial_key = ? AND s.deleted_at IS NULL ORDER BY p.name`);

  const customer = sqlite.prepare('SELECT id, name FROM customers WHERE id = ?');
  const location = sqlite.prepare('SELECT id, name FROM locations WHERE id = ?');
  const product = sqlite.prepare('SELECT id, serialized, maintain_stock FROM products WHERE id = ?');
  const unit = sqlite.prepare(
    `SELECT s.id, s.product_id, s.status, s.location_id, ils.serial_id AS taken FROM serials s LEFT JOIN invoice_line_serials ils ON ils.serial_id = s.id WHERE s.id = ?`,
  );
  const counter = sqlite.prepare(
    `INSERT INTO counters (name, next) VALUES ('invoice', 2) ON CONFLICT (name) DO UPDATE SET next = next + 1 RETURNING next - 1 AS n`,
  );
  const defaultRate = sqlite.prepare('SELECT id, name, rate_bp FROM tax_rates WHERE is_default = 1');
  const defaultTerms = sqlite.prepare('SELECT name, days FROM payment_terms WHERE is_default = 1');
  const insertInvoice =
    sqlite.prepare(`INSERT INTO invoices (number, customer_id, location_id, invoice_date, due_date, terms, status, notes, subtotal_minor, tax_minor, total_minor, created_at, updated_at, finalized_at)
    VALUES (?, ?, ?, ?, ?, ?, 'sent', '', ?, ?, ?, ?, ?, ?) RETURNING id`);
  const updateInvoice = sqlite.prepare(
    `UPDATE invoices SET customer_id = ?, subtotal_minor = ?, tax_minor = ?, total_minor = ?, revision = revision + 1, updated_at = ? WHERE id = ?`,
  );
  const insertLine = sqlite.prepare(
    `INSERT INTO invoice_lines (invoice_id, position, product_id, description, qty, unit_price_minor, taxable, tax_rate_id, tax_rate_name, tax_rate_bp, line_total_minor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
  );
  const insertLineSerial = sqlite.prepare(
    'INSERT INTO invoice_line_serials (invoice_line_id, serial_id) VALUES (?, ?)',
  );
  const sell = sqlite.prepare(`UPDATE serials SET status = 'sold', customer_id = ? WHERE id = ?`);
  const release = sqlite.prepare(`UPDATE serials SET status = 'in_stock', customer_id = NULL WHERE id = ?`);
  const event = sqlite.prepare(
    `INSERT INTO serial_events (serial_id, at, actor, kind, location_id, invoice_id, invoice_line_id, customer_id, note) VALUES (?, ?, 'floor', ?, ?, ?, ?, ?, ?)`,
  );
  const invoiceSerials = sqlite.prepare(
    'SELECT ils.invoice_line_id, ils.serial_id FROM invoice_line_serials ils JOIN invoice_lines il ON il.id = ils.invoice_line_id WHERE il.invoice_id = ?',
  );
  const invoiceLineIds = sqlite.prepare('SELECT id FROM invoice_lines WHERE invoice_id = ?').pluck();
  const unlink = sqlite.prepare('DELETE FROM invoice_line_serials WHERE serial_id = ?');
  const readInvoice = sqlite.prepare(
    'SELECT i.*, c.name AS customer, l.name AS location FROM invoices i JOIN customers c ON c.id = i.customer_id JOIN locations l ON l.id = i.location_id WHERE i.id = ?',
  );
  const readLines = sqlite.prepare(
    'SELECT il.*, p.name, p.sku, p.serialized FROM invoice_lines il LEFT JOIN products p ON p.id = il.product_id WHERE il.invoice_id = ? ORDER BY il.position',
  );
  const readSerials = sqlite.prepare(
    'SELECT ils.invoice_line_id, s.id, s.serial FROM invoice_line_serials ils JOIN invoice_lines il ON il.id = ils.invoice_line_id JOIN serials s ON s.id = ils.serial_id WHERE il.invoice_id = ? ORDER BY s.serial',
  );
  const begin = sqlite.prepare('BEGIN IMMEDIATE');
  const commit = sqlite.prepare('COMMIT');

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
  const readBack = (id: number) => ({
    invoice: readInvoice.get(id),
    lines: readLines.all(id),
    serials: readSerials.all(id),
  });

  /** Checks every unit, writes invoice, lines, line serials, sold units and their events, reads it back. */
  function writeLines(invoiceId: number, number: string, customerId: number, lines: Line[], at: string): number[] {
    const rate = defaultRate.get() as { id: number; name: string; rate_bp: number };
    return lines.map((l, i) => {
      const line = insertLine.get(
        invoiceId,
        i + 1,
        l.productId,
        'Product',
        l.serialIds.length * 1000,
        l.unitPriceMinor,
        1,
        rate.id,
        rate.name,
        rate.rate_bp,
        l.unitPriceMinor * l.serialIds.length,
      ) as { id: number };
      for (const sid of l.serialIds) {
        insertLineSerial.run(line.id, sid);
        sell.run(customerId, sid);
        event.run(sid, at, 'sold', null, invoiceId, line.id, customerId, `sold on ${number}`);
      }
      return line.id;
    });
  }
  function check(customerId: number, locationId: number, lines: Line[], kept: Set<number>) {
    if (!customer.get(customerId) || !location.get(locationId)) throw new Error('missing');
    for (const l of lines) {
      if (!product.get(l.productId)) throw new Error('missing product');
      for (const sid of l.serialIds) {
        const u = unit.get(sid) as
          { product_id: number; status: string; location_id: number; taken: number | null } | undefined;
        if (!u || u.product_id !== l.productId) throw new Error('bad unit');
        if (!kept.has(sid) && (u.taken !== null || u.status !== 'in_stock' || u.location_id !== locationId))
          throw new Error(`unit ${sid} unavailable`);
      }
    }
  }

  return {
    lookupSerial: (serial: string) => lookup.all(serialKey(serial)),

    saveNew(customerId: number, locationId: number, lines: Line[]) {
      begin.run();
      try {
        check(customerId, locationId, lines, new Set());
        const n = (counter.get() as { n: number }).n;
        const number = `INV-${String(n).padStart(6, '0')}`;
        const at = new Date().toISOString();
        const [sub, tax, total] = totals(lines);
        const terms = defaultTerms.get() as { name: string; days: number };
        const { id } = insertInvoice.get(
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
        ) as { id: number };
        const lineIds = writeLines(id, number, customerId, lines, at);
        commit.run();
        readBack(id);
        return { id, lineIds };
      } catch (e) {
        sqlite.exec('ROLLBACK');
        throw e;
      }
    },

    /**
     * An edit that keeps every line (same ids, products, prices) and swaps some units: only the swapped links, units
     * and events are written.
     */
    resave(invoiceId: number, customerId: number, locationId: number, lines: SavedLine[]) {
      begin.run();
      try {
        const links = invoiceSerials.all(invoiceId) as Array<{ invoice_line_id: number; serial_id: number }>;
        const ours = new Set(invoiceLineIds.all(invoiceId) as number[]);
        if (lines.some((l) => !ours.has(l.id))) throw new Error('a line of another invoice');
        const kept = new Set(links.map((r) => r.serial_id));
        check(customerId, locationId, lines, kept);
        const wanted = new Set(lines.flatMap((l) => l.serialIds));
        const at = new Date().toISOString();
        const [sub, tax, total] = totals(lines);
        updateInvoice.run(customerId, sub, tax, total, at, invoiceId);
        for (const { invoice_line_id: lineId, serial_id: sid } of links) {
          if (wanted.has(sid)) continue;
          unlink.run(sid);
          release.run(sid);
          event.run(sid, at, 'released', locationId, invoiceId, lineId, null, 'removed by an edit');
        }
        for (const l of lines) {
          for (const sid of l.serialIds) {
            if (kept.has(sid)) continue;
            insertLineSerial.run(l.id, sid);
            sell.run(customerId, sid);
            event.run(sid, at, 'sold', null, invoiceId, l.id, customerId, 'sold on INV');
          }
        }
        commit.run();
        return readBack(invoiceId);
      } catch (e) {
        sqlite.exec('ROLLBACK');
        throw e;
      }
    },

    listInvoices: (() => {
      const page = sqlite.prepare(`SELECT ${SUMMARY} FROM invoices i JOIN customers c ON c.id = i.customer_id
        WHERE i.customer_id = ? AND i.status = ? AND i.invoice_date >= ? AND i.invoice_date <= ? ORDER BY i.invoice_date DESC, i.id DESC LIMIT 50`);
      const count = sqlite.prepare(`SELECT count(*) AS n FROM invoices i
        WHERE i.customer_id = ? AND i.status = ? AND i.invoice_date >= ? AND i.invoice_date <= ?`);
      return (customerId: number, status: string, from: string, to: string) => ({
        rows: page.all(customerId, status, from, to),
        total: count.get(customerId, status, from, to),
      });
    })(),

    /**
     * One page of the Invoices page, the same queries as the service (db/services/invoiceList.ts): the count, then the
     * page, read through the filter's index when few match, else along the sort's index (filters written +column).
     */
    invoicesPage: (() => {
      const OPEN = `'sent', 'viewed', 'partial'`;
      const from = `invoices i JOIN customers c ON c.id = i.customer_id`;
      const countAll = sqlite.prepare('SELECT count(*) AS n FROM invoices i WHERE 1');
      const newest = sqlite.prepare(
        `SELECT ${SUMMARY} FROM ${from} ORDER BY i.invoice_date DESC, i.id DESC LIMIT 50 OFFSET ?`,
      );
      const byBalance = sqlite.prepare(
        `SELECT ${SUMMARY} FROM ${from} ORDER BY i.balance_minor DESC, i.id DESC LIMIT 50 OFFSET ?`,
      );
      const countOverdue = sqlite.prepare(
        `SELECT count(*) AS n FROM invoices i WHERE i.status IN (${OPEN}) AND i.due_date < ?`,
      );
      const overdue = (col: string) =>
        sqlite.prepare(`SELECT ${SUMMARY} FROM ${from} WHERE ${col}i.status IN (${OPEN}) AND ${col}i.due_date < ?
          ORDER BY i.invoice_date DESC, i.id DESC LIMIT 50 OFFSET ?`);
      const [overdueFew, overdueMany] = [overdue(''), overdue('+')];
      const numberIds = sqlite.prepare(`SELECT id FROM invoices WHERE number LIKE ? ESCAPE '\\' LIMIT 2001`).pluck();
      const serialInvoiceIds = sqlite
        .prepare(
          `WITH units (id) AS (SELECT id FROM serials WHERE serial_key = ? UNION SELECT serial_id FROM serial_aliases WHERE alias_key = ?)
          SELECT e.invoice_id FROM serial_events e WHERE e.serial_id IN (SELECT id FROM units) AND e.invoice_id IS NOT NULL
            AND e.kind IN ('sold', 'reserved', 'voided')
          UNION SELECT il.invoice_id FROM invoice_line_serials ils JOIN invoice_lines il ON il.id = ils.invoice_line_id
          WHERE ils.serial_id IN (SELECT id FROM units)`,
        )
        .pluck();
      const customerIds = sqlite.prepare(`SELECT id FROM customers WHERE name LIKE ? ESCAPE '\\'`).pluck();
      const matches = `(i.id IN (SELECT value FROM json_each(?)) OR i.customer_id IN (SELECT value FROM json_each(?)))`;
      const countSearch = sqlite.prepare(`SELECT count(*) AS n FROM invoices i WHERE ${matches}`);
      const searchPage = sqlite.prepare(
        `SELECT ${SUMMARY} FROM ${from} WHERE ${matches} ORDER BY i.invoice_date DESC, i.id DESC LIMIT 50 OFFSET ?`,
      );
      const n = (row: unknown) => (row as { n: number }).n;
      return {
        newest: (offset: number) => ({ total: n(countAll.get()), rows: newest.all(offset) }),
        byBalance: (offset: number) => ({ total: n(countAll.get()), rows: byBalance.all(offset) }),
        overdue: (offset: number) => {
          const today = localDate(new Date());
          const total = n(countOverdue.get(today));
          return { total, rows: (total <= 2000 ? overdueFew : overdueMany).all(today, offset) };
        },
        /** A serial typed into Search (it is also tried as part of a number and of a customer's name). */
        search: (text: string) => {
          const like = `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
          const key = serialKey(text);
          const ids = JSON.stringify([...new Set([...numberIds.all(like), ...serialInvoiceIds.all(key, key)])]);
          const customers = JSON.stringify(customerIds.all(like));
          return { total: n(countSearch.get(ids, customers)), rows: searchPage.all(ids, customers, 0) };
        },
      };
    })(),

    /**
     * Reads a serials CSV, checks every row (product, location, duplicates, existing) and receives it in one
     * transaction.
     */
    importSerials: (() => {
      const products = new Map(
        (
          sqlite.prepare('SELECT id, sku, serialized FROM products').all() as Array<{
            id: number;
            sku: string;
            serialized: number;
          }>
        ).map((p) => [p.sku.toLowerCase(), p]),
      );
      const locations = new Map(
        (sqlite.prepare('SELECT id, name FROM locations').all() as Array<{ id: number; name: string }>).map((l) => [
          l.name.toLowerCase(),
          l.id,
        ]),
      );
      const exists = sqlite.prepare('SELECT 1 FROM serials WHERE product_id = ? AND serial_key = ?');
      const receiptCounter = sqlite.prepare(
        `INSERT INTO counters (name, next) VALUES ('goods_receipt', 2) ON CONFLICT (name) DO UPDATE SET next = next + 1 RETURNING next - 1 AS n`,
      );
      const receipt = sqlite.prepare(
        `INSERT INTO goods_receipts (number, location_id, source, reference, received_at, actor) VALUES (?, ?, 'import', 'floor.csv', ?, 'floor') RETURNING id`,
      );
      const receiptLine = sqlite.prepare(
        'INSERT INTO goods_receipt_lines (receipt_id, product_id, qty) VALUES (?, ?, ?)',
      );
      const insertSerial = sqlite.prepare(
        `INSERT INTO serials (product_id, serial, serial_key, location_id, status, condition_notes, received_at) VALUES (?, ?, ?, ?, 'in_stock', ?, ?) RETURNING id`,
      );
      const received = sqlite.prepare(
        `INSERT INTO serial_events (serial_id, at, actor, kind, location_id, receipt_id, note) VALUES (?, ?, 'floor', 'received', ?, ?, ?)`,
      );
      return (text: string) => {
        begin.run();
        const rows = text
          .split('\n')
          .slice(1)
          .filter(Boolean)
          .map((line) => line.split(','));
        const plan = new Map<number, Map<number, Array<[string, string, string]>>>();
        const seen = new Set<string>();
        for (const [s, text, loc, notes] of rows) {
          const p = products.get(s!.toLowerCase());
          const l = locations.get(loc!.toLowerCase());
          const serial = normalizeSerial(text ?? '');
          const key = serialKey(serial);
          if (!p || !p.serialized || !l || !serial || seen.has(`${p.id}|${key}`) || exists.get(p.id, key)) {
            sqlite.exec('ROLLBACK');
            throw new Error(`bad row ${serial}`);
          }
          seen.add(`${p.id}|${key}`);
          const byProduct = plan.get(l) ?? new Map();
          plan.set(l, byProduct);
          const list = byProduct.get(p.id) ?? [];
          byProduct.set(p.id, list);
          list.push([serial, key, notes ?? '']);
        }
        try {
          const at = new Date().toISOString();
          for (const [loc, byProduct] of plan) {
            const number = `GR-${String((receiptCounter.get() as { n: number }).n).padStart(6, '0')}`;
            const { id: rid } = receipt.get(number, loc, at) as { id: number };
            for (const [pid, list] of byProduct) {
              receiptLine.run(rid, pid, list.length);
              for (const [serial, key, notes] of list) {
                const { id } = insertSerial.get(pid, serial, key, loc, notes, at) as { id: number };
                received.run(id, at, loc, rid, `imported from floor.csv (${number})`);
              }
            }
          }
          commit.run();
        } catch (e) {
          sqlite.exec('ROLLBACK');
          throw e;
        }
        return rows.length;
      };
    })(),
  };
}
