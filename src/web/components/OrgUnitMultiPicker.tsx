import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { Select } from 'antd';
import type { OrgType } from '../../shared/org-types';
import { api } from '../api';
import type { OrgSearchHit } from '../types';

interface Option {
  value: number;
  label: string;
}

export interface OrgUnitMultiPickerProps {
  value?: number[];
  onChange?: (ids: number[]) => void;
  placeholder?: string;
  /** Names of units already picked (editing a record), shown before any search. */
  known?: readonly { id: number; name: string }[];
  /** Only offer units of these types (e.g. villages and communities for a collection task). */
  types?: readonly OrgType[];
  id?: string;
  style?: CSSProperties;
  'aria-label'?: string;
}

const labelOf = (u: OrgSearchHit) => (u.parentName ? `${u.name}（${u.parentName}）` : u.name);

/**
 * Picks several org units by name or pinyin initials, like OrgUnitPicker but multiple. The
 * labels of picked units are remembered so they stay readable when a new search replaces the
 * options.
 */
export function OrgUnitMultiPicker({ value = [], onChange, placeholder = '输入单位名称或拼音首字母，可选多个', types, known = [], ...rest }: OrgUnitMultiPickerProps) {
  const [options, setOptions] = useState<Option[]>([]);
  const [picked, setPicked] = useState<Map<number, Option>>(() => new Map(known.map((u) => [u.id, { value: u.id, label: u.name }])));
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  const search = (q: string) => {
    clearTimeout(timer.current);
    const text = q.trim();
    if (!text) return;
    timer.current = setTimeout(async () => {
      const mine = ++seq.current;
      setLoading(true);
      try {
        const found = await api.get<OrgSearchHit[]>('/api/org/search', { q: text, limit: 30 });
        if (mine !== seq.current) return;
        setOptions(found.filter((u) => !types || types.includes(u.type)).map((u) => ({ value: u.id, label: labelOf(u) })));
      } catch {
        if (mine === seq.current) setOptions([]);
      } finally {
        if (mine === seq.current) setLoading(false);
      }
    }, 250);
  };

  // Picked units not among the current search hits still need an option to show their label.
  const shown = [...value.filter((id) => !options.some((o) => o.value === id)).map((id) => picked.get(id) ?? { value: id, label: `单位 #${id}` }), ...options];

  return (
    <Select<number[]>
      {...rest}
      mode="multiple"
      value={value}
      placeholder={placeholder}
      loading={loading}
      options={shown}
      showSearch={{ filterOption: false, onSearch: search }}
      notFoundContent={loading ? '搜索中…' : '输入名称或拼音首字母搜索'}
      onChange={(ids) => {
        setPicked((prev) => {
          const next = new Map(prev);
          for (const o of options) if (ids.includes(o.value)) next.set(o.value, o);
          return next;
        });
        onChange?.(ids);
      }}
      style={{ width: '100%', ...rest.style }}
    />
  );
}
