import { Link } from 'react-router-dom';
import { Alert, Card, Progress, Space, Tag, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, FileSearchOutlined, TrophyOutlined } from '@ant-design/icons';
import { BAD_COLOR, GOOD_COLOR, changeText, fmtNum, fmtPct, isGood, standingText } from './format';
import type { AggregateResult, Direction } from './types';

interface HeadlineCardProps {
  data: AggregateResult | null;
  loading: boolean;
  error: string | null;
  /** 环比 is the same as 同比 for whole years, so it is shown only for shorter periods. */
  showPop: boolean;
  /** For a figure derived from ledger records: the list of those records. */
  ledgerLink?: string | null;
}

/** The figure, how it moved, how far to target and where the county stands among its peers. */
export function HeadlineCard({ data, loading, error, showPop, ledgerLink }: HeadlineCardProps) {
  if (error) return <Alert type="error" showIcon title={error} />;
  if (!data) return <Card loading={loading} size="small" />;
  const d = data;
  const direction = d.indicator.direction as Direction;
  return (
    <Card
      size="small"
      loading={loading && !data}
      data-testid="explorer-headline"
      title={
        <Space size={4} wrap>
          <span>{d.unit.name}</span>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {d.label}
          </Typography.Text>
          {d.provisional && <Tag color="orange">临时</Tag>}
        </Space>
      }
      extra={
        <Tooltip title="该期次适用的口径版本">
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            第{d.definitionVersion}版口径
          </Typography.Text>
        </Tooltip>
      }
    >
      <Space orientation="vertical" size={10} style={{ width: '100%' }}>
        <div>
          <Typography.Text type="secondary">{d.indicator.name}</Typography.Text>
          <div style={{ fontSize: 34, fontWeight: 600, lineHeight: 1.2 }} data-testid="headline-value">
            {fmtNum(d.value)}
            <span style={{ fontSize: 16, fontWeight: 'normal', marginInlineStart: 4 }}>{d.value == null ? '' : d.indicator.unit}</span>
          </div>
          {d.value == null && <Typography.Text type="secondary">本期暂无{d.provisional ? '' : '已审核的'}数据</Typography.Text>}
          {ledgerLink && (
            <div>
              <Link to={ledgerLink} data-testid="headline-ledger-link">
                <FileSearchOutlined /> 查看台账记录
              </Link>
            </div>
          )}
        </div>
        <Change label="同比" change={d.yoy} base={d.lastYear} baseLabel="上年同期" unit={d.indicator.unit} direction={direction} testId="headline-yoy" />
        {showPop && <Change label="环比" change={d.pop} base={d.previous} baseLabel="上期" unit={d.indicator.unit} direction={direction} testId="headline-pop" />}
        <TargetLine data={d} direction={direction} />
        {d.benchmarks.length > 0 && (
          <Space orientation="vertical" size={4} data-testid="headline-standing">
            {d.benchmarks.map((b, i) => (
              <div key={i}>
                <Tag icon={<TrophyOutlined />} color="gold" style={{ fontSize: 14, padding: '2px 8px' }}>
                  {standingText(b)}
                </Tag>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {b.peerGroup}中第{b.rank}名 · 来源：{b.sourceTitle}
                  {b.sourceRef ? `（${b.sourceRef}）` : ''}
                  {b.sourceDate ? ` · ${b.sourceDate}` : ''}
                </Typography.Text>
              </div>
            ))}
          </Space>
        )}
      </Space>
    </Card>
  );
}

function Change({ label, change, base, baseLabel, unit, direction, testId }: { label: string; change: number | null; base: number | null; baseLabel: string; unit: string; direction: Direction; testId: string }) {
  const text = changeText(label, change);
  const good = isGood(change, direction);
  const color = good == null ? undefined : good ? GOOD_COLOR : BAD_COLOR;
  return (
    <div data-testid={testId}>
      {text ? (
        <span style={{ color, fontWeight: 500, fontSize: 15 }}>
          {change! > 0 ? <ArrowUpOutlined /> : change! < 0 ? <ArrowDownOutlined /> : null} {text}
        </span>
      ) : (
        <Typography.Text type="secondary">{label}：无可比数据</Typography.Text>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 8 }}>
        {baseLabel} {fmtNum(base)}
        {base == null ? '' : unit}
      </Typography.Text>
    </div>
  );
}

function TargetLine({ data, direction }: { data: AggregateResult; direction: Direction }) {
  if (data.target == null) return <Typography.Text type="secondary">本期未设定目标值</Typography.Text>;
  const unit = data.indicator.unit;
  if (direction === 'lower') {
    return (
      <div data-testid="headline-target">
        <Tag color={data.met ? 'success' : 'error'}>{data.met ? '达标' : '未达标'}</Tag>
        <Typography.Text type="secondary">
          目标不超过 {fmtNum(data.target)}
          {unit}
        </Typography.Text>
      </div>
    );
  }
  const pct = data.completion == null ? null : data.completion * 100;
  return (
    <div data-testid="headline-target">
      <Typography.Text type="secondary">
        目标 {fmtNum(data.target)}
        {unit}，完成 {fmtPct(data.completion, 1)}
      </Typography.Text>
      <Progress percent={pct == null ? 0 : Math.min(100, pct)} status={data.met ? 'success' : 'normal'} showInfo={false} size="small" />
    </div>
  );
}
