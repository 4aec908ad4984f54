import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './tests/support/summary-reporter.ts'],
    projects: [
      {
        // Pure core modules, services, migrations, contract, web host, main-process code (electron mocked).
        test: {
          name: 'node',
          environment: 'node',
          include: ['tests/{core,db,contract,electron,scanner,lint}/**/*.test.ts'],
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
