// `npm run web`: browser mode. Opens (or creates, with the demo shop) the store, serves the built
// renderer and the contract on 127.0.0.1 with a per-run token, and prints the URL to open.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../../core/errors.ts';
import { restoreBackup } from '../../db/backupRestore.ts';
import { isPostgresUrl, redactUrl } from '../../db/postgres.ts';
import { openAppStore, type AppStore } from '../../db/store.ts';
import { DATA_FILE_NAME, defaultDataDir } from '../paths.ts';
import { chromiumPdfRenderer } from '../documents/pdf.ts';
import { memorySecrets } from '../secrets.ts';
import { startOutbox } from '../outbox.ts';
import { startRecurringScheduler } from '../recurringScheduler.ts';
import type { HandlerCtx } from '../handlers.ts';
import { startWebHost, type WebHost } from './server.ts';
import { log, logDirFor, openLogFile } from '../../db/log.ts';
import { storeBackupHost } from '../backupHandlers.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  version: string;
  productName: string;
};

function usage(message?: string): never {
  if (message) console.error(`${message}\n`);
  console.error(
    'Usage: npm run web -- [--db PATH|URL] [--port N] [--register NAME] [--restore-backup] [--backup-taken] [--demo]\n' +
      "  --db PATH|URL      the data file (default: the app's data folder), or the shop server as\n" +
      '                     postgres://user:password@host:5432/database (or set COUNTER_POS_DB)\n' +
      "  --register NAME    this counter's till register (default: Main; one per counter on a shop server)\n" +
      '  --demo             a new, empty shop server gets the demo shop too (a new data file always does)\n' +
      "  --backup-taken     upgrade the shop server's store even though pg_dump is not here to back it up first\n" +
      '  --port N           the port on 127.0.0.1 (default 0: any free port)\n' +
      '  --restore-backup   when the data file is damaged: put the newest backup beside it in its place\n' +
      '                     (the damaged file is kept as <file>.damaged-<time>), then start',
  );
  process.exit(message ? 2 : 0);
}

let args: {
  db?: string;
  port?: string;
  register?: string;
  help?: boolean;
  'restore-backup'?: boolean;
  'backup-taken'?: boolean;
  demo?: boolean;
};
try {
  args = parseArgs({
    options: {
      db: { type: 'string' },
      port: { type: 'string' },
      register: { type: 'string' },
      'backup-taken': { type: 'boolean' },
      demo: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      'restore-backup': { type: 'boolean' },
    },
  }).values;
} catch (error) {
  usage((error as Error).message);
}
if (args.help) usage();
const port = Number(args.port ?? '0');
if (!Number.isInteger(port) || port < 0 || port > 65535)
  usage(`--port must be a whole number from 0 to 65535, got ${args.port}`);
const location = args.db ?? (process.env.COUNTER_POS_DB || undefined) ?? path.join(defaultDataDir(), DATA_FILE_NAME);
const onServer = isPostgresUrl(location);
const dataFile = onServer ? location.trim() : path.resolve(location);
/** What messages and the Settings page show: the file, or the server's URL without its password. */
const shown = onServer ? redactUrl(dataFile) : dataFile;
const register = args.register?.trim() || undefined;
const openOptions = {
  appVersion: pkg.version,
  backupTaken: args['backup-taken'],
  backupDir: path.join(defaultDataDir(), 'server-backups'),
  ...(args.demo ? { demo: true } : {}),
};

// The log: web.log in the data file's folder (the app's data folder on a shop server), beside the desktop's main.log.
const logFile = openLogFile(logDirFor(onServer ? defaultDataDir() : path.dirname(dataFile)), { fileName: 'web.log' });
log.info({ version: pkg.version, dataFile: shown }, 'web host starting');
process.on('uncaughtException', (error) => {
  log.failure('uncaught exception in the web host', error);
  console.error(error);
  void logFile.close().finally(() => process.exit(1));
});
process.on('unhandledRejection', (reason) => {
  log.failure('unhandled rejection in the web host', reason);
  console.error('[pos web] unhandled rejection', reason);
});

let store: AppStore;
let restored = false;
try {
  store = await openAppStore(dataFile, openOptions);
} catch (error) {
  // A damaged file is never used: with --restore-backup the newest backup takes its place, else it stops and says how.
  const backup =
    error instanceof AppError && error.code === 'damaged'
      ? (error.details as { backup?: string | null } | undefined)?.backup
      : null;
  console.error(error instanceof AppError ? error.message : `Could not open ${shown}: ${(error as Error).message}`);
  log.failure('the store could not be opened', error, { dataFile: shown, backup });
  if (!backup) {
    await logFile.close();
    process.exit(1);
  }
  if (!args['restore-backup']) {
    const dbArg = args.db === undefined ? '' : `--db ${JSON.stringify(args.db)} `;
    console.error(
      `\nTo restore that backup (the damaged file is kept beside it), run:\n\n  npm run web -- ${dbArg}--restore-backup\n`,
    );
    await logFile.close();
    process.exit(1);
  }
  try {
    const { damagedKeptAs } = restoreBackup(dataFile, backup);
    log.warn({ dataFile, restoredFrom: backup, damagedKeptAs }, 'restored the backup of a damaged data file');
    console.log(
      `\nRestored ${backup}; the damaged file was kept as ${damagedKeptAs}. Anything saved after that backup was written is not in it.`,
    );
    store = await openAppStore(dataFile, openOptions);
    restored = true;
  } catch (again) {
    console.error(
      again instanceof AppError ? again.message : `Could not restore ${backup}: ${(again as Error).message}`,
    );
    process.exit(1);
  }
}
if (args['restore-backup'] && !restored) {
  console.log('The data file is not damaged: --restore-backup had nothing to do.');
}
if (store.created && (!onServer || args.demo)) console.log(`Created a new store with the demo shop: ${shown}`);
else if (store.created)
  console.log(`Set up an empty store on the shop server: ${shown}. Open the app to add the first Admin.`);
else console.log(`Opened ${shown}`);
if (store.backupPath) console.log(`Backed up the store before upgrading it: ${store.backupPath}`);

// Documents' PDFs: a headless Chromium, launched on the first PDF asked for.
const pdf = chromiumPdfRenderer();
let host: WebHost;
const ctx: HandlerCtx = {
  db: store.db,
  now: () => new Date(),
  actor: 'web',
  host: { name: pkg.productName, version: pkg.version, dataFile: shown, mode: 'web', register },
  // The per-run token guards the host; the PIN decides who acts (one sign-in for this host's pages).
  session: { staff: null },
  pdf,
  secrets: memorySecrets(),
  // Help → Diagnostics: no Electron, the log folder, the open's quick_check; Save diagnostics downloads the zip.
  diagnostics: {
    electronVersion: null,
    logDir: logFile.dir,
    quickCheck: () => (store.kind === 'sqlite' ? (store.quickCheck ?? null) : null),
  },
  // Settings → Backups' Restore: the store is closed, the files swapped, and the store opened again for this host.
  backups: storeBackupHost(
    dataFile,
    {
      current: () => store,
      open: async () => {
        store = await openAppStore(dataFile, openOptions);
        Object.assign(ctx, { db: store.db }); // the host's one context: every later call works on the new store
      },
    },
    openOptions.backupDir,
  ),
};
try {
  host = await startWebHost({ ctx, staticDir: path.join(root, 'dist', 'renderer'), port });
  // Settings → API shows where the REST API answers: this host's own port, under /api/v1.
  ctx.webUrl = host.url;
} catch (error) {
  console.error(`Could not listen on 127.0.0.1:${port}: ${(error as Error).message}`);
  await store.close();
  process.exit(1);
}
// The outbox: due e-mails are retried every 30 s, one at a time.
const stopOutbox = startOutbox(() => ctx);
// Recurring invoices: a pass at start (catching up what came due while the host was stopped), then hourly.
const stopRecurring = startRecurringScheduler(() => ctx);
let closing = false;
async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  await host.close();
  await stopOutbox();
  await stopRecurring();
  await pdf.close();
  await store.close();
  log.info({}, 'web host stopped');
  await logFile.close();
  console.log('Stopped; the store was closed cleanly.');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
log.info(
  { version: pkg.version, store: store.kind, dataFile: shown, url: host.url, migrationBackup: store.backupPath },
  'web host started',
);
// Only now: whoever reads the URL may stop the host at once (a test harness does), and that must close the store.
console.log(`${pkg.productName} is running in browser mode. Open:\n\n  ${host.openUrl}\n\nPress Ctrl+C to stop.`);
