import { useLocation, useNavigate } from 'react-router-dom';
import { Tabs } from 'antd';

const SECTIONS = [
  { key: '/mobilization', label: '激活令' },
  { key: '/mobilization/units', label: '队伍与单元' },
  { key: '/mobilization/dispatch', label: '一线派驻' },
];

/** The three sections of 应急动员, one menu entry: tabs that are links. */
export function MobilizationNav() {
  const location = useLocation();
  const navigate = useNavigate();
  const active = SECTIONS.slice(1).find((s) => location.pathname.startsWith(s.key))?.key ?? '/mobilization';
  return <Tabs activeKey={active} onChange={(k) => navigate(k)} items={SECTIONS} size="small" style={{ marginBottom: -8 }} />;
}
