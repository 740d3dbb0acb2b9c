import { useMemo } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Empty, Flex, Grid, Segmented, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api } from '../../api';
import { REPORT_DEPTS, type ReportDept } from '../../../shared/reports';
import { useApi } from '../indicators/useApi';
import { DEPT_OPTIONS, dateTimeText, deptText } from './summaryView';
import type { ReportTemplateSummary } from './types';

/** 综述模板: each department's summary templates; a template is what 生成综述 fills with the year's figures. */
export default function TemplatesPage() {
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const dept = (REPORT_DEPTS as readonly string[]).includes(params.get('dept') ?? '') ? (params.get('dept') as ReportDept) : undefined;
  const list = useApi<ReportTemplateSummary[]>('report-templates', () => api.get<ReportTemplateSummary[]>('/api/report-templates'));
  const rows = useMemo(
    () => (list.data ?? []).filter((t) => !dept || t.dept === dept).sort((a, b) => REPORT_DEPTS.indexOf(a.dept) - REPORT_DEPTS.indexOf(b.dept) || a.name.localeCompare(b.name, 'zh-CN')),
    [list.data, dept],
  );

  const columns: NonNullable<TableProps<ReportTemplateSummary>['columns']> = [
    {
      title: '模板',
      dataIndex: 'name',
      render: (name: string, t) => (
        <Space orientation="vertical" size={2}>
          <Link to={`/reports/templates/${t.id}`} style={{ fontWeight: 500 }}>
            {name}
          </Link>
          {!screens.md && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {deptText(t.dept)} · {t.updatedBy} {dateTimeText(t.updatedAt)}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { title: '部门', dataIndex: 'dept', width: 140, responsive: ['md'], render: (d: ReportDept) => <Tag>{deptText(d)}</Tag> },
    { title: '版本', dataIndex: 'version', width: 80, align: 'center', responsive: ['md'], render: (v: number) => `第${v}版` },
    {
      title: '最后修改',
      key: 'updated',
      width: 190,
      responsive: ['md'],
      render: (_v, t) => (
        <Space orientation="vertical" size={0}>
          <span>{t.updatedBy}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {dateTimeText(t.updatedAt)}
          </Typography.Text>
        </Space>
      ),
    },
  ];

  return (
    <Card
      size="small"
      title="综述模板"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(`/reports/templates/new${dept ? `?dept=${dept}` : ''}`)}>
          新建模板
        </Button>
      }
    >
      <Flex vertical gap={12}>
        <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 13 }}>
          模板是综述的骨架：标题、各小节和段落，段落中用“插入数据”放入指标数值、同比变化、排名、台账记录数等，生成综述时按所选年度自动填入数字。
        </Typography.Paragraph>
        <div style={{ overflowX: 'auto', maxWidth: '100%' }}>
          <Segmented<ReportDept | 'all'>
            aria-label="按部门筛选"
            value={dept ?? 'all'}
            onChange={(v) => setParams(v === 'all' ? new URLSearchParams() : new URLSearchParams({ dept: v }), { replace: true })}
            options={[{ value: 'all', label: '全部' }, ...DEPT_OPTIONS]}
          />
        </div>
        {list.error && <Alert type="error" showIcon title={list.error} />}
        <Table<ReportTemplateSummary>
          data-testid="template-list"
          rowKey="id"
          size="small"
          loading={list.loading}
          columns={columns}
          dataSource={rows}
          pagination={false}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有模板，点“新建模板”开始" /> }}
        />
      </Flex>
    </Card>
  );
}
