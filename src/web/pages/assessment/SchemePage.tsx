import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Alert, App, Breadcrumb, Button, Card, Collapse, Descriptions, Empty, Flex, Grid, Popconfirm, Result, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { CloudUploadOutlined, EditOutlined, GlobalOutlined, HistoryOutlined, ReloadOutlined, StopOutlined } from '@ant-design/icons';
import { api } from '../../api';
import { useAuth } from '../../auth';
import { errorText } from '../../components/applyServerErrors';
import { PageSpinner } from '../../components/PageSpinner';
import type { SchemeKind } from '../../../shared/assessment';
import type { PeriodType } from '../../../shared/periods';
import { useIndicatorList } from '../indicators/IndicatorPicker';
import { fmtNum, periodLabel } from '../indicators/format';
import { useApi } from '../indicators/useApi';
import { BreakdownDrawer } from './BreakdownDrawer';
import { KIND_COLOR, SCHEME_KIND_ZH, SCHEME_PERIOD_ZH, dateTimeText, unitTypesText } from './display';
import { GradeTag, LeagueTable } from './LeagueTable';
import { PublishModal } from './PublishModal';
import { RulesSummary, rulesOfScheme, rulesOfSummary } from './RulesSummary';
import { defaultPeriod, isPeriodOf, periodOptions } from './periods';
import { runRowToLeague, type LeagueRow, type ResultListItem, type ResultSummary, type RunResult, type SchemeDetail } from './types';

type Tab = 'run' | 'results';

/**
 * 考评方案: its rules in words and their versions; 试算排名 — the league table for a period as
 * the figures stand now, each unit's breakdown a click away, and 发布结果; 已发布结果.
 * Period, version and tab live in the URL so a link reproduces the view.
 */
export default function SchemePage() {
  const { id } = useParams();
  const { can } = useAuth();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const versionParam = Number(params.get('versionNo')) || undefined;
  const scheme = useApi<SchemeDetail>(`scheme-${id}-${versionParam ?? ''}`, () => api.get<SchemeDetail>(`/api/schemes/${id}`, { versionNo: versionParam }));
  const { list: indicators } = useIndicatorList(true);
  const s = scheme.data;
  const owner = s?.access === 'owner';
  const manage = owner && can('manage:assessment');
  const viewingOld = !!s && s.definitionVersionNo !== s.currentVersionNo;
  const period = s && isPeriodOf(params.get('period'), s.periodType) ? params.get('period')! : null;
  // Participants see published results only: a live ranking is not for the competitors.
  const tab: Tab = owner === false ? 'results' : ((['run', 'results'] as const).find((t) => t === params.get('tab')) ?? 'run');

  const update = (patch: Record<string, string | undefined>, replace = false) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(patch)) {
          if (v == null || v === '') next.delete(k);
          else next.set(k, v);
        }
        return next;
      },
      { replace },
    );

  // Opened without a period: the latest period whose figures are in.
  useEffect(() => {
    // Only owners run the table; participants read published results, which carry their period.
    if (!s || !owner || period || !indicators) return;
    let cancelled = false;
    void defaultPeriod(s, indicators).then((p) => !cancelled && update({ period: p }, true));
    return () => {
      cancelled = true;
    };
  }, [s, owner, period, indicators]);

  const runKey = s && owner && period && tab === 'run' ? `run-${s.id}-${s.definitionVersionNo}-${period}-${s.version}` : null;
  const run = useApi<RunResult>(runKey, () => api.get<RunResult>(`/api/schemes/${s!.id}/run`, { period: period!, versionNo: viewingOld ? s!.definitionVersionNo : undefined }));
  const results = useApi<{ items: ResultListItem[] }>(s ? `results-${s.id}` : null, () => api.get(`/api/schemes/${s!.id}/results`));
  const rows = useMemo(() => (run.data?.rows ?? []).map(runRowToLeague), [run.data]);
  const [open, setOpen] = useState<LeagueRow | null>(null);
  const [publishing, setPublishing] = useState(false);

  if (scheme.error) return <Result status="warning" title={scheme.error} extra={<Link to="/assessment">返回方案列表</Link>} />;
  if (!s) return <PageSpinner />;

  const archive = async () => {
    try {
      await api.post(`/api/schemes/${s.id}/archive`, { version: s.version });
      message.success('方案已停用');
      navigate('/assessment');
    } catch (err) {
      message.error(errorText(err));
    }
  };

  const rules = rulesOfScheme(s);
  const summary = run.data?.summary;
  const versionPicker = (
    <Collapse
      size="small"
      items={[
        {
          key: 'versions',
          label: (
            <span>
              <HistoryOutlined /> 版本记录（共 {s.versions.length} 版）
            </span>
          ),
          children: <VersionList scheme={s} />,
        },
      ]}
    />
  );

  return (
    <Flex vertical gap={12}>
      <Breadcrumb items={[{ title: <Link to="/assessment">考评排名</Link> }, { title: s.name }]} />
      <Card
        size="small"
        title={
          <Space wrap size={6}>
            <span>{s.name}</span>
            <Tag color={KIND_COLOR[s.kind as SchemeKind]}>{SCHEME_KIND_ZH[s.kind as SchemeKind] ?? s.kind}</Tag>
            {!owner && <Tag>本单位参评</Tag>}
          </Space>
        }
        extra={
          manage &&
          !viewingOld && (
            <Space wrap>
              <Button icon={<EditOutlined />} onClick={() => navigate(`/assessment/${s.id}/edit`)}>
                修改方案
              </Button>
              {screens.md && (
                <Popconfirm title="停用该方案？" description="停用后方案及其已发布结果不再显示，公示页面随之撤下；数据保留在库中，不会删除。" okText="停用" okButtonProps={{ danger: true }} onConfirm={() => void archive()}>
                  <Button danger icon={<StopOutlined />}>
                    停用
                  </Button>
                </Popconfirm>
              )}
            </Space>
          )
        }
        styles={{ header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 } }}
      >
        <Flex vertical gap={12}>
          {viewingOld && (
            <Alert
              type="warning"
              showIcon
              data-testid="old-version"
              title={`正在查看第${s.definitionVersionNo}版规则（历史版本，只读）`}
              description={
                <span>
                  当前为第{s.currentVersionNo}版。可按此旧版规则试算对照，但发布结果总是使用当前版本。<a onClick={() => update({ versionNo: undefined })}>回到当前版本</a>
                </span>
              }
            />
          )}
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, lg: 4 }}
            items={[
              { key: 'code', label: '编码', children: s.code },
              { key: 'scope', label: '参评范围', children: `${s.scopeUnitName ?? '—'}的${unitTypesText(s.unitTypes)}` },
              { key: 'period', label: '考评周期', children: SCHEME_PERIOD_ZH[s.periodType] ?? s.periodType },
              { key: 'version', label: '规则版本', children: viewingOld ? `第${s.definitionVersionNo}版（当前第${s.currentVersionNo}版）` : `第${s.currentVersionNo}版` },
              ...(s.description ? [{ key: 'desc', label: '说明', children: s.description, span: 'filled' as const }] : []),
            ]}
          />
          <Collapse
            size="small"
            defaultActiveKey={owner ? [] : ['rules']}
            items={[
              {
                key: 'rules',
                label: (
                  <span>
                    计分规则（第{s.definitionVersionNo}版）：
                    <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                      {rules.items.map((i) => `${i.label} ${fmtNum(i.weight)}分`).join('、')}
                      {rules.adjustments.length ? `；加减分 ${rules.adjustments.length} 项` : ''}
                      {rules.vetoes.length ? `；一票否决 ${rules.vetoes.length} 项` : ''}
                      {rules.grades.length ? `；等次 ${rules.grades.map((g) => g.label).join('/')}` : ''}
                    </Typography.Text>
                  </span>
                ),
                children: <RulesSummary rules={summary ? rulesOfSummary(summary) : rules} />,
              },
            ]}
          />
          {versionPicker}
        </Flex>
      </Card>

      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={(t) => update({ tab: t }, true)}
          items={[
            ...(owner
              ? [
                  {
                    key: 'run',
                    label: '试算排名',
                    children: (
                      <Flex vertical gap={12}>
                        <Flex gap={8} wrap align="center">
                          <Select
                            value={period ?? undefined}
                            placeholder="选择期次"
                            loading={!period}
                            showSearch
                            options={periodOptions(s.periodType as PeriodType)}
                            onChange={(p: string) => update({ period: p })}
                            style={{ width: 160 }}
                            aria-label="期次"
                          />
                          <Button icon={<ReloadOutlined />} onClick={run.reload} loading={run.loading} disabled={!period}>
                            重新试算
                          </Button>
                          {can('manage:assessment') && (
                            <Button
                              type="primary"
                              icon={<CloudUploadOutlined />}
                              disabled={!run.data || viewingOld || run.loading}
                              title={viewingOld ? '发布总是使用当前版本规则，请回到当前版本' : undefined}
                              onClick={() => setPublishing(true)}
                            >
                              发布结果
                            </Button>
                          )}
                        </Flex>
                        {run.error && <Alert type="error" showIcon title={run.error} />}
                        {summary && <RunStats summary={summary} published={(results.data?.items ?? []).find((r) => r.period === period && !r.superseded)} />}
                        <LeagueTable
                          data-testid="run-table"
                          rows={rows}
                          items={summary?.items ?? rules.items}
                          grades={summary?.grades ?? rules.grades}
                          showAdjustments={(summary?.adjustments ?? rules.adjustments).length > 0}
                          loading={run.loading || !period}
                          canOpen={() => true}
                          onOpen={setOpen}
                        />
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {rules.tieBreak}
                        </Typography.Text>
                      </Flex>
                    ),
                  },
                ]
              : []),
            {
              key: 'results',
              label: `已发布结果${results.data ? `（${results.data.items.length}）` : ''}`,
              children: <ResultsList items={results.data?.items ?? null} loading={results.loading} error={results.error} />,
            },
          ]}
        />
      </Card>

      {summary && period && (
        <BreakdownDrawer
          head={open}
          detail={open?.detail ?? null}
          summary={summary}
          period={period}
          indicators={indicators}
          onClose={() => setOpen(null)}
        />
      )}
      {publishing && run.data && period && (
        <PublishModal
          schemeId={s.id}
          schemeName={s.name}
          period={period}
          schemeVersion={run.data.schemeVersion}
          versionNo={run.data.summary.versionNo}
          cohortSize={run.data.summary.cohortSize}
          onCancel={() => setPublishing(false)}
          onStale={() => {
            setPublishing(false);
            scheme.reload();
          }}
          onPublished={(r) => {
            message.success(`已发布“${r.title}”`);
            navigate(`/assessment/results/${r.id}`);
          }}
        />
      )}
    </Flex>
  );
}

/** Cohort size, vetoes and the grade counts of a run, with whether this period is published. */
function RunStats({ summary, published }: { summary: ResultSummary; published?: ResultListItem }) {
  return (
    <Flex vertical gap={8}>
      <Alert
        type={published ? 'info' : 'warning'}
        showIcon
        title={
          published ? (
            <span>
              {periodLabel(summary.period)}已于 {dateTimeText(published.publishedAt)} 发布（<Link to={`/assessment/results/${published.id}`}>查看已发布结果</Link>）。此处为按当前数据的试算，如数据有更正，可重新发布取代旧结果。
            </span>
          ) : (
            `试算结果：按当前已审核数据、第${summary.versionNo}版规则计算，尚未发布，仅本辖区可见。`
          )
        }
      />
      <Flex gap={8} wrap align="center" data-testid="run-stats">
        <span>
          参评 <strong>{summary.cohortSize}</strong> 个单位
        </span>
        {summary.vetoedCount > 0 && <Tag color="red">一票否决 {summary.vetoedCount} 个</Tag>}
        {summary.grades.map((g) => (
          <span key={g.label}>
            <GradeTag grade={g.label} grades={summary.grades} />
            {summary.gradeCounts[g.label] ?? 0} 个
          </span>
        ))}
        <Typography.Text type="secondary">基础分满分 {fmtNum(summary.maxBase)} 分</Typography.Text>
      </Flex>
    </Flex>
  );
}

function VersionList({ scheme }: { scheme: SchemeDetail }) {
  const [params] = useSearchParams();
  const linkTo = (n: number) => {
    const p = new URLSearchParams(params);
    if (n === scheme.currentVersionNo) p.delete('versionNo');
    else p.set('versionNo', String(n));
    return `?${p.toString()}`;
  };
  return (
    <Table
      size="small"
      rowKey="versionNo"
      pagination={false}
      dataSource={scheme.versions}
      data-testid="version-list"
      columns={[
        {
          title: '版本',
          dataIndex: 'versionNo',
          width: 110,
          render: (n: number) =>
            n === scheme.definitionVersionNo ? (
              <strong>
                第{n}版{n === scheme.currentVersionNo ? '（当前）' : '（查看中）'}
              </strong>
            ) : (
              <Link to={linkTo(n)}>
                第{n}版{n === scheme.currentVersionNo ? '（当前）' : ''}
              </Link>
            ),
        },
        { title: '修订说明', dataIndex: 'note', render: (v: string | null) => v || <Typography.Text type="secondary">—</Typography.Text> },
        { title: '时间', dataIndex: 'createdAt', width: 160, render: (d: string) => dateTimeText(d) },
      ]}
    />
  );
}

/** Publications of the scheme, newest period first; a period published again supersedes the earlier one. */
function ResultsList({ items, loading, error }: { items: ResultListItem[] | null; loading: boolean; error: string | null }) {
  const screens = Grid.useBreakpoint();
  if (error) return <Alert type="error" showIcon title={error} />;
  return (
    <Table<ResultListItem>
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={items ?? []}
      data-testid="results-list"
      pagination={false}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未发布结果" /> }}
      columns={[
        {
          title: '结果',
          dataIndex: 'title',
          render: (t: string, r) => (
            <Space size={6} wrap>
              <Link to={`/assessment/results/${r.id}`}>{t}</Link>
              {r.superseded ? <Tag>已被更正版取代</Tag> : <Tag color="green">有效</Tag>}
              {r.publicSlug && (
                <Tag icon={<GlobalOutlined />} color="blue">
                  已公示
                </Tag>
              )}
              {/* Phones: period, rules and time under the title rather than in columns. */}
              {!screens.sm && (
                <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                  {periodLabel(r.period)} · 第{r.versionNo}版规则 · {dateTimeText(r.publishedAt)}
                </Typography.Text>
              )}
            </Space>
          ),
        },
        { title: '期次', dataIndex: 'period', width: 110, render: (p: string) => periodLabel(p), responsive: ['sm'] },
        { title: '规则', dataIndex: 'versionNo', width: 80, render: (n: number) => `第${n}版`, responsive: ['sm'] },
        { title: '发布时间', dataIndex: 'publishedAt', width: 160, render: (d: string) => dateTimeText(d), responsive: ['sm'] },
      ]}
    />
  );
}
