import { useState } from 'react';
import { App, Form, Input, Modal, Select } from 'antd';
import { ALLOWED_CHILDREN, ORG_TYPE_ZH, type OrgType } from '../../../shared/org-types';
import { api, ApiError } from '../../api';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { VersionConflictModal } from '../../components/VersionConflictModal';
import type { OrgUnit, OrgUnitDetail } from '../../types';

export type UnitFormTarget =
  | { kind: 'create'; parent: OrgUnitDetail }
  | { kind: 'edit'; unit: OrgUnitDetail; /** undefined when the parent lies outside the user's scope */ parentType?: OrgType };

interface UnitValues {
  code: string;
  name: string;
  type: OrgType;
}

const FIELDS = ['code', 'name', 'type'] as const;
const CONFLICT_FIELDS = [
  { key: 'code', label: '编码' },
  { key: 'name', label: '名称' },
  { key: 'type', label: '类型' },
];
const view = (v: { code: string; name: string; type: OrgType }) => ({ code: v.code, name: v.name, type: ORG_TYPE_ZH[v.type] });

interface UnitFormModalProps {
  target: UnitFormTarget;
  onSaved: (unit: OrgUnit) => void;
  /** The record changed elsewhere and the user chose to look at the newer version. */
  onReload: () => void;
  onCancel: () => void;
}

/** 新建下级单位 and 重命名/修改: the type list follows ALLOWED_CHILDREN of the parent. */
export function UnitFormModal({ target, onSaved, onReload, onCancel }: UnitFormModalProps) {
  const { message } = App.useApp();
  const [form] = Form.useForm<UnitValues>();
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState<{ mine: UnitValues; theirs: OrgUnit } | null>(null);

  const parentType = target.kind === 'create' ? target.parent.type : target.parentType;
  const allowed: OrgType[] = parentType ? [...ALLOWED_CHILDREN[parentType]] : [];
  if (target.kind === 'edit' && !allowed.includes(target.unit.type)) allowed.unshift(target.unit.type);
  const initial: Partial<UnitValues> =
    target.kind === 'edit'
      ? { code: target.unit.code, name: target.unit.name, type: target.unit.type }
      : { type: allowed.length === 1 ? allowed[0] : undefined };

  const save = async (values: UnitValues, version?: number) => {
    setBusy(true);
    try {
      const saved =
        target.kind === 'create'
          ? await api.post<OrgUnit>('/api/org/units', { parentId: target.parent.id, ...values })
          : await api.patch<OrgUnit>(`/api/org/units/${target.unit.id}`, { version: version ?? target.unit.version, ...values });
      message.success(target.kind === 'create' ? `已新建「${saved.name}」` : '已保存');
      setConflict(null);
      onSaved(saved);
    } catch (err) {
      if (err instanceof ApiError && err.isVersionConflict) {
        setConflict({ mine: values, theirs: err.current as OrgUnit });
      } else if (!applyServerErrors(form, err, FIELDS)) {
        message.error(errorText(err));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Modal
        open
        title={target.kind === 'create' ? `新建下级单位（上级：${target.parent.name}）` : `修改单位：${target.unit.name}`}
        okText="保存"
        onOk={() => form.submit()}
        confirmLoading={busy}
        onCancel={onCancel}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => void save(v)}>
          <Form.Item label="编码" name="code" rules={[{ required: true, whitespace: true, message: '请填写编码' }, { pattern: /^[0-9A-Za-z_-]+$/, message: '编码只能包含数字、字母、下划线和短横线' }]}>
            <Input maxLength={40} placeholder="如 330784101001" />
          </Form.Item>
          <Form.Item label="名称" name="name" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item label="类型" name="type" rules={[{ required: true, message: '请选择类型' }]} extra={parentType ? `「${ORG_TYPE_ZH[parentType]}」下可设立的单位类型` : undefined}>
            <Select options={allowed.map((t) => ({ value: t, label: ORG_TYPE_ZH[t] }))} placeholder="请选择" />
          </Form.Item>
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
            onReload();
          }}
          onReapplyMine={() => void save(conflict.mine, conflict.theirs.version)}
        />
      )}
    </>
  );
}
