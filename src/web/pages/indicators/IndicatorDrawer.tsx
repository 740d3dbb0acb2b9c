import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Descriptions, Drawer, Empty, Grid, Space, Spin, Table, Tag, Tooltip, Typography } from 'antd';
import { BarChartOutlined, PlusOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../api';
import { useAuth } from '../../auth';
import { errorText } from '../../components/applyServerErrors';
import { BenchmarkModal } from './BenchmarkModal';
import { IndicatorEditModal } from './IndicatorEditModal';
import { NewVersionModal } from './NewVersionModal';
import { DIRECTION_ZH, PERIOD_TYPE_ZH, SOURCE_ZH, fmtNum, periodLabel, ruleText, sourceOf, standingText } from './format';
import type { Benchmark, DefinitionVersion, Indicator, IndicatorDetail } from './types';

interface IndicatorDrawerProps {
  indicatorId: number | null;
  indicators: Indicator[] | null;
  departments: { value: number; label: string }[];
  onClose: () => void;
  /** The list reloads after any change made here. */
  onChanged: () => void;
  onOpen: (id: number) => void;
}

/** One indicator: its definition versions, peer standings and who reads it. */
export function IndicatorDrawer({ indicatorId, indicators, departments, onClose, onChanged, onOpen }: IndicatorDrawerProps) {
  const { can } = useAuth();
  const { modal, message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [detail, setDetail] = useState<IndicatorDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'edit' | 'version' | 'benchmark' | null>(null);
  const [busy, setBusy] = useState(false);
  const definer = can('define:indicators');
  const nameOf = useCallback((code: string) => indicators?.find((i) => i.code === code)?.name, [indicators]);

  const load = useCallback(async (id: number) => {
    setError(null);
    try {
      setDetail(await api.get<IndicatorDetail>(`/api/indicators/${id}`));
    } catch (err) {
      setError(errorText(err));
    }
  }, []);

  useEffect(() => {
    setDetail(null);
    setDialog(null);
    if (indicatorId) void load(indicatorId);
  }, [indicatorId, load]);

  const afterChange = async () => {
    setDialog(null);
    if (indicatorId) await load(indicatorId);
    onChanged();
  };

  const setArchived = (d: IndicatorDetail) => {
    modal.confirm({
      title: d.archived ? `恢复指标「${d.name}」？` : `归档指标「${d.name}」？`,
      content: d.archived ? '恢复后可再用于填报任务。' : '归档后不再出现在指标库和新任务中；已有数据和报表不受影响，可随时恢复。',
      okText: d.archived ? '恢复' : '归档',
      cancelText: '取消',
      onOk: async () => {
        setBusy(true);
        try {
          await api.patch(`/api/indicators/${d.id}`, { version: d.version, archived: !d.archived });
          message.success(d.archived ? '已恢复' : '已归档');
          await afterChange();
        } catch (err) {
          if (err instanceof ApiError && err.isVersionConflict) {
            message.warning('该指标刚被他人修改，已载入最新内容，请确认后再操作');
            await load(d.id);
          } else message.error(errorText(err));
        } finally {
          setBusy(false);
        }
      },
    });
  };

  const d = detail;
  const actions = d && (
    <Space wrap>
      <Link to={`/explore?indicator=${d.id}`}>
        <Button icon={<BarChartOutlined />}>分析</Button>
      </Link>
      {definer && (
        <>
          <Button onClick={() => setDialog('edit')} disabled={d.archived}>
            编辑
          </Button>
          <Button danger={!d.archived} onClick={() => setArchived(d)} loading={busy}>
            {d.archived ? '恢复' : '归档'}
          </Button>
        </>
      )}
    </Space>
  );
  return (
    <Drawer
      open={indicatorId != null}
      onClose={onClose}
      size={screens.md ? 760 : '100%'}
      title={
        d ? (
          <Space wrap size={4}>
            <span>{d.name}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace' }}>
              {d.code}
            </Typography.Text>
            {d.archived && <Tag>已归档</Tag>}
          </Space>
        ) : (
          '指标详情'
        )
      }
      extra={screens.md && actions}
    >
      {error && <Alert type="error" showIcon title={error} />}
      {!d && !error && <Spin />}
      {d && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          {!screens.md && actions}
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, sm: 2 }}
            styles={{ label: { whiteSpace: 'nowrap' } }}
            items={[
              { key: 'unit', label: '计量单位', children: d.unit },
              { key: 'period', label: '填报周期', children: PERIOD_TYPE_ZH[d.periodType] },
              { key: 'direction', label: '方向', children: DIRECTION_ZH[d.direction] },
              { key: 'dept', label: '牵头部门', children: d.departmentName ?? '—' },
              { key: 'source', label: '来源', children: sourceOf(d) === 'derived' ? `${SOURCE_ZH.derived}（${d.derivationLabel ?? d.derivation}）` : SOURCE_ZH[sourceOf(d)] },
              { key: 'rule', label: '现行规则', children: ruleText(d.definition?.aggregation, nameOf) },
              { key: 'desc', label: '说明', span: 'filled', children: d.description || '—' },
            ]}
          />

          <section>
            <SectionTitle
              title="口径版本"
              action={
                definer &&
                !d.archived && (
                  <Button size="small" icon={<PlusOutlined />} onClick={() => setDialog('version')}>
                    新版本口径
                  </Button>
                )
              }
            />
            <VersionsTable versions={d.versions} nameOf={nameOf} />
          </section>

          <section>
            <SectionTitle
              title="兄弟县市排名"
              action={
                definer && (
                  <Button size="small" icon={<PlusOutlined />} onClick={() => setDialog('benchmark')}>
                    登记排名
                  </Button>
                )
              }
            />
            <BenchmarksTable benchmarks={d.benchmarks} unit={d.unit} />
          </section>

          <section>
            <SectionTitle title="被以下指标引用" />
            {d.usedBy.length === 0 ? (
              <Typography.Text type="secondary">没有其他指标引用本指标。</Typography.Text>
            ) : (
              <Space size={[4, 8]} wrap>
                {d.usedBy.map((u) => (
                  <Tag key={u.id} color="blue" style={{ cursor: 'pointer' }} onClick={() => onOpen(u.id)}>
                    {u.name}（{u.code}）
                  </Tag>
                ))}
              </Space>
            )}
          </section>
        </Space>
      )}
      {d && dialog === 'edit' && <IndicatorEditModal indicator={d} departments={departments} onCancel={() => setDialog(null)} onSaved={() => void afterChange()} />}
      {d && dialog === 'version' && <NewVersionModal indicator={d} indicators={indicators} onCancel={() => setDialog(null)} onSaved={() => void afterChange()} />}
      {d && dialog === 'benchmark' && <BenchmarkModal indicator={d} onCancel={() => setDialog(null)} onSaved={() => void afterChange()} />}
    </Drawer>
  );
}

function SectionTitle({ title, action }: { title: string; action?: ReactNode }) {
  return (
    <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', marginBottom: 8, gap: 8 }}>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      {action}
    </div>
  );
}

function VersionsTable({ versions, nameOf }: { versions: DefinitionVersion[]; nameOf: (code: string) => string | undefined }) {
  const rows = [...versions].reverse();
  return (
    <Table<DefinitionVersion>
      data-testid="indicator-versions"
      size="small"
      rowKey="versionNo"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 560 }}
      columns={[
        {
          title: '版本',
          dataIndex: 'versionNo',
          width: 70,
          render: (n: number, v) => (
            <Space size={4}>
              第{n}版{v === rows[0] && <Tag color="green">现行</Tag>}
            </Space>
          ),
        },
        { title: '生效期次', dataIndex: 'effectiveFrom', width: 120, render: (p: string) => `${periodLabel(p)}起` },
        { title: '汇总规则', key: 'rule', render: (_v, v) => ruleText(v.aggregation, nameOf) },
        {
          title: '取值',
          key: 'range',
          width: 140,
          render: (_v, v) => {
            const kind = v.valueKind === 'integer' ? '整数' : '小数';
            const range = v.minValue != null || v.maxValue != null ? `，${v.minValue != null ? fmtNum(v.minValue) : '不限'}～${v.maxValue != null ? fmtNum(v.maxValue) : '不限'}` : '';
            const cap = v.notAbove ? `；不大于${nameOf(v.notAbove) ?? v.notAbove}` : '';
            return `${kind}${range}${cap}`;
          },
        },
        {
          title: '说明',
          key: 'note',
          render: (_v, v) => (
            <Space orientation="vertical" size={0}>
              {v.note && <span>{v.note}</span>}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {v.createdBy} · {new Date(v.createdAt).toLocaleDateString('zh-CN')}
              </Typography.Text>
            </Space>
          ),
        },
      ]}
    />
  );
}

function BenchmarksTable({ benchmarks, unit }: { benchmarks: Benchmark[]; unit: string }) {
  if (!benchmarks.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未登记排名" />;
  const rows = [...benchmarks].sort((a, b) => b.period.localeCompare(a.period) || b.createdAt.localeCompare(a.createdAt));
  return (
    <Table<Benchmark>
      data-testid="indicator-benchmarks"
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 560 }}
      columns={[
        { title: '期次', dataIndex: 'period', width: 100, render: (p: string) => periodLabel(p) },
        {
          title: '排名',
          key: 'rank',
          width: 120,
          render: (_v, b) => (
            <Tooltip title={`${b.peerGroup}中第${b.rank}名`}>
              <Tag color={b.rank <= Math.ceil(b.peerCount / 3) ? 'gold' : undefined}>{standingText(b)}</Tag>
            </Tooltip>
          ),
        },
        { title: '比较范围', dataIndex: 'peerGroup' },
        { title: '数值', dataIndex: 'value', width: 90, render: (v: number | null) => (v == null ? '—' : `${fmtNum(v)}${unit}`) },
        {
          title: '来源',
          key: 'source',
          render: (_v, b) => (
            <Space orientation="vertical" size={0}>
              <span>{b.sourceTitle}</span>
              {(b.sourceRef || b.sourceDate) && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {[b.sourceRef, b.sourceDate].filter(Boolean).join(' · ')}
                </Typography.Text>
              )}
            </Space>
          ),
        },
      ]}
    />
  );
}
