import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Button, Card, Flex, Form, Input, InputNumber, Tag, Typography } from 'antd';
import { CloseCircleOutlined, HistoryOutlined, LockOutlined, RobotOutlined, WarningOutlined } from '@ant-design/icons';
import { figure } from './display';
import type { FormField } from './types';
import { ValueHistory } from './ValueHistory';

export interface FieldDraft {
  value: number | null;
  comment: string;
}

interface FieldCardProps {
  taskId: number;
  unitId: number;
  field: FormField;
  draft: FieldDraft;
  errors: string[];
  /** The submission is approved: figures are signed off and locked. */
  locked: boolean;
  onChange: (next: FieldDraft) => void;
}

/** "范围 0–500人，整数" from the field's rules. */
function rangeHint(f: FormField): string | null {
  const parts: string[] = [];
  if (f.minValue != null && f.maxValue != null) parts.push(`范围 ${figure(f.minValue)}–${figure(f.maxValue)}${f.unit}`);
  else if (f.minValue != null) parts.push(`不小于 ${figure(f.minValue)}${f.unit}`);
  else if (f.maxValue != null) parts.push(`不大于 ${figure(f.maxValue)}${f.unit}`);
  if (f.valueKind === 'integer') parts.push('整数');
  return parts.length ? parts.join('，') : null;
}

/**
 * One indicator of the form as a card, laid out for a phone: the name, the input with its unit,
 * what to compare against (range, the unit's previous figure, the siblings' median), and
 * whatever the reviewer or the checks said about it, right beside the field.
 */
export function FieldCard({ taskId, unitId, field: f, draft, errors, locked, onChange }: FieldCardProps) {
  const [wantsComment, setWantsComment] = useState(false);
  // Figures the unit does not enter here (derived, or owned by another task) get no outlier
  // warning: nobody on this form can act on it.
  const hasWarnings = f.warnings.length > 0 && f.source !== 'derived' && !f.ownerTask;
  // The outlier check asks for a 说明 by name; other errors (range, part > whole) do not.
  const asksComment = errors.some((e) => e.includes('说明'));
  const showComment = f.editable && (hasWarnings || wantsComment || !!draft.comment || asksComment);
  const range = rangeHint(f);
  // A reviewer's note on a figure owned by another task belongs to that task's form.
  const returnReason = f.ownerTask ? null : f.returnReason;
  const valueText = (
    <span style={{ fontSize: 20, fontWeight: 600 }} data-testid={`value-${f.code}`}>
      {figure(f.value)}
      <span style={{ fontSize: 14, fontWeight: 400, marginInlineStart: 4, color: '#666' }}>{f.unit}</span>
    </span>
  );

  return (
    <Card
      size="small"
      id={`field-${f.indicatorId}`}
      data-testid={`field-${f.code}`}
      style={{ borderColor: errors.length || returnReason ? '#ffa39e' : undefined }}
      styles={{ body: { padding: 12 } }}
    >
      <Flex justify="space-between" align="flex-start" gap={8}>
        <div style={{ minWidth: 0 }}>
          <Typography.Text strong style={{ fontSize: 15 }}>
            {f.required && f.editable && <span style={{ color: '#cf1322', marginInlineEnd: 2 }}>*</span>}
            {f.name}
          </Typography.Text>
          <span style={{ color: '#999', fontSize: 12, marginInlineStart: 6 }}>
            {f.code} · {f.unit}
          </span>
        </div>
        <Flex gap={4} wrap justify="flex-end" style={{ flexShrink: 0 }}>
          {f.changesSinceSignoff > 0 && (
            <ValueHistory taskId={taskId} unitId={unitId} indicatorId={f.indicatorId} unit={f.unit}>
              <Tag color="orange" style={{ cursor: 'pointer', marginInlineEnd: 0 }} role="button" aria-label={`审核后修改 ${f.changesSinceSignoff} 次，查看修改记录`}>
                审核后修改 {f.changesSinceSignoff} 次
              </Tag>
            </ValueHistory>
          )}
          {f.changesSinceSignoff === 0 && f.historyCount > 0 && (
            <ValueHistory taskId={taskId} unitId={unitId} indicatorId={f.indicatorId} unit={f.unit}>
              <Button type="link" size="small" icon={<HistoryOutlined />} style={{ paddingInline: 0, height: 22 }}>
                记录
              </Button>
            </ValueHistory>
          )}
        </Flex>
      </Flex>

      {returnReason && (
        <div role="alert" style={{ color: '#cf1322', background: '#fff1f0', borderRadius: 4, padding: '4px 8px', marginTop: 8, fontSize: 13 }} data-testid="field-return-reason">
          <CloseCircleOutlined /> 退回原因：{returnReason}
        </div>
      )}

      <div style={{ marginTop: 8 }}>
        {f.editable ? (
          <Form.Item
            validateStatus={errors.length ? 'error' : hasWarnings ? 'warning' : undefined}
            help={errors.length ? errors.map((e, i) => <div key={i}>{e}</div>) : undefined}
            style={{ marginBottom: 0 }}
          >
            <InputNumber<number>
              aria-label={f.name}
              value={draft.value}
              onChange={(v) => onChange({ ...draft, value: typeof v === 'number' ? v : null })}
              suffix={f.unit}
              controls={false}
              inputMode={f.valueKind === 'integer' ? 'numeric' : 'decimal'}
              placeholder="请输入"
              style={{ width: '100%', maxWidth: 320 }}
              size="large"
            />
          </Form.Item>
        ) : f.ownerTask ? (
          <div>
            {valueText}
            <div style={{ fontSize: 13, color: '#666', marginTop: 2 }}>
              已在
              {f.ownerTask.id > 0 ? <Link to={`/tasks/${f.ownerTask.id}/units/${unitId}`}>《{f.ownerTask.title}》</Link> : `《${f.ownerTask.title}》`}
              中填报，无需重复填写
            </div>
          </div>
        ) : f.source === 'derived' ? (
          <div>
            {valueText}
            <div style={{ fontSize: 13, color: '#1677ff', marginTop: 2 }}>
              <RobotOutlined /> 自动生成：{f.derivationLabel ?? '台账数据'}
            </div>
          </div>
        ) : (
          <Flex align="center" gap={6}>
            {locked && <LockOutlined style={{ color: '#389e0d' }} aria-label="已审核锁定" />}
            {valueText}
          </Flex>
        )}
        {!f.editable && errors.length > 0 && <div style={{ color: '#cf1322', fontSize: 13 }}>{errors.join('；')}</div>}
      </div>

      <Flex wrap gap={12} style={{ fontSize: 12, color: '#888', marginTop: 6 }}>
        {f.editable && range && <span>{range}</span>}
        {f.previous && (
          <span>
            {f.previous.label}：{figure(f.previous.value)}
            {f.unit}
          </span>
        )}
        {f.siblingMedian != null && (
          <span>
            同级中位数：{figure(f.siblingMedian)}
            {f.unit}
          </span>
        )}
        {f.approvedValue != null && f.approvedValue !== f.value && (
          <span>
            上次审核值：{figure(f.approvedValue)}
            {f.unit}
          </span>
        )}
      </Flex>

      {/* When the submit check already put the same words in red under the input, skip the repeat. */}
      {hasWarnings && !asksComment && (
        <div style={{ color: '#d46b08', background: '#fff7e6', borderRadius: 4, padding: '4px 8px', marginTop: 8, fontSize: 13 }} data-testid="field-warning">
          <WarningOutlined /> {f.warnings.join('；')}
          {f.editable && '。请核实，如数据无误请在“说明”中注明原因'}
        </div>
      )}

      {showComment ? (
        <div style={{ marginTop: 8 }}>
          <div style={{ fontSize: 13, marginBottom: 4 }}>
            {hasWarnings && <span style={{ color: '#cf1322' }}>* </span>}
            说明{hasWarnings ? '（报送前必填）' : ''}
          </div>
          <Input.TextArea
            aria-label={`${f.name}的说明`}
            value={draft.comment}
            onChange={(e) => onChange({ ...draft, comment: e.target.value })}
            autoSize={{ minRows: 1, maxRows: 4 }}
            maxLength={500}
            placeholder="如：今年新并入两个自然村"
            status={hasWarnings && !draft.comment.trim() ? 'warning' : undefined}
          />
        </div>
      ) : f.editable ? (
        <Button type="link" size="small" style={{ paddingInline: 0, marginTop: 4 }} onClick={() => setWantsComment(true)}>
          添加说明
        </Button>
      ) : (
        f.comment && <div style={{ fontSize: 13, color: '#666', marginTop: 6 }}>说明：{f.comment}</div>
      )}
    </Card>
  );
}
