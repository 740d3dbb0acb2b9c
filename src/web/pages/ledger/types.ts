/**
 * Response shapes of the ledger API as the pages use them. The category view is the service's
 * own type (type-only import); record rows are built with raw SQL on the server, so their
 * shapes are written out here.
 */
import type { CategoryView } from '../../../server/modules/ledger/categories.service';
import type { CaseAction } from '../../../server/modules/ledger/cases.workflow';
import type { CaseStatus, HonourLevel, ProjectStatus, RecordKind } from '../../../shared/ledger';

export type { CaseAction, CategoryView as Category, RecordKind };

/** Columns every kind shares (GET /api/<segment>). */
interface RecordBase {
  id: number;
  categoryId: number;
  categoryName: string;
  orgUnitId: number;
  orgUnitName: string;
  title: string;
  notes: string | null;
  attributes: Record<string, unknown>;
  archived: boolean;
  version: number;
  /** Count of live attachments (0 in a detail, which lists them in `files`). */
  attachments: number;
}

export interface ActivityItem extends RecordBase {
  heldOn: string;
  endedOn: string | null;
  place: string | null;
  participants: number | null;
  audience: number | null;
  team: string | null;
  outcomes: string | null;
}

export interface CaseItem extends RecordBase {
  status: CaseStatus;
  registeredOn: string;
  dueOn: string | null;
  requester: string | null;
  resolution: string | null;
  resolvedOn: string | null;
  closedOn: string | null;
  registrarUnitId: number;
  registrarUnitName: string;
  sourceActivityId: number | null;
  /** Open cases only: days to the deadline (negative when past it). */
  daysLeft: number | null;
  overdue: boolean;
  dueSoon: boolean;
}

export interface ProjectItem extends RecordBase {
  status: ProjectStatus;
  startedOn: string;
  plannedEndOn: string | null;
  completedOn: string | null;
  progress: number;
  plannedInvestment: number;
  actualInvestment: number;
  partnerUnitIds: number[];
}

export interface HonourItem extends RecordBase {
  level: HonourLevel;
  issuer: string | null;
  awardedOn: string;
  recipientType: 'person' | 'unit';
  recipientPersonId: number | null;
  recipientPersonName: string | null;
}

export type RecordItem = ActivityItem | CaseItem | ProjectItem | HonourItem;
/** A list row with any kind's columns, for code shared by all kinds. */
export type AnyRecord = RecordBase & Partial<Omit<ActivityItem, keyof RecordBase>> & Partial<Omit<CaseItem, keyof RecordBase>> & Partial<Omit<ProjectItem, keyof RecordBase | 'status'>> & Partial<Omit<HonourItem, keyof RecordBase>>;

export interface RecordPage {
  items: AnyRecord[];
  /** Exact up to 10,000; beyond that `totalCapped` is true. */
  total: number;
  totalCapped: boolean;
}

export interface Attachment {
  id: number;
  fileName: string;
  mime: string;
  size: number;
  createdAt: string;
}

export interface CaseEvent {
  id: number;
  action: 'register' | CaseAction;
  fromUnitName: string | null;
  toUnitName: string | null;
  note: string | null;
  actorName: string;
  at: string;
}

/** GET /api/<segment>/:id — the row plus its parts. */
export type RecordDetail = AnyRecord & {
  createdAt?: string;
  updatedAt?: string;
  files: Attachment[];
  canEdit: boolean;
  /** Activities. */
  people?: { id: number; name: string; orgUnitName: string }[];
  /** Projects. */
  funds?: { source: string; planned: number; actual: number }[];
  milestones?: { name: string; plannedOn: string | null; doneOn: string | null }[];
  partners?: { id: number; name: string }[];
  /** Cases. */
  events?: CaseEvent[];
  actions?: CaseAction[];
};

/** One entry of GET /api/<segment>/:id/timeline (from the audit log). */
export interface TimelineEntry {
  id: number;
  at: string;
  actorName: string;
  action: string;
  summary: string;
  before: unknown;
  after: unknown;
}

/** GET /api/cases/overdue. */
export interface OverdueResult {
  unit: { id: number; name: string };
  today: string;
  items: { unitId: number; unitName: string; open: number; overdue: number; dueSoon: number; oldestDue: string | null }[];
}
