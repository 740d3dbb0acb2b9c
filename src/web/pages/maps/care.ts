import type { CareColour, CareThresholds } from '../../../shared/maps';
import { fmtNum } from '../indicators/format';

/**
 * Point colours, each at least 3:1 against the light town background and white (WCAG 2.1
 * non-text contrast), and with white text on them as tags: a darker amber than antd's gold.
 */
export const CARE_HEX: Record<CareColour, string> = { green: '#237804', yellow: '#ad6800', red: '#cf1322' };
/** A second cue besides colour, for colour-blind readers: red is a triangle, yellow a square. */
export const CARE_SYMBOL: Record<CareColour, string> = { green: 'circle', yellow: 'rect', red: 'triangle' };
export const CARE_ORDER: CareColour[] = ['red', 'yellow', 'green'];
export const FACILITY_HEX = '#1d39c4';

/** The standard in words, as the planners wrote it. */
export function thresholdsText(t: CareThresholds): { green: string; red: string; yellow: string } {
  return {
    green: `每千名老人床位不少于${fmtNum(t.greenBeds)}张，或${fmtNum(t.greenKm)}公里内有养老设施`,
    red: `每千名老人床位少于${fmtNum(t.redBeds)}张，且最近的养老设施超过${fmtNum(t.redKm)}公里`,
    yellow: '介于两者之间',
  };
}

export const kmText = (km: number | null) => (km == null ? '—' : `${fmtNum(km)}公里`);
