import { useMemo, useState, type HTMLAttributes } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Card, Empty, Flex, Form, Grid, Input, Select, Space, Switch, Table, Tag, Typography, type TableProps } from 'antd';
import { FileSearchOutlined } from '@ant-design/icons';
import { api } from '../../api';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { useIndicatorList } from '../indicators/IndicatorPicker';
import { fmtNum, periodLabel } from '../indicators/format';
import { viewToParams, DEFAULT_LEAGUE_TYPES } from '../indicators/explorerQuery';
import { VERDICT_ACCENT, VERDICT_MARK, VERDICT_ORDER, VERDICT_TAG, VERDICT_ZH, actualText, segments, yearOptions } from './display';
import type { CheckedClaim, FactCheckInput, FactCheckReport, Verdict } from './types';

const MAX_CHARS = 50_000;
const FIELDS = ['year', 'text'] as const;
const VERDICTS: Verdict[] = ['mismatch', 'unknown', 'verified'];

interface Row extends CheckedClaim {
  /** Position in the report's claims, the row key and the highlight's target. */
  index: number;
}

interface FormValues {
  year: number;
  text: string;
}

interface Checked {
  report: FactCheckReport;
  /** The draft as the server read it (trimmed): claim offsets point into this text. */
  text: string;
}

/**
 * 数据核验: paste a draft (a year-end summary, a report), and every figure in it is checked
 * against the ledger for the year — 核实, 不符 (with the ledger's figure and how to write it), or
 * 未知 (no matching indicator). The draft comes back with each figure highlighted by verdict.
 */
export default function FactCheckPage() {
  const screens = Grid.useBreakpoint();
  const isMobile = screens.md === false;
  const [form] = Form.useForm<FormValues>();
  const [checked, setChecked] = useState<Checked | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [onlyMismatch, setOnlyMismatch] = useState(false);
  const [verdictFilter, setVerdictFilter] = useState<Verdict[] | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const indicators = useIndicatorList(true);

  const idByCode = useMemo(() => new Map((indicators.list ?? []).map((i) => [i.code, i.id])), [indicators.list]);

  const submit = async (v: { year: number; text: string }) => {
    setBusy(true);
    setError(null);
    form.setFields(FIELDS.map((name) => ({ name, errors: [] })));
    try {
      const body: FactCheckInput = { year: v.year, text: v.text ?? '' };
      const report = await api.post<FactCheckReport>('/api/reports/check', body);
      setChecked({ report, text: (v.text ?? '').trim() });
      setSelected(null);
      setVerdictFilter(null);
      setOnlyMismatch(false);
    } catch (err) {
      if (!applyServerErrors(form, err, FIELDS)) setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const rows: Row[] = useMemo(() => {
    const claims = checked?.report.claims ?? [];
    return claims
      .map((c, index) => ({ ...c, index }))
      .sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] || a.start - b.start);
  }, [checked]);
  const activeFilter: Verdict[] | null = onlyMismatch ? ['mismatch'] : verdictFilter;
  const shown = activeFilter?.length ? rows.filter((r) => activeFilter.includes(r.verdict)) : rows;

  /** From a highlight in the draft to its row: make sure it is shown, select it and scroll to it. */
  const focusClaim = (index: number) => {
    const c = checked?.report.claims[index];
    if (!c) return;
    if (activeFilter?.length && !activeFilter.includes(c.verdict)) {
      setOnlyMismatch(false);
      setVerdictFilter(null);
    }
    setSelected(index);
    // After the filter change has rendered.
    setTimeout(() => {
      document.querySelector(`[data-claim-row="${index}"]`)?.scrollIntoView({ behavior: 'smooth', block: 'center' });
    }, 50);
  };

  const explorerLink = (c: CheckedClaim): string | null => {
    const id = c.source && idByCode.get(c.source.code);
    if (!id || !checked) return null;
    const p = viewToParams({ indicatorId: id, unitId: checked.report.orgUnit.id, from: c.source!.period, provisional: false, tab: 'drill', leagueTypes: DEFAULT_LEAGUE_TYPES });
    return `/explore?${p.toString()}`;
  };

  const sourceCell = (c: CheckedClaim) => {
    if (!c.source) return <Typography.Text type="secondary">—</Typography.Text>;
    const link = explorerLink(c);
    const label = `${c.source.name} · ${periodLabel(c.source.period)}`;
    return (
      <Space orientation="vertical" size={0}>
        {link ? <Link to={link}>{label}</Link> : <span>{label}</span>}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {c.source.orgUnit}
          {c.source.sourceTitle ? ` · ${c.source.sourceTitle}` : c.source.peerGroup ? ` · ${c.source.peerGroup}` : ''}
        </Typography.Text>
      </Space>
    );
  };

  const adviceCell = (c: CheckedClaim) => {
    if (c.verdict === 'mismatch') return <Typography.Text strong style={{ color: '#a8071a' }}>{c.suggestion ?? (c.expected ? `应为${c.expected}` : '—')}</Typography.Text>;
    if (c.verdict === 'unknown') return <Typography.Text type="secondary">{c.reason ?? '无法核验'}</Typography.Text>;
    return <Typography.Text type="secondary">写法正确{c.expected && c.expected !== c.text ? `（也可写作${c.expected}）` : ''}</Typography.Text>;
  };

  const verdictTag = (v: Verdict) => (
    <Tag color={VERDICT_TAG[v]} style={{ marginInlineEnd: 0 }}>
      {VERDICT_ZH[v]}
    </Tag>
  );

  const columns: NonNullable<TableProps<Row>['columns']> = [
    { title: '原文', dataIndex: 'text', width: 120, render: (t: string) => <Typography.Text strong>{t}</Typography.Text> },
    {
      title: '结论',
      dataIndex: 'verdict',
      width: 80,
      render: verdictTag,
      filters: VERDICTS.map((v) => ({ text: VERDICT_ZH[v], value: v })),
      filteredValue: activeFilter,
      onFilter: (value, r) => r.verdict === value,
    },
    { title: '台账数值', key: 'actual', width: 130, render: (_v, r) => <span title={r.actual != null ? `${fmtNum(r.actual)}${r.unit}` : undefined}>{actualText(r)}</span> },
    { title: '应写作 / 建议', key: 'advice', width: 170, render: (_v, r) => adviceCell(r) },
    { title: '来源', key: 'source', width: 200, render: (_v, r) => sourceCell(r) },
    { title: '所在短句', dataIndex: 'phrase', render: (t: string) => <Typography.Text type="secondary">{t}</Typography.Text> },
  ];

  const counts = checked?.report.counts;
  const report = checked?.report;

  return (
    <Card size="small" title="数据核验">
      <Flex vertical gap={12}>
        <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 13 }}>
          粘贴年终总结、工作汇报等稿件，逐一找出其中的数字，与该年度台账和指标数据核对：核实、不符（附台账数值和应写作），或未知（没有对应的指标）。
        </Typography.Paragraph>
        <Form
          form={form}
          layout="vertical"
          initialValues={{ year: 2022, text: '' }}
          onFinish={(v) => void submit(v)}
          // A server message on a field goes as soon as the field is edited.
          onValuesChange={(changed: Partial<FormValues>) => form.setFields((Object.keys(changed) as (keyof FormValues)[]).map((name) => ({ name, errors: [] })))}
          requiredMark={false}
        >
          <Form.Item name="year" label="核验年度" style={{ marginBottom: 12 }}>
            <Select options={yearOptions()} style={{ width: 140 }} aria-label="核验年度" />
          </Form.Item>
          <Form.Item name="text" label="稿件内容" style={{ marginBottom: 12 }}>
            <Input.TextArea
              aria-label="稿件内容"
              placeholder="在此粘贴稿件，如：2022年，全市开展宣讲5200余场次……"
              autoSize={{ minRows: isMobile ? 6 : 8, maxRows: 20 }}
              count={{ show: true, max: MAX_CHARS }}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<FileSearchOutlined />} loading={busy}>
            核验
          </Button>
        </Form>
        {error && <Alert type="error" showIcon title={error} />}

        {report && counts && (
          <Flex vertical gap={12} data-testid="fact-check-result">
            <Flex wrap gap={8} align="center" data-testid="fact-check-summary">
              <Typography.Text>
                {report.orgUnit.name} · {report.year}年 · 共{report.claims.length}处数字：
              </Typography.Text>
              <Tag color="success">核实 {counts.verified}</Tag>
              <Tag color="error">不符 {counts.mismatch}</Tag>
              <Tag>未知 {counts.unknown}</Tag>
            </Flex>

            {report.claims.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="稿件中没有找到可核验的数字" />
            ) : (
              <>
                <div
                  data-testid="fact-check-draft"
                  style={{ whiteSpace: 'pre-wrap', lineHeight: 2, fontSize: 15, padding: isMobile ? 10 : 16, background: '#fafafa', border: '1px solid #f0f0f0', borderRadius: 6, maxHeight: 420, overflowY: 'auto', overflowWrap: 'anywhere' }}
                >
                  {segments(checked.text, report.claims).map((s, i) =>
                    s.kind === 'text' ? (
                      <span key={i}>{s.text}</span>
                    ) : (
                      <mark
                        key={i}
                        role="button"
                        tabIndex={0}
                        data-verdict={report.claims[s.index].verdict}
                        aria-label={`${s.text}：${VERDICT_ZH[report.claims[s.index].verdict]}`}
                        title={`${VERDICT_ZH[report.claims[s.index].verdict]}${report.claims[s.index].suggestion ? `，${report.claims[s.index].suggestion}` : ''}`}
                        onClick={() => focusClaim(s.index)}
                        onKeyDown={(e) => {
                          if (e.key === 'Enter' || e.key === ' ') {
                            e.preventDefault();
                            focusClaim(s.index);
                          }
                        }}
                        style={{
                          ...VERDICT_MARK[report.claims[s.index].verdict],
                          padding: '1px 3px',
                          borderRadius: 3,
                          cursor: 'pointer',
                          outline: selected === s.index ? '2px solid #1f1f1f' : undefined,
                          outlineOffset: 1,
                        }}
                      >
                        {s.text}
                      </mark>
                    ),
                  )}
                </div>

                <Flex wrap gap={12} align="center">
                  <Space size={6}>
                    <Switch size="small" checked={onlyMismatch} onChange={setOnlyMismatch} aria-label="只看不符" id="only-mismatch" />
                    <label htmlFor="only-mismatch">只看不符</label>
                  </Space>
                  {isMobile && (
                    <Select<Verdict | 'all'>
                      size="small"
                      aria-label="按结论筛选"
                      style={{ width: 110 }}
                      disabled={onlyMismatch}
                      value={verdictFilter?.[0] ?? 'all'}
                      onChange={(v) => setVerdictFilter(v === 'all' ? null : [v])}
                      options={[{ value: 'all', label: '全部结论' }, ...VERDICTS.map((v) => ({ value: v, label: VERDICT_ZH[v] }))]}
                    />
                  )}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    不符的排在最前；点击稿件中的高亮数字可定位到对应条目
                  </Typography.Text>
                </Flex>

                {isMobile ? (
                  <Flex vertical gap={8} data-testid="claim-list">
                    {shown.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有符合条件的条目" />}
                    {shown.map((r) => (
                      <Card
                        key={r.index}
                        size="small"
                        data-claim-row={r.index}
                        data-testid="claim-row"
                        style={{ borderInlineStartWidth: 4, borderInlineStartColor: VERDICT_ACCENT[r.verdict], outline: selected === r.index ? '2px solid #1f1f1f' : undefined }}
                      >
                        <Flex vertical gap={4}>
                          <Flex justify="space-between" align="center" gap={8}>
                            <Typography.Text strong>{r.text}</Typography.Text>
                            {verdictTag(r.verdict)}
                          </Flex>
                          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                            {r.phrase}
                          </Typography.Text>
                          {r.actual != null && (
                            <div>
                              <Typography.Text type="secondary">台账数值：</Typography.Text>
                              {actualText(r)}
                            </div>
                          )}
                          <div>{adviceCell(r)}</div>
                          {r.source && <div>{sourceCell(r)}</div>}
                        </Flex>
                      </Card>
                    ))}
                  </Flex>
                ) : (
                  <Table<Row>
                    data-testid="claim-table"
                    rowKey="index"
                    size="small"
                    columns={columns}
                    dataSource={rows}
                    scroll={{ x: 900 }}
                    pagination={rows.length > 50 ? { pageSize: 50, size: 'small', showSizeChanger: false } : false}
                    onChange={(_p, filters) => {
                      const v = (filters.verdict as Verdict[] | null) ?? null;
                      setOnlyMismatch(false);
                      setVerdictFilter(v?.length ? v : null);
                    }}
                    onRow={(r) =>
                      ({
                        'data-claim-row': r.index,
                        'data-testid': 'claim-row',
                        onClick: () => setSelected(r.index),
                        style: selected === r.index ? { background: '#fff7e6', boxShadow: 'inset 3px 0 0 #fa8c16' } : undefined,
                      }) as HTMLAttributes<HTMLElement>
                    }
                    locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有符合条件的条目" /> }}
                  />
                )}
              </>
            )}
          </Flex>
        )}
      </Flex>
    </Card>
  );
}
