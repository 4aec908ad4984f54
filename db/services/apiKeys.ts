// The local REST API's keys (Settings → API) and where the API listens. A key is shown once when it is made; the store
// keeps only its SHA-256 hash (a key is 32 random bytes: a slow hash adds nothing) and a short prefix to tell keys
// apart. Checking a key is one lookup by its hash (no comparison of secrets byte by byte), refused once revoked.
import crypto from 'node:crypto';
import type { Selectable } from 'kysely';
import { AppError } from '../../core/errors.ts';
import type { ApiKeyRow, NewApiKey } from '../../core/model.ts';
import type { ApiKeysTable } from '../schema.ts';
import { inWriteTransaction, type ReadCtx, type WriteCtx } from './context.ts';
import { getSetting, putSetting } from './settings.ts';

/** Every key starts with this, so a key pasted in the wrong place is recognisable. */
export const API_KEY_PREFIX = 'cpos_';
/** How many characters of a key Settings shows (the fixed prefix and a few random ones). */
const SHOWN_CHARS = API_KEY_PREFIX.length + 6;
/** last_used_at is written at most this often per key (a write transaction per GET would cost more than the GET). */
export const LAST_USED_EVERY_MS = 60_000;

export const DEFAULT_API_PORT = 5858;
const SETTING = { enabled: 'api.enabled', port: 'api.port', lan: 'api.lan' } as const;

/** The stored settings of the API (where it listens is the host's to say). */
export interface ApiListenSettings {
  enabled: boolean;
  port: number;
  lan: boolean;
}

export const hashApiKey = (key: string): string => crypto.createHash('sha256').update(key, 'utf8').digest('hex');

function toRow(r: Selectable<ApiKeysTable>): ApiKeyRow {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    createdAt: r.created_at,
    createdBy: r.created_by,
    revokedAt: r.revoked_at,
    lastUsedAt: r.last_used_at,
  };
}

/** Newest first; revoked keys stay listed. */
export async function listApiKeys(ctx: ReadCtx): Promise<ApiKeyRow[]> {
  const rows = await ctx.db.selectFrom('api_keys').selectAll().orderBy('id', 'desc').execute();
  return rows.map(toRow);
}

/** A new key: the secret is in the result only (never stored, never shown again). */
export async function createApiKey(ctx: WriteCtx, name: string): Promise<NewApiKey> {
  const trimmed = name.trim();
  if (trimmed === '') throw new AppError('invalid_input', 'Enter the key name.');
  const secret = API_KEY_PREFIX + crypto.randomBytes(32).toString('base64url');
  const row = await ctx.db
    .insertInto('api_keys')
    .values({
      name: trimmed,
      prefix: secret.slice(0, SHOWN_CHARS),
      key_hash: hashApiKey(secret),
      created_at: ctx.now().toISOString(),
      created_by: ctx.actor,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { key: toRow(row), secret };
}

/** Revokes a key at once (calls with it are refused from now on); it stays listed. Revoking twice is refused. */
export async function revokeApiKey(ctx: WriteCtx, id: number): Promise<ApiKeyRow> {
  const row = await ctx.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found', `No API key with id ${id}.`);
  if (row.revoked_at !== null) throw new AppError('conflict', `The key “${row.name}” is already revoked.`);
  const updated = await ctx.db
    .updateTable('api_keys')
    .set({ revoked_at: ctx.now().toISOString() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRow(updated);
}

/**
 * The key's row when `key` is a key of this store that is not revoked, else null. Notes when it was last used, at most
 * once a minute per key (its own short write transaction).
 */
export async function verifyApiKey(ctx: ReadCtx, key: string): Promise<ApiKeyRow | null> {
  if (!key.startsWith(API_KEY_PREFIX) || key.length > 200) return null;
  const row = await ctx.db
    .selectFrom('api_keys')
    .selectAll()
    .where('key_hash', '=', hashApiKey(key))
    .executeTakeFirst();
  if (!row || row.revoked_at !== null) return null;
  const now = ctx.now();
  const last = row.last_used_at === null ? null : Date.parse(row.last_used_at);
  if (last === null || Number.isNaN(last) || now.getTime() - last >= LAST_USED_EVERY_MS) {
    const at = now.toISOString();
    await inWriteTransaction(ctx, (trx) =>
      trx.db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', row.id).execute(),
    );
    row.last_used_at = at;
  }
  return toRow(row);
}

/** Settings → API as stored: off, port 5858, this computer only, unless saved otherwise. */
export async function getApiListenSettings(ctx: ReadCtx): Promise<ApiListenSettings> {
  const [enabled, port, lan] = await Promise.all([
    getSetting(ctx, SETTING.enabled),
    getSetting(ctx, SETTING.port),
    getSetting(ctx, SETTING.lan),
  ]);
  const n = Number(port);
  return {
    enabled: enabled === 'true',
    port: Number.isInteger(n) && n >= 1 && n <= 65535 ? n : DEFAULT_API_PORT,
    lan: lan === 'true',
  };
}

export async function saveApiListenSettings(ctx: WriteCtx, settings: ApiListenSettings): Promise<ApiListenSettings> {
  await putSetting(ctx, SETTING.enabled, String(settings.enabled));
  await putSetting(ctx, SETTING.port, String(settings.port));
  await putSetting(ctx, SETTING.lan, String(settings.lan));
  return getApiListenSettings(ctx);
}
