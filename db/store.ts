import { newestBackup, startBackup, type RunningBackup } from './backups.ts';
import { getBackupSettings } from './backupSettings.ts';
import { log } from './log.ts';
import { openStore, type OpenOptions, type SqliteStore } from './open.ts';
import { isPostgresUrl, openPostgresStore, type PostgresOpenOptions, type PostgresStore } from './postgres.ts';
import { seedDemoStore } from './services/demo.ts';
import { MAIN_BUSY_TIMEOUT_MS } from './services/context.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How often a store left open for days checks whether its daily backup is due. */
const BACKUP_CHECK_MS = 60 * 60 * 1000;

export interface AppStoreOptions extends OpenOptions, Omit<PostgresOpenOptions, 'migrations'> {
  /** A new, empty store gets the demo shop unless this is false (a new shop server only when this is true). */
  demo?: boolean;
  /**
   * An existing store that has just passed its quick_check is copied to a new backup in its backups folder, in
   * the background, when the newest backup there is older than this (default: a day; false: never); while it stays
   * open, this is checked again every hour.
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
  let closing = false;
  const every = options.backupEveryMs ?? DAY_MS;
  const inMemory = file === ':memory:' || file === '';
  const backupIfDue = async (): Promise<string | null> => {
    if (running) return null; // the previous one is still paging through
    const newest = newestBackup(file);
    if (newest && now().getTime() - newest.at.getTime() < (every as number)) return null;
    const { retention, folder } = await getBackupSettings({ db: store.db, now, actor: 'backup' });
    if (closing) return null; // closed while the settings were read: no backup started, none left behind
    const version = store.sqlite.pragma('user_version', { simple: true }) as number;
    const onCopyFailed = (error: unknown) => {
      log.failure('the daily backup was not copied to the extra folder', error, { folder });
      console.warn(`[pos] the daily backup was not copied to ${folder}:`, (error as Error).message);
    };
    running = startBackup(file, version, now(), { appVersion: options.appVersion, retention, folder, onCopyFailed });
    try {
      const written = await running.done;
      log.info({ backup: written }, 'daily backup written');
      await running.copied;
      return written;
    } finally {
      running = null;
    }
  };
  const quietly = (work: Promise<string | null>) =>
    work.catch((error: unknown) => {
      if ((error as { code?: unknown }).code !== 'cancelled') {
        log.failure('the daily backup was not written', error, { file });
        console.warn(`[pos] the daily backup of ${file} was not written:`, (error as Error).message);
      }
      return null;
    });
  const scheduled = every !== false && !inMemory;
  const backup = scheduled && !store.created ? quietly(backupIfDue()) : Promise.resolve(null);
  let last = backup;
  // A shop PC left on for weeks still gets its daily copy: checked hourly, never keeping the process alive.
  const timer = scheduled ? setInterval(() => void (last = quietly(backupIfDue())), BACKUP_CHECK_MS) : null;
  timer?.unref();

  return {
    ...store,
    backup,
    close: async () => {
      closing = true;
      if (timer) clearInterval(timer);
      running?.cancel(); // a backup cut short leaves nothing behind
      await last;
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
