import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Collapse, Descriptions, Flex, Form, Input, List, Modal, Radio, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined, EditOutlined, StopOutlined } from '@ant-design/icons';
import { CONTACT_KIND_ZH, CONTACT_KINDS, type ContactKind, type PairingDetail } from '../../../shared/pairings';
import { api, ApiError } from '../../api';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { DateInput } from '../ledger/DateInput';
import { useApi } from '../indicators/useApi';
import { KIND_COLOR, STATUS_COLOR, fmtTime, todayCst } from './display';
import { PairingFormModal } from './PairingFormModal';
import { useDraft } from './useDraft';

interface ContactValues {
  occurredOn: string | null;
  kind: ContactKind;
  summary: string;
}

/** 记录联系: date (today by default), how, and what was done. The text is kept as a draft until sent. */
function ContactForm({ pairing, onSaved }: { pairing: PairingDetail; onSaved: (p: PairingDetail) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ContactValues>();
  const [busy, setBusy] = useState(false);
  const draft = useDraft<ContactValues>(`pairing-contact-${pairing.id}`);
  const today = todayCst();
  const save = async (v: ContactValues) => {
    setBusy(true);
    try {
      const saved = await api.post<PairingDetail>(`/api/pairings/${pairing.id}/contacts`, { occurredOn: v.occurredOn, kind: v.kind, summary: v.summary.trim() });
      draft.clear();
      form.resetFields();
      form.setFieldsValue({ occurredOn: todayCst(), kind: v.kind, summary: '' });
      message.success('已记录联系');
      onSaved(saved);
    } catch (err) {
      if (!applyServerErrors(form, err, ['occurredOn', 'kind', 'summary'])) message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form<ContactValues>
      form={form}
      layout="vertical"
      initialValues={{ occurredOn: today, kind: 'visit', summary: '', ...(draft.initial ?? {}) }}
      onValuesChange={(_, all) => draft.save(all)}
      onFinish={(v) => void save(v)}
      data-testid="contact-form"
    >
      <Form.Item
        label="联系日期"
        name="occurredOn"
        rules={[
          { required: true, message: '请选择联系日期' },
          { validator: (_, v?: string | null) => (!v || v <= todayCst() ? Promise.resolve() : Promise.reject(new Error('联系日期不能晚于今天'))) },
          { validator: (_, v?: string | null) => (!v || v >= pairing.startDate ? Promise.resolve() : Promise.reject(new Error(`联系日期不能早于结对开始日期 ${pairing.startDate}`))) },
        ]}
        style={{ maxWidth: 240 }}
      >
        <DateInput allowClear={false} />
      </Form.Item>
      <Form.Item label="联系方式" name="kind" rules={[{ required: true, message: '请选择联系方式' }]}>
        <Radio.Group optionType="button" options={CONTACT_KINDS.map((k) => ({ value: k, label: CONTACT_KIND_ZH[k] }))} />
      </Form.Item>
      <Form.Item label="联系内容" name="summary" rules={[{ required: true, whitespace: true, message: '请填写联系内容' }]}>
        <Input.TextArea rows={3} maxLength={500} showCount placeholder="如：走访企业，了解用工情况，协调解决厂房用地问题" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} block>
        记录联系
      </Button>
    </Form>
  );
}

/** 提前结束: the day and the reason (kept in the change record). */
function EndModal({ pairing, onSaved, onCancel }: { pairing: PairingDetail; onSaved: (p: PairingDetail) => void; onCancel: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ endedOn: string; reason: string }>();
  const [busy, setBusy] = useState(false);
  const save = async (v: { endedOn: string; reason: string }) => {
    setBusy(true);
    try {
      const saved = await api.post<PairingDetail>(`/api/pairings/${pairing.id}/end`, { version: pairing.version, endedOn: v.endedOn, reason: v.reason.trim() });
      message.success('结对已提前结束');
      onSaved(saved);
    } catch (err) {
      if (err instanceof ApiError && err.isVersionConflict) {
        message.warning('该结对刚被他人修改，已载入最新内容，请确认后再操作');
        onSaved(err.current as PairingDetail);
      } else if (!applyServerErrors(form, err, ['endedOn', 'reason'])) message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={`提前结束：${pairing.title}`} okText="结束结对" okButtonProps={{ danger: true }} onOk={() => form.submit()} confirmLoading={busy} onCancel={onCancel} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ endedOn: todayCst() }} onFinish={(v) => void save(v)}>
        <Form.Item label="结束日期" name="endedOn" rules={[{ required: true, message: '请选择结束日期' }]}>
          <DateInput allowClear={false} />
        </Form.Item>
        <Form.Item label="原因" name="reason" rules={[{ required: true, whitespace: true, message: '请填写提前结束的原因' }]}>
          <Input maxLength={200} placeholder="如：企业迁出本市、联建单位调整" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * One pairing: its parties, purpose and period, the contact timeline, and — for the unit that
 * answers for it — the 记录联系 form (phone-width: one column).
 */
export default function PairingDetailPage() {
  const { id } = useParams();
  const location = useLocation();
  const loaded = useApi<PairingDetail>(`pairing:${id}`, () => api.get<PairingDetail>(`/api/pairings/${id}`));
  const [pairing, setPairing] = useState<PairingDetail | null>(null);
  const [editing, setEditing] = useState(false);
  const [ending, setEnding] = useState(false);
  const contactRef = useRef<HTMLDivElement>(null);
  useEffect(() => setPairing(loaded.data), [loaded.data]);
  // "去记录联系" from the silent list lands on the form.
  useEffect(() => {
    if (pairing && location.hash === '#contact') contactRef.current?.scrollIntoView({ block: 'start' });
  }, [pairing, location.hash]);

  if (loaded.error) return <Alert type="error" showIcon title={loaded.error} action={<Link to="/pairings">返回列表</Link>} />;
  if (!pairing) return <Spin />;
  const p = pairing;
  const open = p.status !== 'ended' && !p.endedOn;

  return (
    <Flex vertical gap={12} style={{ maxWidth: 960 }}>
      <Link to="/pairings">
        <ArrowLeftOutlined /> 结对联系
      </Link>
      <Card
        size="small"
        title={
          <Flex vertical gap={4} style={{ whiteSpace: 'normal', paddingBlock: 4 }}>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="pairing-title">
              {p.title}
            </Typography.Title>
            <Space size={4} wrap>
              <Tag color={KIND_COLOR[p.kind]}>{p.kindName}</Tag>
              <Tag color={STATUS_COLOR[p.status]} data-testid="pairing-status">
                {p.statusName}
              </Tag>
              {p.silent ? (
                <Tag color="error" data-testid="silence">
                  沉默 {p.silentDays} 天
                </Tag>
              ) : (
                p.silentDays != null && (
                  <Tag color="success" data-testid="silence">
                    {p.lastContactOn ? `${p.silentDays} 天前联系` : '尚未联系'}
                  </Tag>
                )
              )}
            </Space>
          </Flex>
        }
        extra={
          p.canEdit && (
            <Space wrap>
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                修改
              </Button>
              {open && (
                <Button danger icon={<StopOutlined />} onClick={() => setEnding(true)}>
                  提前结束
                </Button>
              )}
            </Space>
          )
        }
        styles={{ header: { flexWrap: 'wrap', gap: 8 } }}
      >
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2 }}
          items={[
            { key: 'owner', label: '负责单位', children: p.ownerUnitName },
            { key: 'period', label: '期限', children: `${p.startDate} 至 ${p.endDate ?? '长期'}` },
            ...(p.endedOn ? [{ key: 'ended', label: '提前结束', children: `${p.endedOn}${p.endReason ? `（${p.endReason}）` : ''}` }] : []),
            { key: 'last', label: '最近联系', children: p.lastContactOn ? `${p.lastContactOn}（共 ${p.contactCount} 次）` : '从未联系' },
            { key: 'purpose', label: '结对目的', span: 'filled' as const, children: <span style={{ whiteSpace: 'pre-line' }}>{p.purpose}</span> },
          ]}
        />
      </Card>

      <Card size="small" title={`结对各方（${p.parties.length}）`}>
        <List
          size="small"
          dataSource={p.parties}
          renderItem={(x) => (
            <List.Item>
              <Flex gap={8} wrap align="center">
                <b>{x.name}</b>
                <Tag>{x.roleLabel}</Tag>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {[x.unitName, x.phoneMasked].filter(Boolean).join(' · ')}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      </Card>

      {p.canEdit && open ? (
        <div ref={contactRef}>
          <Card size="small" title="记录联系">
            <ContactForm pairing={p} onSaved={setPairing} />
          </Card>
        </div>
      ) : (
        !p.canEdit && <Alert type="info" showIcon title={`该结对由「${p.ownerUnitName}」负责，您可以查看；联系记录由负责单位登记。`} />
      )}

      <Card size="small" title={`联系记录（${p.contacts.length}）`} data-testid="contact-timeline">
        {p.contacts.length === 0 ? (
          <Typography.Text type="secondary">还没有联系记录</Typography.Text>
        ) : (
          <Timeline
            items={p.contacts.map((c) => ({
              key: c.id,
              color: c.kind === 'joint_activity' ? 'red' : 'blue',
              content: (
                <>
                  <div>
                    <b>{c.occurredOn}</b> <Tag style={{ marginInlineStart: 4 }}>{c.kindName}</Tag>
                  </div>
                  <div style={{ whiteSpace: 'pre-line' }}>{c.summary}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {c.recordedBy} 登记于 {fmtTime(c.createdAt)}
                  </Typography.Text>
                </>
              ),
            }))}
          />
        )}
      </Card>

      <Collapse
        size="small"
        items={[
          {
            key: 'history',
            label: `修改记录（${p.history.length}）`,
            children: (
              <Timeline
                items={[...p.history].reverse().map((h) => ({
                  key: h.id,
                  content: (
                    <>
                      <div>{h.summary}</div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {fmtTime(h.at)} · {h.actorName}
                      </Typography.Text>
                    </>
                  ),
                }))}
              />
            ),
          },
        ]}
      />
      {editing && (
        <PairingFormModal
          pairing={p}
          onCancel={() => setEditing(false)}
          onSaved={(saved) => {
            setEditing(false);
            setPairing(saved);
          }}
        />
      )}
      {ending && (
        <EndModal
          pairing={p}
          onCancel={() => setEnding(false)}
          onSaved={(saved) => {
            setEnding(false);
            setPairing(saved);
          }}
        />
      )}
    </Flex>
  );
}
