import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, App, Button, Card, DatePicker, Flex, Form, Input, Radio, Select, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api, ApiError } from '../../api';
import { errorText } from '../../components/applyServerErrors';
import { OrgUnitMultiPicker } from '../../components/OrgUnitMultiPicker';
import { PERIOD_TYPE_ZH, periodOptions } from './display';
import type { CreatedNotice, IndicatorItem, PeriodType, TaskCreated } from './types';

type Scope = 'villages' | 'towns' | 'units';

interface CreateValues {
  title: string;
  periodType: PeriodType;
  period: string;
  deadline: Dayjs;
  indicatorIds: number[];
  scope: Scope;
  unitIds?: number[];
  note?: string;
}

/** The unit types each scope choice sends; the server picks them inside the issuer's area. */
const SCOPE_TYPES: Record<Exclude<Scope, 'units'>, string[]> = {
  villages: ['village', 'community'],
  towns: ['town', 'street'],
};

/** Server field names → the form's fields (the scope radio stands for unitTypes). */
const FIELD_OF: Record<string, keyof CreateValues> = {
  title: 'title',
  period: 'period',
  deadline: 'deadline',
  indicatorIds: 'indicatorIds',
  unitTypes: 'scope',
  unitIds: 'unitIds',
  note: 'note',
};

/** Ratio and formula indicators are computed from others and are never asked for. */
const collectable = (i: IndicatorItem) => !i.archived && i.definition?.aggregation && !['ratio', 'formula'].includes((i.definition.aggregation as { kind: string }).kind);

/**
 * 下发任务: what to collect (indicators of one period type), for which period, from whom, by
 * when. Afterwards the issuer lands on the live progress board of the new task.
 */
export default function TaskCreatePage() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<CreateValues>();
  const periodType = Form.useWatch('periodType', form) ?? 'year';
  const scope = Form.useWatch('scope', form) ?? 'villages';
  const [indicators, setIndicators] = useState<IndicatorItem[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    setIndicators(null);
    api
      .get<IndicatorItem[]>('/api/indicators', { periodType })
      .then((list) => {
        if (cancelled) return;
        setIndicators(list.filter(collectable));
        setLoadError(null);
        // Indicators of another period type cannot go into this task.
        const ok = new Set(list.map((i) => i.id));
        const picked = form.getFieldValue('indicatorIds') as number[] | undefined;
        if (picked?.some((id) => !ok.has(id))) form.setFieldValue('indicatorIds', picked.filter((id) => ok.has(id)));
      })
      .catch((err) => !cancelled && setLoadError(errorText(err)));
    return () => {
      cancelled = true;
    };
  }, [periodType, form]);

  const year = new Date().getFullYear();
  const periods = useMemo(() => periodOptions(periodType, [year - 3, year - 2, year - 1, year, year + 1]), [periodType, year]);

  const submit = async (v: CreateValues) => {
    setBusy(true);
    setError(null);
    try {
      const created = await api.post<TaskCreated>('/api/tasks', {
        title: v.title,
        period: v.period,
        deadline: v.deadline.toISOString(),
        indicatorIds: v.indicatorIds,
        ...(v.scope === 'units' ? { unitIds: v.unitIds ?? [] } : { unitTypes: SCOPE_TYPES[v.scope] }),
        note: v.note?.trim() || null,
      });
      const notice: CreatedNotice = { units: created.units, indicators: created.indicators, overlaps: created.overlaps };
      message.success('任务已下发');
      navigate(`/tasks/${created.id}`, { state: { created: notice } });
    } catch (err) {
      if (!showFieldErrors(err)) setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const showFieldErrors = (err: unknown): boolean => {
    if (!(err instanceof ApiError)) return false;
    const byField = new Map<keyof CreateValues, string[]>();
    for (const i of err.fieldIssues) {
      let field = FIELD_OF[i.path.split('.')[0]];
      if (field === 'unitIds' && form.getFieldValue('scope') !== 'units') field = 'scope';
      if (field) byField.set(field, [...(byField.get(field) ?? []), i.message]);
    }
    if (!byField.size) return false;
    form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
    form.scrollToField([...byField.keys()][0], { block: 'center' });
    return true;
  };

  const indicatorOptions = (indicators ?? []).map((i) => ({
    value: i.id,
    label: `${i.name}（${i.unit}）`,
    search: `${i.name} ${i.code}`,
    derived: i.source === 'derived',
    code: i.code,
  }));

  return (
    <Card title="下发填报任务" size="small" style={{ maxWidth: 760 }}>
      {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 12 }} />}
      <Form<CreateValues>
        form={form}
        layout="vertical"
        initialValues={{ periodType: 'year', scope: 'villages', deadline: dayjs().add(7, 'day').hour(17).minute(30).second(0) }}
        onFinish={(v) => void submit(v)}
        onValuesChange={(changed) => {
          if ('periodType' in changed) form.setFieldValue('period', undefined);
        }}
      >
        <Form.Item label="任务名称" name="title" rules={[{ required: true, whitespace: true, message: '请填写任务名称' }]}>
          <Input maxLength={100} placeholder="如：2026年度村社基本情况统计" />
        </Form.Item>
        <Form.Item label="填报周期" name="periodType">
          <Radio.Group optionType="button" options={(Object.keys(PERIOD_TYPE_ZH) as PeriodType[]).map((t) => ({ value: t, label: PERIOD_TYPE_ZH[t] }))} />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item label="期次" name="period" rules={[{ required: true, message: '请选择期次' }]} style={{ flex: '1 1 220px' }}>
            <Select options={periods} placeholder="请选择" showSearch={{ optionFilterProp: 'label' }} />
          </Form.Item>
          <Form.Item label="截止时间" name="deadline" rules={[{ required: true, message: '请选择截止时间' }]} style={{ flex: '1 1 220px' }}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        <Form.Item
          label="填报指标"
          name="indicatorIds"
          rules={[{ required: true, message: '请至少选择一个指标' }]}
          extra={loadError ?? `只列出${PERIOD_TYPE_ZH[periodType]}填报的指标；由其他指标计算得出的指标无需填报，不在此列。`}
        >
          <Select
            mode="multiple"
            loading={!indicators && !loadError}
            placeholder="输入指标名称或编码搜索"
            options={indicatorOptions}
            showSearch={{ optionFilterProp: 'search' }}
            optionRender={(o) => (
              <Flex gap={6} align="center" wrap>
                <span>{o.data.label}</span>
                <span style={{ color: '#999', fontSize: 12 }}>{o.data.code}</span>
                {o.data.derived && <Tag color="blue">自动生成</Tag>}
              </Flex>
            )}
            notFoundContent={indicators ? `没有${PERIOD_TYPE_ZH[periodType]}填报的指标` : '加载中…'}
          />
        </Form.Item>
        <Form.Item label="填报单位" name="scope">
          <Radio.Group
            options={[
              { value: 'villages', label: '全部行政村和社区' },
              { value: 'towns', label: '全部镇街' },
              { value: 'units', label: '指定单位' },
            ]}
          />
        </Form.Item>
        {scope === 'units' && (
          <Form.Item name="unitIds" label="指定填报单位" rules={[{ required: true, message: '请至少选择一个单位' }]}>
            <OrgUnitMultiPicker />
          </Form.Item>
        )}
        <Form.Item label="填报说明" name="note">
          <Input.TextArea rows={3} maxLength={1000} showCount placeholder="口径、注意事项等，将显示在每个单位的填报表上" />
        </Form.Item>
        <Flex gap={8} wrap>
          <Button type="primary" htmlType="submit" loading={busy}>
            下发任务
          </Button>
          <Button onClick={() => navigate('/tasks')} disabled={busy}>
            取消
          </Button>
        </Flex>
      </Form>
    </Card>
  );
}
