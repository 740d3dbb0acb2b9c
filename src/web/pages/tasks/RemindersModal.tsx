import { useEffect, useState } from 'react';
import { Alert, App, Button, Flex, Input, Modal, Table, Tag } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import { api } from '../../api';
import { errorText } from '../../components/applyServerErrors';
import type { TaskReminders } from './types';

/** Copies text; falls back to a hidden textarea where the Clipboard API is unavailable (plain http). */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    /* fall back below */
  }
  const ta = document.createElement('textarea');
  ta.value = text;
  ta.setAttribute('readonly', '');
  ta.style.position = 'fixed';
  ta.style.opacity = '0';
  document.body.appendChild(ta);
  ta.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  ta.remove();
  return ok;
}

/**
 * 一键提醒: the units that still owe figures, who to contact there, and a message ready to paste
 * into a work chat group. The platform sends nothing itself.
 */
export function RemindersModal({ taskId, open, onClose }: { taskId: number; open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const [data, setData] = useState<TaskReminders | null>(null);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    setData(null);
    setError(null);
    api
      .get<TaskReminders>(`/api/tasks/${taskId}/reminders`)
      .then((r) => {
        if (cancelled) return;
        setData(r);
        setText(r.message);
      })
      .catch((err) => !cancelled && setError(errorText(err)));
    return () => {
      cancelled = true;
    };
  }, [open, taskId]);

  const copy = async (t: string, what: string) => {
    if (await copyText(t)) message.success(`${what}已复制，可粘贴到工作群`);
    else message.error('复制失败，请手动选中文字复制');
  };

  const roster = data?.units.map((u) => `${u.parentName ? `${u.parentName} ` : ''}${u.unitName}（${u.statusName}${u.overdue ? '，逾期' : ''}）${u.contacts.length ? `：${u.contacts.join('、')}` : ''}`).join('\n') ?? '';

  return (
    <Modal open={open} title="一键提醒" onCancel={onClose} footer={<Button onClick={onClose}>关闭</Button>} width={{ xs: '100%', md: 760 }} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} role="alert" />}
      {data && data.units.length === 0 && <Alert type="success" showIcon title="所有单位均已报送，无需提醒" />}
      {data && data.units.length > 0 && (
        <Flex vertical gap={12}>
          <div>
            <div style={{ marginBottom: 6 }}>提醒内容（可修改后复制）：</div>
            <Input.TextArea aria-label="提醒内容" value={text} onChange={(e) => setText(e.target.value)} autoSize={{ minRows: 3, maxRows: 6 }} />
            <Flex gap={8} wrap style={{ marginTop: 8 }}>
              <Button type="primary" icon={<CopyOutlined />} onClick={() => void copy(text, '提醒内容')}>
                复制提醒内容
              </Button>
              <Button icon={<CopyOutlined />} onClick={() => void copy(`${text}\n\n未完成单位：\n${roster}`, '提醒内容和名单')}>
                复制内容和名单
              </Button>
            </Flex>
          </div>
          <Table
            data-testid="reminder-units"
            size="small"
            rowKey="unitId"
            dataSource={data.units}
            pagination={data.units.length > 10 ? { pageSize: 10, showSizeChanger: false, size: 'small', showTotal: (n) => `共 ${n} 个单位未完成` } : false}
            scroll={{ x: 480 }}
            columns={[
              { title: '上级单位', dataIndex: 'parentName', render: (v: string | null) => v ?? '—' },
              { title: '单位', dataIndex: 'unitName' },
              {
                title: '状态',
                dataIndex: 'statusName',
                render: (s: string, u) => (
                  <>
                    <Tag color={u.overdue ? 'error' : 'default'}>{s}</Tag>
                    {u.overdue && <span style={{ color: '#cf1322' }}>逾期</span>}
                  </>
                ),
              },
              { title: '联系人', dataIndex: 'contacts', render: (c: string[]) => (c.length ? c.join('、') : <span style={{ color: '#999' }}>无账号</span>) },
            ]}
          />
        </Flex>
      )}
    </Modal>
  );
}
