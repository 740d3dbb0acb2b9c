import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, Empty, Flex, Form, Input, InputNumber, Radio, Row, Space, Switch, Table, Tag, Typography } from 'antd';
import { CalculatorOutlined, DeleteOutlined, DownloadOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { api } from '../../api';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { POOL_METHOD_ZH, type PoolMethod } from '../../../shared/assessment';
import { useApi } from '../indicators/useApi';
import { dateTimeText, pts, yuan } from './display';
import type { LeagueRow, PoolAllocation, PoolInput, PoolListItem, PoolPreview, PoolSaved } from './types';

interface PoolValues {
  name: string;
  amount?: number | null;
  method: PoolMethod;
  tiers: { fromRank?: number | null; toRank?: number | null; amountEach?: number | null }[];
  floor?: number | null;
}

const FIELDS = ['name', 'amount', 'method', 'tiers', 'floor'] as const;

/** Whole yuan shown with thousands separators as typed ("2000000" → "2,000,000"). */
const thousands = (v: number | string | undefined) => (v == null ? '' : `${v}`.replace(/\B(?=(\d{3})+(?!\d))/g, ','));
const digits = (v: string | undefined) => Number((v ?? '').replace(/[^\d]/g, ''));

/** Stored allocations carry the unit's town and the basis too (the list types them loosely). */
type StoredAllocation = PoolListItem['allocations'][number] & { parentName?: string | null; basis?: string };

const toBody = (v: PoolValues): PoolInput => ({
  name: v.name.trim(),
  amount: v.amount as number,
  method: v.method,
  ...(v.method === 'tiers' ? { tiers: v.tiers.map((t) => ({ fromRank: t.fromRank as number, toRank: t.toRank as number, amountEach: t.amountEach as number })) } : { floor: v.floor as number }),
});

interface IncentivePoolsProps {
  resultId: number;
  title: string;
  rows: LeagueRow[];
  /** Owners with manage:assessment allocate; others see what was allocated to their units. */
  canManage: boolean;
}

/**
 * 激励奖金: a sum of money split over a published result, by rank tiers or in proportion to the
 * score above a floor, in whole yuan adding up to the pool exactly. 试算 shows the split without
 * saving; a saved split cannot be changed and goes to the finance office as a spreadsheet.
 */
export function IncentivePools({ resultId, title, rows, canManage }: IncentivePoolsProps) {
  const { message } = App.useApp();
  const [form] = Form.useForm<PoolValues>();
  const pools = useApi<{ items: PoolListItem[] }>(`pools-${resultId}`, () => api.get(`/api/scheme-results/${resultId}/pools`));
  const [preview, setPreview] = useState<{ data: PoolPreview; body: PoolInput } | null>(null);
  const [busy, setBusy] = useState<'preview' | 'save' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const amount = Form.useWatch('amount', form) as number | null | undefined;
  const method = (Form.useWatch('method', form) as PoolMethod | undefined) ?? 'tiers';
  const tiers = (Form.useWatch('tiers', form) as PoolValues['tiers'] | undefined) ?? [];

  // What the tiers add up to before any scaling: units (not vetoed) whose rank falls in each.
  const intended = useMemo(() => {
    let units = 0;
    let sum = 0;
    for (const t of tiers) {
      if (!t?.fromRank || !t.toRank || !t.amountEach) continue;
      const n = rows.filter((r) => !r.vetoed && r.rank >= t.fromRank! && r.rank <= t.toRank!).length;
      units += n;
      sum += n * t.amountEach;
    }
    return { units, sum };
  }, [tiers, rows]);

  const run = async (kind: 'preview' | 'save') => {
    let v: PoolValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const body = toBody(v);
    setBusy(kind);
    setError(null);
    try {
      if (kind === 'preview') {
        setPreview({ data: await api.post<PoolPreview>(`/api/scheme-results/${resultId}/pools/preview`, body), body });
      } else {
        const saved = await api.post<PoolSaved>(`/api/scheme-results/${resultId}/pools`, body);
        message.success(`已保存“${body.name}”，共分配 ${yuan(saved.sum)}`);
        setPreview(null);
        pools.reload();
      }
    } catch (err) {
      applyServerErrors(form, err, FIELDS);
      setError(errorText(err));
    } finally {
      setBusy(null);
    }
  };

  const exportPool = async (p: PoolListItem) => {
    try {
      await api.download(`/api/incentive-pools/${p.id}/export`, undefined, `${p.name}.xlsx`);
    } catch (err) {
      message.error(errorText(err));
    }
  };

  const saved = pools.data?.items ?? [];
  if (!canManage && !saved.length) return null;

  return (
    <Card size="small" title="激励奖金" data-testid="pools">
      <Flex vertical gap={16}>
        {canManage && (
          <>
            <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 13 }}>
              按本结果的名次或得分分配奖金：金额取整到元，合计恰好等于奖金池；被一票否决的单位不参与分配。先试算核对，保存后不可修改。
            </Typography.Paragraph>
            <Form<PoolValues>
              form={form}
              layout="vertical"
              initialValues={{ name: `${title}激励奖金`, method: 'tiers', tiers: [{ fromRank: 1, toRank: 3 }, { fromRank: 4, toRank: 10 }] }}
              onValuesChange={() => setPreview(null)}
            >
              <Row gutter={12}>
                <Col xs={24} md={10}>
                  <Form.Item label="奖金名称" name="name" rules={[{ required: true, whitespace: true, message: '请填写奖金名称' }]}>
                    <Input maxLength={60} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={7}>
                  <Form.Item
                    label="奖金池总额（元）"
                    name="amount"
                    rules={[{ required: true, message: '请填写奖金池总额' }]}
                    extra={amount ? <span data-testid="pool-wan">{yuan(amount, true)}</span> : '整数元'}
                  >
                    <InputNumber<number> min={1} max={1e11} precision={0} step={10000} style={{ width: '100%' }} formatter={thousands} parser={digits} placeholder="如 2,000,000" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={7}>
                  <Form.Item label="分配方式" name="method" rules={[{ required: true }]}>
                    <Radio.Group
                      optionType="button"
                      options={[
                        { value: 'tiers', label: '按名次分档' },
                        { value: 'proportional', label: '按得分比例' },
                      ]}
                    />
                  </Form.Item>
                </Col>
              </Row>
              {method === 'tiers' ? (
                <Form.List name="tiers">
                  {(fields, { add, remove }) => (
                    <Flex vertical gap={4} data-testid="pool-tiers">
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        各档名次区间从前往后、不重叠；并列在档边缘的单位都得该档金额。各档合计与奖金池不一致时，按同一比例调整。
                      </Typography.Text>
                      {fields.map((f, i) => (
                        <Space key={f.key} wrap align="start" size={6}>
                          <span style={{ lineHeight: '32px', width: 44 }}>第{i + 1}档</span>
                          <Form.Item name={[f.name, 'fromRank']} rules={[{ required: true, message: '请填写起始名次' }]} style={{ marginBottom: 4 }}>
                            <InputNumber<number> min={1} precision={0} prefix="第" suffix="名" style={{ width: 110 }} aria-label={`第${i + 1}档起始名次`} />
                          </Form.Item>
                          <span style={{ lineHeight: '32px' }}>至</span>
                          <Form.Item name={[f.name, 'toRank']} rules={[{ required: true, message: '请填写截止名次' }]} style={{ marginBottom: 4 }}>
                            <InputNumber<number> min={1} precision={0} prefix="第" suffix="名" style={{ width: 110 }} aria-label={`第${i + 1}档截止名次`} />
                          </Form.Item>
                          <span style={{ lineHeight: '32px' }}>每个</span>
                          <Form.Item name={[f.name, 'amountEach']} rules={[{ required: true, message: '请填写每个单位的金额' }]} style={{ marginBottom: 4 }}>
                            <InputNumber<number> min={1} precision={0} suffix="元" style={{ width: 150 }} formatter={thousands} parser={digits} aria-label={`第${i + 1}档每个单位金额`} />
                          </Form.Item>
                          <Button type="text" danger icon={<DeleteOutlined />} disabled={fields.length === 1} onClick={() => remove(i)} aria-label={`删除第${i + 1}档`} />
                        </Space>
                      ))}
                      <Button size="small" type="dashed" icon={<PlusOutlined />} style={{ alignSelf: 'flex-start' }} onClick={() => {
                        const last = tiers[tiers.length - 1];
                        add({ fromRank: last?.toRank ? last.toRank + 1 : undefined });
                      }}>
                        添加档次
                      </Button>
                      {intended.units > 0 && (
                        <Typography.Text style={{ fontSize: 13 }} type={amount && intended.sum !== amount ? 'warning' : 'secondary'} data-testid="pool-intended">
                          按档次：{intended.units} 个单位，合计 {yuan(intended.sum)}
                          {amount ? (intended.sum === amount ? '，与奖金池一致' : `，与奖金池相差 ${yuan(Math.abs(amount - intended.sum))}，试算时将按比例调整`) : ''}
                        </Typography.Text>
                      )}
                    </Flex>
                  )}
                </Form.List>
              ) : (
                <Form.Item label="保底分" name="floor" rules={[{ required: true, message: '请填写保底分' }]} extra="总分超出保底分的部分按比例分配；不超过保底分的单位不分配">
                  <InputNumber<number> min={0} style={{ width: 160 }} suffix="分" />
                </Form.Item>
              )}
              <Space wrap style={{ marginTop: 12 }}>
                <Button icon={<CalculatorOutlined />} loading={busy === 'preview'} onClick={() => void run('preview')}>
                  试算
                </Button>
                <Button type="primary" icon={<SaveOutlined />} loading={busy === 'save'} disabled={!preview} onClick={() => void run('save')} title={preview ? undefined : '请先试算并核对分配结果'}>
                  保存
                </Button>
              </Space>
            </Form>
            {error && <Alert type="error" showIcon title={error} />}
            {preview && <AllocationView allocations={preview.data.allocations} sum={preview.data.sum} pool={preview.data.amount} notes={preview.data.notes} testId="pool-preview" />}
          </>
        )}

        {pools.error && <Alert type="error" showIcon title={pools.error} />}
        {saved.length > 0 && (
          <Flex vertical gap={8}>
            <Typography.Text strong>已保存的分配</Typography.Text>
            <Flex vertical gap={8} data-testid="saved-pools">
              {saved.map((p) => (
                <SavedPool key={p.id} pool={p} canManage={canManage} onExport={() => void exportPool(p)} />
              ))}
            </Flex>
          </Flex>
        )}
        {!canManage && !saved.length && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无奖金分配" />}
      </Flex>
    </Card>
  );
}

/** A saved allocation: what was split and how, its export, and the amounts on request. */
function SavedPool({ pool: p, canManage, onExport }: { pool: PoolListItem; canManage: boolean; onExport: () => void }) {
  const [open, setOpen] = useState(false);
  const allocs = p.allocations as StoredAllocation[];
  const notes = ((p.params as { notes?: string[] }).notes ?? []) as string[];
  return (
    <Card
      size="small"
      type="inner"
      data-testid="saved-pool"
      title={
        <Space wrap size={6}>
          <span>{p.name}</span>
          <span style={{ fontWeight: 400 }}>{yuan(Number(p.amount), true)}</span>
          <Tag>{POOL_METHOD_ZH[p.method as PoolMethod] ?? p.method}</Tag>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
            {dateTimeText(p.createdAt)}
          </Typography.Text>
        </Space>
      }
      extra={
        canManage && (
          <Button size="small" icon={<DownloadOutlined />} onClick={onExport} data-testid="export-pool">
            导出 Excel
          </Button>
        )
      }
      styles={{ header: { flexWrap: 'wrap', gap: 8, paddingBlock: 6 }, body: open ? undefined : { padding: '6px 12px' } }}
    >
      <Button type="link" size="small" style={{ paddingInline: 0 }} aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {open ? '收起分配明细' : `查看分配明细（获奖单位 ${allocs.filter((a) => a.amount > 0).length} 个）`}
      </Button>
      {open && <AllocationView allocations={allocs} sum={allocs.reduce((s, a) => s + a.amount, 0)} pool={canManage ? Number(p.amount) : null} notes={notes} />}
    </Card>
  );
}

/** An allocation: the units that get money (all units on request), with the sum against the pool. */
function AllocationView({ allocations, sum, pool, notes, testId }: { allocations: (PoolAllocation | StoredAllocation)[]; sum: number; pool: number | null; notes: string[]; testId?: string }) {
  const [all, setAll] = useState(false);
  const shown = all ? allocations : allocations.filter((a) => a.amount > 0);
  return (
    <Flex vertical gap={8} data-testid={testId} style={{ isolation: 'isolate' }}>
      {notes.map((n) => (
        <Alert key={n} type="warning" showIcon title={n} />
      ))}
      <Flex gap={16} wrap align="center">
        <span data-testid="pool-sum">
          分配合计 <strong>{yuan(sum)}</strong>
          {pool != null && (sum === pool ? <Tag color="green" style={{ marginInlineStart: 8 }}>等于奖金池</Tag> : <Tag color="red" style={{ marginInlineStart: 8 }}>与奖金池 {yuan(pool)} 不符</Tag>)}
        </span>
        <span>获奖单位 {allocations.filter((a) => a.amount > 0).length} 个</span>
        <Space size={6}>
          <Switch size="small" checked={all} onChange={setAll} aria-label="显示全部单位" />
          <span>显示全部单位</span>
        </Space>
      </Flex>
      <Table
        size="small"
        rowKey="orgUnitId"
        dataSource={shown}
        scroll={{ x: 560 }}
        pagination={shown.length > 50 ? { pageSize: 50, size: 'small', showSizeChanger: false } : false}
        columns={[
          { title: '名次', dataIndex: 'rank', width: 60, align: 'center' },
          { title: '单位', dataIndex: 'unitName', width: 130, fixed: 'left' },
          { title: '所属', dataIndex: 'parentName', width: 100, render: (v: string | null | undefined) => v ?? '—' },
          { title: '总分', dataIndex: 'total', width: 80, align: 'right', render: (v: number) => pts(v) },
          { title: '金额（元）', dataIndex: 'amount', width: 120, align: 'right', render: (v: number) => <strong>{v.toLocaleString('zh-CN')}</strong> },
          { title: '依据', dataIndex: 'basis', render: (v: string | undefined) => v ?? '' },
        ]}
      />
    </Flex>
  );
}
