import { useEffect, useState } from 'react';
import { Alert, Grid, Input, InputNumber, Select, Space, Statistic, Table, Tag, Typography, type TableProps } from 'antd';
import { ORG_TYPE_ZH, type OrgType } from '../../../shared/org-types';
import { fmtNum, fmtPct } from './format';
import type { Direction, LeagueResult, LeagueRow } from './types';

const TYPE_OPTIONS = (['village', 'community', 'town', 'street'] as const).map((t) => ({ value: t, label: ORG_TYPE_ZH[t] }));

interface LeagueTabProps {
  data: LeagueResult | null;
  loading: boolean;
  error: string | null;
  unit: string;
  direction: Direction;
  types: string[];
  threshold?: number;
  onChange: (patch: { leagueTypes?: string[]; threshold?: number }) => void;
}

/** 排名: every unit of the chosen types under the current unit, best first; optional 达标线. */
export function LeagueTab({ data, loading, error, unit, direction, types, threshold, onChange }: LeagueTabProps) {
  const screens = Grid.useBreakpoint();
  const [q, setQ] = useState('');
  const [thresholdText, setThresholdText] = useState<number | null>(threshold ?? null);
  useEffect(() => setThresholdText(threshold ?? null), [threshold]);
  const rows = (data?.rows ?? []).filter((r) => !q.trim() || r.name.includes(q.trim()) || (r.parentName ?? '').includes(q.trim()));
  const meets = (v: number | null) => threshold != null && v != null && (direction === 'lower' ? v <= threshold : v >= threshold);

  const columns: NonNullable<TableProps<LeagueRow>['columns']> = [
    { title: '名次', dataIndex: 'rank', width: 64, align: 'center', render: (r: number | null) => (r == null ? '—' : r <= 3 ? <Tag color="gold">{r}</Tag> : r) },
    {
      title: '单位',
      dataIndex: 'name',
      render: (n: string, r) => (
        <>
          {meets(r.value) ? <Typography.Text type="success">{n}</Typography.Text> : n}
          {/* On a phone the parent goes under the name instead of taking a column. */}
          {!screens.sm && r.parentName && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.parentName}
              </Typography.Text>
            </div>
          )}
        </>
      ),
    },
    { title: '所属', dataIndex: 'parentName', render: (v: string | null) => v ?? '—', responsive: ['sm'] },
    { title: '类型', dataIndex: 'type', width: 80, render: (t: OrgType) => ORG_TYPE_ZH[t] ?? t, responsive: ['md'] },
    { title: `数值（${unit}）`, dataIndex: 'value', width: 120, align: 'right', render: (v: number | null) => fmtNum(v) },
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap>
        <Select
          mode="multiple"
          value={types}
          options={TYPE_OPTIONS}
          onChange={(v: string[]) => v.length && onChange({ leagueTypes: v })}
          style={{ minWidth: 200 }}
          aria-label="参与排名的单位类型"
        />
        <InputNumber<number>
          value={thresholdText}
          onChange={(v) => setThresholdText(v)}
          onPressEnter={() => onChange({ threshold: thresholdText ?? undefined })}
          onBlur={() => thresholdText !== (threshold ?? null) && onChange({ threshold: thresholdText ?? undefined })}
          placeholder={direction === 'lower' ? '达标线（不超过）' : '达标线（不低于）'}
          suffix={unit}
          style={{ width: 180 }}
          aria-label="达标线"
        />
        <Input.Search allowClear placeholder="查找单位" value={q} onChange={(e) => setQ(e.target.value)} style={{ width: 160 }} aria-label="查找单位" />
      </Space>
      {error && <Alert type="error" showIcon title={error} />}
      {data && (
        <Space wrap size="large">
          <Statistic title="参与排名" value={data.total} suffix="个" />
          <Statistic title="有数据" value={data.reported} suffix={`/ ${data.total}`} />
          {data.threshold != null && data.meeting != null && (
            <div data-testid="league-share">
              <Statistic
                title={`${direction === 'lower' ? '不超过' : '达到'} ${fmtNum(data.threshold)}${unit}`}
                value={`达标占比 ${fmtPct(data.share)}（${data.meeting}/${data.total}）`}
                styles={{ content: { fontSize: 18, color: '#389e0d' } }}
              />
            </div>
          )}
        </Space>
      )}
      <Table<LeagueRow>
        data-testid="league-table"
        rowKey="id"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={rows}
        pagination={{ pageSize: 20, showSizeChanger: false, size: 'small', showTotal: (n) => `共 ${n.toLocaleString('zh-CN')} 个单位` }}
      />
    </Space>
  );
}
