import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Flex, Form, Row, Select, Table, Tag, type TableProps } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { CONTRACT_KINDS, CONTRACT_KIND_ZH, type ContractKind } from '../../../shared/talent';
import { api } from '../../api';
import { errorText } from '../../components/applyServerErrors';
import { useApi } from '../indicators/useApi';
import { TerminateModal } from './ApartmentsModals';
import { ApartmentsNav, CONTRACT_STATE_COLOR, type Contract, type Estate } from './ApartmentsShared';

const PAGE_SIZE = 20;

interface Filter {
  kind?: ContractKind;
  year?: number;
  state?: 'live' | 'terminated';
  estate?: string;
  page: number;
}

/** 合同: every sale, rent and free-rent contract of the flats in the account's area, by year signed. */
export default function ApartmentsContractsPage() {
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const filter = useMemo<Filter>(
    () => ({
      kind: (params.get('kind') as ContractKind) || undefined,
      year: Number(params.get('year')) || undefined,
      state: (params.get('state') as Filter['state']) || undefined,
      estate: params.get('estate') || undefined,
      page: Math.max(1, Number(params.get('page')) || 1),
    }),
    [params],
  );
  const [data, setData] = useState<{ items: Contract[]; total: number } | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [ending, setEnding] = useState<Contract | null>(null);
  const [exporting, setExporting] = useState(false);
  const estates = useApi<Estate[]>('estates', () => api.get<Estate[]>('/api/apartments/estates'));
  const query = { kind: filter.kind, year: filter.year, state: filter.state, estate: filter.estate };

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await api.get('/api/apartment-contracts', { kind: filter.kind, year: filter.year, state: filter.state, estate: filter.estate, page: filter.page, pageSize: PAGE_SIZE }));
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

  const update = (patch: Partial<Filter>) => {
    const next = { ...filter, page: 1, ...patch };
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(next)) if (v != null && v !== '' && !(k === 'page' && v === 1)) p.set(k, String(v));
    setParams(p);
  };
  const exportXlsx = async () => {
    setExporting(true);
    try {
      await api.download('/api/apartment-contracts/export', query, '人才公寓合同.xlsx', 'POST');
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setExporting(false);
    }
  };

  const thisYear = new Date().getFullYear();
  const columns: TableProps<Contract>['columns'] = [
    { title: '房源', dataIndex: 'flatLabel', render: (l: string, c) => (<>{l}<div style={{ fontSize: 12, color: '#999' }}>{c.area} ㎡</div></>) },
    { title: '类型', dataIndex: 'kindName', width: 90 },
    { title: '合同人', dataIndex: 'personName', render: (n: string, c) => (<>{n}<div style={{ fontSize: 12, color: '#999' }}>{c.personUnitName}</div></>) },
    { title: '签订日期', dataIndex: 'signedOn', width: 110, responsive: ['sm'] },
    { title: '期限', key: 'dates', responsive: ['md'], render: (_, c) => `${c.startDate} 至 ${c.endDate ?? '长期'}` },
    { title: '状态', dataIndex: 'stateName', width: 130, render: (s: string, c) => <Tag color={CONTRACT_STATE_COLOR[c.state]}>{c.terminatedOn ? `${s}（${c.terminatedOn}）` : s}</Tag> },
    {
      title: '',
      key: 'end',
      width: 80,
      render: (_, c) =>
        !c.terminatedOn && (
          <Button size="small" danger onClick={() => setEnding(c)}>
            终止
          </Button>
        ),
    },
  ];

  return (
    <Flex vertical gap={12}>
      <ApartmentsNav />
      <Card
        size="small"
        title={`合同${data ? `（共 ${data.total} 份）` : ''}`}
        extra={
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportXlsx()}>
            导出
          </Button>
        }
      >
        <Form layout="vertical" component="div">
          <Row gutter={[12, 0]}>
            <Col xs={12} md={6}>
              <Form.Item label="合同类型" htmlFor="c-kind" style={{ marginBottom: 12 }}>
                <Select id="c-kind" allowClear placeholder="全部" value={filter.kind} onChange={(v) => update({ kind: v })} options={CONTRACT_KINDS.map((k) => ({ value: k, label: CONTRACT_KIND_ZH[k] }))} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item label="签订年度" htmlFor="c-year" style={{ marginBottom: 12 }}>
                <Select id="c-year" allowClear placeholder="全部" value={filter.year} onChange={(v) => update({ year: v })} options={Array.from({ length: thisYear - 2019 }, (_, i) => ({ value: thisYear - i, label: `${thisYear - i}年` }))} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item label="履行状态" htmlFor="c-state" style={{ marginBottom: 12 }}>
                <Select id="c-state" allowClear placeholder="全部" value={filter.state} onChange={(v) => update({ state: v })} options={[{ value: 'live', label: '履行中' }, { value: 'terminated', label: '已终止' }]} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item label="小区（项目）" htmlFor="c-estate" style={{ marginBottom: 12 }}>
                <Select id="c-estate" allowClear showSearch placeholder="全部" value={filter.estate} onChange={(v) => update({ estate: v })} options={(estates.data ?? []).map((e) => ({ value: e.estate, label: e.estate }))} />
              </Form.Item>
            </Col>
          </Row>
        </Form>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Table<Contract>
          rowKey="id"
          size="middle"
          loading={loading}
          columns={columns}
          dataSource={data?.items ?? []}
          pagination={{ current: filter.page, pageSize: PAGE_SIZE, total: data?.total ?? 0, showSizeChanger: false, size: 'small', showTotal: (n) => `共 ${n} 份`, onChange: (page) => update({ page }) }}
          locale={{ emptyText: '没有符合条件的合同' }}
        />
      </Card>
      {ending && (
        <TerminateModal
          contract={ending}
          label={ending.flatLabel ?? ''}
          onCancel={() => setEnding(null)}
          onSaved={() => {
            setEnding(null);
            void load();
          }}
        />
      )}
    </Flex>
  );
}
