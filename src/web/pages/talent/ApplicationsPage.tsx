import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Checkbox, Flex, Input, Select, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { api } from '../../api';
import { errorText } from '../../components/applyServerErrors';
import { useApi } from '../indicators/useApi';
import { APPLICATION_STATUSES, APPLICATION_STATUS_ZH, REVIEW_STEPS, REVIEW_STEP_ZH, TIER_ZH, type ApplicationStatus, type ReviewStep } from '../../../shared/talent';
import { TalentNav } from './TalentNav';
import { STATUS_COLOR, fmtDate, fmtYuan, type Programme, type QueueRow } from './types';

const PAGE_SIZE = 20;

/**
 * 人才申请审核: every submitted application in the reviewer's subtree, the ones waiting for the
 * reader's own decision first (the employer's step for employers, the office's and committee's
 * for the talent office), filtered by programme, status and step; exported as .xlsx with
 * personal data masked.
 */
export default function ApplicationsPage() {
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(
    () => ({
      programmeId: Number(params.get('programme')) || undefined,
      status: (params.get('status') as ApplicationStatus) || undefined,
      step: (params.get('step') as ReviewStep) || undefined,
      actionable: params.get('mine') === '1' ? 'true' : undefined,
      q: params.get('q') || undefined,
    }),
    [params],
  );
  const page = Math.max(1, Number(params.get('page')) || 1);
  const programmes = useApi<Programme[]>('programmes', () => api.get<Programme[]>('/api/talent/programmes'));
  const list = useApi<{ items: QueueRow[]; total: number }>(JSON.stringify({ ...filter, page }), () => api.get('/api/talent/applications', { ...filter, page, pageSize: PAGE_SIZE }));
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

  const exportXlsx = async () => {
    setExporting(true);
    try {
      await api.download('/api/talent/applications/export', filter, '人才申请.xlsx', 'POST');
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setExporting(false);
    }
  };

  const columns: TableProps<QueueRow>['columns'] = [
    {
      title: '申请编号',
      dataIndex: 'no',
      width: 150,
      render: (no: string, a) => (
        <Link to={`/talent/applications/${a.id}`} style={{ whiteSpace: 'nowrap' }}>
          {no}
        </Link>
      ),
    },
    {
      title: '申请人',
      dataIndex: 'personName',
      width: 120,
      render: (name: string, a) => (
        <div style={{ whiteSpace: 'nowrap' }}>
          <div>{name}</div>
          {a.phoneMasked && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{a.phoneMasked}</Typography.Text>}
        </div>
      ),
    },
    { title: '政策', dataIndex: 'programmeName', responsive: ['md'] },
    { title: '用人单位', dataIndex: 'employerName', responsive: ['lg'], render: (v: string | null) => v ?? '—' },
    { title: '层次', dataIndex: 'tier', width: 70, render: (t: QueueRow['tier']) => (t ? <span title={TIER_ZH[t]}>{t}类</span> : '—') },
    {
      title: '状态',
      key: 'status',
      render: (_: unknown, a) => (
        <Space size={4} wrap>
          <Tag color={STATUS_COLOR[a.status]}>{a.pendingStepName ? `待${a.pendingStepName}` : a.statusName}</Tag>
          {a.actionable && <Tag color="red">待我审核</Tag>}
        </Space>
      ),
    },
    { title: '提交日期', dataIndex: 'submittedAt', width: 110, responsive: ['md'], render: fmtDate },
    {
      title: '核定 / 已发放',
      key: 'amount',
      responsive: ['lg'],
      render: (_: unknown, a) => (a.grantedAmount != null ? `${fmtYuan(a.grantedAmount)} / ${fmtYuan(a.paidAmount)}` : '—'),
    },
  ];

  return (
    <Flex vertical gap={12}>
      <TalentNav />
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          人才申请审核
        </Typography.Title>
        <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportXlsx}>
          导出 Excel
        </Button>
      </Flex>
      <Flex wrap gap={8} align="center">
        <Select
          allowClear
          placeholder="全部政策"
          aria-label="政策"
          style={{ minWidth: 200 }}
          value={filter.programmeId}
          onChange={(v) => update({ programme: v ? String(v) : undefined })}
          options={(programmes.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
        />
        <Select
          allowClear
          placeholder="全部状态"
          aria-label="状态"
          style={{ width: 130 }}
          value={filter.status}
          onChange={(v) => update({ status: v })}
          options={APPLICATION_STATUSES.filter((s) => s !== 'draft').map((s) => ({ value: s, label: APPLICATION_STATUS_ZH[s] }))}
        />
        <Select
          allowClear
          placeholder="全部环节"
          aria-label="审核环节"
          style={{ width: 160 }}
          value={filter.step}
          onChange={(v) => update({ step: v })}
          options={REVIEW_STEPS.map((s) => ({ value: s, label: REVIEW_STEP_ZH[s] }))}
        />
        <Checkbox checked={filter.actionable === 'true'} onChange={(e) => update({ mine: e.target.checked ? '1' : undefined })}>
          只看待我审核
        </Checkbox>
        <Input.Search allowClear placeholder="姓名或申请编号" style={{ width: 200 }} defaultValue={filter.q} onSearch={(v) => update({ q: v || undefined })} />
      </Flex>
      {list.error && <Alert type="error" showIcon title={list.error} />}
      <Table
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        scroll={{ x: 960 }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, showSizeChanger: false, showTotal: (n) => `共 ${n} 份`, onChange: (p) => update({ page: String(p) }) }}
      />
    </Flex>
  );
}
