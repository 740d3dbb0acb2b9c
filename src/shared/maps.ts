/**
 * Maps: org units' points and boundaries (GeoJSON, WGS84), an indicator over a unit's children as
 * a choropleth or points, and the elderly-care facility planning map (养老设施规划三色图).
 */
import { z } from 'zod';

export type Position = [number, number];
export type GeoGeometry = { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] };

export const CARE_FACILITY_KINDS = ['home_center', 'day_care', 'wellness'] as const;
export type CareFacilityKind = (typeof CARE_FACILITY_KINDS)[number];
export const CARE_FACILITY_KIND_ZH: Record<CareFacilityKind, string> = { home_center: '居家养老服务中心', day_care: '照料中心', wellness: '康养联合体' };

/**
 * Green: at least `greenBeds` beds per 1,000 residents over 60 in the village, or a facility
 * within `greenKm`. Red: under `redBeds` per 1,000 and the nearest facility beyond `redKm`.
 * Yellow between.
 */
export const CareThresholdsSchema = z
  .object({
    greenBeds: z.number({ error: '请填写绿色的床位标准' }).min(0, '床位标准不能为负').max(1000, '床位标准最多每千人1000张'),
    redBeds: z.number({ error: '请填写红色的床位标准' }).min(0, '床位标准不能为负').max(1000, '床位标准最多每千人1000张'),
    greenKm: z.number({ error: '请填写绿色的距离标准' }).min(0, '距离不能为负').max(100, '距离最多100公里'),
    redKm: z.number({ error: '请填写红色的距离标准' }).min(0, '距离不能为负').max(100, '距离最多100公里'),
  })
  .superRefine((t, ctx) => {
    if (t.redBeds > t.greenBeds) ctx.addIssue({ code: 'custom', path: ['redBeds'], message: '红色的床位标准不能高于绿色的' });
    if (t.redKm < t.greenKm) ctx.addIssue({ code: 'custom', path: ['redKm'], message: '红色的距离标准不能小于绿色的' });
  });
export type CareThresholds = z.infer<typeof CareThresholdsSchema>;
export const DEFAULT_CARE_THRESHOLDS: CareThresholds = { greenBeds: 40, redBeds: 20, greenKm: 1, redKm: 2 };

export type CareColour = 'green' | 'yellow' | 'red';
export const CARE_COLOUR_ZH: Record<CareColour, string> = { green: '绿色（达标）', yellow: '黄色（基本达标）', red: '红色（缺口）' };

export interface MapFeature {
  unitId: number;
  code: string;
  name: string;
  type: string;
  lng: number | null;
  lat: number | null;
  boundary: GeoGeometry | null;
  value: number | null;
  /** The figure written the genre's way. */
  text: string | null;
}

export interface IndicatorMap {
  indicator: { id: number; code: string; name: string; unit: string };
  unit: { id: number; name: string };
  period: string;
  features: MapFeature[];
  /** Where the shapes came from, e.g. "示意图（演示，非精确边界）". */
  sources: string[];
  range: { min: number | null; max: number | null };
}

export interface CareVillage {
  unitId: number;
  name: string;
  townName: string;
  lng: number;
  lat: number;
  boundary: GeoGeometry | null;
  elderly: number | null;
  beds: number;
  bedsPer1000: number | null;
  nearestKm: number | null;
  colour: CareColour;
  /** Beds short of the green standard (0 when met). */
  gap: number;
}

export interface CareFacility {
  id: number;
  name: string;
  kind: CareFacilityKind;
  beds: number;
  lng: number;
  lat: number;
  unitName: string;
}

export interface CareMap {
  unit: { id: number; name: string };
  period: string;
  thresholds: CareThresholds;
  thresholdsVersion: number;
  villages: CareVillage[];
  facilities: CareFacility[];
  /** Town boundaries for the background. */
  towns: MapFeature[];
  counts: Record<CareColour, number>;
  sources: string[];
}

export interface CareGap {
  village: CareVillage;
  /** The nearest facilities, by straight-line distance. */
  nearest: (CareFacility & { km: number })[];
  /** In Chinese: what is missing and against which standard. */
  explanation: string;
}
