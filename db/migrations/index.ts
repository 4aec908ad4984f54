import type { Database } from 'better-sqlite3';
import { m0001_initial } from './0001_initial.ts';
import { m0002_inventory } from './0002_inventory.ts';
import { m0003_serial_keys } from './0003_serial_keys.ts';
import { m0004_event_lines } from './0004_event_lines.ts';
import { m0005_money } from './0005_money.ts';
import { m0006_counter } from './0006_counter.ts';
import { m0007_documents } from './0007_documents.ts';
import { m0008_stock_movements } from './0008_stock_movements.ts';
import { m0009_service_work } from './0009_service_work.ts';
import { m0010_recurring } from './0010_recurring.ts';

export interface Migration {
  /** Strictly increasing, recorded in PRAGMA user_version once applied. */
  readonly version: number;
  readonly name: string;
  /** Runs inside a transaction owned by the migrator. */
  readonly up: (sqlite: Database) => void;
  /**
   * Rebuilds tables that others reference (SQLite's 12-step ALTER): foreign keys are switched off around the
   * migration's transaction (a DROP would otherwise cascade), and PRAGMA foreign_key_check must come back empty
   * before it commits.
   */
  readonly rebuildsReferencedTables?: boolean;
}

// Registered by static import: bundlers cannot list a folder at run time.
export const migrations: readonly Migration[] = [
  m0001_initial,
  m0002_inventory,
  m0003_serial_keys,
  m0004_event_lines,
  m0005_money,
  m0006_counter,
  m0007_documents,
  m0008_stock_movements,
  m0009_service_work,
  m0010_recurring,
];

export const LATEST_VERSION = migrations.at(-1)?.version ?? 0;
