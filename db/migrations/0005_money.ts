import { sqlList } from '../../core/enums.ts';
import type { Migration } from './index.ts';

// Frozen once shipped. Invoices become a receivable: statuses Draft, Sent, Viewed, Partial, Paid and
// Void; due dates and terms; payments with their allocations, refunds and a store-credit ledger;
// named tax rates stored on each line; manual lines (no product) and decimal quantities.
//
// Quantities: invoice lines and stock levels now hold integer thousandths (1.5 h = 1500, one unit =
// 1000); every existing quantity is multiplied by 1000. Purchase orders and receipts still count
// whole units (their services convert when they move stock).
//
// invoices, invoice_lines and serial_events are rebuilt (SQLite cannot change a CHECK list, drop a
// NOT NULL or a column in place): a new table, every row copied with the same id, the old one
// dropped, the new one renamed. Other tables reference them, so the migrator runs this with foreign
// keys off and checks them before it commits (rebuildsReferencedTables). Triggers whose bodies name
// a rebuilt table are dropped first and made again after, or the rename would refuse them.
//
// The lists as they were when this migration was written (a migration keeps its own frozen copy;
// tests/db/enum-checks.test.ts compares the store's lists with core/enums.ts).
const INVOICE_STATUSES_AT_V5 = ['draft', 'sent', 'viewed', 'partial', 'paid', 'void'] as const;
const EVENT_KINDS_AT_V5 = [
  'received',
  'sold',
  'released',
  'renamed',
  'deleted',
  'returned',
  'moved',
  'reserved',
  'voided',
] as const;
const METHOD_KINDS_AT_V5 = ['cash', 'card', 'check', 'store_credit', 'other', 'custom'] as const;
const CREDIT_KINDS_AT_V5 = ['overpayment', 'remainder', 'used', 'refund', 'void'] as const;

const date = (column: string) => `${column} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'`;
const flag = (column: string) => `${column} IN (0, 1)`;

export const m0005_money: Migration = {
  version: 5,
  name: 'invoice statuses, payments, store credit, tax rates, decimal quantities',
  rebuildsReferencedTables: true,
  up: (sqlite) => {
    const setting = sqlite.prepare(`SELECT value FROM settings WHERE key = 'tax_rate_bp'`).get() as
      { value: string } | undefined;
    const shopRateBp = setting && /^\d+$/.test(setting.value) ? Number(setting.value) : 750;

    sqlite.exec(`
      -- Named tax rates in basis points (750 = 7.5 %). Lines store the rate they were saved with.
      CREATE TABLE tax_rates (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
        rate_bp    INTEGER NOT NULL CHECK (rate_bp >= 0 AND rate_bp <= 100000),
        is_default INTEGER NOT NULL DEFAULT 0 CHECK (${flag('is_default')}),
        archived   INTEGER NOT NULL DEFAULT 0 CHECK (${flag('archived')}),
        CHECK (is_default = 0 OR archived = 0)
      ) STRICT;
      CREATE UNIQUE INDEX tax_rates_one_default ON tax_rates (is_default) WHERE is_default = 1;

      -- A product's default rate; NULL: the shop's default rate.
      ALTER TABLE products ADD COLUMN tax_rate_id INTEGER REFERENCES tax_rates (id);

      CREATE TABLE payment_methods (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
        kind       TEXT NOT NULL CHECK (kind IN (${sqlList(METHOD_KINDS_AT_V5)})),
        position   INTEGER NOT NULL,
        is_default INTEGER NOT NULL DEFAULT 0 CHECK (${flag('is_default')}),
        archived   INTEGER NOT NULL DEFAULT 0 CHECK (${flag('archived')}),
        CHECK (is_default = 0 OR (archived = 0 AND kind <> 'store_credit'))
      ) STRICT;
      CREATE UNIQUE INDEX payment_methods_one_default ON payment_methods (is_default) WHERE is_default = 1;
      -- One method of each built-in kind; any number of custom ones.
      CREATE UNIQUE INDEX payment_methods_builtin_once ON payment_methods (kind) WHERE kind <> 'custom';

      -- Payment terms: the due date is the invoice date plus days.
      CREATE TABLE payment_terms (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
        days       INTEGER NOT NULL CHECK (days >= 0 AND days <= 3650),
        is_default INTEGER NOT NULL DEFAULT 0 CHECK (${flag('is_default')})
      ) STRICT;
      CREATE UNIQUE INDEX payment_terms_one_default ON payment_terms (is_default) WHERE is_default = 1;

      DROP TRIGGER invoice_line_serials_same_product;
      DROP TRIGGER serial_events_no_update;
      DROP TRIGGER serial_events_no_delete;

      CREATE TABLE invoices_new (
        id             INTEGER PRIMARY KEY,
        number         TEXT NOT NULL UNIQUE,
        customer_id    INTEGER NOT NULL REFERENCES customers (id),
        location_id    INTEGER NOT NULL REFERENCES locations (id),
        invoice_date   TEXT NOT NULL CHECK (${date('invoice_date')}),
        due_date       TEXT NOT NULL CHECK (${date('due_date')} AND due_date >= invoice_date),
        terms          TEXT NOT NULL DEFAULT '',
        status         TEXT NOT NULL CHECK (status IN (${sqlList(INVOICE_STATUSES_AT_V5)})),
        notes          TEXT NOT NULL DEFAULT '',
        subtotal_minor INTEGER NOT NULL CHECK (subtotal_minor >= 0),
        tax_minor      INTEGER NOT NULL CHECK (tax_minor >= 0),
        total_minor    INTEGER NOT NULL CHECK (total_minor >= 0),
        -- Payments applied minus refunds: kept by the payment service, never taken from input.
        paid_minor     INTEGER NOT NULL DEFAULT 0 CHECK (paid_minor >= 0),
        -- A void invoice owes nothing (its payments were refunded or kept as credit when it was voided).
        balance_minor  INTEGER GENERATED ALWAYS AS
                         (CASE WHEN status = 'void' THEN 0 ELSE total_minor - paid_minor END) STORED,
        revision       INTEGER NOT NULL DEFAULT 1,
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL,
        finalized_at   TEXT,
        voided_at      TEXT,
        CHECK (status = 'void' OR paid_minor <= total_minor),
        CHECK (status <> 'paid' OR paid_minor = total_minor),
        CHECK (status <> 'draft' OR paid_minor = 0)
      ) STRICT;
      INSERT INTO invoices_new (id, number, customer_id, location_id, invoice_date, due_date, terms, status, notes,
        subtotal_minor, tax_minor, total_minor, paid_minor, revision, created_at, updated_at, finalized_at, voided_at)
      SELECT id, number, customer_id, location_id, invoice_date, invoice_date,
             CASE WHEN terms = '' THEN 'Due on receipt' ELSE terms END,
             CASE status WHEN 'issued' THEN 'sent' WHEN 'partially_paid' THEN 'partial' ELSE status END,
             notes, subtotal_minor, tax_minor, total_minor, 0, revision, created_at, updated_at,
             CASE WHEN status <> 'draft' THEN created_at END, CASE WHEN status = 'void' THEN updated_at END
      FROM invoices ORDER BY id;

      CREATE TABLE invoice_lines_new (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        invoice_id       INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
        position         INTEGER NOT NULL,
        -- NULL: a manual item (a name, quantity and price, no product).
        product_id       INTEGER REFERENCES products (id),
        description      TEXT NOT NULL,
        -- Thousandths: 1500 is 1.5.
        qty              INTEGER NOT NULL CHECK (qty > 0),
        unit_price_minor INTEGER NOT NULL CHECK (unit_price_minor >= 0),
        taxable          INTEGER NOT NULL CHECK (${flag('taxable')}),
        -- The rate as it was when the line was saved: a later settings change does not alter it.
        tax_rate_id      INTEGER REFERENCES tax_rates (id),
        tax_rate_name    TEXT NOT NULL DEFAULT '',
        tax_rate_bp      INTEGER NOT NULL DEFAULT 0 CHECK (tax_rate_bp >= 0),
        line_total_minor INTEGER NOT NULL CHECK (line_total_minor >= 0),
        UNIQUE (invoice_id, position),
        CHECK (product_id IS NOT NULL OR length(trim(description)) > 0)
      ) STRICT;
    `);

    sqlite.exec(`
      INSERT INTO tax_rates (name, rate_bp, is_default) VALUES
        ('Sales tax ${shopRateBp / 100}%', ${shopRateBp}, 1);
      INSERT OR IGNORE INTO tax_rates (name, rate_bp) VALUES ('Reduced 5%', 500), ('Exempt 0%', 0);
      INSERT INTO payment_methods (name, kind, position, is_default) VALUES
        ('Cash', 'cash', 1, 1), ('Credit Card', 'card', 2, 0), ('Check', 'check', 3, 0),
        ('Store credit', 'store_credit', 4, 0), ('Other', 'other', 5, 0);
      INSERT INTO payment_terms (name, days, is_default) VALUES
        ('Due on receipt', 0, 1), ('Net 15', 15, 0), ('Net 30', 30, 0);

      INSERT INTO invoice_lines_new (id, invoice_id, position, product_id, description, qty, unit_price_minor, taxable,
        tax_rate_id, tax_rate_name, tax_rate_bp, line_total_minor)
      SELECT il.id, il.invoice_id, il.position, il.product_id, il.description, il.qty * 1000, il.unit_price_minor,
             il.taxable, r.id, COALESCE(r.name, 'Tax ' || (i.tax_rate_bp / 100.0) || '%'), i.tax_rate_bp,
             il.line_total_minor
      FROM invoice_lines il
      JOIN invoices i ON i.id = il.invoice_id
      LEFT JOIN tax_rates r ON r.id = (SELECT MIN(id) FROM tax_rates WHERE rate_bp = i.tax_rate_bp)
      ORDER BY il.id;

      DROP TABLE invoice_lines;
      DROP TABLE invoices;
      ALTER TABLE invoices_new RENAME TO invoices;
      ALTER TABLE invoice_lines_new RENAME TO invoice_lines;

      CREATE INDEX invoices_by_customer_date ON invoices (customer_id, invoice_date);
      CREATE INDEX invoices_by_date ON invoices (invoice_date, id);
      CREATE INDEX invoices_by_due ON invoices (due_date, id);
      -- Status and Overdue filters, alone or with dates, and the glance's open totals, answered from this index alone.
      CREATE INDEX invoices_by_status_due ON invoices (status, due_date, invoice_date, balance_minor);
      CREATE INDEX invoices_by_total ON invoices (total_minor, id);
      CREATE INDEX invoices_by_balance ON invoices (balance_minor, id);
      CREATE INDEX invoice_lines_by_product ON invoice_lines (product_id) WHERE product_id IS NOT NULL;

      -- Stock levels in thousandths, like invoice lines.
      UPDATE stock_levels SET on_hand = on_hand * 1000;

      CREATE TRIGGER invoice_line_serials_same_product
      BEFORE INSERT ON invoice_line_serials
      WHEN (SELECT product_id FROM serials WHERE id = NEW.serial_id)
           IS NOT (SELECT product_id FROM invoice_lines WHERE id = NEW.invoice_line_id)
      BEGIN
        SELECT RAISE(ABORT, 'serial belongs to another product than the invoice line');
      END;

      CREATE TABLE serial_events_new (
        id              INTEGER PRIMARY KEY,
        serial_id       INTEGER NOT NULL REFERENCES serials (id),
        at              TEXT NOT NULL,
        actor           TEXT NOT NULL,
        kind            TEXT NOT NULL CHECK (kind IN (${sqlList(EVENT_KINDS_AT_V5)})),
        location_id     INTEGER REFERENCES locations (id),
        receipt_id      INTEGER REFERENCES goods_receipts (id),
        invoice_id      INTEGER REFERENCES invoices (id),
        invoice_line_id INTEGER REFERENCES invoice_lines (id) ON DELETE SET NULL,
        customer_id     INTEGER REFERENCES customers (id),
        note            TEXT NOT NULL DEFAULT ''
      ) STRICT;
      INSERT INTO serial_events_new SELECT id, serial_id, at, actor, kind, location_id, receipt_id, invoice_id,
        invoice_line_id, customer_id, note FROM serial_events ORDER BY id;
      DROP TABLE serial_events;
      ALTER TABLE serial_events_new RENAME TO serial_events;
      CREATE INDEX serial_events_by_serial ON serial_events (serial_id, id);
      CREATE INDEX serial_events_by_line ON serial_events (invoice_line_id) WHERE invoice_line_id IS NOT NULL;
      -- The invoices that sold, reserved or voided a unit: the Invoices page's serial search.
      CREATE INDEX serial_events_by_invoice ON serial_events (invoice_id, serial_id) WHERE invoice_id IS NOT NULL;

      CREATE TRIGGER serial_events_no_update BEFORE UPDATE ON serial_events
      WHEN NOT (
        OLD.invoice_line_id IS NOT NULL AND NEW.invoice_line_id IS NULL
        AND NOT EXISTS (SELECT 1 FROM invoice_lines WHERE id = OLD.invoice_line_id)
        AND NEW.id IS OLD.id AND NEW.serial_id IS OLD.serial_id AND NEW.at IS OLD.at AND NEW.actor IS OLD.actor
        AND NEW.kind IS OLD.kind AND NEW.location_id IS OLD.location_id AND NEW.receipt_id IS OLD.receipt_id
        AND NEW.invoice_id IS OLD.invoice_id AND NEW.customer_id IS OLD.customer_id AND NEW.note IS OLD.note
      )
      BEGIN SELECT RAISE(ABORT, 'serial_events is append-only'); END;
      CREATE TRIGGER serial_events_no_delete BEFORE DELETE ON serial_events
      BEGIN SELECT RAISE(ABORT, 'serial_events is append-only'); END;

      -- A payment: one amount from one customer by one method, applied to one or more invoices
      -- (payment_allocations); credit_minor is the part kept as the customer's store credit.
      CREATE TABLE payments (
        id           INTEGER PRIMARY KEY,
        number       TEXT NOT NULL UNIQUE,
        customer_id  INTEGER NOT NULL REFERENCES customers (id),
        method_id    INTEGER NOT NULL REFERENCES payment_methods (id),
        amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
        credit_minor INTEGER NOT NULL DEFAULT 0 CHECK (credit_minor >= 0 AND credit_minor <= amount_minor),
        reference    TEXT NOT NULL DEFAULT '',
        paid_on      TEXT NOT NULL CHECK (${date('paid_on')}),
        notes        TEXT NOT NULL DEFAULT '',
        created_at   TEXT NOT NULL,
        actor        TEXT NOT NULL
      ) STRICT;
      CREATE INDEX payments_by_customer ON payments (customer_id, paid_on);
      CREATE INDEX payments_by_date ON payments (paid_on, id);
      CREATE INDEX payments_by_method ON payments (method_id, paid_on);

      CREATE TABLE payment_allocations (
        payment_id   INTEGER NOT NULL REFERENCES payments (id),
        invoice_id   INTEGER NOT NULL REFERENCES invoices (id),
        amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
        PRIMARY KEY (payment_id, invoice_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX payment_allocations_by_invoice ON payment_allocations (invoice_id);

      -- Money given back on a payment's part for one invoice: to a method, or to store credit
      -- (method of kind store_credit, with its store_credit entry).
      CREATE TABLE refunds (
        id           INTEGER PRIMARY KEY,
        payment_id   INTEGER NOT NULL REFERENCES payments (id),
        invoice_id   INTEGER NOT NULL REFERENCES invoices (id),
        method_id    INTEGER NOT NULL REFERENCES payment_methods (id),
        amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
        reference    TEXT NOT NULL DEFAULT '',
        refunded_on  TEXT NOT NULL CHECK (${date('refunded_on')}),
        notes        TEXT NOT NULL DEFAULT '',
        created_at   TEXT NOT NULL,
        actor        TEXT NOT NULL
      ) STRICT;
      CREATE INDEX refunds_by_payment ON refunds (payment_id);
      CREATE INDEX refunds_by_invoice ON refunds (invoice_id);

      -- Each customer's store credit, as a ledger: the balance is the sum. Positive adds credit,
      -- negative uses it. Append-only.
      CREATE TABLE store_credit (
        id           INTEGER PRIMARY KEY,
        customer_id  INTEGER NOT NULL REFERENCES customers (id),
        at           TEXT NOT NULL,
        actor        TEXT NOT NULL,
        kind         TEXT NOT NULL CHECK (kind IN (${sqlList(CREDIT_KINDS_AT_V5)})),
        amount_minor INTEGER NOT NULL CHECK (amount_minor <> 0),
        payment_id   INTEGER REFERENCES payments (id),
        refund_id    INTEGER REFERENCES refunds (id),
        invoice_id   INTEGER REFERENCES invoices (id),
        note         TEXT NOT NULL DEFAULT '',
        CHECK ((kind = 'used') = (amount_minor < 0))
      ) STRICT;
      CREATE INDEX store_credit_by_customer ON store_credit (customer_id, id);
      CREATE TRIGGER store_credit_no_update BEFORE UPDATE ON store_credit
      BEGIN SELECT RAISE(ABORT, 'store_credit is append-only'); END;
      CREATE TRIGGER store_credit_no_delete BEFORE DELETE ON store_credit
      BEGIN SELECT RAISE(ABORT, 'store_credit is append-only'); END;

      -- The invoice's customer picker searches names (and e-mail and phone) of thousands of customers.
      CREATE INDEX customers_by_name ON customers (name COLLATE NOCASE);
    `);
  },
};
