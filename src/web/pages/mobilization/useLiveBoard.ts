import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api';
import { errorText } from '../../components/applyServerErrors';
import type { Board } from './types';

/**
 * How the board is kept fresh: `live` over server-sent events, `polling` while the stream is down
 * (or never delivered), `closed` once the order stood down and nothing changes any more.
 */
export type LiveMode = 'connecting' | 'live' | 'polling' | 'closed';

const POLL_MS = 10_000;
/** A stream that delivered nothing this long (a buffering proxy, say) is not relied on. */
const FIRST_EVENT_MS = 8_000;
/** After the browser gave up on the stream, try it again this much later. */
const RECONNECT_MS = 30_000;

/**
 * The live board of one order from `/api/activations/:id/events` (EventSource, with the session
 * cookie): a whole `board` first, then `patch`es holding the totals and the units that changed.
 * While the stream is down the board is polled, so it keeps moving either way; the stream is
 * re-tried and takes over again when it delivers.
 */
export function useLiveBoard(id: number) {
  const [board, setBoard] = useState<Board | null>(null);
  const [mode, setMode] = useState<LiveMode>('connecting');
  const [error, setError] = useState<string | null>(null);
  const fetchRef = useRef<() => Promise<void>>(async () => undefined);

  useEffect(() => {
    let disposed = false;
    let es: EventSource | null = null;
    let poller: ReturnType<typeof setInterval> | undefined;
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    let reconnect: ReturnType<typeof setTimeout> | undefined;
    /** The last whole board the stream delivered, which patches apply to. */
    let current: Board | null = null;

    const settle = (b: Board) => {
      setBoard(b);
      setError(null);
      if (b.status !== 'active') {
        // A stood-down order no longer changes: let go of the stream and the timer.
        es?.close();
        es = null;
        stopPolling();
        clearTimeout(reconnect);
        setMode('closed');
        return true;
      }
      return false;
    };

    const fetchOnce = async () => {
      try {
        const b = await api.get<Board>(`/api/activations/${id}/board`);
        current = b;
        if (!disposed) settle(b);
      } catch (err) {
        if (!disposed) setError(errorText(err));
      }
    };
    fetchRef.current = fetchOnce;

    function stopPolling() {
      clearInterval(poller);
      poller = undefined;
    }
    const startPolling = () => {
      if (poller || disposed) return;
      setMode((m) => (m === 'closed' ? m : 'polling'));
      void fetchOnce();
      poller = setInterval(() => !document.hidden && void fetchOnce(), POLL_MS);
    };

    const connect = () => {
      if (disposed) return;
      if (typeof EventSource === 'undefined') return startPolling();
      es = new EventSource(`/api/activations/${id}/events`, { withCredentials: true });
      clearTimeout(watchdog);
      watchdog = setTimeout(startPolling, FIRST_EVENT_MS);
      const receive = (b: Board) => {
        clearTimeout(watchdog);
        if (disposed || settle(b)) return;
        stopPolling();
        setMode('live');
      };
      es.addEventListener('board', (e) => {
        current = JSON.parse((e as MessageEvent<string>).data) as Board;
        receive(current);
      });
      // A patch carries the whole board but only the units that changed: replace those by unitId.
      es.addEventListener('patch', (e) => {
        const patch = JSON.parse((e as MessageEvent<string>).data) as Board;
        if (!current) return void fetchOnce();
        const changed = new Map(patch.units.map((u) => [u.unitId, u]));
        current = { ...patch, units: current.units.map((u) => changed.get(u.unitId) ?? u) };
        receive(current);
      });
      es.onerror = () => {
        if (disposed || !es) return;
        // Keep the board moving while the stream is down. The browser re-connects by itself
        // after a dropped connection; after an HTTP error it gives up, and so we re-try later.
        startPolling();
        if (es.readyState === EventSource.CLOSED) {
          es = null;
          clearTimeout(reconnect);
          reconnect = setTimeout(connect, RECONNECT_MS);
        }
      };
    };

    setBoard(null);
    setMode('connecting');
    connect();
    return () => {
      disposed = true;
      es?.close();
      stopPolling();
      clearTimeout(watchdog);
      clearTimeout(reconnect);
    };
  }, [id]);

  /** Fetches the board once now (after a command, or by hand). */
  const refresh = useCallback(() => fetchRef.current(), []);
  return { board, mode, error, refresh };
}
