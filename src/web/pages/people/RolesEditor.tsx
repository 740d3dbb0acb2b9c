import { Button, Card, Col, DatePicker, Form, Input, Row, Select, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { PARTY_ORG_TYPES } from '../../../shared/org-types';
import { PARTY_STATUSES, PARTY_STATUS_ZH, PERSON_ROLES, PERSON_ROLE_ZH, type PartyStatus, type PersonRole } from '../../../shared/person-roles';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import type { PersonCreateInput, PersonRoleDetail } from '../../types';
import { ROLES_WITH_POST } from './display';

/** One role as the form holds it: dates as dayjs for the DatePicker. */
export interface RoleValues {
  role?: PersonRole;
  orgUnitId?: number | null;
  startDate?: Dayjs | null;
  endDate?: Dayjs | null;
  status?: PartyStatus | null;
  post?: string | null;
  rank?: string | null;
  note?: string | null;
}

type RoleInput = PersonCreateInput['roles'] extends (infer R)[] | undefined ? R : never;

export function toRoleValues(r: PersonRoleDetail): RoleValues {
  return {
    role: r.role,
    orgUnitId: r.orgUnitId,
    startDate: dayjs(r.startDate),
    endDate: r.endDate ? dayjs(r.endDate) : null,
    status: r.status,
    post: r.post,
    rank: r.rank,
    note: r.note,
  };
}

export function fromRoleValues(r: RoleValues): RoleInput {
  const withPost = r.role ? ROLES_WITH_POST.includes(r.role) : false;
  return {
    role: r.role!,
    orgUnitId: r.orgUnitId ?? null,
    startDate: r.startDate ? r.startDate.format('YYYY-MM-DD') : '',
    endDate: r.endDate ? r.endDate.format('YYYY-MM-DD') : null,
    status: r.role === 'party_member' ? (r.status ?? null) : null,
    post: withPost ? r.post?.trim() || null : null,
    rank: withPost ? r.rank?.trim() || null : null,
    note: r.note?.trim() || null,
  };
}

const ROLE_OPTIONS = PERSON_ROLES.map((r) => ({ value: r, label: PERSON_ROLE_ZH[r] }));
const STATUS_OPTIONS = PARTY_STATUSES.map((s) => ({ value: s, label: PARTY_STATUS_ZH[s] }));

/**
 * The roles a person holds (党员, 干部…), each with its unit and time range. Party members need a
 * party organization and a status; cadres have a post and rank.
 */
export function RolesEditor({ onUnitPicked }: { onUnitPicked: (id: number, name: string) => void }) {
  return (
    <Form.List name="roles">
      {(fields, { add, remove }) => (
        <div>
          <Typography.Title level={5}>身份</Typography.Title>
          {fields.map((field, index) => (
            <Card
              key={field.key}
              size="small"
              style={{ marginBottom: 12 }}
              title={`身份 ${index + 1}`}
              extra={
                <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={`删除身份 ${index + 1}`}>
                  删除
                </Button>
              }
            >
              <RoleFields name={field.name} onUnitPicked={onUnitPicked} />
            </Card>
          ))}
          <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ startDate: null })}>
            添加身份
          </Button>
        </div>
      )}
    </Form.List>
  );
}

function RoleFields({ name, onUnitPicked }: { name: number; onUnitPicked: (id: number, name: string) => void }) {
  const role = Form.useWatch(['roles', name, 'role']) as PersonRole | undefined;
  const isParty = role === 'party_member';
  const withPost = role ? ROLES_WITH_POST.includes(role) : false;
  return (
    <Row gutter={12}>
      <Col xs={24} sm={12}>
        <Form.Item label="人员类别" name={[name, 'role']} rules={[{ required: true, message: '请选择人员类别' }]}>
          <Select options={ROLE_OPTIONS} placeholder="请选择" />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item
          label={isParty ? '所在党组织' : '所在组织'}
          name={[name, 'orgUnitId']}
          rules={isParty ? [{ required: true, message: '请选择党员所在党组织' }] : []}
        >
          <OrgUnitPicker
            types={isParty ? PARTY_ORG_TYPES : undefined}
            placeholder={isParty ? '党支部、党总支或党委' : '选填'}
            onChange={(id, hit) => id && hit && onUnitPicked(id, hit.name)}
            style={{ width: '100%' }}
          />
        </Form.Item>
      </Col>
      <Col xs={12} sm={12}>
        <Form.Item label={isParty ? '入党日期' : '开始日期'} name={[name, 'startDate']} rules={[{ required: true, message: '请选择开始日期' }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col xs={12} sm={12}>
        <Form.Item
          label="结束日期"
          name={[name, 'endDate']}
          dependencies={[['roles', name, 'startDate']]}
          rules={[
            ({ getFieldValue }) => ({
              validator: async (_r, end?: Dayjs | null) => {
                const start = getFieldValue(['roles', name, 'startDate']) as Dayjs | null;
                if (end && start && end.isBefore(start, 'day')) throw new Error('结束日期不能早于开始日期');
              },
            }),
          ]}
        >
          <DatePicker style={{ width: '100%' }} placeholder="至今" />
        </Form.Item>
      </Col>
      {isParty && (
        <Col xs={24} sm={12}>
          <Form.Item label="党员状态" name={[name, 'status']} rules={[{ required: true, message: '请选择党员状态（正式/预备）' }]}>
            <Select options={STATUS_OPTIONS} placeholder="请选择" />
          </Form.Item>
        </Col>
      )}
      {withPost && (
        <>
          <Col xs={12} sm={12}>
            <Form.Item label="职务" name={[name, 'post']}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={12}>
            <Form.Item label="职级" name={[name, 'rank']}>
              <Input maxLength={30} />
            </Form.Item>
          </Col>
        </>
      )}
    </Row>
  );
}
