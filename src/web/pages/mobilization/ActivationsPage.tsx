import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Empty, Flex, Grid, Progress, Select, Table, Tag, Typography, type TableProps } from 'antd';
import { ClockCircleOutlined, EnvironmentOutlined, PlusOutlined, RightOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { api } from '../../api';
import { useAuth } from '../../auth';
import { PageSpinner } from '../../components/PageSpinner';
import { useApi } from '../indicators/useApi';
import { LEVEL_COLOR, dateTime, levelText, pct } from './display';
import { MobilizationNav } from './MobilizationNav';
import type { ActivationItem, ActivationPage } from './types';

const PAGE_SIZE = 20;

/**
 * 激活令: the orders in force first, as cards to tap into their live board, then the stood-down
 * ones by year with their turnout — the record behind "13场疫情防控遭遇战".
 */
export default function ActivationsPage() {
  const { can } = useAuth();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const active = useApi<ActivationPage>('active', () => api.get<ActivationPage>('/api/activations', { status: 'active', pageSize: 100 }));
  const past = useApi<ActivationPage>(`past:${year ?? ''}:${page}`, () => api.get<ActivationPage>('/api/activations', { status: 'stood_down', year, page, pageSize: PAGE_SIZE }));
  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: thisYear - 2019 }, (_, i) => thisYear - i);

  if (!active.data && !active.error) return <PageSpinner />;

  const columns: TableProps<ActivationItem>['columns'] = [
    {
      title: '激活令',
      dataIndex: 'event',
      render: (event: string, a) => (
        <>
          <Link to={`/mobilization/activations/${a.id}`} onClick={(e) => e.stopPropagation()}>
            {event}
          </Link>
          <div style={{ fontSize: 12, color: '#999' }}>
            {/* The level column is hidden on phones; its tag rides along here instead. */}
            {!screens.sm && (
              <Tag color={LEVEL_COLOR[a.level]} style={{ fontSize: 11, lineHeight: '16px', marginInlineEnd: 4 }}>
                {a.levelName}
              </Tag>
            )}
            {dateTime(a.issuedAt)} · {a.issuerName}
          </div>
        </>
      ),
    },
    { title: '等级', dataIndex: 'levelName', width: 90, responsive: ['sm'], render: (l: string, a) => <Tag color={LEVEL_COLOR[a.level]}>{l}</Tag> },
    { title: '单元', dataIndex: 'units', width: 70, responsive: ['md'], align: 'right' },
    { title: '通知', dataIndex: 'members', width: 80, responsive: ['sm'], align: 'right', render: (n: number) => `${n} 人` },
    {
      title: '到岗',
      key: 'arrived',
      width: screens.sm ? 180 : 120,
      render: (_, a) => (
        <div>
          <Progress percent={Math.round(a.arrivedShare * 100)} size="small" showInfo={false} strokeColor="#52c41a" aria-label={`到岗率 ${pct(a.arrivedShare)}`} />
          <div style={{ fontSize: 12, color: '#666' }}>
            {a.arrived} 人 · {pct(a.arrivedShare)}
            {a.declined > 0 && screens.sm && ` · 无法到岗 ${a.declined}`}
          </div>
        </div>
      ),
    },
    { title: '解除时间', dataIndex: 'standDownAt', responsive: ['lg'], render: (v: string | null) => dateTime(v) },
  ];

  const activeItems = active.data?.items ?? [];
  return (
    <Flex vertical gap={12}>
      <MobilizationNav />
      {active.error && <Alert type="error" showIcon title={active.error} />}
      <Card
        size="small"
        title={
          <span>
            <ThunderboltOutlined style={{ color: '#c8102e' }} /> 激活中（{activeItems.length}）
          </span>
        }
        extra={
          can('command:mobilization') && (
            <Button type="primary" danger icon={<PlusOutlined />} onClick={() => navigate('/mobilization/new')}>
              发布激活令
            </Button>
          )
        }
        data-testid="active-orders"
      >
        {activeItems.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="当前没有激活中的激活令" />
        ) : (
          <Flex vertical gap={8}>
            {activeItems.map((a) => (
              <ActiveCard key={a.id} a={a} />
            ))}
          </Flex>
        )}
      </Card>
      <Card
        size="small"
        title="已解除"
        extra={
          <Select
            aria-label="年份"
            allowClear
            placeholder="全部年份"
            style={{ width: 120 }}
            value={year}
            options={years.map((y) => ({ value: y, label: `${y}年` }))}
            onChange={(y?: number) => setParams(y ? { year: String(y) } : {})}
          />
        }
      >
        {past.error && <Alert type="error" showIcon title={past.error} style={{ marginBottom: 12 }} />}
        <Table<ActivationItem>
          data-testid="past-orders"
          rowKey="id"
          size="middle"
          loading={past.loading}
          columns={columns}
          dataSource={past.data?.items ?? []}
          rowClassName="clickable-row"
          onRow={(a) => ({ onClick: () => navigate(`/mobilization/activations/${a.id}`) })}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: past.data?.total ?? 0,
            showSizeChanger: false,
            size: 'small',
            hideOnSinglePage: true,
            showTotal: (n) => `共 ${n} 次`,
            onChange: (p) => setParams({ ...(year ? { year: String(year) } : {}), page: String(p) }),
          }}
          locale={{ emptyText: '没有已解除的激活令' }}
        />
      </Card>
    </Flex>
  );
}

/** An order in force: big enough to tap on a phone, the whole card opens the live board. */
function ActiveCard({ a }: { a: ActivationItem }) {
  return (
    <Link to={`/mobilization/activations/${a.id}`} style={{ color: 'inherit' }} aria-label={`看板：${a.event}`}>
      <Card size="small" hoverable styles={{ body: { padding: 12 } }} style={{ borderInlineStart: `4px solid ${LEVEL_COLOR[a.level]}` }}>
        <Flex align="center" gap={8}>
          <div style={{ flex: 1, minWidth: 0 }}>
            <Flex wrap gap={6} align="center">
              <Typography.Text strong style={{ fontSize: 15 }}>
                {a.event}
              </Typography.Text>
              <Tag color={LEVEL_COLOR[a.level]} style={{ marginInlineEnd: 0 }}>
                {levelText(a.levelName)}
              </Tag>
            </Flex>
            <div style={{ fontSize: 13, color: '#888', marginTop: 4 }}>
              <EnvironmentOutlined /> {a.assemblyPoint} · <ClockCircleOutlined /> {dateTime(a.assemblyAt)} 前集结
            </div>
            <Flex align="center" gap={8} style={{ marginTop: 6 }}>
              <Progress percent={Math.round(a.arrivedShare * 100)} size="small" style={{ flex: 1, margin: 0 }} showInfo={false} strokeColor="#52c41a" aria-label={`到岗率 ${pct(a.arrivedShare)}`} />
              <span style={{ fontSize: 13, whiteSpace: 'nowrap' }}>
                到岗 <b>{a.arrived}</b>/{a.members}
                {a.declined > 0 && <span style={{ color: '#d46b08' }}> · 无法到岗 {a.declined}</span>}
              </span>
            </Flex>
          </div>
          <RightOutlined style={{ color: '#bbb' }} />
        </Flex>
      </Card>
    </Link>
  );
}
