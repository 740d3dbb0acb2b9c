import { useEffect, useMemo, useState } from 'react';
import { Button, Checkbox, Col, Form, Grid, Input, Row, Segmented, Select, Space, TreeSelect } from 'antd';
import { FilterOutlined } from '@ant-design/icons';
import { CASE_STATUSES, CASE_STATUS_ZH, DATE_BASES, HONOUR_LEVELS, HONOUR_LEVEL_ZH, PROJECT_STATUSES, PROJECT_STATUS_ZH, type RecordKind } from '../../../shared/ledger';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import { DateInput } from './DateInput';
import { categoryTree } from './display';
import type { LedgerFilter } from './ledgerQuery';
import type { Category } from './types';

interface LedgerFiltersProps {
  kind: RecordKind;
  filter: LedgerFilter;
  categories: Category[] | null;
  /** Any filter change starts again at page 1. */
  onChange: (patch: Partial<LedgerFilter>) => void;
  onReset: () => void;
}

const STATUS_OPTIONS: Partial<Record<RecordKind, { value: string; label: string }[]>> = {
  case: CASE_STATUSES.map((s) => ({ value: s, label: CASE_STATUS_ZH[s] })),
  project: PROJECT_STATUSES.map((s) => ({ value: s, label: PROJECT_STATUS_ZH[s] })),
};
const LEVEL_OPTIONS = HONOUR_LEVELS.map((l) => ({ value: l, label: HONOUR_LEVEL_ZH[l] }));

/**
 * Filters of a ledger list. Labels are tied to their controls by id so screen readers (and
 * Playwright's getByLabel) find each by its Chinese name. On a phone only the search box and
 * (for cases) the deadline flag show; the rest open on demand.
 */
export function LedgerFilters({ kind, filter, categories, onChange, onReset }: LedgerFiltersProps) {
  const screens = Grid.useBreakpoint();
  const compact = screens.md === false;
  const [expanded, setExpanded] = useState(false);
  const [q, setQ] = useState(filter.q ?? '');
  useEffect(() => setQ(filter.q ?? ''), [filter.q]);
  const active = [filter.unitId, filter.categoryCode ?? filter.categoryId, filter.from, filter.to, filter.status.length, filter.level.length, filter.mine, filter.attrKey, filter.includeArchived].filter(Boolean).length;
  const bases = DATE_BASES[kind];
  const treeData = useMemo(() => categoryTree(categories ?? [], { valueOf: (c) => c.code, keep: (c) => c.code === filter.categoryCode }), [categories, filter.categoryCode]);
  const categoryValue = filter.categoryCode ?? (filter.categoryId ? categories?.find((c) => c.id === filter.categoryId)?.code : undefined);

  return (
    <Form layout="vertical" component="div">
      <Row gutter={[12, 0]}>
        <Col xs={24} sm={12} lg={6}>
          <Form.Item label="全文检索" htmlFor={`ledger-q-${kind}`} style={{ marginBottom: 12 }}>
            <Input.Search
              id={`ledger-q-${kind}`}
              allowClear
              placeholder="标题、备注、地点等中的词语"
              value={q}
              maxLength={50}
              onChange={(e) => setQ(e.target.value)}
              onSearch={(v) => onChange({ q: v.trim() || undefined })}
            />
          </Form.Item>
        </Col>
        {kind === 'case' && (
          <Col xs={24} sm={12} lg={6}>
            <Form.Item label="办理时限" style={{ marginBottom: 12 }}>
              <Segmented
                aria-label="办理时限"
                value={filter.flag ?? 'all'}
                onChange={(v) => onChange({ flag: v === 'all' ? undefined : (v as LedgerFilter['flag']) })}
                options={[
                  { value: 'all', label: '全部' },
                  { value: 'overdue', label: '已超期' },
                  { value: 'due_soon', label: '即将到期' },
                ]}
              />
            </Form.Item>
          </Col>
        )}
        {compact && (
          <Col span={24} style={{ marginBottom: 12 }}>
            <Button icon={<FilterOutlined />} onClick={() => setExpanded((e) => !e)} aria-expanded={expanded}>
              {expanded ? '收起筛选' : `更多筛选${active ? `（${active}）` : ''}`}
            </Button>
          </Col>
        )}
        {(!compact || expanded) && (
          <>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item label="单位（含下级）" htmlFor={`ledger-unit-${kind}`} style={{ marginBottom: 12 }}>
                <OrgUnitPicker id={`ledger-unit-${kind}`} value={filter.unitId} onChange={(id) => onChange({ unitId: id })} placeholder="本人管辖范围" style={{ width: '100%', minWidth: 0 }} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item label="类别" htmlFor={`ledger-category-${kind}`} style={{ marginBottom: 12 }}>
                <TreeSelect
                  id={`ledger-category-${kind}`}
                  allowClear
                  showSearch={{ treeNodeFilterProp: 'title' }}
                  treeDefaultExpandAll
                  loading={!categories}
                  placeholder="全部类别（选上级含下级）"
                  treeData={treeData}
                  value={categoryValue}
                  onChange={(code?: string) => onChange({ categoryCode: code || undefined, categoryId: undefined, attrKey: undefined, attrValue: undefined })}
                  style={{ width: '100%' }}
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item label={bases.length > 1 ? '日期' : `${bases[0].label}`} style={{ marginBottom: 12 }}>
                <Space.Compact style={{ width: '100%' }}>
                  {bases.length > 1 && (
                    <Select
                      aria-label="日期口径"
                      value={filter.dateBasis && bases.some((b) => b.key === filter.dateBasis) ? filter.dateBasis : bases[0].key}
                      onChange={(b) => onChange({ dateBasis: b === bases[0].key ? undefined : b })}
                      options={bases.map((b) => ({ value: b.key, label: b.label }))}
                      popupMatchSelectWidth={false}
                      style={{ width: 104, flex: 'none' }}
                    />
                  )}
                  <DateInput aria-label="开始日期" placeholder="开始" value={filter.from} onChange={(v) => onChange({ from: v ?? undefined })} />
                  <DateInput aria-label="结束日期" placeholder="结束" value={filter.to} onChange={(v) => onChange({ to: v ?? undefined })} />
                </Space.Compact>
              </Form.Item>
            </Col>
            {STATUS_OPTIONS[kind] && (
              <Col xs={24} sm={12} lg={6}>
                <Form.Item label={kind === 'case' ? '办理状态' : '项目状态'} htmlFor={`ledger-status-${kind}`} style={{ marginBottom: 12 }}>
                  <Select id={`ledger-status-${kind}`} mode="multiple" allowClear placeholder="全部状态" options={STATUS_OPTIONS[kind]} value={filter.status} onChange={(v: string[]) => onChange({ status: v })} />
                </Form.Item>
              </Col>
            )}
            {kind === 'honour' && (
              <Col xs={24} sm={12} lg={6}>
                <Form.Item label="荣誉级别" htmlFor="ledger-level" style={{ marginBottom: 12 }}>
                  <Select id="ledger-level" mode="multiple" allowClear placeholder="全部级别" options={LEVEL_OPTIONS} value={filter.level} onChange={(v: string[]) => onChange({ level: v })} />
                </Form.Item>
              </Col>
            )}
            {kind === 'case' && (
              <Col xs={24} sm={12} lg={6}>
                <Form.Item label="与本单位的关系" htmlFor="ledger-mine" style={{ marginBottom: 12 }}>
                  <Select
                    id="ledger-mine"
                    allowClear
                    placeholder="全部事项"
                    value={filter.mine}
                    onChange={(v) => onChange({ mine: v })}
                    options={[
                      { value: 'handling', label: '我承办的' },
                      { value: 'registered', label: '我登记的' },
                    ]}
                  />
                </Form.Item>
              </Col>
            )}
            <Col span={24}>
              <Form.Item style={{ marginBottom: 12 }}>
                <Space wrap>
                  <Button
                    onClick={() => {
                      setQ('');
                      onReset();
                    }}
                  >
                    清除筛选
                  </Button>
                  <Checkbox checked={filter.includeArchived} onChange={(e) => onChange({ includeArchived: e.target.checked })}>
                    含已作废
                  </Checkbox>
                </Space>
              </Form.Item>
            </Col>
          </>
        )}
      </Row>
    </Form>
  );
}
