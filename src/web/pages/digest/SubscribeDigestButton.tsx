import { useEffect, useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Space, Spin, Typography } from 'antd';
import { CheckOutlined, EyeOutlined, MailOutlined } from '@ant-design/icons';
import { SubscriptionSchema, type Digest, type SubscriptionView } from '../../../shared/digest';
import { api } from '../../api';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { DigestView } from './DigestView';

const MUTED = 'rgba(0, 0, 0, 0.65)';

interface Props {
  cockpit: { id: number; title: string };
  /** The account's cockpits, to name the one subscribed to when it is another. */
  cockpits?: { id: number; title: string }[];
}

/**
 * The cockpit toolbar's 订阅每周简报 button (已订阅 when this cockpit is the one followed) and its
 * dialog: what the digest holds, an optional e-mail address, a preview of this week's digest,
 * subscribe or save, and unsubscribe. Each account follows one cockpit.
 */
export function SubscribeDigestButton({ cockpit, cockpits = [] }: Props) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ email: string }>();
  const [sub, setSub] = useState<SubscriptionView | null>(null);
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const [preview, setPreview] = useState<{ loading: boolean; digest: Digest | null; error: string | null }>({ loading: false, digest: null, error: null });

  useEffect(() => {
    let cancelled = false;
    api
      .get<SubscriptionView>('/api/digest/subscription')
      .then((s) => !cancelled && setSub(s))
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, []);

  const here = !!sub?.subscribed && sub.cockpitId === cockpit.id;
  const elsewhere = !!sub?.subscribed && sub.cockpitId !== cockpit.id;
  const otherTitle = elsewhere ? cockpits.find((c) => c.id === sub!.cockpitId)?.title : undefined;

  const show = () => {
    setPreview({ loading: false, digest: null, error: null });
    setOpen(true);
  };

  const loadPreview = () => {
    setPreview({ loading: true, digest: null, error: null });
    api
      .get<Digest>('/api/digest/preview', { cockpitId: cockpit.id })
      .then((digest) => setPreview({ loading: false, digest, error: null }))
      .catch((err) => setPreview({ loading: false, digest: null, error: errorText(err) }));
  };

  const save = async (values: { email?: string }) => {
    const parsed = SubscriptionSchema.safeParse({ cockpitId: cockpit.id, email: values.email ?? '' });
    if (!parsed.success) {
      const emailIssues = parsed.error.issues.filter((i) => i.path[0] === 'email').map((i) => i.message);
      if (emailIssues.length) form.setFields([{ name: 'email', errors: emailIssues }]);
      else message.error(parsed.error.issues[0]?.message ?? '请检查填写的内容');
      return;
    }
    setSaving(true);
    try {
      const next = await api.put<SubscriptionView>('/api/digest/subscription', parsed.data);
      setSub(next);
      setOpen(false);
      message.success(here ? '订阅已保存' : '已订阅每周简报');
    } catch (err) {
      if (!applyServerErrors(form, err, ['email'])) message.error(errorText(err));
    } finally {
      setSaving(false);
    }
  };

  const leave = async () => {
    setLeaving(true);
    try {
      setSub(await api.post<SubscriptionView>('/api/digest/unsubscribe'));
      setOpen(false);
      message.success('已取消订阅每周简报');
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setLeaving(false);
    }
  };

  return (
    <>
      <Button icon={here ? <CheckOutlined /> : <MailOutlined />} onClick={show} data-testid="digest-subscribe" title={here ? '已订阅本驾驶舱的每周简报，点击修改' : undefined}>
        {here ? '已订阅' : '订阅每周简报'}
      </Button>
      <Modal
        title="订阅每周简报"
        open={open}
        onCancel={() => setOpen(false)}
        destroyOnHidden
        width={720}
        footer={
          <Space wrap style={{ justifyContent: 'flex-end' }}>
            {sub?.subscribed && (
              <Button danger loading={leaving} onClick={() => void leave()}>
                取消订阅
              </Button>
            )}
            <Button type="primary" loading={saving} onClick={() => form.submit()}>
              {here ? '保存' : '订阅'}
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph>
          每周一次：变化最大的指标、本周新增超期事项、排名变化，发送到站内信；填写邮箱则同时发送邮件（本系统的邮件通道需由运维接入）。
        </Typography.Paragraph>
        <Typography.Paragraph style={{ color: MUTED }}>
          关注的驾驶舱：{cockpit.title}
          {sub?.lastSentAt && here && <>；上次发送于 {new Date(sub.lastSentAt).toLocaleString('zh-CN', { hour12: false })}</>}
        </Typography.Paragraph>
        {elsewhere && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title={`您当前订阅的是${otherTitle ? `「${otherTitle}」` : '另一个驾驶舱'}；每人订阅一个驾驶舱，订阅本驾驶舱将替换原订阅。`}
          />
        )}
        <Form form={form} layout="vertical" onFinish={(v) => void save(v)} initialValues={{ email: sub?.email ?? '' }} requiredMark={false}>
          <Form.Item label="邮箱（可选）" name="email" extra="不填则只发送到站内信" style={{ marginBottom: 12 }}>
            <Input inputMode="email" autoComplete="email" maxLength={200} placeholder="例如 name@example.com" allowClear />
          </Form.Item>
        </Form>
        <Button icon={<EyeOutlined />} onClick={loadPreview} loading={preview.loading}>
          预览本周简报
        </Button>
        {preview.loading && !preview.digest && (
          <div style={{ padding: 16, textAlign: 'center' }}>
            <Spin />
          </div>
        )}
        {preview.error && <Alert type="error" showIcon title={preview.error} style={{ marginTop: 12 }} />}
        {preview.digest && (
          <div style={{ marginTop: 12, padding: 12, border: '1px solid #f0f0f0', borderRadius: 6 }} data-testid="digest-preview">
            <DigestView digest={preview.digest} />
          </div>
        )}
      </Modal>
    </>
  );
}
