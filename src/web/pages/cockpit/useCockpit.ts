import { useEffect, useRef } from 'react';
import { api } from '../../api';
import type { CockpitSummary, CockpitView } from '../../../shared/cockpit';
import { COCKPIT_SCOPES } from '../../../shared/cockpit';
import { useApi } from '../indicators/useApi';

/** The account's cockpits, 全市 first and then the departments in their usual order. */
export function useCockpitList() {
  return useApi<CockpitSummary[]>('cockpits', async () => {
    const list = await api.get<CockpitSummary[]>('/api/cockpits');
    return [...list].sort((a, b) => COCKPIT_SCOPES.indexOf(a.scope) - COCKPIT_SCOPES.indexOf(b.scope) || a.id - b.id);
  });
}

/**
 * A cockpit's figures for a year (unset: the server's default, the current year), read again
 * every `refreshMs` while the page is visible. A refresh keeps the figures on screen until the
 * new ones arrive.
 */
export function useCockpitView(id: string | undefined, year: string | null, refreshMs?: number) {
  const key = id ? `cockpit-view-${id}-${year ?? ''}` : null;
  const view = useApi<CockpitView>(key, () => api.get<CockpitView>(`/api/cockpits/${id}/view`, { year: year ?? undefined }));
  // A failed refresh keeps the last figures up (a wall screen should not go blank on a network blip).
  const last = useRef<{ key: string | null; data: CockpitView | null }>({ key: null, data: null });
  if (view.data) last.current = { key, data: view.data };
  const kept = last.current.key === key ? last.current.data : null;
  const reload = useRef(view.reload);
  reload.current = view.reload;
  useEffect(() => {
    if (!refreshMs) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') reload.current();
    }, refreshMs);
    return () => window.clearInterval(timer);
  }, [refreshMs]);
  return { ...view, data: view.data ?? kept, stale: !view.data && kept != null && view.error != null };
}

/** Years offered by the year selector: this year back ten, plus the one shown. */
export function yearOptions(shown: number | undefined): { value: number; label: string }[] {
  const now = new Date().getFullYear();
  const years = Array.from({ length: 10 }, (_, i) => now - i);
  if (shown && !years.includes(shown)) years.push(shown);
  return years.sort((a, b) => b - a).map((y) => ({ value: y, label: `${y}年` }));
}
