import { useState } from 'react';
import { Alert, App, Button, Flex, Form, Input, InputNumber, Modal, Popconfirm, Select } from 'antd';
import { CAREER_KINDS, CAREER_KIND_ZH, EVALUATION_GRADES, type CareerEntry, type CareerKind, type EvaluationGrade } from '../../../shared/cadres';
import { api, ApiError } from '../../api';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import { VersionConflictModal } from '../../components/VersionConflictModal';
import { DateInput } from '../ledger/DateInput';
import { useFormDraft } from '../../components/useFormDraft';

export interface EntryValues {
  kind: CareerKind;
  title: string;
  orgUnitId?: number | null;
  startDate: string;
  endDate?: string | null;
  hours?: number | null;
  grade?: EvaluationGrade | null;
  note?: string | null;
}

const FIELDS = ['kind', 'title', 'orgUnitId', 'startDate', 'endDate', 'hours', 'grade', 'note'] as const;
const CONFLICT_FIELDS = [
  { key: 'kind', label: '类别' },
  { key: 'title', label: '名称' },
  { key: 'unit', label: '单位' },
  { key: 'dates', label: '起止' },
  { key: 'hours', label: '学时' },
  { key: 'grade', label: '考核等次' },
  { key: 'note', label: '备注' },
];
const TITLE_HINT: Record<CareerKind, string> = { post: '如：办公室主任', rank: '如：四级主任科员', training: '如：市委党校中青年干部培训班', evaluation: '如：2022年度考核' };

export const entryPayload = (v: EntryValues) => ({
  kind: v.kind,
  title: v.title.trim(),
  orgUnitId: v.orgUnitId ?? null,
  startDate: v.startDate,
  endDate: v.endDate || null,
  hours: v.kind === 'training' ? (v.hours ?? null) : null,
  grade: v.kind === 'evaluation' ? (v.grade ?? null) : null,
  note: v.note?.trim() || null,
});

/** The fields of a career entry: hours appear for training, the grade for an evaluation. */
export function EntryFields({ kind, prefix = [] }: { kind?: CareerKind; prefix?: string[] }) {
  const name = (n: string) => [...prefix, n];
  return (
    <>
      <Flex gap={12} wrap>
        <Form.Item label="类别" name={name('kind')} rules={[{ required: true, message: '请选择类别' }]} style={{ flex: '1 1 140px' }}>
          <Select options={CAREER_KINDS.map((k) => ({ value: k, label: CAREER_KIND_ZH[k] }))} placeholder="请选择" />
        </Form.Item>
        <Form.Item label="名称" name={name('title')} rules={[{ required: true, whitespace: true, message: '请填写名称' }]} style={{ flex: '3 1 240px' }}>
          <Input maxLength={100} placeholder={kind ? TITLE_HINT[kind] : undefined} />
        </Form.Item>
      </Flex>
      <Form.Item label={kind === 'training' ? '举办单位' : '单位'} name={name('orgUnitId')}>
        <OrgUnitPicker style={{ width: '100%' }} />
      </Form.Item>
      <Flex gap={12} wrap>
        <Form.Item label={kind === 'evaluation' ? '评定日期' : '开始日期'} name={name('startDate')} rules={[{ required: true, message: '请选择日期' }]} style={{ flex: '1 1 160px' }}>
          <DateInput />
        </Form.Item>
        {kind !== 'evaluation' && (
          <Form.Item label="结束日期" name={name('endDate')} extra="在任、现职级不填" style={{ flex: '1 1 160px' }}>
            <DateInput />
          </Form.Item>
        )}
      </Flex>
      {kind === 'training' && (
        <Form.Item label="学时" name={name('hours')} rules={[{ required: true, message: '培训须填写学时' }]}>
          <InputNumber min={0.5} max={2000} step={0.5} style={{ width: 160 }} suffix="学时" />
        </Form.Item>
      )}
      {kind === 'evaluation' && (
        <Form.Item label="考核等次" name={name('grade')} rules={[{ required: true, message: '年度考核须填写考核等次' }]}>
          <Select options={EVALUATION_GRADES.map((g) => ({ value: g, label: g }))} placeholder="请选择" style={{ width: 160 }} />
        </Form.Item>
      )}
      <Form.Item label="备注" name={name('note')}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </>
  );
}

const describe = (v: Partial<EntryValues>, unitName: string) => ({
  kind: v.kind ? CAREER_KIND_ZH[v.kind] : '',
  title: v.title ?? '',
  unit: unitName,
  dates: `${v.startDate ?? ''}${v.endDate ? ` 至 ${v.endDate}` : ''}`,
  hours: v.hours != null ? String(v.hours) : '',
  grade: v.grade ?? '',
  note: v.note ?? '',
});

/** 添加 / 修改履历条目, with optimistic locking: a stale save shows both versions side by side. */
export function CareerEntryModal({ personId, entry, onSaved, onCancel }: { personId: number; entry: CareerEntry | null; onSaved: () => void; onCancel: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<EntryValues>();
  const [busy, setBusy] = useState(false);
  const [base, setBase] = useState(entry);
  const [conflict, setConflict] = useState<{ mine: EntryValues; theirs: CareerEntry } | null>(null);
  const kind = Form.useWatch('kind', form);
  const draft = useFormDraft(form, entry ? null : `career:new:${personId}`);

  /** The unit name of my values: known when it is theirs or the one the entry had. */
  const mineUnit = (mine: EntryValues, theirs: CareerEntry) =>
    mine.orgUnitId == null ? '' : mine.orgUnitId === theirs.orgUnitId ? (theirs.orgUnitName ?? '') : mine.orgUnitId === entry?.orgUnitId ? (entry?.orgUnitName ?? '') : `单位 #${mine.orgUnitId}`;

  const save = async (v: EntryValues, version?: number) => {
    setBusy(true);
    try {
      if (base) await api.patch(`/api/cadres/career/${base.id}`, { ...entryPayload(v), version: version ?? base.version });
      else await api.post(`/api/cadres/${personId}/career`, entryPayload(v));
      draft.clear();
      message.success('已保存');
      onSaved();
    } catch (err) {
      if (err instanceof ApiError && err.isVersionConflict) setConflict({ mine: v, theirs: err.current as CareerEntry });
      else if (!applyServerErrors(form, err, FIELDS)) message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!base) return;
    setBusy(true);
    try {
      await api.post(`/api/cadres/career/${base.id}/delete`, { version: base.version });
      message.success('已删除');
      onSaved();
    } catch (err) {
      if (err instanceof ApiError && err.isVersionConflict) {
        message.warning('该条目刚被他人修改，请查看最新内容后再决定是否删除');
        const t = err.current as CareerEntry | null;
        if (t) {
          setBase(t);
          form.setFieldsValue({ ...t });
        }
      } else message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Modal
        open
        title={base ? `修改履历：${base.title}` : '添加履历'}
        onCancel={onCancel}
        destroyOnHidden
        width={{ xs: '100%', md: 620 }}
        footer={
          <Flex justify="space-between" wrap gap={8}>
            <span>
              {base && (
                <Popconfirm title="删除这条履历？" description="删除后不可恢复（审计日志保留删除前的内容）" okText="删除" cancelText="取消" okButtonProps={{ danger: true }} onConfirm={() => void remove()}>
                  <Button danger disabled={busy}>
                    删除
                  </Button>
                </Popconfirm>
              )}
            </span>
            <Flex gap={8}>
              <Button onClick={onCancel}>取消</Button>
              <Button type="primary" loading={busy} onClick={() => form.submit()}>
                保存
              </Button>
            </Flex>
          </Flex>
        }
      >
        {draft.restored && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="已恢复上次未保存的内容" />}
        <Form<EntryValues>
          form={form}
          layout="vertical"
          initialValues={base ? { kind: base.kind, title: base.title, orgUnitId: base.orgUnitId, startDate: base.startDate, endDate: base.endDate, hours: base.hours, grade: base.grade, note: base.note } : { kind: 'training' }}
          onValuesChange={draft.onValuesChange}
          onFinish={(v) => void save(v)}
        >
          <EntryFields kind={kind} />
        </Form>
      </Modal>
      {conflict && (
        <VersionConflictModal
          open
          fields={CONFLICT_FIELDS}
          mine={describe(conflict.mine, mineUnit(conflict.mine, conflict.theirs))}
          theirs={describe(conflict.theirs, conflict.theirs.orgUnitName ?? '')}
          busy={busy}
          onCancel={() => setConflict(null)}
          onReloadTheirs={() => {
            const t = conflict.theirs;
            setBase(t);
            form.setFieldsValue({ kind: t.kind, title: t.title, orgUnitId: t.orgUnitId, startDate: t.startDate, endDate: t.endDate, hours: t.hours, grade: t.grade, note: t.note });
            setConflict(null);
          }}
          onReapplyMine={() => {
            const { mine, theirs } = conflict;
            setBase(theirs);
            setConflict(null);
            void save(mine, theirs.version);
          }}
        />
      )}
    </>
  );
}
