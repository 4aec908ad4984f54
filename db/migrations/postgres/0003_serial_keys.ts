import type { PostgresMigration } from './index.ts';

// Frozen once shipped. PostgreSQL form of db/migrations/0003_serial_keys.ts: each serial and each
// old label (alias) gets its key (core/serial.ts serialKey), and a product holds a key at most once.
//
// The keys are computed by the services in JS on every write; the triggers only check them, as on
// SQLite: a row without a key is refused, and for a serial of plain printable ASCII (SQLite: NOT
// GLOB '*[^ -~]*') the key must be its ASCII lower case (SQLite's lower(); COLLATE "C" here so that
// no locale folds anything else).
//
// Filling the keys of existing rows: SQLite calls serialKey itself; PostgreSQL cannot. For printable
// ASCII text serialKey is exactly lower(trim(text)) (NFKC, the dash and invisible-character rules
// change nothing there, and the only whitespace JS trim() removes is the space), so those rows are
// filled here. A row of any other text is refused with nothing changed rather than given a key that
// might differ from the app's. (No PostgreSQL store existed before version 6: this only runs on an
// empty store, or on one a test filled at version 2.) Units of one product whose serials clash once
// case is ignored are refused, as on SQLite, before the unique index would be.
export const pg0003_serial_keys: PostgresMigration = {
  version: 3,
  name: 'serial keys: one unit however its serial is typed',
  sql: `
    DO $check$
    DECLARE
      odd bigint;
      clashes bigint;
      listed text COLLATE "C";
    BEGIN
      SELECT (SELECT count(*) FROM serials WHERE NOT (serial COLLATE "C" ~ '^[ -~]*$'))
           + (SELECT count(*) FROM serial_aliases WHERE NOT (alias COLLATE "C" ~ '^[ -~]*$'))
        INTO odd;
      IF odd > 0 THEN
        RAISE EXCEPTION 'This store cannot be upgraded on the server: % serials or old labels hold characters other than plain ASCII, whose keys only Counter POS itself computes. Nothing was changed. Upgrade it in a SQLite store and move it to the server.', odd
          USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      SELECT count(*), string_agg(format('%s (%s): %s', p.name, p.sku, c.serials), '; ' ORDER BY c.product_id, c.key)
        INTO clashes, listed
        FROM (SELECT product_id, lower(serial COLLATE "C") AS key,
                     string_agg(format('"%s"', serial), ', ' ORDER BY id) AS serials
                FROM serials GROUP BY product_id, lower(serial COLLATE "C") HAVING count(*) > 1) c
        JOIN products p ON p.id = c.product_id;
      IF clashes > 0 THEN
        RAISE EXCEPTION 'This store cannot be upgraded: % serial(s) held by more than one unit of the same product once letter case is ignored. %. Nothing was changed. Rename one unit of each in the version of Counter POS that wrote it, and open it here again.', clashes, listed
          USING ERRCODE = 'unique_violation';
      END IF;
    END
    $check$;

    ALTER TABLE serials ADD COLUMN serial_key text COLLATE "C";
    UPDATE serials SET serial_key = lower(trim(serial) COLLATE "C");
    CREATE UNIQUE INDEX serials_one_per_key ON serials (product_id, serial_key);
    -- SN: scans across products, and the Serial Numbers screen in key order (prefix search, pages).
    CREATE INDEX serials_by_key ON serials (serial_key);
    DROP INDEX serials_by_text_nocase;
    DROP INDEX serials_by_status_text;
    DROP INDEX serials_by_location_text;
    CREATE INDEX serials_by_status_key ON serials (status, serial_key);
    CREATE INDEX serials_by_location_key ON serials (location_id, serial_key);

    ALTER TABLE serial_aliases ADD COLUMN alias_key text COLLATE "C";
    UPDATE serial_aliases SET alias_key = lower(trim(alias) COLLATE "C");
    CREATE INDEX serial_aliases_by_key ON serial_aliases (alias_key);
    DROP INDEX serial_aliases_by_text_nocase;

    -- Every writer sets the key (services: serialKey). A row without one would escape the unique
    -- index, and for a plain ASCII serial the key must be its lower case: a writer that changed the
    -- text and forgot the key is refused. (Other texts are checked by the services' own function.)
    CREATE FUNCTION serials_key_check() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      IF NEW.serial_key IS NULL OR (NEW.serial COLLATE "C" ~ '^[ -~]*$'
                                    AND NEW.serial_key IS DISTINCT FROM lower(NEW.serial COLLATE "C")) THEN
        RAISE EXCEPTION 'serials.serial_key must be serialKey(serial) (core/serial.ts)'
          USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      RETURN NEW;
    END
    $fn$;
    CREATE TRIGGER serials_key_on_insert BEFORE INSERT ON serials
      FOR EACH ROW EXECUTE FUNCTION serials_key_check();
    CREATE TRIGGER serials_key_on_update BEFORE UPDATE OF serial, serial_key ON serials
      FOR EACH ROW EXECUTE FUNCTION serials_key_check();

    CREATE FUNCTION serial_aliases_key_check() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      IF NEW.alias_key IS NULL OR (NEW.alias COLLATE "C" ~ '^[ -~]*$'
                                   AND NEW.alias_key IS DISTINCT FROM lower(NEW.alias COLLATE "C")) THEN
        RAISE EXCEPTION 'serial_aliases.alias_key must be serialKey(alias) (core/serial.ts)'
          USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      RETURN NEW;
    END
    $fn$;
    CREATE TRIGGER serial_aliases_key_on_insert BEFORE INSERT ON serial_aliases
      FOR EACH ROW EXECUTE FUNCTION serial_aliases_key_check();
    CREATE TRIGGER serial_aliases_key_on_update BEFORE UPDATE OF alias, alias_key ON serial_aliases
      FOR EACH ROW EXECUTE FUNCTION serial_aliases_key_check();
  `,
};
