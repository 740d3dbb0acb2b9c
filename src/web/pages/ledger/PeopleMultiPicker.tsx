import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { Select } from 'antd';
import { api } from '../../api';
import type { Page, PersonListItem } from '../../types';

interface Option {
  value: number;
  label: string;
  hint: string;
}

export interface PeopleMultiPickerProps {
  value?: number[];
  onChange?: (ids: number[]) => void;
  /** Names of people already picked (editing a record), shown before any search. */
  known?: { id: number; name: string }[];
  id?: string;
  placeholder?: string;
  style?: CSSProperties;
  'aria-label'?: string;
}

/**
 * Picks several people from the registry by name or pinyin initials — the 人员库 search, like
 * PersonPicker but multiple (who attended an activity). Picked names stay readable when a new
 * search replaces the options.
 */
export function PeopleMultiPicker({ value = [], onChange, known = [], placeholder = '输入姓名或拼音首字母，可选多人', ...rest }: PeopleMultiPickerProps) {
  const [options, setOptions] = useState<Option[]>([]);
  const [picked, setPicked] = useState<Map<number, Option>>(() => new Map(known.map((p) => [p.id, { value: p.id, label: p.name, hint: '' }])));
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
        const page = await api.get<Page<PersonListItem>>('/api/people', { q: text, pageSize: 30 });
        if (mine !== seq.current) return;
        setOptions(page.items.map((p) => ({ value: p.id, label: p.name, hint: [p.orgUnitName, p.phoneMasked].filter(Boolean).join(' · ') })));
      } catch {
        if (mine === seq.current) setOptions([]);
      } finally {
        if (mine === seq.current) setLoading(false);
      }
    }, 250);
  };

  const shown = [...value.filter((id) => !options.some((o) => o.value === id)).map((id) => picked.get(id) ?? { value: id, label: `人员 #${id}`, hint: '' }), ...options];

  return (
    <Select<number[], Option>
      {...rest}
      mode="multiple"
      value={value}
      placeholder={placeholder}
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
