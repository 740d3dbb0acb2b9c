import type { DbOrTx } from '../../db/client';
import { findUnitsByCodes } from '../org';
import type { CockpitDefinition, CockpitScope } from '../../../shared/cockpit';
import { cockpits } from './cockpit.table';

/** The demo county's cockpits: 全市 with the seed's headline figures, and one per department. */
const DEMO: { scope: CockpitScope; definition: CockpitDefinition }[] = [
  {
    scope: 'county',
    definition: {
      title: '永康市党建工作驾驶舱',
      // 2022: the demo's last year with every collection complete (2023 is still being collected).
      year: 2022,
      widgets: [
        { kind: 'headline', indicatorCode: 'DY_RS', label: '党员', style: 'approx' },
        { kind: 'headline', indicatorCode: 'XJ_CC', label: '宣讲', style: 'approx' },
        { kind: 'headline', indicatorCode: 'QYXQ_JJ', label: '企业需求解决', style: 'exact' },
        { kind: 'headline', indicatorCode: 'GJQJ_TZ', label: '共建项目投资', style: 'exact' },
        { kind: 'headline', indicatorCode: 'JT_100_ZB', label: '经营性收入百万元以上村占比', style: 'exact' },
        { kind: 'headline', indicatorCode: 'WJWF_JS', label: '党员违纪违法案件', style: 'exact' },
        { kind: 'counter', counter: 'open_cases' },
        { kind: 'counter', counter: 'overdue_cases' },
        { kind: 'counter', counter: 'active_activations' },
        { kind: 'counter', counter: 'open_tasks' },
        { kind: 'league', schemeCode: 'CZBP', top: 5 },
        { kind: 'honours' },
      ],
    },
  },
  {
    scope: 'org',
    definition: {
      title: '组织工作驾驶舱',
      year: 2022,
      widgets: [
        { kind: 'headline', indicatorCode: 'DY_RS', label: '党员', style: 'approx' },
        { kind: 'headline', indicatorCode: 'DY_FZ', label: '发展党员', style: 'exact' },
        { kind: 'headline', indicatorCode: 'QYXQ_JJ', label: '企业需求解决', style: 'exact' },
        { kind: 'headline', indicatorCode: 'JT_JYSR', label: '村级集体经营性收入', style: 'exact' },
        { kind: 'headline', indicatorCode: 'RC_GFBZ', label: '人才购房补助', style: 'exact' },
        { kind: 'counter', counter: 'open_tasks' },
        { kind: 'league', schemeCode: 'CZBP', top: 5 },
        { kind: 'league', schemeCode: 'ZXSQ', top: 5 },
      ],
    },
  },
  {
    scope: 'propaganda',
    definition: {
      title: '宣传思想工作驾驶舱',
      year: 2022,
      widgets: [
        { kind: 'headline', indicatorCode: 'XJ_CC', label: '宣讲', style: 'approx' },
        { kind: 'headline', indicatorCode: 'XJ_SP', label: '宣讲微视频', style: 'approx' },
        { kind: 'headline', indicatorCode: 'XXQG_GJ', label: '“学习强国”稿件', style: 'exact' },
        { kind: 'headline', indicatorCode: 'YM_GJ', label: '央媒稿件', style: 'approx' },
        { kind: 'headline', indicatorCode: 'WHLT_JC', label: '文化礼堂建成', style: 'exact' },
        { kind: 'honours' },
      ],
    },
  },
  {
    scope: 'united-front',
    definition: {
      title: '统战工作驾驶舱',
      year: 2022,
      widgets: [
        { kind: 'headline', indicatorCode: 'RY_JHS', label: '金华市级以上荣誉', style: 'exact' },
        { kind: 'headline', indicatorCode: 'YZZTC_JY', label: '议政直通车建议', style: 'exact' },
        { kind: 'headline', indicatorCode: 'SHFW_CC', label: '社会服务', style: 'exact' },
        { kind: 'headline', indicatorCode: 'AFSB_TS', label: '宗教场所安防设备', style: 'approx' },
        { kind: 'league', schemeCode: 'QLMQ', top: 5 },
        { kind: 'honours' },
      ],
    },
  },
];

export async function seedCockpitDemo(db: DbOrTx, countyCode: string) {
  const [county] = await findUnitsByCodes(db, [countyCode]);
  await db.insert(cockpits).values(DEMO.map((c) => ({ tenantId: countyCode, ownerUnitId: county.id, scope: c.scope, definition: c.definition, updatedBy: '演示数据', createdAt: new Date('2023-01-05T01:00:00Z'), updatedAt: new Date('2023-01-05T01:00:00Z') })));
  return { cockpits: DEMO.length };
}
