import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, App, Badge, Button, Card, Col, Flex, Form, Input, Row, Select, Table, Tag, type TableProps } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { api } from '../../api';
import { errorText } from '../../components/applyServerErrors';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import type { CadreListItem } from '../../../shared/cadres';
import { useApi } from '../indicators/useApi';
import { CadresNav } from './CadresNav';
import { GENDER_ZH } from './RecordSections';

const PAGE_SIZE = 20;

interface CadreList {
  items: CadreListItem[];
  total: number;
  year: number;
  unitName: string;
}

/**
 * 干部档案: the cadres of the account's area (a current 干部 role in the registry), by unit and
 * name, with post, rank, the year's training hours and the latest evaluation; exported as .xlsx.
 */
export default function CadresPage() {
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const orgUnitId = Number(params.get('org')) || undefined;
  const year = Number(params.get('year')) || undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [qText, setQText] = useState(q);
  const [exporting, setExporting] = useState(false);
  const query = useMemo(() => ({ q: q || undefined, orgUnitId, year }), [q, orgUnitId, year]);
  const list = useApi<CadreList>(JSON.stringify({ ...query, page }), () => api.get<CadreList>('/api/cadres', { ...query, page, pageSize: PAGE_SIZE }));

  const update = (patch: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries({ page: undefined, ...patch })) {
      if (v === undefined || v === '' || (k === 'page' && v === 1)) next.delete(k);
      else next.set(k, String(v));
    }
    setParams(next);
  };

  const exportXlsx = async () => {
    setExporting(true);
    try {
      await api.download('/api/cadres/export', query, '干部名单.xlsx', 'POST');
      message.success('已开始下载');
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setExporting(false);
    }
  };

  const shownYear = list.data?.year;
  const columns: TableProps<CadreListItem>['columns'] = [
    {
      title: '姓名',
      dataIndex: 'name',
      render: (name: string, c) => (
        <>
          <Link to={`/cadres/${c.personId}`}>{name}</Link>
          {c.pendingCorrections > 0 && (
            <Badge count={`${c.pendingCorrections}条待更正`} style={{ backgroundColor: '#faad14', marginInlineStart: 6 }} />
          )}
          <div style={{ fontSize: 12, color: '#999' }}>
            {GENDER_ZH[c.gender]} · {c.birthMonth}
          </div>
        </>
      ),
    },
    { title: '所在单位', dataIndex: 'orgUnitName', responsive: ['md'] },
    {
      title: '职务 / 职级',
      key: 'post',
      render: (_v, c) => (
        <>
          {c.post ?? '—'}
          <div style={{ fontSize: 12, color: '#999' }}>{c.rank}</div>
        </>
      ),
    },
    { title: `${shownYear ?? ''}年培训学时`, dataIndex: 'trainingHours', width: 120, align: 'right', responsive: ['sm'] },
    { title: '最近年度考核', dataIndex: 'latestGrade', width: 110, responsive: ['sm'], render: (g: string | null) => (g ? <Tag color={g === '优秀' ? 'gold' : 'blue'}>{g}</Tag> : '—') },
  ];
  const thisYear = new Date().getFullYear();

  return (
    <Flex vertical gap={12}>
      <CadresNav />
      <Card size="small" title={`干部档案${list.data ? ` · ${list.data.unitName}` : ''}`} extra={<Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportXlsx()}>导出 Excel</Button>}>
        <Form layout="vertical" component="div">
          <Row gutter={12}>
            <Col xs={24} sm={12} lg={8}>
              <Form.Item label="单位" htmlFor="cadres-org" style={{ marginBottom: 12 }}>
                <OrgUnitPicker id="cadres-org" value={orgUnitId} onChange={(id) => update({ org: id })} placeholder="全部（本单位及下级）" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={8}>
              <Form.Item label="姓名" htmlFor="cadres-q" style={{ marginBottom: 12 }}>
                <Input.Search id="cadres-q" allowClear placeholder="姓名或拼音" value={qText} onChange={(e) => setQText(e.target.value)} onSearch={(v) => update({ q: v.trim() })} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={8}>
              <Form.Item label="培训学时年度" htmlFor="cadres-year" style={{ marginBottom: 12 }}>
                <Select
                  id="cadres-year"
                  value={year ?? shownYear}
                  onChange={(y) => update({ year: y })}
                  options={Array.from({ length: thisYear - 2019 }, (_, i) => ({ value: thisYear - i, label: `${thisYear - i}年` }))}
                />
              </Form.Item>
            </Col>
          </Row>
        </Form>
        {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 12 }} />}
        <Table<CadreListItem>
          rowKey="personId"
          size="small"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          columns={columns}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, showSizeChanger: false, showTotal: (n) => `共 ${n} 人`, onChange: (p) => update({ page: p }) }}
          scroll={{ x: 'max-content' }}
        />
      </Card>
    </Flex>
  );
}
