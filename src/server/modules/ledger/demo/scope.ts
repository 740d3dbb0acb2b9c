import { eq } from 'drizzle-orm';
import { independentReads, type DbOrTx } from '../../../db/client';
import { findUnitsByCodes, unitsOfTypesUnder } from '../../org';
import type { RecordKind } from '../../../../shared/ledger';
import { ledgerCategories } from '../ledger.table';

export type Rng = { next(): number; int(min: number, max: number): number; pick<T>(list: readonly T[]): T };

/** Villages and communities of the full demo county (Yongkang): the demo is full at this size. */
export const FULL_VILLAGES = 452;

/**
 * The seed's 2022 figures (full county) that the demo ledger's records reproduce exactly:
 * "15支特色宣讲团开展基层宣讲5200余场次" (5,236), "宣讲微视频120余个" (126), "现场集中办公活动
 * 26场，解决企业需求477个", "学习强国…刊发稿件463篇", "央媒…刊发稿件230余篇" (232), "百镇共建强基
 * 项目36个，总投资10.67亿元", "20家农村文化礼堂", "安防…系统100余套" (108), "金华及以上荣誉…45项",
 * "议政直通车建议26条", "社会服务70余场次" (73), "累计容错4名干部", and 党员违法 17 → 9 (−47.06%).
 * Where the seed says "余", the exact figure is the demo's choice.
 */
export const SEED_FIGURES = {
  lectures: 5236,
  /** 2021's lectures, so 宣讲场次 has a 同比 (the figure the earlier, typed-in demo used). */
  lectures2021: 4710,
  lectureVideos: 126,
  lectureTeams: 15,
  onSiteEvents: 26,
  enterpriseNeedsSolved: 477,
  xxqgArticles: 463,
  centralMediaArticles: 232,
  jointProjects: 36,
  jointInvestment: 1_067_000_000,
  hallsCompleted: 20,
  securitySystems: 108,
  honoursCityAndAbove: 45,
  proposals: 26,
  socialServices: 73,
  faultTolerance: 4,
  violations: 9,
  violations2021: 17,
} as const;

export type LedgerFigures = { -readonly [K in keyof typeof SEED_FIGURES]: number };

/**
 * The figures the demo ledger holds for a county with `villages` villages and communities: the
 * seed's for the full county, proportionally fewer (at least a few of each) for the small test
 * county, so every figure still comes from some records.
 */
export function ledgerDemoFigures(villages: number): LedgerFigures {
  const f = villages >= FULL_VILLAGES ? 1 : villages / FULL_VILLAGES;
  if (f === 1) return { ...SEED_FIGURES };
  const s = (n: number, min: number) => Math.max(min, Math.round(n * f));
  return {
    lectures: s(SEED_FIGURES.lectures, 30),
    lectures2021: s(SEED_FIGURES.lectures2021, 27),
    lectureVideos: s(SEED_FIGURES.lectureVideos, 3),
    lectureTeams: SEED_FIGURES.lectureTeams,
    onSiteEvents: s(SEED_FIGURES.onSiteEvents, 2),
    enterpriseNeedsSolved: s(SEED_FIGURES.enterpriseNeedsSolved, 4),
    xxqgArticles: s(SEED_FIGURES.xxqgArticles, 4),
    centralMediaArticles: s(SEED_FIGURES.centralMediaArticles, 3),
    jointProjects: s(SEED_FIGURES.jointProjects, 2),
    // Investment stays a whole number of 万元, as the funding lines are.
    jointInvestment: s(SEED_FIGURES.jointInvestment / 10_000, 200) * 10_000,
    hallsCompleted: s(SEED_FIGURES.hallsCompleted, 2),
    securitySystems: s(SEED_FIGURES.securitySystems, 3),
    honoursCityAndAbove: s(SEED_FIGURES.honoursCityAndAbove, 3),
    proposals: s(SEED_FIGURES.proposals, 2),
    socialServices: s(SEED_FIGURES.socialServices, 2),
    faultTolerance: s(SEED_FIGURES.faultTolerance, 1),
    violations: s(SEED_FIGURES.violations, 1),
    violations2021: s(SEED_FIGURES.violations2021, 2),
  };
}

export interface Unit {
  id: number;
  code: string;
  name: string;
  type: string;
  parentId: number | null;
  path: string;
}

/** Everything the record generators share: the county's units, categories, scale and helpers. */
export interface DemoScope {
  db: DbOrTx;
  tenantId: string;
  r: Rng;
  actorName: string;
  /** 1 for the full county; villages / 452 for a smaller one. */
  scale: number;
  figures: LedgerFigures;
  county: Unit;
  depts: { ZZB: Unit; XCB: Unit; TZB: Unit };
  towns: Unit[];
  villages: Unit[];
  /** Each town's villages and communities. */
  villagesOf: Map<number, Unit[]>;
  townOf: Map<number, Unit>;
  venues: Unit[];
  schools: Unit[];
  enterprises: Unit[];
  /** Town party committees (中共××镇委员会), where 理论学习中心组 sits. */
  townCommittees: Unit[];
  category(kind: RecordKind, code: string): number;
  /** A case category's deadline in days (办理时限), as cases registered through the API get it. */
  slaDays(code: string): number | null;
  /** A count scaled to the county's size, at least `min`. */
  scaled(n: number, min?: number): number;
}

export async function loadScope(db: DbOrTx, tenantId: string, r: Rng, actorName: string): Promise<DemoScope> {
  const [county] = await findUnitsByCodes(db, [tenantId]);
  const deptRows = await findUnitsByCodes(db, ['ZZB', 'XCB', 'TZB'].map((d) => `${tenantId}-${d}`));
  const dept = (c: string) => deptRows.find((u) => u.code === `${tenantId}-${c}`) ?? county;
  const [towns, villages, venues, schools, enterprises, committees] = await independentReads(db, [
    () => unitsOfTypesUnder(db, county.path, ['town', 'street']),
    () => unitsOfTypesUnder(db, county.path, ['village', 'community']),
    () => unitsOfTypesUnder(db, county.path, ['religious_venue']),
    () => unitsOfTypesUnder(db, county.path, ['school']),
    () => unitsOfTypesUnder(db, county.path, ['enterprise']),
    () => unitsOfTypesUnder(db, county.path, ['party_committee']),
  ] as const);
  const townById = new Map(towns.map((t) => [t.id, t]));
  const townOf = new Map<number, Unit>();
  const villagesOf = new Map<number, Unit[]>(towns.map((t) => [t.id, []]));
  for (const u of [...villages, ...venues, ...schools, ...enterprises, ...committees]) {
    const t = u.path.split('.').filter(Boolean).map(Number).map((id) => townById.get(id)).find(Boolean);
    if (t) townOf.set(u.id, t);
  }
  for (const v of villages) villagesOf.get(townOf.get(v.id)!.id)?.push(v);

  const cats = await db
    .select({ id: ledgerCategories.id, kind: ledgerCategories.kind, code: ledgerCategories.code, slaDays: ledgerCategories.slaDays })
    .from(ledgerCategories)
    .where(eq(ledgerCategories.tenantId, tenantId));
  const catId = new Map(cats.map((c) => [`${c.kind}:${c.code}`, c.id]));
  const sla = new Map(cats.filter((c) => c.kind === 'case').map((c) => [c.code, c.slaDays]));
  const scale = villages.length >= FULL_VILLAGES ? 1 : villages.length / FULL_VILLAGES;
  return {
    db,
    tenantId,
    r,
    actorName,
    scale,
    figures: ledgerDemoFigures(villages.length),
    county,
    depts: { ZZB: dept('ZZB'), XCB: dept('XCB'), TZB: dept('TZB') },
    towns,
    villages,
    villagesOf,
    townOf,
    venues,
    schools,
    enterprises,
    townCommittees: committees.filter((c) => townOf.has(c.id)),
    category(kind, code) {
      const id = catId.get(`${kind}:${code}`);
      if (id == null) throw new Error(`demo ledger: no ${kind} category ${code}`);
      return id;
    },
    slaDays: (code) => sla.get(code) ?? null,
    scaled: (n, min = 1) => (scale === 1 ? n : Math.max(min, Math.round(n * scale))),
  };
}

// ---------------------------------------------------------------- helpers

export const CHUNK = 1000;

/** Inserts rows in chunks of CHUNK, returning whatever each chunk's insert returns, in order. */
export async function inChunks<T, R>(rows: T[], insert: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(...(await insert(rows.slice(i, i + CHUNK))));
  return out;
}

const DAY = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');

export const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
export const ymd = (year: number, month: number, day: number) => `${year}-${pad(month)}-${pad(day)}`;
export const addDays = (date: string, days: number) => new Date(Date.parse(date) + days * DAY).toISOString().slice(0, 10);
export const minDate = (a: string, b: string) => (a < b ? a : b);
/** A moment on a date in China Standard Time, for created/updated stamps and case events. */
export const at = (date: string, hour = 9, minute = 0) => new Date(`${date}T${pad(hour)}:${pad(minute)}:00+08:00`);

/** Activity by month through a year: a lull at the Spring Festival (February) and in high summer. */
export const MONTH_WEIGHTS = [7, 4, 9, 10, 10, 9, 7, 7, 10, 9, 10, 8];

/** A date in `year`: a month drawn by `weights`, then a day within it. */
export function dateIn(r: Rng, year: number, weights: readonly number[] = MONTH_WEIGHTS, months: [number, number] = [1, 12]): string {
  const [from, to] = months;
  const w = weights.slice(from - 1, to);
  let x = r.next() * w.reduce((a, b) => a + b, 0);
  let m = from;
  for (const wi of w) {
    if ((x -= wi) < 0) break;
    m++;
  }
  m = Math.min(m, to);
  return ymd(year, m, r.int(1, daysInMonth(year, m)));
}

/** A date uniformly between two dates (inclusive). */
export const dateBetween = (r: Rng, from: string, to: string) => addDays(from, r.int(0, Math.round((Date.parse(to) - Date.parse(from)) / DAY)));

/** Splits `total` into `n` parts of at least `min` each, deterministically and exactly. */
export function split(r: Rng, total: number, n: number, min = 0): number[] {
  if (n <= 0) return [];
  const free = total - min * n;
  if (free < 0) throw new Error(`cannot split ${total} into ${n} parts of at least ${min}`);
  const w = Array.from({ length: n }, () => 0.4 + r.next());
  const s = w.reduce((a, b) => a + b, 0);
  const out = w.map((x) => min + Math.floor((x / s) * free));
  let rest = total - out.reduce((a, b) => a + b, 0);
  for (let i = 0; rest > 0; i = (i + 1) % n, rest--) out[i]++;
  return out;
}

/** `n` distinct items drawn from `list` (all of it when shorter). */
export function sample<T>(r: Rng, list: readonly T[], n: number): T[] {
  const copy = [...list];
  const out: T[] = [];
  for (let i = 0; i < n && copy.length; i++) out.push(copy.splice(Math.floor(r.next() * copy.length), 1)[0]);
  return out;
}

/** A list in a deterministic random order. */
export const shuffled = <T>(r: Rng, list: readonly T[]) => sample(r, list, list.length);

/** The town name without 镇/街道, as enterprises and local stories call it ("石柱"). */
export const shortTown = (name: string) => name.replace(/(镇|街道)$/, '');
