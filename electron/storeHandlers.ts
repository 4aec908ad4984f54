// Settings → Store: where the data lives. These calls never write the open store: storeInfo and testStoreConnection
// read, saveStoreChoice keeps the choice for the next start through the host (the desktop app's store.json, the
// password with Electron's safeStorage; browser mode has no such place and says which command to use instead), and
// moveStoreToServer copies this computer's SQLite file into an empty database on the shop server, in a worker thread.
import { sql } from 'kysely';
import type { ParsedInputOf } from '../core/contract.ts';
import { AppError } from '../core/errors.ts';
import type { StoreInfo } from '../core/model.ts';
import { storeServerUrl } from '../core/storeServer.ts';
import { isPostgres } from '../db/dialect.ts';
import { moveToServerInWorker } from '../db/moveJob.ts';
import { describeServer, testPostgresConnection } from '../db/postgres.ts';
import type { HandlerCtx, Handlers } from './handlers.ts';

export type StoreChoice = ParsedInputOf<'saveStoreChoice'>;

/** What a host offers Settings → Store: keeping the choice for the next start. Absent: this host cannot. */
export interface StoreChoiceHost {
  /** Keeps the choice (the password protected, never in plain text). Throws an AppError when it cannot. */
  save(choice: StoreChoice): Promise<void> | void;
  /** What the next start opens by the kept choice (the file, or the server's URL without its password). */
  next(): { kind: 'sqlite' | 'postgres'; location: string };
}

type StoreHandlers = Pick<Handlers, 'storeInfo' | 'testStoreConnection' | 'saveStoreChoice' | 'moveStoreToServer'>;

/** Browser mode and scripts choose the store on their command line. */
export const BROWSER_STORE_CHOICE =
  'Browser mode cannot keep a store choice: it opens the store it is started with. Start it on the shop server with ' +
  'npm run web -- --db postgres://user@host:port/db (or set COUNTER_POS_DB to that URL), or on a data file with ' +
  'npm run web -- --db ./shop.sqlite.';

/** The SQLite file of the open store ('' in memory), or null on the shop server. */
async function sqliteFile(ctx: HandlerCtx): Promise<string | null> {
  if (isPostgres(ctx.db)) return null;
  const { rows } = await sql<{ file: string }>`SELECT file FROM pragma_database_list WHERE name = 'main'`.execute(
    ctx.db,
  );
  return rows[0]?.file ?? '';
}

async function storeInfo(ctx: HandlerCtx): Promise<StoreInfo> {
  const kind = isPostgres(ctx.db) ? 'postgres' : 'sqlite';
  const location = ctx.host.dataFile;
  const next = ctx.storeChoice?.next() ?? null;
  return {
    kind,
    location,
    register: ctx.host.register ?? 'Main',
    next: next && (next.kind !== kind || next.location !== location) ? next : null,
    canSaveChoice: ctx.storeChoice !== undefined,
  };
}

export const storeHandlers: StoreHandlers = {
  storeInfo: (ctx) => storeInfo(ctx),
  testStoreConnection: (_ctx, server) => testPostgresConnection(storeServerUrl(server)),
  saveStoreChoice: async (ctx, choice) => {
    if (!ctx.storeChoice) throw new AppError('forbidden', BROWSER_STORE_CHOICE);
    if (choice.kind === 'postgres') {
      const check = await testPostgresConnection(storeServerUrl(choice));
      if (!check.ok) throw new AppError('unreachable', `Not saved: ${check.message}`, { reason: check.reason });
    }
    await ctx.storeChoice.save(choice);
    return storeInfo(ctx);
  },
  moveStoreToServer: async (ctx, server) => {
    const file = await sqliteFile(ctx);
    if (file === null)
      throw new AppError(
        'conflict',
        `This counter already works on the shop server (${ctx.host.dataFile}): there is no data file here to move. Nothing was copied.`,
      );
    if (file === '')
      throw new AppError(
        'conflict',
        'This store is kept in memory, not in a file: there is nothing to move. Nothing was copied.',
      );
    const url = storeServerUrl(server);
    const report = await moveToServerInWorker(file, url);
    return { server: describeServer(url), ...report };
  },
};
