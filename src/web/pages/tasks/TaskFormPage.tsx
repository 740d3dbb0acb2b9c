import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Flex, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, CheckOutlined, DownloadOutlined, RollbackOutlined, SaveOutlined, SendOutlined, UndoOutlined, UploadOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../api';
import { useAuth, useMe } from '../../auth';
import { errorText } from '../../components/applyServerErrors';
import { PageSpinner } from '../../components/PageSpinner';
import { VersionConflictModal } from '../../components/VersionConflictModal';
import { FieldCard, type FieldDraft } from './FieldCard';
import { ReviewReasonModal, type ReasonAction, type ReasonValues } from './ReviewReasonModal';
import { UploadFormModal } from './UploadFormModal';
import { OWING, STATUS_COLOR, dateTime, figure } from './display';
import type { FormField, SubmissionStatus, TaskForm } from './types';

type Drafts = Record<number, FieldDraft>;

const draftsOf = (f: TaskForm): Drafts => Object.fromEntries(f.fields.map((x) => [x.indicatorId, { value: x.value, comment: x.comment ?? '' }]));

/** Editable figures whose value or comment differs from what the server holds. */
function changedValues(f: TaskForm, drafts: Drafts) {
  return f.fields
    .filter((x) => x.editable && drafts[x.indicatorId])
    .filter((x) => drafts[x.indicatorId].value !== x.value || drafts[x.indicatorId].comment.trim() !== (x.comment ?? ''))
    .map((x) => ({ indicatorId: x.indicatorId, value: drafts[x.indicatorId].value, comment: drafts[x.indicatorId].comment.trim() || null }));
}

/** "values.12" → 12. */
const indicatorOfPath = (path: string) => (/^values\.(\d+)/.exec(path) ? Number(/^values\.(\d+)/.exec(path)![1]) : null);

const REVIEW_DONE: Record<string, string> = { approve: '已审核通过', return: '已退回修改', reopen: '已退回更正', unapprove: '已撤销审核' };

/**
 * 填报表 of one unit for one task, phone first: one card per indicator, the save and submit
 * buttons stuck to the bottom of the screen. The unit above sees the same page with its review
 * actions instead.
 */
export default function TaskFormPage() {
  const params = useParams();
  const taskId = Number(params.id);
  const unitId = Number(params.unitId);
  const url = `/api/tasks/${taskId}/units/${unitId}`;
  const { can } = useAuth();
  const me = useMe();
  const { message, modal } = App.useApp();
  const [form, setForm] = useState<TaskForm | null>(null);
  const [drafts, setDrafts] = useState<Drafts>({});
  const [errors, setErrors] = useState<Record<number, string[]>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'save' | 'submit' | 'review' | null>(null);
  const [reasonAction, setReasonAction] = useState<ReasonAction | null>(null);
  const [uploading, setUploading] = useState(false);
  const [conflict, setConflict] = useState<{ fresh: TaskForm; submit: boolean } | null>(null);
  const [onBehalf, setOnBehalf] = useState(false);

  const show = useCallback((f: TaskForm) => {
    setForm(f);
    setDrafts(draftsOf(f));
    setErrors({});
    setFormError(null);
  }, []);

  const load = useCallback(async () => {
    try {
      show(await api.get<TaskForm>(url));
      setLoadError(null);
    } catch (err) {
      setLoadError(errorText(err));
    }
  }, [url, show]);

  useEffect(() => {
    setOnBehalf(false);
    void load();
  }, [load]);

  const dirty = form ? changedValues(form, drafts).length > 0 : false;
  // Typing figures on a phone and then closing the tab should not lose them silently.
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  if (!form) return loadError ? <Alert type="error" showIcon title={loadError} role="alert" /> : <PageSpinner />;

  const { task, unit, submission } = form;
  const status = submission.status as SubmissionStatus;
  // A unit above may fill in for a unit below (the server allows it), but a reviewer who just
  // opened a form to review it should not find it editable by surprise: that takes a click.
  const ownUnit = unit.id === me.orgUnitId;
  const fillMode = form.canFill && (ownUnit || onBehalf);
  const editable = fillMode && form.fields.some((f) => f.editable);
  const reviewer = form.canApprove || form.canReturn || form.canReopen || form.canUnapprove;

  /** Someone saved (or reviewed) meanwhile: compare, or reload when nothing can be reapplied. */
  const onConflict = async (submit: boolean, mine: ReturnType<typeof changedValues>) => {
    try {
      const fresh = await api.get<TaskForm>(url);
      if (fresh.canFill && mine.length) {
        setConflict({ fresh, submit });
      } else {
        show(fresh);
        modal.warning({
          title: '该表已被他人修改',
          content: `您打开此表后，其他人已保存或审核了这张表（当前状态：${fresh.submission.statusName}）。已为您载入最新内容${mine.length ? '，您刚才的修改未保存' : ''}。`,
          okText: '知道了',
        });
      }
    } catch (err) {
      message.error(errorText(err));
    }
  };

  const save = async (submit: boolean, base: TaskForm = form) => {
    const values = changedValues(base, drafts);
    setBusy(submit ? 'submit' : 'save');
    setFormError(null);
    try {
      const next = await api.put<TaskForm>(url, { version: base.submission.version, submit, values });
      show(next);
      setConflict(null);
      message.success(submit ? '已报送，等待上级审核' : '草稿已保存');
    } catch (err) {
      if (err instanceof ApiError && err.isVersionConflict) {
        setConflict(null);
        await onConflict(submit, values);
      } else {
        setConflict(null);
        showErrors(err);
      }
    } finally {
      setBusy(null);
    }
  };

  const showErrors = (err: unknown) => {
    const byField: Record<number, string[]> = {};
    const other: string[] = [];
    if (err instanceof ApiError) {
      for (const i of err.fieldIssues) {
        const id = indicatorOfPath(i.path);
        if (id != null && form.fields.some((f) => f.indicatorId === id)) (byField[id] ??= []).push(i.message);
        else other.push(i.message);
      }
    }
    setErrors(byField);
    setFormError([errorText(err), ...other].join('；'));
    const first = form.fields.find((f) => byField[f.indicatorId]);
    if (first) document.getElementById(`field-${first.indicatorId}`)?.scrollIntoView({ behavior: 'smooth', block: 'center' });
  };

  const confirmSubmit = () =>
    modal.confirm({
      title: '确认报送？',
      content: '报送后由上级单位审核，审核期间不能修改。',
      okText: '确认报送',
      cancelText: '再看看',
      onOk: () => save(true),
    });

  const review = async (action: 'approve' | ReasonAction, extra?: ReasonValues) => {
    setBusy('review');
    try {
      const next = await api.post<TaskForm>(`${url}/review`, { action, version: submission.version, reason: extra?.reason ?? null, fieldReasons: extra?.fieldReasons ?? [] });
      show(next);
      setReasonAction(null);
      message.success(REVIEW_DONE[action]);
    } catch (err) {
      if (err instanceof ApiError && err.isVersionConflict) {
        setReasonAction(null);
        await load();
        modal.warning({ title: '该表已被他人修改', content: '您打开此表后，该表已被报送、修改或审核。已为您载入最新内容，请核对后再操作。', okText: '知道了' });
      } else if (err instanceof ApiError && err.code === 'task.children_not_approved') {
        modal.error({ title: '暂不能审核通过', content: err.message, okText: '知道了' });
      } else {
        message.error(errorText(err));
      }
    } finally {
      setBusy(null);
    }
  };

  const confirmApprove = () =>
    modal.confirm({
      title: `审核通过「${unit.name}」的数据？`,
      content: '通过后数据锁定并计入汇总；如需更正，可再“退回更正”。',
      okText: '确认通过',
      cancelText: '取消',
      onOk: () => review('approve'),
    });

  const downloadTemplate = async () => {
    try {
      await api.download(`${url}/template`, undefined, `${task.title}-${unit.name}.xlsx`, 'POST');
    } catch (err) {
      message.error(errorText(err));
    }
  };

  const filled = form.fields.filter((f) => (drafts[f.indicatorId]?.value ?? f.value) != null).length;

  return (
    <div style={{ maxWidth: 820 }}>
      <Flex gap={12} wrap style={{ marginBottom: 8, fontSize: 13 }}>
        <Link to="/tasks">
          <ArrowLeftOutlined /> 填报任务
        </Link>
        {can('review:tasks') && <Link to={`/tasks/${taskId}`}>填报进度</Link>}
      </Flex>

      <Card
        size="small"
        title={
          <div style={{ whiteSpace: 'normal', paddingBlock: 4 }}>
            <div>{task.title}</div>
            <div style={{ fontSize: 13, fontWeight: 400, color: '#666' }}>
              {unit.parentName ? `${unit.parentName} · ` : ''}
              <b data-testid="form-unit">{unit.name}</b> · {task.periodLabel}
            </div>
          </div>
        }
        extra={
          <Tag color={STATUS_COLOR[status]} data-testid="form-status" style={{ marginInlineEnd: 0 }}>
            {submission.statusName}
          </Tag>
        }
        style={{ marginBottom: 8 }}
      >
        <Flex vertical gap={8}>
          <div style={{ fontSize: 13, color: task.overdue && OWING.includes(status) ? '#cf1322' : '#666' }}>
            截止 {dateTime(task.deadline)}
            {task.overdue && OWING.includes(status) && '（已逾期，请尽快报送）'} · 已填 {filled}/{form.fields.length} 项
          </div>
          {task.note && <Alert type="info" title={`填报说明：${task.note}`} />}
          {status === 'returned' && (
            <Alert
              type="error"
              showIcon
              role="alert"
              data-testid="form-return-reason"
              title={`已退回：${submission.returnReason ?? '请修改后重新报送'}`}
              description={`${submission.reviewedBy ?? '上级单位'} · ${dateTime(submission.reviewedAt)}。请按退回原因修改后重新报送。`}
            />
          )}
          {status === 'submitted' && (
            <Alert
              type="info"
              showIcon
              title={form.canApprove ? '该单位已报送，请审核以下数据' : '已报送，等待上级单位审核，审核期间不能修改'}
              description={`报送人：${submission.submittedBy ?? '—'} · ${dateTime(submission.submittedAt)}`}
            />
          )}
          {status === 'approved' && (
            <Alert
              type="success"
              showIcon
              title="已审核通过，数据已锁定"
              description={`审核人：${submission.reviewedBy ?? '—'} · ${dateTime(submission.reviewedAt)}${form.canReopen ? '' : '。如需更正，请联系上级单位“退回更正”。'}`}
            />
          )}
          {form.canFill && !ownUnit && !onBehalf && (
            <Alert
              type="info"
              title={`该表由${unit.name}填报。如该单位无法自行填报，可由您代为填报。`}
              action={
                <Button size="small" onClick={() => setOnBehalf(true)}>
                  代为填报
                </Button>
              }
            />
          )}
          <Flex gap={8} wrap>
            <Button size="small" icon={<DownloadOutlined />} onClick={() => void downloadTemplate()}>
              {editable ? '下载 Excel 填报表' : '下载 Excel'}
            </Button>
            {editable && (
              <Button size="small" icon={<UploadOutlined />} onClick={() => setUploading(true)}>
                上传 Excel
              </Button>
            )}
          </Flex>
        </Flex>
      </Card>

      {formError && <Alert type="error" showIcon title={formError} role="alert" style={{ marginBottom: 8 }} data-testid="form-error" />}

      <Flex vertical gap={8}>
        {form.fields.map((f: FormField) => (
          <FieldCard
            key={f.indicatorId}
            taskId={taskId}
            unitId={unitId}
            field={fillMode ? f : { ...f, editable: false }}
            draft={drafts[f.indicatorId] ?? { value: f.value, comment: f.comment ?? '' }}
            errors={errors[f.indicatorId] ?? []}
            locked={status === 'approved'}
            onChange={(next) => {
              setDrafts((d) => ({ ...d, [f.indicatorId]: next }));
              if (errors[f.indicatorId]) setErrors(({ [f.indicatorId]: _, ...rest }) => rest);
            }}
          />
        ))}
      </Flex>

      {(editable || reviewer) && (
        <div
          data-testid="form-actions"
          style={{
            position: 'sticky',
            bottom: 0,
            zIndex: 5,
            marginTop: 12,
            marginInline: -8,
            padding: '10px 8px calc(10px + env(safe-area-inset-bottom))',
            background: 'rgba(255,255,255,0.97)',
            borderTop: '1px solid #f0f0f0',
            boxShadow: '0 -2px 8px rgba(0,0,0,0.06)',
          }}
        >
          <Flex gap={8} wrap>
            {editable && (
              <>
                <Button size="large" icon={<SaveOutlined />} loading={busy === 'save'} disabled={!!busy && busy !== 'save'} onClick={() => void save(false)} style={{ flex: 1 }}>
                  保存草稿
                </Button>
                <Button size="large" type="primary" icon={<SendOutlined />} loading={busy === 'submit'} disabled={!!busy && busy !== 'submit'} onClick={confirmSubmit} style={{ flex: 1 }}>
                  报送
                </Button>
              </>
            )}
            {form.canApprove && (
              <Button size="large" type="primary" icon={<CheckOutlined />} loading={busy === 'review'} onClick={confirmApprove} style={{ flex: 1 }}>
                审核通过
              </Button>
            )}
            {form.canReturn && (
              <Button size="large" danger icon={<RollbackOutlined />} disabled={!!busy} onClick={() => setReasonAction('return')} style={{ flex: 1 }}>
                退回修改
              </Button>
            )}
            {form.canReopen && (
              <Button size="large" danger icon={<RollbackOutlined />} disabled={!!busy} onClick={() => setReasonAction('reopen')} style={{ flex: 1 }}>
                退回更正
              </Button>
            )}
            {form.canUnapprove && (
              <Button size="large" icon={<UndoOutlined />} disabled={!!busy} onClick={() => setReasonAction('unapprove')} style={{ flex: 1 }}>
                撤销审核
              </Button>
            )}
          </Flex>
          {editable && dirty && (
            <Typography.Text type="warning" style={{ fontSize: 12, display: 'block', marginTop: 4 }}>
              有未保存的修改
            </Typography.Text>
          )}
        </div>
      )}

      {reasonAction && (
        <ReviewReasonModal action={reasonAction} fields={form.fields} busy={busy === 'review'} onCancel={() => setReasonAction(null)} onOk={(v) => void review(reasonAction, v)} />
      )}
      {uploading && (
        <UploadFormModal
          taskId={taskId}
          unitId={unitId}
          version={submission.version}
          onDownload={() => void downloadTemplate()}
          onClose={() => setUploading(false)}
          onConflict={() => {
            setUploading(false);
            void onConflict(false, []);
          }}
          onApplied={(r) => {
            setUploading(false);
            show(r.form);
            message.success(`已从文件载入 ${r.applied} 项数据，已保存为草稿；核对无误后请点“报送”`);
          }}
        />
      )}
      {conflict && (
        <VersionConflictModal
          open
          fields={conflictFields(form, drafts, conflict.fresh)}
          mine={Object.fromEntries(form.fields.map((f) => [String(f.indicatorId), shownValue(drafts[f.indicatorId]?.value ?? null, drafts[f.indicatorId]?.comment ?? '', f.unit)]))}
          theirs={Object.fromEntries(conflict.fresh.fields.map((f) => [String(f.indicatorId), shownValue(f.value, f.comment ?? '', f.unit)]))}
          busy={!!busy}
          onCancel={() => setConflict(null)}
          onReloadTheirs={() => {
            show(conflict.fresh);
            setConflict(null);
          }}
          onReapplyMine={() => {
            const fresh = conflict.fresh;
            setForm(fresh);
            void save(conflict.submit, fresh);
          }}
        />
      )}
    </div>
  );
}

const shownValue = (v: number | null, comment: string, unit: string) => `${v == null ? '（空）' : `${figure(v)}${unit}`}${comment.trim() ? `\n说明：${comment.trim()}` : ''}`;

/** The figures I changed, side by side with what was saved meanwhile. */
function conflictFields(mine: TaskForm, drafts: Drafts, fresh: TaskForm) {
  const changed = new Set(changedValues(mine, drafts).map((v) => v.indicatorId));
  return fresh.fields.filter((f) => changed.has(f.indicatorId) || f.value !== mine.fields.find((m) => m.indicatorId === f.indicatorId)?.value).map((f) => ({ key: String(f.indicatorId), label: f.name }));
}
