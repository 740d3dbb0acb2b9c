import { useState } from 'react';
import { Alert, Card, Empty, Flex, InputNumber, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { api } from '../../api';
import { useApi } from '../indicators/useApi';
import { dateTime } from './display';
import type { AbuseReport } from './types';

type Source = AbuseReport['devices'][number];

/**
 * 异常提交: answers that came in suspiciously — many sheets for one unit within one minute, many
 * sheets from one phone or one network address. Devices and addresses appear only as short labels
 * of keyed hashes: the platform never keeps an address. Thresholds are adjustable.
 */
export function AbusePanel({ surveyId }: { surveyId: number }) {
  const [perMinute, setPerMinute] = useState(10);
  const [perDevice, setPerDevice] = useState(2);
  const [perIp, setPerIp] = useState(20);
  const report = useApi<AbuseReport>(`abuse:${surveyId}:${perMinute}:${perDevice}:${perIp}`, () => api.get<AbuseReport>(`/api/surveys/${surveyId}/abuse`, { perMinute, perDevice, perIp }));
  const r = report.data;

  const sourceColumns = (kind: string) => [
    { title: kind, dataIndex: 'label', render: (l: string) => <Typography.Text code>{l}</Typography.Text> },
    { title: '答卷', dataIndex: 'count', width: 70, align: 'right' as const },
    { title: '涉及单位', dataIndex: 'units', render: (u: string[]) => u.join('、') },
    { title: '时间', key: 'span', render: (_: unknown, s: Source) => `${dateTime(s.first)} 至 ${dayjs(s.last).format('MM-DD HH:mm')}` },
  ];

  return (
    <Flex vertical gap={12}>
      <Flex gap={16} wrap align="center">
        <span>
          单位每分钟超过 <InputNumber size="small" min={2} max={10000} value={perMinute} onChange={(v) => v && setPerMinute(v)} style={{ width: 70 }} aria-label="每分钟答卷阈值" /> 份
        </span>
        <span>
          同一设备超过 <InputNumber size="small" min={1} max={10000} value={perDevice} onChange={(v) => v && setPerDevice(v)} style={{ width: 70 }} aria-label="同一设备答卷阈值" /> 份
        </span>
        <span>
          同一网络地址超过 <InputNumber size="small" min={2} max={100000} value={perIp} onChange={(v) => v && setPerIp(v)} style={{ width: 80 }} aria-label="同一网络地址答卷阈值" /> 份
        </span>
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        设备和网络地址只以加密散列的前几位标识，平台不保存网络地址本身。同一网络地址答卷多，可能是村委会无线网络下集中答卷，请结合实际判断；同一设备提交多份答题码方式的答卷，可能是代填。
      </Typography.Text>
      {report.error && <Alert type="error" showIcon title={report.error} />}
      <Card size="small" title={`答卷集中的时段（${r?.bursts.length ?? '…'}）`} loading={!r && !report.error}>
        {r && r.bursts.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有发现" />
        ) : (
          <Table
            rowKey={(b) => `${b.targetId}-${b.minute}`}
            size="small"
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            dataSource={r?.bursts ?? []}
            columns={[
              { title: '评价对象', dataIndex: 'unitName' },
              { title: '时间（分钟）', dataIndex: 'minute', render: (m: string) => dateTime(m) },
              { title: '答卷', dataIndex: 'count', width: 70, align: 'right' },
            ]}
            data-testid="abuse-bursts"
          />
        )}
      </Card>
      <Card size="small" title={`提交多份的设备（${r?.devices.length ?? '…'}）`} loading={!r && !report.error}>
        {r && r.devices.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有发现" /> : <Table rowKey="label" size="small" pagination={false} dataSource={r?.devices ?? []} columns={sourceColumns('设备标识')} data-testid="abuse-devices" />}
      </Card>
      <Card size="small" title={`提交多份的网络地址（${r?.addresses.length ?? '…'}）`} loading={!r && !report.error}>
        {r && r.addresses.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有发现" /> : <Table rowKey="label" size="small" pagination={false} dataSource={r?.addresses ?? []} columns={sourceColumns('网络地址标识')} />}
      </Card>
    </Flex>
  );
}
