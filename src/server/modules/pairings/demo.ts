import type { DbOrTx } from '../../db/client';
import { rng, type Rng } from '../../db/demo/synthetic';
import { ENTREPRENEUR_LABEL, JOINT_UNIT_LABEL, LEAD_UNIT_LABEL, LEADER_LABEL, MEMBER_UNIT_LABEL, type ContactKind, type PairingKind } from '../../../shared/pairings';
import { seedDerivedCountyFigures } from '../indicators';
import { findUnitsByCodes, unitsOfTypesUnder } from '../org';
import { personsUnder } from '../people';
import { pairingContacts, pairingParties, pairings } from './pairings.table';
import { todayCst } from './pairings.service';

/**
 * The demo county's pairings, after the seed: "全域推行党建联建机制，4条共同富裕党建示范带初见成效"
 * and "建立市党政班子成员联系新生代企业家制度". Four belts (two from 2021, two from 2022), each run by
 * a town through its party committee, villages and enterprise; 联建 pairs of village branches with
 * enterprise and organ branches, some run by the county departments; about twenty county cadres
 * each keeping in touch with a young entrepreneur of the county's enterprises.
 *
 * Contacts run from 2022 up to the day the demo is generated: the last contact of each pairing is
 * placed a drawn number of days before that day, so whenever the demo is loaded some pairings
 * have just been visited and some have gone silent for 90 days or more (silence is counted from
 * the real date when the view is asked for); one 联建 of 石柱镇 began 120 days before that day and
 * has no contact yet. Everything else is fixed and drawn from this
 * module's own random stream, so no other module's demo figure moves.
 */
const BELTS = [
  { theme: '五金产业共富党建示范带', purpose: '串联沿线村社和五金企业，以党建联建带动五金产业链上下游协作、村企共建“共富工坊”，带动村集体增收和农民就业。', start: '2021-04-16' },
  { theme: '山水田园乡村振兴党建示范带', purpose: '以党建引领沿线村庄环境整治、土地流转和特色农业，打造乡村振兴精品线。', start: '2021-09-28' },
  { theme: '红色根脉传承党建示范带', purpose: '串联沿线红色资源和党群服务阵地，开展党性教育、红色研学，带动文旅消费。', start: '2022-03-18' },
  { theme: '文旅融合共富党建示范带', purpose: '联动沿线村社发展民宿、农家乐和非遗体验，党组织牵头组建强村公司，共享客源。', start: '2022-06-30' },
];

const SUMMARIES: Record<'leader' | 'joint' | 'belt', [ContactKind, string][]> = {
  leader: [
    ['visit', '走访企业，了解一季度订单和用工情况，协调解决新厂房用地审批问题'],
    ['talk', '与企业家座谈，交流企业数字化车间改造和“创二代”接班打算'],
    ['call', '电话了解外贸订单受汇率影响情况，转交出口信保政策'],
    ['visit', '陪同市场监管部门上门指导“清廉民企”创建'],
    ['talk', '参加“永商会客厅”新生代企业家沙龙，听取对营商环境的意见建议'],
    ['visit', '实地查看技改项目进度，协调供电扩容'],
    ['other', '推荐企业参加“创二代青蓝接力工程”培训班'],
  ],
  joint: [
    ['joint_activity', '联合开展主题党日活动，共同学习党的二十大精神'],
    ['joint_activity', '企业党支部到村开展“共富工坊”来料加工技能培训'],
    ['visit', '联建双方书记走访困难党员和低收入农户'],
    ['talk', '召开联建工作例会，商定下季度共建项目清单'],
    ['joint_activity', '共同组织党员志愿者开展环境整治'],
    ['other', '联建单位为村里牵线农产品销售渠道'],
  ],
  belt: [
    ['joint_activity', '示范带沿线村社联合开展“党建+产业”观摩交流'],
    ['talk', '召开示范带建设推进会，梳理沿线项目进度'],
    ['visit', '牵头单位实地走访沿线项目，协调解决用地和资金问题'],
    ['joint_activity', '沿线党组织联合举办农产品展销活动'],
    ['joint_activity', '组织沿线村社党员开展联学联创'],
  ],
};

/** The town the demo's town account works in, so it has silent pairings of its own to act on. */
const HOME_TOWN = '石柱镇';

const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

interface Plan {
  kind: PairingKind;
  title: string;
  purpose: string;
  ownerUnitId: number;
  startDate: string;
  endDate?: string | null;
  endedOn?: string | null;
  parties: { personId?: number; orgUnitId?: number; roleLabel: string }[];
  contacts: 'leader' | 'joint' | 'belt';
  /** Share of such pairings left silent, or true/false to decide. */
  silent: number | boolean;
  /** Never contacted since it started. */
  never?: boolean;
}

function shuffle<T>(r: Rng, list: readonly T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r.next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export async function seedPairingsDemo(db: DbOrTx, countyCode: string, opts: { actorName: string }) {
  const r = rng(20220915);
  const today = todayCst();
  const [county] = await findUnitsByCodes(db, [countyCode]);
  const depts = new Map((await findUnitsByCodes(db, ['ZZB', 'XCB', 'TZB'].flatMap((d) => [`${countyCode}-${d}`, `${countyCode}-${d}-JG`]))).map((u) => [u.code.slice(countyCode.length + 1), u]));
  const allTowns = await unitsOfTypesUnder(db, county.path, ['town', 'street']);
  const towns = [...allTowns.filter((t) => t.name === HOME_TOWN), ...allTowns.filter((t) => t.name !== HOME_TOWN)];
  const plans: Plan[] = [];

  const townParts = async (town: (typeof towns)[number]) => {
    const codes = [`${town.code}-DW`, `${town.code}-DW-JG1`, `${town.code}-QY1`, `${town.code}-QY1-DZB`];
    const byCode = new Map((await findUnitsByCodes(db, codes)).map((u) => [u.code, u]));
    const villages = (await unitsOfTypesUnder(db, town.path, ['village', 'community'])).filter((v) => v.parentId === town.id);
    return { committee: byCode.get(codes[0]), organ: byCode.get(codes[1]), enterprise: byCode.get(codes[2]), enterpriseBranch: byCode.get(codes[3]), villages };
  };
  /** A village's own party organization: its general branch, else its branch. */
  const branchOf = async (village: { path: string }) => {
    const units = await unitsOfTypesUnder(db, village.path, ['general_branch', 'branch']);
    return units.find((u) => u.type === 'general_branch') ?? units[0];
  };

  // ---- 共同富裕党建示范带: one per town, run by the town, its party committee leading.
  for (const [i, belt] of BELTS.entries()) {
    const town = towns[i % towns.length];
    const t = await townParts(town);
    const villages = shuffle(r, t.villages).slice(0, r.int(4, 6));
    const units = [
      ...(t.committee ? [{ orgUnitId: t.committee.id, roleLabel: LEAD_UNIT_LABEL }] : []),
      ...villages.map((v) => ({ orgUnitId: v.id, roleLabel: MEMBER_UNIT_LABEL })),
      ...(t.enterprise ? [{ orgUnitId: t.enterprise.id, roleLabel: MEMBER_UNIT_LABEL }] : []),
    ].slice(0, 8);
    plans.push({ kind: 'belt', title: `${town.name}${belt.theme}（演示）`, purpose: belt.purpose, ownerUnitId: town.id, startDate: belt.start, parties: units, contacts: 'belt', silent: 0.15 });
  }

  // ---- 党建联建: village branches with the town's enterprise branch and organ branch.
  const pairsPerTown = towns.length > 6 ? 2 : 3;
  for (const [ti, town] of towns.entries()) {
    const t = await townParts(town);
    const villages = shuffle(r, t.villages).slice(0, ti === 0 ? 4 : pairsPerTown);
    for (const [vi, v] of villages.entries()) {
      const partner = vi % 2 === 0 ? t.enterpriseBranch : t.organ;
      const branch = await branchOf(v);
      if (!partner || !branch) continue;
      const start = `${r.int(2021, 2023)}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
      const expired = ti > 0 && vi === 2 && r.next() < 0.5;
      plans.push({
        kind: 'joint_building',
        title: `${v.name}—${vi % 2 === 0 ? '村企' : '机关联村'}党建联建（演示）`,
        purpose: '“五全联建”：组织共建、党员共育、资源共享、产业共兴、治理共抓，每季度至少开展一次联建活动（演示）。',
        ownerUnitId: town.id,
        startDate: start,
        endDate: expired ? addDays(start, 730) : null,
        parties: [
          { orgUnitId: branch.id, roleLabel: JOINT_UNIT_LABEL },
          { orgUnitId: partner.id, roleLabel: JOINT_UNIT_LABEL },
        ],
        contacts: 'joint',
        // The town account's own first and third pairs are silent, the others not: the demo shows both.
        silent: ti === 0 ? vi % 2 === 0 : 0.3,
      });
    }
  }

  // A 联建 the home town signed four months ago and has not met since: silent since its start.
  {
    const t = await townParts(towns[0]);
    const v = t.villages[0];
    const branch = v && (await branchOf(v));
    if (branch && t.enterpriseBranch)
      plans.push({
        kind: 'joint_building',
        title: `${v.name}—企业“共富工坊”结对（演示）`,
        purpose: '企业在村设立“共富工坊”，吸纳留守妇女和低收入农户就近就业（演示）。',
        ownerUnitId: towns[0].id,
        startDate: addDays(today, -120),
        parties: [
          { orgUnitId: branch.id, roleLabel: JOINT_UNIT_LABEL },
          { orgUnitId: t.enterpriseBranch.id, roleLabel: JOINT_UNIT_LABEL },
        ],
        contacts: 'joint',
        silent: true,
        never: true,
      });
  }

  // ---- 部门联村: each county department's organ branch with a village branch, run by the department.
  for (const [di, dept] of ['ZZB', 'XCB', 'TZB'].entries()) {
    const owner = depts.get(dept);
    const organ = depts.get(`${dept}-JG`);
    const t = await townParts(towns[di % towns.length]);
    const v = t.villages[t.villages.length - 1 - di] ?? t.villages[0];
    const branch = v && (await branchOf(v));
    if (!owner || !organ || !branch) continue;
    plans.push({
      kind: 'joint_building',
      title: `${organ.name}—${v.name}党建联建（演示）`,
      purpose: '机关党支部结对联系村（社区），帮助理清发展思路、协调项目资金、培养村级后备力量（演示）。',
      ownerUnitId: owner.id,
      startDate: `2022-0${di + 2}-15`,
      parties: [
        { orgUnitId: organ.id, roleLabel: JOINT_UNIT_LABEL },
        { orgUnitId: branch.id, roleLabel: JOINT_UNIT_LABEL },
      ],
      contacts: 'joint',
      silent: 0.3,
    });
  }

  // ---- 市党政班子成员联系新生代企业家: county cadres, each with one or two young entrepreneurs.
  const tzb = depts.get('TZB') ?? county;
  const leaders: { id: number; name: string }[] = [];
  for (const d of ['ZZB', 'XCB', 'TZB']) {
    const organ = depts.get(`${d}-JG`);
    if (organ) leaders.push(...(await personsUnder(db, organ.path, { role: 'cadre' })));
  }
  const enterprises = await unitsOfTypesUnder(db, county.path, ['enterprise']);
  const entrepreneurs: { id: number; name: string }[] = [];
  const perEnterprise: { id: number; name: string }[][] = [];
  for (const e of enterprises) perEnterprise.push(shuffle(r, await personsUnder(db, e.path)));
  // Round-robin over the enterprises, so the entrepreneurs come from all of them.
  for (let k = 0; entrepreneurs.length < 20 && perEnterprise.some((list) => list.length > k); k++) for (const list of perEnterprise) if (list[k] && entrepreneurs.length < 20) entrepreneurs.push(list[k]);
  const chosenLeaders = shuffle(r, leaders).slice(0, 10);
  if (chosenLeaders.length) {
    entrepreneurs.forEach((e, i) => {
      const leader = chosenLeaders[i % chosenLeaders.length];
      const start = i < 14 ? `2022-03-${String(r.int(10, 28)).padStart(2, '0')}` : `2023-0${r.int(2, 9)}-${String(r.int(1, 28)).padStart(2, '0')}`;
      plans.push({
        kind: 'leader_entrepreneur',
        title: `${leader.name}联系新生代企业家${e.name}（演示）`,
        purpose: '落实市党政班子成员联系新生代企业家制度：每季度至少走访或座谈一次，听取意见建议，帮助解决发展难题，引导“两个健康”（演示）。',
        ownerUnitId: tzb.id,
        startDate: start,
        endDate: i % 9 === 8 ? '2024-12-31' : null,
        endedOn: i === 11 ? '2025-05-20' : null,
        parties: [
          { personId: leader.id, roleLabel: LEADER_LABEL },
          { personId: e.id, roleLabel: ENTREPRENEUR_LABEL },
        ],
        contacts: 'leader',
        silent: 0.35,
      });
    });
  }

  // ---- insert, with contacts
  let contacts = 0;
  for (const p of plans) {
    const [row] = await db
      .insert(pairings)
      .values({ tenantId: countyCode, kind: p.kind, title: p.title, purpose: p.purpose, ownerUnitId: p.ownerUnitId, startDate: p.startDate, endDate: p.endDate ?? null, endedOn: p.endedOn ?? null, createdBy: opts.actorName, createdAt: new Date(`${p.startDate}T09:00:00+08:00`), updatedAt: new Date(`${p.startDate}T09:00:00+08:00`) })
      .returning({ id: pairings.id });
    await db.insert(pairingParties).values(p.parties.map((x) => ({ pairingId: row.id, personId: x.personId ?? null, orgUnitId: x.orgUnitId ?? null, roleLabel: x.roleLabel })));
    const dates = contactDates(r, p, today);
    if (dates.length) {
      const pool = SUMMARIES[p.contacts];
      await db.insert(pairingContacts).values(
        dates.map((d) => {
          const [kind, summary] = r.pick(pool);
          return { pairingId: row.id, occurredOn: d, kind, summary: `${summary}（演示）`, recordedBy: opts.actorName, createdAt: new Date(`${d}T18:00:00+08:00`) };
        }),
      );
      contacts += dates.length;
    }
  }
  // 共同富裕党建示范带数 is counted from the belts now: the county's figures, signed off like others.
  for (const year of ['2021', '2022']) await seedDerivedCountyFigures(db, countyCode, ['DJ_SFD'], year);
  return { pairings: plans.length, belts: plans.filter((p) => p.kind === 'belt').length, contacts };
}

/** Contact dates of one pairing, oldest first: back from its last contact to its start, never before 2022. */
function contactDates(r: Rng, p: Plan, today: string): string[] {
  if (p.never) return [];
  const from = p.startDate > '2022-01-01' ? p.startDate : '2022-01-01';
  const lastDay = p.endedOn ?? p.endDate;
  const over = lastDay != null && lastDay < today;
  const silent = typeof p.silent === 'boolean' ? p.silent : r.next() < p.silent;
  let last: string;
  if (over) last = addDays(lastDay!, -r.int(5, 60));
  else if (silent) {
    last = addDays(today, -r.int(95, 400));
  } else last = addDays(today, -r.int(3, 70));
  const out: string[] = [];
  const gap = p.contacts === 'belt' ? [20, 60] : [25, 110];
  for (let d = last; d >= from && out.length < 60; d = addDays(d, -r.int(gap[0], gap[1]))) out.push(d);
  return out.reverse();
}
