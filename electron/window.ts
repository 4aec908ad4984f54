import type { BrowserWindow as BrowserWindowType, WebContents } from 'electron';
import { APP_ORIGIN, isOwnUrl, secureWebPreferences } from './security.ts';

type WindowCtor = new (options: Electron.BrowserWindowConstructorOptions) => BrowserWindowType;

export function createMainWindow(BrowserWindow: WindowCtor, preload: string): BrowserWindowType {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    title: 'Counter POS',
    show: false,
    backgroundColor: '#f6f7f9',
    webPreferences: secureWebPreferences(preload),
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

/**
 * Every web contents the app creates: no navigation away from our renderer, no new windows,
 * no webviews, no permission prompts granted.
 */
export function hardenWebContents(contents: WebContents, openExternal: (url: string) => void): void {
  contents.on('will-navigate', (event, url) => {
    if (!isOwnUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isOwnUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) openExternal(url); // links to the web open in the user's browser
    return { action: 'deny' };
  });
  contents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
}
