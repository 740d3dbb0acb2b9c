import { useState } from 'react';
import { Alert, App, Form, Input, Modal } from 'antd';
import { api, ApiError } from '../../api';
import { errorText } from '../../components/applyServerErrors';
import { minutes, pct } from './display';
import type { ActivationDetail, Board } from './types';

type Dto = Omit<ActivationDetail, 'units' | 'canCommand' | 'canStandDown' | 'canEditNotes'>;

/**
 * 解除激活令: every personal link closes at once; the after-action notes start from the figures
 * so the commander only adds what the numbers do not say.
 */
export function StandDownModal({ detail, board, onDone, onStale, onCancel }: { detail: ActivationDetail; board: Board; onDone: (next: Dto) => void; onStale: () => void; onCancel: () => void }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ notes: string }>();
  const t = board.total;
  const draft =
    detail.afterActionNotes ??
    `激活应急响应单元 ${board.units.length} 个，通知 ${t.members} 人，到岗 ${t.arrived} 人（${pct(t.arrivedShare)}），无法到岗 ${t.declined} 人；` +
      `首人到岗用时 ${minutes(t.firstMinutes)}，半数到岗用时 ${minutes(t.medianMinutes)}。\n`;

  const submit = async ({ notes }: { notes: string }) => {
    setBusy(true);
    try {
      const next = await api.post<Dto>(`/api/activations/${detail.id}/stand-down`, { version: detail.version, notes: notes.trim() || null });
      message.success('激活令已解除，报到链接已关闭');
      onDone(next);
    } catch (err) {
      if (err instanceof ApiError && (err.isVersionConflict || err.code === 'mobilization.already_stood_down')) {
        message.warning(err.isVersionConflict ? '激活令刚被他人修改，已载入最新内容，请确认后再解除' : err.message);
        onStale();
      } else message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={`解除激活令：${detail.event}`} okText="解除激活令" okButtonProps={{ danger: true }} onOk={() => form.submit()} confirmLoading={busy} onCancel={onCancel} destroyOnHidden width={{ xs: '100%', md: 600 }}>
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={`解除后所有成员的报到链接立即失效${t.noAnswer ? `，尚有 ${t.noAnswer} 人未响应` : ''}。`} />
      <Form form={form} layout="vertical" initialValues={{ notes: draft }} onFinish={(v) => void submit(v)}>
        <Form.Item name="notes" label="复盘记录" extra="处置经过、经验和问题；解除后仍可修改">
          <Input.TextArea rows={6} maxLength={5000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
