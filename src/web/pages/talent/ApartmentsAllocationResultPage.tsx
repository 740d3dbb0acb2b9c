import { useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Descriptions, Flex, Spin, Table, Tag } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { api } from '../../api';
import { errorText } from '../../components/applyServerErrors';
import { useApi } from '../indicators/useApi';
import { resultColumns } from './ApartmentsAllocationPage';
import { ApartmentsNav, dateTime, type AllocationRun } from './ApartmentsShared';

type Row = AllocationRun['results'][number];
const STATE_COLOR: Record<Row['state'], string> = { waiting: 'default', reserved: 'gold', signed: 'green', released: 'default' };

/** A published allocation run: the rule as it was applied, and who got which flat and why, with where each stands now. */
export default function ApartmentsAllocationResultPage() {
  const { message } = App.useApp();
  const { id } = useParams();
  const run = useApi<AllocationRun>(id ? `run:${id}` : null, () => api.get<AllocationRun>(`/api/apartment-allocations/${id}`));
  const r = run.data;
  const exportXlsx = async () => {
    try {
      await api.download(`/api/apartment-allocations/${id}/export`, undefined, '分配结果.xlsx');
    } catch (err) {
      message.error(errorText(err));
    }
  };
  return (
    <Flex vertical gap={12}>
      <ApartmentsNav />
      {run.error && <Alert type="error" showIcon title={run.error} />}
      {!r && !run.error && <Spin />}
      {r && (
        <Card
          size="small"
          title={`分配结果：${r.programmeName}`}
          extra={
            <Button icon={<DownloadOutlined />} onClick={() => void exportXlsx()}>
              导出公示表
            </Button>
          }
          data-testid="allocation-result"
        >
          <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
            <Descriptions.Item label="公布时间">{dateTime(r.createdAt)}</Descriptions.Item>
            <Descriptions.Item label="操作人">{r.ranBy}</Descriptions.Item>
            <Descriptions.Item label="分配">
              {r.results.filter((x) => x.apartmentId != null).length} 套 / {r.results.length} 份申请
            </Descriptions.Item>
          </Descriptions>
          <Alert type="info" showIcon title="分配规则" description={<div style={{ whiteSpace: 'pre-line', fontSize: 13 }}>{r.ruleText}</div>} style={{ marginBottom: 12 }} />
          <Table<Row>
            rowKey="applicationId"
            size="small"
            pagination={false}
            dataSource={r.results}
            scroll={{ x: 720 }}
            columns={resultColumns<Row>([{ title: '现状', dataIndex: 'stateName', width: 150, render: (s: string, x) => <Tag color={STATE_COLOR[x.state]}>{s}</Tag> }])}
          />
        </Card>
      )}
    </Flex>
  );
}
