import { CASE_STATUS_ZH, HONOUR_LEVEL_ZH, PROJECT_STATUS_ZH, type CaseStatus, type HonourLevel, type ProjectStatus, type RecordKind } from '../../../shared/ledger';
import type { AnyRecord, Category } from './types';

export const CASE_STATUS_COLOR: Record<CaseStatus, string> = { registered: 'default', assigned: 'blue', in_progress: 'processing', resolved: 'cyan', closed: 'success' };
export const PROJECT_STATUS_COLOR: Record<ProjectStatus, string> = { planned: 'default', in_progress: 'processing', completed: 'success', suspended: 'warning' };
export const HONOUR_LEVEL_COLOR: Record<HonourLevel, string> = { national: 'red', provincial: 'volcano', city: 'orange', county: 'gold' };

export const statusZh = (kind: RecordKind, s: string | undefined) =>
  !s ? '' : kind === 'case' ? (CASE_STATUS_ZH[s as CaseStatus] ?? s) : kind === 'project' ? (PROJECT_STATUS_ZH[s as ProjectStatus] ?? s) : s;
export const levelZh = (l: string | undefined) => (l ? (HONOUR_LEVEL_ZH[l as HonourLevel] ?? l) : '');

/** The date that places a record in time, as the list orders it. */
export const mainDateOf = (kind: RecordKind, r: AnyRecord): string | undefined =>
  kind === 'activity' ? r.heldOn : kind === 'case' ? r.registeredOn : kind === 'project' ? r.startedOn : r.awardedOn;

export const MAIN_DATE_LABEL: Record<RecordKind, string> = { activity: '活动日期', case: '登记日期', project: '开工日期', honour: '授予日期' };

/** Today in China Standard Time (the server compares deadlines with this date too). */
export function todayCst(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** "2024-05-06T02:03:04Z" → "2024-05-06 10:03" in local (China) time. */
export function fmtTime(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export const fmtYuan = (n: number | null | undefined) => (n == null ? '—' : `${n.toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 元`);
export const fmtSize = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

/** Every attribute a category's records carry: its ancestors' first, then its own. */
export const attributesOf = (c: Category | undefined) => (c ? [...c.inheritedAttributes, ...c.attributes] : []);

/** Categories as a TreeSelect's tree (archived ones hidden unless still in use). */
export function categoryTree(categories: Category[], opts: { valueOf: (c: Category) => string | number; keep?: (c: Category) => boolean }) {
  type Node = { value: string | number; title: string; key: number; children: Node[] };
  const shown = categories.filter((c) => !c.archived || opts.keep?.(c));
  const byParent = new Map<number | null, Category[]>();
  for (const c of shown) {
    const parent = c.parentId != null && shown.some((p) => p.id === c.parentId) ? c.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), c]);
  }
  const build = (parent: number | null): Node[] =>
    (byParent.get(parent) ?? []).map((c) => ({ value: opts.valueOf(c), key: c.id, title: c.archived ? `${c.name}（已停用）` : c.name, children: build(c.id) }));
  return build(null);
}
