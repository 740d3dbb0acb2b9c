import type { AppContext } from '../../context';
import { insertUnits } from '../../modules/org';
import { refreshPlannerStats } from '../client';
import { loadDivisions, shortVillageName } from './divisions';

/**
 * Loads the org tree of all of Zhejiang — 90 county-level units, 1,387 towns/streets and
 * 25,547 villages/communities with their official codes — one tenant per county, for
 * province-scale benchmarks. No people, no accounts.
 */
export async function seedProvinceTree(ctx: AppContext, onStep?: (level: string, count: number) => void): Promise<number> {
  const d = loadDivisions();
  const ids = new Map<string, { id: number; tenant: string }>();
  let total = 0;
  await ctx.db.transaction(async (tx) => {
    const counties = await insertUnits(
      tx,
      d.counties.map(([code, name]) => ({ tenantId: code, parentId: null, code, name, type: 'county' })),
    );
    counties.forEach((c) => ids.set(c.code, { id: c.id, tenant: c.code }));
    onStep?.('county', counties.length);
    const towns = await insertUnits(
      tx,
      d.towns.map(([code, name, county]) => ({ tenantId: county, parentId: ids.get(county)!.id, code, name, type: name.endsWith('街道') ? 'street' : 'town' })),
    );
    towns.forEach((t) => ids.set(t.code, { id: t.id, tenant: t.tenantId }));
    onStep?.('town', towns.length);
    const villages = await insertUnits(
      tx,
      d.villages.map(([code, name, town]) => ({
        tenantId: ids.get(town)!.tenant,
        parentId: ids.get(town)!.id,
        code,
        name: shortVillageName(name),
        type: /居委会$|居民委员会$|社区/.test(name) ? 'community' : 'village',
      })),
    );
    onStep?.('village', villages.length);
    total = counties.length + towns.length + villages.length;
  });
  await refreshPlannerStats(ctx.db);
  return total;
}
