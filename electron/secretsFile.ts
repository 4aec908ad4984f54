// The desktop's secrets (the SMTP password): encrypted with Electron's safeStorage (the OS keychain) into
// secrets.json in userData, as base64; never written in plain text. Refused, as Settings → Store's password is
// (electron/storeChoice.ts), where safeStorage cannot really encrypt (Linux's basic_text backend).
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../core/errors.ts';
import type { SecretKeeper } from './handlers.ts';
import type { SafeStorageLike } from './storeChoice.ts';

export const SECRETS_FILE_NAME = 'secrets.json';

export function fileSecrets(dir: string, safeStorage: SafeStorageLike): SecretKeeper {
  const file = path.join(dir, SECRETS_FILE_NAME);
  const read = (): Record<string, string> => {
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
    } catch {
      return {};
    }
  };
  return {
    kind: 'safe_storage',
    get: (name) => {
      const encrypted = read()[name];
      if (!encrypted) return null;
      try {
        return safeStorage.decryptString(Buffer.from(encrypted, 'base64'));
      } catch {
        return null; // kept on another computer or by another user: as if none were kept
      }
    },
    set: (name, value) => {
      const all = read();
      if (value === null) delete all[name];
      else {
        const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend?.() : undefined;
        if (!safeStorage.isEncryptionAvailable() || backend === 'basic_text' || backend === 'unknown')
          throw new AppError(
            'forbidden',
            'Not saved: this computer has no keychain Counter POS can keep the password in. Start Counter POS ' +
              'with COUNTER_POS_SMTP_URL=smtps://user:password@host:465 instead, or use a server without a login.',
          );
        all[name] = safeStorage.encryptString(value).toString('base64');
      }
      const temp = `${file}.tmp`;
      fs.writeFileSync(temp, JSON.stringify(all, null, 2), { mode: 0o600 });
      fs.renameSync(temp, file);
    },
  };
}
