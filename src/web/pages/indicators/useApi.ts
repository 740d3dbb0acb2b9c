import { useEffect, useRef, useState } from 'react';
import { errorText } from '../../components/applyServerErrors';

export interface ApiState<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads `fetch()` whenever `key` changes (null: nothing to load). Answers to an older key are
 * dropped, so quickly clicking through units never shows a previous unit's figures.
 */
export function useApi<T>(key: string | null, fetch: () => Promise<T>): ApiState<T> {
  const [state, setState] = useState<{ key: string | null; data: T | null; error: string | null; loading: boolean }>({ key: null, data: null, error: null, loading: false });
  const [tick, setTick] = useState(0);
  const latest = useRef(fetch);
  latest.current = fetch;

  useEffect(() => {
    if (key == null) {
      setState({ key, data: null, error: null, loading: false });
      return;
    }
    let cancelled = false;
    setState((s) => ({ key, data: s.key === key ? s.data : null, error: null, loading: true }));
    latest
      .current()
      .then((data) => !cancelled && setState({ key, data, error: null, loading: false }))
      .catch((err) => !cancelled && setState({ key, data: null, error: errorText(err), loading: false }));
    return () => {
      cancelled = true;
    };
  }, [key, tick]);

  return { data: state.data, error: state.error, loading: state.loading, reload: () => setTick((t) => t + 1) };
}
