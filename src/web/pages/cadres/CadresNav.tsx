import { useLocation, useNavigate } from 'react-router-dom';
import { Tabs } from 'antd';

const SECTIONS = [
  { key: '/cadres', label: '干部档案' },
  { key: '/cadres/corrections', label: '更正申请' },
  { key: '/cadres/fault-tolerance', label: '容错澄清' },
];

/** The three sections of 干部之家管理, one menu entry: tabs that are links. */
export function CadresNav() {
  const location = useLocation();
  const navigate = useNavigate();
  const active = SECTIONS.slice(1).find((s) => location.pathname.startsWith(s.key))?.key ?? '/cadres';
  return <Tabs activeKey={active} onChange={(k) => navigate(k)} items={SECTIONS} size="small" style={{ marginBottom: -8 }} />;
}
