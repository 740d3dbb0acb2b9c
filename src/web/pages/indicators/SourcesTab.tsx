import { useState } from 'react';
import { Alert, Checkbox, Grid, Input, Space, Table, Tag, Tooltip, Typography, type TableProps } from 'antd';
import { fmtNum, periodLabel } from './format';
import type { SourceItem, SourcesResult } from './types';

interface SourcesTabProps {
  data: SourcesResult | null;
  loading: boolean;
  error: string | null;
}

const indicatorColumn: NonNullable<TableProps<SourceItem>['columns']>[number] = { title: '指标', dataIndex: 'indicatorName', width: 150, responsive: ['md'] };

const ORIGIN_ZH: Record<string, string> = { imported: '历史数据导入', derived: '台账派生', entered: '单位填报' };

/**
 * 来源数据: every figure the aggregate was computed from, with who signed it off — and how
 * often it changed after sign-off, the figures worth a second look.
 */
export function SourcesTab({ data, loading, error }: SourcesTabProps) {
  const screens = Grid.useBreakpoint();
  const [q, setQ] = useState('');
  const [changedOnly, setChangedOnly] = useState(false);
  if (error) return <Alert type="error" showIcon title={error} />;
  const provisional = data?.provisional ?? false;
  const several = (data?.indicatorCodes.length ?? 0) > 1;
  const changedCount = (data?.items ?? []).filter((i) => i.changesSinceSignoff > 0).length;
  const items = (data?.items ?? [])
    .filter((i) => !changedOnly || i.changesSinceSignoff > 0)
    .filter((i) => !q.trim() || i.unitName.includes(q.trim()) || (i.taskTitle ?? '').includes(q.trim()));

  const columns: NonNullable<TableProps<SourceItem>['columns']> = [
    ...(several ? [indicatorColumn] : []),
    {
      title: '单位',
      dataIndex: 'unitName',
      width: 120,
      render: (name: string, i) => (
        <>
          {name}
          {/* Phones: period (and which indicator) under the unit rather than in columns of their own. */}
          {!screens.md && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {[!screens.sm ? periodLabel(i.period) : null, several ? i.indicatorName : null].filter(Boolean).join(' · ')}
              </Typography.Text>
            </div>
          )}
        </>
      ),
    },
    { title: '期次', dataIndex: 'period', width: 100, render: (p: string) => periodLabel(p), responsive: ['sm'] },
    {
      title: provisional ? '数值（含未审核）' : '审核值',
      key: 'value',
      width: 110,
      align: 'right',
      render: (_v, i) => {
        const shown = provisional ? (i.value ?? i.approvedValue) : i.approvedValue;
        const pending = provisional && i.value != null && i.value !== i.approvedValue;
        return (
          <Space orientation="vertical" size={0} style={{ alignItems: 'flex-end' }}>
            <span>{fmtNum(shown, 6)}</span>
            {pending && (
              <Typography.Text type="warning" style={{ fontSize: 12 }}>
                {i.approvedValue == null ? '未审核' : `审核值 ${fmtNum(i.approvedValue, 6)}`}
              </Typography.Text>
            )}
          </Space>
        );
      },
    },
    {
      title: '审核人',
      dataIndex: 'approvedBy',
      width: 150,
      render: (v: string | null, i) => (
        <>
          {v ? <Tooltip title={i.approvedAt ? `审核于 ${new Date(i.approvedAt).toLocaleString('zh-CN', { hour12: false })}` : undefined}>{v}</Tooltip> : <Typography.Text type="secondary">未审核</Typography.Text>}
          {/* Phones: the change count rides with the sign-off instead of a column of its own. */}
          {!screens.md && i.changesSinceSignoff > 0 && (
            <div>
              <Tag color="volcano">审核后修改 {i.changesSinceSignoff} 次</Tag>
            </div>
          )}
        </>
      ),
    },
    {
      title: '审核后修改',
      dataIndex: 'changesSinceSignoff',
      width: 130,
      responsive: ['md'],
      sorter: (a, b) => a.changesSinceSignoff - b.changesSinceSignoff,
      render: (n: number) => (n > 0 ? <Tag color="volcano">审核后修改 {n} 次</Tag> : <Typography.Text type="secondary">—</Typography.Text>),
    },
    {
      title: '来源',
      key: 'task',
      responsive: ['md'],
      render: (_v, i) =>
        i.taskTitle ? (
          <span>{i.taskTitle}</span>
        ) : (
          <Typography.Text type="secondary">{ORIGIN_ZH[i.source] ?? i.source}</Typography.Text>
        ),
    },
    {
      title: '说明',
      dataIndex: 'comment',
      responsive: ['lg'],
      render: (c: string | null) => c ?? '',
    },
  ];

  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      {data?.truncated && <Alert type="warning" showIcon title={`来源数据较多，仅显示前 ${data.items.length.toLocaleString('zh-CN')} 条；请下钻到下级单位或缩短期间查看全部。`} />}
      <Space wrap>
        <Input.Search allowClear placeholder="查找单位或任务" value={q} onChange={(e) => setQ(e.target.value)} style={{ width: 200 }} aria-label="查找来源数据" />
        <Checkbox checked={changedOnly} onChange={(e) => setChangedOnly(e.target.checked)} disabled={!changedCount}>
          只看审核后修改过的（{changedCount}）
        </Checkbox>
      </Space>
      <Table<SourceItem>
        data-testid="sources-table"
        rowKey="id"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={items}
        pagination={{ pageSize: 20, showSizeChanger: false, size: 'small', showTotal: (n) => `共 ${n.toLocaleString('zh-CN')} 条` }}
        scroll={screens.md ? { x: 760 } : { x: 380 }}
        rowClassName={(i) => (i.changesSinceSignoff > 0 ? 'diff-changed' : '')}
      />
    </Space>
  );
}
