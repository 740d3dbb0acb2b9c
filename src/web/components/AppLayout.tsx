import { Suspense, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { Button, Drawer, Dropdown, Grid, Layout, Menu, Typography, type MenuProps } from 'antd';
import {
  ApartmentOutlined,
  AuditOutlined,
  AimOutlined,
  AlertOutlined,
  BarChartOutlined,
  BookOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  DownOutlined,
  EnvironmentOutlined,
  FileDoneOutlined,
  FileSearchOutlined,
  FileTextOutlined,
  FormOutlined,
  HeatMapOutlined,
  HomeOutlined,
  BankOutlined,
  GlobalOutlined,
  IdcardOutlined,
  SolutionOutlined,
  LinkOutlined,
  ImportOutlined,
  MenuOutlined,
  ProfileOutlined,
  ReadOutlined,
  SmileOutlined,
  TeamOutlined,
  TrophyOutlined,
  UploadOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useAuth, useMe } from '../auth';
import { PageSpinner } from './PageSpinner';
import { InboxBell } from '../pages/digest/InboxBell';

const TITLE = '丽州 · 县域党建工作平台';
const REPORTS_GROUP = 'reports-group';
const MAPS_GROUP = 'maps-group';

/** The 综述与核验 entry a /reports page belongs to (a draft belongs to 年度综述). */
function reportsKey(pathname: string): string | null {
  const [, first, second] = pathname.split('/');
  if (first !== 'reports') return null;
  if (second === 'templates' || second === 'check' || second === 'import') return `/reports/${second}`;
  return '/reports';
}

/** The 地图 entry a /maps page belongs to. */
function mapsKey(pathname: string): string | null {
  const [, first, second] = pathname.split('/');
  if (first !== 'maps') return null;
  return second === 'care' || second === 'boundaries' ? `/maps/${second}` : '/maps';
}

/** The 人才公寓 or 海外引才 entry a /talent page of theirs belongs to. */
function housingKey(pathname: string): string | null {
  return ['/talent/apartments', '/talent/recruitment'].find((k) => pathname === k || pathname.startsWith(`${k}/`)) ?? null;
}

/** Shell of every signed-in page: side menu on wide screens, a drawer menu on phones. */
export function AppLayout() {
  const me = useMe();
  const { can, logout } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const [drawerOpen, setDrawerOpen] = useState(false);
  // Before the first measurement every breakpoint is undefined; assume desktop to avoid a flash.
  const isMobile = screens.md === false;

  // 综述与核验: each entry by its own permission; 数据核验 also for accounts that read indicators.
  const reportItems = [
    ...(can('read:reports') ? [{ key: '/reports', icon: <ReadOutlined />, label: <Link to="/reports">年度综述</Link> }] : []),
    ...(can('write:reports') ? [{ key: '/reports/templates', icon: <ProfileOutlined />, label: <Link to="/reports/templates">综述模板</Link> }] : []),
    ...(can('read:reports') || can('read:indicators') ? [{ key: '/reports/check', icon: <FileSearchOutlined />, label: <Link to="/reports/check">数据核验</Link> }] : []),
    ...(can('define:indicators') ? [{ key: '/reports/import', icon: <ImportOutlined />, label: <Link to="/reports/import">导入往年综述</Link> }] : []),
  ];
  // 地图: the maps for anyone reading indicators; uploading boundaries for those who edit the tree.
  const mapItems = [
    ...(can('read:indicators') ? [{ key: '/maps', icon: <HeatMapOutlined />, label: <Link to="/maps">指标地图</Link> }] : []),
    ...(can('read:indicators') ? [{ key: '/maps/care', icon: <EnvironmentOutlined />, label: <Link to="/maps/care">养老设施三色图</Link> }] : []),
    ...(can('write:org') ? [{ key: '/maps/boundaries', icon: <UploadOutlined />, label: <Link to="/maps/boundaries">上传边界</Link> }] : []),
  ];
  // A personal account (个人) sees only its own pages; every staff entry below needs a staff permission.
  const selfItems: NonNullable<MenuProps['items']> = [
    // Entries of the cadre's home and the talent's applications are added here by their modules.
    { key: '/me', icon: <IdcardOutlined />, label: <Link to="/me">干部之家</Link> },
    { key: '/me/applications', icon: <FileDoneOutlined />, label: <Link to="/me/applications">我的人才申请</Link> },
  ];
  const items: MenuProps['items'] = [
    { key: '/', icon: <HomeOutlined />, label: <Link to="/">首页</Link> },
    ...(can('self:service') ? selfItems : []),
    ...(can('read:indicators') ? [{ key: '/cockpit', icon: <DashboardOutlined />, label: <Link to="/cockpit">驾驶舱</Link> }] : []),
    ...(can('read:org') ? [{ key: '/org', icon: <ApartmentOutlined />, label: <Link to="/org">组织架构</Link> }] : []),
    ...(can('read:people') ? [{ key: '/people', icon: <TeamOutlined />, label: <Link to="/people">人员库</Link> }] : []),
    ...(can('manage:cadres') ? [{ key: '/cadres', icon: <SolutionOutlined />, label: <Link to="/cadres">干部之家管理</Link> }] : []),
    ...(can('read:indicators') ? [{ key: '/tasks', icon: <FormOutlined />, label: <Link to="/tasks">填报任务</Link> }] : []),
    ...(can('read:mobilization') ? [{ key: '/mobilization', icon: <AlertOutlined />, label: <Link to="/mobilization">应急动员</Link> }] : []),
    ...(can('read:ledger') ? [{ key: '/ledger', icon: <BookOutlined />, label: <Link to="/ledger/activities">工作台账</Link> }] : []),
    ...(can('read:ledger') ? [{ key: '/pairings', icon: <LinkOutlined />, label: <Link to="/pairings">结对联系</Link> }] : []),
    ...(can('read:assessment') ? [{ key: '/assessment', icon: <TrophyOutlined />, label: <Link to="/assessment">考评排名</Link> }] : []),
    ...(can('read:assessment') ? [{ key: '/surveys', icon: <SmileOutlined />, label: <Link to="/surveys">群众评价</Link> }] : []),
    ...(can('read:indicators') ? [{ key: '/explore', icon: <BarChartOutlined />, label: <Link to="/explore">指标分析</Link> }] : []),
    ...(mapItems.length ? [{ key: MAPS_GROUP, icon: <EnvironmentOutlined />, label: '地图', children: mapItems }] : []),
    ...(can('read:indicators') ? [{ key: '/indicators', icon: <DatabaseOutlined />, label: <Link to="/indicators">指标库</Link> }] : []),
    ...(reportItems.length ? [{ key: REPORTS_GROUP, icon: <FileTextOutlined />, label: '综述与核验', children: reportItems }] : []),
    ...(can('define:indicators') ? [{ key: '/targets', icon: <AimOutlined />, label: <Link to="/targets">目标值</Link> }] : []),
    ...(can('review:talent') ? [{ key: '/talent', icon: <AuditOutlined />, label: <Link to="/talent/applications">人才申请</Link> }] : []),
    ...(can('manage:talent') ? [{ key: '/talent/apartments', icon: <BankOutlined />, label: <Link to="/talent/apartments">人才公寓</Link> }] : []),
    ...(can('manage:talent') ? [{ key: '/talent/recruitment', icon: <GlobalOutlined />, label: <Link to="/talent/recruitment">海外引才</Link> }] : []),
    ...(can('manage:users') ? [{ key: '/users', icon: <UserOutlined />, label: <Link to="/users">账号管理</Link> }] : []),
    ...(can('read:audit') ? [{ key: '/audit', icon: <AuditOutlined />, label: <Link to="/audit">审计日志</Link> }] : []),
  ];
  const selected = reportsKey(location.pathname) ?? mapsKey(location.pathname) ?? housingKey(location.pathname) ?? (location.pathname.startsWith('/me/applications') ? '/me/applications' : null) ?? '/' + (location.pathname.split('/')[1] ?? '');
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={[selected]}
      // The group starts open, so its entries are one click away like every other page.
      defaultOpenKeys={[REPORTS_GROUP, ...(mapsKey(location.pathname) ? [MAPS_GROUP] : [])]}
      items={items}
      onClick={() => setDrawerOpen(false)}
      style={{ borderInlineEnd: 'none' }}
    />
  );

  const userMenu: MenuProps['items'] = [
    { key: 'password', label: '修改密码', onClick: () => navigate('/change-password') },
    { key: 'logout', label: '退出', onClick: () => void logout() },
  ];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 12,
          background: '#fff',
          borderBottom: '1px solid #f0f0f0',
          paddingInline: isMobile ? 12 : 24,
          position: 'sticky',
          top: 0,
          zIndex: 10,
        }}
      >
        {isMobile && <Button type="text" icon={<MenuOutlined />} aria-label="打开菜单" onClick={() => setDrawerOpen(true)} />}
        <Typography.Title level={isMobile ? 5 : 4} style={{ margin: 0, whiteSpace: 'nowrap', color: '#c8102e' }}>
          {isMobile ? '丽州' : TITLE}
        </Typography.Title>
        <div style={{ flex: 1 }} />
        <InboxBell />
        {isMobile ? (
          <Dropdown menu={{ items: userMenu }} trigger={['click']}>
            <Button type="text" icon={<UserOutlined />}>
              {me.displayName} <DownOutlined />
            </Button>
          </Dropdown>
        ) : (
          <>
            <span data-testid="current-user">
              {me.displayName} · {me.roleName} · {me.orgUnitName}
            </span>
            <Button type="link" onClick={() => navigate('/change-password')}>
              修改密码
            </Button>
            <Button onClick={() => void logout()}>退出</Button>
          </>
        )}
      </Layout.Header>
      <Layout>
        {!isMobile && (
          <Layout.Sider width={200} theme="light" breakpoint="lg" collapsible style={{ borderInlineEnd: '1px solid #f0f0f0' }}>
            {menu}
          </Layout.Sider>
        )}
        <Layout.Content style={{ padding: isMobile ? 8 : 24, minWidth: 0 }}>
          {isMobile && (
            <div style={{ fontSize: 12, color: '#888', marginBottom: 8 }}>
              {me.roleName} · {me.orgUnitName}
            </div>
          )}
          <Suspense fallback={<PageSpinner />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
      <Drawer title={TITLE} placement="left" open={drawerOpen} onClose={() => setDrawerOpen(false)} size={260} styles={{ body: { padding: 0 } }}>
        {menu}
      </Drawer>
    </Layout>
  );
}
