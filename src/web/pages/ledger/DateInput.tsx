import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import type { CSSProperties } from 'react';

export interface DateInputProps {
  /** "2022-06-30", as the API takes dates. */
  value?: string | null;
  onChange?: (value: string | null) => void;
  id?: string;
  placeholder?: string;
  allowClear?: boolean;
  style?: CSSProperties;
  'aria-label'?: string;
}

/** A date picker whose value is the API's date string, so form values go to the server as they are. */
export function DateInput({ value, onChange, style, ...rest }: DateInputProps) {
  return (
    <DatePicker
      {...rest}
      value={value ? dayjs(value) : null}
      onChange={(d) => onChange?.(d ? d.format('YYYY-MM-DD') : null)}
      format="YYYY-MM-DD"
      inputReadOnly={false}
      style={{ width: '100%', ...style }}
    />
  );
}
