import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Col, DatePicker, Form, Input, Row, Select, Table, Typography, type TableProps } from 'antd';
import dayjs from 'dayjs';
import { DownloadOutlined } from '@ant-design/icons';
import { ROLE_ZH } from '../../../shared/roles';
import { api } from '../../api';
import { errorText } from '../../components/applyServerErrors';
import type { AuditEvent, Page } from '../../types';
import { AuditDiff, hasDiff } from './AuditDiff';

const PAGE_SIZE = 20;
const ACTION_OPTIONS = [
  { value: 'org.', label: '组织架构（org.）' },
  { value: 'people.', label: '人员库（people.）' },
  { value: 'auth.', label: '登录与密码（auth.）' },
  { value: 'user.', label: '账号管理（user.）' },
];
// Filters that the URL may carry; entityType/entityId let other pages link to one record's trail.
const KEYS = ['from', 'to', 'action', 'actor', 'q', 'entityType', 'entityId'] as const;

/** 审计日志: read-only by design — there is no way to change or delete an event. */
export default function AuditPage() {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  // Recomputed only when the query string changes, so it can drive the loading effect.
  const search = params.toString();
  const filter = useMemo(
    () => Object.fromEntries(KEYS.map((k) => [k, new URLSearchParams(search).get(k) ?? undefined])) as Record<(typeof KEYS)[number], string | undefined>,
    [search],
  );
  const [actorText, setActorText] = useState(filter.actor ?? '');
  const [qText, setQText] = useState(filter.q ?? '');
  const [data, setData] = useState<Page<AuditEvent>>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await api.get<Page<AuditEvent>>('/api/audit/events', { ...filter, page, pageSize: PAGE_SIZE }));
      setError(null);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setLoading(false);
    }
  }, [filter, page]);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    setActorText(filter.actor ?? '');
    setQText(filter.q ?? '');
  }, [filter.actor, filter.q]);

  const [exporting, setExporting] = useState(false);
  const exportLog = async () => {
    setExporting(true);
    try {
      await api.download('/api/audit/events/export', filter, '审计日志.xlsx');
      setError(null);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setExporting(false);
    }
  };

  const update = (patch: Partial<Record<(typeof KEYS)[number] | 'page', string | undefined>>) => {
    const next = new URLSearchParams(params);
    next.delete('page');
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next);
  };

  const columns: TableProps<AuditEvent>['columns'] = [
    { title: '时间', dataIndex: 'at', width: 170, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss') },
    { title: '操作人', dataIndex: 'actorName', width: 110 },
    { title: '角色', dataIndex: 'actorRole', width: 100, responsive: ['md'], render: (r: AuditEvent['actorRole']) => (r ? ROLE_ZH[r] : '—') },
    { title: 'IP', dataIndex: 'ip', width: 130, responsive: ['lg'], render: (v: string | null) => v ?? '—' },
    {
      title: '操作',
      dataIndex: 'summary',
      render: (s: string, e) => (
        <>
          {s}
          <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 8 }}>
            {e.action}
          </Typography.Text>
        </>
      ),
    },
  ];

  return (
    <Card
      title="审计日志"
      size="small"
      extra={
        <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportLog()}>
          导出筛选结果
        </Button>
      }
    >
      <Alert type="info" showIcon title="审计日志只可查看，不可修改或删除；保留至少180天，超过保留期的日志先写入归档文件再移出。导出本身也会记入日志。" style={{ marginBottom: 12 }} />
      <Form layout="vertical" component="div">
        <Row gutter={12}>
          <Col xs={24} md={12} lg={7}>
            <Form.Item label="时间范围" htmlFor="audit-range" style={{ marginBottom: 12 }}>
              <DatePicker.RangePicker
                id={{ start: 'audit-range' }}
                style={{ width: '100%' }}
                value={filter.from || filter.to ? [filter.from ? dayjs(filter.from) : null, filter.to ? dayjs(filter.to) : null] : null}
                allowEmpty={[true, true]}
                onChange={(range) => update({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} md={12} lg={5}>
            <Form.Item label="操作类型" htmlFor="audit-action" style={{ marginBottom: 12 }}>
              <Select id="audit-action" allowClear placeholder="全部" options={ACTION_OPTIONS} value={filter.action} onChange={(action) => update({ action })} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} md={12} lg={5}>
            <Form.Item label="操作人" htmlFor="audit-actor" style={{ marginBottom: 12 }}>
              <Input.Search id="audit-actor" allowClear placeholder="姓名" value={actorText} onChange={(e) => setActorText(e.target.value)} onSearch={(v) => update({ actor: v.trim() })} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} lg={7}>
            <Form.Item label="关键字" htmlFor="audit-q" style={{ marginBottom: 12 }}>
              <Input.Search id="audit-q" allowClear placeholder="操作内容" value={qText} onChange={(e) => setQText(e.target.value)} onSearch={(v) => update({ q: v.trim() })} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {(filter.entityType || filter.entityId) && (
        <Alert
          type="info"
          style={{ marginBottom: 12 }}
          title={`只显示 ${filter.entityType ?? ''} #${filter.entityId ?? ''} 的记录`}
          closable={{ onClose: () => update({ entityType: undefined, entityId: undefined }) }}
        />
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Table<AuditEvent>
        data-testid="audit-table"
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data.items}
        expandable={{
          expandedRowRender: (e) => <AuditDiff before={e.before} after={e.after} />,
          rowExpandable: (e) => hasDiff(e.before, e.after),
        }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: data.total,
          showSizeChanger: false,
          showTotal: (n) => `共 ${n} 条`,
          onChange: (p) => update({ page: p > 1 ? String(p) : undefined }),
        }}
      />
    </Card>
  );
}
