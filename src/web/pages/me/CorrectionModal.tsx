import { useState } from 'react';
import { Alert, App, Form, Input, Modal } from 'antd';
import { api } from '../../api';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import type { CorrectionItem, CorrectionSubject } from '../../../shared/cadres';
import { useFormDraft } from '../../components/useFormDraft';

interface CorrectionValues {
  requested: string;
  reason?: string;
}

const FIELDS = ['requested', 'reason', 'subject'] as const;

/**
 * 申请更正: the cadre says what the entry should say and why. What was typed is kept as a draft
 * until it is sent, so a phone that locks or a closed dialog loses nothing.
 */
export function CorrectionModal({ subject, label, onDone, onCancel }: { subject: CorrectionSubject; label: string; onDone: (c: CorrectionItem) => void; onCancel: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<CorrectionValues>();
  const [busy, setBusy] = useState(false);
  const draft = useFormDraft(form, `correction:${subject}`);
  const send = async (v: CorrectionValues) => {
    setBusy(true);
    try {
      const c = await api.post<CorrectionItem>('/api/me/corrections', { subject, requested: v.requested.trim(), reason: v.reason?.trim() || null });
      draft.clear();
      message.success('更正申请已提交，组织部门答复后可在“我的更正申请”中查看');
      onDone(c);
    } catch (err) {
      if (!applyServerErrors(form, err, FIELDS)) message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title="申请更正" okText="提交申请" onOk={() => form.submit()} confirmLoading={busy} onCancel={onCancel} destroyOnHidden width={{ xs: '100%', sm: 520 }}>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={`需要更正：${label}`} description="请写明正确的内容；组织部门核实后答复，采纳的会直接更正记录。" />
      {draft.restored && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="已恢复上次未提交的内容" />}
      <Form form={form} layout="vertical" onFinish={(v) => void send(v)} onValuesChange={draft.onValuesChange}>
        <Form.Item label="正确的内容应为" name="requested" rules={[{ required: true, whitespace: true, message: '请填写正确的内容' }]}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder="如：学时应为 32 学时；任职时间应为 2019-03-01 起" />
        </Form.Item>
        <Form.Item label="说明（依据）" name="reason">
          <Input.TextArea rows={2} maxLength={500} placeholder="如：以结业证书、任职文件为准" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
