/**
 * The add-on's one typed client: its session in storage (it outlives the service worker, which the
 * browser stops when idle) and its ETags too, restored at each start, so the first poll after a
 * restart is still a conditional GET.
 */
import { ConditionalCache, createClient, type BetaClient, type Cached, type FetchLike, type SessionTokens } from '../../../client';
import { KEYS, type KeyValueStorage } from '../shared/storage';

export interface AddonClient {
  url: string;
  client: BetaClient;
  /** Writes the ETag cache to storage (after each command). */
  saveEtags(): Promise<void>;
}

export async function openClient(storage: KeyValueStorage, url: string, fetch?: FetchLike): Promise<AddonClient> {
  const saved = ((await storage.get(KEYS.etags)) as [string, Cached][] | undefined) ?? [];
  const cache = new ConditionalCache(20, saved);
  const client = createClient({
    url,
    clientKind: 'addon',
    conditionalCache: cache,
    ...(fetch ? { fetch } : {}),
    tokenStore: {
      load: async () => ((await storage.get(KEYS.session)) as SessionTokens | undefined) ?? null,
      save: (tokens) => (tokens ? storage.set(KEYS.session, tokens) : storage.remove(KEYS.session)),
    },
  });
  return { url, client, saveEtags: () => storage.set(KEYS.etags, cache.snapshot()) };
}

export async function hasSession(storage: KeyValueStorage): Promise<boolean> {
  return !!(await storage.get(KEYS.session));
}

export async function sessionTokens(storage: KeyValueStorage): Promise<SessionTokens | null> {
  return ((await storage.get(KEYS.session)) as SessionTokens | undefined) ?? null;
}
