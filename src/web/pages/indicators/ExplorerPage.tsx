import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, App, Breadcrumb, Button, Card, Col, Empty, Form, Grid, Row, Select, Space, Switch, Tabs, Tag, Typography } from 'antd';
import { DownloadOutlined, InfoCircleOutlined } from '@ant-design/icons';
import { api } from '../../api';
import { useMe } from '../../auth';
import { errorText } from '../../components/applyServerErrors';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import type { OrgUnitDetail } from '../../types';
import { DrillTable } from './DrillTable';
import { HeadlineCard } from './HeadlineCard';
import { IndicatorPicker, useIndicatorList } from './IndicatorPicker';
import { LeagueTab } from './LeagueTab';
import { PeriodInput } from './PeriodInput';
import { SeriesChart } from './SeriesChart';
import { SourcesTab } from './SourcesTab';
import { GRANULARITY_ZH, isFinerOrSame, normalizePeriod, parsePeriod, periodProblem, ruleText } from './format';
import { latestYearWithData } from './latestYear';
import { viewFromParams, viewToParams, type ExplorerView } from './explorerQuery';
import { recordQueryLink } from '../ledger/ledgerQuery';
import type { AggregateResult, Aggregation, ChildrenResult, Direction, LeagueResult, PeriodType, SeriesResult, SourcesResult } from './types';
import { useApi } from './useApi';

const GRANULARITIES: PeriodType[] = ['month', 'quarter', 'half', 'year'];

/**
 * 指标分析: one indicator at one unit over a period range — the figure with 同比/环比, target and
 * peer standing; its trend; a drill-down one level at a time; a league of villages; and the
 * signed-off figures it was computed from. Everything shown is in the URL.
 */
export default function ExplorerPage() {
  const me = useMe();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => viewFromParams(params), [params]);
  const { list: indicators, error: listError } = useIndicatorList(true);
  const indicator = indicators?.find((i) => i.id === view.indicatorId);
  const unitId = view.unitId ?? me.orgUnitId;
  const [chartKind, setChartKind] = useState<'auto' | 'line' | 'bar'>('auto');
  const [exporting, setExporting] = useState(false);

  const update = (patch: Partial<ExplorerView>, replace = false) => setParams(viewToParams({ ...view, ...patch }), { replace });

  // Opened without a period: start at the latest year that has figures.
  useEffect(() => {
    if (!view.indicatorId || view.from) return;
    let cancelled = false;
    void latestYearWithData(view.indicatorId, unitId, view.provisional).then((year) => {
      if (cancelled) return;
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (!next.get('from')) next.set('from', year);
          return next;
        },
        { replace: true },
      );
    });
    return () => {
      cancelled = true;
    };
  }, [view.indicatorId, view.from, view.provisional, unitId, setParams]);

  const from = view.from;
  const to = view.to ?? view.from;
  const rangeProblem = indicator && from ? (periodProblem(from, indicator.periodType) ?? (to ? periodProblem(to, indicator.periodType) : null) ?? orderProblem(from, to)) : null;
  const granularities = indicator ? GRANULARITIES.filter((g) => isFinerOrSame(indicator.periodType, g)) : [];
  const granularity = view.granularity && granularities.includes(view.granularity) ? view.granularity : indicator?.periodType;
  const ready = indicator && from && !rangeProblem;
  const base = ready ? { unitId, from, to, provisional: view.provisional ? 'true' : undefined } : null;
  const key = base ? `${indicator!.id}|${unitId}|${from}|${to}|${view.provisional}` : null;

  const unit = useApi<OrgUnitDetail>(String(unitId), () => api.get<OrgUnitDetail>(`/api/org/units/${unitId}`));
  const aggregate = useApi<AggregateResult>(key, () => api.get(`/api/indicators/${indicator!.id}/aggregate`, base!));
  const series = useApi<SeriesResult>(key && `${key}|${granularity}`, () => api.get(`/api/indicators/${indicator!.id}/series`, { ...base!, granularity }));
  const children = useApi<ChildrenResult>(key && view.tab === 'drill' ? key : null, () => api.get(`/api/indicators/${indicator!.id}/children`, base!));
  const leagueKey = key && view.tab === 'league' ? `${key}|${view.leagueTypes.join(',')}|${view.threshold ?? ''}` : null;
  const league = useApi<LeagueResult>(leagueKey, () => api.get(`/api/indicators/${indicator!.id}/league`, { ...base!, unitTypes: view.leagueTypes.join(','), threshold: view.threshold }));
  const sources = useApi<SourcesResult>(key && view.tab === 'sources' ? key : null, () => api.get(`/api/indicators/${indicator!.id}/sources`, base!));

  const exportXlsx = async () => {
    if (!base || !indicator) return;
    setExporting(true);
    try {
      await api.download(`/api/indicators/${indicator.id}/explore/export`, base, `${indicator.name}.xlsx`, 'POST');
      message.success('已开始下载');
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setExporting(false);
    }
  };

  const drill = (id: number) => update({ unitId: id === me.orgUnitId ? undefined : id });
  const crumbs = unit.data ? [...unit.data.ancestors, { id: unit.data.id, name: unit.data.name }] : [];
  const direction = (indicator?.direction ?? 'higher') as Direction;
  const wholeYears = parsePeriod(from)?.type === 'year' && parsePeriod(to)?.type === 'year';
  // A figure counted from ledger records opens to those records: same query, the period's days, the unit.
  const recordQuery = indicator?.source === 'derived' ? indicator.definition?.recordQuery : null;
  const ledgerLinkFor = recordQuery && ready ? (id: number) => recordQueryLink(recordQuery, from!, to!, id) : undefined;

  return (
    <Card
      title={
        <Space size={6} wrap>
          <span>指标分析</span>
          {view.provisional && <Tag color="orange">临时</Tag>}
        </Space>
      }
      size="small"
      extra={
        <Button icon={<DownloadOutlined />} disabled={!ready} loading={exporting} onClick={() => void exportXlsx()}>
          导出 Excel
        </Button>
      }
      styles={{ header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 } }}
    >
      <Form layout={screens.md ? 'inline' : 'vertical'} style={{ rowGap: 8, marginBottom: 12 }} size={screens.md ? 'middle' : 'small'}>
        <Form.Item label="指标" style={{ marginBottom: screens.md ? undefined : 8 }}>
          <IndicatorPicker
            indicators={indicators?.filter((i) => !i.archived || i.id === view.indicatorId) ?? null}
            value={view.indicatorId}
            onChange={(id) => update({ indicatorId: id, from: undefined, to: undefined, granularity: undefined })}
            style={{ width: screens.md ? 280 : '100%' }}
            aria-label="指标"
          />
        </Form.Item>
        <Form.Item label="单位" style={{ marginBottom: screens.md ? undefined : 8 }}>
          <OrgUnitPicker value={unitId} allowClear={false} onChange={(id) => id && drill(id)} style={{ width: screens.md ? 220 : '100%' }} aria-label="单位" />
        </Form.Item>
        <Form.Item label="期间" validateStatus={rangeProblem ? 'error' : undefined} help={rangeProblem ?? undefined} style={{ marginBottom: screens.md ? undefined : 8 }}>
          <Space.Compact>
            <PeriodInput value={from} periodType={indicator?.periodType} onChange={(p) => update({ from: p })} style={{ width: 120 }} aria-label="开始期次" />
            <PeriodInput value={view.to ?? ''} periodType={indicator?.periodType} onChange={(p) => update({ to: p || undefined })} placeholder="至（可不填）" style={{ width: 120 }} aria-label="结束期次" />
          </Space.Compact>
        </Form.Item>
        {granularities.length > 1 && (
          <Form.Item label="粒度" style={{ marginBottom: screens.md ? undefined : 8 }}>
            <Select
              value={granularity}
              onChange={(g: PeriodType) => update({ granularity: g === indicator?.periodType ? undefined : g })}
              options={granularities.map((g) => ({ value: g, label: GRANULARITY_ZH[g] }))}
              style={{ width: 100 }}
              aria-label="粒度"
            />
          </Form.Item>
        )}
        <Form.Item style={{ marginBottom: screens.md ? undefined : 8 }}>
          <Space size={6}>
            <Switch checked={view.provisional} onChange={(on) => update({ provisional: on })} aria-label="含未审核数据（临时）" />
            <span>含未审核数据（临时）</span>
          </Space>
        </Form.Item>
      </Form>

      {view.provisional && (
        <Alert
          type="warning"
          showIcon
          role="status"
          style={{ marginBottom: 12 }}
          title="临时数据：当前视图包含尚未审核的填报数据，仅供内部研判，不作为正式统计结果。"
        />
      )}
      {listError && <Alert type="error" showIcon title={listError} style={{ marginBottom: 12 }} />}

      {!view.indicatorId ? (
        <Empty description="请选择要分析的指标" style={{ padding: 48 }} />
      ) : indicators && !indicator ? (
        <Alert type="error" showIcon title="指标不存在或已被删除" />
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {crumbs.length > 0 && (
            <Breadcrumb
              data-testid="explorer-breadcrumb"
              items={crumbs.map((c, i) =>
                i === crumbs.length - 1
                  ? { key: c.id, title: <strong>{c.name}</strong> }
                  : { key: c.id, title: <a onClick={() => drill(c.id)}>{c.name}</a> },
              )}
            />
          )}
          {indicator && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <InfoCircleOutlined /> {indicator.name}（{indicator.unit}，{direction === 'lower' ? '越低越好' : '越高越好'}）· {ruleText(indicator.definition?.aggregation, (c) => indicators?.find((i) => i.code === c)?.name)} ·{' '}
              <Link to={`/indicators?open=${indicator.id}`}>口径说明</Link>
            </Typography.Text>
          )}
          <Row gutter={[12, 12]}>
            <Col xs={24} lg={9}>
              <HeadlineCard data={aggregate.data} loading={aggregate.loading || (!ready && !rangeProblem)} error={aggregate.error} showPop={!wholeYears} ledgerLink={ledgerLinkFor?.(unitId)} />
            </Col>
            <Col xs={24} lg={15}>
              <SeriesChart data={series.data} loading={series.loading} error={series.error} kind={chartKind} integer={countsOnly(indicator?.definition)} onKindChange={setChartKind} />
            </Col>
          </Row>
          <Tabs
            activeKey={view.tab}
            onChange={(tab) => update({ tab: tab as ExplorerView['tab'] }, true)}
            items={[
              {
                key: 'drill',
                label: '下钻',
                children: (
                  <DrillTable
                    data={children.data}
                    loading={children.loading}
                    error={children.error}
                    unit={indicator?.unit ?? ''}
                    direction={direction}
                    additive={indicator?.definition?.aggregation.kind === 'simple' && indicator.definition.aggregation.tree === 'sum'}
                    onDrill={drill}
                    ledgerLinkFor={ledgerLinkFor}
                  />
                ),
              },
              {
                key: 'league',
                label: '排名',
                children: (
                  <LeagueTab
                    data={league.data}
                    loading={league.loading}
                    error={league.error}
                    unit={indicator?.unit ?? ''}
                    direction={direction}
                    types={view.leagueTypes}
                    threshold={view.threshold}
                    onChange={(patch) => update(patch, true)}
                  />
                ),
              },
              {
                key: 'sources',
                label: '来源数据',
                children: <SourcesTab data={sources.data} loading={sources.loading} error={sources.error} />,
              },
            ]}
          />
        </Space>
      )}
    </Card>
  );
}

function orderProblem(from: string, to: string | undefined): string | null {
  if (!to) return null;
  const a = normalizePeriod(from);
  const b = normalizePeriod(to);
  if (!a || !b) return null;
  // Compare by first month so 2023 vs 2023Q2 etc. are ordered correctly.
  const start = (code: string) => {
    const p = parsePeriod(code)!;
    const months = { year: 12, half: 6, quarter: 3, month: 1 }[p.type];
    return p.year * 12 + (p.index - 1) * months;
  };
  return start(b) < start(a) ? '结束期次不能早于开始期次' : null;
}

/** Whether aggregates stay whole numbers: integer figures summed or picked, never averaged or divided. */
function countsOnly(d: { valueKind: string; aggregation: Aggregation } | null | undefined): boolean {
  const a = d?.aggregation;
  return d?.valueKind === 'integer' && a?.kind === 'simple' && a.tree !== 'avg' && a.time !== 'avg';
}
