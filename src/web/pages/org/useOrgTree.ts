import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api';
import type { OrgUnit } from '../../types';

/**
 * State of the lazily loaded org tree: the scope root plus the children of every node opened so
 * far. The county has ~1,300 units, so children load only when a node is expanded.
 */
export function useOrgTree(includeArchived: boolean) {
  const [root, setRoot] = useState<OrgUnit | null>(null);
  const [children, setChildren] = useState<Map<number, OrgUnit[]>>(new Map());
  const [expanded, setExpanded] = useState<number[]>([]);
  const [error, setError] = useState<string | null>(null);
  // Loaded children, readable from async callbacks without waiting for a render.
  const loaded = useRef(new Map<number, OrgUnit[]>());

  const fetchChildren = useCallback(
    async (id: number) => {
      const list = await api.get<OrgUnit[]>(`/api/org/units/${id}/children`, { includeArchived: String(includeArchived) });
      loaded.current.set(id, list);
      setChildren(new Map(loaded.current));
      return list;
    },
    [includeArchived],
  );

  // Start over when the archived toggle changes: every loaded level would be wrong.
  useEffect(() => {
    let cancelled = false;
    loaded.current = new Map();
    setChildren(new Map());
    api
      .get<OrgUnit>('/api/org/root')
      .then(async (r) => {
        if (cancelled) return;
        setRoot(r);
        setError(null);
        await fetchChildren(r.id);
        setExpanded((e) => (e.includes(r.id) ? e : [r.id, ...e]));
      })
      .catch((err: Error) => !cancelled && setError(err.message));
    return () => {
      cancelled = true;
    };
  }, [fetchChildren]);

  /** Loads a node's children for the antd Tree's loadData. */
  const load = useCallback(
    async (id: number) => {
      if (!loaded.current.has(id)) await fetchChildren(id);
    },
    [fetchChildren],
  );

  /** Refetches the children of the given nodes (those already loaded), e.g. after a rename. */
  const reload = useCallback(
    async (ids: (number | null | undefined)[]) => {
      for (const id of ids) if (id != null && loaded.current.has(id)) await fetchChildren(id);
    },
    [fetchChildren],
  );

  /** Opens every ancestor of a unit so it is visible in the tree (after a search or a link). */
  const reveal = useCallback(
    async (ancestorIds: number[]) => {
      for (const id of ancestorIds) if (!loaded.current.has(id)) await fetchChildren(id);
      setExpanded((e) => [...new Set([...e, ...ancestorIds])]);
    },
    [fetchChildren],
  );

  /** Re-reads the root, whose own name or child count may have changed. */
  const reloadRoot = useCallback(async () => {
    const r = await api.get<OrgUnit>('/api/org/root');
    setRoot(r);
  }, []);

  return { root, children, expanded, setExpanded, load, reload, reveal, reloadRoot, error };
}
