import { useMemo } from 'react';
import { EChart, type EChartOption } from '../../components/EChart';
import { fmtNum, periodLabel } from '../indicators/format';

export interface SparklineProps {
  trend: { period: string; value: number | null }[];
  unit: string;
  color: string;
  /** Axis and tooltip text colour (the dark theme needs light text). */
  textColor: string;
  label: string;
}

/**
 * A headline's trend as a small line: no axes, the last point marked. Loaded on its own (lazy)
 * so the cards show their figures before the chart library arrives.
 */
export default function Sparkline({ trend, unit, color, textColor, label }: SparklineProps) {
  const data = JSON.stringify(trend);
  const option = useMemo<EChartOption>(() => {
    const points = JSON.parse(data) as SparklineProps['trend'];
    const last = points.length - 1;
    return {
      animation: false,
      grid: { left: 4, right: 8, top: 6, bottom: 4 },
      tooltip: {
        trigger: 'axis',
        confine: true,
        textStyle: { fontSize: 12 },
        valueFormatter: (v: unknown) => (typeof v === 'number' ? `${fmtNum(v)}${unit}` : '无数据'),
      },
      xAxis: { type: 'category', show: false, boundaryGap: false, data: points.map((p) => periodLabel(p.period)) },
      yAxis: { type: 'value', show: false, scale: true },
      series: [
        {
          name: label,
          type: 'line',
          data: points.map((p, i) => (i === last && p.value != null ? { value: p.value, symbolSize: 7 } : p.value)),
          symbol: 'circle',
          symbolSize: 3,
          showSymbol: true,
          connectNulls: true,
          lineStyle: { width: 2, color },
          itemStyle: { color },
          areaStyle: { color, opacity: 0.12 },
        },
      ],
      textStyle: { color: textColor },
    } as EChartOption;
  }, [data, unit, color, textColor, label]);
  return <EChart option={option} height={0} style={{ height: '100%', minHeight: 28 }} aria-label={`${label}近年走势图`} />;
}
