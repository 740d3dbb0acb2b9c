import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Card, Flex, Form, Table, Typography } from 'antd';
import { DUE_SOON_DAYS, OPEN_CASE_STATUSES } from '../../../shared/ledger';
import { api } from '../../api';
import { errorText } from '../../components/applyServerErrors';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import { LedgerNav } from './LedgerNav';
import { ledgerListLink } from './ledgerQuery';
import type { OverdueResult } from './types';

type Row = OverdueResult['items'][number];

/**
 * 事项超期: open cases per handling unit under a unit — how many, how many past their deadline,
 * how many due within DUE_SOON_DAYS, and the oldest missed deadline. A row opens that unit's
 * overdue cases; each figure opens its own list.
 */
export default function OverduePage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const unitId = Number(params.get('unitId')) || undefined;
  const [data, setData] = useState<OverdueResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    api
      .get<OverdueResult>('/api/cases/overdue', { unitId })
      .then((d) => {
        if (cancelled) return;
        setData(d);
        setError(null);
      })
      .catch((err) => !cancelled && setError(errorText(err)))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [unitId]);

  const link = (r: Row, f: 'overdue' | 'due_soon' | 'open') =>
    ledgerListLink('case', f === 'open' ? { unitId: r.unitId, side: 'handler', status: [...OPEN_CASE_STATUSES] } : { unitId: r.unitId, side: 'handler', flag: f });
  const count = (r: Row, f: 'overdue' | 'due_soon' | 'open', n: number, color?: string) =>
    n > 0 ? (
      <Link to={link(r, f)} onClick={(e) => e.stopPropagation()} style={{ color, fontWeight: color ? 600 : undefined }}>
        {n}
      </Link>
    ) : (
      <span style={{ color: '#bbb' }}>0</span>
    );

  const totals = (data?.items ?? []).reduce((s, r) => ({ open: s.open + r.open, overdue: s.overdue + r.overdue, dueSoon: s.dueSoon + r.dueSoon }), { open: 0, overdue: 0, dueSoon: 0 });

  return (
    <Flex vertical gap={12}>
      <LedgerNav />
      <Card size="small" title="事项超期情况" extra={data && <Typography.Text type="secondary">截至 {data.today}</Typography.Text>}>
        <Form layout="inline" component="div" style={{ marginBottom: 12, rowGap: 8 }}>
          <Form.Item label="范围" htmlFor="overdue-unit">
            <OrgUnitPicker
              id="overdue-unit"
              value={unitId}
              placeholder="本人管辖范围"
              onChange={(id) => setParams(id ? new URLSearchParams({ unitId: String(id) }) : new URLSearchParams())}
              style={{ width: 240 }}
            />
          </Form.Item>
        </Form>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        {data && (
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {data.unit.name}范围内在办事项 {totals.open} 件，其中已超期 <span style={{ color: '#cf1322', fontWeight: 600 }}>{totals.overdue}</span> 件，{DUE_SOON_DAYS} 天内到期 {totals.dueSoon} 件。点击一行查看该单位的超期事项。
          </Typography.Paragraph>
        )}
        <Table<Row>
          data-testid="overdue-table"
          rowKey="unitId"
          size="middle"
          loading={loading}
          dataSource={data?.items ?? []}
          pagination={(data?.items.length ?? 0) > 50 ? { pageSize: 50, showSizeChanger: false, size: 'small' } : false}
          rowClassName="clickable-row"
          onRow={(r) => ({ onClick: () => navigate(link(r, 'overdue')), style: r.overdue ? { background: '#fff1f0' } : undefined })}
          locale={{ emptyText: '没有在办事项' }}
          columns={[
            { title: '承办单位', dataIndex: 'unitName' },
            { title: '在办', dataIndex: 'open', width: 80, align: 'right', render: (n: number, r) => count(r, 'open', n) },
            { title: '已超期', dataIndex: 'overdue', width: 90, align: 'right', render: (n: number, r) => count(r, 'overdue', n, '#cf1322') },
            { title: '即将到期', dataIndex: 'dueSoon', width: 90, align: 'right', render: (n: number, r) => count(r, 'due_soon', n, '#d46b08') },
            { title: '最早超期日期', dataIndex: 'oldestDue', width: 130, responsive: ['sm'], render: (d: string | null) => d ?? '—' },
          ]}
        />
      </Card>
    </Flex>
  );
}
