import { useRef, useState } from 'react';
import { Alert, Button, Card, Col, Flex, Form, Input, InputNumber, Radio, Row, Select, Space, Tooltip, Typography, type FormInstance } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { NORMALIZATIONS, NORMALIZATION_ZH, type NormalizationKind } from '../../../shared/assessment';
import { isFinerOrSame, type PeriodType } from '../../../shared/periods';
import { IndicatorPicker } from '../indicators/IndicatorPicker';
import { DEFAULT_RECORD_QUERY, RecordQueryFields, recordQueryPayload, recordQueryValues, type RecordQueryValues } from '../indicators/RecordQueryFields';
import { fmtNum } from '../indicators/format';
import type { Indicator } from '../indicators/types';
import type { SchemeCreateInput, SchemeDetail } from './types';

type Definition = SchemeCreateInput['definition'];
type MeasureKind = 'indicator' | 'records' | 'overdueCases';

/** Form values of the rules: the API's definition, with record queries in the form's shape. */
export interface RuleValues {
  items: {
    key?: string;
    label?: string;
    indicatorCode?: string;
    weight?: number | null;
    normalization: { kind: NormalizationKind; target?: number | null; bands?: { min?: number | null; max?: number | null; score?: number | null }[] };
  }[];
  adjustments: { key?: string; label?: string; direction: 'bonus' | 'penalty'; measure: MeasureValues; pointsPer?: number | null; cap?: number | null }[];
  vetoes: { key?: string; label?: string; measure: MeasureValues; atLeast?: number | null }[];
  grades: { label?: string; min?: number | null }[];
  bonusCap?: number | null;
}

interface MeasureValues {
  kind: MeasureKind;
  indicatorCode?: string;
  query?: RecordQueryValues;
}

export const DEFAULT_RULES: RuleValues = {
  items: [{ label: '', normalization: { kind: 'minmax' } }],
  adjustments: [],
  vetoes: [],
  grades: [
    { label: '优秀', min: 85 },
    { label: '良好', min: 70 },
    { label: '合格', min: 60 },
  ],
  bonusCap: null,
};

const measureValues = (m: SchemeDetail['definition']['adjustments'][number]['measure']): MeasureValues =>
  m.kind === 'records' ? { kind: 'records', query: recordQueryValues(m.query) } : m.kind === 'indicator' ? { kind: 'indicator', indicatorCode: m.indicatorCode } : { kind: 'overdueCases' };

/** A stored definition as form values (editing starts from the current version). */
export function ruleValues(d: SchemeDetail['definition']): RuleValues {
  return {
    items: d.items.map((it) => ({
      key: it.key,
      label: it.label,
      indicatorCode: it.indicatorCode,
      weight: it.weight,
      normalization: it.normalization.kind === 'bands' ? { kind: 'bands', bands: it.normalization.bands.map((b) => ({ ...b })) } : it.normalization.kind === 'target' ? { kind: 'target', target: it.normalization.target ?? null } : { kind: it.normalization.kind },
    })),
    adjustments: d.adjustments.map((a) => ({ key: a.key, label: a.label, direction: a.direction, measure: measureValues(a.measure), pointsPer: a.pointsPer, cap: a.cap })),
    vetoes: d.vetoes.map((v) => ({ key: v.key, label: v.label, measure: measureValues(v.measure), atLeast: v.atLeast })),
    grades: d.grades.map((g) => ({ ...g })),
    bonusCap: d.bonusCap ?? null,
  };
}

const KEY_PATTERN = /^[A-Za-z0-9_-]+$/;

/**
 * The rules as the API takes them. Keys the user left empty are made from the position
 * (item1, adj2, veto1…) and kept unique across items, adjustments and vetoes.
 */
export function rulesPayload(v: RuleValues): Definition {
  v = { items: v.items ?? [], adjustments: v.adjustments ?? [], vetoes: v.vetoes ?? [], grades: v.grades ?? [], bonusCap: v.bonusCap };
  const taken = new Set([...v.items, ...v.adjustments, ...v.vetoes].map((x) => x.key?.trim()).filter((k): k is string => !!k));
  const keyOf = (given: string | undefined, prefix: string, i: number) => {
    const k = given?.trim();
    if (k) return k;
    let candidate = `${prefix}${i + 1}`;
    for (let n = 2; taken.has(candidate); n++) candidate = `${prefix}${i + 1}_${n}`;
    taken.add(candidate);
    return candidate;
  };
  const measure = (m: MeasureValues) =>
    m.kind === 'records' ? { kind: 'records' as const, query: recordQueryPayload(m.query) } : m.kind === 'indicator' ? { kind: 'indicator' as const, indicatorCode: m.indicatorCode ?? '' } : { kind: 'overdueCases' as const };
  const n = (x: number | null | undefined) => (x == null ? undefined : x);
  return {
    items: v.items.map((it, i) => ({
      key: keyOf(it.key, 'item', i),
      label: (it.label ?? '').trim(),
      indicatorCode: it.indicatorCode ?? '',
      weight: n(it.weight) as number,
      normalization:
        it.normalization.kind === 'target'
          ? { kind: 'target' as const, target: it.normalization.target ?? null }
          : it.normalization.kind === 'bands'
            ? { kind: 'bands' as const, bands: (it.normalization.bands ?? []).map((b) => ({ min: b.min ?? null, max: b.max ?? null, score: n(b.score) as number })) }
            : { kind: it.normalization.kind },
    })),
    adjustments: v.adjustments.map((a, i) => ({ key: keyOf(a.key, a.direction === 'bonus' ? 'bonus' : 'penalty', i), label: (a.label ?? '').trim(), direction: a.direction, measure: measure(a.measure), pointsPer: n(a.pointsPer) as number, cap: n(a.cap) as number })),
    vetoes: v.vetoes.map((x, i) => ({ key: keyOf(x.key, 'veto', i), label: (x.label ?? '').trim(), measure: measure(x.measure), atLeast: n(x.atLeast) as number })),
    grades: v.grades.map((g) => ({ label: (g.label ?? '').trim(), min: n(g.min) as number })),
    bonusCap: v.bonusCap ?? null,
  };
}

interface RuleFieldsProps {
  form: FormInstance;
  indicators: Indicator[] | null;
  periodType: PeriodType;
  /** Number of adjustments and vetoes at mount: their rows are managed here (see useRows). */
  initialCounts: { adjustments: number; vetoes: number };
}

/** 计分规则: weighted items, bonuses and penalties, vetoes, grades and the bonus cap. */
export function RuleFields({ form, indicators, periodType, initialCounts }: RuleFieldsProps) {
  return (
    <>
      <ItemsCard form={form} indicators={indicators} periodType={periodType} />
      <AdjustmentsCard form={form} indicators={indicators} periodType={periodType} initialCount={initialCounts.adjustments} />
      <VetoesCard form={form} indicators={indicators} periodType={periodType} initialCount={initialCounts.vetoes} />
      <GradesCard />
    </>
  );
}

/** The indicator picker by code (the API's currency), offering indicators usable at this period type. */
function IndicatorCodePicker({ indicators, periodType, value, onChange, id, onPicked, ...rest }: { indicators: Indicator[] | null; periodType: PeriodType; value?: string; onChange?: (code: string | undefined) => void; id?: string; onPicked?: (i: Indicator) => void; 'aria-label'?: string }) {
  const current = indicators?.find((i) => i.code === value);
  return (
    <IndicatorPicker
      {...rest}
      id={id}
      indicators={indicators}
      value={current?.id}
      // Indicators reported less often than the scheme runs cannot fill its periods.
      filter={(i) => i.code === value || (!i.archived && isFinerOrSame(i.periodType, periodType))}
      onChange={(_id, ind) => {
        onChange?.(ind?.code);
        if (ind) onPicked?.(ind);
      }}
      style={{ width: '100%' }}
    />
  );
}

const KEY_RULES = [{ pattern: KEY_PATTERN, message: '编号只能包含字母、数字、下划线和短横线' }];

function KeyField({ name }: { name: (string | number)[] }) {
  return (
    <Tooltip title="用于导出和比对的编号；不填则按位置自动生成">
      <Form.Item name={name} rules={KEY_RULES} style={{ marginBottom: 0 }}>
        <Input size="small" placeholder="编号（自动）" maxLength={30} style={{ width: 120 }} aria-label="编号" />
      </Form.Item>
    </Tooltip>
  );
}

function RowActions({ index, count, onMove, onRemove, what }: { index: number; count: number; onMove: (from: number, to: number) => void; onRemove: () => void; what: string }) {
  return (
    <Space size={0}>
      <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => onMove(index, index - 1)} aria-label={`上移第${index + 1}个${what}`} />
      <Button type="text" size="small" icon={<ArrowDownOutlined />} disabled={index === count - 1} onClick={() => onMove(index, index + 1)} aria-label={`下移第${index + 1}个${what}`} />
      <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={onRemove} aria-label={`删除第${index + 1}个${what}`} />
    </Space>
  );
}

function ItemsCard({ form, indicators, periodType }: { form: FormInstance; indicators: Indicator[] | null; periodType: PeriodType }) {
  const items = (Form.useWatch(['definition', 'items'], form) as RuleValues['items'] | undefined) ?? [];
  const total = Math.round(items.reduce((s, it) => s + (Number(it?.weight) || 0), 0) * 100) / 100;
  return (
    <Card
      size="small"
      title="计分项目"
      style={{ marginBottom: 16 }}
      data-testid="items-card"
      extra={
        <span data-testid="weight-total" style={{ color: total === 100 ? '#389e0d' : '#d46b08', fontWeight: 500 }}>
          权重合计 {fmtNum(total)} 分
        </span>
      }
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        每个项目取一个指标本期的数值，按计分方式换算为 0–100% 的得分率，乘以权重即为该项得分；各项得分相加为基础分。
      </Typography.Paragraph>
      {total !== 100 && items.length > 0 && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="weight-warning" title={`各项权重合计为 ${fmtNum(total)} 分，不是 100 分：基础分满分将是 ${fmtNum(total)} 分。可以保存，请确认这是有意为之。`} />
      )}
      <Form.List name={['definition', 'items']} rules={[{ validator: async (_r, v: unknown[]) => (v?.length ? undefined : Promise.reject(new Error('请至少设置一个计分项目'))) }]}>
        {(fields, { add, remove, move }, { errors }) => (
          <Flex vertical gap={12}>
            {fields.map((field, i) => (
              <ItemRow key={field.key} form={form} index={i} count={fields.length} fieldName={field.name} indicators={indicators} periodType={periodType} onMove={move} onRemove={() => remove(i)} />
            ))}
            <Form.ErrorList errors={errors} />
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ label: '', normalization: { kind: 'minmax' } })} block>
              添加计分项目
            </Button>
          </Flex>
        )}
      </Form.List>
    </Card>
  );
}

function ItemRow({ form, index, count, fieldName, indicators, periodType, onMove, onRemove }: { form: FormInstance; index: number; count: number; fieldName: number; indicators: Indicator[] | null; periodType: PeriodType; onMove: (a: number, b: number) => void; onRemove: () => void }) {
  const kind = Form.useWatch(['definition', 'items', fieldName, 'normalization', 'kind'], form) as NormalizationKind | undefined;
  const code = Form.useWatch(['definition', 'items', fieldName, 'indicatorCode'], form) as string | undefined;
  const weight = Form.useWatch(['definition', 'items', fieldName, 'weight'], form) as number | undefined;
  const ind = indicators?.find((i) => i.code === code);
  return (
    <Card
      size="small"
      type="inner"
      data-testid={`item-${index}`}
      title={<span>项目 {index + 1}</span>}
      extra={
        <Space size={8}>
          <KeyField name={[fieldName, 'key']} />
          <RowActions index={index} count={count} onMove={onMove} onRemove={onRemove} what="项目" />
        </Space>
      }
    >
      <Row gutter={12}>
        <Col xs={24} md={9}>
          <Form.Item label="指标" name={[fieldName, 'indicatorCode']} rules={[{ required: true, message: '请选择指标' }]}>
            <IndicatorCodePicker
              indicators={indicators}
              periodType={periodType}
              onPicked={(i) => {
                // The indicator's name is the usual label; a typed label is kept.
                if (!form.getFieldValue(['definition', 'items', fieldName, 'label'])) form.setFieldValue(['definition', 'items', fieldName, 'label'], i.name);
              }}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={9}>
          <Form.Item label="项目名称" name={[fieldName, 'label']} rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
            <Input maxLength={60} placeholder="如：集体经营性收入" />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item label="权重（分）" name={[fieldName, 'weight']} rules={[{ required: true, message: '请填写权重' }]}>
            <InputNumber<number> min={0} max={1000} step={5} style={{ width: '100%' }} placeholder="如 40" />
          </Form.Item>
        </Col>
        <Col xs={24} md={9}>
          <Form.Item label="计分方式" name={[fieldName, 'normalization', 'kind']} rules={[{ required: true, message: '请选择计分方式' }]}>
            <Select
              options={NORMALIZATIONS.map((k) => ({ value: k, label: NORMALIZATION_ZH[k] }))}
              popupMatchSelectWidth={false}
              onChange={(k: NormalizationKind) => {
                const path = ['definition', 'items', fieldName, 'normalization'];
                form.setFieldValue(path, k === 'bands' ? { kind: k, bands: [{ min: null, max: null, score: weight ?? null }] } : { kind: k });
              }}
            />
          </Form.Item>
        </Col>
        {kind === 'target' && (
          <Col xs={24} md={15}>
            <Form.Item label="目标值" name={[fieldName, 'normalization', 'target']} extra={`可不填：不填则用各单位在“目标值”中设定的本期目标${ind ? `（${ind.name}）` : ''}`}>
              <InputNumber<number> min={0} style={{ width: 200 }} placeholder="各单位自己的目标值" suffix={ind?.unit} />
            </Form.Item>
          </Col>
        )}
        {ind && (
          <Col xs={24}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {ind.name}：{ind.unit}，{ind.direction === 'lower' ? '越低越好' : '越高越好'}
              {ind.source === 'derived' ? '，由台账自动统计' : '，单位填报（审核后计入）'}
            </Typography.Text>
          </Col>
        )}
      </Row>
      {kind === 'bands' && <BandsField fieldName={fieldName} unit={ind?.unit} weight={weight} />}
    </Card>
  );
}

function BandsField({ fieldName, unit, weight }: { fieldName: number; unit?: string; weight?: number }) {
  return (
    <Form.List name={[fieldName, 'normalization', 'bands']}>
      {(fields, { add, remove }) => (
        <div data-testid="bands" style={{ marginTop: 8 }}>
          <Typography.Text strong style={{ fontSize: 13 }}>
            分档
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 8 }}>
            数值不低于下限、低于上限即落入该档（下限、上限可空，表示不设限）；每档得分不超过该项权重{weight ? ` ${fmtNum(weight)} 分` : ''}。
          </Typography.Text>
          <Flex vertical gap={4} style={{ marginTop: 8 }}>
            {fields.map((f, j) => (
              <Space key={f.key} wrap align="start" size={6}>
                <Form.Item name={[f.name, 'min']} style={{ marginBottom: 4 }}>
                  <InputNumber<number> placeholder="下限" style={{ width: 110 }} suffix={unit} aria-label={`第${j + 1}档下限`} />
                </Form.Item>
                <span style={{ lineHeight: '32px' }}>至</span>
                <Form.Item name={[f.name, 'max']} style={{ marginBottom: 4 }}>
                  <InputNumber<number> placeholder="上限" style={{ width: 110 }} suffix={unit} aria-label={`第${j + 1}档上限`} />
                </Form.Item>
                <span style={{ lineHeight: '32px' }}>得</span>
                <Form.Item name={[f.name, 'score']} rules={[{ required: true, message: '请填写得分' }]} style={{ marginBottom: 4 }}>
                  <InputNumber<number> min={0} max={weight} placeholder="分" style={{ width: 90 }} suffix="分" aria-label={`第${j + 1}档得分`} />
                </Form.Item>
                <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(j)} disabled={fields.length === 1} aria-label={`删除第${j + 1}档`} />
              </Space>
            ))}
          </Flex>
          <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => add({ min: null, max: null, score: null })}>
            添加分档
          </Button>
        </div>
      )}
    </Form.List>
  );
}

/**
 * Rows of a list whose fields are named absolutely. Adjustments and vetoes hold the ledger's
 * RecordQueryFields, which names its fields from the form's root; inside antd's Form.List those
 * names would be prefixed twice, so these two lists keep their rows themselves.
 */
function useRows(form: FormInstance, path: string[], initialCount: number) {
  const next = useRef(initialCount);
  const [keys, setKeys] = useState<number[]>(() => Array.from({ length: initialCount }, (_, i) => i));
  const list = () => [...((form.getFieldValue(path) as unknown[] | undefined) ?? [])];
  return {
    keys,
    add: (value: unknown) => {
      form.setFieldValue(path, [...list(), value]);
      setKeys((k) => [...k, next.current++]);
    },
    remove: (i: number) => {
      const l = list();
      l.splice(i, 1);
      form.setFieldValue(path, l);
      setKeys((k) => k.filter((_, j) => j !== i));
    },
    move: (from: number, to: number) => {
      const l = list();
      const [x] = l.splice(from, 1);
      l.splice(to, 0, x);
      form.setFieldValue(path, l);
      setKeys((k) => {
        const c = [...k];
        const [y] = c.splice(from, 1);
        c.splice(to, 0, y);
        return c;
      });
    },
  };
}

function MeasureFields({ form, path, indicators, periodType }: { form: FormInstance; path: (string | number)[]; indicators: Indicator[] | null; periodType: PeriodType }) {
  const kind = Form.useWatch([...path, 'kind'], form) as MeasureKind | undefined;
  return (
    <>
      <Form.Item label="计量依据" name={[...path, 'kind']} rules={[{ required: true, message: '请选择计量依据' }]}>
        <Radio.Group
          optionType="button"
          options={[
            { value: 'indicator', label: '指标数值' },
            { value: 'records', label: '台账记录' },
            { value: 'overdueCases', label: '超期事项' },
          ]}
          onChange={(e) => {
            const k = e.target.value as MeasureKind;
            form.setFieldValue(path, k === 'records' ? { kind: k, query: DEFAULT_RECORD_QUERY } : { kind: k });
          }}
        />
      </Form.Item>
      {kind === 'indicator' && (
        <Form.Item label="指标" name={[...path, 'indicatorCode']} rules={[{ required: true, message: '请选择指标' }]}>
          <IndicatorCodePicker indicators={indicators} periodType={periodType} />
        </Form.Item>
      )}
      {kind === 'records' && <RecordQueryFields form={form} prefix={[...path, 'query'].map(String)} />}
      {kind === 'overdueCases' && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          统计该单位承办、办理期限在本期内、到期未办结的事项数。
        </Typography.Paragraph>
      )}
    </>
  );
}

function AdjustmentsCard({ form, indicators, periodType, initialCount }: { form: FormInstance; indicators: Indicator[] | null; periodType: PeriodType; initialCount: number }) {
  const path = ['definition', 'adjustments'];
  const rows = useRows(form, path, initialCount);
  return (
    <Card size="small" title="加分与减分" style={{ marginBottom: 16 }} data-testid="adjustments-card">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        按计量数值每 1 个单位加（减）若干分，单项不超过封顶分。可选：没有加减分的方案不用填。
      </Typography.Paragraph>
      <Flex vertical gap={12}>
        {rows.keys.map((k, i) => (
          <AdjustmentRow key={k} form={form} index={i} count={rows.keys.length} indicators={indicators} periodType={periodType} onMove={rows.move} onRemove={() => rows.remove(i)} />
        ))}
        <Space wrap>
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => rows.add({ label: '', direction: 'bonus', measure: { kind: 'records', query: DEFAULT_RECORD_QUERY } })}>
            添加加分项
          </Button>
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => rows.add({ label: '', direction: 'penalty', measure: { kind: 'overdueCases' } })}>
            添加减分项
          </Button>
        </Space>
        <Form.Item label="加分封顶（合计）" name={['definition', 'bonusCap']} extra="可不填：各加分项合计最多加这么多分" style={{ marginBottom: 0 }}>
          <InputNumber<number> min={0} max={1000} style={{ width: 160 }} suffix="分" placeholder="不封顶" />
        </Form.Item>
      </Flex>
    </Card>
  );
}

function AdjustmentRow({ form, index, count, indicators, periodType, onMove, onRemove }: { form: FormInstance; index: number; count: number; indicators: Indicator[] | null; periodType: PeriodType; onMove: (a: number, b: number) => void; onRemove: () => void }) {
  const base = ['definition', 'adjustments', index];
  const direction = Form.useWatch([...base, 'direction'], form) as 'bonus' | 'penalty' | undefined;
  return (
    <Card
      size="small"
      type="inner"
      data-testid={`adjustment-${index}`}
      title={<span style={{ color: direction === 'penalty' ? '#cf1322' : '#389e0d' }}>{direction === 'penalty' ? '减分' : '加分'}项 {index + 1}</span>}
      extra={
        <Space size={8}>
          <KeyField name={[...base, 'key']} />
          <RowActions index={index} count={count} onMove={onMove} onRemove={onRemove} what="加减分项" />
        </Space>
      }
    >
      <Row gutter={12}>
        <Col xs={24} md={6}>
          <Form.Item label="加分/减分" name={[...base, 'direction']} rules={[{ required: true }]}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'bonus', label: '加分' },
                { value: 'penalty', label: '减分' },
              ]}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item label="名称" name={[...base, 'label']} rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
            <Input maxLength={60} placeholder={direction === 'penalty' ? '如：事项超期' : '如：获得市级以上荣誉'} />
          </Form.Item>
        </Col>
        <Col xs={12} md={5}>
          <Form.Item label="每项分值" name={[...base, 'pointsPer']} rules={[{ required: true, message: '请填写每项分值' }]}>
            <InputNumber<number> min={0} max={1000} step={0.5} style={{ width: '100%' }} suffix="分" />
          </Form.Item>
        </Col>
        <Col xs={12} md={5}>
          <Form.Item label="封顶" name={[...base, 'cap']} rules={[{ required: true, message: '请填写封顶分' }]}>
            <InputNumber<number> min={0} max={1000} style={{ width: '100%' }} suffix="分" />
          </Form.Item>
        </Col>
      </Row>
      <MeasureFields form={form} path={[...base, 'measure']} indicators={indicators} periodType={periodType} />
    </Card>
  );
}

function VetoesCard({ form, indicators, periodType, initialCount }: { form: FormInstance; indicators: Indicator[] | null; periodType: PeriodType; initialCount: number }) {
  const rows = useRows(form, ['definition', 'vetoes'], initialCount);
  return (
    <Card size="small" title="一票否决" style={{ marginBottom: 16 }} data-testid="vetoes-card">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        计量数值达到阈值的单位总分记 0 分、排在最后，不评等次。可选。
      </Typography.Paragraph>
      <Flex vertical gap={12}>
        {rows.keys.map((k, i) => (
          <VetoRow key={k} form={form} index={i} count={rows.keys.length} indicators={indicators} periodType={periodType} onMove={rows.move} onRemove={() => rows.remove(i)} />
        ))}
        <Button type="dashed" icon={<PlusOutlined />} onClick={() => rows.add({ label: '', measure: { kind: 'records', query: DEFAULT_RECORD_QUERY }, atLeast: 1 })} style={{ alignSelf: 'flex-start' }}>
          添加否决项
        </Button>
      </Flex>
    </Card>
  );
}

function VetoRow({ form, index, count, indicators, periodType, onMove, onRemove }: { form: FormInstance; index: number; count: number; indicators: Indicator[] | null; periodType: PeriodType; onMove: (a: number, b: number) => void; onRemove: () => void }) {
  const base = ['definition', 'vetoes', index];
  return (
    <Card
      size="small"
      type="inner"
      data-testid={`veto-${index}`}
      title={`否决项 ${index + 1}`}
      extra={
        <Space size={8}>
          <KeyField name={[...base, 'key']} />
          <RowActions index={index} count={count} onMove={onMove} onRemove={onRemove} what="否决项" />
        </Space>
      }
    >
      <Row gutter={12}>
        <Col xs={24} md={14}>
          <Form.Item label="名称" name={[...base, 'label']} rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
            <Input maxLength={60} placeholder="如：发生党员违纪违法案件" />
          </Form.Item>
        </Col>
        <Col xs={24} md={10}>
          <Form.Item label="阈值（达到即否决）" name={[...base, 'atLeast']} rules={[{ required: true, message: '请填写否决阈值' }]}>
            <InputNumber<number> min={0} style={{ width: '100%' }} prefix="≥" />
          </Form.Item>
        </Col>
      </Row>
      <MeasureFields form={form} path={[...base, 'measure']} indicators={indicators} periodType={periodType} />
    </Card>
  );
}

function GradesCard() {
  return (
    <Card size="small" title="等次" style={{ marginBottom: 16 }} data-testid="grades-card">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        从高到低排列：总分达到分数线即评为该等次（取第一个达到的）；都达不到的不评等次。可选。
      </Typography.Paragraph>
      <Form.List name={['definition', 'grades']}>
        {(fields, { add, remove }) => (
          <Flex vertical gap={4}>
            {fields.map((f, i) => (
              <Space key={f.key} wrap align="start" size={6}>
                <Form.Item name={[f.name, 'label']} rules={[{ required: true, whitespace: true, message: '请填写等次名称' }]} style={{ marginBottom: 4 }}>
                  <Input placeholder="等次名称" maxLength={20} style={{ width: 140 }} aria-label={`第${i + 1}个等次名称`} />
                </Form.Item>
                <Form.Item name={[f.name, 'min']} rules={[{ required: true, message: '请填写分数线' }]} style={{ marginBottom: 4 }}>
                  <InputNumber<number> min={0} prefix="≥" suffix="分" style={{ width: 130 }} aria-label={`第${i + 1}个等次分数线`} />
                </Form.Item>
                <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(i)} aria-label={`删除第${i + 1}个等次`} />
              </Space>
            ))}
            <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => add({ label: '', min: null })} style={{ alignSelf: 'flex-start' }}>
              添加等次
            </Button>
          </Flex>
        )}
      </Form.List>
    </Card>
  );
}
