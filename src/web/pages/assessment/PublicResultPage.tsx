import { useCallback, useEffect, useMemo, useState } from 'react';
import { useParams } from 'react-router-dom';
import { Alert, Button, Card, Empty, Flex, Grid, Input, Result, Select, Spin, Tag, Typography } from 'antd';
import { DownOutlined, RightOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../api';
import { fmtNum } from '../indicators/format';
import { dateTimeText, pts } from './display';
import { GradeTag, RankBadge, RankChange } from './LeagueTable';
import type { PublicResult, PublicRow } from './types';

const PAGE = 100;

/**
 * 考评公示: the page behind a published result's public link, opened by anyone on a phone with
 * no account — the league table only (rank, unit, town, total, grade, change), each row opening
 * to its item points. No breakdowns, no veto reasons.
 */
export default function PublicResultPage() {
  const { slug = '' } = useParams();
  const screens = Grid.useBreakpoint();
  const [data, setData] = useState<PublicResult | null>(null);
  const [failure, setFailure] = useState<{ notFound: boolean; message: string } | null>(null);
  const [q, setQ] = useState('');
  const [town, setTown] = useState<string | undefined>();
  const [limit, setLimit] = useState(PAGE);
  const [expanded, setExpanded] = useState<Set<number>>(new Set());

  const load = useCallback(async () => {
    setFailure(null);
    try {
      setData(await api.get<PublicResult>(`/api/public/results/${encodeURIComponent(slug)}`));
    } catch (err) {
      // A malformed slug fails validation (400): to the reader it is the same missing page.
      const notFound = err instanceof ApiError && (err.status === 404 || err.status === 400);
      setFailure({ notFound, message: err instanceof ApiError && err.status !== 400 ? err.message : '该公示页面不存在或已撤下' });
    }
  }, [slug]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    document.title = data ? `${data.title} · 丽州` : '考评公示 · 丽州';
  }, [data]);

  const towns = useMemo(() => [...new Set((data?.rows ?? []).map((r) => r.parentName).filter((p): p is string => !!p))].sort((a, b) => a.localeCompare(b, 'zh-CN')), [data]);
  const rows = useMemo(() => (data?.rows ?? []).map((r, i) => ({ ...r, i })).filter((r) => (!town || r.parentName === town) && (!q.trim() || r.name.includes(q.trim()))), [data, q, town]);
  const toggle = (i: number) =>
    setExpanded((s) => {
      const n = new Set(s);
      if (n.has(i)) n.delete(i);
      else n.add(i);
      return n;
    });
  const wide = !!screens.md;

  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <div style={{ background: '#c8102e', color: '#fff', padding: '12px 16px', fontSize: 17, fontWeight: 600 }}>丽州 · 考评结果公示</div>
      <main style={{ maxWidth: 880, margin: '0 auto', padding: wide ? 16 : 8 }}>
        {!data && !failure && (
          <Flex justify="center" style={{ padding: 48 }}>
            <Spin size="large" />
          </Flex>
        )}
        {failure && (
          <Card style={{ marginTop: 24 }} data-testid="public-missing">
            {failure.notFound ? (
              <Result status="404" title="该公示页面不存在或已撤下" subTitle="请核对链接是否完整，或联系发布单位。" />
            ) : (
              <Result status="warning" title={failure.message} extra={<Button onClick={() => void load()}>重试</Button>} />
            )}
          </Card>
        )}
        {data && (
          <Flex vertical gap={wide ? 12 : 8}>
            {data.superseded && <Alert type="warning" showIcon title="本期结果已由发布单位更正，本页为更正前的版本，请以最新公示为准。" data-testid="public-superseded" />}
            <Card styles={{ body: { padding: wide ? 20 : 14 } }}>
              <Typography.Title level={wide ? 3 : 4} style={{ marginTop: 0, marginBottom: 6 }} data-testid="public-title">
                {data.title}
              </Typography.Title>
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {[data.periodLabel, data.scopeUnitName, `共 ${data.rows.length} 个单位`, `发布于 ${dateTimeText(data.publishedAt)}`].filter(Boolean).join(' · ')}
              </Typography.Text>
              <Flex gap={4} wrap style={{ marginTop: 10 }}>
                {data.items.map((it) => (
                  <Tag key={it.key} style={{ marginInlineEnd: 0 }}>
                    {it.label} {fmtNum(it.weight)}分
                  </Tag>
                ))}
              </Flex>
              {(data.grades as { label: string; min: number }[]).length > 0 && (
                <Flex gap={4} wrap style={{ marginTop: 6 }} align="center">
                  <span style={{ fontSize: 12, color: '#8c8c8c' }}>等次：</span>
                  {(data.grades as { label: string; min: number }[]).map((g) => (
                    <span key={g.label} style={{ fontSize: 12 }}>
                      <GradeTag grade={g.label} grades={data.grades as { label: string }[]} />≥{fmtNum(g.min)}分
                    </span>
                  ))}
                </Flex>
              )}
            </Card>

            <Flex gap={8}>
              <Input.Search allowClear placeholder="查找单位" value={q} onChange={(e) => {
                  setQ(e.target.value);
                  setLimit(PAGE);
                }} style={{ flex: 1 }} aria-label="查找单位" />
              {towns.length > 1 && (
                <Select allowClear placeholder="全部镇街" value={town} onChange={(v) => {
                    setTown(v);
                    setLimit(PAGE);
                  }} options={towns.map((t) => ({ value: t, label: t }))} style={{ width: wide ? 180 : 120 }} aria-label="按镇街筛选" />
              )}
            </Flex>

            <Card styles={{ body: { padding: 0 } }} data-testid="public-table">
              <div style={{ display: 'grid', gridTemplateColumns: wide ? '64px 1fr 140px 90px 80px 70px' : '44px 1fr 64px 52px', alignItems: 'center', padding: '8px 12px', fontSize: 12, color: '#8c8c8c', borderBottom: '1px solid #f0f0f0', background: '#fafafa', borderRadius: '8px 8px 0 0' }}>
                <span style={{ textAlign: 'center' }}>名次</span>
                <span>单位</span>
                {wide && <span>所属</span>}
                <span style={{ textAlign: 'right' }}>总分</span>
                {wide && <span style={{ textAlign: 'center' }}>等次</span>}
                <span style={{ textAlign: 'center' }}>变化</span>
              </div>
              {rows.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有符合条件的单位" style={{ padding: 24 }} />}
              {rows.slice(0, limit).map((r) => (
                <PublicRowView key={r.i} row={r} data={data} wide={wide} open={expanded.has(r.i)} onToggle={() => toggle(r.i)} />
              ))}
              {rows.length > limit && (
                <div style={{ padding: 12, textAlign: 'center' }}>
                  <Button onClick={() => setLimit((l) => l + PAGE)}>显示更多（还有 {rows.length - limit} 个）</Button>
                </div>
              )}
            </Card>

            <Typography.Paragraph type="secondary" style={{ fontSize: 12, padding: '0 4px' }}>
              {data.tieBreak}名次变化与上一期发布的结果相比。本页为公示信息，数据以发布时为准。
            </Typography.Paragraph>
          </Flex>
        )}
      </main>
    </div>
  );
}

function PublicRowView({ row, data, wide, open, onToggle }: { row: PublicRow; data: PublicResult; wide: boolean; open: boolean; onToggle: () => void }) {
  const grades = data.grades as { label: string }[];
  return (
    <div style={{ borderBottom: '1px solid #f0f0f0' }} data-testid="public-row">
      <button
        type="button"
        onClick={onToggle}
        aria-expanded={open}
        aria-label={`第${row.rank}名 ${row.name}，总分${pts(row.total)}，${open ? '收起' : '展开'}各项得分`}
        style={{
          all: 'unset',
          boxSizing: 'border-box',
          width: '100%',
          cursor: 'pointer',
          display: 'grid',
          gridTemplateColumns: wide ? '64px 1fr 140px 90px 80px 70px' : '44px 1fr 64px 52px',
          alignItems: 'center',
          padding: wide ? '10px 12px' : '10px 12px',
          minHeight: 52,
          background: open ? '#fff7f7' : undefined,
        }}
      >
        <span style={{ textAlign: 'center' }}>
          <RankBadge rank={row.rank} vetoed={row.vetoed} />
        </span>
        <span style={{ minWidth: 0 }}>
          <span style={{ fontSize: 15, fontWeight: 500 }}>
            {open ? <DownOutlined style={{ fontSize: 10, color: '#bfbfbf', marginInlineEnd: 4 }} /> : <RightOutlined style={{ fontSize: 10, color: '#bfbfbf', marginInlineEnd: 4 }} />}
            {row.name}
          </span>
          {!wide && (
            <span style={{ display: 'block', fontSize: 12, color: '#8c8c8c', paddingInlineStart: 14 }}>
              {row.parentName}
              {row.grade && (
                <>
                  {row.parentName ? ' · ' : ''}
                  <GradeTag grade={row.grade} grades={grades} />
                </>
              )}
              {row.vetoed && <Tag color="red">一票否决</Tag>}
            </span>
          )}
          {wide && row.vetoed && (
            <Tag color="red" style={{ marginInlineStart: 6 }}>
              一票否决
            </Tag>
          )}
        </span>
        {wide && <span style={{ color: '#595959' }}>{row.parentName ?? '—'}</span>}
        <span style={{ textAlign: 'right', fontSize: 16, fontWeight: 600, fontVariantNumeric: 'tabular-nums' }}>{pts(row.total)}</span>
        {wide && (
          <span style={{ textAlign: 'center' }}>
            <GradeTag grade={row.grade} grades={grades} />
          </span>
        )}
        <span style={{ textAlign: 'center', fontSize: 13 }}>
          <RankChange change={row.rankChange} />
        </span>
      </button>
      {open && (
        <div style={{ padding: wide ? '4px 12px 12px 76px' : '0 12px 10px 56px', background: '#fff7f7' }} data-testid="public-row-items">
          {data.items.map((it) => (
            <Flex key={it.key} justify="space-between" style={{ fontSize: 13, padding: '3px 0', borderBottom: '1px dashed #f0f0f0' }}>
              <span>
                {it.label}
                <span style={{ color: '#8c8c8c', fontSize: 12 }}>（{fmtNum(it.weight)}分）</span>
              </span>
              <span style={{ fontVariantNumeric: 'tabular-nums' }}>{pts(row.itemPoints[it.key])}</span>
            </Flex>
          ))}
          {!row.vetoed && row.bonus !== 0 && (
            <Flex justify="space-between" style={{ fontSize: 13, padding: '3px 0' }}>
              <span>加分</span>
              <span style={{ color: '#389e0d' }}>+{pts(row.bonus)}</span>
            </Flex>
          )}
          {!row.vetoed && row.penalty !== 0 && (
            <Flex justify="space-between" style={{ fontSize: 13, padding: '3px 0' }}>
              <span>减分</span>
              <span style={{ color: '#cf1322' }}>−{pts(row.penalty)}</span>
            </Flex>
          )}
        </div>
      )}
    </div>
  );
}
