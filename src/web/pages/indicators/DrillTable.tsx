import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Checkbox, Progress, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { RightOutlined } from '@ant-design/icons';
import { ORG_TYPE_ZH, type OrgType } from '../../../shared/org-types';
import { fmtNum, fmtPct } from './format';
import type { ChildRow, ChildrenResult, Direction } from './types';

interface DrillTableProps {
  data: ChildrenResult | null;
  loading: boolean;
  error: string | null;
  unit: string;
  direction: Direction;
  /** Children add up to the total (a summed count), so each one's share of it means something. */
  additive: boolean;
  onDrill: (unitId: number) => void;
  /** For figures derived from ledger records: each unit's list of those records. */
  ledgerLinkFor?: (unitId: number) => string | null;
}

/**
 * 下钻: each child unit's subtree figure. A row with units below it opens one level down;
 * the breadcrumb above goes back up.
 */
export function DrillTable({ data, loading, error, unit, direction, additive, onDrill, ledgerLinkFor }: DrillTableProps) {
  const [showEmpty, setShowEmpty] = useState(false);
  if (error) return <Alert type="error" showIcon title={error} />;
  const rows = data?.rows ?? [];
  const emptyCount = rows.filter((r) => r.value == null).length;
  const shown = showEmpty ? rows : rows.filter((r) => r.value != null);
  const hasTargets = rows.some((r) => r.target != null);

  const columns: NonNullable<TableProps<ChildRow>['columns']> = [
    {
      title: '单位',
      dataIndex: 'name',
      render: (name: string, r) =>
        r.childCount > 0 ? (
          <Typography.Link>
            {name} <RightOutlined style={{ fontSize: 10 }} />
          </Typography.Link>
        ) : (
          name
        ),
    },
    { title: '类型', dataIndex: 'type', width: 90, render: (t: OrgType) => ORG_TYPE_ZH[t] ?? t, responsive: ['sm'] },
    {
      title: `数值（${unit}）`,
      dataIndex: 'value',
      width: 120,
      align: 'right',
      sorter: (a, b) => (a.value ?? -Infinity) - (b.value ?? -Infinity),
      defaultSortOrder: direction === 'lower' ? undefined : 'descend',
      render: (v: number | null) => fmtNum(v),
    },
    ...(additive ? [shareColumn] : []),
    ...(hasTargets ? targetColumns(direction) : []),
    ...(ledgerLinkFor
      ? [
          {
            title: '台账',
            key: 'ledger',
            width: 110,
            render: (_: unknown, r: ChildRow) => {
              const to = r.value ? ledgerLinkFor(r.id) : null;
              return to ? (
                <Link to={to} onClick={(e) => e.stopPropagation()}>
                  查看台账记录
                </Link>
              ) : null;
            },
          },
        ]
      : []),
  ];

  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Text type="secondary">
          {data ? `${data.unit.name}合计 ${fmtNum(data.unit.value)} ${data.unit.value == null ? '' : unit}` : ''}
          {shown.some((r) => r.childCount > 0) ? '　点击带 › 的单位查看下一级' : ''}
        </Typography.Text>
        {emptyCount > 0 && (
          <Checkbox checked={showEmpty} onChange={(e) => setShowEmpty(e.target.checked)}>
            显示无数据的单位（{emptyCount}）
          </Checkbox>
        )}
      </Space>
      <Table<ChildRow>
        data-testid="drill-table"
        rowKey="id"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={shown}
        pagination={shown.length > 50 ? { pageSize: 50, showSizeChanger: false, size: 'small' } : false}
        scroll={hasTargets ? { x: 560 } : undefined}
        locale={{ emptyText: rows.length ? '下级单位均无数据，可勾选上方显示' : '没有下级单位' }}
        rowClassName={(r) => (r.childCount > 0 ? 'clickable-row' : '')}
        onRow={(r) => ({ onClick: () => r.childCount > 0 && onDrill(r.id) })}
      />
    </Space>
  );
}

const shareColumn: NonNullable<TableProps<ChildRow>['columns']>[number] = {
  title: '占合计',
  dataIndex: 'share',
  width: 130,
  render: (s: number | null) => (s == null ? '—' : <Progress percent={Math.round(s * 1000) / 10} size="small" format={() => fmtPct(s, 1)} />),
  responsive: ['md'],
};

function targetColumns(direction: Direction): NonNullable<TableProps<ChildRow>['columns']> {
  return [
    { title: '目标', dataIndex: 'target', width: 100, align: 'right', render: (v: number | null) => fmtNum(v) },
    {
      title: '完成',
      key: 'completion',
      width: 120,
      render: (_v, r) =>
        r.target == null ? '—' : direction === 'lower' ? (
          <Tag color={r.met ? 'success' : 'error'}>{r.met ? '达标' : '未达标'}</Tag>
        ) : (
          <Typography.Text type={r.met ? 'success' : undefined}>{fmtPct(r.completion, 1)}</Typography.Text>
        ),
    },
  ];
}
