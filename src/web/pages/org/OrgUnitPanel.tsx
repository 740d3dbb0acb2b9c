import { useState } from 'react';
import { Alert, App, Breadcrumb, Button, Card, Descriptions, Empty, Space, Tag } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { ALLOWED_CHILDREN, type OrgType } from '../../../shared/org-types';
import { api, ApiError } from '../../api';
import { useAuth } from '../../auth';
import { errorText } from '../../components/applyServerErrors';
import { ImportWizard } from '../../components/ImportWizard';
import { VersionConflictModal } from '../../components/VersionConflictModal';
import type { OrgUnit, OrgUnitDetail } from '../../types';
import { MoveUnitModal } from './MoveUnitModal';
import { UnitFormModal, type UnitFormTarget } from './UnitFormModal';

interface OrgUnitPanelProps {
  detail: OrgUnitDetail | null;
  error: string | null;
  onSelect: (id: number) => void;
  /** Reload the unit and the tree levels (by parent id) whose children changed. */
  onChanged: (affectedParents: (number | null)[]) => Promise<void>;
}

const statusOf = (u: { archived: boolean }) => (u.archived ? '已归档' : '正常');

/** Right side of the org page: where the unit sits, its facts, and what the user may do to it. */
export function OrgUnitPanel({ detail, error, onSelect, onChanged }: OrgUnitPanelProps) {
  const { can } = useAuth();
  const { modal, message } = App.useApp();
  const [form, setForm] = useState<UnitFormTarget | null>(null);
  const [moving, setMoving] = useState(false);
  const [importing, setImporting] = useState(false);
  const [archiveConflict, setArchiveConflict] = useState<OrgUnit | null>(null);
  const [busy, setBusy] = useState(false);

  if (error) return <Alert type="error" showIcon title={error} />;
  if (!detail) return <Card loading />;
  const u = detail;
  const writable = can('write:org');
  const canHaveChildren = ALLOWED_CHILDREN[u.type].length > 0 && !u.archived;

  const openEdit = async () => {
    // The type list depends on the parent's type; the parent may lie outside the user's scope.
    let parentType: OrgType | undefined;
    if (u.parentId) parentType = await api.get<OrgUnit>(`/api/org/units/${u.parentId}`).then((p) => p.type).catch(() => undefined);
    setForm({ kind: 'edit', unit: u, parentType });
  };

  const setArchived = async (archive: boolean, version: number) => {
    setBusy(true);
    try {
      await api.post(`/api/org/units/${u.id}/${archive ? 'archive' : 'restore'}`, { version });
      message.success(archive ? `已归档「${u.name}」` : `已恢复「${u.name}」`);
      setArchiveConflict(null);
      await onChanged([u.parentId]);
    } catch (err) {
      if (err instanceof ApiError && err.isVersionConflict) setArchiveConflict(err.current as OrgUnit);
      else message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const confirmArchive = () =>
    modal.confirm({
      title: u.archived ? `恢复「${u.name}」？` : `归档「${u.name}」？`,
      content: u.archived
        ? '恢复后该单位重新出现在组织架构中。'
        : '归档后该单位不再出现在组织架构和选择框中，历史记录仍保留，可随时恢复。须先归档或移走其全部下级单位。',
      okText: u.archived ? '恢复' : '归档',
      cancelText: '取消',
      onOk: () => setArchived(!u.archived, u.version),
    });

  const exportTree = async () => {
    try {
      await api.download(`/api/org/units/${u.id}/export`, undefined, '组织架构.xlsx');
    } catch (err) {
      message.error(errorText(err));
    }
  };

  return (
    <Card
      size="small"
      title={
        <Space wrap>
          <span>{u.name}</span>
          <Tag>{u.typeName}</Tag>
          {u.archived && <Tag color="orange">已归档</Tag>}
        </Space>
      }
    >
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[...u.ancestors.map((a) => ({ title: <a onClick={() => onSelect(a.id)}>{a.name}</a> })), { title: u.name }]}
      />
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, sm: 2 }}
        items={[
          { key: 'code', label: '编码', children: u.code },
          { key: 'type', label: '类型', children: u.typeName },
          { key: 'children', label: '下级单位数', children: u.childCount },
          { key: 'status', label: '状态', children: statusOf(u) },
          { key: 'version', label: '版本', children: u.version },
        ]}
      />
      <Space wrap style={{ marginTop: 16 }}>
        {writable && (
          <>
            <Button type="primary" disabled={!canHaveChildren} onClick={() => setForm({ kind: 'create', parent: u })}>
              新建下级单位
            </Button>
            <Button onClick={() => void openEdit()} disabled={u.archived}>
              重命名/修改
            </Button>
            <Button onClick={() => setMoving(true)} disabled={u.archived}>
              移动
            </Button>
            <Button danger={!u.archived} onClick={confirmArchive} loading={busy}>
              {u.archived ? '恢复' : '归档'}
            </Button>
          </>
        )}
        <Button icon={<DownloadOutlined />} onClick={() => void exportTree()}>
          导出 Excel
        </Button>
        {writable && (
          <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
            导入 Excel
          </Button>
        )}
      </Space>
      {!writable && <Alert type="info" showIcon style={{ marginTop: 16 }} title="您的角色只能查看组织架构。" />}

      {form && (
        <UnitFormModal
          target={form}
          onCancel={() => setForm(null)}
          onReload={() => {
            setForm(null);
            void onChanged([u.parentId]);
          }}
          onSaved={(saved) => {
            setForm(null);
            // A new child changes this unit's level; an edit changes the parent's level.
            void onChanged(form.kind === 'create' ? [u.id] : [u.parentId, saved.id]);
          }}
        />
      )}
      {moving && (
        <MoveUnitModal
          unit={u}
          onCancel={() => setMoving(false)}
          onReload={() => {
            setMoving(false);
            void onChanged([u.parentId]);
          }}
          onMoved={(moved, oldParentId) => {
            setMoving(false);
            void onChanged([oldParentId, moved.parentId]);
          }}
        />
      )}
      {archiveConflict && (
        <VersionConflictModal
          open
          fields={[
            { key: 'name', label: '名称' },
            { key: 'code', label: '编码' },
            { key: 'status', label: '状态' },
          ]}
          mine={{ name: u.name, code: u.code, status: u.archived ? '正常（恢复）' : '已归档（归档）' }}
          theirs={{ name: archiveConflict.name, code: archiveConflict.code, status: statusOf(archiveConflict) }}
          busy={busy}
          onCancel={() => setArchiveConflict(null)}
          onReloadTheirs={() => {
            setArchiveConflict(null);
            void onChanged([u.parentId]);
          }}
          onReapplyMine={() => void setArchived(!u.archived, archiveConflict.version)}
        />
      )}
      <ImportWizard
        open={importing}
        onClose={() => setImporting(false)}
        subject="组织架构"
        uploadPath="/api/org/import"
        templateLabel="下载当前架构作为模板（导出 Excel）"
        downloadTemplate={exportTree}
        onImported={() => void onChanged([u.id, u.parentId])}
      />
    </Card>
  );
}
