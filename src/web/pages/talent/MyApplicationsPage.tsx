import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, App, Button, Card, Empty, Flex, Skeleton, Space, Tag, Typography } from 'antd';
import { RightOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../api';
import { errorText } from '../../components/applyServerErrors';
import { useApi } from '../indicators/useApi';
import { TALENT_TIERS } from '../../../shared/talent';
import { rulesSummary } from './display';
import { STATUS_COLOR, fmtDate, fmtYuan, type MyApplicationRow, type Programme } from './types';

/**
 * 我的人才申请 (a personal account, on a phone): my applications with where each stands, and the
 * programmes I may apply to — one tap starts a draft kept on the server.
 */
export default function MyApplicationsPage() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const mine = useApi<MyApplicationRow[]>('mine', () => api.get<MyApplicationRow[]>('/api/me/applications'));
  const programmes = useApi<Programme[]>('programmes', () => api.get<Programme[]>('/api/me/talent-programmes'));
  const [starting, setStarting] = useState<number | null>(null);

  const start = async (p: Programme) => {
    setStarting(p.id);
    try {
      const created = await api.post<{ id: number }>('/api/me/applications', { programmeId: p.id });
      navigate(`/me/applications/${created.id}`);
    } catch (err) {
      const existing = err instanceof ApiError ? (err.details as { existingId?: number } | null)?.existingId : null;
      message.error(errorText(err));
      if (existing) navigate(`/me/applications/${existing}`);
    } finally {
      setStarting(null);
    }
  };

  const open = (programmes.data ?? []).filter((p) => p.open);
  return (
    <Flex vertical gap={12} style={{ maxWidth: 760 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        我的人才申请
      </Typography.Title>
      {(mine.error || programmes.error) && <Alert type="error" showIcon title={mine.error ?? programmes.error} />}
      <Card size="small" title="我的申请">
        {!mine.data && !mine.error && <Skeleton active />}
        {mine.data?.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有申请，可在下方选择政策申请" />}
        <Flex vertical gap={8} data-testid="my-applications">
          {mine.data?.map((a) => (
            <Link key={a.id} to={`/me/applications/${a.id}`}>
              <Card size="small" hoverable>
                <Flex justify="space-between" align="center" gap={8}>
                  <div style={{ minWidth: 0 }}>
                    <Typography.Text strong>{a.programmeName}</Typography.Text>
                    <div style={{ fontSize: 12, color: '#888' }}>
                      {a.no} · {a.submittedAt ? `提交于 ${fmtDate(a.submittedAt)}` : `保存于 ${fmtDate(a.updatedAt)}`}
                      {a.grantedAmount != null && ` · 核定 ${fmtYuan(a.grantedAmount)}，已发放 ${fmtYuan(a.paidAmount)}`}
                    </div>
                  </div>
                  <Space size={4}>
                    <Tag color={STATUS_COLOR[a.status]} style={{ marginInlineEnd: 0 }}>
                      {a.statusName}
                    </Tag>
                    <RightOutlined style={{ color: '#bbb' }} />
                  </Space>
                </Flex>
              </Card>
            </Link>
          ))}
        </Flex>
      </Card>
      <Card size="small" title="可申请的政策">
        {!programmes.data && !programmes.error && <Skeleton active />}
        {programmes.data && open.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="目前没有受理中的政策" />}
        <Flex vertical gap={8}>
          {open.map((p) => (
            <Card key={p.id} size="small" data-testid="programme-card">
              <Flex justify="space-between" align="start" gap={8} wrap>
                <div style={{ minWidth: 0, flex: 1 }}>
                  <Typography.Text strong>{p.name}</Typography.Text> <Tag>{p.kindName}</Tag>
                  <div style={{ fontSize: 13, color: '#555', marginTop: 4 }}>申请条件：{rulesSummary(p.rules)}</div>
                  {Object.keys(p.rules.amounts).length > 0 && (
                    <div style={{ fontSize: 13, color: '#555' }}>
                      补助标准：
                      {TALENT_TIERS.filter((t) => p.rules.amounts[t] != null)
                        .map((t) => `${t}类${fmtYuan(p.rules.amounts[t]!)}`)
                        .join('，')}
                    </div>
                  )}
                  <div style={{ fontSize: 12, color: '#888' }}>申请期：{p.periodText}</div>
                </div>
                {p.myApplicationId ? (
                  <Button onClick={() => navigate(`/me/applications/${p.myApplicationId}`)}>查看我的申请</Button>
                ) : (
                  <Button type="primary" loading={starting === p.id} onClick={() => start(p)} aria-label={`申请${p.name}`}>
                    申请
                  </Button>
                )}
              </Flex>
            </Card>
          ))}
        </Flex>
      </Card>
    </Flex>
  );
}
