import { useMemo, useState } from 'react';
import { Alert, Checkbox, Flex, Form, Input, InputNumber, Modal, Radio, Select, Tag, Typography } from 'antd';
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
} from '../../../shared/ledger';
import { SLOT_KINDS, SLOT_KIND_ZH, type SlotKind } from '../../../shared/reports';
import type { SlotCatalog } from './types';

/** What each slot kind writes, for the picker's hint. */
const KIND_HINT: Record<SlotKind, string> = {
  value: '指标在本部门单位该年度的数值，如“4.7万余名”“5200余场次”',
  change: '与上年相比的变化，如“同比下降47.06%”；比率类指标写作“提高2.3个百分点”',
  rank: '在兄弟县市中的排名，如“第1”或“第一”',
  count: '该年度台账中符合条件的记录数',
  sum: '该年度台账记录某一数值字段的合计，如项目实际投资',
  top: '按某一字段排在前几位的记录名称，以顿号连接',
  grade: '考评方案该年度发布结果中获评某一等次的单位数',
  pool: '考评方案该年度的激励奖金池金额',
};

const QUANTITY_STYLES = [
  { value: 'exact', label: '精确（5236场次）' },
  { value: 'approx', label: '余（5200余场次）' },
  { value: 'over', label: '超（超5000场次）' },
  { value: 'near', label: '近（近5300场次）' },
  { value: 'about', label: '约（约5200场次）' },
];
const MONEY_STYLES = [
  { value: 'rounded', label: '保留两位（10.67亿元）' },
  { value: 'exact', label: '精确' },
  { value: 'approx', label: '余（10亿余元）' },
];

interface PickerValues {
  kind: SlotKind;
  code?: string;
  style?: string;
  unit?: string;
  decimals?: number;
  /** Change slots: write "同比" before the change (basis=none leaves it to the sentence). */
  withBasis?: boolean;
  ordinal?: 'arabic' | 'chinese';
  category?: string;
  basis?: string;
  statuses?: string[];
  levels?: string[];
  field?: string;
  by?: string;
  n?: number;
  scheme?: string;
  grade?: string;
}

const isMoney = (unit: string | undefined) => !!unit && /元$/.test(unit);
/** Sums of these fields are amounts of money, written 10.67亿元 (as the server formats them). */
const isMoneyField = (field: string | undefined) => !!field && /investment|amount/.test(field);

/** `{{kind ARG key=value …}}` from the picker's choices; null while something required is missing. */
export function slotText(v: PickerValues, catalog: SlotCatalog | null): string | null {
  const parts: string[] = [v.kind];
  const opt = (k: string, val: string | number | undefined | null) => {
    if (val !== undefined && val !== null && String(val).trim() !== '') parts.push(`${k}=${String(val).trim().replace(/\s+/g, '')}`);
  };
  switch (v.kind) {
    case 'value':
    case 'change':
    case 'rank': {
      if (!v.code) return null;
      parts.push(v.code);
      if (v.kind === 'value') {
        if (v.style && v.style !== 'exact') opt('style', v.style);
        opt('unit', v.unit);
      } else if (v.kind === 'change') {
        if (v.withBasis === false) opt('basis', 'none');
        if (v.decimals != null && v.decimals !== 2) opt('decimals', v.decimals);
      } else if (v.ordinal && v.ordinal !== 'arabic') opt('style', v.ordinal);
      break;
    }
    case 'count':
    case 'sum':
    case 'top': {
      const cat = catalog?.categories.find((c) => `${c.kind}:${c.code}` === v.category);
      if (!cat) return null;
      parts.push(cat.kind);
      if (v.kind === 'sum') {
        if (!v.field) return null;
        opt('field', v.field);
      }
      opt('category', cat.code);
      if (v.kind === 'top') {
        opt('by', v.by);
        if (v.n != null && v.n !== 3) opt('n', v.n);
      } else {
        const money = v.kind === 'sum' && isMoneyField(v.field);
        if (v.style && v.style !== (money ? 'rounded' : 'exact')) opt('style', v.style);
        if (!money) opt('unit', v.unit);
      }
      if (v.basis && v.basis !== DATE_BASES[cat.kind][0]?.key) opt('basis', v.basis);
      if (v.statuses?.length) opt('statuses', v.statuses.join(','));
      if (v.levels?.length) opt('levels', v.levels.join(','));
      break;
    }
    case 'grade':
      if (!v.scheme || !v.grade) return null;
      parts.push(v.scheme, v.grade);
      break;
    case 'pool':
      if (!v.scheme) return null;
      parts.push(v.scheme);
      if (v.style && v.style !== 'rounded') opt('style', v.style);
      break;
  }
  return `{{${parts.join(' ')}}}`;
}

/**
 * 插入数据: a slot kind, then what it is about (an indicator, a ledger category, a scheme) and
 * how to write it; `onInsert` gets the `{{…}}` text to put at the cursor.
 */
export function SlotPicker({
  open,
  catalog,
  catalogError,
  target,
  onInsert,
  onClose,
}: {
  open: boolean;
  catalog: SlotCatalog | null;
  catalogError: string | null;
  /** "第1节第2段", where the text will go. */
  target: string | null;
  onInsert: (text: string) => void;
  onClose: () => void;
}) {
  const [form] = Form.useForm<PickerValues>();
  const [values, setValues] = useState<PickerValues>({ kind: 'value', style: 'exact', ordinal: 'arabic', n: 3, withBasis: true, decimals: 2 });
  const kind = values.kind;
  const indicator = catalog?.indicators.find((i) => i.code === values.code);
  const category = catalog?.categories.find((c) => `${c.kind}:${c.code}` === values.category);
  const scheme = catalog?.schemes.find((s) => s.code === values.scheme);
  const text = slotText(values, catalog);

  const indicatorOptions = useMemo(
    () =>
      (catalog?.indicators ?? []).map((i) => ({
        value: i.code,
        label: `${i.name}（${i.code}）`,
        search: `${i.name} ${i.code}`,
        unit: i.unit,
        derived: i.derived,
      })),
    [catalog],
  );
  const categoryOptions = useMemo(
    () =>
      RECORD_KINDS.map((k: RecordKind) => ({
        label: `${RECORD_KIND_ZH[k]}台账`,
        title: RECORD_KIND_ZH[k],
        options: (catalog?.categories ?? []).filter((c) => c.kind === k).map((c) => ({ value: `${c.kind}:${c.code}`, label: `${c.name}（${c.code}）` })),
      })).filter((g) => g.options.length > 0),
    [catalog],
  );

  return (
    <Modal
      open={open}
      title="插入数据"
      okText="插入"
      cancelText="取消"
      onCancel={onClose}
      okButtonProps={{ disabled: !text || !target }}
      onOk={() => text && onInsert(text)}
      width={560}
      destroyOnHidden={false}
    >
      <Flex vertical gap={8}>
        {target ? (
          <Typography.Text type="secondary">插入到{target}的光标处</Typography.Text>
        ) : (
          <Alert type="info" showIcon title="请先点击要插入数据的段落，再选择数据" />
        )}
        {catalogError && <Alert type="error" showIcon title={catalogError} />}
        <Form<PickerValues>
          form={form}
          layout="vertical"
          initialValues={values}
          onValuesChange={(changed: Partial<PickerValues>, all) => {
            // A new kind or subject starts its options afresh.
            if (changed.kind) {
              const reset: PickerValues = { kind: changed.kind, style: changed.kind === 'pool' ? 'rounded' : 'exact', ordinal: 'arabic', n: 3, withBasis: true, decimals: 2 };
              form.setFieldsValue({ ...reset, code: undefined, category: undefined, scheme: undefined, grade: undefined, field: undefined, by: undefined, basis: undefined, statuses: [], levels: [], unit: undefined });
              setValues(reset);
              return;
            }
            if (changed.code) {
              const ind = catalog?.indicators.find((i) => i.code === changed.code);
              const style = isMoney(ind?.unit) ? 'rounded' : 'exact';
              form.setFieldsValue({ style, unit: undefined });
              setValues({ ...all, style, unit: undefined });
              return;
            }
            if (changed.category) {
              form.setFieldsValue({ basis: undefined, statuses: [], levels: [], field: undefined, by: undefined });
              setValues({ ...all, basis: undefined, statuses: [], levels: [], field: undefined, by: undefined });
              return;
            }
            if (changed.field !== undefined && all.kind === 'sum') {
              const style = isMoneyField(changed.field) ? 'rounded' : 'exact';
              form.setFieldsValue({ style, unit: undefined });
              setValues({ ...all, style, unit: undefined });
              return;
            }
            if (changed.scheme) {
              form.setFieldsValue({ grade: undefined });
              setValues({ ...all, grade: undefined });
              return;
            }
            setValues(all);
          }}
        >
          <Form.Item name="kind" label="数据类型" extra={KIND_HINT[kind]} style={{ marginBottom: 12 }}>
            <Select aria-label="数据类型" options={SLOT_KINDS.map((k) => ({ value: k, label: SLOT_KIND_ZH[k] }))} />
          </Form.Item>

          {(kind === 'value' || kind === 'change' || kind === 'rank') && (
            <>
              <Form.Item name="code" label="指标" style={{ marginBottom: 12 }}>
                <Select
                  aria-label="指标"
                  showSearch={{ optionFilterProp: 'search' }}
                  placeholder="输入名称或编码查找"
                  options={indicatorOptions}
                  optionRender={(o) => (
                    <Flex justify="space-between" gap={8}>
                      <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{o.data.label}</span>
                      <Typography.Text type="secondary" style={{ fontSize: 12, flex: 'none' }}>
                        {o.data.unit}
                        {o.data.derived ? ' · 台账派生' : ''}
                      </Typography.Text>
                    </Flex>
                  )}
                />
              </Form.Item>
              {kind === 'value' && (
                <Flex wrap gap={12}>
                  <Form.Item name="style" label="写法" style={{ marginBottom: 12, minWidth: 200, flex: 1 }}>
                    <Select aria-label="写法" options={isMoney(indicator?.unit) ? MONEY_STYLES : QUANTITY_STYLES} />
                  </Form.Item>
                  <Form.Item name="unit" label="量词（可不填）" style={{ marginBottom: 12, width: 140 }}>
                    <Input aria-label="量词" placeholder={indicator?.unit || '如 场次'} maxLength={8} />
                  </Form.Item>
                </Flex>
              )}
              {kind === 'change' && (
                <Flex wrap gap={16}>
                  <Form.Item name="decimals" label="百分比小数位数" style={{ marginBottom: 12 }}>
                    <Radio.Group
                      options={[
                        { value: 0, label: '0位' },
                        { value: 1, label: '1位' },
                        { value: 2, label: '2位' },
                      ]}
                    />
                  </Form.Item>
                  <Form.Item name="withBasis" label="前缀" valuePropName="checked" style={{ marginBottom: 12 }}>
                    <Checkbox>写出“同比”</Checkbox>
                  </Form.Item>
                </Flex>
              )}
              {kind === 'rank' && (
                <Form.Item name="ordinal" label="名次写法" style={{ marginBottom: 12 }}>
                  <Radio.Group
                    options={[
                      { value: 'arabic', label: '第1' },
                      { value: 'chinese', label: '第一' },
                    ]}
                  />
                </Form.Item>
              )}
            </>
          )}

          {(kind === 'count' || kind === 'sum' || kind === 'top') && (
            <>
              <Form.Item name="category" label="台账分类" style={{ marginBottom: 12 }}>
                <Select aria-label="台账分类" showSearch={{ optionFilterProp: 'label' }} placeholder="选择台账分类（含下级分类）" options={categoryOptions} />
              </Form.Item>
              {category && (
                <Flex wrap gap={12}>
                  {DATE_BASES[category.kind].length > 1 && (
                    <Form.Item name="basis" label="按日期" style={{ marginBottom: 12, minWidth: 140 }}>
                      <Select aria-label="按日期" placeholder={DATE_BASES[category.kind][0].label} options={DATE_BASES[category.kind].map((d) => ({ value: d.key, label: d.label }))} />
                    </Form.Item>
                  )}
                  {category.kind === 'case' && (
                    <Form.Item name="statuses" label="状态（可不选）" style={{ marginBottom: 12, minWidth: 200, flex: 1 }}>
                      <Select aria-label="状态" mode="multiple" options={CASE_STATUSES.map((s) => ({ value: s, label: CASE_STATUS_ZH[s] }))} />
                    </Form.Item>
                  )}
                  {category.kind === 'project' && (
                    <Form.Item name="statuses" label="状态（可不选）" style={{ marginBottom: 12, minWidth: 200, flex: 1 }}>
                      <Select aria-label="状态" mode="multiple" options={PROJECT_STATUSES.map((s) => ({ value: s, label: PROJECT_STATUS_ZH[s] }))} />
                    </Form.Item>
                  )}
                  {category.kind === 'honour' && (
                    <Form.Item name="levels" label="级别（可不选）" style={{ marginBottom: 12, minWidth: 200, flex: 1 }}>
                      <Select aria-label="级别" mode="multiple" options={HONOUR_LEVELS.map((s) => ({ value: s, label: HONOUR_LEVEL_ZH[s] }))} />
                    </Form.Item>
                  )}
                  {kind === 'sum' && (
                    <Form.Item name="field" label="合计字段" style={{ marginBottom: 12, minWidth: 180 }}>
                      <Select aria-label="合计字段" placeholder="请选择" options={SUM_FIELDS[category.kind].map((f) => ({ value: f.key, label: f.label }))} notFoundContent="该类台账没有可合计的字段" />
                    </Form.Item>
                  )}
                  {(kind === 'count' || (kind === 'sum' && values.field)) && (
                    <>
                      <Form.Item name="style" label="写法" style={{ marginBottom: 12, minWidth: 180, flex: 1 }}>
                        <Select aria-label="写法" options={kind === 'sum' && isMoneyField(values.field) ? MONEY_STYLES : QUANTITY_STYLES} />
                      </Form.Item>
                      {!(kind === 'sum' && isMoneyField(values.field)) && (
                        <Form.Item name="unit" label="量词（可不填）" style={{ marginBottom: 12, width: 130 }}>
                          <Input aria-label="量词" placeholder={kind === 'count' ? (category.kind === 'activity' ? '场' : category.kind === 'honour' ? '项' : '个') : '如 人次'} maxLength={8} />
                        </Form.Item>
                      )}
                    </>
                  )}
                  {kind === 'top' && (
                    <>
                      <Form.Item name="by" label="排序字段" style={{ marginBottom: 12, minWidth: 180 }}>
                        <Select aria-label="排序字段" allowClear placeholder="默认" options={SUM_FIELDS[category.kind].map((f) => ({ value: f.key, label: f.label }))} />
                      </Form.Item>
                      <Form.Item name="n" label="前几项" style={{ marginBottom: 12, width: 100 }}>
                        <InputNumber aria-label="前几项" min={1} max={10} precision={0} style={{ width: '100%' }} />
                      </Form.Item>
                    </>
                  )}
                </Flex>
              )}
            </>
          )}

          {(kind === 'grade' || kind === 'pool') && (
            <>
              <Form.Item name="scheme" label="考评方案" style={{ marginBottom: 12 }}>
                <Select
                  aria-label="考评方案"
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder="选择考评方案"
                  options={(catalog?.schemes ?? []).map((s) => ({ value: s.code, label: `${s.name}（${s.code}）` }))}
                />
              </Form.Item>
              {kind === 'pool' && (
                <Form.Item name="style" label="金额写法" style={{ marginBottom: 12 }}>
                  <Select aria-label="金额写法" options={MONEY_STYLES} />
                </Form.Item>
              )}
              {kind === 'grade' && scheme && (
                <Form.Item name="grade" label="等次" style={{ marginBottom: 12 }}>
                  <Select aria-label="等次" placeholder={scheme.grades.length ? '选择等次' : '该方案未设等次'} options={scheme.grades.map((g) => ({ value: g, label: g }))} />
                </Form.Item>
              )}
            </>
          )}
        </Form>
        <Flex gap={8} align="center" wrap>
          <Typography.Text type="secondary">将插入：</Typography.Text>
          {text ? (
            <Tag color="blue" data-testid="slot-preview" style={{ fontFamily: 'monospace', whiteSpace: 'normal', overflowWrap: 'anywhere' }}>
              {text}
            </Tag>
          ) : (
            <Typography.Text type="secondary">（请先完成上面的选择）</Typography.Text>
          )}
        </Flex>
      </Flex>
    </Modal>
  );
}
