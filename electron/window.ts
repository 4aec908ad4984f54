import type { BrowserWindow as BrowserWindowType, WebContents } from 'electron';
import {
  APP_ORIGIN,
  EXTERNAL_HOSTS,
  allowedExternalUrl,
  isOwnUrl,
  secureWebPreferences,
  urlForLog,
} from './security.ts';

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
 * Every web contents the app creates: no navigation away from our renderer (in any frame), no new
 * windows, no webviews, no permission granted or reported as granted. A link that asks for a new
 * window opens in the user's browser only when it is https to a host the app names (EXTERNAL_HOSTS).
 */
export function hardenWebContents(
  contents: WebContents,
  openExternal: (url: string) => Promise<void> | void,
  externalHosts: readonly string[] = EXTERNAL_HOSTS,
): void {
  contents.on('will-navigate', (event, url) => {
    if (!isOwnUrl(url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isOwnUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isOwnUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  const open = guardOpenExternal(openExternal, externalHosts);
  contents.setWindowOpenHandler(({ url }) => {
    open(url);
    return { action: 'deny' };
  });
  contents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  contents.session.setPermissionCheckHandler(() => false);
}

/**
 * shell.openExternal behind the allowlist: an https URL to one of `hosts` is opened; anything else
 * (http, another host, javascript:, file:, custom schemes) is refused and logged without its query.
 * Returns whether the URL was handed to the browser.
 */
export function guardOpenExternal(
  openExternal: (url: string) => Promise<void> | void,
  hosts: readonly string[] = EXTERNAL_HOSTS,
): (url: string) => boolean {
  return (url) => {
    const allowed = allowedExternalUrl(url, hosts);
    if (allowed === null) {
      console.warn(
        `[pos] refused to open ${urlForLog(url)} outside the app: only https links to ${hosts.join(', ') || 'named hosts'} open`,
      );
      return false;
    }
    void Promise.resolve()
      .then(() => openExternal(allowed))
      .catch((error: unknown) =>
        console.warn(
          `[pos] could not open ${urlForLog(url)}: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    return true;
  };
}
