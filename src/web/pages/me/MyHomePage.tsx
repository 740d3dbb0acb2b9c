import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Card, Flex, Skeleton, Typography } from 'antd';
import { FileTextOutlined, RightOutlined } from '@ant-design/icons';
import { api } from '../../api';
import { useMe } from '../../auth';
import type { CadreHome, CorrectionSubject } from '../../../shared/cadres';
import { useApi } from '../indicators/useApi';
import { CareerTabs, CareRows, CorrectionRows, DispatchRows, FaultToleranceRecords, HonourRows, ProfileDescriptions } from '../cadres/RecordSections';
import { CorrectionModal } from './CorrectionModal';

/**
 * 干部之家: a cadre's own page on their phone — profile and current posts, the career record
 * (posts, ranks, training with the hours of each year, evaluations, dispatches, honours), the care
 * they received, their 容错记录, and 申请更正 on anything that is wrong, with the answers.
 */
export default function MyHomePage() {
  const me = useMe();
  const home = useApi<CadreHome>('me', () => api.get<CadreHome>('/api/me/cadre'));
  const [asking, setAsking] = useState<{ subject: CorrectionSubject; label: string } | null>(null);
  const h = home.data;
  const pending = new Set(h?.corrections.filter((c) => c.status === 'pending').map((c) => c.subject));
  const correct = (subject: CorrectionSubject, label: string) =>
    pending.has(subject) && subject !== 'other' ? (
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        更正处理中
      </Typography.Text>
    ) : (
      <Button type="link" size="small" style={{ paddingInline: 0 }} onClick={() => setAsking({ subject, label })}>
        申请更正
      </Button>
    );
  const card = { size: 'small' as const, styles: { header: { flexWrap: 'wrap' as const, gap: 4 } } };

  return (
    <Flex vertical gap={12} style={{ maxWidth: 960 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        干部之家
      </Typography.Title>
      {home.error && <Alert type="error" showIcon title={home.error} />}
      <Link to="/me/applications" data-testid="my-applications-link">
        <Card {...card} hoverable>
          <Card.Meta avatar={<FileTextOutlined style={{ fontSize: 22, color: '#c8102e' }} />} title={<Flex justify="space-between">我的人才申请<RightOutlined style={{ color: '#bbb' }} /></Flex>} description="购房补助、人才公寓等政策申请与审核进度" />
        </Card>
      </Link>
      {!h && !home.error && <Skeleton active />}
      {h && (
        <>
          {!h.isCadre && <Alert type="info" showIcon title="人员库中您没有干部身份：以下为您的基本信息，如有误可申请更正。" />}
          <Card {...card} title={`${me.displayName.replace(/（演示）$/, '')} · 基本信息`} extra={correct('profile', '基本信息')}>
            <ProfileDescriptions profile={h.profile} posts={h.posts} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              身份证号、手机号仅显示部分；如需更正请点“申请更正”。
            </Typography.Text>
          </Card>
          {h.isCadre && (
            <Card {...card} title="履历">
              <CareerTabs career={h.career} training={h.training} action={(e) => correct(`career:${e.id}`, `${e.kindName}：${e.title}（${e.startDate}）`)} />
            </Card>
          )}
          <Card {...card} title="一线派驻">
            <DispatchRows items={h.dispatches} action={(d) => correct(`dispatch:${d.id}`, `一线派驻：${d.frontName}·${d.postedUnitName}（${d.startDate}）`)} />
          </Card>
          <Card {...card} title="个人荣誉">
            <HonourRows items={h.honours} action={(x) => correct(`honour:${x.id}`, `荣誉：${x.title}（${x.awardedOn}）`)} />
          </Card>
          <Card {...card} title="关心关爱" extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>仅本人和组织部门可见</Typography.Text>}>
            <CareRows items={h.care} />
          </Card>
          {h.faultTolerance.length > 0 && (
            <Card {...card} title="容错记录" extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>仅本人和组织部门可见</Typography.Text>}>
              <FaultToleranceRecords items={h.faultTolerance} />
            </Card>
          )}
          <Card {...card} title="我的更正申请" extra={correct('other', '其他')} data-testid="my-corrections">
            <CorrectionRows items={h.corrections} />
          </Card>
        </>
      )}
      {asking && (
        <CorrectionModal
          subject={asking.subject}
          label={asking.label}
          onCancel={() => setAsking(null)}
          onDone={() => {
            setAsking(null);
            home.reload();
          }}
        />
      )}
    </Flex>
  );
}
