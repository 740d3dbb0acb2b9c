import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { Db, DbOrTx } from '../../db/client';

/**
 * "Something changed in activation N" across every app instance, through PostgreSQL
 * LISTEN/NOTIFY; each instance keeps one listening connection while it has live-board viewers.
 * Embedded PGlite is a single instance and delivers its own notifications through its `listen`
 * API, so the code path is the same.
 * - Commands (activate, hand check-in, stand down, delivery) call `announceActivationChange`
 *   inside their transaction: NOTIFY is delivered on commit, never for a rolled-back change.
 * - Member check-ins, thousands a second, call `bus.changed` after their commit instead: PostgreSQL
 *   serializes the commits of notifying transactions (measured: 3,800 updates/s alone, 1,050/s
 *   with a NOTIFY each), so this instance's boards hear at once and the others through one
 *   NOTIFY per order per 100 ms.
 */
export const ACTIVATION_CHANNEL = 'lizhou_activation';

export async function announceActivationChange(db: DbOrTx, activationId: number): Promise<void> {
  await db.execute(sql`select pg_notify(${ACTIVATION_CHANNEL}, ${String(activationId)})`);
}

/** `'all'` after a reconnect: notifications may have been missed, so every board refreshes. */
export type ActivationChange = number | 'all';

export interface ActivationBus {
  /**
   * Subscribes. The listening connection opens with the first subscriber and stays open until
   * `close`; once it listens, subscribers get `'all'`, covering changes made while it connected.
   */
  subscribe(fn: (change: ActivationChange) => void): () => void;
  /** A change this instance committed (see above). */
  changed(activationId: number): void;
  close(): Promise<void>;
  readonly mode: 'postgres' | 'pglite';
  /** True while the listening connection is up. */
  readonly listening: boolean;
}

interface PgliteLike {
  listen(channel: string, cb: (payload: string) => void): Promise<() => Promise<void>>;
}

/** Other instances hear of this instance's check-ins at most this much later. */
const RELAY_MS = 100;

/** `"<id>"` from a transaction, `"<id>:<instance>"` relayed by an instance (which ignores its own). */
const parse = (payload: string | undefined, self: string): ActivationChange | null => {
  const [id, from] = (payload ?? '').split(':');
  const n = Number(id);
  return Number.isInteger(n) && n > 0 && from !== self ? n : null;
};

export function createActivationBus(db: Db, log: { warn(msg: string): void } = console): ActivationBus {
  const client = (db as unknown as { $client?: unknown }).$client;
  const subscribers = new Set<(change: ActivationChange) => void>();
  const emit = (change: ActivationChange) => {
    for (const fn of subscribers) fn(change);
  };
  let closed = false;
  let stop: (() => Promise<void>) | null = null;
  let starting: Promise<void> | null = null;
  let listening = false;
  const instance = randomBytes(4).toString('hex');
  const relays = new Map<number, NodeJS.Timeout>();
  const relay = async (id: number) => {
    relays.delete(id);
    await db.execute(sql`select pg_notify(${ACTIVATION_CHANNEL}, ${`${id}:${instance}`})`).catch((e: Error) => log.warn(`activation relay: ${e.message}`));
  };

  const isPglite = typeof (client as PgliteLike | undefined)?.listen === 'function';
  const mode = isPglite ? 'pglite' : 'postgres';

  async function startPglite() {
    const unlisten = await (client as PgliteLike).listen(ACTIVATION_CHANNEL, (payload) => {
      const change = parse(payload, instance);
      if (change) emit(change);
    });
    stop = () => unlisten().catch(() => {});
  }

  async function startPostgres() {
    const pool = client as pg.Pool & { options: pg.PoolConfig };
    let conn: pg.Client | null = null;
    let retry: NodeJS.Timeout | null = null;
    let delay = 500;
    // Back-off from 0.5 s to 30 s, for as long as the server stays away.
    const reconnectLater = () => {
      retry = setTimeout(() => {
        retry = null;
        connect()
          .then(() => {
            listening = true;
            emit('all');
          })
          .catch((e: Error) => {
            log.warn(`activation listener reconnect: ${e.message}`);
            if (!closed) reconnectLater();
          });
      }, delay);
      delay = Math.min(delay * 2, 30_000);
    };
    const connect = async (): Promise<void> => {
      const c = new pg.Client({ connectionString: pool.options.connectionString });
      c.on('notification', (msg) => {
        const change = parse(msg.payload, instance);
        if (change) emit(change);
      });
      // A dropped listener connection is re-opened; boards refresh in full once it is back.
      c.on('error', (err) => {
        log.warn(`activation listener: ${err.message}`);
        c.end().catch(() => {});
      });
      c.on('end', () => {
        if (closed || conn !== c) return;
        conn = null;
        listening = false;
        reconnectLater();
      });
      await c.connect();
      await c.query(`listen ${ACTIVATION_CHANNEL}`);
      conn = c;
      delay = 500;
    };
    await connect();
    stop = async () => {
      if (retry) clearTimeout(retry);
      const c = conn;
      conn = null;
      await c?.end().catch(() => {});
    };
  }

  const ensureStarted = () => {
    if (stop || starting || closed) return;
    starting = (isPglite ? startPglite() : startPostgres())
      .then(() => {
        listening = true;
        emit('all');
      })
      .catch((e: Error) => log.warn(`activation listener: ${e.message}`))
      .finally(() => {
        starting = null;
      });
  };

  return {
    mode,
    get listening() {
      return listening;
    },
    subscribe(fn) {
      subscribers.add(fn);
      ensureStarted();
      return () => {
        subscribers.delete(fn);
      };
    },
    changed(activationId) {
      emit(activationId);
      // A single instance needs no relay.
      if (isPglite || closed || relays.has(activationId)) return;
      relays.set(activationId, setTimeout(() => void relay(activationId), RELAY_MS));
    },
    async close() {
      closed = true;
      listening = false;
      subscribers.clear();
      // Relay what is pending now rather than lose it.
      const pending = [...relays.entries()];
      relays.clear();
      for (const [id, timer] of pending) {
        clearTimeout(timer);
        await relay(id);
      }
      await starting;
      await stop?.();
      stop = null;
    },
  };
}
