import { useState, type ChangeEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Alert, App, Breadcrumb, Button, Card, Col, Flex, Form, Grid, Input, Result, Row, Select } from 'antd';
import { api, ApiError } from '../../api';
import { useMe } from '../../auth';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import { PageSpinner } from '../../components/PageSpinner';
import { VersionConflictModal } from '../../components/VersionConflictModal';
import { SCHEME_KINDS, type SchemeKind } from '../../../shared/assessment';
import { ORG_TYPE_ZH, type OrgType } from '../../../shared/org-types';
import type { PeriodType } from '../../../shared/periods';
import { useIndicatorList } from '../indicators/IndicatorPicker';
import { useApi } from '../indicators/useApi';
import { COHORT_TYPES, SCHEME_KIND_ZH, SCHEME_PERIOD_ZH, unitTypesText } from './display';
import { DEFAULT_RULES, RuleFields, ruleValues, rulesPayload, type RuleValues } from './RuleFields';
import type { SchemeCreateInput, SchemeDetail, SchemeUpdateInput } from './types';

interface EditorValues {
  code?: string;
  name: string;
  kind: SchemeKind;
  description?: string | null;
  scopeUnitId?: number;
  unitTypes: OrgType[];
  periodType: PeriodType;
  note?: string | null;
  definition: RuleValues;
}

const DEFAULT_EMPTY: RuleValues = { items: [], adjustments: [], vetoes: [], grades: [], bonusCap: null };

const FIELDS = ['code', 'name', 'kind', 'description', 'scopeUnitId', 'unitTypes', 'periodType', 'note', 'definition'] as const;

/** The scheme row a 409 carries (no rules: those are compared by version number). */
interface SchemeSnapshot {
  name: string;
  kind: SchemeKind;
  description: string | null;
  scopeUnitId: number;
  unitTypes: string[];
  periodType: string;
  currentVersionNo: number;
  version: number;
}

const CONFLICT_FIELDS = [
  { key: 'name', label: '方案名称' },
  { key: 'kind', label: '类型' },
  { key: 'description', label: '说明' },
  { key: 'scope', label: '参评范围' },
  { key: 'unitTypes', label: '参评单位类型' },
  { key: 'periodType', label: '考评周期' },
  { key: 'rules', label: '计分规则' },
];

/** "abc 1" → "ABC_1": codes are typed quickly and tidied as they go. */
const normalizeCode = (v?: string) => (v ?? '').toUpperCase().replace(/[\s\-—.]+/g, '_');

/** 新建方案 (/assessment/new) and 修改方案 (/assessment/:id/edit). */
export default function SchemeEditorPage() {
  const { id } = useParams();
  const scheme = useApi<SchemeDetail>(id ? `scheme-${id}` : null, () => api.get<SchemeDetail>(`/api/schemes/${id}`));
  if (!id) return <SchemeEditor />;
  if (scheme.error) return <Result status="warning" title={scheme.error} extra={<Link to="/assessment">返回方案列表</Link>} />;
  if (!scheme.data) return <PageSpinner />;
  if (scheme.data.access !== 'owner') return <Result status="403" title="只有方案所属辖区的部门可以修改方案" extra={<Link to={`/assessment/${id}`}>返回方案</Link>} />;
  return <SchemeEditor key={scheme.data.version} scheme={scheme.data} onReload={scheme.reload} />;
}

function SchemeEditor({ scheme, onReload }: { scheme?: SchemeDetail; onReload?: () => void }) {
  const me = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<EditorValues>();
  const { list: indicators, error: indicatorError } = useIndicatorList(true);
  const [busy, setBusy] = useState(false);
  const [alert, setAlert] = useState<string | null>(null);
  const [version, setVersion] = useState(scheme?.version);
  const [conflict, setConflict] = useState<{ mine: EditorValues; theirs: SchemeSnapshot } | null>(null);
  const periodType = (Form.useWatch('periodType', form) as PeriodType | undefined) ?? (scheme?.periodType as PeriodType) ?? 'year';

  const initial: EditorValues = scheme
    ? {
        name: scheme.name,
        kind: scheme.kind as SchemeKind,
        description: scheme.description,
        scopeUnitId: scheme.scopeUnitId,
        unitTypes: scheme.unitTypes as OrgType[],
        periodType: scheme.periodType as PeriodType,
        note: '',
        definition: ruleValues(scheme.definition),
      }
    : { code: '', name: '', kind: 'competition', scopeUnitId: me.orgUnitId, unitTypes: ['village', 'community'], periodType: 'year', definition: DEFAULT_RULES };

  const save = async (shown: EditorValues, atVersion = version) => {
    // The whole store, not only mounted fields: adjustment and veto rows live outside Form.List,
    // so an empty list has no field to report it.
    const store = form.getFieldsValue(true) as EditorValues;
    const v: EditorValues = { ...store, ...shown, definition: { ...DEFAULT_EMPTY, ...store.definition } };
    setBusy(true);
    setAlert(null);
    const common = {
      name: v.name.trim(),
      kind: v.kind,
      description: v.description?.trim() || null,
      scopeUnitId: v.scopeUnitId as number,
      unitTypes: v.unitTypes,
      periodType: v.periodType,
      definition: rulesPayload(v.definition),
    };
    try {
      if (scheme) {
        const body: SchemeUpdateInput = { ...common, note: v.note?.trim() || null, version: atVersion! };
        const saved = await api.put<{ definitionVersionNo: number }>(`/api/schemes/${scheme.id}`, body);
        message.success(saved.definitionVersionNo !== scheme.currentVersionNo ? `已保存，计分规则更新为第${saved.definitionVersionNo}版` : '已保存');
        navigate(`/assessment/${scheme.id}`);
      } else {
        const body: SchemeCreateInput = { ...common, code: normalizeCode(v.code).replace(/^_+|_+$/g, '') };
        const created = await api.post<{ id: number }>('/api/schemes', body);
        message.success('已新建考评方案');
        navigate(`/assessment/${created.id}`);
      }
    } catch (err) {
      if (err instanceof ApiError && err.isVersionConflict) setConflict({ mine: v, theirs: err.current as SchemeSnapshot });
      else {
        // Field errors go next to their fields; the message stays on top too, since a rule
        // (e.g. "at least one item") may name a list rather than a field.
        const marked = applyServerErrors(form, err, FIELDS);
        const issues = err instanceof ApiError ? [...new Set(err.fieldIssues.map((i) => i.message))] : [];
        setAlert(marked && issues.length ? `保存未成功，请按标红处修改：${issues.join('；')}` : errorText(err));
      }
    } finally {
      setBusy(false);
    }
  };

  const describe = (v: EditorValues | SchemeSnapshot, rules: string) => ({
    name: v.name,
    kind: SCHEME_KIND_ZH[v.kind as SchemeKind] ?? v.kind,
    description: v.description ?? '',
    scope: v.scopeUnitId === scheme?.scopeUnitId ? (scheme?.scopeUnitName ?? '') : `单位 #${v.scopeUnitId}`,
    unitTypes: unitTypesText(v.unitTypes),
    periodType: SCHEME_PERIOD_ZH[v.periodType] ?? v.periodType,
    rules,
  });

  return (
    <Flex vertical gap={12}>
      <Breadcrumb
        items={[
          { title: <Link to="/assessment">考评排名</Link> },
          ...(scheme ? [{ title: <Link to={`/assessment/${scheme.id}`}>{scheme.name}</Link> }, { title: '修改方案' }] : [{ title: '新建方案' }]),
        ]}
      />
      {scheme && (
        <Alert
          type="info"
          showIcon
          title={`当前为第${scheme.currentVersionNo}版计分规则`}
          description={`修改计分项目、加减分、否决项、等次、参评范围、单位类型或考评周期，保存后生成第${scheme.currentVersionNo + 1}版规则；已发布的结果保留其发布时所用的版本，不会改变。只改名称、类型或说明不生成新版本。`}
        />
      )}
      {indicatorError && <Alert type="error" showIcon title={indicatorError} />}
      {alert && <Alert type="error" showIcon title={alert} role="alert" closable={{ onClose: () => setAlert(null) }} data-testid="editor-error" />}
      <Form<EditorValues> form={form} layout="vertical" initialValues={initial} onFinish={(v) => void save(v)} onFinishFailed={() => setAlert('请按提示修改标红的项目')} scrollToFirstError={{ block: 'center' }}>
        <Card size="small" title="基本信息" style={{ marginBottom: 16 }}>
          <Row gutter={12}>
            {!scheme && (
              <Col xs={24} md={8}>
                <Form.Item
                  label="方案编码"
                  name="code"
                  getValueFromEvent={(e: ChangeEvent<HTMLInputElement>) => normalizeCode(e.target.value)}
                  rules={[
                    { required: true, message: '请填写方案编码' },
                    { pattern: /^[A-Z][A-Z0-9_]{1,29}$/, message: '以大写字母开头，由大写字母、数字和下划线组成（2–30位）' },
                  ]}
                  extra="如 CUN_BP_2022，保存后不可修改"
                >
                  <Input maxLength={30} placeholder="如 CUN_BP" />
                </Form.Item>
              </Col>
            )}
            <Col xs={24} md={scheme ? 12 : 10}>
              <Form.Item label="方案名称" name="name" rules={[{ required: true, whitespace: true, message: '请填写方案名称' }]}>
                <Input maxLength={60} placeholder="如：村级集体经济比拼擂台" />
              </Form.Item>
            </Col>
            <Col xs={24} md={scheme ? 12 : 6}>
              <Form.Item label="方案类型" name="kind" rules={[{ required: true, message: '请选择方案类型' }]}>
                <Select options={SCHEME_KINDS.map((k) => ({ value: k, label: SCHEME_KIND_ZH[k] }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item label="参评范围" name="scopeUnitId" rules={[{ required: true, message: '请选择参评范围' }]} extra="该单位下所有符合类型的单位参评">
                <OrgUnitPicker allowClear={false} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={10}>
              <Form.Item label="参评单位类型" name="unitTypes" rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一种参评单位类型' }]}>
                <Select mode="multiple" options={COHORT_TYPES.map((t) => ({ value: t, label: ORG_TYPE_ZH[t] }))} placeholder="如 行政村、社区" />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item label="考评周期" name="periodType" rules={[{ required: true, message: '请选择考评周期' }]}>
                <Select options={(['year', 'half', 'quarter', 'month'] as const).map((t) => ({ value: t, label: SCHEME_PERIOD_ZH[t] }))} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item label="说明" name="description">
                <Input.TextArea rows={2} maxLength={500} showCount placeholder="方案的目的、依据文件等（可不填）" />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <RuleFields form={form} indicators={indicators} periodType={periodType} initialCounts={{ adjustments: initial.definition.adjustments.length, vetoes: initial.definition.vetoes.length }} />

        {scheme && (
          <Card size="small" title="修订说明" style={{ marginBottom: 16 }}>
            <Form.Item name="note" extra="规则有变化时随新版本保存，便于日后查阅为何修改（可不填）" style={{ marginBottom: 0 }}>
              <Input.TextArea rows={2} maxLength={200} showCount placeholder="如：按2023年考核办法调整权重" />
            </Form.Item>
          </Card>
        )}

        <Flex
          gap={8}
          justify="flex-end"
          style={{ position: 'sticky', bottom: 0, background: '#fff', padding: screens.md ? '12px 16px' : 8, borderTop: '1px solid #f0f0f0', zIndex: 5, marginInline: screens.md ? 0 : -8 }}
        >
          <Button onClick={() => navigate(scheme ? `/assessment/${scheme.id}` : '/assessment')}>取消</Button>
          <Button type="primary" htmlType="submit" loading={busy}>
            {scheme ? '保存修改' : '保存方案'}
          </Button>
        </Flex>
      </Form>
      {conflict && scheme && (
        <VersionConflictModal
          open
          fields={CONFLICT_FIELDS}
          mine={describe(conflict.mine, `基于第${scheme.currentVersionNo}版修改`)}
          theirs={describe(conflict.theirs, conflict.theirs.currentVersionNo !== scheme.currentVersionNo ? `已被修订为第${conflict.theirs.currentVersionNo}版` : `第${conflict.theirs.currentVersionNo}版（未变）`)}
          busy={busy}
          onCancel={() => setConflict(null)}
          onReloadTheirs={() => {
            setConflict(null);
            onReload?.();
          }}
          onReapplyMine={() => {
            const { mine, theirs } = conflict;
            setVersion(theirs.version);
            setConflict(null);
            void save(mine, theirs.version);
          }}
        />
      )}
    </Flex>
  );
}
