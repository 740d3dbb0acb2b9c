import { Progress, Space, Tag, Tooltip, type TableProps } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import type { CaseStatus, HonourLevel, ProjectStatus, RecordKind } from '../../../shared/ledger';
import { CASE_STATUS_COLOR, HONOUR_LEVEL_COLOR, PROJECT_STATUS_COLOR, fmtYuan, levelZh, statusZh } from './display';
import type { AnyRecord } from './types';

/** 已超期 / 即将到期 with the days, for an open case; nothing otherwise. */
export function CaseDueTag({ r }: { r: Pick<AnyRecord, 'overdue' | 'dueSoon' | 'daysLeft' | 'dueOn'> }) {
  if (r.overdue) {
    return (
      <Tooltip title={`办理期限 ${r.dueOn}`}>
        <Tag color="error" data-testid="case-overdue">
          已超期 {-(r.daysLeft ?? 0)} 天
        </Tag>
      </Tooltip>
    );
  }
  if (r.dueSoon) {
    return (
      <Tooltip title={`办理期限 ${r.dueOn}`}>
        <Tag color="warning" data-testid="case-due-soon">
          {r.daysLeft === 0 ? '今天到期' : `即将到期（剩 ${r.daysLeft} 天）`}
        </Tag>
      </Tooltip>
    );
  }
  return null;
}

type Columns = NonNullable<TableProps<AnyRecord>['columns']>;

const title = (sub: (r: AnyRecord) => string): Columns[number] => ({
  title: '标题',
  dataIndex: 'title',
  render: (t: string, r) => (
    <>
      <Space size={4} wrap>
        <a>{t}</a>
        {r.archived && <Tag>已作废</Tag>}
        {r.attachments > 0 && (
          <Tooltip title={`${r.attachments} 个附件`}>
            <PaperClipOutlined style={{ color: '#999' }} aria-label={`${r.attachments} 个附件`} />
          </Tooltip>
        )}
      </Space>
      <div style={{ fontSize: 12, color: '#999' }}>{sub(r)}</div>
    </>
  ),
});

/** The list's columns per kind; secondary ones drop off on narrow screens. */
export function recordColumns(kind: RecordKind): Columns {
  switch (kind) {
    case 'activity':
      return [
        title((r) => `${r.heldOn} · ${r.categoryName} · ${r.orgUnitName}`),
        { title: '活动日期', dataIndex: 'heldOn', width: 110, responsive: ['md'] },
        { title: '地点', dataIndex: 'place', responsive: ['lg'], render: (v: string | null) => v ?? '—' },
        { title: '参与人数', dataIndex: 'participants', width: 90, align: 'right', responsive: ['sm'], render: (v: number | null) => v ?? '—' },
      ];
    case 'case':
      return [
        title((r) => `${r.registeredOn} · ${r.categoryName} · 登记：${r.registrarUnitName}`),
        { title: '承办单位', dataIndex: 'orgUnitName', responsive: ['md'] },
        {
          title: '状态',
          dataIndex: 'status',
          width: 170,
          render: (s: CaseStatus, r) => (
            <Space size={4} wrap>
              <Tag color={CASE_STATUS_COLOR[s]}>{statusZh('case', s)}</Tag>
              <CaseDueTag r={r} />
            </Space>
          ),
        },
        { title: '办理期限', dataIndex: 'dueOn', width: 110, responsive: ['sm'], render: (v: string | null) => v ?? '—' },
      ];
    case 'project':
      return [
        title((r) => `${r.startedOn} 开工 · ${r.categoryName} · ${r.orgUnitName}`),
        { title: '状态', dataIndex: 'status', width: 90, render: (s: ProjectStatus) => <Tag color={PROJECT_STATUS_COLOR[s]}>{statusZh('project', s)}</Tag> },
        { title: '进度', dataIndex: 'progress', width: 130, responsive: ['sm'], render: (p: number) => <Progress percent={p} size="small" /> },
        { title: '计划投资', dataIndex: 'plannedInvestment', align: 'right', responsive: ['lg'], render: fmtYuan },
        { title: '实际投资', dataIndex: 'actualInvestment', align: 'right', responsive: ['md'], render: fmtYuan },
      ];
    case 'honour':
      return [
        title((r) => `${r.awardedOn} · ${r.categoryName}${r.issuer ? ` · ${r.issuer}` : ''}`),
        { title: '级别', dataIndex: 'level', width: 100, render: (l: HonourLevel) => <Tag color={HONOUR_LEVEL_COLOR[l]}>{levelZh(l)}</Tag> },
        { title: '获得者', key: 'recipient', responsive: ['sm'], render: (_, r) => (r.recipientType === 'person' ? (r.recipientPersonName ?? '—') : r.orgUnitName) },
        { title: '授予日期', dataIndex: 'awardedOn', width: 110, responsive: ['md'] },
      ];
  }
}
