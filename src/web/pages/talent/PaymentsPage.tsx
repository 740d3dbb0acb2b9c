import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Flex, InputNumber, Segmented, Select, Space, Statistic, Table, Tag, Typography, type TableProps } from 'antd';
import { DownloadOutlined, PlusOutlined, RollbackOutlined } from '@ant-design/icons';
import { api } from '../../api';
import { errorText } from '../../components/applyServerErrors';
import { useApi } from '../indicators/useApi';
import { DateInput } from '../ledger/DateInput';
import { PAYMENT_PERIOD_TYPES, PAYMENT_PERIOD_ZH, type PaymentPeriodType } from '../../../shared/talent';
import { PaymentModal, ReverseModal } from './PaymentModals';
import { TalentNav } from './TalentNav';
import { fmtYuan, type PaymentRow, type Programme } from './types';

const PAGE_SIZE = 50;

interface Totals {
  year: number;
  periodType: PaymentPeriodType;
  rows: { programmeId: number; programmeName: string; period: string; periodLabel: string; amount: number; amountWan: number; payments: number }[];
  total: number;
}

/**
 * 补助发放台账: every payment of an approved subsidy with its voucher, reversals as negative rows
 * naming the payment they cancel; totals per programme by month, quarter, half-year or year —
 * the figures 人才购房补助发放额 counts ("半年发放人才购房补助1.2亿元").
 */
export default function PaymentsPage() {
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => ({ programmeId: Number(params.get('programme')) || undefined, from: params.get('from') || undefined, to: params.get('to') || undefined }), [params]);
  const page = Math.max(1, Number(params.get('page')) || 1);
  // Without a chosen year, the totals show the year of the latest payment (the demo county's is 2022).
  const latest = useApi<{ items: PaymentRow[] }>('latest-payment', () => api.get('/api/talent/payments', { pageSize: 1 }));
  const year = Number(params.get('year')) || Number(latest.data?.items[0]?.paidOn.slice(0, 4)) || new Date().getFullYear();
  const periodType = (params.get('by') as PaymentPeriodType) || 'quarter';
  const programmes = useApi<Programme[]>('programmes', () => api.get<Programme[]>('/api/talent/programmes'));
  const list = useApi<{ items: PaymentRow[]; total: number; net: number }>(JSON.stringify({ ...filter, page }), () => api.get('/api/talent/payments', { ...filter, page, pageSize: PAGE_SIZE }));
  const totals = useApi<Totals>(`${year}:${periodType}:${filter.programmeId ?? ''}`, () => api.get<Totals>('/api/talent/payments/totals', { year, periodType, programmeId: filter.programmeId }));
  const [paying, setPaying] = useState(false);
  const [reversing, setReversing] = useState<PaymentRow | null>(null);
  const [exporting, setExporting] = useState(false);

  const update = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next);
  };
  const reload = () => {
    list.reload();
    totals.reload();
    latest.reload();
  };
  const exportXlsx = async () => {
    setExporting(true);
    try {
      await api.download('/api/talent/payments/export', filter, '人才补助发放台账.xlsx', 'POST');
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setExporting(false);
    }
  };

  const columns: TableProps<PaymentRow>['columns'] = [
    { title: '流水号', dataIndex: 'id', width: 80 },
    { title: '发放日期', dataIndex: 'paidOn', width: 110 },
    {
      title: '申请',
      key: 'app',
      width: 150,
      render: (_: unknown, p) => (
        <Link to={`/talent/applications/${p.applicationId}`} style={{ whiteSpace: 'nowrap' }}>
          {p.applicationNo}
        </Link>
      ),
    },
    { title: '申请人', dataIndex: 'personName', width: 90, render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{v}</span> },
    { title: '用人单位', dataIndex: 'employerName', responsive: ['lg'], render: (v: string | null) => v ?? '—' },
    { title: '政策', dataIndex: 'programmeName', responsive: ['xl'] },
    {
      title: '金额',
      dataIndex: 'amount',
      align: 'right',
      render: (v: number) => <span style={{ color: v < 0 ? '#c8102e' : undefined, whiteSpace: 'nowrap' }}>{v.toLocaleString('zh-CN', { minimumFractionDigits: 2 })}元</span>,
    },
    { title: '凭证号', dataIndex: 'reference', responsive: ['md'], render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{v}</span> },
    {
      title: '说明',
      key: 'note',
      width: 200,
      render: (_: unknown, p) => (
        <Space size={4} wrap>
          {p.reversesId && <Tag color="red">冲销流水 {p.reversesId}</Tag>}
          {p.reversedById && <Tag>已由流水 {p.reversedById} 冲销</Tag>}
          {p.note}
        </Space>
      ),
    },
    {
      title: '操作',
      key: 'op',
      width: 80,
      render: (_: unknown, p) =>
        !p.reversesId && !p.reversedById ? (
          <Button type="link" size="small" danger icon={<RollbackOutlined />} onClick={() => setReversing(p)} aria-label={`冲销流水 ${p.id}`}>
            冲销
          </Button>
        ) : null,
    },
  ];

  return (
    <Flex vertical gap={12}>
      <TalentNav />
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          补助发放台账
        </Typography.Title>
        <Space wrap>
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportXlsx}>
            导出 Excel
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setPaying(true)}>
            登记发放
          </Button>
        </Space>
      </Flex>
      <Card
        size="small"
        title="发放合计"
        extra={
          <Space wrap>
            <InputNumber aria-label="年度" min={2000} max={2100} value={year} onChange={(v) => v && update({ year: String(v) })} style={{ width: 100 }} suffix="年" />
            <Segmented value={periodType} onChange={(v) => update({ by: v as string })} options={PAYMENT_PERIOD_TYPES.map((t) => ({ value: t, label: PAYMENT_PERIOD_ZH[t] }))} />
          </Space>
        }
      >
        {totals.error && <Alert type="error" showIcon title={totals.error} />}
        <Flex gap={24} wrap align="start">
          <Statistic title={`${year}年合计（扣除冲销）`} value={(totals.data?.total ?? 0) / 10_000} precision={2} suffix="万元" data-testid="payments-year-total" />
          <Table
            style={{ flex: 1, minWidth: 320 }}
            rowKey={(r) => `${r.programmeId}:${r.period}`}
            size="small"
            pagination={false}
            loading={totals.loading}
            dataSource={totals.data?.rows ?? []}
            locale={{ emptyText: '该年度没有发放记录' }}
            columns={[
              { title: '期间', dataIndex: 'periodLabel' },
              { title: '政策', dataIndex: 'programmeName' },
              { title: '笔数', dataIndex: 'payments', align: 'right' },
              { title: '金额（万元）', dataIndex: 'amountWan', align: 'right', render: (v: number) => v.toLocaleString('zh-CN', { minimumFractionDigits: 2 }) },
            ]}
          />
        </Flex>
      </Card>
      <Flex wrap gap={8} align="center">
        <Select
          allowClear
          placeholder="全部政策"
          aria-label="政策"
          style={{ minWidth: 200 }}
          value={filter.programmeId}
          onChange={(v) => update({ programme: v ? String(v) : undefined })}
          options={(programmes.data ?? []).filter((p) => p.kind !== 'apartment').map((p) => ({ value: p.id, label: p.name }))}
        />
        <DateInput aria-label="开始日期" placeholder="开始日期" value={filter.from} onChange={(v) => update({ from: v ?? undefined })} allowClear style={{ width: 150 }} />
        <DateInput aria-label="结束日期" placeholder="结束日期" value={filter.to} onChange={(v) => update({ to: v ?? undefined })} allowClear style={{ width: 150 }} />
        {list.data && (
          <Typography.Text type="secondary">
            共 {list.data.total} 笔，合计 {fmtYuan(list.data.net)}
          </Typography.Text>
        )}
      </Flex>
      {list.error && <Alert type="error" showIcon title={list.error} />}
      <Table
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        scroll={{ x: 1200 }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, showSizeChanger: false, onChange: (p) => update({ page: String(p) }) }}
        data-testid="payments-table"
      />
      {paying && (
        <PaymentModal
          onClose={() => setPaying(false)}
          onSaved={() => {
            setPaying(false);
            reload();
          }}
        />
      )}
      {reversing && (
        <ReverseModal
          payment={reversing}
          onClose={() => setReversing(null)}
          onSaved={() => {
            setReversing(null);
            reload();
          }}
        />
      )}
    </Flex>
  );
}
