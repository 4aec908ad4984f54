import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './tests/support/summary-reporter.ts'],
    projects: [
      {
        // Pure core modules, services, migrations, contract, web host, main-process code (electron mocked), and the
        // package check (tests/package: electron-builder against a stand-in Electron, in a temp folder).
        test: {
          name: 'node',
          environment: 'node',
          include: ['tests/{core,db,contract,electron,scanner,lint,package}/**/*.test.ts'],
        },
      },
      {
        // The same service, contract and migration tests on a real PostgreSQL: a throwaway server started once per
        // run (tests/support/pg-global.ts), a database per test copied from a migrated template. What only a SQLite
        // file has (opening files, backups beside them, several processes on one file, its own migrations) stays in
        // the node project; PostgreSQL's own migration and race tests are under tests/postgres.
        test: {
          name: 'postgres',
          environment: 'node',
          include: ['tests/{db,contract,postgres}/**/*.test.ts'],
          exclude: [
            'tests/db/store-open.test.ts',
            'tests/db/store-disk-full.test.ts',
            'tests/db/store-processes.test.ts',
            'tests/db/migrations.test.ts',
            'tests/db/migration-counter.test.ts',
            'tests/db/migration-serial-keys.test.ts',
            'tests/db/postgres-schema.test.ts',
          ],
          env: { COUNTER_POS_TEST_STORE: 'postgres' },
          globalSetup: ['tests/support/pg-global.ts'],
          setupFiles: ['tests/support/pg-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Real screens against the real backend in-process, on a fresh SQLite per test.
        plugins: [react()],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['tests/renderer/**/*.test.tsx'],
          setupFiles: ['tests/renderer/setup.ts'],
        },
      },
      {
        // Debian's Chromium driven by playwright-core against the web host on a temp database.
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
