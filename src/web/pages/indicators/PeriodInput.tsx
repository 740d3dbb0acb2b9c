import { useEffect, useMemo, useState, type CSSProperties } from 'react';
import { AutoComplete } from 'antd';
import { normalizePeriod, periodSuggestions } from './format';
import type { PeriodType } from './types';

export interface PeriodInputProps {
  value?: string | null;
  /** Called with the normalized code ("2023年第一季度" → "2023Q1"), or the raw text when unreadable. */
  onChange?: (code: string) => void;
  /** The indicator's period type: suggestions offer it and every coarser type. */
  periodType?: PeriodType;
  /** Years offered as suggestions; defaults to the last five. */
  years?: number[];
  placeholder?: string;
  style?: CSSProperties;
  id?: string;
  status?: 'error' | 'warning';
  'aria-label'?: string;
}

/**
 * A period typed or picked: 2023, 2023H1, 2023Q1 or 2023-01. Free text is accepted and tidied
 * when the field loses focus, so "2023年1月" or "2023q1" work as people write them.
 */
export function PeriodInput({ value, onChange, periodType = 'month', years, placeholder = '如 2023、2023H1、2023Q1、2023-01', style, ...rest }: PeriodInputProps) {
  const [text, setText] = useState(value ?? '');
  useEffect(() => setText(value ?? ''), [value]);
  const options = useMemo(() => {
    const now = new Date().getFullYear();
    const ys = years ?? [now, now - 1, now - 2, now - 3, now - 4];
    const all = periodSuggestions(periodType, ys);
    const t = text.trim().toUpperCase();
    return (t ? all.filter((o) => o.label.toUpperCase().includes(t)) : all).slice(0, 60);
  }, [periodType, years, text]);

  const commit = (raw: string) => {
    const code = normalizePeriod(raw) ?? raw.trim();
    setText(code);
    if (code !== (value ?? '')) onChange?.(code);
  };

  return (
    <AutoComplete
      {...rest}
      value={text}
      options={options}
      placeholder={placeholder}
      onChange={(v: string) => setText(v)}
      onSelect={(v: string) => commit(v)}
      onBlur={() => commit(text)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit(text);
      }}
      popupMatchSelectWidth={false}
      style={{ width: 160, ...style }}
    />
  );
}
