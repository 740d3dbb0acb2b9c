import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Divider, Drawer, Flex, Grid, Popconfirm, Space, Spin, Tag } from 'antd';
import { EditOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import { KIND_SEGMENT, RECORD_KIND_ZH, type RecordKind } from '../../../shared/ledger';
import { api, ApiError } from '../../api';
import { errorText } from '../../components/applyServerErrors';
import { AttachmentsSection } from './AttachmentsSection';
import { CaseWorkflow } from './CaseWorkflow';
import { RecordFields } from './RecordFields';
import { RecordFormDrawer } from './RecordFormDrawer';
import { TimelineSection } from './TimelineSection';
import type { Category, RecordDetail } from './types';

interface RecordDrawerProps {
  kind: RecordKind;
  recordId: number | null;
  categories: Category[];
  onClose: () => void;
  /** The list reloads after any change made here. */
  onChanged: () => void;
}

/**
 * One record: every field with its category's attributes, the attachments, for a case its
 * workflow trail and the steps allowed now, and the change timeline from the audit log.
 */
export function RecordDrawer({ kind, recordId, categories, onClose, onChanged }: RecordDrawerProps) {
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [record, setRecord] = useState<RecordDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const segment = KIND_SEGMENT[kind];

  const load = useCallback(
    async (id: number) => {
      setError(null);
      try {
        setRecord(await api.get<RecordDetail>(`/api/${segment}/${id}`));
      } catch (err) {
        setError(errorText(err));
      }
    },
    [segment],
  );

  useEffect(() => {
    setRecord(null);
    setEditing(false);
    if (recordId) void load(recordId);
  }, [recordId, load]);

  const changed = async () => {
    if (recordId) await load(recordId);
    onChanged();
  };

  const archive = async (archived: boolean) => {
    if (!record) return;
    try {
      await api.post(`/api/${segment}/${record.id}/archive`, { version: record.version, archived });
      message.success(archived ? '已作废（保留留痕）' : '已恢复');
      await changed();
    } catch (err) {
      if (err instanceof ApiError && err.isVersionConflict) {
        message.warning('记录刚被他人修改，已载入最新版本，请核对后再操作');
        await changed();
      } else message.error(errorText(err));
    }
  };

  const r = record;
  const category = r ? categories.find((c) => c.id === r.categoryId) : undefined;
  return (
    <Drawer
      open={recordId != null}
      onClose={onClose}
      size={screens.md ? 820 : '100%'}
      title={r ? r.title : RECORD_KIND_ZH[kind]}
      extra={
        r?.canEdit && (
          <Space>
            {!r.archived && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                修改
              </Button>
            )}
            {r.archived ? (
              <Button icon={<UndoOutlined />} onClick={() => void archive(false)}>
                恢复
              </Button>
            ) : (
              <Popconfirm title="作废这条记录？" description="作废后不计入统计，可恢复；记录和修改留痕都保留。" okText="作废" cancelText="取消" onConfirm={() => archive(true)}>
                <Button icon={<StopOutlined />} danger aria-label="作废">
                  {screens.sm ? '作废' : null}
                </Button>
              </Popconfirm>
            )}
          </Space>
        )
      }
    >
      {error && <Alert type="error" showIcon title={error} role="alert" />}
      {!r && !error && <Spin />}
      {r && (
        <Flex vertical gap={16} data-testid="record-drawer">
          {r.archived && <Alert type="warning" showIcon title="该记录已作废，不计入统计" />}
          {kind === 'case' && r.status === 'closed' && (
            <Tag color="success" style={{ alignSelf: 'flex-start' }}>
              已销号，不能再修改
            </Tag>
          )}
          <RecordFields kind={kind} record={r} category={category} />
          {kind === 'case' && <CaseWorkflow record={r} onChanged={() => void changed()} />}
          <Divider style={{ margin: 0 }} />
          <AttachmentsSection segment={segment} recordId={r.id} files={r.files} canEdit={r.canEdit || !!r.actions?.length} onChanged={() => void changed()} />
          <Divider style={{ margin: 0 }} />
          <TimelineSection segment={segment} recordId={r.id} refreshKey={`${r.version}-${r.files.length}`} />
        </Flex>
      )}
      {r && editing && (
        <RecordFormDrawer
          kind={kind}
          record={r}
          categories={categories}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            void changed();
          }}
        />
      )}
    </Drawer>
  );
}
