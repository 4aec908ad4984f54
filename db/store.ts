import { newestBackup, startBackup, type RunningBackup } from './backups.ts';
import { openStore, type OpenOptions, type SqliteStore } from './open.ts';
import { isPostgresUrl, openPostgresStore, type PostgresOpenOptions, type PostgresStore } from './postgres.ts';
import { seedDemoStore } from './services/demo.ts';
import { MAIN_BUSY_TIMEOUT_MS } from './services/context.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface AppStoreOptions extends OpenOptions, Omit<PostgresOpenOptions, 'migrations'> {
  /** A new, empty store gets the demo shop unless this is false (a new shop server only when this is true). */
  demo?: boolean;
  /**
   * An existing store that has just passed its quick_check is copied to a new backup beside it, in
   * the background, when the newest backup there is older than this (default: a day; false: never).
   */
  backupEveryMs?: number | false;
}

/** The backup this open started (its path once written), or null when none was due. Never rejects. */
type WithBackup = { readonly backup: Promise<string | null> };
export type AppStore = (SqliteStore & WithBackup) | (PostgresStore & WithBackup);

/**
 * Opens the store for the app: a SQLite file, or the shop server when `location` is a postgres:// URL. A new, empty
 * store gets the demo shop so there is something to try.
 */
export async function openAppStore(location: string, options: AppStoreOptions = {}): Promise<AppStore> {
  const now = options.now ?? (() => new Date());
  if (isPostgresUrl(location)) {
    const { migrations: _sqliteOnly, ...rest } = options;
    const store = await openPostgresStore(location, rest);
    // A shop server starts empty (the first counter is asked for the first Admin), so a store can still be moved
    // there; the demo shop only when asked for (demo: true; tests, `npm run web -- --demo`).
    await seedIfNew(store, { ...options, demo: options.demo === true }, now);
    // The server's own backups (pg_dump, its base backups) are the shop's; the app writes one before an upgrade.
    return { ...store, backup: Promise.resolve(null) };
  }
  const file = location;
  // The app's connection is the main thread's: SQLite may block it for a few ms at most (see MAIN_BUSY_TIMEOUT_MS).
  const store = openStore(file, { busyTimeoutMs: MAIN_BUSY_TIMEOUT_MS, ...options });
  await seedIfNew(store, options, now);

  let running: RunningBackup | null = null;
  const every = options.backupEveryMs ?? DAY_MS;
  const inMemory = file === ':memory:' || file === '';
  if (every !== false && !store.created && !inMemory) {
    const newest = newestBackup(file);
    if (!newest || now().getTime() - newest.at.getTime() >= every) {
      const version = store.sqlite.pragma('user_version', { simple: true }) as number;
      running = startBackup(file, version, now());
    }
  }
  const backup = running
    ? running.done.catch((error: unknown) => {
        if ((error as { code?: unknown }).code !== 'cancelled')
          console.warn(`[pos] the daily backup of ${file} was not written:`, (error as Error).message);
        return null;
      })
    : Promise.resolve(null);

  return {
    ...store,
    backup,
    close: async () => {
      running?.cancel(); // a backup cut short leaves nothing behind
      await backup;
      await store.close();
    },
  };
}

async function seedIfNew(store: SqliteStore | PostgresStore, options: AppStoreOptions, now: () => Date): Promise<void> {
  if (!store.created || options.demo === false) return;
  try {
    await seedDemoStore({ db: store.db, now, actor: 'demo' });
  } catch (error) {
    await store.close();
    throw error;
  }
}
