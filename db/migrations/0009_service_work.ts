import type { Database } from 'better-sqlite3';
import { sqlList } from '../../core/enums.ts';
import type { Migration } from './index.ts';

// Frozen once shipped. Service work: estimates (EST-000001), tickets (T-000001) with their labour log and charges,
// deposits (a Paid deposit invoice, DEP-000001, and a negative charge on the ticket), purchase order lines for a
// ticket, and units reserved for a ticket.
//
// The data model:
// - A ticket's pending charges are its labour entries that are Charged and its ticket_charges (line items, and
//   deposits as negative charges) whose invoice_line_id is NULL or names a line of a Void invoice. Make Invoice
//   writes one invoice line per charge (a deposit: a negative line) and sets the charge's invoice_line_id. Invoiced
//   is therefore never stored: deleting a draft invoice or removing its line sets invoice_line_id back to NULL
//   (ON DELETE SET NULL), voiding it leaves a link to a Void invoice; both put the charge back to pending.
// - The billing status (Invoice Required, Partially Invoiced, Invoiced, No Charge) is computed from the same rows.
// - A deposit charge: kind 'deposit', qty 1000, unit_price_minor = -(the deposit), deposit_invoice_id its DEP-
//   invoice (is_deposit = 1, Paid). A refund raises refunded_minor; the charge is worth -(deposit - refunded).
// - A serialized line item waits for its units in ticket_charge_serials. A unit reserved for a ticket has status
//   'reserved' and serials.ticket_id set; after it is sold serials.ticket_id stays (the Serial Numbers list shows
//   the ticket). serial_events.ticket_id names the ticket on received (for a ticket), reserved, released and sold.
// - A purchase order line can be for a ticket (and the charge waiting for it): receiving it reserves the units.
// - Ticket statuses are rows (the list is editable in Settings); the billing status is not a column.
// - Emails gain estimate_id and the kind 'estimate' (SQLite rebuilds emails: a CHECK list cannot change in place).
// - A deposit is consumed by a negative invoice line: a manual, non-taxable line may now have a negative price and
//   total, and an invoice's subtotal may be below 0 when a deposit covers its tax too (its total never is). SQLite
//   rebuilds invoices and invoice_lines for it (other tables reference them: foreign keys are off around this
//   migration), from their own CREATE text with those CHECKs changed, so every column, default and generated column
//   stays as it is. serial_events_no_update also covers the new ticket_id column.
//
// The lists as they were when this migration was written (a migration keeps its own frozen copy).
export const ESTIMATE_STATUSES_AT_V9 = ['draft', 'sent', 'approved', 'declined', 'converted'] as const;
export const CHARGE_KINDS_AT_V9 = ['item', 'deposit'] as const;
export const DEPOSIT_KINDS_AT_V9 = ['fixed', 'percent'] as const;
export const EMAIL_KINDS_AT_V9 = ['invoice', 'receipt', 'estimate'] as const;
const EMAIL_STATUSES_AT_V9 = ['queued', 'sent'] as const;
export const TICKET_STATUSES_AT_V9 = ['New', 'In Progress', 'Waiting for Parts', 'Resolved', 'Closed'] as const;

const flag = (column: string) => `${column} INTEGER NOT NULL DEFAULT 0 CHECK (${column} IN (0, 1))`;

export const m0009_service_work: Migration = {
  version: 9,
  name: 'estimates, tickets, labour, charges, deposits and units reserved for a ticket',
  rebuildsReferencedTables: true,
  up: (sqlite) => {
    sqlite.exec(`
      CREATE TABLE estimates (
        id             INTEGER PRIMARY KEY,
        number         TEXT NOT NULL UNIQUE,
        customer_id    INTEGER NOT NULL REFERENCES customers (id),
        location_id    INTEGER NOT NULL REFERENCES locations (id),
        estimate_date  TEXT NOT NULL,
        expiry_date    TEXT NOT NULL,
        status         TEXT NOT NULL CHECK (status IN (${sqlList(ESTIMATE_STATUSES_AT_V9)})),
        terms          TEXT NOT NULL DEFAULT '',
        notes          TEXT NOT NULL DEFAULT '',
        subtotal_minor INTEGER NOT NULL,
        tax_minor      INTEGER NOT NULL,
        total_minor    INTEGER NOT NULL,
        revision       INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
        created_at     TEXT NOT NULL,
        created_by     TEXT NOT NULL,
        updated_at     TEXT NOT NULL,
        sent_at        TEXT,
        decided_at     TEXT,
        CHECK (expiry_date >= estimate_date)
      ) STRICT;
      CREATE INDEX estimates_by_customer ON estimates (customer_id, id);

      -- Lines like an invoice's (products, manual items, decimal quantities in thousandths, a tax rate), no serials.
      CREATE TABLE estimate_lines (
        id               INTEGER PRIMARY KEY,
        estimate_id      INTEGER NOT NULL REFERENCES estimates (id) ON DELETE CASCADE,
        position         INTEGER NOT NULL CHECK (position >= 1),
        product_id       INTEGER REFERENCES products (id),
        description      TEXT NOT NULL,
        qty              INTEGER NOT NULL CHECK (qty > 0),
        unit_price_minor INTEGER NOT NULL,
        ${flag('taxable')},
        tax_rate_id      INTEGER REFERENCES tax_rates (id),
        tax_rate_name    TEXT NOT NULL DEFAULT '',
        tax_rate_bp      INTEGER NOT NULL DEFAULT 0 CHECK (tax_rate_bp >= 0),
        line_total_minor INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX estimate_lines_by_estimate ON estimate_lines (estimate_id, position);

      -- The ticket status list (Settings → Tickets): renamed, reordered, added; archived rather than deleted.
      CREATE TABLE ticket_statuses (
        id       INTEGER PRIMARY KEY,
        name     TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
        position INTEGER NOT NULL CHECK (position >= 1),
        ${flag('archived')}
      ) STRICT;
      INSERT INTO ticket_statuses (name, position) VALUES
        ${TICKET_STATUSES_AT_V9.map((name, i) => `('${name}', ${i + 1})`).join(', ')};

      CREATE TABLE tickets (
        id          INTEGER PRIMARY KEY,
        number      TEXT NOT NULL UNIQUE,
        customer_id INTEGER NOT NULL REFERENCES customers (id),
        location_id INTEGER NOT NULL REFERENCES locations (id),
        title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
        description TEXT NOT NULL DEFAULT '',
        status_id   INTEGER NOT NULL REFERENCES ticket_statuses (id),
        estimate_id INTEGER REFERENCES estimates (id),
        revision    INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
        created_at  TEXT NOT NULL,
        created_by  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      ) STRICT;
      CREATE INDEX tickets_by_customer ON tickets (customer_id, id);
      CREATE INDEX tickets_by_estimate ON tickets (estimate_id);

      -- The labour log. A running timer has stopped_at and minutes NULL. charged: a billable entry put on the
      -- ticket's charges (Not Charged → Charged); Invoiced is derived from invoice_line_id (see above). The price is
      -- the labour product's, per hour, at Make Invoice.
      CREATE TABLE ticket_labour (
        id              INTEGER PRIMARY KEY,
        ticket_id       INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
        staff_id        INTEGER NOT NULL REFERENCES staff (id),
        product_id      INTEGER NOT NULL REFERENCES products (id),
        note            TEXT NOT NULL DEFAULT '',
        ${flag('billable')},
        ${flag('charged')},
        started_at      TEXT NOT NULL,
        stopped_at      TEXT,
        minutes         INTEGER CHECK (minutes >= 0),
        invoice_line_id INTEGER REFERENCES invoice_lines (id) ON DELETE SET NULL,
        created_at      TEXT NOT NULL,
        actor           TEXT NOT NULL,
        CHECK ((minutes IS NULL) = (stopped_at IS NULL)),
        CHECK (charged = 0 OR billable = 1)
      ) STRICT;
      CREATE INDEX ticket_labour_by_ticket ON ticket_labour (ticket_id, id);
      CREATE INDEX ticket_labour_by_line ON ticket_labour (invoice_line_id);

      -- Line items (hardware, materials) and deposits (negative). Tax fields as on invoice lines.
      CREATE TABLE ticket_charges (
        id                 INTEGER PRIMARY KEY,
        ticket_id          INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
        position           INTEGER NOT NULL CHECK (position >= 1),
        kind               TEXT NOT NULL CHECK (kind IN (${sqlList(CHARGE_KINDS_AT_V9)})),
        product_id         INTEGER REFERENCES products (id),
        description        TEXT NOT NULL,
        qty                INTEGER NOT NULL CHECK (qty > 0),
        unit_price_minor   INTEGER NOT NULL,
        ${flag('taxable')},
        tax_rate_id        INTEGER REFERENCES tax_rates (id),
        tax_rate_name      TEXT NOT NULL DEFAULT '',
        tax_rate_bp        INTEGER NOT NULL DEFAULT 0 CHECK (tax_rate_bp >= 0),
        estimate_line_id   INTEGER REFERENCES estimate_lines (id) ON DELETE SET NULL,
        deposit_invoice_id INTEGER REFERENCES invoices (id),
        refunded_minor     INTEGER NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0),
        invoice_line_id    INTEGER REFERENCES invoice_lines (id) ON DELETE SET NULL,
        created_at         TEXT NOT NULL,
        actor              TEXT NOT NULL,
        CHECK ((kind = 'deposit') = (deposit_invoice_id IS NOT NULL)),
        CHECK (kind <> 'deposit' OR (unit_price_minor < 0 AND refunded_minor <= -unit_price_minor))
      ) STRICT;
      CREATE INDEX ticket_charges_by_ticket ON ticket_charges (ticket_id, position);
      CREATE INDEX ticket_charges_by_line ON ticket_charges (invoice_line_id);
      CREATE INDEX ticket_charges_by_deposit ON ticket_charges (deposit_invoice_id);

      -- The units a serialized line item has (received for the ticket, or picked from stock).
      CREATE TABLE ticket_charge_serials (
        ticket_charge_id INTEGER NOT NULL REFERENCES ticket_charges (id) ON DELETE CASCADE,
        serial_id        INTEGER NOT NULL REFERENCES serials (id),
        PRIMARY KEY (ticket_charge_id, serial_id)
      ) STRICT;
      CREATE INDEX ticket_charge_serials_by_serial ON ticket_charge_serials (serial_id);

      -- Settings → Deposits: a fixed amount, or a percentage (basis points) of the ticket's pending charges.
      CREATE TABLE deposit_products (
        id           INTEGER PRIMARY KEY,
        name         TEXT NOT NULL CHECK (length(trim(name)) > 0),
        kind         TEXT NOT NULL CHECK (kind IN (${sqlList(DEPOSIT_KINDS_AT_V9)})),
        amount_minor INTEGER NOT NULL DEFAULT 0 CHECK (amount_minor >= 0),
        percent_bp   INTEGER NOT NULL DEFAULT 0 CHECK (percent_bp >= 0 AND percent_bp <= 10000),
        ${flag('archived')}
      ) STRICT;

      ALTER TABLE invoices ADD COLUMN ticket_id INTEGER REFERENCES tickets (id);
      ALTER TABLE invoices ADD COLUMN estimate_id INTEGER REFERENCES estimates (id);
      ALTER TABLE invoices ADD COLUMN ${flag('is_deposit')};
      CREATE INDEX invoices_by_ticket ON invoices (ticket_id);
      ALTER TABLE serials ADD COLUMN ticket_id INTEGER REFERENCES tickets (id);
      CREATE INDEX serials_by_ticket ON serials (ticket_id);
      ALTER TABLE serial_events ADD COLUMN ticket_id INTEGER REFERENCES tickets (id);
      ALTER TABLE purchase_order_lines ADD COLUMN ticket_id INTEGER REFERENCES tickets (id);
      ALTER TABLE purchase_order_lines ADD COLUMN ticket_charge_id INTEGER REFERENCES ticket_charges (id);
      CREATE INDEX purchase_order_lines_by_ticket ON purchase_order_lines (ticket_id);

      CREATE TABLE emails_new (
        id              INTEGER PRIMARY KEY,
        kind            TEXT NOT NULL CHECK (kind IN (${sqlList(EMAIL_KINDS_AT_V9)})),
        invoice_id      INTEGER REFERENCES invoices (id),
        credit_note_id  INTEGER REFERENCES credit_notes (id),
        estimate_id     INTEGER REFERENCES estimates (id),
        to_addr         TEXT NOT NULL CHECK (length(trim(to_addr)) > 0),
        cc              TEXT NOT NULL DEFAULT '',
        subject         TEXT NOT NULL,
        body            TEXT NOT NULL DEFAULT '',
        status          TEXT NOT NULL CHECK (status IN (${sqlList(EMAIL_STATUSES_AT_V9)})) DEFAULT 'queued',
        attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at TEXT,
        last_error      TEXT NOT NULL DEFAULT '',
        created_at      TEXT NOT NULL,
        actor           TEXT NOT NULL,
        sent_at         TEXT,
        CHECK (invoice_id IS NOT NULL OR credit_note_id IS NOT NULL OR estimate_id IS NOT NULL)
      ) STRICT;
      INSERT INTO emails_new (id, kind, invoice_id, credit_note_id, to_addr, cc, subject, body, status, attempts,
        next_attempt_at, last_error, created_at, actor, sent_at)
      SELECT id, kind, invoice_id, credit_note_id, to_addr, cc, subject, body, status, attempts, next_attempt_at,
        last_error, created_at, actor, sent_at FROM emails ORDER BY id;
      DROP TABLE emails;
      ALTER TABLE emails_new RENAME TO emails;
      CREATE INDEX emails_by_invoice ON emails (invoice_id);
      CREATE INDEX emails_queued ON emails (status, next_attempt_at);
      CREATE INDEX emails_by_estimate ON emails (estimate_id);
    `);
    const manualUntaxed = 'product_id IS NULL AND taxable = 0';
    rebuildWithEdits(sqlite, 'invoices', [
      ['subtotal_minor INTEGER NOT NULL CHECK (subtotal_minor >= 0)', 'subtotal_minor INTEGER NOT NULL'],
    ]);
    rebuildWithEdits(sqlite, 'invoice_lines', [
      [
        'unit_price_minor INTEGER NOT NULL CHECK (unit_price_minor >= 0)',
        `unit_price_minor INTEGER NOT NULL CHECK (unit_price_minor >= 0 OR (${manualUntaxed}))`,
      ],
      [
        'line_total_minor INTEGER NOT NULL CHECK (line_total_minor >= 0)',
        `line_total_minor INTEGER NOT NULL CHECK (line_total_minor >= 0 OR (${manualUntaxed}))`,
      ],
    ]);
  },
};

/**
 * SQLite's rebuild of a table whose CHECKs change: its CREATE text with the edits (each must match once), every
 * stored column copied (generated ones are computed again), its indexes made again, and the triggers that name it
 * dropped first and made again after (serial_events_no_update gains ticket_id on the way).
 */
export function rebuildWithEdits(
  sqlite: Database,
  table: string,
  edits: ReadonlyArray<[from: string, to: string]>,
): void {
  const one = <T>(query: string, ...args: unknown[]) => sqlite.prepare(query).get(...args) as T;
  const all = <T>(query: string, ...args: unknown[]) => sqlite.prepare(query).all(...args) as T[];
  let create = one<{ sql: string }>(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`, table).sql;
  for (const [from, to] of edits) {
    if (create.split(from).length !== 2) throw new Error(`migration 9: ${table} does not read "${from}" once`);
    create = create.replace(from, to);
  }
  create = create.replace(/^CREATE TABLE "?\w+"?/, `CREATE TABLE ${table}_new`);
  const indexes = all<{ sql: string }>(
    `SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`,
    table,
  );
  const named = new RegExp(`\\b${table}\\b`);
  const triggers = all<{ name: string; sql: string }>(
    `SELECT name, sql FROM sqlite_master WHERE type = 'trigger'`,
  ).filter((t) => named.test(t.sql));
  const columns = all<{ name: string; hidden: number }>(`PRAGMA table_xinfo(${table})`)
    .filter((c) => c.hidden === 0)
    .map((c) => c.name)
    .join(', ');
  for (const t of triggers) sqlite.exec(`DROP TRIGGER ${t.name}`);
  sqlite.exec(create);
  sqlite.exec(`INSERT INTO ${table}_new (${columns}) SELECT ${columns} FROM ${table} ORDER BY id`);
  sqlite.exec(`DROP TABLE ${table}`);
  sqlite.exec(`ALTER TABLE ${table}_new RENAME TO ${table}`);
  for (const i of indexes) sqlite.exec(i.sql);
  for (const t of triggers) {
    const adjustment = 'AND NEW.adjustment_id IS OLD.adjustment_id';
    sqlite.exec(
      t.name === 'serial_events_no_update' && !t.sql.includes('NEW.ticket_id')
        ? t.sql.replace(adjustment, `${adjustment} AND NEW.ticket_id IS OLD.ticket_id`)
        : t.sql,
    );
  }
}
