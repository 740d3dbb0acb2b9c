/** The weekly digest (每周简报) a leader receives: what changed, in the cockpit's terms. */
import { z } from 'zod';

export interface Digest {
  unit: { id: number; name: string };
  cockpit: { id: number; title: string };
  /** The week covered: [from, to] dates in China time. */
  from: string;
  to: string;
  /** Headline figures that moved most against the year before, biggest relative change first. */
  movers: { indicatorId: number; label: string; period: string; text: string | null; change: string; relative: number }[];
  /** Cases that fell overdue during the week (sensitive categories left out). */
  newlyOverdue: { count: number; examples: { id: number; title: string; dueOn: string; unitName: string }[] };
  /** Units whose rank moved in publications of the week. */
  rankChanges: { resultId: number; title: string; unitName: string; rank: number; change: number }[];
}

export const SubscriptionSchema = z.object({
  cockpitId: z.number({ error: '请选择驾驶舱' }).int('请选择驾驶舱').positive('请选择驾驶舱'),
  email: z
    .string()
    .trim()
    .max(200, '邮箱最多200字')
    .refine((e) => e === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e), '邮箱格式不正确')
    .default(''),
});

export interface SubscriptionView {
  subscribed: boolean;
  cockpitId: number | null;
  email: string;
  lastSentAt: string | null;
}

export interface InboxItem {
  id: number;
  title: string;
  createdAt: string;
  readAt: string | null;
  digest: Digest;
}
