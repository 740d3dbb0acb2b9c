import { useEffect, useRef, useState } from 'react';
import type { FormInstance } from 'antd';
import { useMe } from '../../auth';

/**
 * Keeps a form's unsent values in this browser (per account and form) so a closed dialog, a lost
 * connection or a phone that locked itself does not lose what was typed. Values must be plain
 * JSON (dates as 'YYYY-MM-DD' strings). `clear()` after a successful save.
 */
export function useFormDraft<T extends object>(form: FormInstance<T>, name: string | null) {
  const me = useMe();
  const key = name ? `lizhou:draft:${me.userId}:${name}` : null;
  const [restored, setRestored] = useState(false);
  const loaded = useRef<string | null>(null);

  useEffect(() => {
    if (!key || loaded.current === key) return;
    loaded.current = key;
    try {
      const raw = localStorage.getItem(key);
      if (raw) {
        form.setFieldsValue(JSON.parse(raw) as Parameters<FormInstance<T>['setFieldsValue']>[0]);
        setRestored(true);
      }
    } catch {
      /* a broken draft is simply dropped */
    }
  }, [key, form]);

  return {
    /** Hand to <Form onValuesChange>. */
    onValuesChange: (_changed: unknown, all: T) => {
      if (key) localStorage.setItem(key, JSON.stringify(all));
    },
    clear: () => {
      if (key) localStorage.removeItem(key);
      setRestored(false);
    },
    /** True when the form opened with a kept draft (say so, so nobody is surprised). */
    restored,
  };
}
