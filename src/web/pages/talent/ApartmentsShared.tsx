import { useLocation, useNavigate } from 'react-router-dom';
import { Tabs } from 'antd';
import type { AllocationResultRow, ApartmentStatus, ContractKind } from '../../../shared/talent';

// Types and small pieces shared by the apartment pages (人才公寓): answers of /api/apartments*.

export interface Contract {
  id: number;
  apartmentId: number;
  personId: number;
  applicationId: number | null;
  kind: ContractKind;
  kindName: string;
  signedOn: string;
  startDate: string;
  endDate: string | null;
  terminatedOn: string | null;
  createdBy: string;
  personName: string;
  personUnitName: string;
  phoneMasked: string | null;
  state: 'live' | 'expired' | 'terminated';
  stateName: string;
  flatLabel?: string;
  area?: number;
}

export interface Reservation {
  apartmentId: number;
  allocationId: number;
  programmeId: number;
  applicationId: number;
  personId: number;
  personName: string;
  rank: number;
}

export interface Flat {
  id: number;
  orgUnitId: number;
  orgUnitName: string;
  estate: string;
  building: string;
  unitNo: string;
  label: string;
  area: number;
  status: ApartmentStatus;
  statusName: string;
  version: number;
  contract: Contract | null;
  reservation: Reservation | null;
}

export interface FlatDetail extends Flat {
  contracts: Contract[];
}

export interface FlatPage {
  items: Flat[];
  total: number;
  counts: Record<ApartmentStatus, number>;
}

export interface Estate {
  estate: string;
  total: number;
  counts: Record<ApartmentStatus, number>;
  buildings: string[];
}

export interface ApartmentProgramme {
  id: number;
  code: string;
  name: string;
  opensOn: string;
  closesOn: string | null;
  areaName: string;
  scores: Record<string, number>;
  waiting: number;
}

export interface AllocationPreviewResult {
  programme: { id: number; code: string; name: string };
  areaName: string;
  estate: string | null;
  ruleText: string;
  freeFlats: number;
  waiting: number;
  allocated: number;
  rows: AllocationResultRow[];
  previewToken: string;
}

export interface AllocationRun {
  id: number;
  programmeId: number;
  programmeName: string;
  programmeCode: string;
  ruleText: string;
  ranBy: string;
  createdAt: string;
  applications?: number;
  allocated?: number;
  results: (AllocationResultRow & { state: 'waiting' | 'signed' | 'reserved' | 'released'; stateName: string })[];
}

export const STATUS_COLOR: Record<ApartmentStatus, string> = { free: 'green', reserved: 'gold', rented: 'blue', sold: 'default' };
export const CONTRACT_STATE_COLOR: Record<Contract['state'], string> = { live: 'processing', expired: 'warning', terminated: 'default' };

/** "2026-03-12 10:20" in China Standard Time. */
export const dateTime = (iso: string) => (iso ? new Date(iso).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 16) : '');

const SECTIONS = [
  { key: '/talent/apartments', label: '房源' },
  { key: '/talent/apartments/contracts', label: '合同' },
  { key: '/talent/apartments/allocation', label: '按规则分配' },
];

/** The sections of 人才公寓, one menu entry: tabs that are links. */
export function ApartmentsNav() {
  const location = useLocation();
  const navigate = useNavigate();
  const active = SECTIONS.slice(1).find((s) => location.pathname.startsWith(s.key))?.key ?? (location.pathname.startsWith('/talent/apartments/allocations') ? '/talent/apartments/allocation' : '/talent/apartments');
  return <Tabs activeKey={active} onChange={(k) => navigate(k)} items={SECTIONS} size="small" style={{ marginBottom: -8 }} />;
}
