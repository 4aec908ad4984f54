// `npm run backup -- --db PATH [--out DIR]`: a backup of a Counter POS data file with SQLite's online backup (safe
// while the app has the file open: one consistent snapshot, never a file copy of a live database), written to DIR
// (default: the backups folder beside the data file) as <file>.backup-v<N>-<time> with its .json sidecar. Nothing is
// pruned here. Exit 0: written (its path printed); 1: refused (not a Counter POS file, damaged, a full disk), with why;
// 2: wrong arguments.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../core/errors.ts';
import { backupFailure, backupsDir, startBackup } from '../db/backups.ts';
import { isCounterPosFile, MalformedSqliteError, NotSqliteError, probeSqliteFile } from '../db/probe.ts';

const pkg = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '..', 'package.json'), 'utf8')) as {
  version: string;
};

function usage(message?: string): never {
  if (message) console.error(`${message}\n`);
  console.error(
    'Usage: npm run backup -- --db PATH [--out DIR]\n' +
      '  --db PATH   the Counter POS data file (it may be open in the app)\n' +
      '  --out DIR   where the backup goes (default: the backups folder beside the data file)',
  );
  process.exit(message ? 2 : 0);
}

let args: { db?: string; out?: string; help?: boolean };
try {
  args = parseArgs({
    options: { db: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  }).values;
} catch (error) {
  usage((error as Error).message);
}
if (args.help) usage();
if (!args.db?.trim()) usage('--db is needed: the data file to back up.');
if (args.out !== undefined && !args.out.trim()) usage('--out needs a folder.');
const file = path.resolve(args.db);
const out = args.out ? path.resolve(args.out) : backupsDir(file);

function refuse(message: string): never {
  console.error(message);
  process.exit(1);
}

if (!fs.existsSync(file)) refuse(`There is no data file at ${file}. Nothing was written.`);
let info;
try {
  info = probeSqliteFile(file);
} catch (error) {
  if (error instanceof NotSqliteError) refuse(`${file} is not a SQLite database, so not a Counter POS data file.`);
  if (error instanceof MalformedSqliteError) refuse(`${file} is damaged (${error.message}); it was not backed up.`);
  throw error;
}
if (!info || !isCounterPosFile(info))
  refuse(`${file} is not a Counter POS data file (another program's). Nothing was written.`);
if (fs.existsSync(out) && !fs.statSync(out).isDirectory())
  refuse(`${out} is a file, not a folder. Nothing was written.`);

try {
  const written = await startBackup(file, info.userVersion, new Date(), {
    dir: out,
    reason: 'manual',
    appVersion: pkg.version,
  }).done;
  console.log(`Backed up ${file} to ${written} (${fs.statSync(written).size} bytes).`);
} catch (error) {
  refuse(error instanceof AppError ? error.message : backupFailure(error, out, 'nothing was written').message);
}
