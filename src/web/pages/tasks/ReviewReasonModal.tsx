import { Alert, Form, Input, Modal, Typography } from 'antd';
import { figure } from './display';
import type { FormField } from './types';

export type ReasonAction = 'return' | 'reopen' | 'unapprove';

const TITLE: Record<ReasonAction, string> = { return: '退回修改', reopen: '退回更正', unapprove: '撤销审核' };
const EXPLAIN: Record<ReasonAction, string> = {
  return: '退回后该单位可修改数据并重新报送。请写明需要修改的内容；也可以在具体指标旁注明，填报人会在该项旁边看到。',
  reopen: '已审核的数据将退回该单位更正，上级单位对此的审核同时撤销。更正后需重新报送、重新审核。',
  unapprove: '撤销后数据回到“已报送”状态，需重新审核；上级单位对此的审核同时撤销。',
};

export interface ReasonValues {
  reason: string;
  fieldReasons: { indicatorId: number; reason: string }[];
}

interface ReviewReasonModalProps {
  action: ReasonAction;
  fields: FormField[];
  busy: boolean;
  onOk: (v: ReasonValues) => void;
  onCancel: () => void;
}

/** The reason for sending a form back (optionally per field) or withdrawing an approval. */
export function ReviewReasonModal({ action, fields, busy, onOk, onCancel }: ReviewReasonModalProps) {
  const [form] = Form.useForm<{ reason: string; perField?: Record<string, string | undefined> }>();
  const perFieldShown = action === 'return' ? fields.filter((f) => !f.ownerTask) : [];
  return (
    <Modal
      open
      title={TITLE[action]}
      okText={`确认${TITLE[action]}`}
      okButtonProps={{ danger: true }}
      confirmLoading={busy}
      onCancel={onCancel}
      onOk={() => form.submit()}
      width={{ xs: '100%', md: 620 }}
      destroyOnHidden
    >
      <Alert type="info" showIcon title={EXPLAIN[action]} style={{ marginBottom: 12 }} />
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          onOk({
            reason: v.reason.trim(),
            fieldReasons: Object.entries(v.perField ?? {})
              .filter(([, r]) => r && r.trim())
              .map(([id, r]) => ({ indicatorId: Number(id), reason: r!.trim() })),
          })
        }
      >
        <Form.Item label={`${TITLE[action]}原因`} name="reason" rules={[{ required: true, whitespace: true, message: `请填写${TITLE[action]}的原因` }]}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder="如：党员人数与组织部台账不一致，请核对" />
        </Form.Item>
        {perFieldShown.length > 0 && (
          <>
            <Typography.Text type="secondary">具体指标的问题（选填）：</Typography.Text>
            {perFieldShown.map((f) => (
              <Form.Item
                key={f.indicatorId}
                name={['perField', String(f.indicatorId)]}
                label={
                  <span>
                    {f.name}
                    <span style={{ color: '#999', marginInlineStart: 6 }}>
                      填报值 {figure(f.value)}
                      {f.unit}
                    </span>
                  </span>
                }
                style={{ marginBottom: 8, marginTop: 8 }}
              >
                <Input maxLength={500} placeholder="该项的问题" aria-label={`${f.name}的退回原因`} />
              </Form.Item>
            ))}
          </>
        )}
      </Form>
    </Modal>
  );
}
