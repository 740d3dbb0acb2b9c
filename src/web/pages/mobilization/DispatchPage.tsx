import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Flex, Form, Grid, Row, Select, Space, Statistic, Table, Tag, Tooltip, Typography, type TableProps } from 'antd';
import { DownloadOutlined, PlusOutlined, WarningFilled } from '@ant-design/icons';
import dayjs from 'dayjs';
import { DISPATCH_FRONTS, DISPATCH_FRONT_ZH, type DispatchFront } from '../../../shared/mobilization';
import { api } from '../../api';
import { useAuth } from '../../auth';
import { errorText } from '../../components/applyServerErrors';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import { useApi } from '../indicators/useApi';
import { DispatchEndModal, DispatchFormModal } from './DispatchModals';
import { MobilizationNav } from './MobilizationNav';
import type { DispatchItem, DispatchOverlap, DispatchPage as Page, DispatchStats } from './types';

const PAGE_SIZE = 20;
export const FRONT_COLOR: Record<DispatchFront, string> = { transformation: 'volcano', urban_renewal: 'blue', investment: 'gold', grassroots: 'green' };
const STATUS_COLOR: Record<DispatchItem['status'], string> = { planned: 'processing', active: 'success', ended: 'default' };

interface DispatchFilter {
  front?: DispatchFront;
  orgUnitId?: number;
  personId?: number;
  activeOn?: string;
  from?: string;
  to?: string;
  overlapsOnly?: boolean;
  page: number;
}

function filterFrom(p: URLSearchParams): DispatchFilter {
  return {
    front: (p.get('front') as DispatchFront) || undefined,
    orgUnitId: Number(p.get('org')) || undefined,
    personId: Number(p.get('person')) || undefined,
    activeOn: p.get('on') || undefined,
    from: p.get('from') || undefined,
    to: p.get('to') || undefined,
    overlapsOnly: p.get('overlaps') === '1' || undefined,
    page: Math.max(1, Number(p.get('page')) || 1),
  };
}

function paramsFrom(f: DispatchFilter, year?: number): URLSearchParams {
  const p = new URLSearchParams();
  if (f.front) p.set('front', f.front);
  if (f.orgUnitId) p.set('org', String(f.orgUnitId));
  if (f.personId) p.set('person', String(f.personId));
  if (f.activeOn) p.set('on', f.activeOn);
  if (f.from) p.set('from', f.from);
  if (f.to) p.set('to', f.to);
  if (f.overlapsOnly) p.set('overlaps', '1');
  if (f.page > 1) p.set('page', String(f.page));
  if (year) p.set('year', String(year));
  return p;
}

/** Postings not over yet and not ended early may be ended early. */
const endable = (d: DispatchItem) => d.status !== 'ended' && !d.endedEarlyOn;

const queryOf = (f: DispatchFilter) => ({ front: f.front, orgUnitId: f.orgUnitId, personId: f.personId, activeOn: f.activeOn, from: f.from, to: f.to, overlapsOnly: f.overlapsOnly ? 'true' : undefined });

/**
 * 一线派驻: cadres posted to the fronts (转型升级, 城市更新, 招大引强, 基层治理) — who is where now,
 * a cadre's history, the year's count per front ("抽调380余名优秀干部"), and cadres posted twice
 * at once flagged wherever they appear.
 */
export default function DispatchPage() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const manage = can('manage:mobilization');
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterFrom(params), [params]);
  const [data, setData] = useState<Page | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [ending, setEnding] = useState<DispatchItem | null>(null);
  const [exporting, setExporting] = useState(false);
  const [personName, setPersonName] = useState<string | null>(null);
  // The stats year defaults to the year of the latest posting, so the demo county opens on 2022.
  const [defaultYear, setDefaultYear] = useState<number | null>(null);
  const year = Number(params.get('year')) || defaultYear;
  const stats = useApi<DispatchStats>(year ? `stats:${year}` : null, () => api.get<DispatchStats>('/api/dispatches/stats', { year: year! }));
  const overlaps = useApi<DispatchOverlap[]>('overlaps', () => api.get<DispatchOverlap[]>('/api/dispatches/overlaps'));

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const page = await api.get<Page>('/api/dispatches', { ...queryOf(filter), page: filter.page, pageSize: PAGE_SIZE });
      setData(page);
      setError(null);
      setDefaultYear((y) => y ?? (page.items[0] ? Number(page.items[0].startDate.slice(0, 4)) : new Date().getFullYear()));
      if (filter.personId && page.items[0]) setPersonName(page.items[0].name);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setLoading(false);
    }
  }, [filter]);

  useEffect(() => {
    void load();
  }, [load]);

  const update = (patch: Partial<DispatchFilter>) => setParams(paramsFrom({ ...filter, page: 1, ...patch }, Number(params.get('year')) || undefined));
  const setYear = (y: number) => setParams(paramsFrom(filter, y));
  const reloadAll = () => {
    void load();
    stats.reload();
    overlaps.reload();
  };

  const exportXlsx = async () => {
    setExporting(true);
    try {
      await api.download('/api/dispatches/export', queryOf(filter), '一线派驻.xlsx', 'POST');
      message.success('已开始下载');
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setExporting(false);
    }
  };

  const columns: TableProps<DispatchItem>['columns'] = [
    {
      title: '干部',
      dataIndex: 'name',
      render: (name: string, d) => (
        <>
          <Space size={4} wrap>
            <Tooltip title="查看该干部的派驻经历">
              <a onClick={() => (setPersonName(name), update({ personId: d.personId }))}>{name}</a>
            </Tooltip>
            {d.overlaps && (
              <Tooltip title="与该干部的其他派驻时间重叠">
                <Tag color="error" icon={<WarningFilled />} style={{ marginInlineEnd: 0 }}>
                  时间重叠
                </Tag>
              </Tooltip>
            )}
          </Space>
          <div style={{ fontSize: 12, color: '#999' }}>{d.homeUnitName}</div>
        </>
      ),
    },
    {
      title: '派驻一线',
      dataIndex: 'front',
      width: 150,
      render: (f: DispatchFront, d) => (
        <>
          <Tag color={FRONT_COLOR[f]}>{d.frontName}</Tag>
          {/* The dates column is hidden on phones; the dates ride along here instead. */}
          {!screens.sm && (
            <div style={{ fontSize: 12, color: '#999', marginTop: 2 }}>
              {d.startDate} 至 {d.lastDay ?? '今'}
            </div>
          )}
        </>
      ),
    },
    {
      title: '派驻单位 / 岗位',
      dataIndex: 'postedUnitName',
      responsive: ['md'],
      render: (u: string, d) => (
        <>
          {u}
          {d.postedTo && <div style={{ fontSize: 12, color: '#999' }}>{d.postedTo}</div>}
        </>
      ),
    },
    { title: '职务', dataIndex: 'role', responsive: ['lg'] },
    {
      title: '起止',
      key: 'dates',
      width: 200,
      responsive: ['sm'],
      render: (_, d) => (
        <span style={{ fontSize: 13 }}>
          {d.startDate} 至 {d.lastDay ?? '今'}
          {d.endedEarlyOn && (
            <Tooltip title={d.endReason}>
              <div style={{ fontSize: 12, color: '#d46b08' }}>提前结束（原定 {d.endDate ?? '不定期'}）</div>
            </Tooltip>
          )}
        </span>
      ),
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 80,
      render: (s: DispatchItem['status'], d) => (
        <>
          <Tag color={STATUS_COLOR[s]}>{d.statusName}</Tag>
          {/* No room for a button column on a phone: the action rides under the status. */}
          {manage && !screens.sm && endable(d) && (
            <div>
              <a onClick={() => setEnding(d)}>提前结束</a>
            </div>
          )}
        </>
      ),
    },
    ...(manage
      ? [
          {
            title: '',
            key: 'end',
            width: 92,
            responsive: ['sm' as const],
            render: (_: unknown, d: DispatchItem) =>
              endable(d) ? (
                <Button size="small" onClick={() => setEnding(d)}>
                  提前结束
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  const thisYear = new Date().getFullYear();
  const s = stats.data;
  return (
    <Flex vertical gap={12}>
      <MobilizationNav />
      <Card
        size="small"
        title={`${year ?? ''}年派驻情况`}
        extra={<Select aria-label="统计年份" value={year ?? undefined} style={{ width: 110 }} onChange={setYear} options={Array.from({ length: thisYear - 2019 }, (_, i) => ({ value: thisYear - i, label: `${thisYear - i}年` }))} />}
        styles={{ header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 } }}
      >
        {stats.error && <Alert type="error" showIcon title={stats.error} />}
        {s && (
          <Typography.Paragraph style={{ marginBottom: 8 }} data-testid="dispatch-people">
            共派驻干部 <b>{s.people}</b> 人、{s.postings} 人次
          </Typography.Paragraph>
        )}
        <Row gutter={[8, 8]} data-testid="front-stats">
          {(s?.fronts ?? DISPATCH_FRONTS.map((f) => ({ front: f, frontName: DISPATCH_FRONT_ZH[f], postings: 0, people: 0, activeNow: 0 }))).map((f) => (
            <Col xs={12} md={6} key={f.front}>
              <Card
                size="small"
                hoverable
                onClick={() => update({ front: filter.front === f.front ? undefined : f.front })}
                style={{ borderColor: filter.front === f.front ? '#c8102e' : undefined, cursor: 'pointer' }}
                aria-pressed={filter.front === f.front}
              >
                <Statistic title={f.frontName} value={f.people} suffix="人" styles={{ content: { fontSize: 22 } }} loading={!s} />
                <div style={{ fontSize: 12, color: '#888' }}>
                  {f.postings} 人次 · 现在岗 {f.activeNow} 人
                </div>
              </Card>
            </Col>
          ))}
        </Row>
      </Card>

      {overlaps.data && overlaps.data.length > 0 && <OverlapsAlert pairs={overlaps.data} onShow={() => update({ overlapsOnly: true })} />}

      <Card
        size="small"
        title="派驻记录"
        extra={
          <Space wrap>
            {manage && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                新增派驻
              </Button>
            )}
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportXlsx()}>
              导出
            </Button>
          </Space>
        }
        styles={{ header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 } }}
      >
        <Form layout="vertical" component="div">
          <Row gutter={[12, 0]}>
            <Col xs={12} lg={5}>
              <Form.Item label="派驻一线" htmlFor="d-front" style={{ marginBottom: 12 }}>
                <Select id="d-front" allowClear placeholder="全部" value={filter.front} onChange={(v) => update({ front: v })} options={DISPATCH_FRONTS.map((f) => ({ value: f, label: DISPATCH_FRONT_ZH[f] }))} />
              </Form.Item>
            </Col>
            <Col xs={12} lg={5}>
              <Form.Item label="派驻单位" htmlFor="d-org" style={{ marginBottom: 12 }}>
                <OrgUnitPicker id="d-org" value={filter.orgUnitId} onChange={(id) => update({ orgUnitId: id })} placeholder="全部（含下级）" style={{ width: '100%', minWidth: 0 }} />
              </Form.Item>
            </Col>
            <Col xs={12} lg={4}>
              <Form.Item label="在岗日期" htmlFor="d-on" style={{ marginBottom: 12 }} tooltip="只看这一天在岗的派驻">
                <DatePicker id="d-on" style={{ width: '100%' }} value={filter.activeOn ? dayjs(filter.activeOn) : null} onChange={(d) => update({ activeOn: d ? d.format('YYYY-MM-DD') : undefined })} />
              </Form.Item>
            </Col>
            <Col xs={12} lg={6}>
              <Form.Item label="派驻期间" htmlFor="d-range" style={{ marginBottom: 12 }} tooltip="与这段时间有交叉的派驻">
                <DatePicker.RangePicker
                  id={{ start: 'd-range' }}
                  style={{ width: '100%' }}
                  value={filter.from && filter.to ? [dayjs(filter.from), dayjs(filter.to)] : null}
                  onChange={(r) => update({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })}
                />
              </Form.Item>
            </Col>
            <Col xs={24} lg={4}>
              <Form.Item label={screens.lg ? ' ' : undefined} style={{ marginBottom: 12 }}>
                <Checkbox checked={!!filter.overlapsOnly} onChange={(e) => update({ overlapsOnly: e.target.checked || undefined })}>
                  只看时间重叠
                </Checkbox>
              </Form.Item>
            </Col>
          </Row>
        </Form>
        {filter.personId && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title={`${personName ?? '该干部'}的派驻经历`}
            action={
              <Button size="small" onClick={() => update({ personId: undefined })}>
                显示全部
              </Button>
            }
          />
        )}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Table<DispatchItem>
          data-testid="dispatch-table"
          rowKey="id"
          size="middle"
          loading={loading}
          columns={columns}
          dataSource={data?.items ?? []}
          onRow={(d) => ({ style: d.overlaps ? { background: '#fff7e6' } : undefined })}
          pagination={{
            current: filter.page,
            pageSize: PAGE_SIZE,
            total: data?.total ?? 0,
            showSizeChanger: false,
            size: 'small',
            showTotal: (n) => `共 ${n} 条`,
            onChange: (page) => setParams(paramsFrom({ ...filter, page }, Number(params.get('year')) || undefined)),
          }}
          locale={{ emptyText: '没有派驻记录' }}
        />
      </Card>
      {creating && (
        <DispatchFormModal
          onCancel={() => setCreating(false)}
          onSaved={() => {
            setCreating(false);
            reloadAll();
          }}
        />
      )}
      {ending && (
        <DispatchEndModal
          dispatch={ending}
          onCancel={() => setEnding(null)}
          onSaved={() => {
            setEnding(null);
            reloadAll();
          }}
        />
      )}
    </Flex>
  );
}

/** Cadres posted twice at once: each pair once, with both postings side by side. */
function OverlapsAlert({ pairs, onShow }: { pairs: DispatchOverlap[]; onShow: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="overlaps-alert"
      title={`${new Set(pairs.map((p) => p.personId)).size} 名干部派驻时间重叠（${pairs.length} 处）`}
      description={
        open ? (
          <Flex vertical gap={4} style={{ fontSize: 13 }}>
            {pairs.slice(0, 50).map((p) => (
              <div key={`${p.first.id}-${p.second.id}`}>
                <b>{p.name}</b>：{p.first.frontName}「{p.first.postedUnitName}」与 {p.second.frontName}「{p.second.postedUnitName}」在 {p.from} 至 {p.to ?? '今'} 重叠
              </div>
            ))}
          </Flex>
        ) : undefined
      }
      action={
        <Space orientation="vertical" size={4}>
          <Button size="small" onClick={() => setOpen((o) => !o)}>
            {open ? '收起' : '查看'}
          </Button>
          <Button size="small" type="link" onClick={onShow}>
            筛选
          </Button>
        </Space>
      }
    />
  );
}
