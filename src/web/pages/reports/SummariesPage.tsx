import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Empty, Flex, Form, Grid, Modal, Select, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { FileAddOutlined, FileTextOutlined } from '@ant-design/icons';
import { api } from '../../api';
import { useAuth, useMe } from '../../auth';
import { errorText } from '../../components/applyServerErrors';
import { REPORT_DEPTS, REPORT_DEPT_ZH, type ReportDept } from '../../../shared/reports';
import { useApi } from '../indicators/useApi';
import { yearOptions } from './display';
import { DEPT_OPTIONS, dateTimeText, deptOfUnitName, deptText } from './summaryView';
import type { DraftDetail, DraftSummary, ReportTemplateSummary } from './types';

/** The demo's ledger year, and the default when no summary has been written yet. */
const DEFAULT_YEAR = 2022;

const DEPT_COLOR: Record<ReportDept, string> = { org: 'red', propaganda: 'orange', 'united-front': 'purple' };

/**
 * 年度综述: the year-end summaries of the departments, filtered by year and department (kept in
 * the URL), and 生成综述 — a department's template filled with the year's figures.
 */
export default function SummariesPage() {
  const { can } = useAuth();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || undefined;
  const dept = (REPORT_DEPTS as readonly string[]).includes(params.get('dept') ?? '') ? (params.get('dept') as ReportDept) : undefined;
  const drafts = useApi<DraftSummary[]>(`drafts-${year ?? ''}-${dept ?? ''}`, () => api.get<DraftSummary[]>('/api/report-drafts', { year, dept }));
  const [generating, setGenerating] = useState(false);
  const canWrite = can('write:reports');

  const setFilter = (patch: { year?: number; dept?: ReportDept }) => {
    const next = { year, dept, ...patch };
    const p = new URLSearchParams();
    if (next.year) p.set('year', String(next.year));
    if (next.dept) p.set('dept', next.dept);
    setParams(p, { replace: true });
  };

  const rows = useMemo(() => [...(drafts.data ?? [])].sort((a, b) => b.year - a.year || REPORT_DEPTS.indexOf(a.dept) - REPORT_DEPTS.indexOf(b.dept) || b.id - a.id), [drafts.data]);
  const years = useMemo(() => {
    const set = new Set(yearOptions().map((o) => o.value));
    for (const d of drafts.data ?? []) set.add(d.year);
    if (year) set.add(year);
    return [...set].sort((a, b) => b - a);
  }, [drafts.data, year]);
  // Generate for the year being looked at, else the latest year that has summaries, else the demo's year.
  const defaultYear = year ?? (rows.length ? Math.max(...rows.map((r) => r.year)) : DEFAULT_YEAR);

  const columns: NonNullable<TableProps<DraftSummary>['columns']> = [
    {
      title: '标题',
      dataIndex: 'title',
      render: (title: string, d) => (
        <Space orientation="vertical" size={2}>
          <Link to={`/reports/drafts/${d.id}`} style={{ fontWeight: 500 }}>
            <FileTextOutlined /> {title}
          </Link>
          {!screens.md && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {deptText(d.dept)} · {d.year}年 · {d.revisionCount}个版本 · {d.updatedBy} {dateTimeText(d.updatedAt)}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: '部门',
      dataIndex: 'dept',
      width: 170,
      responsive: ['md'],
      render: (v: ReportDept, d) => (
        <Space orientation="vertical" size={0}>
          <Tag color={DEPT_COLOR[v]} style={{ marginInlineEnd: 0 }}>
            {deptText(v)}
          </Tag>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {d.unit.name}
          </Typography.Text>
        </Space>
      ),
    },
    { title: '年度', dataIndex: 'year', width: 80, responsive: ['md'], render: (y: number) => `${y}年` },
    { title: '版本数', dataIndex: 'revisionCount', width: 80, align: 'center', responsive: ['md'] },
    {
      title: '最后修改',
      key: 'updated',
      width: 190,
      responsive: ['md'],
      render: (_v, d) => (
        <Space orientation="vertical" size={0}>
          <span>{d.updatedBy}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {dateTimeText(d.updatedAt)}
          </Typography.Text>
        </Space>
      ),
    },
  ];

  return (
    <Card
      size="small"
      title="年度综述"
      extra={
        canWrite && (
          <Button type="primary" icon={<FileAddOutlined />} onClick={() => setGenerating(true)}>
            生成综述
          </Button>
        )
      }
    >
      <Flex vertical gap={12}>
        <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 13 }}>
          按部门的综述模板，用台账和指标数据生成年度工作综述：文中每个数字都可点开查看来源。生成后可直接修改，修改稿中的数字会自动与台账核对；每次生成和修改都保留为一个版本，可导出为 Word、PDF 等格式。
        </Typography.Paragraph>
        <Flex wrap gap={8} align="center">
          <Select<number | 'all'>
            aria-label="年度"
            style={{ width: 130 }}
            value={year ?? 'all'}
            onChange={(v) => setFilter({ year: v === 'all' ? undefined : v })}
            options={[{ value: 'all', label: '全部年度' }, ...years.map((y) => ({ value: y, label: `${y}年` }))]}
          />
          <Select<ReportDept | 'all'>
            aria-label="部门"
            style={{ width: 160 }}
            value={dept ?? 'all'}
            onChange={(v) => setFilter({ dept: v === 'all' ? undefined : v })}
            options={[{ value: 'all', label: '全部部门' }, ...DEPT_OPTIONS]}
          />
        </Flex>
        {drafts.error && <Alert type="error" showIcon title={drafts.error} />}
        <Table<DraftSummary>
          data-testid="draft-list"
          rowKey="id"
          size="small"
          loading={drafts.loading}
          columns={columns}
          dataSource={rows}
          pagination={rows.length > 20 ? { pageSize: 20, size: 'small', showSizeChanger: false } : false}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={canWrite ? '还没有综述，点“生成综述”从模板生成' : '暂无综述'} />,
          }}
        />
      </Flex>
      {generating && (
        <GenerateModal
          defaultYear={defaultYear}
          years={years}
          onClose={() => setGenerating(false)}
          onGenerated={(created) => {
            setGenerating(false);
            if (created.length === 1) navigate(`/reports/drafts/${created[0].id}`);
            else drafts.reload();
          }}
          onPartial={() => drafts.reload()}
        />
      )}
    </Card>
  );
}

interface GenerateValues {
  dept: ReportDept | 'all';
  year: number;
  templates: Partial<Record<ReportDept, number>>;
}

/**
 * 生成综述: a department (or all three), the year, and the template to fill. A department with
 * one template uses it; with several, the user chooses.
 */
function GenerateModal({
  defaultYear,
  years,
  onClose,
  onGenerated,
  onPartial,
}: {
  defaultYear: number;
  years: number[];
  onClose: () => void;
  onGenerated: (created: DraftDetail[]) => void;
  onPartial: () => void;
}) {
  const me = useMe();
  const { can } = useAuth();
  const { message } = App.useApp();
  const [form] = Form.useForm<GenerateValues>();
  const templates = useApi<ReportTemplateSummary[]>('report-templates', () => api.get<ReportTemplateSummary[]>('/api/report-templates'));
  const [busy, setBusy] = useState(false);
  const [failures, setFailures] = useState<string[]>([]);
  const dept = (Form.useWatch('dept', form) as GenerateValues['dept'] | undefined) ?? deptOfUnitName(me.orgUnitName) ?? 'org';
  const depts: ReportDept[] = dept === 'all' ? [...REPORT_DEPTS] : [dept];

  const byDept = useMemo(() => {
    const m = new Map<ReportDept, ReportTemplateSummary[]>();
    for (const t of templates.data ?? []) m.set(t.dept, [...(m.get(t.dept) ?? []), t]);
    return m;
  }, [templates.data]);
  const missing = depts.filter((d) => templates.data && !(byDept.get(d)?.length));

  const submit = async (v: GenerateValues) => {
    const chosen = depts.map((d) => ({ d, templateId: v.templates?.[d] ?? (byDept.get(d)?.length === 1 ? byDept.get(d)![0].id : undefined) }));
    const unchosen = chosen.filter((c) => c.templateId == null && byDept.get(c.d)?.length);
    if (unchosen.length) {
      form.setFields(unchosen.map((c) => ({ name: ['templates', c.d], errors: ['请选择模板'] })));
      return;
    }
    setBusy(true);
    setFailures([]);
    const created: DraftDetail[] = [];
    const failed: string[] = [];
    // One after another: three summaries at once would only compete for the same figures.
    for (const c of chosen) {
      if (c.templateId == null) continue;
      try {
        created.push(await api.post<DraftDetail>('/api/report-drafts', { templateId: c.templateId, year: v.year }));
      } catch (err) {
        failed.push(`${REPORT_DEPT_ZH[c.d]}：${errorText(err)}`);
      }
    }
    setBusy(false);
    if (!failed.length && created.length) {
      message.success(created.length === 1 ? '已生成综述' : `已生成${created.length}篇综述`);
      onGenerated(created);
      return;
    }
    setFailures(failed);
    if (created.length) {
      message.success(`已生成${created.length}篇综述`);
      onPartial();
    }
  };

  return (
    <Modal
      open
      title="生成综述"
      onCancel={onClose}
      okText="生成"
      okButtonProps={{ loading: busy, disabled: !templates.data || missing.length === depts.length }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form<GenerateValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ dept: deptOfUnitName(me.orgUnitName) ?? 'org', year: defaultYear, templates: {} }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="dept" label="部门">
          <Select aria-label="生成部门" options={[...DEPT_OPTIONS, { value: 'all', label: '全部三个部门' }]} />
        </Form.Item>
        <Form.Item name="year" label="年度" extra="用该年度的台账和指标数据生成">
          <Select aria-label="生成年度" options={years.map((y) => ({ value: y, label: `${y}年` }))} style={{ width: 140 }} />
        </Form.Item>
        {templates.error && <Alert type="error" showIcon title={templates.error} style={{ marginBottom: 12 }} />}
        {depts.map((d) => {
          const list = byDept.get(d) ?? [];
          if (!templates.data) return null;
          if (!list.length) {
            return (
              <Alert
                key={d}
                type="warning"
                showIcon
                style={{ marginBottom: 12 }}
                title={`${REPORT_DEPT_ZH[d]}还没有综述模板`}
                action={can('write:reports') ? <Link to={`/reports/templates/new?dept=${d}`}>新建模板</Link> : undefined}
              />
            );
          }
          return (
            <Form.Item
              key={d}
              name={['templates', d]}
              label={dept === 'all' ? `${REPORT_DEPT_ZH[d]}模板` : '模板'}
              initialValue={list.length === 1 ? list[0].id : undefined}
              extra={list.length > 1 ? '该部门有多个模板，请选择' : undefined}
            >
              <Select aria-label={`${REPORT_DEPT_ZH[d]}模板`} placeholder="请选择模板" options={list.map((t) => ({ value: t.id, label: `${t.name}（第${t.version}版）` }))} />
            </Form.Item>
          );
        })}
        {failures.length > 0 && <Alert type="error" showIcon title="以下综述未能生成" description={failures.map((f) => <div key={f}>{f}</div>)} />}
      </Form>
    </Modal>
  );
}
