import { Alert, Descriptions, Drawer, Grid, Spin, Tag, Typography } from 'antd';
import { api } from '../../api';
import { CARE_COLOUR_ZH, CARE_FACILITY_KIND_ZH, type CareGap } from '../../../shared/maps';
import { fmtNum } from '../indicators/format';
import { useApi } from '../indicators/useApi';
import { CARE_HEX, kmText } from './care';

export interface CareGapDrawerProps {
  villageId: number | null;
  period: string;
  /** Part of the key so that new thresholds recompute an open drawer. */
  version: number;
  onClose: () => void;
}

/** A village's gap in words, its figures and the three nearest facilities. */
export function CareGapDrawer({ villageId, period, version, onClose }: CareGapDrawerProps) {
  const screens = Grid.useBreakpoint();
  const gap = useApi<CareGap>(villageId ? `${villageId}|${period}|${version}` : null, () => api.get(`/api/maps/care/units/${villageId}`, { period }));
  const v = gap.data?.village;
  return (
    <Drawer open={villageId != null} onClose={onClose} size={screens.md ? 480 : '100%'} title={v ? `${v.name}（${v.townName}）` : '养老设施覆盖情况'} destroyOnHidden>
      <div data-testid="care-gap">
        {gap.error ? (
          <Alert type="error" showIcon title={gap.error} />
        ) : !gap.data || !v ? (
          <Spin style={{ display: 'block', margin: '48px auto' }} />
        ) : (
          <>
            <Tag color={CARE_HEX[v.colour]} style={{ marginBottom: 12 }}>
              {CARE_COLOUR_ZH[v.colour]}
            </Tag>
            <Alert type={v.colour === 'red' ? 'error' : v.colour === 'yellow' ? 'warning' : 'success'} showIcon title={gap.data.explanation} style={{ marginBottom: 16 }} />
            <Descriptions
              size="small"
              column={1}
              bordered
              items={[
                { key: 'elderly', label: '60岁以上老人', children: v.elderly == null ? '暂无数据' : `${fmtNum(v.elderly)}人` },
                { key: 'beds', label: '床位', children: `${fmtNum(v.beds)}张` },
                { key: 'per1000', label: '每千人床位', children: v.bedsPer1000 == null ? '—' : `${fmtNum(v.bedsPer1000, 1)}张` },
                { key: 'km', label: '最近设施距离', children: kmText(v.nearestKm) },
                { key: 'gap', label: '缺口床位', children: v.gap > 0 ? <Typography.Text type="danger">缺{fmtNum(v.gap)}张</Typography.Text> : '无缺口' },
              ]}
            />
            <Typography.Title level={5} style={{ marginTop: 20 }}>
              最近的养老设施
            </Typography.Title>
            {gap.data.nearest.length === 0 ? (
              <Typography.Text type="secondary">暂无养老设施</Typography.Text>
            ) : (
              <ol style={{ listStyle: 'none', padding: 0, margin: 0, border: '1px solid #f0f0f0', borderRadius: 6 }}>
                {gap.data.nearest.map((f, i) => (
                  <li key={f.id} data-testid="care-nearest" style={{ display: 'flex', gap: 12, padding: '8px 12px', borderTop: i ? '1px solid #f0f0f0' : undefined }}>
                    <div style={{ flex: 1, minWidth: 0 }}>
                      <div style={{ fontWeight: 500 }}>
                        {i + 1}. {f.name}
                      </div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {CARE_FACILITY_KIND_ZH[f.kind]} · {fmtNum(f.beds)}张床位{f.unitName ? ` · ${f.unitName}` : ''}
                      </Typography.Text>
                    </div>
                    <strong style={{ whiteSpace: 'nowrap' }}>{kmText(f.km)}</strong>
                  </li>
                ))}
              </ol>
            )}
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
              距离为直线距离。
            </Typography.Paragraph>
          </>
        )}
      </div>
    </Drawer>
  );
}
