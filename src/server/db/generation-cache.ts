import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from './client';
import { memoRead, primeRead } from './read-memo';

/**
 * Data read by almost every request and rarely changed (a tenant's indicator definitions: two
 * queries and a few hundred rows to parse on every form, aggregate and cockpit; its ledger
 * categories, read by every ledger list) is kept in this process between requests, tagged with
 * its generation token.
 *
 * Triggers replace a (tenant, name)'s token in `cache_generations` on every change to the data's
 * tables (migration 0023), so a reader that sees the token it cached under has exactly what a
 * fresh read would give. The token is random: one set by a transaction that rolled back is never
 * seen by another reader, and two databases served by one process never share one. Without a
 * token (a truncated table) nothing is cached.
 *
 * Read-only requests get their tenant's tokens with the session lookup (primeGenerations); other
 * readers ask with one small query, inside their transaction when they are in one.
 */
const cached = new Map<string, { token: string; value: Promise<unknown> }>();
/** Data sets × tenants × variants (a cockpit's year, a unit): beyond this the cache starts afresh. */
const MAX_ENTRIES = 10_000;

/**
 * A request's tokens are remembered per database handle: a read sent to a lagging replica must
 * compare the replica's own token, never the primary's primed one, or the replica's older rows
 * would be cached under the primary's newer token.
 */
const handleIds = new WeakMap<object, number>();
let handles = 0;
const handleId = (db: object) => {
  let id = handleIds.get(db);
  if (id === undefined) handleIds.set(db, (id = ++handles));
  return id;
};
const tokensKey = (db: object, tenantId: string) => `generations:${handleId(db)}:${tenantId}`;

/** Records the tenant's tokens, read on `db` by the session lookup, for the rest of a read-only request. */
export function primeGenerations(db: object, tenantId: string, tokens: Record<string, string> | null): void {
  primeRead(tokensKey(db, tenantId), tokens ?? {});
}

async function tokenOf(db: DbOrTx, tenantId: string, name: string): Promise<string | null> {
  const tokens = await memoRead(db, tokensKey(db, tenantId), async () => {
    const rows = await queryRows<{ name: string; token: string }>(db, sql`select name, token from cache_generations where tenant_id = ${tenantId}`);
    return Object.fromEntries(rows.map((r) => [r.name, r.token])) as Record<string, string>;
  });
  return tokens[name] ?? null;
}

/**
 * `load()`'s answer for the tenant's current generation of `name`, from memory when this process
 * has it; `variant` tells apart several answers from one data set (ledger categories by kind). The
 * answer is frozen, since every later request shares it.
 */
export async function generationCached<T>(db: DbOrTx, tenantId: string, name: string, load: () => PromiseLike<T>, variant = ''): Promise<T> {
  const token = await tokenOf(db, tenantId, name);
  if (!token) return load();
  const key = `${name}:${tenantId}:${variant}`;
  const hit = cached.get(key);
  if (hit?.token === token) return hit.value as Promise<T>;
  // Loaded after its token was read: at worst newer than the token says, never older.
  const value = Promise.resolve(load()).then(deepFreeze);
  if (!hit && cached.size >= MAX_ENTRIES) cached.clear();
  cached.set(key, { token, value });
  value.catch(() => {
    if (cached.get(key)?.value === value) cached.delete(key);
  });
  return value;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    if (value instanceof Map) for (const [k, v] of value) (deepFreeze(k), deepFreeze(v));
    else if (!(value instanceof Date)) for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
