import { useRef, useState } from 'react';
import { Alert, App, Button, Checkbox, Drawer, Form, Grid, Input, Space, Typography } from 'antd';
import { ID_CARD_PROBLEM_ZH, isValidMobile, maskIdCard, parseIdCard } from '../../../shared/id-card';
import { api, ApiError } from '../../api';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import { VersionConflictModal } from '../../components/VersionConflictModal';
import type { PersonCreateInput, PersonDetail, PersonUpdateInput } from '../../types';
import { GENDER_ZH, roleSummary } from './display';
import { RolesEditor, fromRoleValues, toRoleValues, type RoleValues } from './RolesEditor';

export interface PersonValues {
  name: string;
  idNumber?: string;
  phone?: string;
  clearPhone?: boolean;
  orgUnitId?: number;
  note?: string;
  roles: RoleValues[];
}

const FIELDS = ['name', 'idNumber', 'phone', 'orgUnitId', 'note', 'roles'] as const;
const CONFLICT_FIELDS = [
  { key: 'name', label: '姓名' },
  { key: 'idNumber', label: '身份证号' },
  { key: 'phone', label: '手机号' },
  { key: 'unit', label: '所在单位' },
  { key: 'note', label: '备注' },
  { key: 'roles', label: '身份' },
];

function toValues(p: PersonDetail | null): PersonValues {
  if (!p) return { name: '', roles: [] };
  return { name: p.name, orgUnitId: p.orgUnitId, note: p.note ?? undefined, roles: p.roles.map(toRoleValues) };
}

/** The derived birth date and gender, shown while the number is typed. */
function IdNumberHint({ value }: { value?: string }) {
  const text = value?.trim() ?? '';
  if (!text) return null;
  const r = parseIdCard(text);
  if (r.ok) return <Typography.Text type="success">出生日期 {r.info.birthDate} · 性别 {GENDER_ZH[r.info.gender]}</Typography.Text>;
  // Say nothing until the number is complete; the validator reports problems on submit/blur.
  if (text.length < 18) return <Typography.Text type="secondary">已输入 {text.length}/18 位</Typography.Text>;
  return <Typography.Text type="danger">{ID_CARD_PROBLEM_ZH[r.problem]}</Typography.Text>;
}

interface PersonFormProps {
  /** null: 新增人员; otherwise the person being edited. */
  person: PersonDetail | null;
  onSaved: (p: { id: number }) => void;
  onCancel: () => void;
}

/**
 * 新增人员 / 编辑. Full ID numbers and phones are never shown here: when editing, an empty field
 * means "unchanged" and only a newly typed number is sent.
 */
export function PersonForm({ person, onSaved, onCancel }: PersonFormProps) {
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<PersonValues>();
  const [base, setBase] = useState<PersonDetail | null>(person);
  const [busy, setBusy] = useState(false);
  const [alert, setAlert] = useState<string | null>(null);
  const [conflict, setConflict] = useState<{ mine: PersonValues; theirs: PersonDetail } | null>(null);
  // Names of units picked in this form, to describe "my" version in a conflict.
  const unitNames = useRef(new Map<number, string>());
  const idNumber = Form.useWatch('idNumber', form);
  const phoneTyped = Form.useWatch('phone', form);
  const editing = base != null;

  const payload = (v: PersonValues): PersonCreateInput => {
    const typedPhone = v.phone?.trim();
    return {
      name: v.name.trim(),
      // When editing: a typed phone replaces, "clear" removes, nothing typed keeps the stored one.
      phone: typedPhone ? typedPhone : editing ? (v.clearPhone ? '' : undefined) : null,
      orgUnitId: v.orgUnitId!,
      note: v.note?.trim() || null,
      roles: (v.roles ?? []).map(fromRoleValues),
      idNumber: v.idNumber?.trim() ?? '',
    };
  };

  const save = async (v: PersonValues, version?: number) => {
    setBusy(true);
    setAlert(null);
    try {
      const body = payload(v);
      let saved: { id: number };
      if (base) {
        const { idNumber: id, ...rest } = body;
        const update: PersonUpdateInput = { ...rest, version: version ?? base.version, ...(id ? { idNumber: id } : {}) };
        saved = await api.put(`/api/people/${base.id}`, update);
      } else {
        saved = await api.post('/api/people', body);
      }
      message.success(base ? '已保存' : `已登记「${body.name}」`);
      onSaved(saved);
    } catch (err) {
      if (err instanceof ApiError && err.isVersionConflict) {
        setConflict({ mine: v, theirs: err.current as PersonDetail });
      } else if (!applyServerErrors(form, err, FIELDS)) {
        setAlert(errorText(err));
      }
    } finally {
      setBusy(false);
    }
  };

  const describeMine = (v: PersonValues, theirs: PersonDetail) => {
    const unitName = (id?: number | null) =>
      !id ? '' : (unitNames.current.get(id) ?? (id === theirs.orgUnitId ? theirs.orgUnitName : theirs.roles.find((r) => r.orgUnitId === id)?.orgUnitName) ?? `单位 #${id}`);
    const phone = v.phone?.trim();
    return {
      name: v.name,
      idNumber: v.idNumber?.trim() ? maskIdCard(v.idNumber.trim().toUpperCase()) : `${base?.idMasked ?? ''}（不修改）`,
      phone: phone ? phone : v.clearPhone ? '（清除）' : `${base?.phoneMasked ?? '—'}（不修改）`,
      unit: unitName(v.orgUnitId),
      note: v.note ?? '',
      roles: (v.roles ?? []).map((r) => roleSummary({ ...fromRoleValues(r), orgUnitName: unitName(r.orgUnitId) })).join('\n'),
    };
  };
  const describeTheirs = (t: PersonDetail) => ({
    name: t.name,
    idNumber: t.idMasked,
    phone: t.phoneMasked ?? '—',
    unit: t.orgUnitName,
    note: t.note ?? '',
    roles: t.roles.map(roleSummary).join('\n'),
  });

  return (
    <Drawer
      open
      title={editing ? `编辑人员：${base.name}` : '新增人员'}
      size={screens.md ? 720 : '100%'}
      onClose={onCancel}
      mask={{ closable: false }}
      extra={
        <Space>
          <Button onClick={onCancel}>取消</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()}>
            保存
          </Button>
        </Space>
      }
    >
      {alert && <Alert type="error" showIcon title={alert} style={{ marginBottom: 16 }} role="alert" />}
      <Form form={form} layout="vertical" initialValues={toValues(base)} onFinish={(v) => void save(v)} scrollToFirstError>
        <Form.Item label="姓名" name="name" rules={[{ required: true, whitespace: true, message: '请填写姓名' }, { max: 50, message: '姓名不超过50个字符' }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          label="身份证号"
          name="idNumber"
          extra={idNumber?.trim() ? <IdNumberHint value={idNumber} /> : undefined}
          rules={[
            { required: !editing, whitespace: true, message: '请填写身份证号' },
            {
              validator: async (_r, value?: string) => {
                if (!value?.trim()) return;
                const r = parseIdCard(value);
                if (!r.ok) throw new Error(ID_CARD_PROBLEM_ZH[r.problem]);
              },
            },
          ]}
        >
          <Input autoComplete="off" maxLength={18} placeholder={editing ? `不修改请留空（当前 ${base.idMasked}）` : '18位公民身份号码'} />
        </Form.Item>
        <Form.Item
          label="手机号"
          name="phone"
          rules={[{ validator: async (_r, value?: string) => {
            if (value?.trim() && !isValidMobile(value)) throw new Error('手机号应为11位大陆手机号码');
          } }]}
        >
          <Input autoComplete="off" inputMode="tel" maxLength={11} placeholder={editing && base.phoneMasked ? `不修改请留空（当前 ${base.phoneMasked}）` : '11位手机号码（选填）'} />
        </Form.Item>
        {editing && base.phoneMasked && !phoneTyped?.trim() && (
          <Form.Item name="clearPhone" valuePropName="checked" style={{ marginTop: -12 }}>
            <Checkbox>清除原手机号</Checkbox>
          </Form.Item>
        )}
        <Form.Item label="所在单位" name="orgUnitId" rules={[{ required: true, message: '请选择所在单位' }]}>
          <OrgUnitPicker onChange={(id, hit) => id && hit && unitNames.current.set(id, hit.name)} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label="备注" name="note">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <RolesEditor onUnitPicked={(id, name) => unitNames.current.set(id, name)} />
      </Form>
      {conflict && (
        <VersionConflictModal
          open
          fields={CONFLICT_FIELDS}
          mine={describeMine(conflict.mine, conflict.theirs)}
          theirs={describeTheirs(conflict.theirs)}
          busy={busy}
          onCancel={() => setConflict(null)}
          onReloadTheirs={() => {
            // Continue editing from the newer version; my edits are dropped.
            setBase(conflict.theirs);
            form.resetFields();
            form.setFieldsValue(toValues(conflict.theirs));
            setConflict(null);
          }}
          onReapplyMine={() => {
            const { theirs, mine } = conflict;
            setBase(theirs);
            setConflict(null);
            void save(mine, theirs.version);
          }}
        />
      )}
    </Drawer>
  );
}
