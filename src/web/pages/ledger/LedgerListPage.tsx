import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Flex, Grid, Table } from 'antd';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { KIND_SEGMENT, RECORD_KIND_ZH, type RecordKind } from '../../../shared/ledger';
import { api } from '../../api';
import { useAuth } from '../../auth';
import { errorText } from '../../components/applyServerErrors';
import { ImportWizard } from '../../components/ImportWizard';
import { LedgerFilters } from './LedgerFilters';
import { LedgerNav } from './LedgerNav';
import { apiQuery, categoryOf, filterFromParams, paramsFromFilter, type LedgerFilter } from './ledgerQuery';
import { recordColumns } from './recordColumns';
import { RecordDrawer } from './RecordDrawer';
import { RecordFormDrawer } from './RecordFormDrawer';
import type { AnyRecord, RecordPage } from './types';
import { useCategories } from './useCategories';

const PAGE_SIZE = 20;

/**
 * One kind's ledger (活动 / 事项 / 项目 / 荣誉): filters in the URL, a page of records, a record's
 * drawer (`?open=<id>`), 登记, export and import. Activities put 登记活动 first: a village cadre
 * opens this page on a phone right after a lecture.
 */
export default function LedgerListPage({ kind }: { kind: RecordKind }) {
  const { can } = useAuth();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const write = can('write:ledger');
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterFromParams(params), [params]);
  const openId = Number(params.get('open')) || null;
  const { categories, error: categoriesError } = useCategories(kind);
  const [data, setData] = useState<RecordPage | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [exporting, setExporting] = useState(false);
  const segment = KIND_SEGMENT[kind];
  const zh = RECORD_KIND_ZH[kind];

  const { category, missing } = categories ? categoryOf(filter, categories) : { category: undefined, missing: false };
  // The category named in a link must be known before the list is asked for, or it would show everything.
  const query = categories && !missing ? apiQuery(kind, filter, category) : null;
  const queryKey = query ? JSON.stringify(query) : null;

  const load = useCallback(async () => {
    if (!queryKey) return;
    setLoading(true);
    try {
      setData(await api.get<RecordPage>(`/api/${segment}`, { ...JSON.parse(queryKey), page: filter.page, pageSize: PAGE_SIZE }));
      setError(null);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setLoading(false);
    }
  }, [segment, queryKey, filter.page]);

  useEffect(() => {
    void load();
  }, [load]);

  const withOpen = (p: URLSearchParams, id: number | null) => {
    if (id) p.set('open', String(id));
    return p;
  };
  const update = (patch: Partial<LedgerFilter>) => setParams(paramsFromFilter({ ...filter, page: 1, ...patch }));
  // Opening a record is a step in history: the phone's back button closes the drawer.
  const open = (id: number | null) => setParams(withOpen(paramsFromFilter(filter), id));

  const exportXlsx = async () => {
    if (!query) return;
    setExporting(true);
    try {
      await api.download(`/api/${segment}/export`, query, `${zh}台账.xlsx`, 'POST');
      message.success('已开始下载');
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setExporting(false);
    }
  };

  const totalText = data ? (data.totalCapped ? `共 10000+ 条` : `共 ${data.total} 条`) : '';

  return (
    <Flex vertical gap={12}>
      <LedgerNav />
      {kind === 'activity' && write && phone && (
        <Button type="primary" size="large" block icon={<PlusOutlined />} onClick={() => setCreating(true)} style={{ height: 52, fontSize: 18 }}>
          登记活动
        </Button>
      )}
      <Card
        size="small"
        title={`${zh}台账`}
        extra={
          <Flex gap={8} wrap justify="flex-end">
            {write && !(kind === 'activity' && phone) && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                登记{zh}
              </Button>
            )}
            <Button icon={<DownloadOutlined />} loading={exporting} disabled={!query} onClick={() => void exportXlsx()} aria-label="导出 Excel">
              {phone ? null : '导出 Excel'}
            </Button>
            {write && (
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} aria-label="导入 Excel">
                {phone ? null : '导入 Excel'}
              </Button>
            )}
          </Flex>
        }
      >
        <LedgerFilters kind={kind} filter={filter} categories={categories} onChange={update} onReset={() => setParams(new URLSearchParams())} />
        {categoriesError && <Alert type="error" showIcon title={categoriesError} style={{ marginBottom: 12 }} />}
        {missing && <Alert type="warning" showIcon title={`没有编码为“${filter.categoryCode ?? filter.categoryId}”的${zh}类别，请重新选择类别`} style={{ marginBottom: 12 }} />}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Table<AnyRecord>
          data-testid="ledger-table"
          rowKey="id"
          size="middle"
          loading={loading || (!categories && !categoriesError)}
          columns={recordColumns(kind)}
          dataSource={missing ? [] : (data?.items ?? [])}
          rowClassName="clickable-row"
          onRow={(r) => ({ onClick: () => open(r.id), style: r.archived ? { opacity: 0.6 } : r.overdue ? { background: '#fff1f0' } : undefined })}
          pagination={{
            current: filter.page,
            pageSize: PAGE_SIZE,
            total: data?.total ?? 0,
            showSizeChanger: false,
            size: 'small',
            showTotal: () => totalText,
            onChange: (page) => setParams(paramsFromFilter({ ...filter, page })),
          }}
          locale={{ emptyText: `没有符合条件的${zh}` }}
        />
      </Card>
      <RecordDrawer kind={kind} recordId={openId} categories={categories ?? []} onClose={() => open(null)} onChanged={() => void load()} />
      {creating && categories && (
        <RecordFormDrawer
          kind={kind}
          record={null}
          categories={categories}
          onCancel={() => setCreating(false)}
          onSaved={(saved) => {
            setCreating(false);
            void load();
            // A cadre on a phone is done once it is saved; at a desk the new record opens for checking.
            if (!phone) open(saved.id);
          }}
        />
      )}
      <ImportWizard
        open={importing}
        onClose={() => setImporting(false)}
        subject={`${zh}台账`}
        uploadPath={`/api/${segment}/import`}
        templateLabel={`下载${zh}导入模板`}
        downloadTemplate={() => api.download(`/api/${segment}/template`, undefined, `${zh}导入模板.xlsx`)}
        onImported={() => void load()}
      />
    </Flex>
  );
}
