/**
 * Fault 4: an instance is killed (SIGKILL) in the middle of a collection-task burst. Eight monthly
 * tasks of three figures go to 60 units; admin sessions on both instances fill the forms, each in
 * two steps as a unit would — save the first figure as a draft, then enter all three and submit
 * (`PUT /api/tasks/:id/units/:unitId`, one transaction) — and one instance is killed once a third
 * of the forms are submitted. A form is consistent when it is submitted with all three figures as
 * sent, a draft with exactly the first, or untouched: never "submitted" with figures missing.
 */
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/server/db/client';
import { attempt, login, sessionsOn, sleep, Tally, type FaultContext, type FaultResult, type Outcome, type Session } from './harness';

const TASKS = 8;
const UNITS = 60;
const WRITERS_PER_INSTANCE = 8;
/** How long the survivor carries on alone after the kill. */
const AFTER_KILL_MS = 3000;

interface Form {
  taskId: number;
  unitId: number;
  /** The three figures, in the order of the task's indicators. */
  values: number[];
  draft?: Outcome;
  submit?: Outcome;
}

type Stored = { status: string; values: Map<number, number | null>; submitHistory: number };

export async function collectionBurstKill({ ctx, instances }: FaultContext): Promise<FaultResult> {
  const name = 'kill an instance during a collection-task burst (enter figures and submit)';
  const [baseA, baseB] = [instances.base(0), instances.base(1)];
  const admin = await login(baseB, 'admin');
  const must = async (what: string, p: Promise<Outcome>) => {
    const o = await p;
    if (o.kind !== 'ack') throw new Error(`${what}: ${JSON.stringify(o)}`);
    return o.body;
  };

  const indicatorIds: number[] = [];
  for (const k of ['A', 'B', 'C']) {
    const body = { code: `CHAOS_${k}`, name: `故障测试指标${k}`, unit: '个', direction: 'higher', periodType: 'month', definition: { effectiveFrom: '2025-01', aggregation: { kind: 'simple', tree: 'sum', time: 'sum' }, valueKind: 'integer', minValue: 0, maxValue: 100000 } };
    indicatorIds.push((await must(`indicator ${k}`, attempt(baseB, 'POST', '/api/indicators', { session: admin, json: body }))).id);
  }
  const units = (await queryRows<{ id: number }>(ctx.db, sql`select id from org_units where type <> 'county' and archived_at is null order by id limit ${UNITS}`)).map((r) => r.id);
  const taskIds: number[] = [];
  for (let i = 1; i <= TASKS; i++) {
    const body = { title: `故障测试填报${i}`, period: `2025-${String(i).padStart(2, '0')}`, deadline: '2030-01-01T00:00:00Z', indicatorIds, unitIds: units };
    taskIds.push((await must(`task ${i}`, attempt(baseB, 'POST', '/api/tasks', { session: admin, json: body }))).id);
  }
  const forms: Form[] = [];
  for (const unitId of units) for (const [t, taskId] of taskIds.entries()) forms.push({ taskId, unitId, values: indicatorIds.map((_, k) => 10 + ((unitId * 31 + t * 7 + k * 13) % 900)) });
  // One form is kept back for the restarted instance to fill.
  const heldBack = forms.pop()!;

  const path = (f: Form) => `/api/tasks/${f.taskId}/units/${f.unitId}`;
  const draftBody = (f: Form, version: number) => ({ version, submit: false, values: [{ indicatorId: indicatorIds[0], value: f.values[0], comment: null }] });
  // Every figure carries a note, so a figure far from its siblings' never blocks the submission.
  const submitBody = (f: Form, version: number) => ({ version, submit: true, values: indicatorIds.map((indicatorId, k) => ({ indicatorId, value: f.values[k], comment: '故障测试' })) });

  const sessions = await sessionsOn([baseA, baseB], WRITERS_PER_INSTANCE);
  const queue = [...forms];
  const tally = new Tally();
  let running = true;
  let submitted = 0;
  let killedAt = 0;
  let survivorAfterKill = 0;
  let inFlightAtKill = 0;
  let submittedAtKill = 0;
  const fill = async (s: Session, f: Form) => {
    f.draft = await attempt(s.base, 'PUT', path(f), { session: s, json: draftBody(f, 1) });
    tally.add(f.draft);
    if (f.draft.kind !== 'ack') return f.draft.kind;
    const startedAfterKill = killedAt > 0;
    f.submit = await attempt(s.base, 'PUT', path(f), { session: s, json: submitBody(f, f.draft.body.submission.version) });
    tally.add(f.submit);
    if (f.submit.kind !== 'ack') return f.submit.kind;
    if (startedAfterKill) survivorAfterKill++;
    if (++submitted >= forms.length / 3 && !killedAt) {
      killedAt = Date.now();
      instances.kill(0);
      submittedAtKill = submitted;
      inFlightAtKill = forms.length - queue.length - submitted;
    }
    return 'ack';
  };
  const writers = sessions.map(async (s) => {
    while (running) {
      const f = queue.shift();
      if (!f) return;
      // No answer: this writer's instance is gone; its writer stops.
      if ((await fill(s, f)) === 'dropped') return;
    }
  });
  const t0 = Date.now();
  while (!killedAt && queue.length && Date.now() - t0 < 60_000) await sleep(20);
  await sleep(AFTER_KILL_MS);
  running = false;
  await Promise.all(writers);

  const read = async (): Promise<Map<string, Stored>> => {
    const ids = sql.join(taskIds.map((id) => sql`${id}`), sql`, `);
    const subs = await queryRows<{ taskId: number; unitId: number; status: string }>(ctx.db, sql`select task_id as "taskId", org_unit_id as "unitId", status from task_submissions where task_id in (${ids})`);
    const values = await queryRows<{ taskId: number; unitId: number; indicatorId: number; value: number | null; submits: number }>(
      ctx.db,
      sql`select v.task_id as "taskId", v.org_unit_id as "unitId", v.indicator_id as "indicatorId", v.value,
            (select count(*)::int from indicator_value_history h where h.value_id = v.id and h.action = 'submit') as submits
          from indicator_values v where v.task_id in (${ids})`,
    );
    const out = new Map<string, Stored>(subs.map((s) => [`${s.taskId}/${s.unitId}`, { status: s.status, values: new Map(), submitHistory: 0 }]));
    for (const v of values) {
      const s = out.get(`${v.taskId}/${v.unitId}`)!;
      s.values.set(v.indicatorId, v.value);
      s.submitHistory += v.submits;
    }
    return out;
  };
  const key = (f: Form) => `${f.taskId}/${f.unitId}`;
  const isSubmitted = (s: Stored, f: Form) => s.status === 'submitted' && s.values.size === indicatorIds.length && indicatorIds.every((id, k) => s.values.get(id) === f.values[k]);
  const isDraft = (s: Stored, f: Form) => s.status === 'draft' && s.values.size === 1 && s.values.get(indicatorIds[0]) === f.values[0] && s.submitHistory === 0;
  const isUntouched = (s: Stored) => s.status === 'not_started' && s.values.size === 0;

  const stored = await read();
  const acknowledged = forms.filter((f) => f.submit?.kind === 'ack');
  const lost = acknowledged.filter((f) => !isSubmitted(stored.get(key(f))!, f));
  const inconsistent = [...forms, heldBack].filter((f) => {
    const s = stored.get(key(f))!;
    return !(isSubmitted(s, f) || isDraft(s, f) || isUntouched(s));
  });
  const storedSubmitted = forms.filter((f) => isSubmitted(stored.get(key(f))!, f)).length;
  // Unanswered: the request was cut with the instance. Either it committed in full or not at all.
  const unanswered = forms.filter((f) => f.draft?.kind === 'dropped' || f.submit?.kind === 'dropped');
  const applied = unanswered.filter((f) => (f.submit?.kind === 'dropped' ? isSubmitted(stored.get(key(f))!, f) : isDraft(stored.get(key(f))!, f))).length;
  const appliedSubmits = unanswered.filter((f) => f.submit?.kind === 'dropped' && isSubmitted(stored.get(key(f))!, f)).length;

  // The survivor takes every unanswered form over: it reads the form and submits it if need be.
  let retried = 0;
  const b = sessions.find((s) => s.base === baseB)!;
  for (const f of unanswered) {
    const form = await attempt(baseB, 'GET', path(f), { session: b });
    if (form.kind !== 'ack') continue;
    if (form.body.submission.status === 'submitted') retried++;
    else if ((await attempt(baseB, 'PUT', path(f), { session: b, json: submitBody(f, form.body.submission.version) })).kind === 'ack') retried++;
  }
  const afterRetry = await read();
  const retriedStored = unanswered.filter((f) => isSubmitted(afterRetry.get(key(f))!, f)).length;

  // The killed instance, restarted, takes a form from start to submission.
  await instances.start(0);
  const s = await login(baseA, 'admin');
  const draft = await attempt(baseA, 'PUT', path(heldBack), { session: s, json: draftBody(heldBack, 1) });
  const restarted = draft.kind === 'ack' ? await attempt(baseA, 'PUT', path(heldBack), { session: s, json: submitBody(heldBack, draft.body.submission.version) }) : draft;
  const restartedOk = restarted.kind === 'ack' && isSubmitted((await read()).get(key(heldBack))!, heldBack);

  const unclear = tally.unclear();
  return {
    name,
    ok: killedAt > 0 && inFlightAtKill > 0 && lost.length === 0 && inconsistent.length === 0 && storedSubmitted === acknowledged.length + appliedSubmits && unclear.length === 0 && survivorAfterKill > 0 && retried === unanswered.length && retriedStored === unanswered.length && restartedOk,
    detail:
      `${forms.length} forms (${TASKS} tasks × ${units.length} units), killed after ${submittedAtKill} submissions with ${inFlightAtKill} in flight; ` +
      `submissions acknowledged ${acknowledged.length} (${survivorAfterKill} by the survivor after the kill), stored submitted ${storedSubmitted} (= acknowledged + unanswered that committed: ${acknowledged.length + appliedSubmits}), acknowledged but lost ${lost.length}; ` +
      `forms half-submitted or otherwise inconsistent ${inconsistent.length}; unanswered ${unanswered.length}: applied in full ${applied}, not at all ${unanswered.length - applied}, ` +
      `completed on the survivor ${retriedStored}/${unanswered.length}; refused ${tally}; the restarted instance ${restartedOk ? 'took a form to submission' : `failed: ${JSON.stringify(restarted)}`}`,
  };
}
