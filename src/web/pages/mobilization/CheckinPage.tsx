import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { Alert, Button, Card, Collapse, Flex, Input, Result, Spin, Tag, Typography } from 'antd';
import { CheckCircleFilled, ClockCircleOutlined, CloseCircleOutlined, EnvironmentOutlined, StopOutlined, TeamOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { api, ApiError } from '../../api';
import { LEVEL_COLOR, levelText } from './display';
import type { CheckinAnswer, CheckinView } from './types';

type Closed = { kind: 'not_found' | 'stood_down' | 'network'; message: string };

/** Reasons members give most; one tap fills the box. */
const QUICK_REASONS = ['在外地出差，无法及时返回', '身体不适', '家中老人或孩子需要照顾', '正在单位值班'];

/**
 * 报到: the page behind a member's personal link, opened on a phone with no account. It shows
 * only that member's own order and asks one thing — here, or cannot come and why. Tapping twice
 * or retrying after a dropped connection counts once (the server makes sure).
 */
export default function CheckinPage() {
  const { token = '' } = useParams();
  const [view, setView] = useState<CheckinView | null>(null);
  const [closed, setClosed] = useState<Closed | null>(null);
  const [feedback, setFeedback] = useState<{ type: 'success' | 'info' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState<'arrived' | 'declined' | null>(null);
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');

  useEffect(() => {
    document.title = '应急报到 · 丽州';
  }, []);

  const fail = useCallback((err: unknown): boolean => {
    if (!(err instanceof ApiError)) return false;
    if (err.status === 410) setClosed({ kind: 'stood_down', message: err.message });
    else if (err.status === 404) setClosed({ kind: 'not_found', message: err.message });
    else return false;
    return true;
  }, []);

  const load = useCallback(async () => {
    setClosed(null);
    try {
      setView(await api.get<CheckinView>(`/api/checkin/${encodeURIComponent(token)}`));
    } catch (err) {
      if (!fail(err)) setClosed({ kind: 'network', message: err instanceof ApiError ? err.message : '无法连接服务器，请检查网络后重试' });
    }
  }, [token, fail]);

  useEffect(() => {
    void load();
  }, [load]);

  const answer = async (response: 'arrived' | 'declined') => {
    setBusy(response);
    setFeedback(null);
    try {
      const r = await api.post<CheckinAnswer>(`/api/checkin/${encodeURIComponent(token)}`, response === 'declined' ? { response, reason: reason.trim() } : { response });
      setView((v) => (v ? { ...v, response: r.response, responseName: r.responseName, arrivedAt: r.arrivedAt, declinedAt: r.declinedAt, declineReason: r.declineReason } : v));
      setDeclining(false);
      setFeedback(
        r.changed
          ? { type: 'success', text: r.message }
          : { type: 'info', text: r.response === 'arrived' ? '已报到，无需重复操作' : '已收到您的说明，无需重复提交' },
      );
    } catch (err) {
      if (fail(err)) return;
      if (err instanceof ApiError && err.code === 'checkin.already_arrived') {
        setDeclining(false);
        setFeedback({ type: 'info', text: err.message });
        void load();
      } else if (err instanceof ApiError && err.status === 0) {
        setFeedback({ type: 'error', text: '网络不稳定，提交未成功，请再点一次（重复提交只计一次）' });
      } else {
        setFeedback({ type: 'error', text: err instanceof ApiError ? err.message : '提交失败，请重试' });
      }
    } finally {
      setBusy(null);
    }
  };

  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <div style={{ background: '#c8102e', color: '#fff', padding: '12px 16px', fontSize: 17, fontWeight: 600 }}>丽州 · 应急报到</div>
      <main style={{ maxWidth: 520, margin: '0 auto', padding: 12 }}>
        {!view && !closed && (
          <Flex justify="center" style={{ padding: 48 }}>
            <Spin size="large" />
          </Flex>
        )}
        {closed && <ClosedNotice closed={closed} onRetry={() => void load()} />}
        {view && !closed && (
          <Flex vertical gap={12}>
            <OrderCard view={view} />
            <Card styles={{ body: { padding: 16 } }} data-testid="checkin-answer">
              {feedback && <Alert type={feedback.type} showIcon title={feedback.text} style={{ marginBottom: 12 }} role="status" data-testid="checkin-feedback" />}
              {view.response === 'arrived' ? (
                <Flex vertical align="center" gap={4} style={{ padding: '8px 0' }}>
                  <CheckCircleFilled style={{ fontSize: 48, color: '#52c41a' }} />
                  <Typography.Title level={3} style={{ margin: 0 }} data-testid="checkin-state">
                    已报到
                  </Typography.Title>
                  <Typography.Text type="secondary">到岗时间 {dayjs(view.arrivedAt).format('MM月DD日 HH:mm')}</Typography.Text>
                  {/* Opening the link again after arriving: say plainly that nothing more is needed. */}
                  {!feedback && <Typography.Text data-testid="checkin-repeat">已报到，无需重复操作</Typography.Text>}
                </Flex>
              ) : (
                <Flex vertical gap={12}>
                  {view.response === 'declined' && (
                    <Alert
                      type="warning"
                      showIcon
                      icon={<CloseCircleOutlined />}
                      title={<span data-testid="checkin-state">已说明无法到岗</span>}
                      description={`原因：${view.declineReason ?? '—'}。情况有变、已能到岗的，请点下方按钮报到。`}
                    />
                  )}
                  <Button
                    type="primary"
                    color="green"
                    variant="solid"
                    block
                    icon={<CheckCircleFilled />}
                    loading={busy === 'arrived'}
                    disabled={busy != null}
                    onClick={() => void answer('arrived')}
                    style={{ height: 64, fontSize: 22, fontWeight: 600 }}
                  >
                    我已到达
                  </Button>
                  {view.response !== 'declined' &&
                    (declining ? (
                      <Flex vertical gap={8} data-testid="decline-form">
                        <Typography.Text strong>无法到岗的原因</Typography.Text>
                        <Flex gap={6} wrap>
                          {QUICK_REASONS.map((r) => (
                            <Tag key={r} style={{ cursor: 'pointer', padding: '4px 8px', fontSize: 14 }} onClick={() => setReason(r)} color={reason === r ? 'orange' : undefined}>
                              {r}
                            </Tag>
                          ))}
                        </Flex>
                        <Input.TextArea aria-label="无法到岗的原因" value={reason} onChange={(e) => setReason(e.target.value)} rows={3} maxLength={200} showCount placeholder="请简要说明，带队负责人会看到" />
                        <Flex gap={8}>
                          <Button danger size="large" style={{ flex: 1 }} loading={busy === 'declined'} disabled={!reason.trim() || busy != null} onClick={() => void answer('declined')}>
                            提交说明
                          </Button>
                          <Button size="large" onClick={() => setDeclining(false)} disabled={busy != null}>
                            取消
                          </Button>
                        </Flex>
                      </Flex>
                    ) : (
                      <Button block size="large" onClick={() => setDeclining(true)} disabled={busy != null}>
                        无法到岗
                      </Button>
                    ))}
                </Flex>
              )}
            </Card>
            {view.messages.length > 0 && (
              <Collapse
                size="small"
                items={[
                  {
                    key: 'inbox',
                    label: `站内通知（${view.messages.length}）`,
                    children: (
                      <Flex vertical gap={8}>
                        {view.messages.map((m) => (
                          <div key={m.id}>
                            <Typography.Text strong>{m.title}</Typography.Text>
                            <div style={{ fontSize: 12, color: '#999' }}>{dayjs(m.createdAt).format('MM-DD HH:mm')}</div>
                            <div style={{ fontSize: 14 }}>{m.body}</div>
                          </div>
                        ))}
                      </Flex>
                    ),
                  },
                ]}
              />
            )}
            <Typography.Text type="secondary" style={{ fontSize: 12, textAlign: 'center' }}>
              本链接仅供 {view.memberName} 本人报到使用，请勿转发。
            </Typography.Text>
          </Flex>
        )}
      </main>
    </div>
  );
}

/** The order as the member needs it on the way: what, where, by when, with whom. */
function OrderCard({ view }: { view: CheckinView }) {
  const at = dayjs(view.assemblyAt);
  const left = at.diff(dayjs(), 'minute');
  const color = LEVEL_COLOR[view.level];
  return (
    <Card styles={{ body: { padding: 16 } }} style={{ borderTop: `4px solid ${color}` }} data-testid="checkin-order">
      <Flex vertical gap={10}>
        <div>
          <Tag color={color}>{levelText(view.levelName)}</Tag>
          <Typography.Title level={4} style={{ margin: '6px 0 0' }}>
            {view.event}
          </Typography.Title>
        </div>
        <Typography.Text>
          <b>{view.memberName}</b> 同志：请按要求到集结点集合，到达后点「我已到达」。
        </Typography.Text>
        <Flex vertical gap={8} style={{ background: '#fafafa', borderRadius: 8, padding: 12 }}>
          <Flex gap={8} align="flex-start">
            <EnvironmentOutlined style={{ fontSize: 18, color: '#c8102e', marginTop: 3 }} />
            <div>
              <div style={{ fontSize: 12, color: '#999' }}>集结地点</div>
              <div style={{ fontSize: 18, fontWeight: 600 }} data-testid="checkin-point">
                {view.assemblyPoint}
              </div>
            </div>
          </Flex>
          <Flex gap={8} align="flex-start">
            <ClockCircleOutlined style={{ fontSize: 18, color: '#c8102e', marginTop: 3 }} />
            <div>
              <div style={{ fontSize: 12, color: '#999' }}>集结时间</div>
              <div style={{ fontSize: 18, fontWeight: 600 }}>
                {at.format('MM月DD日 HH:mm')}
                <span style={{ fontSize: 13, fontWeight: 400, color: left < 0 ? '#cf1322' : '#666', marginInlineStart: 8 }}>
                  {left >= 0 ? `还有 ${left >= 60 ? `${Math.floor(left / 60)}小时${left % 60}分` : `${left} 分钟`}` : '已过集结时间'}
                </span>
              </div>
            </div>
          </Flex>
          <Flex gap={8} align="flex-start">
            <TeamOutlined style={{ fontSize: 18, color: '#c8102e', marginTop: 3 }} />
            <div>
              <div style={{ fontSize: 12, color: '#999' }}>所在单元</div>
              <div style={{ fontSize: 16 }}>{view.unitName}</div>
            </div>
          </Flex>
        </Flex>
        {view.instructions && (
          <div>
            <div style={{ fontSize: 12, color: '#999' }}>任务要求</div>
            <div style={{ whiteSpace: 'pre-line' }}>{view.instructions}</div>
          </div>
        )}
      </Flex>
    </Card>
  );
}

function ClosedNotice({ closed, onRetry }: { closed: Closed; onRetry: () => void }) {
  if (closed.kind === 'stood_down')
    return (
      <Card data-testid="checkin-closed">
        <Result icon={<StopOutlined style={{ color: '#8c8c8c' }} />} title="该激活令已解除" subTitle="报到已关闭，无需再报到。如有疑问，请联系带队负责人。" />
      </Card>
    );
  if (closed.kind === 'not_found')
    return (
      <Card data-testid="checkin-closed">
        <Result status="warning" title="报到链接无效" subTitle={closed.message} />
      </Card>
    );
  return (
    <Card data-testid="checkin-closed">
      <Result
        status="error"
        title="暂时无法打开"
        subTitle={closed.message}
        extra={
          <Button type="primary" onClick={onRetry}>
            重试
          </Button>
        }
      />
    </Card>
  );
}
