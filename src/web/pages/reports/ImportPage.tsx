import { useMemo, useRef, useState, type HTMLAttributes, type ReactNode } from 'react';
import { Alert, App, Button, Card, Col, Empty, Flex, Form, Grid, Input, InputNumber, Popconfirm, Row, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { CheckOutlined, FileSearchOutlined, UploadOutlined } from '@ant-design/icons';
import { api } from '../../api';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { fmtNum } from '../indicators/format';
import type { ImportConfirmInput, ImportConfirmResult, ImportProposal } from './types';

const MAX_CHARS = 50_000;
const DEFAULT_YEAR = 2021;
const FIELDS = ['year', 'text'] as const;

type Status = ImportProposal['status'];
const STATUS_ZH: Record<Status, string> = { new: '新增', same: '一致', differs: '与现有不同', blocked: '不可写入', unmatched: '未匹配指标' };
const STATUS_COLOR: Record<Status, string> = { new: 'blue', same: 'success', differs: 'warning', blocked: 'default', unmatched: 'default' };
const writable = (s: Status) => s === 'new' || s === 'same' || s === 'differs';

interface FormValues {
  year: number;
  documentTitle: string;
  text: string;
}

interface Row extends ImportProposal {
  index: number;
}

/** A row's write: in flight, done (with what the server stored), or refused (with why). */
type WriteState = { state: 'busy' } | { state: 'done'; result: ImportConfirmResult } | { state: 'error'; message: string };

const titleFor = (year: number) => `${year}年全市组织工作综述`;

/** The proposal's phrase with its figure marked. */
function phraseWithFigure(p: ImportProposal): ReactNode {
  const at = p.text ? p.phrase.indexOf(p.text) : -1;
  if (at < 0) return p.phrase || p.text;
  return (
    <>
      {p.phrase.slice(0, at)}
      <mark style={{ background: '#e6f4ff', color: '#003eb3', borderBottom: '1px dotted #1677ff', padding: '0 2px', borderRadius: 2 }}>{p.text}</mark>
      {p.phrase.slice(at + p.text.length)}
    </>
  );
}

/** Decodes a .txt as UTF-8, else as GB18030 (how Windows saves Chinese text). */
async function readText(file: File): Promise<string> {
  const buf = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(buf);
  }
}

/**
 * 导入往年综述: an old year-end summary read back into indicator figures, so the years before the
 * ledger have history. The text is only read at 识别; each figure is written only when its row's
 * 确认写入 is pressed, one by one, with the document as its source.
 */
export default function ImportPage() {
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const isMobile = screens.md === false;
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [proposals, setProposals] = useState<{ year: number; rows: Row[] } | null>(null);
  const [writes, setWrites] = useState<Record<number, WriteState>>({});
  const fileInput = useRef<HTMLInputElement>(null);
  const titleTouched = useRef(false);

  const propose = async (v: FormValues) => {
    setBusy(true);
    setError(null);
    try {
      const res = await api.post<{ proposals: ImportProposal[] }>('/api/reports/import/propose', { year: v.year, text: v.text ?? '' });
      setProposals({ year: v.year, rows: res.proposals.map((p, index) => ({ ...p, index })) });
      setWrites({});
    } catch (err) {
      if (!applyServerErrors(form, err, FIELDS)) setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const confirm = async (r: Row) => {
    if (!proposals || !r.indicator || r.value == null) return;
    let documentTitle: string;
    try {
      documentTitle = ((await form.validateFields(['documentTitle'])) as Pick<FormValues, 'documentTitle'>).documentTitle.trim();
    } catch {
      message.error('请先填写文件标题，写入的数据将以它为来源');
      return;
    }
    setWrites((w) => ({ ...w, [r.index]: { state: 'busy' } }));
    try {
      // The clause, not only the figure: the source note reads 据《…》：“全市共有党员4.5万名”.
      const body: ImportConfirmInput = { year: proposals.year, indicatorId: r.indicator.id, value: r.value, documentTitle, claimText: (r.phrase || r.text).slice(0, 500) };
      const result = await api.post<ImportConfirmResult>('/api/reports/import/confirm', body);
      setWrites((w) => ({ ...w, [r.index]: { state: 'done', result } }));
      message.success(`已写入：${r.indicator.name} ${fmtNum(result.value)}${r.indicator.unit}`);
    } catch (err) {
      setWrites((w) => ({ ...w, [r.index]: { state: 'error', message: errorText(err) } }));
      message.error(errorText(err));
    }
  };

  const rows = proposals?.rows ?? [];
  const counts = useMemo(() => {
    const c = { writable: 0, unmatched: 0, blocked: 0 };
    for (const r of rows) {
      if (writable(r.status)) c.writable++;
      else if (r.status === 'blocked') c.blocked++;
      else c.unmatched++;
    }
    return c;
  }, [rows]);
  const written = Object.values(writes).filter((w) => w.state === 'done').length;

  const statusCell = (r: Row) => {
    const w = writes[r.index];
    if (w?.state === 'done') return <Tag color="green" icon={<CheckOutlined />}>已写入</Tag>;
    return (
      <Space orientation="vertical" size={2}>
        <Tag color={STATUS_COLOR[r.status]} style={{ marginInlineEnd: 0 }}>
          {STATUS_ZH[r.status]}
        </Tag>
        {r.reason && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.reason}
          </Typography.Text>
        )}
      </Space>
    );
  };

  const actionCell = (r: Row) => {
    const w = writes[r.index];
    if (!writable(r.status) || !r.indicator || r.value == null) return <Typography.Text type="secondary">—</Typography.Text>;
    if (w?.state === 'done') return <Typography.Text type="success">已写入 {proposals?.year}年</Typography.Text>;
    const button = (
      <Button size="small" type={r.status === 'differs' ? 'default' : 'primary'} loading={w?.state === 'busy'} onClick={r.status === 'differs' ? undefined : () => void confirm(r)} data-testid="import-confirm">
        确认写入
      </Button>
    );
    return (
      <Space orientation="vertical" size={2}>
        {r.status === 'differs' ? (
          <Popconfirm
            title="与现有数值不同"
            description={`将把${proposals?.year}年的“${r.indicator.name}”由${fmtNum(r.existing)}改为${fmtNum(r.value)}${r.indicator.unit}，确认写入？`}
            okText="确认写入"
            cancelText="取消"
            onConfirm={() => void confirm(r)}
          >
            {button}
          </Popconfirm>
        ) : (
          button
        )}
        {w?.state === 'error' && (
          <Typography.Text type="danger" style={{ fontSize: 12 }} role="alert">
            {w.message}
          </Typography.Text>
        )}
      </Space>
    );
  };

  const indicatorCell = (r: Row) =>
    r.indicator ? (
      <Space orientation="vertical" size={0}>
        <span>{r.indicator.name}</span>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {r.indicator.code} · {r.indicator.unit}
        </Typography.Text>
      </Space>
    ) : (
      <Typography.Text type="secondary">—</Typography.Text>
    );

  const valueText = (v: number | null | undefined, r: Row) => (v == null ? '—' : `${fmtNum(v, 4)}${r.indicator?.unit ?? ''}`);
  const greyed = (r: Row) => !writable(r.status);

  const columns: NonNullable<TableProps<Row>['columns']> = [
    { title: '原文', key: 'phrase', render: (_v, r) => <span style={{ overflowWrap: 'anywhere' }}>{phraseWithFigure(r)}</span> },
    { title: '指标', key: 'indicator', width: 170, render: (_v, r) => indicatorCell(r) },
    { title: '识别数值', dataIndex: 'value', width: 110, render: (v: number | undefined, r) => <Typography.Text strong={!greyed(r)}>{valueText(v, r)}</Typography.Text> },
    { title: '现有数值', dataIndex: 'existing', width: 110, render: (v: number | null | undefined, r) => valueText(v, r) },
    { title: '状态', key: 'status', width: 150, render: (_v, r) => statusCell(r) },
    { title: '操作', key: 'action', width: 130, render: (_v, r) => actionCell(r) },
  ];

  return (
    <Card size="small" title="导入往年综述">
      <Flex vertical gap={12}>
        <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 13 }}>
          粘贴往年的年度综述，系统识别其中的数字并对应到指标，作为该年度的数据补录，使指标有往年可比。识别结果只是建议，逐条确认后才写入，写入的数据以该文件为来源。
        </Typography.Paragraph>
        <Form<FormValues>
          form={form}
          layout="vertical"
          requiredMark={false}
          initialValues={{ year: DEFAULT_YEAR, documentTitle: titleFor(DEFAULT_YEAR), text: '' }}
          onFinish={(v) => void propose(v)}
          onValuesChange={(changed: Partial<FormValues>) => {
            form.setFields((Object.keys(changed) as (keyof FormValues)[]).map((name) => ({ name, errors: [] })));
            if ('documentTitle' in changed) titleTouched.current = true;
            // The default title follows the year until the user writes their own.
            if (changed.year && !titleTouched.current) form.setFieldValue('documentTitle', titleFor(changed.year));
          }}
        >
          <Row gutter={12}>
            <Col xs={24} sm={8} md={6}>
              <Form.Item name="year" label="综述年度" rules={[{ required: true, message: '请填写年度' }]} style={{ marginBottom: 12 }}>
                <InputNumber aria-label="综述年度" min={2000} max={2100} precision={0} style={{ width: '100%' }} suffix="年" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={16} md={18}>
              <Form.Item
                name="documentTitle"
                label="文件标题"
                rules={[{ required: true, whitespace: true, message: '请填写文件标题' }]}
                extra="写入的数据以此文件为来源"
                style={{ marginBottom: 12 }}
              >
                <Input aria-label="文件标题" maxLength={100} placeholder="如：2021年全市组织工作综述" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="text"
            label={
              <Space size={8}>
                <span>综述全文</span>
                <Button size="small" type="link" icon={<UploadOutlined />} onClick={() => fileInput.current?.click()} style={{ paddingInline: 0 }}>
                  读取 .txt 文件
                </Button>
              </Space>
            }
            style={{ marginBottom: 12 }}
          >
            <Input.TextArea
              aria-label="综述全文"
              placeholder="在此粘贴往年综述全文，如：2021年，全市共有党员4.5万余名……"
              autoSize={{ minRows: isMobile ? 6 : 10, maxRows: 24 }}
              count={{ show: true, max: MAX_CHARS }}
            />
          </Form.Item>
          <input
            ref={fileInput}
            type="file"
            accept=".txt,text/plain"
            style={{ display: 'none' }}
            data-testid="import-file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (!file) return;
              void readText(file)
                .then((text) => {
                  form.setFields([{ name: 'text', value: text, errors: [] }]);
                  message.success(`已读取 ${file.name}`);
                })
                .catch(() => message.error('无法读取该文件，请复制文字后粘贴'));
            }}
          />
          <Button type="primary" htmlType="submit" icon={<FileSearchOutlined />} loading={busy}>
            识别
          </Button>
        </Form>
        {error && <Alert type="error" showIcon title={error} />}

        {proposals && (
          <Flex vertical gap={12} data-testid="import-result">
            <Alert
              type="warning"
              showIcon
              title="以下为识别出的数字，尚未写入任何数据"
              description={`逐行核对后点“确认写入”，该行数字才写入${proposals.year}年的指标数据（以本文件为来源）；未确认的行不会写入。灰色行为未匹配到指标或不可写入的数字，仅供参考。`}
            />
            <Flex wrap gap={8} align="center">
              <Typography.Text>共识别{rows.length}处数字：</Typography.Text>
              <Tag color="blue">可写入 {counts.writable}</Tag>
              <Tag>未匹配 {counts.unmatched}</Tag>
              <Tag>不可写入 {counts.blocked}</Tag>
              {written > 0 && <Tag color="green">已写入 {written}</Tag>}
            </Flex>
            {rows.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有识别出数字" />
            ) : isMobile ? (
              <Flex vertical gap={8} data-testid="proposal-list">
                {rows.map((r) => (
                  <Card key={r.index} size="small" data-testid="proposal-row" style={greyed(r) ? { background: '#fafafa', color: '#8c8c8c' } : undefined}>
                    <Flex vertical gap={6}>
                      <div style={{ overflowWrap: 'anywhere' }}>{phraseWithFigure(r)}</div>
                      {indicatorCell(r)}
                      <Flex wrap gap={12}>
                        <span>识别：{valueText(r.value, r)}</span>
                        <span>现有：{valueText(r.existing, r)}</span>
                      </Flex>
                      <Flex wrap gap={8} justify="space-between" align="center">
                        {statusCell(r)}
                        {actionCell(r)}
                      </Flex>
                    </Flex>
                  </Card>
                ))}
              </Flex>
            ) : (
              <Table<Row>
                data-testid="proposal-table"
                rowKey="index"
                size="small"
                columns={columns}
                dataSource={rows}
                scroll={{ x: 860 }}
                pagination={rows.length > 50 ? { pageSize: 50, size: 'small', showSizeChanger: false } : false}
                onRow={(r) => ({ 'data-testid': 'proposal-row', 'data-status': r.status, style: greyed(r) ? { color: '#8c8c8c', background: '#fafafa' } : undefined }) as HTMLAttributes<HTMLElement>}
              />
            )}
          </Flex>
        )}
      </Flex>
    </Card>
  );
}
