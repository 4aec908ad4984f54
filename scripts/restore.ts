// `npm run restore -- --db PATH --from FILE`: puts a backup in place of a Counter POS data file, with Counter POS
// closed. The backup is checked first (SQLite's integrity_check, Counter POS's application_id, a schema version this
// app knows); the current data file is kept as <file>.before-restore-<time>, never deleted. A refused backup, or a data
// file still open in the app, changes nothing. Exit 0: restored; 1: refused, with why; 2: wrong arguments.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../core/errors.ts';
import { restoreOver } from '../db/backupRestore.ts';

function usage(message?: string): never {
  if (message) console.error(`${message}\n`);
  console.error(
    'Usage: npm run restore -- --db PATH --from FILE\n' +
      '  --db PATH    the Counter POS data file to replace (close Counter POS first)\n' +
      '  --from FILE  the backup to put in its place',
  );
  process.exit(message ? 2 : 0);
}

let args: { db?: string; from?: string; help?: boolean };
try {
  args = parseArgs({
    options: { db: { type: 'string' }, from: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  }).values;
} catch (error) {
  usage((error as Error).message);
}
if (args.help) usage();
if (!args.db?.trim()) usage('--db is needed: the data file to replace.');
if (!args.from?.trim()) usage('--from is needed: the backup to restore.');
const file = path.resolve(args.db);
const backup = path.resolve(args.from);

function refuse(message: string): never {
  console.error(message);
  process.exit(1);
}

if (backup === file) refuse('--from names the data file itself, not a backup. Nothing was restored.');

/** The app holds the file while it runs: an exclusive lock cannot be had then (no wait, nothing written). */
function inUse(target: string): boolean {
  if (!fs.existsSync(target)) return false;
  let db;
  try {
    db = new BetterSqlite3(target, { fileMustExist: true });
  } catch {
    return false; // not a database we can open: restoreOver keeps it aside as it is
  }
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return false;
  } catch (error) {
    return (error as { code?: string }).code === 'SQLITE_BUSY';
  } finally {
    db.close();
  }
}

if (inUse(file))
  refuse(`${file} is in use (is Counter POS running?). Close Counter POS, then restore. Nothing was restored.`);
try {
  const { keptAs } = restoreOver(file, backup);
  console.log(
    `Restored ${backup} as ${file}. ` +
      (keptAs ? `The data file it replaced was kept as ${keptAs}.` : 'There was no data file before.'),
  );
} catch (error) {
  refuse(error instanceof AppError ? error.message : `Could not restore ${backup}: ${(error as Error).message}`);
}
