import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Flex, Form, Input, Modal, Select, Skeleton, Typography } from 'antd';
import { EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { CARE_KINDS, CARE_KIND_ZH, type CadreDetail, type CareerEntry, type CareKind, type CareRecord } from '../../../shared/cadres';
import { api } from '../../api';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { useApi } from '../indicators/useApi';
import { DateInput } from '../ledger/DateInput';
import { CadresNav } from './CadresNav';
import { CareerEntryModal } from './CareerEntryModal';
import { CareerTabs, CareRows, CorrectionRows, DispatchRows, FaultToleranceRecords, HonourRows, ProfileDescriptions } from './RecordSections';
import { useFormDraft } from '../../components/useFormDraft';

/**
 * One cadre's record for the organization department: profile and posts, 容错记录 (weighed in
 * appointments and honours), the career record to edit, dispatches, honours, care records (shown
 * on request — each look is logged) and the cadre's correction requests.
 */
export default function CadrePage() {
  const personId = Number(useParams().personId);
  const detail = useApi<CadreDetail>(`cadre:${personId}`, () => api.get<CadreDetail>(`/api/cadres/${personId}`));
  const [editing, setEditing] = useState<CareerEntry | 'new' | null>(null);
  const d = detail.data;
  const card = { size: 'small' as const, styles: { header: { flexWrap: 'wrap' as const, gap: 4 } } };
  return (
    <Flex vertical gap={12}>
      <CadresNav />
      {detail.error && <Alert type="error" showIcon title={detail.error} />}
      {!d && !detail.error && <Skeleton active />}
      {d && (
        <>
          <Card {...card} title={`${d.profile.name} · 干部档案`} extra={<Link to="/cadres">返回干部档案</Link>}>
            <ProfileDescriptions profile={d.profile} posts={d.posts} />
          </Card>
          {d.faultTolerance.length > 0 && (
            <Card {...card} title="容错记录" extra={<Typography.Text type="secondary">干部选拔任用、评先评优时予以考虑 · 查看已记入审计日志</Typography.Text>}>
              <FaultToleranceRecords items={d.faultTolerance} />
            </Card>
          )}
          <Card
            {...card}
            title="履历"
            extra={
              <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
                添加履历
              </Button>
            }
          >
            <CareerTabs
              career={d.career}
              training={d.training}
              action={(e) => (
                <Button type="link" size="small" onClick={() => setEditing(e)}>
                  修改
                </Button>
              )}
            />
          </Card>
          <Card {...card} title="一线派驻">
            <DispatchRows items={d.dispatches} />
          </Card>
          <Card {...card} title="个人荣誉">
            <HonourRows items={d.honours} />
          </Card>
          <CareCard personId={personId} name={d.profile.name} />
          <Card {...card} title={`更正申请${d.pendingCorrections ? `（${d.pendingCorrections} 条待处理）` : ''}`} extra={<Link to="/cadres/corrections">去处理</Link>}>
            <CorrectionRows items={d.corrections} />
          </Card>
        </>
      )}
      {editing && (
        <CareerEntryModal
          personId={personId}
          entry={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            detail.reload();
          }}
        />
      )}
    </Flex>
  );
}

/** 关心关爱: read only when asked for (the read is logged), and added here. */
function CareCard({ personId, name }: { personId: number; name: string }) {
  const { message } = App.useApp();
  const [items, setItems] = useState<CareRecord[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [adding, setAdding] = useState(false);
  const load = async () => {
    setBusy(true);
    try {
      setItems(await api.get<CareRecord[]>(`/api/cadres/${personId}/care`));
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card
      size="small"
      title="关心关爱"
      extra={
        <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
          登记关心关爱
        </Button>
      }
    >
      {items ? (
        <CareRows items={items} />
      ) : (
        <Flex vertical align="flex-start" gap={6}>
          <Typography.Text type="secondary">关心关爱记录仅本人和组织部门可见，每次查看都记入审计日志。</Typography.Text>
          <Button icon={<EyeOutlined />} loading={busy} onClick={() => void load()}>
            查看{name}的关心关爱记录
          </Button>
        </Flex>
      )}
      {adding && (
        <CareModal
          personId={personId}
          onCancel={() => setAdding(false)}
          onSaved={(c) => {
            setAdding(false);
            setItems((list) => (list ? [c, ...list] : list));
          }}
        />
      )}
    </Card>
  );
}

interface CareValues {
  kind: CareKind;
  occurredOn: string;
  byWhom: string;
  summary: string;
  followUp?: string;
}

function CareModal({ personId, onSaved, onCancel }: { personId: number; onSaved: (c: CareRecord) => void; onCancel: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<CareValues>();
  const [busy, setBusy] = useState(false);
  const draft = useFormDraft(form, `care:new:${personId}`);
  const save = async (v: CareValues) => {
    setBusy(true);
    try {
      const c = await api.post<CareRecord>(`/api/cadres/${personId}/care`, { ...v, followUp: v.followUp?.trim() || null });
      draft.clear();
      message.success('已登记');
      onSaved(c);
    } catch (err) {
      if (!applyServerErrors(form, err, ['kind', 'occurredOn', 'byWhom', 'summary', 'followUp'])) message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title="登记关心关爱" okText="登记" onOk={() => form.submit()} confirmLoading={busy} onCancel={onCancel} destroyOnHidden width={{ xs: '100%', md: 560 }}>
      {draft.restored && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="已恢复上次未保存的内容" />}
      <Form<CareValues> form={form} layout="vertical" onValuesChange={draft.onValuesChange} onFinish={(v) => void save(v)}>
        <Flex gap={12} wrap>
          <Form.Item label="关爱方式" name="kind" rules={[{ required: true, message: '请选择关爱方式' }]} style={{ flex: '1 1 160px' }}>
            <Select options={CARE_KINDS.map((k) => ({ value: k, label: CARE_KIND_ZH[k] }))} placeholder="请选择" />
          </Form.Item>
          <Form.Item label="日期" name="occurredOn" rules={[{ required: true, message: '请选择日期' }]} style={{ flex: '1 1 160px' }}>
            <DateInput />
          </Form.Item>
        </Flex>
        <Form.Item label="关爱人（单位或领导）" name="byWhom" rules={[{ required: true, whitespace: true, message: '请填写关爱人（单位或领导）' }]}>
          <Input maxLength={50} placeholder="如：镇党委书记、市委组织部干部科" />
        </Form.Item>
        <Form.Item label="关爱内容" name="summary" rules={[{ required: true, whitespace: true, message: '请填写关爱内容' }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
        <Form.Item label="后续跟进" name="followUp">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
