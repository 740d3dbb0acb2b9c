import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Alert, App, Breadcrumb, Button, Card, Col, Empty, Flex, Form, Grid, Input, Result, Row, Select, Space, Spin, Tooltip, Typography, type FormInstance } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DatabaseOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../api';
import { useMe } from '../../auth';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { PageSpinner } from '../../components/PageSpinner';
import { REPORT_DEPTS, REPORT_DEPT_ZH, TemplateDefinitionSchema, type ReportDept } from '../../../shared/reports';
import { useApi } from '../indicators/useApi';
import { yearOptions } from './display';
import { SlotPicker } from './SlotPicker';
import { DEPT_OPTIONS, GeneratedDocument, ProblemsAlert, dateTimeText, deptOfUnitName, problemPlace } from './summaryView';
import type { GeneratedSummary, ReportTemplate, SlotCatalog, TemplateDefinition } from './types';

interface EditorValues {
  dept: ReportDept;
  name: string;
  definition: TemplateDefinition;
}

const FIELDS = ['dept', 'name', 'definition'] as const;
const PREVIEW_DELAY_MS = 400;
const DEFAULT_PREVIEW_YEAR = 2022;

/** Where the cursor was in a paragraph: the slot picker inserts there. */
interface ActiveParagraph {
  section: number;
  paragraph: number;
  el: HTMLTextAreaElement | null;
}

const paragraphPath = (s: number, p: number) => ['definition', 'sections', s, 'paragraphs', p];

/** The name paths an onValuesChange payload touches (lists come as sparse arrays of the changed items). */
function leafPaths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return v.flatMap((x, i) => (x === undefined ? [] : leafPaths(x, [...prefix, i])));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => leafPaths(x, [...prefix, k]));
  return prefix.length ? [prefix] : [];
}

/** 综述模板 editor: /reports/templates/new(?dept=) and /reports/templates/:id. */
export default function TemplateEditorPage() {
  const { id } = useParams();
  const [nonce, setNonce] = useState(0);
  const tpl = useApi<ReportTemplate>(id ? `report-template-${id}-${nonce}` : null, () => api.get<ReportTemplate>(`/api/report-templates/${id}`));
  if (!id) return <TemplateEditor />;
  if (tpl.error) return <Result status="warning" title={tpl.error} extra={<Link to="/reports/templates">返回模板列表</Link>} />;
  if (!tpl.data) return <PageSpinner />;
  return <TemplateEditor key={`${tpl.data.id}-${nonce}`} template={tpl.data} onReload={() => setNonce((n) => n + 1)} />;
}

function newDefinition(dept: ReportDept): TemplateDefinition {
  return {
    title: `{year}年全市${REPORT_DEPT_ZH[dept]}综述`,
    subtitle: '',
    sections: [{ name: '总体情况', heading: '', paragraphs: [''] }],
  };
}

function TemplateEditor({ template, onReload }: { template?: ReportTemplate; onReload?: () => void }) {
  const me = useMe();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { message, modal } = App.useApp();
  const screens = Grid.useBreakpoint();
  const isMobile = screens.md === false;
  const wide = !!screens.lg;
  // Untyped: paragraph paths are built at run time (definition.sections.N.paragraphs.M).
  const [form] = Form.useForm();
  const catalog = useApi<SlotCatalog>('report-template-slots', () => api.get<SlotCatalog>('/api/report-templates/slots'));
  const [version, setVersion] = useState(template?.version);
  const [savedBy, setSavedBy] = useState(template ? { by: template.updatedBy, at: template.updatedAt } : null);
  const [busy, setBusy] = useState(false);
  const [alert, setAlert] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [pickerOpen, setPickerOpen] = useState(false);
  const active = useRef<ActiveParagraph | null>(null);
  const [activeLabel, setActiveLabel] = useState<string | null>(null);

  const paramDept = params.get('dept');
  const initialDept: ReportDept = template?.dept ?? ((REPORT_DEPTS as readonly string[]).includes(paramDept ?? '') ? (paramDept as ReportDept) : (deptOfUnitName(me.orgUnitName) ?? 'org'));
  const initial: EditorValues = template
    ? { dept: template.dept, name: template.name, definition: template.definition }
    : { dept: initialDept, name: `${REPORT_DEPT_ZH[initialDept]}年度综述`, definition: newDefinition(initialDept) };

  const setActive = (a: ActiveParagraph | null) => {
    active.current = a;
    setActiveLabel(a ? problemPlace({ section: a.section + 1, paragraph: a.paragraph + 1 }) : null);
  };

  /** Puts the slot text at the focused paragraph's cursor (or its end) and the cursor after it. */
  const insertSlot = (slot: string) => {
    const a = active.current;
    if (!a) return;
    const path = paragraphPath(a.section, a.paragraph);
    const current = (form.getFieldValue(path) as string | undefined) ?? '';
    const el = a.el && document.contains(a.el) ? a.el : null;
    const start = el ? Math.min(el.selectionStart, current.length) : current.length;
    const end = el ? Math.min(el.selectionEnd, current.length) : current.length;
    form.setFields([{ name: path, value: current.slice(0, start) + slot + current.slice(end), errors: [] }]);
    setPickerOpen(false);
    const caret = start + slot.length;
    // After the modal has closed and the new value has rendered.
    setTimeout(() => {
      const target = (el && document.contains(el) ? el : null) ?? document.querySelector<HTMLTextAreaElement>(`textarea[data-para="${a.section}-${a.paragraph}"]`);
      if (!target) return;
      target.focus();
      target.setSelectionRange(caret, caret);
    }, 80);
  };

  const focusParagraph = (section: number, paragraph: number) => {
    const el = document.querySelector<HTMLTextAreaElement>(`textarea[data-para="${section}-${paragraph}"]`);
    if (!el) return;
    el.scrollIntoView({ behavior: 'smooth', block: 'center' });
    el.focus();
  };

  /** Client-side check with the shared schema: messages go to their fields before anything is sent. */
  const validate = (v: EditorValues): TemplateDefinition | null => {
    const parsed = TemplateDefinitionSchema.safeParse(v.definition);
    if (parsed.success) return parsed.data;
    const byPath = new Map<string, { name: (string | number)[]; errors: string[] }>();
    for (const issue of parsed.error.issues) {
      const name = ['definition', ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))];
      const key = name.join('.');
      byPath.set(key, { name, errors: [...(byPath.get(key)?.errors ?? []), issue.message] });
    }
    form.setFields([...byPath.values()]);
    setAlert(`请按提示修改：${[...new Set(parsed.error.issues.map((i) => i.message))].join('；')}`);
    const first = [...byPath.values()][0];
    if (first) form.scrollToField(first.name, { block: 'center' });
    return null;
  };

  const save = async (atVersion = version) => {
    let v: EditorValues;
    try {
      v = (await form.validateFields()) as EditorValues;
    } catch {
      setAlert('请按提示修改标红的项目');
      return;
    }
    v = { ...(form.getFieldsValue(true) as EditorValues), ...v };
    const definition = validate(v);
    if (!definition) return;
    setBusy(true);
    setAlert(null);
    try {
      if (template) {
        const saved = await api.put<ReportTemplate>(`/api/report-templates/${template.id}`, { name: v.name.trim(), definition, version: atVersion });
        setVersion(saved.version);
        setSavedBy({ by: saved.updatedBy, at: saved.updatedAt });
        setStale(false);
        message.success('模板已保存');
      } else {
        const created = await api.post<ReportTemplate>('/api/report-templates', { dept: v.dept, name: v.name.trim(), definition });
        message.success('模板已创建');
        navigate(`/reports/templates/${created.id}`, { replace: true });
      }
    } catch (err) {
      if (err instanceof ApiError && err.code === 'report_template.stale' && template) {
        // Someone saved meanwhile: the edits stay; the user decides.
        setStale(true);
      } else {
        const marked = applyServerErrors(form, err, FIELDS);
        const issues = err instanceof ApiError ? [...new Set(err.fieldIssues.map((i) => i.message))] : [];
        setAlert(marked && issues.length ? `保存未成功，请按标红处修改：${issues.join('；')}` : errorText(err));
      }
    } finally {
      setBusy(false);
    }
  };

  const saveOverLatest = async () => {
    if (!template) return;
    setBusy(true);
    try {
      const latest = await api.get<ReportTemplate>(`/api/report-templates/${template.id}`);
      setBusy(false);
      await save(latest.version);
    } catch (err) {
      setBusy(false);
      setAlert(errorText(err));
    }
  };

  const reloadLatest = () =>
    modal.confirm({
      title: '载入最新版本？',
      content: '您在本页的修改将被丢弃，载入他人保存的最新版本。',
      okText: '载入最新版本',
      okButtonProps: { danger: true },
      cancelText: '继续编辑',
      onOk: () => onReload?.(),
    });

  return (
    <Flex vertical gap={12} style={{ minWidth: 0 }}>
      <Breadcrumb items={[{ title: <Link to="/reports/templates">综述模板</Link> }, { title: template ? template.name : '新建模板' }]} />
      {alert && <Alert type="error" showIcon role="alert" title={alert} closable={{ onClose: () => setAlert(null) }} data-testid="editor-error" />}
      {stale && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          data-testid="template-stale"
          title="保存未成功：您编辑期间，这个模板已被他人保存"
          description="您的修改仍保留在页面上，未丢失。可以用您的修改覆盖他人保存的版本，或放弃修改、载入最新版本。"
          action={
            <Space orientation="vertical" size={4}>
              <Button size="small" type="primary" loading={busy} onClick={() => void saveOverLatest()}>
                仍保存我的修改
              </Button>
              <Button size="small" onClick={reloadLatest}>
                载入最新版本
              </Button>
            </Space>
          }
        />
      )}
      <Form<EditorValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        requiredMark={false}
        onFinish={() => void save()}
        // A server message on a field goes as soon as the field is edited.
        onValuesChange={(changed: Partial<EditorValues>) => {
          const names = leafPaths(changed).filter((name) => form.getFieldError(name).length > 0);
          if (names.length) form.setFields(names.map((name) => ({ name, errors: [] })));
        }}
      >
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={13}>
            <Flex vertical gap={12}>
              <Card size="small" title={template ? '修改模板' : '新建模板'} extra={savedBy && <Typography.Text type="secondary" style={{ fontSize: 12 }}>第{version}版 · {savedBy.by} {dateTimeText(savedBy.at)}</Typography.Text>}>
                <Row gutter={12}>
                  <Col xs={24} md={8}>
                    <Form.Item name="dept" label="部门" extra={template ? '创建后不可修改' : undefined}>
                      <Select aria-label="部门" options={DEPT_OPTIONS} disabled={!!template} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={16}>
                    <Form.Item name="name" label="模板名称" rules={[{ required: true, whitespace: true, message: '请填写模板名称' }]}>
                      <Input aria-label="模板名称" maxLength={40} placeholder="如：组织工作年度综述" />
                    </Form.Item>
                  </Col>
                  <Col xs={24}>
                    <Form.Item name={['definition', 'title']} label="标题" extra="“{year}”生成时替换为年度，如 {year}年全市组织工作综述">
                      <Input aria-label="标题" maxLength={60} />
                    </Form.Item>
                  </Col>
                  <Col xs={24}>
                    <Form.Item name={['definition', 'subtitle']} label="副标题（可不填）" extra="以“——”开头，如 ——{year}年全市组织工作综述" style={{ marginBottom: 0 }}>
                      <Input aria-label="副标题" maxLength={60} placeholder="如：——{year}年全市组织工作综述" />
                    </Form.Item>
                  </Col>
                </Row>
              </Card>
              <SectionsEditor form={form} onFocusParagraph={setActive} onOpenPicker={(a) => {
                setActive(a);
                setPickerOpen(true);
              }} />
            </Flex>
          </Col>
          <Col xs={24} lg={11}>
            <div style={wide ? { position: 'sticky', top: 80 } : undefined}>
              <PreviewPanel form={form} isMobile={isMobile} wide={wide} onPickProblem={(s, p) => focusParagraph(s, p)} />
            </div>
          </Col>
        </Row>
        <Flex
          gap={8}
          wrap
          justify="flex-end"
          style={{ position: 'sticky', bottom: 0, background: '#fff', padding: isMobile ? 8 : '12px 16px', borderTop: '1px solid #f0f0f0', zIndex: 5, marginTop: 16, marginInline: isMobile ? -8 : 0 }}
        >
          <Tooltip title={activeLabel ? `插入到${activeLabel}的光标处` : '先点击要插入数据的段落'}>
            <Button icon={<DatabaseOutlined />} onClick={() => setPickerOpen(true)}>
              插入数据
            </Button>
          </Tooltip>
          <div style={{ flex: 1 }} />
          <Button onClick={() => navigate('/reports/templates')}>取消</Button>
          <Button type="primary" htmlType="submit" loading={busy}>
            {template ? '保存模板' : '创建模板'}
          </Button>
        </Flex>
      </Form>
      <SlotPicker
        open={pickerOpen}
        catalog={catalog.data}
        catalogError={catalog.error}
        target={activeLabel}
        onInsert={insertSlot}
        onClose={() => setPickerOpen(false)}
      />
    </Flex>
  );
}

/** Sections and their paragraphs: add, remove, reorder; every paragraph a textarea that remembers its cursor. */
function SectionsEditor({
  form,
  onFocusParagraph,
  onOpenPicker,
}: {
  form: FormInstance;
  onFocusParagraph: (a: ActiveParagraph | null) => void;
  onOpenPicker: (a: ActiveParagraph) => void;
}) {
  return (
    <Form.List name={['definition', 'sections']}>
      {(sections, { add, remove, move }) => (
        <Flex vertical gap={12}>
          {sections.map((sField, si) => (
            <Card
              key={sField.key}
              size="small"
              data-testid="template-section"
              title={<span>第{si + 1}节</span>}
              extra={
                <Space size={0}>
                  <Button type="text" size="small" icon={<ArrowUpOutlined />} aria-label={`第${si + 1}节上移`} disabled={si === 0} onClick={() => { onFocusParagraph(null); move(si, si - 1); }} />
                  <Button type="text" size="small" icon={<ArrowDownOutlined />} aria-label={`第${si + 1}节下移`} disabled={si === sections.length - 1} onClick={() => { onFocusParagraph(null); move(si, si + 1); }} />
                  <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={`删除第${si + 1}节`} disabled={sections.length <= 1} onClick={() => { onFocusParagraph(null); remove(si); }} />
                </Space>
              }
            >
              <Row gutter={12}>
                <Col xs={24} md={10}>
                  <Form.Item name={[sField.name, 'name']} label="小节名称" extra="编辑时使用，不打印">
                    <Input aria-label={`第${si + 1}节名称`} maxLength={40} placeholder="如：筑牢忠诚根基" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={14}>
                  <Form.Item name={[sField.name, 'heading']} label="小节标题（可不填）" extra="填写后打印在本节段落之上，按顺序自动编号为“一、二、…”">
                    <Input aria-label={`第${si + 1}节标题`} maxLength={60} placeholder="如：坚持政治引领" />
                  </Form.Item>
                </Col>
              </Row>
              <Form.List name={[sField.name, 'paragraphs']}>
                {(paras, { add: addPara, remove: removePara, move: movePara }) => (
                  <Flex vertical gap={8}>
                    {paras.map((pField, pi) => (
                      <Flex key={pField.key} gap={6} align="flex-start">
                        <Form.Item name={pField.name} label={pi === 0 ? '段落' : undefined} style={{ flex: 1, marginBottom: 0, minWidth: 0 }}>
                          <Input.TextArea
                            aria-label={`第${si + 1}节第${pi + 1}段`}
                            data-para={`${si}-${pi}`}
                            autoSize={{ minRows: 3, maxRows: 16 }}
                            placeholder="段落文字；点“插入数据”放入数字，如：全市共有党员{{value DY_ZS style=approx}}……"
                            onFocus={(e) => onFocusParagraph({ section: si, paragraph: pi, el: e.target })}
                          />
                        </Form.Item>
                        <Flex vertical gap={2} style={{ marginTop: pi === 0 ? 30 : 0 }}>
                          <Tooltip title="插入数据" placement="left">
                            <Button
                              size="small"
                              type="text"
                              icon={<DatabaseOutlined />}
                              aria-label={`在第${si + 1}节第${pi + 1}段插入数据`}
                              onMouseDown={(e) => e.preventDefault()}
                              onClick={() => {
                                // The cursor of this paragraph if it was the one being edited, else its end.
                                const el = document.querySelector<HTMLTextAreaElement>(`textarea[data-para="${si}-${pi}"]`);
                                onOpenPicker({ section: si, paragraph: pi, el: el && document.activeElement === el ? el : null });
                              }}
                            />
                          </Tooltip>
                          <Button size="small" type="text" icon={<ArrowUpOutlined />} aria-label={`第${si + 1}节第${pi + 1}段上移`} disabled={pi === 0} onClick={() => { onFocusParagraph(null); movePara(pi, pi - 1); }} />
                          <Button size="small" type="text" icon={<ArrowDownOutlined />} aria-label={`第${si + 1}节第${pi + 1}段下移`} disabled={pi === paras.length - 1} onClick={() => { onFocusParagraph(null); movePara(pi, pi + 1); }} />
                          <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={`删除第${si + 1}节第${pi + 1}段`} disabled={paras.length <= 1} onClick={() => { onFocusParagraph(null); removePara(pi); }} />
                        </Flex>
                      </Flex>
                    ))}
                    <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => addPara('')} style={{ alignSelf: 'flex-start' }}>
                      添加段落
                    </Button>
                  </Flex>
                )}
              </Form.List>
            </Card>
          ))}
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            onClick={() => {
              const n = ((form.getFieldValue(['definition', 'sections']) as unknown[] | undefined)?.length ?? 0) + 1;
              add({ name: `第${n}部分`, heading: '', paragraphs: [''] });
            }}
          >
            添加小节
          </Button>
        </Flex>
      )}
    </Form.List>
  );
}

/** 实时预览: the template filled with a year's figures, fetched ~400 ms after the last keystroke. */
function PreviewPanel({ form, isMobile, wide, onPickProblem }: { form: FormInstance; isMobile: boolean; wide: boolean; onPickProblem: (section: number, paragraph: number) => void }) {
  const definition = Form.useWatch('definition', form) as TemplateDefinition | undefined;
  const dept = Form.useWatch('dept', form) as ReportDept | undefined;
  const [year, setYear] = useState(DEFAULT_PREVIEW_YEAR);
  const [preview, setPreview] = useState<GeneratedSummary | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);
  const key = JSON.stringify({ definition, dept, year });

  useEffect(() => {
    if (!definition || !dept) return;
    const parsed = TemplateDefinitionSchema.safeParse(definition);
    if (!parsed.success) {
      setProblem(`模板尚不完整，暂不能预览：${[...new Set(parsed.error.issues.map((i) => i.message))].join('；')}`);
      return;
    }
    const n = ++seq.current;
    const timer = setTimeout(() => {
      setLoading(true);
      api
        .post<GeneratedSummary>('/api/report-templates/preview', { dept, year, definition: parsed.data })
        .then((p) => {
          if (n !== seq.current) return;
          setPreview(p);
          setProblem(null);
        })
        .catch((err) => {
          if (n !== seq.current) return;
          const issues = err instanceof ApiError ? [...new Set(err.fieldIssues.map((i) => i.message))] : [];
          setProblem(`暂不能预览：${issues.length ? issues.join('；') : errorText(err)}`);
        })
        .finally(() => n === seq.current && setLoading(false));
    }, PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
    // The key stands for definition, dept and year.
  }, [key]);

  return (
    <Card
      size="small"
      data-testid="template-preview"
      title={
        <Space size={8}>
          <span>实时预览</span>
          {loading && <Spin size="small" />}
        </Space>
      }
      extra={<Select aria-label="预览年度" size="small" value={year} onChange={setYear} options={yearOptions()} style={{ width: 100 }} />}
      styles={{ body: { padding: isMobile ? 8 : 12, ...(wide ? { maxHeight: 'calc(100vh - 170px)', overflowY: 'auto' } : {}) } }}
    >
      <Flex vertical gap={8}>
        {problem && <Alert type="info" showIcon title={problem} />}
        {preview ? (
          <>
            <ProblemsAlert problems={preview.problems} onPick={(p) => onPickProblem(p.section - 1, p.paragraph - 1)} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {preview.unit.name} · {preview.year}年数据 · 共{preview.figureCount}处数字；蓝底为生成的数字，点击可查看来源
            </Typography.Text>
            <div style={{ opacity: loading ? 0.6 : 1, transition: 'opacity 0.2s' }}>
              <GeneratedDocument summary={preview} isMobile testId="preview-document" newTab />
            </div>
          </>
        ) : (
          !problem && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={loading ? '正在生成预览…' : '编辑模板后在此预览'} />
        )}
      </Flex>
    </Card>
  );
}
