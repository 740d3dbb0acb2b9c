import { useEffect, useState } from 'react';
import { Alert, Button, Card, Col, Form, Input, Radio, Row, Select, Space, TreeSelect, Typography, type FormInstance } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import {
  CASE_STATUSES,
  CASE_STATUS_ZH,
  DATE_BASES,
  HONOUR_LEVELS,
  HONOUR_LEVEL_ZH,
  PROJECT_STATUSES,
  PROJECT_STATUS_ZH,
  RECORD_KINDS,
  RECORD_KIND_ZH,
  SUM_FIELDS,
  type RecordKind,
  type RecordQuery,
} from '../../../shared/ledger';
import { parsePeriod, periodEndDate, periodStartDate } from '../../../shared/periods';
import { api } from '../../api';
import { errorText } from '../../components/applyServerErrors';
import { attributesOf, categoryTree } from '../ledger/display';
import type { Category } from '../ledger/types';
import type { DefinitionInput } from './types';

/** The derivation whose indicators are defined by a record query. */
export const LEDGER_DERIVATION = 'ledger.records';

/** Form values of a record query; `attrKey`/`attrValue` become `attribute`. */
export interface RecordQueryValues {
  kind?: RecordKind;
  measure?: 'count' | 'sum';
  field?: string | null;
  categoryCode?: string;
  dateBasis?: string;
  statuses?: string[];
  levels?: string[];
  attribute?: { key?: string; value?: string } | null;
}

export const DEFAULT_RECORD_QUERY: RecordQueryValues = { kind: 'activity', measure: 'count', dateBasis: DATE_BASES.activity[0].key, statuses: [], levels: [] };

/** The query as the API takes it: only what applies to the kind and measure. */
export function recordQueryPayload(v: RecordQueryValues | undefined): NonNullable<DefinitionInput['recordQuery']> {
  const kind = v?.kind ?? 'activity';
  const statuses = kind === 'case' || kind === 'project' ? (v?.statuses ?? []) : [];
  const levels = kind === 'honour' ? (v?.levels ?? []) : [];
  const attrKey = v?.attribute?.key;
  return {
    kind,
    measure: v?.measure ?? 'count',
    field: v?.measure === 'sum' ? (v.field ?? null) : null,
    categoryCode: v?.categoryCode ?? '',
    dateBasis: v?.dateBasis ?? DATE_BASES[kind][0].key,
    statuses: statuses.length ? (statuses as NonNullable<DefinitionInput['recordQuery']>['statuses']) : null,
    levels: levels.length ? (levels as RecordQuery['levels']) : null,
    attribute: attrKey ? { key: attrKey, value: v?.attribute?.value ?? '' } : null,
  };
}

/** A stored query as form values (a new version starts from the current one). */
export const recordQueryValues = (q: RecordQuery | null | undefined): RecordQueryValues =>
  q ? { ...q, statuses: q.statuses ?? [], levels: q.levels ?? [], attribute: q.attribute ?? null } : DEFAULT_RECORD_QUERY;

const STATUS_OPTIONS: Partial<Record<RecordKind, { value: string; label: string }[]>> = {
  case: CASE_STATUSES.map((s) => ({ value: s, label: CASE_STATUS_ZH[s] })),
  project: PROJECT_STATUSES.map((s) => ({ value: s, label: PROJECT_STATUS_ZH[s] })),
};

interface RecordQueryFieldsProps {
  form: FormInstance;
  /** Where the query sits in the form, e.g. ['definition', 'recordQuery']. */
  prefix: string[];
  /** Period whose dates the preview counts over (the definition's effective-from). */
  previewPeriod?: string;
}

/**
 * 台账查询: what a derived indicator counts or sums — records of one kind in a category (with
 * its sub-categories), placed in a period by one of their dates, optionally narrowed by status,
 * level or an attribute value. 预览 runs it for the account's area.
 */
export function RecordQueryFields({ form, prefix, previewPeriod }: RecordQueryFieldsProps) {
  const name = (...rest: string[]) => [...prefix, ...rest];
  const kind = (Form.useWatch(name('kind'), form) as RecordKind | undefined) ?? 'activity';
  const measure = Form.useWatch(name('measure'), form) as 'count' | 'sum' | undefined;
  const categoryCode = Form.useWatch(name('categoryCode'), form) as string | undefined;
  const attrKey = Form.useWatch(name('attribute', 'key'), form) as string | undefined;
  const [categories, setCategories] = useState<Category[] | null>(null);
  const [preview, setPreview] = useState<{ text?: string; error?: string; busy?: boolean } | null>(null);

  useEffect(() => {
    let cancelled = false;
    setCategories(null);
    api
      .get<Category[]>('/api/ledger/categories', { kind })
      .then((c) => !cancelled && setCategories(c))
      .catch(() => !cancelled && setCategories([]));
    return () => {
      cancelled = true;
    };
  }, [kind]);

  const category = categories?.find((c) => c.code === categoryCode);
  const attrs = attributesOf(category);
  const numeric = attrs.filter((a) => a.type === 'number');
  const fieldOptions = [...SUM_FIELDS[kind].map((f) => ({ value: f.key, label: f.label })), ...numeric.map((a) => ({ value: `attr:${a.key}`, label: `${a.label}（扩展属性）` }))];
  const attrDef = attrs.find((a) => a.key === attrKey);

  const runPreview = async () => {
    const period = parsePeriod(previewPeriod ?? '') ?? parsePeriod(String(new Date().getFullYear()))!;
    const from = periodStartDate(period);
    const to = periodEndDate(period);
    setPreview({ busy: true });
    try {
      const r = await api.post<{ unit: { name: string }; value: number; units: number; rule: string }>('/api/ledger/query-preview', { query: recordQueryPayload(form.getFieldValue(prefix)), from, to });
      setPreview({ text: `${r.unit.name} ${from} 至 ${to}：${r.value.toLocaleString('zh-CN')}（来自 ${r.units} 个单位）。${r.rule}` });
    } catch (err) {
      setPreview({ error: errorText(err) });
    }
  };

  // Another kind has other categories, dates, fields and filters.
  const resetForKind = (k: RecordKind) =>
    form.setFieldValue(prefix, { kind: k, measure: form.getFieldValue(name('measure')) ?? 'count', field: null, categoryCode: undefined, dateBasis: DATE_BASES[k][0].key, statuses: [], levels: [], attribute: null });

  return (
    <Card size="small" title="统计的台账记录" style={{ marginBottom: 16 }} data-testid="record-query-fields">
      <Row gutter={12}>
        <Col xs={24} sm={8}>
          <Form.Item label="台账" name={name('kind')} rules={[{ required: true, message: '请选择台账' }]}>
            <Select options={RECORD_KINDS.map((k) => ({ value: k, label: `${RECORD_KIND_ZH[k]}台账` }))} onChange={(k: RecordKind) => resetForKind(k)} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={16}>
          <Form.Item label="台账类别" name={name('categoryCode')} rules={[{ required: true, message: '请选择台账类别' }]} extra="含该类别的全部下级类别">
            <TreeSelect
              loading={!categories}
              treeData={categoryTree(categories ?? [], { valueOf: (c) => c.code, keep: (c) => c.code === categoryCode })}
              treeDefaultExpandAll
              showSearch={{ treeNodeFilterProp: 'title' }}
              placeholder="选择类别"
              onChange={() => {
                form.setFieldValue(name('attribute'), null);
                if (String(form.getFieldValue(name('field')) ?? '').startsWith('attr:')) form.setFieldValue(name('field'), null);
              }}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item label="统计方式" name={name('measure')} rules={[{ required: true, message: '请选择统计方式' }]}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'count', label: '计数' },
                { value: 'sum', label: '求和' },
              ]}
            />
          </Form.Item>
        </Col>
        {measure === 'sum' && (
          <Col xs={24} sm={8}>
            <Form.Item label="求和字段" name={name('field')} rules={[{ required: true, message: '请选择求和字段' }]}>
              <Select options={fieldOptions} placeholder="选择字段" notFoundContent="该台账没有可求和的数值字段" />
            </Form.Item>
          </Col>
        )}
        <Col xs={24} sm={8}>
          <Form.Item label="日期口径" name={name('dateBasis')} rules={[{ required: true, message: '请选择日期口径' }]} extra="按哪个日期计入期次">
            <Select options={DATE_BASES[kind].map((d) => ({ value: d.key, label: d.label }))} />
          </Form.Item>
        </Col>
        {STATUS_OPTIONS[kind] && (
          <Col xs={24} sm={12}>
            <Form.Item label="只统计状态" name={name('statuses')} extra="不选则统计全部状态">
              <Select mode="multiple" allowClear options={STATUS_OPTIONS[kind]} placeholder="全部状态" />
            </Form.Item>
          </Col>
        )}
        {kind === 'honour' && (
          <Col xs={24} sm={12}>
            <Form.Item label="只统计级别" name={name('levels')} extra="如“金华市级及以上”选国家级、省级、金华市级">
              <Select mode="multiple" allowClear options={HONOUR_LEVELS.map((l) => ({ value: l, label: HONOUR_LEVEL_ZH[l] }))} placeholder="全部级别" />
            </Form.Item>
          </Col>
        )}
        <Col xs={24} sm={12}>
          <Form.Item label="按扩展属性筛选" extra={attrs.length ? '可选：只统计该属性为某值的记录' : '所选类别没有扩展属性'} style={{ marginBottom: 16 }}>
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item name={name('attribute', 'key')} noStyle>
                <Select allowClear placeholder="属性" disabled={!attrs.length} options={attrs.map((a) => ({ value: a.key, label: a.label }))} style={{ width: '45%' }} aria-label="筛选属性" onChange={() => form.setFieldValue(name('attribute', 'value'), undefined)} />
              </Form.Item>
              <Form.Item name={name('attribute', 'value')} noStyle rules={[{ required: !!attrKey, message: '请填写属性值' }]}>
                {attrDef?.type === 'choice' ? (
                  <Select placeholder="值" options={(attrDef.options ?? []).map((o) => ({ value: o, label: o }))} style={{ width: '55%' }} aria-label="属性值" />
                ) : (
                  <Input placeholder="值" disabled={!attrKey} style={{ width: '55%' }} aria-label="属性值" maxLength={100} />
                )}
              </Form.Item>
            </Space.Compact>
          </Form.Item>
        </Col>
      </Row>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
        每条记录计入其所属单位（活动的组织单位、事项的承办单位、项目的牵头单位、荣誉的获得单位），逐级汇总，因此汇总规则固定为“求和 / 求和”。
      </Typography.Paragraph>
      <Space wrap align="start">
        <Button icon={<EyeOutlined />} loading={preview?.busy} onClick={() => void runPreview()}>
          预览
        </Button>
        {preview?.text && <Alert type="success" showIcon title={preview.text} data-testid="record-query-preview" />}
        {preview?.error && <Alert type="error" showIcon title={preview.error} />}
      </Space>
    </Card>
  );
}
