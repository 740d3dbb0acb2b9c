import { useEffect, useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Breadcrumb, Card, Empty, Form, Grid, Space, Table, Typography } from 'antd';
import { api } from '../../api';
import { useMe } from '../../auth';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import { ORG_TYPE_ZH, type OrgType } from '../../../shared/org-types';
import type { IndicatorMap, MapFeature } from '../../../shared/maps';
import type { OrgUnitDetail } from '../../types';
import { IndicatorPicker, useIndicatorList } from '../indicators/IndicatorPicker';
import { PeriodInput } from '../indicators/PeriodInput';
import { DEFAULT_LEAGUE_TYPES, viewToParams } from '../indicators/explorerQuery';
import { fmtNum, periodLabel, periodProblem } from '../indicators/format';
import { useApi } from '../indicators/useApi';
import { esc, GeoChart, type GeoChartOption, type GeoClick } from './GeoChart';
import { collection, extentCollection, sourceLine, useTilesAttribution, type FeatureCollection } from './geo';

const DEFAULT_PERIOD = '2022';
/** Light to dark: more is darker, whatever the indicator's direction (the legend says which is which). */
const RAMP = ['#fff1b8', '#ffc069', '#fa8c16', '#d4380d', '#820014'];
const NO_DATA = '#f0f0f0';
/** Units with their own children on a map: a click drills in instead of opening the explorer. */
const DRILLABLE = ['county', 'town', 'street'];

interface Item {
  name: string;
  unitId: number;
  unitName: string;
  type: string;
  text: string | null;
}

/**
 * 指标地图: one indicator over a unit's children — towns as a choropleth of their boundaries,
 * villages as sized and coloured points — with a table of the same figures below. A click on a
 * town drills into its villages; a click on a village opens the explorer. The view is in the URL.
 */
export default function IndicatorMapPage() {
  const me = useMe();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const { list: indicators, error: listError } = useIndicatorList(true);
  const num = (k: string) => (params.get(k) && Number.isFinite(Number(params.get(k))) ? Number(params.get(k)) : undefined);
  const indicatorId = num('indicator');
  const unitId = num('unit') ?? me.orgUnitId;
  const period = params.get('period') || DEFAULT_PERIOD;
  const indicator = indicators?.find((i) => i.id === indicatorId);
  const attribution = useTilesAttribution();

  const update = (patch: { indicator?: number; unit?: number; period?: string }, replace = false) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(patch)) {
          if (v === undefined || v === '' || (k === 'unit' && v === me.orgUnitId)) next.delete(k);
          else next.set(k, String(v));
        }
        return next;
      },
      { replace },
    );

  // Opened without an indicator: the first one in the library, written into the URL.
  useEffect(() => {
    if (indicatorId || !indicators?.length) return;
    const first = indicators.find((i) => !i.archived) ?? indicators[0];
    update({ indicator: first.id, period }, true);
    // `update` is rebuilt every render; the list and the parameter are what matter.
  }, [indicatorId, indicators]);

  const problem = indicator ? periodProblem(period, indicator.periodType) : null;
  const key = indicator && !problem ? `${indicator.id}|${unitId}|${period}` : null;
  const map = useApi<IndicatorMap>(key, () => api.get('/api/maps/indicator', { indicatorId: indicator!.id, unitId, period }));
  const unit = useApi<OrgUnitDetail>(String(unitId), () => api.get(`/api/org/units/${unitId}`));

  const features = map.data?.features ?? [];
  const outlined = features.some((f) => f.boundary);
  // Villages have points only: draw them on the parent's outline, which the unit above lists.
  const parentId = unit.data?.ancestors.length ? unit.data.ancestors[unit.data.ancestors.length - 1].id : null;
  const wantParent = map.data && features.length > 0 && !outlined && parentId != null;
  const parentMap = useApi<IndicatorMap>(wantParent ? `${indicator!.id}|${parentId}|${period}` : null, () => api.get('/api/maps/indicator', { indicatorId: indicator!.id, unitId: parentId!, period }));
  const ownOutline = parentMap.data?.features.find((f) => f.unitId === unitId)?.boundary ?? null;

  const crumbs = unit.data ? [...unit.data.ancestors, { id: unit.data.id, name: unit.data.name }] : [];
  const hasValue = features.some((f) => f.value != null);
  const unitText = map.data?.indicator.unit ?? indicator?.unit ?? '';

  const explore = (f: { unitId: number }) =>
    navigate(`/explore?${viewToParams({ indicatorId: indicator!.id, unitId: f.unitId, from: period, provisional: false, tab: 'drill', leagueTypes: DEFAULT_LEAGUE_TYPES })}`);
  const open = (f: { unitId: number; type: string }) => (DRILLABLE.includes(f.type) ? update({ unit: f.unitId }) : explore(f));

  const { option, maps } = useMemo(
    () => buildOption(map.data, ownOutline, unitText, !!screens.md),
    // The outline arrives after the figures; redraw when it does.
    [map.data, ownOutline, unitText, screens.md],
  );
  const onChartClick = (e: GeoClick) => {
    const d = e.data as Item | undefined;
    if (d?.unitId) open(d);
  };

  return (
    <Card title="指标地图" size="small" styles={{ header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 } }}>
      <Form layout={screens.md ? 'inline' : 'vertical'} style={{ rowGap: 8, marginBottom: 12 }} size={screens.md ? 'middle' : 'small'}>
        <Form.Item label="指标" style={{ marginBottom: screens.md ? undefined : 8 }}>
          <IndicatorPicker
            indicators={indicators?.filter((i) => !i.archived || i.id === indicatorId) ?? null}
            value={indicatorId}
            onChange={(id) => id && update({ indicator: id, period })}
            style={{ width: screens.md ? 280 : '100%' }}
            aria-label="指标"
          />
        </Form.Item>
        <Form.Item label="单位" style={{ marginBottom: screens.md ? undefined : 8 }}>
          <OrgUnitPicker value={unitId} allowClear={false} onChange={(id) => id && update({ unit: id })} style={{ width: screens.md ? 220 : '100%' }} aria-label="单位" />
        </Form.Item>
        <Form.Item label="期次" validateStatus={problem ? 'error' : undefined} help={problem ?? undefined} style={{ marginBottom: screens.md ? undefined : 8 }}>
          <PeriodInput value={period} periodType={indicator?.periodType} onChange={(p) => update({ period: p })} style={{ width: screens.md ? 140 : '100%' }} aria-label="期次" />
        </Form.Item>
      </Form>

      {listError && <Alert type="error" showIcon title={listError} style={{ marginBottom: 12 }} />}
      {indicators && indicators.length === 0 && <Empty description="指标库中还没有指标" />}
      {indicators && indicatorId && !indicator && <Alert type="error" showIcon title="指标不存在或已被删除" />}

      {indicator && (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {crumbs.length > 0 && (
            <Breadcrumb
              data-testid="map-breadcrumb"
              items={crumbs.map((c, i) => (i === crumbs.length - 1 ? { key: c.id, title: <strong>{c.name}</strong> } : { key: c.id, title: <a onClick={() => update({ unit: c.id })}>{c.name}</a> }))}
            />
          )}
          <div>
            <Typography.Title level={5} style={{ margin: 0 }} data-testid="map-title">
              {indicator.name}（{unitText}）· {map.data?.unit.name ?? unit.data?.name ?? ''} · {periodLabel(period)}
            </Typography.Title>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {outlined || !features.length ? '各下级单位按数值着色，颜色越深数值越大' : '各村（社区）以圆点表示，圆点越大、颜色越深数值越大'}；
              {outlined ? '点击镇街查看其下各村（社区）' : '点击圆点在指标分析中查看'}
            </Typography.Text>
          </div>

          {map.error ? (
            <Alert type="error" showIcon title={map.error} />
          ) : map.loading && !map.data ? (
            <Card loading size="small" />
          ) : map.data && !features.length ? (
            <Empty description={`${map.data.unit.name}没有可在地图上显示的下级单位`} />
          ) : map.data && !hasValue ? (
            <Empty description={`${periodLabel(period)}各下级单位暂无该指标的数据`} data-testid="map-empty" />
          ) : map.data ? (
            <GeoChart
              option={option}
              maps={maps}
              onClick={onChartClick}
              height={screens.md ? 520 : 360}
              aria-label={`${indicator.name}在${map.data.unit.name}各下级单位的分布图，数据见下方表格`}
              data-testid="indicator-map"
            />
          ) : null}

          {map.data && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="map-source">
              {sourceLine('指标分析', map.data.sources, attribution)}
            </Typography.Text>
          )}

          {map.data && features.length > 0 && (
            <section aria-label="表格">
              <Typography.Title level={5} style={{ marginTop: 0 }}>
                表格
              </Typography.Title>
              <Table<MapFeature>
                data-testid="indicator-map-table"
                size="small"
                rowKey="unitId"
                dataSource={features}
                pagination={features.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
                onRow={(f) => ({ onClick: () => open(f), style: { cursor: 'pointer' } })}
                columns={[
                  {
                    title: '单位',
                    dataIndex: 'name',
                    render: (name: string, f) => (
                      <a
                        onClick={(e) => {
                          e.stopPropagation();
                          open(f);
                        }}
                      >
                        {name}
                      </a>
                    ),
                  },
                  { title: '类型', dataIndex: 'type', width: 90, responsive: ['sm'], render: (t: string) => ORG_TYPE_ZH[t as OrgType] ?? t },
                  {
                    title: `数值（${unitText}）`,
                    dataIndex: 'text',
                    align: 'right',
                    sorter: (a, b) => (a.value ?? -Infinity) - (b.value ?? -Infinity),
                    render: (t: string | null) => t ?? <Typography.Text type="secondary">暂无数据</Typography.Text>,
                  },
                ]}
              />
            </section>
          )}
        </Space>
      )}
    </Card>
  );
}

/** The map option and the outlines it names. */
function buildOption(data: IndicatorMap | null, ownOutline: MapFeature['boundary'], unit: string, wide: boolean): { option: GeoChartOption; maps: Record<string, FeatureCollection> } {
  if (!data) return { option: {}, maps: {} };
  const features = data.features;
  const min = data.range.min ?? 0;
  const max = data.range.max ?? 1;
  const lo = min === max ? Math.min(0, min) : min;
  const hi = max === lo ? lo + 1 : max;
  const tooltip: GeoChartOption['tooltip'] = {
    trigger: 'item',
    formatter: (p) => {
      const d = (Array.isArray(p) ? p[0] : p).data as Item | undefined;
      return d ? `<strong>${esc(d.unitName)}</strong><br/>${esc(d.text ?? '暂无数据')}` : '';
    },
  };
  const visualMap = (extra: object) => ({
    type: 'continuous' as const,
    min: lo,
    max: hi,
    seriesIndex: 0,
    orient: wide ? ('vertical' as const) : ('horizontal' as const),
    left: wide ? 8 : 'center',
    bottom: 8,
    itemHeight: wide ? 120 : 100,
    text: [`${fmtNum(hi)} ${unit}`, `${fmtNum(lo)} ${unit}`],
    textStyle: { color: '#434343' },
    ...extra,
  });
  const item = (f: MapFeature): Item => ({ name: String(f.unitId), unitId: f.unitId, unitName: f.name, type: f.type, text: f.text });

  if (features.some((f) => f.boundary)) {
    const name = `indicator-${data.unit.id}`;
    return {
      maps: { [name]: collection(features) },
      option: {
        tooltip,
        visualMap: visualMap({ inRange: { color: RAMP } }),
        series: [
          {
            type: 'map',
            id: 'units',
            map: name,
            nameProperty: 'uid',
            roam: wide,
            layoutCenter: ['50%', '50%'],
            layoutSize: '92%',
            selectedMode: false,
            label: { show: true, fontSize: wide ? 12 : 10, color: '#1f1f1f', formatter: (p: { data?: unknown }) => (p.data as Item | undefined)?.unitName ?? '' },
            itemStyle: { areaColor: NO_DATA, borderColor: '#595959', borderWidth: 1 },
            emphasis: { label: { show: true, fontWeight: 'bold' }, itemStyle: { areaColor: '#ffe58f', borderWidth: 2 } },
            // Names stay legible on the darkest fills: white with a dark halo there, dark with a light halo elsewhere.
            data: features.map((f) => {
              const dark = f.value != null && (f.value - lo) / (hi - lo) > 0.6;
              return { ...item(f), value: f.value ?? NaN, label: dark ? { color: '#fff', textBorderColor: '#3b0a00', textBorderWidth: 2 } : { color: '#1f1f1f', textBorderColor: '#fff', textBorderWidth: 2 } };
            }),
          },
        ],
      },
    };
  }

  const placed = features.filter((f) => f.lng != null && f.lat != null);
  const name = `indicator-points-${data.unit.id}`;
  const outline = ownOutline ? collection([{ unitId: data.unit.id, name: data.unit.name, boundary: ownOutline }]) : extentCollection(placed);
  const point = (f: MapFeature) => ({ ...item(f), name: f.name, value: [f.lng!, f.lat!, f.value ?? NaN] });
  return {
    maps: { [name]: outline },
    option: {
      tooltip,
      geo: {
        map: name,
        roam: wide,
        silent: true,
        layoutCenter: ['50%', '50%'],
        layoutSize: '92%',
        itemStyle: ownOutline ? { areaColor: '#fafafa', borderColor: '#8c8c8c' } : { areaColor: 'transparent', borderColor: 'transparent' },
        label: { show: false },
      },
      visualMap: visualMap({ dimension: 2, inRange: { color: RAMP.slice(1), symbolSize: [8, 28] } }),
      series: [
        {
          type: 'scatter',
          id: 'valued',
          coordinateSystem: 'geo',
          itemStyle: { borderColor: '#fff', borderWidth: 1, opacity: 0.95 },
          emphasis: { label: { show: true, formatter: '{b}', position: 'top', color: '#1f1f1f' } },
          data: placed.filter((f) => f.value != null).map(point),
        },
        {
          type: 'scatter',
          id: 'no-data',
          coordinateSystem: 'geo',
          symbolSize: 7,
          itemStyle: { color: '#bfbfbf', borderColor: '#8c8c8c', borderWidth: 1 },
          emphasis: { label: { show: true, formatter: '{b}', position: 'top', color: '#1f1f1f' } },
          data: placed.filter((f) => f.value == null).map(point),
        },
      ],
    },
  };
}
