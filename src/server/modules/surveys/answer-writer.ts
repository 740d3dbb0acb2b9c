import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { queryRows } from '../../db/client';

/** One validated answer sheet waiting to be stored. */
export interface PendingAnswer {
  surveyId: number;
  targetId: number;
  orgUnitId: number;
  answers: Record<string, unknown>;
  satisfaction: number | null;
  /** SHA-256 of the one-time token (token mode), claimed in the same statement that stores the sheet. */
  tokenHash: string | null;
  deviceHash: string | null;
  ipHash: string | null;
  /** Device mode: at most one sheet per device per survey. */
  onePerDevice: boolean;
}

/** What became of a sheet: stored, or why not. */
export type WriteOutcome = 'stored' | 'closed' | 'token_used' | 'token_invalid' | 'device_used';

interface Item {
  answer: PendingAnswer;
  resolve: (o: WriteOutcome) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for answer sheets. A public survey may take thousands of sheets a second (a whole
 * county answering after an announcement); one transaction per sheet would spend most of its time
 * in round trips and commit flushes. Instead, sheets that arrive while earlier batches are being
 * written queue up and go together as one statement — token claims and inserts in one — and each
 * request is answered only after its batch has committed, so an acknowledged sheet is never lost.
 * At low load a sheet goes alone at once; under load, batches grow by themselves (no timer).
 *
 * Exactly-once rules stay in the database: a token is claimed by `UPDATE … WHERE used_at IS NULL`
 * (a unique index on `token_id` backs it), and a device's sheet is checked under a transaction-level
 * advisory lock on the device hash, so instances sharing one PostgreSQL cannot both accept it.
 * Two sheets of the same token or device never share a batch: the second waits for the next one,
 * and is then refused by what the first one wrote.
 */
export class AnswerWriter {
  private queue: Item[] = [];
  private inFlight = 0;
  private inFlightSheets = 0;
  private idle: (() => void)[] = [];

  constructor(
    private readonly db: Db,
    /** Batches written at once: PostgreSQL runs them on separate pool connections; PGlite has one. */
    private readonly maxInFlight: number,
    private readonly maxBatch = 400,
  ) {}

  submit(answer: PendingAnswer): Promise<WriteOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ answer, resolve, reject });
      this.pump();
    });
  }

  /** Sheets queued or in a batch being written (metrics). */
  get pending(): number {
    return this.queue.length + this.inFlightSheets;
  }

  /** Resolves once everything queued so far has been written (for shutdown and tests). */
  async drain(): Promise<void> {
    if (!this.queue.length && !this.inFlight) return;
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  private pump() {
    while (this.inFlight < this.maxInFlight && this.queue.length) {
      const batch = this.takeBatch();
      this.inFlight++;
      this.inFlightSheets += batch.length;
      void this.write(batch).finally(() => {
        this.inFlight--;
        this.inFlightSheets -= batch.length;
        this.pump();
        if (!this.queue.length && !this.inFlight) for (const done of this.idle.splice(0)) done();
      });
    }
  }

  /** Up to maxBatch sheets in arrival order, leaving a second sheet of one token or device for later. */
  private takeBatch(): Item[] {
    const batch: Item[] = [];
    const rest: Item[] = [];
    const keys = new Set<string>();
    for (const item of this.queue) {
      const a = item.answer;
      const key = a.tokenHash ? `t:${a.tokenHash}` : a.onePerDevice && a.deviceHash ? `d:${a.surveyId}:${a.deviceHash}` : null;
      if (batch.length >= this.maxBatch || (key && keys.has(key))) rest.push(item);
      else {
        if (key) keys.add(key);
        batch.push(item);
      }
    }
    this.queue = rest;
    return batch;
  }

  private async write(batch: Item[]) {
    try {
      const stored = await this.store(batch.map((i) => i.answer));
      const outcomes = await this.explain(batch.map((i) => i.answer), stored);
      batch.forEach((item, idx) => item.resolve(outcomes[idx]));
    } catch (err) {
      if (batch.length === 1) {
        batch[0].reject(err);
        return;
      }
      // One bad sheet must not fail the others: write them one by one.
      for (const item of batch) {
        try {
          const stored = await this.store([item.answer]);
          item.resolve((await this.explain([item.answer], stored))[0]);
        } catch (e) {
          item.reject(e);
        }
      }
    }
  }

  /** Writes a batch in one statement (plus the device locks); answers the indexes stored. */
  private async store(answers: PendingAnswer[]): Promise<Set<number>> {
    const input = JSON.stringify(
      answers.map((a, idx) => ({
        idx,
        survey_id: a.surveyId,
        target_id: a.targetId,
        org_unit_id: a.orgUnitId,
        answers: a.answers,
        satisfaction: a.satisfaction,
        token_hash: a.tokenHash,
        device_hash: a.deviceHash,
        ip_hash: a.ipHash,
        one_per_device: a.onePerDevice,
      })),
    );
    // Claim tokens and insert sheets in one statement: the sheet is stored exactly when its token
    // was claimed, and a batch of token sheets needs no explicit transaction (one statement is one).
    const statement = sql`
      with input as (
        select * from jsonb_to_recordset(${input}::jsonb) as x(idx int, survey_id int, target_id int, org_unit_id int, answers jsonb, satisfaction float8,
          token_hash text, device_hash text, ip_hash text, one_per_device boolean)
      ), live as (
        select i.* from input i join surveys s on s.id = i.survey_id where s.status = 'open'
      ), claimed as (
        update survey_tokens t set used_at = now() from live i
        where i.token_hash is not null and t.token_hash = i.token_hash and t.target_id = i.target_id and t.used_at is null
        returning t.id as token_id, i.idx
      ), accepted as (
        select i.*, c.token_id from live i left join claimed c on c.idx = i.idx
        where c.idx is not null
           or (i.token_hash is null and (not i.one_per_device or not exists (
                 select 1 from survey_responses r where r.survey_id = i.survey_id and r.device_hash = i.device_hash)))
      ), stored as (
        insert into survey_responses (survey_id, target_id, org_unit_id, answers, satisfaction, token_id, device_hash, ip_hash)
        select survey_id, target_id, org_unit_id, answers, satisfaction, token_id, device_hash, ip_hash from accepted order by idx
        returning 1
      )
      select idx from accepted`;
    const keys = [...new Set(answers.filter((a) => a.onePerDevice && a.deviceHash).map((a) => lockKey(a.deviceHash!)))].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    const rows = keys.length
      ? await this.db.transaction(async (tx) => {
          // Held to commit: a concurrent sheet of the same device (another batch or instance) waits,
          // then sees this one. Taken in one order everywhere, so two batches cannot deadlock.
          await tx.execute(sql`select pg_advisory_xact_lock(k) from (select unnest(${`{${keys.join(',')}}`}::bigint[]) as k order by 1) as ordered`);
          return queryRows<{ idx: number }>(tx, statement);
        })
      : await queryRows<{ idx: number }>(this.db, statement);
    return new Set(rows.map((r) => r.idx));
  }

  /** Why each sheet not stored was refused: the survey closed, the token, or the device. */
  private async explain(answers: PendingAnswer[], stored: Set<number>): Promise<WriteOutcome[]> {
    const refused = answers.map((a, idx) => ({ a, idx })).filter((x) => !stored.has(x.idx));
    if (!refused.length) return answers.map(() => 'stored');
    const surveyIds = [...new Set(refused.map((x) => x.a.surveyId))];
    const open = new Set(
      (await queryRows<{ id: number }>(this.db, sql`select id from surveys where id in (${sql.join(surveyIds.map((i) => sql`${i}`), sql`, `)}) and status = 'open'`)).map((r) => r.id),
    );
    const hashes = refused.filter((x) => x.a.tokenHash).map((x) => x.a.tokenHash!);
    const tokens = hashes.length
      ? new Map(
          (
            await queryRows<{ hash: string; targetId: number; used: boolean }>(
              this.db,
              sql`select token_hash as hash, target_id as "targetId", used_at is not null as used from survey_tokens where token_hash in (${sql.join(hashes.map((h) => sql`${h}`), sql`, `)})`,
            )
          ).map((t) => [t.hash, t]),
        )
      : new Map<string, { targetId: number; used: boolean }>();
    const out: WriteOutcome[] = answers.map(() => 'stored');
    for (const { a, idx } of refused) {
      if (!open.has(a.surveyId)) out[idx] = 'closed';
      else if (a.tokenHash) {
        const t = tokens.get(a.tokenHash);
        out[idx] = t && t.targetId === a.targetId && t.used ? 'token_used' : 'token_invalid';
      } else out[idx] = 'device_used';
    }
    return out;
  }
}

/** A 64-bit advisory lock key from a device hash (base64url of an HMAC), as a decimal string. */
function lockKey(deviceHash: string): string {
  return Buffer.from(deviceHash, 'base64url').readBigInt64BE(0).toString();
}
