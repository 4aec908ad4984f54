import { sqlList } from '../../core/enums.ts';
import type { Migration } from './index.ts';

// Frozen once shipped. The counter: staff with hashed PINs, tills (sessions with a float, cash in and
// out, a numbered Z report on close), discounts on lines and on the whole sale, held sales, returns as
// credit notes (CN-000001, their own gap-free sequence) with a disposition per returned unit, and who
// did what on payments, refunds and invoices.
//
// Only new tables and added columns: nothing is rebuilt. A credit note settles its invoice like a
// payment does: invoices.paid_minor becomes payments applied - refunds + credit notes (credited_minor
// is the credit notes' part), so balance_minor (total - paid) and the status rules stay as they were.
//
// The lists as they were when this migration was written (a migration keeps its own frozen copy).
const ROLES_AT_V6 = ['cashier', 'manager', 'admin'] as const;
const TILL_MOVEMENTS_AT_V6 = ['cash_in', 'cash_out', 'no_sale'] as const;
const DISPOSITIONS_AT_V6 = ['stock', 'rma', 'scrap'] as const;
const DISCOUNT_KINDS_AT_V6 = ['percent', 'amount'] as const;

const flag = (column: string) => `${column} IN (0, 1)`;
export const m0006_counter: Migration = {
  version: 6,
  name: 'staff, tills, discounts, held sales, returns and credit notes',
  up: (sqlite) => {
    sqlite.exec(`
      -- Staff sign in with a PIN of 4 to 8 digits, kept only as a salted scrypt hash
      -- (scrypt$N$r$p$salt$hash, base64). Two staff never share a PIN: it alone says who signs in.
      CREATE TABLE staff (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
        role       TEXT NOT NULL CHECK (role IN (${sqlList(ROLES_AT_V6)})),
        pin_hash   TEXT NOT NULL CHECK (pin_hash LIKE 'scrypt$%'),
        active     INTEGER NOT NULL DEFAULT 1 CHECK (${flag('active')}),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      -- Wrong PINs (sign-in and manager approval): five within a minute lock sign-in for a minute.
      CREATE TABLE pin_failures (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL
      ) STRICT;

      -- A till session on one register: opened with a float, closed with the counted cash. The Z
      -- number (Z-000001, gap-free) is given on close; an open session has none.
      CREATE TABLE till_sessions (
        id                  INTEGER PRIMARY KEY,
        register            TEXT NOT NULL DEFAULT 'Main' CHECK (length(trim(register)) > 0),
        location_id         INTEGER NOT NULL REFERENCES locations (id),
        opened_at           TEXT NOT NULL,
        opened_by           TEXT NOT NULL,
        opening_float_minor INTEGER NOT NULL CHECK (opening_float_minor >= 0),
        closed_at           TEXT,
        closed_by           TEXT,
        z_number            TEXT UNIQUE,
        expected_cash_minor INTEGER,
        counted_cash_minor  INTEGER CHECK (counted_cash_minor >= 0),
        -- JSON [{"valueMinor":2000,"count":3}, …] when counted by denomination; '' when a total.
        counted_detail      TEXT NOT NULL DEFAULT '',
        CHECK ((closed_at IS NULL) = (z_number IS NULL)),
        CHECK ((closed_at IS NULL) = (counted_cash_minor IS NULL)),
        CHECK ((closed_at IS NULL) = (expected_cash_minor IS NULL))
      ) STRICT;
      CREATE UNIQUE INDEX till_sessions_one_open ON till_sessions (register) WHERE closed_at IS NULL;

      -- Cash put in or taken out of the drawer, and drawer openings without a sale.
      CREATE TABLE till_movements (
        id              INTEGER PRIMARY KEY,
        till_session_id INTEGER NOT NULL REFERENCES till_sessions (id),
        kind            TEXT NOT NULL CHECK (kind IN (${sqlList(TILL_MOVEMENTS_AT_V6)})),
        amount_minor    INTEGER NOT NULL CHECK (amount_minor >= 0),
        reason          TEXT NOT NULL DEFAULT '',
        at              TEXT NOT NULL,
        actor           TEXT NOT NULL,
        approved_by     TEXT,
        CHECK (kind <> 'no_sale' OR amount_minor = 0)
      ) STRICT;
      CREATE INDEX till_movements_by_session ON till_movements (till_session_id);

      -- Invoices: who made it, the till it was sold on, the sale discount, held sales, credit notes.
      ALTER TABLE invoices ADD COLUMN cashier TEXT NOT NULL DEFAULT '';
      ALTER TABLE invoices ADD COLUMN till_session_id INTEGER REFERENCES till_sessions (id);
      -- A Draft parked at the counter (Hold): listed by Recall, its units stay Reserved.
      ALTER TABLE invoices ADD COLUMN held_at TEXT;
      ALTER TABLE invoices ADD COLUMN discount_kind TEXT CHECK (discount_kind IN (${sqlList(DISCOUNT_KINDS_AT_V6)}));
      ALTER TABLE invoices ADD COLUMN discount_value INTEGER NOT NULL DEFAULT 0 CHECK (discount_value >= 0);
      -- The sale discount in money (subtotal - discount_minor + tax_minor = total_minor).
      ALTER TABLE invoices ADD COLUMN discount_minor INTEGER NOT NULL DEFAULT 0 CHECK (discount_minor >= 0);
      ALTER TABLE invoices ADD COLUMN discount_reason TEXT NOT NULL DEFAULT '';
      ALTER TABLE invoices ADD COLUMN discount_approved_by TEXT;
      -- The credit notes' part of paid_minor.
      ALTER TABLE invoices ADD COLUMN credited_minor INTEGER NOT NULL DEFAULT 0 CHECK (credited_minor >= 0);
      -- Who voided it, and the Manager or Admin who approved a cashier's void.
      ALTER TABLE invoices ADD COLUMN voided_by TEXT;
      ALTER TABLE invoices ADD COLUMN void_approved_by TEXT;
      CREATE INDEX invoices_held ON invoices (held_at) WHERE held_at IS NOT NULL;
      CREATE INDEX invoices_by_till ON invoices (till_session_id) WHERE till_session_id IS NOT NULL;

      -- A line discount: percent (discount_value in basis points) or amount (minor units);
      -- discount_minor is its money, and line_total_minor is now the line's amount after it.
      ALTER TABLE invoice_lines ADD COLUMN discount_kind TEXT CHECK (discount_kind IN (${sqlList(DISCOUNT_KINDS_AT_V6)}));
      ALTER TABLE invoice_lines ADD COLUMN discount_value INTEGER NOT NULL DEFAULT 0 CHECK (discount_value >= 0);
      ALTER TABLE invoice_lines ADD COLUMN discount_minor INTEGER NOT NULL DEFAULT 0 CHECK (discount_minor >= 0);
      ALTER TABLE invoice_lines ADD COLUMN discount_reason TEXT NOT NULL DEFAULT '';
      ALTER TABLE invoice_lines ADD COLUMN discount_approved_by TEXT;

      -- Payments and refunds: the till session they went through (NULL: back office), and for cash
      -- the amount handed over (tendered_minor - amount_minor was given back as change).
      ALTER TABLE payments ADD COLUMN till_session_id INTEGER REFERENCES till_sessions (id);
      ALTER TABLE payments ADD COLUMN tendered_minor INTEGER CHECK (tendered_minor >= amount_minor);
      ALTER TABLE refunds ADD COLUMN till_session_id INTEGER REFERENCES till_sessions (id);

      -- A return: a credit note against one invoice, numbered CN-000001 in its own sequence.
      CREATE TABLE credit_notes (
        id              INTEGER PRIMARY KEY,
        number          TEXT NOT NULL UNIQUE,
        invoice_id      INTEGER NOT NULL REFERENCES invoices (id),
        customer_id     INTEGER NOT NULL REFERENCES customers (id),
        location_id     INTEGER NOT NULL REFERENCES locations (id),
        till_session_id INTEGER REFERENCES till_sessions (id),
        subtotal_minor  INTEGER NOT NULL CHECK (subtotal_minor >= 0),
        tax_minor       INTEGER NOT NULL CHECK (tax_minor >= 0),
        total_minor     INTEGER NOT NULL CHECK (total_minor >= 0),
        -- 'tenders': back to the sale's tenders; 'credit': the customer's store credit;
        -- 'balance': only lowers what the invoice still owes (nothing was paid to give back).
        refund_to       TEXT NOT NULL CHECK (refund_to IN ('tenders', 'credit', 'balance')),
        reason          TEXT NOT NULL DEFAULT '',
        created_at      TEXT NOT NULL,
        actor           TEXT NOT NULL,
        approved_by     TEXT
      ) STRICT;
      CREATE INDEX credit_notes_by_invoice ON credit_notes (invoice_id);

      CREATE TABLE credit_note_lines (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        credit_note_id  INTEGER NOT NULL REFERENCES credit_notes (id),
        invoice_line_id INTEGER NOT NULL REFERENCES invoice_lines (id),
        -- Thousandths, as on the invoice line.
        qty             INTEGER NOT NULL CHECK (qty > 0),
        -- The line's part after discounts, before tax; and its tax.
        amount_minor    INTEGER NOT NULL CHECK (amount_minor >= 0),
        tax_minor       INTEGER NOT NULL CHECK (tax_minor >= 0),
        -- For a line without serials: where its quantity went ('stock' puts it back on hand).
        disposition     TEXT CHECK (disposition IN (${sqlList(DISPOSITIONS_AT_V6)}))
      ) STRICT;
      CREATE INDEX credit_note_lines_by_line ON credit_note_lines (invoice_line_id);

      -- Each returned unit and where it went. A unit comes back from one sale line at most once.
      CREATE TABLE credit_note_units (
        credit_note_line_id INTEGER NOT NULL REFERENCES credit_note_lines (id),
        serial_id           INTEGER NOT NULL REFERENCES serials (id),
        invoice_line_id     INTEGER NOT NULL REFERENCES invoice_lines (id),
        disposition         TEXT NOT NULL CHECK (disposition IN (${sqlList(DISPOSITIONS_AT_V6)})),
        PRIMARY KEY (credit_note_line_id, serial_id)
      ) STRICT, WITHOUT ROWID;
      CREATE UNIQUE INDEX credit_note_units_once ON credit_note_units (invoice_line_id, serial_id);

      -- A refund made by a return names its credit note; a serial event names the credit note it came back on.
      ALTER TABLE refunds ADD COLUMN credit_note_id INTEGER REFERENCES credit_notes (id);
      ALTER TABLE serial_events ADD COLUMN credit_note_id INTEGER REFERENCES credit_notes (id);
      ALTER TABLE store_credit ADD COLUMN credit_note_id INTEGER REFERENCES credit_notes (id);
    `);
  },
};
