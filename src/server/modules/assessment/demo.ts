import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { findUnitsByCodes, insertUnits, unitsOfTypesUnder } from '../org';
import { loadDefinitions, writeSignedOffFigures } from '../indicators';
import { SchemeDefinitionSchema, type SchemeDefinition } from '../../../shared/assessment';
import { incentivePools, schemes, schemeVersions } from './assessment.table';
import { computeTable, insertResult } from './results.service';
import { allocateByTiers } from './allocate';

type Rng = { next(): number; int(min: number, max: number): number };

/**
 * Demo schemes with the seed's outcomes: the 镇村比拼擂台 over every village and community with
 * its 200万元 incentive pool (published for 2021 and 2022, so ranks move), the villages' 服务力指数,
 * the 争先社区 selection (4 communities), the 清廉民企 grading (2 示范型, 16 标准型) and the county's
 * 组织工作综合评价 (优秀). Every outcome is computed by the engine from the demo's figures.
 */
export async function seedAssessmentDemo(db: DbOrTx, countyCode: string, r: Rng) {
  const [county] = await findUnitsByCodes(db, [countyCode]);
  const defs = await loadDefinitions(db, countyCode);
  const idOf = (code: string) => defs.get(code)!.row.id;

  // 清廉民企: the demo tree has one enterprise per town; a second per town has applied too.
  const towns = await unitsOfTypesUnder(db, county.path, ['town', 'street']);
  const trades = ['精密机械', '电动工具', '门业', '保温杯', '车业', '智能家居', '五金工贸', '电器', '休闲用品', '金属制品', '模具', '新材料', '安防科技', '健身器材', '厨具', '汽配'];
  await insertUnits(
    db,
    towns.map((t, i) => ({ tenantId: countyCode, parentId: t.id, code: `${t.code}-QY2`, name: `${t.name.replace(/镇|街道$/, '')}${trades[i % trades.length]}有限公司（演示）`, type: 'enterprise' })),
  );
  const enterprises = await unitsOfTypesUnder(db, county.path, ['enterprise']);
  // 2 score 90+ (示范型), 16 score 75–90 (标准型), the rest below 75.
  const scores = enterprises.map((_, i) => (i < 2 ? 91 + r.next() * 6 : i < 18 ? 75.5 + r.next() * 13.5 : 60 + r.next() * 14));
  const order = enterprises.map((e, i) => ({ e, k: r.next(), i })).sort((a, b) => a.k - b.k);
  await writeSignedOffFigures(
    db,
    { system: true, tenantId: countyCode, displayName: '市委统战部', scopePath: county.path },
    {
      indicatorId: idOf('QLMQ_DF'),
      period: '2022',
      rows: order.map(({ e }, i) => ({ orgUnitId: e.id, value: Math.round(scores[i] * 10) / 10 })),
      source: 'imported',
      sourceRef: '清廉民企评审组（演示）',
      comment: '2022年度“清廉民企”创建评价',
      at: new Date('2022-12-20T02:00:00Z'),
    },
  );

  const honours = (levels: ('national' | 'provincial' | 'city' | 'county')[]) => ({ kind: 'records' as const, query: { kind: 'honour' as const, measure: 'count' as const, categoryCode: 'RY', dateBasis: 'awarded', levels } });
  const grades4 = [
    { label: '优秀', min: 80 },
    { label: '良好', min: 60 },
    { label: '一般', min: 45 },
    { label: '较差', min: 0 },
  ];
  const villageCompetition: SchemeDefinition = SchemeDefinitionSchema.parse({
    items: [
      { key: 'JYSR', label: '村级集体经营性收入', indicatorCode: 'JT_JYSR', weight: 35, normalization: { kind: 'minmax' } },
      { key: 'FZDY', label: '发展党员', indicatorCode: 'DY_FZ', weight: 15, normalization: { kind: 'bands', bands: [{ min: null, max: 1, score: 0 }, { min: 1, max: 2, score: 8 }, { min: 2, max: 3, score: 12 }, { min: 3, max: null, score: 15 }] } },
      { key: 'XJ', label: '宣讲场次', indicatorCode: 'XJ_CC', weight: 20, normalization: { kind: 'rank' } },
      { key: 'MYD', label: '群众满意度', indicatorCode: 'QZPJ_CS', weight: 30, normalization: { kind: 'target', target: 95 } },
    ],
    adjustments: [
      { key: 'RY_SJ', label: '获金华市级以上荣誉', direction: 'bonus', measure: honours(['city', 'provincial', 'national']), pointsPer: 3, cap: 6 },
      { key: 'RY_XJ', label: '获县市级荣誉', direction: 'bonus', measure: honours(['county']), pointsPer: 1, cap: 2 },
      { key: 'CQ', label: '事项超期未办结', direction: 'penalty', measure: { kind: 'overdueCases' }, pointsPer: 2, cap: 6 },
    ],
    vetoes: [{ key: 'WJWF', label: '发生党员违纪违法案件', measure: { kind: 'records', query: { kind: 'case', measure: 'count', categoryCode: 'WJWF', dateBasis: 'registered' } }, atLeast: 1 }],
    grades: grades4,
    bonusCap: 8,
  });
  const serviceIndex: SchemeDefinition = SchemeDefinitionSchema.parse({
    items: [
      { key: 'MYD', label: '群众满意度', indicatorCode: 'QZPJ_CS', weight: 50, normalization: { kind: 'minmax' } },
      { key: 'XJ', label: '宣讲服务场次', indicatorCode: 'XJ_CC', weight: 30, normalization: { kind: 'minmax' } },
      { key: 'FZDY', label: '发展党员', indicatorCode: 'DY_FZ', weight: 20, normalization: { kind: 'rank' } },
    ],
    adjustments: [{ key: 'CQ', label: '事项超期未办结', direction: 'penalty', measure: { kind: 'overdueCases' }, pointsPer: 2, cap: 10 }],
    grades: [
      { label: '五星', min: 80 },
      { label: '四星', min: 65 },
      { label: '三星', min: 50 },
      { label: '待提升', min: 0 },
    ],
  });
  const communitySelection = (line: number): SchemeDefinition =>
    SchemeDefinitionSchema.parse({
      items: [
        { key: 'JYSR', label: '集体经营性收入', indicatorCode: 'JT_JYSR', weight: 40, normalization: { kind: 'minmax' } },
        { key: 'MYD', label: '群众满意度', indicatorCode: 'QZPJ_CS', weight: 40, normalization: { kind: 'minmax' } },
        { key: 'XJ', label: '宣讲场次', indicatorCode: 'XJ_CC', weight: 20, normalization: { kind: 'minmax' } },
      ],
      grades: [{ label: '争先社区', min: line }],
    });
  const cleanEnterprises: SchemeDefinition = SchemeDefinitionSchema.parse({
    items: [{ key: 'PF', label: '创建评价得分', indicatorCode: 'QLMQ_DF', weight: 100, normalization: { kind: 'target', target: 100 } }],
    grades: [
      { label: '示范型', min: 90 },
      { label: '标准型', min: 75 },
    ],
  });
  const countyEvaluation: SchemeDefinition = SchemeDefinitionSchema.parse({
    items: [
      { key: 'WFJL', label: '党员违纪违法案件数（不高于12件）', indicatorCode: 'WJWF_JS', weight: 20, normalization: { kind: 'target', target: 12 } },
      { key: 'XJ', label: '宣讲场次', indicatorCode: 'XJ_CC', weight: 20, normalization: { kind: 'target' } },
      { key: 'QYXQ', label: '企业需求解决数', indicatorCode: 'QYXQ_JJ', weight: 20, normalization: { kind: 'target' } },
      { key: 'RC', label: '入选国家级人才数', indicatorCode: 'RC_GJ', weight: 10, normalization: { kind: 'target' } },
      { key: 'QZPJ', label: '群众评价得分', indicatorCode: 'QZPJ_DF', weight: 20, normalization: { kind: 'target' } },
      { key: 'XXQG', label: '“学习强国”稿件数', indicatorCode: 'XXQG_GJ', weight: 10, normalization: { kind: 'target' } },
    ],
    grades: [
      { label: '优秀', min: 90 },
      { label: '良好', min: 80 },
      { label: '一般', min: 60 },
      { label: '较差', min: 0 },
    ],
  });

  const create = async (code: string, name: string, kind: string, scopeUnitId: number, unitTypes: string[], definition: SchemeDefinition, description: string) => {
    const [s] = await db.insert(schemes).values({ tenantId: countyCode, code, name, kind, description, scopeUnitId, unitTypes, periodType: 'year', createdAt: new Date('2022-03-01T02:00:00Z') }).returning();
    await db.insert(schemeVersions).values({ schemeId: s.id, versionNo: 1, definition, note: '初版', createdAt: new Date('2022-03-01T02:00:00Z') });
    return s;
  };
  const publish = async (s: typeof schemes.$inferSelect, period: string, publicPage: boolean, at: string) => {
    const t = await computeTable(db, s, s.currentVersionNo, period);
    return { ...(await insertResult(db, s, t, { period, public: publicPage, publishedBy: null, publishedAt: new Date(at) })), rows: t.rows };
  };

  const competition = await create('CZBP', '镇村比拼擂台', 'competition', county.id, ['village', 'community'], villageCompetition, '全市村（社区）同台比拼，年度排名前50名按档次分配200万元激励奖金。');
  await publish(competition, '2021', true, '2022-02-15T02:00:00Z');
  const c2022 = await publish(competition, '2022', true, '2023-02-10T02:00:00Z');
  const tiers = [
    { fromRank: 1, toRank: 10, amountEach: 80_000 },
    { fromRank: 11, toRank: 30, amountEach: 40_000 },
    { fromRank: 31, toRank: 50, amountEach: 20_000 },
  ];
  const ranked = c2022.rows.map((x) => ({ orgUnitId: x.unitId, code: x.code, rank: x.rank, total: x.total, vetoed: x.vetoed }));
  const alloc = allocateByTiers(2_000_000, ranked, tiers);
  const byId = new Map(c2022.rows.map((x) => [x.unitId, x]));
  await db.insert(incentivePools).values({
    tenantId: countyCode,
    resultId: c2022.id,
    name: '2022年度镇村比拼激励奖金',
    amount: 2_000_000,
    method: 'tiers',
    params: { tiers, notes: alloc.scaled ? ['各档金额合计与奖金池不一致，已按同一比例调整'] : [] },
    allocations: alloc.allocations.map((a) => {
      const x = byId.get(a.orgUnitId)!;
      return { orgUnitId: a.orgUnitId, unitName: x.name, parentName: x.parentName, rank: x.rank, total: x.total, amount: a.amount, basis: a.basis };
    }),
    createdAt: new Date('2023-02-12T02:00:00Z'),
  });

  const index = await create('FWLZS', '村（社区）党组织服务力指数', 'index', county.id, ['village', 'community'], serviceIndex, '以群众满意度、宣讲服务和党员发展衡量村（社区）党组织服务群众的能力，按星级评定。');
  await publish(index, '2022', false, '2023-02-20T02:00:00Z');

  // 争先社区: the line is set where the fourth community stands, as the seed names four.
  const selection = await create('ZXSQ', '“强基争先”争先社区评选', 'selection', county.id, ['community'], communitySelection(0), '社区集体经济、群众满意度和宣讲服务综合评分，达到分数线的命名为争先社区。');
  const first = await computeTable(db, selection, 1, '2022');
  // (A small test county may have fewer than four communities: then all of them clear it.)
  const line = first.rows[Math.min(3, first.rows.length - 1)].total;
  if (first.rows[4] && first.rows[4].total >= line) throw new Error('demo: the fourth and fifth communities tie');
  const [v2] = await db.insert(schemeVersions).values({ schemeId: selection.id, versionNo: 2, definition: communitySelection(line), note: '确定分数线', createdAt: new Date('2023-01-05T02:00:00Z') }).returning();
  const [sel2] = await db.update(schemes).set({ currentVersionNo: v2.versionNo }).where(eq(schemes.id, selection.id)).returning();
  await publish(sel2, '2022', true, '2023-01-10T02:00:00Z');

  const clean = await create('QLMQ', '“清廉民企”创建评价', 'selection', county.id, ['enterprise'], cleanEnterprises, '统战部会同工商联对创建企业逐家评价：90分以上为示范型，75分以上为标准型。');
  await publish(clean, '2022', false, '2022-12-28T02:00:00Z');

  const evaluation = await create('ZZGZ_ZHPJ', '组织工作综合评价', 'evaluation', county.id, ['county'], countyEvaluation, '对照年度目标评价全市组织工作，目标完成率封顶100%。');
  await publish(evaluation, '2022', false, '2023-01-30T02:00:00Z');
  return { schemes: 5 };
}
