import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Empty, Flex, Form, Popconfirm, Row, Select, Space, Statistic, Table, Tag, Typography, type TableProps } from 'antd';
import { EyeOutlined, FileProtectOutlined } from '@ant-design/icons';
import type { AllocationResultRow } from '../../../shared/talent';
import { api, ApiError } from '../../api';
import { errorText } from '../../components/applyServerErrors';
import { useApi } from '../indicators/useApi';
import { ApartmentsNav, dateTime, type AllocationPreviewResult, type AllocationRun, type ApartmentProgramme, type Estate } from './ApartmentsShared';

/** The columns of an allocation's ordered result, shared with the published result page. */
export function resultColumns<T extends AllocationResultRow>(extra: TableProps<T>['columns'] = []): TableProps<T>['columns'] {
  return [
    { title: '排名', dataIndex: 'rank', width: 64, align: 'center' },
    { title: '申请人', dataIndex: 'personName', width: 100 },
    { title: '层次', dataIndex: 'tier', width: 64, responsive: ['sm'], render: (t: string | null) => (t ? `${t}类` : '—') },
    { title: '评分', dataIndex: 'score', width: 70, align: 'right' },
    { title: '提交时间', dataIndex: 'submittedAt', width: 150, responsive: ['md'], render: (s: string) => dateTime(s) },
    { title: '意向面积', dataIndex: 'requestedArea', width: 90, responsive: ['lg'], render: (a: number | null) => (a ? `${a} ㎡` : '—') },
    {
      title: '分配房源',
      dataIndex: 'apartmentLabel',
      render: (l: string | null, r) =>
        l ? (
          <>
            <b>{l}</b>
            <span style={{ color: '#999', marginInlineStart: 4 }}>{r.apartmentArea} ㎡</span>
          </>
        ) : (
          <Tag>轮候</Tag>
        ),
    },
    { title: '说明', dataIndex: 'note', responsive: ['md'], render: (n: string | null) => <span style={{ fontSize: 12, color: '#666' }}>{n ?? ''}</span> },
    ...(extra ?? []),
  ];
}

/**
 * 按规则分配: pick an apartment programme, preview who gets which free flat under the published
 * rule, then confirm — the flats are reserved and the run is published in one step.
 */
export default function ApartmentsAllocationPage() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const programmes = useApi<ApartmentProgramme[]>('programmes', () => api.get<ApartmentProgramme[]>('/api/apartment-allocations/programmes'));
  const estates = useApi<Estate[]>('estates', () => api.get<Estate[]>('/api/apartments/estates'));
  const runs = useApi<AllocationRun[]>('runs', () => api.get<AllocationRun[]>('/api/apartment-allocations'));
  const [programmeId, setProgrammeId] = useState<number | undefined>();
  const [estate, setEstate] = useState<string | undefined>();
  const [preview, setPreview] = useState<AllocationPreviewResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const current = programmeId ?? programmes.data?.find((p) => p.waiting > 0)?.id ?? programmes.data?.[0]?.id;
  const runPreview = async () => {
    if (!current) return;
    setBusy(true);
    setError(null);
    try {
      setPreview(await api.post<AllocationPreviewResult>('/api/apartment-allocations/preview', { programmeId: current, estate: estate ?? null }));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const confirm = async () => {
    if (!preview) return;
    setBusy(true);
    setError(null);
    try {
      const run = await api.post<AllocationRun>('/api/apartment-allocations', { programmeId: preview.programme.id, estate: preview.estate, previewToken: preview.previewToken });
      message.success(`已分配 ${run.results.filter((r) => r.apartmentId != null).length} 套房源并公布结果`);
      navigate(`/talent/apartments/allocations/${run.id}`);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'apartment_allocation.preview_stale') {
        setError(err.message);
        setPreview(null);
      } else setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const chosen = programmes.data?.find((p) => p.id === current);
  return (
    <Flex vertical gap={12}>
      <ApartmentsNav />
      <Card size="small" title="按公布的规则分配房源">
        <Form layout="vertical" component="div">
          <Row gutter={[12, 0]}>
            <Col xs={24} md={12}>
              <Form.Item label="人才公寓政策" htmlFor="al-programme" style={{ marginBottom: 12 }}>
                <Select
                  id="al-programme"
                  loading={programmes.loading}
                  value={current}
                  onChange={(v) => (setProgrammeId(v), setPreview(null))}
                  options={(programmes.data ?? []).map((p) => ({ value: p.id, label: `${p.name}（待分配 ${p.waiting} 份）` }))}
                  notFoundContent="没有人才公寓类政策"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item label="房源范围" htmlFor="al-estate" style={{ marginBottom: 12 }} tooltip="只在一个小区（项目）内分配；不选则为政策所在区域的全部空置房源">
                <Select
                  id="al-estate"
                  allowClear
                  placeholder="全部小区"
                  value={estate}
                  onChange={(v) => (setEstate(v), setPreview(null))}
                  options={(estates.data ?? []).filter((e) => e.counts.free > 0).map((e) => ({ value: e.estate, label: `${e.estate}（空置 ${e.counts.free} 套）` }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={4}>
              <Form.Item label=" " style={{ marginBottom: 12 }}>
                <Button icon={<EyeOutlined />} onClick={() => void runPreview()} loading={busy && !preview} disabled={!current} block>
                  预览分配结果
                </Button>
              </Form.Item>
            </Col>
          </Row>
        </Form>
        {chosen && (
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {chosen.areaName}范围内分配；评分：{Object.entries(chosen.scores).map(([t, s]) => `${t}类${s}分`).join('、') || '未设定'}。
          </Typography.Paragraph>
        )}
        {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginTop: 12 }} />}
      </Card>

      {preview && (
        <Card size="small" title={`预览：${preview.programme.name}`} data-testid="allocation-preview">
          <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
            <Col xs={8}>
              <Statistic title="待分配申请" value={preview.waiting} suffix="份" />
            </Col>
            <Col xs={8}>
              <Statistic title="空置房源" value={preview.freeFlats} suffix="套" />
            </Col>
            <Col xs={8}>
              <Statistic title="本次分配" value={preview.allocated} suffix="套" />
            </Col>
          </Row>
          <Alert type="info" showIcon title="分配规则（确认后随结果一并公布）" description={<div style={{ whiteSpace: 'pre-line', fontSize: 13 }}>{preview.ruleText}</div>} style={{ marginBottom: 12 }} />
          <Table<AllocationResultRow> rowKey="applicationId" size="small" pagination={false} dataSource={preview.rows} columns={resultColumns()} scroll={{ x: 640 }} locale={{ emptyText: '没有等待分配的申请' }} />
          <Space style={{ marginTop: 12 }} wrap>
            <Popconfirm
              title={`确认按上述结果预留 ${preview.allocated} 套房源并公布？`}
              description="公布后任何有权限的人员都能查看每位申请人所得房源及理由。"
              okText="确认分配"
              cancelText="取消"
              onConfirm={() => void confirm()}
              disabled={!preview.allocated}
            >
              <Button type="primary" icon={<FileProtectOutlined />} loading={busy} disabled={!preview.allocated}>
                确认分配并公布
              </Button>
            </Popconfirm>
            <Button onClick={() => setPreview(null)}>放弃</Button>
          </Space>
        </Card>
      )}

      <Card size="small" title="已公布的分配结果">
        {runs.error && <Alert type="error" showIcon title={runs.error} />}
        {runs.data && runs.data.length === 0 ? (
          <Empty description="尚无分配记录" />
        ) : (
          <Table<AllocationRun>
            rowKey="id"
            size="small"
            loading={runs.loading}
            dataSource={runs.data ?? []}
            pagination={{ pageSize: 10, showSizeChanger: false, size: 'small' }}
            columns={[
              { title: '政策', dataIndex: 'programmeName', render: (n: string, r) => <Link to={`/talent/apartments/allocations/${r.id}`}>{n}</Link> },
              { title: '申请', dataIndex: 'applications', width: 70, align: 'right' },
              { title: '分配', dataIndex: 'allocated', width: 70, align: 'right' },
              { title: '操作人', dataIndex: 'ranBy', width: 140, responsive: ['md'] },
              { title: '时间', dataIndex: 'createdAt', width: 150, render: (s: string) => dateTime(s) },
            ]}
          />
        )}
      </Card>
    </Flex>
  );
}
