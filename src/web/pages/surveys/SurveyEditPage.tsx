import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Flex, Form, Input, Radio, Typography, type FormInstance } from 'antd';
import { api, ApiError } from '../../api';
import { useMe } from '../../auth';
import { errorText, toNamePath } from '../../components/applyServerErrors';
import { OrgUnitMultiPicker } from '../../components/OrgUnitMultiPicker';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import { PageSpinner } from '../../components/PageSpinner';
import { SURVEY_MODES, SURVEY_MODE_ZH, type SurveyMode } from '../../../shared/surveys';
import { QuestionBuilder, STARTER_QUESTIONS, type QuestionValue } from './QuestionBuilder';
import type { SurveyDetail } from './types';

interface EditValues {
  title: string;
  intro?: string;
  period?: string;
  mode: SurveyMode;
  ownerUnitId?: number;
  questions: QuestionValue[];
  targetUnitIds: number[];
  villagesUnderIds: number[];
}

const FIELDS = ['title', 'intro', 'period', 'mode', 'ownerUnitId', 'questions', 'targetUnitIds', 'villagesUnderIds'];

/**
 * 新建／修改问卷: title and intro as respondents see them, the period its results count for,
 * how answers are limited (one-time tokens or one per device), the questions, and the units
 * asked about — picked one by one, or every village and community under a town.
 */
export default function SurveyEditPage() {
  const { id } = useParams();
  const editing = id != null;
  const me = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditValues>();
  const [survey, setSurvey] = useState<SurveyDetail | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [busy, setBusy] = useState(false);
  const locked = survey != null && survey.status !== 'draft';

  const load = async () => {
    if (!id) return;
    try {
      const s = await api.get<SurveyDetail>(`/api/surveys/${id}`);
      setSurvey(s);
      setStale(false);
      form.setFieldsValue({
        title: s.title,
        intro: s.intro ?? '',
        period: s.period ?? '',
        mode: s.mode,
        questions: s.questions.map((q) => ({ ...q, options: q.options ?? undefined })),
        targetUnitIds: s.targets.map((t) => t.orgUnitId),
        villagesUnderIds: [],
      });
    } catch (err) {
      setLoadError(errorText(err));
    }
  };
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);

  if (editing && !survey && !loadError) return <PageSpinner />;
  if (loadError) return <Alert type="error" showIcon title={loadError} />;

  const submit = async (v: EditValues) => {
    setBusy(true);
    setError(null);
    const questions = v.questions.map((q) => ({ key: q.key, type: q.type, label: q.label.trim(), required: q.required, ...(q.type === 'single' || q.type === 'multi' ? { options: (q.options ?? []).map((o) => o.trim()).filter(Boolean) } : {}) }));
    const body = { title: v.title, intro: v.intro?.trim() || null, period: v.period?.trim() || null, mode: v.mode, questions, targetUnitIds: v.targetUnitIds ?? [], villagesUnderIds: v.villagesUnderIds ?? [] };
    try {
      const saved = survey
        ? await api.patch<SurveyDetail>(`/api/surveys/${survey.id}`, { ...body, version: survey.version })
        : await api.post<SurveyDetail>('/api/surveys', { ...body, ownerUnitId: v.ownerUnitId });
      message.success(survey ? '问卷已保存' : `问卷已创建，共 ${saved.targets.length} 个评价对象`);
      navigate(`/surveys/${saved.id}`);
    } catch (err) {
      if (err instanceof ApiError && err.isVersionConflict) setStale(true);
      else if (!showFieldErrors(err)) setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  /** Server issues next to their fields: "questions.2.options" → that question's options. */
  const showFieldErrors = (err: unknown): boolean => {
    if (!(err instanceof ApiError)) return false;
    const byName = new Map<string, { name: (string | number)[]; errors: string[] }>();
    for (const i of err.fieldIssues) {
      const top = i.path.split('.')[0];
      if (!FIELDS.includes(top)) continue;
      // A unit list reports "targetUnitIds.3": the message names the unit, the field is the list.
      const name = top === 'targetUnitIds' || top === 'villagesUnderIds' ? [top] : toNamePath(i.path);
      const k = name.join('.');
      byName.set(k, { name, errors: [...(byName.get(k)?.errors ?? []), i.message] });
    }
    if (!byName.size) return false;
    (form as FormInstance).setFields([...byName.values()]);
    form.scrollToField([...byName.values()][0].name, { block: 'center' });
    return true;
  };

  return (
    <Card size="small" title={survey ? `修改问卷：${survey.title}` : '新建问卷'} style={{ maxWidth: 860 }}>
      {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 12 }} />}
      {stale && (
        <Alert
          type="warning"
          showIcon
          title="该问卷已被他人修改"
          description="请载入最新内容后重新修改，您刚才的修改尚未保存。"
          action={
            <Button size="small" onClick={() => void load()}>
              载入最新内容
            </Button>
          }
          style={{ marginBottom: 12 }}
        />
      )}
      {locked && <Alert type="info" showIcon title="问卷已开始收集：题目和答题方式不能再修改，评价对象只能增加。" style={{ marginBottom: 12 }} />}
      <Form<EditValues>
        form={form}
        layout="vertical"
        initialValues={{
          mode: 'token',
          period: String(new Date().getFullYear()),
          ownerUnitId: me.orgUnitId,
          questions: STARTER_QUESTIONS.map((q, i) => ({ ...q, key: `q${i + 1}` })),
          targetUnitIds: [],
          villagesUnderIds: [],
        }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item label="问卷标题" name="title" rules={[{ required: true, whitespace: true, message: '请填写问卷标题' }]}>
          <Input maxLength={100} placeholder="如：2026年度村（社区）群众满意度测评" />
        </Form.Item>
        <Form.Item label="问卷说明" name="intro" extra="显示在答卷页顶部，说明目的、是否记名等">
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item label="评价期次" name="period" extra="结果写入指标时使用，如 2026（年度）" style={{ flex: '1 1 200px' }}>
            <Input maxLength={10} placeholder="2026" />
          </Form.Item>
          {!survey && (
            <Form.Item label="主办单位" name="ownerUnitId" rules={[{ required: true, message: '请选择主办单位' }]} style={{ flex: '1 1 260px' }}>
              <OrgUnitPicker allowClear={false} aria-label="主办单位" />
            </Form.Item>
          )}
        </Flex>
        <Form.Item label="答题方式" name="mode">
          <Radio.Group disabled={locked}>
            <Flex vertical gap={4}>
              {SURVEY_MODES.map((m) => (
                <Radio key={m} value={m}>
                  {SURVEY_MODE_ZH[m]}
                </Radio>
              ))}
            </Flex>
          </Radio.Group>
        </Form.Item>
        <Typography.Title level={5}>题目</Typography.Title>
        <div style={{ marginBottom: 16 }}>
          <QuestionBuilder form={form} locked={locked} />
        </div>
        <Typography.Title level={5}>评价对象</Typography.Title>
        <Form.Item label="逐个选择单位" name="targetUnitIds" extra="须在主办单位范围内；每个单位生成一个答卷链接和二维码">
          <OrgUnitMultiPicker aria-label="评价对象" known={survey?.targets.map((t) => ({ id: t.orgUnitId, name: t.unitName })) ?? []} />
        </Form.Item>
        <Form.Item label="加入以下单位的全部村（社区）" name="villagesUnderIds" extra="如选择某个镇街，则该镇街下全部行政村和社区都作为评价对象">
          <OrgUnitMultiPicker aria-label="加入全部村社区的单位" types={['county', 'town', 'street']} />
        </Form.Item>
        <Flex gap={8} wrap>
          <Button type="primary" htmlType="submit" loading={busy}>
            {survey ? '保存' : '创建问卷'}
          </Button>
          <Button onClick={() => navigate(survey ? `/surveys/${survey.id}` : '/surveys')} disabled={busy}>
            取消
          </Button>
        </Flex>
      </Form>
    </Card>
  );
}
