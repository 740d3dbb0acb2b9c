import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, DatePicker, Descriptions, Drawer, Flex, Form, Grid, Input, InputNumber, Modal, Select, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { EditOutlined, RiseOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { RECRUITMENT_LEVEL_ZH, RECRUITMENT_STAGE_ZH, type RecruitmentLevel, type RecruitmentStage } from '../../../shared/talent';
import { api, ApiError } from '../../api';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import { useFormDraft } from '../../components/useFormDraft';

// Candidates of the overseas recruitment pipeline (海外引才): the form, a stage move, and the drawer.

export interface Candidate {
  id: number;
  year: number;
  name: string;
  personId: number | null;
  field: string;
  employerUnitId: number;
  employerName: string;
  level: RecruitmentLevel;
  levelName: string;
  stage: RecruitmentStage;
  stageName: string;
  stoppedAt: RecruitmentStage | null;
  final: boolean;
  nextStages: RecruitmentStage[];
  version: number;
  lastMovedOn: string | null;
}

export interface CandidateDetail extends Candidate {
  personName: string | null;
  events: { id: number; fromStage: RecruitmentStage | null; toStage: RecruitmentStage; fromName: string | null; toName: string; movedOn: string; note: string | null; movedBy: string }[];
}

export const STAGE_COLOR: Record<RecruitmentStage, string> = { applied: 'default', screened: 'blue', defence: 'purple', selected: 'green', not_selected: 'red' };
export const LEVEL_COLOR: Record<RecruitmentLevel, string> = { national: 'volcano', provincial: 'geekblue' };

interface CandidateValues {
  year: number;
  name: string;
  field: string;
  employerUnitId: number;
  level: RecruitmentLevel;
  appliedOn: Dayjs;
  note?: string;
}

const FIELDS = ['year', 'name', 'field', 'employerUnitId', 'level', 'appliedOn', 'note'] as const;

/** 登记申报人 / 修改候选人信息. A new candidate's values are kept as a draft until saved. */
export function CandidateFormModal({ candidate, year, onSaved, onCancel }: { candidate: Candidate | null; year: number; onSaved: (c: Candidate) => void; onCancel: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<CandidateValues>();
  const [busy, setBusy] = useState(false);
  const draft = useFormDraft(form, candidate ? null : 'recruitment-new', { storage: 'session', dateFields: ['appliedOn'] });
  const save = async (v: CandidateValues) => {
    setBusy(true);
    try {
      const body = { name: v.name.trim(), field: v.field.trim(), employerUnitId: v.employerUnitId, level: v.level };
      const saved = candidate
        ? await api.patch<Candidate>(`/api/recruitment/candidates/${candidate.id}`, { ...body, version: candidate.version })
        : await api.post<Candidate>('/api/recruitment/candidates', { ...body, year: v.year, appliedOn: v.appliedOn.format('YYYY-MM-DD'), note: v.note?.trim() || null });
      draft.clear();
      message.success(candidate ? '已保存' : `已登记申报人「${saved.name}」`);
      onSaved(saved);
    } catch (err) {
      if (err instanceof ApiError && err.isVersionConflict) {
        message.warning('该候选人刚被他人修改，请重新打开后再改');
        onCancel();
      } else if (!applyServerErrors(form, err, FIELDS)) message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={candidate ? `修改：${candidate.name}` : '登记申报人'} okText="保存" onOk={() => form.submit()} confirmLoading={busy} onCancel={onCancel} destroyOnHidden width={{ xs: '100%', md: 560 }}>
      <Form<CandidateValues>
        form={form}
        layout="vertical"
        initialValues={candidate ? { ...candidate } : { year, level: 'provincial', appliedOn: dayjs() }}
        onValuesChange={draft.onValuesChange}
        onFinish={(v) => void save(v)}
      >
        <Flex gap={12} wrap>
          <Form.Item label="申报年度" name="year" rules={[{ required: true, message: '请填写申报年度' }]} style={{ flex: '1 1 120px' }}>
            <InputNumber min={2000} max={2100} disabled={!!candidate} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item label="申报层次" name="level" rules={[{ required: true, message: '请选择申报层次' }]} style={{ flex: '1 1 140px' }}>
            <Select options={(Object.keys(RECRUITMENT_LEVEL_ZH) as RecruitmentLevel[]).map((l) => ({ value: l, label: RECRUITMENT_LEVEL_ZH[l] }))} />
          </Form.Item>
          <Form.Item label="姓名" name="name" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]} style={{ flex: '1 1 140px' }}>
            <Input maxLength={30} />
          </Form.Item>
        </Flex>
        <Form.Item label="专业领域" name="field" rules={[{ required: true, whitespace: true, message: '请填写专业领域' }]}>
          <Input maxLength={60} placeholder="如：新能源汽车零部件" />
        </Form.Item>
        <Form.Item label="用人单位" name="employerUnitId" rules={[{ required: true, message: '请选择用人单位' }]}>
          <OrgUnitPicker allowClear={false} style={{ width: '100%' }} />
        </Form.Item>
        {!candidate && (
          <Flex gap={12} wrap>
            <Form.Item label="申报日期" name="appliedOn" rules={[{ required: true, message: '请选择申报日期' }]} style={{ flex: '1 1 160px' }}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
            <Form.Item label="备注" name="note" style={{ flex: '2 1 240px' }}>
              <Input maxLength={200} />
            </Form.Item>
          </Flex>
        )}
      </Form>
    </Modal>
  );
}

/** 推进环节: the next stage on the path, or 未入选 recording where the candidate stopped. */
export function MoveModal({ candidate, onSaved, onCancel }: { candidate: Candidate; onSaved: () => void; onCancel: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ toStage: RecruitmentStage; movedOn: Dayjs; note?: string }>();
  const [busy, setBusy] = useState(false);
  const save = async (v: { toStage: RecruitmentStage; movedOn: Dayjs; note?: string }) => {
    setBusy(true);
    try {
      await api.post(`/api/recruitment/candidates/${candidate.id}/moves`, { version: candidate.version, toStage: v.toStage, movedOn: v.movedOn.format('YYYY-MM-DD'), note: v.note?.trim() || null });
      message.success(`「${candidate.name}」：${v.toStage === 'not_selected' ? '未入选' : RECRUITMENT_STAGE_ZH[v.toStage]}`);
      onSaved();
    } catch (err) {
      if (err instanceof ApiError && err.isVersionConflict) {
        message.warning('该候选人刚被他人推进，已刷新');
        onSaved();
      } else if (!applyServerErrors(form, err, ['toStage', 'movedOn', 'note'])) message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const label = (s: RecruitmentStage) => (s === 'not_selected' ? `未入选（止于${RECRUITMENT_STAGE_ZH[candidate.stage]}）` : `进入：${RECRUITMENT_STAGE_ZH[s]}`);
  return (
    <Modal open title={`推进环节：${candidate.name}`} okText="确定" onOk={() => form.submit()} confirmLoading={busy} onCancel={onCancel} destroyOnHidden>
      <Typography.Paragraph type="secondary">
        当前环节：{candidate.stageName}。环节须依次推进（申报 → 初审通过 → 入围答辩 → 入选），不能跳过；变动记录只增不改。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ toStage: candidate.nextStages[0], movedOn: dayjs() }} onFinish={(v) => void save(v)}>
        <Form.Item label="下一环节" name="toStage" rules={[{ required: true, message: '请选择下一环节' }]}>
          <Select options={candidate.nextStages.map((s) => ({ value: s, label: label(s) }))} />
        </Form.Item>
        <Form.Item label="日期" name="movedOn" rules={[{ required: true, message: '请选择日期' }]} extra={candidate.lastMovedOn ? `不早于上一环节（${candidate.lastMovedOn}）` : undefined}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day') || (!!candidate.lastMovedOn && d.isBefore(candidate.lastMovedOn, 'day'))} />
        </Form.Item>
        <Form.Item label="说明" name="note">
          <Input maxLength={200} placeholder="如：答辩专家组评审通过" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One candidate: particulars, every stage move with its date and note, and the next move. */
export function CandidateDrawer({ candidateId, onClose, onChanged }: { candidateId: number | null; onClose: () => void; onChanged: () => void }) {
  const screens = Grid.useBreakpoint();
  const [c, setC] = useState<CandidateDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [moving, setMoving] = useState(false);
  const [editing, setEditing] = useState(false);
  const load = useCallback(async (id: number) => {
    setError(null);
    try {
      setC(await api.get<CandidateDetail>(`/api/recruitment/candidates/${id}`));
    } catch (err) {
      setError(errorText(err));
    }
  }, []);
  useEffect(() => {
    setC(null);
    if (candidateId) void load(candidateId);
  }, [candidateId, load]);
  const changed = async () => {
    setMoving(false);
    setEditing(false);
    if (candidateId) await load(candidateId);
    onChanged();
  };
  return (
    <Drawer
      open={candidateId != null}
      onClose={onClose}
      size={screens.md ? 560 : '100%'}
      title={c ? `${c.name} · ${c.year}年${c.levelName}` : '候选人'}
      extra={
        c && (
          <Space wrap>
            {!c.final && (
              <Button type="primary" icon={<RiseOutlined />} onClick={() => setMoving(true)}>
                推进环节
              </Button>
            )}
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              修改
            </Button>
          </Space>
        )
      }
    >
      {error && <Alert type="error" showIcon title={error} />}
      {!c && !error && <Spin />}
      {c && (
        <Flex vertical gap={16}>
          <Descriptions size="small" bordered column={1}>
            <Descriptions.Item label="当前环节">
              <Tag color={STAGE_COLOR[c.stage]}>{c.stageName}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="申报层次">
              <Tag color={LEVEL_COLOR[c.level]}>{c.levelName}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="专业领域">{c.field}</Descriptions.Item>
            <Descriptions.Item label="用人单位">{c.employerName}</Descriptions.Item>
            {c.personName && <Descriptions.Item label="人员库">{c.personName}</Descriptions.Item>}
          </Descriptions>
          <div>
            <Typography.Title level={5}>环节变动记录</Typography.Title>
            <Timeline
              items={c.events.map((e) => ({
                key: e.id,
                color: e.toStage === 'not_selected' ? 'red' : e.toStage === 'selected' ? 'green' : 'blue',
                content: (
                  <div style={{ fontSize: 13 }}>
                    <b>{e.toStage === 'not_selected' ? `未入选（止于${e.fromName}）` : e.toName}</b> · {e.movedOn}
                    {e.note && <div>{e.note}</div>}
                    <div style={{ color: '#999', fontSize: 12 }}>{e.movedBy}</div>
                  </div>
                ),
              }))}
            />
          </div>
        </Flex>
      )}
      {moving && c && <MoveModal candidate={c} onCancel={() => setMoving(false)} onSaved={() => void changed()} />}
      {editing && c && <CandidateFormModal candidate={c} year={c.year} onCancel={() => setEditing(false)} onSaved={() => void changed()} />}
    </Drawer>
  );
}
