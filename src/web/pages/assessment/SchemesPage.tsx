import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Empty, Flex, Grid, Input, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { GlobalOutlined, PlusOutlined, TrophyOutlined } from '@ant-design/icons';
import { api } from '../../api';
import { useAuth } from '../../auth';
import { useApi } from '../indicators/useApi';
import { periodLabel } from '../indicators/format';
import { KIND_COLOR, SCHEME_KIND_ZH, SCHEME_PERIOD_ZH, dateTimeText, unitTypesText } from './display';
import type { SchemeListItem } from './types';
import type { SchemeKind } from '../../../shared/assessment';

/**
 * 考评排名: the schemes the account runs (its area is the scheme's scope) and those its unit
 * competes in, each with the latest published league table one click away.
 */
export default function SchemesPage() {
  const { can } = useAuth();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const [q, setQ] = useState('');
  const list = useApi('schemes', () => api.get<{ items: SchemeListItem[] }>('/api/schemes'));
  const items = useMemo(() => {
    const t = q.trim();
    return (list.data?.items ?? []).filter((s) => !t || s.name.includes(t) || s.code.toLowerCase().includes(t.toLowerCase()) || (s.scopeUnitName ?? '').includes(t));
  }, [list.data, q]);
  const canCreate = can('manage:assessment');

  const columns: NonNullable<TableProps<SchemeListItem>['columns']> = [
    {
      title: '方案',
      dataIndex: 'name',
      render: (name: string, s) => (
        <Space orientation="vertical" size={2}>
          <Space size={6} wrap>
            <Link to={`/assessment/${s.id}`} style={{ fontWeight: 500 }}>
              {name}
            </Link>
            <Tag color={KIND_COLOR[s.kind as SchemeKind]}>{SCHEME_KIND_ZH[s.kind as SchemeKind] ?? s.kind}</Tag>
            {s.access === 'participant' && <Tag>本单位参评</Tag>}
          </Space>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {s.code}
            {!screens.md && ` · ${s.scopeUnitName}的${unitTypesText(s.unitTypes)} · ${SCHEME_PERIOD_ZH[s.periodType] ?? s.periodType}`}
          </Typography.Text>
        </Space>
      ),
    },
    { title: '参评范围', dataIndex: 'scopeUnitName', width: 110, responsive: ['md'] },
    { title: '参评单位', dataIndex: 'unitTypes', width: 150, render: (t: string[]) => unitTypesText(t), responsive: ['md'] },
    { title: '周期', dataIndex: 'periodType', width: 80, render: (t: string) => SCHEME_PERIOD_ZH[t] ?? t, responsive: ['lg'] },
    { title: '规则版本', dataIndex: 'currentVersionNo', width: 90, align: 'center', render: (v: number) => `第${v}版`, responsive: ['lg'] },
    {
      title: '最近发布',
      key: 'latest',
      width: 240,
      render: (_v, s) =>
        s.latestResult ? (
          <Space orientation="vertical" size={0}>
            <Link to={`/assessment/results/${s.latestResult.id}`}>
              <TrophyOutlined /> {periodLabel(s.latestResult.period)}结果
            </Link>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {dateTimeText(s.latestResult.publishedAt)}
              {s.latestResult.publicSlug && (
                <>
                  {' '}
                  · <GlobalOutlined /> 已公示
                </>
              )}
            </Typography.Text>
          </Space>
        ) : (
          <Typography.Text type="secondary">尚未发布</Typography.Text>
        ),
    },
  ];

  return (
    <Card
      size="small"
      title="考评排名"
      extra={
        canCreate && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/assessment/new')}>
            新建方案
          </Button>
        )
      }
    >
      <Flex vertical gap={12}>
        <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 13 }}>
          按方案把同类单位（如各行政村）的指标数据换算成得分、排出名次；结果发布后冻结为快照，可生成免登录的公示页面，并据此分配激励奖金。
        </Typography.Paragraph>
        <Input.Search allowClear placeholder="查找方案名称、编码或范围" value={q} onChange={(e) => setQ(e.target.value)} style={{ maxWidth: 320 }} aria-label="查找方案" />
        {list.error && <Alert type="error" showIcon title={list.error} />}
        <Table<SchemeListItem>
          data-testid="scheme-list"
          rowKey="id"
          size="small"
          loading={list.loading}
          columns={columns}
          dataSource={items}
          pagination={items.length > 20 ? { pageSize: 20, size: 'small', showSizeChanger: false } : false}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={canCreate ? '还没有考评方案，点“新建方案”开始' : '暂无与本单位相关的考评方案'} /> }}
        />
      </Flex>
    </Card>
  );
}
