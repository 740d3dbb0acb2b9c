import { useState, type ReactNode } from 'react';
import { Popover, Spin, Timeline, Typography } from 'antd';
import { api } from '../../api';
import { errorText } from '../../components/applyServerErrors';
import { dateTime, figure } from './display';
import type { ValueHistoryEntry } from './types';

const ACTION_ZH: Record<string, string> = {
  save: '保存草稿',
  submit: '报送',
  approve: '审核通过',
  return: '退回修改',
  unapprove: '撤销审核',
  reopen: '退回更正',
};

/** Review steps that send a figure back carry a reason rather than a new value. */
const SENT_BACK = ['return', 'reopen', 'unapprove'];

interface ValueHistoryProps {
  taskId: number;
  unitId: number;
  indicatorId: number;
  unit: string;
  children: ReactNode;
}

/** A popover over `children` listing every change to one figure, loaded when first opened. */
export function ValueHistory({ taskId, unitId, indicatorId, unit, children }: ValueHistoryProps) {
  const [rows, setRows] = useState<ValueHistoryEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    try {
      setRows(await api.get<ValueHistoryEntry[]>(`/api/tasks/${taskId}/units/${unitId}/history/${indicatorId}`));
      setError(null);
    } catch (err) {
      setError(errorText(err));
    }
  };

  const content = error ? (
    <Typography.Text type="danger">{error}</Typography.Text>
  ) : !rows ? (
    <Spin size="small" />
  ) : rows.length === 0 ? (
    '暂无修改记录'
  ) : (
    <Timeline
      style={{ marginTop: 8, marginBottom: -16 }}
      items={rows.map((r, i) => ({
        key: i,
        color: SENT_BACK.includes(r.action) ? '#cf1322' : r.action === 'approve' ? '#389e0d' : '#1677ff',
        content: (
          <div style={{ fontSize: 13 }}>
            <div>
              <b>{ACTION_ZH[r.action] ?? r.action}</b>
              {r.action === 'approve' ? (
                <span>
                  ：审核值 {figure(r.newValue)} {unit}
                </span>
              ) : (
                !SENT_BACK.includes(r.action) && (
                  <span>
                    ：{figure(r.oldValue)} → {figure(r.newValue)} {unit}
                  </span>
                )
              )}
            </div>
            {r.reason && <div style={{ color: '#cf1322' }}>原因：{r.reason}</div>}
            <div style={{ color: '#999', fontSize: 12 }}>
              {r.actorName} · {dateTime(r.at)}
            </div>
          </div>
        ),
      }))}
    />
  );

  return (
    <Popover
      title="修改记录"
      trigger="click"
      content={<div style={{ maxWidth: 320, maxHeight: 360, overflowY: 'auto' }}>{content}</div>}
      onOpenChange={(open) => open && void load()}
    >
      {children}
    </Popover>
  );
}
