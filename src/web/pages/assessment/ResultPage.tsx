import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, App, Breadcrumb, Button, Card, Col, Collapse, Descriptions, Flex, Result, Row, Space, Tag, Typography } from 'antd';
import { DownloadOutlined, LockOutlined } from '@ant-design/icons';
import { api } from '../../api';
import { useAuth } from '../../auth';
import { errorText } from '../../components/applyServerErrors';
import { EChart, type EChartOption } from '../../components/EChart';
import { PageSpinner } from '../../components/PageSpinner';
import { useIndicatorList } from '../indicators/IndicatorPicker';
import { fmtNum, periodLabel } from '../indicators/format';
import { useApi } from '../indicators/useApi';
import { BreakdownDrawer } from './BreakdownDrawer';
import { dateTimeText, pts, unitTypesText } from './display';
import { IncentivePools } from './IncentivePools';
import { GradeTag, LeagueTable, RankChange } from './LeagueTable';
import { PublicLink } from './PublicLink';
import { RulesSummary, rulesOfSummary } from './RulesSummary';
import { publishedRowToLeague, type BreakdownAnswer, type LeagueRow, type PublishedResult, type ResultSummary, type StoredBreakdown } from './types';

/**
 * 已发布结果: the frozen league table as published — grades, the export, the public page with
 * its QR code, each own unit's breakdown, and the incentive pools allocated over it.
 */
export default function ResultPage() {
  const { id } = useParams();
  const { can } = useAuth();
  const { message } = App.useApp();
  const result = useApi<PublishedResult>(`result-${id}`, () => api.get<PublishedResult>(`/api/scheme-results/${id}`));
  const { list: indicators } = useIndicatorList(true);
  const [open, setOpen] = useState<LeagueRow | null>(null);
  const breakdown = useApi<BreakdownAnswer>(open ? `bd-${id}-${open.unitId}` : null, () => api.get(`/api/scheme-results/${id}/units/${open!.unitId}`));
  const [exporting, setExporting] = useState(false);
  const r = result.data;
  const rows = useMemo(() => (r?.rows ?? []).map(publishedRowToLeague), [r]);
  const own = useMemo(() => new Set(r?.ownUnits ?? []), [r]);
  // A village or a few units see their own standing first, before the whole table.
  const mineRows = useMemo(() => (own.size > 0 && own.size <= 5 && own.size < rows.length ? rows.filter((x) => own.has(x.unitId)) : []), [own, rows]);

  if (result.error) return <Result status="warning" title={result.error} extra={<Link to="/assessment">返回考评排名</Link>} />;
  if (!r) return <PageSpinner />;
  const summary = r.summary as unknown as ResultSummary;

  const exportXlsx = async () => {
    setExporting(true);
    try {
      await api.download(`/api/scheme-results/${r.id}/export`, undefined, `${r.title}.xlsx`);
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setExporting(false);
    }
  };

  return (
    <Flex vertical gap={12}>
      <Breadcrumb items={[{ title: <Link to="/assessment">考评排名</Link> }, { title: <Link to={`/assessment/${r.schemeId}?tab=results`}>{r.schemeName}</Link> }, { title: periodLabel(r.period) }]} />
      {mineRows.length > 0 && (
        <Card size="small" title={mineRows.length === 1 ? '本单位成绩' : '本辖区单位成绩'} data-testid="own-results">
          <Flex gap={8} wrap>
            {mineRows.map((row) => (
              <Card key={row.unitId} size="small" type="inner" style={{ flex: '1 1 260px' }} styles={{ body: { padding: 12 } }}>
                <Flex justify="space-between" align="center" gap={8}>
                  <Flex vertical gap={2}>
                    <Typography.Text strong>{row.name}</Typography.Text>
                    <Space size={6} wrap>
                      <span>
                        第<strong style={{ fontSize: 18 }}>{row.rank}</strong>名/共{rows.length}个
                      </span>
                      {row.grade ? <GradeTag grade={row.grade} grades={summary.grades} /> : <Typography.Text type="secondary">{row.vetoed ? '一票否决' : '未评等次'}</Typography.Text>}
                      {row.rankChange != null && (
                        <span>
                          较上期 <RankChange change={row.rankChange} />
                        </span>
                      )}
                    </Space>
                  </Flex>
                  <Flex vertical align="flex-end" gap={2}>
                    <span style={{ fontSize: 20, fontWeight: 600 }}>{pts(row.total)}</span>
                    <Button size="small" type="link" style={{ paddingInline: 0 }} onClick={() => setOpen(row)}>
                      查看得分明细
                    </Button>
                  </Flex>
                </Flex>
              </Card>
            ))}
          </Flex>
        </Card>
      )}

      <Card
        size="small"
        title={
          <Flex gap={6} wrap align="center">
            <span style={{ whiteSpace: 'normal' }}>{r.title}</span>
            {r.superseded ? <Tag>已被更正版取代</Tag> : <Tag color="green">有效</Tag>}
          </Flex>
        }
        extra={
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportXlsx()}>
            导出 Excel
          </Button>
        }
        styles={{ header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 } }}
      >
        <Flex vertical gap={12}>
          {r.superseded && (
            <Alert type="warning" showIcon title="该期已重新发布，本结果已被更正版取代，仅供查阅。" action={<Link to={`/assessment/${r.schemeId}?tab=results`}>查看最新结果</Link>} />
          )}
          <Alert type="info" showIcon icon={<LockOutlined />} title={<span>已发布快照，不随数据更正变化<Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 8 }}>按第{summary.versionNo}版规则、发布时的已审核数据计算</Typography.Text></span>} />
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, lg: 4 }}
            items={[
              { key: 'period', label: '期次', children: periodLabel(r.period) },
              { key: 'published', label: '发布时间', children: dateTimeText(r.publishedAt) },
              { key: 'scope', label: '参评', children: `${summary.scopeUnitName ?? ''}${unitTypesText(summary.unitTypes)} ${summary.cohortSize} 个` },
              { key: 'version', label: '规则版本', children: `第${summary.versionNo}版` },
            ]}
          />
          <Row gutter={[16, 12]}>
            <Col xs={24} md={10}>
              <GradeChart summary={summary} />
            </Col>
            <Col xs={24} md={14}>
              {/* Only the scheme's owners see the public address; competitors may have been sent it anyway. */}
              {r.publicSlug ? <PublicLink slug={r.publicSlug} fileName={r.title} /> : r.access === 'owner' ? <Typography.Text type="secondary">本结果未生成公开页面。</Typography.Text> : null}
            </Col>
          </Row>
          <Collapse size="small" items={[{ key: 'rules', label: `计分规则（第${summary.versionNo}版）`, children: <RulesSummary rules={rulesOfSummary(summary)} /> }]} />
        </Flex>
      </Card>

      <Card size="small" title="排名">
        <Flex vertical gap={8}>
          {own.size > 0 && own.size < rows.length && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              可点开本单位（及下级单位）的得分明细；其他单位只显示得分。
            </Typography.Text>
          )}
          <LeagueTable
            data-testid="result-table"
            rows={rows}
            items={summary.items}
            grades={summary.grades}
            showAdjustments={summary.adjustments.length > 0}
            canOpen={(row) => own.has(row.unitId)}
            onOpen={setOpen}
            mine={own}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {summary.tieBreak}
          </Typography.Text>
        </Flex>
      </Card>

      <IncentivePools resultId={r.id} title={r.title} rows={rows} canManage={can('manage:assessment') && r.access === 'owner'} />

      <BreakdownDrawer
        head={open}
        detail={(breakdown.data?.breakdown as unknown as StoredBreakdown | undefined) ?? null}
        loading={breakdown.loading}
        error={breakdown.error}
        summary={summary}
        period={r.period}
        indicators={indicators}
        frozen
        onClose={() => setOpen(null)}
      />
    </Flex>
  );
}

/** Bar colours in the order of the grade tags (red, orange, blue, green, cyan, purple). */
const GRADE_HEX = ['#cf1322', '#fa8c16', '#1677ff', '#52c41a', '#13c2c2', '#722ed1'];

/** 等次分布: how many units earned each grade (and how many none, or were vetoed). */
function GradeChart({ summary }: { summary: ResultSummary }) {
  const { bars, option } = useMemo(() => {
    const graded = summary.grades.map((g) => ({ label: g.label, n: summary.gradeCounts[g.label] ?? 0 }));
    const none = summary.cohortSize - summary.vetoedCount - graded.reduce((s, g) => s + g.n, 0);
    const bars = [...graded, ...(none > 0 ? [{ label: '未评等次', n: none }] : []), ...(summary.vetoedCount ? [{ label: '一票否决', n: summary.vetoedCount }] : [])];
    const option: EChartOption = {
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', minInterval: 1, show: false },
      yAxis: { type: 'category', inverse: true, data: bars.map((b) => b.label), axisTick: { show: false } },
      series: [
        {
          type: 'bar',
          barMaxWidth: 18,
          data: bars.map((b, i) => ({ value: b.n, itemStyle: { color: i < graded.length ? GRADE_HEX[i % GRADE_HEX.length] : '#bfbfbf' } })),
          label: { show: true, position: 'right', formatter: '{c} 个' },
        },
      ],
    };
    return { bars, option };
  }, [summary]);
  if (!bars.length) return null;
  return (
    <Flex vertical gap={4} data-testid="grade-chart">
      <Typography.Text strong>等次分布</Typography.Text>
      <EChart option={option} height={Math.max(80, bars.length * 30 + 16)} aria-label={`等次分布：${bars.map((b) => `${b.label}${fmtNum(b.n)}个`).join('，')}`} />
    </Flex>
  );
}
