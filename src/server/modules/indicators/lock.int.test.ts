import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { createTestApp, type Client, type TestApp } from '../../testing/harness';

/**
 * Property: whatever fillers and reviewers do, in any order, a signed-off figure changes only
 * after the reviewer reopens or unapproves it — the history shows one between any two approvals
 * with different values —
 * and "changes since sign-off" counts exactly those changes.
 */
let t: TestApp;
let zzb: Client;
let town: Client;
let village: Client;
let villageId: number;
let indicatorId: number;
let run = 0;

beforeAll(async () => {
  t = await createTestApp();
  [zzb, town, village] = await Promise.all([t.login('zzb'), t.login('town'), t.login('village')]);
  villageId = (await village.get('/api/auth/me')).body.orgUnitId;
  const res = await zzb.post('/api/indicators', { code: 'T_LOCK', name: '锁定测试', unit: '个', direction: 'higher', periodType: 'year', definition: { effectiveFrom: '2020', aggregation: { kind: 'simple', tree: 'sum', time: 'sum' } } });
  indicatorId = res.body.id;
});
afterAll(() => t?.close());

type Action = { kind: 'save' | 'submit'; value: number } | { kind: 'approve' | 'return' | 'reopen' | 'unapprove' } | { kind: 'sql'; value: number };

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constantFrom('save' as const, 'submit' as const), value: fc.integer({ min: 0, max: 9 }) }),
  fc.record({ kind: fc.constantFrom('approve' as const, 'return' as const, 'reopen' as const, 'unapprove' as const) }),
  fc.record({ kind: fc.constant('sql' as const), value: fc.integer({ min: 10, max: 19 }) }),
);

describe('locked figures', () => {
  it('never change without a reopen record, whatever the sequence of actions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(actionArb, { minLength: 1, maxLength: 12 }), async (actions) => {
        // A fresh period per run: a figure belongs to one task only (enter once).
        const tk = await zzb.post('/api/tasks', { title: '锁定性质测试', period: String(2100 + run++), deadline: '2030-01-01', indicatorIds: [indicatorId], unitIds: [villageId] });
        const url = `/api/tasks/${tk.body.id}/units/${villageId}`;
        for (const a of actions) {
          const f = (await village.get(url)).body;
          const status = f.submission.status;
          if (a.kind === 'save' || a.kind === 'submit') {
            const res = await village.put(url, { version: f.submission.version, submit: a.kind === 'submit', values: [{ indicatorId, value: a.value }] });
            expect([200, 400]).toContain(res.status);
            if (status === 'approved' || status === 'submitted') expect(res.body.code).toBe('task.locked');
          } else if (a.kind === 'sql') {
            const attempt = t.ctx.db.execute(sql`update indicator_values set value = ${a.value} where task_id = ${tk.body.id}`);
            if (status === 'approved' || status === 'submitted') await expect(attempt).rejects.toThrow();
            else await attempt;
          } else {
            const res = await town.post(`${url}/review`, { action: a.kind, version: f.submission.version, reason: '性质测试' });
            expect([200, 400]).toContain(res.status);
          }
          const after = (await village.get(url)).body;
          if (after.submission.status === 'approved') expect(after.fields[0].value).toBe(after.fields[0].approvedValue);
        }
        const [row] = await queryRows<{ id: number; changes: number }>(t.ctx.db, sql`select id, changes_since_signoff as changes from indicator_values where task_id = ${tk.body.id}`);
        if (!row) return;
        const history = await queryRows<{ action: string; newValue: number | null }>(t.ctx.db, sql`select action, new_value as "newValue" from indicator_value_history where value_id = ${row.id} order by id`);
        let signedOff: number | null | undefined;
        let reopenedSince = false;
        let changes = 0;
        for (const h of history) {
          if (h.action === 'reopen' || h.action === 'unapprove') reopenedSince = true;
          if (h.action !== 'approve') continue;
          if (signedOff !== undefined && h.newValue !== signedOff) {
            expect(reopenedSince).toBe(true);
            changes++;
          }
          signedOff = h.newValue;
          reopenedSince = false;
        }
        expect(row.changes).toBe(changes);
      }),
      { numRuns: 20 },
    );
  });
});
