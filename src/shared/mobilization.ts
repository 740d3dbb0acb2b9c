/**
 * Rapid-response mobilization (模块化快响激活) vocabulary shared by server and web: response levels,
 * member availability, roster skills, and the fronts cadres are dispatched to (四个一线).
 */

/** Response level of an activation order, I the most serious (国家突发事件分级). */
export const ACTIVATION_LEVELS = ['I', 'II', 'III', 'IV'] as const;
export type ActivationLevel = (typeof ACTIVATION_LEVELS)[number];
export const ACTIVATION_LEVEL_ZH: Record<ActivationLevel, string> = { I: 'Ⅰ级', II: 'Ⅱ级', III: 'Ⅲ级', IV: 'Ⅳ级' };

export const ACTIVATION_STATUSES = ['active', 'stood_down'] as const;
export type ActivationStatus = (typeof ACTIVATION_STATUSES)[number];
export const ACTIVATION_STATUS_ZH: Record<ActivationStatus, string> = { active: '激活中', stood_down: '已解除' };

/** Whether a roster member can be called: unavailable members are not notified. */
export const AVAILABILITIES = ['available', 'limited', 'unavailable'] as const;
export type Availability = (typeof AVAILABILITIES)[number];
export const AVAILABILITY_ZH: Record<Availability, string> = { available: '随时可调', limited: '有条件可调', unavailable: '暂不可调' };

/** A member's place in a response unit. Leader and deputy are also on the roster. */
export const ROSTER_POSITIONS = ['leader', 'deputy', 'member'] as const;
export type RosterPosition = (typeof ROSTER_POSITIONS)[number];
export const ROSTER_POSITION_ZH: Record<RosterPosition, string> = { leader: '负责人', deputy: '副负责人', member: '队员' };

/** Suggested skills; rosters may carry others (free text, up to 20 characters each). */
export const SUGGESTED_SKILLS = ['医疗救护', '核酸采样', '流调溯源', '后勤保障', '物资配送', '驾驶', '翻译', '心理疏导', '信息录入', '秩序维护', '宣传引导', '电力抢修'] as const;

/** A member's answer to an activation. */
export const CHECKIN_RESPONSES = ['arrived', 'declined'] as const;
export type CheckinResponse = (typeof CHECKIN_RESPONSES)[number];
export const CHECKIN_RESPONSE_ZH: Record<CheckinResponse, string> = { arrived: '已到岗', declined: '无法到岗' };

/** The fronts of 四个一线 cadre dispatch (一线派驻). */
export const DISPATCH_FRONTS = ['transformation', 'urban_renewal', 'investment', 'grassroots'] as const;
export type DispatchFront = (typeof DISPATCH_FRONTS)[number];
export const DISPATCH_FRONT_ZH: Record<DispatchFront, string> = {
  transformation: '五金产业转型升级一线',
  urban_renewal: '城市更新一线',
  investment: '招大引强一线',
  grassroots: '基层治理一线',
};
