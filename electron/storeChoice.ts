// The desktop app's store choice (Settings → Store), kept in store.json in the app's data folder: where the next start
// finds its data, and this counter's till register. A shop server's password is kept only encrypted by Electron's
// safeStorage (the OS keychain: DPAPI on Windows, Keychain on macOS, the secret service on Linux), as base64; the plain
// password is never written and never logged. At start: COUNTER_POS_DB first, then store.json, then the data file.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../core/errors.ts';
import { DEFAULT_PORT, storeServerUrl } from '../core/storeServer.ts';
import { isPostgresUrl, redactUrl } from '../db/postgres.ts';
import { DATA_FILE_NAME } from './paths.ts';
import type { StoreChoice, StoreChoiceHost } from './storeHandlers.ts';

export const STORE_FILE_NAME = 'store.json';

/** Electron's safeStorage, as far as this module uses it (the tests pass a stand-in). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only: 'basic_text' means a key built into Electron (obfuscation, not a keychain). */
  getSelectedStorageBackend?(): string;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** store.json: no plain password, ever. */
export interface StoreFile {
  kind: 'sqlite' | 'postgres';
  host?: string;
  port?: number;
  database?: string;
  user?: string;
  tls?: boolean;
  /** The password encrypted with safeStorage.encryptString, base64 ('' when there is none). */
  passwordEncrypted?: string;
  /** This counter's till register (default Main). */
  register?: string;
}

/** Where the app's data is this start, and why. */
export interface StoreLocation {
  kind: 'sqlite' | 'postgres';
  /** What openAppStore opens: a file path or a postgres:// URL (with its password). */
  location: string;
  /** What the app shows: the file, or the URL without its password. */
  shown: string;
  source: 'COUNTER_POS_DB' | 'store.json' | 'default';
  register: string | undefined;
  /** The default data file, the way back when the server cannot be reached. */
  dataFile: string;
}

const fileOf = (dir: string) => path.join(dir, STORE_FILE_NAME);

/** store.json as kept, or null when there is none. A file that cannot be read is refused with its path. */
export function readStoreFile(dir: string): StoreFile | null {
  let text: string;
  try {
    text = fs.readFileSync(fileOf(dir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new AppError('internal', `Cannot read ${fileOf(dir)}: ${(error as Error).message}`);
  }
  try {
    const parsed = JSON.parse(text) as StoreFile;
    if (parsed && (parsed.kind === 'sqlite' || parsed.kind === 'postgres')) return parsed;
  } catch {
    // refused below
  }
  throw new AppError(
    'internal',
    `${fileOf(dir)} is not a store choice Counter POS can read. Delete it to start on this computer's data file.`,
  );
}

function writeStoreFile(dir: string, file: StoreFile): void {
  fs.mkdirSync(dir, { recursive: true });
  const target = fileOf(dir);
  const partial = `${target}.partial`;
  fs.writeFileSync(partial, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(partial, target);
}

/** The kept server's URL, its password decrypted; an AppError when the password cannot be decrypted here. */
function serverUrlOf(file: StoreFile, safeStorage: SafeStorageLike): string {
  let password = '';
  if (file.passwordEncrypted) {
    try {
      password = safeStorage.decryptString(Buffer.from(file.passwordEncrypted, 'base64'));
    } catch (error) {
      throw new AppError(
        'unreachable',
        `The shop server's password kept in ${STORE_FILE_NAME} cannot be read on this computer or by this user ` +
          `(${(error as Error).message}). Choose the shop server again in Settings → Store, with its password.`,
        { reason: 'auth' },
      );
    }
  }
  return keptServerUrl(file, password);
}

/** What a restart will open, as the app shows it (the password as ***), without decrypting anything. */
const shownServer = (file: StoreFile): string => redactUrl(keptServerUrl(file, file.passwordEncrypted ? 'hidden' : ''));

const keptServerUrl = (file: StoreFile, password: string): string =>
  storeServerUrl({
    host: file.host ?? '',
    port: file.port ?? DEFAULT_PORT,
    database: file.database ?? '',
    user: file.user ?? '',
    password,
    tls: file.tls ?? false,
  });

/** At start: COUNTER_POS_DB (a file or a postgres:// URL) first, then store.json, then the data file in `dir`. */
export function resolveStoreLocation(
  dir: string,
  safeStorage: SafeStorageLike,
  env: NodeJS.ProcessEnv = process.env,
): StoreLocation {
  const dataFile = path.join(dir, DATA_FILE_NAME);
  const kept = readStoreFile(dir);
  const register = kept?.register?.trim() || undefined;
  const fromEnv = env.COUNTER_POS_DB?.trim();
  if (fromEnv) {
    const onServer = isPostgresUrl(fromEnv);
    const location = onServer ? fromEnv : path.resolve(fromEnv);
    return {
      kind: onServer ? 'postgres' : 'sqlite',
      location,
      shown: onServer ? redactUrl(location) : location,
      source: 'COUNTER_POS_DB',
      register,
      dataFile,
    };
  }
  if (kept?.kind === 'postgres') {
    const url = serverUrlOf(kept, safeStorage);
    return { kind: 'postgres', location: url, shown: redactUrl(url), source: 'store.json', register, dataFile };
  }
  return {
    kind: 'sqlite',
    location: dataFile,
    shown: dataFile,
    source: kept ? 'store.json' : 'default',
    register,
    dataFile,
  };
}

/**
 * Keeps the choice for the next start. A password is kept only when safeStorage can encrypt here; otherwise the choice
 * is refused with the way that works without it (COUNTER_POS_DB). The register is kept as it was.
 */
export function saveStoreChoiceFile(dir: string, choice: StoreChoice, safeStorage: SafeStorageLike): void {
  const register = readStoreFileOrNull(dir)?.register;
  if (choice.kind === 'sqlite') return writeStoreFile(dir, { kind: 'sqlite', ...(register ? { register } : {}) });
  let passwordEncrypted = '';
  if (choice.password !== '') {
    // On Linux without a keyring Electron "encrypts" with a key built into it: that is not keeping it safe.
    const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend?.() : undefined;
    if (!safeStorage.isEncryptionAvailable() || backend === 'basic_text' || backend === 'unknown')
      throw new AppError(
        'forbidden',
        'Not saved: this computer has no keychain Counter POS can keep the password in. Start Counter POS with ' +
          'COUNTER_POS_DB=postgres://user:password@host:port/db instead, or use a server login without a password.',
      );
    passwordEncrypted = safeStorage.encryptString(choice.password).toString('base64');
  }
  writeStoreFile(dir, {
    kind: 'postgres',
    host: choice.host,
    port: choice.port,
    database: choice.database,
    user: choice.user,
    tls: choice.tls,
    passwordEncrypted,
    ...(register ? { register } : {}),
  });
}

function readStoreFileOrNull(dir: string): StoreFile | null {
  try {
    return readStoreFile(dir);
  } catch {
    return null; // an unreadable file is replaced by the new choice
  }
}

/** Settings → Store's host side for the desktop app: store.json in `dir`. */
export function storeChoiceHost(dir: string, safeStorage: SafeStorageLike): StoreChoiceHost {
  return {
    save: (choice) => saveStoreChoiceFile(dir, choice, safeStorage),
    next: () => {
      const kept = readStoreFileOrNull(dir);
      return kept?.kind === 'postgres'
        ? { kind: 'postgres', location: shownServer(kept) }
        : { kind: 'sqlite', location: path.join(dir, DATA_FILE_NAME) };
    },
  };
}
