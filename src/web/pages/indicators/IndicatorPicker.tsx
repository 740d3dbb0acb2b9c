import { useEffect, useState, type CSSProperties } from 'react';
import { Select } from 'antd';
import { api } from '../../api';
import { errorText } from '../../components/applyServerErrors';
import { PERIOD_TYPE_ZH } from './format';
import type { Indicator } from './types';

/** The tenant's indicators for pickers; loaded once per page. */
export function useIndicatorList(includeArchived = false) {
  const [list, setList] = useState<Indicator[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    api
      .get<Indicator[]>('/api/indicators', { includeArchived: includeArchived ? 'true' : undefined })
      .then((l) => !cancelled && setList(l))
      .catch((err) => !cancelled && setError(errorText(err)));
    return () => {
      cancelled = true;
    };
  }, [includeArchived]);
  return { list, error };
}

export interface IndicatorPickerProps {
  indicators: Indicator[] | null;
  value?: number | null;
  onChange?: (id: number | undefined, indicator?: Indicator) => void;
  /** Offer only indicators passing this test (e.g. same period type for a ratio's parts). */
  filter?: (i: Indicator) => boolean;
  style?: CSSProperties;
  placeholder?: string;
  allowClear?: boolean;
  id?: string;
  'aria-label'?: string;
}

/** Picks an indicator by typing its name or code. */
export function IndicatorPicker({ indicators, value, onChange, filter, placeholder = '输入指标名称或编码', allowClear, ...rest }: IndicatorPickerProps) {
  const shown = (indicators ?? []).filter((i) => !filter || filter(i));
  return (
    <Select<number>
      {...rest}
      value={value ?? undefined}
      placeholder={placeholder}
      allowClear={allowClear}
      loading={indicators == null}
      showSearch={{
        filterOption: (input, option) => {
          const text = input.trim().toLowerCase();
          return !!option && (option.name.includes(text) || option.code.toLowerCase().includes(text));
        },
      }}
      options={shown.map((i) => ({ value: i.id, label: `${i.name}（${PERIOD_TYPE_ZH[i.periodType]}）`, name: i.name, code: i.code }))}
      optionRender={(o) => (
        <span>
          {o.data.name}
          <span style={{ color: '#8c8c8c', marginInlineStart: 6, fontSize: 12 }}>{o.data.code}</span>
        </span>
      )}
      onChange={(id) => onChange?.(id ?? undefined, id ? shown.find((i) => i.id === id) : undefined)}
      popupMatchSelectWidth={false}
      notFoundContent="没有匹配的指标"
      style={{ minWidth: 220, ...rest.style }}
    />
  );
}
