/**
 * The same migrations for a PostgreSQL store: numbered and named as db/migrations (each version here
 * leaves the schema SQLite's migration of that version leaves), frozen the same way once shipped.
 * Each runs in one transaction (db/postgres.ts), as one multi-statement SQL text.
 */
export interface PostgresMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

// Registered by static import, as on SQLite.
export const postgresMigrations: readonly PostgresMigration[] = [];
