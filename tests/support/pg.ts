import { beforeEach, inject } from 'vitest';
import pg from 'pg';
import { TEMPLATES } from './pg-global.ts';

/** True in the vitest project that runs the service, contract and migration tests on PostgreSQL. */
export const onPostgres = process.env.COUNTER_POS_TEST_STORE === 'postgres';

let admin: Promise<pg.Client> | undefined;
let made = 0;

function adminClient(): Promise<pg.Client> {
  admin ??= (async () => {
    const client = new pg.Client({ connectionString: `${inject('pgBase')}postgres` });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  })();
  return admin;
}

/** A new database copied from a migrated template (with the demo shop or empty): its URL and how to drop it. */
export const freshPostgresDatabase = (demo: boolean) =>
  newDatabase('t', `TEMPLATE ${demo ? TEMPLATES.demo : TEMPLATES.empty}`);

/** An empty database (no schema): for the migration tests. */
export const emptyPostgresDatabase = () => newDatabase('e', '');

async function newDatabase(prefix: string, options: string): Promise<{ url: string; drop(): Promise<void> }> {
  const base = inject('pgBase');
  if (!base) throw new Error(inject('pgSkip'));
  const name = `${prefix}_${process.pid}_${++made}_${Date.now() % 1_000_000}`;
  const client = await adminClient();
  await client.query(`CREATE DATABASE ${name} ${options}`.trim());
  return {
    url: `${base}${name}`,
    drop: async () => void (await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

/** ? placeholders (as the tests write their SQL) as PostgreSQL's $1, $2 …, outside quoted text. */
export function dollarParams(text: string): string {
  let n = 0;
  let quoted = false;
  let out = '';
  for (const c of text) {
    if (c === "'") quoted = !quoted;
    out += c === '?' && !quoted ? `$${++n}` : c;
  }
  return out;
}

/** In the PostgreSQL project: every test is skipped, with the reason, when no server could be started. */
export function skipWithoutPostgres(): void {
  if (!onPostgres) return;
  beforeEach((context) => {
    const reason = inject('pgSkip');
    if (reason) context.skip(reason);
  });
}
