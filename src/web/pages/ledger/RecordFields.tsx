import type { ReactNode } from 'react';
import { Descriptions, Progress, Space, Table, Tag, Typography } from 'antd';
import type { RecordKind } from '../../../shared/ledger';
import { AttributeValue } from './AttributeFields';
import { CASE_STATUS_COLOR, HONOUR_LEVEL_COLOR, PROJECT_STATUS_COLOR, attributesOf, fmtYuan, levelZh, statusZh } from './display';
import { CaseDueTag } from './recordColumns';
import type { Category, RecordDetail } from './types';

type Item = { key: string; label: string; children: ReactNode; span?: number };
const opt = (v: unknown): ReactNode => (v == null || v === '' ? '—' : String(v));

function kindItems(kind: RecordKind, r: RecordDetail): Item[] {
  switch (kind) {
    case 'activity':
      return [
        { key: 'heldOn', label: '活动日期', children: r.endedOn ? `${r.heldOn} 至 ${r.endedOn}` : r.heldOn },
        { key: 'unit', label: '组织单位', children: r.orgUnitName },
        { key: 'place', label: '地点', children: opt(r.place) },
        { key: 'team', label: '宣讲团/队伍', children: opt(r.team) },
        { key: 'participants', label: '参与人数', children: opt(r.participants) },
        { key: 'audience', label: '受众人数', children: opt(r.audience) },
        ...(r.people?.length ? [{ key: 'people', label: '参加人员', span: 2, children: r.people.map((p) => p.name).join('、') }] : []),
        ...(r.outcomes ? [{ key: 'outcomes', label: '成效', span: 2, children: r.outcomes }] : []),
      ];
    case 'case':
      return [
        {
          key: 'status',
          label: '办理状态',
          children: (
            <Space size={4} wrap>
              <Tag color={CASE_STATUS_COLOR[r.status as keyof typeof CASE_STATUS_COLOR]} data-testid="case-status">
                {statusZh('case', r.status)}
              </Tag>
              <CaseDueTag r={r} />
            </Space>
          ),
        },
        { key: 'due', label: '办理期限', children: opt(r.dueOn) },
        { key: 'registrar', label: '登记单位', children: r.registrarUnitName },
        { key: 'handler', label: '承办单位', children: r.orgUnitName },
        { key: 'registeredOn', label: '登记日期', children: r.registeredOn },
        { key: 'requester', label: '提出方', children: opt(r.requester) },
        ...(r.resolution ? [{ key: 'resolution', label: '办理结果', span: 2, children: r.resolution }] : []),
        ...(r.resolvedOn ? [{ key: 'resolvedOn', label: '办结日期', children: r.resolvedOn }] : []),
        ...(r.closedOn ? [{ key: 'closedOn', label: '销号日期', children: r.closedOn }] : []),
      ];
    case 'project':
      return [
        { key: 'status', label: '状态', children: <Tag color={PROJECT_STATUS_COLOR[r.status as keyof typeof PROJECT_STATUS_COLOR]}>{statusZh('project', r.status)}</Tag> },
        { key: 'progress', label: '进度', children: <Progress percent={r.progress ?? 0} size="small" style={{ maxWidth: 200 }} /> },
        { key: 'unit', label: '牵头单位', children: r.orgUnitName },
        { key: 'partners', label: '联建单位', children: r.partners?.length ? r.partners.map((p) => p.name).join('、') : '—' },
        { key: 'startedOn', label: '开工日期', children: opt(r.startedOn) },
        { key: 'plannedEndOn', label: '计划完工', children: opt(r.plannedEndOn) },
        { key: 'completedOn', label: '完工日期', children: opt(r.completedOn) },
        { key: 'investment', label: '投资（计划 / 实际）', children: `${fmtYuan(r.plannedInvestment)} / ${fmtYuan(r.actualInvestment)}` },
      ];
    case 'honour':
      return [
        { key: 'level', label: '级别', children: <Tag color={HONOUR_LEVEL_COLOR[r.level as keyof typeof HONOUR_LEVEL_COLOR]}>{levelZh(r.level)}</Tag> },
        { key: 'awardedOn', label: '授予日期', children: r.awardedOn },
        { key: 'issuer', label: '授予单位', children: opt(r.issuer) },
        { key: 'recipient', label: '获得者', children: r.recipientType === 'person' ? `${r.recipientPersonName ?? '—'}（个人）` : `${r.orgUnitName}（集体）` },
        ...(r.recipientType === 'person' ? [{ key: 'unit', label: '计入单位', children: r.orgUnitName }] : []),
      ];
  }
}

/** Everything a record holds, with its category's attributes under their labels. */
export function RecordFields({ kind, record: r, category }: { kind: RecordKind; record: RecordDetail; category: Category | undefined }) {
  const defs = attributesOf(category);
  // Values of attributes the category no longer defines are still shown, under their key.
  const orphans = Object.keys(r.attributes ?? {}).filter((k) => !defs.some((d) => d.key === k));
  const items: Item[] = [
    { key: 'category', label: '类别', children: category?.fullName ?? r.categoryName },
    ...kindItems(kind, r),
    ...defs.map((d) => ({ key: `attr-${d.key}`, label: d.label, children: <AttributeValue def={d} value={r.attributes?.[d.key]} /> })),
    ...orphans.map((k) => ({ key: `attr-${k}`, label: k, children: opt(r.attributes[k]) })),
    ...(r.notes ? [{ key: 'notes', label: '备注', span: 2, children: <span style={{ whiteSpace: 'pre-line' }}>{r.notes}</span> }] : []),
  ];
  return (
    <>
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered items={items} data-testid="record-fields" />
      {kind === 'project' && <ProjectParts record={r} />}
    </>
  );
}

function ProjectParts({ record: r }: { record: RecordDetail }) {
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        资金来源
      </Typography.Title>
      <Table
        size="small"
        rowKey="source"
        pagination={false}
        dataSource={r.funds ?? []}
        locale={{ emptyText: '未填写资金来源' }}
        columns={[
          { title: '来源', dataIndex: 'source' },
          { title: '计划投资', dataIndex: 'planned', align: 'right', render: fmtYuan },
          { title: '实际投资', dataIndex: 'actual', align: 'right', render: fmtYuan },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        进度节点
      </Typography.Title>
      <Table
        size="small"
        rowKey={(m) => m.name}
        pagination={false}
        dataSource={r.milestones ?? []}
        locale={{ emptyText: '未设节点' }}
        columns={[
          { title: '节点', dataIndex: 'name' },
          { title: '计划日期', dataIndex: 'plannedOn', render: opt },
          { title: '完成日期', dataIndex: 'doneOn', render: (v: string | null) => (v ? <Tag color="success">{v}</Tag> : '未完成') },
        ]}
      />
    </>
  );
}
