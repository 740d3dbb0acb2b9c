import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Flex, Form, Input, Modal, Radio, Segmented, Select, Table, Tag, Tooltip, type TableProps } from 'antd';
import { DownloadOutlined, EditOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { api } from '../../api';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { shortTime } from './display';
import type { ActivationDetail, Board, HandCheckinResult, MemberItem, MemberPage, MemberState } from './types';

const PAGE_SIZE = 50;
type Filter = MemberState | 'all';
const FILTERS: { value: Filter; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'arrived', label: '已到岗' },
  { value: 'declined', label: '无法到岗' },
  { value: 'silent', label: '未响应' },
  { value: 'unopened', label: '未打开链接' },
];

interface MembersCardProps {
  activationId: number;
  detail: ActivationDetail;
  /** The members list follows the board: it reloads when the board's figures move. */
  board: Board;
  unitId?: number;
  onUnitChange: (unitId: number | undefined) => void;
  onChanged: () => void;
}

/** 成员明细: who was called, who opened, answered, and how; commanders check people in by hand here. */
export function MembersCard({ activationId, detail, board, unitId, onUnitChange, onChanged }: MembersCardProps) {
  const { message } = App.useApp();
  const [filter, setFilter] = useState<Filter>('all');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<MemberPage | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState<MemberItem | null>(null);
  const [exporting, setExporting] = useState(false);
  const t = board.total;
  const signature = `${t.notified}:${t.opened}:${t.arrived}:${t.declined}:${board.status}`;

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await api.get<MemberPage>(`/api/activations/${activationId}/members`, { unitId, state: filter === 'all' ? undefined : filter, page, pageSize: PAGE_SIZE }));
      setError(null);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setLoading(false);
    }
  }, [activationId, unitId, filter, page]);

  useEffect(() => {
    void load();
    // `signature` changes whenever the live board moves: the list follows it.
  }, [load, signature]);

  const exportXlsx = async () => {
    setExporting(true);
    try {
      await api.download(`/api/activations/${activationId}/members/export`, { unitId, state: filter === 'all' ? undefined : filter }, '报到明细.xlsx', 'POST');
      message.success('已开始下载');
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setExporting(false);
    }
  };

  const columns: TableProps<MemberItem>['columns'] = [
    {
      title: '姓名',
      dataIndex: 'name',
      render: (name: string, m) => (
        <>
          {name}
          <div style={{ fontSize: 12, color: '#999' }}>{[m.unitName, m.phoneMasked].filter(Boolean).join(' · ')}</div>
        </>
      ),
    },
    {
      title: '报到情况',
      dataIndex: 'response',
      width: 120,
      render: (r: MemberItem['response'], m) => (
        <Flex vertical gap={2} align="flex-start">
          <Tag color={r === 'arrived' ? 'success' : r === 'declined' ? 'warning' : 'default'} style={{ marginInlineEnd: 0 }}>
            {m.responseName}
          </Tag>
          {!r && <span style={{ fontSize: 12, color: m.openedAt ? '#1677ff' : '#999' }}>{m.openedAt ? '已打开链接' : m.notifiedAt ? '未打开' : '通知未送达'}</span>}
        </Flex>
      ),
    },
    {
      title: '时间',
      key: 'time',
      width: 130,
      responsive: ['sm'],
      render: (_, m) => (
        <span style={{ fontSize: 13 }}>
          {m.response === 'arrived' ? shortTime(m.arrivedAt) : m.response === 'declined' ? shortTime(m.declinedAt) : m.openedAt ? shortTime(m.openedAt) : '—'}
          {m.notifyCount > 1 && <div style={{ fontSize: 12, color: '#999' }}>通知 {m.notifyCount} 次</div>}
        </span>
      ),
    },
    {
      title: '说明',
      key: 'note',
      responsive: ['md'],
      render: (_, m) => (
        <span style={{ fontSize: 13 }}>
          {m.declineReason && <div>原因：{m.declineReason}</div>}
          {m.responseVia === 'hand' && <div style={{ color: '#999' }}>由{m.checkedInBy ?? '指挥员'}代登记</div>}
        </span>
      ),
    },
    ...(detail.canCommand
      ? [
          {
            title: '',
            key: 'hand',
            width: 80,
            render: (_: unknown, m: MemberItem) => (
              <Tooltip title="代成员登记到岗或无法到岗（记入审计日志）">
                <Button size="small" icon={<EditOutlined />} onClick={() => setChecking(m)} aria-label={`代「${m.name}」登记`}>
                  代登记
                </Button>
              </Tooltip>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      id="members-card"
      size="small"
      title="成员明细"
      extra={
        <Button size="small" icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportXlsx()}>
          导出
        </Button>
      }
    >
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Segmented<Filter>
          value={filter}
          onChange={(f) => {
            setFilter(f);
            setPage(1);
          }}
          options={FILTERS}
          style={{ maxWidth: '100%', overflowX: 'auto' }}
        />
        <Select
          aria-label="单元"
          allowClear
          placeholder="全部单元"
          value={unitId}
          onChange={(v?: number) => {
            onUnitChange(v);
            setPage(1);
          }}
          options={detail.units.map((u) => ({ value: u.id, label: u.name }))}
          showSearch={{ optionFilterProp: 'label' }}
          style={{ minWidth: 220 }}
        />
      </Flex>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Table<MemberItem>
        data-testid="members-table"
        rowKey="id"
        size="small"
        loading={loading && !data}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, showSizeChanger: false, size: 'small', hideOnSinglePage: true, showTotal: (n) => `共 ${n} 人`, onChange: setPage }}
        locale={{ emptyText: '没有符合条件的成员' }}
      />
      {checking && (
        <HandCheckinModal
          activationId={activationId}
          member={checking}
          issuedAt={detail.issuedAt}
          onCancel={() => setChecking(null)}
          onDone={() => {
            setChecking(null);
            void load();
            onChanged();
          }}
        />
      )}
    </Card>
  );
}

interface HandValues {
  response: 'arrived' | 'declined';
  reason?: string;
  at?: Dayjs;
}

/** 代登记: a commander records a member who arrived without the link (or cannot come), optionally when. */
function HandCheckinModal({ activationId, member, issuedAt, onCancel, onDone }: { activationId: number; member: MemberItem; issuedAt: string; onCancel: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<HandValues>();
  const response = Form.useWatch('response', form);
  const [busy, setBusy] = useState(false);
  const save = async (v: HandValues) => {
    setBusy(true);
    try {
      const r = await api.post<HandCheckinResult>(`/api/activations/${activationId}/members/${member.id}/check-in`, {
        response: v.response,
        reason: v.response === 'declined' ? v.reason?.trim() : undefined,
        at: v.at ? v.at.toISOString() : undefined,
      });
      message.success(r.changed ? `已代「${member.name}」登记${v.response === 'arrived' ? '到岗' : '无法到岗'}` : `「${member.name}」已报到，无需重复登记`);
      onDone();
    } catch (err) {
      if (!applyServerErrors(form, err, ['response', 'reason', 'at'])) message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={`代登记：${member.name}`} okText="登记" onOk={() => form.submit()} confirmLoading={busy} onCancel={onCancel} destroyOnHidden>
      <Form<HandValues> form={form} layout="vertical" initialValues={{ response: member.response === 'arrived' ? 'declined' : 'arrived' }} onFinish={(v) => void save(v)}>
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={`${member.unitName} · 当前：${member.responseName}`} />
        <Form.Item name="response" label="登记为">
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={[
              { value: 'arrived', label: '已到岗' },
              { value: 'declined', label: '无法到岗' },
            ]}
          />
        </Form.Item>
        {response === 'declined' ? (
          <Form.Item name="reason" label="无法到岗原因" rules={[{ required: true, whitespace: true, message: '请填写无法到岗的原因' }]}>
            <Input maxLength={200} placeholder="如：在外地出差，当日无法返回" />
          </Form.Item>
        ) : (
          <Form.Item name="at" label="实际到岗时间" extra="不填则记为现在">
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              style={{ width: '100%' }}
              disabledDate={(d) => d.isBefore(issuedAt, 'day') || d.isAfter(new Date(), 'day')}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
