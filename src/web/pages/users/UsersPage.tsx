import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Form, Input, Row, Select, Space, Table, Tag, type TableProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { ROLES, ROLE_ZH, type Role } from '../../../shared/roles';
import { api } from '../../api';
import { errorText } from '../../components/applyServerErrors';
import type { Page, UserItem } from '../../types';
import { TempPasswordModal } from './TempPasswordModal';
import { UserFormModal } from './UserFormModal';

const PAGE_SIZE = 20;

/** 正常/停用/锁定/待改密: an account can be several of these at once. */
function statusTags(u: UserItem) {
  const tags = [];
  if (u.disabled) tags.push(<Tag key="disabled" color="default">停用</Tag>);
  if (u.locked) tags.push(<Tag key="locked" color="red">锁定</Tag>);
  if (u.mustChangePassword) tags.push(<Tag key="pw" color="orange">待改密</Tag>);
  if (!tags.length) tags.push(<Tag key="ok" color="green">正常</Tag>);
  return <Space size={[0, 4]} wrap>{tags}</Space>;
}

/** 账号管理: accounts within the admin's subtree. */
export default function UsersPage() {
  const { modal, message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const q = params.get('q') ?? '';
  const role = (params.get('role') as Role | null) ?? undefined;
  const [qText, setQText] = useState(q);
  const [data, setData] = useState<Page<UserItem>>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<UserItem | 'new' | null>(null);
  const [temp, setTemp] = useState<{ username: string; password: string } | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await api.get<Page<UserItem>>('/api/users', { q, role, page, pageSize: PAGE_SIZE }));
      setError(null);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setLoading(false);
    }
  }, [q, role, page]);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => setQText(q), [q]);

  const setFilter = (patch: { q?: string; role?: string; page?: number }) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries({ page: undefined, ...patch })) {
      if (v === undefined || v === '' || v === 1) next.delete(k);
      else next.set(k, String(v));
    }
    setParams(next);
  };

  const resetPassword = (u: UserItem) =>
    modal.confirm({
      title: `重置「${u.displayName}」（${u.username}）的密码？`,
      content: '将生成新的临时密码并解除锁定；该账号当前的登录会被退出，下次登录须修改密码。',
      okText: '重置密码',
      cancelText: '取消',
      onOk: async () => {
        try {
          const r = await api.post<{ temporaryPassword: string }>(`/api/users/${u.id}/reset-password`);
          setTemp({ username: u.username, password: r.temporaryPassword });
          void load();
        } catch (err) {
          message.error(errorText(err));
        }
      },
    });

  const columns: TableProps<UserItem>['columns'] = [
    { title: '用户名', dataIndex: 'username' },
    { title: '姓名', dataIndex: 'displayName' },
    { title: '角色', dataIndex: 'roleName' },
    { title: '所属单位', dataIndex: 'orgUnitName', responsive: ['md'] },
    { title: '状态', key: 'status', render: (_v, u) => statusTags(u) },
    { title: '最后登录', dataIndex: 'lastLoginAt', responsive: ['lg'], render: (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—') },
    {
      title: '操作',
      key: 'actions',
      render: (_v, u) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => setEditing(u)}>
            编辑
          </Button>
          <Button type="link" size="small" onClick={() => resetPassword(u)}>
            重置密码
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <Card
      title="账号管理"
      size="small"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          新建账号
        </Button>
      }
    >
      <Form layout="vertical" component="div">
        <Row gutter={12}>
          <Col xs={24} sm={12} lg={8}>
            <Form.Item label="关键字" htmlFor="users-q" style={{ marginBottom: 12 }}>
              <Input.Search id="users-q" allowClear placeholder="用户名或姓名" value={qText} onChange={(e) => setQText(e.target.value)} onSearch={(v) => setFilter({ q: v.trim() })} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={6}>
            <Form.Item label="角色" htmlFor="users-role" style={{ marginBottom: 12 }}>
              <Select id="users-role" allowClear placeholder="全部" value={role} options={ROLES.map((r) => ({ value: r, label: ROLE_ZH[r] }))} onChange={(v) => setFilter({ role: v })} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Table<UserItem>
        data-testid="users-table"
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data.items}
        scroll={{ x: 560 }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: data.total, showSizeChanger: false, showTotal: (n) => `共 ${n} 个账号`, onChange: (p) => setFilter({ page: p }) }}
      />
      {editing && (
        <UserFormModal
          user={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void load();
          }}
          onCreated={(u, password) => {
            setEditing(null);
            setTemp({ username: u.username, password });
            void load();
          }}
        />
      )}
      <TempPasswordModal username={temp?.username ?? ''} password={temp?.password ?? null} onClose={() => setTemp(null)} />
    </Card>
  );
}
