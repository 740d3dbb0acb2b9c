import { Table, Typography } from 'antd';

/** Chinese names of the keys the services write into before/after snapshots. */
const KEY_ZH: Record<string, string> = {
  code: '编码',
  name: '名称',
  type: '类型',
  parentId: '上级单位ID',
  path: '路径',
  archived: '已归档',
  idNumber: '身份证号',
  phone: '手机号',
  orgUnitId: '单位ID',
  note: '备注',
  roles: '身份',
  username: '用户名',
  displayName: '姓名',
  departmentId: '部门ID',
  role: '角色',
  disabled: '停用',
  filter: '筛选条件',
};

function show(v: unknown): string {
  if (v === undefined) return '';
  if (v === null) return '—';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (Array.isArray(v)) return v.map(show).join('\n');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

const asRecord = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : v == null ? {} : { 值: v });

export function hasDiff(before: unknown, after: unknown) {
  return before != null || after != null;
}

/** Before and after of one audit event, key by key, changed keys highlighted. */
export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  const b = asRecord(before);
  const a = asRecord(after);
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const rows = keys.map((k) => ({ key: k, label: KEY_ZH[k] ?? k, before: show(b[k]), after: show(a[k]), changed: show(b[k]) !== show(a[k]) }));
  return (
    <Table
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={rows}
      rowClassName={(r) => (r.changed ? 'diff-changed' : '')}
      columns={[
        { title: '字段', dataIndex: 'label', width: 120 },
        { title: '修改前', dataIndex: 'before', render: (v: string) => <Typography.Text style={{ whiteSpace: 'pre-line' }}>{v}</Typography.Text> },
        { title: '修改后', dataIndex: 'after', render: (v: string) => <Typography.Text style={{ whiteSpace: 'pre-line' }}>{v}</Typography.Text> },
      ]}
    />
  );
}
