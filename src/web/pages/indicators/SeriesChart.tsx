import { useMemo } from 'react';
import { Alert, Card, Empty, Grid, Segmented, Space, Tag } from 'antd';
import { EChart, type EChartOption } from '../../components/EChart';
import { fmtNum } from './format';
import type { SeriesResult } from './types';

interface SeriesChartProps {
  data: SeriesResult | null;
  loading: boolean;
  error: string | null;
  kind: 'auto' | 'line' | 'bar';
  /** Counts (整数) get whole-number ticks: no "0.2 件". */
  integer?: boolean;
  onKindChange: (k: 'auto' | 'line' | 'bar') => void;
}

/** 走势: each period of the range beside the same period a year earlier. */
export function SeriesChart({ data, loading, error, kind, integer, onKindChange }: SeriesChartProps) {
  const screens = Grid.useBreakpoint();
  const points = data?.points;
  const unit = data?.indicator.unit ?? '';
  const type = kind === 'auto' ? ((points?.length ?? 0) <= 4 ? 'bar' : 'line') : kind;

  const option = useMemo<EChartOption>(() => {
    const ps = points ?? [];
    const fmt = (v: unknown) => (typeof v === 'number' ? `${fmtNum(v)} ${unit}` : '—');
    return {
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0, data: ['本期', '上年同期'] },
      tooltip: { trigger: 'axis', valueFormatter: fmt },
      xAxis: { type: 'category', data: axisLabels(ps.map((p) => p.label)), axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', name: unit, minInterval: integer ? 1 : undefined, axisLabel: { formatter: (v: number) => fmtNum(v) } },
      series: [
        { name: '本期', type, data: ps.map((p) => p.value), itemStyle: { color: '#c8102e' }, connectNulls: false, smooth: false, barMaxWidth: 36 },
        { name: '上年同期', type, data: ps.map((p) => p.lastYear), itemStyle: { color: '#8c8c8c' }, lineStyle: { type: 'dashed' }, barMaxWidth: 36 },
      ],
    } as EChartOption;
  }, [points, unit, type, integer]);

  const empty = points && points.every((p) => p.value == null && p.lastYear == null);
  return (
    <Card
      size="small"
      title={
        <Space size={4}>
          走势（本期与上年同期）{data?.provisional && <Tag color="orange">临时</Tag>}
        </Space>
      }
      loading={loading && !data}
      extra={
        <Segmented
          size="small"
          value={kind}
          onChange={(v) => onKindChange(v as 'auto' | 'line' | 'bar')}
          options={[
            { value: 'auto', label: '自动' },
            { value: 'line', label: '折线' },
            { value: 'bar', label: '柱状' },
          ]}
        />
      }
      styles={{ body: { paddingTop: 8 } }}
    >
      {error ? (
        <Alert type="error" showIcon title={error} />
      ) : empty ? (
        <Empty description="所选期间暂无数据" />
      ) : (
        <EChart option={option} height={screens.md ? 300 : 240} aria-label="指标走势图" data-testid="series-chart" />
      )}
    </Card>
  );
}

/** Within one year the year is said once (in the card), so "2022年第1季度" reads "第1季度". */
function axisLabels(labels: string[]): string[] {
  const years = new Set(labels.map((l) => l.slice(0, 4)));
  if (years.size !== 1) return labels;
  return labels.map((l) => l.replace(/^\d{4}年/, '') || l);
}
