// Updates of the desktop app: electron-updater from a generic provider (a web folder holding latest.yml /
// latest-mac.yml and the installers). The URL comes from Settings → Updates (kept in the data folder's updates.json,
// never in the store: it belongs to this computer's copy of the app) or from the build (electron-builder's
// `publish: generic` writes it into resources/app-update.yml). Off when neither is set. An update downloads in the
// background and installs when the app next quits (never quitAndInstall: a sale may be under way); the new version's
// first start backs up the data file before it migrates (db/open.ts, backupBeforeMigrate).
// electron-updater requires electron when imported, so it is loaded lazily here, only by the desktop's main process:
// browser mode and the tests never import it.
import fs from 'node:fs';
import path from 'node:path';
import { log } from '../db/log.ts';

/** Where Settings → Updates keeps its URL, in the app's data folder. */
export const UPDATE_SETTINGS_FILE = 'updates.json';
/** How often a running app looks for a new version. */
const CHECK_EVERY_MS = 4 * 60 * 60 * 1000;

/** The feed in force: the URL set in Settings, else the one built in; null (updates off) when neither is set. */
export function updaterConfig(
  settingUrl: string | null | undefined,
  buildUrl: string | null | undefined,
): { url: string } | null {
  for (const candidate of [settingUrl, buildUrl]) {
    const url = candidate?.trim() ?? '';
    if (url !== '' && updateUrlProblem(url) === null) return { url };
  }
  return null;
}

/** Why a text is not an update URL (null when it is one, or empty: updates off). */
export function updateUrlProblem(text: string): string | null {
  const url = text.trim();
  if (url === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'Enter the update address as a full web address, like https://updates.example.com/counter-pos/.';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    return 'The update address must start with https:// (or http:// on the shop network).';
  if (parsed.username || parsed.password) return 'The update address cannot carry a user name or password.';
  return null;
}

/** The URL electron-builder built in (app-update.yml's `url:` for provider generic), or ''. */
export function buildTimeUrl(resourcesPath: string): string {
  try {
    const yml = fs.readFileSync(path.join(resourcesPath, 'app-update.yml'), 'utf8');
    if (!/^provider:\s*generic\s*$/m.test(yml)) return '';
    return /^url:\s*['"]?([^'"\s]+)['"]?\s*$/m.exec(yml)?.[1] ?? '';
  } catch {
    return ''; // not packaged, or built without publish
  }
}

/** Settings → Updates' URL, kept in `<userData>/updates.json` ('' when none). */
export function readUpdateSetting(userData: string): string {
  try {
    const saved = JSON.parse(fs.readFileSync(path.join(userData, UPDATE_SETTINGS_FILE), 'utf8')) as { url?: unknown };
    return typeof saved.url === 'string' ? saved.url : '';
  } catch {
    return '';
  }
}

export function writeUpdateSetting(userData: string, url: string): void {
  const file = path.join(userData, UPDATE_SETTINGS_FILE);
  fs.writeFileSync(`${file}.partial`, `${JSON.stringify({ url: url.trim() }, null, 2)}\n`);
  fs.renameSync(`${file}.partial`, file);
}

/** The running updater, as Settings → Updates and Help → Diagnostics see it. */
export interface Updater {
  /** What it last did, in words ('' nothing yet). */
  status(): string;
  /** Points it at a new feed (null: off), and looks at once. */
  apply(config: { url: string } | null): Promise<void>;
  stop(): void;
}

/**
 * Starts electron-updater on the feed (or leaves it off). Only the desktop's main process calls this: it loads
 * electron-updater on first use.
 */
export function startUpdater(initial: { url: string } | null): Updater {
  let status = initial ? '' : 'Updates are off: no update address is set.';
  let timer: ReturnType<typeof setInterval> | null = null;
  let wired = false;
  const say = (text: string) => void (status = text);

  async function apply(config: { url: string } | null): Promise<void> {
    if (timer) clearInterval(timer);
    timer = null;
    if (!config) {
      say('Updates are off: no update address is set.');
      log.info({}, 'updates off');
      return;
    }
    const { autoUpdater } = await import('electron-updater');
    autoUpdater.autoDownload = true; // in the background
    autoUpdater.autoInstallOnAppQuit = true; // installed when the app next quits, never mid-sale
    autoUpdater.setFeedURL({ provider: 'generic', url: config.url });
    if (!wired) {
      wired = true;
      autoUpdater.on('checking-for-update', () => say('Looking for a new version…'));
      autoUpdater.on('update-not-available', () => say('This is the newest version.'));
      autoUpdater.on('update-available', (info) => {
        say(`Version ${info.version} is downloading.`);
        log.info({ version: info.version }, 'update available, downloading');
      });
      autoUpdater.on('update-downloaded', (info) => {
        say(`Version ${info.version} is ready: it installs when Counter POS is next closed.`);
        log.info({ version: info.version }, 'update downloaded; installs on quit');
      });
      autoUpdater.on('error', (error) => {
        say(`The last look for updates failed: ${error.message}`);
        log.failure('update check failed', error);
      });
    }
    log.info({ url: config.url }, 'updates on');
    const check = () =>
      void autoUpdater.checkForUpdates().catch((error: unknown) => log.failure('update check failed', error));
    check();
    timer = setInterval(check, CHECK_EVERY_MS);
    timer.unref?.();
  }

  void apply(initial).catch((error: unknown) => log.failure('the updater could not start', error));
  return {
    status: () => status,
    apply,
    stop: () => {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
