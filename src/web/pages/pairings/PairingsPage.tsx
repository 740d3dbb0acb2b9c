import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Flex, Form, Input, Row, Select, Space, Table, Tabs, Tag, Typography, type TableProps } from 'antd';
import { DownloadOutlined, PlusOutlined, SoundOutlined } from '@ant-design/icons';
import { PAIRING_KIND_ZH, PAIRING_KINDS, PAIRING_STATUS_ZH, PAIRING_STATUSES, type PairingKind, type PairingListItem, type PairingListPage, type PairingStatus, type SilentPairingsPage } from '../../../shared/pairings';
import { api } from '../../api';
import { useAuth } from '../../auth';
import { errorText } from '../../components/applyServerErrors';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import { useApi } from '../indicators/useApi';
import { DEFAULT_SILENCE_DAYS, KIND_COLOR, STATUS_COLOR } from './display';
import { PairingFormModal } from './PairingFormModal';

const PAGE_SIZE = 20;

interface Filter {
  kind?: PairingKind;
  status?: PairingStatus;
  orgUnitId?: number;
  q?: string;
  page: number;
}

function filterFrom(p: URLSearchParams): Filter {
  return {
    kind: (p.get('kind') as PairingKind) || undefined,
    // Running pairings first: the ones people work with. "all" shows every status.
    status: p.get('status') === 'all' ? undefined : ((p.get('status') as PairingStatus) || 'active'),
    orgUnitId: Number(p.get('org')) || undefined,
    q: p.get('q') || undefined,
    page: Math.max(1, Number(p.get('page')) || 1),
  };
}

function paramsFrom(f: Filter): URLSearchParams {
  const p = new URLSearchParams();
  if (f.kind) p.set('kind', f.kind);
  p.set('status', f.status ?? 'all');
  if (f.orgUnitId) p.set('org', String(f.orgUnitId));
  if (f.q) p.set('q', f.q);
  if (f.page > 1) p.set('page', String(f.page));
  return p;
}

const queryOf = (f: Filter) => ({ kind: f.kind, status: f.status, orgUnitId: f.orgUnitId, q: f.q });

/** "沉默 123 天" in red, or the days since the last contact in grey. */
export function SilenceTag({ item }: { item: Pick<PairingListItem, 'silentDays' | 'lastContactOn'> }) {
  if (item.silentDays == null) return null;
  if (item.silentDays >= DEFAULT_SILENCE_DAYS)
    return (
      <Tag color="error" data-testid="silent-tag" style={{ marginInlineEnd: 0 }}>
        沉默 {item.silentDays} 天
      </Tag>
    );
  return <span style={{ fontSize: 12, color: '#999' }}>{item.lastContactOn ? `${item.silentDays} 天前联系` : `开始 ${item.silentDays} 天，尚未联系`}</span>;
}

/**
 * 结对联系: leaders with young entrepreneurs, 党建联建 and the 共同富裕党建示范带 — by kind, with the
 * last contact of each and a counter of the silent ones this account's units answer for.
 */
export default function PairingsPage() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterFrom(params), [params]);
  const [data, setData] = useState<PairingListPage | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [exporting, setExporting] = useState(false);
  const silent = useApi<SilentPairingsPage>('silent-count', () => api.get<SilentPairingsPage>('/api/pairings/silent', { pageSize: 1, actionable: 'true' }));

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await api.get<PairingListPage>('/api/pairings', { ...queryOf(filter), page: filter.page, pageSize: PAGE_SIZE }));
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
      await api.download('/api/pairings/export', queryOf(filter), '结对联系.xlsx', 'POST');
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
          {/* Phones show only this column and the status: the kind and owner ride along here. */}
          <div className="pairing-phone-meta" style={{ fontSize: 12, color: '#999' }}>
            <Tag color={KIND_COLOR[p.kind]} style={{ fontSize: 11 }}>
              {p.kindName}
            </Tag>
            {p.ownerUnitName}
          </div>
        </>
      ),
    },
    { title: '类型', dataIndex: 'kindName', width: 150, responsive: ['md'], render: (k: string, p) => <Tag color={KIND_COLOR[p.kind]}>{k}</Tag> },
    { title: '负责单位', dataIndex: 'ownerUnitName', width: 160, responsive: ['lg'] },
    { title: '期限', key: 'period', width: 200, responsive: ['lg'], render: (_, p) => <span style={{ fontSize: 13 }}>{`${p.startDate} 至 ${p.lastDay ?? '长期'}`}</span> },
    {
      title: '最近联系',
      dataIndex: 'lastContactOn',
      width: 150,
      responsive: ['sm'],
      render: (d: string | null, p) => (
        <>
          <div>{d ?? '从未联系'}</div>
          <SilenceTag item={p} />
        </>
      ),
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 90,
      render: (s: PairingStatus, p) => (
        <Flex vertical gap={2} align="start">
          <Tag color={STATUS_COLOR[s]}>{p.statusName}</Tag>
          <span className="pairing-phone-meta">
            <SilenceTag item={p} />
          </span>
        </Flex>
      ),
    },
  ];

  const actionable = silent.data?.actionable;
  return (
    <Flex vertical gap={12}>
      <style>{`@media (min-width: 576px) { .pairing-phone-meta { display: none; } }`}</style>
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          结对联系
        </Typography.Title>
        <Space wrap>
          {can('write:ledger') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              新建结对
            </Button>
          )}
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportXlsx()}>
            导出
          </Button>
        </Space>
      </Flex>
      <Alert
        type={actionable ? 'warning' : 'success'}
        showIcon
        icon={<SoundOutlined />}
        data-testid="silent-counter"
        title={
          actionable == null ? (
            '正在统计沉默结对…'
          ) : actionable ? (
            <>
              本级负责的结对中有 <b data-testid="silent-count">{actionable}</b> 个已 {DEFAULT_SILENCE_DAYS} 天以上没有联系记录
            </>
          ) : (
            `本级负责的结对中没有 ${DEFAULT_SILENCE_DAYS} 天以上未联系的`
          )
        }
        action={
          <Button size="small" onClick={() => navigate('/pairings/silent')}>
            查看沉默结对
          </Button>
        }
      />
      <Card
        size="small"
        title={
          <Tabs
            activeKey={filter.kind ?? 'all'}
            onChange={(k) => update({ kind: k === 'all' ? undefined : (k as PairingKind) })}
            items={[{ key: 'all', label: '全部' }, ...PAIRING_KINDS.map((k) => ({ key: k, label: PAIRING_KIND_ZH[k] }))]}
            size="small"
            style={{ marginBottom: -12 }}
          />
        }
        styles={{ header: { flexWrap: 'wrap', gap: 8, paddingBlock: 4 } }}
      >
        <Form layout="vertical" component="div">
          <Row gutter={[12, 0]}>
            <Col xs={12} lg={5}>
              <Form.Item label="状态" htmlFor="p-status" style={{ marginBottom: 12 }}>
                <Select
                  id="p-status"
                  value={filter.status ?? 'all'}
                  onChange={(v) => update({ status: v === 'all' ? undefined : (v as PairingStatus) })}
                  options={[...PAIRING_STATUSES.map((s) => ({ value: s, label: PAIRING_STATUS_ZH[s] })), { value: 'all', label: '全部' }]}
                />
              </Form.Item>
            </Col>
            <Col xs={12} lg={7}>
              <Form.Item label="单位" htmlFor="p-org" style={{ marginBottom: 12 }} tooltip="该单位及下级负责或参与的结对">
                <OrgUnitPicker id="p-org" value={filter.orgUnitId} onChange={(id) => update({ orgUnitId: id })} placeholder="全部" style={{ width: '100%', minWidth: 0 }} />
              </Form.Item>
            </Col>
            <Col xs={24} lg={8}>
              <Form.Item label="关键词" htmlFor="p-q" style={{ marginBottom: 12 }}>
                <Input.Search id="p-q" allowClear defaultValue={filter.q} placeholder="名称或目的中的文字" onSearch={(q) => update({ q: q.trim() || undefined })} />
              </Form.Item>
            </Col>
          </Row>
        </Form>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Table<PairingListItem>
          data-testid="pairings-table"
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
          locale={{ emptyText: '没有符合条件的结对' }}
        />
      </Card>
      {creating && (
        <PairingFormModal
          onCancel={() => setCreating(false)}
          onSaved={(p) => {
            setCreating(false);
            navigate(`/pairings/${p.id}`);
          }}
        />
      )}
    </Flex>
  );
}
