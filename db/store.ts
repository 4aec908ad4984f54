import { openStore, type OpenOptions, type Store } from './open.ts';
import { seedDemoStore } from './services/demo.ts';

/** Opens the store for the app; a new, empty store gets the demo shop so there is something to try. */
export async function openAppStore(file: string, options: OpenOptions & { demo?: boolean } = {}): Promise<Store> {
  const store = openStore(file, options);
  if (store.created && options.demo !== false) {
    try {
      await seedDemoStore({ db: store.db, now: options.now ?? (() => new Date()), actor: 'demo' });
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  return store;
}
