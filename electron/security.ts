// Security settings shared by the Electron window and the web host. Pure data: testable on Node.

/** Content-Security-Policy for the renderer: only our own scripts, no eval, no remote content. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The custom scheme the desktop app serves its renderer from (never file://). */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://pos`;

export const secureWebPreferences = (preload: string) =>
  ({
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  }) as const;

/** True for URLs of our own renderer: the only place IPC is accepted from and navigation may go. */
export function isOwnUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

/**
 * The hosts a link may open in the user's browser (shell.openExternal): https only, these names
 * exactly (no subdomains). The app links to no site today; add a host here when a screen needs one.
 */
export const EXTERNAL_HOSTS: readonly string[] = [];

/**
 * The URL to hand to the OS when `url` is https to one of `hosts`, on the default port, with no user
 * name or password in it; else null. What is opened is the URL as parsed here (normalised), so the
 * browser gets exactly what was checked.
 */
export function allowedExternalUrl(url: string, hosts: readonly string[] = EXTERNAL_HOSTS): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const allowed =
    parsed.protocol === 'https:' &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === '' &&
    hosts.includes(parsed.hostname);
  return allowed ? parsed.href : null;
}

/** A URL as the log may show it: scheme, host and path, never its query or fragment (they can carry tokens). */
export function urlForLog(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '(not a URL)';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return `(a ${parsed.protocol} URL)`;
  const shown = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  return shown.length > 200 ? `${shown.slice(0, 200)}…` : shown;
}
