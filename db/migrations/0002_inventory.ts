import type { Migration } from './index.ts';

// Vendors, purchase orders, serial aliases (rename) and deletion marks.
export const m0002_inventory: Migration = {
  version: 2,
  name: 'vendors, purchase orders, serial aliases and deletions',
  up: (sqlite) => {
    sqlite.exec(`
      CREATE TABLE vendors (
        id    INTEGER PRIMARY KEY,
        name  TEXT NOT NULL CHECK (length(trim(name)) > 0),
        email TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT ''
      ) STRICT;

      CREATE TABLE purchase_orders (
        id          INTEGER PRIMARY KEY,
        number      TEXT NOT NULL UNIQUE,
        vendor_id   INTEGER NOT NULL REFERENCES vendors (id),
        location_id INTEGER NOT NULL REFERENCES locations (id),
        status      TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'partially_received', 'received', 'cancelled')),
        notes       TEXT NOT NULL DEFAULT '',
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      ) STRICT;
      CREATE INDEX purchase_orders_by_status ON purchase_orders (status, id);

      CREATE TABLE purchase_order_lines (
        id                INTEGER PRIMARY KEY,
        purchase_order_id INTEGER NOT NULL REFERENCES purchase_orders (id) ON DELETE CASCADE,
        position          INTEGER NOT NULL,
        product_id        INTEGER NOT NULL REFERENCES products (id),
        qty_ordered       INTEGER NOT NULL CHECK (qty_ordered > 0),
        qty_received      INTEGER NOT NULL DEFAULT 0 CHECK (qty_received >= 0 AND qty_received <= qty_ordered),
        unit_cost_minor   INTEGER NOT NULL DEFAULT 0 CHECK (unit_cost_minor >= 0),
        UNIQUE (purchase_order_id, position)
      ) STRICT;

      -- Which purchase order a goods receipt checked in (NULL for plain receipts and imports).
      ALTER TABLE goods_receipts ADD COLUMN purchase_order_id INTEGER REFERENCES purchase_orders (id);
      CREATE INDEX goods_receipts_by_po ON goods_receipts (purchase_order_id) WHERE purchase_order_id IS NOT NULL;

      -- A deleted serial keeps its row (history refers to it) but leaves stock: status scrapped, deleted_at set.
      ALTER TABLE serials ADD COLUMN deleted_at TEXT;

      -- The texts a serial had before a rename: an SN: scan of an old label still finds the unit.
      CREATE TABLE serial_aliases (
        id         INTEGER PRIMARY KEY,
        serial_id  INTEGER NOT NULL REFERENCES serials (id),
        alias      TEXT NOT NULL CHECK (length(alias) > 0),
        created_at TEXT NOT NULL,
        UNIQUE (serial_id, alias)
      ) STRICT;
      CREATE INDEX serial_aliases_by_text ON serial_aliases (alias);
      CREATE INDEX serial_aliases_by_text_nocase ON serial_aliases (alias COLLATE NOCASE);

      -- The Serial Numbers screen filters by status or location and pages in serial order.
      CREATE INDEX serials_by_status_text ON serials (status, serial COLLATE NOCASE);
      CREATE INDEX serials_by_location_text ON serials (location_id, serial COLLATE NOCASE);
    `);
  },
};
