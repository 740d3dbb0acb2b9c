import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Checkbox, Flex, Form, Input, Modal, Radio, Segmented, Table, Tag, Typography, type TableProps } from 'antd';
import type { CorrectionItem, CorrectionStatus } from '../../../shared/cadres';
import { api, ApiError } from '../../api';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { useApi } from '../indicators/useApi';
import { CadresNav } from './CadresNav';
import { EntryFields, entryPayload, type EntryValues } from './CareerEntryModal';
import { CORRECTION_COLOR } from './RecordSections';

const PAGE_SIZE = 20;
const ENTRY_FIELDS = ['kind', 'title', 'orgUnitId', 'startDate', 'endDate', 'hours', 'grade', 'note'];
const STATUS_OPTIONS = [
  { value: 'pending', label: '待处理' },
  { value: 'accepted', label: '已采纳' },
  { value: 'rejected', label: '未采纳' },
  { value: 'all', label: '全部' },
];

/**
 * 更正申请: what cadres asked to correct in their records, oldest pending first. Accepting a
 * request about a career entry edits the entry in the same step; the cadre sees every answer.
 */
export default function CorrectionsPage() {
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? 'pending';
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [qText, setQText] = useState(q);
  const [answering, setAnswering] = useState<CorrectionItem | null>(null);
  const list = useApi<{ items: CorrectionItem[]; total: number }>(`${status}|${q}|${page}`, () =>
    api.get('/api/cadres/corrections', { status: status === 'all' ? undefined : status, q: q || undefined, page, pageSize: PAGE_SIZE }),
  );
  const update = (patch: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries({ page: undefined, ...patch })) {
      if (v === undefined || v === '' || (k === 'page' && v === 1) || (k === 'status' && v === 'pending')) next.delete(k);
      else next.set(k, String(v));
    }
    setParams(next);
  };

  const columns: TableProps<CorrectionItem>['columns'] = [
    {
      title: '申请人',
      dataIndex: 'personName',
      render: (n: string, c) => (
        <>
          <Link to={`/cadres/${c.personId}`}>{n}</Link>
          <div style={{ fontSize: 12, color: '#999' }}>{c.orgUnitName}</div>
        </>
      ),
    },
    {
      title: '需要更正的内容',
      dataIndex: 'subjectLabel',
      render: (label: string, c) => (
        <>
          <div>{label}</div>
          <div style={{ color: '#c8102e' }}>申请：{c.requested}</div>
          {c.reason && <div style={{ fontSize: 12, color: '#888' }}>说明：{c.reason}</div>}
        </>
      ),
    },
    { title: '申请时间', dataIndex: 'createdAt', width: 110, responsive: ['md'], render: (v: string) => v.slice(0, 10) },
    {
      title: '状态 / 答复',
      dataIndex: 'status',
      width: 260,
      render: (s: CorrectionStatus, c) => (
        <>
          <Tag color={CORRECTION_COLOR[s]}>{c.statusName}</Tag>
          {c.response && (
            <div style={{ fontSize: 12, color: '#555' }}>
              {c.response}（{c.handledBy}，{c.handledAt?.slice(0, 10)}）
            </div>
          )}
          {s === 'pending' && (
            <div>
              <Button size="small" type="primary" style={{ marginTop: 4 }} onClick={() => setAnswering(c)}>
                答复
              </Button>
            </div>
          )}
        </>
      ),
    },
  ];

  return (
    <Flex vertical gap={12}>
      <CadresNav />
      <Card size="small" title="更正申请">
        <Flex wrap gap={12} style={{ marginBottom: 12 }}>
          <Segmented options={STATUS_OPTIONS} value={status} onChange={(v) => update({ status: String(v) })} />
          <Input.Search aria-label="搜索更正申请" allowClear placeholder="申请人、内容" value={qText} onChange={(e) => setQText(e.target.value)} onSearch={(v) => update({ q: v.trim() })} style={{ maxWidth: 260 }} />
        </Flex>
        {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 12 }} />}
        <Table<CorrectionItem>
          rowKey="id"
          size="small"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          columns={columns}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, showSizeChanger: false, showTotal: (n) => `共 ${n} 条`, onChange: (p) => update({ page: p }) }}
          scroll={{ x: 'max-content' }}
        />
      </Card>
      {answering && (
        <AnswerModal
          item={answering}
          onCancel={() => setAnswering(null)}
          onDone={() => {
            setAnswering(null);
            list.reload();
          }}
        />
      )}
    </Flex>
  );
}

interface AnswerValues {
  decision: 'accept' | 'reject';
  applyChange: boolean;
  response?: string;
  change?: EntryValues;
}

/** 答复: accept (editing the entry in the same step where it is one) or reject with a reason. */
function AnswerModal({ item, onDone, onCancel }: { item: CorrectionItem; onDone: () => void; onCancel: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<AnswerValues>();
  const [busy, setBusy] = useState(false);
  const decision = Form.useWatch('decision', form);
  const applyChange = Form.useWatch('applyChange', form);
  const changeKind = Form.useWatch(['change', 'kind'], form);
  const entry = item.entry ?? null;
  const editing = decision === 'accept' && !!entry && applyChange;

  const send = async (v: AnswerValues) => {
    setBusy(true);
    try {
      await api.post(`/api/cadres/corrections/${item.id}/answer`, {
        version: item.version,
        decision: v.decision,
        response: v.response?.trim() || null,
        ...(editing && v.change ? { change: { ...entryPayload(v.change), version: entry!.version } } : {}),
      });
      message.success(v.decision === 'accept' ? '已采纳，申请人可看到答复' : '已答复不采纳');
      onDone();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        message.warning(err.message);
        onDone();
      } else if (editing && err instanceof ApiError && err.fieldIssues.some((i) => ENTRY_FIELDS.includes(i.path))) {
        // The entry's own rules answer with the entry's field names: show them in the entry's fields.
        form.setFields(err.fieldIssues.filter((i) => ENTRY_FIELDS.includes(i.path)).map((i) => ({ name: ['change', i.path] as never, errors: [i.message] })));
      } else if (!applyServerErrors(form, err, ['response', 'change', 'decision'])) message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={`答复更正申请：${item.personName}`} okText="提交答复" onOk={() => form.submit()} confirmLoading={busy} onCancel={onCancel} destroyOnHidden width={{ xs: '100%', md: 640 }}>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title={item.subjectLabel}
        description={
          <>
            <div>申请：{item.requested}</div>
            {item.reason && <div>说明：{item.reason}</div>}
          </>
        }
      />
      {item.subject.startsWith('career:') && !entry && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="该履历条目已被删除：采纳时请写明处理情况" />}
      <Form<AnswerValues>
        form={form}
        layout="vertical"
        initialValues={{
          decision: 'accept',
          applyChange: true,
          change: entry ? { kind: entry.kind, title: entry.title, orgUnitId: entry.orgUnitId, startDate: entry.startDate, endDate: entry.endDate, hours: entry.hours, grade: entry.grade, note: entry.note } : undefined,
        }}
        onFinish={(v) => void send(v)}
      >
        <Form.Item name="decision" label="处理结果">
          <Radio.Group
            options={[
              { value: 'accept', label: '采纳' },
              { value: 'reject', label: '不采纳' },
            ]}
          />
        </Form.Item>
        {decision === 'accept' && entry && (
          <Form.Item name="applyChange" valuePropName="checked">
            <Checkbox>同时按申请修改该履历条目</Checkbox>
          </Form.Item>
        )}
        {editing && (
          <Card size="small" title="修改后的履历条目" style={{ marginBottom: 12 }}>
            <EntryFields kind={changeKind} prefix={['change']} />
          </Card>
        )}
        <Form.Item
          label={decision === 'reject' ? '不采纳的理由' : '答复（处理情况）'}
          name="response"
          rules={[{ required: decision === 'reject' || !editing, whitespace: true, message: decision === 'reject' ? '请写明不采纳的理由' : '请写明如何处理' }]}
          extra={<Typography.Text type="secondary">申请人会看到这段答复{editing ? '；不填则为“已按申请更正”' : ''}。</Typography.Text>}
        >
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
