import { useState } from 'react';
import { Alert, Button, Form, Input, Modal, Space, Switch, Typography } from 'antd';
import { api, ApiError } from '../../api';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { periodLabel } from '../indicators/format';
import type { PublishAnswer, PublishInput } from './types';

interface PublishModalProps {
  schemeId: number;
  schemeName: string;
  period: string;
  /** The scheme's lock version the run was made under: publishing refuses if rules changed since. */
  schemeVersion: number;
  versionNo: number;
  cohortSize: number;
  onCancel: () => void;
  onPublished: (r: PublishAnswer) => void;
  /** Rules changed since the run: reload the scheme and run again. */
  onStale: () => void;
}

/**
 * 发布结果: freezes the table as it stands now. Later corrections to figures do not move a
 * published table; publishing the same period again makes a corrected edition that supersedes it.
 */
export function PublishModal({ schemeId, schemeName, period, schemeVersion, versionNo, cohortSize, onCancel, onPublished, onStale }: PublishModalProps) {
  const [form] = Form.useForm<{ title?: string; public: boolean }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const defaultTitle = `${schemeName}（${periodLabel(period)}）`;

  const publish = async (v: { title?: string; public: boolean }) => {
    setBusy(true);
    setError(null);
    const body: PublishInput = { period, title: v.title?.trim() || null, public: v.public, schemeVersion };
    try {
      onPublished(await api.post<PublishAnswer>(`/api/schemes/${schemeId}/results`, body));
    } catch (err) {
      if (err instanceof ApiError && err.isVersionConflict) setStale(true);
      else if (!applyServerErrors(form, err, ['title', 'public'])) setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={`发布${periodLabel(period)}考评结果`}
      onCancel={onCancel}
      mask={{ closable: false }}
      footer={
        stale ? (
          <Space>
            <Button onClick={onCancel}>关闭</Button>
            <Button type="primary" onClick={onStale}>
              重新试算
            </Button>
          </Space>
        ) : (
          <Space>
            <Button onClick={onCancel}>取消</Button>
            <Button type="primary" loading={busy} onClick={() => form.submit()}>
              发布
            </Button>
          </Space>
        )
      }
    >
      {stale ? (
        <Alert type="warning" showIcon title="方案规则在您试算之后已被修改" description="为免发布与所见不同的排名，本次未发布。请重新试算，核对新的排名后再发布。" data-testid="publish-stale" />
      ) : (
        <>
          <Typography.Paragraph>
            将按第{versionNo}版规则和当前已审核数据，把 {cohortSize} 个单位的排名冻结为快照。发布后数据更正不再影响该结果；如需更正，可对同一期重新发布，新结果将取代旧结果。
          </Typography.Paragraph>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
          <Form form={form} layout="vertical" initialValues={{ public: false }} onFinish={(v) => void publish(v)}>
            <Form.Item label="标题" name="title" extra="不填则用默认标题">
              <Input maxLength={80} placeholder={defaultTitle} />
            </Form.Item>
            <Form.Item label="同时生成公开页面" name="public" valuePropName="checked" extra="生成一个免登录的公示链接（只含排名、总分、等次和各项得分，不含明细），可发到群里或做成二维码张贴">
              <Switch aria-label="同时生成公开页面" />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}
