import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, App, Badge, Button, Card, Empty, Flex, Select, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { RECRUITMENT_LEVEL_ZH, RECRUITMENT_STAGES, type RecruitmentLevel, type RecruitmentStage } from '../../../shared/talent';
import { api } from '../../api';
import { errorText } from '../../components/applyServerErrors';
import { useApi } from '../indicators/useApi';
import { CandidateDrawer, CandidateFormModal, LEVEL_COLOR, STAGE_COLOR, type Candidate } from './RecruitmentModals';

interface Board {
  year: number;
  years: number[];
  stages: { stage: RecruitmentStage; name: string; count: number; national: number; provincial: number; reached: { national: number; provincial: number } }[];
}

interface RateRow {
  year: number;
  level?: RecruitmentLevel;
  levelName?: string;
  applied: number;
  screened: number;
  defence: number;
  selected: number;
  notSelected: number;
  open: number;
  screenRate: number | null;
  reviewRate: number | null;
  defenceRate: number | null;
}

interface Rates {
  definitions: Record<'reached' | 'screenRate' | 'reviewRate' | 'defenceRate', string>;
  rows: RateRow[];
  totals: RateRow[];
}

const pct = (v: number | null) => (v == null ? '—' : `${v}%`);

/**
 * 海外引才: the year's candidates on a board by stage (申报 → 初审通过 → 入围答辩 → 入选, or 未入选),
 * each moved one stage at a time, and the pass rates per stage, level and year with how each is
 * defined — the figures behind "复审通过率" and "19人入围答辩".
 */
export default function RecruitmentPage() {
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const thisYear = new Date().getFullYear();
  const [level, setLevel] = useState<RecruitmentLevel | undefined>();
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<number | null>(null);
  const years = useApi<Board>('years', () => api.get<Board>('/api/recruitment/board', { year: thisYear }));
  const year = Number(params.get('year')) || years.data?.years[0] || thisYear;
  const board = useApi<Board>(`board:${year}`, () => api.get<Board>('/api/recruitment/board', { year }));
  const list = useApi<{ items: Candidate[]; total: number }>(`list:${year}:${level ?? ''}`, () => api.get('/api/recruitment/candidates', { year, level, pageSize: 500 }));
  const rates = useApi<Rates>('rates', () => api.get<Rates>('/api/recruitment/rates'));
  const reload = () => {
    years.reload();
    board.reload();
    list.reload();
    rates.reload();
  };
  const exportXlsx = async () => {
    try {
      await api.download('/api/recruitment/candidates/export', { year, level }, '海外引才候选人.xlsx', 'POST');
    } catch (err) {
      message.error(errorText(err));
    }
  };

  const yearOptions = [...new Set([thisYear, ...(years.data?.years ?? [])])].sort((a, b) => b - a).map((y) => ({ value: y, label: `${y}年度` }));
  const byStage = (s: RecruitmentStage) => (list.data?.items ?? []).filter((c) => c.stage === s);
  const rateColumns: TableProps<RateRow>['columns'] = [
    { title: '年度', dataIndex: 'year', width: 70 },
    { title: '层次', dataIndex: 'levelName', width: 70, render: (l?: string) => l ?? '合计' },
    { title: '申报', dataIndex: 'applied', width: 60, align: 'right' },
    { title: '初审通过', dataIndex: 'screened', width: 80, align: 'right' },
    { title: '入围答辩', dataIndex: 'defence', width: 80, align: 'right' },
    { title: '入选', dataIndex: 'selected', width: 60, align: 'right' },
    { title: '初审通过率', dataIndex: 'screenRate', width: 90, align: 'right', render: pct },
    { title: '复审通过率', dataIndex: 'reviewRate', width: 90, align: 'right', render: (v: number | null) => <b>{pct(v)}</b> },
    { title: '答辩通过率', dataIndex: 'defenceRate', width: 90, align: 'right', render: pct },
    { title: '进行中', dataIndex: 'open', width: 70, align: 'right', responsive: ['md'], render: (n: number) => (n ? <Tag color="processing">{n}</Tag> : '') },
  ];

  return (
    <Flex vertical gap={12}>
      <Card
        size="small"
        title={`海外引才 · ${year}年度`}
        extra={
          <Space wrap>
            <Select aria-label="申报年度" value={year} style={{ width: 110 }} onChange={(y) => setParams({ year: String(y) })} options={yearOptions} />
            <Select aria-label="申报层次" allowClear placeholder="全部层次" value={level} style={{ width: 110 }} onChange={setLevel} options={(Object.keys(RECRUITMENT_LEVEL_ZH) as RecruitmentLevel[]).map((l) => ({ value: l, label: RECRUITMENT_LEVEL_ZH[l] }))} />
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              登记申报人
            </Button>
            <Button icon={<DownloadOutlined />} onClick={() => void exportXlsx()}>
              导出
            </Button>
          </Space>
        }
        styles={{ header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 } }}
      >
        {(board.error || list.error) && <Alert type="error" showIcon title={board.error ?? list.error} style={{ marginBottom: 12 }} />}
        <Flex gap={8} wrap data-testid="recruitment-board">
          {RECRUITMENT_STAGES.map((s) => {
            const st = board.data?.stages.find((x) => x.stage === s);
            const cards = byStage(s);
            return (
              <Card
                key={s}
                size="small"
                style={{ flex: '1 1 180px', minWidth: 0, background: '#fafafa' }}
                title={
                  <Space>
                    <Tag color={STAGE_COLOR[s]} style={{ marginInlineEnd: 0 }}>
                      {st?.name ?? s}
                    </Tag>
                    <Badge count={level ? cards.length : (st?.count ?? 0)} showZero color="#8c8c8c" />
                  </Space>
                }
                data-testid={`stage-${s}`}
              >
                {st && (
                  <div style={{ fontSize: 12, color: '#888', marginBottom: 6 }}>
                    <div>
                      现在此环节：国家级 {st.national} · 省级 {st.provincial}
                    </div>
                    {s !== 'not_selected' && (
                      <div data-testid={`reached-${s}`}>
                        累计达到：国家级 {st.reached.national} · 省级 {st.reached.provincial}
                      </div>
                    )}
                  </div>
                )}
                <Flex vertical gap={6} style={{ maxHeight: 420, overflowY: 'auto' }}>
                  {cards.map((c) => (
                    <Card key={c.id} size="small" hoverable onClick={() => setOpen(c.id)} styles={{ body: { padding: 8 } }}>
                      <Space size={4} wrap>
                        <b>{c.name}</b>
                        <Tag color={LEVEL_COLOR[c.level]} style={{ marginInlineEnd: 0 }}>
                          {c.levelName}
                        </Tag>
                      </Space>
                      <div style={{ fontSize: 12, color: '#666' }}>{c.field}</div>
                      <div style={{ fontSize: 12, color: '#999' }}>{c.employerName}</div>
                      {c.stage === 'not_selected' && <div style={{ fontSize: 12, color: '#cf1322' }}>{c.stageName}</div>}
                    </Card>
                  ))}
                  {!cards.length && <Typography.Text type="secondary" style={{ fontSize: 12 }}>暂无</Typography.Text>}
                </Flex>
              </Card>
            );
          })}
        </Flex>
      </Card>

      <Card size="small" title="各环节通过率">
        {rates.data && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title="口径"
            data-testid="rate-definitions"
            description={
              <div style={{ fontSize: 13 }}>
                <div>{rates.data.definitions.screenRate}</div>
                <div>
                  <b>{rates.data.definitions.reviewRate}</b>
                </div>
                <div>{rates.data.definitions.defenceRate}</div>
                <div style={{ color: '#888' }}>{rates.data.definitions.reached}；按申报年度统计。</div>
              </div>
            }
          />
        )}
        {rates.error && <Alert type="error" showIcon title={rates.error} />}
        {rates.data && rates.data.rows.length === 0 ? (
          <Empty description="尚无候选人" />
        ) : (
          <Table<RateRow>
            data-testid="rates-table"
            rowKey={(r) => `${r.year}-${r.level ?? 'all'}`}
            size="small"
            loading={rates.loading}
            pagination={false}
            scroll={{ x: 760 }}
            dataSource={(rates.data?.totals ?? []).flatMap((t) => [...(rates.data?.rows ?? []).filter((r) => r.year === t.year), t])}
            onRow={(r) => ({ style: r.level ? undefined : { background: '#fafafa', fontWeight: 500 } })}
            columns={rateColumns}
          />
        )}
      </Card>
      {creating && (
        <CandidateFormModal
          candidate={null}
          year={year}
          onCancel={() => setCreating(false)}
          onSaved={(c) => {
            setCreating(false);
            if (c.year !== year) setParams({ year: String(c.year) });
            reload();
          }}
        />
      )}
      <CandidateDrawer candidateId={open} onClose={() => setOpen(null)} onChanged={reload} />
    </Flex>
  );
}
