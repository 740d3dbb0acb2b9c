import { Link } from 'react-router-dom';
import { Alert, Card, Descriptions, Drawer, Empty, Flex, Grid, Space, Spin, Tag, Typography } from 'antd';
import { DatabaseOutlined, FileSearchOutlined } from '@ant-design/icons';
import type { Measure } from '../../../shared/assessment';
import { DEFAULT_LEAGUE_TYPES, viewToParams } from '../indicators/explorerQuery';
import { fmtNum, fmtPct, periodLabel } from '../indicators/format';
import type { Indicator } from '../indicators/types';
import { ledgerListLink, recordQueryLink } from '../ledger/ledgerQuery';
import { basisWords, pts, rawText, tidyMeasureText } from './display';
import { GradeTag, RankChange } from './LeagueTable';
import type { ResultSummary, StoredBreakdown } from './types';

export interface BreakdownHead {
  unitId: number;
  name: string;
  parentName: string | null;
  rank: number;
  total: number;
  grade: string | null;
  vetoed: boolean;
  rankChange: number | null;
}

interface BreakdownDrawerProps {
  head: BreakdownHead | null;
  detail: StoredBreakdown | null;
  loading?: boolean;
  error?: string | null;
  summary: ResultSummary;
  period: string;
  /** The tenant's indicators, to link figures counted from ledger records to those records. */
  indicators: Indicator[] | null;
  /** Published snapshot: figures are as they stood when published. */
  frozen?: boolean;
  onClose: () => void;
}

/** The figures behind a unit's item in the indicator explorer's 来源数据 tab. */
export const sourcesLink = (indicatorId: number, unitId: number, period: string) =>
  `/explore?${viewToParams({ indicatorId, unitId, from: period, provisional: false, tab: 'sources', leagueTypes: DEFAULT_LEAGUE_TYPES }).toString()}`;

/** Where the records behind a bonus, penalty or veto can be read, for one unit and period. */
function measureLink(m: Measure, unitId: number, period: string, indicators: Indicator[] | null): { to: string; text: string } | null {
  if (m.kind === 'records') {
    const to = recordQueryLink(m.query, period, period, unitId);
    return to ? { to, text: '查看台账记录' } : null;
  }
  if (m.kind === 'overdueCases') return { to: ledgerListLink('case', { unitId, side: 'handler', flag: 'overdue' }), text: '查看超期事项' };
  const ind = indicators?.find((i) => i.code === m.indicatorCode);
  return ind ? { to: sourcesLink(ind.id, unitId, period), text: '来源数据' } : null;
}

/**
 * 得分明细: why a unit scored what it did — each item's raw figure, what it was compared with,
 * its score rate, weight and points, with links to the figures and records behind it; then
 * bonuses, penalties and vetoes, and the sum that makes the total.
 */
export function BreakdownDrawer({ head, detail, loading, error, summary, period, indicators, frozen, onClose }: BreakdownDrawerProps) {
  const screens = Grid.useBreakpoint();
  const open = head != null;
  const byKey = new Map(summary.items.map((i) => [i.key, i]));
  const adjByKey = new Map(summary.adjustments.map((a) => [a.key, a]));
  const vetoLabels = (detail?.vetoes ?? []).map((k) => summary.vetoes.find((v) => v.key === k)).filter((v): v is ResultSummary['vetoes'][number] => !!v);
  const bonusSum = Math.round((detail?.adjustments ?? []).filter((a) => a.direction === 'bonus').reduce((s, a) => s + a.points, 0) * 100) / 100;
  const raw = detail ? Math.round((detail.base + detail.bonus - detail.penalty) * 100) / 100 : 0;

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={screens.md ? 720 : '100%'}
      title={head ? `${head.name}${head.parentName ? `（${head.parentName}）` : ''} · 得分明细` : '得分明细'}
      data-testid="breakdown-drawer"
      destroyOnHidden
    >
      {head && (
        <Flex vertical gap={12}>
          <Flex gap={16} wrap align="flex-start">
            <Space orientation="vertical" size={0}>
              <Typography.Text type="secondary">总分</Typography.Text>
              <span style={{ fontSize: 28, fontWeight: 600, lineHeight: 1.2 }} data-testid="bd-total">
                {pts(head.total)}
              </span>
            </Space>
            <Space orientation="vertical" size={0}>
              <Typography.Text type="secondary">名次</Typography.Text>
              <span style={{ fontSize: 18 }}>
                第{head.rank}名<Typography.Text type="secondary">/共{summary.cohortSize}个</Typography.Text>
              </span>
            </Space>
            <Space orientation="vertical" size={0}>
              <Typography.Text type="secondary">等次</Typography.Text>
              <GradeTag grade={head.grade} grades={summary.grades} />
            </Space>
            <Space orientation="vertical" size={0}>
              <Typography.Text type="secondary">名次变化</Typography.Text>
              <RankChange change={head.rankChange} />
            </Space>
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {periodLabel(period)} · 第{summary.versionNo}版规则 · {frozen ? '已发布快照，数值为发布时的数据' : '按当前已审核数据试算'}
          </Typography.Text>
          {error && <Alert type="error" showIcon title={error} />}
          {loading && !detail && (
            <Flex justify="center" style={{ padding: 32 }}>
              <Spin />
            </Flex>
          )}
          {detail && (
            <>
              {head.vetoed && (
                <Alert
                  type="error"
                  showIcon
                  data-testid="bd-vetoed"
                  title={`一票否决：${vetoLabels.map((v) => v.label).join('、') || '已触发'}`}
                  description="被否决的单位总分记0分、排在最后，不评等次；以下为各项原本的得分，仅供核对。"
                />
              )}
              <Typography.Title level={5} style={{ margin: 0 }}>
                计分项目
              </Typography.Title>
              <Flex vertical gap={8}>
                {detail.items.map((s) => {
                  const it = byKey.get(s.key);
                  if (!it) return null;
                  const ind = indicators?.find((i) => i.code === it.indicatorCode);
                  const rq = ind?.source === 'derived' ? ind.definition?.recordQuery : null;
                  const ledger = rq ? recordQueryLink(rq, period, period, head.unitId) : null;
                  return (
                    <Card key={s.key} size="small" data-testid="bd-item" styles={{ body: { padding: '8px 12px' } }}>
                      <Flex justify="space-between" align="baseline" gap={8}>
                        <Typography.Text strong>
                          {it.label}
                          <Typography.Text type="secondary" style={{ fontWeight: 400, fontSize: 12, marginInlineStart: 6 }}>
                            权重 {fmtNum(s.weight)} 分
                          </Typography.Text>
                        </Typography.Text>
                        <span style={{ fontSize: 16, fontWeight: 600, whiteSpace: 'nowrap' }}>
                          <span data-testid="bd-item-points">{pts(s.points)}</span> 分
                        </span>
                      </Flex>
                      <div style={{ fontSize: 13, marginTop: 4 }}>
                        <span data-testid="bd-item-raw">{rawText(s.raw, it.unit)}</span>
                        <Typography.Text type="secondary"> · {basisWords(it.normalization.kind, s, it.direction, it.unit)}</Typography.Text>
                      </div>
                      <Flex justify="space-between" wrap gap={8} style={{ fontSize: 12, marginTop: 2 }}>
                        <Typography.Text type="secondary">
                          得分率 {fmtPct(s.normalized)} × 权重 {fmtNum(s.weight)} = {pts(s.points)} 分
                          {s.note && (
                            <Tag color="orange" style={{ marginInlineStart: 6 }}>
                              {s.note}
                            </Tag>
                          )}
                        </Typography.Text>
                        <Space size={12}>
                          {it.indicatorId != null && (
                            <Link to={sourcesLink(it.indicatorId, head.unitId, period)} target="_blank" data-testid="bd-source-link">
                              <DatabaseOutlined /> {frozen ? '当前来源数据' : '来源数据'}
                            </Link>
                          )}
                          {ledger && (
                            <Link to={ledger} target="_blank">
                              <FileSearchOutlined /> 查看台账记录
                            </Link>
                          )}
                        </Space>
                      </Flex>
                    </Card>
                  );
                })}
              </Flex>

              {detail.adjustments.length > 0 && (
                <>
                  <Typography.Title level={5} style={{ margin: 0 }}>
                    加分与减分
                  </Typography.Title>
                  <Flex vertical gap={8}>
                    {detail.adjustments.map((a) => {
                      const def = adjByKey.get(a.key);
                      const link = def ? measureLink(def.measure, head.unitId, period, indicators) : null;
                      return (
                        <Card key={a.key} size="small" data-testid="bd-adjustment" styles={{ body: { padding: '8px 12px' } }}>
                          <Flex justify="space-between" align="baseline" gap={8}>
                            <span>
                              <Tag color={a.direction === 'bonus' ? 'green' : 'red'}>{a.direction === 'bonus' ? '加分' : '减分'}</Tag>
                              {def?.label ?? a.key}
                            </span>
                            <span style={{ fontWeight: 600, whiteSpace: 'nowrap', color: a.points ? (a.direction === 'bonus' ? '#389e0d' : '#cf1322') : undefined }}>
                              {a.points ? (a.direction === 'bonus' ? '+' : '−') : ''}
                              {pts(a.points)} 分{a.capped && <Tag style={{ marginInlineStart: 6 }}>已封顶</Tag>}
                            </span>
                          </Flex>
                          <Flex justify="space-between" wrap gap={8} style={{ fontSize: 12, marginTop: 2 }}>
                            <Typography.Text type="secondary">
                              {def ? tidyMeasureText(def.measureText) : ''}：{fmtNum(a.raw ?? 0)}
                              {def && ` × ${fmtNum(def.pointsPer)} 分（最多 ${fmtNum(def.cap)} 分）`}
                            </Typography.Text>
                            {link && (
                              <Link to={link.to} target="_blank">
                                <FileSearchOutlined /> {link.text}
                              </Link>
                            )}
                          </Flex>
                        </Card>
                      );
                    })}
                  </Flex>
                </>
              )}

              {summary.vetoes.length > 0 && (
                <Descriptions
                  size="small"
                  column={1}
                  bordered
                  items={[
                    {
                      key: 'vetoes',
                      label: '一票否决',
                      children: vetoLabels.length ? (
                        <Flex vertical gap={4}>
                          {vetoLabels.map((v) => {
                            const link = measureLink(v.measure, head.unitId, period, indicators);
                            return (
                              <span key={v.key}>
                                <Tag color="red">已触发</Tag>
                                {v.label}（{tidyMeasureText(v.measureText)} ≥ {fmtNum(v.atLeast)}）
                                {link && (
                                  <Link to={link.to} target="_blank" style={{ marginInlineStart: 8 }}>
                                    {link.text}
                                  </Link>
                                )}
                              </span>
                            );
                          })}
                        </Flex>
                      ) : (
                        <Typography.Text type="secondary">未触发（共 {summary.vetoes.length} 项）</Typography.Text>
                      ),
                    },
                  ]}
                />
              )}

              <Card size="small" style={{ background: '#fafafa' }} data-testid="bd-formula">
                <div>
                  基础分 = {detail.items.map((s) => pts(s.points)).join(' + ')} = <strong data-testid="bd-base">{pts(detail.base)}</strong>
                </div>
                <div>
                  总分 = 基础分 {pts(detail.base)} + 加分 <span data-testid="bd-bonus">{pts(detail.bonus)}</span> − 减分 <span data-testid="bd-penalty">{pts(detail.penalty)}</span>
                  {head.vetoed ? (
                    <>
                      ，一票否决记 <strong>0.00</strong>
                    </>
                  ) : raw < 0 ? (
                    <>
                      {' '}
                      = {pts(raw)}，不低于0分，记 <strong>{pts(head.total)}</strong>
                    </>
                  ) : (
                    <>
                      {' '}
                      = <strong>{pts(head.total)}</strong>
                    </>
                  )}
                </div>
                {bonusSum > detail.bonus && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    各加分项合计 {pts(bonusSum)} 分，按加分封顶计 {pts(detail.bonus)} 分
                  </Typography.Text>
                )}
              </Card>
            </>
          )}
          {!loading && !detail && !error && <Empty description="没有明细" />}
        </Flex>
      )}
    </Drawer>
  );
}
