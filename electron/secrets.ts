// Where a host keeps its secrets (the SMTP password): never in the store. The desktop keeps them with Electron's
// safeStorage (electron/storeChoice.ts's keychain, in a file in userData); browser mode and scripts only for this run.
import type { SecretKeeper } from './handlers.ts';

/** Secrets kept in this process's memory only: gone when it stops. */
export function memorySecrets(): SecretKeeper {
  const kept = new Map<string, string>();
  return {
    kind: 'memory',
    get: (name) => kept.get(name) ?? null,
    set: (name, value) => void (value === null ? kept.delete(name) : kept.set(name, value)),
  };
}
