import { useMemo, useState } from 'react';
import { Flex, Grid, Input, Select, Space, Switch, Table, Tag, Typography, type TableProps } from 'antd';
import { fmtNum } from '../indicators/format';
import { pts, rankChangeText } from './display';
import type { LeagueRow } from './types';

const GRADE_COLORS = ['red', 'orange', 'blue', 'green', 'cyan', 'purple'];

/** A grade's tag colour by its place in the scheme's grades (the top grade stands out most). */
export function GradeTag({ grade, grades }: { grade: string | null; grades: readonly { label: string }[] }) {
  if (!grade) return <Typography.Text type="secondary">—</Typography.Text>;
  const i = grades.findIndex((g) => g.label === grade);
  return <Tag color={i >= 0 ? GRADE_COLORS[i % GRADE_COLORS.length] : undefined}>{grade}</Tag>;
}

export function RankChange({ change }: { change: number | null | undefined }) {
  const c = rankChangeText(change);
  return (
    <span style={{ color: c.color, whiteSpace: 'nowrap' }} title={c.label} aria-label={c.label}>
      {c.text}
    </span>
  );
}

export function RankBadge({ rank, vetoed }: { rank: number; vetoed?: boolean }) {
  if (vetoed) return <Typography.Text type="secondary">{rank}</Typography.Text>;
  // Gold, silver, bronze for the first three.
  return rank <= 3 ? (
    <Tag variant="solid" color={['#d4a017', '#a6a6a6', '#b87333'][rank - 1]} style={{ marginInlineEnd: 0, minWidth: 28, textAlign: 'center', fontWeight: 600 }}>
      {rank}
    </Tag>
  ) : (
    <span>{rank}</span>
  );
}

interface LeagueTableProps {
  rows: LeagueRow[];
  items: readonly { key: string; label: string; weight: number }[];
  grades: readonly { label: string }[];
  showAdjustments: boolean;
  loading?: boolean;
  /** Which rows open a breakdown (all of a live run; the account's own units in a result). */
  canOpen?: (r: LeagueRow) => boolean;
  onOpen?: (r: LeagueRow) => void;
  /** The account's own units (its unit and those under it): highlighted, and can be shown alone. */
  mine?: ReadonlySet<number>;
  'data-testid'?: string;
}

/**
 * 排名表: rank, unit, town, total, grade, change and every item's points; filter by town and
 * find by name. On a phone the rank and unit stay put while the figures scroll sideways.
 */
export function LeagueTable({ rows, items, grades, showAdjustments, loading, canOpen = () => false, onOpen, mine, ...rest }: LeagueTableProps) {
  const screens = Grid.useBreakpoint();
  const [q, setQ] = useState('');
  const [parent, setParent] = useState<string | undefined>();
  const [mineOnly, setMineOnly] = useState(false);
  const someMine = !!mine && mine.size > 0 && mine.size < rows.length;
  const parents = useMemo(() => [...new Set(rows.map((r) => r.parentName).filter((p): p is string => !!p))].sort((a, b) => a.localeCompare(b, 'zh-CN')), [rows]);
  const shown = useMemo(
    () => rows.filter((r) => (!parent || r.parentName === parent) && (!q.trim() || r.name.includes(q.trim())) && (!mineOnly || !mine || mine.has(r.unitId))),
    [rows, parent, q, mineOnly, mine],
  );
  const narrow = !screens.sm;

  const columns: NonNullable<TableProps<LeagueRow>['columns']> = [
    { title: '名次', dataIndex: 'rank', width: narrow ? 52 : 64, align: 'center', fixed: 'left', render: (r: number, row) => <RankBadge rank={r} vetoed={row.vetoed} /> },
    {
      title: '单位',
      dataIndex: 'name',
      width: narrow ? 112 : 150,
      fixed: 'left',
      render: (n: string, r) => (
        <>
          {canOpen(r) ? (
            <a
              onClick={(e) => {
                e.stopPropagation();
                onOpen?.(r);
              }}
            >
              {n}
            </a>
          ) : (
            n
          )}
          {someMine && mine!.has(r.unitId) && (
            <Tag color="gold" style={{ marginInlineStart: 4 }}>
              {mine!.size === 1 ? '本单位' : '本辖区'}
            </Tag>
          )}
          {r.vetoed && (
            <Tag color="red" style={{ marginInlineStart: 4 }}>
              一票否决
            </Tag>
          )}
          {narrow && r.parentName && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.parentName}
              </Typography.Text>
            </div>
          )}
        </>
      ),
    },
    ...(narrow ? [] : [{ title: '所属', dataIndex: 'parentName', width: 100, render: (v: string | null) => v ?? '—' }]),
    { title: '总分', dataIndex: 'total', width: 76, align: 'right', render: (v: number) => <strong data-testid="row-total">{pts(v)}</strong> },
    { title: '等次', dataIndex: 'grade', width: 72, align: 'center', render: (g: string | null) => <GradeTag grade={g} grades={grades} /> },
    { title: '名次变化', dataIndex: 'rankChange', width: 80, align: 'center', render: (c: number | null) => <RankChange change={c} /> },
    ...items.map((it) => ({
      title: (
        <span>
          {it.label}
          <div style={{ fontWeight: 400, fontSize: 12, color: '#8c8c8c' }}>{fmtNum(it.weight)}分</div>
        </span>
      ),
      key: `item-${it.key}`,
      width: 124,
      align: 'right' as const,
      render: (_v: unknown, r: LeagueRow) => pts(r.itemPoints[it.key]),
    })),
    ...(showAdjustments
      ? [
          { title: '加分', dataIndex: 'bonus', width: 64, align: 'right' as const, render: (v: number) => (v ? <span style={{ color: '#389e0d' }}>+{pts(v)}</span> : '—') },
          { title: '减分', dataIndex: 'penalty', width: 64, align: 'right' as const, render: (v: number) => (v ? <span style={{ color: '#cf1322' }}>−{pts(v)}</span> : '—') },
        ]
      : []),
  ];
  const width = columns.reduce((s, c) => s + (Number(c.width) || 100), 0);

  return (
    // Fixed columns stack above their row (z-index 12 in antd 6); isolating the table keeps them
    // under the layout's sticky header when the page scrolls.
    <Flex vertical gap={8} style={{ isolation: 'isolate' }}>
      <Flex gap={8} wrap>
        <Select
          allowClear
          showSearch
          placeholder="全部镇街"
          value={parent}
          onChange={(v) => setParent(v)}
          options={parents.map((p) => ({ value: p, label: p }))}
          style={{ width: 150 }}
          aria-label="按所属镇街筛选"
        />
        <Input.Search allowClear placeholder="查找单位" value={q} onChange={(e) => setQ(e.target.value)} style={{ width: 180 }} aria-label="查找单位" />
        {someMine && (
          <Space size={6} style={{ lineHeight: '32px' }}>
            <Switch size="small" checked={mineOnly} onChange={setMineOnly} aria-label={mine!.size === 1 ? '只看本单位' : '只看本辖区'} />
            <span>{mine!.size === 1 ? '只看本单位' : '只看本辖区'}</span>
          </Space>
        )}
        {(parent || q.trim() || mineOnly) && (
          <Typography.Text type="secondary" style={{ lineHeight: '32px' }}>
            筛选出 {shown.length} 个，名次为全部单位中的名次
          </Typography.Text>
        )}
      </Flex>
      <Table<LeagueRow>
        {...rest}
        rowKey="unitId"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={shown}
        scroll={{ x: width }}
        onRow={(r) => (canOpen(r) ? { onClick: () => onOpen?.(r) } : {})}
        rowClassName={(r) => (canOpen(r) ? 'clickable-row' : '')}
        pagination={{ defaultPageSize: 50, pageSizeOptions: [20, 50, 100, 500], showSizeChanger: true, size: 'small', showTotal: (n) => `共 ${n.toLocaleString('zh-CN')} 个单位` }}
      />
    </Flex>
  );
}
