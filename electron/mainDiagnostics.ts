// The desktop's log and Help → Diagnostics host, kept out of main.ts: the log file in the app's data folder
// (<userData>/logs/main.log), uncaught errors of the main process and a crashed window into it, the save dialog for
// Save diagnostics, and the updater behind Settings → Updates.
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserWindow, Dialog, WebContents } from 'electron';
import { log, logDirFor, openLogFile, type LogFile } from '../db/log.ts';
import type { AppStore } from '../db/store.ts';
import type { DiagnosticsHost } from './diagnosticsHandlers.ts';
import { buildTimeUrl, readUpdateSetting, startUpdater, updaterConfig, writeUpdateSetting } from './updater.ts';

let logFile: LogFile | null = null;

/**
 * Opens the log file and logs what would otherwise be lost: an uncaught exception (then shown, as Electron does
 * without a handler) and an unhandled rejection.
 */
export function startMainLog(userData: string, version: string, show: (title: string, text: string) => void): LogFile {
  logFile ??= openLogFile(logDirFor(userData), { fileName: 'main.log' });
  log.info({ version, electron: process.versions.electron, platform: process.platform }, 'main process starting');
  process.on('uncaughtException', (error) => {
    log.failure('uncaught exception in the main process', error);
    show('Counter POS hit an error', `${error.message}\n\nIt was written to the log (${logFile?.file ?? ''}).`);
  });
  process.on('unhandledRejection', (reason) => log.failure('unhandled rejection in the main process', reason));
  return logFile;
}

/** Flushes and closes the log (the last call when the app quits). */
export async function closeMainLog(): Promise<void> {
  log.info({}, 'main process stopped');
  await logFile?.close();
  logFile = null;
}

/** A window whose page crashed or hung is logged (the recovery screen logs errors it can still catch itself). */
export function watchWindow(contents: WebContents): void {
  contents.on('render-process-gone', (_event, details) => log.error({ ...details }, 'the window crashed'));
  contents.on('unresponsive', () => log.warn({}, 'the window stopped responding'));
}

/** Help → Diagnostics on the desktop: Electron's version, the log folder, the save dialog and the updater. */
export function desktopDiagnostics(options: {
  userData: string;
  resourcesPath: string;
  store: () => AppStore | null;
  window: () => BrowserWindow | null;
  dialog: Pick<Dialog, 'showSaveDialog'>;
  downloads: string;
}): DiagnosticsHost {
  const { userData, dialog } = options;
  const buildUrl = buildTimeUrl(options.resourcesPath);
  const updater = startUpdater(updaterConfig(readUpdateSetting(userData), buildUrl));
  return {
    electronVersion: process.versions.electron ?? null,
    logDir: logFile?.dir ?? logDirFor(userData),
    quickCheck: () => {
      const store = options.store();
      return store?.kind === 'sqlite' ? (store.quickCheck ?? null) : null;
    },
    saveFile: async (fileName, bytes) => {
      const win = options.window();
      const defaultPath = path.join(options.downloads, fileName);
      const filters = [{ name: 'Zip', extensions: ['zip'] }];
      const chosen = win
        ? await dialog.showSaveDialog(win, { defaultPath, filters })
        : await dialog.showSaveDialog({ defaultPath, filters });
      if (chosen.canceled || !chosen.filePath) return null;
      await fs.promises.writeFile(chosen.filePath, bytes);
      return chosen.filePath;
    },
    updates: {
      buildUrl,
      saved: () => readUpdateSetting(userData),
      save: async (url) => {
        writeUpdateSetting(userData, url);
        await updater.apply(updaterConfig(url, buildUrl));
      },
      status: () => updater.status(),
    },
  };
}
