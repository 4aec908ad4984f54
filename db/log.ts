// The app's log: one pino logger the main process, the web host and the store write to (`log.info(obj, msg)`).
// Silent until a host opens the log file (openLogFile: `<data folder>/logs/main.log`, or web.log in browser mode),
// so scripts, workers and tests write nothing. The file rotates by size (rotating-file-stream, a plain Node stream:
// no worker thread, so esbuild bundles it into main.cjs as it is). Secrets never reach the file: pino's redact paths
// for the keys we know, a walk that censors those keys at any depth, and a last scrub of every line's text (API keys,
// `PIN 1234`, passwords in URLs) before it is written.
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';

/** What a secret is replaced with in the log. */
export const REDACTED = '[Redacted]';
/** The folder beside the data file the logs go to. */
export const LOG_FOLDER = 'logs';

/** Keys whose values are secrets wherever they appear (compared lower-case, without `_` or `-`). */
const SECRET_KEYS = [
  'pin',
  'approvalpin',
  'newpin',
  'currentpin',
  'password',
  'smtppassword',
  'pass',
  'apikey',
  'key',
  'secret',
  'token',
  'authorization',
  'cookie',
];
const isSecretKey = (key: string) => SECRET_KEYS.includes(key.toLowerCase().replace(/[_-]/g, ''));

/** pino's own redact paths: the known keys at the top and two levels down (the walk below covers any depth). */
const REDACT_PATHS = [
  'pin',
  'approvalPin',
  'password',
  'smtpPassword',
  'apiKey',
  'key',
  'token',
  'authorization',
].flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

/**
 * Secrets inside free text: our API keys (cpos_ and 43 base64url characters; the 6 characters Settings shows may
 * stay), a PIN or password after its name, a password inside a URL (postgres://user:secret@host) and bearer tokens.
 */
const TEXT_SCRUBS: Array<[RegExp, string]> = [
  [/cpos_[A-Za-z0-9_-]{7,}/g, `cpos_${REDACTED}`],
  [/\b([a-z][a-z0-9+.-]*:\/\/[^:/\s@"]+:)[^@\s/"]+@/gi, `$1${REDACTED}@`],
  [/\b((?:approval[ _-]?)?pin)(\W{0,3})\d{3,12}\b/gi, `$1$2${REDACTED}`],
  [/\b(password|passwd|pwd|secret|token)(\\?["']?\s*[:=]\s*\\?["']?)[^\s"',;&\\]+/gi, `$1$2${REDACTED}`],
  [/\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/g, `$1${REDACTED}`],
];

/** Free text with the secrets it may hold replaced by [Redacted]. */
export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of TEXT_SCRUBS) out = out.replace(pattern, replacement);
  return out;
}

/** A copy of a logged object with secret keys censored at any depth (cycles and depth bounded). */
function censor(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8 || seen.has(value)) return '[…]';
  seen.add(value);
  if (value instanceof Error) return value; // pino's err serializer keeps its stack; the line scrub covers its text
  if (Array.isArray(value)) return value.map((v) => censor(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = isSecretKey(k) ? REDACTED : censor(v, depth + 1, seen);
  return out;
}

export interface LogOptions {
  /** The file's name in the folder (main.log on the desktop, web.log in browser mode). */
  fileName?: string;
  /** Rotate when the file passes this many bytes (default 5 MB). */
  maxBytes?: number;
  /** Rotated files kept beside it (main.log.1 … main.log.N; default 5). */
  keep?: number;
}

export interface LogFile {
  /** The folder and the current file. */
  readonly dir: string;
  readonly file: string;
  /** Flushes and closes the file; the log is silent again afterwards. */
  close(): Promise<void>;
}

const silent: Logger = pino({ level: 'silent' });
let current: Logger = silent;

/** The app's logger; writes nothing until openLogFile. */
export const log = {
  info: (obj: object, msg?: string) => current.info(obj, msg),
  warn: (obj: object, msg?: string) => current.warn(obj, msg),
  error: (obj: object, msg?: string) => current.error(obj, msg),
  /** An error with its stack, and what was going on. */
  failure: (what: string, error: unknown, extra: object = {}) =>
    current.error({ ...extra, err: error instanceof Error ? error : new Error(String(error)) }, what),
};

/** `<folder of the data file>/logs`: where a data file's logs are. */
export const logDirFor = (dataFolder: string) => path.join(dataFolder, LOG_FOLDER);

/**
 * Opens the rotating log file in `dir` and makes `log` write to it. One per process: opening again closes the
 * previous file first.
 */
export function openLogFile(dir: string, options: LogOptions = {}): LogFile {
  const fileName = options.fileName ?? 'main.log';
  fs.mkdirSync(dir, { recursive: true });
  const rotating: RotatingFileStream = createStream(
    fileName, // classical rotation: main.log.1 is the newest rotated file
    { path: dir, size: `${Math.max(1, Math.trunc(options.maxBytes ?? 5_000_000))}B`, rotate: options.keep ?? 5 },
  );
  rotating.on('error', () => {}); // a full disk must not take the app down; the line is lost
  // The last scrub: every line's text, whatever field or stack a secret slipped into.
  const scrubbed = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      rotating.write(redactText(chunk.toString()), () => done());
    },
  });
  const logger = pino(
    {
      level: 'info',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      formatters: { log: (obj) => censor(obj) as Record<string, unknown> },
    },
    scrubbed,
  );
  const previous = current;
  current = logger;
  if (previous !== silent) previous.flush();
  return {
    dir,
    file: path.join(dir, fileName),
    close: () =>
      new Promise<void>((resolve) => {
        if (current === logger) current = silent;
        scrubbed.end(() => rotating.end(() => resolve()));
      }),
  };
}
