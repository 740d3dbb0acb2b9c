import { Link, Navigate } from 'react-router-dom';
import { Card, Col, Descriptions, Row, Typography } from 'antd';
import { ApartmentOutlined, AuditOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { useAuth, useMe } from '../auth';

/** A modest welcome: who you are, where you sit, and where to go. The cockpit comes later. */
export default function HomePage() {
  const me = useMe();
  const { can } = useAuth();
  // A personal account's home is the cadre's home page (干部之家), which also lists its applications.
  if (can('self:service')) return <Navigate to="/me" replace />;
  const links = [
    ...(can('read:org') ? [{ to: '/org', icon: <ApartmentOutlined />, title: '组织架构', text: '查看和维护本单位及下级单位' }] : []),
    ...(can('read:people') ? [{ to: '/people', icon: <TeamOutlined />, title: '人员库', text: '党员、干部、人才等人员信息' }] : []),
    ...(can('manage:users') ? [{ to: '/users', icon: <UserOutlined />, title: '账号管理', text: '新建账号、分配角色、重置密码' }] : []),
    ...(can('read:audit') ? [{ to: '/audit', icon: <AuditOutlined />, title: '审计日志', text: '查看所有修改和敏感信息查看记录' }] : []),
  ];
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Card>
          <Typography.Title level={4} style={{ marginTop: 0 }}>
            欢迎，{me.displayName}
          </Typography.Title>
          <Descriptions
            column={{ xs: 1, sm: 2, md: 3 }}
            size="small"
            items={[
              { key: 'unit', label: '所在单位', children: me.orgUnitName },
              { key: 'role', label: '角色', children: me.roleName },
              { key: 'username', label: '用户名', children: me.username },
            ]}
          />
        </Card>
      </Col>
      {links.map((l) => (
        <Col key={l.to} xs={24} sm={12} lg={6}>
          <Link to={l.to}>
            <Card hoverable>
              <Card.Meta avatar={<span style={{ fontSize: 24, color: '#c8102e' }}>{l.icon}</span>} title={l.title} description={l.text} />
            </Card>
          </Link>
        </Col>
      ))}
    </Row>
  );
}
