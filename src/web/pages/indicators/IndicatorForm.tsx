import { useEffect, useState } from 'react';
import { Alert, App, Button, Col, Divider, Drawer, Form, Grid, Input, Radio, Row, Select, Space } from 'antd';
import { api } from '../../api';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { DEFAULT_DEFINITION, DefinitionFields, definitionPayload, remapDefinitionIssues, type DefinitionValues } from './DefinitionFields';
import { DIRECTION_ZH, PERIOD_TYPE_ZH, convertPeriod } from './format';
import { DEFAULT_RECORD_QUERY, LEDGER_DERIVATION, RecordQueryFields, recordQueryPayload, type RecordQueryValues } from './RecordQueryFields';
import type { Indicator, IndicatorCreateInput, PeriodType } from './types';

interface CreateValues {
  code: string;
  name: string;
  unit: string;
  departmentId?: number | null;
  direction: 'higher' | 'lower';
  periodType: PeriodType;
  source: 'entered' | 'derived';
  derivation?: string | null;
  description?: string;
  /** `recordQuery` is sent only for indicators derived from ledger records. */
  definition: DefinitionValues & { recordQuery?: RecordQueryValues };
}

const FIELDS = ['code', 'name', 'unit', 'departmentId', 'direction', 'periodType', 'source', 'derivation', 'description', 'definition'] as const;

/** "dy wfjl" → "DY_WFJL": codes are typed quickly and tidied as they go. */
const normalizeCode = (v?: string) => (v ?? '').toUpperCase().replace(/[\s\-—.]+/g, '_');

interface IndicatorFormProps {
  indicators: Indicator[] | null;
  departments: { value: number; label: string }[];
  onCancel: () => void;
  onCreated: (created: { id: number; name: string }) => void;
}

/** 新建指标: what is measured, and its first definition (口径). */
export function IndicatorForm({ indicators, departments, onCancel, onCreated }: IndicatorFormProps) {
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<CreateValues>();
  const [busy, setBusy] = useState(false);
  const [alert, setAlert] = useState<string | null>(null);
  const [derivations, setDerivations] = useState<{ key: string; label: string }[] | null>(null);
  const periodType = Form.useWatch('periodType', form);
  const source = Form.useWatch('source', form);
  const code = Form.useWatch('code', form);
  const derivation = Form.useWatch('derivation', form);
  const effectiveFrom = Form.useWatch(['definition', 'effectiveFrom'], form) as string | undefined;
  // Ledger records count for their own unit and add up the tree: summed, never averaged.
  const ledger = source === 'derived' && derivation === LEDGER_DERIVATION;

  useEffect(() => {
    if (source !== 'derived' || derivations) return;
    api
      .get<{ key: string; label: string }[]>('/api/indicators/derivations')
      .then(setDerivations)
      .catch((err) => setAlert(errorText(err)));
  }, [source, derivations]);

  const initial: CreateValues = {
    code: '',
    name: '',
    unit: '',
    direction: 'higher',
    periodType: 'year',
    source: 'entered',
    definition: { ...DEFAULT_DEFINITION(String(new Date().getFullYear())), recordQuery: DEFAULT_RECORD_QUERY },
  };

  const save = async (v: CreateValues) => {
    setBusy(true);
    setAlert(null);
    const body: IndicatorCreateInput = {
      code: normalizeCode(v.code).replace(/^_+|_+$/g, ''),
      name: v.name.trim(),
      unit: v.unit.trim(),
      departmentId: v.departmentId ?? null,
      direction: v.direction,
      periodType: v.periodType,
      source: v.source,
      derivation: v.source === 'derived' ? (v.derivation ?? null) : null,
      description: v.description?.trim() || null,
      definition:
        v.source === 'derived' && v.derivation === LEDGER_DERIVATION
          ? { ...definitionPayload(v.definition), aggregation: { kind: 'simple', tree: 'sum', time: 'sum' }, recordQuery: recordQueryPayload(v.definition.recordQuery) }
          : definitionPayload(v.definition),
    };
    try {
      const created = await api.post<{ id: number; name: string }>('/api/indicators', body);
      message.success(`已新建指标「${created.name}」`);
      onCreated(created);
    } catch (err) {
      const mapped = remapDefinitionIssues(err, v.definition.aggregation.kind);
      if (!applyServerErrors(form, mapped, FIELDS)) setAlert(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open
      title="新建指标"
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
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => void save(v)}
        scrollToFirstError
        onValuesChange={(changed: Partial<CreateValues>, all) => {
          // Keep the effective-from period in step with the period type (2023 → 2023-01 for a monthly one).
          if (changed.periodType && all.definition?.effectiveFrom) {
            const converted = convertPeriod(all.definition.effectiveFrom, changed.periodType);
            if (converted) form.setFieldValue(['definition', 'effectiveFrom'], converted);
          }
          if (changed.source === 'derived') form.setFieldValue(['definition', 'aggregation', 'kind'], 'simple');
          if (changed.derivation === LEDGER_DERIVATION) form.setFieldValue(['definition', 'aggregation'], { kind: 'simple', tree: 'sum', time: 'sum' });
        }}
      >
        <Row gutter={12}>
          <Col xs={24} sm={10}>
            <Form.Item
              label="编码"
              name="code"
              normalize={normalizeCode}
              extra="大写字母开头，字母、数字、下划线，如 DY_WFJL"
              rules={[
                { required: true, whitespace: true, message: '请填写编码' },
                { pattern: /^_*[A-Z][A-Z0-9_]{1,39}$/, message: '编码须以字母开头，由字母、数字和下划线组成（2–40 位）' },
              ]}
            >
              <Input autoComplete="off" spellCheck={false} style={{ fontFamily: 'monospace' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            <Form.Item label="名称" name="name" rules={[{ required: true, whitespace: true, message: '请填写指标名称' }, { max: 100, message: '名称不超过100个字' }]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item label="计量单位" name="unit" rules={[{ required: true, whitespace: true, message: '请填写计量单位' }, { max: 20, message: '不超过20个字' }]}>
              <Input autoComplete="off" placeholder="如 个、人、%" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item label="填报周期" name="periodType" rules={[{ required: true, message: '请选择填报周期' }]}>
              <Select options={Object.entries(PERIOD_TYPE_ZH).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item label="方向" name="direction" rules={[{ required: true, message: '请选择方向' }]}>
              <Radio.Group optionType="button" options={Object.entries(DIRECTION_ZH).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item label="牵头部门" name="departmentId">
              <Select allowClear placeholder="默认为本人所在部门" options={departments} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item label="数据来源" name="source">
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'entered', label: '单位填报' },
                  { value: 'derived', label: '台账派生' },
                ]}
              />
            </Form.Item>
          </Col>
        </Row>
        {source === 'derived' && (
          <Form.Item label="派生自" name="derivation" rules={[{ required: true, message: '请选择数据来源' }]} extra="由系统按台账记录自动计算，无需各单位填报。">
            <Select loading={!derivations} options={(derivations ?? []).map((d) => ({ value: d.key, label: d.label }))} placeholder="选择台账数据" />
          </Form.Item>
        )}
        {ledger && <RecordQueryFields form={form} prefix={['definition', 'recordQuery']} previewPeriod={effectiveFrom} />}
        <Form.Item label="说明" name="description">
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Divider titlePlacement="start" plain>
          口径（第 1 版）
        </Divider>
        <DefinitionFields form={form} prefix={['definition']} periodType={periodType} indicators={indicators} simpleOnly={source === 'derived'} fixedSum={ledger} selfCode={code} />
      </Form>
    </Drawer>
  );
}
