import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Alert, App, Breadcrumb, Button, Card, Col, Dropdown, Empty, Flex, Form, Input, InputNumber, Result, Row, Select, Space, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../api';
import { errorText, toNamePath } from '../../components/applyServerErrors';
import { PageSpinner } from '../../components/PageSpinner';
import { VersionConflictModal } from '../../components/VersionConflictModal';
import {
  COCKPIT_SCOPES,
  COCKPIT_SCOPE_ZH,
  COUNTERS,
  COUNTER_ZH,
  CockpitDefinitionSchema,
  type CockpitDefinition,
  type CockpitDetail,
  type CockpitScope,
  type Counter,
  type Widget,
} from '../../../shared/cockpit';
import { useIndicatorList } from '../indicators/IndicatorPicker';
import { useApi } from '../indicators/useApi';
import type { SchemeListItem } from '../assessment/types';
import { STYLE_OPTIONS, WIDGET_KIND_ZH, type WidgetKind } from './display';

/** One widget as the form holds it: every kind's fields, the unused ones left empty. */
interface WidgetValues {
  kind: WidgetKind;
  indicatorCode?: string;
  label?: string;
  style?: Extract<Widget, { kind: 'headline' }>['style'];
  counter?: Counter;
  schemeCode?: string;
  top?: number;
}

interface EditorValues {
  scope?: CockpitScope;
  title: string;
  year?: number | null;
  widgets: WidgetValues[];
}

const KINDS: WidgetKind[] = ['headline', 'counter', 'league', 'honours'];

const NEW_WIDGET: Record<WidgetKind, WidgetValues> = {
  headline: { kind: 'headline', label: '', style: 'exact' },
  counter: { kind: 'counter' },
  league: { kind: 'league', top: 5 },
  honours: { kind: 'honours' },
};

const CONFLICT_FIELDS = [
  { key: 'title', label: '标题' },
  { key: 'year', label: '统计年度' },
  { key: 'widgets', label: '组件' },
];

/** The definition sent to the server: only the fields of each widget's kind. */
function toPayload(v: EditorValues): unknown {
  return {
    title: v.title,
    year: v.year ?? null,
    widgets: (v.widgets ?? []).map((w) => {
      switch (w.kind) {
        case 'headline':
          return { kind: w.kind, indicatorCode: w.indicatorCode, label: w.label ?? '', style: w.style ?? 'exact' };
        case 'counter':
          return { kind: w.kind, counter: w.counter };
        case 'league':
          return { kind: w.kind, schemeCode: w.schemeCode, top: w.top ?? 5 };
        default:
          return { kind: w.kind };
      }
    }),
  };
}

function toValues(d: CockpitDefinition, scope?: CockpitScope): EditorValues {
  return { scope, title: d.title, year: d.year ?? null, widgets: d.widgets.map((w) => ({ ...NEW_WIDGET[w.kind], ...w })) };
}

/** 新建驾驶舱 (/cockpit/new?scope=) and 编辑驾驶舱 (/cockpit/:id/edit). */
export default function CockpitEditorPage() {
  const { id } = useParams();
  const [params] = useSearchParams();
  const detail = useApi<CockpitDetail>(id ? `cockpit-${id}` : null, () => api.get<CockpitDetail>(`/api/cockpits/${id}`));
  if (!id) {
    const scope = (COCKPIT_SCOPES as readonly string[]).includes(params.get('scope') ?? '') ? (params.get('scope') as CockpitScope) : undefined;
    return <CockpitEditor scope={scope} />;
  }
  if (detail.error) return <Result status="warning" title={detail.error} extra={<Link to="/cockpit?list=1">返回驾驶舱列表</Link>} />;
  if (!detail.data) return <PageSpinner />;
  return <CockpitEditor key={detail.data.id} cockpit={detail.data} />;
}

function CockpitEditor({ cockpit, scope }: { cockpit?: CockpitDetail; scope?: CockpitScope }) {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditorValues>();
  const { list: indicators, error: indicatorError } = useIndicatorList(false);
  const schemes = useApi('schemes', () => api.get<{ items: SchemeListItem[] }>('/api/schemes'));
  const [version, setVersion] = useState(cockpit?.version);
  const [busy, setBusy] = useState(false);
  const [alert, setAlert] = useState<string | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<{ mine: EditorValues; theirs: CockpitDetail } | null>(null);
  const widgets = (Form.useWatch('widgets', form) as WidgetValues[] | undefined) ?? [];

  const initial: EditorValues = cockpit
    ? toValues(cockpit.definition, cockpit.scope)
    : { scope, title: scope ? `${COCKPIT_SCOPE_ZH[scope]}驾驶舱` : '', widgets: [NEW_WIDGET.headline] };

  /** Puts each problem at its field ("widgets.2.indicatorCode"); returns the ones no field took. */
  const markIssues = (issues: { path: (string | number)[]; message: string }[]): string[] => {
    const rest: string[] = [];
    const byPath = new Map<string, { name: (string | number)[]; errors: string[] }>();
    let list: string | null = null;
    for (const i of issues) {
      const [head, index, field] = i.path;
      if (head === 'widgets' && typeof index === 'number' && typeof field === 'string') {
        const key = `${index}.${field}`;
        const entry = byPath.get(key) ?? { name: ['widgets', index, field], errors: [] };
        entry.errors.push(i.message);
        byPath.set(key, entry);
      } else if ((head === 'title' || head === 'scope' || head === 'year') && i.path.length === 1) {
        const entry = byPath.get(head) ?? { name: [head], errors: [] };
        entry.errors.push(i.message);
        byPath.set(head, entry);
      } else if (head === 'widgets') {
        list = i.message;
      } else rest.push(i.message);
    }
    form.setFields([...byPath.values()] as Parameters<typeof form.setFields>[0]);
    setListError(list);
    const first = [...byPath.values()][0];
    if (first) form.scrollToField(first.name as Parameters<typeof form.scrollToField>[0], { block: 'center' });
    return list ? [list, ...rest] : rest;
  };

  const save = async (mine: EditorValues, atVersion = version) => {
    setAlert(null);
    setListError(null);
    const parsed = CockpitDefinitionSchema.safeParse(toPayload(mine));
    if (!parsed.success) {
      const rest = markIssues(parsed.error.issues.map((i) => ({ path: i.path as (string | number)[], message: i.message })));
      setAlert(rest.length ? `请修改：${[...new Set(rest)].join('；')}` : '请按提示修改标红的项目');
      return;
    }
    if (!cockpit && !mine.scope) {
      form.setFields([{ name: ['scope'], errors: ['请选择驾驶舱范围'] }]);
      return;
    }
    setBusy(true);
    try {
      const saved = cockpit
        ? await api.put<CockpitDetail>(`/api/cockpits/${cockpit.id}`, { definition: parsed.data, version: atVersion })
        : await api.post<CockpitDetail>('/api/cockpits', { scope: mine.scope, definition: parsed.data });
      setConflict(null);
      message.success(cockpit ? '已保存' : '已新建驾驶舱');
      navigate(`/cockpit/${saved.id}`);
    } catch (err) {
      if (cockpit && err instanceof ApiError && err.status === 409) {
        // Someone saved meanwhile: keep these edits and show both versions side by side.
        try {
          const theirs = await api.get<CockpitDetail>(`/api/cockpits/${cockpit.id}`);
          setConflict({ mine, theirs });
        } catch (loadErr) {
          setAlert(`${errorText(err)}（最新版本读取失败：${errorText(loadErr)}）`);
        }
      } else if (err instanceof ApiError && err.fieldIssues.length) {
        // The server names fields under the body: "definition.widgets.2.indicatorCode".
        const rest = markIssues(err.fieldIssues.map((i) => ({ path: toNamePath(i.path.replace(/^definition\./, '')), message: i.message })));
        setAlert(rest.length ? `保存未成功：${[...new Set(rest)].join('；')}` : `保存未成功，请按标红处修改：${[...new Set(err.fieldIssues.map((i) => i.message))].join('；')}`);
      } else {
        setAlert(errorText(err));
      }
    } finally {
      setBusy(false);
    }
  };

  const indicatorName = (code?: string) => {
    const i = indicators?.find((x) => x.code === code);
    return i ? i.name : (code ?? '未选指标');
  };
  const schemeName = (code?: string) => schemes.data?.items.find((s) => s.code === code)?.name ?? code ?? '未选方案';
  const describeWidgets = (ws: WidgetValues[]) =>
    ws
      .map((w, i) => {
        const what =
          w.kind === 'headline'
            ? `${w.label || indicatorName(w.indicatorCode)}（${STYLE_OPTIONS.find((o) => o.value === w.style)?.label.replace(/（.*/, '') ?? '精确'}）`
            : w.kind === 'counter'
              ? (COUNTER_ZH[w.counter as Counter] ?? '未选计数项')
              : w.kind === 'league'
                ? `${schemeName(w.schemeCode)} 前${w.top ?? 5}名`
                : '本年荣誉';
        return `${i + 1}. ${WIDGET_KIND_ZH[w.kind]}：${what}`;
      })
      .join('\n');
  const describe = (v: EditorValues) => ({ title: v.title, widgets: describeWidgets(v.widgets ?? []) });

  const indicatorOptions = (indicators ?? []).map((i) => ({ value: i.code, label: `${i.name}（${i.unit}）`, name: i.name, code: i.code }));
  const schemeOptions = (schemes.data?.items ?? []).map((s) => ({ value: s.code, label: s.name, code: s.code }));
  const backTo = cockpit ? `/cockpit/${cockpit.id}` : '/cockpit?list=1';

  return (
    <Flex vertical gap={12}>
      <Breadcrumb
        items={[
          { title: <Link to="/cockpit?list=1">驾驶舱</Link> },
          ...(cockpit ? [{ title: <Link to={`/cockpit/${cockpit.id}`}>{cockpit.title}</Link> }, { title: '编辑' }] : [{ title: '新建驾驶舱' }]),
        ]}
      />
      {indicatorError && <Alert type="error" showIcon title={`指标列表读取失败：${indicatorError}`} />}
      {schemes.error && <Alert type="error" showIcon title={`考评方案读取失败：${schemes.error}`} />}
      {alert && <Alert type="error" showIcon role="alert" title={alert} closable={{ onClose: () => setAlert(null) }} data-testid="cockpit-editor-error" />}
      <Form<EditorValues> form={form} layout="vertical" initialValues={initial} onFinish={() => void save(form.getFieldsValue(true) as EditorValues)}>
        <Card size="small" title={cockpit ? `编辑驾驶舱 · ${COCKPIT_SCOPE_ZH[cockpit.scope] ?? cockpit.scope}` : '新建驾驶舱'} style={{ marginBottom: 12 }}>
          <Row gutter={12}>
            {!cockpit && (
              <Col xs={24} md={8}>
                <Form.Item label="范围" name="scope" rules={[{ required: true, message: '请选择驾驶舱范围' }]}>
                  <Select options={COCKPIT_SCOPES.map((s) => ({ value: s, label: COCKPIT_SCOPE_ZH[s] }))} placeholder="全市或部门" />
                </Form.Item>
              </Col>
            )}
            <Col xs={24} md={cockpit ? 12 : 10}>
              <Form.Item label="标题" name="title" extra="最多30字，如：全市党建工作驾驶舱">
                <Input maxLength={30} showCount />
              </Form.Item>
            </Col>
            <Col xs={24} md={cockpit ? 12 : 6}>
              <Form.Item label="统计年度" name="year" extra="留空则显示有数据的最近一年（可能是仍在填报的年度）">
                <InputNumber aria-label="统计年度" min={2000} max={2100} precision={0} placeholder="如 2022" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Form.List name="widgets">
          {(fields, { add, remove, move }) => (
            <Card
              size="small"
              title={`组件（${fields.length}）`}
              extra={
                <Dropdown
                  trigger={['click']}
                  menu={{
                    items: KINDS.map((k) => ({
                      key: k,
                      label: WIDGET_KIND_ZH[k],
                      onClick: () => {
                        add({ ...NEW_WIDGET[k] });
                        setListError(null);
                      },
                    })),
                  }}
                >
                  <Button icon={<PlusOutlined />} disabled={fields.length >= 24}>
                    添加组件
                  </Button>
                </Dropdown>
              }
              styles={{ header: { flexWrap: 'wrap', gap: 8 } }}
            >
              {listError && <Alert type="error" showIcon title={listError} style={{ marginBottom: 12 }} />}
              {fields.length === 0 && <Empty description="还没有组件，点击右上角“添加组件”" />}
              <Flex vertical gap={10}>
                {fields.map((field, index) => {
                  const kind = widgets[index]?.kind ?? (form.getFieldValue(['widgets', field.name, 'kind']) as WidgetKind);
                  return (
                    <Card
                      key={field.key}
                      size="small"
                      type="inner"
                      data-testid="cockpit-widget-editor"
                      styles={{ body: { paddingBottom: 0 } }}
                      title={`${index + 1}. ${WIDGET_KIND_ZH[kind] ?? kind}`}
                      extra={
                        <Space size={2}>
                          <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => move(index, index - 1)} aria-label={`上移第${index + 1}个组件`} title="上移" />
                          <Button type="text" size="small" icon={<ArrowDownOutlined />} disabled={index === fields.length - 1} onClick={() => move(index, index + 1)} aria-label={`下移第${index + 1}个组件`} title="下移" />
                          <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={() => remove(index)} aria-label={`删除第${index + 1}个组件`} title="删除" />
                        </Space>
                      }
                    >
                      <Form.Item name={[field.name, 'kind']} hidden>
                        <Input />
                      </Form.Item>
                      {kind === 'headline' && (
                        <Row gutter={12}>
                          <Col xs={24} md={10}>
                            <Form.Item label="指标" name={[field.name, 'indicatorCode']}>
                              <Select
                                loading={indicators == null}
                                placeholder="输入指标名称或编码"
                                options={indicatorOptions}
                                showSearch={{
                                  filterOption: (input, option) => {
                                    const t = input.trim().toLowerCase();
                                    return !!option && (option.name.includes(input.trim()) || option.code.toLowerCase().includes(t));
                                  },
                                }}
                                optionRender={(o) => (
                                  <span>
                                    {o.data.label}
                                    <Typography.Text type="secondary" style={{ marginInlineStart: 6, fontSize: 12 }}>
                                      {o.data.code}
                                    </Typography.Text>
                                  </span>
                                )}
                                notFoundContent="没有匹配的指标"
                                popupMatchSelectWidth={false}
                              />
                            </Form.Item>
                          </Col>
                          <Col xs={24} md={7}>
                            <Form.Item label="标题" name={[field.name, 'label']} extra="不填则用指标名称">
                              <Input maxLength={20} placeholder={indicatorName(widgets[index]?.indicatorCode) === '未选指标' ? '如：党员' : indicatorName(widgets[index]?.indicatorCode)} />
                            </Form.Item>
                          </Col>
                          <Col xs={24} md={7}>
                            <Form.Item label="数字写法" name={[field.name, 'style']}>
                              <Select options={STYLE_OPTIONS.map((o) => ({ ...o }))} />
                            </Form.Item>
                          </Col>
                        </Row>
                      )}
                      {kind === 'counter' && (
                        <Form.Item label="计数项" name={[field.name, 'counter']} style={{ maxWidth: 360 }}>
                          <Select placeholder="请选择" options={COUNTERS.map((c) => ({ value: c, label: COUNTER_ZH[c] }))} />
                        </Form.Item>
                      )}
                      {kind === 'league' && (
                        <Row gutter={12}>
                          <Col xs={24} md={14}>
                            <Form.Item label="考评方案" name={[field.name, 'schemeCode']} extra="显示该方案最近发布的排名">
                              <Select
                                loading={schemes.loading}
                                placeholder="请选择考评方案"
                                options={schemeOptions}
                                showSearch={{ filterOption: (input, option) => !!option && (option.label.includes(input.trim()) || option.code.toLowerCase().includes(input.trim().toLowerCase())) }}
                                notFoundContent="没有可选的考评方案"
                              />
                            </Form.Item>
                          </Col>
                          <Col xs={24} md={10}>
                            <Form.Item label="显示前几名" name={[field.name, 'top']}>
                              <InputNumber min={3} max={20} precision={0} style={{ width: 120 }} suffix="名" />
                            </Form.Item>
                          </Col>
                        </Row>
                      )}
                      {kind === 'honours' && (
                        <Typography.Paragraph type="secondary">显示所选年份获得的荣誉：总数、按级别统计和最近几项。</Typography.Paragraph>
                      )}
                    </Card>
                  );
                })}
              </Flex>
            </Card>
          )}
        </Form.List>

        <Flex gap={8} wrap style={{ marginTop: 12 }}>
          <Button type="primary" htmlType="submit" loading={busy}>
            保存
          </Button>
          <Button onClick={() => navigate(backTo)}>取消</Button>
          {cockpit && (
            <Typography.Text type="secondary" style={{ alignSelf: 'center' }}>
              当前为第{version}版
            </Typography.Text>
          )}
        </Flex>
      </Form>

      {conflict && (
        <VersionConflictModal
          open
          mine={describe(conflict.mine)}
          theirs={describe(toValues(conflict.theirs.definition))}
          fields={CONFLICT_FIELDS}
          busy={busy}
          onCancel={() => setConflict(null)}
          onReloadTheirs={() => {
            form.resetFields();
            form.setFieldsValue(toValues(conflict.theirs.definition, conflict.theirs.scope));
            setVersion(conflict.theirs.version);
            setConflict(null);
            message.info(`已载入${conflict.theirs.updatedBy}保存的第${conflict.theirs.version}版`);
          }}
          onReapplyMine={() => {
            setVersion(conflict.theirs.version);
            void save(conflict.mine, conflict.theirs.version);
          }}
        />
      )}
    </Flex>
  );
}
