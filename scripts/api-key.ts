// `npm run api-key -- create --db PATH|URL --name NAME`: makes an API key for the local REST API and prints it (once:
// only its hash is kept). Also `list` (the keys, never the secrets) and `revoke --id N`. For scripts and tests; the app
// makes the same keys in Settings → API.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../core/errors.ts';
import type { ApiKeyRow, NewApiKey } from '../core/model.ts';
import { isPostgresUrl, redactUrl } from '../db/postgres.ts';
import { openAppStore, type AppStore } from '../db/store.ts';
import { dispatch } from '../electron/dispatch.ts';
import type { HandlerCtx } from '../electron/handlers.ts';

function usage(message?: string): never {
  if (message) console.error(`${message}\n`);
  console.error(
    'Usage: npm run api-key -- create --db PATH|URL --name NAME   prints a new API key (shown only this once)\n' +
      '       npm run api-key -- list --db PATH|URL                 the keys (name, prefix, created, last used)\n' +
      '       npm run api-key -- revoke --db PATH|URL --id N        calls with that key are refused from now on\n' +
      '  --db PATH|URL   the data file, or the shop server as postgres://… (or set COUNTER_POS_DB)',
  );
  process.exit(message ? 2 : 0);
}

let parsed: { values: { db?: string; name?: string; id?: string; help?: boolean }; positionals: string[] };
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      name: { type: 'string' },
      id: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
} catch (error) {
  usage((error as Error).message);
}
const { values: args, positionals } = parsed;
if (args.help) usage();
const command = positionals[0];
if (command !== 'create' && command !== 'list' && command !== 'revoke')
  usage(command ? `Unknown command ${command}.` : 'Say create, list or revoke.');
const location = args.db ?? (process.env.COUNTER_POS_DB || undefined);
if (!location) usage('--db is needed: the data file or the shop server.');
const onServer = isPostgresUrl(location);
const dataFile = onServer ? location.trim() : path.resolve(location);
const shown = onServer ? redactUrl(dataFile) : dataFile;
// A key for a store that does not exist yet would be a key for nothing: the app creates stores, this script does not.
if (!onServer && !fs.existsSync(dataFile)) {
  console.error(`There is no data file at ${shown}. Start the app (or npm run web -- --db ${shown}) first.`);
  process.exit(1);
}
if (command === 'create' && !args.name?.trim()) usage('create needs --name NAME (what the key is for).');
const id = Number(args.id);
if (command === 'revoke' && !(Number.isSafeInteger(id) && id > 0)) usage('revoke needs --id N (see list).');

let store: AppStore;
try {
  store = await openAppStore(dataFile, { backupEveryMs: false });
} catch (error) {
  console.error(error instanceof AppError ? error.message : `Could not open ${shown}: ${(error as Error).message}`);
  process.exit(1);
}
const ctx: HandlerCtx = {
  db: store.db,
  now: () => new Date(),
  actor: 'npm run api-key',
  host: { name: 'Counter POS', version: '', dataFile: shown, mode: 'web' },
};
const when = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '-');
try {
  if (command === 'create') {
    const made = await dispatch(ctx, 'createApiKey', { name: args.name! });
    if (!made.ok) throw new AppError(made.error.code, made.error.message);
    const { key, secret } = made.value as NewApiKey;
    console.error(`Made the API key "${key.name}" (id ${key.id}) for ${shown}. It is shown only now: keep it safe.`);
    console.log(secret);
  } else if (command === 'list') {
    const listed = await dispatch(ctx, 'listApiKeys', {});
    if (!listed.ok) throw new AppError(listed.error.code, listed.error.message);
    const keys = listed.value as ApiKeyRow[];
    if (keys.length === 0) console.log('No API keys yet.');
    for (const k of keys) {
      const state = k.revokedAt ? `revoked ${when(k.revokedAt)}` : `last used ${when(k.lastUsedAt)}`;
      console.log(`${k.id}\t${k.name}\t${k.prefix}…\tcreated ${when(k.createdAt)} by ${k.createdBy}\t${state}`);
    }
  } else {
    const revoked = await dispatch(ctx, 'revokeApiKey', { id });
    if (!revoked.ok) throw new AppError(revoked.error.code, revoked.error.message);
    console.log(`Revoked the API key "${(revoked.value as ApiKeyRow).name}" (id ${id}).`);
  }
} catch (error) {
  console.error(error instanceof AppError ? error.message : (error as Error).message);
  process.exitCode = 1;
} finally {
  await store.close();
}
