import { useEffect, useRef, type CSSProperties } from 'react';
import * as echarts from 'echarts/core';
import { MapChart, ScatterChart, type MapSeriesOption, type ScatterSeriesOption } from 'echarts/charts';
import {
  GeoComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
  type GeoComponentOption,
  type TooltipComponentOption,
  type VisualMapComponentOption,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { FeatureCollection } from './geo';

// Maps need their own chart types; registered here so only the map pages' chunk carries them.
echarts.use([MapChart, ScatterChart, GeoComponent, TooltipComponent, VisualMapContinuousComponent, CanvasRenderer]);

export type GeoChartOption = echarts.ComposeOption<MapSeriesOption | ScatterSeriesOption | GeoComponentOption | TooltipComponentOption | VisualMapComponentOption>;

/** What a click on a region or point carries: the data item the page put in the series. */
export interface GeoClick {
  seriesId?: string;
  data: unknown;
}

export interface GeoChartProps {
  option: GeoChartOption;
  /** GeoJSON outlines the option refers to by name (`map: name`), registered before drawing. */
  maps: Record<string, FeatureCollection>;
  onClick?: (e: GeoClick) => void;
  height?: number;
  style?: CSSProperties;
  'aria-label'?: string;
  'data-testid'?: string;
}

/** Escapes text from the server for ECharts' HTML tooltips. */
export const esc = (s: unknown) => echarts.format.encodeHTML(String(s ?? ''));

/**
 * ECharts for maps drawn from our own boundaries (no tile library): registers the outlines,
 * replaces the option on every change, resizes with its container and reports clicks.
 */
export function GeoChart({ option, maps, onClick, height = 480, style, ...rest }: GeoChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    if (!el.current) return;
    const instance = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (p) => click.current?.({ seriesId: p.seriesId, data: p.data }));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // Registering again under the same name replaces the outline, so a drilled-in unit redraws.
    for (const [name, fc] of Object.entries(maps)) echarts.registerMap(name, fc as unknown as Parameters<typeof echarts.registerMap>[1]);
    chart.current?.setOption(option, { notMerge: true });
  }, [option, maps]);

  return <div ref={el} role="img" style={{ width: '100%', height, ...style }} {...rest} />;
}
