import type { AppContext } from '../../context';
import { insertUnits } from '../../modules/org';
import { refreshPlannerStats } from '../client';
import { loadDivisions, shortVillageName } from './divisions';

/** Code, name and tenant of the province root that `provinceRoot: true` puts above the counties. */
export const PROVINCE_ROOT = { code: '330000', name: '浙江省', tenantId: '330000' } as const;

/**
 * Loads the org tree of all of Zhejiang — 90 county-level units, 1,387 towns/streets and
 * 25,547 villages/communities with their official codes — for province-scale benchmarks. No
 * people, no accounts. By default one tenant per county and no root above the counties; with
 * `provinceRoot`, one root 浙江省 (330000) over the counties and every unit in tenant 330000,
 * so a province-level actor sees the whole tree. Returns the number of units inserted.
 */
export async function seedProvinceTree(
  ctx: AppContext,
  onStep?: (level: string, count: number) => void,
  opts: { provinceRoot?: boolean } = {},
): Promise<number> {
  const d = loadDivisions();
  const ids = new Map<string, { id: number; tenant: string }>();
  let total = 0;
  await ctx.db.transaction(async (tx) => {
    let rootId: number | null = null;
    if (opts.provinceRoot) {
      const [root] = await insertUnits(tx, [{ tenantId: PROVINCE_ROOT.tenantId, parentId: null, code: PROVINCE_ROOT.code, name: PROVINCE_ROOT.name, type: 'province' }]);
      rootId = root.id;
      onStep?.('province', 1);
      total += 1;
    }
    const counties = await insertUnits(
      tx,
      d.counties.map(([code, name]) => ({ tenantId: opts.provinceRoot ? PROVINCE_ROOT.tenantId : code, parentId: rootId, code, name, type: 'county' })),
    );
    counties.forEach((c) => ids.set(c.code, { id: c.id, tenant: c.tenantId }));
    onStep?.('county', counties.length);
    const towns = await insertUnits(
      tx,
      d.towns.map(([code, name, county]) => ({ tenantId: ids.get(county)!.tenant, parentId: ids.get(county)!.id, code, name, type: name.endsWith('街道') ? 'street' : 'town' })),
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
    total += counties.length + towns.length + villages.length;
  });
  await refreshPlannerStats(ctx.db);
  return total;
}
