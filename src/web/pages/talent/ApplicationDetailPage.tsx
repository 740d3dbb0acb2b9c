import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Flex, Form, Input, InputNumber, Radio, Row, Skeleton, Table, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../api';
import { useAuth } from '../../auth';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { useApi } from '../indicators/useApi';
import { REVIEW_STEP_ZH, type ReviewDecision } from '../../../shared/talent';
import { ApplicationFields, DecisionHistory, DocumentList } from './ApplicationView';
import { PaymentModal } from './PaymentModals';
import { TalentNav } from './TalentNav';
import { fmtYuan, type StaffApplication } from './types';

interface DecisionValues {
  decision: ReviewDecision;
  reason?: string;
  grantedAmount?: number | null;
  amountReason?: string;
}

/**
 * One application for its reviewers: what was filled in, the documents (each read is logged),
 * every decision so far, the payments, and the decision form for the step the reader may take.
 */
export default function ApplicationDetailPage() {
  const id = Number(useParams().id);
  const { can } = useAuth();
  const app = useApi<StaffApplication>(`application:${id}`, () => api.get<StaffApplication>(`/api/talent/applications/${id}`));
  const [paying, setPaying] = useState(false);
  const a = app.data;

  return (
    <Flex vertical gap={12} style={{ maxWidth: 1100 }}>
      <TalentNav />
      <Flex align="center" gap={8} wrap>
        <Link to="/talent/applications">
          <ArrowLeftOutlined /> 返回列表
        </Link>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {a ? `${a.person.name}的申请（${a.no}）` : '人才申请'}
        </Typography.Title>
      </Flex>
      {app.error && <Alert type="error" showIcon title={app.error} />}
      {!a && !app.error && <Skeleton active />}
      {a && (
        <Row gutter={[12, 12]}>
          <Col xs={24} lg={15}>
            <Flex vertical gap={12}>
              <Card size="small" title="申请内容">
                <ApplicationFields a={a} />
              </Card>
              <Card size="small" title="申请材料" extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>查看材料将记入审计日志</Typography.Text>}>
                <DocumentList files={a.files} url={(f) => `/api/talent/applications/${a.id}/files/${f.id}`} />
              </Card>
              {(a.payments.length > 0 || (a.status === 'approved' && can('manage:talent'))) && (
                <Card
                  size="small"
                  title="发放记录"
                  extra={
                    a.status === 'approved' && can('manage:talent') && (a.grantedAmount ?? 0) > a.paidAmount ? (
                      <Button size="small" type="primary" onClick={() => setPaying(true)}>
                        登记发放
                      </Button>
                    ) : null
                  }
                >
                  <Table
                    rowKey="id"
                    size="small"
                    pagination={false}
                    dataSource={a.payments}
                    columns={[
                      { title: '发放日期', dataIndex: 'paidOn' },
                      { title: '金额', dataIndex: 'amount', render: (v: number) => <span style={{ color: v < 0 ? '#c8102e' : undefined }}>{fmtYuan(v)}</span> },
                      { title: '凭证号', dataIndex: 'reference' },
                      { title: '备注', dataIndex: 'note', render: (v: string | null, p) => (p.reversesId ? `冲销流水 ${p.reversesId}：${v ?? ''}` : (v ?? '')) },
                    ]}
                  />
                </Card>
              )}
            </Flex>
          </Col>
          <Col xs={24} lg={9}>
            <Flex vertical gap={12}>
              <DecisionCard a={a} onDecided={app.reload} />
              <Card size="small" title="审核记录">
                <DecisionHistory a={a} />
              </Card>
            </Flex>
          </Col>
        </Row>
      )}
      {a && paying && (
        <PaymentModal
          application={{ id: a.id, no: a.no, personName: a.person.name, grantedAmount: a.grantedAmount ?? 0, paidAmount: a.paidAmount }}
          onClose={() => setPaying(false)}
          onSaved={() => {
            setPaying(false);
            app.reload();
          }}
        />
      )}
    </Flex>
  );
}

function DecisionCard({ a, onDecided }: { a: StaffApplication; onDecided: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<DecisionValues>();
  const [busy, setBusy] = useState(false);
  const decision = Form.useWatch('decision', form);
  const granted = Form.useWatch('grantedAmount', form);
  const { step, canDecide, why, defaultAmount } = a.action;
  if (!step) return null;
  const committee = step === 'committee';
  const changed = committee && decision === 'approve' && granted != null && defaultAmount != null && Math.abs(granted - defaultAmount) > 0.005;

  const submit = async (v: DecisionValues) => {
    setBusy(true);
    try {
      await api.post(`/api/talent/applications/${a.id}/review`, {
        version: a.version,
        step,
        decision: v.decision,
        reason: v.reason || null,
        ...(committee && v.decision === 'approve' ? { grantedAmount: v.grantedAmount ?? null, amountReason: v.amountReason || null } : {}),
      });
      message.success(`已记录${REVIEW_STEP_ZH[step]}意见`);
      form.resetFields();
      onDecided();
    } catch (err) {
      if (err instanceof ApiError && (err.code === 'talent_review.step_moved' || err.isVersionConflict)) {
        message.warning(err.message);
        onDecided();
      } else if (!applyServerErrors(form, err, ['decision', 'reason', 'grantedAmount', 'amountReason'])) message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={`${REVIEW_STEP_ZH[step]}`} data-testid="decision-card">
      {!canDecide ? (
        <Alert type="info" showIcon title={why} />
      ) : (
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ decision: 'approve', grantedAmount: defaultAmount }}>
          <Form.Item name="decision" label="审核意见" rules={[{ required: true, message: '请选择审核意见' }]}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={[
                { value: 'approve', label: '通过' },
                { value: 'return', label: '退回修改' },
                { value: 'reject', label: '不予通过' },
              ]}
            />
          </Form.Item>
          {committee && decision === 'approve' && (
            <>
              <Form.Item name="grantedAmount" label="核定金额（元）" extra={defaultAmount != null ? `政策标准：${fmtYuan(defaultAmount)}` : undefined}>
                <InputNumber min={0} max={100_000_000} step={10_000} style={{ width: '100%' }} />
              </Form.Item>
              {changed && (
                <Form.Item name="amountReason" label="调整理由" rules={[{ required: true, message: '核定金额与政策标准不同，请说明调整理由' }]}>
                  <Input.TextArea rows={2} maxLength={200} showCount />
                </Form.Item>
              )}
            </>
          )}
          <Form.Item
            name="reason"
            label={decision === 'approve' ? '意见（选填）' : decision === 'return' ? '需要补正的内容' : '不予通过的理由'}
            rules={decision && decision !== 'approve' ? [{ required: true, whitespace: true, message: decision === 'return' ? '退回修改时请写明需要补正的内容' : '不予通过时请填写理由' }] : []}
          >
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            决定提交后不能修改；如需改变，只能由后续环节重新作出决定并留痕。
          </Typography.Paragraph>
          <Button type="primary" htmlType="submit" loading={busy} block>
            提交审核意见
          </Button>
        </Form>
      )}
    </Card>
  );
}
