import type { PairingKind, PairingStatus } from '../../../shared/pairings';

export const KIND_COLOR: Record<PairingKind, string> = { leader_entrepreneur: 'gold', joint_building: 'red', belt: 'volcano', other: 'blue' };
export const STATUS_COLOR: Record<PairingStatus, string> = { planned: 'processing', active: 'success', ended: 'default' };

/** "沉默 123 天" from this many days on; the server's view takes the same default. */
export { DEFAULT_SILENCE_DAYS } from '../../../shared/pairings';

/** Today in China Standard Time, as the server counts silence and "not in the future". */
export const todayCst = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

export const fmtTime = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
