import { Descriptions, Empty, Flex, Tag, Timeline, Typography } from 'antd';
import { FileImageOutlined, FilePdfOutlined } from '@ant-design/icons';
import { EDUCATION_ZH, TIER_ZH } from '../../../shared/talent';
import { STATUS_COLOR, fmtSize, fmtTime, fmtYuan, type Application, type ApplicationFile } from './types';

/** The status as one tag: where it waits, or how it ended. */
export function StatusTag({ a }: { a: Pick<Application, 'status' | 'statusName' | 'pendingStepName'> }) {
  return <Tag color={STATUS_COLOR[a.status]}>{a.pendingStepName ? `待${a.pendingStepName}` : a.statusName}</Tag>;
}

/** What the applicant filled in, as the reviewers and the applicant read it. */
export function ApplicationFields({ a }: { a: Application }) {
  const field = new Map(a.programme.fields.map((f) => [f.key, f.label]));
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
      <Descriptions.Item label="申请编号">{a.no}</Descriptions.Item>
      <Descriptions.Item label="申请政策">{a.programme.name}</Descriptions.Item>
      <Descriptions.Item label="申请人">
        {a.person.name}
        {a.person.phoneMasked && <Typography.Text type="secondary"> · {a.person.phoneMasked}</Typography.Text>}
      </Descriptions.Item>
      <Descriptions.Item label="状态">
        <StatusTag a={a} />
      </Descriptions.Item>
      <Descriptions.Item label="人才层次">{a.tier ? TIER_ZH[a.tier] : '—'}</Descriptions.Item>
      <Descriptions.Item label="最高学历">{a.education ? EDUCATION_ZH[a.education] : '—'}</Descriptions.Item>
      <Descriptions.Item label="用人单位">{a.employerName ?? '—'}</Descriptions.Item>
      <Descriptions.Item label="在本县工作年限">{a.yearsInCounty != null ? `${a.yearsInCounty}年` : '—'}</Descriptions.Item>
      {[...a.programme.fields.map((f) => f.key), ...Object.keys(a.form).filter((k) => !field.has(k))]
        .filter((k) => a.form[k])
        .map((k) => (
          <Descriptions.Item key={k} label={field.get(k) ?? k}>
            {a.form[k]}
          </Descriptions.Item>
        ))}
      <Descriptions.Item label="提交时间">{fmtTime(a.submittedAt)}</Descriptions.Item>
      {a.grantedAmount != null && (
        <Descriptions.Item label="核定 / 已发放">
          {fmtYuan(a.grantedAmount)} / {fmtYuan(a.paidAmount)}
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

/** The uploaded documents, each opening in a new tab (the server says inline for PDFs and images). */
export function DocumentList({ files, url }: { files: ApplicationFile[]; url: (f: ApplicationFile) => string }) {
  if (!files.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有上传材料" />;
  return (
    <Flex vertical gap={4} data-testid="documents">
      {files.map((f) => (
        <a key={f.id} href={url(f)} target="_blank" rel="noreferrer">
          {f.mime === 'application/pdf' ? <FilePdfOutlined style={{ color: '#c8102e' }} /> : <FileImageOutlined />} {f.docLabel}：{f.fileName}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {' '}
            · {fmtSize(f.size)}
          </Typography.Text>
        </a>
      ))}
    </Flex>
  );
}

/** Every decision in order, with its reason; reviewers' names only for staff. */
export function DecisionHistory({ a }: { a: Application }) {
  const items = [
    ...(a.submittedAt ? [{ color: 'blue', content: <>提交申请 <Typography.Text type="secondary">{fmtTime(a.submittedAt)}（最近一次）</Typography.Text></> }] : []),
    ...a.history.map((h) => ({
      color: h.decision === 'approve' ? 'green' : h.decision === 'reject' ? 'red' : 'orange',
      content: (
        <>
          <Typography.Text strong>
            {h.stepName}：{h.decisionName}
          </Typography.Text>
          <Typography.Text type="secondary">
            {' '}
            {fmtTime(h.at)}
            {h.reviewerName ? ` · ${h.reviewerName}` : ''}
          </Typography.Text>
          {h.reason && <div>{h.reason}</div>}
        </>
      ),
    })),
  ];
  if (!items.length) return <Typography.Text type="secondary">尚未提交</Typography.Text>;
  return <Timeline items={items} data-testid="history" />;
}
