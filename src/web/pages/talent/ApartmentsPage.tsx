import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Flex, Form, Input, InputNumber, Row, Select, Space, Statistic, Table, Tag, Typography, type TableProps } from 'antd';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { APARTMENT_STATUSES, APARTMENT_STATUS_ZH, type ApartmentStatus } from '../../../shared/talent';
import { api } from '../../api';
import { errorText } from '../../components/applyServerErrors';
import { ImportWizard } from '../../components/ImportWizard';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import { useApi } from '../indicators/useApi';
import { FlatDrawer, FlatFormModal } from './ApartmentsModals';
import { ApartmentsNav, STATUS_COLOR, type Estate, type Flat, type FlatPage } from './ApartmentsShared';

const PAGE_SIZE = 20;

interface Filter {
  orgUnitId?: number;
  estate?: string;
  building?: string;
  status?: ApartmentStatus;
  minArea?: number;
  maxArea?: number;
  q?: string;
  page: number;
}

const filterFrom = (p: URLSearchParams): Filter => ({
  orgUnitId: Number(p.get('org')) || undefined,
  estate: p.get('estate') || undefined,
  building: p.get('building') || undefined,
  status: (p.get('status') as ApartmentStatus) || undefined,
  minArea: p.get('min') ? Number(p.get('min')) : undefined,
  maxArea: p.get('max') ? Number(p.get('max')) : undefined,
  q: p.get('q') || undefined,
  page: Math.max(1, Number(p.get('page')) || 1),
});

function paramsFrom(f: Filter): URLSearchParams {
  const p = new URLSearchParams();
  if (f.orgUnitId) p.set('org', String(f.orgUnitId));
  if (f.estate) p.set('estate', f.estate);
  if (f.building) p.set('building', f.building);
  if (f.status) p.set('status', f.status);
  if (f.minArea != null) p.set('min', String(f.minArea));
  if (f.maxArea != null) p.set('max', String(f.maxArea));
  if (f.q) p.set('q', f.q);
  if (f.page > 1) p.set('page', String(f.page));
  return p;
}

const queryOf = (f: Filter) => ({ orgUnitId: f.orgUnitId, estate: f.estate, building: f.building, status: f.status, minArea: f.minArea, maxArea: f.maxArea, q: f.q });

/**
 * 人才公寓 — the inventory: every flat of the 政策性住房 and 人才公寓 estates with who holds it,
 * how many are 空置 / 已预留 / 已出租 / 已售 under the filters, Excel import and export.
 */
export default function ApartmentsPage() {
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterFrom(params), [params]);
  const [data, setData] = useState<FlatPage | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [open, setOpen] = useState<number | null>(null);
  const [q, setQ] = useState(filter.q ?? '');
  const estates = useApi<Estate[]>('estates', () => api.get<Estate[]>('/api/apartments/estates'));

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await api.get<FlatPage>('/api/apartments', { ...queryOf(filter), page: filter.page, pageSize: PAGE_SIZE }));
      setError(null);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setLoading(false);
    }
  }, [filter]);
  useEffect(() => {
    void load();
  }, [load]);

  const update = (patch: Partial<Filter>) => setParams(paramsFrom({ ...filter, page: 1, ...patch }));
  const reloadAll = () => {
    void load();
    estates.reload();
  };
  const exportXlsx = async () => {
    setExporting(true);
    try {
      await api.download('/api/apartments/export', queryOf(filter), '人才公寓房源.xlsx', 'POST');
      message.success('已开始下载');
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setExporting(false);
    }
  };

  const estateNames = (estates.data ?? []).map((e) => e.estate);
  const buildings = estates.data?.find((e) => e.estate === filter.estate)?.buildings ?? [];
  const counts = data?.counts;
  const columns: TableProps<Flat>['columns'] = [
    {
      title: '房源',
      dataIndex: 'label',
      render: (_: string, f) => (
        <>
          <a onClick={() => setOpen(f.id)}>
            {f.building} {f.unitNo}
          </a>
          <div style={{ fontSize: 12, color: '#999' }}>{f.estate}</div>
        </>
      ),
    },
    { title: '所在镇街', dataIndex: 'orgUnitName', responsive: ['lg'] },
    { title: '面积（㎡）', dataIndex: 'area', width: 100, align: 'right' },
    { title: '状态', dataIndex: 'status', width: 90, render: (s: ApartmentStatus, f) => <Tag color={STATUS_COLOR[s]}>{f.statusName}</Tag> },
    {
      title: '合同人 / 预留给',
      key: 'holder',
      responsive: ['sm'],
      render: (_, f) =>
        f.contract ? (
          <>
            {f.contract.personName}
            <div style={{ fontSize: 12, color: '#999' }}>
              {f.contract.kindName} · {f.contract.startDate} 至 {f.contract.endDate ?? '长期'}
              {f.contract.state === 'expired' && <Tag color="warning" style={{ marginInlineStart: 4 }}>已到期</Tag>}
            </div>
          </>
        ) : f.reservation ? (
          <>
            {f.reservation.personName}
            <div style={{ fontSize: 12, color: '#d48806' }}>按规则分配第 {f.reservation.rank} 名，待签约</div>
          </>
        ) : (
          <span style={{ color: '#bbb' }}>—</span>
        ),
    },
  ];

  return (
    <Flex vertical gap={12}>
      <ApartmentsNav />
      <Row gutter={[8, 8]} data-testid="status-counts">
        {APARTMENT_STATUSES.map((s) => (
          <Col xs={12} md={6} key={s}>
            <Card
              size="small"
              hoverable
              onClick={() => update({ status: filter.status === s ? undefined : s })}
              style={{ borderColor: filter.status === s ? '#c8102e' : undefined, cursor: 'pointer' }}
              aria-pressed={filter.status === s}
              data-testid={`count-${s}`}
            >
              <Statistic title={APARTMENT_STATUS_ZH[s]} value={counts?.[s] ?? 0} suffix="套" loading={!counts} styles={{ content: { fontSize: 22 } }} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card
        size="small"
        title={`房源${data ? `（共 ${data.total} 套）` : ''}`}
        extra={
          <Space wrap>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              新增房源
            </Button>
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
              导入
            </Button>
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportXlsx()}>
              导出
            </Button>
          </Space>
        }
        styles={{ header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 } }}
      >
        <Form layout="vertical" component="div">
          <Row gutter={[12, 0]}>
            <Col xs={12} lg={4}>
              <Form.Item label="所在镇街" htmlFor="a-org" style={{ marginBottom: 12 }}>
                <OrgUnitPicker id="a-org" value={filter.orgUnitId} onChange={(id) => update({ orgUnitId: id })} placeholder="全部" types={['town', 'street']} style={{ width: '100%', minWidth: 0 }} />
              </Form.Item>
            </Col>
            <Col xs={12} lg={5}>
              <Form.Item label="小区（项目）" htmlFor="a-estate" style={{ marginBottom: 12 }}>
                <Select id="a-estate" allowClear showSearch placeholder="全部" value={filter.estate} onChange={(v) => update({ estate: v, building: undefined })} options={estateNames.map((e) => ({ value: e, label: e }))} />
              </Form.Item>
            </Col>
            <Col xs={12} lg={3}>
              <Form.Item label="楼栋" htmlFor="a-building" style={{ marginBottom: 12 }}>
                <Select id="a-building" allowClear placeholder={filter.estate ? '全部' : '先选小区'} disabled={!filter.estate} value={filter.building} onChange={(v) => update({ building: v })} options={buildings.map((b) => ({ value: b, label: b }))} />
              </Form.Item>
            </Col>
            <Col xs={12} lg={3}>
              <Form.Item label="状态" htmlFor="a-status" style={{ marginBottom: 12 }}>
                <Select id="a-status" allowClear placeholder="全部" value={filter.status} onChange={(v) => update({ status: v })} options={APARTMENT_STATUSES.map((s) => ({ value: s, label: APARTMENT_STATUS_ZH[s] }))} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={5}>
              <Form.Item label="面积（㎡）" style={{ marginBottom: 12 }}>
                <Space.Compact style={{ width: '100%' }}>
                  <InputNumber aria-label="最小面积" min={0} max={9999} placeholder="不限" value={filter.minArea} onChange={(v) => update({ minArea: v ?? undefined })} style={{ width: '50%' }} />
                  <InputNumber aria-label="最大面积" min={0} max={9999} placeholder="不限" value={filter.maxArea} onChange={(v) => update({ maxArea: v ?? undefined })} style={{ width: '50%' }} />
                </Space.Compact>
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={4}>
              <Form.Item label="房号" htmlFor="a-q" style={{ marginBottom: 12 }}>
                <Input.Search id="a-q" allowClear placeholder="房号、楼栋或小区" value={q} onChange={(e) => setQ(e.target.value)} onSearch={(v) => update({ q: v.trim() || undefined })} />
              </Form.Item>
            </Col>
          </Row>
        </Form>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Table<Flat>
          data-testid="apartments-table"
          rowKey="id"
          size="middle"
          loading={loading}
          columns={columns}
          dataSource={data?.items ?? []}
          onRow={(f) => ({ onDoubleClick: () => setOpen(f.id) })}
          pagination={{
            current: filter.page,
            pageSize: PAGE_SIZE,
            total: data?.total ?? 0,
            showSizeChanger: false,
            size: 'small',
            showTotal: (n) => `共 ${n} 套`,
            onChange: (page) => setParams(paramsFrom({ ...filter, page })),
          }}
          locale={{ emptyText: '没有符合条件的房源' }}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          状态随合同变化：签订购买合同为“已售”，租赁或免费租住为“已出租”，终止合同后恢复“空置”；“已预留”由按规则分配产生。
        </Typography.Text>
      </Card>
      {creating && (
        <FlatFormModal
          flat={null}
          estates={estateNames}
          onCancel={() => setCreating(false)}
          onSaved={(f) => {
            setCreating(false);
            reloadAll();
            setOpen(f.id);
          }}
        />
      )}
      <ImportWizard
        open={importing}
        onClose={() => setImporting(false)}
        subject="人才公寓房源（导入的房源均为空置）"
        uploadPath="/api/apartments/import"
        downloadTemplate={() => api.download('/api/apartments/template', undefined, '人才公寓房源导入模板.xlsx')}
        templateLabel="下载导入模板"
        onImported={reloadAll}
      />
      <FlatDrawer flatId={open} estates={estateNames} onClose={() => setOpen(null)} onChanged={reloadAll} />
    </Flex>
  );
}
