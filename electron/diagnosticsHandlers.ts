// Help → Diagnostics: the facts support asks for (versions, the data file and its size, schema version, last backup,
// last quick_check, the log folder), Save diagnostics (a zip of the logs and those facts as diagnostics.json, never
// the database: the desktop asks where to save it, browser mode downloads it), the renderer's uncaught errors into
// the log, and Settings → Updates (the desktop's update address; electron/updater.ts).
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { strToU8, zipSync } from 'fflate';
import { AppError } from '../core/errors.ts';
import type { Diagnostics, SavedDiagnostics, UpdateSettings } from '../core/model.ts';
import { newestBackup } from '../db/backups.ts';
import { isPostgres } from '../db/dialect.ts';
import { log } from '../db/log.ts';
import type { HandlerCtx, Handlers } from './handlers.ts';
import { updaterConfig, updateUrlProblem } from './updater.ts';

/** What a host tells Diagnostics about itself; absent in scripts (the facts then say "not known"). */
export interface DiagnosticsHost {
  /** Electron's version on the desktop; null in browser mode. */
  electronVersion: string | null;
  /** The folder the log file is in; null when this host writes no log. */
  logDir: string | null;
  /** The quick_check this run's open made of the data file: null when none ran (a new file, the shop server). */
  quickCheck: () => { at: Date; result: string } | null;
  /** The desktop's save dialog: resolves with where the file went, or null when the person cancelled. */
  saveFile?: (fileName: string, bytes: Uint8Array) => Promise<string | null>;
  /** The desktop's updater; absent in browser mode. */
  updates?: UpdatesHost;
}

/** Settings → Updates on the desktop: the kept URL, the built-in one, and the running updater. */
export interface UpdatesHost {
  buildUrl: string;
  saved(): string;
  /** Keeps the URL for this computer and points the updater at it ('' off). */
  save(url: string): Promise<void>;
  status(): string;
}

type DiagnosticsHandlers = Pick<
  Handlers,
  'diagnostics' | 'saveDiagnostics' | 'reportRendererError' | 'getUpdateSettings' | 'saveUpdateSettings'
>;

/** The SQLite file of the open store ('' in memory), or null on the shop server. */
async function sqliteFile(ctx: HandlerCtx): Promise<string | null> {
  if (isPostgres(ctx.db)) return null;
  const { rows } = await sql<{ file: string }>`SELECT file FROM pragma_database_list WHERE name = 'main'`.execute(
    ctx.db,
  );
  return rows[0]?.file ?? '';
}

async function schemaVersion(ctx: HandlerCtx): Promise<number> {
  if (isPostgres(ctx.db)) {
    const { rows } = await sql<{ version: number }>`SELECT version FROM counter_pos_schema`.execute(ctx.db);
    return Number(rows[0]?.version ?? 0);
  }
  const { rows } = await sql<{ user_version: number }>`PRAGMA user_version`.execute(ctx.db);
  return Number(rows[0]?.user_version ?? 0);
}

const sizeOf = (file: string): number | null => {
  try {
    return fs.statSync(file).size;
  } catch {
    return null;
  }
};

function updateSettings(ctx: HandlerCtx): UpdateSettings {
  const updates = ctx.diagnostics?.updates;
  if (!updates) return { url: '', buildUrl: '', activeUrl: '', canUpdate: false, status: '' };
  const url = updates.saved();
  return {
    url,
    buildUrl: updates.buildUrl,
    activeUrl: updaterConfig(url, updates.buildUrl)?.url ?? '',
    canUpdate: true,
    status: updates.status(),
  };
}

export async function diagnostics(ctx: HandlerCtx): Promise<Diagnostics> {
  const host = ctx.diagnostics;
  const file = await sqliteFile(ctx);
  const onDisk = file !== null && file !== '';
  const backup = onDisk ? newestBackup(file) : null;
  const check = host?.quickCheck() ?? null;
  return {
    appName: ctx.host.name,
    appVersion: ctx.host.version,
    electronVersion: host?.electronVersion ?? null,
    nodeVersion: process.versions.node,
    platform: `${process.platform} ${process.arch}`,
    mode: ctx.host.mode,
    storeKind: file === null ? 'postgres' : 'sqlite',
    dataFile: ctx.host.dataFile,
    dataFileBytes: onDisk ? sizeOf(file) : null,
    schemaVersion: await schemaVersion(ctx),
    lastBackup: backup ? { path: backup.path, at: backup.at.toISOString(), bytes: sizeOf(backup.path) } : null,
    lastQuickCheck: check ? { at: check.at.toISOString(), result: check.result } : null,
    logFolder: host?.logDir ?? null,
    updateUrl: updateSettings(ctx).activeUrl,
  };
}

/** Never a database in the zip, whatever lies in the log folder. */
const isDatabase = (name: string) => /\.(sqlite|sqlite3|db)(-wal|-shm|-journal)?$|\.backup-v\d+/i.test(name);

/** The zip: diagnostics.json and every file of the log folder under logs/. */
export function diagnosticsZip(facts: Diagnostics, logDir: string | null, now: Date): Uint8Array {
  const files: Record<string, Uint8Array> = {
    'diagnostics.json': strToU8(`${JSON.stringify({ savedAt: now.toISOString(), ...facts }, null, 2)}\n`),
  };
  let names: string[];
  try {
    names = logDir ? fs.readdirSync(logDir) : [];
  } catch {
    names = []; // no log written yet
  }
  for (const name of names.sort()) {
    const full = path.join(logDir!, name);
    if (isDatabase(name) || !fs.statSync(full).isFile()) continue;
    files[`logs/${name}`] = fs.readFileSync(full);
  }
  return zipSync(files, { level: 6, mtime: now });
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

export const diagnosticsHandlers: DiagnosticsHandlers = {
  diagnostics: (ctx) => diagnostics(ctx),
  saveDiagnostics: async (ctx) => {
    const now = ctx.now();
    const bytes = diagnosticsZip(await diagnostics(ctx), ctx.diagnostics?.logDir ?? null, now);
    const fileName = `counter-pos-diagnostics-${now.toISOString().slice(0, 19).replace(/[:T]/g, '-')}.zip`;
    const save = ctx.diagnostics?.saveFile;
    if (save) {
      const savedTo = await save(fileName, bytes);
      if (savedTo) log.info({ savedTo, bytes: bytes.byteLength }, 'diagnostics saved');
      return { savedTo, download: null } satisfies SavedDiagnostics;
    }
    log.info({ bytes: bytes.byteLength }, 'diagnostics downloaded');
    return { savedTo: null, download: { fileName, mimeType: 'application/zip', base64: base64(bytes) } };
  },
  reportRendererError: async (_ctx, { message, stack, componentStack, where }) => {
    log.error({ where, err: { type: 'RendererError', message, stack }, componentStack }, 'the window hit an error');
    return { logged: true };
  },
  getUpdateSettings: async (ctx) => updateSettings(ctx),
  saveUpdateSettings: async (ctx, { url }) => {
    const updates = ctx.diagnostics?.updates;
    if (!updates)
      throw new AppError(
        'invalid_input',
        'Updates are for the desktop app: browser mode runs from the files it was started from.',
        { field: 'url' },
      );
    const problem = updateUrlProblem(url);
    if (problem) throw new AppError('invalid_input', problem, { field: 'url' });
    await updates.save(url.trim());
    log.info({ url: url.trim() || '(none)' }, 'update address changed');
    return updateSettings(ctx);
  },
};
