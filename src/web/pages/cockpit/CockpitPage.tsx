import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Flex, Grid, Result, Select, Space, Spin, Tabs, Typography } from 'antd';
import { DesktopOutlined, EditOutlined, ReloadOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { COCKPIT_SCOPE_ZH } from '../../../shared/cockpit';
import { useAuth } from '../../auth';
import { PageSpinner } from '../../components/PageSpinner';
import { SubscribeDigestButton } from '../digest/SubscribeDigestButton';
import { CockpitGrid } from './CockpitGrid';
import { clockText } from './display';
import { useCockpitList, useCockpitView, yearOptions } from './useCockpit';

/**
 * A cockpit in the app (/cockpit/:id?year=): where the county stands at a glance — each card
 * opens its drill-down. Tabs switch between the 全市 cockpit and the departments'; 大屏模式 opens
 * the wall view. Counters are read again every minute.
 */
export default function CockpitPage() {
  const { id } = useParams();
  const { can } = useAuth();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const year = /^\d{4}$/.test(params.get('year') ?? '') ? params.get('year') : null;
  const list = useCockpitList();
  const view = useCockpitView(id, year, 60_000);
  const v = view.data;
  const withYear = (path: string) => (year ? `${path}?year=${year}` : path);

  if (view.error && !v) {
    return <Result status="warning" title={view.error} extra={<Link to="/cockpit?list=1">返回驾驶舱列表</Link>} />;
  }
  if (!v) return <PageSpinner />;

  const cockpits = list.data ?? [];
  return (
    <Flex vertical gap={12} data-testid="cockpit-page">
      {cockpits.length > 1 && (
        <Tabs
          activeKey={String(v.cockpit.id)}
          onChange={(key) => navigate(withYear(`/cockpit/${key}`))}
          items={cockpits.map((c) => ({ key: String(c.id), label: COCKPIT_SCOPE_ZH[c.scope] ?? c.title }))}
          style={{ marginBottom: -12 }}
          aria-label="切换驾驶舱"
        />
      )}
      <Card size="small" styles={{ body: { padding: screens.md ? '12px 16px' : '10px 12px' } }}>
        <Flex justify="space-between" align="center" gap={8} wrap>
          <div style={{ minWidth: 0 }}>
            <Typography.Title level={screens.md ? 3 : 4} style={{ margin: 0 }} data-testid="cockpit-title">
              {v.cockpit.title}
            </Typography.Title>
            <Typography.Text type="secondary">
              {v.cockpit.unit.name} · 数据更新于 {clockText(v.asOf)}
              {view.loading && <Spin size="small" style={{ marginInlineStart: 8 }} />}
            </Typography.Text>
          </div>
          <Space wrap size={8}>
            <Select
              value={v.year}
              onChange={(y: number) => setParams({ year: String(y) })}
              options={yearOptions(v.year)}
              style={{ width: 104 }}
              aria-label="年份"
            />
            <Button icon={<ReloadOutlined />} onClick={view.reload} aria-label="刷新" title="刷新" />
            <Button icon={<DesktopOutlined />} onClick={() => navigate(withYear(`/screen/${v.cockpit.id}`))}>
              大屏模式
            </Button>
            <SubscribeDigestButton cockpit={v.cockpit} cockpits={cockpits} />
            {can('define:indicators') && (
              <Button icon={<EditOutlined />} onClick={() => navigate(`/cockpit/${v.cockpit.id}/edit`)}>
                编辑
              </Button>
            )}
            {cockpits.length > 1 && screens.md && <Button icon={<UnorderedListOutlined />} onClick={() => navigate('/cockpit?list=1')} aria-label="全部驾驶舱" title="全部驾驶舱" />}
          </Space>
        </Flex>
      </Card>
      {view.stale && <Alert type="warning" showIcon title={`刷新失败，显示的是 ${clockText(v.asOf)} 的数据：${view.error}`} />}
      <CockpitGrid view={v} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        点击卡片查看下钻分析；指标卡显示截至{v.year}年有数据的最近一年。
      </Typography.Text>
    </Flex>
  );
}
