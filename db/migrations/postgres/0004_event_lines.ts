import type { PostgresMigration } from './index.ts';

// Frozen once shipped. PostgreSQL form of db/migrations/0004_event_lines.ts (read its notes):
// serial_events.invoice_line_id references invoice_lines (id) ON DELETE SET NULL. SQLite rebuilds
// the table; here the links to lines that no longer exist are cleared (with the append-only trigger
// off for that one update, as SQLite's copy does) and the foreign key is added in place.
//
// The append-only trigger then allows exactly the one change the foreign key's action makes: the
// new invoice_line_id is NULL, the line it named is gone, and every other column SQLite's trigger
// lists is unchanged (the same list, so both stores refuse the same updates).
export const pg0004_event_lines: PostgresMigration = {
  version: 4,
  name: 'serial events reference invoice lines',
  sql: `
    DROP TRIGGER serial_events_no_update ON serial_events;
    UPDATE serial_events e SET invoice_line_id = NULL
     WHERE e.invoice_line_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM invoice_lines il WHERE il.id = e.invoice_line_id);
    ALTER TABLE serial_events ADD CONSTRAINT serial_events_invoice_line_id_fkey
      FOREIGN KEY (invoice_line_id) REFERENCES invoice_lines (id) ON DELETE SET NULL;

    -- Deleting a line looks up its events (ON DELETE SET NULL): without this, a scan of all history.
    CREATE INDEX serial_events_by_line ON serial_events (invoice_line_id) WHERE invoice_line_id IS NOT NULL;

    CREATE FUNCTION serial_events_no_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      IF NOT (
        OLD.invoice_line_id IS NOT NULL AND NEW.invoice_line_id IS NULL
        AND NOT EXISTS (SELECT 1 FROM invoice_lines WHERE id = OLD.invoice_line_id)
        AND NEW.id IS NOT DISTINCT FROM OLD.id AND NEW.serial_id IS NOT DISTINCT FROM OLD.serial_id
        AND NEW.at IS NOT DISTINCT FROM OLD.at AND NEW.actor IS NOT DISTINCT FROM OLD.actor
        AND NEW.kind IS NOT DISTINCT FROM OLD.kind AND NEW.location_id IS NOT DISTINCT FROM OLD.location_id
        AND NEW.receipt_id IS NOT DISTINCT FROM OLD.receipt_id AND NEW.invoice_id IS NOT DISTINCT FROM OLD.invoice_id
        AND NEW.customer_id IS NOT DISTINCT FROM OLD.customer_id AND NEW.note IS NOT DISTINCT FROM OLD.note
      ) THEN
        RAISE EXCEPTION 'serial_events is append-only' USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      RETURN NEW;
    END
    $fn$;
    CREATE TRIGGER serial_events_no_update BEFORE UPDATE ON serial_events
      FOR EACH ROW EXECUTE FUNCTION serial_events_no_update();
  `,
};
