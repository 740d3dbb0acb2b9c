import { useCallback, useMemo } from 'react';

/**
 * A form's unsent values kept in this browser (forgiving forms: a village cadre who loses signal
 * or closes the page finds the text again). Values must be plain JSON — dates as strings.
 */
export function useDraft<T extends object>(key: string) {
  const storageKey = `lizhou:draft:${key}`;
  const initial = useMemo<Partial<T> | null>(() => {
    try {
      const raw = localStorage.getItem(storageKey);
      return raw ? (JSON.parse(raw) as Partial<T>) : null;
    } catch {
      return null;
    }
  }, [storageKey]);
  const save = useCallback(
    (values: Partial<T>) => {
      try {
        localStorage.setItem(storageKey, JSON.stringify(values));
      } catch {
        /* storage full or disabled: the form still works, only without a draft */
      }
    },
    [storageKey],
  );
  const clear = useCallback(() => localStorage.removeItem(storageKey), [storageKey]);
  return { initial, save, clear };
}
