import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Empty, Flex, Progress, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { ClockCircleOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { api } from '../../api';
import { useAuth } from '../../auth';
import { errorText } from '../../components/applyServerErrors';
import { PageSpinner } from '../../components/PageSpinner';
import { OWING, STATUS_COLOR, dateTime } from './display';
import type { MyFillItem, MyReviewItem, MyTasks, SubmissionStatus, TaskListItem } from './types';

/** What needs the unit's hands first: returned, then not started, then drafts; done last. */
const FILL_ORDER: Record<SubmissionStatus, number> = { returned: 0, not_started: 1, draft: 2, submitted: 3, approved: 4 };

/**
 * 填报任务: the cadre's own to-do first — forms to fill (a village cadre on a phone sees only
 * this) and submissions of the units below to review — then, for issuers and reviewers, every
 * task reaching their area with its progress.
 */
export default function TasksPage() {
  const { can } = useAuth();
  const navigate = useNavigate();
  // Everyone but a pure filler (a village) follows the tasks of their area; leaders read only.
  const seesAll = can('issue:tasks') || can('review:tasks') || !can('fill:tasks');
  const [mine, setMine] = useState<MyTasks | null>(null);
  const [all, setAll] = useState<TaskListItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [showDone, setShowDone] = useState(false);

  const load = useCallback(async () => {
    try {
      const [m, a] = await Promise.all([api.get<MyTasks>('/api/tasks/mine'), seesAll ? api.get<TaskListItem[]>('/api/tasks') : Promise.resolve(null)]);
      setMine(m);
      setAll(a);
      setError(null);
    } catch (err) {
      setError(errorText(err));
    }
  }, [seesAll]);

  useEffect(() => {
    void load();
  }, [load]);

  if (!mine && !error) return <PageSpinner />;
  const fill = [...(mine?.fill ?? [])].sort((a, b) => FILL_ORDER[a.status as SubmissionStatus] - FILL_ORDER[b.status as SubmissionStatus]);
  const review = mine?.review ?? [];
  // Signed-off forms stay reachable but out of the way: the list is for what still needs doing.
  const open = fill.filter((f) => f.status !== 'approved');
  const done = fill.filter((f) => f.status === 'approved');

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {error && <Alert type="error" showIcon title={error} role="alert" />}
      {/* County issuers rarely fill anything themselves: an empty list would only take room. */}
      {can('fill:tasks') && mine && (fill.length > 0 || !can('issue:tasks')) && (
        <Card title={`待我填报（${fill.filter((f) => OWING.includes(f.status as SubmissionStatus)).length}）`} size="small" data-testid="fill-list">
          {open.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无需要本单位填报的任务" />
          ) : (
            <Flex vertical gap={8}>
              {open.map((f) => (
                <FillCard key={f.taskId} item={f} unitId={mine.unitId} />
              ))}
            </Flex>
          )}
          {done.length > 0 && (
            <>
              <Button type="link" size="small" style={{ paddingInline: 0, marginTop: 8 }} onClick={() => setShowDone((v) => !v)} aria-expanded={showDone}>
                {showDone ? '收起已审核的任务' : `已审核的任务（${done.length}）`}
              </Button>
              {showDone && (
                <Flex vertical gap={8} style={{ marginTop: 4 }}>
                  {done.map((f) => (
                    <FillCard key={f.taskId} item={f} unitId={mine.unitId} />
                  ))}
                </Flex>
              )}
            </>
          )}
        </Card>
      )}

      {can('review:tasks') && (
        <Card title={`待我审核（${review.length}）`} size="small" data-testid="review-list">
          {review.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无等待审核的报送" />
          ) : (
            <Flex vertical gap={8}>
              {review.map((r) => (
                <ReviewCard key={`${r.taskId}-${r.unitId}`} item={r} />
              ))}
            </Flex>
          )}
        </Card>
      )}

      {seesAll && all && (
        <AllTasks
          tasks={all}
          extra={
            can('issue:tasks') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/tasks/new')}>
                下发任务
              </Button>
            )
          }
        />
      )}
    </Space>
  );
}

/** One form to fill: big enough to tap on a phone, the whole card is the link. */
function FillCard({ item, unitId }: { item: MyFillItem; unitId: number }) {
  const status = item.status as SubmissionStatus;
  const late = item.task.overdue && OWING.includes(status);
  return (
    <Link to={`/tasks/${item.taskId}/units/${unitId}`} style={{ color: 'inherit' }} aria-label={`填报：${item.task.title}`}>
      <Card size="small" hoverable styles={{ body: { padding: 12 } }}>
        <Flex align="center" gap={8}>
          <div style={{ flex: 1, minWidth: 0 }}>
            <Flex wrap gap={6} align="center">
              <Typography.Text strong style={{ fontSize: 15 }}>
                {item.task.title}
              </Typography.Text>
              <Tag color={STATUS_COLOR[status]} style={{ marginInlineEnd: 0 }}>
                {item.statusName}
              </Tag>
            </Flex>
            <div style={{ fontSize: 13, color: late ? '#cf1322' : '#888', marginTop: 4 }}>
              {item.task.periodLabel} · <ClockCircleOutlined /> 截止 {dateTime(item.task.deadline)}
              {late && <b> · 已逾期</b>}
            </div>
            {status === 'returned' && item.returnReason && (
              <div style={{ fontSize: 13, color: '#cf1322', marginTop: 4 }}>退回原因：{item.returnReason}</div>
            )}
          </div>
          <RightOutlined style={{ color: '#bbb' }} />
        </Flex>
      </Card>
    </Link>
  );
}

function ReviewCard({ item }: { item: MyReviewItem }) {
  return (
    <Link to={`/tasks/${item.taskId}/units/${item.unitId}`} style={{ color: 'inherit' }} aria-label={`审核：${item.unitName} ${item.task.title}`}>
      <Card size="small" hoverable styles={{ body: { padding: 12 } }}>
        <Flex align="center" gap={8}>
          <div style={{ flex: 1, minWidth: 0 }}>
            <Typography.Text strong style={{ fontSize: 15 }}>
              {item.unitName}
            </Typography.Text>
            <span style={{ marginInlineStart: 8 }}>{item.task.title}</span>
            <div style={{ fontSize: 13, color: '#888', marginTop: 4 }}>
              {item.task.periodLabel} · 报送于 {dateTime(item.submittedAt)}
            </div>
          </div>
          <Tag color="processing">待审核</Tag>
          <RightOutlined style={{ color: '#bbb' }} />
        </Flex>
      </Card>
    </Link>
  );
}

/** Every task reaching the user's area, with approved / total inside that area. */
function AllTasks({ tasks, extra }: { tasks: TaskListItem[]; extra?: ReactNode }) {
  const navigate = useNavigate();
  const columns: TableProps<TaskListItem>['columns'] = [
    {
      title: '任务',
      dataIndex: 'title',
      render: (title: string, t) => (
        <>
          <Link to={`/tasks/${t.id}`} onClick={(e) => e.stopPropagation()}>
            {title}
          </Link>
          <div style={{ fontSize: 12, color: '#888' }}>{t.periodLabel}</div>
        </>
      ),
    },
    {
      title: '截止时间',
      dataIndex: 'deadline',
      responsive: ['sm'],
      render: (d: string, t) => <span style={{ color: t.overdue && t.counts.approved < t.counts.total ? '#cf1322' : undefined }}>{dateTime(d)}</span>,
    },
    {
      title: '审核进度',
      key: 'progress',
      width: 220,
      render: (_, t) => {
        const { total, approved, submitted } = t.counts;
        return (
          <div>
            <Progress
              percent={total ? Math.round(((approved + submitted) / total) * 100) : 0}
              success={{ percent: total ? Math.round((approved / total) * 100) : 0 }}
              showInfo={false}
              size="small"
              aria-label={`已审核 ${approved}/${total}`}
            />
            <div style={{ fontSize: 12, color: '#666' }}>
              已审核 {approved}/{total}
              {submitted > 0 && ` · 待审核 ${submitted}`}
            </div>
          </div>
        );
      },
    },
    {
      title: '逾期未报',
      key: 'overdue',
      width: 90,
      responsive: ['md'],
      render: (_, t) => (t.counts.overdue ? <Tag color="error">{t.counts.overdue}</Tag> : <span style={{ color: '#bbb' }}>0</span>),
    },
    { title: '下发人', dataIndex: 'issuedBy', responsive: ['lg'] },
  ];
  return (
    <Card title="全部任务" size="small" extra={extra}>
      <Table<TaskListItem>
        data-testid="all-tasks"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={tasks}
        rowClassName="clickable-row"
        onRow={(t) => ({ onClick: () => navigate(`/tasks/${t.id}`) })}
        pagination={tasks.length > 20 ? { pageSize: 20, showSizeChanger: false, size: 'small' } : false}
        locale={{ emptyText: '暂无任务' }}
      />
    </Card>
  );
}
