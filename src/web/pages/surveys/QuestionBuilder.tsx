import { Button, Card, Empty, Flex, Form, Input, Select, Switch, Tag, Typography, type FormInstance } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { QUESTION_TYPES, QUESTION_TYPE_ZH, type QuestionType } from '../../../shared/surveys';

export interface QuestionValue {
  key: string;
  type: QuestionType;
  label: string;
  options?: string[];
  required: boolean;
}

/** Question keys are internal ids: the next free q1, q2… */
function nextKey(existing: readonly { key?: string }[]): string {
  const used = new Set(existing.map((q) => q.key));
  for (let i = existing.length + 1; ; i++) if (!used.has(`q${i}`)) return `q${i}`;
}

const TYPE_HINT: Record<QuestionType, string> = {
  rating: '答卷人从 1（很不满意）到 5（很满意）打分；评分题的平均分就是满意度',
  single: '从选项中选一项',
  multi: '从选项中选一项或多项',
  text: '答卷人填写文字意见，最多 500 字',
};

/** Ready-made questions for the common county satisfaction surveys. */
export const STARTER_QUESTIONS: Omit<QuestionValue, 'key'>[] = [
  { type: 'rating', label: '您对本村（社区）干部的总体工作满意吗？', required: true },
  { type: 'rating', label: '您对村（社区）便民服务满意吗？', required: true },
  { type: 'text', label: '您对村（社区）工作还有什么意见和建议？', required: false },
];

/**
 * 题目: add, remove and reorder questions; each has a type, the question, options for choice
 * questions, and whether it must be answered. Read-only once the survey has opened.
 */
export function QuestionBuilder({ form, locked }: { form: FormInstance; locked: boolean }) {
  return (
    <Form.List name="questions" rules={[{ validator: async (_, v?: unknown[]) => (v?.length ? undefined : Promise.reject(new Error('请至少添加一道题'))) }]}>
      {(fields, { add, remove, move }, { errors }) => (
        <Flex vertical gap={8}>
          {fields.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有题目" />}
          {fields.map((field, i) => (
            <QuestionCard
              key={field.key}
              name={field.name}
              index={i}
              count={fields.length}
              locked={locked}
              form={form}
              onRemove={() => remove(field.name)}
              onMove={(to) => move(i, to)}
            />
          ))}
          <Form.ErrorList errors={errors} />
          {!locked && (
            <Flex gap={8} wrap>
              {(['rating', 'single', 'multi', 'text'] as QuestionType[]).map((type) => (
                <Button
                  key={type}
                  icon={<PlusOutlined />}
                  onClick={() => {
                    const current = (form.getFieldValue('questions') as QuestionValue[] | undefined) ?? [];
                    add({ key: nextKey(current), type, label: '', options: type === 'single' || type === 'multi' ? [] : undefined, required: type !== 'text' });
                  }}
                >
                  {QUESTION_TYPE_ZH[type]}
                </Button>
              ))}
            </Flex>
          )}
        </Flex>
      )}
    </Form.List>
  );
}

interface QuestionCardProps {
  name: number;
  index: number;
  count: number;
  locked: boolean;
  form: FormInstance;
  onRemove: () => void;
  onMove: (to: number) => void;
}

function QuestionCard({ name, index, count, locked, form, onRemove, onMove }: QuestionCardProps) {
  const type = Form.useWatch(['questions', name, 'type'], form) as QuestionType | undefined;
  const choice = type === 'single' || type === 'multi';
  return (
    <Card
      size="small"
      data-testid={`question-${index + 1}`}
      title={
        <Flex align="center" gap={8}>
          <Tag color="red" style={{ marginInlineEnd: 0 }}>
            第{index + 1}题
          </Tag>
          <Typography.Text type="secondary" style={{ fontWeight: 400, fontSize: 13 }}>
            {type ? QUESTION_TYPE_ZH[type] : ''}
          </Typography.Text>
        </Flex>
      }
      extra={
        !locked && (
          <Flex gap={4}>
            <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => onMove(index - 1)} aria-label={`第${index + 1}题上移`} />
            <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={index === count - 1} onClick={() => onMove(index + 1)} aria-label={`第${index + 1}题下移`} />
            <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={onRemove} aria-label={`删除第${index + 1}题`} />
          </Flex>
        )
      }
    >
      <Form.Item name={[name, 'key']} hidden>
        <Input />
      </Form.Item>
      <Flex gap={12} wrap align="flex-start">
        <Form.Item name={[name, 'type']} label="题型" style={{ width: 140, marginBottom: 8 }}>
          <Select disabled={locked} options={QUESTION_TYPES.map((t) => ({ value: t, label: QUESTION_TYPE_ZH[t] }))} aria-label={`第${index + 1}题题型`} />
        </Form.Item>
        <Form.Item name={[name, 'required']} label="必答" valuePropName="checked" style={{ marginBottom: 8 }}>
          <Switch disabled={locked} aria-label={`第${index + 1}题必答`} />
        </Form.Item>
      </Flex>
      <Form.Item name={[name, 'label']} label="题目" rules={[{ required: true, whitespace: true, message: '请填写题目' }]} extra={type ? TYPE_HINT[type] : undefined} style={{ marginBottom: choice ? 8 : 0 }}>
        <Input.TextArea disabled={locked} autoSize={{ minRows: 1, maxRows: 4 }} maxLength={200} aria-label={`第${index + 1}题题目`} />
      </Form.Item>
      {choice && (
        <Form.Item
          name={[name, 'options']}
          label="选项"
          extra="输入一个选项后按回车，可添加多个"
          rules={[{ validator: async (_, v?: string[]) => ((v?.length ?? 0) >= 2 ? undefined : Promise.reject(new Error('选择题至少需要两个选项'))) }]}
          style={{ marginBottom: 0 }}
        >
          <Select mode="tags" disabled={locked} open={false} tokenSeparators={['\n', '；', ';']} placeholder="如：本村（社区）居民" aria-label={`第${index + 1}题选项`} />
        </Form.Item>
      )}
    </Card>
  );
}
