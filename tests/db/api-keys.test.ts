// API keys (db/services/apiKeys.ts) on the real store (SQLite here, PostgreSQL in the postgres project): the key is
// shown once and only its SHA-256 hash kept; a wrong or revoked key is refused; last_used_at is written at most once a
// minute; Settings → API's defaults.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_API_PORT, getApiListenSettings, verifyApiKey } from '../../db/services/apiKeys.ts';
import { freshDemoPerTest, okValue, refusalOf, type Backend } from '../support/backend.ts';

let b: Backend;
freshDemoPerTest((backend) => (b = backend));

describe('API keys', () => {
  it('keeps only the hash of a new key, and verifies it until it is revoked', async () => {
    const { key, secret } = await okValue(b.api.createApiKey({ name: '  Web shop ' }));
    expect(key).toMatchObject({ name: 'Web shop', createdBy: 'test', revokedAt: null, lastUsedAt: null });
    expect(secret).toMatch(/^cpos_[A-Za-z0-9_-]{43}$/);
    expect(secret.startsWith(key.prefix)).toBe(true);
    const row = await b.one<Record<string, unknown>>('SELECT * FROM api_keys WHERE id = ?', key.id);
    expect(row.key_hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(secret);

    let now = new Date('2026-11-21T10:00:00Z');
    const ctx = { db: b.store.db, now: () => now, actor: 'test' };
    expect(await verifyApiKey(ctx, secret)).toMatchObject({ id: key.id, lastUsedAt: '2026-11-21T10:00:00.000Z' });
    now = new Date('2026-11-21T10:00:30Z');
    expect((await verifyApiKey(ctx, secret))?.lastUsedAt).toBe('2026-11-21T10:00:00.000Z'); // not written again yet
    now = new Date('2026-11-21T10:01:00Z');
    expect((await verifyApiKey(ctx, secret))?.lastUsedAt).toBe('2026-11-21T10:01:00.000Z');

    expect(await verifyApiKey(ctx, `${secret}x`)).toBeNull();
    expect(await verifyApiKey(ctx, 'not-a-key')).toBeNull();
    const revoked = await okValue(b.api.revokeApiKey({ id: key.id }));
    expect(revoked.revokedAt).not.toBeNull();
    expect(await verifyApiKey(ctx, secret)).toBeNull();
    expect(await refusalOf(b, () => b.api.revokeApiKey({ id: key.id }))).toEqual({
      code: 'conflict',
      message: 'The key “Web shop” is already revoked.',
    });
    expect((await refusalOf(b, () => b.api.revokeApiKey({ id: 999 }))).code).toBe('not_found');
    expect((await refusalOf(b, () => b.api.createApiKey({ name: ' ' }))).code).toBe('invalid_input');
    expect(await okValue(b.api.listApiKeys({}))).toEqual([expect.objectContaining({ id: key.id, name: 'Web shop' })]);
  });

  it('Settings → API: off, port 5858, this computer only until saved otherwise', async () => {
    expect(await getApiListenSettings(b.ctx)).toEqual({ enabled: false, port: DEFAULT_API_PORT, lan: false });
    expect(await okValue(b.api.getApiSettings({}))).toEqual({ enabled: false, port: 5858, lan: false, listening: '' });
    expect(await okValue(b.api.saveApiSettings({ enabled: true, port: 6000, lan: true }))).toMatchObject({
      enabled: true,
      port: 6000,
      lan: true,
    });
    expect(await getApiListenSettings(b.ctx)).toEqual({ enabled: true, port: 6000, lan: true });
    expect((await b.api.saveApiSettings({ enabled: true, port: 80, lan: false })).ok).toBe(false);
  });
});
