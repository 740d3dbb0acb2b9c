import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Flex, Input, Segmented, Table, Tag, Typography, type TableProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api } from '../../api';
import { useAuth } from '../../auth';
import { useApi } from '../indicators/useApi';
import { MODE_SHORT, STATUS_COLOR, dateTime, type SurveyStatus } from './display';
import type { SurveyItem } from './types';

const FILTERS: { value: SurveyStatus | 'all'; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'open', label: '收集中' },
  { value: 'draft', label: '草稿' },
  { value: 'closed', label: '已结束' },
];

/**
 * 群众评价: the questionnaires run in the account's area, and those asking about units in it
 * (a village sees the county's survey about itself, with its own results only).
 */
export default function SurveysPage() {
  const { can } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') as SurveyStatus | null) ?? undefined;
  const q = params.get('q') ?? '';
  const list = useApi<SurveyItem[]>(`${status ?? ''}:${q}`, () => api.get<SurveyItem[]>('/api/surveys', { status, q }));

  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };

  const columns: TableProps<SurveyItem>['columns'] = [
    {
      title: '问卷',
      dataIndex: 'title',
      render: (title: string, s) => (
        <>
          <Link to={`/surveys/${s.id}`}>{title}</Link>
          <div style={{ fontSize: 12, color: '#999' }}>
            {s.ownerName} · {dateTime(s.createdAt)}
          </div>
        </>
      ),
    },
    { title: '期次', dataIndex: 'period', width: 80, responsive: ['sm'], render: (p: string | null) => p ?? '—' },
    { title: '方式', dataIndex: 'mode', width: 90, responsive: ['md'], render: (m: SurveyItem['mode']) => MODE_SHORT[m] },
    { title: '状态', dataIndex: 'statusName', width: 90, render: (n: string, s) => <Tag color={STATUS_COLOR[s.status]}>{n}</Tag> },
    { title: '评价对象', dataIndex: 'targets', width: 90, align: 'right', responsive: ['sm'] },
    { title: '答卷', dataIndex: 'responses', width: 80, align: 'right' },
  ];

  return (
    <Card
      size="small"
      title="群众评价"
      extra={
        can('manage:surveys') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/surveys/new')}>
            新建问卷
          </Button>
        )
      }
    >
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Segmented options={FILTERS} value={status ?? 'all'} onChange={(v) => set({ status: v === 'all' ? undefined : String(v) })} />
        <Input.Search allowClear placeholder="按标题搜索" defaultValue={q} onSearch={(v) => set({ q: v.trim() || undefined })} style={{ width: 220 }} aria-label="按标题搜索" />
      </Flex>
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 12 }} />}
      <Table<SurveyItem>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        onRow={(s) => ({ onClick: () => navigate(`/surveys/${s.id}`), className: 'clickable-row' })}
        locale={{ emptyText: <Typography.Text type="secondary">{can('manage:surveys') ? '还没有问卷，点「新建问卷」开始' : '暂无与本单位有关的问卷'}</Typography.Text> }}
      />
    </Card>
  );
}
