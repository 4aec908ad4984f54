// The desktop's secret keeper (the SMTP password): encrypted with safeStorage into secrets.json in userData, never
// in plain text; read back; forgotten; refused where safeStorage cannot really encrypt (Linux's basic_text backend).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.ts';
import { fileSecrets, SECRETS_FILE_NAME } from '../../electron/secretsFile.ts';
import type { SafeStorageLike } from '../../electron/storeChoice.ts';
import { tempDir } from '../support/backend.ts';

/** A reversible stand-in for safeStorage (the real one needs Electron), with the backend Linux would report. */
const keychain = (backend = 'gnome_libsecret', available = true): SafeStorageLike => ({
  isEncryptionAvailable: () => available,
  getSelectedStorageBackend: () => backend,
  encryptString: (text) => Buffer.from(`enc:${Buffer.from(text).toString('hex')}`),
  decryptString: (data) => Buffer.from(data.toString().slice(4), 'hex').toString(),
});

describe('fileSecrets', () => {
  it('keeps the password encrypted in secrets.json, reads it back, and forgets it', () => {
    const dir = tempDir();
    const secrets = fileSecrets(dir, keychain());
    expect(secrets.kind).toBe('safe_storage');
    expect(secrets.get('smtp.password')).toBeNull();
    secrets.set('smtp.password', 'Pa55-secret');
    const file = fs.readFileSync(path.join(dir, SECRETS_FILE_NAME), 'utf8');
    expect(file).not.toContain('Pa55-secret');
    expect(Object.keys(JSON.parse(file) as object)).toEqual(['smtp.password']);
    // a new keeper on the same folder (the next start) reads it
    expect(fileSecrets(dir, keychain()).get('smtp.password')).toBe('Pa55-secret');
    secrets.set('smtp.password', null);
    expect(fileSecrets(dir, keychain()).get('smtp.password')).toBeNull();
  });

  it.runIf(process.platform === 'linux')('refuses to keep one with the basic_text backend, writing nothing', () => {
    const dir = tempDir();
    const secrets = fileSecrets(dir, keychain('basic_text'));
    expect(() => secrets.set('smtp.password', 'Pa55-secret')).toThrow(AppError);
    expect(() => secrets.set('smtp.password', 'Pa55-secret')).toThrow(/COUNTER_POS_SMTP_URL/);
    expect(fs.existsSync(path.join(dir, SECRETS_FILE_NAME))).toBe(false);
  });

  it('refuses when encryption is not available', () => {
    const secrets = fileSecrets(tempDir(), keychain('gnome_libsecret', false));
    expect(() => secrets.set('smtp.password', 'x')).toThrow(/no keychain/);
  });
});
