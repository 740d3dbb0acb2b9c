import { useEffect } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Dropdown, Empty, Flex, Space, Tag, Typography } from 'antd';
import { DashboardOutlined, DesktopOutlined, PlusOutlined } from '@ant-design/icons';
import { COCKPIT_SCOPES, COCKPIT_SCOPE_ZH } from '../../../shared/cockpit';
import { useAuth } from '../../auth';
import { PageSpinner } from '../../components/PageSpinner';
import { dateTimeText } from './display';
import { useCockpitList } from './useCockpit';

/**
 * 驾驶舱 (/cockpit): opens the 全市 cockpit straight away; `?list=1` shows every cockpit of the
 * account instead (the 全市 one and the departments').
 */
export default function CockpitListPage() {
  const { can } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const showList = params.get('list') === '1';
  const list = useCockpitList();
  const county = list.data?.find((c) => c.scope === 'county');

  useEffect(() => {
    if (!showList && county) navigate(`/cockpit/${county.id}`, { replace: true });
  }, [showList, county, navigate]);

  if (list.error) return <Alert type="error" showIcon title={list.error} />;
  if (!list.data || (!showList && county)) return <PageSpinner />;

  const canEdit = can('define:indicators');
  const missing = COCKPIT_SCOPES.filter((s) => !list.data!.some((c) => c.scope === s));
  return (
    <Card
      size="small"
      title={
        <Space size={6}>
          <DashboardOutlined /> 驾驶舱
        </Space>
      }
      extra={
        canEdit &&
        missing.length > 0 && (
          <Dropdown menu={{ items: missing.map((s) => ({ key: s, label: COCKPIT_SCOPE_ZH[s], onClick: () => navigate(`/cockpit/new?scope=${s}`) })) }} trigger={['click']}>
            <Button icon={<PlusOutlined />}>新建驾驶舱</Button>
          </Dropdown>
        )
      }
      styles={{ header: { flexWrap: 'wrap', gap: 8 } }}
    >
      {list.data.length === 0 ? (
        <Empty description="暂无可查看的驾驶舱" />
      ) : (
        <Flex vertical gap={8} data-testid="cockpit-list">
          {list.data.map((c) => (
            <Card key={c.id} size="small" type="inner">
              <Flex justify="space-between" align="center" gap={8} wrap>
                <Flex vertical gap={2} style={{ minWidth: 0 }}>
                  <Flex gap={6} wrap align="center">
                    <Link to={`/cockpit/${c.id}`} style={{ fontSize: 16, fontWeight: 600 }}>
                      {c.title}
                    </Link>
                    <Tag>{COCKPIT_SCOPE_ZH[c.scope] ?? c.scope}</Tag>
                  </Flex>
                  <Typography.Text type="secondary">
                    {c.unit.name} · 第{c.version}版 · {c.updatedBy} 更新于 {dateTimeText(c.updatedAt)}
                  </Typography.Text>
                </Flex>
                <Space size={12}>
                  <Link to={`/screen/${c.id}`} aria-label={`${c.title}大屏模式`}>
                    <DesktopOutlined /> 大屏
                  </Link>
                  {canEdit && <Link to={`/cockpit/${c.id}/edit`}>编辑</Link>}
                </Space>
              </Flex>
            </Card>
          ))}
        </Flex>
      )}
    </Card>
  );
}
