import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Checkbox, Grid, Input, Select, Space, Table, Tag, Tooltip, Typography, type TableProps } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { api } from '../../api';
import { useAuth } from '../../auth';
import { errorText } from '../../components/applyServerErrors';
import type { OrgUnit } from '../../types';
import { IndicatorDrawer } from './IndicatorDrawer';
import { IndicatorForm } from './IndicatorForm';
import { DIRECTION_ZH, PERIOD_TYPE_ZH, SOURCE_ZH, ruleText, sourceOf, standingText } from './format';
import type { Benchmark, Indicator, IndicatorDetail, PeriodType } from './types';

const PAGE_SIZE = 20;

interface Filter {
  q: string;
  periodType?: PeriodType;
  departmentId?: number;
  includeArchived: boolean;
  page: number;
}

function filterFromParams(p: URLSearchParams): Filter {
  const periodType = p.get('periodType');
  return {
    q: p.get('q') ?? '',
    periodType: periodType && periodType in PERIOD_TYPE_ZH ? (periodType as PeriodType) : undefined,
    departmentId: Number(p.get('departmentId')) || undefined,
    includeArchived: p.get('archived') === '1',
    page: Math.max(1, Number(p.get('page')) || 1),
  };
}

function filterToParams(f: Filter): URLSearchParams {
  const p = new URLSearchParams();
  if (f.q) p.set('q', f.q);
  if (f.periodType) p.set('periodType', f.periodType);
  if (f.departmentId) p.set('departmentId', String(f.departmentId));
  if (f.includeArchived) p.set('archived', '1');
  if (f.page > 1) p.set('page', String(f.page));
  return p;
}

/** The county's departments, for the department filter and the 牵头部门 field. */
function useDepartments() {
  const [departments, setDepartments] = useState<{ value: number; label: string }[]>([]);
  useEffect(() => {
    let cancelled = false;
    (async () => {
      const root = await api.get<OrgUnit>('/api/org/root');
      const children = await api.get<OrgUnit[]>(`/api/org/units/${root.id}/children`);
      const depts = [root, ...children].filter((u) => u.type === 'department');
      if (!cancelled) setDepartments(depts.map((u) => ({ value: u.id, label: u.name })));
    })().catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, []);
  return departments;
}

/** 指标库: every indicator with its rule, source and latest peer standing. */
export default function IndicatorLibraryPage() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterFromParams(params), [params]);
  const [list, setList] = useState<Indicator[] | null>(null);
  const [all, setAll] = useState<Indicator[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [creating, setCreating] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [q, setQ] = useState(filter.q);
  const departments = useDepartments();
  const openId = Number(params.get('open')) || null;

  useEffect(() => setQ(filter.q), [filter.q]);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const [filtered, everything] = await Promise.all([
        api.get<Indicator[]>('/api/indicators', {
          q: filter.q || undefined,
          periodType: filter.periodType,
          departmentId: filter.departmentId,
          includeArchived: filter.includeArchived ? 'true' : undefined,
        }),
        // Names for rules like "比值：A ÷ B", whatever the filter hides.
        api.get<Indicator[]>('/api/indicators', { includeArchived: 'true' }),
      ]);
      setList(filtered);
      setAll(everything);
      setError(null);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setLoading(false);
    }
  }, [filter.q, filter.periodType, filter.departmentId, filter.includeArchived]);

  useEffect(() => {
    void load();
  }, [load]);

  const update = (patch: Partial<Filter>) => {
    const next = filterToParams({ ...filter, page: 1, ...patch });
    if (openId) next.set('open', String(openId));
    setParams(next);
  };
  const setOpen = (id: number | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('open', String(id));
    else next.delete('open');
    setParams(next);
  };

  const nameOf = (code: string) => all?.find((i) => i.code === code)?.name;

  const exportAll = async () => {
    setExporting(true);
    try {
      await api.download('/api/indicators/export', { q: filter.q || undefined, periodType: filter.periodType || undefined, departmentId: filter.departmentId || undefined, includeArchived: filter.includeArchived ? 'true' : undefined }, '指标库.xlsx', 'POST');
      message.success('已开始下载');
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setExporting(false);
    }
  };

  const columns: TableProps<Indicator>['columns'] = [
    {
      title: '编码',
      dataIndex: 'code',
      width: 110,
      render: (c: string) => <Typography.Text style={{ fontFamily: 'monospace', fontSize: 12 }}>{c}</Typography.Text>,
      responsive: ['md'],
    },
    {
      title: '名称',
      dataIndex: 'name',
      width: 190,
      render: (name: string, i) => (
        <>
          {name}
          {i.archived && <Tag style={{ marginInlineStart: 6 }}>已归档</Tag>}
          {/* Phones hide the narrow columns; their facts go under the name. */}
          {!screens.sm && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {i.unit} · {PERIOD_TYPE_ZH[i.periodType]} · {DIRECTION_ZH[i.direction]}
              </Typography.Text>
            </div>
          )}
        </>
      ),
    },
    { title: '单位', dataIndex: 'unit', width: 60, responsive: ['sm'] },
    { title: '牵头部门', dataIndex: 'departmentName', width: 100, render: (v: string | null) => v ?? '—', responsive: ['lg'] },
    { title: '周期', dataIndex: 'periodType', width: 60, render: (t: PeriodType) => PERIOD_TYPE_ZH[t], responsive: ['sm'] },
    {
      title: '方向',
      dataIndex: 'direction',
      width: 90,
      render: (d: Indicator['direction']) => <Tag color={d === 'higher' ? 'green' : 'orange'}>{DIRECTION_ZH[d]}</Tag>,
      responsive: ['sm'],
    },
    { title: '汇总规则', key: 'rule', width: 220, render: (_v, i) => ruleText(i.definition?.aggregation, nameOf), responsive: ['md'] },
    {
      title: '来源',
      dataIndex: 'source',
      width: 90,
      render: (_s: Indicator['source'], i) => (sourceOf(i) === 'derived' ? <Tooltip title={i.derivationLabel}>{SOURCE_ZH.derived}</Tooltip> : SOURCE_ZH[sourceOf(i)]),
      responsive: ['lg'],
    },
    {
      title: '最新排名',
      key: 'standing',
      width: 110,
      render: (_v, i) => {
        const b = i.latestBenchmark;
        return b ? (
          <Tooltip title={`${b.period} · ${b.peerGroup} · ${b.sourceTitle}`}>
            <Tag color="gold">{standingText(b)}</Tag>
          </Tooltip>
        ) : (
          '—'
        );
      },
    },
  ];

  return (
    <Card
      title="指标库"
      size="small"
      extra={
        <Space wrap>
          {can('define:indicators') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              新建指标
            </Button>
          )}
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportAll()}>
            导出 Excel
          </Button>
        </Space>
      }
      styles={{ header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 } }}
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder="名称或编码"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onSearch={(v) => update({ q: v.trim() })}
          style={{ width: 200 }}
          aria-label="搜索指标"
        />
        <Select
          allowClear
          placeholder="填报周期"
          value={filter.periodType}
          onChange={(v?: PeriodType) => update({ periodType: v })}
          options={Object.entries(PERIOD_TYPE_ZH).map(([value, label]) => ({ value, label }))}
          style={{ width: 110 }}
          aria-label="填报周期"
        />
        {departments.length > 0 && (
          <Select
            allowClear
            placeholder="牵头部门"
            value={filter.departmentId}
            onChange={(v?: number) => update({ departmentId: v })}
            options={departments}
            style={{ width: 150 }}
            aria-label="牵头部门"
          />
        )}
        <Checkbox checked={filter.includeArchived} onChange={(e) => update({ includeArchived: e.target.checked })}>
          含已归档
        </Checkbox>
      </Space>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Table<Indicator>
        data-testid="indicator-table"
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={list ?? []}
        rowClassName="clickable-row"
        onRow={(i) => ({ onClick: () => setOpen(i.id) })}
        scroll={screens.md ? { x: 1030 } : undefined}
        locale={{ emptyText: filter.q || filter.periodType || filter.departmentId ? '没有符合条件的指标' : '指标库还是空的' }}
        pagination={{
          current: filter.page,
          pageSize: PAGE_SIZE,
          total: list?.length ?? 0,
          showSizeChanger: false,
          showTotal: (n) => `共 ${n.toLocaleString('zh-CN')} 个指标`,
          size: 'small',
          onChange: (page) => setParams(filterToParams({ ...filter, page })),
        }}
      />
      <IndicatorDrawer
        indicatorId={openId}
        indicators={all}
        departments={departments}
        onClose={() => setOpen(null)}
        onChanged={() => {
          void load();
        }}
        onOpen={(id) => setOpen(id)}
      />
      {creating && (
        <IndicatorForm
          indicators={all}
          departments={departments}
          onCancel={() => setCreating(false)}
          onCreated={(created) => {
            setCreating(false);
            void load();
            setOpen(created.id);
          }}
        />
      )}
    </Card>
  );
}
