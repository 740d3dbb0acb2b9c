import { Alert, Button, Modal, Space, Table } from 'antd';

export interface ConflictField {
  key: string;
  label: string;
}

export interface VersionConflictModalProps {
  open: boolean;
  /** Field-by-field display text of what the user tried to save. */
  mine: Record<string, string>;
  /** The same fields of the version someone else saved meanwhile. */
  theirs: Record<string, string>;
  fields: ConflictField[];
  busy?: boolean;
  /** Discard my edits and show the newer version. */
  onReloadTheirs: () => void;
  /** Save my values again on top of the newer version (with its version number). */
  onReapplyMine: () => void;
  onCancel: () => void;
}

/**
 * Shown on a 409 version conflict: someone saved the record after it was opened here. The
 * user sees both versions side by side and decides — nothing is overwritten silently.
 */
export function VersionConflictModal({ open, mine, theirs, fields, busy, onReloadTheirs, onReapplyMine, onCancel }: VersionConflictModalProps) {
  const rows = fields.map((f) => ({ ...f, mine: mine[f.key] ?? '', theirs: theirs[f.key] ?? '', changed: (mine[f.key] ?? '') !== (theirs[f.key] ?? '') }));
  return (
    <Modal
      open={open}
      title="该记录已被他人修改"
      onCancel={onCancel}
      width={720}
      footer={
        <Space wrap>
          <Button onClick={onReloadTheirs} disabled={busy}>
            放弃我的修改，载入最新版本
          </Button>
          <Button type="primary" onClick={onReapplyMine} loading={busy}>
            在最新版本上重新提交我的修改
          </Button>
        </Space>
      }
    >
      <Alert
        type="warning"
        showIcon
        title="您编辑期间，其他人已保存了这条记录。请对照两个版本，选择保留哪一个。"
        style={{ marginBottom: 12 }}
      />
      <Table
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={rows}
        rowClassName={(r) => (r.changed ? 'diff-changed' : '')}
        scroll={{ x: 480 }}
        columns={[
          { title: '字段', dataIndex: 'label', width: 100 },
          { title: '我的修改', dataIndex: 'mine', render: (v: string) => <span style={{ whiteSpace: 'pre-line' }}>{v || '—'}</span> },
          { title: '他人保存的版本', dataIndex: 'theirs', render: (v: string) => <span style={{ whiteSpace: 'pre-line' }}>{v || '—'}</span> },
        ]}
      />
    </Modal>
  );
}
