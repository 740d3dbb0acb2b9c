import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import type { FieldCrypto } from '../../secrets';
import { SUGGESTED_SKILLS, type ActivationLevel, type DispatchFront } from '../../../shared/mobilization';
import { findUnitsByCodes, unitsOfTypesUnder } from '../org';
import { personsUnder } from '../people';
import { dispatches } from './dispatch.table';
import { activationEvents, activationMembers, activations, activationUnits, mobilizationForces, responseUnits, rosterMembers } from './mobilization.table';
import { hashToken, tokenFromSalt } from './tokens';

type Rng = { next(): number; int(min: number, max: number): number; pick<T>(list: readonly T[]): T };

/**
 * The demo county's mobilization, after the seed: "统筹组建3+4应急队伍、464个应急响应单元，为打赢13场
 * 疫情防控遭遇战提供有力保障" and "先后抽调380余名优秀干部参与五金产业转型升级、城市更新、招大引强等重点工作".
 * One unit per village and community (452 in Yongkang) plus 12 county and town units make 464;
 * 13 stood-down activations in 2022 with check-in timelines; 383 cadres posted to the fronts.
 * Force names and everything the seed does not state are illustrative; all of it is deterministic.
 */
const FORCES = [
  { name: '机关党员干部突击队', description: '“3”之一：市级机关党员干部组成的突击力量（演示）' },
  { name: '医疗卫生应急队', description: '“3”之一：医疗救护和核酸检测专业力量（演示）' },
  { name: '流调溯源专班', description: '“3”之一：流行病学调查和溯源（演示）' },
  { name: '核酸采样支援队', description: '“4”之一：跨镇街支援核酸采样（演示）' },
  { name: '卡口值守队', description: '“4”之一：道路卡口和重点场所值守（演示）' },
  { name: '转运保障队', description: '“4”之一：人员转运和物资保障（演示）' },
  { name: '村（社区）网格防控队', description: '“4”之一：每个村（社区）一个应急响应单元（演示）' },
];
const GRID_FORCE = FORCES.length - 1;
/** County and town units besides the villages' own: 452 + 12 = 464 in the full county. */
const EXTRA_UNITS_FULL = 12;
const FULL_VILLAGES = 452;

const ACTIVATIONS: { at: string; event: string; level: ActivationLevel }[] = [
  { at: '2022-01-08T20:30', event: '“1·08”输入性疫情防控应急处置', level: 'III' },
  { at: '2022-02-14T07:50', event: '“2·14”密接人员排查管控', level: 'IV' },
  { at: '2022-03-12T22:10', event: '“3·12”疫情防控遭遇战', level: 'II' },
  { at: '2022-03-27T06:40', event: '“3·27”区域核酸检测', level: 'III' },
  { at: '2022-04-09T21:15', event: '“4·09”疫情防控应急处置', level: 'II' },
  { at: '2022-04-26T19:30', event: '“4·26”重点人员排查', level: 'IV' },
  { at: '2022-05-18T23:05', event: '“5·18”疫情防控遭遇战', level: 'II' },
  { at: '2022-07-06T08:20', event: '“7·06”外省输入疫情应急处置', level: 'III' },
  { at: '2022-08-02T21:40', event: '“8·02”疫情防控遭遇战', level: 'I' },
  { at: '2022-08-19T05:55', event: '“8·19”全员核酸检测', level: 'III' },
  { at: '2022-10-06T20:10', event: '“10·06”国庆返程疫情应急处置', level: 'III' },
  { at: '2022-10-29T22:30', event: '“10·29”疫情防控遭遇战', level: 'II' },
  { at: '2022-11-24T18:45', event: '“11·24”区域管控应急处置', level: 'III' },
];
const DECLINE_REASONS = ['在外地出差，当日无法返回', '身体不适', '家中老人需要照顾', '正在单位值班', '居住小区处于管控中'];

const FRONTS: { front: DispatchFront; share: number; postedTo: string[]; roles: string[] }[] = [
  { front: 'transformation', share: 0.36, postedTo: ['五金产业转型升级专班', '驻企服务组', '“五金产业大脑”建设专班', '数字化车间改造服务组'], roles: ['驻企指导员', '专班成员', '项目专员'] },
  { front: 'urban_renewal', share: 0.26, postedTo: ['城市有机更新指挥部', '旧城改造征迁组', '城中村改造工作组'], roles: ['征迁工作组组长', '专班成员', '群众工作员'] },
  { front: 'investment', share: 0.24, postedTo: ['招商引资专班（长三角）', '重大项目推进组', '驻外招商联络处'], roles: ['招商专员', '项目专员', '专班成员'] },
  { front: 'grassroots', share: 0.14, postedTo: ['基层治理“四平台”', '信访化解工作组', '共同富裕示范村工作组'], roles: ['驻村指导员', '网格指导员', '工作组成员'] },
];
/** Distinct cadres posted in 2022 in the full county — "380余名". */
const DISPATCHED_FULL = 383;

const at = (local: string) => new Date(`${local}:00+08:00`);
const addMinutes = (d: Date, m: number) => new Date(d.getTime() + m * 60_000);
const CHUNK = 1000;

function sample<T>(r: Rng, list: readonly T[], n: number): T[] {
  const copy = [...list];
  const out: T[] = [];
  for (let i = 0; i < n && copy.length; i++) out.push(copy.splice(Math.floor(r.next() * copy.length), 1)[0]);
  return out;
}

function skills(r: Rng): string[] {
  return sample(r, SUGGESTED_SKILLS, r.next() < 0.7 ? 1 : 2);
}

function salt(r: Rng): string {
  return Buffer.from(Array.from({ length: 16 }, () => Math.floor(r.next() * 256))).toString('base64url');
}

export async function seedMobilizationDemo(db: DbOrTx, crypto: FieldCrypto, countyCode: string, r: Rng, opts: { actorName: string }) {
  const [county] = await findUnitsByCodes(db, [countyCode]);
  const depts = await findUnitsByCodes(db, ['ZZB', 'XCB', 'TZB'].map((d) => `${countyCode}-${d}`));
  const towns = await unitsOfTypesUnder(db, county.path, ['town', 'street']);
  const villages = await unitsOfTypesUnder(db, county.path, ['village', 'community']);
  const people = await personsUnder(db, county.path);

  // ---- forces
  const forceIds = (await db
    .insert(mobilizationForces)
    .values(FORCES.map((f, i) => ({ tenantId: countyCode, orgUnitId: county.id, name: f.name, description: f.description, sortOrder: i + 1 })))
    .returning({ id: mobilizationForces.id })).map((f) => f.id);

  // ---- units and rosters, planned in memory
  const villageIds = new Set(villages.map((v) => v.id));
  const townIds = new Set(towns.map((t) => t.id));
  const byVillage = new Map<number, typeof people>();
  const byTown = new Map<number, typeof people>();
  const cadres: typeof people = [];
  for (const p of people) {
    const ids = p.path.split('.').filter(Boolean).map(Number);
    const v = ids.find((id) => villageIds.has(id));
    const t = ids.find((id) => townIds.has(id));
    if (v != null) (byVillage.get(v) ?? byVillage.set(v, []).get(v)!).push(p);
    if (t != null) (byTown.get(t) ?? byTown.set(t, []).get(t)!).push(p);
    if (p.roles.includes('cadre')) cadres.push(p);
  }
  interface PlannedUnit {
    forceIdx: number;
    orgUnitId: number;
    townId: number | null;
    name: string;
    minStrength: number;
    roster: number[];
  }
  const planned: PlannedUnit[] = [];
  for (const v of villages) {
    const pool = byVillage.get(v.id) ?? [];
    const roster = sample(r, pool, r.int(10, 18)).map((p) => p.id);
    const town = v.path.split('.').filter(Boolean).map(Number).find((id) => townIds.has(id)) ?? null;
    planned.push({ forceIdx: GRID_FORCE, orgUnitId: v.id, townId: town, name: `${v.name}应急响应单元`, minStrength: Math.min(roster.length, r.int(6, 10)), roster });
  }
  const extras = villages.length >= FULL_VILLAGES ? EXTRA_UNITS_FULL : Math.min(EXTRA_UNITS_FULL, Math.max(GRID_FORCE, Math.round((EXTRA_UNITS_FULL * villages.length) / FULL_VILLAGES)));
  for (let i = 0; i < extras; i++) {
    const forceIdx = i % GRID_FORCE;
    // The cadre shock force sits with the county departments; the others with the towns.
    const host = forceIdx === 0 && depts.length ? depts[Math.floor(i / GRID_FORCE) % depts.length] : towns[i % towns.length];
    const pool = forceIdx === 0 ? cadres : (byTown.get(host.id) ?? []);
    const cadreFirst = [...pool].sort((a, b) => Number(b.roles.includes('cadre')) - Number(a.roles.includes('cadre')));
    const roster = sample(r, cadreFirst.slice(0, Math.max(40, Math.floor(cadreFirst.length / 3))), r.int(15, 25)).map((p) => p.id);
    planned.push({ forceIdx, orgUnitId: host.id, townId: townIds.has(host.id) ? host.id : null, name: `${host.name}${FORCES[forceIdx].name.replace(/队$|专班$/, '')}单元`, minStrength: Math.min(roster.length, r.int(10, 15)), roster });
  }
  const unitRows = [];
  for (let i = 0; i < planned.length; i += CHUNK) {
    unitRows.push(
      ...(await db
        .insert(responseUnits)
        .values(
          planned.slice(i, i + CHUNK).map((u) => ({
            tenantId: countyCode,
            forceId: forceIds[u.forceIdx],
            orgUnitId: u.orgUnitId,
            name: u.name,
            leaderPersonId: u.roster[0] ?? null,
            deputyPersonId: u.roster[1] ?? null,
            minStrength: u.minStrength,
            // Formed with the 3+4 forces before the 2022 outbreaks they answered.
            createdAt: new Date('2021-12-01T01:00:00Z'),
          })),
        )
        .returning({ id: responseUnits.id })),
    );
  }
  const unitIds = unitRows.map((u) => u.id);
  const rosterPlan: { unitIdx: number; personId: number; position: 'leader' | 'deputy' | 'member'; available: boolean }[] = [];
  const rosterRows = planned.flatMap((u, ui) =>
    u.roster.map((personId, k) => {
      const roll = r.next();
      const availability = k < 2 || roll < 0.9 ? 'available' : roll < 0.97 ? 'limited' : 'unavailable';
      const position = k === 0 ? 'leader' : k === 1 ? 'deputy' : 'member';
      rosterPlan.push({ unitIdx: ui, personId, position, available: availability !== 'unavailable' });
      return {
        tenantId: countyCode,
        unitId: unitIds[ui],
        personId,
        position,
        skills: skills(r),
        availability,
        availabilityNote: availability === 'limited' ? '工作日白天可调' : availability === 'unavailable' ? '病休中' : null,
        createdAt: at('2021-12-20T09:00'),
        updatedAt: at('2021-12-20T09:00'),
      };
    }),
  );
  for (let i = 0; i < rosterRows.length; i += CHUNK) await db.insert(rosterMembers).values(rosterRows.slice(i, i + CHUNK));

  // ---- 13 activations in 2022, each stood down, with check-in timelines
  let members = 0;
  for (const [n, spec] of ACTIVATIONS.entries()) {
    const issuedAt = at(spec.at);
    const townCount = Math.min(towns.length, spec.level === 'I' ? 3 : spec.level === 'II' ? 2 : 1);
    const hitTowns = new Set(Array.from({ length: townCount }, (_, k) => towns[(n * 2 + k) % towns.length].id));
    const unitIdxs = planned.map((u, i) => ({ u, i })).filter(({ u }) => (u.forceIdx === GRID_FORCE && u.townId != null && hitTowns.has(u.townId)) || (u.forceIdx !== GRID_FORCE && (u.townId == null ? n % 3 === 0 : hitTowns.has(u.townId))));
    const assemblyAt = addMinutes(issuedAt, r.int(6, 12) * 10);
    const standDownAt = addMinutes(issuedAt, r.int(3, 14) * 24 * 60 + r.int(0, 600));
    const place = towns.find((t) => hitTowns.has(t.id))?.name ?? county.name;
    const [a] = await db
      .insert(activations)
      .values({
        tenantId: countyCode,
        issuerUnitId: county.id,
        event: spec.event,
        level: spec.level,
        instructions: '按属地网格开展排查、核酸采样和卡口值守，服从现场指挥部统一调度，做好个人防护。',
        assemblyPoint: `${place}人民政府大院`,
        assemblyAt,
        status: 'stood_down',
        issuedBy: opts.actorName,
        issuedAt,
        standDownAt,
        standDownBy: opts.actorName,
        version: 2,
      })
      .returning({ id: activations.id });
    await db.insert(activationUnits).values(unitIdxs.map(({ u, i }) => ({ tenantId: countyCode, activationId: a.id, unitId: unitIds[i], minStrength: u.minStrength })));
    const chosen = new Set(unitIdxs.map((x) => x.i));
    const rank = { leader: 0, deputy: 1, member: 2 };
    const callable = rosterPlan.filter((x) => chosen.has(x.unitIdx) && x.available).sort((x, y) => rank[x.position] - rank[y.position] || x.unitIdx - y.unitIdx || x.personId - y.personId);
    const seen = new Set<number>();
    const rows = [];
    let arrived = 0;
    for (const c of callable) {
      if (seen.has(c.personId)) continue;
      seen.add(c.personId);
      const notifiedAt = new Date(issuedAt.getTime() + r.int(5, 90) * 1000);
      const opened = r.next() < 0.94;
      const openedAt = opened ? addMinutes(notifiedAt, 0.3 + 12 * r.next() ** 2) : null;
      const roll = r.next();
      const s = salt(r);
      const row: typeof activationMembers.$inferInsert = {
        tenantId: countyCode,
        activationId: a.id,
        unitId: unitIds[c.unitIdx],
        personId: c.personId,
        tokenSalt: s,
        tokenHash: hashToken(tokenFromSalt(crypto, s)),
        notifiedAt,
        notifyCount: 1,
        lastNotifiedAt: notifiedAt,
        openedAt,
        updatedAt: standDownAt,
      };
      if (openedAt && roll < 0.87) {
        Object.assign(row, { response: 'arrived', arrivedAt: addMinutes(openedAt, 6 + 70 * r.next() ** 1.5), responseVia: 'link' });
      } else if (openedAt && roll < 0.93) {
        Object.assign(row, { response: 'declined', declinedAt: addMinutes(openedAt, r.int(1, 10)), declineReason: r.pick(DECLINE_REASONS), responseVia: 'link' });
      } else if (!openedAt && roll < 0.35) {
        Object.assign(row, { response: 'arrived', arrivedAt: addMinutes(issuedAt, r.int(25, 150)), responseVia: 'hand', checkedInBy: '带队负责人（演示）' });
      }
      if (row.response === 'arrived') arrived++;
      rows.push(row);
    }
    for (let i = 0; i < rows.length; i += CHUNK) await db.insert(activationMembers).values(rows.slice(i, i + CHUNK));
    members += rows.length;
    const share = rows.length ? Math.round((arrived / rows.length) * 1000) / 10 : 0;
    await db.insert(activationEvents).values([
      { tenantId: countyCode, activationId: a.id, kind: 'issued', actorName: opts.actorName, summary: `发布激活令：激活 ${unitIdxs.length} 个单元，通知 ${rows.length} 人`, at: issuedAt },
      { tenantId: countyCode, activationId: a.id, kind: 'renotify', actorName: opts.actorName, summary: '再次通知未响应的成员', at: addMinutes(issuedAt, 30) },
      { tenantId: countyCode, activationId: a.id, kind: 'stood_down', actorName: opts.actorName, summary: '解除激活令，报到链接关闭', at: standDownAt },
    ]);
    await db
      .update(activations)
      .set({ afterActionNotes: `应急响应单元 ${unitIdxs.length} 个、成员 ${rows.length} 人响应，到岗率 ${share}%。网格排查、核酸采样和卡口值守按时完成；部分成员因出差、值班未能到岗，已由单元内其他成员顶岗。（演示）` })
      .where(eq(activations.id, a.id));
  }

  // ---- cadre dispatch to the four fronts (四个一线) in 2022
  const people2 = villages.length >= FULL_VILLAGES ? DISPATCHED_FULL : Math.max(8, Math.round((DISPATCHED_FULL * villages.length) / FULL_VILLAGES));
  const posted = sample(r, cadres.length >= people2 ? cadres : [...cadres, ...people.filter((p) => !p.roles.includes('cadre'))], people2);
  const enterprises = await unitsOfTypesUnder(db, county.path, ['enterprise']);
  const hosts: Record<DispatchFront, { id: number }[]> = {
    transformation: enterprises.length ? enterprises : towns,
    urban_renewal: towns,
    investment: [county, ...towns.slice(0, 3)],
    grassroots: villages.length ? villages : towns,
  };
  const dispatchRows: (typeof dispatches.$inferInsert)[] = [];
  const frontOf = (x: number): (typeof FRONTS)[number] => {
    let acc = 0;
    for (const f of FRONTS) if (x < (acc += f.share)) return f;
    return FRONTS[FRONTS.length - 1];
  };
  /** YYYY-MM of month `m` counted from January of `year` (m may pass 12). */
  const ym = (year: number, m: number) => `${year + Math.floor((m - 1) / 12)}-${String(((m - 1) % 12) + 1).padStart(2, '0')}`;
  const plan = (personId: number, f: (typeof FRONTS)[number], startMonth: number, months: number, mayEndEarly: boolean) => {
    const day = String(r.int(1, 28)).padStart(2, '0');
    const start = `${ym(2022, startMonth)}-${day}`;
    const early = mayEndEarly && r.next() < 0.08;
    dispatchRows.push({
      tenantId: countyCode,
      personId,
      front: f.front,
      postedUnitId: r.pick(hosts[f.front]).id,
      postedTo: r.pick(f.postedTo),
      role: r.pick(f.roles),
      startDate: start,
      endDate: `${ym(2022, startMonth + months)}-${day}`,
      endedEarlyOn: early ? `${ym(2022, startMonth + 1)}-28` : null,
      endReason: early ? '工作需要调回原单位' : null,
      createdBy: opts.actorName,
      createdAt: at(`${start}T09:00`),
      updatedAt: at(`${start}T09:00`),
    });
    return { startMonth, months };
  };
  // A few cadres hold a second posting: most after the first ends, two at the same time (flagged).
  const twice = Math.max(2, Math.round(posted.length / 60));
  for (const [k, p] of posted.entries()) {
    const first = plan(p.id, frontOf(r.next()), r.int(1, 10), r.int(3, 12), k >= twice);
    if (k < 2) plan(p.id, frontOf(r.next()), first.startMonth + 1, 2, false);
    else if (k < twice) plan(p.id, frontOf(r.next()), first.startMonth + first.months + 1, r.int(2, 6), false);
  }
  for (let i = 0; i < dispatchRows.length; i += CHUNK) await db.insert(dispatches).values(dispatchRows.slice(i, i + CHUNK));

  return { forces: FORCES.length, units: planned.length, rosterMembers: rosterRows.length, activations: ACTIVATIONS.length, activationMembers: members, dispatches: dispatchRows.length, dispatchedCadres: posted.length };
}
