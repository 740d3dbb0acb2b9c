import { useState } from 'react';
import { App, Checkbox, Form, Input, InputNumber, Modal, Select } from 'antd';
import { api, ApiError } from '../../api';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import { PersonPicker } from '../../components/PersonPicker';
import { VersionConflictModal } from '../../components/VersionConflictModal';
import type { Force, UnitDetail } from './types';

interface UnitValues {
  name: string;
  orgUnitId: number;
  forceId?: number | null;
  leaderPersonId?: number | null;
  deputyPersonId?: number | null;
  minStrength: number;
  note?: string;
  archived?: boolean;
}

const FIELDS = ['name', 'orgUnitId', 'forceId', 'leaderPersonId', 'deputyPersonId', 'minStrength', 'note'] as const;
const CONFLICT_FIELDS = [
  { key: 'name', label: '名称' },
  { key: 'forceId', label: '所属队伍' },
  { key: 'leader', label: '负责人' },
  { key: 'deputy', label: '副负责人' },
  { key: 'minStrength', label: '最低到岗' },
  { key: 'note', label: '备注' },
];

interface UnitFormModalProps {
  /** null: a new unit. */
  unit: UnitDetail | null;
  forces: Force[];
  onSaved: (id: number) => void;
  onCancel: () => void;
}

/**
 * 新建单元 / 修改单元: where it sits, which force it belongs to, who leads it (leader and deputy
 * join the roster automatically) and how many must turn up for it to count as assembled.
 */
export function UnitFormModal({ unit, forces, onSaved, onCancel }: UnitFormModalProps) {
  const { message } = App.useApp();
  const [form] = Form.useForm<UnitValues>();
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState<{ mine: UnitValues; theirs: { name: string; forceId: number | null; leaderPersonId: number | null; deputyPersonId: number | null; minStrength: number; note: string | null; version: number } } | null>(null);
  const forceName = (id: number | null | undefined) => (id ? (forces.find((f) => f.id === id)?.name ?? `队伍 #${id}`) : '—');
  const personName = (id: number | null | undefined) =>
    id == null ? '—' : id === unit?.leader?.id ? unit.leader.name : id === unit?.deputy?.id ? unit.deputy.name : `另一人（人员编号 ${id}）`;

  const save = async (v: UnitValues, version?: number) => {
    setBusy(true);
    const body = {
      name: v.name.trim(),
      orgUnitId: v.orgUnitId,
      forceId: v.forceId ?? null,
      leaderPersonId: v.leaderPersonId ?? null,
      deputyPersonId: v.deputyPersonId ?? null,
      minStrength: v.minStrength,
      note: v.note?.trim() || null,
    };
    try {
      if (unit) {
        await api.patch(`/api/mobilization/units/${unit.id}`, { ...body, archived: !!v.archived, version: version ?? unit.version });
        message.success('已保存');
        setConflict(null);
        onSaved(unit.id);
      } else {
        const created = await api.post<{ id: number }>('/api/mobilization/units', body);
        message.success(`已新建单元「${body.name}」`);
        onSaved(created.id);
      }
    } catch (err) {
      if (err instanceof ApiError && err.isVersionConflict) setConflict({ mine: v, theirs: err.current as never });
      else if (!applyServerErrors(form, err, FIELDS)) message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const view = (v: Pick<UnitValues, 'name' | 'forceId' | 'leaderPersonId' | 'deputyPersonId' | 'minStrength'> & { note?: string | null }) => ({
    name: v.name,
    forceId: forceName(v.forceId),
    leader: personName(v.leaderPersonId),
    deputy: personName(v.deputyPersonId),
    minStrength: String(v.minStrength),
    note: v.note ?? '',
  });

  return (
    <>
      <Modal open title={unit ? `修改单元：${unit.name}` : '新建应急响应单元'} okText="保存" onOk={() => form.submit()} confirmLoading={busy} onCancel={onCancel} destroyOnHidden width={{ xs: '100%', md: 560 }}>
        <Form<UnitValues>
          form={form}
          layout="vertical"
          initialValues={
            unit
              ? { name: unit.name, orgUnitId: unit.orgUnitId, forceId: unit.forceId, leaderPersonId: unit.leaderPersonId, deputyPersonId: unit.deputyPersonId, minStrength: unit.minStrength, note: unit.note ?? '', archived: unit.archived }
              : { minStrength: 5 }
          }
          onFinish={(v) => void save(v)}
        >
          <Form.Item label="单元名称" name="name" rules={[{ required: true, whitespace: true, message: '请填写单元名称' }]}>
            <Input maxLength={60} placeholder="如：石柱社区应急响应单元" />
          </Form.Item>
          <Form.Item label="所属单位" name="orgUnitId" rules={[{ required: true, message: '请选择所属单位' }]}>
            <OrgUnitPicker allowClear={false} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item label="所属队伍" name="forceId">
            <Select allowClear placeholder="不属于任何队伍" options={forces.filter((f) => !f.archived || f.id === unit?.forceId).map((f) => ({ value: f.id, label: f.name }))} />
          </Form.Item>
          <Form.Item label="负责人" name="leaderPersonId" extra="负责人和副负责人自动编入成员名单">
            <PersonPicker initialLabel={unit?.leader?.name} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item label="副负责人" name="deputyPersonId">
            <PersonPicker initialLabel={unit?.deputy?.name} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item label="最低到岗人数" name="minStrength" rules={[{ required: true, message: '请填写最低到岗人数' }]} extra="可调人数少于该数即为缺员；激活时到岗少于该数的单元标为落后">
            <InputNumber min={0} max={1000} precision={0} suffix="人" />
          </Form.Item>
          <Form.Item label="备注" name="note">
            <Input.TextArea maxLength={500} rows={2} />
          </Form.Item>
          {unit && (
            <Form.Item name="archived" valuePropName="checked" extra="停用的单元不能再被激活，也不计入覆盖情况。">
              <Checkbox>停用该单元</Checkbox>
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
            if (unit) onSaved(unit.id);
          }}
          onReapplyMine={() => void save(conflict.mine, conflict.theirs.version)}
        />
      )}
    </>
  );
}
