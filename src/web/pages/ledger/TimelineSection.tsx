import { useEffect, useState } from 'react';
import { Alert, Spin, Timeline, Typography } from 'antd';
import { api } from '../../api';
import { errorText } from '../../components/applyServerErrors';
import { fmtTime } from './display';
import type { TimelineEntry } from './types';

/** 修改记录: who changed the record when, from the audit log (newest first). */
export function TimelineSection({ segment, recordId, refreshKey }: { segment: string; recordId: number; refreshKey: string }) {
  const [entries, setEntries] = useState<TimelineEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  // The key changes with every save or upload, so the timeline follows the record.
  useEffect(() => {
    let cancelled = false;
    api
      .get<TimelineEntry[]>(`/api/${segment}/${recordId}/timeline`)
      .then((e) => !cancelled && setEntries(e))
      .catch((err) => !cancelled && setError(errorText(err)));
    return () => {
      cancelled = true;
    };
  }, [segment, recordId, refreshKey]);

  return (
    <div data-testid="record-timeline">
      <Typography.Title level={5}>修改记录</Typography.Title>
      {error && <Alert type="error" showIcon title={error} />}
      {!entries && !error && <Spin size="small" />}
      {entries && entries.length === 0 && <Typography.Text type="secondary">暂无记录</Typography.Text>}
      {entries && entries.length > 0 && (
        <Timeline
          items={[...entries].reverse().map((e) => ({
            key: e.id,
            content: (
              <>
                <div>{e.summary}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {fmtTime(e.at)} · {e.actorName}
                </Typography.Text>
              </>
            ),
          }))}
        />
      )}
    </div>
  );
}
