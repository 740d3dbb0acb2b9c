import { caseEvents, cases } from '../ledger.table';
import type { OnSiteEvent } from './activities';
import { addDays, at, dateIn, inChunks, minDate, shortTown, type DemoScope, type Rng, type Unit } from './scope';

type CaseInsert = typeof cases.$inferInsert;
type EventInsert = typeof caseEvents.$inferInsert;

interface PlannedCase {
  row: CaseInsert;
  events: Omit<EventInsert, 'caseId'>[];
}

type Flow = 'closed' | 'resolved' | 'in_progress' | 'assigned';

interface CaseSpec {
  code: string;
  title: string;
  registrar: Unit;
  /** The unit handling it; the registrar itself when it handles the case without 交办. */
  handler: Unit;
  registeredOn: string;
  flow: Flow;
  resolvedOn?: string;
  closedOn?: string;
  resolution?: string;
  progress?: string;
  requester?: string | null;
  sourceActivityId?: number | null;
  attributes?: Record<string, unknown>;
  assignNote?: string;
  closeNote?: string;
}

/** Who acts for a unit in the demo trail: the department's or town's demo cadre. */
const actorOf = (s: DemoScope, u: Unit) => (u.id === s.county.id ? s.actorName : `${u.name.replace(/^市委/, '')}干部（演示）`);

/** A case with the trail the workflow would have left: 登记 → 交办 → (进展) → 办结 → 销号. */
function planCase(s: DemoScope, c: CaseSpec): PlannedCase {
  const sla = s.slaDays(c.code);
  const status = c.flow;
  const delegated = c.handler.id !== c.registrar.id;
  const events: Omit<EventInsert, 'caseId'>[] = [{ action: 'register', toUnitId: c.registrar.id, actorName: actorOf(s, c.registrar), at: at(c.registeredOn, 9) }];
  if (delegated) events.push({ action: 'assign', fromUnitId: c.registrar.id, toUnitId: c.handler.id, note: c.assignNote ?? null, actorName: actorOf(s, c.registrar), at: at(c.registeredOn, 10) });
  if (c.progress) events.push({ action: 'progress', fromUnitId: c.handler.id, note: c.progress, actorName: actorOf(s, c.handler), at: at(addDays(c.registeredOn, 2), 15) });
  if (c.flow === 'closed' || c.flow === 'resolved') events.push({ action: 'resolve', fromUnitId: c.handler.id, note: c.resolution ?? null, actorName: actorOf(s, c.handler), at: at(c.resolvedOn!, 14) });
  if (c.flow === 'closed') events.push({ action: 'close', fromUnitId: c.handler.id, note: c.closeNote ?? '已核实，同意销号', actorName: actorOf(s, c.registrar), at: at(c.closedOn!, 17) });
  const last = events[events.length - 1].at as Date;
  return {
    row: {
      tenantId: s.tenantId,
      categoryId: s.category('case', c.code),
      orgUnitId: c.handler.id,
      registrarUnitId: c.registrar.id,
      title: c.title,
      attributes: c.attributes ?? {},
      status: delegated || status !== 'assigned' ? status : 'registered',
      registeredOn: c.registeredOn,
      dueOn: sla ? addDays(c.registeredOn, sla) : null,
      requester: c.requester ?? null,
      sourceActivityId: c.sourceActivityId ?? null,
      resolution: c.flow === 'closed' || c.flow === 'resolved' ? (c.resolution ?? null) : null,
      resolvedOn: c.flow === 'closed' || c.flow === 'resolved' ? c.resolvedOn! : null,
      closedOn: c.flow === 'closed' ? c.closedOn! : null,
      version: events.length,
      createdAt: at(c.registeredOn, 9),
      updatedAt: last,
    },
    events,
  };
}

/** Resolved within `days` and closed a few days later, never after `limit`. */
function closeDates(r: Rng, registeredOn: string, days: [number, number], limit: string) {
  const closedOn = minDate(addDays(registeredOn, r.int(days[0], days[1]) + r.int(1, 4)), limit);
  const resolvedOn = minDate(addDays(registeredOn, r.int(days[0], days[1])), closedOn);
  return { resolvedOn: resolvedOn < registeredOn ? registeredOn : resolvedOn, closedOn: closedOn < registeredOn ? registeredOn : closedOn };
}

// ---------------------------------------------------------------- 企业需求

const PRODUCTS = ['五金制品', '电动工具', '保温杯', '门业', '车业', '衡器', '电器', '厨具', '机械', '汽车配件', '模具', '休闲用品'];
/** What an enterprise asks for at an on-site office event, and how it was settled. */
const NEEDS: Record<string, readonly (readonly [string, string])[]> = {
  要素保障: [
    ['申请厂区扩建用电增容', '已协调供电公司完成增容改造，企业新生产线按期投产'],
    ['反映新厂房用地指标紧张', '已纳入下一批次用地计划，先行办理临时用地手续'],
    ['申请生产废水纳管', '已由住建部门完成管网接入'],
    ['反映天然气供应压力不足', '已协调燃气公司完成管道改造'],
  ],
  政策咨询: [
    ['咨询技术改造补助申报条件', '已上门解读政策，指导企业完成申报'],
    ['咨询高新技术企业认定流程', '已由科技部门一对一辅导，企业已提交认定材料'],
    ['咨询“专精特新”培育政策', '已纳入培育库并安排专人跟踪服务'],
  ],
  用工招才: [
    ['急需招聘数控技工', '已通过人力社保部门专场招聘会对接求职者，企业招到所需技工'],
    ['申请人才公寓', '已安排人才公寓，引进人才已入住'],
    ['希望与职业院校开展订单式培养', '已对接市职业技术学校签订合作协议'],
  ],
  融资: [
    ['申请流动资金贷款续贷', '已协调合作银行办理无还本续贷'],
    ['申请人才企业信贷支持', '已对接银行发放人才信贷'],
  ],
  审批服务: [
    ['申请加快新厂房竣工验收', '已开通绿色通道完成联合验收'],
    ['申请环评审批提速', '已指导完善材料，环评审批提前办结'],
    ['申请办理出口产品认证', '已协调相关机构完成认证辅导'],
  ],
  其他: [
    ['反映厂区周边道路破损', '已由镇（街道）完成道路修复'],
    ['咨询员工子女入学', '已协调教育部门安排就近入学'],
  ],
};

/** "永康某五金制品有限公司": clearly synthetic enterprise names, by town. */
const enterpriseName = (r: Rng, town: Unit | null) => `${town ? shortTown(town.name) : '永康'}某${r.pick(PRODUCTS)}有限公司`;

function enterpriseNeed(s: DemoScope, code: string, registrar: Unit, handler: Unit, registeredOn: string, flow: Flow, extra: Partial<CaseSpec> = {}): PlannedCase {
  const { r } = s;
  const need = r.pick(Object.keys(NEEDS));
  const [ask, done] = r.pick(NEEDS[need]);
  const requester = enterpriseName(r, s.townOf.get(handler.id) ?? (handler.type === 'town' || handler.type === 'street' ? handler : null));
  return planCase(s, { code, title: `${requester}${ask}`, registrar, handler, registeredOn, flow, requester, resolution: done, attributes: { need }, assignNote: '现场集中办公收集，请限时办结', closeNote: '经回访企业，确认问题已解决', ...extra });
}

/** Every need raised at the 2022 events: registered by the county or 组织部, handled by a town, closed in 2022. */
function needsFromEvents(s: DemoScope, events: OnSiteEvent[]): PlannedCase[] {
  const { r } = s;
  const out: PlannedCase[] = [];
  for (const e of events) {
    for (let i = 0; i < e.needs; i++) {
      const registrar = r.next() < 0.7 ? s.depts.ZZB : s.county;
      const handler = e.town ?? r.pick(s.towns);
      // Most within the 15-day deadline; about one in ten takes longer.
      const dates = closeDates(r, e.heldOn, r.next() < 0.9 ? [1, 12] : [16, 22], '2022-12-31');
      out.push(enterpriseNeed(s, 'QYXQ', registrar, handler, e.heldOn, 'closed', { ...dates, sourceActivityId: e.id }));
    }
  }
  return out;
}

/**
 * Open cases of recent weeks, dated against 28 November 2026 (the demo's "now"), so the overdue
 * view has content: some past their deadline, some due within three days, some not yet due.
 */
function recentOpenCases(s: DemoScope): PlannedCase[] {
  // The demo town account's town (石柱镇) first, so its overdue list is not empty.
  const towns = [...s.towns].sort((a, b) => Number(b.name === '石柱镇') - Number(a.name === '石柱镇'));
  const town = (i: number) => towns[i % towns.length];
  const qyxq: [string, Flow][] = [
    ['2026-10-26', 'in_progress'],
    ['2026-11-02', 'assigned'],
    ['2026-11-05', 'in_progress'],
    ['2026-11-12', 'assigned'],
    ['2026-11-14', 'in_progress'],
    ['2026-11-16', 'assigned'],
    ['2026-11-24', 'assigned'],
  ];
  const out = qyxq.map(([d, flow], i) => enterpriseNeed(s, 'QYXQ', i % 2 ? s.county : s.depts.ZZB, town(i), d, flow, { progress: flow === 'in_progress' ? '已与企业对接，正在协调相关部门' : undefined }));
  const civic: [string, string, string, Flow][] = [
    ['WMCJ', '2026-11-09', '背街小巷垃圾堆放', 'in_progress'],
    ['WMCJ', '2026-11-23', '农贸市场周边占道经营', 'assigned'],
    ['ZJFX', '2026-11-10', '消防通道堆放杂物', 'in_progress'],
  ];
  civic.forEach(([code, d, issue, flow], i) => {
    const handler = town(i + 1);
    const place = code === 'ZJFX' ? (s.venues.find((v) => s.townOf.get(v.id)?.id === handler.id)?.name ?? `${handler.name}某宗教活动场所`) : (s.villagesOf.get(handler.id)?.[0]?.name ?? handler.name);
    out.push(planCase(s, { code, title: `${place}${issue}`, registrar: code === 'ZJFX' ? s.depts.TZB : s.depts.XCB, handler, registeredOn: d, flow, progress: flow === 'in_progress' ? '已现场查看，正在整改' : undefined, requester: code === 'ZJFX' ? '民宗领域安全检查组' : '文明城市创建督查组' }));
  });
  return out;
}

// ---------------------------------------------------------------- 议政直通车, 文明创建, 宗教场所隐患

const PROPOSALS_2022 = [
  '关于加快五金产业数字化改造的建议',
  '关于完善新生代企业家培养机制的建议',
  '关于推进“共富工坊”提质扩面的建议',
  '关于加强农村养老服务设施建设的建议',
  '关于优化人才安居政策的建议',
  '关于破解中小企业融资难题的建议',
  '关于加强五金产品区域品牌建设的建议',
  '关于推动乡贤回归助力共同富裕的建议',
  '关于提升城市有机更新中群众参与度的建议',
  '关于加强外来务工人员子女教育保障的建议',
  '关于推进上山文化遗址保护利用的建议',
  '关于加快影视文化产业集聚发展的建议',
  '关于完善货车司机关心关爱机制的建议',
  '关于加强民营企业合规建设的建议',
  '关于推动跨境电商助力五金出口的建议',
  '关于提升基层医疗服务能力的建议',
  '关于加强农村生活污水治理设施运维的建议',
  '关于推进胡公文化品牌建设的建议',
  '关于深化营商环境“一件事”集成改革的建议',
  '关于加强新就业形态劳动者权益保障的建议',
  '关于推进“清廉民企”建设的建议',
  '关于完善农村文化礼堂长效运行机制的建议',
  '关于建设五金产业技能人才培训基地的建议',
  '关于加快公共停车设施建设的建议',
  '关于加强未成年人心理健康教育的建议',
  '关于提升侨资企业服务水平的建议',
];
const PROPOSALS_2021 = [
  '关于推进党史学习教育常态化长效化的建议',
  '关于加快五金小微企业园建设的建议',
  '关于加强古村落保护利用的建议',
  '关于完善社区居家养老服务的建议',
  '关于发展农村电商的建议',
  '关于加强五金产业知识产权保护的建议',
  '关于推进垃圾分类精细化管理的建议',
  '关于加强中小学课后服务的建议',
  '关于打造城市“15分钟文化圈”的建议',
  '关于加强企业安全生产监管的建议',
  '关于推动职业教育与产业融合的建议',
  '关于优化城区交通微循环的建议',
];
/** 民主党派、工商联和党外人士 who send 议政直通车 proposals; illustrative. */
const PROPOSERS = ['民革永康市支部', '民盟永康市总支', '民建永康市总支', '民进永康市支部', '农工党永康市支部', '九三学社永康市支社', '市工商联', '市新的社会阶层人士联合会', '市侨联', '市知识分子联谊会', '无党派人士代表'];

function proposals(s: DemoScope, year: 2021 | 2022, n: number): PlannedCase[] {
  const { r } = s;
  const titles = year === 2022 ? PROPOSALS_2022 : PROPOSALS_2021;
  return Array.from({ length: n }, (_, i) => {
    const registeredOn = dateIn(r, year);
    const handler = r.next() < 0.5 ? r.pick([s.depts.ZZB, s.depts.XCB, s.county]) : r.pick(s.towns);
    const flow: Flow = year === 2022 && i % 7 === 6 ? 'resolved' : 'closed';
    const dates = closeDates(r, registeredOn, [12, 28], `${year + 1}-01-31`);
    return planCase(s, {
      code: 'YZZTC',
      title: titles[i % titles.length],
      registrar: s.depts.TZB,
      handler: handler.id === s.depts.TZB.id ? s.county : handler,
      registeredOn,
      flow,
      ...dates,
      requester: r.pick(PROPOSERS),
      resolution: r.pick(['已转相关部门研究吸收，答复意见已反馈建议人', '建议已被采纳并纳入年度重点工作', '已结合实际研究落实，书面答复建议人']),
      assignNote: '议政直通车建议，请研究办理并答复',
      closeNote: '建议人对答复满意',
    });
  });
}

const CIVIC_ISSUES = ['背街小巷垃圾堆放', '农贸市场周边占道经营', '小区楼道杂物堆放', '公益广告破损', '非机动车乱停放', '餐饮店油烟扰民', '绿化带毁绿种菜'];
const VENUE_RISKS = ['消防通道堆放杂物', '香炉周边可燃物未清理', '电线私拉乱接', '监控存在盲区', '燃气瓶存放不规范'];

function civicCases(s: DemoScope, n: number): PlannedCase[] {
  const { r } = s;
  return Array.from({ length: n }, () => {
    const place = r.pick(s.villages.length ? s.villages : s.towns);
    const handler = s.townOf.get(place.id) ?? place;
    const registeredOn = dateIn(r, 2022);
    return planCase(s, { code: 'WMCJ', title: `${place.name}${r.pick(CIVIC_ISSUES)}`, registrar: s.depts.XCB, handler, registeredOn, flow: 'closed', ...closeDates(r, registeredOn, [1, 6], '2022-12-31'), requester: '文明城市创建督查组', resolution: '已完成整改，现场复查合格', assignNote: '文明创建督查发现，请限期整改' });
  });
}

function venueRisks(s: DemoScope, n: number): PlannedCase[] {
  const { r } = s;
  const venues = s.venues.length ? s.venues : s.towns;
  return Array.from({ length: n }, () => {
    const venue = r.pick(venues);
    const handler = s.townOf.get(venue.id) ?? venue;
    const registeredOn = dateIn(r, 2022);
    return planCase(s, { code: 'ZJFX', title: `${venue.name}${r.pick(VENUE_RISKS)}`, registrar: s.depts.TZB, handler, registeredOn, flow: 'closed', ...closeDates(r, registeredOn, [2, 8], '2022-12-31'), requester: '民宗领域安全检查组', resolution: '场所已整改到位，镇（街道）民宗所复查通过', assignNote: '安全检查发现隐患，请督促场所整改' });
  });
}

// ---------------------------------------------------------------- 容错澄清, 党员违纪违法 (sensitive)

/**
 * "累计容错4名干部": each case is one cadre. The cadres module keeps these cases now, with their
 * own workflow (cadres/demo.ts carries these titles and dates); they are still planned here, and
 * dropped before the insert, so the draws they take keep every later demo figure where it was.
 */
const FAULT_TOLERANCE_2022 = [
  ['对某镇干部在企业帮扶中先行先试出现失误予以容错', '2022-05-16'],
  ['对某街道干部在城市有机更新征迁中程序瑕疵予以容错', '2022-07-08'],
  ['对某部门干部在疫情防控物资紧急采购中的失误予以容错', '2022-09-02'],
  ['对某镇干部在招商项目推进中超前决策失误予以容错', '2022-11-21'],
] as const;

const VIOLATIONS = ['党员酒后驾驶机动车被行政处罚', '党员参与赌博被行政处罚', '党员违规操办婚丧喜庆事宜', '党员寻衅滋事被行政拘留', '党员参与非法集资', '党员违反交通法规造成事故', '党员长期不参加组织生活', '党员在征迁中违规谋利'];

function sensitiveCases(s: DemoScope): PlannedCase[] {
  const { r, figures } = s;
  const out: PlannedCase[] = [];
  // 容错澄清 cases: planned for their random draws only (see FAULT_TOLERANCE_2022), never inserted.
  const faultTolerance: PlannedCase[] = [];
  for (let i = 0; i < figures.faultTolerance; i++) {
    const [title, registeredOn] = FAULT_TOLERANCE_2022[i % FAULT_TOLERANCE_2022.length];
    faultTolerance.push(planCase(s, { code: 'RCCQ', title, registrar: s.depts.ZZB, handler: s.depts.ZZB, registeredOn, flow: 'closed', ...closeDates(r, registeredOn, [20, 40], '2022-12-31'), resolution: '经调查核实，符合容错情形，依规予以容错免责', closeNote: '经市委组织部部务会研究同意' }));
  }
  faultTolerance.push(planCase(s, { code: 'RCCQ', title: '对某村干部被不实举报予以澄清正名', registrar: s.depts.ZZB, handler: s.depts.ZZB, registeredOn: '2021-10-11', flow: 'closed', resolvedOn: '2021-11-19', closedOn: '2021-11-22', resolution: '经核查举报不实，已在一定范围内澄清正名' }));
  // "党员违法数量同比断崖式下降47.06%": 17 in 2021, 9 in 2022, each handled in the member's town.
  for (const [year, n] of [[2021, figures.violations2021], [2022, figures.violations]] as const) {
    for (let i = 0; i < n; i++) {
      const town = r.pick(s.towns);
      const registeredOn = dateIn(r, year);
      out.push(planCase(s, { code: 'WJWF', title: `${town.name}某${r.pick(['村', '社区', '企业'])}${r.pick(VIOLATIONS)}`, registrar: s.depts.ZZB, handler: town, registeredOn, flow: 'closed', ...closeDates(r, registeredOn, [20, 60], `${year + 1}-03-31`), resolution: r.pick(['给予党内警告处分', '给予党内严重警告处分', '给予撤销党内职务处分', '给予留党察看处分', '给予开除党籍处分', '批评教育并责令作出书面检查']), assignNote: '请镇（街道）党（工）委依规依纪处理' }));
    }
  }
  return out;
}

/** The county's cases and their workflow trails. */
export async function seedCases(s: DemoScope, events: OnSiteEvent[]): Promise<number> {
  const { figures, scaled } = s;
  const planned = [
    ...needsFromEvents(s, events),
    ...proposals(s, 2021, scaled(12, 1)),
    ...proposals(s, 2022, figures.proposals),
    ...civicCases(s, scaled(36, 2)),
    ...venueRisks(s, scaled(10, 2)),
    ...sensitiveCases(s),
    ...recentOpenCases(s),
  ];
  const ids = await inChunks(planned, (chunk) => s.db.insert(cases).values(chunk.map((p) => p.row)).returning({ id: cases.id }));
  const trail = planned.flatMap((p, i) => p.events.map((e) => ({ ...e, caseId: ids[i].id })));
  await inChunks(trail, (chunk) => s.db.insert(caseEvents).values(chunk).then(() => []));
  return planned.length;
}
