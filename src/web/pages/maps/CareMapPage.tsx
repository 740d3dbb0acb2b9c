import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Card, Col, Empty, Form, Grid, Row, Space, Table, Tag, Typography } from 'antd';
import { api } from '../../api';
import { useAuth, useMe } from '../../auth';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import { CARE_COLOUR_ZH, CARE_FACILITY_KIND_ZH, type CareColour, type CareFacility, type CareMap, type CareVillage } from '../../../shared/maps';
import { fmtNum, periodLabel, periodProblem } from '../indicators/format';
import { PeriodInput } from '../indicators/PeriodInput';
import { useApi } from '../indicators/useApi';
import { CARE_HEX, CARE_ORDER, CARE_SYMBOL, FACILITY_HEX, kmText } from './care';
import { CareGapDrawer } from './CareGapDrawer';
import { esc, GeoChart, type GeoChartOption, type GeoClick } from './GeoChart';
import { collection, extentCollection, sourceLine, useTilesAttribution, type FeatureCollection } from './geo';
import { Swatch } from './Swatch';
import { ThresholdsCard } from './ThresholdsCard';

const DEFAULT_PERIOD = '2022';
const RANK: Record<CareColour, number> = { red: 0, yellow: 1, green: 2 };

/**
 * 养老设施规划三色图: every village and community coloured by beds per 1,000 residents over 60
 * and the distance to the nearest facility, with the facilities on top of the towns' outlines.
 * A village opens its gap and nearest facilities; planners edit the standard beside the map.
 */
export default function CareMapPage() {
  const me = useMe();
  const { can } = useAuth();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const unitId = Number(params.get('unit')) || me.orgUnitId;
  const period = params.get('period') || DEFAULT_PERIOD;
  const problem = periodProblem(period, 'year');
  const attribution = useTilesAttribution();
  const care = useApi<CareMap>(problem ? null : `${unitId}|${period}`, () => api.get('/api/maps/care', { unitId, period }));
  const [villageId, setVillageId] = useState<number | null>(null);

  const set = (k: 'unit' | 'period', v: string | undefined) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (v) next.set(k, v);
      else next.delete(k);
      return next;
    });

  const data = care.data;
  const { option, maps } = useMemo(() => buildOption(data, !!screens.md), [data, screens.md]);
  const rows = useMemo(
    () => (data?.villages ?? []).slice().sort((a, b) => RANK[a.colour] - RANK[b.colour] || b.gap - a.gap || (a.bedsPer1000 ?? 0) - (b.bedsPer1000 ?? 0)),
    [data],
  );
  const onChartClick = (e: GeoClick) => {
    const v = (e.data as { village?: CareVillage } | undefined)?.village;
    if (v) setVillageId(v.unitId);
  };

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card
        size="small"
        title={`养老设施规划三色图${data ? ` · ${data.unit.name} · ${periodLabel(data.period)}` : ''}`}
        styles={{ header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 } }}
      >
        <Form layout={screens.md ? 'inline' : 'vertical'} style={{ rowGap: 8, marginBottom: 12 }} size={screens.md ? 'middle' : 'small'}>
          <Form.Item label="单位" style={{ marginBottom: screens.md ? undefined : 8 }}>
            <OrgUnitPicker
              value={unitId}
              allowClear={false}
              types={['county', 'town', 'street']}
              onChange={(id) => id && set('unit', id === me.orgUnitId ? undefined : String(id))}
              style={{ width: screens.md ? 220 : '100%' }}
              aria-label="单位"
            />
          </Form.Item>
          <Form.Item label="年度" validateStatus={problem ? 'error' : undefined} help={problem ?? undefined} style={{ marginBottom: screens.md ? undefined : 8 }}>
            <PeriodInput value={period} periodType="year" onChange={(p) => set('period', p === DEFAULT_PERIOD ? undefined : p)} style={{ width: screens.md ? 120 : '100%' }} aria-label="年度" />
          </Form.Item>
        </Form>

        {care.error ? (
          <Alert type="error" showIcon title={care.error} />
        ) : !data ? (
          <Card loading size="small" variant="borderless" />
        ) : (
          <Row gutter={[12, 12]}>
            <Col xs={24} xl={16}>
              <div data-testid="care-legend" style={{ display: 'flex', flexWrap: 'wrap', gap: '4px 16px', marginBottom: 8 }} aria-label="图例">
                {CARE_ORDER.map((c) => (
                  <span key={c} style={{ display: 'inline-flex', gap: 6, alignItems: 'center' }}>
                    <Swatch colour={c} />
                    {CARE_COLOUR_ZH[c]} <strong>{data.counts[c]}</strong>个
                  </span>
                ))}
                <span style={{ display: 'inline-flex', gap: 6, alignItems: 'center' }}>
                  <Swatch colour="facility" />
                  养老设施 <strong>{data.facilities.length}</strong>处（大小表示床位数）
                </span>
              </div>
              {data.villages.length === 0 ? (
                <Empty description={`${data.unit.name}的村（社区）还没有位置坐标，请先上传边界`} />
              ) : (
                <GeoChart
                  option={option}
                  maps={maps}
                  onClick={onChartClick}
                  height={screens.md ? 560 : 380}
                  aria-label={`${data.unit.name}养老设施规划三色图：红色${data.counts.red}个、黄色${data.counts.yellow}个、绿色${data.counts.green}个，明细见下方表格`}
                  data-testid="care-map"
                />
              )}
              <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="map-source">
                {sourceLine('养老设施台账、60岁以上人口（指标 LN_60）', data.sources, attribution)}
              </Typography.Text>
            </Col>
            <Col xs={24} xl={8}>
              <ThresholdsCard thresholds={data.thresholds} version={data.thresholdsVersion} canEdit={can('define:indicators')} onChanged={care.reload} />
            </Col>
          </Row>
        )}
      </Card>

      {data && (
        <Card size="small" title="各村（社区）明细（红色在前）">
          <Table<CareVillage>
            data-testid="care-table"
            size="small"
            rowKey="unitId"
            dataSource={rows}
            scroll={{ x: 640 }}
            pagination={{ defaultPageSize: 20, showSizeChanger: true, pageSizeOptions: [20, 50, 100], showTotal: (n) => `共${n}个` }}
            onRow={(v) => ({ onClick: () => setVillageId(v.unitId), style: { cursor: 'pointer' } })}
            columns={[
              {
                title: '村（社区）',
                dataIndex: 'name',
                fixed: 'left',
                width: 130,
                render: (name: string, v) => (
                  <a
                    onClick={(e) => {
                      e.stopPropagation();
                      setVillageId(v.unitId);
                    }}
                  >
                    {name}
                  </a>
                ),
              },
              { title: '所属镇街', dataIndex: 'townName', width: 100 },
              {
                title: '颜色',
                dataIndex: 'colour',
                width: 130,
                filters: CARE_ORDER.map((c) => ({ text: CARE_COLOUR_ZH[c], value: c })),
                onFilter: (value, v) => v.colour === value,
                render: (c: CareColour) => (
                  <Tag color={CARE_HEX[c]} style={{ marginInlineEnd: 0 }}>
                    {CARE_COLOUR_ZH[c]}
                  </Tag>
                ),
              },
              { title: '60岁以上老人', dataIndex: 'elderly', align: 'right', width: 110, render: (n: number | null) => (n == null ? '—' : `${fmtNum(n)}人`) },
              { title: '床位', dataIndex: 'beds', align: 'right', width: 70, render: (n: number) => `${fmtNum(n)}张` },
              {
                title: '每千人床位',
                dataIndex: 'bedsPer1000',
                align: 'right',
                width: 100,
                sorter: (a, b) => (a.bedsPer1000 ?? -1) - (b.bedsPer1000 ?? -1),
                render: (n: number | null) => (n == null ? '—' : `${fmtNum(n, 1)}张`),
              },
              { title: '最近距离', dataIndex: 'nearestKm', align: 'right', width: 100, sorter: (a, b) => (a.nearestKm ?? Infinity) - (b.nearestKm ?? Infinity), render: kmText },
              {
                title: '缺口',
                dataIndex: 'gap',
                align: 'right',
                width: 90,
                sorter: (a, b) => a.gap - b.gap,
                render: (n: number) => (n > 0 ? <Typography.Text type="danger">缺{fmtNum(n)}张</Typography.Text> : '—'),
              },
            ]}
          />
        </Card>
      )}

      <CareGapDrawer villageId={villageId} period={period} version={data?.thresholdsVersion ?? 0} onClose={() => setVillageId(null)} />
    </Space>
  );
}

type VillageItem = { name: string; value: [number, number]; village: CareVillage };
type FacilityItem = { name: string; value: [number, number]; facility: CareFacility; symbolSize: number };

/** Towns as the light background, villages by colour (one series each) and the facilities. */
function buildOption(data: CareMap | null, wide: boolean): { option: GeoChartOption; maps: Record<string, FeatureCollection> } {
  if (!data) return { option: {}, maps: {} };
  const name = `care-${data.unit.id}`;
  const towns = data.towns.filter((t) => t.boundary);
  const outlined = towns.length ? collection(towns) : data.villages.some((v) => v.boundary) ? collection(data.villages) : null;
  const background = outlined ?? extentCollection([...data.villages, ...data.facilities]);
  const villageSeries = CARE_ORDER.map((c, i) => ({
    type: 'scatter' as const,
    id: `village-${c}`,
    name: CARE_COLOUR_ZH[c],
    coordinateSystem: 'geo' as const,
    symbol: CARE_SYMBOL[c],
    symbolSize: c === 'red' ? 13 : c === 'yellow' ? 10 : 10,
    // Red on top of everything: it is what the map is for.
    z: 5 - i,
    itemStyle: { color: CARE_HEX[c], borderColor: '#fff', borderWidth: 1 },
    emphasis: { scale: 1.6, label: { show: true, formatter: '{b}', position: 'top' as const, color: '#1f1f1f', fontWeight: 'bold' as const } },
    data: data.villages.filter((v) => v.colour === c).map((v): VillageItem => ({ name: v.name, value: [v.lng, v.lat], village: v })),
  }));
  const facilitySeries = {
    type: 'scatter' as const,
    id: 'facilities',
    name: '养老设施',
    coordinateSystem: 'geo' as const,
    symbol: 'diamond',
    z: 1,
    itemStyle: { color: FACILITY_HEX, borderColor: '#fff', borderWidth: 1, opacity: 0.85 },
    data: data.facilities.map((f): FacilityItem => ({ name: f.name, value: [f.lng, f.lat], facility: f, symbolSize: Math.round(8 + Math.sqrt(f.beds) * 1.6) })),
  };
  return {
    maps: { [name]: background },
    option: {
      tooltip: {
        trigger: 'item',
        formatter: (p) => {
          const d = (Array.isArray(p) ? p[0] : p).data as Partial<VillageItem & FacilityItem> | undefined;
          if (d?.village) {
            const v = d.village;
            return [
              `<strong>${esc(v.name)}</strong>（${esc(v.townName)}）`,
              esc(CARE_COLOUR_ZH[v.colour]),
              `60岁以上老人 ${v.elderly == null ? '—' : `${fmtNum(v.elderly)}人`} · 床位 ${fmtNum(v.beds)}张`,
              `每千人床位 ${v.bedsPer1000 == null ? '—' : `${fmtNum(v.bedsPer1000, 1)}张`} · 最近设施 ${kmText(v.nearestKm)}`,
              v.gap > 0 ? `缺${fmtNum(v.gap)}张床位` : '',
            ]
              .filter(Boolean)
              .join('<br/>');
          }
          if (d?.facility) {
            const f = d.facility;
            return `<strong>${esc(f.name)}</strong><br/>${esc(CARE_FACILITY_KIND_ZH[f.kind])} · ${fmtNum(f.beds)}张床位${f.unitName ? `<br/>${esc(f.unitName)}` : ''}`;
          }
          return '';
        },
      },
      geo: {
        map: name,
        // Nothing is joined to the regions; they are named for their labels only.
        nameProperty: 'name',
        roam: wide,
        silent: true,
        layoutCenter: ['50%', '50%'],
        layoutSize: '94%',
        itemStyle: outlined ? { areaColor: '#fafafa', borderColor: '#bfbfbf', borderWidth: 1 } : { areaColor: 'transparent', borderColor: 'transparent' },
        label: { show: towns.length > 0, color: '#8c8c8c', fontSize: wide ? 11 : 9 },
      },
      series: [facilitySeries, ...villageSeries],
    },
  };
}
