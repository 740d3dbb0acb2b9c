import { useState } from 'react';
import { App, Checkbox, Form, Input, InputNumber, Modal } from 'antd';
import { api, ApiError } from '../../api';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { VersionConflictModal } from '../../components/VersionConflictModal';
import type { Force } from './types';

interface ForceValues {
  name: string;
  description?: string;
  sortOrder?: number;
  archived?: boolean;
}

const FIELDS = ['name', 'description', 'sortOrder'] as const;
const CONFLICT_FIELDS = [
  { key: 'name', label: '名称' },
  { key: 'description', label: '说明' },
  { key: 'archived', label: '状态' },
];
const view = (v: { name: string; description?: string | null; archived?: boolean | null; archivedAt?: string | null }) => ({
  name: v.name,
  description: v.description ?? '',
  archived: v.archived || v.archivedAt ? '已停用' : '使用中',
});

/** 新建队伍 / 修改队伍: a force is owned by the account's unit; a county force serves every town. */
export function ForceFormModal({ force, onSaved, onCancel }: { force: Force | null; onSaved: () => void; onCancel: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ForceValues>();
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState<{ mine: ForceValues; theirs: { name: string; description: string | null; archivedAt: string | null; version: number } } | null>(null);

  const save = async (v: ForceValues, version?: number) => {
    setBusy(true);
    const body = { name: v.name.trim(), description: v.description?.trim() || null, sortOrder: v.sortOrder ?? undefined };
    try {
      if (force) await api.patch(`/api/mobilization/forces/${force.id}`, { ...body, archived: !!v.archived, version: version ?? force.version });
      else await api.post('/api/mobilization/forces', body);
      message.success(force ? '已保存' : `已新建队伍「${body.name}」`);
      setConflict(null);
      onSaved();
    } catch (err) {
      if (err instanceof ApiError && err.isVersionConflict) setConflict({ mine: v, theirs: err.current as never });
      else if (!applyServerErrors(form, err, FIELDS)) message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Modal open title={force ? `修改队伍：${force.name}` : '新建应急队伍'} okText="保存" onOk={() => form.submit()} confirmLoading={busy} onCancel={onCancel} destroyOnHidden>
        <Form<ForceValues>
          form={form}
          layout="vertical"
          initialValues={force ? { name: force.name, description: force.description ?? '', sortOrder: force.sortOrder, archived: force.archived } : { sortOrder: 0 }}
          onFinish={(v) => void save(v)}
        >
          <Form.Item label="队伍名称" name="name" rules={[{ required: true, whitespace: true, message: '请填写队伍名称' }]}>
            <Input maxLength={50} placeholder="如：医疗卫生应急队" />
          </Form.Item>
          <Form.Item label="说明" name="description">
            <Input.TextArea maxLength={500} rows={2} placeholder="职责、组成等" />
          </Form.Item>
          <Form.Item label="排序" name="sortOrder" extra="数字小的排在前面">
            <InputNumber min={0} max={9999} precision={0} />
          </Form.Item>
          {force && (
            <Form.Item name="archived" valuePropName="checked" extra="停用后不能再编入新单元；已有单元不受影响。">
              <Checkbox>停用该队伍</Checkbox>
            </Form.Item>
          )}
        </Form>
      </Modal>
      {conflict && (
        <VersionConflictModal
          open
          fields={CONFLICT_FIELDS}
          mine={view(conflict.mine)}
          theirs={view(conflict.theirs)}
          busy={busy}
          onCancel={() => setConflict(null)}
          onReloadTheirs={() => {
            setConflict(null);
            onSaved();
          }}
          onReapplyMine={() => void save(conflict.mine, conflict.theirs.version)}
        />
      )}
    </>
  );
}
