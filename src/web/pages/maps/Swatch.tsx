import type { CareColour } from '../../../shared/maps';
import { CARE_HEX, FACILITY_HEX } from './care';

/** The legend's shape for a village colour (circle, square, triangle) or a facility (diamond). */
export function Swatch({ colour, size = 12 }: { colour: CareColour | 'facility'; size?: number }) {
  const fill = colour === 'facility' ? FACILITY_HEX : CARE_HEX[colour];
  const s = size;
  const shape =
    colour === 'red' ? (
      <polygon points={`${s / 2},1 ${s - 1},${s - 1} 1,${s - 1}`} />
    ) : colour === 'yellow' ? (
      <rect x={1.5} y={1.5} width={s - 3} height={s - 3} />
    ) : colour === 'facility' ? (
      <polygon points={`${s / 2},0 ${s},${s / 2} ${s / 2},${s} 0,${s / 2}`} />
    ) : (
      <circle cx={s / 2} cy={s / 2} r={s / 2 - 1} />
    );
  return (
    <svg width={s} height={s} viewBox={`0 0 ${s} ${s}`} aria-hidden="true" style={{ flex: 'none', verticalAlign: 'middle' }} fill={fill}>
      {shape}
    </svg>
  );
}
