import { pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/**
 * One random token per tenant and cached data set (e.g. 'indicator_defs'), replaced by triggers on
 * every change to the data set's tables (migration 0023). Read by db/generation-cache.ts.
 */
export const cacheGenerations = pgTable(
  'cache_generations',
  {
    tenantId: text('tenant_id').notNull(),
    name: text('name').notNull(),
    token: text('token').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.name] })],
);
