import { pg0001_initial } from './0001_initial.ts';
import { pg0002_inventory } from './0002_inventory.ts';
import { pg0003_serial_keys } from './0003_serial_keys.ts';
import { pg0004_event_lines } from './0004_event_lines.ts';
import { pg0005_money } from './0005_money.ts';
import { pg0006_counter } from './0006_counter.ts';
import { pg0007_documents } from './0007_documents.ts';
import { pg0008_stock_movements } from './0008_stock_movements.ts';
import { pg0009_service_work } from './0009_service_work.ts';
import { pg0010_recurring } from './0010_recurring.ts';

/**
 * The same migrations for a PostgreSQL store: numbered and named as db/migrations (each version here
 * leaves the schema SQLite's migration of that version leaves), frozen the same way once shipped.
 * Each runs in one transaction (db/postgres.ts), as one multi-statement SQL text.
 *
 * Every text column is COLLATE "C": it compares and sorts bytewise, as SQLite's BINARY does, whatever the server's
 * default collation (an en_US database would order "dl-" and "DL5" otherwise, and break prefix ranges on keys); and
 * lower() on it folds ASCII only, so a lower() unique index refuses exactly what SQLite's NOCASE refuses.
 */
export interface PostgresMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

// Registered by static import, as on SQLite.
export const postgresMigrations: readonly PostgresMigration[] = [
  pg0001_initial,
  pg0002_inventory,
  pg0003_serial_keys,
  pg0004_event_lines,
  pg0005_money,
  pg0006_counter,
  pg0007_documents,
  pg0008_stock_movements,
  pg0009_service_work,
  pg0010_recurring,
];
