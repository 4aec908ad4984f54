// `npm run move-to-server -- --from <data file> --to postgres://…`: copies a SQLite store into an empty PostgreSQL
// database in one run, checks the counts and totals, and leaves the SQLite file untouched.
import { parseArgs } from 'node:util';
import { AppError } from '../core/errors.ts';
import { moveToServer, NOTHING_MOVED } from '../db/moveToServer.ts';
import { describeServer, isPostgresUrl } from '../db/postgres.ts';

function usage(message?: string): never {
  if (message) console.error(`${message}\n`);
  console.error('Usage: npm run move-to-server -- --from <data file> --to postgres://user:password@host:5432/database');
  process.exit(message ? 2 : 0);
}
const args = ((): { from?: string; to?: string } => {
  try {
    return parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } }).values;
  } catch (error) {
    return usage((error as Error).message);
  }
})();
if (!args.from || !args.to) usage('--from and --to are both needed.');
if (!isPostgresUrl(args.to!)) usage(`--to must be a postgres:// URL, got ${args.to}`);
try {
  let last = '';
  const report = await moveToServer(args.from!, args.to!, (table, done, total) => {
    if (table !== last || done === total) process.stdout.write(`\r  ${table}: ${done} of ${total} rows   `);
    if (done === total) process.stdout.write('\n');
    last = table;
  });
  const rows = report.tables.reduce((n, t) => n + t.rows, 0);
  console.log(`Moved ${rows} rows in ${report.tables.length} tables to ${describeServer(args.to!)}. Checked:`);
  for (const t of report.totals) console.log(`  ${t.what}: ${t.sqlite} = ${t.postgres}`);
  console.log(
    `${args.from} was not changed. Start the counters with --db ${describeServer(args.to!)} (or Settings → Store).`,
  );
} catch (error) {
  console.error(
    error instanceof AppError ? error.message : `The move failed: ${(error as Error).message}. ${NOTHING_MOVED}`,
  );
  process.exit(1);
}
