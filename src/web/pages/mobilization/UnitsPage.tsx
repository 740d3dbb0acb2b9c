import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Checkbox, Col, Flex, Form, Grid, Input, Row, Select, Table, Tabs, Tag, Tooltip, type TableProps } from 'antd';
import { DownloadOutlined, EditOutlined, FilterOutlined, PlusOutlined } from '@ant-design/icons';
import { api } from '../../api';
import { useAuth } from '../../auth';
import { errorText } from '../../components/applyServerErrors';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import { CoverageTab } from './CoverageTab';
import { ForceFormModal } from './ForceFormModal';
import { MobilizationNav } from './MobilizationNav';
import { UnitDrawer } from './UnitDrawer';
import { UnitFormModal } from './UnitFormModal';
import type { Force, UnitItem, UnitPage } from './types';

const PAGE_SIZE = 20;

interface UnitFilter {
  forceId?: number;
  orgUnitId?: number;
  q?: string;
  underStrength?: boolean;
  page: number;
}

function filterFrom(p: URLSearchParams): UnitFilter {
  return {
    forceId: Number(p.get('force')) || undefined,
    orgUnitId: Number(p.get('org')) || undefined,
    q: p.get('q') || undefined,
    underStrength: p.get('under') === '1' || undefined,
    page: Math.max(1, Number(p.get('page')) || 1),
  };
}

function paramsFrom(f: UnitFilter): URLSearchParams {
  const p = new URLSearchParams();
  if (f.forceId) p.set('force', String(f.forceId));
  if (f.orgUnitId) p.set('org', String(f.orgUnitId));
  if (f.q) p.set('q', f.q);
  if (f.underStrength) p.set('under', '1');
  if (f.page > 1) p.set('page', String(f.page));
  return p;
}

const queryOf = (f: UnitFilter) => ({ forceId: f.forceId, orgUnitId: f.orgUnitId, q: f.q, underStrength: f.underStrength ? 'true' : undefined });

/**
 * 队伍与单元: the forces (the "3+4" teams), the response units of the account's area with their
 * strength against the minimum, each unit's roster in a drawer, and where the network has gaps.
 */
export default function UnitsPage() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const manage = can('manage:mobilization');
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'coverage' ? 'coverage' : 'units';
  const filter = useMemo(() => filterFrom(params), [params]);
  const [forces, setForces] = useState<Force[] | null>(null);
  const [data, setData] = useState<UnitPage | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [q, setQ] = useState(filter.q ?? '');
  const [openId, setOpenId] = useState<number | null>(null);
  const [editingForce, setEditingForce] = useState<Force | 'new' | null>(null);
  const [creatingUnit, setCreatingUnit] = useState(false);
  const [exporting, setExporting] = useState(false);

  const loadForces = useCallback(async () => {
    try {
      setForces(await api.get<Force[]>('/api/mobilization/forces'));
    } catch (err) {
      setError(errorText(err));
    }
  }, []);

  const loadUnits = useCallback(async () => {
    setLoading(true);
    try {
      setData(await api.get<UnitPage>('/api/mobilization/units', { ...queryOf(filter), page: filter.page, pageSize: PAGE_SIZE }));
      setError(null);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setLoading(false);
    }
  }, [filter]);

  useEffect(() => {
    void loadForces();
  }, [loadForces]);
  useEffect(() => {
    if (tab === 'units') void loadUnits();
  }, [loadUnits, tab]);
  useEffect(() => setQ(filter.q ?? ''), [filter.q]);

  const update = (patch: Partial<UnitFilter>) => {
    const next = paramsFrom({ ...filter, page: 1, ...patch });
    if (tab === 'coverage') next.set('tab', 'coverage');
    setParams(next);
  };
  const setTab = (t: string) => {
    const next = paramsFrom(filter);
    if (t === 'coverage') next.set('tab', 'coverage');
    setParams(next);
  };

  const exportXlsx = async () => {
    setExporting(true);
    try {
      await api.download('/api/mobilization/units/export', queryOf(filter), '应急响应单元.xlsx', 'POST');
      message.success('已开始下载');
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setExporting(false);
    }
  };

  const columns: TableProps<UnitItem>['columns'] = [
    {
      title: '单元',
      dataIndex: 'name',
      render: (name: string, u) => (
        <>
          <a onClick={(e) => (e.stopPropagation(), setOpenId(u.id))}>{name}</a>
          <div style={{ fontSize: 12, color: '#999' }}>
            {u.orgUnitName}
            {u.forceName ? ` · ${u.forceName}` : ''}
          </div>
        </>
      ),
    },
    { title: '负责人', key: 'leader', responsive: ['md'], render: (_, u) => u.leader?.name ?? <span style={{ color: '#cf1322' }}>未指定</span> },
    { title: '副负责人', key: 'deputy', responsive: ['lg'], render: (_, u) => u.deputy?.name ?? '—' },
    {
      title: '可调 / 最低',
      key: 'strength',
      width: 120,
      render: (_, u) => (
        <Tooltip title={`在册 ${u.rosterSize} 人，其中可调 ${u.available} 人；最低到岗 ${u.minStrength} 人`}>
          <span style={{ color: u.underStrength ? '#cf1322' : undefined, fontWeight: u.underStrength ? 600 : undefined }} data-testid="unit-strength">
            {u.available} / {u.minStrength}
          </span>
          {u.underStrength && (
            <Tag color="error" style={{ marginInlineStart: 6 }}>
              缺员
            </Tag>
          )}
        </Tooltip>
      ),
    },
    { title: '在册', dataIndex: 'rosterSize', width: 70, responsive: ['sm'] },
  ];

  const forceOptions = (forces ?? []).filter((f) => !f.archived).map((f) => ({ value: f.id, label: f.name }));

  return (
    <Flex vertical gap={12}>
      <MobilizationNav />
      <ForcesCard forces={forces} manage={manage} selected={filter.forceId} onSelect={(id) => update({ forceId: id })} onEdit={setEditingForce} />
      <Card size="small" styles={{ body: { paddingTop: 0 } }}>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'units', label: '应急响应单元' },
            { key: 'coverage', label: '覆盖情况' },
          ]}
        />
        {tab === 'coverage' ? (
          <CoverageTab onOpenUnit={setOpenId} />
        ) : (
          <>
            <Flex justify="flex-end" gap={8} wrap style={{ marginBottom: 8 }}>
              {manage && (
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreatingUnit(true)}>
                  新建单元
                </Button>
              )}
              <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportXlsx()}>
                导出 Excel
              </Button>
            </Flex>
            <Form layout="vertical" component="div">
              <Row gutter={[12, 0]}>
                <Col xs={24} sm={12} lg={6}>
                  <Form.Item label="关键字" htmlFor="unit-q" style={{ marginBottom: 12 }}>
                    <Input.Search id="unit-q" allowClear placeholder="单元或单位名称" value={q} onChange={(e) => setQ(e.target.value)} onSearch={(v) => update({ q: v.trim() || undefined })} />
                  </Form.Item>
                </Col>
                <Col xs={12} sm={12} lg={6}>
                  <Form.Item label="所属队伍" htmlFor="unit-force" style={{ marginBottom: 12 }}>
                    <Select id="unit-force" allowClear placeholder="全部队伍" options={forceOptions} value={filter.forceId} onChange={(v) => update({ forceId: v })} />
                  </Form.Item>
                </Col>
                <Col xs={12} sm={12} lg={6}>
                  <Form.Item label="镇街 / 单位" htmlFor="unit-org" style={{ marginBottom: 12 }}>
                    <OrgUnitPicker id="unit-org" value={filter.orgUnitId} onChange={(id) => update({ orgUnitId: id })} placeholder="全部（含下级）" style={{ width: '100%', minWidth: 0 }} />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12} lg={6}>
                  {/* The blank label lines the box up with the inputs beside it; alone on a phone it needs none. */}
                  <Form.Item label={screens.sm ? ' ' : undefined} style={{ marginBottom: 12 }}>
                    <Checkbox checked={!!filter.underStrength} onChange={(e) => update({ underStrength: e.target.checked || undefined })}>
                      只看缺员单元
                    </Checkbox>
                  </Form.Item>
                </Col>
              </Row>
            </Form>
            {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
            <Table<UnitItem>
              data-testid="units-table"
              rowKey="id"
              size="middle"
              loading={loading}
              columns={columns}
              dataSource={data?.items ?? []}
              rowClassName="clickable-row"
              onRow={(u) => ({ onClick: () => setOpenId(u.id), style: u.underStrength ? { background: '#fff1f0' } : undefined })}
              pagination={{
                current: filter.page,
                pageSize: PAGE_SIZE,
                total: data?.total ?? 0,
                showSizeChanger: false,
                size: 'small',
                showTotal: (n) => `共 ${n} 个单元`,
                onChange: (page) => setParams(paramsFrom({ ...filter, page })),
              }}
              locale={{ emptyText: filter.underStrength ? '没有缺员单元' : '没有应急响应单元' }}
            />
          </>
        )}
      </Card>
      <UnitDrawer
        unitId={openId}
        forces={forces ?? []}
        onClose={() => setOpenId(null)}
        onChanged={() => {
          void loadUnits();
          void loadForces();
        }}
      />
      {editingForce && (
        <ForceFormModal
          force={editingForce === 'new' ? null : editingForce}
          onCancel={() => setEditingForce(null)}
          onSaved={() => {
            setEditingForce(null);
            void loadForces();
          }}
        />
      )}
      {creatingUnit && (
        <UnitFormModal
          unit={null}
          forces={forces ?? []}
          onCancel={() => setCreatingUnit(false)}
          onSaved={(id) => {
            setCreatingUnit(false);
            void loadUnits();
            void loadForces();
            setOpenId(id);
          }}
        />
      )}
    </Flex>
  );
}

/** The forces as a compact list: click one to see its units; the county's "3+4" are seven rows. */
function ForcesCard({ forces, manage, selected, onSelect, onEdit }: { forces: Force[] | null; manage: boolean; selected?: number; onSelect: (id: number | undefined) => void; onEdit: (f: Force | 'new') => void }) {
  const screens = Grid.useBreakpoint();
  return (
    <Card
      size="small"
      title="应急队伍"
      extra={
        manage && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => onEdit('new')}>
            新建队伍
          </Button>
        )
      }
    >
      <Table<Force>
        data-testid="forces-table"
        rowKey="id"
        size="small"
        loading={!forces}
        dataSource={forces ?? []}
        pagination={false}
        rowClassName="clickable-row"
        onRow={(f) => ({ onClick: () => onSelect(selected === f.id ? undefined : f.id), style: selected === f.id ? { background: '#fff0f0' } : undefined })}
        columns={[
          {
            title: '队伍',
            dataIndex: 'name',
            render: (name: string, f) => (
              <>
                <span style={{ fontWeight: selected === f.id ? 600 : undefined }}>{name}</span>
                {f.archived && <Tag style={{ marginInlineStart: 6 }}>已停用</Tag>}
                {f.description && screens.sm && <div style={{ fontSize: 12, color: '#999' }}>{f.description}</div>}
              </>
            ),
          },
          { title: '组建单位', dataIndex: 'orgUnitName', responsive: ['md'] },
          { title: '单元', dataIndex: 'units', width: 64, align: 'right' },
          { title: '成员', dataIndex: 'members', width: 72, align: 'right' },
          ...(manage
            ? [
                {
                  title: '',
                  key: 'edit',
                  width: 44,
                  render: (_: unknown, f: Force) =>
                    f.manageable ? (
                      <Button type="text" size="small" icon={<EditOutlined />} aria-label={`修改队伍「${f.name}」`} onClick={(e) => (e.stopPropagation(), onEdit(f))} />
                    ) : null,
                },
              ]
            : []),
        ]}
        footer={
          selected
            ? () => (
                <span style={{ fontSize: 12 }}>
                  <FilterOutlined style={{ color: '#999' }} /> 下方只列出所选队伍的单元。<a onClick={() => onSelect(undefined)}>显示全部</a>
                </span>
              )
            : undefined
        }
      />
    </Card>
  );
}
