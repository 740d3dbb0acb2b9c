import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { PERSON_ROLE_ZH } from '../../../shared/person-roles';
import { api } from '../../api';
import { useAuth } from '../../auth';
import { errorText } from '../../components/applyServerErrors';
import { ImportWizard } from '../../components/ImportWizard';
import type { Page, PersonDetail, PersonListItem } from '../../types';
import { ExportPeopleModal } from './ExportPeopleModal';
import { PersonDrawer } from './PersonDrawer';
import { PersonForm } from './PersonForm';
import { PeopleToolbar } from './PeopleToolbar';
import { GENDER_ZH, ROLE_COLORS } from './display';
import { PAGE_SIZE, filterFromParams, filterToParams, filterToQuery, type PeopleFilter } from './peopleQuery';

/** 人员库: a server-paged registry; filters, sort and page live in the URL so links and back work. */
export default function PeopleList() {
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterFromParams(params), [params]);
  const [data, setData] = useState<Page<PersonListItem>>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [openId, setOpenId] = useState<number | null>(null);
  const [drawerKey, setDrawerKey] = useState(0);
  const [editing, setEditing] = useState<PersonDetail | 'new' | null>(null);
  const [exporting, setExporting] = useState(false);
  const [importing, setImporting] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await api.get<Page<PersonListItem>>('/api/people', { ...filterToQuery(filter), page: filter.page, pageSize: PAGE_SIZE }));
      setError(null);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setLoading(false);
    }
  }, [filter]);

  useEffect(() => {
    void load();
  }, [load]);

  const update = (patch: Partial<PeopleFilter>) => setParams(filterToParams({ ...filter, page: 1, ...patch }));

  const sortOrder = (key: string) => (filter.sort === key ? 'ascend' : filter.sort === `-${key}` ? 'descend' : null);
  const columns: TableProps<PersonListItem>['columns'] = [
    {
      title: '姓名',
      dataIndex: 'name',
      sorter: true,
      sortOrder: sortOrder('name'),
      render: (name: string, p) => (
        <>
          {name}
          {p.archived && <Tag style={{ marginInlineStart: 6 }}>已归档</Tag>}
        </>
      ),
    },
    { title: '性别', dataIndex: 'gender', width: 60, render: (g: 'male' | 'female') => GENDER_ZH[g], responsive: ['sm'] },
    { title: '出生日期', dataIndex: 'birthDate', key: 'birthDate', sorter: true, sortOrder: sortOrder('birthDate'), responsive: ['md'] },
    { title: '身份证号', dataIndex: 'idMasked', responsive: ['md'], render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: '手机号', dataIndex: 'phoneMasked', responsive: ['lg'], render: (v: string | null) => v ?? '—' },
    { title: '所在单位', dataIndex: 'orgUnitName' },
    {
      title: '人员类别',
      dataIndex: 'roles',
      render: (roles: PersonListItem['roles']) => (
        <Space size={[0, 4]} wrap>
          {roles.map((r) => (
            <Tag key={r} color={ROLE_COLORS[r]}>
              {PERSON_ROLE_ZH[r]}
            </Tag>
          ))}
        </Space>
      ),
    },
  ];

  return (
    <Card
      title="人员库"
      size="small"
      extra={
        <Space wrap>
          {can('write:people') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              新增人员
            </Button>
          )}
          <Button icon={<DownloadOutlined />} onClick={() => setExporting(true)}>
            导出 Excel
          </Button>
          {can('import:people') && (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
              导入 Excel
            </Button>
          )}
        </Space>
      }
      styles={{ header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 } }}
    >
      <PeopleToolbar filter={filter} onChange={update} onReset={() => setParams(new URLSearchParams())} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Table<PersonListItem>
        data-testid="people-table"
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data.items}
        rowClassName="clickable-row"
        onRow={(p) => ({ onClick: () => setOpenId(p.id) })}
        pagination={{
          current: filter.page,
          pageSize: PAGE_SIZE,
          total: data.total,
          showSizeChanger: false,
          showTotal: (n) => `共 ${n.toLocaleString('zh-CN')} 人`,
          size: 'small',
        }}
        onChange={(pagination, _filters, sorter, extra) => {
          if (extra.action === 'sort') {
            const s = Array.isArray(sorter) ? sorter[0] : sorter;
            const key = String(s.columnKey ?? s.field ?? 'name');
            const sort = s.order === 'descend' ? `-${key}` : s.order === 'ascend' ? key : 'name';
            update({ sort });
          } else if (extra.action === 'paginate') {
            setParams(filterToParams({ ...filter, page: pagination.current ?? 1 }));
          }
        }}
      />
      <PersonDrawer
        personId={openId}
        refreshKey={drawerKey}
        onClose={() => setOpenId(null)}
        onEdit={(p) => setEditing(p)}
        onChanged={() => void load()}
      />
      {editing && (
        <PersonForm
          person={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            void load();
            setOpenId(saved.id);
            setDrawerKey((k) => k + 1);
          }}
        />
      )}
      <ExportPeopleModal open={exporting} filter={filter} total={data.total} onClose={() => setExporting(false)} />
      <ImportWizard
        open={importing}
        onClose={() => setImporting(false)}
        subject="人员"
        uploadPath="/api/people/import"
        templateLabel="下载人员导入模板"
        downloadTemplate={() => api.download('/api/people/import/template', undefined, '人员导入模板.xlsx')}
        onImported={() => void load()}
      />
    </Card>
  );
}
