import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, App, Button, Card, DatePicker, Flex, Form, Input, Radio, Select } from 'antd';
import { ThunderboltOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { ACTIVATION_LEVELS, ACTIVATION_LEVEL_ZH, type ActivationLevel } from '../../../shared/mobilization';
import { api, ApiError } from '../../api';
import { useMe } from '../../auth';
import { errorText } from '../../components/applyServerErrors';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import { ResponseUnitPicker } from './ResponseUnitPicker';
import type { ActivationCreated, Force, UnitPage } from './types';

type Scope = 'units' | 'force' | 'org';

interface CreateValues {
  event: string;
  level: ActivationLevel;
  instructions?: string;
  assemblyPoint: string;
  assemblyAt: Dayjs;
  scope: Scope;
  unitIds?: number[];
  forceId?: number;
  orgUnitId?: number;
}

/** Server field names → the form's fields; "pick something" problems land on the scope picker in use. */
const FIELD_OF: Record<string, keyof CreateValues> = { event: 'event', level: 'level', instructions: 'instructions', assemblyPoint: 'assemblyPoint', assemblyAt: 'assemblyAt', forceId: 'forceId', orgUnitId: 'orgUnitId' };
const SCOPE_FIELD: Record<Scope, keyof CreateValues> = { units: 'unitIds', force: 'forceId', org: 'orgUnitId' };

/** Default assembly time: an hour from now, on the next ten minutes. */
function inAnHour(): Dayjs {
  const t = dayjs().add(1, 'hour').second(0).millisecond(0);
  return t.add((10 - (t.minute() % 10)) % 10, 'minute');
}

/** What the board shows once, right after the order went out. */
export interface ActivationNotice extends ActivationCreated {
  event: string;
}

/**
 * 发布激活令: what happened, how serious, where and when to assemble, and which units — chosen
 * one by one, a whole force, or every unit in a town. Each member gets a personal check-in link;
 * the commander lands on the live board.
 */
export default function ActivationCreatePage() {
  const me = useMe();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<CreateValues>();
  const scope = Form.useWatch('scope', form) ?? 'units';
  const forceId = Form.useWatch('forceId', form);
  const orgUnitId = Form.useWatch('orgUnitId', form);
  const unitIds = Form.useWatch('unitIds', form);
  const [forces, setForces] = useState<Force[]>([]);
  const [orgUnits, setOrgUnits] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.get<Force[]>('/api/mobilization/forces').then(setForces, (err) => setError(errorText(err)));
  }, []);

  // How many units "all units in this town" would call, before anyone presses the button.
  useEffect(() => {
    setOrgUnits(null);
    if (scope !== 'org' || !orgUnitId) return;
    let cancelled = false;
    api
      .get<UnitPage>('/api/mobilization/units', { orgUnitId, pageSize: 1 })
      .then((p) => !cancelled && setOrgUnits(p.total))
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [scope, orgUnitId]);

  const force = forces.find((f) => f.id === forceId);
  const reach =
    scope === 'units'
      ? unitIds?.length
        ? `将激活所选 ${unitIds.length} 个单元`
        : null
      : scope === 'force'
        ? force
          ? `将激活「${force.name}」在您辖区内的 ${force.units} 个单元（${force.members} 名成员）`
          : null
        : orgUnitId && orgUnits != null
          ? `将激活该单位及其下级的全部 ${orgUnits} 个单元`
          : null;

  const submit = async (v: CreateValues) => {
    setBusy(true);
    setError(null);
    try {
      const created = await api.post<ActivationCreated>('/api/activations', {
        event: v.event.trim(),
        level: v.level,
        instructions: v.instructions?.trim() || null,
        assemblyPoint: v.assemblyPoint.trim(),
        assemblyAt: v.assemblyAt.second(0).millisecond(0).toISOString(),
        ...(v.scope === 'units' ? { unitIds: v.unitIds ?? [] } : v.scope === 'force' ? { forceId: v.forceId } : { orgUnitId: v.orgUnitId }),
      });
      message.success('激活令已发布');
      const notice: ActivationNotice = { ...created, event: v.event.trim() };
      navigate(`/mobilization/activations/${created.id}`, { state: { created: notice } });
    } catch (err) {
      if (!showFieldErrors(err)) setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const showFieldErrors = (err: unknown): boolean => {
    if (!(err instanceof ApiError)) return false;
    const current = form.getFieldValue('scope') as Scope;
    const byField = new Map<keyof CreateValues, string[]>();
    for (const i of err.fieldIssues) {
      const top = i.path.split('.')[0];
      const field = top === 'unitIds' ? SCOPE_FIELD[current] : FIELD_OF[top];
      if (field) byField.set(field, [...(byField.get(field) ?? []), i.message]);
    }
    if (!byField.size) return false;
    form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
    form.scrollToField([...byField.keys()][0], { block: 'center' });
    return true;
  };

  const confirm = (v: CreateValues) => {
    modal.confirm({
      title: '确认发布激活令？',
      content: `${reach ?? ''}。发布后立即向每名成员发送个人报到链接，不能撤回。`,
      okText: '发布',
      okButtonProps: { danger: true },
      cancelText: '再看看',
      onOk: () => submit(v),
    });
  };

  return (
    <Card title="发布激活令" size="small" style={{ maxWidth: 760 }}>
      {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 12 }} />}
      <Form<CreateValues>
        form={form}
        layout="vertical"
        initialValues={{ level: 'III', scope: 'units', orgUnitId: me.orgUnitId, assemblyAt: inAnHour() }}
        onFinish={confirm}
      >
        <Form.Item label="事件" name="event" rules={[{ required: true, whitespace: true, message: '请填写事件名称' }]}>
          <Input maxLength={100} placeholder="如：“3·12”疫情防控应急处置" />
        </Form.Item>
        <Form.Item label="响应等级" name="level" rules={[{ required: true, message: '请选择响应等级' }]} extra="Ⅰ级最高">
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={ACTIVATION_LEVELS.map((l) => ({ value: l, label: ACTIVATION_LEVEL_ZH[l] }))}
          />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item label="集结地点" name="assemblyPoint" rules={[{ required: true, whitespace: true, message: '请填写集结地点' }]} style={{ flex: '2 1 260px' }}>
            <Input maxLength={200} placeholder="如：石柱镇人民政府大院" />
          </Form.Item>
          <Form.Item label="集结时间" name="assemblyAt" rules={[{ required: true, message: '请选择集结时间' }]} style={{ flex: '1 1 200px' }}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        <Form.Item label="任务要求" name="instructions">
          <Input.TextArea rows={3} maxLength={2000} showCount placeholder="任务、分工、携带物品、防护要求等，成员打开报到链接即可看到" />
        </Form.Item>
        <Form.Item label="激活范围" name="scope">
          <Radio.Group
            options={[
              { value: 'units', label: '指定单元' },
              { value: 'force', label: '整支队伍' },
              { value: 'org', label: '某镇街（单位）全部单元' },
            ]}
          />
        </Form.Item>
        {scope === 'units' && (
          <Form.Item name="unitIds" label="激活的单元" rules={[{ required: true, message: '请至少选择一个单元' }]}>
            <ResponseUnitPicker />
          </Form.Item>
        )}
        {scope === 'force' && (
          <Form.Item name="forceId" label="激活的队伍" rules={[{ required: true, message: '请选择队伍' }]}>
            <Select
              placeholder="请选择"
              options={forces.filter((f) => !f.archived).map((f) => ({ value: f.id, label: `${f.name}（${f.units} 个单元）`, disabled: f.units === 0 }))}
            />
          </Form.Item>
        )}
        {scope === 'org' && (
          <Form.Item name="orgUnitId" label="镇街或单位" rules={[{ required: true, message: '请选择镇街或单位' }]}>
            <OrgUnitPicker allowClear={false} style={{ width: '100%' }} />
          </Form.Item>
        )}
        {reach && <Alert type="info" showIcon title={`${reach}；在多个单元中的成员只通知一次，「暂不可调」的成员不通知。`} style={{ marginBottom: 16 }} data-testid="activation-reach" />}
        <Flex gap={8} wrap>
          <Button type="primary" danger htmlType="submit" loading={busy} icon={<ThunderboltOutlined />}>
            发布激活令
          </Button>
          <Button onClick={() => navigate('/mobilization')} disabled={busy}>
            取消
          </Button>
        </Flex>
      </Form>
    </Card>
  );
}
