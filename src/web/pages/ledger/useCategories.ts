import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api';
import { errorText } from '../../components/applyServerErrors';
import type { Category, RecordKind } from './types';

/** A kind's category tree (flat, parents before children), reloadable after an edit. */
export function useCategories(kind: RecordKind | undefined) {
  const [categories, setCategories] = useState<Category[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    if (!kind) return;
    try {
      setCategories(await api.get<Category[]>('/api/ledger/categories', { kind }));
      setError(null);
    } catch (err) {
      setError(errorText(err));
    }
  }, [kind]);

  useEffect(() => {
    setCategories(null);
    void reload();
  }, [reload]);

  return { categories, error, reload };
}
