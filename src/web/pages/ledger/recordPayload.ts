import type { RecordKind } from '../../../shared/ledger';
import { attributesOf, todayCst } from './display';
import type { AnyRecord, Category, RecordDetail } from './types';

/**
 * Form values of a record: the API's field names, dates as "2022-06-30" strings, so server
 * error paths (`attributes.format`, `funds.0.source`) name form fields directly.
 */
export interface RecordValues {
  categoryId?: number;
  title?: string;
  notes?: string | null;
  orgUnitId?: number | null;
  attributes?: Record<string, unknown>;
  // activity
  heldOn?: string | null;
  endedOn?: string | null;
  place?: string | null;
  participants?: number | null;
  audience?: number | null;
  team?: string | null;
  outcomes?: string | null;
  personIds?: number[];
  // case
  registeredOn?: string | null;
  dueOn?: string | null;
  requester?: string | null;
  // project
  status?: string;
  startedOn?: string | null;
  plannedEndOn?: string | null;
  completedOn?: string | null;
  progress?: number | null;
  partnerUnitIds?: number[];
  funds?: { source?: string; planned?: number | null; actual?: number | null }[];
  milestones?: { name?: string; plannedOn?: string | null; doneOn?: string | null }[];
  // honour
  level?: string;
  issuer?: string | null;
  awardedOn?: string | null;
  recipientType?: 'person' | 'unit';
  recipientPersonId?: number | null;
}

/** Every top-level field a form may show, for applyServerErrors. */
export const RECORD_FIELDS = [
  'categoryId', 'title', 'notes', 'orgUnitId', 'attributes',
  'heldOn', 'endedOn', 'place', 'participants', 'audience', 'team', 'outcomes', 'personIds',
  'registeredOn', 'dueOn', 'requester',
  'status', 'startedOn', 'plannedEndOn', 'completedOn', 'progress', 'partnerUnitIds', 'funds', 'milestones',
  'level', 'issuer', 'awardedOn', 'recipientType', 'recipientPersonId',
] as const;

/** A new record's starting values: today's date, and the category used last time on this device. */
export function newRecordValues(kind: RecordKind, lastCategoryId?: number): RecordValues {
  const today = todayCst();
  const base: RecordValues = { categoryId: lastCategoryId, attributes: {} };
  switch (kind) {
    case 'activity':
      return { ...base, heldOn: today, personIds: [] };
    case 'case':
      return { ...base, registeredOn: today };
    case 'project':
      return { ...base, status: 'planned', startedOn: today, progress: 0, partnerUnitIds: [], funds: [], milestones: [] };
    case 'honour':
      return { ...base, awardedOn: today, recipientType: 'unit' };
  }
}

/** A stored record as form values (editing). */
export function recordValues(kind: RecordKind, r: RecordDetail): RecordValues {
  const base: RecordValues = { categoryId: r.categoryId, title: r.title, notes: r.notes, orgUnitId: r.orgUnitId, attributes: { ...r.attributes } };
  switch (kind) {
    case 'activity':
      return { ...base, heldOn: r.heldOn, endedOn: r.endedOn, place: r.place, participants: r.participants, audience: r.audience, team: r.team, outcomes: r.outcomes, personIds: (r.people ?? []).map((p) => p.id) };
    case 'case':
      return { ...base, registeredOn: r.registeredOn, dueOn: r.dueOn, requester: r.requester };
    case 'project':
      return {
        ...base,
        status: r.status,
        startedOn: r.startedOn,
        plannedEndOn: r.plannedEndOn,
        completedOn: r.completedOn,
        progress: r.progress,
        partnerUnitIds: r.partnerUnitIds ?? [],
        funds: r.funds ?? [],
        milestones: r.milestones ?? [],
      };
    case 'honour':
      return { ...base, level: r.level, issuer: r.issuer, awardedOn: r.awardedOn, recipientType: r.recipientType, recipientPersonId: r.recipientPersonId };
  }
}

const text = (v: string | null | undefined) => (v == null ? null : v.trim() || null);
const num = (v: number | null | undefined) => (v == null || Number.isNaN(v) ? null : v);

/**
 * The body of POST /api/<segment> (or PATCH with a version): only the fields of the kind, and
 * only the attributes the chosen category defines — blanks left out rather than sent empty.
 */
export function recordPayload(kind: RecordKind, v: RecordValues, category: Category | undefined, isNew: boolean): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const d of attributesOf(category)) {
    const value = v.attributes?.[d.key];
    if (value == null || value === '') continue;
    attributes[d.key] = typeof value === 'string' ? value.trim() : value;
  }
  const base = { categoryId: v.categoryId, title: v.title?.trim() ?? '', notes: text(v.notes), attributes, ...(v.orgUnitId ? { orgUnitId: v.orgUnitId } : {}) };
  switch (kind) {
    case 'activity':
      return {
        ...base,
        heldOn: v.heldOn,
        endedOn: v.endedOn || null,
        place: text(v.place),
        participants: num(v.participants),
        audience: num(v.audience),
        team: text(v.team),
        outcomes: text(v.outcomes),
        personIds: v.personIds ?? [],
      };
    case 'case': {
      // The registering unit is fixed once registered; the handler changes through 交办.
      const { orgUnitId: _registrar, ...rest } = base as typeof base & { orgUnitId?: number };
      return { ...(isNew ? base : rest), registeredOn: v.registeredOn, dueOn: v.dueOn || null, requester: text(v.requester) };
    }
    case 'project':
      return {
        ...base,
        status: v.status ?? 'planned',
        startedOn: v.startedOn,
        plannedEndOn: v.plannedEndOn || null,
        completedOn: v.completedOn || null,
        progress: num(v.progress) ?? 0,
        partnerUnitIds: v.partnerUnitIds ?? [],
        funds: (v.funds ?? []).map((f) => ({ source: f.source?.trim() ?? '', planned: num(f.planned) ?? 0, actual: num(f.actual) ?? 0 })),
        milestones: (v.milestones ?? []).map((m) => ({ name: m.name?.trim() ?? '', plannedOn: m.plannedOn || null, doneOn: m.doneOn || null })),
      };
    case 'honour': {
      const person = v.recipientType === 'person';
      return {
        ...base,
        // A person's honour counts for their own unit unless edited otherwise.
        ...(person && isNew ? { orgUnitId: undefined } : {}),
        level: v.level,
        issuer: text(v.issuer),
        awardedOn: v.awardedOn,
        recipientType: v.recipientType ?? 'unit',
        recipientPersonId: person ? (v.recipientPersonId ?? null) : null,
      };
    }
  }
}

/** Fields compared side by side when someone else saved the record meanwhile. */
export function conflictFields(kind: RecordKind): { key: string; label: string }[] {
  const common = [
    { key: 'category', label: '类别' },
    { key: 'title', label: '标题' },
  ];
  const own: Record<RecordKind, { key: string; label: string }[]> = {
    activity: [
      { key: 'heldOn', label: '活动日期' },
      { key: 'place', label: '地点' },
      { key: 'participants', label: '参与人数' },
      { key: 'audience', label: '受众人数' },
      { key: 'outcomes', label: '成效' },
    ],
    case: [
      { key: 'registeredOn', label: '登记日期' },
      { key: 'dueOn', label: '办理期限' },
      { key: 'requester', label: '提出方' },
    ],
    project: [
      { key: 'status', label: '状态' },
      { key: 'startedOn', label: '开工日期' },
      { key: 'plannedEndOn', label: '计划完工' },
      { key: 'completedOn', label: '完工日期' },
      { key: 'progress', label: '进度' },
    ],
    honour: [
      { key: 'level', label: '级别' },
      { key: 'issuer', label: '授予单位' },
      { key: 'awardedOn', label: '授予日期' },
    ],
  };
  return [...common, ...own[kind], { key: 'attributes', label: '扩展属性' }, { key: 'notes', label: '备注' }];
}

/** Display text of the compared fields, for form values and a stored row alike. */
export function conflictView(kind: RecordKind, v: RecordValues | AnyRecord, categories: Category[]): Record<string, string> {
  const out: Record<string, string> = {};
  const r = v as Record<string, unknown>;
  for (const f of conflictFields(kind)) {
    if (f.key === 'category') out.category = categories.find((c) => c.id === r.categoryId)?.fullName ?? '';
    else if (f.key === 'attributes') {
      const attrs = (r.attributes ?? {}) as Record<string, unknown>;
      const defs = attributesOf(categories.find((c) => c.id === r.categoryId));
      out.attributes = defs
        .filter((d) => attrs[d.key] != null && attrs[d.key] !== '')
        .map((d) => `${d.label}：${String(attrs[d.key])}`)
        .join('\n');
    } else out[f.key] = r[f.key] == null ? '' : String(r[f.key]);
  }
  return out;
}
