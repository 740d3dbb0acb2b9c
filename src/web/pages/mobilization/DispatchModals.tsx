import { useState } from 'react';
import { Alert, App, DatePicker, Flex, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { DISPATCH_FRONTS, DISPATCH_FRONT_ZH, type DispatchFront } from '../../../shared/mobilization';
import { api, ApiError } from '../../api';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import { PersonPicker } from '../../components/PersonPicker';
import type { DispatchCreated, DispatchItem } from './types';

interface DispatchValues {
  personId: number;
  front: DispatchFront;
  postedUnitId: number;
  postedTo?: string;
  role: string;
  startDate: Dayjs;
  endDate?: Dayjs | null;
  note?: string;
}

const FIELDS = ['personId', 'front', 'postedUnitId', 'postedTo', 'role', 'startDate', 'endDate', 'note'] as const;

/** 新增派驻. A second posting overlapping the cadre's others is allowed, and said out loud afterwards. */
export function DispatchFormModal({ onSaved, onCancel }: { onSaved: () => void; onCancel: () => void }) {
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<DispatchValues>();
  const [busy, setBusy] = useState(false);
  const save = async (v: DispatchValues) => {
    setBusy(true);
    try {
      const r = await api.post<DispatchCreated>('/api/dispatches', {
        personId: v.personId,
        front: v.front,
        postedUnitId: v.postedUnitId,
        postedTo: v.postedTo?.trim() || null,
        role: v.role.trim(),
        startDate: v.startDate.format('YYYY-MM-DD'),
        endDate: v.endDate ? v.endDate.format('YYYY-MM-DD') : null,
        note: v.note?.trim() || null,
      });
      if (r.warnings.length) {
        modal.warning({
          title: `已派驻「${r.dispatch.name}」，但与其另 ${r.warnings.length} 条派驻时间重叠`,
          content: (
            <Flex vertical gap={4}>
              {r.warnings.map((w) => (
                <div key={w.dispatchId}>{w.message}</div>
              ))}
              <div style={{ color: '#999', marginTop: 4 }}>如属误录，可在列表中将其中一条提前结束。</div>
            </Flex>
          ),
          okText: '知道了',
        });
      } else message.success(`已派驻「${r.dispatch.name}」到${r.dispatch.frontName}`);
      onSaved();
    } catch (err) {
      if (!applyServerErrors(form, err, FIELDS)) message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title="新增派驻" okText="派驻" onOk={() => form.submit()} confirmLoading={busy} onCancel={onCancel} destroyOnHidden width={{ xs: '100%', md: 600 }}>
      <Form<DispatchValues> form={form} layout="vertical" initialValues={{ startDate: dayjs() }} onFinish={(v) => void save(v)}>
        <Form.Item label="干部" name="personId" rules={[{ required: true, message: '请选择干部' }]}>
          <PersonPicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label="派驻一线" name="front" rules={[{ required: true, message: '请选择派驻一线' }]}>
          <Select placeholder="请选择" options={DISPATCH_FRONTS.map((f) => ({ value: f, label: DISPATCH_FRONT_ZH[f] }))} />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item label="派驻单位" name="postedUnitId" rules={[{ required: true, message: '请选择派驻单位' }]} style={{ flex: '1 1 240px' }}>
            <OrgUnitPicker allowClear={false} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item label="具体岗位 / 专班" name="postedTo" style={{ flex: '1 1 200px' }}>
            <Input maxLength={100} placeholder="如：城中村改造工作组" />
          </Form.Item>
        </Flex>
        <Form.Item label="派驻职务" name="role" rules={[{ required: true, whitespace: true, message: '请填写派驻职务' }]}>
          <Input maxLength={50} placeholder="如：驻企指导员" />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item label="开始日期" name="startDate" rules={[{ required: true, message: '请选择开始日期' }]} style={{ flex: '1 1 160px' }}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            label="计划结束"
            name="endDate"
            style={{ flex: '1 1 160px' }}
            dependencies={['startDate']}
            rules={[({ getFieldValue }) => ({ validator: (_, v?: Dayjs | null) => (!v || !getFieldValue('startDate') || !v.isBefore(getFieldValue('startDate'), 'day') ? Promise.resolve() : Promise.reject(new Error('结束日期不能早于开始日期'))) })]}
            extra="不填为不定期"
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        <Form.Item label="备注" name="note">
          <Input.TextArea maxLength={500} rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 提前结束: when and why; the planned end stays on record beside it. */
export function DispatchEndModal({ dispatch, onSaved, onCancel }: { dispatch: DispatchItem; onSaved: () => void; onCancel: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ endedOn: Dayjs; reason: string }>();
  const [busy, setBusy] = useState(false);
  const save = async (v: { endedOn: Dayjs; reason: string }) => {
    setBusy(true);
    try {
      await api.post(`/api/dispatches/${dispatch.id}/end`, { version: dispatch.version, endedOn: v.endedOn.format('YYYY-MM-DD'), reason: v.reason.trim() });
      message.success('派驻已提前结束');
      onSaved();
    } catch (err) {
      if (err instanceof ApiError && err.isVersionConflict) {
        message.warning('该派驻记录刚被他人修改，已刷新列表');
        onSaved();
      } else if (!applyServerErrors(form, err, ['endedOn', 'reason'])) message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const today = dayjs();
  const initial = dispatch.endDate && dayjs(dispatch.endDate).isBefore(today) ? dayjs(dispatch.endDate).subtract(1, 'day') : today;
  return (
    <Modal open title={`提前结束派驻：${dispatch.name}`} okText="结束派驻" okButtonProps={{ danger: true }} onOk={() => form.submit()} confirmLoading={busy} onCancel={onCancel} destroyOnHidden>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={`${dispatch.frontName} · ${dispatch.postedUnitName} · ${dispatch.role}`} description={`${dispatch.startDate} 起，计划 ${dispatch.endDate ?? '不定期'}`} />
      <Form form={form} layout="vertical" initialValues={{ endedOn: initial }} onFinish={(v) => void save(v)}>
        <Form.Item label="结束日期" name="endedOn" rules={[{ required: true, message: '请选择结束日期' }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dispatch.startDate, 'day') || (!!dispatch.endDate && !d.isBefore(dispatch.endDate, 'day'))} />
        </Form.Item>
        <Form.Item label="原因" name="reason" rules={[{ required: true, whitespace: true, message: '请填写提前结束的原因' }]}>
          <Input maxLength={200} placeholder="如：工作需要调回原单位" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
