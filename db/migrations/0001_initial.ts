import type { Migration } from './index.ts';

// Frozen: never edit a migration that has shipped; add a new one instead.
// Rules live in the database too (checks, unique indexes, triggers), not only in services.
export const m0001_initial: Migration = {
  version: 1,
  name: 'initial store',
  up: (sqlite) => {
    sqlite.exec(`
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE counters (
        name TEXT PRIMARY KEY,
        next INTEGER NOT NULL CHECK (next >= 1)
      ) STRICT;

      CREATE TABLE locations (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
        kind       TEXT NOT NULL CHECK (kind IN ('store', 'warehouse')),
        is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1))
      ) STRICT;
      CREATE UNIQUE INDEX locations_one_default ON locations (is_default) WHERE is_default = 1;

      CREATE TABLE customers (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
        email      TEXT NOT NULL DEFAULT '',
        phone      TEXT NOT NULL DEFAULT '',
        is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1))
      ) STRICT;
      CREATE UNIQUE INDEX customers_one_default ON customers (is_default) WHERE is_default = 1;

      CREATE TABLE products (
        id             INTEGER PRIMARY KEY,
        sku            TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(sku)) > 0),
        barcode        TEXT UNIQUE CHECK (barcode IS NULL OR length(barcode) > 0),
        name           TEXT NOT NULL CHECK (length(trim(name)) > 0),
        price_minor    INTEGER NOT NULL CHECK (price_minor >= 0),
        taxable        INTEGER NOT NULL CHECK (taxable IN (0, 1)),
        serialized     INTEGER NOT NULL CHECK (serialized IN (0, 1)),
        maintain_stock INTEGER NOT NULL CHECK (maintain_stock IN (0, 1)),
        CHECK (serialized = 0 OR maintain_stock = 1)
      ) STRICT;
      CREATE INDEX products_by_name ON products (name COLLATE NOCASE);

      -- On-hand of non-serialized stocked products; serialized stock is counted from serials.
      CREATE TABLE stock_levels (
        product_id  INTEGER NOT NULL REFERENCES products (id),
        location_id INTEGER NOT NULL REFERENCES locations (id),
        on_hand     INTEGER NOT NULL,
        PRIMARY KEY (product_id, location_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE goods_receipts (
        id          INTEGER PRIMARY KEY,
        number      TEXT NOT NULL UNIQUE,
        location_id INTEGER NOT NULL REFERENCES locations (id),
        source      TEXT NOT NULL CHECK (source IN ('receipt', 'purchase_order', 'import', 'demo')),
        reference   TEXT NOT NULL DEFAULT '',
        received_at TEXT NOT NULL,
        actor       TEXT NOT NULL
      ) STRICT;

      CREATE TABLE goods_receipt_lines (
        id              INTEGER PRIMARY KEY,
        receipt_id      INTEGER NOT NULL REFERENCES goods_receipts (id),
        product_id      INTEGER NOT NULL REFERENCES products (id),
        qty             INTEGER NOT NULL CHECK (qty > 0),
        unit_cost_minor INTEGER NOT NULL DEFAULT 0 CHECK (unit_cost_minor >= 0)
      ) STRICT;
      CREATE INDEX goods_receipt_lines_by_receipt ON goods_receipt_lines (receipt_id);

      CREATE TABLE serials (
        id              INTEGER PRIMARY KEY,
        product_id      INTEGER NOT NULL REFERENCES products (id),
        serial          TEXT NOT NULL CHECK (length(serial) > 0 AND serial = trim(serial)),
        location_id     INTEGER NOT NULL REFERENCES locations (id),
        status          TEXT NOT NULL CHECK (status IN ('in_stock', 'sold', 'reserved', 'returned', 'rma', 'scrapped')),
        condition_notes TEXT NOT NULL DEFAULT '',
        customer_id     INTEGER REFERENCES customers (id),
        received_at     TEXT NOT NULL,
        UNIQUE (product_id, serial)
      ) STRICT;
      CREATE INDEX serials_by_text ON serials (serial);
      CREATE INDEX serials_by_text_nocase ON serials (serial COLLATE NOCASE);
      CREATE INDEX serials_available ON serials (product_id, location_id, status);

      CREATE TABLE invoices (
        id             INTEGER PRIMARY KEY,
        number         TEXT NOT NULL UNIQUE,
        customer_id    INTEGER NOT NULL REFERENCES customers (id),
        location_id    INTEGER NOT NULL REFERENCES locations (id),
        invoice_date   TEXT NOT NULL CHECK (invoice_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        status         TEXT NOT NULL CHECK (status IN ('draft', 'issued', 'partially_paid', 'paid', 'void')),
        notes          TEXT NOT NULL DEFAULT '',
        terms          TEXT NOT NULL DEFAULT '',
        tax_rate_bp    INTEGER NOT NULL CHECK (tax_rate_bp >= 0),
        subtotal_minor INTEGER NOT NULL,
        tax_minor      INTEGER NOT NULL,
        total_minor    INTEGER NOT NULL,
        revision       INTEGER NOT NULL DEFAULT 1,
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL
      ) STRICT;
      CREATE INDEX invoices_by_customer_date ON invoices (customer_id, invoice_date);
      CREATE INDEX invoices_by_date ON invoices (invoice_date);

      CREATE TABLE invoice_lines (
        id               INTEGER PRIMARY KEY,
        invoice_id       INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
        position         INTEGER NOT NULL,
        product_id       INTEGER NOT NULL REFERENCES products (id),
        description      TEXT NOT NULL,
        qty              INTEGER NOT NULL CHECK (qty > 0),
        unit_price_minor INTEGER NOT NULL CHECK (unit_price_minor >= 0),
        taxable          INTEGER NOT NULL CHECK (taxable IN (0, 1)),
        line_total_minor INTEGER NOT NULL,
        UNIQUE (invoice_id, position)
      ) STRICT;

      -- A serial is on at most one live line: the unique index, not only the code, says so.
      CREATE TABLE invoice_line_serials (
        invoice_line_id INTEGER NOT NULL REFERENCES invoice_lines (id) ON DELETE CASCADE,
        serial_id       INTEGER NOT NULL REFERENCES serials (id),
        PRIMARY KEY (invoice_line_id, serial_id)
      ) STRICT, WITHOUT ROWID;
      CREATE UNIQUE INDEX invoice_line_serials_once ON invoice_line_serials (serial_id);

      CREATE TRIGGER invoice_line_serials_same_product
      BEFORE INSERT ON invoice_line_serials
      WHEN (SELECT product_id FROM serials WHERE id = NEW.serial_id)
           IS NOT (SELECT product_id FROM invoice_lines WHERE id = NEW.invoice_line_id)
      BEGIN
        SELECT RAISE(ABORT, 'serial belongs to another product than the invoice line');
      END;

      CREATE TABLE serial_events (
        id              INTEGER PRIMARY KEY,
        serial_id       INTEGER NOT NULL REFERENCES serials (id),
        at              TEXT NOT NULL,
        actor           TEXT NOT NULL,
        kind            TEXT NOT NULL CHECK (kind IN ('received', 'sold', 'released', 'renamed', 'deleted', 'returned', 'moved')),
        location_id     INTEGER REFERENCES locations (id),
        receipt_id      INTEGER REFERENCES goods_receipts (id),
        invoice_id      INTEGER REFERENCES invoices (id),
        invoice_line_id INTEGER,
        customer_id     INTEGER REFERENCES customers (id),
        note            TEXT NOT NULL DEFAULT ''
      ) STRICT;
      CREATE INDEX serial_events_by_serial ON serial_events (serial_id, id);

      CREATE TRIGGER serial_events_no_update BEFORE UPDATE ON serial_events
      BEGIN SELECT RAISE(ABORT, 'serial_events is append-only'); END;
      CREATE TRIGGER serial_events_no_delete BEFORE DELETE ON serial_events
      BEGIN SELECT RAISE(ABORT, 'serial_events is append-only'); END;
    `);
  },
};
