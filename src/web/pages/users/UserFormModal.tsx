import { useRef, useState } from 'react';
import { App, Form, Input, Modal, Select, Switch } from 'antd';
import { ROLES, ROLE_ZH, type Role } from '../../../shared/roles';
import { api, ApiError } from '../../api';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import { VersionConflictModal } from '../../components/VersionConflictModal';
import type { UserCreateInput, UserItem, UserUpdateInput } from '../../types';

interface UserValues {
  username: string;
  displayName: string;
  orgUnitId: number;
  role: Role;
  /** The department a county staff member (部门) works for. */
  departmentId?: number | null;
  disabled?: boolean;
}

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_ZH[r] }));
const FIELDS = ['username', 'displayName', 'orgUnitId', 'role', 'departmentId', 'disabled'] as const;
const CONFLICT_FIELDS = [
  { key: 'displayName', label: '姓名' },
  { key: 'role', label: '角色' },
  { key: 'unit', label: '所属单位' },
  { key: 'disabled', label: '状态' },
];

interface UserFormModalProps {
  /** null: 新建账号. */
  user: UserItem | null;
  onCreated: (user: UserItem, temporaryPassword: string) => void;
  onSaved: () => void;
  onCancel: () => void;
}

/** Create an account, or change its name, role, unit or disabled state. */
export function UserFormModal({ user, onCreated, onSaved, onCancel }: UserFormModalProps) {
  const { message } = App.useApp();
  const [form] = Form.useForm<UserValues>();
  const [busy, setBusy] = useState(false);
  const [base, setBase] = useState(user);
  const [conflict, setConflict] = useState<{ mine: UserValues; theirs: UserItem } | null>(null);
  const unitNames = useRef(new Map<number, string>());
  const role = Form.useWatch('role', form);

  const save = async (v: UserValues, version?: number) => {
    setBusy(true);
    try {
      if (base) {
        const departmentId = v.role === 'dept' ? (v.departmentId ?? null) : null;
        const body: UserUpdateInput = { version: version ?? base.version, displayName: v.displayName, orgUnitId: v.orgUnitId, role: v.role, departmentId, disabled: !!v.disabled };
        await api.patch(`/api/users/${base.id}`, body);
        message.success('已保存');
        onSaved();
      } else {
        const departmentId = v.role === 'dept' ? (v.departmentId ?? null) : null;
        const body: UserCreateInput = { username: v.username.trim(), displayName: v.displayName, orgUnitId: v.orgUnitId, role: v.role, departmentId };
        const r = await api.post<{ user: UserItem; temporaryPassword: string }>('/api/users', body);
        onCreated(r.user, r.temporaryPassword);
      }
    } catch (err) {
      if (err instanceof ApiError && err.isVersionConflict) setConflict({ mine: v, theirs: err.current as UserItem });
      else if (!applyServerErrors(form, err, FIELDS)) message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const describe = (v: { displayName: string; role: Role; orgUnitId: number; disabled?: boolean }, unitName: string) => ({
    displayName: v.displayName,
    role: ROLE_ZH[v.role],
    unit: unitName,
    disabled: v.disabled ? '停用' : '正常',
  });
  const nameOf = (id: number) => unitNames.current.get(id) ?? (id === base?.orgUnitId ? (base.orgUnitName ?? '') : `单位 #${id}`);

  return (
    <>
      <Modal open title={base ? `修改账号：${base.username}` : '新建账号'} okText="保存" onOk={() => form.submit()} confirmLoading={busy} onCancel={onCancel} destroyOnHidden>
        <Form
          form={form}
          layout="vertical"
          initialValues={base ? { username: base.username, displayName: base.displayName, orgUnitId: base.orgUnitId, role: base.role, departmentId: base.departmentId, disabled: base.disabled } : {}}
          onFinish={(v) => void save(v)}
        >
          <Form.Item label="用户名" name="username" rules={[{ required: true, whitespace: true, message: '请填写用户名' }, { pattern: /^[a-zA-Z0-9_.-]{3,32}$/, message: '3~32位字母、数字、下划线、点或短横线' }]}>
            <Input disabled={!!base} autoComplete="off" />
          </Form.Item>
          <Form.Item label="姓名" name="displayName" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item label="所属单位" name="orgUnitId" rules={[{ required: true, message: '请选择所属单位' }]} extra="账号只能查看和维护该单位及其下级。">
            <OrgUnitPicker onChange={(id, hit) => id && hit && unitNames.current.set(id, hit.name)} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item label="角色" name="role" rules={[{ required: true, message: '请选择角色' }]}>
            <Select options={ROLE_OPTIONS} placeholder="请选择" />
          </Form.Item>
          {role === 'dept' && (
            <Form.Item label="所在部门" name="departmentId" rules={[{ required: true, message: '请选择所在部门' }]} extra="部门账号通常属于县（市、区），并注明所在部门，如市委组织部。">
              <OrgUnitPicker types={['department']} style={{ width: '100%' }} />
            </Form.Item>
          )}
          {base && (
            <Form.Item label="停用账号" name="disabled" valuePropName="checked" extra="停用后该账号立即退出且不能登录。">
              <Switch />
            </Form.Item>
          )}
          {!base && <div style={{ color: '#888' }}>保存后系统生成临时密码，仅显示一次；本人首次登录须修改密码。</div>}
        </Form>
      </Modal>
      {conflict && (
        <VersionConflictModal
          open
          fields={CONFLICT_FIELDS}
          mine={describe(conflict.mine, nameOf(conflict.mine.orgUnitId))}
          theirs={describe(conflict.theirs, conflict.theirs.orgUnitName ?? nameOf(conflict.theirs.orgUnitId))}
          busy={busy}
          onCancel={() => setConflict(null)}
          onReloadTheirs={() => {
            const t = conflict.theirs;
            setBase(t);
            form.setFieldsValue({ displayName: t.displayName, orgUnitId: t.orgUnitId, role: t.role, disabled: t.disabled });
            setConflict(null);
          }}
          onReapplyMine={() => {
            const { mine, theirs } = conflict;
            setBase(theirs);
            setConflict(null);
            void save(mine, theirs.version);
          }}
        />
      )}
    </>
  );
}
