// Help → Diagnostics on either store: the schema version is read from the store itself (SQLite's user_version, the
// shop server's counter_pos_schema), and the shop server has no data file size, backup or quick_check to show.
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION } from '../../db/migrations/index.ts';
import { postgresMigrations } from '../../db/migrations/postgres/index.ts';
import { freshBackend, okValue } from '../support/backend.ts';

describe('diagnostics on both stores', () => {
  it("names the store's kind and its schema version", async () => {
    const b = await freshBackend();
    try {
      const facts = await okValue(b.api.diagnostics({}));
      expect(facts.storeKind).toBe(b.store.kind);
      if (b.store.kind === 'postgres') {
        expect(facts.schemaVersion).toBe(postgresMigrations.at(-1)!.version);
        expect(facts).toMatchObject({ dataFileBytes: null, lastBackup: null, lastQuickCheck: null });
      } else {
        expect(facts.schemaVersion).toBe(LATEST_VERSION);
        expect(facts).toMatchObject({ dataFileBytes: null, lastBackup: null, logFolder: null }); // in memory
      }
    } finally {
      await b.close();
    }
  });
});
