import { useEffect, useRef, useState } from 'react';
import type { FormInstance } from 'antd';
import dayjs from 'dayjs';
import { useMe } from '../auth';

/**
 * Keeps a form's unsent values in this browser (per account and form) so a closed dialog, a lost
 * connection or a phone that locked itself does not lose what was typed. Values are kept as JSON;
 * `dateFields` are turned back into dates (dayjs) when restored. `storage: 'session'` keeps the
 * draft for this tab only. `clear()` after a successful save.
 */
export function useFormDraft<T extends object>(form: FormInstance<T>, name: string | null, opts: { dateFields?: readonly string[]; storage?: 'local' | 'session' } = {}) {
  const me = useMe();
  const key = name ? `lizhou:draft:${me.userId}:${name}` : null;
  const store = opts.storage === 'session' ? sessionStorage : localStorage;
  const [restored, setRestored] = useState(false);
  const loaded = useRef<string | null>(null);

  useEffect(() => {
    if (!key || loaded.current === key) return;
    loaded.current = key;
    try {
      const raw = store.getItem(key);
      if (raw) {
        const values = JSON.parse(raw) as Record<string, unknown>;
        for (const f of opts.dateFields ?? []) if (typeof values[f] === 'string') values[f] = dayjs(values[f] as string);
        form.setFieldsValue(values as Parameters<FormInstance<T>['setFieldsValue']>[0]);
        setRestored(true);
      }
    } catch {
      /* a broken draft is simply dropped */
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, form]);

  return {
    /** Hand to <Form onValuesChange>. */
    onValuesChange: (_changed: unknown, all: T) => {
      if (key) store.setItem(key, JSON.stringify(all));
    },
    clear: () => {
      if (key) store.removeItem(key);
      setRestored(false);
    },
    /** True when the form opened with a kept draft (say so, so nobody is surprised). */
    restored,
  };
}
