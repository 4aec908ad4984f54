// `npm run check-stock -- --db PATH|URL`: rebuilds on-hand per product and location from the stock ledger (every
// receipt, sale, return, transfer, goods issue and adjustment) and compares it with the stored figures. Read-only:
// the data file is opened read-only, a server's store in a READ ONLY transaction. Exit 0: no differences; 1: some
// (listed), or the store could not be read; 2: wrong arguments.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { AppError } from '../core/errors.ts';
import { QTY_SCALE } from '../core/money.ts';
import type { StockCheckReport } from '../core/model.ts';
import { LATEST_VERSION } from '../db/migrations/index.ts';
import { isPostgresUrl, openPostgresJob, redactUrl } from '../db/postgres.ts';
import type { DB } from '../db/schema.ts';
import type { ReadCtx } from '../db/services/context.ts';
import { checkStock } from '../db/services/stockCheck.ts';

function usage(message?: string): never {
  if (message) console.error(`${message}\n`);
  console.error(
    'Usage: npm run check-stock -- --db PATH|URL [--json]\n' +
      '  --db PATH|URL   the data file, or the shop server as postgres://… (or set COUNTER_POS_DB)\n' +
      '  --json          the report as JSON on stdout',
  );
  process.exit(message ? 2 : 0);
}

let args: { db?: string; json?: boolean; help?: boolean };
try {
  args = parseArgs({
    options: { db: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  }).values;
} catch (error) {
  usage((error as Error).message);
}
if (args.help) usage();
const location = args.db ?? (process.env.COUNTER_POS_DB || undefined);
if (!location) usage('--db is needed: the data file or the shop server.');
const onServer = isPostgresUrl(location);
const shown = onServer ? redactUrl(location.trim()) : path.resolve(location);

async function onSqlite(file: string): Promise<StockCheckReport> {
  if (!fs.existsSync(file)) throw new AppError('not_found', `There is no data file at ${file}.`);
  const sqlite = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    const version = sqlite.pragma('user_version', { simple: true });
    if (version !== LATEST_VERSION)
      throw new AppError(
        'conflict',
        `${file} is at schema ${String(version)}, this app's is ${LATEST_VERSION}: open it in Counter POS first (it upgrades the file), then check it.`,
      );
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
    return await checkStock(readCtx(db));
  } finally {
    sqlite.close();
  }
}

async function onPostgres(url: string): Promise<StockCheckReport> {
  const store = await openPostgresJob(url);
  try {
    return await store.db.transaction().execute(async (trx) => {
      await sql`SET TRANSACTION READ ONLY`.execute(trx);
      return checkStock(readCtx(trx));
    });
  } finally {
    await store.close();
  }
}

const readCtx = (db: Kysely<DB>): ReadCtx => ({ db, now: () => new Date(), actor: 'npm run check-stock' });
const units = (milli: number) => (milli % QTY_SCALE === 0 ? String(milli / QTY_SCALE) : (milli / QTY_SCALE).toFixed(3));

let report: StockCheckReport;
try {
  report = onServer ? await onPostgres(location.trim()) : await onSqlite(path.resolve(location));
} catch (error) {
  console.error(error instanceof AppError ? error.message : `Could not read ${shown}: ${(error as Error).message}`);
  process.exit(1);
}
if (args.json) console.log(JSON.stringify(report, null, 2));
if (report.differences.length === 0) {
  console.error(
    `Stock is consistent in ${shown}: ${report.figures} on-hand figures match the ${report.moves} rows of the ledger.`,
  );
  process.exit(0);
}
if (!args.json) {
  console.log(`${report.differences.length} differences between the stock ledger and the stored on-hand in ${shown}:`);
  for (const d of report.differences)
    console.log(
      `  ${d.sku} ${d.productName}${d.serial ? ` unit ${d.serial}` : ''} at ${d.locationName}: ` +
        `ledger ${units(d.ledgerQty)}, stored ${units(d.storedQty)}`,
    );
}
console.error('Nothing was changed (check-stock only reads).');
process.exit(1);
