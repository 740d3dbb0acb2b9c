import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows, type Database } from './client';
import { memoRead, withReadMemo } from './read-memo';

describe('read memo (one lookup per read-only request)', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ url: process.env.DATABASE_URL, dataDir: 'memory' });
  });
  afterAll(() => database?.close());
  const counting = () => {
    let calls = 0;
    return { load: () => ((calls += 1), queryRows<{ n: number }>(database.db, sql`select ${calls}::int as n`)), calls: () => calls };
  };

  it('asks once per key inside a request, shares a lookup still in flight, and asks every time outside one', async () => {
    const c = counting();
    await withReadMemo(async () => {
      const [a, b] = await Promise.all([memoRead(database.db, 'k', c.load), memoRead(database.db, 'k', c.load)]);
      expect(a).toEqual([{ n: 1 }]);
      expect(b).toBe(a);
      expect(await memoRead(database.db, 'k', c.load)).toBe(a);
      await memoRead(database.db, 'other', c.load);
    });
    expect(c.calls()).toBe(2);
    await memoRead(database.db, 'k', c.load);
    await memoRead(database.db, 'k', c.load);
    expect(c.calls()).toBe(4);
  });

  it('keeps requests apart: a second request asks again', async () => {
    const c = counting();
    await withReadMemo(() => memoRead(database.db, 'k', c.load));
    await withReadMemo(() => memoRead(database.db, 'k', c.load));
    expect(c.calls()).toBe(2);
  });

  it('runs a query builder once (awaiting the builder itself would run it again)', async () => {
    let runs = 0;
    // A thenable that runs on every then(), as a drizzle query builder does.
    const builder = { then: (ok?: ((v: number) => unknown) | null) => Promise.resolve(ok?.(++runs)) } as PromiseLike<number>;
    await withReadMemo(async () => {
      expect(await memoRead(database.db, 'b', () => builder)).toBe(1);
      expect(await memoRead(database.db, 'b', () => builder)).toBe(1);
    });
    expect(runs).toBe(1);
  });

  it('never remembers inside a transaction, which may have changed what it reads', async () => {
    await database.db.execute(sql`create temporary table if not exists memo_probe (n int)`);
    await withReadMemo(async () => {
      const before = await memoRead(database.db, 'probe', () => queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from memo_probe`));
      const inside = await database.db.transaction(async (tx) => {
        await tx.execute(sql`insert into memo_probe values (1)`);
        return memoRead(tx, 'probe', () => queryRows<{ n: number }>(tx, sql`select count(*)::int as n from memo_probe`));
      });
      expect(before).toEqual([{ n: 0 }]);
      expect(inside).toEqual([{ n: 1 }]);
    });
  });

  it('forgets a failed lookup, so asking again within the request retries', async () => {
    let calls = 0;
    await withReadMemo(async () => {
      const failing = () => ((calls += 1), queryRows(database.db, sql`select 1/0`));
      await expect(memoRead(database.db, 'f', failing)).rejects.toThrow();
      await expect(memoRead(database.db, 'f', failing)).rejects.toThrow();
    });
    expect(calls).toBe(2);
  });
});
