import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Descriptions, Drawer, Flex, Form, Grid, Input, Modal, Popconfirm, Select, Space, Spin, Table, Tag, Tooltip, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, UploadOutlined, UserAddOutlined } from '@ant-design/icons';
import { AVAILABILITIES, AVAILABILITY_ZH, SUGGESTED_SKILLS, type Availability } from '../../../shared/mobilization';
import { api, ApiError } from '../../api';
import { useAuth } from '../../auth';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { ImportWizard } from '../../components/ImportWizard';
import { PersonPicker } from '../../components/PersonPicker';
import { AVAILABILITY_COLOR } from './display';
import { UnitFormModal } from './UnitFormModal';
import type { Force, RosterEntry, UnitDetail } from './types';

const SKILL_OPTIONS = SUGGESTED_SKILLS.map((s) => ({ value: s, label: s }));
const AVAILABILITY_OPTIONS = AVAILABILITIES.map((a) => ({ value: a, label: AVAILABILITY_ZH[a] }));

interface UnitDrawerProps {
  unitId: number | null;
  forces: Force[];
  onClose: () => void;
  /** The list reloads after any change made here. */
  onChanged: () => void;
}

/** One response unit: who leads it, its strength, and its roster with skills and availability. */
export function UnitDrawer({ unitId, forces, onClose, onChanged }: UnitDrawerProps) {
  const { can } = useAuth();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const manage = can('manage:mobilization');
  const [unit, setUnit] = useState<UnitDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [importing, setImporting] = useState(false);
  const [member, setMember] = useState<RosterEntry | null>(null);

  const load = useCallback(async (id: number) => {
    setError(null);
    try {
      setUnit(await api.get<UnitDetail>(`/api/mobilization/units/${id}`));
    } catch (err) {
      setError(errorText(err));
    }
  }, []);

  useEffect(() => {
    setUnit(null);
    setEditing(false);
    if (unitId) void load(unitId);
  }, [unitId, load]);

  const changed = async () => {
    if (unitId) await load(unitId);
    onChanged();
  };

  const remove = async (m: RosterEntry) => {
    try {
      await api.post(`/api/mobilization/units/${unitId}/members/${m.id}/remove`);
      message.success(`已将「${m.name}」移出名单`);
      await changed();
    } catch (err) {
      message.error(errorText(err));
    }
  };

  const u = unit;
  return (
    <Drawer
      open={unitId != null}
      onClose={onClose}
      size={screens.md ? 760 : '100%'}
      title={u ? u.name : '应急响应单元'}
      extra={
        u &&
        manage && (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
            修改
          </Button>
        )
      }
    >
      {error && <Alert type="error" showIcon title={error} role="alert" />}
      {!u && !error && <Spin />}
      {u && (
        <Flex vertical gap={16}>
          {u.archived && <Alert type="warning" showIcon title="该单元已停用，不能被激活" />}
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2 }}
            items={[
              { key: 'org', label: '所属单位', children: u.orgUnitName },
              { key: 'force', label: '所属队伍', children: u.forceName ?? '—' },
              { key: 'leader', label: '负责人', children: u.leader ? `${u.leader.name}${u.leader.phoneMasked ? `（${u.leader.phoneMasked}）` : ''}` : <span style={{ color: '#cf1322' }}>未指定</span> },
              { key: 'deputy', label: '副负责人', children: u.deputy ? `${u.deputy.name}${u.deputy.phoneMasked ? `（${u.deputy.phoneMasked}）` : ''}` : '—' },
              {
                key: 'strength',
                label: '力量',
                children: (
                  <span data-testid="drawer-strength">
                    在册 {u.rosterSize} 人，可调 <b style={{ color: u.underStrength ? '#cf1322' : undefined }}>{u.available}</b> 人，最低到岗 {u.minStrength} 人
                    {u.underStrength && (
                      <Tag color="error" style={{ marginInlineStart: 6 }}>
                        缺员 {u.minStrength - u.available} 人
                      </Tag>
                    )}
                  </span>
                ),
              },
              ...(u.note ? [{ key: 'note', label: '备注', children: u.note }] : []),
            ]}
          />

          <div>
            <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
              <Typography.Title level={5} style={{ margin: 0 }}>
                成员名单（{u.roster.length}）
              </Typography.Title>
              {manage && (
                <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
                  导入 Excel
                </Button>
              )}
            </Flex>
            {manage && !u.archived && <AddMemberForm unitId={u.id} onAdded={() => void changed()} />}
            <Table<RosterEntry>
              data-testid="roster-table"
              rowKey="id"
              size="small"
              dataSource={u.roster}
              pagination={u.roster.length > 50 ? { pageSize: 50, showSizeChanger: false, size: 'small' } : false}
              columns={[
                {
                  title: '姓名',
                  dataIndex: 'name',
                  render: (name: string, m) => (
                    <>
                      <Space size={4} wrap>
                        <span>{name}</span>
                        {m.position !== 'member' && <Tag color={m.position === 'leader' ? 'red' : 'volcano'}>{m.positionName}</Tag>}
                        {m.otherUnits > 0 && (
                          <Tooltip title="同时在其他单元名单中；几个单元同时激活时只通知一次">
                            <Tag color="purple">另在 {m.otherUnits} 个单元</Tag>
                          </Tooltip>
                        )}
                      </Space>
                      <div style={{ fontSize: 12, color: '#999' }}>{[m.homeUnitName, m.phoneMasked].filter(Boolean).join(' · ')}</div>
                      {/* The skills column is hidden on phones; the skills ride along here instead. */}
                      {!screens.sm && m.skills.length > 0 && <div style={{ fontSize: 12 }}>{m.skills.join('、')}</div>}
                    </>
                  ),
                },
                {
                  title: '技能',
                  dataIndex: 'skills',
                  responsive: ['sm'],
                  render: (s: string[]) => (s.length ? s.map((x) => <Tag key={x}>{x}</Tag>) : <span style={{ color: '#bbb' }}>—</span>),
                },
                {
                  title: '可调状态',
                  dataIndex: 'availability',
                  render: (a: Availability, m) => (
                    <>
                      <Tag color={AVAILABILITY_COLOR[a]}>{m.availabilityName}</Tag>
                      {m.availabilityNote && <div style={{ fontSize: 12, color: '#999' }}>{m.availabilityNote}</div>}
                    </>
                  ),
                },
                ...(manage
                  ? [
                      {
                        title: '',
                        key: 'actions',
                        width: 80,
                        render: (_: unknown, m: RosterEntry) => (
                          <Space size={0}>
                            <Button type="text" size="small" icon={<EditOutlined />} aria-label={`修改「${m.name}」的技能和可调状态`} onClick={() => setMember(m)} />
                            {m.position === 'member' ? (
                              <Popconfirm title={`将「${m.name}」移出本单元名单？`} okText="移出" cancelText="取消" onConfirm={() => remove(m)}>
                                <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={`移出「${m.name}」`} />
                              </Popconfirm>
                            ) : (
                              <Tooltip title="负责人、副负责人请在「修改」中更换">
                                <Button type="text" size="small" icon={<DeleteOutlined />} disabled aria-label={`移出「${m.name}」`} />
                              </Tooltip>
                            )}
                          </Space>
                        ),
                      },
                    ]
                  : []),
              ]}
              locale={{ emptyText: '名单为空' }}
            />
          </div>
        </Flex>
      )}
      {u && editing && (
        <UnitFormModal
          unit={u}
          forces={forces}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            void changed();
          }}
        />
      )}
      {u && member && <RosterMemberModal unitId={u.id} member={member} onCancel={() => setMember(null)} onSaved={() => (setMember(null), void changed())} />}
      {u && (
        <ImportWizard
          open={importing}
          onClose={() => setImporting(false)}
          subject={`「${u.name}」成员`}
          uploadPath={`/api/mobilization/units/${u.id}/members/import`}
          templateLabel="下载成员导入模板"
          downloadTemplate={() => api.download('/api/mobilization/roster-template', undefined, '应急单元成员导入模板.xlsx')}
          onImported={() => void changed()}
        />
      )}
    </Drawer>
  );
}

interface AddValues {
  personId?: number;
  skills: string[];
  availability: Availability;
}

/** 编入成员: pick someone from the registry, with skills (suggested or typed) and availability. */
function AddMemberForm({ unitId, onAdded }: { unitId: number; onAdded: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<AddValues>();
  const [busy, setBusy] = useState(false);
  const add = async (v: AddValues) => {
    setBusy(true);
    try {
      await api.post(`/api/mobilization/units/${unitId}/members`, { personId: v.personId, skills: v.skills ?? [], availability: v.availability });
      message.success('已编入名单');
      form.resetFields();
      onAdded();
    } catch (err) {
      if (!applyServerErrors(form, err, ['personId', 'skills', 'availability'])) message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form<AddValues> form={form} name="add-member" layout="inline" initialValues={{ skills: [], availability: 'available' }} onFinish={(v) => void add(v)} style={{ marginBottom: 12, rowGap: 8 }} data-testid="add-member-form">
      <Form.Item name="personId" rules={[{ required: true, message: '请选择人员' }]} style={{ flex: '1 1 200px', marginInlineEnd: 8 }}>
        <PersonPicker aria-label="编入人员" placeholder="从人员库选择：姓名或拼音首字母" style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="skills" style={{ flex: '1 1 180px', marginInlineEnd: 8 }}>
        <Select mode="tags" aria-label="技能" placeholder="技能（可输入其他）" options={SKILL_OPTIONS} maxCount={20} />
      </Form.Item>
      <Form.Item name="availability" style={{ flex: '0 0 130px', marginInlineEnd: 8 }}>
        <Select aria-label="可调状态" options={AVAILABILITY_OPTIONS} />
      </Form.Item>
      <Form.Item style={{ marginInlineEnd: 0 }}>
        <Button htmlType="submit" type="primary" icon={<UserAddOutlined />} loading={busy}>
          编入
        </Button>
      </Form.Item>
    </Form>
  );
}

interface MemberValues {
  skills: string[];
  availability: Availability;
  availabilityNote?: string;
}

function RosterMemberModal({ unitId, member, onSaved, onCancel }: { unitId: number; member: RosterEntry; onSaved: () => void; onCancel: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<MemberValues>();
  const [busy, setBusy] = useState(false);
  const save = async (v: MemberValues) => {
    setBusy(true);
    try {
      await api.patch(`/api/mobilization/units/${unitId}/members/${member.id}`, { version: member.version, skills: v.skills, availability: v.availability, availabilityNote: v.availabilityNote?.trim() || null });
      message.success('已保存');
      onSaved();
    } catch (err) {
      if (err instanceof ApiError && err.isVersionConflict) {
        // Two fields of one roster line: reloading is simpler than comparing versions.
        message.warning('该成员信息刚被他人修改，已载入最新内容，请重新修改');
        onSaved();
      } else if (!applyServerErrors(form, err, ['skills', 'availability', 'availabilityNote'])) message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={`修改成员：${member.name}`} okText="保存" onOk={() => form.submit()} confirmLoading={busy} onCancel={onCancel} destroyOnHidden>
      <Form<MemberValues> form={form} layout="vertical" initialValues={{ skills: member.skills, availability: member.availability, availabilityNote: member.availabilityNote ?? '' }} onFinish={(v) => void save(v)}>
        <Form.Item label="技能" name="skills">
          <Select mode="tags" options={SKILL_OPTIONS} maxCount={20} placeholder="选择或输入技能" />
        </Form.Item>
        <Form.Item label="可调状态" name="availability" extra="「暂不可调」的成员激活时不通知">
          <Select options={AVAILABILITY_OPTIONS} />
        </Form.Item>
        <Form.Item label="可调说明" name="availabilityNote">
          <Input maxLength={200} placeholder="如：周末可调、长期在外地" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
