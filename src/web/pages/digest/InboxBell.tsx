import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { Badge } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { api } from '../../api';

const REFRESH_MS = 5 * 60_000;
const INBOX_CHANGED = 'lizhou:inbox-changed';

/** Tells the bell to count again (a message was read on the inbox page). */
export function notifyInboxChanged() {
  window.dispatchEvent(new Event(INBOX_CHANGED));
}

/**
 * The header's 站内信 bell: the unread count, read on load and every five minutes while the page
 * is visible. On every page, so it stays small: no page code, and a failed read just keeps the
 * last count.
 */
export function InboxBell() {
  const [unread, setUnread] = useState(0);
  const lastRead = useRef(0);

  useEffect(() => {
    let cancelled = false;
    const load = () => {
      lastRead.current = Date.now();
      api
        .get<{ unread: number }>('/api/inbox')
        .then((r) => !cancelled && setUnread(r.unread))
        .catch(() => undefined);
    };
    const tick = () => {
      if (document.visibilityState === 'visible') load();
    };
    // Back on a tab left in the background: catch up if a refresh was skipped meanwhile.
    const onVisible = () => {
      if (document.visibilityState === 'visible' && Date.now() - lastRead.current >= REFRESH_MS) load();
    };
    load();
    const timer = window.setInterval(tick, REFRESH_MS);
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener(INBOX_CHANGED, load);
    return () => {
      cancelled = true;
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener(INBOX_CHANGED, load);
    };
  }, []);

  const label = unread ? `站内信，${unread}条未读` : '站内信';
  return (
    <Link
      to="/inbox"
      aria-label={label}
      title={label}
      data-testid="inbox-bell"
      style={{ display: 'inline-flex', alignItems: 'center', padding: '4px 8px', color: 'rgba(0, 0, 0, 0.88)', lineHeight: 1 }}
    >
      <Badge count={unread} size="small" overflowCount={99}>
        <BellOutlined style={{ fontSize: 18 }} />
      </Badge>
    </Link>
  );
}
