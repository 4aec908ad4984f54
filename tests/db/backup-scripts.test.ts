// `npm run backup` and `npm run restore` run as processes of their own, as a person runs them: exit 0 done, 1 refused
// with the reason (and nothing changed), 2 wrong arguments. SQLite files only.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppStore } from '../../db/store.ts';
import { onPostgres, tempDir } from '../support/backend.ts';

const SCRIPTS = path.join(import.meta.dirname, '..', '..', 'scripts');

function run(script: string, args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [path.join(SCRIPTS, script), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    proc.on('exit', (code) => resolve({ code, out, err }));
  });
}

let dir: string;
let file: string;
beforeAll(async () => {
  dir = tempDir('pos-backup-cli-');
  file = path.join(dir, 'pos.sqlite');
  if (!onPostgres) await (await openAppStore(file, { demo: true, backupEveryMs: false })).close();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const customers = (f: string) => {
  const db = new BetterSqlite3(f, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe.skipIf(onPostgres)('npm run backup and npm run restore', () => {
  it('backs up to --out, and restores it with the current file kept (exit 0)', async () => {
    const out = path.join(dir, 'usb');
    const backup = await run('backup.ts', ['--db', file, '--out', out]);
    expect(backup.err).toBe('');
    expect(backup.code).toBe(0);
    const written = fs.readdirSync(out).find((f) => /^pos\.sqlite\.backup-v\d+-.*Z$/.test(f))!;
    expect(backup.out).toContain(path.join(out, written));
    const before = customers(file);

    const db = new BetterSqlite3(file);
    db.prepare(`INSERT INTO customers (name) VALUES ('After the backup')`).run();
    db.close();
    expect(customers(file)).toBe(before + 1);

    const restore = await run('restore.ts', ['--db', file, '--from', path.join(out, written)]);
    expect(restore.err).toBe('');
    expect(restore.code).toBe(0);
    expect(customers(file)).toBe(before);
    const kept = fs.readdirSync(dir).find((f) => f.startsWith('pos.sqlite.before-restore-'))!;
    expect(restore.out).toContain(kept);
    expect(customers(path.join(dir, kept))).toBe(before + 1);
  });

  it('refuses a damaged or foreign backup, and a data file in use, with the reason (exit 1), changing nothing', async () => {
    const garbage = path.join(dir, 'garbage.sqlite');
    fs.writeFileSync(garbage, Buffer.alloc(4096, 7));
    const foreign = path.join(dir, 'foreign.sqlite');
    const other = new BetterSqlite3(foreign);
    other.exec('CREATE TABLE notes (text TEXT)');
    other.close();
    const bytes = fs.readFileSync(file);

    const damaged = await run('restore.ts', ['--db', file, '--from', garbage]);
    expect([damaged.code, damaged.err]).toEqual([1, expect.stringMatching(/is damaged/)]);
    const notOurs = await run('restore.ts', ['--db', file, '--from', foreign]);
    expect([notOurs.code, notOurs.err]).toEqual([1, expect.stringMatching(/not a Counter POS backup/)]);
    const backupForeign = await run('backup.ts', ['--db', foreign, '--out', dir]);
    expect([backupForeign.code, backupForeign.err]).toEqual([1, expect.stringMatching(/not a Counter POS data file/)]);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);

    const open = await openAppStore(file, { backupEveryMs: false });
    try {
      const busy = await run('restore.ts', ['--db', file, '--from', garbage]);
      expect([busy.code, busy.err]).toEqual([1, expect.stringMatching(/is in use \(is Counter POS running\?\)/)]);
    } finally {
      await open.close();
    }
  });

  it('exits 2 on wrong arguments', async () => {
    expect((await run('backup.ts', [])).code).toBe(2);
    expect((await run('restore.ts', ['--db', file])).code).toBe(2);
    expect((await run('restore.ts', ['--db', file, '--from', 'x', '--nope'])).code).toBe(2);
  });
});
