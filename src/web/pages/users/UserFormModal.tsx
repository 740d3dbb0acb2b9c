import { useRef, useState } from 'react';
import { App, Form, Input, Modal, Select, Switch } from 'antd';
import { ROLES, ROLE_ZH, type Role } from '../../../shared/roles';
import { api, ApiError } from '../../api';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import { PersonPicker } from '../../components/PersonPicker';
import { VersionConflictModal } from '../../components/VersionConflictModal';
import type { UserCreateInput, UserItem, UserUpdateInput } from '../../types';

interface UserValues {
  username: string;
  displayName: string;
  orgUnitId: number;
  role: Role;
  /** The department a county staff member (部门) works for. */
  departmentId?: number | null;
  /** The person of a personal account (个人). */
  personId?: number | null;
  disabled?: boolean;
}

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_ZH[r] }));
const FIELDS = ['username', 'displayName', 'orgUnitId', 'role', 'departmentId', 'personId', 'disabled'] as const;
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
  /** The picked person's home unit: a personal account belongs there, whatever unit was chosen before. */
  const [personUnit, setPersonUnit] = useState<string | null>(null);
  // A personal account and a staff account cannot be turned into each other (the server refuses).
  const roleOptions = base ? ROLE_OPTIONS.filter((o) => (o.value === 'personal') === (base.role === 'personal')) : ROLE_OPTIONS;

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
        const personId = v.role === 'personal' ? (v.personId ?? null) : null;
        const body: UserCreateInput = { username: v.username.trim(), displayName: v.displayName, orgUnitId: v.orgUnitId, role: v.role, departmentId, personId };
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
          <Form.Item label="角色" name="role" rules={[{ required: true, message: '请选择角色' }]}>
            <Select options={roleOptions} placeholder="请选择" />
          </Form.Item>
          {role === 'personal' && !base && (
            <Form.Item
              label="关联人员"
              name="personId"
              rules={[{ required: true, message: '个人账号须关联人员库中的一人' }]}
              extra={personUnit ? `个人账号属于该人员所在单位：${personUnit}；只能查看本人的干部之家和人才申请。` : '个人账号只能查看本人的干部之家和人才申请。'}
            >
              <PersonPicker
                style={{ width: '100%' }}
                onChange={(_id, p) => {
                  if (!p) return setPersonUnit(null);
                  unitNames.current.set(p.orgUnitId, p.orgUnitName);
                  setPersonUnit(p.orgUnitName);
                  form.setFieldsValue({ orgUnitId: p.orgUnitId, ...(form.getFieldValue('displayName') ? {} : { displayName: p.name }) });
                }}
              />
            </Form.Item>
          )}
          <Form.Item
            label="所属单位"
            name="orgUnitId"
            rules={[{ required: true, message: '请选择所属单位' }]}
            extra={role === 'personal' ? '个人账号的单位随关联人员自动确定。' : '账号只能查看和维护该单位及其下级。'}
            hidden={role === 'personal' && !base}
          >
            <OrgUnitPicker onChange={(id, hit) => id && hit && unitNames.current.set(id, hit.name)} style={{ width: '100%' }} disabled={role === 'personal'} />
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
