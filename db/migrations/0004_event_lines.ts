import { sqlList } from '../../core/enums.ts';
import type { Migration } from './index.ts';

// Frozen once shipped. serial_events.invoice_line_id references invoice_lines (id): since saves keep
// line ids (an edit writes only the lines that changed), the link can be a foreign key.
//
// SQLite cannot add a foreign key to an existing column, so serial_events is rebuilt: a new table,
// every row copied (same ids, same order), the old one dropped, the new one renamed, and its index
// and append-only triggers made again. Nothing references serial_events, so foreign keys can stay
// on while it is rebuilt. Events written by older versions point to lines that their edits deleted
// and re-inserted: those links are set to NULL in the copy (the event keeps its invoice, customer,
// location and note, so the history still reads "sold on INV-000001 to …").
//
// What happens to an event when an edit removes its line: ON DELETE SET NULL. The event stays, with
// its invoice, customer, location and note; only the link to the line that no longer exists is
// cleared. The append-only trigger allows exactly that one change and nothing else: the new
// invoice_line_id is NULL, the line it named is gone (SQLite runs the action after deleting the
// line), and every other column is unchanged. Rejected alternatives:
// - keeping removed lines as rows marked "removed": every reader of invoice_lines (the invoice, its
//   totals, stock, lookups, later payments and returns) would have to leave them out forever, and
//   positions would need a second numbering;
// - no action (RESTRICT): an edit could never remove a line that sold a unit.
// A later table that must keep a line (a return, a credit note) references it without an action,
// and then the line cannot be removed: that is what it should mean.
// The event kinds as they were when this migration was written: a migration is frozen, so it keeps
// its own copy of the list (core/enums.ts SERIAL_EVENT_KINDS); a new kind comes with a new migration,
// and tests/db/enum-checks.test.ts fails until the schema's list and the tuple agree again.
const KINDS_AT_V4 = ['received', 'sold', 'released', 'renamed', 'deleted', 'returned', 'moved'] as const;

export const m0004_event_lines: Migration = {
  version: 4,
  name: 'serial events reference invoice lines',
  up: (sqlite) => {
    sqlite.exec(`
      CREATE TABLE serial_events_new (
        id              INTEGER PRIMARY KEY,
        serial_id       INTEGER NOT NULL REFERENCES serials (id),
        at              TEXT NOT NULL,
        actor           TEXT NOT NULL,
        kind            TEXT NOT NULL CHECK (kind IN (${sqlList(KINDS_AT_V4)})),
        location_id     INTEGER REFERENCES locations (id),
        receipt_id      INTEGER REFERENCES goods_receipts (id),
        invoice_id      INTEGER REFERENCES invoices (id),
        invoice_line_id INTEGER REFERENCES invoice_lines (id) ON DELETE SET NULL,
        customer_id     INTEGER REFERENCES customers (id),
        note            TEXT NOT NULL DEFAULT ''
      ) STRICT;

      INSERT INTO serial_events_new (id, serial_id, at, actor, kind, location_id, receipt_id, invoice_id, invoice_line_id, customer_id, note)
      SELECT e.id, e.serial_id, e.at, e.actor, e.kind, e.location_id, e.receipt_id, e.invoice_id,
             CASE WHEN EXISTS (SELECT 1 FROM invoice_lines il WHERE il.id = e.invoice_line_id) THEN e.invoice_line_id END,
             e.customer_id, e.note
      FROM serial_events e ORDER BY e.id;

      DROP TRIGGER serial_events_no_update;
      DROP TRIGGER serial_events_no_delete;
      DROP TABLE serial_events;
      ALTER TABLE serial_events_new RENAME TO serial_events;

      CREATE INDEX serial_events_by_serial ON serial_events (serial_id, id);
      -- Deleting a line looks up its events (ON DELETE SET NULL): without this, a scan of all history.
      CREATE INDEX serial_events_by_line ON serial_events (invoice_line_id) WHERE invoice_line_id IS NOT NULL;

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
    `);
    const broken = sqlite.prepare('PRAGMA foreign_key_check(serial_events)').all();
    if (broken.length > 0)
      throw new Error(`serial_events refers to ${broken.length} missing rows after the rebuild; nothing was changed.`);
  },
};
