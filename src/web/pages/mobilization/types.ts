/**
 * Response shapes of the mobilization endpoints, taken from the server's services (type-only
 * imports: nothing from the server is bundled) so the pages cannot drift from the API.
 */
import type { afterAction } from '../../../server/modules/mobilization/board.service';
import type { createActivation, getActivation, handCheckin, listActivations, listMembers, renotify } from '../../../server/modules/mobilization/activation.service';
import type { checkinRespond, checkinView } from '../../../server/modules/mobilization/checkin.service';
import type { createDispatch, dispatchOverlaps, dispatchStats, getDispatch, listDispatches } from '../../../server/modules/mobilization/dispatch.service';
import type { coverage, getUnit, listForces, listUnits } from '../../../server/modules/mobilization/units.service';

export type { Board, BoardCounts, BoardUnit } from '../../../server/modules/mobilization/board.service';

type Result<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

export type Force = Result<typeof listForces>[number];
export type UnitPage = Result<typeof listUnits>;
export type UnitItem = UnitPage['items'][number];
export type UnitDetail = Result<typeof getUnit>;
export type RosterEntry = UnitDetail['roster'][number];
export type Coverage = Result<typeof coverage>;

export type ActivationPage = Result<typeof listActivations>;
export type ActivationItem = ActivationPage['items'][number];
export type ActivationDetail = Result<typeof getActivation>;
export type ActivationCreated = Result<typeof createActivation>;
export type MemberPage = Result<typeof listMembers>;
export type MemberItem = MemberPage['items'][number];
export type HandCheckinResult = Result<typeof handCheckin>;
export type RenotifyResult = Result<typeof renotify>;
export type AfterAction = Result<typeof afterAction>;

export type CheckinView = Result<typeof checkinView>;
export type CheckinAnswer = Result<typeof checkinRespond>;

export type DispatchPage = Result<typeof listDispatches>;
export type DispatchItem = DispatchPage['items'][number];
export type DispatchDetail = Result<typeof getDispatch>;
export type DispatchCreated = Result<typeof createDispatch>;
export type DispatchStats = Result<typeof dispatchStats>;
export type DispatchOverlap = Result<typeof dispatchOverlaps>[number];

/** Member filter of the board's detail list, as the API names it. */
export type MemberState = 'arrived' | 'declined' | 'silent' | 'unopened';
