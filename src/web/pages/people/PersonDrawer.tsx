import { useEffect, useState } from 'react';
import { Alert, App, Button, Descriptions, Drawer, Empty, Grid, Space, Spin, Table, Tag, Typography } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import { PARTY_STATUS_ZH, PERSON_ROLE_ZH } from '../../../shared/person-roles';
import { api, ApiError } from '../../api';
import { useAuth } from '../../auth';
import { errorText } from '../../components/applyServerErrors';
import { VersionConflictModal } from '../../components/VersionConflictModal';
import type { PersonDetail, PersonRoleDetail } from '../../types';
import { GENDER_ZH, ROLE_COLORS } from './display';

interface PersonDrawerProps {
  personId: number | null;
  /** Bumped by the list after a save so an open drawer re-reads the person. */
  refreshKey: number;
  onClose: () => void;
  onEdit: (p: PersonDetail) => void;
  onChanged: () => void;
}

/** Details of one person with their roles; full ID and phone only on request, and logged. */
export function PersonDrawer({ personId, refreshKey, onClose, onEdit, onChanged }: PersonDrawerProps) {
  const { can } = useAuth();
  const { modal, message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [person, setPerson] = useState<PersonDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [revealed, setRevealed] = useState<{ idNumber: string; phone: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState<PersonDetail | null>(null);

  const load = async (id: number) => {
    setError(null);
    try {
      setPerson(await api.get<PersonDetail>(`/api/people/${id}`));
    } catch (err) {
      setError(errorText(err));
    }
  };

  useEffect(() => {
    setPerson(null);
    setRevealed(null);
    if (personId) void load(personId);
  }, [personId, refreshKey]);

  const reveal = async () => {
    if (!person) return;
    setBusy(true);
    try {
      setRevealed(await api.post(`/api/people/${person.id}/reveal`));
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const setArchived = async (archive: boolean, version: number) => {
    if (!person) return;
    setBusy(true);
    try {
      await api.post(`/api/people/${person.id}/${archive ? 'archive' : 'restore'}`, { version });
      message.success(archive ? `已归档「${person.name}」` : `已恢复「${person.name}」`);
      setConflict(null);
      await load(person.id);
      onChanged();
    } catch (err) {
      if (err instanceof ApiError && err.isVersionConflict) setConflict(err.current as PersonDetail);
      else message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const confirmArchive = () => {
    if (!person) return;
    modal.confirm({
      title: person.archived ? `恢复「${person.name}」？` : `归档「${person.name}」？`,
      content: person.archived ? '恢复后该人员重新出现在人员库中。' : '归档后该人员不再出现在人员库列表中（勾选「含已归档」可查看），记录仍保留，可随时恢复。',
      okText: person.archived ? '恢复' : '归档',
      cancelText: '取消',
      onOk: () => setArchived(!person.archived, person.version),
    });
  };

  const p = person;
  return (
    <Drawer
      open={personId != null}
      onClose={onClose}
      title={p ? p.name : '人员详情'}
      size={screens.md ? 560 : '100%'}
      extra={
        p &&
        can('write:people') && (
          <Space>
            <Button onClick={() => onEdit(p)} disabled={p.archived}>
              编辑
            </Button>
            <Button danger={!p.archived} onClick={confirmArchive} loading={busy}>
              {p.archived ? '恢复' : '归档'}
            </Button>
          </Space>
        )
      }
    >
      {error && <Alert type="error" showIcon title={error} />}
      {!p && !error && <Spin />}
      {p && (
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          {p.archived && <Alert type="warning" showIcon title="该人员已归档" />}
          <Descriptions
            size="small"
            bordered
            column={1}
            items={[
              { key: 'name', label: '姓名', children: p.name },
              { key: 'gender', label: '性别', children: GENDER_ZH[p.gender] },
              { key: 'birth', label: '出生日期', children: p.birthDate },
              { key: 'id', label: '身份证号', children: <Typography.Text code>{revealed ? revealed.idNumber : p.idMasked}</Typography.Text> },
              { key: 'phone', label: '手机号', children: (revealed ? revealed.phone : p.phoneMasked) ?? '—' },
              { key: 'unit', label: '所在单位', children: p.orgUnitName },
              { key: 'note', label: '备注', children: p.note || '—' },
              { key: 'version', label: '版本', children: p.version },
            ]}
          />
          {can('reveal:people') && !revealed && (
            <Space orientation="vertical" size={4}>
              <Button icon={<EyeOutlined />} onClick={() => void reveal()} loading={busy}>
                查看完整信息
              </Button>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                查看完整身份证号和手机号将记入审计日志。
              </Typography.Text>
            </Space>
          )}
          {revealed && <Alert type="info" showIcon title="此操作已记入审计日志" />}
          <Typography.Title level={5} style={{ margin: 0 }}>
            身份
          </Typography.Title>
          {p.roles.length === 0 ? <Empty description="暂无身份记录" image={Empty.PRESENTED_IMAGE_SIMPLE} /> : <RolesTable roles={p.roles} />}
        </Space>
      )}
      {conflict && p && (
        <VersionConflictModal
          open
          fields={[
            { key: 'name', label: '姓名' },
            { key: 'unit', label: '所在单位' },
            { key: 'status', label: '状态' },
          ]}
          mine={{ name: p.name, unit: p.orgUnitName, status: p.archived ? '正常（恢复）' : '已归档（归档）' }}
          theirs={{ name: conflict.name, unit: conflict.orgUnitName, status: conflict.archived ? '已归档' : '正常' }}
          busy={busy}
          onCancel={() => setConflict(null)}
          onReloadTheirs={() => {
            setConflict(null);
            setPerson(conflict);
            onChanged();
          }}
          onReapplyMine={() => void setArchived(!p.archived, conflict.version)}
        />
      )}
    </Drawer>
  );
}

function RolesTable({ roles }: { roles: PersonRoleDetail[] }) {
  return (
    <Table<PersonRoleDetail>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={roles}
      scroll={{ x: 420 }}
      columns={[
        { title: '类别', dataIndex: 'role', render: (r: PersonRoleDetail['role']) => <Tag color={ROLE_COLORS[r]}>{PERSON_ROLE_ZH[r]}</Tag> },
        { title: '所在组织', dataIndex: 'orgUnitName', render: (v: string | null) => v ?? '—' },
        { title: '起止', key: 'range', render: (_v, r) => (r.endDate ? `${r.startDate} 至 ${r.endDate}` : `${r.startDate} 起`) },
        {
          title: '状态/职务',
          key: 'extra',
          render: (_v, r) => [r.status ? PARTY_STATUS_ZH[r.status] + '党员' : null, r.post, r.rank].filter(Boolean).join(' · ') || '—',
        },
      ]}
    />
  );
}
