import { AsyncLocalStorage } from 'node:async_hooks';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './client';

/**
 * Lookups repeated within one read-only request (a tenant's ledger categories and indicator
 * definitions, peer standings, case counters, a unit's row) are made once per request: a
 * cockpit's widgets each asked for them again, dozens of times per page.
 *
 * The memo lives only as long as the request, so nothing is ever stale across requests or
 * instances. It is used for GET requests and routes marked `readOnly` (which write nothing a
 * memoized lookup reads), and never inside a transaction, which may have changed what it reads.
 */
const memo = new AsyncLocalStorage<Map<string, Promise<unknown>>>();

/** Runs `fn` with a fresh memo; lookups made inside it (and its async continuations) share it. */
export function withReadMemo<T>(fn: () => T): T {
  return memo.run(new Map(), fn);
}

/** `load()` once per key in the current read-only request; simply `load()` outside one. */
export function memoRead<T>(db: DbOrTx, key: string, load: () => PromiseLike<T>): Promise<T> {
  const store = memo.getStore();
  if (!store || db instanceof PgTransaction) return Promise.resolve(load());
  let hit = store.get(key) as Promise<T> | undefined;
  if (!hit) {
    // Promise.resolve settles a query builder once: awaiting the builder itself would run it again.
    hit = Promise.resolve(load());
    store.set(key, hit);
    // A failed lookup is not remembered: a retry within the request asks again.
    hit.catch(() => store.delete(key));
  }
  return hit;
}

/** Records what a lookup keyed `key` would return, already read by a wider query (the session's own unit). */
export function primeRead<T>(key: string, value: T): void {
  memo.getStore()?.set(key, Promise.resolve(value));
}
