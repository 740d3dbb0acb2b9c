import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Flex, Form, Input, InputNumber, Popconfirm, Select, Skeleton, Space, Typography } from 'antd';
import { ArrowLeftOutlined, DeleteOutlined, FileImageOutlined, FilePdfOutlined, UploadOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../api';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { DateInput } from '../ledger/DateInput';
import { EDITABLE_STATUSES, EDUCATIONS, EDUCATION_ZH, TALENT_TIERS, TIER_ZH, type ApplicationFieldDef, type Education, type RequiredDocument, type TalentTier } from '../../../shared/talent';
import { ApplicationFields, DecisionHistory, DocumentList, StatusTag } from './ApplicationView';
import { fmtSize, fmtYuan, type Application, type ApplicationFile } from './types';

interface Values {
  tier?: TalentTier | null;
  education?: Education | null;
  employerUnitId?: number | null;
  yearsInCounty?: number | null;
  form?: Record<string, string | number | null>;
}

/** The fields whose server errors are shown beside them (documents.<key> beside each document). */
const FIELD_NAMES = ['tier', 'education', 'employerUnitId', 'yearsInCounty', 'form', 'documents', 'programmeId'];
const ACCEPT = 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png';
const MAX_BYTES = 10 * 1024 * 1024;

const valuesOf = (a: Application): Values => ({
  tier: a.tier,
  education: a.education,
  employerUnitId: a.employerUnitId,
  yearsInCounty: a.yearsInCounty,
  form: Object.fromEntries(a.programme.fields.map((f) => [f.key, f.type === 'number' && a.form[f.key] != null ? Number(a.form[f.key]) : (a.form[f.key] ?? null)])),
});

/** Employers of the county by name (the applicant's account cannot browse the org tree). */
function EmployerPicker({ value, onChange, initialLabel }: { value?: number | null; onChange?: (v: number | null) => void; initialLabel: string | null }) {
  const [options, setOptions] = useState<{ value: number; label: string }[]>(value && initialLabel ? [{ value, label: initialLabel }] : []);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);
  const search = async (q: string) => {
    const n = ++seq.current;
    setLoading(true);
    try {
      const units = await api.get<{ id: number; name: string; typeName: string }[]>('/api/me/employers', { q });
      if (n === seq.current) setOptions(units.map((u) => ({ value: u.id, label: `${u.name}（${u.typeName}）` })));
    } finally {
      if (n === seq.current) setLoading(false);
    }
  };
  return (
    <Select
      allowClear
      showSearch={{ filterOption: false, onSearch: (q) => void search(q) }}
      onFocus={() => options.length <= 1 && void search('')}
      loading={loading}
      value={value ?? undefined}
      onChange={(v?: number) => onChange?.(v ?? null)}
      placeholder="输入单位名称查找"
      notFoundContent={loading ? '查找中…' : '没有找到该单位'}
      options={options}
      aria-label="用人单位"
    />
  );
}

/** One programme field as its type asks; Form.Item hands it the value and onChange to pass on. */
function FieldInput({ def, value, onChange, id }: { def: ApplicationFieldDef; value?: string | number | null; onChange?: (v: string | number | null) => void; id?: string }) {
  if (def.type === 'date') return <DateInput id={id} allowClear aria-label={def.label} value={(value as string | null) ?? null} onChange={(v) => onChange?.(v)} />;
  if (def.type === 'number') return <InputNumber id={id} min={def.min} max={def.max} style={{ width: '100%' }} aria-label={def.label} value={value as number | null} onChange={(v) => onChange?.(v)} />;
  const text = { id, value: (value as string | null) ?? '', onChange: (e: { target: { value: string } }) => onChange?.(e.target.value), 'aria-label': def.label };
  return def.max && def.max > 100 ? <Input.TextArea rows={3} maxLength={def.max} showCount {...text} /> : <Input maxLength={def.max} placeholder={def.hint} {...text} />;
}

/** A required document: the files uploaded for it, and a button to add one. */
function DocumentSlot({ app, doc, files, onUploaded, onRemoved }: { app: Application; doc: RequiredDocument; files: ApplicationFile[]; onUploaded: (f: ApplicationFile) => void; onRemoved: (fileId: number) => void }) {
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const form = Form.useFormInstance();
  const upload = async (list: FileList | null) => {
    if (!list?.length) return;
    setBusy(true);
    form.setFields([{ name: ['documents', doc.key], errors: [] }]);
    for (const f of Array.from(list)) {
      if (f.size > MAX_BYTES) {
        form.setFields([{ name: ['documents', doc.key], errors: [`${f.name}：文件不能超过 10 MB`] }]);
        continue;
      }
      try {
        onUploaded(await api.upload<ApplicationFile>(`/api/me/applications/${app.id}/files`, f, { docKey: doc.key, name: f.name }, f.type || 'application/octet-stream'));
      } catch (err) {
        if (!applyServerErrors(form, err, FIELD_NAMES)) message.error(`${f.name}：${errorText(err)}`);
      }
    }
    setBusy(false);
  };
  const remove = async (fileId: number) => {
    try {
      await api.post(`/api/me/applications/${app.id}/files/${fileId}/remove`);
      onRemoved(fileId);
    } catch (err) {
      message.error(errorText(err));
    }
  };
  return (
    <Flex vertical gap={4}>
      {files.map((f) => (
        <Flex key={f.id} align="center" gap={4} wrap>
          <a href={`/api/me/applications/${app.id}/files/${f.id}`} target="_blank" rel="noreferrer" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
            {f.mime === 'application/pdf' ? <FilePdfOutlined style={{ color: '#c8102e' }} /> : <FileImageOutlined />} {f.fileName}
          </a>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {fmtSize(f.size)}
          </Typography.Text>
          <Popconfirm title={`删除「${f.fileName}」？`} okText="删除" cancelText="取消" onConfirm={() => remove(f.id)}>
            <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label={`删除 ${f.fileName}`} />
          </Popconfirm>
        </Flex>
      ))}
      <div>
        <Button icon={<UploadOutlined />} loading={busy} onClick={() => input.current?.click()}>
          {files.length ? '再上传一份' : '上传'}
        </Button>
        <input
          ref={input}
          type="file"
          multiple
          accept={ACCEPT}
          aria-label={`上传${doc.label}`}
          style={{ display: 'none' }}
          onChange={(e) => {
            void upload(e.target.files);
            e.target.value = '';
          }}
        />
      </div>
    </Flex>
  );
}

/**
 * One application of mine: while a draft (or returned for changes) a form kept on the server —
 * save at any time, upload each document, submit when complete, with every problem shown beside
 * its field; afterwards what I submitted, the decisions with their reasons, and what was paid.
 */
export default function MyApplicationPage() {
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [app, setApp] = useState<Application | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'save' | 'submit' | 'withdraw' | null>(null);
  const [dirty, setDirty] = useState(false);

  useEffect(() => {
    let cancelled = false;
    api
      .get<Application>(`/api/me/applications/${id}`)
      .then((a) => {
        if (cancelled) return;
        setApp(a);
      })
      .catch((err) => !cancelled && setError(errorText(err)));
    return () => {
      cancelled = true;
    };
  }, [id]);

  const payload = (v: Values) => ({
    tier: v.tier ?? null,
    education: v.education ?? null,
    employerUnitId: v.employerUnitId ?? null,
    yearsInCounty: v.yearsInCounty ?? null,
    form: Object.fromEntries(Object.entries(v.form ?? {}).map(([k, x]) => [k, x === '' || x == null ? null : x])),
  });

  /** Saves what is typed; returns the saved application, or null when the server refused it. */
  const save = async (): Promise<Application | null> => {
    if (!app) return null;
    try {
      const saved = await api.put<Application>(`/api/me/applications/${app.id}`, { version: app.version, ...payload(form.getFieldsValue(true)) });
      setApp(saved);
      setDirty(false);
      return saved;
    } catch (err) {
      if (err instanceof ApiError && err.isVersionConflict) {
        message.warning('该申请已在其他页面修改，已载入最新内容');
        const fresh = await api.get<Application>(`/api/me/applications/${app.id}`);
        setApp(fresh);
        form.setFieldsValue(valuesOf(fresh));
      } else if (!applyServerErrors(form, err, FIELD_NAMES)) message.error(errorText(err));
      return null;
    }
  };

  const saveDraft = async () => {
    setBusy('save');
    if (await save()) message.success('草稿已保存');
    setBusy(null);
  };

  const submit = async () => {
    setBusy('submit');
    try {
      const saved = await save();
      if (!saved) return;
      const done = await api.post<Application>(`/api/me/applications/${saved.id}/submit`, { version: saved.version });
      setApp(done);
      message.success('申请已提交，请留意审核进度');
      window.scrollTo({ top: 0 });
    } catch (err) {
      if (!applyServerErrors(form, err, FIELD_NAMES)) message.error(errorText(err));
      else message.error('还有内容需要补充或不符合申请条件，请查看标红的项目');
    } finally {
      setBusy(null);
    }
  };

  const withdraw = async () => {
    if (!app) return;
    setBusy('withdraw');
    try {
      await api.post(`/api/me/applications/${app.id}/withdraw`, { version: app.version });
      message.success('申请已撤回');
      navigate('/me/applications');
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setBusy(null);
    }
  };

  const editable = app ? EDITABLE_STATUSES.includes(app.status) : false;
  const lastReturn = app?.status === 'returned' ? [...app.history].reverse().find((h) => h.decision === 'return') : undefined;

  return (
    <Flex vertical gap={12} style={{ maxWidth: 760 }}>
      <Link to="/me/applications">
        <ArrowLeftOutlined /> 我的人才申请
      </Link>
      {error && <Alert type="error" showIcon title={error} />}
      {!app && !error && <Skeleton active />}
      {app && (
        <>
          <Flex align="center" gap={8} wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {app.programme.name}
            </Typography.Title>
            <StatusTag a={app} />
          </Flex>
          <Typography.Text type="secondary">申请编号 {app.no}</Typography.Text>
          {lastReturn && <Alert type="warning" showIcon title="申请被退回修改" description={`${lastReturn.stepName}：${lastReturn.reason ?? ''}。请修改后重新提交。`} />}
          {app.status === 'rejected' && <Alert type="error" showIcon title="申请未通过" description={[...app.history].reverse().find((h) => h.decision === 'reject')?.reason} />}
          {app.status === 'approved' && <Alert type="success" showIcon title={`申请已通过，核定补助 ${fmtYuan(app.grantedAmount)}，已发放 ${fmtYuan(app.paidAmount)}`} />}
          {editable ? (
            <Form form={form} layout="vertical" initialValues={valuesOf(app)} onValuesChange={() => setDirty(true)} scrollToFirstError>
              <Card size="small" title="基本情况">
                <Form.Item name="tier" label="人才层次" extra={app.programme.rules.tiers.length < TALENT_TIERS.length && app.programme.rules.tiers.length ? `本政策限 ${app.programme.rules.tiers.join('、')} 类` : undefined}>
                  <Select allowClear placeholder="请选择" aria-label="人才层次" options={TALENT_TIERS.map((t) => ({ value: t, label: TIER_ZH[t] }))} />
                </Form.Item>
                <Form.Item name="education" label="最高学历">
                  <Select allowClear placeholder="请选择" aria-label="最高学历" options={EDUCATIONS.map((e) => ({ value: e, label: EDUCATION_ZH[e] }))} />
                </Form.Item>
                <Form.Item name="employerUnitId" label="用人单位">
                  <EmployerPicker initialLabel={app.employerName} />
                </Form.Item>
                <Form.Item name="yearsInCounty" label="在本县工作年限（年）">
                  <InputNumber min={0} max={60} style={{ width: '100%' }} aria-label="在本县工作年限" />
                </Form.Item>
              </Card>
              <Card size="small" title="申请信息" style={{ marginTop: 12 }}>
                {app.programme.fields.map((f) => (
                  <Form.Item key={f.key} name={['form', f.key]} label={f.label} required={f.required} extra={f.hint}>
                    <FieldInput def={f} />
                  </Form.Item>
                ))}
              </Card>
              <Card size="small" title="申请材料" style={{ marginTop: 12 }} extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>PDF、JPG、PNG，每个不超过 10 MB</Typography.Text>}>
                {app.programme.rules.documents.map((d) => (
                  <Form.Item key={d.key} name={['documents', d.key]} label={d.label} required={d.required}>
                    <DocumentSlot
                      app={app}
                      doc={d}
                      files={app.files.filter((f) => f.docKey === d.key)}
                      onUploaded={(f) => setApp((a) => (a ? { ...a, files: [...a.files, f] } : a))}
                      onRemoved={(fileId) => setApp((a) => (a ? { ...a, files: a.files.filter((x) => x.id !== fileId) } : a))}
                    />
                  </Form.Item>
                ))}
              </Card>
              <Flex gap={8} wrap style={{ marginTop: 12 }}>
                <Button type="primary" size="large" loading={busy === 'submit'} disabled={busy !== null && busy !== 'submit'} onClick={submit}>
                  {app.status === 'returned' ? '重新提交' : '提交申请'}
                </Button>
                <Button size="large" loading={busy === 'save'} disabled={busy !== null && busy !== 'save'} onClick={saveDraft}>
                  保存草稿
                </Button>
                <Popconfirm title="撤回后可重新申请该政策。确定撤回？" okText="撤回" cancelText="取消" onConfirm={withdraw}>
                  <Button size="large" danger loading={busy === 'withdraw'} disabled={busy !== null && busy !== 'withdraw'}>
                    撤回申请
                  </Button>
                </Popconfirm>
              </Flex>
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
                {dirty ? '有未保存的修改。' : '草稿已保存在系统中，可随时回来继续填写。'}提交前系统会按政策条件逐项检查。
              </Typography.Paragraph>
            </Form>
          ) : (
            <>
              <Card size="small" title="申请内容">
                <ApplicationFields a={app} />
              </Card>
              <Card size="small" title="申请材料">
                <DocumentList files={app.files} url={(f) => `/api/me/applications/${app.id}/files/${f.id}`} />
              </Card>
            </>
          )}
          <Card size="small" title="审核进度">
            <DecisionHistory a={app} />
          </Card>
          {app.status === 'withdrawn' && (
            <Space>
              <Typography.Text type="secondary">该申请已撤回。</Typography.Text>
              <Link to="/me/applications">重新申请</Link>
            </Space>
          )}
        </>
      )}
    </Flex>
  );
}
