// Settings → API: API keys (created, named, revoked; shown once, kept as a hash) and where the API listens.
import { AppError } from '../core/errors.ts';
import type { Handlers } from './handlers.ts';

type ApiKeyHandlers = Pick<
  Handlers,
  'listApiKeys' | 'createApiKey' | 'revokeApiKey' | 'getApiSettings' | 'saveApiSettings'
>;

const notYet = (): never => {
  throw new AppError('internal', 'Not built yet.');
};

export const apiKeyHandlers: ApiKeyHandlers = {
  listApiKeys: async () => notYet(),
  createApiKey: async () => notYet(),
  revokeApiKey: async () => notYet(),
  getApiSettings: async () => notYet(),
  saveApiSettings: async () => notYet(),
};
