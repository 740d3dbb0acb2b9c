import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { Select } from 'antd';
import { api } from '../api';
import type { Page, PersonListItem } from '../types';

interface Option {
  value: number;
  label: string;
  hint: string;
}

export interface PersonPickerProps {
  value?: number | null;
  onChange?: (id: number | undefined, person?: PersonListItem) => void;
  /** Shown for a preset value before any search (e.g. the unit's current leader). */
  initialLabel?: string;
  /** Search only under this org unit (default: the account's whole area). */
  orgUnitId?: number;
  placeholder?: string;
  id?: string;
  style?: CSSProperties;
  allowClear?: boolean;
  disabled?: boolean;
  'aria-label'?: string;
}

/**
 * Picks a person from the registry by name, pinyin initials, or a full ID number or phone — the
 * same search as the 人员库 keyword box (/api/people?q=). Masked phone and unit tell namesakes apart.
 */
export function PersonPicker({ value, onChange, initialLabel, orgUnitId, placeholder = '输入姓名、拼音首字母或完整身份证号', allowClear = true, ...rest }: PersonPickerProps) {
  const [options, setOptions] = useState<Option[]>([]);
  const [hits, setHits] = useState<Map<number, PersonListItem>>(new Map());
  const [loading, setLoading] = useState(false);
  const [known, setKnown] = useState<Option | null>(value && initialLabel ? { value, label: initialLabel, hint: '' } : null);
  const seq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);
  useEffect(() => {
    if (value && initialLabel && known?.value !== value && !hits.has(value)) setKnown({ value, label: initialLabel, hint: '' });
  }, [value, initialLabel, known, hits]);

  const search = (q: string) => {
    clearTimeout(timer.current);
    const text = q.trim();
    if (!text) return;
    timer.current = setTimeout(async () => {
      const mine = ++seq.current;
      setLoading(true);
      try {
        const page = await api.get<Page<PersonListItem>>('/api/people', { q: text, orgUnitId, pageSize: 30 });
        if (mine !== seq.current) return;
        setHits(new Map(page.items.map((p) => [p.id, p])));
        setOptions(page.items.map((p) => ({ value: p.id, label: p.name, hint: [p.orgUnitName, p.phoneMasked].filter(Boolean).join(' · ') })));
      } catch {
        if (mine === seq.current) setOptions([]);
      } finally {
        if (mine === seq.current) setLoading(false);
      }
    }, 250);
  };

  const shown = value && known?.value === value && !options.some((o) => o.value === value) ? [known, ...options] : options;

  return (
    <Select<number, Option>
      {...rest}
      value={value ?? undefined}
      placeholder={placeholder}
      allowClear={allowClear}
      loading={loading}
      options={shown}
      optionRender={(o) => (
        <span>
          {o.data.label}
          {o.data.hint && <span style={{ color: '#999', fontSize: 12, marginInlineStart: 8 }}>{o.data.hint}</span>}
        </span>
      )}
      showSearch={{ filterOption: false, onSearch: search }}
      notFoundContent={loading ? '搜索中…' : '输入姓名或拼音首字母搜索人员库'}
      onChange={(id) => {
        const hit = id ? hits.get(id) : undefined;
        if (hit) setKnown({ value: hit.id, label: hit.name, hint: '' });
        onChange?.(id ?? undefined, hit);
      }}
      popupMatchSelectWidth={false}
      style={{ minWidth: 200, ...rest.style }}
    />
  );
}
