import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { Select } from 'antd';
import type { OrgType } from '../../shared/org-types';
import { api } from '../api';
import type { OrgSearchHit, OrgUnit } from '../types';

interface Option {
  value: number;
  label: string;
}

export interface OrgUnitPickerProps {
  value?: number | null;
  onChange?: (id: number | undefined, unit?: OrgSearchHit) => void;
  placeholder?: string;
  /** Only offer units of these types (e.g. party organizations for a party member's branch). */
  types?: readonly OrgType[];
  /** Units that must not be picked, e.g. the unit being moved. */
  excludeIds?: readonly number[];
  id?: string;
  style?: CSSProperties;
  allowClear?: boolean;
  disabled?: boolean;
  'aria-label'?: string;
}

/** "塘头村（石柱镇）": the parent tells same-named villages apart. */
const labelOf = (u: OrgSearchHit) => (u.parentName ? `${u.name}（${u.parentName}）` : u.name);

/**
 * Picks an org unit by typing its name or pinyin initials ("sz" → 石柱镇). Searches the server
 * (the tree has ~1,300 units, too many for a plain dropdown) and shows the current unit's
 * name even before any search.
 */
export function OrgUnitPicker({ value, onChange, placeholder = '输入单位名称或拼音首字母', types, excludeIds, allowClear = true, ...rest }: OrgUnitPickerProps) {
  const [options, setOptions] = useState<Option[]>([]);
  const [hits, setHits] = useState<Map<number, OrgSearchHit>>(new Map());
  const [loading, setLoading] = useState(false);
  const [known, setKnown] = useState<Option | null>(null);
  const seq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // A preset value (editing a record) needs its name: fetch it once.
  useEffect(() => {
    if (!value || hits.has(value) || known?.value === value) return;
    let cancelled = false;
    api
      .get<OrgUnit>(`/api/org/units/${value}`)
      .then((u) => !cancelled && setKnown({ value: u.id, label: u.name }))
      .catch(() => !cancelled && setKnown({ value, label: `单位 #${value}` }));
    return () => {
      cancelled = true;
    };
  }, [value, hits, known]);

  useEffect(() => () => clearTimeout(timer.current), []);

  const search = (q: string) => {
    clearTimeout(timer.current);
    const text = q.trim();
    if (!text) return;
    // Debounce: a cadre typing "shizhu" should cause one request, not six.
    timer.current = setTimeout(async () => {
      const mine = ++seq.current;
      setLoading(true);
      try {
        const found = await api.get<OrgSearchHit[]>('/api/org/search', { q: text, limit: 30 });
        if (mine !== seq.current) return;
        const filtered = found.filter((u) => (!types || types.includes(u.type)) && !excludeIds?.includes(u.id));
        setHits(new Map(filtered.map((u) => [u.id, u])));
        setOptions(filtered.map((u) => ({ value: u.id, label: labelOf(u) })));
      } catch {
        if (mine === seq.current) setOptions([]);
      } finally {
        if (mine === seq.current) setLoading(false);
      }
    }, 250);
  };

  const shown = value && known?.value === value && !options.some((o) => o.value === value) ? [known, ...options] : options;

  return (
    <Select<number>
      {...rest}
      value={value ?? undefined}
      placeholder={placeholder}
      allowClear={allowClear}
      loading={loading}
      options={shown}
      showSearch={{ filterOption: false, onSearch: search }}
      notFoundContent={loading ? '搜索中…' : '输入名称或拼音首字母搜索'}
      onChange={(id) => {
        const hit = id ? hits.get(id) : undefined;
        if (hit) setKnown({ value: hit.id, label: hit.name });
        onChange?.(id ?? undefined, hit);
      }}
      popupMatchSelectWidth={false}
      style={{ minWidth: 200, ...rest.style }}
    />
  );
}
