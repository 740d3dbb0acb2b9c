import { useEffect, useRef, useState } from 'react';
import { Select } from 'antd';
import { api } from '../../api';
import type { UnitItem, UnitPage } from './types';

interface Option {
  value: number;
  label: string;
  hint: string;
}

export interface ResponseUnitPickerProps {
  value?: number[];
  onChange?: (ids: number[]) => void;
  id?: string;
  'aria-label'?: string;
}

const optionOf = (u: UnitItem): Option => ({ value: u.id, label: u.name, hint: `${u.orgUnitName} · 可调 ${u.available} 人` });

/**
 * Picks several response units by unit or village name. The first 30 of the area show before
 * any typing; picked units keep their labels when a new search replaces the options.
 */
export function ResponseUnitPicker({ value = [], onChange, ...rest }: ResponseUnitPickerProps) {
  const [options, setOptions] = useState<Option[]>([]);
  const [picked, setPicked] = useState<Map<number, Option>>(new Map());
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const run = async (q: string) => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const page = await api.get<UnitPage>('/api/mobilization/units', { q: q || undefined, pageSize: 30 });
      if (mine === seq.current) setOptions(page.items.map(optionOf));
    } catch {
      if (mine === seq.current) setOptions([]);
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  };

  useEffect(() => {
    void run('');
    return () => clearTimeout(timer.current);
  }, []);

  const search = (q: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void run(q.trim()), 250);
  };

  const shown = [...value.filter((id) => !options.some((o) => o.value === id)).map((id) => picked.get(id) ?? { value: id, label: `单元 #${id}`, hint: '' }), ...options];

  return (
    <Select<number[], Option>
      {...rest}
      mode="multiple"
      value={value}
      placeholder="输入单元或村社名称搜索，可选多个"
      loading={loading}
      options={shown}
      optionRender={(o) => (
        <span>
          {o.data.label}
          <span style={{ color: '#999', fontSize: 12, marginInlineStart: 8 }}>{o.data.hint}</span>
        </span>
      )}
      showSearch={{ filterOption: false, onSearch: search }}
      notFoundContent={loading ? '搜索中…' : '没有匹配的单元'}
      onChange={(ids) => {
        setPicked((prev) => {
          const next = new Map(prev);
          for (const o of options) if (ids.includes(o.value)) next.set(o.value, o);
          return next;
        });
        onChange?.(ids);
      }}
      style={{ width: '100%' }}
    />
  );
}
