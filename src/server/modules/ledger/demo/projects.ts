import { projectFunds, projectMilestones, projects } from '../ledger.table';
import { addDays, at, dateBetween, inChunks, sample, split, type DemoScope, type Rng, type Unit } from './scope';

type ProjectInsert = typeof projects.$inferInsert;

interface Fund {
  source: string;
  planned: number;
  actual: number;
}

interface PlannedProject {
  row: ProjectInsert;
  funds: Fund[];
  milestones: { name: string; plannedOn: string | null; doneOn: string | null }[];
}

interface ProjectSpec {
  code: string;
  owner: Unit;
  title: string;
  startedOn: string;
  plannedEndOn: string;
  /** Completed on this date, or still in progress at `progress` percent. */
  completedOn?: string | null;
  progress?: number;
  partners?: Unit[];
  funds: Fund[];
  attributes?: Record<string, unknown>;
  notes?: string | null;
}

/** A project whose totals equal its funding lines, with the usual four milestones. */
function planProject(s: DemoScope, p: ProjectSpec): PlannedProject {
  const total = (k: 'planned' | 'actual') => p.funds.reduce((a, f) => a + f[k], 0);
  const done = p.completedOn ?? null;
  const mid = addDays(p.startedOn, Math.round((Date.parse(p.plannedEndOn) - Date.parse(p.startedOn)) / 86_400_000 / 2));
  const progress = done ? 100 : (p.progress ?? 50);
  return {
    row: {
      tenantId: s.tenantId,
      categoryId: s.category('project', p.code),
      orgUnitId: p.owner.id,
      title: p.title,
      notes: p.notes ?? null,
      attributes: p.attributes ?? {},
      partnerUnitIds: (p.partners ?? []).filter((u) => u.id !== p.owner.id).map((u) => u.id),
      status: done ? 'completed' : 'in_progress',
      startedOn: p.startedOn,
      plannedEndOn: p.plannedEndOn,
      completedOn: done,
      progress,
      plannedInvestment: total('planned'),
      actualInvestment: total('actual'),
      createdAt: at(addDays(p.startedOn, -20), 9),
      updatedAt: at(done ?? p.startedOn, 17),
    },
    funds: p.funds,
    milestones: [
      { name: '立项批复', plannedOn: addDays(p.startedOn, -20), doneOn: addDays(p.startedOn, -20) },
      { name: '开工建设', plannedOn: p.startedOn, doneOn: p.startedOn },
      { name: '主体完工', plannedOn: mid, doneOn: done || progress >= 60 ? mid : null },
      { name: '竣工验收', plannedOn: p.plannedEndOn, doneOn: done },
    ],
  };
}

/**
 * Funding lines in whole 万元 (as budgets are written) summing to `total万` exactly; each line's
 * plan is at or above what was spent.
 */
function funds(r: Rng, totalWan: number, sources: readonly string[]): Fund[] {
  const lines = split(r, totalWan, sources.length, 1);
  return sources.map((source, i) => ({ source, actual: lines[i] * 10_000, planned: (lines[i] + Math.round(lines[i] * 0.15 * r.next())) * 10_000 }));
}

// ---------------------------------------------------------------- 百镇共建强基

const JOINT_THEMES = [
  '“共富工坊”建设',
  '“五全联建”村企共建',
  '党群服务中心提升改造',
  '农旅融合示范带',
  '五金小微园区配套提升',
  '红色研学基地',
  '数字乡村治理平台',
  '村级集体经济“飞地”',
  '老旧厂房有机更新',
  '共同富裕党建示范带',
  '乡村振兴产业园',
  '强村公司标准厂房',
];
const JOINT_SOURCES = ['财政资金', '社会资本', '村集体', '乡贤捐资', '银行信贷'];

/** "启动“百镇共建强基”项目36个，总投资10.67亿元": owned by the towns, built with partner units (联建). */
function jointProjects(s: DemoScope): PlannedProject[] {
  const { r, figures } = s;
  const n = figures.jointProjects;
  const wan = split(r, figures.jointInvestment / 10_000, n, Math.min(300, Math.floor(figures.jointInvestment / 10_000 / n)));
  return wan.map((w, i) => {
    const town = s.towns[i % s.towns.length];
    const startedOn = dateBetween(r, '2022-03-01', '2022-10-31');
    const plannedEndOn = addDays(startedOn, r.int(240, 420));
    const stillBuilding = i % 18 === 17;
    const completedOn = stillBuilding ? null : addDays(startedOn, r.int(200, 460));
    const villages = s.villagesOf.get(town.id) ?? [];
    const enterprise = s.enterprises.find((e) => s.townOf.get(e.id)?.id === town.id);
    const partners = [r.pick([s.depts.ZZB, s.depts.XCB, s.depts.TZB]), ...(enterprise ? [enterprise] : []), ...sample(r, villages, r.int(1, 2))];
    return planProject(s, {
      code: 'GJQJ',
      owner: town,
      title: `${town.name}${JOINT_THEMES[i % JOINT_THEMES.length]}项目`,
      startedOn,
      plannedEndOn,
      completedOn,
      progress: r.int(80, 95),
      partners,
      funds: funds(r, w, sample(r, JOINT_SOURCES, r.int(2, 4))),
      notes: `联建单位共同出资出力，${partners.length}家单位结对共建`,
    });
  });
}

// ---------------------------------------------------------------- 文化礼堂

const HALL_SOURCES = ['省市补助', '市财政配套', '村集体', '乡贤捐资'];

/** "高标准完成20家农村文化礼堂民生实事建设，古山镇前黄村文化礼堂获评省级特色农村文化礼堂". */
function halls(s: DemoScope): PlannedProject[] {
  const { r, figures } = s;
  // Halls are for administrative villages; a small test county may have too few, so take communities too.
  const villages = s.villages.filter((v) => v.type === 'village');
  const pool = villages.length >= figures.hallsCompleted + 4 ? villages : s.villages;
  if (pool.length < figures.hallsCompleted) throw new Error(`demo ledger: ${pool.length} villages cannot hold ${figures.hallsCompleted} halls`);
  const qianhuang = pool.find((v) => v.name === '前黄村' && s.townOf.get(v.id)?.name === '古山镇');
  const picked = sample(r, pool.filter((v) => v !== qianhuang), figures.hallsCompleted + 18);
  const built2022 = [...(qianhuang ? [qianhuang] : []), ...picked].slice(0, figures.hallsCompleted);
  const rest = picked.filter((v) => !built2022.includes(v));
  const hall = (v: Unit, startedOn: string, completedOn: string | null, notes: string | null = null) =>
    planProject(s, {
      code: 'WHLT',
      owner: v,
      title: `${v.name}${v.type === 'village' ? '农村' : ''}文化礼堂建设`,
      startedOn,
      plannedEndOn: addDays(startedOn, 210),
      completedOn,
      progress: r.int(40, 70),
      partners: [s.depts.XCB],
      funds: funds(r, r.int(80, 220), sample(r, HALL_SOURCES, r.int(2, 4))),
      notes,
    });
  const out = built2022.map((v) => {
    const startedOn = dateBetween(r, '2022-01-10', '2022-05-31');
    return hall(v, startedOn, dateBetween(r, addDays(startedOn, 150), '2022-12-28'), v === qianhuang ? '民生实事项目；获评省级特色农村文化礼堂' : '2022年民生实事项目');
  });
  // Noise: halls finished in 2021, and some started late in 2022 and finished in 2023.
  const n2021 = Math.min(rest.length, s.scaled(14, 1));
  rest.slice(0, n2021).forEach((v) => {
    const startedOn = dateBetween(r, '2021-01-10', '2021-05-31');
    out.push(hall(v, startedOn, dateBetween(r, addDays(startedOn, 150), '2021-12-28')));
  });
  rest.slice(n2021, n2021 + s.scaled(4, 1)).forEach((v) => {
    const startedOn = dateBetween(r, '2022-09-01', '2022-11-30');
    out.push(hall(v, startedOn, dateBetween(r, '2023-04-01', '2023-08-31')));
  });
  return out;
}

// ---------------------------------------------------------------- 宗教场所安防设备

const DEVICES = [
  { device: '视频监控', price: 15_000 },
  { device: '智慧用电', price: 6_000 },
  { device: '燃气报警', price: 2_500 },
] as const;

/** "为场所加装视频监控系统、智慧用电系统、燃气报警系统100余套": one project per venue and device type. */
function securitySystems(s: DemoScope): PlannedProject[] {
  const { r, figures } = s;
  const owners = s.venues.length ? s.venues : s.towns.slice(0, 3);
  const slots = owners.flatMap((o) => DEVICES.map((d) => ({ owner: o, ...d })));
  const used = slots.slice(0, Math.min(slots.length, figures.securitySystems));
  const systems = split(r, figures.securitySystems, used.length, 1);
  const out = used.map((slot, i) => {
    const startedOn = dateBetween(r, '2022-03-01', '2022-09-30');
    const cost = systems[i] * slot.price;
    const subsidy = Math.round(cost * 0.6);
    const venue = slot.owner.type === 'religious_venue' ? slot.owner.name : `${slot.owner.name}宗教活动场所`;
    return planProject(s, {
      code: 'AFSB',
      owner: slot.owner,
      title: `${venue}${slot.device}系统加装`,
      startedOn,
      plannedEndOn: addDays(startedOn, 60),
      completedOn: addDays(startedOn, r.int(20, 70)),
      partners: [s.depts.TZB, ...(s.townOf.get(slot.owner.id) ? [s.townOf.get(slot.owner.id)!] : [])],
      funds: [
        { source: '财政补助', planned: subsidy, actual: subsidy },
        { source: '场所自筹', planned: cost - subsidy, actual: cost - subsidy },
      ],
      attributes: { device: slot.device, systems: systems[i] },
    });
  });
  // Noise: a first camera system in 2021.
  const first = owners[0];
  out.push(
    planProject(s, {
      code: 'AFSB',
      owner: first,
      title: `${first.type === 'religious_venue' ? first.name : `${first.name}宗教活动场所`}视频监控系统试点`,
      startedOn: '2021-09-06',
      plannedEndOn: '2021-10-31',
      completedOn: '2021-10-20',
      partners: [s.depts.TZB],
      funds: [{ source: '财政补助', planned: 60_000, actual: 60_000 }],
      attributes: { device: '视频监控', systems: 4 },
    }),
  );
  return out;
}

// ---------------------------------------------------------------- 乡贤共富

const WORTHY_THEMES = ['果蔬种植基地', '民宿改造', '来料加工点', '农产品直播间', '老年食堂', '助学基金', '村道亮化'];

/** "各镇（街道）实现乡贤共富项目全落地": two per town, in its villages. */
function worthyProjects(s: DemoScope): PlannedProject[] {
  const { r } = s;
  return s.towns.flatMap((t) =>
    sample(r, s.villagesOf.get(t.id)?.length ? s.villagesOf.get(t.id)! : [t], 2).map((v) => {
      const startedOn = dateBetween(r, '2022-02-01', '2022-09-30');
      return planProject(s, {
        code: 'XXGF',
        owner: v,
        title: `${v.name}乡贤共富${r.pick(WORTHY_THEMES)}项目`,
        startedOn,
        plannedEndOn: addDays(startedOn, 180),
        completedOn: addDays(startedOn, r.int(120, 240)),
        partners: v.id === t.id ? [] : [t],
        funds: funds(r, r.int(20, 150), ['乡贤捐资', '村集体']),
      });
    }),
  );
}

/** The county's projects with their funding lines and milestones. */
export async function seedProjects(s: DemoScope): Promise<number> {
  const planned = [...jointProjects(s), ...halls(s), ...securitySystems(s), ...worthyProjects(s)];
  const ids = await inChunks(planned, (chunk) => s.db.insert(projects).values(chunk.map((p) => p.row)).returning({ id: projects.id }));
  const fundRows = planned.flatMap((p, i) => p.funds.map((f) => ({ projectId: ids[i].id, ...f })));
  const milestoneRows = planned.flatMap((p, i) => p.milestones.map((m, k) => ({ projectId: ids[i].id, ...m, sortOrder: k })));
  await inChunks(fundRows, (chunk) => s.db.insert(projectFunds).values(chunk).then(() => []));
  await inChunks(milestoneRows, (chunk) => s.db.insert(projectMilestones).values(chunk).then(() => []));
  return planned.length;
}
