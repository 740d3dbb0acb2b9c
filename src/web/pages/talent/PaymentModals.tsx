import { useEffect, useRef, useState } from 'react';
import { Alert, App, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import { api } from '../../api';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { DateInput } from '../ledger/DateInput';
import { fmtYuan, todayCn, type PaymentRow, type QueueRow } from './types';

interface Payable {
  id: number;
  no: string;
  personName: string;
  grantedAmount: number;
  paidAmount: number;
}

/** Approved applications with something left to pay, found by name or number. */
function PayablePicker({ value, onChange, onPick }: { value?: number; onChange?: (v: number) => void; onPick: (p: Payable) => void }) {
  const [options, setOptions] = useState<Payable[]>([]);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);
  const search = async (q: string) => {
    const n = ++seq.current;
    setLoading(true);
    try {
      const res = await api.get<{ items: QueueRow[] }>('/api/talent/applications', { status: 'approved', q: q || undefined, pageSize: 50 });
      if (n !== seq.current) return;
      setOptions(res.items.filter((a) => (a.grantedAmount ?? 0) > a.paidAmount).map((a) => ({ id: a.id, no: a.no, personName: a.personName, grantedAmount: a.grantedAmount ?? 0, paidAmount: a.paidAmount })));
    } finally {
      if (n === seq.current) setLoading(false);
    }
  };
  useEffect(() => {
    void search('');
  }, []);
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: (q) => void search(q) }}
      loading={loading}
      value={value}
      placeholder="输入申请人姓名或申请编号"
      notFoundContent={loading ? '查找中…' : '没有待发放的申请'}
      onChange={(v: number) => {
        onChange?.(v);
        const p = options.find((o) => o.id === v);
        if (p) onPick(p);
      }}
      options={options.map((o) => ({ value: o.id, label: `${o.no} ${o.personName}（未发放 ${fmtYuan(o.grantedAmount - o.paidAmount)}）` }))}
    />
  );
}

/** Records a payment: against a given application, or one picked among those approved and not fully paid. */
export function PaymentModal({ application, onClose, onSaved }: { application?: Payable; onClose: () => void; onSaved: (p: PaymentRow) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ applicationId: number; amount: number; paidOn: string; reference: string; note?: string }>();
  const [picked, setPicked] = useState<Payable | undefined>(application);
  const [busy, setBusy] = useState(false);
  const left = picked ? Math.round((picked.grantedAmount - picked.paidAmount) * 100) / 100 : null;

  const save = async (v: { applicationId: number; amount: number; paidOn: string; reference: string; note?: string }) => {
    setBusy(true);
    try {
      const p = await api.post<PaymentRow>('/api/talent/payments', { ...v, applicationId: application?.id ?? v.applicationId, note: v.note || null });
      message.success(`已登记发放 ${fmtYuan(p.amount)}（流水 ${p.id}）`);
      onSaved(p);
    } catch (err) {
      if (!applyServerErrors(form, err, ['applicationId', 'amount', 'paidOn', 'reference', 'note'])) message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title="登记补助发放" okText="登记" cancelText="取消" onOk={() => form.submit()} confirmLoading={busy} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={save} initialValues={{ paidOn: todayCn(), amount: left ?? undefined, applicationId: application?.id }}>
        {application ? (
          <Typography.Paragraph>
            {application.no} {application.personName}：核定 {fmtYuan(application.grantedAmount)}，已发放 {fmtYuan(application.paidAmount)}
          </Typography.Paragraph>
        ) : (
          <Form.Item name="applicationId" label="申请" rules={[{ required: true, message: '请选择要发放的申请' }]}>
            <PayablePicker
              onPick={(p) => {
                setPicked(p);
                form.setFieldValue('amount', Math.round((p.grantedAmount - p.paidAmount) * 100) / 100);
              }}
            />
          </Form.Item>
        )}
        <Form.Item name="amount" label="发放金额（元）" rules={[{ required: true, message: '请填写发放金额' }]} extra={left != null ? `最多 ${fmtYuan(left)}` : undefined}>
          <InputNumber min={0.01} max={left ?? undefined} step={10_000} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="paidOn" label="发放日期" rules={[{ required: true, message: '请填写发放日期' }]}>
          <DateInput />
        </Form.Item>
        <Form.Item name="reference" label="凭证号" rules={[{ required: true, whitespace: true, message: '请填写凭证号' }]} extra="国库集中支付凭证或银行回单号">
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Reverses a payment with a negative row naming it; the payment itself stays in the ledger. */
export function ReverseModal({ payment, onClose, onSaved }: { payment: PaymentRow; onClose: () => void; onSaved: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ paidOn: string; reference: string; note: string }>();
  const [busy, setBusy] = useState(false);
  const save = async (v: { paidOn: string; reference: string; note: string }) => {
    setBusy(true);
    try {
      await api.post(`/api/talent/payments/${payment.id}/reverse`, v);
      message.success(`已冲销流水 ${payment.id}`);
      onSaved();
    } catch (err) {
      if (!applyServerErrors(form, err, ['paidOn', 'reference', 'note'])) message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={`冲销发放流水 ${payment.id}`} okText="冲销" okButtonProps={{ danger: true }} cancelText="取消" onOk={() => form.submit()} confirmLoading={busy} onCancel={onClose} destroyOnHidden>
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 12 }}
        title={`将新增一条 −${fmtYuan(payment.amount)} 的冲销记录（${payment.applicationNo} ${payment.personName}），原记录保留`}
      />
      <Form form={form} layout="vertical" onFinish={save} initialValues={{ paidOn: todayCn() }}>
        <Form.Item name="paidOn" label="冲销日期" rules={[{ required: true, message: '请填写冲销日期' }]}>
          <DateInput />
        </Form.Item>
        <Form.Item name="reference" label="冲销凭证号" rules={[{ required: true, whitespace: true, message: '请填写冲销凭证号' }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="note" label="冲销原因" rules={[{ required: true, whitespace: true, message: '请填写冲销原因' }]}>
          <Input.TextArea rows={2} maxLength={200} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
