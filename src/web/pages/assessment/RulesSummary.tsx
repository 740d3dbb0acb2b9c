import { Descriptions, Flex, Grid, Table, Tag, Typography } from 'antd';
import { TIE_BREAK_ZH, type Measure, type Normalization } from '../../../shared/assessment';
import { fmtNum } from '../indicators/format';
import { measureWords, normalizationWords, tidyMeasureText } from './display';
import type { ResultSummary, SchemeDetail } from './types';

/** The rules in words, from a live run or a published result's summary, or from a scheme. */
export interface RulesView {
  items: { key: string; label: string; indicatorName: string; unit: string | null; direction: string; weight: number; normalization: Normalization }[];
  adjustments: { key: string; label: string; direction: 'bonus' | 'penalty'; measure: Measure; measureText?: string; pointsPer: number; cap: number }[];
  vetoes: { key: string; label: string; measure: Measure; measureText?: string; atLeast: number }[];
  grades: { label: string; min: number }[];
  bonusCap: number | null;
  tieBreak: string;
}

/** A scheme's stored definition as a RulesView (indicator names from the scheme's answer). */
export function rulesOfScheme(s: SchemeDetail): RulesView {
  const ind = new Map(s.indicators.map((i) => [i.code, i]));
  const d = s.definition;
  return {
    items: d.items.map((it) => ({ key: it.key, label: it.label, indicatorName: ind.get(it.indicatorCode)?.name ?? it.indicatorCode, unit: ind.get(it.indicatorCode)?.unit ?? null, direction: ind.get(it.indicatorCode)?.direction ?? 'higher', weight: it.weight, normalization: it.normalization })),
    adjustments: d.adjustments.map((a) => ({ ...a, measureText: measureWords(a.measure, (c) => ind.get(c)?.name) })),
    vetoes: d.vetoes.map((v) => ({ ...v, measureText: measureWords(v.measure, (c) => ind.get(c)?.name) })),
    grades: d.grades,
    bonusCap: d.bonusCap ?? null,
    tieBreak: TIE_BREAK_ZH,
  };
}

export const rulesOfSummary = (s: ResultSummary): RulesView => ({ ...s, items: s.items.map((i) => ({ ...i, direction: i.direction })) });

const measureText = (x: { measure: Measure; measureText?: string }) => (x.measureText ? tidyMeasureText(x.measureText) : measureWords(x.measure));

/** 计分规则: items with weights and how each is scored, then bonuses, penalties, vetoes, grades and ties. */
export function RulesSummary({ rules }: { rules: RulesView }) {
  const screens = Grid.useBreakpoint();
  const total = rules.items.reduce((s, i) => s + i.weight, 0);
  return (
    <Flex vertical gap={12} data-testid="rules-summary">
      {screens.sm ? (
        <Table
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={rules.items}
          columns={[
            {
              title: '计分项目',
              dataIndex: 'label',
              width: screens.md ? 180 : 130,
              render: (l: string, i) => (
                <>
                  {l}
                  {i.indicatorName !== l && (
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        指标：{i.indicatorName}
                      </Typography.Text>
                    </div>
                  )}
                </>
              ),
            },
            { title: '权重', dataIndex: 'weight', width: 70, align: 'right', render: (w: number) => `${fmtNum(w)}分` },
            { title: '计分方式', key: 'n', render: (_v, i) => normalizationWords(i.normalization, i.direction as 'higher' | 'lower', i.unit) },
          ]}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                <span style={{ color: total === 100 ? undefined : '#d46b08' }}>{fmtNum(total)}分</span>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  基础分 = 各项得分率 × 权重之和
                </Typography.Text>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          )}
        />
      ) : (
        // Phones: one block per item, the rule under its name, instead of a table too wide to read.
        <Flex vertical gap={6}>
          {rules.items.map((i) => (
            <div key={i.key} style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 6 }}>
              <Flex justify="space-between">
                <Typography.Text strong>{i.label}</Typography.Text>
                <span>{fmtNum(i.weight)}分</span>
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {i.indicatorName !== i.label ? `指标：${i.indicatorName}。` : ''}
                {normalizationWords(i.normalization, i.direction as 'higher' | 'lower', i.unit)}
              </Typography.Text>
            </div>
          ))}
          <Flex justify="space-between">
            <span>合计</span>
            <span style={{ color: total === 100 ? undefined : '#d46b08' }}>{fmtNum(total)}分</span>
          </Flex>
        </Flex>
      )}
      <Descriptions
        size="small"
        column={1}
        bordered
        layout={screens.sm ? 'horizontal' : 'vertical'}
        styles={{ label: screens.sm ? { width: screens.md ? 120 : 96 } : {} }}
        items={[
          {
            key: 'adj',
            label: '加分 / 减分',
            children: rules.adjustments.length ? (
              <Flex vertical gap={4}>
                {rules.adjustments.map((a) => (
                  <span key={a.key}>
                    <Tag color={a.direction === 'bonus' ? 'green' : 'red'}>{a.direction === 'bonus' ? '加分' : '减分'}</Tag>
                    {a.label}：{measureText(a)}，每 1 {a.direction === 'bonus' ? '加' : '减'} {fmtNum(a.pointsPer)} 分，最多 {fmtNum(a.cap)} 分
                  </span>
                ))}
                {rules.bonusCap != null && <span>加分合计封顶 {fmtNum(rules.bonusCap)} 分</span>}
              </Flex>
            ) : (
              '无'
            ),
          },
          {
            key: 'veto',
            label: '一票否决',
            children: rules.vetoes.length ? (
              <Flex vertical gap={4}>
                {rules.vetoes.map((v) => (
                  <span key={v.key}>
                    {v.label}：{measureText(v)} 达到 {fmtNum(v.atLeast)} 即否决（总分记0分、排在最后）
                  </span>
                ))}
              </Flex>
            ) : (
              '无'
            ),
          },
          {
            key: 'grades',
            label: '等次',
            children: rules.grades.length ? (
              <Flex gap={4} wrap>
                {rules.grades.map((g) => (
                  <Tag key={g.label}>
                    {g.label} ≥ {fmtNum(g.min)}分
                  </Tag>
                ))}
              </Flex>
            ) : (
              '不评等次'
            ),
          },
          { key: 'total', label: '总分', children: '总分 = 基础分 + 加分 − 减分（最低0分）；被一票否决的单位总分为0分' },
          { key: 'tie', label: '并列规则', children: rules.tieBreak },
        ]}
      />
    </Flex>
  );
}
