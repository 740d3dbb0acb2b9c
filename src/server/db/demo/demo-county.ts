import { sql } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { queryRows, refreshPlannerStats } from '../client';
import type { Role } from '../../../shared/roles';
import { recordAudit } from '../../modules/audit';
import { createUserAsSystem } from '../../modules/auth';
import { seedIndicatorDemo } from '../../modules/indicators';
import { seedMobilizationDemo } from '../../modules/mobilization';
import { seedLedgerDemo } from '../../modules/ledger';
import { seedSurveyDemo } from '../../modules/surveys';
import { seedAssessmentDemo } from '../../modules/assessment';
import { seedReportsDemo } from '../../modules/reports';
import { seedCockpitDemo } from '../../modules/cockpit';
import { seedMapsDemo } from '../../modules/maps';
import { seedTalentDemo } from '../../modules/talent';
import { seedHousingDemo } from '../../modules/talent';
import { seedCadresDemo } from '../../modules/cadres';
import { seedPairingsDemo } from '../../modules/pairings';
import { insertUnits } from '../../modules/org';
import { insertPeople, type NewPerson } from '../../modules/people';
import type { OrgType } from '../../../shared/org-types';
import { countyDivision } from './divisions';
import { rng, syntheticIdNumber, syntheticName, syntheticPhone, type Rng } from './synthetic';

/** Every demo account starts with this password and must change it at first login. */
export const DEMO_PASSWORD = 'Lizhou@2022';

export interface DemoOptions {
  countyCode?: string;
  /** 47,213 by default, so the registry says "4.7万余名党员" like the seed. */
  partyMembers?: number;
  /** Smaller trees for tests. */
  maxTowns?: number;
  maxVillagesPerTown?: number;
  /** People who are not party members (talents, 乡贤, volunteers…). */
  otherPeople?: number;
  onStep?: (step: string, done?: number, total?: number) => void;
}

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  unitCode: string;
  unitName: string;
  departmentCode?: string;
}

export interface DemoResult {
  units: number;
  people: number;
  partyMembers: number;
  accounts: DemoAccount[];
}

// A fixed reference date keeps the demo identical whenever it is generated.
const REFERENCE = '2026-11-01';

interface U {
  code: string;
  name: string;
  type: OrgType;
  parentCode: string | null;
  /** Share of party members this branch receives. */
  weight?: number;
}

/** The county of the seed document: its venues, schools and enterprise names are the seed's. */
const SEED_COUNTY = '330784';

/**
 * Builds a county's tree as plain rows, parents before children: its real divisions with the
 * party organizations the demo puts on them. Also bench:load:province's tree for every county.
 */
export function planTree(countyCode: string, opts: Pick<DemoOptions, 'maxTowns' | 'maxVillagesPerTown'>, r: Rng): U[][] {
  const div = countyDivision(countyCode);
  const towns = div.towns.slice(0, opts.maxTowns ?? div.towns.length);
  const levels: U[][] = [[{ code: div.code, name: div.name, type: 'county', parentCode: null }], [], [], [], []];
  const committee = div.name.endsWith('区') ? '区委' : div.name.endsWith('县') ? '县委' : '市委';
  for (const [c, n] of [
    ['ZZB', '组织部'],
    ['XCB', '宣传部'],
    ['TZB', '统战部'],
  ]) {
    levels[1].push({ code: `${countyCode}-${c}`, name: committee + n, type: 'department', parentCode: countyCode });
    levels[2].push({ code: `${countyCode}-${c}-JG`, name: `${committee}${n}机关党支部`, type: 'branch', parentCode: `${countyCode}-${c}`, weight: 0.3 });
  }
  const jt = `${countyCode}-JTDW`;
  levels[1].push({ code: jt, name: '交通运输行业党委', type: 'industry_party_committee', parentCode: countyCode });
  ['货车司机第一党支部', '货车司机第二党支部', '客运党支部', '物流企业联合党支部'].forEach((n, i) =>
    levels[2].push({ code: `${jt}-${i + 1}`, name: n, type: 'branch', parentCode: jt, weight: 1.2 }),
  );

  // Named in the seed (宗教示范场所, 民族团结进步培育单位); placement in towns is illustrative.
  // Other counties get generic names in the same places.
  const seed = countyCode === SEED_COUNTY;
  const short = (town: string) => (seed ? town.replace(/镇|街道$/, '') : town.replace(/(镇|乡|街道)$/, ''));
  const venue = (ti: number, town: string) => (seed ? ['正觉寺', '金江龙教堂', '金川教堂'][ti] : `${short(town)}宗教活动场所`);
  const school = (i: 0 | 1, town: string) => (seed ? ['石柱初级中学', '大徐小学'][i] : `${short(town)}${['初级中学', '小学'][i]}`);
  const enterprise = (town: string) => (seed ? `${short(town)}示范五金制品有限公司` : `${short(town)}示范制造有限公司`);
  towns.forEach((t, ti) => {
    levels[1].push({ code: t.code, name: t.name, type: t.type, parentCode: countyCode });
    const dw = `${t.code}-DW`;
    levels[2].push({ code: dw, name: `中共${t.name}委员会`, type: 'party_committee', parentCode: t.code });
    levels[3].push({ code: `${dw}-JG1`, name: `${t.name}机关第一党支部`, type: 'branch', parentCode: dw, weight: 0.6 });
    levels[3].push({ code: `${dw}-JG2`, name: `${t.name}机关第二党支部`, type: 'branch', parentCode: dw, weight: 0.6 });
    const ent = `${t.code}-QY1`;
    levels[2].push({ code: ent, name: `${enterprise(t.name)}（${seed ? '演示' : '合成'}）`, type: 'enterprise', parentCode: t.code });
    levels[3].push({ code: `${ent}-DZB`, name: `${enterprise(t.name)}党支部`, type: 'branch', parentCode: ent, weight: 0.5 });
    if (ti < 3) levels[2].push({ code: `${t.code}-ZJ1`, name: venue(ti, t.name), type: 'religious_venue', parentCode: t.code });
    if (t.name === '石柱镇' || (ti === 1 && !towns.some((x) => x.name === '石柱镇'))) {
      levels[2].push({ code: `${t.code}-XX1`, name: school(0, t.name), type: 'school', parentCode: t.code });
    }
    if (ti === 2) levels[2].push({ code: `${t.code}-XX2`, name: school(1, t.name), type: 'school', parentCode: t.code });

    const villages = t.villages.slice(0, opts.maxVillagesPerTown ?? t.villages.length);
    for (const v of villages) {
      levels[2].push({ code: v.code, name: v.name, type: v.type, parentCode: t.code });
      // Communities and about one village in six are large enough for a general branch.
      if (v.type === 'community' || r.next() < 1 / 6) {
        const zz = `${v.code}-DZZ`;
        levels[3].push({ code: zz, name: `${v.name}党总支`, type: 'general_branch', parentCode: v.code });
        const n = r.int(2, 3);
        for (let i = 1; i <= n; i++) {
          levels[4].push({ code: `${zz}-${i}`, name: `${v.name}第${'一二三'[i - 1]}党支部`, type: 'branch', parentCode: zz, weight: 0.9 });
        }
      } else {
        levels[3].push({ code: `${v.code}-DZB`, name: `${v.name}党支部`, type: 'branch', parentCode: v.code, weight: 1 });
      }
    }
  });
  return levels;
}

/**
 * Loads the demo county into an empty database: Yongkang's real divisions, departments and
 * party organizations, 47,213 synthetic party members and other people, and one account per role.
 */
export async function seedDemo(ctx: AppContext, opts: DemoOptions = {}): Promise<DemoResult> {
  const countyCode = opts.countyCode ?? '330784';
  const r = rng(20221231);
  const levels = planTree(countyCode, opts, r);
  const step = opts.onStep ?? (() => {});

  const result = await ctx.db.transaction(async (tx) => {
    step('组织架构');
    const byCode = new Map<string, { id: number; type: string; name: string }>();
    for (const level of levels) {
      const rows = await insertUnits(
        tx,
        level.map((u) => ({ tenantId: countyCode, parentId: u.parentCode ? byCode.get(u.parentCode)!.id : null, code: u.code, name: u.name, type: u.type })),
      );
      rows.forEach((row) => byCode.set(row.code, row));
    }
    const all = levels.flat();
    const branches = all.filter((u) => u.weight);

    step('人员');
    const people = planPeople(r, countyCode, branches, byCode, all, opts);
    await insertPeople(ctx, tx, people, (done, total) => step('人员', done, total));

    step('账号');
    const accounts = demoAccounts(countyCode, all);
    for (const a of accounts) {
      await createUserAsSystem(ctx, { username: a.username, displayName: a.displayName, orgUnitCode: a.unitCode, departmentCode: a.departmentCode, role: a.role, password: DEMO_PASSWORD, via: '演示数据' }, tx);
    }
    step('指标与填报');
    const villageAccount = accounts.find((a) => a.role === 'village')!;
    await seedIndicatorDemo(tx, countyCode, r, { villageUnitCode: villageAccount.unitCode, countyActor: '组织部干部（演示）' });
    step('应急动员与一线派驻');
    await seedMobilizationDemo(tx, ctx.crypto, countyCode, r, { actorName: '组织部干部（演示）' });
    step('工作台账');
    await seedLedgerDemo(tx, countyCode, r, { actorName: '组织部干部（演示）' });
    step('群众评价');
    await seedSurveyDemo(tx, ctx.crypto, countyCode, { actorName: '组织部干部（演示）' });
    // Before the rankings: the county evaluation scores 入选国家级人才数, counted from these records.
    step('人才公寓与海外引才');
    const housing = await seedHousingDemo(ctx, tx, countyCode, { small: opts.maxTowns != null });
    step('考评排名');
    await seedAssessmentDemo(tx, countyCode, r);
    step('年度综述模板');
    await seedReportsDemo(tx, countyCode);
    await seedCockpitDemo(tx, countyCode);
    step('地图');
    await seedMapsDemo(tx, countyCode, r);
    step('结对联系');
    await seedPairingsDemo(tx, countyCode, { actorName: '统战部干部（演示）' });
    step('干部之家');
    const cadres = await seedCadresDemo(ctx, tx, countyCode, { actorName: '组织部干部（演示）', townCode: accounts.find((a) => a.role === 'town')!.unitCode, password: DEMO_PASSWORD });
    accounts.push({ ...cadres.account, role: 'personal' });
    step('人才服务');
    const talent = await seedTalentDemo(ctx, tx, countyCode, { password: DEMO_PASSWORD });
    accounts.push(...talent.accounts);
    const root = byCode.get(countyCode)!;
    await recordAudit(
      tx,
      null,
      { action: 'system.seed_demo', entityType: 'system', orgUnitId: root.id, orgPath: `${root.id}.`, summary: `载入演示县（${all.length} 个单位，${people.length + housing.people + talent.people} 人）` },
      { tenantId: countyCode, actorName: '系统' },
    );
    const partyMembers = people.filter((p) => p.roles.some((x) => x.role === 'party_member')).length;
    return { units: all.length, people: people.length + housing.people + talent.people, partyMembers, accounts };
  });
  await refreshPlannerStats(ctx.db);
  return result;
}

function planPeople(r: Rng, tenantId: string, branches: U[], byCode: Map<string, { id: number }>, all: U[], opts: DemoOptions): NewPerson[] {
  const total = opts.partyMembers ?? 47_213;
  const weightSum = branches.reduce((s, b) => s + b.weight!, 0);
  const used = new Set<string>();
  const people: NewPerson[] = [];
  let phoneSerial = 0;
  const refYear = Number(REFERENCE.slice(0, 4));

  // Largest-remainder allocation so the counts add up to exactly `total`.
  const quotas = branches.map((b) => (total * b.weight!) / weightSum);
  const counts = quotas.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  quotas
    .map((q, i) => [q - Math.floor(q), i] as const)
    .sort((a, b) => b[0] - a[0])
    .forEach(([, i]) => {
      if (left-- > 0) counts[i]++;
    });

  const person = (homeCode: string, minAge: number, maxAge: number): NewPerson => {
    const birthYear = refYear - r.int(minAge, maxAge);
    const male = r.next() < 0.68;
    const { id } = syntheticIdNumber(r, birthYear, male, used);
    return {
      tenantId,
      name: syntheticName(r),
      idNumber: id,
      phone: r.next() < 0.8 ? syntheticPhone(phoneSerial++) : null,
      orgUnitId: byCode.get(homeCode)!.id,
      source: 'demo',
      roles: [],
    };
  };

  branches.forEach((b, bi) => {
    for (let i = 0; i < counts[bi]; i++) {
      const p = person(b.code, 20, 90);
      const birthYear = Number(p.idNumber.slice(6, 10));
      const earliest = Math.max(birthYear + 18, 1950);
      const joinYear = r.int(earliest, Math.max(earliest, refYear));
      const joinDate = `${joinYear}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
      const probationary = joinDate > '2025-11-01' && joinDate <= REFERENCE;
      p.roles.push({ role: 'party_member', orgUnitId: p.orgUnitId, startDate: joinDate > REFERENCE ? REFERENCE : joinDate, status: probationary ? 'probationary' : 'formal' });
      // Cadres sit in organ branches; lecturers and volunteers come from everywhere.
      if (/-JG\d?$/.test(b.code) && r.next() < 0.7) {
        p.roles.push({ role: 'cadre', orgUnitId: p.orgUnitId, startDate: '2018-01-01', post: r.pick(['科员', '副科长', '科长', '办公室主任']), rank: r.pick(['一级科员', '四级主任科员', '二级主任科员']) });
      }
      if (r.next() < 0.007) p.roles.push({ role: 'lecturer', startDate: '2021-03-01' });
      if (r.next() < 0.05) p.roles.push({ role: 'volunteer', startDate: '2020-05-01' });
      people.push(p);
    }
  });

  // People outside the party: 乡贤 in villages, talents in enterprises, non-party cadres, volunteers.
  const villages = all.filter((u) => u.type === 'village' || u.type === 'community');
  const enterprises = all.filter((u) => u.type === 'enterprise');
  const towns = all.filter((u) => u.type === 'town' || u.type === 'street');
  const others = opts.otherPeople ?? 2_100;
  for (let i = 0; i < others; i++) {
    const kind = i % 7;
    if (kind === 0 && villages.length) {
      const p = person(r.pick(villages).code, 40, 80);
      p.roles.push({ role: 'worthy', startDate: '2019-06-01' });
      people.push(p);
    } else if (kind === 1 && enterprises.length) {
      const p = person(r.pick(enterprises).code, 25, 55);
      p.roles.push({ role: 'talent', startDate: `${r.int(2016, 2022)}-07-01` });
      people.push(p);
    } else if (kind === 2 && towns.length && i % 21 === 2) {
      const p = person(r.pick(towns).code, 30, 58);
      p.roles.push({ role: 'non_party_cadre', orgUnitId: p.orgUnitId, startDate: '2017-09-01', post: '副镇长' });
      people.push(p);
    } else if (villages.length) {
      const p = person(r.pick(villages).code, 18, 70);
      p.roles.push({ role: 'volunteer', startDate: `${r.int(2018, 2022)}-03-05` });
      people.push(p);
    }
  }
  return people;
}

function demoAccounts(countyCode: string, all: U[]): DemoAccount[] {
  const name = (code: string) => all.find((u) => u.code === code)?.name ?? code;
  const town = all.find((u) => u.name === '石柱镇') ?? all.find((u) => u.type === 'town')!;
  const village = all.find((u) => (u.type === 'village' || u.type === 'community') && u.parentCode === town.code)!;
  const list: Omit<DemoAccount, 'unitName'>[] = [
    { username: 'admin', displayName: '系统管理员', role: 'admin', unitCode: countyCode },
    { username: 'zzb', displayName: '组织部干部（演示）', role: 'dept', unitCode: countyCode, departmentCode: `${countyCode}-ZZB` },
    { username: 'xcb', displayName: '宣传部干部（演示）', role: 'dept', unitCode: countyCode, departmentCode: `${countyCode}-XCB` },
    { username: 'tzb', displayName: '统战部干部（演示）', role: 'dept', unitCode: countyCode, departmentCode: `${countyCode}-TZB` },
    { username: 'town', displayName: `${town.name}干部（演示）`, role: 'town', unitCode: town.code },
    { username: 'village', displayName: `${village.name}干部（演示）`, role: 'village', unitCode: village.code },
    { username: 'leader', displayName: '市领导（演示）', role: 'leader', unitCode: countyCode },
    { username: 'auditor', displayName: '审计员（演示）', role: 'auditor', unitCode: countyCode },
  ];
  return list.map((a) => ({ ...a, unitName: name(a.unitCode) }));
}

/** True when the database has no org units yet. */
export async function isEmpty(ctx: AppContext): Promise<boolean> {
  const [r] = await queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from org_units`);
  return r.n === 0;
}
