import { Button, Card, Checkbox, Col, Form, Input, InputNumber, Row, Select, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { ATTRIBUTE_TYPES, ATTRIBUTE_TYPE_ZH, type AttributeDef } from '../../../shared/ledger';

/** An attribute definition as edited; `saved` marks one records may already use (its key is then fixed). */
export type AttributeRow = AttributeDef & { saved?: boolean };

export const toRows = (defs: AttributeDef[]): AttributeRow[] => defs.map((d) => ({ ...d, saved: true }));

/** Definitions as the API takes them: options only for choices, bounds only for numbers. */
export function toDefs(rows: AttributeRow[] | undefined): AttributeDef[] {
  return (rows ?? []).map((r) => ({
    key: r.key?.trim(),
    label: r.label?.trim(),
    type: r.type,
    ...(r.required ? { required: true } : {}),
    ...(r.type === 'choice' ? { options: (r.options ?? []).map((o) => o.trim()).filter(Boolean) } : {}),
    ...(r.type === 'number' ? { min: r.min ?? null, max: r.max ?? null } : {}),
  }));
}

const TYPE_OPTIONS = ATTRIBUTE_TYPES.map((t) => ({ value: t, label: ATTRIBUTE_TYPE_ZH[t] }));

/**
 * 扩展属性: the extra fields a category's records carry (媒体级别, 学时…), in a Form.List named
 * `attributes` so the server's `attributes.0.key` errors land beside the field. Attributes
 * inherited from the parent categories are listed read-only.
 */
export function AttributesEditor({ inherited }: { inherited: AttributeDef[] }) {
  const form = Form.useFormInstance();
  return (
    <Card size="small" title="扩展属性" data-testid="attributes-editor" style={{ marginBottom: 16 }}>
      {inherited.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          继承自上级类别：
          {inherited.map((d) => (
            <Tag key={d.key}>
              {d.label}（{ATTRIBUTE_TYPE_ZH[d.type]}）
            </Tag>
          ))}
        </Typography.Paragraph>
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        标识是取值的存储名（小写字母开头，如 outlet），已保存的标识不能修改；名称显示在表单和导出表头中。
      </Typography.Paragraph>
      <Form.List name="attributes">
        {(fields, { add, remove }) => (
          <>
            {fields.map(({ key, name }) => (
              <Form.Item key={key} noStyle shouldUpdate>
                {() => {
                  const row = (form.getFieldValue(['attributes', name]) ?? {}) as AttributeRow;
                  const n = name + 1;
                  return (
                    <div style={{ borderBottom: '1px dashed #eee', paddingTop: 8, marginBottom: 8 }} data-testid="attribute-row">
                      <Row gutter={8}>
                        <Col xs={12} sm={6}>
                          <Form.Item label="标识" name={[name, 'key']} rules={[{ required: true, message: '请填写标识' }]} style={{ marginBottom: 8 }}>
                            <Input placeholder="如 outlet" aria-label={`第 ${n} 个属性的标识`} disabled={row.saved} style={{ fontFamily: 'monospace' }} maxLength={30} autoComplete="off" />
                          </Form.Item>
                        </Col>
                        <Col xs={12} sm={6}>
                          <Form.Item label="名称" name={[name, 'label']} rules={[{ required: true, whitespace: true, message: '请填写名称' }]} style={{ marginBottom: 8 }}>
                            <Input placeholder="如 媒体级别" aria-label={`第 ${n} 个属性的名称`} maxLength={30} />
                          </Form.Item>
                        </Col>
                        <Col xs={12} sm={5}>
                          <Form.Item label="类型" name={[name, 'type']} rules={[{ required: true, message: '请选择类型' }]} style={{ marginBottom: 8 }}>
                            <Select options={TYPE_OPTIONS} aria-label={`第 ${n} 个属性的类型`} />
                          </Form.Item>
                        </Col>
                        <Col xs={8} sm={4}>
                          <Form.Item label=" " name={[name, 'required']} valuePropName="checked" style={{ marginBottom: 8 }}>
                            <Checkbox>必填</Checkbox>
                          </Form.Item>
                        </Col>
                        <Col xs={4} sm={3} style={{ display: 'flex', alignItems: 'center' }}>
                          <Button type="text" danger icon={<DeleteOutlined />} aria-label={`删除第 ${n} 个属性`} onClick={() => remove(name)} />
                        </Col>
                        {row.type === 'choice' && (
                          <Col span={24}>
                            <Form.Item label="选项" name={[name, 'options']} rules={[{ required: true, type: 'array', min: 1, message: '选项型属性至少需要一个选项' }]} extra="输入一个选项后按回车" style={{ marginBottom: 8 }}>
                              <Select mode="tags" open={false} tokenSeparators={[',', '，', '、']} placeholder="如 央媒、省级、地市" aria-label={`第 ${n} 个属性的选项`} />
                            </Form.Item>
                          </Col>
                        )}
                        {row.type === 'number' && (
                          <>
                            <Col xs={12} sm={6}>
                              <Form.Item label="最小值" name={[name, 'min']} style={{ marginBottom: 8 }}>
                                <InputNumber placeholder="不限" aria-label={`第 ${n} 个属性的最小值`} style={{ width: '100%' }} />
                              </Form.Item>
                            </Col>
                            <Col xs={12} sm={6}>
                              <Form.Item label="最大值" name={[name, 'max']} style={{ marginBottom: 8 }}>
                                <InputNumber placeholder="不限" aria-label={`第 ${n} 个属性的最大值`} style={{ width: '100%' }} />
                              </Form.Item>
                            </Col>
                          </>
                        )}
                      </Row>
                    </div>
                  );
                }}
              </Form.Item>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ key: '', label: '', type: 'text' })}>
              添加属性
            </Button>
          </>
        )}
      </Form.List>
    </Card>
  );
}
