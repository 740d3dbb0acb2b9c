import { useState } from 'react';
import { Alert, App, Form, Input, Modal, Radio, Select } from 'antd';
import { api, ApiError } from '../../api';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { VersionConflictModal } from '../../components/VersionConflictModal';
import { DIRECTION_ZH } from './format';
import type { IndicatorDetail, IndicatorUpdateInput } from './types';

interface EditValues {
  name: string;
  unit: string;
  direction: 'higher' | 'lower';
  departmentId?: number | null;
  description?: string | null;
}

/** The stored indicator row the server sends back with a 409. */
interface IndicatorRowSnapshot {
  name: string;
  unit: string;
  direction: 'higher' | 'lower';
  departmentId: number | null;
  description: string | null;
  version: number;
}

const FIELDS = ['name', 'unit', 'direction', 'departmentId', 'description'] as const;
const CONFLICT_FIELDS = [
  { key: 'name', label: '名称' },
  { key: 'unit', label: '计量单位' },
  { key: 'direction', label: '方向' },
  { key: 'department', label: '牵头部门' },
  { key: 'description', label: '说明' },
];

interface IndicatorEditModalProps {
  indicator: IndicatorDetail;
  departments: { value: number; label: string }[];
  onCancel: () => void;
  onSaved: () => void;
}

/** 编辑指标: name, unit and the like — never the rule, which changes only by a new version. */
export function IndicatorEditModal({ indicator, departments, onCancel, onSaved }: IndicatorEditModalProps) {
  const { message } = App.useApp();
  const [form] = Form.useForm<EditValues>();
  const [version, setVersion] = useState(indicator.version);
  const [busy, setBusy] = useState(false);
  const [alert, setAlert] = useState<string | null>(null);
  const [conflict, setConflict] = useState<{ mine: EditValues; theirs: IndicatorRowSnapshot } | null>(null);
  const deptName = (id?: number | null) => (id ? (departments.find((d) => d.value === id)?.label ?? `单位 #${id}`) : '—');
  const describe = (v: EditValues | IndicatorRowSnapshot) => ({
    name: v.name,
    unit: v.unit,
    direction: DIRECTION_ZH[v.direction],
    department: deptName(v.departmentId),
    description: v.description ?? '',
  });

  const save = async (v: EditValues, atVersion = version) => {
    setBusy(true);
    setAlert(null);
    const body: IndicatorUpdateInput = {
      version: atVersion,
      name: v.name.trim(),
      unit: v.unit.trim(),
      direction: v.direction,
      description: v.description?.trim() || null,
      departmentId: v.departmentId ?? null,
    };
    try {
      await api.patch(`/api/indicators/${indicator.id}`, body);
      message.success('已保存');
      onSaved();
    } catch (err) {
      if (err instanceof ApiError && err.isVersionConflict) setConflict({ mine: v, theirs: err.current as IndicatorRowSnapshot });
      else if (!applyServerErrors(form, err, FIELDS)) setAlert(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={`编辑指标：${indicator.name}`} okText="保存" onOk={() => form.submit()} confirmLoading={busy} onCancel={onCancel} mask={{ closable: false }}>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title="汇总规则、取值范围等口径请用「新版本口径」修改，以免改写已发布的数据。" />
      {alert && <Alert type="error" showIcon title={alert} style={{ marginBottom: 16 }} role="alert" />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ name: indicator.name, unit: indicator.unit, direction: indicator.direction, departmentId: indicator.departmentId, description: indicator.description }}
        onFinish={(v) => void save(v)}
      >
        <Form.Item label="名称" name="name" rules={[{ required: true, whitespace: true, message: '请填写指标名称' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item label="计量单位" name="unit" rules={[{ required: true, whitespace: true, message: '请填写计量单位' }]}>
          <Input maxLength={20} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item label="方向" name="direction">
          <Radio.Group optionType="button" options={Object.entries(DIRECTION_ZH).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item label="牵头部门" name="departmentId">
          <Select allowClear options={departments} placeholder="不指定" />
        </Form.Item>
        <Form.Item label="说明" name="description">
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
      {conflict && (
        <VersionConflictModal
          open
          fields={CONFLICT_FIELDS}
          mine={describe(conflict.mine)}
          theirs={describe(conflict.theirs)}
          busy={busy}
          onCancel={() => setConflict(null)}
          onReloadTheirs={() => {
            const t = conflict.theirs;
            setVersion(t.version);
            form.setFieldsValue({ name: t.name, unit: t.unit, direction: t.direction, departmentId: t.departmentId, description: t.description });
            setConflict(null);
          }}
          onReapplyMine={() => {
            const { mine, theirs } = conflict;
            setVersion(theirs.version);
            setConflict(null);
            void save(mine, theirs.version);
          }}
        />
      )}
    </Modal>
  );
}
