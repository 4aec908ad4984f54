import type { Database } from 'better-sqlite3';
import { serialStatusLabel, type SerialStatus } from '../../core/enums.ts';
import { AppError } from '../../core/errors.ts';
import { serialKey, visibleSerial } from '../../core/serial.ts';
import type { Migration } from './index.ts';

// Frozen once shipped. A serial is one unit however it is typed: each serial and each old label
// (alias) gets its key (core/serial.ts serialKey: normalised, case-folded), and a product holds a key
// at most once. The key is computed in JS by the services on every write; here the same function
// is registered in SQLite to fill the existing rows, so the keys are exactly the JS ones. No
// trigger or index calls it: other connections (a worker, the sqlite3 shell) do not have it.

/** How many clashing serials a refusal lists in its message (all of them, up to a limit, in its details). */
const LISTED = 20;
const IN_DETAILS = 1000;

export interface SerialClash {
  productId: number;
  sku: string;
  productName: string;
  units: Array<{ id: number; serial: string; status: SerialStatus; deleted: boolean }>;
}

export const m0003_serial_keys: Migration = {
  version: 3,
  name: 'serial keys: one unit however its serial is typed',
  up: (sqlite) => {
    sqlite.function('pos_serial_key', { deterministic: true }, (text) => serialKey(String(text)));
    // Before any change: a file whose units already clash is refused as it is.
    refuseClashingUnits(sqlite);
    sqlite.exec(`
      ALTER TABLE serials ADD COLUMN serial_key TEXT;
      UPDATE serials SET serial_key = pos_serial_key(serial);
      CREATE UNIQUE INDEX serials_one_per_key ON serials (product_id, serial_key);
      -- SN: scans across products, and the Serial Numbers screen in key order (prefix search, pages).
      CREATE INDEX serials_by_key ON serials (serial_key);
      DROP INDEX serials_by_text_nocase;
      DROP INDEX serials_by_status_text;
      DROP INDEX serials_by_location_text;
      CREATE INDEX serials_by_status_key ON serials (status, serial_key);
      CREATE INDEX serials_by_location_key ON serials (location_id, serial_key);

      ALTER TABLE serial_aliases ADD COLUMN alias_key TEXT;
      UPDATE serial_aliases SET alias_key = pos_serial_key(alias);
      CREATE INDEX serial_aliases_by_key ON serial_aliases (alias_key);
      DROP INDEX serial_aliases_by_text_nocase;

      -- Every writer sets the key (services: serialKey). A row without one would escape the unique
      -- index, and for a plain ASCII serial the key must be its lower case: a writer that changed the
      -- text and forgot the key is refused. (Other texts are checked by the services' own function.)
      CREATE TRIGGER serials_key_on_insert BEFORE INSERT ON serials
      WHEN NEW.serial_key IS NULL OR (NEW.serial NOT GLOB '*[^ -~]*' AND NEW.serial_key IS NOT lower(NEW.serial))
      BEGIN SELECT RAISE(ABORT, 'serials.serial_key must be serialKey(serial) (core/serial.ts)'); END;
      CREATE TRIGGER serials_key_on_update BEFORE UPDATE OF serial, serial_key ON serials
      WHEN NEW.serial_key IS NULL OR (NEW.serial NOT GLOB '*[^ -~]*' AND NEW.serial_key IS NOT lower(NEW.serial))
      BEGIN SELECT RAISE(ABORT, 'serials.serial_key must be serialKey(serial) (core/serial.ts)'); END;
      CREATE TRIGGER serial_aliases_key_on_insert BEFORE INSERT ON serial_aliases
      WHEN NEW.alias_key IS NULL OR (NEW.alias NOT GLOB '*[^ -~]*' AND NEW.alias_key IS NOT lower(NEW.alias))
      BEGIN SELECT RAISE(ABORT, 'serial_aliases.alias_key must be serialKey(alias) (core/serial.ts)'); END;
      CREATE TRIGGER serial_aliases_key_on_update BEFORE UPDATE OF alias, alias_key ON serial_aliases
      WHEN NEW.alias_key IS NULL OR (NEW.alias NOT GLOB '*[^ -~]*' AND NEW.alias_key IS NOT lower(NEW.alias))
      BEGIN SELECT RAISE(ABORT, 'serial_aliases.alias_key must be serialKey(alias) (core/serial.ts)'); END;
    `);
  },
};

/**
 * Units of one product whose serials are one key (DL5440-0001 and dl5440-0001, or a trailing NUL)
 * cannot both stay: the user must rename one of each, in the version that wrote the file. Lists
 * them (product, the serial texts with their invisible characters shown) and changes nothing.
 */
function refuseClashingUnits(sqlite: Database): void {
  const groups = sqlite
    .prepare(
      `
    SELECT product_id AS productId, pos_serial_key(serial) AS key FROM serials
    GROUP BY product_id, key HAVING count(*) > 1 ORDER BY product_id, key LIMIT ${IN_DETAILS + 1}`,
    )
    .all() as Array<{ productId: number; key: string }>;
  if (groups.length === 0) return;
  const members = sqlite.prepare(`
    SELECT s.id, s.serial, s.status, s.deleted_at IS NOT NULL AS deleted, p.sku, p.name
    FROM serials s JOIN products p ON p.id = s.product_id
    WHERE s.product_id = ? AND pos_serial_key(s.serial) = ? ORDER BY s.id`);
  const clashes: SerialClash[] = groups.slice(0, IN_DETAILS).map(({ productId, key }) => {
    const rows = members.all(productId, key) as Array<{
      id: number;
      serial: string;
      status: SerialStatus;
      deleted: number;
      sku: string;
      name: string;
    }>;
    return {
      productId,
      sku: rows[0]!.sku,
      productName: rows[0]!.name,
      units: rows.map((r) => ({ id: r.id, serial: r.serial, status: r.status, deleted: r.deleted === 1 })),
    };
  });
  const more = groups.length > IN_DETAILS ? ' (and more)' : '';
  const listed = clashes.slice(0, LISTED).map((c) => {
    const units = c.units.map(
      (u) => `"${visibleSerial(u.serial)}" (${u.deleted ? 'deleted' : serialStatusLabel[u.status].toLowerCase()})`,
    );
    return `${c.productName} (${c.sku}): ${units.join(', ')}`;
  });
  const rest = clashes.length - listed.length;
  throw new AppError(
    'conflict',
    `This data file cannot be upgraded: ${clashes.length}${more} serial${clashes.length === 1 ? ' is' : 's are'} held by more than one unit ` +
      `of the same product once letter case, invisible characters and dash styles are ignored. ${listed.join('; ')}` +
      `${rest > 0 ? `; and ${rest} more` : ''}. Nothing was changed. Open the file in the version of Counter POS that wrote it, ` +
      'rename one unit of each (Serial Numbers, then the serial, then Rename), and open it here again.',
    { clashes, more: groups.length > IN_DETAILS },
  );
}
