import { driverOf, type TDatabase } from '@/db/client';
import type { TActor } from '@/policies/actor';

export const AUTH_CHANNEL = 'modelgate_auth';
/** A bound on staleness should a notification ever be missed (it is not expected to be). */
const MAX_AGE_MS = 30_000;
const MAX_ENTRIES = 10_000;

type TTokenActor = Extract<TActor, { type: 'token' }>;

interface TEntry {
  actor: TTokenActor;
  expiresAt: number;
  lastUsedAt: number;
  cachedAt: number;
}

/**
 * Tokens that authenticated recently, by the SHA-256 of their secret, so a pipeline's call
 * costs no token lookup. Every change that can alter what a token may do (revocation, scopes,
 * a disabled user, roles, teams) NOTIFYs `modelgate_auth` in its own transaction (migration
 * `0011_auth_notify`); each process forgets every entry when it hears it, and again after its
 * listening connection reconnects. A lookup that raced a notification is not remembered.
 * Expiry is checked on every use. Only valid tokens are remembered: a refusal is always read
 * fresh and audited.
 */
export class TokenCache {
  private readonly entries = new Map<string, TEntry>();
  /** Bumped by every invalidation; a lookup that started in an older generation is not kept. */
  private generation = 0;

  get(secretHash: string, now = Date.now()): TEntry | undefined {
    const entry = this.entries.get(secretHash);
    if (!entry) return undefined;
    if (entry.expiresAt <= now || now - entry.cachedAt > MAX_AGE_MS) {
      this.entries.delete(secretHash);
      return undefined;
    }
    return entry;
  }

  /** The generation to hand back to `set` once the lookup it starts has finished. */
  begin(): number {
    return this.generation;
  }

  set(secretHash: string, generation: number, entry: Omit<TEntry, 'cachedAt'>): void {
    if (generation !== this.generation) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(secretHash, { ...entry, cachedAt: Date.now() });
  }

  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }
}

const caches = new WeakMap<TDatabase, Promise<TokenCache | null>>();

async function listen(database: TDatabase, cache: TokenCache): Promise<void> {
  const invalidate = () => cache.invalidate();
  const driver = driverOf(database);
  // postgres-js listens on a connection of its own and calls onlisten again after a reconnect.
  if (driver.kind === 'postgres') await driver.client.listen(AUTH_CHANNEL, invalidate, invalidate);
  else await driver.client.listen(AUTH_CHANNEL, invalidate);
}

/**
 * The token cache of this database in this process, once it listens for changes; null (no
 * caching, every call looks its token up) if listening failed.
 */
export function tokenCacheOf(database: TDatabase): Promise<TokenCache | null> {
  let cache = caches.get(database);
  if (!cache) {
    const created = new TokenCache();
    cache = listen(database, created).then(
      () => created,
      (error: unknown) => {
        console.error(`[auth] not caching tokens: cannot listen on ${AUTH_CHANNEL}:`, error);
        return null;
      },
    );
    caches.set(database, cache);
  }
  return cache;
}
