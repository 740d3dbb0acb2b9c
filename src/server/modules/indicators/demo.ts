import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { findUnitsByCodes, unitsOfTypesUnder } from '../org';
import type { Aggregation } from './aggregate';
import { computeDerived } from './derived';
import { indicatorTargets, indicatorValueHistory, indicatorValues, indicators, indicatorVersions, peerBenchmarks } from './indicators.table';
import { parsePeriod } from '../../../shared/periods';
import type { RecordQuery } from '../../../shared/ledger';
import { collectionTasks, taskIndicators, taskSubmissions } from './tasks.table';

/**
 * The demo county's indicators and figures, built from the seed: the collective-economy share
 * (金华第1), party-member violations falling 47.06% (17 → 9), talent figures; the seed's ledger
 * figures (463 学习强国 articles, 5,200-odd lectures, 477 enterprise needs…) as indicators
 * counted live from the records ledger/demo generates; a completed 2022 campaign across every
 * village and community, and an open 2023 task with overdue and returned units. Figures the
 * seed does not state are synthetic and deterministic.
 */
interface Def {
  code: string;
  name: string;
  unit: string;
  dept: 'ZZB' | 'XCB' | 'TZB';
  periodType: 'year' | 'month';
  direction?: 'higher' | 'lower';
  aggregation: Aggregation;
  valueKind?: 'integer' | 'decimal';
  min?: number;
  max?: number;
  notAbove?: string;
  derivation?: string;
  /** For figures counted or summed live from ledger records (derivation 'ledger.records'). */
  recordQuery?: RecordQuery;
  description?: string;
}

const sum = { kind: 'simple', tree: 'sum', time: 'sum' } as const;
const stock = { kind: 'simple', tree: 'sum', time: 'latest' } as const;

/**
 * A figure counted or summed live from the work ledger (台账); ledger/demo holds the records.
 * Yearly, except the two that were monthly figures before the ledger existed: records are
 * dated, so a monthly series costs nothing, and the explorer's month and quarter views keep
 * their demo data.
 */
const ledger = (code: string, name: string, unit: string, dept: Def['dept'], recordQuery: RecordQuery, description: string, direction: Def['direction'] = 'higher', periodType: Def['periodType'] = 'year'): Def => ({
  code,
  name,
  unit,
  dept,
  periodType,
  direction,
  aggregation: sum,
  min: 0,
  derivation: 'ledger.records',
  recordQuery,
  description,
});

const DEFS: Def[] = [
  { code: 'DY_RS', name: '党员人数', unit: '名', dept: 'ZZB', periodType: 'year', aggregation: stock, min: 0, derivation: 'people.party_members', description: '期末党员人数，由人员库自动统计，不需填报' },
  { code: 'CUN_ZS', name: '行政村数', unit: '个', dept: 'ZZB', periodType: 'year', aggregation: stock, min: 0, derivation: 'org.villages', description: '由组织架构自动统计（社区不计入）' },
  { code: 'JT_JYSR', name: '村级集体经营性收入', unit: '万元', dept: 'ZZB', periodType: 'year', aggregation: sum, valueKind: 'decimal', min: 0, max: 20000 },
  { code: 'CUN_JY100', name: '经营性收入100万元以上行政村数', unit: '个', dept: 'ZZB', periodType: 'year', aggregation: stock, min: 0, max: 1, notAbove: 'CUN_ZS', description: '行政村填报：本村经营性收入达到100万元的填1，否则填0；社区填0' },
  { code: 'JT_100_ZB', name: '经营性收入100万元以上行政村占比', unit: '%', dept: 'ZZB', periodType: 'year', aggregation: { kind: 'ratio', numerator: 'CUN_JY100', denominator: 'CUN_ZS', scale: 100 } },
  { code: 'DY_FZ', name: '发展党员数', unit: '名', dept: 'ZZB', periodType: 'year', aggregation: sum, min: 0, max: 50 },
  { code: 'DY_WFJL', name: '党员违法违纪案件数', unit: '件', dept: 'ZZB', periodType: 'year', direction: 'lower', aggregation: sum, min: 0, max: 200 },
  { code: 'DY_WFL', name: '党员违法违纪率', unit: '‰', dept: 'ZZB', periodType: 'year', direction: 'lower', aggregation: { kind: 'formula', expression: 'DY_WFJL / DY_RS * 1000' }, valueKind: 'decimal' },
  ledger('XXQG_GJ', '学习强国稿件数', '篇', 'XCB', { kind: 'activity', measure: 'count', categoryCode: 'GJ', dateBasis: 'held', attribute: { key: 'outlet', value: '学习强国' } }, '由工作台账“稿件发布”中媒体级别为“学习强国”的稿件自动统计', 'higher', 'month'),
  ledger('XJ_CC', '宣讲场次', '场次', 'XCB', { kind: 'activity', measure: 'count', categoryCode: 'XJ', dateBasis: 'held' }, '由工作台账“宣讲”活动（含党的二十大精神宣讲、共同富裕宣讲）自动统计', 'higher', 'month'),
  { code: 'RC_RD', name: 'R&D人员数', unit: '人', dept: 'ZZB', periodType: 'year', aggregation: stock, min: 0 },
  { code: 'RC_SSGS', name: '上市公司数', unit: '家', dept: 'ZZB', periodType: 'year', aggregation: stock, min: 0 },
  { code: 'RC_GJ', name: '入选国家级人才数', unit: '人', dept: 'ZZB', periodType: 'year', aggregation: sum, min: 0, derivation: 'talent.recruitment_national_selected', description: '由海外引才候选人记录自动统计：当年度申报、入选国家级海外引才计划的人数，计入用人单位' },
  { code: 'RC_SJ', name: '入选省级人才数', unit: '人', dept: 'ZZB', periodType: 'year', aggregation: sum, min: 0, derivation: 'talent.recruitment_provincial_selected', description: '由海外引才候选人记录自动统计：当年度申报、入选省级海外引才计划的人数，计入用人单位' },
  { code: 'QZPJ_DF', name: '群众评价得分', unit: '分', dept: 'ZZB', periodType: 'year', aggregation: { kind: 'simple', tree: 'avg', time: 'avg' }, valueKind: 'decimal', min: 0, max: 100 },
  { code: 'QLMQ_DF', name: '清廉民企创建评价得分', unit: '分', dept: 'TZB', periodType: 'year', aggregation: { kind: 'simple', tree: 'avg', time: 'latest' }, valueKind: 'decimal', min: 0, max: 100, description: '统战部会同工商联对创建“清廉民企”的民营企业逐家评价（百分制），用于示范型、标准型认定' },
  // Figures the year-end summaries quote that the departments keep themselves (loaded as history).
  { code: 'DY_XS', name: '新党员集中宣誓人数', unit: '名', dept: 'ZZB', periodType: 'year', aggregation: sum, min: 0, description: '“信仰之源大寻访”等活动中组织新党员集中入党宣誓的人数' },
  { code: 'GB_HGB', name: '“担当作为好干部”选树数', unit: '名', dept: 'ZZB', periodType: 'year', aggregation: sum, min: 0 },
  { code: 'GB_KQXF', name: '“扛旗先锋”选树数', unit: '名', dept: 'ZZB', periodType: 'year', aggregation: sum, min: 0 },
  { code: 'KY_XJTD', name: '抗击疫情先进团队数', unit: '个', dept: 'ZZB', periodType: 'year', aggregation: sum, min: 0 },
  { code: 'KY_XJGR', name: '抗击疫情先进个人数', unit: '名', dept: 'ZZB', periodType: 'year', aggregation: sum, min: 0 },
  { code: 'GB_MXXP', name: '名校优秀毕业生选聘数', unit: '名', dept: 'ZZB', periodType: 'year', aggregation: sum, min: 0 },
  { code: 'DJ_SFD', name: '共同富裕党建示范带数', unit: '条', dept: 'ZZB', periodType: 'year', aggregation: stock, min: 0, derivation: 'pairings.belts', description: '由结对联系中的“共同富裕党建示范带”自动统计（期末在建的示范带，计入负责单位）' },
  { code: 'SQ_XXDW', name: '“小巷队伍”数', unit: '支', dept: 'ZZB', periodType: 'year', aggregation: stock, min: 0 },
  // A rate is not a sum of units' rates: the ratio of two counts from the recruitment records.
  { code: 'HW_GJTGL', name: '国家级海外引才复审通过率', unit: '%', dept: 'ZZB', periodType: 'year', aggregation: { kind: 'ratio', numerator: 'HW_GJDB', denominator: 'HW_GJCS', scale: 100 }, valueKind: 'decimal', description: '入围答辩人数 ÷ 初审通过人数 × 100（国家级，当年度申报），由海外引才候选人记录自动计算' },
  { code: 'HW_SJDB', name: '省级海外引才入围答辩人数', unit: '人', dept: 'ZZB', periodType: 'year', aggregation: sum, min: 0, derivation: 'talent.recruitment_provincial_defence', description: '由海外引才候选人记录自动统计：当年度申报、入围省级海外引才答辩的人数（含答辩后未入选的），计入用人单位' },
  { code: 'RC_GFBZ', name: '人才购房补助发放额', unit: '万元', dept: 'ZZB', periodType: 'year', aggregation: sum, valueKind: 'decimal', min: 0, derivation: 'talent.payments.housing_subsidy', description: '由人才服务模块的购房补助发放台账自动统计（扣除冲销，万元），按用人单位所在地归属' },
  { code: 'RC_ZFCS', name: '政策性住房出售套数', unit: '套', dept: 'ZZB', periodType: 'year', aggregation: sum, min: 0, derivation: 'talent.apartment_sales', description: '由人才公寓房源合同自动统计：期内签订的购买合同套数，计入房源所在镇街' },
  { code: 'RC_MFZF', name: '人才免费租房套数', unit: '套', dept: 'ZZB', periodType: 'year', aggregation: sum, min: 0, derivation: 'talent.apartment_free_rents', description: '由人才公寓房源合同自动统计：期内签订的免费租住合同套数，计入房源所在镇街' },
  { code: 'XJ_TD', name: '特色宣讲团数', unit: '支', dept: 'XCB', periodType: 'year', aggregation: stock, min: 0 },
  { code: 'ZSYK_RJHY', name: '“掌上永康”日均活跃用户数', unit: '人', dept: 'XCB', periodType: 'year', aggregation: { kind: 'simple', tree: 'sum', time: 'avg' }, min: 0 },
  { code: 'ZSYK_HY', name: '“掌上永康”活跃用户数', unit: '人次', dept: 'XCB', periodType: 'year', aggregation: sum, min: 0 },
  { code: 'YDH_BS', name: '承办省运会项目比赛数', unit: '个', dept: 'XCB', periodType: 'year', aggregation: sum, min: 0 },
  { code: 'YDH_JP', name: '省运会金牌数', unit: '枚', dept: 'XCB', periodType: 'year', aggregation: sum, min: 0 },
  { code: 'WM_ZJHR', name: '入选“浙江好人”人数', unit: '人', dept: 'XCB', periodType: 'year', aggregation: sum, min: 0 },
  { code: 'WM_ZMSJ', name: '“最美”人物事迹数', unit: '个', dept: 'XCB', periodType: 'year', aggregation: sum, min: 0 },
  { code: 'WH_CYRC', name: '群众性文化活动参与人次', unit: '人次', dept: 'XCB', periodType: 'year', aggregation: sum, min: 0 },
  { code: 'QL_HWXS', name: '助农产品海外销售额', unit: '万元', dept: 'TZB', periodType: 'year', aggregation: sum, valueKind: 'decimal', min: 0 },
  { code: 'MZ_ZD', name: '民族团结进步教育实践阵地数', unit: '处', dept: 'TZB', periodType: 'year', aggregation: stock, min: 0 },
  { code: 'MZ_XSRC', name: '民族团结活动惠及学生人次', unit: '人次', dept: 'TZB', periodType: 'year', aggregation: sum, min: 0 },
  // Counted from mobilization records; the demo stores the county's 2022 figures once they exist.
  { code: 'YJ_DY', name: '应急响应单元数', unit: '个', dept: 'ZZB', periodType: 'year', aggregation: stock, min: 0, derivation: 'mobilization.response_units', description: '由应急动员模块的响应单元自动统计（期末数）' },
  { code: 'YJ_JH', name: '应急激活次数', unit: '次', dept: 'ZZB', periodType: 'year', aggregation: sum, min: 0, derivation: 'mobilization.activations', description: '由应急动员模块发布的激活令自动统计' },
  { code: 'PZ_GB', name: '一线派驻干部人数', unit: '名', dept: 'ZZB', periodType: 'year', aggregation: sum, min: 0, derivation: 'mobilization.dispatched_cadres', description: '由一线派驻记录自动统计（期内派驻过的干部，每人计一次）' },
  ledger('XJ_SP', '宣讲微视频数', '个', 'XCB', { kind: 'activity', measure: 'sum', field: 'attr:videos', categoryCode: 'XJ', dateBasis: 'held' }, '工作台账“宣讲”活动所填“产出微视频”条数之和'),
  ledger('QYXQ_JJ', '企业需求解决数', '个', 'ZZB', { kind: 'case', measure: 'count', categoryCode: 'QYXQ', dateBasis: 'closed', statuses: ['closed'] }, '工作台账中已销号的“企业需求”事项，按销号日期统计'),
  ledger('BG_CC', '现场集中办公场次', '场', 'ZZB', { kind: 'activity', measure: 'count', categoryCode: 'BG', dateBasis: 'held' }, '由工作台账“现场集中办公”活动自动统计'),
  ledger('GJQJ_TZ', '共建强基项目投资', '元', 'ZZB', { kind: 'project', measure: 'sum', field: 'actual_investment', categoryCode: 'GJQJ', dateBasis: 'started' }, '“百镇共建强基”项目实际投资之和，按开工日期归期'),
  ledger('WHLT_JC', '文化礼堂建成数', '个', 'XCB', { kind: 'project', measure: 'count', categoryCode: 'WHLT', dateBasis: 'completed', statuses: ['completed'] }, '已完工的“文化礼堂建设”项目，按完工日期统计'),
  ledger('YM_GJ', '央媒稿件数', '篇', 'XCB', { kind: 'activity', measure: 'count', categoryCode: 'GJ', dateBasis: 'held', attribute: { key: 'outlet', value: '央媒' } }, '由工作台账“稿件发布”中媒体级别为“央媒”（含新媒体）的稿件自动统计'),
  ledger('RY_JHS', '金华市级以上荣誉数', '项', 'TZB', { kind: 'honour', measure: 'count', categoryCode: 'RY', dateBasis: 'awarded', levels: ['city', 'provincial', 'national'] }, '工作台账中金华市级、省级、国家级荣誉（含表彰、示范点、领导批示肯定），按授予日期统计'),
  ledger('YZZTC_JY', '议政直通车建议数', '条', 'TZB', { kind: 'case', measure: 'count', categoryCode: 'YZZTC', dateBasis: 'registered' }, '工作台账中登记的“议政直通车建议”事项'),
  ledger('SHFW_CC', '社会服务次数', '次', 'TZB', { kind: 'activity', measure: 'count', categoryCode: 'FW', dateBasis: 'held' }, '由工作台账“社会服务”活动自动统计'),
  ledger('AFSB_TS', '宗教场所安防设备套数', '套', 'TZB', { kind: 'project', measure: 'sum', field: 'attr:systems', categoryCode: 'AFSB', dateBasis: 'started' }, '“安防设备加装”项目所填加装套数之和，按开工日期归期'),
  // 累计容错N名干部: counted from the cadres module's 容错澄清 decisions; the demo stores the county's figures once they exist.
  { code: 'RCCQ_JS', name: '容错干部人数', unit: '名', dept: 'ZZB', periodType: 'year', aggregation: sum, min: 0, derivation: 'cadres.tolerated', description: '由干部之家“容错澄清”的委员会决定自动统计：期内决定予以容错（以现行决定为准）的干部，每人计一次，计入案件所属单位' },
  ledger('WJWF_JS', '党员违纪违法案件数', '件', 'ZZB', { kind: 'case', measure: 'count', categoryCode: 'WJWF', dateBasis: 'registered' }, '工作台账中登记的“党员违纪违法”事项（敏感）', 'lower'),
  // The two counts 国家级海外引才复审通过率 (HW_GJTGL) divides, from the recruitment records.
  { code: 'HW_GJCS', name: '国家级海外引才初审通过人数', unit: '人', dept: 'ZZB', periodType: 'year', aggregation: sum, min: 0, derivation: 'talent.recruitment_national_screened', description: '由海外引才候选人记录自动统计：当年度申报、通过国家级海外引才初审的人数（含其后未入围的），计入用人单位' },
  { code: 'HW_GJDB', name: '国家级海外引才入围答辩人数', unit: '人', dept: 'ZZB', periodType: 'year', aggregation: sum, min: 0, derivation: 'talent.recruitment_national_defence', description: '由海外引才候选人记录自动统计：当年度申报、入围国家级海外引才答辩的人数（含答辩后未入选的），计入用人单位' },
];

type Rng = { next(): number; int(min: number, max: number): number };

/** Splits `total` into `n` non-negative integers, deterministically. */
function split(r: Rng, total: number, n: number): number[] {
  const w = Array.from({ length: n }, () => 0.5 + r.next());
  const s = w.reduce((a, b) => a + b, 0);
  const out = w.map((x) => Math.floor((x / s) * total));
  let rest = total - out.reduce((a, b) => a + b, 0);
  for (let i = 0; rest > 0; i = (i + 1) % n, rest--) out[i]++;
  return out;
}

export async function seedIndicatorDemo(db: DbOrTx, countyCode: string, r: Rng, opts: { villageUnitCode: string; countyActor: string }) {
  const [county] = await findUnitsByCodes(db, [countyCode]);
  const depts = new Map((await findUnitsByCodes(db, ['ZZB', 'XCB', 'TZB'].map((d) => `${countyCode}-${d}`))).map((u) => [u.code.slice(-3), u.id]));
  const ids = new Map<string, number>();
  for (const d of DEFS) {
    const [row] = await db
      .insert(indicators)
      .values({
        tenantId: countyCode,
        code: d.code,
        name: d.name,
        unit: d.unit,
        departmentId: depts.get(d.dept) ?? null,
        direction: d.direction ?? 'higher',
        periodType: d.periodType,
        source: d.derivation ? 'derived' : 'entered',
        derivation: d.derivation ?? null,
        description: d.description ?? null,
      })
      .returning({ id: indicators.id });
    ids.set(d.code, row.id);
    await db.insert(indicatorVersions).values({
      indicatorId: row.id,
      versionNo: 1,
      effectiveFrom: d.periodType === 'year' ? '2021' : '2021-01',
      aggregation: d.aggregation,
      valueKind: d.valueKind ?? 'integer',
      minValue: d.min ?? null,
      maxValue: d.max ?? null,
      notAbove: d.notAbove ?? null,
      recordQuery: d.recordQuery ?? null,
      createdBy: '演示数据',
    });
  }

  const towns = await unitsOfTypesUnder(db, county.path, ['town', 'street']);
  const villages = await unitsOfTypesUnder(db, county.path, ['village', 'community']);
  const townName = new Map(towns.map((t) => [t.id, t.name]));
  const values: (typeof indicatorValues.$inferInsert)[] = [];
  const approvedAt = (year: number) => new Date(Date.UTC(year + 1, 0, 25, 2));
  const fig = (code: string, unitId: number, period: string, value: number, approver: string, taskId: number | null, extra: Partial<typeof indicatorValues.$inferInsert> = {}) =>
    values.push({ tenantId: countyCode, indicatorId: ids.get(code)!, orgUnitId: unitId, period, value, approvedValue: value, approvedAt: approvedAt(Number(period.slice(0, 4))), approvedBy: approver, source: taskId ? 'entered' : 'imported', taskId, enteredBy: taskId ? '演示数据' : '历史数据导入', ...extra });

  // County-level figures kept by the departments, loaded as history (no task collected them).
  const countyFigures: [string, number | null, number][] = [
    ['RC_RD', 31560, 34280],
    ['RC_SSGS', 13, 15],
    ['QZPJ_DF', 91.8, 94.2],
    // The seed's 2022 figures (2021 synthetic, absent where the work began in 2022).
    ['DY_XS', 160, 200],
    ['GB_HGB', 3, 4],
    ['GB_KQXF', 2, 1],
    ['KY_XJTD', 41, 67],
    ['KY_XJGR', 88, 115],
    ['GB_MXXP', 3, 5],
    ['SQ_XXDW', 7, 12],
    ['XJ_TD', 11, 15],
    ['ZSYK_RJHY', 7420, 9036],
    ['ZSYK_HY', 86000, 110000],
    ['YDH_BS', null, 4],
    ['YDH_JP', null, 39],
    ['WM_ZJHR', 4, 6],
    ['WM_ZMSJ', 26, 34],
    ['WH_CYRC', 168000, 213400],
    ['QL_HWXS', null, 152.6],
    ['MZ_ZD', 5, 9],
    ['MZ_XSRC', 520, 706],
  ];
  const deptOf = new Map(DEFS.map((d) => [d.code, d.dept]));
  const keeper = { ZZB: '市委组织部', XCB: '市委宣传部', TZB: '市委统战部' } as const;
  for (const [code, v2021, v2022] of countyFigures) {
    const approver = keeper[deptOf.get(code)!];
    if (v2021 != null) fig(code, county.id, '2021', v2021, approver, null);
    fig(code, county.id, '2022', v2022, approver, null);
  }
  // 学习强国 articles and lectures are counted from ledger records (ledger/demo) now. The draws
  // their monthly figures used to take are still made, so every later synthetic figure stays put.
  for (let i = 0; i < 2 * (12 + 13 * towns.length); i++) r.next();
  // 党员违法数量 同比下降47.06%: 17 cases in 2021, 9 in 2022, reported by the towns.
  split(r, 17, towns.length).forEach((v, i) => fig('DY_WFJL', towns[i].id, '2021', v, opts.countyActor, null));

  // Village figures: 2021 loaded as history; 2022 collected by a completed campaign.
  const revenue = new Map<number, number[]>();
  for (const v of villages) {
    const base = v.type === 'community' ? 40 + r.next() * 160 : 35 + r.next() * r.next() * 330;
    const r2021 = Math.round(base * 10) / 10;
    const r2022 = Math.round(base * (1.05 + r.next() * 0.2) * 10) / 10;
    const r2023 = Math.round(r2022 * (1.02 + r.next() * 0.15) * 10) / 10;
    revenue.set(v.id, [r2021, r2022, r2023]);
    fig('JT_JYSR', v.id, '2021', r2021, townName.get(v.parentId!) ?? '', null);
    fig('CUN_JY100', v.id, '2021', v.type === 'village' && r2021 >= 100 ? 1 : 0, townName.get(v.parentId!) ?? '', null);
    fig('CUN_ZS', v.id, '2021', v.type === 'village' ? 1 : 0, townName.get(v.parentId!) ?? '', null);
  }

  const campaign = async (title: string, period: string, deadline: Date, codes: string[], units: typeof villages, issuedAt: Date) => {
    const [task] = await db.insert(collectionTasks).values({ tenantId: countyCode, title, period, deadline, issuerUnitId: county.id, issuedBy: opts.countyActor, createdAt: issuedAt }).returning();
    await db.insert(taskIndicators).values(codes.map((c, i) => ({ taskId: task.id, indicatorId: ids.get(c)!, position: i + 1 })));
    return task;
  };
  const villageCodes = ['JT_JYSR', 'CUN_JY100', 'DY_FZ', 'DY_RS', 'CUN_ZS'];
  const reporters = new Set(villages.map((v) => v.id));
  const members2022 = await computeDerived(db, 'people.party_members', county.path, parsePeriod('2022')!, reporters);
  const members2023 = await computeDerived(db, 'people.party_members', county.path, parsePeriod('2023')!, reporters);

  const t2022 = await campaign('2022年度村级组织和集体经济统计', '2022', new Date('2023-01-20T09:00:00Z'), villageCodes, villages, new Date('2022-12-20T01:00:00Z'));
  const submissions: (typeof taskSubmissions.$inferInsert)[] = [];
  for (const v of villages) {
    const approver = `${townName.get(v.parentId!) ?? ''}审核员（演示）`;
    const rev = revenue.get(v.id)![1];
    fig('JT_JYSR', v.id, '2022', rev, approver, t2022.id);
    fig('CUN_JY100', v.id, '2022', v.type === 'village' && rev >= 100 ? 1 : 0, approver, t2022.id);
    fig('DY_FZ', v.id, '2022', r.int(0, 4), approver, t2022.id);
    fig('DY_RS', v.id, '2022', members2022.get(v.id) ?? 0, approver, t2022.id, { source: 'derived' });
    fig('CUN_ZS', v.id, '2022', v.type === 'village' ? 1 : 0, approver, t2022.id, { source: 'derived' });
    submissions.push({ tenantId: countyCode, taskId: t2022.id, orgUnitId: v.id, status: 'approved', submittedAt: new Date('2023-01-10T02:00:00Z'), submittedBy: `${v.name}填报员（演示）`, reviewedAt: approvedAt(2022), reviewedBy: approver });
  }
  // Members outside villages (town organs, enterprises, schools, county departments) count for
  // their town or the county, derived from the registry like the villages' own: so the county's
  // 2022 党员人数 is the registry's 47,213 (4.7万余名), not the villages' share alone.
  const allReporters = new Set([...reporters, ...towns.map((t) => t.id), county.id]);
  const membersAll2022 = await computeDerived(db, 'people.party_members', county.path, parsePeriod('2022')!, allReporters);
  for (const id of [...towns.map((t) => t.id), county.id]) {
    const n = membersAll2022.get(id) ?? 0;
    if (n > 0) fig('DY_RS', id, '2022', n, '市委组织部', null, { source: 'derived' });
  }
  const t2022Towns = await campaign('2022年度党员队伍管理统计（镇街）', '2022', new Date('2023-01-20T09:00:00Z'), ['DY_WFJL'], towns, new Date('2022-12-20T01:00:00Z'));
  split(r, 9, towns.length).forEach((v, i) => {
    fig('DY_WFJL', towns[i].id, '2022', v, opts.countyActor, t2022Towns.id);
    submissions.push({ tenantId: countyCode, taskId: t2022Towns.id, orgUnitId: towns[i].id, status: 'approved', submittedAt: new Date('2023-01-12T02:00:00Z'), submittedBy: `${towns[i].name}填报员（演示）`, reviewedAt: approvedAt(2022), reviewedBy: opts.countyActor });
  });

  // The open 2023 task: a mix of every state; the deadline has passed, so owing units are overdue.
  const t2023 = await campaign('2023年度村级组织和集体经济统计', '2023', new Date('2024-01-20T09:00:00Z'), villageCodes, villages, new Date('2023-12-20T01:00:00Z'));
  villages.forEach((v, i) => {
    const own = v.code === opts.villageUnitCode;
    const roll = own ? 0.65 : r.next();
    const status = roll < 0.4 ? 'approved' : roll < 0.6 ? 'submitted' : roll < 0.7 ? 'returned' : roll < 0.8 ? 'draft' : 'not_started';
    const approver = `${townName.get(v.parentId!) ?? ''}审核员（演示）`;
    const rev = revenue.get(v.id)![2];
    if (status !== 'not_started') {
      const approved = status === 'approved';
      const base = { tenantId: countyCode, orgUnitId: v.id, period: '2023', taskId: t2023.id, enteredBy: `${v.name}填报员（演示）`, approvedValue: null as number | null, approvedAt: null as Date | null, approvedBy: null as string | null };
      const a = (value: number) => (approved ? { approvedValue: value, approvedAt: new Date('2024-01-18T02:00:00Z'), approvedBy: approver } : {});
      const wrongRevenue = status === 'returned' ? Math.round(rev * 10) : rev;
      values.push({ ...base, indicatorId: ids.get('JT_JYSR')!, value: wrongRevenue, ...a(rev), returnReason: status === 'returned' ? '与村账核对不符，疑似单位填成了千元，请核实后按万元填写' : null });
      if (status !== 'draft') {
        values.push({ ...base, indicatorId: ids.get('CUN_JY100')!, value: v.type === 'village' && rev >= 100 ? 1 : 0, ...a(v.type === 'village' && rev >= 100 ? 1 : 0) });
        values.push({ ...base, indicatorId: ids.get('DY_FZ')!, value: i % 3, ...a(i % 3) });
        values.push({ ...base, indicatorId: ids.get('DY_RS')!, value: members2023.get(v.id) ?? 0, source: 'derived', ...a(members2023.get(v.id) ?? 0) });
        values.push({ ...base, indicatorId: ids.get('CUN_ZS')!, value: v.type === 'village' ? 1 : 0, source: 'derived', ...a(v.type === 'village' ? 1 : 0) });
      }
    }
    submissions.push({
      tenantId: countyCode,
      taskId: t2023.id,
      orgUnitId: v.id,
      status,
      submittedAt: ['approved', 'submitted', 'returned'].includes(status) ? new Date('2024-01-15T02:00:00Z') : null,
      submittedBy: ['approved', 'submitted', 'returned'].includes(status) ? `${v.name}填报员（演示）` : null,
      reviewedAt: ['approved', 'returned'].includes(status) ? new Date('2024-01-18T02:00:00Z') : null,
      reviewedBy: ['approved', 'returned'].includes(status) ? approver : null,
      returnReason: status === 'returned' ? '村级集体经营性收入明显偏高，请核实' : null,
    });
  });

  for (let i = 0; i < values.length; i += 1000) {
    const rows = await db.insert(indicatorValues).values(values.slice(i, i + 1000)).returning({ id: indicatorValues.id, value: indicatorValues.value, approvedValue: indicatorValues.approvedValue, approvedBy: indicatorValues.approvedBy, taskId: indicatorValues.taskId });
    const history: (typeof indicatorValueHistory.$inferInsert)[] = [];
    for (const row of rows) {
      history.push({ tenantId: countyCode, valueId: row.id, action: row.taskId ? 'submit' : 'import', oldValue: null, newValue: row.value, actorName: row.taskId ? '填报员（演示）' : '历史数据导入' });
      if (row.approvedValue != null && row.taskId) history.push({ tenantId: countyCode, valueId: row.id, action: 'approve', oldValue: null, newValue: row.approvedValue, actorName: row.approvedBy ?? '' });
    }
    await db.insert(indicatorValueHistory).values(history);
  }
  for (let i = 0; i < submissions.length; i += 1000) await db.insert(taskSubmissions).values(submissions.slice(i, i + 1000));

  // Targets and external standings.
  const target = (code: string, unitId: number, period: string, value: number) =>
    db.insert(indicatorTargets).values({ tenantId: countyCode, indicatorId: ids.get(code)!, orgUnitId: unitId, period, target: value, updatedBy: opts.countyActor });
  await target('JT_100_ZB', county.id, '2022', 55);
  await target('DY_WFJL', county.id, '2022', 12);
  // The county's own 2022 targets the 组织工作综合评价 scheme (assessment demo) scores against.
  for (const [code, value] of [['XJ_CC', 5000], ['QYXQ_JJ', 450], ['RC_GJ', 2], ['QZPJ_DF', 92], ['XXQG_GJ', 400]] as const) await target(code, county.id, '2022', value);
  const total2022 = villages.reduce((a, v) => a + revenue.get(v.id)![1], 0);
  await target('JT_JYSR', county.id, '2023', Math.round(total2022 * 1.1));
  for (const t of towns) {
    const sumTown = villages.filter((v) => v.parentId === t.id).reduce((a, v) => a + revenue.get(v.id)![1], 0);
    if (sumTown) await target('JT_JYSR', t.id, '2023', Math.round(sumTown * 1.1));
  }
  await db.insert(peerBenchmarks).values([
    { tenantId: countyCode, indicatorId: ids.get('JT_100_ZB')!, orgUnitId: county.id, period: '2022', peerGroup: '金华市9个县（市、区）', rank: 1, peerCount: 9, sourceTitle: '2022年度金华市村级集体经济发展情况通报', sourceDate: '2023-02', createdBy: '演示数据' },
    { tenantId: countyCode, indicatorId: ids.get('QZPJ_DF')!, orgUnitId: county.id, period: '2022', peerGroup: '金华市9个县（市、区）', rank: 1, peerCount: 9, sourceTitle: '2022年度金华市群众评价工作考核结果', sourceDate: '2023-03', createdBy: '演示数据' },
    { tenantId: countyCode, indicatorId: ids.get('HW_GJTGL')!, orgUnitId: county.id, period: '2022', peerGroup: '金华市9个县（市、区）', rank: 1, peerCount: 9, sourceTitle: '2022年度金华市人才工作目标责任制考核通报', sourceDate: '2023-03', createdBy: '演示数据' },
  ]);
  return { indicators: DEFS.length, values: values.length, tasks: 3 };
}

export const DEMO_INDICATOR_CODES = DEFS.map((d) => d.code);

/**
 * Stores the county's figure for a period of indicators derived from records that are loaded
 * after the indicators (mobilization): signed off like the campaign's derived figures, so the
 * year-end summary and the explorer read them.
 */
export async function seedDerivedCountyFigures(db: DbOrTx, countyCode: string, codes: string[], period: string) {
  const [county] = await findUnitsByCodes(db, [countyCode]);
  for (const code of codes) {
    const [ind] = await db.select().from(indicators).where(and(eq(indicators.tenantId, countyCode), eq(indicators.code, code)));
    if (!ind?.derivation) continue;
    const value = (await computeDerived(db, ind.derivation, county.path, parsePeriod(period)!, new Set([county.id]))).get(county.id) ?? 0;
    const [row] = await db
      .insert(indicatorValues)
      .values({ tenantId: countyCode, indicatorId: ind.id, orgUnitId: county.id, period, value, approvedValue: value, approvedAt: new Date(Date.UTC(Number(period.slice(0, 4)) + 1, 0, 25, 2)), approvedBy: '市委组织部', source: 'derived', enteredBy: '系统统计' })
      .returning({ id: indicatorValues.id });
    await db.insert(indicatorValueHistory).values({ tenantId: countyCode, valueId: row.id, action: 'import', oldValue: null, newValue: value, actorName: '系统统计' });
  }
}
