import { newestBackup, startBackup, type RunningBackup } from './backups.ts';
import { openStore, type OpenOptions, type Store } from './open.ts';
import { seedDemoStore } from './services/demo.ts';
import { MAIN_BUSY_TIMEOUT_MS } from './services/context.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface AppStoreOptions extends OpenOptions {
  /** A new, empty store gets the demo shop unless this is false. */
  demo?: boolean;
  /**
   * An existing store that has just passed its quick_check is copied to a new backup beside it, in
   * the background, when the newest backup there is older than this (default: a day; false: never).
   */
  backupEveryMs?: number | false;
}

export interface AppStore extends Store {
  /** The backup this open started (its path once written), or null when none was due. Never rejects. */
  readonly backup: Promise<string | null>;
}

/** Opens the store for the app; a new, empty store gets the demo shop so there is something to try. */
export async function openAppStore(file: string, options: AppStoreOptions = {}): Promise<AppStore> {
  // The app's connection is the main thread's: SQLite may block it for a few ms at most (see MAIN_BUSY_TIMEOUT_MS).
  const store = openStore(file, { busyTimeoutMs: MAIN_BUSY_TIMEOUT_MS, ...options });
  const now = options.now ?? (() => new Date());
  if (store.created && options.demo !== false) {
    try {
      await seedDemoStore({ db: store.db, now, actor: 'demo' });
    } catch (error) {
      await store.close();
      throw error;
    }
  }

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
