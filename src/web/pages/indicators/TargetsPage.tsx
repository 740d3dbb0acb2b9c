import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, App, Breadcrumb, Button, Card, Empty, Form, InputNumber, Progress, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { DownloadOutlined, SaveOutlined, UploadOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../api';
import { useMe } from '../../auth';
import { errorText } from '../../components/applyServerErrors';
import { ImportWizard } from '../../components/ImportWizard';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import { VersionConflictModal } from '../../components/VersionConflictModal';
import { IndicatorPicker, useIndicatorList } from './IndicatorPicker';
import { PeriodInput } from './PeriodInput';
import { fmtNum, fmtPct, normalizePeriod, periodLabel, periodProblem } from './format';
import { latestYearWithData } from './latestYear';
import type { OrgUnitDetail } from '../../types';
import type { TargetRow, TargetsResult } from './types';
import { useApi } from './useApi';

/** Drafts typed in the table, by unit id: a number, or null for "clear the target". */
type Drafts = Map<number, number | null>;

const targetText = (v: number | null | undefined, unit: string) => (v == null ? '（未设定）' : `${fmtNum(v, 6)} ${unit}`);

/**
 * 目标值: targets of one indicator for a unit and its children in one period, with the actual
 * (published) figures and completion beside them. Saves send each row's version so two people
 * editing the same targets never overwrite each other unseen.
 */
export default function TargetsPage() {
  const me = useMe();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const { list: indicators, error: listError } = useIndicatorList();
  const indicatorId = Number(params.get('indicator')) || undefined;
  const unitId = Number(params.get('unit')) || me.orgUnitId;
  const period = params.get('period') ?? '';
  const indicator = indicators?.find((i) => i.id === indicatorId);
  const problem = indicator && period ? periodProblem(normalizePeriod(period), indicator.periodType) : null;

  const [data, setData] = useState<TargetsResult | null>(null);
  const [drafts, setDrafts] = useState<Drafts>(new Map());
  const [loading, setLoading] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [conflict, setConflict] = useState<{ mine: Drafts; fresh: TargetsResult } | null>(null);
  const unit = useApi<OrgUnitDetail>(String(unitId), () => api.get<OrgUnitDetail>(`/api/org/units/${unitId}`));
  const crumbs = unit.data ? [...unit.data.ancestors, { id: unit.data.id, name: unit.data.name }] : [];

  const set = (patch: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    setParams(next, { replace: false });
  };

  // Opened without a period: the latest year with figures, so the table shows something.
  useEffect(() => {
    if (!indicatorId || period) return;
    let cancelled = false;
    void latestYearWithData(indicatorId, unitId).then((year) => {
      if (cancelled) return;
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (!next.get('period')) next.set('period', year);
          return next;
        },
        { replace: true },
      );
    });
    return () => {
      cancelled = true;
    };
  }, [indicatorId, unitId, period, setParams]);

  const fetchTargets = useCallback(
    () => api.get<TargetsResult>(`/api/indicators/${indicatorId}/targets`, { unitId, period }),
    [indicatorId, unitId, period],
  );

  const load = useCallback(async () => {
    if (!indicatorId || !period || problem) {
      setData(null);
      return;
    }
    setLoading(true);
    try {
      setData(await fetchTargets());
      setDrafts(new Map());
      setError(null);
    } catch (err) {
      setData(null);
      setError(errorText(err));
    } finally {
      setLoading(false);
    }
  }, [indicatorId, period, problem, fetchTargets]);

  useEffect(() => {
    void load();
  }, [load]);

  const dirty = useMemo(() => {
    if (!data) return [] as TargetRow[];
    return data.rows.filter((r) => drafts.has(r.unitId) && drafts.get(r.unitId) !== r.target);
  }, [data, drafts]);

  const save = async (mine: Drafts, base: TargetsResult) => {
    const items = base.rows
      .filter((r) => mine.has(r.unitId) && mine.get(r.unitId) !== r.target)
      .map((r) => ({ orgUnitId: r.unitId, target: mine.get(r.unitId) ?? null, version: r.targetVersion }));
    if (!items.length) {
      message.info('没有需要保存的修改');
      return;
    }
    setSaving(true);
    try {
      const res = await api.put<{ changed: number }>(`/api/indicators/${base.indicator.id}/targets`, { period: base.period, items });
      message.success(`已保存 ${res.changed} 个目标值`);
      setConflict(null);
      await load();
    } catch (err) {
      if (err instanceof ApiError && err.isVersionConflict) {
        // Someone saved targets here meanwhile: show theirs next to mine, decide per the modal.
        try {
          setConflict({ mine, fresh: await fetchTargets() });
        } catch (e) {
          message.error(errorText(e));
        }
      } else {
        message.error(errorText(err));
      }
    } finally {
      setSaving(false);
    }
  };

  const unitLabel = (r: TargetRow) => (r.isSelf ? `${r.unitName}（本级）` : r.unitName);
  const columns: TableProps<TargetRow>['columns'] = [
    {
      title: '单位',
      dataIndex: 'unitName',
      fixed: 'left',
      width: 150,
      render: (_v, r) =>
        r.isSelf || !r.childCount ? (
          <span style={{ fontWeight: r.isSelf ? 600 : undefined }}>{unitLabel(r)}</span>
        ) : (
          <Typography.Link onClick={() => set({ unit: r.unitId })} title="设定下级单位的目标">
            {r.unitName}
          </Typography.Link>
        ),
    },
    {
      title: `目标值${data ? `（${data.indicator.unit}）` : ''}`,
      key: 'target',
      width: 160,
      render: (_v, r) => {
        const value = drafts.has(r.unitId) ? drafts.get(r.unitId) : r.target;
        const changed = drafts.has(r.unitId) && drafts.get(r.unitId) !== r.target;
        return (
          <InputNumber<number>
            aria-label={`${r.unitName}目标值`}
            value={value ?? null}
            onChange={(v) => setDrafts((prev) => new Map(prev).set(r.unitId, v ?? null))}
            placeholder="未设定"
            formatter={groupThousands}
            // Hand the digits back as text: an emptied field must read as no target, not 0.
            parser={(t) => (t ?? '').replace(/,/g, '') as unknown as number}
            style={{ width: '100%', background: changed ? '#fff7e6' : undefined }}
          />
        );
      },
    },
    { title: '实际完成', dataIndex: 'actual', width: 110, align: 'right', render: (v: number | null) => fmtNum(v) },
    {
      title: '完成情况',
      key: 'completion',
      width: 180,
      render: (_v, r) => <CompletionCell row={r} direction={data?.indicator.direction ?? 'higher'} />,
    },
    { title: '设定人', dataIndex: 'updatedBy', width: 120, responsive: ['md'], render: (v: string | null) => v ?? '—' },
  ];

  return (
    <Card
      title="目标值"
      size="small"
      extra={
        <Space wrap>
          <Button
            icon={<DownloadOutlined />}
            disabled={!data}
            onClick={() =>
              data &&
              void api
                .download(`/api/indicators/${data.indicator.id}/targets/export`, { unitId, period: data.period }, '目标值.xlsx', 'POST')
                .catch((err) => message.error(errorText(err)))
            }
          >
            导出 Excel
          </Button>
          <Button icon={<UploadOutlined />} disabled={!data} onClick={() => setImporting(true)}>
            导入 Excel
          </Button>
        </Space>
      }
      styles={{ header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 } }}
    >
      <Form layout="inline" style={{ rowGap: 8, marginBottom: 12 }}>
        <Form.Item label="指标">
          <IndicatorPicker indicators={indicators} value={indicatorId} onChange={(id) => set({ indicator: id })} style={{ width: 260 }} aria-label="指标" />
        </Form.Item>
        <Form.Item label="期次" validateStatus={problem ? 'error' : undefined} help={problem ?? undefined}>
          <PeriodInput value={period} periodType={indicator?.periodType} onChange={(p) => set({ period: p })} aria-label="期次" />
        </Form.Item>
        <Form.Item label="单位">
          <OrgUnitPicker value={unitId} allowClear={false} onChange={(id) => set({ unit: id && id !== me.orgUnitId ? id : undefined })} style={{ width: 220 }} aria-label="单位" />
        </Form.Item>
      </Form>
      {listError && <Alert type="error" showIcon title={listError} style={{ marginBottom: 12 }} />}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {!indicatorId ? (
        <Empty description="请选择指标和期次" />
      ) : (
        <>
          {crumbs.length > 1 && (
            <Breadcrumb
              style={{ marginBottom: 8 }}
              items={crumbs.map((c, i) =>
                i === crumbs.length - 1 ? { key: c.id, title: <strong>{c.name}</strong> } : { key: c.id, title: <a onClick={() => set({ unit: c.id === me.orgUnitId ? undefined : c.id })}>{c.name}</a> },
              )}
            />
          )}
          {data && (
            <Space wrap style={{ marginBottom: 8, justifyContent: 'space-between', width: '100%' }}>
              <Typography.Text type="secondary">
                {data.indicator.name} · {periodLabel(data.period)} · {data.indicator.direction === 'lower' ? '越低越好：不超过目标即为达标' : '越高越好：达到目标即为完成'} · 实际完成为已审核数据
              </Typography.Text>
              <Space>
                {dirty.length > 0 && <Typography.Text type="warning">{dirty.length} 项未保存</Typography.Text>}
                <Button disabled={!dirty.length || saving} onClick={() => setDrafts(new Map())}>
                  撤销修改
                </Button>
                <Button type="primary" icon={<SaveOutlined />} loading={saving} disabled={!dirty.length} onClick={() => void save(drafts, data)}>
                  保存
                </Button>
              </Space>
            </Space>
          )}
          <Table<TargetRow>
            data-testid="targets-table"
            rowKey="unitId"
            size="small"
            loading={loading}
            columns={columns}
            dataSource={data?.rows ?? []}
            pagination={false}
            scroll={{ x: 640 }}
            rowClassName={(r) => (drafts.has(r.unitId) && drafts.get(r.unitId) !== r.target ? 'diff-changed' : '')}
          />
          {data && unitId !== me.orgUnitId && (
            <Typography.Paragraph style={{ marginTop: 8 }}>
              <Link to={`/explore?indicator=${data.indicator.id}&unit=${unitId}&from=${data.period}`}>在指标分析中查看 →</Link>
            </Typography.Paragraph>
          )}
        </>
      )}
      {conflict && data && (
        <VersionConflictModal
          open
          fields={conflict.fresh.rows.filter((r) => conflict.mine.has(r.unitId)).map((r) => ({ key: String(r.unitId), label: unitLabel(r) }))}
          mine={Object.fromEntries([...conflict.mine].map(([id, v]) => [String(id), targetText(v, data.indicator.unit)]))}
          theirs={Object.fromEntries(
            conflict.fresh.rows.filter((r) => conflict.mine.has(r.unitId)).map((r) => [String(r.unitId), `${targetText(r.target, data.indicator.unit)}${r.updatedBy ? `\n（${r.updatedBy} 设定）` : ''}`]),
          )}
          busy={saving}
          onCancel={() => setConflict(null)}
          onReloadTheirs={() => {
            setData(conflict.fresh);
            setDrafts(new Map());
            setConflict(null);
            message.info('已载入最新目标值，您的修改未保存');
          }}
          onReapplyMine={() => {
            const { mine, fresh } = conflict;
            setData(fresh);
            void save(mine, fresh);
          }}
        />
      )}
      <ImportWizard
        open={importing}
        onClose={() => setImporting(false)}
        subject="目标值"
        uploadPath="/api/targets/import"
        templateLabel="下载当前目标值表（填好后导入）"
        downloadTemplate={() => api.download(`/api/indicators/${indicatorId}/targets/export`, { unitId, period }, '目标值.xlsx', 'POST')}
        onImported={() => void load()}
      />
    </Card>
  );
}

/** Completion: a progress bar for higher-is-better; 达标/未达标 for lower-is-better. */
function CompletionCell({ row, direction }: { row: TargetRow; direction: string }) {
  if (row.target == null) return <Typography.Text type="secondary">未设定目标</Typography.Text>;
  if (row.actual == null) return <Typography.Text type="secondary">暂无数据</Typography.Text>;
  if (direction === 'lower') {
    return (
      <Space size={4}>
        <Tag color={row.met ? 'success' : 'error'}>{row.met ? '达标' : '未达标'}</Tag>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {fmtNum(row.actual)} / {fmtNum(row.target)}
        </Typography.Text>
      </Space>
    );
  }
  const pct = row.completion == null ? null : row.completion * 100;
  return (
    <Progress
      percent={pct == null ? 0 : Math.min(100, pct)}
      status={row.met ? 'success' : 'normal'}
      format={() => (pct == null ? '—' : fmtPct(row.completion, 1))}
      size="small"
    />
  );
}

/** "67466.5" → "67,466.5" while typing: only the integer part is grouped. */
function groupThousands(value: number | string | undefined): string {
  if (value === undefined || value === '') return '';
  const [int, frac] = String(value).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}
