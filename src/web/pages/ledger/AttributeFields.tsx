import { useEffect, useState } from 'react';
import { Col, Form, Input, InputNumber, Row, Select } from 'antd';
import type { AttributeDef } from '../../../shared/ledger';
import { api } from '../../api';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import { PersonPicker } from '../../components/PersonPicker';
import { DateInput } from './DateInput';

/** Name of a person or unit by id, fetched once for display (attribute values store ids). */
function useName(type: 'person' | 'unit', id: unknown): string | undefined {
  const [name, setName] = useState<string>();
  useEffect(() => {
    const n = Number(id);
    if (!Number.isInteger(n) || n <= 0) return setName(undefined);
    let cancelled = false;
    api
      .get<{ name: string }>(type === 'person' ? `/api/people/${n}` : `/api/org/units/${n}`)
      .then((x) => !cancelled && setName(x.name))
      .catch(() => !cancelled && setName(`${type === 'person' ? '人员' : '单位'} #${n}`));
    return () => {
      cancelled = true;
    };
  }, [type, id]);
  return name;
}

/** A PersonPicker that shows the stored person's name before any search. */
function StoredPersonPicker(props: { value?: number | null; onChange?: (id: number | undefined) => void; id?: string }) {
  const name = useName('person', props.value);
  return <PersonPicker {...props} initialLabel={name} style={{ width: '100%' }} />;
}

/** One attribute's input, chosen by its type. */
function attributeInput(d: AttributeDef) {
  switch (d.type) {
    case 'number':
      return <InputNumber min={d.min ?? undefined} max={d.max ?? undefined} style={{ width: '100%' }} inputMode="decimal" />;
    case 'date':
      return <DateInput />;
    case 'choice':
      return <Select allowClear placeholder="请选择" options={(d.options ?? []).map((o) => ({ value: o, label: o }))} />;
    case 'person':
      return <StoredPersonPicker />;
    case 'unit':
      return <OrgUnitPicker style={{ width: '100%' }} />;
    default:
      return <Input maxLength={500} />;
  }
}

/**
 * The chosen category's extra attributes (its ancestors' and its own), each under
 * `attributes.<key>` so the server's `attributes.format` errors land beside the field.
 */
export function AttributeFields({ defs }: { defs: AttributeDef[] }) {
  if (!defs.length) return null;
  return (
    <Row gutter={12} data-testid="attribute-fields">
      {defs.map((d) => (
        <Col xs={24} sm={12} key={d.key}>
          <Form.Item
            label={d.label}
            name={['attributes', d.key]}
            rules={d.required ? [{ required: true, message: `请填写${d.label}` }] : undefined}
            extra={d.type === 'number' && (d.min != null || d.max != null) ? `${d.min ?? '不限'} – ${d.max ?? '不限'}` : undefined}
          >
            {attributeInput(d)}
          </Form.Item>
        </Col>
      ))}
    </Row>
  );
}

/** An attribute's stored value as text: people and units by name. */
export function AttributeValue({ def, value }: { def: AttributeDef; value: unknown }) {
  const name = useName(def.type === 'person' ? 'person' : 'unit', def.type === 'person' || def.type === 'unit' ? value : null);
  if (value == null || value === '') return <>—</>;
  if (def.type === 'person' || def.type === 'unit') return <>{name ?? '…'}</>;
  return <>{String(value)}</>;
}
