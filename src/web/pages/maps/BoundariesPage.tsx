import { useState } from 'react';
import { Alert, Button, Card, Space, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../api';
import { errorText } from '../../components/applyServerErrors';

const MAX_BYTES = 20 * 1024 * 1024;

interface Picked {
  fileName: string;
  geojson: unknown;
  count: number;
}

type Outcome = { kind: 'written'; written: number } | { kind: 'rejected'; message: string; details: string[] } | { kind: 'error'; message: string };

const EXAMPLE = `{
  "type": "FeatureCollection",
  "features": [
    {
      "type": "Feature",
      "properties": { "code": "330784101", "name": "东城街道" },
      "geometry": { "type": "Polygon", "coordinates": [[[120.05, 28.89], [120.08, 28.89], [120.08, 28.92], [120.05, 28.89]]] }
    }
  ]
}`;

/**
 * 上传边界: a GeoJSON file read in the browser (its features counted before sending), then
 * written all or nothing. Every rejected feature is listed with the server's reason.
 */
export default function BoundariesPage() {
  const [picked, setPicked] = useState<Picked | null>(null);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const pick = async (file: File) => {
    setPicked(null);
    setOutcome(null);
    setFileProblem(null);
    if (file.size > MAX_BYTES) {
      setFileProblem(`文件“${file.name}”超过20 MB，请拆分后分批上传`);
      return;
    }
    let geojson: unknown;
    try {
      geojson = JSON.parse(await file.text());
    } catch (err) {
      setFileProblem(`文件“${file.name}”不是有效的 JSON，无法读取（${err instanceof Error ? err.message : '格式错误'}）。请确认导出为 GeoJSON 格式。`);
      return;
    }
    const fc = geojson as { type?: unknown; features?: unknown } | null;
    if (!fc || typeof fc !== 'object' || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
      setFileProblem(`文件“${file.name}”不是 GeoJSON FeatureCollection（应有 "type": "FeatureCollection" 和 features 数组）`);
      return;
    }
    setPicked({ fileName: file.name, geojson, count: fc.features.length });
  };

  const upload = async () => {
    if (!picked) return;
    setBusy(true);
    setOutcome(null);
    try {
      const res = await api.post<{ written: number }>('/api/maps/boundaries', { fileName: picked.fileName, geojson: picked.geojson });
      setOutcome({ kind: 'written', written: res.written });
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        setOutcome({ kind: 'rejected', message: err.message, details: err.fieldIssues.map((i) => i.message) });
      } else if (err instanceof ApiError && err.status === 413) {
        setOutcome({ kind: 'error', message: '文件过大，服务器未接收，请拆分后分批上传' });
      } else {
        setOutcome({ kind: 'error', message: errorText(err) });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="上传边界" size="small">
      <Space orientation="vertical" size={12} style={{ width: '100%', maxWidth: 760 }}>
        <Typography.Paragraph style={{ marginBottom: 0 }}>
          上传镇街、村（社区）的边界，地图将按边界绘制。文件要求：
        </Typography.Paragraph>
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          <li>GeoJSON 格式（.geojson 或 .json），整个文件是一个 FeatureCollection，不超过20 MB；</li>
          <li>
            每个边界的 <Typography.Text code>properties.code</Typography.Text> 填单位编码（与组织架构中的编码一致）；
          </li>
          <li>
            几何为 Polygon 或 MultiPolygon，坐标为 WGS84 的 <Typography.Text code>[经度, 纬度]</Typography.Text>（不是 GCJ-02 或 CGCS2000 投影坐标）；
          </li>
          <li>可选 properties.lng / properties.lat 指定单位的位置点，否则取边界中心；</li>
          <li>全部合格才写入：有任何一个边界不合格，整个文件都不会写入。</li>
        </ul>
        <details>
          <summary style={{ cursor: 'pointer' }}>示例</summary>
          <pre style={{ fontSize: 12, background: '#fafafa', padding: 8, overflowX: 'auto', maxWidth: '100%' }}>{EXAMPLE}</pre>
        </details>

        <Upload
          accept=".geojson,.json,application/geo+json,application/json"
          maxCount={1}
          showUploadList={false}
          beforeUpload={(file) => {
            void pick(file);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />}>选择 GeoJSON 文件</Button>
        </Upload>

        {fileProblem && <Alert type="error" showIcon title={fileProblem} data-testid="boundary-file-problem" />}
        {picked && (
          <Alert
            type="info"
            showIcon
            title={`已读取“${picked.fileName}”：共${picked.count}个边界`}
            action={
              <Button type="primary" size="small" loading={busy} disabled={picked.count === 0} onClick={() => void upload()}>
                上传并写入
              </Button>
            }
          />
        )}

        {outcome?.kind === 'written' && <Alert type="success" showIcon title={`已写入${outcome.written}个单位的边界`} data-testid="boundary-result" />}
        {outcome?.kind === 'error' && <Alert type="error" showIcon title={outcome.message} data-testid="boundary-result" />}
        {outcome?.kind === 'rejected' && (
          <Alert
            type="error"
            showIcon
            data-testid="boundary-result"
            title={`${outcome.message}${outcome.message.includes('未写入') ? '' : '，未写入任何数据'}`}
            description={
              <>
                <div style={{ marginBottom: 4 }}>文件中的边界均未写入。请按以下问题修改后重新上传：</div>
                <ul style={{ margin: 0, paddingInlineStart: 20, maxHeight: 320, overflowY: 'auto' }} data-testid="boundary-problems">
                  {outcome.details.map((d, i) => (
                    <li key={i}>{d}</li>
                  ))}
                </ul>
              </>
            }
          />
        )}
      </Space>
    </Card>
  );
}
