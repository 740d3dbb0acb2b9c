import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Flex, Form, InputNumber, Select, Table, Typography, type TableProps } from 'antd';
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { api } from '../../api';
import { errorText } from '../../components/applyServerErrors';
import { useApi } from '../indicators/useApi';
import { dateTime } from './display';
import type { SurveyDetail, TokenBatch, TokensIssued } from './types';

/**
 * 答题码: issue a batch of one-time tokens per target unit, then print it (QR slips) or export it
 * to Excel — as often as needed: the same batch always prints the same tokens.
 */
export function TokensPanel({ survey, onChanged }: { survey: SurveyDetail; onChanged: () => void }) {
  const { message } = App.useApp();
  const batches = useApi<TokenBatch[]>(`tokens:${survey.id}`, () => api.get<TokenBatch[]>(`/api/surveys/${survey.id}/tokens`));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ count: number; targetIds: number[] }>();

  const issue = async (v: { count: number; targetIds: number[] }) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<TokensIssued>(`/api/surveys/${survey.id}/tokens`, { count: v.count, ...(v.targetIds?.length ? { targetIds: v.targetIds } : {}) });
      message.success(`已为 ${r.targets} 个评价对象生成 ${r.issued} 个答题码`);
      batches.reload();
      onChanged();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const exportBatch = async (batch?: string) => {
    try {
      await api.download(`/api/surveys/${survey.id}/tokens/export`, { batch }, `答题码-${survey.title}.xlsx`, 'POST');
    } catch (err) {
      message.error(errorText(err));
    }
  };

  const columns: TableProps<TokenBatch>['columns'] = [
    { title: '生成时间', dataIndex: 'batch', render: (b: string) => dateTime(b) },
    { title: '评价对象', dataIndex: 'targets', align: 'right', width: 90 },
    { title: '答题码', dataIndex: 'issued', align: 'right', width: 90 },
    { title: '已使用', dataIndex: 'used', align: 'right', width: 90 },
    {
      title: '操作',
      key: 'actions',
      width: 220,
      render: (_, b) => (
        <Flex gap={8} wrap>
          <Link to={`/surveys/${survey.id}/print?batch=${encodeURIComponent(b.batch)}`} target="_blank">
            <Button size="small" icon={<PrinterOutlined />}>
              打印
            </Button>
          </Link>
          <Button size="small" icon={<DownloadOutlined />} onClick={() => void exportBatch(b.batch)}>
            导出Excel
          </Button>
        </Flex>
      ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Form form={form} layout="inline" initialValues={{ count: 30, targetIds: [] }} onFinish={(v) => void issue(v)} style={{ rowGap: 8 }}>
        <Form.Item label="每个单位" name="count" rules={[{ required: true, message: '请填写数量' }]}>
          <InputNumber min={1} max={500} precision={0} suffix="个" style={{ width: 120 }} aria-label="每个单位的答题码数量" />
        </Form.Item>
        <Form.Item name="targetIds" style={{ minWidth: 280 }}>
          <Select
            mode="multiple"
            allowClear
            placeholder="全部评价对象（可只选部分单位）"
            options={survey.targets.map((t) => ({ value: t.targetId, label: t.parentName ? `${t.unitName}（${t.parentName}）` : t.unitName }))}
            showSearch={{ optionFilterProp: 'label' }}
            aria-label="生成答题码的单位"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          生成答题码
        </Button>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        每个答题码只能提交一次。打印后由村（社区）分发给群众，扫码或打开链接输入答题码即可答卷；同一批次可重复打印或导出，内容不变。默认只打印尚未使用的答题码。
      </Typography.Text>
      {batches.error && <Alert type="error" showIcon title={batches.error} />}
      <Table<TokenBatch> rowKey="batch" size="small" loading={batches.loading} columns={columns} dataSource={batches.data ?? []} pagination={false} locale={{ emptyText: '尚未生成答题码' }} data-testid="token-batches" />
    </Flex>
  );
}
