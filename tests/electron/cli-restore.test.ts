import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openAppStore } from '../../db/store.ts';
import { freshBackend, tempDir } from '../support/backend.ts';
import { damageTablePage } from '../support/damage.ts';

// Browser mode (`npm run web`, electron/web/cli.ts) on a damaged data file: it prints what is wrong
// and how to restore the newest backup, and never serves the damaged file; --restore-backup does it.

const CLI = path.join(import.meta.dirname, '..', '..', 'electron', 'web', 'cli.ts');

/** Runs the CLI until it exits, or until it prints its URL (then stops it with SIGINT). */
function runCli(args: string[]): Promise<{ code: number | null; out: string; err: string; served: boolean }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [CLI, ...args, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let served = false;
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!served && /http:\/\/127\.0\.0\.1:\d+/.test(out)) {
        served = true;
        proc.kill('SIGINT');
      }
    });
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    proc.on('exit', (code) => resolve({ code, out, err, served }));
  });
}

async function damagedWithBackup() {
  const file = path.join(tempDir('pos-cli-'), 'shop.sqlite');
  await (await freshBackend({ file })).close();
  const withBackup = await openAppStore(file, { now: () => new Date('2026-11-20T08:00:00Z') });
  const backup = (await withBackup.backup)!;
  await withBackup.close();
  damageTablePage(file, 'customers');
  return { file, backup };
}

describe('npm run web on a damaged data file', () => {
  it(
    'prints the damage, the newest backup and the command that restores it; serves nothing',
    { timeout: 30_000 },
    async () => {
      const { file, backup } = await damagedWithBackup();
      const before = fs.readdirSync(path.dirname(file)).sort();
      const run = await runCli(['--db', file]);
      expect(run.code).toBe(1);
      expect(run.served).toBe(false);
      expect(run.err).toContain(`The data file ${file} is damaged`);
      expect(run.err).toContain(`The newest backup is ${path.join('backups', path.basename(backup))}`);
      expect(run.err).toContain(`npm run web -- --db ${JSON.stringify(file)} --restore-backup`);
      // Only the log folder is new: web.log records the refusal.
      expect(fs.readdirSync(path.dirname(file)).sort()).toEqual([...before, 'logs'].sort());
      expect(fs.readFileSync(path.join(path.dirname(file), 'logs', 'web.log'), 'utf8')).toContain(
        'the store could not be opened',
      );
    },
  );

  it(
    '--restore-backup puts the backup in place, keeps the damaged file aside and serves the store',
    { timeout: 30_000 },
    async () => {
      const { file, backup } = await damagedWithBackup();
      const run = await runCli(['--db', file, '--restore-backup']);
      expect(run.served).toBe(true);
      expect(run.out).toMatch(
        new RegExp(
          `Restored ${backup.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}; the damaged file was kept as .*shop\\.sqlite\\.damaged-`,
        ),
      );
      expect(run.out).toContain('Stopped; the store was closed cleanly.');
      expect(fs.readdirSync(path.dirname(file)).filter((n) => n.includes('.damaged-'))).toHaveLength(1);
      const db = new BetterSqlite3(file, { readonly: true });
      expect(db.pragma('quick_check', { simple: true })).toBe('ok');
      db.close();

      // On a healthy file the flag does nothing, and says so.
      const again = await runCli(['--db', file, '--restore-backup']);
      expect(again.served).toBe(true);
      expect(again.out).toContain('The data file is not damaged: --restore-backup had nothing to do.');
    },
  );
});
