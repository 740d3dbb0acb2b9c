import { useLocation, useNavigate } from 'react-router-dom';
import { Tabs } from 'antd';
import { useAuth } from '../../auth';

const SECTIONS = [
  { key: '/ledger/activities', label: '活动' },
  { key: '/ledger/cases', label: '事项' },
  { key: '/ledger/projects', label: '项目' },
  { key: '/ledger/honours', label: '荣誉' },
  { key: '/ledger/overdue', label: '事项超期' },
];

/** The sections of 工作台账, one menu entry: tabs that are links (类别管理 for its managers only). */
export function LedgerNav() {
  const { can } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const items = [...SECTIONS, ...(can('manage:ledger-categories') ? [{ key: '/ledger/categories', label: '类别管理' }] : [])];
  const active = items.find((s) => location.pathname.startsWith(s.key))?.key ?? '/ledger/activities';
  return <Tabs activeKey={active} onChange={(k) => navigate(k)} items={items} size="small" style={{ marginBottom: -8 }} />;
}
