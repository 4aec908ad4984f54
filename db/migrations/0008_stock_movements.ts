import { sqlList } from '../../core/enums.ts';
import type { Migration } from './index.ts';

// Frozen once shipped. Stock that moves without being bought or sold: transfers between locations
// (TR-000001), goods issues (GI-000001: internal use, write-off, lost, sample) and their reversals (a
// goods receipt naming the issue), stock counts (SC-000001) posted as adjustments (ADJ-000001); and the
// stock ledger, stock_moves: one row per change of on-hand, naming its document, so on-hand per
// product and location is the sum of its rows and can be rebuilt (npm run check-stock).
//
// serials (new statuses In transit, Issued, Lost) and serial_events (new kinds, and columns naming
// the new documents) are rebuilt: SQLite cannot change a CHECK list in place. Other tables reference
// them, so the migrator runs this with foreign keys off and checks them before it commits. Triggers
// whose bodies name a rebuilt table are dropped first and made again after.
//
// The ledger starts with an opening row per stock level and per unit in stock when this runs.
//
// The lists as they were when this migration was written (a migration keeps its own frozen copy;
// tests/db/enum-checks.test.ts compares the store's lists with core/enums.ts).
export const SERIAL_STATUSES_AT_V8 = [
  'in_stock',
  'sold',
  'reserved',
  'returned',
  'rma',
  'scrapped',
  'in_transit',
  'issued',
  'lost',
] as const;
export const EVENT_KINDS_AT_V8 = [
  'received',
  'sold',
  'released',
  'renamed',
  'deleted',
  'returned',
  'moved',
  'reserved',
  'voided',
  'sent',
  'missing',
  'issued',
  'lost',
  'found',
] as const;
export const TRANSFER_STATUSES_AT_V8 = ['draft', 'in_transit', 'received', 'cancelled'] as const;
export const TRANSFER_UNIT_STATES_AT_V8 = ['pending', 'received', 'missing'] as const;
export const ISSUE_REASONS_AT_V8 = ['internal_use', 'damaged', 'lost', 'sample', 'other'] as const;
export const ISSUE_STATUSES_AT_V8 = ['draft', 'posted'] as const;
export const COUNT_STATUSES_AT_V8 = ['open', 'posted', 'cancelled'] as const;
export const MOVE_DOCS_AT_V8 = [
  'opening',
  'receipt',
  'invoice',
  'credit_note',
  'transfer',
  'goods_issue',
  'adjustment',
  'serial',
] as const;

const serialKeyCheck = (table: string, column: string, key: string) => `
      WHEN NEW.${key} IS NULL OR (NEW.${column} NOT GLOB '*[^ -~]*' AND NEW.${key} IS NOT lower(NEW.${column}))
      BEGIN SELECT RAISE(ABORT, '${table}.${key} must be serialKey(${column}) (core/serial.ts)'); END;`;

export const m0008_stock_movements: Migration = {
  version: 8,
  name: 'transfers, goods issues, stock counts, adjustments and the stock ledger',
  rebuildsReferencedTables: true,
  up: (sqlite) => {
    sqlite.exec(`
      DROP TRIGGER invoice_line_serials_same_product;
      DROP TRIGGER serial_events_no_update;
      DROP TRIGGER serial_events_no_delete;

      CREATE TABLE serials_new (
        id              INTEGER PRIMARY KEY,
        product_id      INTEGER NOT NULL REFERENCES products (id),
        serial          TEXT NOT NULL CHECK (length(serial) > 0 AND serial = trim(serial)),
        location_id     INTEGER NOT NULL REFERENCES locations (id),
        status          TEXT NOT NULL CHECK (status IN (${sqlList(SERIAL_STATUSES_AT_V8)})),
        condition_notes TEXT NOT NULL DEFAULT '',
        customer_id     INTEGER REFERENCES customers (id),
        received_at     TEXT NOT NULL,
        deleted_at      TEXT,
        serial_key      TEXT,
        UNIQUE (product_id, serial)
      ) STRICT;
      INSERT INTO serials_new (id, product_id, serial, location_id, status, condition_notes, customer_id, received_at,
        deleted_at, serial_key)
      SELECT id, product_id, serial, location_id, status, condition_notes, customer_id, received_at, deleted_at,
        serial_key FROM serials ORDER BY id;
      DROP TABLE serials;
      ALTER TABLE serials_new RENAME TO serials;
      CREATE INDEX serials_by_text ON serials (serial);
      CREATE INDEX serials_available ON serials (product_id, location_id, status);
      CREATE UNIQUE INDEX serials_one_per_key ON serials (product_id, serial_key);
      CREATE INDEX serials_by_key ON serials (serial_key);
      CREATE INDEX serials_by_status_key ON serials (status, serial_key);
      CREATE INDEX serials_by_location_key ON serials (location_id, serial_key);
      CREATE TRIGGER serials_key_on_insert BEFORE INSERT ON serials ${serialKeyCheck('serials', 'serial', 'serial_key')}
      CREATE TRIGGER serials_key_on_update BEFORE UPDATE OF serial, serial_key ON serials ${serialKeyCheck('serials', 'serial', 'serial_key')}

      CREATE TRIGGER invoice_line_serials_same_product
      BEFORE INSERT ON invoice_line_serials
      WHEN (SELECT product_id FROM serials WHERE id = NEW.serial_id)
           IS NOT (SELECT product_id FROM invoice_lines WHERE id = NEW.invoice_line_id)
      BEGIN
        SELECT RAISE(ABORT, 'serial belongs to another product than the invoice line');
      END;

      -- A transfer moves stock from one location to another: Draft (picked), In transit (the units left
      -- the source, sellable nowhere), Received (at the destination). A one-step transfer is sent and
      -- received in one command.
      CREATE TABLE transfers (
        id               INTEGER PRIMARY KEY,
        number           TEXT NOT NULL UNIQUE,
        from_location_id INTEGER NOT NULL REFERENCES locations (id),
        to_location_id   INTEGER NOT NULL REFERENCES locations (id),
        status           TEXT NOT NULL CHECK (status IN (${sqlList(TRANSFER_STATUSES_AT_V8)})),
        notes            TEXT NOT NULL DEFAULT '',
        revision         INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
        created_at       TEXT NOT NULL,
        created_by       TEXT NOT NULL,
        sent_at          TEXT,
        sent_by          TEXT,
        received_at      TEXT,
        received_by      TEXT,
        CHECK (from_location_id <> to_location_id),
        CHECK ((sent_at IS NULL) = (status = 'draft' OR status = 'cancelled')),
        CHECK ((received_at IS NULL) = (status <> 'received'))
      ) STRICT;
      CREATE INDEX transfers_by_status ON transfers (status, id);

      CREATE TABLE transfer_lines (
        id           INTEGER PRIMARY KEY,
        transfer_id  INTEGER NOT NULL REFERENCES transfers (id) ON DELETE CASCADE,
        position     INTEGER NOT NULL CHECK (position >= 1),
        product_id   INTEGER NOT NULL REFERENCES products (id),
        -- Thousandths, as on invoice lines; qty_received: what arrived (a serialized line counts its units).
        qty          INTEGER NOT NULL CHECK (qty > 0),
        qty_received INTEGER NOT NULL DEFAULT 0 CHECK (qty_received >= 0 AND qty_received <= qty),
        UNIQUE (transfer_id, position)
      ) STRICT;

      -- The units of a serial-tracked line: pending until received, or marked missing at the destination
      -- (the unit stays In transit, flagged for follow-up).
      CREATE TABLE transfer_units (
        transfer_line_id INTEGER NOT NULL REFERENCES transfer_lines (id) ON DELETE CASCADE,
        serial_id        INTEGER NOT NULL REFERENCES serials (id),
        state            TEXT NOT NULL CHECK (state IN (${sqlList(TRANSFER_UNIT_STATES_AT_V8)})) DEFAULT 'pending',
        PRIMARY KEY (transfer_line_id, serial_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX transfer_units_by_serial ON transfer_units (serial_id);

      -- A goods issue takes stock out without a sale, for a reason. Posted issues never change: a
      -- reversal is a goods receipt naming the issue (goods_receipts.goods_issue_id).
      CREATE TABLE goods_issues (
        id          INTEGER PRIMARY KEY,
        number      TEXT NOT NULL UNIQUE,
        location_id INTEGER NOT NULL REFERENCES locations (id),
        reason      TEXT NOT NULL CHECK (reason IN (${sqlList(ISSUE_REASONS_AT_V8)})),
        reason_text TEXT NOT NULL DEFAULT '',
        status      TEXT NOT NULL CHECK (status IN (${sqlList(ISSUE_STATUSES_AT_V8)})),
        notes       TEXT NOT NULL DEFAULT '',
        revision    INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
        created_at  TEXT NOT NULL,
        created_by  TEXT NOT NULL,
        posted_at   TEXT,
        posted_by   TEXT,
        CHECK (reason <> 'other' OR length(trim(reason_text)) > 0),
        CHECK ((posted_at IS NULL) = (status = 'draft'))
      ) STRICT;
      CREATE INDEX goods_issues_by_status ON goods_issues (status, id);
      CREATE TRIGGER goods_issues_posted_no_update BEFORE UPDATE ON goods_issues WHEN OLD.status = 'posted'
      BEGIN SELECT RAISE(ABORT, 'a posted goods issue cannot change'); END;
      CREATE TRIGGER goods_issues_posted_no_delete BEFORE DELETE ON goods_issues WHEN OLD.status = 'posted'
      BEGIN SELECT RAISE(ABORT, 'a posted goods issue cannot change'); END;

      CREATE TABLE goods_issue_lines (
        id             INTEGER PRIMARY KEY,
        goods_issue_id INTEGER NOT NULL REFERENCES goods_issues (id) ON DELETE CASCADE,
        position       INTEGER NOT NULL CHECK (position >= 1),
        product_id     INTEGER NOT NULL REFERENCES products (id),
        qty            INTEGER NOT NULL CHECK (qty > 0),
        UNIQUE (goods_issue_id, position)
      ) STRICT;
      CREATE TABLE goods_issue_units (
        goods_issue_line_id INTEGER NOT NULL REFERENCES goods_issue_lines (id) ON DELETE CASCADE,
        serial_id           INTEGER NOT NULL REFERENCES serials (id),
        PRIMARY KEY (goods_issue_line_id, serial_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX goods_issue_units_by_serial ON goods_issue_units (serial_id);
      ${['goods_issue_lines', 'goods_issue_units']
        .flatMap((table) => {
          const issue =
            table === 'goods_issue_lines'
              ? (row: string) => `${row}.goods_issue_id`
              : (row: string) => `(SELECT goods_issue_id FROM goods_issue_lines WHERE id = ${row}.goods_issue_line_id)`;
          // Not on INSERT: moving the store to a server copies a posted issue before its lines.
          return ['UPDATE', 'DELETE'].map(
            (op) => `
      CREATE TRIGGER ${table}_posted_no_${op.toLowerCase()} BEFORE ${op} ON ${table}
      WHEN (SELECT status FROM goods_issues WHERE id = ${issue('OLD')}) = 'posted'
      BEGIN SELECT RAISE(ABORT, 'a posted goods issue cannot change'); END;`,
          );
        })
        .join('')}

      ALTER TABLE goods_receipts ADD COLUMN goods_issue_id INTEGER REFERENCES goods_issues (id);
      CREATE UNIQUE INDEX goods_receipts_one_reversal ON goods_receipts (goods_issue_id) WHERE goods_issue_id IS NOT NULL;

      -- A stock count at one location: the expected on-hand and units are kept when it starts; scans
      -- (from any number of counters) add up; posting turns the differences into an adjustment.
      CREATE TABLE stock_counts (
        id           INTEGER PRIMARY KEY,
        number       TEXT NOT NULL UNIQUE,
        location_id  INTEGER NOT NULL REFERENCES locations (id),
        status       TEXT NOT NULL CHECK (status IN (${sqlList(COUNT_STATUSES_AT_V8)})),
        -- 1: every stocked product at the location; 0: only those in stock_count_products.
        all_products INTEGER NOT NULL CHECK (all_products IN (0, 1)),
        -- The ledger's high-water mark when the count started (max stock_moves.id): expected now is the
        -- snapshot plus the moves after it, so sales during the count are not counted twice.
        ledger_mark  INTEGER NOT NULL DEFAULT 0 CHECK (ledger_mark >= 0),
        started_at   TEXT NOT NULL,
        started_by   TEXT NOT NULL,
        closed_at    TEXT,
        closed_by    TEXT,
        CHECK ((closed_at IS NULL) = (status = 'open'))
      ) STRICT;
      CREATE INDEX stock_counts_by_status ON stock_counts (status, id);
      -- What was expected per product when the count started (thousandths; a serialized product counts its units).
      CREATE TABLE stock_count_products (
        stock_count_id INTEGER NOT NULL REFERENCES stock_counts (id),
        product_id     INTEGER NOT NULL REFERENCES products (id),
        expected_qty   INTEGER NOT NULL,
        PRIMARY KEY (stock_count_id, product_id)
      ) STRICT, WITHOUT ROWID;
      -- The units expected at the location when the count started.
      CREATE TABLE stock_count_units (
        stock_count_id INTEGER NOT NULL REFERENCES stock_counts (id),
        serial_id      INTEGER NOT NULL REFERENCES serials (id),
        PRIMARY KEY (stock_count_id, serial_id)
      ) STRICT, WITHOUT ROWID;
      -- Each scan: a unit (serial_id), an unknown serial as scanned (serial_text), or a quantity of a
      -- product without serials (a negative quantity corrects a miscount).
      CREATE TABLE stock_count_scans (
        id             INTEGER PRIMARY KEY,
        stock_count_id INTEGER NOT NULL REFERENCES stock_counts (id),
        product_id     INTEGER REFERENCES products (id),
        serial_id      INTEGER REFERENCES serials (id),
        serial_text    TEXT,
        qty            INTEGER NOT NULL CHECK (qty <> 0),
        code           TEXT NOT NULL,
        at             TEXT NOT NULL,
        actor          TEXT NOT NULL,
        CHECK (serial_id IS NULL OR (qty = 1000 AND serial_text IS NULL)),
        CHECK (serial_text IS NULL OR (qty = 1000 AND product_id IS NULL)),
        CHECK (product_id IS NOT NULL OR serial_text IS NOT NULL)
      ) STRICT;
      CREATE INDEX stock_count_scans_by_count ON stock_count_scans (stock_count_id, id);
      CREATE UNIQUE INDEX stock_count_scans_unit_once ON stock_count_scans (stock_count_id, serial_id)
        WHERE serial_id IS NOT NULL;
      CREATE UNIQUE INDEX stock_count_scans_unknown_once ON stock_count_scans (stock_count_id, serial_text)
        WHERE serial_text IS NOT NULL;

      -- An adjustment: stock corrected to what was found (a posted count), never edited.
      CREATE TABLE adjustments (
        id             INTEGER PRIMARY KEY,
        number         TEXT NOT NULL UNIQUE,
        location_id    INTEGER NOT NULL REFERENCES locations (id),
        stock_count_id INTEGER UNIQUE REFERENCES stock_counts (id),
        reason         TEXT NOT NULL DEFAULT '',
        created_at     TEXT NOT NULL,
        actor          TEXT NOT NULL,
        approved_by    TEXT
      ) STRICT;
      -- Each change: a product's quantity (thousandths, signed), or one unit (serial_id, ±1000) at the
      -- location it left or reached (a unit found here that was recorded elsewhere: -1000 there, +1000 here).
      CREATE TABLE adjustment_lines (
        id            INTEGER PRIMARY KEY,
        adjustment_id INTEGER NOT NULL REFERENCES adjustments (id),
        product_id    INTEGER NOT NULL REFERENCES products (id),
        location_id   INTEGER NOT NULL REFERENCES locations (id),
        serial_id     INTEGER REFERENCES serials (id),
        qty           INTEGER NOT NULL CHECK (qty <> 0),
        note          TEXT NOT NULL DEFAULT '',
        CHECK (serial_id IS NULL OR qty IN (-1000, 1000))
      ) STRICT;
      CREATE INDEX adjustment_lines_by_adjustment ON adjustment_lines (adjustment_id, id);
      CREATE TRIGGER adjustments_no_update BEFORE UPDATE ON adjustments
      BEGIN SELECT RAISE(ABORT, 'adjustments are append-only'); END;
      CREATE TRIGGER adjustments_no_delete BEFORE DELETE ON adjustments
      BEGIN SELECT RAISE(ABORT, 'adjustments are append-only'); END;
      CREATE TRIGGER adjustment_lines_no_update BEFORE UPDATE ON adjustment_lines
      BEGIN SELECT RAISE(ABORT, 'adjustments are append-only'); END;
      CREATE TRIGGER adjustment_lines_no_delete BEFORE DELETE ON adjustment_lines
      BEGIN SELECT RAISE(ABORT, 'adjustments are append-only'); END;

      CREATE TABLE serial_events_new (
        id              INTEGER PRIMARY KEY,
        serial_id       INTEGER NOT NULL REFERENCES serials (id),
        at              TEXT NOT NULL,
        actor           TEXT NOT NULL,
        kind            TEXT NOT NULL CHECK (kind IN (${sqlList(EVENT_KINDS_AT_V8)})),
        location_id     INTEGER REFERENCES locations (id),
        receipt_id      INTEGER REFERENCES goods_receipts (id),
        invoice_id      INTEGER REFERENCES invoices (id),
        invoice_line_id INTEGER REFERENCES invoice_lines (id) ON DELETE SET NULL,
        customer_id     INTEGER REFERENCES customers (id),
        note            TEXT NOT NULL DEFAULT '',
        credit_note_id  INTEGER REFERENCES credit_notes (id),
        transfer_id     INTEGER REFERENCES transfers (id),
        goods_issue_id  INTEGER REFERENCES goods_issues (id),
        adjustment_id   INTEGER REFERENCES adjustments (id)
      ) STRICT;
      INSERT INTO serial_events_new (id, serial_id, at, actor, kind, location_id, receipt_id, invoice_id,
        invoice_line_id, customer_id, note, credit_note_id)
      SELECT id, serial_id, at, actor, kind, location_id, receipt_id, invoice_id, invoice_line_id, customer_id, note,
        credit_note_id FROM serial_events ORDER BY id;
      DROP TABLE serial_events;
      ALTER TABLE serial_events_new RENAME TO serial_events;
      CREATE INDEX serial_events_by_serial ON serial_events (serial_id, id);
      CREATE INDEX serial_events_by_line ON serial_events (invoice_line_id) WHERE invoice_line_id IS NOT NULL;
      CREATE INDEX serial_events_by_invoice ON serial_events (invoice_id, serial_id) WHERE invoice_id IS NOT NULL;
      CREATE INDEX serial_events_by_transfer ON serial_events (transfer_id) WHERE transfer_id IS NOT NULL;
      CREATE TRIGGER serial_events_no_update BEFORE UPDATE ON serial_events
      WHEN NOT (
        OLD.invoice_line_id IS NOT NULL AND NEW.invoice_line_id IS NULL
        AND NOT EXISTS (SELECT 1 FROM invoice_lines WHERE id = OLD.invoice_line_id)
        AND NEW.id IS OLD.id AND NEW.serial_id IS OLD.serial_id AND NEW.at IS OLD.at AND NEW.actor IS OLD.actor
        AND NEW.kind IS OLD.kind AND NEW.location_id IS OLD.location_id AND NEW.receipt_id IS OLD.receipt_id
        AND NEW.invoice_id IS OLD.invoice_id AND NEW.customer_id IS OLD.customer_id AND NEW.note IS OLD.note
        AND NEW.credit_note_id IS OLD.credit_note_id AND NEW.transfer_id IS OLD.transfer_id
        AND NEW.goods_issue_id IS OLD.goods_issue_id AND NEW.adjustment_id IS OLD.adjustment_id
      )
      BEGIN SELECT RAISE(ABORT, 'serial_events is append-only'); END;
      CREATE TRIGGER serial_events_no_delete BEFORE DELETE ON serial_events
      BEGIN SELECT RAISE(ABORT, 'serial_events is append-only'); END;

      -- The stock ledger: every change of on-hand (thousandths, + in, - out) of a stock-keeping product at
      -- a location, with the document that made it. A serialized product's rows name the unit (±1000).
      CREATE TABLE stock_moves (
        id          INTEGER PRIMARY KEY,
        at          TEXT NOT NULL,
        actor       TEXT NOT NULL,
        product_id  INTEGER NOT NULL REFERENCES products (id),
        location_id INTEGER NOT NULL REFERENCES locations (id),
        serial_id   INTEGER REFERENCES serials (id),
        qty         INTEGER NOT NULL CHECK (qty <> 0),
        doc         TEXT NOT NULL CHECK (doc IN (${sqlList(MOVE_DOCS_AT_V8)})),
        doc_id      INTEGER,
        CHECK (serial_id IS NULL OR qty IN (-1000, 1000)),
        CHECK ((doc = 'opening') = (doc_id IS NULL))
      ) STRICT;
      CREATE INDEX stock_moves_by_product ON stock_moves (product_id, location_id);
      CREATE INDEX stock_moves_by_doc ON stock_moves (doc, doc_id);
      CREATE INDEX stock_moves_by_serial ON stock_moves (serial_id) WHERE serial_id IS NOT NULL;
      CREATE TRIGGER stock_moves_no_update BEFORE UPDATE ON stock_moves
      BEGIN SELECT RAISE(ABORT, 'stock_moves is append-only'); END;
      CREATE TRIGGER stock_moves_no_delete BEFORE DELETE ON stock_moves
      BEGIN SELECT RAISE(ABORT, 'stock_moves is append-only'); END;

      INSERT INTO stock_moves (at, actor, product_id, location_id, qty, doc)
      SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'migration', product_id, location_id, on_hand, 'opening'
      FROM stock_levels WHERE on_hand <> 0 ORDER BY product_id, location_id;
      INSERT INTO stock_moves (at, actor, product_id, location_id, serial_id, qty, doc)
      SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'migration', product_id, location_id, id, 1000, 'opening'
      FROM serials WHERE status = 'in_stock' AND deleted_at IS NULL ORDER BY id;
    `);
  },
};
