import { useState } from 'react';
import { App, Button, Form, Input, Modal, Space, Timeline, Typography } from 'antd';
import { api, ApiError } from '../../api';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import { DateInput } from './DateInput';
import { fmtTime } from './display';
import type { CaseAction, CaseEvent, RecordDetail } from './types';

const EVENT_ZH: Record<CaseEvent['action'], string> = { register: '登记', assign: '交办', progress: '办理进展', resolve: '办结', close: '销号', return: '退回' };
const EVENT_COLOR: Record<CaseEvent['action'], string> = { register: 'gray', assign: 'blue', progress: 'blue', resolve: 'green', close: 'green', return: 'red' };

/** What each step asks for, and the button's look. */
const ACTIONS: Record<CaseAction, { label: string; title: string; primary?: boolean; danger?: boolean }> = {
  assign: { label: '交办', title: '交办事项' },
  progress: { label: '办理进展', title: '填写办理进展' },
  resolve: { label: '办结', title: '办结事项', primary: true },
  close: { label: '销号', title: '核实后销号', primary: true },
  return: { label: '退回', title: '退回重办', danger: true },
};
const ORDER: CaseAction[] = ['resolve', 'close', 'progress', 'assign', 'return'];

interface ActionValues {
  unitId?: number;
  note?: string;
  dueOn?: string | null;
  resolution?: string;
  reason?: string;
}

/** The case's trail (登记 → 交办 → 办结 → 销号) and the steps this account may take now. */
export function CaseWorkflow({ record, onChanged }: { record: RecordDetail; onChanged: () => void }) {
  const [action, setAction] = useState<CaseAction | null>(null);
  const actions = ORDER.filter((a) => record.actions?.includes(a));
  return (
    <div data-testid="case-workflow">
      <Typography.Title level={5}>办理流程</Typography.Title>
      {actions.length > 0 && (
        <Space wrap style={{ marginBottom: 16 }}>
          {actions.map((a) => (
            <Button key={a} type={ACTIONS[a].primary ? 'primary' : 'default'} danger={ACTIONS[a].danger} onClick={() => setAction(a)}>
              {ACTIONS[a].label}
            </Button>
          ))}
        </Space>
      )}
      <Timeline
        data-testid="case-events"
        items={(record.events ?? []).map((e) => ({
          key: e.id,
          color: EVENT_COLOR[e.action],
          content: (
            <>
              <div>
                <strong>{EVENT_ZH[e.action] ?? e.action}</strong>
                {e.action === 'assign' && ` ${e.fromUnitName ?? ''} → ${e.toUnitName ?? ''}`}
                {e.action === 'register' && e.toUnitName && `（${e.toUnitName}）`}
                {e.action === 'return' && e.toUnitName && ` 至 ${e.toUnitName}`}
              </div>
              {e.note && <div style={{ whiteSpace: 'pre-line' }}>{e.note}</div>}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {fmtTime(e.at)} · {e.actorName}
              </Typography.Text>
            </>
          ),
        }))}
      />
      {action && (
        <CaseActionModal
          record={record}
          action={action}
          onCancel={() => setAction(null)}
          onDone={() => {
            setAction(null);
            onChanged();
          }}
        />
      )}
    </div>
  );
}

const FIELDS = ['unitId', 'note', 'dueOn', 'resolution', 'reason'];

function CaseActionModal({ record, action, onCancel, onDone }: { record: RecordDetail; action: CaseAction; onCancel: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ActionValues>();
  const [busy, setBusy] = useState(false);

  const submit = async (v: ActionValues) => {
    setBusy(true);
    const trim = (s?: string) => s?.trim() || null;
    const body =
      action === 'assign'
        ? { unitId: v.unitId, note: trim(v.note), dueOn: v.dueOn || null }
        : action === 'resolve'
          ? { resolution: v.resolution?.trim() }
          : action === 'return'
            ? { reason: v.reason?.trim() }
            : { note: trim(v.note) };
    try {
      await api.post(`/api/cases/${record.id}/${action}`, { version: record.version, ...body });
      message.success(`已${ACTIONS[action].label}`);
      onDone();
    } catch (err) {
      if (err instanceof ApiError && err.isVersionConflict) {
        message.warning('该事项刚被他人更新，已载入最新情况，请核对后再操作');
        onDone();
      } else if (!applyServerErrors(form, err, FIELDS)) message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={`${ACTIONS[action].title}：${record.title}`} okText={ACTIONS[action].label} onOk={() => form.submit()} confirmLoading={busy} onCancel={onCancel} destroyOnHidden width={{ xs: '100%', md: 520 }}>
      <Form<ActionValues> form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        {action === 'assign' && (
          <>
            <Form.Item label="承办单位" name="unitId" rules={[{ required: true, message: '请选择承办单位' }]}>
              <OrgUnitPicker style={{ width: '100%' }} allowClear={false} />
            </Form.Item>
            <Form.Item label="交办说明" name="note">
              <Input.TextArea rows={3} maxLength={500} />
            </Form.Item>
            <Form.Item label="办理期限" name="dueOn" extra={`当前期限 ${record.dueOn ?? '未设'}；不填则不变（仅登记单位可调整）`}>
              <DateInput />
            </Form.Item>
          </>
        )}
        {action === 'progress' && (
          <Form.Item label="办理进展" name="note" rules={[{ required: true, whitespace: true, message: '请填写办理进展' }]}>
            <Input.TextArea rows={4} maxLength={1000} />
          </Form.Item>
        )}
        {action === 'resolve' && (
          <Form.Item label="办理结果" name="resolution" rules={[{ required: true, whitespace: true, message: '请填写办理结果' }]}>
            <Input.TextArea rows={4} maxLength={2000} />
          </Form.Item>
        )}
        {action === 'close' && (
          <Form.Item label="销号意见" name="note" extra="核实办理结果后销号，销号后事项不能再修改">
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        )}
        {action === 'return' && (
          <Form.Item label="退回理由" name="reason" rules={[{ required: true, whitespace: true, message: '请填写退回理由' }]}>
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
