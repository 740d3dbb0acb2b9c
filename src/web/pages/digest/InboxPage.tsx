import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Col, Empty, Flex, Grid, Row, Typography } from 'antd';
import { LeftOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { InboxItem } from '../../../shared/digest';
import { api } from '../../api';
import { useAuth } from '../../auth';
import { errorText } from '../../components/applyServerErrors';
import { DigestView } from './DigestView';
import { notifyInboxChanged } from './InboxBell';

const when = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');

/**
 * 站内信 (/inbox?id=): the signed-in account's messages, newest first, the unread ones dotted.
 * Opening one shows its digest and marks it read.
 */
export default function InboxPage() {
  const { can } = useAuth();
  const screens = Grid.useBreakpoint();
  const isMobile = screens.md === false;
  const [params, setParams] = useSearchParams();
  const selectedId = Number(params.get('id')) || null;
  const [items, setItems] = useState<InboxItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let cancelled = false;
    api
      .get<{ items: InboxItem[]; unread: number }>('/api/inbox')
      .then((r) => {
        if (cancelled) return;
        setItems(r.items);
        setError(null);
      })
      .catch((err) => !cancelled && setError(errorText(err)));
    return () => {
      cancelled = true;
    };
  }, [tick]);

  const selected = items?.find((i) => i.id === selectedId) ?? null;

  // Opening an unread message marks it read, here and in the header's bell.
  useEffect(() => {
    if (!selected || selected.readAt) return;
    const id = selected.id;
    api
      .post(`/api/inbox/${id}/read`)
      .then(() => {
        setItems((list) => list?.map((i) => (i.id === id ? { ...i, readAt: new Date().toISOString() } : i)) ?? null);
        notifyInboxChanged();
      })
      .catch(() => undefined);
  }, [selected]);

  const open = (id: number | null) => setParams(id ? { id: String(id) } : {});

  const list = (
    <Card
      size="small"
      title="最近50条消息"
      extra={<Button type="text" size="small" icon={<ReloadOutlined />} onClick={() => setTick((t) => t + 1)} aria-label="刷新" title="刷新" />}
      styles={{ body: { padding: 0 } }}
    >
      {error && <Alert type="error" showIcon title={error} style={{ margin: 12 }} />}
      {items && items.length === 0 && (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          style={{ padding: '24px 12px' }}
          description={
            <Flex vertical gap={4} align="center">
              <span>暂无消息</span>
              <span style={{ color: 'rgba(0, 0, 0, 0.65)', fontSize: 12 }}>
                订阅每周简报后，简报每周发送到这里{can('read:indicators') && <>（在<Link to="/cockpit">驾驶舱</Link>中订阅）</>}。
              </span>
            </Flex>
          }
        />
      )}
      {items === null && !error && <div style={{ padding: 16, color: 'rgba(0, 0, 0, 0.65)' }}>正在加载…</div>}
      {items && items.length > 0 && (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="inbox-list">
          {items.map((m) => {
            const active = m.id === selectedId;
            return (
              <li key={m.id} style={{ borderTop: '1px solid #f0f0f0' }}>
                <button
                  type="button"
                  onClick={() => open(m.id)}
                  aria-current={active ? 'true' : undefined}
                  data-testid="inbox-item"
                  style={{
                    display: 'flex',
                    gap: 8,
                    alignItems: 'flex-start',
                    width: '100%',
                    padding: '10px 12px',
                    border: 'none',
                    background: active ? '#fff1f0' : 'transparent',
                    textAlign: 'start',
                    cursor: 'pointer',
                    font: 'inherit',
                    color: 'inherit',
                  }}
                >
                  <span
                    aria-hidden
                    style={{ flex: 'none', width: 8, height: 8, marginTop: 7, borderRadius: '50%', background: m.readAt ? 'transparent' : '#c8102e' }}
                  />
                  <span style={{ minWidth: 0, flex: 1 }}>
                    <span style={{ display: 'block', fontWeight: m.readAt ? 400 : 600 }}>
                      {m.title}
                      {!m.readAt && <span style={visuallyHidden}>（未读）</span>}
                    </span>
                    <span style={{ display: 'block', fontSize: 12, color: 'rgba(0, 0, 0, 0.65)' }}>{when(m.createdAt)}</span>
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );

  const detail = selected ? (
    <Card
      size="small"
      title={<span style={{ whiteSpace: 'normal' }}>{selected.title}</span>}
      extra={<span style={{ color: 'rgba(0, 0, 0, 0.65)', fontSize: 12 }}>{when(selected.createdAt)}</span>}
      data-testid="inbox-message"
    >
      <DigestView digest={selected.digest} />
    </Card>
  ) : items && items.length > 0 ? (
    <Card size="small">
      <span style={{ color: 'rgba(0, 0, 0, 0.65)' }}>{selectedId ? '消息不存在或已超出最近50条' : '选择左侧的一条消息查看'}</span>
    </Card>
  ) : null;

  const heading = (
    <Typography.Title level={4} style={{ margin: 0 }}>
      站内信
    </Typography.Title>
  );
  if (isMobile) {
    return (
      <Flex vertical gap={8}>
        {heading}
        {selected ? (
          <>
            <Button type="link" icon={<LeftOutlined />} onClick={() => open(null)} style={{ alignSelf: 'flex-start', paddingInline: 0 }}>
              返回站内信
            </Button>
            {detail}
          </>
        ) : (
          list
        )}
      </Flex>
    );
  }
  return (
    <Flex vertical gap={12}>
      {heading}
      <Row gutter={16}>
        <Col md={9} lg={8}>
          {list}
        </Col>
        <Col md={15} lg={16}>
          {detail}
        </Col>
      </Row>
    </Flex>
  );
}

const visuallyHidden = {
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clip: 'rect(0, 0, 0, 0)',
  whiteSpace: 'nowrap',
  border: 0,
} as const;
