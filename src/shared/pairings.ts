/**
 * Pairings (结对联系) vocabulary shared by server and web: the kinds of relationship, the labels
 * of their sides, contact kinds, and the shapes the API answers with.
 */

/**
 * leader_entrepreneur: 市党政班子成员联系新生代企业家 (one leader, one entrepreneur);
 * joint_building: 党建联建 / 五全联建 between party organizations or units;
 * belt: 共同富裕党建示范带, the units along one belt; other: any other pairing.
 */
export const PAIRING_KINDS = ['leader_entrepreneur', 'joint_building', 'belt', 'other'] as const;
export type PairingKind = (typeof PAIRING_KINDS)[number];
export const PAIRING_KIND_ZH: Record<PairingKind, string> = {
  leader_entrepreneur: '联系新生代企业家',
  joint_building: '党建联建',
  belt: '共同富裕党建示范带',
  other: '其他结对',
};

/** The two sides of a leader ↔ entrepreneur pairing, stored as the parties' role labels. */
export const LEADER_LABEL = '联系领导';
export const ENTREPRENEUR_LABEL = '企业家';
/** Default labels of unit parties: one unit may lead a belt or a joint-building pair. */
export const LEAD_UNIT_LABEL = '牵头单位';
export const MEMBER_UNIT_LABEL = '成员单位';
export const JOINT_UNIT_LABEL = '联建单位';

export const CONTACT_KINDS = ['visit', 'talk', 'joint_activity', 'call', 'other'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];
export const CONTACT_KIND_ZH: Record<ContactKind, string> = {
  visit: '走访调研',
  talk: '座谈交流',
  joint_activity: '联建共建活动',
  call: '电话联系',
  other: '其他',
};

/** planned: not started yet; active: running today; ended: past its end date or ended early. */
export const PAIRING_STATUSES = ['planned', 'active', 'ended'] as const;
export type PairingStatus = (typeof PAIRING_STATUSES)[number];
export const PAIRING_STATUS_ZH: Record<PairingStatus, string> = { planned: '未开始', active: '进行中', ended: '已结束' };

/** A pairing is silent after this many days without a contact, unless the view asks otherwise. */
export const DEFAULT_SILENCE_DAYS = 90;

export interface PairingParty {
  id: number;
  personId: number | null;
  orgUnitId: number | null;
  roleLabel: string;
  /** The person's or unit's name. */
  name: string;
  /** A person's home unit, or a unit's parent: tells namesakes apart. */
  unitName: string | null;
  /** Masked, never the full number. */
  phoneMasked: string | null;
}

export interface PairingListItem {
  id: number;
  kind: PairingKind;
  kindName: string;
  title: string;
  ownerUnitId: number;
  ownerUnitName: string;
  startDate: string;
  endDate: string | null;
  endedOn: string | null;
  /** The last day it runs: ended early, else the planned end, else null (open-ended). */
  lastDay: string | null;
  status: PairingStatus;
  statusName: string;
  lastContactOn: string | null;
  contactCount: number;
  /** Days since the last contact (or since the start when there is none); null unless active. */
  silentDays: number | null;
  parties: PairingParty[];
  /** "张三（联系领导）↔ 李四（企业家）" or "6 个单位：甲村、乙村…". */
  partiesText: string;
  /** True when the owner unit is in the reader's subtree and they may write: otherwise read-only. */
  canEdit: boolean;
  version: number;
}

export interface PairingListPage {
  items: PairingListItem[];
  total: number;
  page: number;
  pageSize: number;
}

export interface PairingContact {
  id: number;
  occurredOn: string;
  kind: ContactKind;
  kindName: string;
  summary: string;
  recordedBy: string;
  createdAt: string;
}

export interface PairingHistoryEntry {
  id: number;
  at: string;
  actorName: string;
  action: string;
  summary: string;
}

export interface PairingDetail extends PairingListItem {
  purpose: string;
  createdBy: string;
  /** Why it was ended early, from the audit event of the ending. */
  endReason: string | null;
  /** Newest first. */
  contacts: PairingContact[];
  history: PairingHistoryEntry[];
  silenceDays: number;
  silent: boolean;
}

export interface SilentPairingsPage extends PairingListPage {
  days: number;
  /** Silent pairings the reader's units own and can log a contact for. */
  actionable: number;
}
