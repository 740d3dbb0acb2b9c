import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Checkbox, Col, Flex, Form, InputNumber, Row, Select, Space, Statistic, Table, Tag, Typography, type TableProps } from 'antd';
import { ArrowLeftOutlined, DownloadOutlined } from '@ant-design/icons';
import { PAIRING_KIND_ZH, PAIRING_KINDS, type PairingKind, type PairingListItem, type SilentPairingsPage as Page } from '../../../shared/pairings';
import { api } from '../../api';
import { errorText } from '../../components/applyServerErrors';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import { DEFAULT_SILENCE_DAYS, KIND_COLOR } from './display';

const PAGE_SIZE = 20;

interface Filter {
  days: number;
  kind?: PairingKind;
  orgUnitId?: number;
  actionable?: boolean;
  page: number;
}

function filterFrom(p: URLSearchParams): Filter {
  const days = Number(p.get('days'));
  return {
    days: Number.isInteger(days) && days >= 1 ? days : DEFAULT_SILENCE_DAYS,
    kind: (p.get('kind') as PairingKind) || undefined,
    orgUnitId: Number(p.get('org')) || undefined,
    actionable: p.get('mine') === '1' || undefined,
    page: Math.max(1, Number(p.get('page')) || 1),
  };
}

function paramsFrom(f: Filter): URLSearchParams {
  const p = new URLSearchParams();
  if (f.days !== DEFAULT_SILENCE_DAYS) p.set('days', String(f.days));
  if (f.kind) p.set('kind', f.kind);
  if (f.orgUnitId) p.set('org', String(f.orgUnitId));
  if (f.actionable) p.set('mine', '1');
  if (f.page > 1) p.set('page', String(f.page));
  return p;
}

const queryOf = (f: Filter) => ({ days: f.days, kind: f.kind, orgUnitId: f.orgUnitId, actionable: f.actionable ? 'true' : undefined });

/**
 * 沉默结对: running pairings with no contact logged for N days (90 by default) or never since they
 * started that long ago, longest silence first — a work list for the units that answer for them.
 */
export default function SilentPairingsPage() {
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterFrom(params), [params]);
  const [data, setData] = useState<Page | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await api.get<Page>('/api/pairings/silent', { ...queryOf(filter), page: filter.page, pageSize: PAGE_SIZE }));
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

  const exportXlsx = async () => {
    setExporting(true);
    try {
      await api.download('/api/pairings/silent/export', queryOf(filter), '沉默结对.xlsx', 'POST');
      message.success('已开始下载');
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setExporting(false);
    }
  };

  const columns: TableProps<PairingListItem>['columns'] = [
    {
      title: '结对',
      dataIndex: 'title',
      render: (title: string, p) => (
        <>
          <Link to={`/pairings/${p.id}`}>{title}</Link>
          <div style={{ fontSize: 12, color: '#888' }}>{p.partiesText}</div>
          <div style={{ fontSize: 12, color: '#999' }}>
            <Tag color={KIND_COLOR[p.kind]} style={{ fontSize: 11 }}>
              {p.kindName}
            </Tag>
            {p.ownerUnitName}
            {!p.canEdit && <span style={{ marginInlineStart: 4 }}>（只读）</span>}
          </div>
        </>
      ),
    },
    { title: '开始日期', dataIndex: 'startDate', width: 110, responsive: ['md'] },
    { title: '最近联系', dataIndex: 'lastContactOn', width: 110, responsive: ['sm'], render: (d: string | null) => d ?? <Typography.Text type="secondary">从未联系</Typography.Text> },
    {
      title: '沉默天数',
      dataIndex: 'silentDays',
      width: 110,
      render: (n: number, p) => (
        <>
          <Tag color="error" style={{ marginInlineEnd: 0 }}>
            {n} 天
          </Tag>
          {p.canEdit && (
            <div>
              <Link to={`/pairings/${p.id}#contact`}>去记录联系</Link>
            </div>
          )}
        </>
      ),
    },
  ];

  return (
    <Flex vertical gap={12}>
      <Flex align="center" gap={8} wrap>
        <Link to="/pairings">
          <ArrowLeftOutlined /> 结对联系
        </Link>
        <Typography.Title level={4} style={{ margin: 0 }}>
          沉默结对
        </Typography.Title>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        进行中的结对，最近一次联系（从未联系的从开始日期算起）距今达到所设天数即列入，按沉默天数从长到短排列。登记一次联系即移出。
      </Typography.Paragraph>
      <Row gutter={[8, 8]}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={`沉默 ${filter.days} 天以上`} value={data?.total ?? 0} suffix="个" loading={!data} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title="其中本级负责、可登记联系" value={data?.actionable ?? 0} suffix="个" loading={!data} styles={{ content: { color: data?.actionable ? '#cf1322' : undefined } }} />
          </Card>
        </Col>
      </Row>
      <Card
        size="small"
        title="沉默结对清单"
        extra={
          <Space wrap>
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
              <Form.Item label="沉默天数 ≥" htmlFor="s-days" style={{ marginBottom: 12 }}>
                <InputNumber id="s-days" min={1} max={3650} precision={0} value={filter.days} onChange={(v) => v && update({ days: v })} style={{ width: '100%' }} suffix="天" />
              </Form.Item>
            </Col>
            <Col xs={12} lg={5}>
              <Form.Item label="类型" htmlFor="s-kind" style={{ marginBottom: 12 }}>
                <Select id="s-kind" allowClear placeholder="全部" value={filter.kind} onChange={(v) => update({ kind: v })} options={PAIRING_KINDS.map((k) => ({ value: k, label: PAIRING_KIND_ZH[k] }))} />
              </Form.Item>
            </Col>
            <Col xs={24} lg={7}>
              <Form.Item label="单位" htmlFor="s-org" style={{ marginBottom: 12 }} tooltip="该单位及下级负责或参与的结对">
                <OrgUnitPicker id="s-org" value={filter.orgUnitId} onChange={(id) => update({ orgUnitId: id })} placeholder="全部" style={{ width: '100%', minWidth: 0 }} />
              </Form.Item>
            </Col>
            <Col xs={24} lg={8}>
              <Form.Item label=" " style={{ marginBottom: 12 }}>
                <Checkbox checked={!!filter.actionable} onChange={(e) => update({ actionable: e.target.checked || undefined })}>
                  只看本级负责的
                </Checkbox>
              </Form.Item>
            </Col>
          </Row>
        </Form>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Table<PairingListItem>
          data-testid="silent-table"
          rowKey="id"
          size="middle"
          loading={loading}
          columns={columns}
          dataSource={data?.items ?? []}
          pagination={{
            current: filter.page,
            pageSize: PAGE_SIZE,
            total: data?.total ?? 0,
            showSizeChanger: false,
            size: 'small',
            showTotal: (n) => `共 ${n} 个`,
            onChange: (page) => setParams(paramsFrom({ ...filter, page })),
          }}
          locale={{ emptyText: `没有沉默 ${filter.days} 天以上的结对` }}
        />
      </Card>
    </Flex>
  );
}
