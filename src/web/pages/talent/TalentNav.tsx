import { useLocation, useNavigate } from 'react-router-dom';
import { Tabs } from 'antd';
import { useAuth } from '../../auth';

/** The talent office's sections: the review queue for every reviewer, programmes and payments for the office. */
export function TalentNav() {
  const { can } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const items = [
    { key: '/talent/applications', label: '申请审核' },
    ...(can('manage:talent')
      ? [
          { key: '/talent/programmes', label: '人才政策' },
          { key: '/talent/payments', label: '发放台账' },
        ]
      : []),
  ];
  const active = items.find((i) => location.pathname.startsWith(i.key))?.key ?? '/talent/applications';
  return <Tabs activeKey={active} onChange={(k) => navigate(k)} items={items} size="small" style={{ marginBottom: -8 }} />;
}
