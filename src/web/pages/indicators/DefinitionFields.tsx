import { Col, Form, Input, InputNumber, Radio, Row, Select, Typography, type FormInstance } from 'antd';
import { ApiError } from '../../api';
import { PeriodInput } from './PeriodInput';
import { TIME_RULE_OPTIONS, TREE_RULE_OPTIONS, normalizePeriod, periodProblem } from './format';
import type { Aggregation, DefinitionInput, Indicator, PeriodType } from './types';

/** Form values of a definition (口径): the API's shape, so server error paths name form fields. */
export interface DefinitionValues {
  effectiveFrom: string;
  aggregation: {
    kind: Aggregation['kind'];
    tree?: 'sum' | 'avg' | 'max' | 'min';
    time?: 'sum' | 'avg' | 'max' | 'min' | 'latest';
    numerator?: string;
    denominator?: string;
    scale?: number | null;
    expression?: string;
  };
  valueKind: 'integer' | 'decimal';
  minValue?: number | null;
  maxValue?: number | null;
  notAbove?: string | null;
  note?: string | null;
}

export const DEFAULT_DEFINITION = (effectiveFrom: string): DefinitionValues => ({
  effectiveFrom,
  aggregation: { kind: 'simple', tree: 'sum', time: 'sum' },
  valueKind: 'integer',
});

/** A definition's form values from a stored version (to start a new version from the current one). */
export function definitionValues(d: { effectiveFrom: string; aggregation: Aggregation; valueKind: 'integer' | 'decimal'; minValue: number | null; maxValue: number | null; notAbove: string | null; note: string | null }): DefinitionValues {
  return { effectiveFrom: d.effectiveFrom, aggregation: { ...d.aggregation }, valueKind: d.valueKind, minValue: d.minValue, maxValue: d.maxValue, notAbove: d.notAbove, note: d.note };
}

/** Only the fields of the chosen kind are sent; values typed for another kind are dropped. */
export function definitionPayload(v: DefinitionValues): DefinitionInput {
  const a = v.aggregation;
  const aggregation: Aggregation =
    a.kind === 'ratio'
      ? { kind: 'ratio', numerator: a.numerator ?? '', denominator: a.denominator ?? '', scale: a.scale ?? 100 }
      : a.kind === 'formula'
        ? { kind: 'formula', expression: (a.expression ?? '').trim() }
        : { kind: 'simple', tree: a.tree ?? 'sum', time: a.time ?? 'sum' };
  return {
    effectiveFrom: normalizePeriod(v.effectiveFrom) ?? v.effectiveFrom?.trim() ?? '',
    aggregation,
    valueKind: v.valueKind,
    minValue: v.minValue ?? null,
    maxValue: v.maxValue ?? null,
    notAbove: v.notAbove || null,
    note: v.note?.trim() || null,
  };
}

/**
 * The server names "definition.aggregation" when a reference is wrong, which is not one field
 * of the form: point it at the field of the chosen kind. `prefix` adds the form's path in front
 * of issues that the endpoint reports relative to the definition (POST …/versions).
 */
export function remapDefinitionIssues(err: unknown, kind: Aggregation['kind'] | undefined, prefix = ''): unknown {
  if (!(err instanceof ApiError) || !err.fieldIssues.length) return err;
  const field = kind === 'ratio' ? 'numerator' : kind === 'formula' ? 'expression' : 'tree';
  const details = err.fieldIssues.map((i) => {
    let path = prefix && !i.path.startsWith(prefix) ? `${prefix}${i.path}` : i.path;
    if (path.endsWith('.aggregation') || path.endsWith('.aggregation.kind')) path = `${path.replace(/\.kind$/, '')}.${field}`;
    return { ...i, path };
  });
  return new ApiError(err.status, err.code, err.message, details);
}

interface DefinitionFieldsProps {
  form: FormInstance;
  /** Where the definition sits in the form's values, e.g. ['definition']. */
  prefix: string[];
  periodType: PeriodType | undefined;
  /** Other indicators, for a ratio's parts and the "not above" rule (same period type only). */
  indicators: Indicator[] | null;
  /** Derived indicators aggregate with a simple rule only. */
  simpleOnly?: boolean;
  /** Ledger-derived indicators always sum (down the tree and over periods). */
  fixedSum?: boolean;
  /** Code of the indicator being defined, left out of the pickers. */
  selfCode?: string;
}

/** 汇总规则、取值范围和生效期次: the parts of an indicator that change by version. */
export function DefinitionFields({ form, prefix, periodType, indicators, simpleOnly, fixedSum, selfCode }: DefinitionFieldsProps) {
  const name = (...rest: string[]) => [...prefix, ...rest];
  const kind = Form.useWatch(name('aggregation', 'kind'), form) as Aggregation['kind'] | undefined;
  const peers = (indicators ?? []).filter((i) => i.code !== selfCode && (!periodType || i.periodType === periodType) && !i.archived);
  const codeOptions = peers.map((i) => ({ value: i.code, label: `${i.name}（${i.code}）` }));
  const codeSelect = (placeholder: string) => (
    <Select
      showSearch={{ optionFilterProp: 'label' }}
      options={codeOptions}
      placeholder={placeholder}
      allowClear
      notFoundContent={periodType ? '没有同一填报周期的指标' : '请先选择填报周期'}
    />
  );

  return (
    <>
      <Form.Item
        label="生效期次"
        name={name('effectiveFrom')}
        extra="自该期次起按本口径汇总；此前的数据仍按原口径。"
        rules={[
          { required: true, message: '请填写生效期次' },
          {
            validator: async (_r, v?: string) => {
              if (!v) return;
              const problem = periodProblem(normalizePeriod(v), periodType, true);
              if (problem) throw new Error(problem);
            },
          },
        ]}
      >
        <PeriodInput periodType={periodType} />
      </Form.Item>
      <Form.Item label="汇总规则" name={name('aggregation', 'kind')} rules={[{ required: true, message: '请选择汇总规则' }]}>
        <Radio.Group
          optionType="button"
          options={[
            { value: 'simple', label: '直接汇总' },
            { value: 'ratio', label: '比值', disabled: simpleOnly },
            { value: 'formula', label: '公式', disabled: simpleOnly },
          ]}
        />
      </Form.Item>
      {(kind ?? 'simple') === 'simple' && (
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item label="下级汇总到上级" name={name('aggregation', 'tree')} rules={[{ required: true, message: '请选择' }]}>
              <Select options={TREE_RULE_OPTIONS} disabled={fixedSum} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item label="多期合并" name={name('aggregation', 'time')} rules={[{ required: true, message: '请选择' }]} extra="流量（如案件数）求和；存量（如人数）取最新。">
              <Select options={TIME_RULE_OPTIONS} disabled={fixedSum} />
            </Form.Item>
          </Col>
        </Row>
      )}
      {kind === 'ratio' && (
        <>
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item label="分子指标" name={name('aggregation', 'numerator')} rules={[{ required: true, message: '请选择分子指标' }]}>
                {codeSelect('选择分子')}
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item label="分母指标" name={name('aggregation', 'denominator')} rules={[{ required: true, message: '请选择分母指标' }]}>
                {codeSelect('选择分母')}
              </Form.Item>
            </Col>
          </Row>
          <Form.Item label="乘以" name={name('aggregation', 'scale')} extra="百分比填 100，千分比填 1000。分子、分母各自汇总后再相除。">
            <InputNumber min={0.000001} placeholder="100" style={{ width: 160 }} />
          </Form.Item>
        </>
      )}
      {kind === 'formula' && (
        <Form.Item
          label="公式"
          name={name('aggregation', 'expression')}
          rules={[{ required: true, whitespace: true, message: '请填写公式' }]}
          extra={
            <span>
              用指标编码和 + − × ÷（写作 * /）及括号组成，如 <Typography.Text code>DY_WF / DY_ZS * 1000</Typography.Text>。可用编码：
              {peers.length ? peers.slice(0, 12).map((p) => p.code).join('、') + (peers.length > 12 ? ' 等' : '') : '（无同周期指标）'}
            </span>
          }
        >
          <Input.TextArea rows={2} maxLength={500} autoComplete="off" spellCheck={false} style={{ fontFamily: 'monospace' }} />
        </Form.Item>
      )}
      <Row gutter={12}>
        <Col xs={24} sm={8}>
          <Form.Item label="数值类型" name={name('valueKind')}>
            <Select
              options={[
                { value: 'integer', label: '整数' },
                { value: 'decimal', label: '小数' },
              ]}
            />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item label="最小值" name={name('minValue')}>
            <InputNumber style={{ width: '100%' }} placeholder="不限" />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item label="最大值" name={name('maxValue')}>
            <InputNumber style={{ width: '100%' }} placeholder="不限" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label="不得大于（同单位同期）" name={name('notAbove')} extra="填报校验：如“违纪党员数”不得大于“党员总数”。">
        {codeSelect('不设置')}
      </Form.Item>
      <Form.Item label="口径说明" name={name('note')}>
        <Input.TextArea rows={2} maxLength={500} placeholder="统计范围、口径依据等" />
      </Form.Item>
    </>
  );
}
