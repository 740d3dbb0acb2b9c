import { useEffect, useState } from 'react';
import { Button, Checkbox, Col, Form, Grid, Input, Row, Select } from 'antd';
import { FilterOutlined } from '@ant-design/icons';
import { PARTY_STATUSES, PARTY_STATUS_ZH, PERSON_ROLES, PERSON_ROLE_ZH } from '../../../shared/person-roles';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import type { PeopleFilter } from './peopleQuery';

interface PeopleToolbarProps {
  filter: PeopleFilter;
  /** Any filter change starts again at page 1. */
  onChange: (patch: Partial<PeopleFilter>) => void;
  onReset: () => void;
}

const ROLE_OPTIONS = PERSON_ROLES.map((r) => ({ value: r, label: PERSON_ROLE_ZH[r] }));
const STATUS_OPTIONS = PARTY_STATUSES.map((s) => ({ value: s, label: `${PARTY_STATUS_ZH[s]}党员` }));
const GENDER_OPTIONS = [
  { value: 'male', label: '男' },
  { value: 'female', label: '女' },
];

/**
 * Filters of the registry. Labels are tied to their controls by id so screen readers (and
 * Playwright's getByLabel) find each filter by its Chinese name.
 */
export function PeopleToolbar({ filter, onChange, onReset }: PeopleToolbarProps) {
  const [q, setQ] = useState(filter.q ?? '');
  const screens = Grid.useBreakpoint();
  // On a phone the five filters would push the list off screen: keep them behind a button.
  const compact = screens.md === false;
  const [expanded, setExpanded] = useState(false);
  const active = [filter.orgUnitId, filter.role, filter.partyStatus, filter.gender, filter.includeArchived].filter(Boolean).length;
  const showMore = !compact || expanded;
  // Back/forward navigation changes the URL; keep the text box in step with it.
  useEffect(() => setQ(filter.q ?? ''), [filter.q]);

  return (
    <Form layout="vertical" component="div">
      <Row gutter={[12, 0]}>
        <Col xs={24} sm={12} lg={6}>
          <Form.Item label="关键字" htmlFor="people-q" style={{ marginBottom: 12 }}>
            <Input.Search
              id="people-q"
              placeholder="姓名、拼音，或完整身份证号/手机号"
              allowClear
              value={q}
              onChange={(e) => setQ(e.target.value)}
              onSearch={(v) => onChange({ q: v.trim() || undefined })}
            />
          </Form.Item>
        </Col>
        {compact && (
          <Col span={24} style={{ marginBottom: 12 }}>
            <Button icon={<FilterOutlined />} onClick={() => setExpanded((e) => !e)} aria-expanded={expanded}>
              {expanded ? '收起筛选' : `更多筛选${active ? `（${active}）` : ''}`}
            </Button>
          </Col>
        )}
        {showMore && (
          <MoreFilters
            filter={filter}
            onChange={onChange}
            onReset={() => {
              setQ('');
              onReset();
            }}
          />
        )}
      </Row>
    </Form>
  );
}

/** Everything but the keyword: always shown on wide screens, on demand on phones. */
function MoreFilters({ filter, onChange, onReset }: PeopleToolbarProps) {
  return (
    <>
      <Col xs={24} sm={12} lg={6}>
        <Form.Item label="所在单位" htmlFor="people-unit" style={{ marginBottom: 12 }}>
          <OrgUnitPicker id="people-unit" value={filter.orgUnitId} onChange={(id) => onChange({ orgUnitId: id })} style={{ width: '100%' }} placeholder="全部（含下级单位）" />
        </Form.Item>
      </Col>
      <Col xs={12} sm={8} lg={4}>
        <Form.Item label="人员类别" htmlFor="people-role" style={{ marginBottom: 12 }}>
          <Select id="people-role" allowClear placeholder="全部" options={ROLE_OPTIONS} value={filter.role} onChange={(role) => onChange({ role })} />
        </Form.Item>
      </Col>
      <Col xs={12} sm={8} lg={4}>
        <Form.Item label="党员状态" htmlFor="people-status" style={{ marginBottom: 12 }}>
          <Select id="people-status" allowClear placeholder="全部" options={STATUS_OPTIONS} value={filter.partyStatus} onChange={(partyStatus) => onChange({ partyStatus })} />
        </Form.Item>
      </Col>
      <Col xs={12} sm={8} lg={4}>
        <Form.Item label="性别" htmlFor="people-gender" style={{ marginBottom: 12 }}>
          <Select id="people-gender" allowClear placeholder="全部" options={GENDER_OPTIONS} value={filter.gender} onChange={(gender) => onChange({ gender })} />
        </Form.Item>
      </Col>
      <Col xs={12} sm={24} style={{ display: 'flex', alignItems: 'center', gap: 12, marginBottom: 12, flexWrap: 'wrap' }}>
        <Checkbox checked={!!filter.includeArchived} onChange={(e) => onChange({ includeArchived: e.target.checked || undefined })}>
          含已归档
        </Checkbox>
        <Button onClick={onReset}>重置筛选</Button>
      </Col>
    </>
  );
}
