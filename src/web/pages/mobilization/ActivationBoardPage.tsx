import { useCallback, useEffect, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { Alert, App, Breadcrumb, Button, Card, Col, Descriptions, Flex, Popconfirm, Progress, Row, Statistic, Switch, Table, Tabs, Tag, Tooltip, Typography, type TableProps } from 'antd';
import { BellOutlined, StopOutlined, WarningFilled } from '@ant-design/icons';
import { api } from '../../api';
import { errorText } from '../../components/applyServerErrors';
import { PageSpinner } from '../../components/PageSpinner';
import type { ActivationNotice } from './ActivationCreatePage';
import { AfterActionCard } from './AfterActionCard';
import { LEVEL_COLOR, dateTime, levelText, minutes, pct } from './display';
import { LiveIndicator } from './LiveIndicator';
import { MembersCard } from './MembersCard';
import { StandDownModal } from './StandDownModal';
import { useLiveBoard } from './useLiveBoard';
import type { ActivationDetail, Board, BoardUnit, RenotifyResult } from './types';

/**
 * 激活令看板: totals and every unit's turnout, pushed by the server as members check in, with
 * the commander's levers — re-notify the silent, check someone in by hand, stand down — and,
 * once stood down, the after-action record.
 */
export default function ActivationBoardPage() {
  const { id } = useParams();
  const activationId = Number(id);
  const location = useLocation();
  const { message } = App.useApp();
  const { board, mode, error: boardError, refresh } = useLiveBoard(activationId);
  const [detail, setDetail] = useState<ActivationDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<ActivationNotice | null>((location.state as { created?: ActivationNotice } | null)?.created ?? null);
  const [standingDown, setStandingDown] = useState(false);
  const [memberUnit, setMemberUnit] = useState<number | undefined>();
  const [tab, setTab] = useState<string | null>(null);

  const loadDetail = useCallback(async () => {
    try {
      setDetail(await api.get<ActivationDetail>(`/api/activations/${activationId}`));
      setError(null);
    } catch (err) {
      setError(errorText(err));
    }
  }, [activationId]);

  useEffect(() => {
    void loadDetail();
  }, [loadDetail]);

  // Stood down elsewhere (another commander, another tab): the board says so first.
  useEffect(() => {
    if (board && detail && board.status !== detail.status) void loadDetail();
  }, [board, detail, loadDetail]);

  const renotify = async (unitId?: number) => {
    try {
      const r = await api.post<RenotifyResult>(`/api/activations/${activationId}/renotify`, unitId ? { unitId } : {});
      message.success(r.queued ? `已再次通知 ${r.queued} 名未响应人员` : '没有未响应的人员');
    } catch (err) {
      message.error(errorText(err));
    }
  };

  if (!detail || !board) {
    const problem = error ?? boardError;
    return problem ? <Alert type="error" showIcon title={problem} role="alert" /> : <PageSpinner />;
  }
  const a = detail;
  const t = board.total;
  const active = a.status === 'active';

  const header = (
    <Card size="small" style={{ borderTop: `4px solid ${LEVEL_COLOR[a.level]}` }}>
      <Flex justify="space-between" align="flex-start" gap={8} wrap style={{ marginBottom: 8 }}>
        <Flex align="center" gap={8} wrap>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="activation-event">
            {a.event}
          </Typography.Title>
          <Tag color={LEVEL_COLOR[a.level]} style={{ marginInlineEnd: 0 }}>
            {levelText(a.levelName)}
          </Tag>
          <Tag color={active ? 'red' : 'default'} data-testid="activation-status">
            {a.statusName}
          </Tag>
          <LiveIndicator mode={mode} at={board.generatedAt} />
        </Flex>
        {a.canCommand && (
          <Flex gap={8} wrap>
            <Popconfirm
              title={t.noAnswer ? `再次通知 ${t.noAnswer} 名尚未响应的成员？` : '所有成员都已响应'}
              okText="再次通知"
              cancelText="取消"
              disabled={!t.noAnswer}
              onConfirm={() => renotify()}
            >
              <Button icon={<BellOutlined />} disabled={!t.noAnswer}>
                一键重新通知未响应人员{t.noAnswer ? `（${t.noAnswer}）` : ''}
              </Button>
            </Popconfirm>
            {a.canStandDown && (
              <Button danger icon={<StopOutlined />} onClick={() => setStandingDown(true)}>
                解除激活令
              </Button>
            )}
          </Flex>
        )}
      </Flex>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 3 }}
        items={[
          { key: 'point', label: '集结地点', children: a.assemblyPoint },
          { key: 'at', label: '集结时间', children: <span style={{ color: active && Date.now() > Date.parse(a.assemblyAt) ? '#cf1322' : undefined }}>{dateTime(a.assemblyAt)}</span> },
          { key: 'issued', label: '发令', children: `${a.issuerName} · ${a.issuedBy} · ${dateTime(a.issuedAt)}` },
          ...(a.standDownAt ? [{ key: 'down', label: '解除', children: `${a.standDownBy ?? ''} · ${dateTime(a.standDownAt)}` }] : []),
          { key: 'elapsed', label: active ? '已用时' : '历时', children: minutes(board.elapsedMinutes) },
          ...(a.instructions ? [{ key: 'ins', label: '任务要求', span: 'filled' as const, children: <span style={{ whiteSpace: 'pre-line' }}>{a.instructions}</span> }] : []),
        ]}
      />
    </Card>
  );

  const figures = <BoardFigures board={board} />;
  const units = (
    <UnitsCard
      board={board}
      canCommand={a.canCommand}
      onRenotify={(unitId) => void renotify(unitId)}
      onShowMembers={(unitId) => {
        setMemberUnit(unitId);
        setTab('members');
        setTimeout(() => document.getElementById('members-card')?.scrollIntoView({ behavior: 'smooth' }), 50);
      }}
    />
  );
  const members = <MembersCard activationId={activationId} detail={a} board={board} unitId={memberUnit} onUnitChange={setMemberUnit} onChanged={() => void refresh()} />;

  return (
    <Flex vertical gap={12}>
      <Breadcrumb items={[{ title: <Link to="/mobilization">激活令</Link> }, { title: a.event }]} />
      {created && (
        <Alert
          type="success"
          showIcon
          closable={{ onClose: () => setCreated(null) }}
          title={`激活令已发布：激活 ${created.units} 个单元，向 ${created.members} 人发送报到链接`}
          description={[created.merged > 0 && `${created.merged} 人在多个单元中，只通知一次`, created.unavailable > 0 && `${created.unavailable} 人「暂不可调」，未通知`].filter(Boolean).join('；') || undefined}
        />
      )}
      {boardError && <Alert type="warning" showIcon title={`看板刷新失败：${boardError}`} />}
      {header}
      {active ? (
        <>
          {figures}
          {units}
          {members}
        </>
      ) : (
        <Tabs
          activeKey={tab ?? 'summary'}
          onChange={setTab}
          items={[
            { key: 'summary', label: '复盘', children: <AfterActionCard activationId={activationId} detail={a} onSaved={setDetail} /> },
            {
              key: 'units',
              label: '单元情况',
              children: (
                <Flex vertical gap={12}>
                  {figures}
                  {units}
                </Flex>
              ),
            },
            { key: 'members', label: '成员明细', children: members },
          ]}
        />
      )}
      {standingDown && (
        <StandDownModal
          detail={a}
          board={board}
          onCancel={() => setStandingDown(false)}
          onStale={() => {
            setStandingDown(false);
            void loadDetail();
          }}
          onDone={(next) => {
            setStandingDown(false);
            setCreated(null);
            setDetail((d) => (d ? { ...d, ...next, canCommand: false, canStandDown: false } : d));
            setTab('summary');
            void refresh();
            void loadDetail();
          }}
        />
      )}
    </Flex>
  );
}

/** Totals: how many were called and where they are, then how fast they came. */
function BoardFigures({ board }: { board: Board }) {
  const t = board.total;
  const stat = (key: string, title: string, value: number, color?: string, hint?: string) => (
    <Col xs={8} sm={8} md={4} key={key}>
      <Card size="small" data-testid={`total-${key}`}>
        <Statistic title={hint ? <Tooltip title={hint}>{title}</Tooltip> : title} value={value} styles={{ content: { color, fontSize: 24 } }} />
      </Card>
    </Col>
  );
  const time = (key: string, title: string, value: number | null) => (
    <Col xs={8} key={key}>
      <Card size="small" data-testid={`time-${key}`}>
        <Statistic title={title} value={minutes(value)} styles={{ content: { fontSize: 18 } }} />
      </Card>
    </Col>
  );
  return (
    <Flex vertical gap={8}>
      <Row gutter={[8, 8]}>
        {stat('members', '应通知', t.members)}
        {stat('notified', '已送达', t.notified, undefined, '通知已交给短信、浙政钉等通道')}
        {stat('opened', '已打开', t.opened, '#1677ff', '成员打开了个人报到链接')}
        {stat('arrived', '已到岗', t.arrived, '#389e0d')}
        {stat('declined', '无法到岗', t.declined, t.declined ? '#d46b08' : undefined)}
        {stat('noAnswer', '未响应', t.noAnswer, t.noAnswer ? '#cf1322' : undefined)}
      </Row>
      <Card size="small">
        <Flex justify="space-between" wrap gap={8} style={{ fontSize: 13 }}>
          <span>
            到岗率 <b data-testid="arrived-share">{pct(t.arrivedShare)}</b>（{t.arrived}/{t.members}）
          </span>
          {board.behindUnits > 0 && (
            <span style={{ color: '#cf1322' }}>
              <WarningFilled /> {board.behindUnits} 个单元落后
            </span>
          )}
        </Flex>
        <Progress
          percent={t.members ? Math.round(((t.arrived + t.declined) / t.members) * 100) : 0}
          success={{ percent: Math.round(t.arrivedShare * 100) }}
          format={() => pct(t.arrivedShare)}
          aria-label="到岗进度"
        />
      </Card>
      <Row gutter={[8, 8]}>
        {time('first', '首人到岗', t.firstMinutes)}
        {time('median', '中位到岗', t.medianMinutes)}
        {time('p90', '90% 到岗', t.p90Minutes)}
      </Row>
    </Flex>
  );
}

/** Every activated unit of the viewer's area; units falling behind are red and can be shown alone. */
function UnitsCard({ board, canCommand, onRenotify, onShowMembers }: { board: Board; canCommand: boolean; onRenotify: (unitId: number) => void; onShowMembers: (unitId: number) => void }) {
  const [behindOnly, setBehindOnly] = useState(false);
  const rows = behindOnly ? board.units.filter((u) => u.behind) : board.units;
  const n = (v: number, color?: string) => (v ? <span style={{ color }}>{v}</span> : <span style={{ color: '#bbb' }}>0</span>);
  const columns: TableProps<BoardUnit>['columns'] = [
    {
      title: '单元',
      dataIndex: 'name',
      render: (name: string, u) => (
        <>
          <Flex gap={4} wrap align="center">
            <a onClick={() => onShowMembers(u.unitId)} style={{ color: u.behind ? '#cf1322' : undefined }}>
              {name}
            </a>
            {u.behind && (
              <Tooltip title={u.behindReason}>
                <Tag color="error" style={{ marginInlineEnd: 0 }}>
                  落后
                </Tag>
              </Tooltip>
            )}
          </Flex>
          <div style={{ fontSize: 12, color: '#999' }}>
            {u.orgUnitName}
            {u.forceName ? ` · ${u.forceName}` : ''} · 最低 {u.minStrength} 人
          </div>
        </>
      ),
    },
    { title: '应到', dataIndex: 'members', width: 60, align: 'right', responsive: ['md'] },
    { title: '送达', dataIndex: 'notified', width: 60, align: 'right', responsive: ['lg'] },
    { title: '打开', dataIndex: 'opened', width: 60, align: 'right', responsive: ['lg'] },
    {
      title: '到岗',
      dataIndex: 'arrived',
      width: 90,
      align: 'right',
      render: (v: number, u) => (
        <span data-testid={`unit-arrived-${u.unitId}`}>
          <b style={{ color: u.behind ? '#cf1322' : '#389e0d' }}>{v}</b>
          <span style={{ color: '#999' }}>/{u.members}</span>
        </span>
      ),
    },
    { title: '无法到岗', dataIndex: 'declined', width: 80, align: 'right', responsive: ['sm'], render: (v: number) => n(v, '#d46b08') },
    { title: '未响应', dataIndex: 'noAnswer', width: 70, align: 'right', render: (v: number) => n(v, '#cf1322') },
    { title: '首人', dataIndex: 'firstMinutes', width: 84, responsive: ['md'], render: (m: number | null) => minutes(m) },
    { title: '中位', dataIndex: 'medianMinutes', width: 84, responsive: ['md'], render: (m: number | null) => minutes(m) },
    { title: '90%', dataIndex: 'p90Minutes', width: 84, responsive: ['lg'], render: (m: number | null) => minutes(m) },
    ...(canCommand
      ? [
          {
            title: '',
            key: 'renotify',
            width: 48,
            responsive: ['sm' as const],
            render: (_: unknown, u: BoardUnit) =>
              u.noAnswer > 0 ? (
                <Popconfirm title={`再次通知「${u.name}」${u.noAnswer} 名未响应成员？`} okText="再次通知" cancelText="取消" onConfirm={() => onRenotify(u.unitId)}>
                  <Button type="text" size="small" icon={<BellOutlined />} aria-label={`再次通知「${u.name}」未响应成员`} />
                </Popconfirm>
              ) : null,
          },
        ]
      : []),
  ];
  return (
    <Card
      size="small"
      title={`各单元到岗情况（${board.units.length}）`}
      extra={
        <Flex align="center" gap={6}>
          <Switch size="small" checked={behindOnly} onChange={setBehindOnly} aria-label="只看落后单元" />
          <span style={{ fontSize: 13 }}>只看落后{board.behindUnits ? `（${board.behindUnits}）` : ''}</span>
        </Flex>
      }
      styles={{ header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 } }}
    >
      <Table<BoardUnit>
        data-testid="board-units"
        rowKey="unitId"
        size="small"
        columns={columns}
        dataSource={rows}
        onRow={(u) => ({ style: u.behind ? { background: '#fff1f0' } : undefined })}
        pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false, size: 'small', showTotal: (k) => `共 ${k} 个单元` } : false}
        locale={{ emptyText: behindOnly ? '没有落后的单元' : '没有单元' }}
      />
    </Card>
  );
}
