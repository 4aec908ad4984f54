// Electron main process: owns the window, the store (this computer's SQLite file or the shop server, as
// Settings → Store chose: electron/storeChoice.ts) and the scanner input.
import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, net, protocol, safeStorage, shell } from 'electron';
import { pathToFileURL } from 'node:url';
import { AppError } from '../core/errors.ts';
import type { AppStore } from '../db/store.ts';
import { restoreBackup } from '../db/backupRestore.ts';
import { openAppStore } from '../db/store.ts';
import type { HandlerCtx } from './handlers.ts';
import { registerIpc } from './ipc.ts';
import { registerDocumentPrint, registerPrint } from './print.ts';
import { electronPdfRenderer } from './documents/electronPdf.ts';
import { createApiListener } from './api/listener.ts';
import { applyStoredApiSettings } from './apiKeyHandlers.ts';
import { SCANNER_EVENT_CHANNEL } from '../core/methods.ts';
import { attachScanner, type ScannerWiring } from './scanner/wire.ts';
import { loadScannerSettings } from '../db/services/settings.ts';
import { getCounterSettings } from '../db/services/counterSettings.ts';
import { DATA_FILE_NAME } from './paths.ts';
import { resolveStoreLocation, storeChoiceHost, type SafeStorageLike, type StoreLocation } from './storeChoice.ts';
import { APP_SCHEME, CONTENT_SECURITY_POLICY } from './security.ts';
import { createMainWindow, hardenWebContents } from './window.ts';
import { log } from '../db/log.ts';
import { closeMainLog, desktopDiagnostics, startMainLog, watchWindow } from './mainDiagnostics.ts';
import { startOutbox } from './outbox.ts';
import { startRecurringScheduler } from './recurringScheduler.ts';
import { fileSecrets } from './secretsFile.ts';
import { storeBackupHost } from './backupHandlers.ts';
import { registerChooseBackupFolder } from './backupFolder.ts';

const rendererDir = path.join(import.meta.dirname, '..', 'renderer');
const preloadPath = path.join(import.meta.dirname, 'preload.cjs');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

let mainWindow: BrowserWindow | null = null;
let store: AppStore | null = null;
let ctx: HandlerCtx | null = null;
let scanner: ScannerWiring | null = null;
/** Settings → API's own server (off by default): calls act through the store's context while it is open. */
const apiListener = createApiListener(() => {
  if (!ctx) throw new Error('store closed');
  return ctx;
});

if (!app.requestSingleInstanceLock()) {
  app.quit(); // a second launch only focuses the first (below)
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, (url) => shell.openExternal(url)));
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      dialog.showErrorBox('Counter POS could not start', error instanceof Error ? error.message : String(error));
      app.quit();
    });
  app.on('window-all-closed', () => app.quit());
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed || !store) return;
    event.preventDefault(); // close the database cleanly first
    const s = store;
    store = null;
    void apiListener
      .close()
      .then(() => s.close())
      .catch((error: unknown) => log.failure('the store did not close cleanly', error))
      .then(() => closeMainLog())
      .finally(() => {
        closed = true;
        app.quit();
      });
  });
}

/** Electron's safeStorage, reached only when a password is kept or read (the OS keychain may prompt). */
const keychain: SafeStorageLike = {
  isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
  encryptString: (text) => safeStorage.encryptString(text),
  decryptString: (data) => safeStorage.decryptString(data),
};

async function start(): Promise<void> {
  const userData = app.getPath('userData');
  // The log first, so a store that cannot open is logged too (<userData>/logs/main.log).
  startMainLog(userData, app.getVersion(), (title, text) => dialog.showErrorBox(title, text));
  const dataFile = path.join(userData, DATA_FILE_NAME);
  let shown = dataFile;
  let register: string | undefined;
  /** What Settings → Backups reopens after a restore (the data file) or gives pg_dump (the server's URL). */
  let location = dataFile;
  try {
    // COUNTER_POS_DB first, then Settings → Store's choice (store.json), then this computer's data file.
    let where: StoreLocation | null = null;
    let refusal: unknown = null;
    try {
      where = resolveStoreLocation(userData, keychain);
      register = where.register;
    } catch (error) {
      refusal = error;
    }
    const opened =
      where?.kind === 'sqlite'
        ? { store: await openWithRestoreOffer(where.location), shown: where.shown }
        : await openServerWithWayBack(where, refusal, dataFile, userData);
    if (!opened?.store) {
      app.quit(); // a damaged file or an unreachable server, and the person chose Quit
      return;
    }
    store = opened.store;
    shown = opened.shown;
    location = store.kind === 'sqlite' ? store.path : (where?.location ?? dataFile);
  } catch (error) {
    const message = error instanceof AppError ? error.message : `Could not open ${shown}: ${(error as Error).message}`;
    log.failure('the store could not be opened', error, { dataFile: shown });
    dialog.showErrorBox('Counter POS cannot open its data', message);
    await closeMainLog();
    app.exit(1);
    return;
  }
  ctx = {
    db: store.db,
    now: () => new Date(),
    actor: 'desktop',
    host: { name: app.getName(), version: app.getVersion(), dataFile: shown, mode: 'electron', register },
    // Who is signed in on the window: nobody until a PIN is entered (the app starts at the PIN screen).
    session: { staff: null },
    onScannerSettings: (settings) => scanner?.update(settings),
    storeChoice: storeChoiceHost(userData, keychain),
    // Documents' PDFs: printToPDF from a hidden, sandboxed window per document (electron/documents/electronPdf.ts).
    pdf: electronPdfRenderer(BrowserWindow),
    // The SMTP password: encrypted with safeStorage into userData (refused where it cannot really encrypt).
    secrets: fileSecrets(userData, safeStorage),
    apiListener,
    // Help → Diagnostics (the log folder, the save dialog) and Settings → Updates (electron-updater, loaded lazily).
    diagnostics: desktopDiagnostics({
      userData,
      resourcesPath: process.resourcesPath,
      store: () => store,
      window: () => mainWindow,
      dialog,
      downloads: app.getPath('downloads'),
    }),
    // Settings → Backups' Restore: the store is closed, the files swapped, and the store opened again here.
    backups: storeBackupHost(
      location,
      {
        current: () => store,
        open: async () => {
          store = await openAppStore(location, { appVersion: app.getVersion() });
          if (ctx) ctx = { ...ctx, db: store.db };
        },
      },
      path.join(userData, 'server-backups'),
    ),
  };
  log.info(
    { version: app.getVersion(), store: store.kind, dataFile: shown, migrationBackup: store.backupPath },
    'main process started',
  );
  // Settings → API: the API listens only once turned on there (a port in use is reported, the app still starts).
  void applyStoredApiSettings(ctx).catch((error: unknown) =>
    console.error('[pos] the API could not start:', error instanceof Error ? error.message : error),
  );

  // The outbox: due e-mails are retried every 30 s, one at a time; stopped when the app quits.
  const stopOutbox = startOutbox(() => ctx);
  app.on('before-quit', () => void stopOutbox());
  // Recurring invoices: a pass at start (catching up what came due while the app was closed), then hourly.
  const stopRecurring = startRecurringScheduler(() => ctx);
  app.on('before-quit', () => void stopRecurring());

  protocol.handle(APP_SCHEME, async (request) => {
    const { pathname } = new URL(request.url);
    const file = path.resolve(rendererDir, `.${decodeURIComponent(pathname)}`);
    if (!file.startsWith(rendererDir + path.sep) || !fs.existsSync(file))
      return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    return new Response(response.body, { status: response.status, headers });
  });

  registerIpc(
    ipcMain,
    () => {
      if (!ctx) throw new Error('store closed');
      return ctx;
    },
    () => mainWindow?.webContents ?? null,
  );
  registerPrint(
    ipcMain,
    () => {
      if (!ctx) throw new Error('store closed');
      return getCounterSettings(ctx);
    },
    () => mainWindow?.webContents ?? null,
  );

  registerDocumentPrint(
    ipcMain,
    () => {
      if (!ctx) throw new Error('store closed');
      return ctx;
    },
    () => mainWindow?.webContents ?? null,
    BrowserWindow,
  );

  registerChooseBackupFolder(ipcMain, dialog, () => mainWindow?.webContents ?? null);

  mainWindow = createMainWindow(BrowserWindow, preloadPath);
  watchWindow(mainWindow.webContents);
  scanner = attachScanner(mainWindow.webContents, await loadScannerSettings(ctx), SCANNER_EVENT_CHANNEL);
  mainWindow.on('closed', () => {
    scanner?.dispose();
    scanner = null;
    mainWindow = null;
  });
}

/**
 * Opens the shop server. When it cannot (unreachable, a refused login, no such database, a refusal of what is there,
 * or a kept password this computer cannot read), Settings → Store cannot be reached to fix it, so the person is told
 * exactly why and chooses: try again, use this computer's data file for this run, or quit. Null: they quit.
 */
async function openServerWithWayBack(
  where: StoreLocation | null,
  refusal: unknown,
  dataFile: string,
  userData: string,
): Promise<{ store: AppStore | null; shown: string } | null> {
  let failure = refusal;
  for (;;) {
    if (where) {
      try {
        return {
          store: await openAppStore(where.location, {
            backupDir: path.join(userData, 'server-backups'),
            appVersion: app.getVersion(),
          }),
          shown: where.shown,
        };
      } catch (error) {
        failure = error;
      }
    }
    const reason = failure instanceof AppError ? failure.message : `${(failure as Error)?.message ?? failure}`;
    const from = where?.source === 'COUNTER_POS_DB' ? ' (named by COUNTER_POS_DB)' : '';
    const buttons = [...(where ? ['Try again'] : []), "Use this computer's store", 'Quit'];
    const { response } = await dialog.showMessageBox({
      type: 'error',
      title: 'Counter POS',
      message: `Cannot open the shop server's store${from}`,
      detail:
        `${reason}

"Use this computer's store" opens this computer's data file (${dataFile}) for this run only: ` +
        'sales made there stay on this computer and are not on the shop server. The next start tries the shop ' +
        'server again; to stop using it, choose This computer in Settings → Store.',
      buttons,
      defaultId: 0,
      cancelId: buttons.length - 1,
      noLink: true,
    });
    const choice = buttons[response];
    if (choice === 'Try again') continue;
    if (choice !== "Use this computer's store") return null;
    return { store: await openWithRestoreOffer(dataFile), shown: dataFile };
  }
}

/**
 * Opens the data file. When it is damaged and a backup lies beside it, the person chooses: restore
 * that backup (the damaged file is kept aside, never deleted) or quit. The app never carries on with
 * a damaged file. Null when they chose to quit; any other refusal is thrown.
 */
async function openWithRestoreOffer(dataFile: string): Promise<AppStore | null> {
  try {
    return await openAppStore(dataFile, { appVersion: app.getVersion() });
  } catch (error) {
    const backup =
      error instanceof AppError && error.code === 'damaged'
        ? (error.details as { backup?: string | null } | undefined)?.backup
        : null;
    if (!backup) throw error;
    log.failure('the data file is damaged; its backup is offered', error, { dataFile, backup });
    const { response } = await dialog.showMessageBox({
      type: 'error',
      title: 'Counter POS',
      message: 'The data file is damaged',
      detail: (error as AppError).message,
      buttons: ['Restore backup', 'Quit'],
      defaultId: 0,
      cancelId: 1,
      noLink: true,
    });
    if (response !== 0) return null;
    const { damagedKeptAs } = restoreBackup(dataFile, backup);
    log.warn({ dataFile, restoredFrom: backup, damagedKeptAs }, 'restored the backup of a damaged data file');
    const restored = await openAppStore(dataFile, { appVersion: app.getVersion() });
    await dialog.showMessageBox({
      type: 'info',
      title: 'Counter POS',
      message: 'The backup was restored',
      detail:
        `Counter POS now works on the copy ${path.basename(backup)}: anything saved after it was written is not in it. ` +
        `The damaged file was kept as ${damagedKeptAs ?? '(none)'}.`,
      buttons: ['OK'],
    });
    return restored;
  }
}
