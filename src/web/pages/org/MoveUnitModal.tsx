import { useState } from 'react';
import { Alert, App, Form, Modal } from 'antd';
import { api, ApiError } from '../../api';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import { VersionConflictModal } from '../../components/VersionConflictModal';
import type { OrgUnit, OrgUnitDetail } from '../../types';

interface MoveValues {
  newParentId: number;
}

const CONFLICT_FIELDS = [
  { key: 'name', label: '名称' },
  { key: 'code', label: '编码' },
  { key: 'parent', label: '上级单位' },
  { key: 'status', label: '状态' },
];

async function unitName(id: number | null): Promise<string> {
  if (!id) return '—';
  try {
    return (await api.get<OrgUnit>(`/api/org/units/${id}`)).name;
  } catch {
    return `单位 #${id}`;
  }
}

interface MoveUnitModalProps {
  unit: OrgUnitDetail;
  onMoved: (unit: OrgUnit, oldParentId: number | null) => void;
  onReload: () => void;
  onCancel: () => void;
}

/** 移动: moves the unit with its whole subtree; the server refuses cycles and unsuitable parents. */
export function MoveUnitModal({ unit, onMoved, onReload, onCancel }: MoveUnitModalProps) {
  const { message } = App.useApp();
  const [form] = Form.useForm<MoveValues>();
  const [busy, setBusy] = useState(false);
  const [parentName, setParentName] = useState('');
  const [conflict, setConflict] = useState<{ newParentId: number; theirs: OrgUnit; theirsParent: string } | null>(null);
  const currentParent = unit.ancestors.at(-1)?.name ?? '—';

  const move = async (newParentId: number, version: number) => {
    setBusy(true);
    try {
      const moved = await api.post<OrgUnit>(`/api/org/units/${unit.id}/move`, { version, newParentId });
      message.success(`已将「${unit.name}」移至「${parentName}」`);
      setConflict(null);
      onMoved(moved, unit.parentId);
    } catch (err) {
      if (err instanceof ApiError && err.isVersionConflict) {
        const theirs = err.current as OrgUnit;
        setConflict({ newParentId, theirs, theirsParent: await unitName(theirs.parentId) });
      } else if (!applyServerErrors(form, err, ['newParentId'])) {
        message.error(errorText(err));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Modal open title={`移动单位：${unit.name}`} okText="移动" onOk={() => form.submit()} confirmLoading={busy} onCancel={onCancel} destroyOnHidden>
        <Alert type="info" showIcon title={`当前上级：${currentParent}。移动时其全部下级单位一并移动。`} style={{ marginBottom: 16 }} />
        <Form form={form} layout="vertical" onFinish={(v) => void move(v.newParentId, unit.version)}>
          <Form.Item label="新上级单位" name="newParentId" rules={[{ required: true, message: '请选择新上级单位' }]}>
            <OrgUnitPicker onChange={(_id, hit) => setParentName(hit?.name ?? '')} />
          </Form.Item>
        </Form>
      </Modal>
      {conflict && (
        <VersionConflictModal
          open
          fields={CONFLICT_FIELDS}
          mine={{ name: unit.name, code: unit.code, parent: parentName, status: unit.archived ? '已归档' : '正常' }}
          theirs={{
            name: conflict.theirs.name,
            code: conflict.theirs.code,
            parent: conflict.theirsParent,
            status: conflict.theirs.archived ? '已归档' : '正常',
          }}
          busy={busy}
          onCancel={() => setConflict(null)}
          onReloadTheirs={() => {
            setConflict(null);
            onReload();
          }}
          onReapplyMine={() => void move(conflict.newParentId, conflict.theirs.version)}
        />
      )}
    </>
  );
}
