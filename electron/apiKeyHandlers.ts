// Settings → API: API keys (created, named, revoked; shown once, kept as a hash) and where the API listens.
import type { ApiSettings } from '../core/model.ts';
import {
  createApiKey,
  getApiListenSettings,
  listApiKeys,
  revokeApiKey,
  saveApiListenSettings,
  type ApiListenSettings,
} from '../db/services/apiKeys.ts';
import type { ReadCtx } from '../db/services/context.ts';
import type { HandlerCtx, Handlers } from './handlers.ts';

type ApiKeyHandlers = Pick<
  Handlers,
  'listApiKeys' | 'createApiKey' | 'revokeApiKey' | 'getApiSettings' | 'saveApiSettings'
>;

/** The API's path on a host. */
export const API_BASE_PATH = '/api/v1';

/** Where the API answers now: the desktop's own listener, or browser mode's host under /api/v1 ('' when off). */
export function apiAddress(ctx: HandlerCtx): string {
  if (ctx.apiListener) return ctx.apiListener.listening();
  if (ctx.webUrl) return new URL(API_BASE_PATH, ctx.webUrl).toString();
  return '';
}

const withAddress = (ctx: HandlerCtx, settings: ApiListenSettings): ApiSettings => ({
  ...settings,
  listening: apiAddress(ctx),
});

export const apiKeyHandlers: ApiKeyHandlers = {
  listApiKeys: (ctx) => listApiKeys(ctx),
  createApiKey: (ctx, { name }) => createApiKey(ctx, name),
  revokeApiKey: (ctx, { id }) => revokeApiKey(ctx, id),
  getApiSettings: async (ctx) => withAddress(ctx, await getApiListenSettings(ctx)),
  saveApiSettings: async (ctx, input) => {
    const before = await getApiListenSettings(ctx);
    const saved = await saveApiListenSettings(ctx, input);
    const listener = ctx.apiListener;
    if (listener) {
      // Applied before the commit, so a port another program holds refuses the save with its reason (nothing saved);
      // should the commit itself fail, the listener goes back to the settings still stored.
      ctx.afterRollback(async () => {
        await listener.apply(before).catch(() => undefined);
      });
      await listener.apply(saved);
    }
    return withAddress(ctx, saved);
  },
};

/** The desktop's start: the listener follows Settings → API as stored (a failure is reported, the app still starts). */
export async function applyStoredApiSettings(ctx: ReadCtx & Pick<HandlerCtx, 'apiListener'>): Promise<string> {
  if (!ctx.apiListener) return '';
  return ctx.apiListener.apply(await getApiListenSettings(ctx));
}
