import { useCallback, useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Descriptions, Flex, Grid, Input, Popconfirm, Progress, Row, Segmented, Statistic, Table, Tag, Typography, type TableProps } from 'antd';
import { BellOutlined, DownloadOutlined, LockOutlined, ReloadOutlined, UnlockOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { api } from '../../api';
import { useAuth } from '../../auth';
import { errorText } from '../../components/applyServerErrors';
import { PageSpinner } from '../../components/PageSpinner';
import { RemindersModal } from './RemindersModal';
import { STATUS_COLOR, STATUS_ORDER, STATUS_ZH, dateTime } from './display';
import type { CreatedNotice, ProgressUnit, SubmissionStatus, TaskProgress } from './types';

/** The board refreshes itself so a county cadre can leave it open on deadline day. */
const REFRESH_MS = 15_000;

type Filter = SubmissionStatus | 'all' | 'overdue';

/** 0.0022 → "0.2%", 1 → "100%": one decimal so a single unit of hundreds still shows. */
const pct = (share: number) => `${Math.round(share * 1000) / 10}%`;

/**
 * 填报进度: how many units are at each step, the share approved, and every unit of the viewer's
 * area with what is holding it up. Clicking a unit opens its form.
 */
export default function TaskProgressPage() {
  const { id } = useParams();
  const taskId = Number(id);
  const navigate = useNavigate();
  const location = useLocation();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const screens = Grid.useBreakpoint();
  const filter = (params.get('status') ?? 'all') as Filter;
  const [q, setQ] = useState('');
  const [data, setData] = useState<TaskProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadedAt, setLoadedAt] = useState<Date | null>(null);
  const [reminding, setReminding] = useState(false);
  const [exporting, setExporting] = useState(false);
  const { can } = useAuth();
  const [created, setCreated] = useState<CreatedNotice | null>((location.state as { created?: CreatedNotice } | null)?.created ?? null);

  const load = useCallback(async () => {
    try {
      setData(await api.get<TaskProgress>(`/api/tasks/${taskId}/progress`));
      setLoadedAt(new Date());
      setError(null);
    } catch (err) {
      setError(errorText(err));
    }
  }, [taskId]);

  useEffect(() => {
    void load();
    const timer = setInterval(() => {
      // A background tab need not poll; it catches up when shown again.
      if (!document.hidden) void load();
    }, REFRESH_MS);
    const onVisible = () => !document.hidden && void load();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [load]);

  if (!data) return error ? <Alert type="error" showIcon title={error} role="alert" /> : <PageSpinner />;
  const { task, units } = data;
  const c = task.counts;
  const setFilter = (f: Filter) => setParams(f === 'all' ? {} : { status: f }, { replace: true });
  const shown = units.filter(
    (u) => (filter === 'all' || (filter === 'overdue' ? u.overdue : u.status === filter)) && (!q || u.unitName.includes(q) || (u.parentName ?? '').includes(q)),
  );

  const exportXlsx = async () => {
    setExporting(true);
    try {
      await api.download(`/api/tasks/${taskId}/progress/export`, undefined, `${task.title}-进度.xlsx`, 'POST');
      message.success('已开始下载');
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setExporting(false);
    }
  };

  const columns: TableProps<ProgressUnit>['columns'] = [
    { title: '上级单位', dataIndex: 'parentName', responsive: ['sm'], render: (v: string | null) => v ?? '—' },
    {
      title: '单位',
      dataIndex: 'unitName',
      render: (name: string, u) => (
        <>
          <Link to={`/tasks/${taskId}/units/${u.unitId}`} onClick={(e) => e.stopPropagation()} style={{ color: u.overdue ? '#cf1322' : undefined }}>
            {name}
          </Link>
          <div style={{ fontSize: 12, color: '#999' }}>
            {/* The parent column is hidden on phones; its name rides along here instead. */}
            {!screens.sm && u.parentName ? `${u.parentName} · ` : ''}
            {u.unitTypeName}
          </div>
        </>
      ),
    },
    {
      title: '状态',
      dataIndex: 'status',
      render: (s: SubmissionStatus, u) => (
        <Flex gap={4} wrap>
          <Tag color={STATUS_COLOR[s]} style={{ marginInlineEnd: 0 }}>
            {u.statusName}
          </Tag>
          {u.overdue && (
            <Tag color="red" variant="solid" style={{ marginInlineEnd: 0 }}>
              逾期
            </Tag>
          )}
          {u.reopenCount > 0 && <Tag style={{ marginInlineEnd: 0 }}>更正 {u.reopenCount} 次</Tag>}
        </Flex>
      ),
    },
    { title: '已填', dataIndex: 'filled', width: 70, responsive: ['md'], render: (n: number) => `${n}/${task.indicators.length}` },
    { title: '报送时间', dataIndex: 'submittedAt', responsive: ['md'], render: (v: string | null) => dateTime(v) },
    { title: '审核人', dataIndex: 'reviewedBy', responsive: ['lg'], render: (v: string | null) => v ?? '—' },
    {
      title: '退回原因',
      dataIndex: 'returnReason',
      responsive: ['md'],
      render: (v: string | null, u) => (v && u.status === 'returned' ? <span style={{ color: '#cf1322' }}>{v}</span> : v ? <span style={{ color: '#999' }}>{v}</span> : '—'),
    },
  ];

  const stat = (key: Filter, title: string, value: number, color?: string) => (
    <Col xs={8} sm={8} md={4} key={key}>
      <Card
        size="small"
        hoverable
        onClick={() => setFilter(filter === key ? 'all' : key)}
        style={{ borderColor: filter === key ? '#c8102e' : undefined, cursor: 'pointer' }}
        aria-pressed={filter === key}
        data-testid={`count-${key}`}
      >
        <Statistic title={title} value={value} styles={{ content: { color, fontSize: 22 } }} />
      </Card>
    </Col>
  );

  return (
    <Flex vertical gap={12}>
      {created && (
        <Alert
          type="success"
          showIcon
          closable={{ onClose: () => setCreated(null) }}
          title={`任务已下发至 ${created.units} 个单位，共 ${created.indicators} 项指标`}
          description={created.overlaps > 0 ? `${created.overlaps} 项已由其他任务收集，不重复填报` : undefined}
        />
      )}
      {error && <Alert type="warning" showIcon title={`刷新失败：${error}`} />}
      <Card size="small">
        {/* Title and buttons in the body, not the card header, so a long title wraps on a phone. */}
        <Flex justify="space-between" align="flex-start" gap={8} wrap style={{ marginBottom: 8 }}>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {task.title} <Typography.Text type="secondary">· {task.periodLabel}</Typography.Text> {task.closed && <Tag>已结束</Tag>}
          </Typography.Title>
          <Flex gap={8} wrap>
            <Button icon={<BellOutlined />} onClick={() => setReminding(true)}>
              一键提醒
            </Button>
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportXlsx()}>
              导出 Excel
            </Button>
            {can('issue:tasks') && (
              <Popconfirm
                title={task.closed ? '重新开放后，各单位可以继续填报。' : '结束后，各单位不能再填写或修改；已报送的仍可审核。'}
                okText={task.closed ? '重新开放' : '结束任务'}
                cancelText="取消"
                onConfirm={async () => {
                  try {
                    await api.post(`/api/tasks/${taskId}/close`, { version: task.version, closed: !task.closed });
                    message.success(task.closed ? '任务已重新开放' : '任务已结束');
                    void load();
                  } catch (err) {
                    message.error(errorText(err));
                    void load();
                  }
                }}
              >
                <Button icon={task.closed ? <UnlockOutlined /> : <LockOutlined />}>{task.closed ? '重新开放' : '结束任务'}</Button>
              </Popconfirm>
            )}
          </Flex>
        </Flex>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'deadline', label: '截止时间', children: <span style={{ color: task.overdue ? '#cf1322' : undefined }}>{dateTime(task.deadline)}{task.overdue && '（已过截止时间）'}</span> },
            { key: 'issuer', label: '下发人', children: task.issuedBy },
            { key: 'indicators', label: '指标', children: task.indicators.map((i) => i.name).join('、') },
            ...(task.note ? [{ key: 'note', label: '说明', children: task.note }] : []),
          ]}
        />
        <div style={{ marginTop: 8 }}>
          <Flex justify="space-between" wrap gap={8} style={{ fontSize: 13 }}>
            <span>
              已审核 <b data-testid="approved-share">{pct(data.approvedShare)}</b>（{c.approved}/{c.total}），已报送（含已审核）{pct(data.submittedShare)}
            </span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              每 15 秒自动刷新{loadedAt && ` · 更新于 ${dayjs(loadedAt).format('HH:mm:ss')}`}
              <Button type="link" size="small" icon={<ReloadOutlined />} onClick={() => void load()} aria-label="立即刷新" />
            </Typography.Text>
          </Flex>
          <Progress
            percent={Math.round(data.submittedShare * 100)}
            success={{ percent: Math.round(data.approvedShare * 100) }}
            format={() => pct(data.approvedShare)}
            aria-label="审核进度"
          />
        </div>
      </Card>

      <Row gutter={[8, 8]}>
        {stat('not_started', STATUS_ZH.not_started, c.not_started)}
        {stat('draft', STATUS_ZH.draft, c.draft, '#d48806')}
        {stat('submitted', STATUS_ZH.submitted, c.submitted, '#1677ff')}
        {stat('returned', STATUS_ZH.returned, c.returned, '#cf1322')}
        {stat('approved', STATUS_ZH.approved, c.approved, '#389e0d')}
        {stat('overdue', '逾期', c.overdue, c.overdue ? '#cf1322' : undefined)}
      </Row>

      <Card size="small" title="单位填报情况" styles={{ header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 } }}>
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Segmented<Filter>
            value={filter}
            onChange={setFilter}
            options={[{ value: 'all', label: '全部' }, ...STATUS_ORDER.map((s) => ({ value: s, label: STATUS_ZH[s] })), { value: 'overdue', label: '逾期' }]}
            style={{ maxWidth: '100%', overflowX: 'auto' }}
          />
          <Input.Search allowClear placeholder="搜索单位" onSearch={setQ} onChange={(e) => !e.target.value && setQ('')} style={{ width: 200 }} aria-label="搜索单位" />
        </Flex>
        <Table<ProgressUnit>
          data-testid="progress-units"
          rowKey="unitId"
          size="small"
          columns={columns}
          dataSource={shown}
          rowClassName="clickable-row"
          onRow={(u) => ({
            onClick: () => navigate(`/tasks/${taskId}/units/${u.unitId}`),
            style: u.overdue ? { background: '#fff1f0' } : undefined,
          })}
          pagination={{ pageSize: 20, showSizeChanger: false, size: 'small', hideOnSinglePage: true, showTotal: (n) => `共 ${n} 个单位` }}
          locale={{ emptyText: filter === 'all' ? '没有填报单位' : `没有「${filter === 'overdue' ? '逾期' : STATUS_ZH[filter]}」的单位` }}
        />
        {c.total > 0 && c.approved === c.total && <Alert type="success" showIcon title="全部单位已审核通过" style={{ marginTop: 12 }} />}
      </Card>
      <RemindersModal taskId={taskId} open={reminding} onClose={() => setReminding(false)} />
    </Flex>
  );
}
