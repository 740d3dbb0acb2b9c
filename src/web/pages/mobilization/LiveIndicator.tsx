import { Badge, Tooltip } from 'antd';
import dayjs from 'dayjs';
import type { LiveMode } from './useLiveBoard';

/** "实时" with a pulsing dot while the stream delivers; says so plainly when it does not. */
export function LiveIndicator({ mode, at }: { mode: LiveMode; at?: string }) {
  const when = at ? `更新于 ${dayjs(at).format('HH:mm:ss')}` : '';
  if (mode === 'closed') return null;
  if (mode === 'live')
    return (
      <Tooltip title={`服务器有变化即推送，无需刷新页面。${when}`}>
        <Badge status="processing" color="#52c41a" text={<span style={{ color: '#389e0d' }}>实时</span>} data-testid="live-indicator" data-mode="live" />
      </Tooltip>
    );
  if (mode === 'polling')
    return (
      <Tooltip title={`实时推送暂不可用，每 10 秒自动刷新。${when}`}>
        <Badge status="warning" text={<span style={{ color: '#d46b08' }}>每 10 秒刷新</span>} data-testid="live-indicator" data-mode="polling" />
      </Tooltip>
    );
  return <Badge status="default" text="连接中…" data-testid="live-indicator" data-mode="connecting" />;
}
