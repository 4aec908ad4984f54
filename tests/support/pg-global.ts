import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { openAppStore } from '../../db/store.ts';
import { FROZEN_NOW } from './frozen.ts';
import { startTestServer } from './pg-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** postgres://…/ of the tests' throwaway server (append a database name), or '' when none could be started. */
    pgBase: string;
    /** Why the PostgreSQL half is skipped ('' when it runs). */
    pgSkip: string;
  }
}

/** Template databases each test copies (CREATE DATABASE … TEMPLATE): migrated once, with and without the demo shop. */
export const TEMPLATES = { demo: 'pos_tpl_demo', empty: 'pos_tpl_empty' } as const;

/**
 * The PostgreSQL half of the tests: starts a throwaway server once per run and migrates the two templates. When no
 * server can be started the half is skipped, loudly: the reason is printed here and on every skipped test.
 */
export default async function setup(project: TestProject) {
  let server;
  try {
    server = await startTestServer();
  } catch (error) {
    const reason = `No PostgreSQL server could be started, so the PostgreSQL half of the tests is SKIPPED: ${(error as Error).message}`;
    process.stderr.write(`\n${'!'.repeat(100)}\n!!! ${reason}\n${'!'.repeat(100)}\n\n`);
    project.provide('pgBase', '');
    project.provide('pgSkip', reason);
    return;
  }
  const admin = new pg.Client({ connectionString: `${server.base}postgres` });
  await admin.connect();
  try {
    for (const [kind, name] of Object.entries(TEMPLATES)) {
      await admin.query(`CREATE DATABASE ${name}`);
      const store = await openAppStore(`${server.base}${name}`, { demo: kind === 'demo', now: () => FROZEN_NOW });
      await store.close();
      await admin.query(`ALTER DATABASE ${name} WITH IS_TEMPLATE true`);
    }
  } finally {
    await admin.end();
  }
  process.stdout.write(`PostgreSQL half of the tests: ${server.how}\n`);
  project.provide('pgBase', server.base);
  project.provide('pgSkip', '');
  return () => server.stop();
}
