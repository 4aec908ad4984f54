// Back up now on the shop server: the server's own backups are the shop's (its host's snapshots, pg_dump run there),
// and when pg_dump is on this computer's PATH, Settings → Backups runs it to a file in the chosen folder (custom
// format, restorable with pg_restore). The password goes in pg_dump's environment, never on its command line (a
// process listing would show it). pg_dump runs as a child process: the counter's main thread never waits on it.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../core/errors.ts';
import { stamp } from './backups.ts';

/** pg_dump's full path on this computer's PATH, or null. */
export function findPgDump(env: NodeJS.ProcessEnv = process.env): string | null {
  const names = process.platform === 'win32' ? ['pg_dump.exe', 'pg_dump'] : ['pg_dump'];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        // not here
      }
    }
  }
  return null;
}

function split(url: string): { bare: string; password: string | null; database: string } {
  const u = new URL(url);
  const password = u.password ? decodeURIComponent(u.password) : null;
  u.password = '';
  u.searchParams.delete('uselibpqcompat'); // node-postgres's own; libpq (pg_dump) refuses parameters it does not know
  const database = decodeURIComponent(u.pathname.slice(1)) || 'store';
  return { bare: u.toString(), password, database };
}

/** Runs pg_dump of the server's database into `folder`; resolves with the dump's path and size. */
export async function dumpServer(url: string, folder: string, now: Date): Promise<{ path: string; size: number }> {
  const pgDump = findPgDump();
  if (!pgDump)
    throw new AppError(
      'not_found',
      "pg_dump is not on this computer's PATH: back the database up on the server (pg_dump there, or your host's backups).",
    );
  const { bare, password, database } = split(url);
  const safeName = database.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\.+/, '_'); // a file name, never a path
  await fs.promises.mkdir(folder, { recursive: true });
  const target = path.join(folder, `${safeName}.pg_dump-${stamp(now)}.dump`);
  const partial = `${target}.partial`;
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(
        pgDump,
        ['--format=custom', `--file=${partial}`, `--dbname=${bare}`],
        {
          timeout: 30 * 60_000,
          env: password === null ? process.env : { ...process.env, PGPASSWORD: password },
        },
        (error, _stdout, stderr) => {
          if (!error) return resolve();
          const first = String(stderr || error.message)
            .trim()
            .split('\n')[0];
          reject(new AppError('internal', `pg_dump failed: ${first}. No backup was written.`));
        },
      );
    });
    await fs.promises.rename(partial, target);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  return { path: target, size: fs.statSync(target).size };
}
