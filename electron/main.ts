// Electron main process: owns the window, the SQLite store and (later) the scanner input.
import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, net, protocol, shell } from 'electron';
import { pathToFileURL } from 'node:url';
import { AppError } from '../core/errors.ts';
import type { Store } from '../db/open.ts';
import { restoreBackup } from '../db/backups.ts';
import { openAppStore } from '../db/store.ts';
import type { HandlerCtx } from './handlers.ts';
import { registerIpc } from './ipc.ts';
import { registerPrint } from './print.ts';
import { SCANNER_EVENT_CHANNEL } from '../core/methods.ts';
import { attachScanner, type ScannerWiring } from './scanner/wire.ts';
import { loadScannerSettings } from '../db/services/settings.ts';
import { getCounterSettings } from '../db/services/counterSettings.ts';
import { DATA_FILE_NAME } from './paths.ts';
import { APP_SCHEME, CONTENT_SECURITY_POLICY } from './security.ts';
import { createMainWindow, hardenWebContents } from './window.ts';

const rendererDir = path.join(import.meta.dirname, '..', 'renderer');
const preloadPath = path.join(import.meta.dirname, 'preload.cjs');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

let mainWindow: BrowserWindow | null = null;
let store: Store | null = null;
let ctx: HandlerCtx | null = null;
let scanner: ScannerWiring | null = null;

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
    void s.close().finally(() => {
      closed = true;
      app.quit();
    });
  });
}

async function start(): Promise<void> {
  const dataFile = path.join(app.getPath('userData'), DATA_FILE_NAME);
  try {
    const opened = await openWithRestoreOffer(dataFile);
    if (!opened) {
      app.quit(); // a damaged file, and the person chose Quit
      return;
    }
    store = opened;
  } catch (error) {
    const message =
      error instanceof AppError ? error.message : `Could not open ${dataFile}: ${(error as Error).message}`;
    dialog.showErrorBox('Counter POS cannot open its data', message);
    app.exit(1);
    return;
  }
  ctx = {
    db: store.db,
    now: () => new Date(),
    actor: 'desktop',
    host: { name: app.getName(), version: app.getVersion(), dataFile, mode: 'electron' },
    // Who is signed in on the window: nobody until a PIN is entered (the app starts at the PIN screen).
    session: { staff: null },
    onScannerSettings: (settings) => scanner?.update(settings),
  };

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

  mainWindow = createMainWindow(BrowserWindow, preloadPath);
  scanner = attachScanner(mainWindow.webContents, await loadScannerSettings(ctx), SCANNER_EVENT_CHANNEL);
  mainWindow.on('closed', () => {
    scanner?.dispose();
    scanner = null;
    mainWindow = null;
  });
}

/**
 * Opens the data file. When it is damaged and a backup lies beside it, the person chooses: restore
 * that backup (the damaged file is kept aside, never deleted) or quit. The app never carries on with
 * a damaged file. Null when they chose to quit; any other refusal is thrown.
 */
async function openWithRestoreOffer(dataFile: string): Promise<Store | null> {
  try {
    return await openAppStore(dataFile);
  } catch (error) {
    const backup =
      error instanceof AppError && error.code === 'damaged'
        ? (error.details as { backup?: string | null } | undefined)?.backup
        : null;
    if (!backup) throw error;
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
    const restored = await openAppStore(dataFile);
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
