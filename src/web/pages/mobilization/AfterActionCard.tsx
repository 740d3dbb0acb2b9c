import { lazy, Suspense, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Flex, Input, Row, Spin, Table, Timeline, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { api, ApiError } from '../../api';
import { errorText } from '../../components/applyServerErrors';
import type { EChartOption } from '../../components/EChart';
import { useApi } from '../indicators/useApi';
import { minutes, pct } from './display';
import type { ActivationDetail, AfterAction } from './types';

// ECharts is a large chunk: only loaded when someone opens an after-action record.
const EChart = lazy(() => import('../../components/EChart').then((m) => ({ default: m.EChart })));

/** Timeline dots: red for the order itself, green for turnout milestones, blue otherwise. */
const KIND_COLOR: Record<string, string> = {
  issued: 'red',
  stood_down: 'gray',
  first_arrived: 'green',
  half_arrived: 'green',
  ninety_arrived: 'green',
  assembly_time: 'orange',
};

type Dto = Omit<ActivationDetail, 'units' | 'canCommand' | 'canStandDown' | 'canEditNotes'>;

/**
 * 复盘: the final figures, what happened when (issue, first/half/90% arrival, re-notifications,
 * hand check-ins, stand-down), the arrival curve, why people could not come, and the notes.
 */
export function AfterActionCard({ activationId, detail, onSaved }: { activationId: number; detail: ActivationDetail; onSaved: (next: ActivationDetail) => void }) {
  const { data, error, reload } = useApi<AfterAction>(`summary:${activationId}:${detail.version}`, () => api.get<AfterAction>(`/api/activations/${activationId}/summary`));

  const option = useMemo<EChartOption | null>(() => {
    if (!data || !data.arrivalCurve.points.length) return null;
    const pts = [{ minute: 0, arrived: 0 }, ...data.arrivalCurve.points];
    return {
      grid: { left: 48, right: 16, top: 24, bottom: 36 },
      tooltip: { trigger: 'axis', valueFormatter: (v) => `${v} 人` },
      xAxis: { type: 'value', name: '分钟', nameLocation: 'middle', nameGap: 24, min: 0 },
      yAxis: { type: 'value', name: '累计到岗', minInterval: 1 },
      series: [{ type: 'line', name: '累计到岗', data: pts.map((p) => [p.minute, p.arrived]), showSymbol: false, areaStyle: { opacity: 0.15 }, color: '#389e0d' }],
    } as EChartOption;
  }, [data]);

  if (error) return <Alert type="error" showIcon title={error} action={<Button size="small" onClick={reload}>重试</Button>} />;
  if (!data) return <Spin />;
  const f = data.figures;

  return (
    <Flex vertical gap={12} data-testid="after-action">
      <Card size="small" title="主要数字">
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'units', label: '激活单元', children: `${f.units} 个${f.unitsBehind ? `（落后 ${f.unitsBehind} 个）` : ''}` },
            { key: 'members', label: '通知人数', children: `${f.members} 人` },
            { key: 'arrived', label: '到岗', children: <b data-testid="summary-arrived">{`${f.arrived} 人（${pct(f.arrivedShare)}）`}</b> },
            { key: 'declined', label: '无法到岗', children: `${f.declined} 人` },
            { key: 'noAnswer', label: '未响应', children: `${f.noAnswer} 人` },
            { key: 'via', label: '登记方式', children: `本人报到 ${f.arrivedByLink} 人，代登记 ${f.arrivedByHand} 人` },
            { key: 'first', label: '首人到岗用时', children: minutes(f.firstMinutes) },
            { key: 'median', label: '到岗用时中位数', children: minutes(f.medianMinutes) },
            { key: 'p90', label: '90% 分位到岗用时', children: minutes(f.p90Minutes) },
            { key: 'half', label: '半数成员到岗', children: f.minutesToHalf == null ? '未达到' : minutes(f.minutesToHalf) },
            { key: 'ninety', label: '九成成员到岗', children: f.minutesToNinety == null ? '未达到' : minutes(f.minutesToNinety) },
            { key: 'duration', label: '响应持续', children: f.durationHours == null ? '进行中' : `${f.durationHours} 小时` },
          ]}
        />
      </Card>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <Card size="small" title="时间线" style={{ height: '100%' }}>
            <Timeline
              data-testid="timeline"
              items={data.timeline.map((e) => ({
                color: KIND_COLOR[e.kind] ?? 'blue',
                title: dayjs(e.at).format('MM-DD HH:mm:ss'),
                content: e.label,
              }))}
              mode="start"
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Flex vertical gap={12}>
            <Card size="small" title="到岗曲线">
              {option ? (
                <Suspense fallback={<Spin />}>
                  <EChart option={option} height={240} aria-label="累计到岗人数随时间变化" />
                </Suspense>
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有成员到岗" />
              )}
            </Card>
            <Card size="small" title="无法到岗原因">
              <Table
                size="small"
                rowKey="reason"
                dataSource={data.declineReasons}
                pagination={false}
                locale={{ emptyText: '没有成员报告无法到岗' }}
                columns={[
                  { title: '原因', dataIndex: 'reason' },
                  { title: '人数', dataIndex: 'n', width: 70, align: 'right' },
                ]}
              />
            </Card>
          </Flex>
        </Col>
      </Row>
      <NotesCard detail={detail} onSaved={onSaved} />
    </Flex>
  );
}

/** 复盘记录: readable by everyone who sees the order; the issuing unit may edit it. */
function NotesCard({ detail, onSaved }: { detail: ActivationDetail; onSaved: (next: ActivationDetail) => void }) {
  const { message } = App.useApp();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(detail.afterActionNotes ?? '');
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    try {
      const next = await api.put<Dto>(`/api/activations/${detail.id}/notes`, { version: detail.version, notes: text });
      onSaved({ ...detail, ...next });
      setEditing(false);
      message.success('复盘记录已保存');
    } catch (err) {
      if (err instanceof ApiError && err.isVersionConflict) {
        const current = err.current as Dto | undefined;
        message.warning('复盘记录刚被他人修改，已载入最新内容，请在此基础上修改');
        if (current) {
          onSaved({ ...detail, ...current });
          setText(current.afterActionNotes ?? '');
        }
      } else message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card
      size="small"
      title="复盘记录"
      extra={
        detail.canEditNotes &&
        !editing && (
          <Button size="small" icon={<EditOutlined />} onClick={() => (setText(detail.afterActionNotes ?? ''), setEditing(true))}>
            修改
          </Button>
        )
      }
    >
      {editing ? (
        <Flex vertical gap={8}>
          <Input.TextArea aria-label="复盘记录" value={text} onChange={(e) => setText(e.target.value)} rows={6} maxLength={5000} showCount />
          <Flex gap={8}>
            <Button type="primary" loading={busy} onClick={() => void save()}>
              保存
            </Button>
            <Button onClick={() => setEditing(false)} disabled={busy}>
              取消
            </Button>
          </Flex>
        </Flex>
      ) : detail.afterActionNotes ? (
        <Typography.Paragraph style={{ whiteSpace: 'pre-line', margin: 0 }} data-testid="notes">
          {detail.afterActionNotes}
        </Typography.Paragraph>
      ) : (
        <Typography.Text type="secondary">尚无复盘记录</Typography.Text>
      )}
    </Card>
  );
}
