import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Descriptions, Drawer, Flex, Form, Input, Modal, Radio, Select, Skeleton, Steps, Table, Tag, Timeline, Typography, type TableProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { FT_OUTCOMES, FT_OUTCOME_ZH, FT_REQUEST_KINDS, FT_REQUEST_KIND_ZH, FT_STATUSES, FT_STATUS_ZH, type FtCase, type FtCaseDetail, type FtOutcome, type FtRequestKind, type FtStatus } from '../../../shared/cadres';
import { api, ApiError } from '../../api';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import { PersonPicker } from '../../components/PersonPicker';
import { useApi } from '../indicators/useApi';
import { DateInput } from '../ledger/DateInput';
import { CadresNav } from './CadresNav';
import { useFormDraft } from '../../components/useFormDraft';

const PAGE_SIZE = 20;
export const OUTCOME_COLOR: Record<FtOutcome, string> = { tolerated: 'green', clarified: 'cyan', not_applicable: 'orange' };
const STATUS_COLOR: Record<FtStatus, string> = { applied: 'default', investigating: 'processing', decided: 'success' };

/**
 * 容错澄清: a cadre's application, the investigation, and the committee's decision (予以容错 /
 * 予以澄清 / 不适用) with its grounds. A decision is never edited — a change is a new decision
 * naming the one it replaces and why. Every look at a case is logged.
 */
export default function FaultTolerancePage() {
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') as FtStatus | null) ?? undefined;
  const outcome = (params.get('outcome') as FtOutcome | null) ?? undefined;
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const open = Number(params.get('case')) || null;
  const [qText, setQText] = useState(q);
  const [creating, setCreating] = useState(false);
  const list = useApi<{ items: FtCase[]; total: number }>(`${status}|${outcome}|${q}|${page}`, () => api.get('/api/cadres/fault-tolerance', { status, outcome, q: q || undefined, page, pageSize: PAGE_SIZE }));
  const update = (patch: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries({ page: undefined, ...patch })) {
      if (v === undefined || v === '' || (k === 'page' && v === 1)) next.delete(k);
      else next.set(k, String(v));
    }
    setParams(next);
  };
  const openCase = (id: number | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('case', String(id));
    else next.delete('case');
    setParams(next);
  };

  const columns: TableProps<FtCase>['columns'] = [
    { title: '编号', dataIndex: 'id', width: 70 },
    {
      title: '干部',
      dataIndex: 'personName',
      render: (n: string, c) => (
        <>
          <Link to={`/cadres/${c.personId}`}>{n}</Link>
          <div style={{ fontSize: 12, color: '#999' }}>{c.orgUnitName}</div>
        </>
      ),
    },
    {
      title: '申请',
      dataIndex: 'matter',
      render: (m: string, c) => (
        <>
          <Tag>{c.requestKindName}</Tag>
          <a onClick={() => openCase(c.id)}>{m}</a>
          <div style={{ fontSize: 12, color: '#999' }}>
            {c.appliedOn} · {c.applicant}
          </div>
        </>
      ),
    },
    { title: '状态', dataIndex: 'status', width: 90, render: (s: FtStatus, c) => <Tag color={STATUS_COLOR[s]}>{c.statusName}</Tag> },
    {
      title: '现行决定',
      key: 'decision',
      width: 170,
      responsive: ['sm'],
      render: (_v, c) =>
        c.decision ? (
          <>
            <Tag color={OUTCOME_COLOR[c.decision.outcome]}>{c.decision.outcomeName}</Tag>
            <div style={{ fontSize: 12, color: '#999' }}>{c.decision.decidedOn}</div>
          </>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <Flex vertical gap={12}>
      <CadresNav />
      <Card
        size="small"
        title="容错澄清"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            登记申请
          </Button>
        }
      >
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="容错澄清案件仅组织部门可见；每次查看列表或案件都记入审计日志。" />
        <Flex wrap gap={12} style={{ marginBottom: 12 }}>
          <Select aria-label="状态" allowClear placeholder="全部状态" value={status} onChange={(v) => update({ status: v })} options={FT_STATUSES.map((s) => ({ value: s, label: FT_STATUS_ZH[s] }))} style={{ width: 130 }} />
          <Select aria-label="决定结果" allowClear placeholder="全部决定" value={outcome} onChange={(v) => update({ outcome: v })} options={FT_OUTCOMES.map((o) => ({ value: o, label: FT_OUTCOME_ZH[o] }))} style={{ width: 160 }} />
          <Input.Search aria-label="搜索容错澄清案件" allowClear placeholder="干部姓名、事项" value={qText} onChange={(e) => setQText(e.target.value)} onSearch={(v) => update({ q: v.trim() })} style={{ maxWidth: 260 }} />
        </Flex>
        {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 12 }} />}
        <Table<FtCase>
          rowKey="id"
          size="small"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          columns={columns}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, showSizeChanger: false, showTotal: (n) => `共 ${n} 件`, onChange: (p) => update({ page: p }) }}
          scroll={{ x: 'max-content' }}
        />
      </Card>
      {creating && (
        <OpenCaseModal
          onCancel={() => setCreating(false)}
          onSaved={(c) => {
            setCreating(false);
            list.reload();
            openCase(c.id);
          }}
        />
      )}
      {open && <CaseDrawer id={open} onClose={() => openCase(null)} onChanged={list.reload} />}
    </Flex>
  );
}

interface OpenValues {
  personId: number;
  requestKind: FtRequestKind;
  matter: string;
  applicant: string;
  appliedOn: string;
  orgUnitId?: number | null;
}

function OpenCaseModal({ onSaved, onCancel }: { onSaved: (c: FtCaseDetail) => void; onCancel: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<OpenValues>();
  const [busy, setBusy] = useState(false);
  const draft = useFormDraft(form, 'ft:new');
  const save = async (v: OpenValues) => {
    setBusy(true);
    try {
      const c = await api.post<FtCaseDetail>('/api/cadres/fault-tolerance', { ...v, matter: v.matter.trim(), applicant: v.applicant.trim(), orgUnitId: v.orgUnitId ?? null });
      draft.clear();
      message.success('已登记');
      onSaved(c);
    } catch (err) {
      if (!applyServerErrors(form, err, ['personId', 'requestKind', 'matter', 'applicant', 'appliedOn', 'orgUnitId'])) message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title="登记容错澄清申请" okText="登记" onOk={() => form.submit()} confirmLoading={busy} onCancel={onCancel} destroyOnHidden width={{ xs: '100%', md: 600 }}>
      {draft.restored && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="已恢复上次未保存的内容" />}
      <Form<OpenValues> form={form} layout="vertical" initialValues={{ requestKind: 'tolerance' }} onValuesChange={draft.onValuesChange} onFinish={(v) => void save(v)}>
        <Form.Item label="干部" name="personId" rules={[{ required: true, message: '请选择干部' }]}>
          <PersonPicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label="申请类别" name="requestKind" rules={[{ required: true, message: '请选择申请类别' }]}>
          <Radio.Group options={FT_REQUEST_KINDS.map((k) => ({ value: k, label: FT_REQUEST_KIND_ZH[k] }))} />
        </Form.Item>
        <Form.Item label="申请事项" name="matter" rules={[{ required: true, whitespace: true, message: '请填写申请事项' }]}>
          <Input.TextArea rows={3} maxLength={1000} showCount placeholder="如：在企业帮扶中先行先试出现失误，申请容错免责" />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item label="申请人" name="applicant" rules={[{ required: true, whitespace: true, message: '请填写申请人' }]} style={{ flex: '1 1 200px' }}>
            <Input maxLength={100} placeholder="本人、所在单位党委或组织部门" />
          </Form.Item>
          <Form.Item label="申请日期" name="appliedOn" rules={[{ required: true, message: '请选择申请日期' }]} style={{ flex: '1 1 160px' }}>
            <DateInput />
          </Form.Item>
        </Flex>
        <Form.Item label="所属单位" name="orgUnitId" extra="不填为该干部所在单位；容错人数计入该单位">
          <OrgUnitPicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One case: where it stands, the investigation, and every decision (the latest in force). */
function CaseDrawer({ id, onClose, onChanged }: { id: number; onClose: () => void; onChanged: () => void }) {
  const detail = useApi<FtCaseDetail>(`ft:${id}`, () => api.get<FtCaseDetail>(`/api/cadres/fault-tolerance/${id}`));
  const [form, setForm] = useState<'investigation' | 'decision' | null>(null);
  const c = detail.data;
  const step = !c ? 0 : c.status === 'applied' ? 1 : c.status === 'investigating' ? 2 : 3;
  const done = () => {
    setForm(null);
    detail.reload();
    onChanged();
  };
  return (
    <Drawer open title={c ? `容错澄清案件 ${c.id}：${c.personName}` : '容错澄清案件'} onClose={onClose} size={640} destroyOnHidden>
      {detail.error && <Alert type="error" showIcon title={detail.error} />}
      {!c && !detail.error && <Skeleton active />}
      {c && (
        <Flex vertical gap={16}>
          <Steps size="small" current={step} items={[{ title: '申请' }, { title: '调查核实' }, { title: '委员会决定' }]} />
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              { key: 'who', label: '干部', children: <Link to={`/cadres/${c.personId}`}>{`${c.personName}（${c.orgUnitName}）`}</Link> },
              { key: 'kind', label: '申请类别', children: c.requestKindName },
              { key: 'matter', label: '申请事项', children: c.matter },
              { key: 'applicant', label: '申请人 / 日期', children: `${c.applicant} · ${c.appliedOn}` },
              { key: 'inv', label: '调查核实', children: c.investigation ? `${c.investigation}（${c.investigatedBy}，${c.investigatedOn}）` : '尚未登记' },
            ]}
          />
          <div>
            <Typography.Title level={5}>委员会决定</Typography.Title>
            {c.decisions.length === 0 ? (
              <Typography.Text type="secondary">尚未作出决定</Typography.Text>
            ) : (
              <Timeline
                data-testid="ft-decisions"
                items={c.decisions.map((d, i) => ({
                  key: d.id,
                  color: i === c.decisions.length - 1 ? OUTCOME_COLOR[d.outcome] : 'gray',
                  content: (
                    <>
                      <div>
                        <Tag color={OUTCOME_COLOR[d.outcome]}>{d.outcomeName}</Tag>
                        {i === c.decisions.length - 1 ? <Tag color="red">现行决定</Tag> : <Tag>已被变更</Tag>}
                        {d.committee}，{d.decidedOn}
                      </div>
                      <div>认定依据：{d.grounds}</div>
                      {d.supersedesId && <div style={{ color: '#d46b08' }}>变更理由：{d.changeReason}</div>}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        录入：{d.decidedBy}
                      </Typography.Text>
                    </>
                  ),
                }))}
              />
            )}
          </div>
          <Flex gap={8} wrap>
            {c.status !== 'decided' && <Button onClick={() => setForm('investigation')}>{c.investigation ? '修改调查核实情况' : '登记调查核实情况'}</Button>}
            {c.status !== 'applied' && (
              <Button type="primary" onClick={() => setForm('decision')}>
                {c.decision ? '变更决定' : '录入委员会决定'}
              </Button>
            )}
          </Flex>
          {form === 'investigation' && <InvestigationForm c={c} onDone={done} onCancel={() => setForm(null)} />}
          {form === 'decision' && <DecisionForm c={c} onDone={done} onCancel={() => setForm(null)} />}
        </Flex>
      )}
    </Drawer>
  );
}

function useSubmit<T>(c: FtCaseDetail, url: string, fields: string[], onDone: () => void) {
  const { message } = App.useApp();
  const [form] = Form.useForm<T>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: T) => {
    setBusy(true);
    try {
      await api.post(url, { ...v, version: c.version });
      message.success('已保存');
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.isVersionConflict) {
        message.warning('该案件刚被他人更新，已载入最新内容，请核对后重新提交');
        onDone();
      } else if (!applyServerErrors(form, err, fields)) message.error(errorText(err));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { form, busy, submit };
}

function InvestigationForm({ c, onDone, onCancel }: { c: FtCaseDetail; onDone: () => void; onCancel: () => void }) {
  const { form, busy, submit } = useSubmit<{ investigation: string; investigatedBy: string; investigatedOn: string }>(c, `/api/cadres/fault-tolerance/${c.id}/investigation`, ['investigation', 'investigatedBy', 'investigatedOn'], onDone);
  const draft = useFormDraft(form, `ft:${c.id}:investigation`);
  return (
    <Card size="small" title="调查核实情况">
      <Form
        form={form}
        layout="vertical"
        initialValues={{ investigation: c.investigation ?? '', investigatedBy: c.investigatedBy ?? '', investigatedOn: c.investigatedOn ?? undefined }}
        onValuesChange={draft.onValuesChange}
        onFinish={async (v) => (await submit(v)) && (draft.clear(), onDone())}
      >
        <Form.Item label="调查核实情况" name="investigation" rules={[{ required: true, whitespace: true, message: '请填写调查核实情况' }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item label="调查人（组）" name="investigatedBy" rules={[{ required: true, whitespace: true, message: '请填写调查人（组）' }]} style={{ flex: '1 1 200px' }}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item label="调查完成日期" name="investigatedOn" rules={[{ required: true, message: '请选择日期' }]} style={{ flex: '1 1 160px' }}>
            <DateInput />
          </Form.Item>
        </Flex>
        <Flex gap={8}>
          <Button type="primary" htmlType="submit" loading={busy}>
            保存
          </Button>
          <Button onClick={onCancel}>取消</Button>
        </Flex>
      </Form>
    </Card>
  );
}

function DecisionForm({ c, onDone, onCancel }: { c: FtCaseDetail; onDone: () => void; onCancel: () => void }) {
  const { form, busy, submit } = useSubmit<{ outcome: FtOutcome; grounds: string; committee: string; decidedOn: string; changeReason?: string }>(
    c,
    `/api/cadres/fault-tolerance/${c.id}/decisions`,
    ['outcome', 'grounds', 'committee', 'decidedOn', 'changeReason'],
    onDone,
  );
  const draft = useFormDraft(form, `ft:${c.id}:decision`);
  const changing = !!c.decision;
  return (
    <Card size="small" title={changing ? '变更决定' : '委员会决定'}>
      {changing && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="原决定不会被修改：变更将新增一条决定并注明所替代的决定和变更理由。" />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ outcome: c.decision?.outcome, committee: c.decision?.committee ?? '永康市容错免责和澄清正名工作领导小组' }}
        onValuesChange={draft.onValuesChange}
        onFinish={async (v) => (await submit(v)) && (draft.clear(), onDone())}
      >
        <Form.Item label="决定结果" name="outcome" rules={[{ required: true, message: '请选择决定结果' }]}>
          <Radio.Group options={FT_OUTCOMES.map((o) => ({ value: o, label: FT_OUTCOME_ZH[o] }))} />
        </Form.Item>
        <Form.Item label="认定依据" name="grounds" rules={[{ required: true, whitespace: true, message: '请填写认定依据' }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item label="决定机构" name="committee" rules={[{ required: true, whitespace: true, message: '请填写决定机构' }]} style={{ flex: '1 1 240px' }}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item label="决定日期" name="decidedOn" rules={[{ required: true, message: '请选择日期' }]} style={{ flex: '1 1 160px' }}>
            <DateInput />
          </Form.Item>
        </Flex>
        {changing && (
          <Form.Item label="变更理由" name="changeReason" rules={[{ required: true, whitespace: true, message: '变更已生效的决定，须写明变更理由' }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        )}
        <Flex gap={8}>
          <Button type="primary" htmlType="submit" loading={busy}>
            {changing ? '新增变更决定' : '保存决定'}
          </Button>
          <Button onClick={onCancel}>取消</Button>
        </Flex>
      </Form>
    </Card>
  );
}
