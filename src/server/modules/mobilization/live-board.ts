import { eq } from 'drizzle-orm';
import type { AppContext } from '../../context';
import type { ActivationBus, ActivationChange } from './activation-bus';
import { computeBoard, type Board } from './board.service';
import { activations } from './mobilization.table';

/** A connected live-board viewer: the subtree they see and where to send snapshots. */
export interface Viewer {
  scopePath: string;
  /**
   * Receives a `board` (the whole board) or a `patch` (the same, but `units` holds only the
   * units that changed since the board this viewer last received), serialized once for every
   * viewer of the same subtree.
   */
  send(event: 'board' | 'patch', json: string): void;
}

interface CachedBoard {
  seq: number;
  json: string;
  units: Map<number, string>;
  /** The changes from the previous cached board, for viewers that hold it. */
  patch: { from: number; json: string } | null;
}

interface Room {
  viewers: Set<Viewer>;
  /** Viewers that joined since the last push and have no board yet. */
  waiting: Set<Viewer>;
  /** Bumped on every change; a cached board is current while its `seq` equals it. */
  seq: number;
  cache: Map<string, CachedBoard>;
  /** The `seq` of the board each viewer last received. */
  have: Map<Viewer, number>;
  lastRun: number;
  /** The pause between pushes: the minimum, or four times the last computation if longer. */
  interval: number;
  timer: NodeJS.Timeout | null;
  running: boolean;
  dirty: boolean;
}

/**
 * Fans board updates out to the viewers of each order on this instance. A change (from the bus,
 * i.e. any instance) marks the order's room dirty; the board is recomputed at most once per
 * `minIntervalMs` (first change at once, later ones coalesced) and once per distinct subtree
 * among its viewers, however many are watching — 200 viewers of one county cost one query set
 * and one serialization. A viewer joining gets the current cached board at once, or the next one.
 */
export class LiveBoards {
  private readonly rooms = new Map<number, Room>();
  private unsubscribe: (() => void) | null = null;
  private sweeper: NodeJS.Timeout | null = null;

  constructor(
    private readonly ctx: AppContext,
    private readonly bus: ActivationBus,
    private readonly log: { warn(msg: string): void },
    private readonly minIntervalMs = 250,
    private readonly sweepMs = 15_000,
  ) {}

  /** Adds a viewer (access already checked); returns the function that removes it. */
  join(activationId: number, viewer: Viewer): () => void {
    this.unsubscribe ??= this.bus.subscribe((change) => this.changed(change));
    this.sweeper ??= setInterval(() => this.sweep(), this.sweepMs).unref();
    let room = this.rooms.get(activationId);
    if (!room) {
      room = { viewers: new Set(), waiting: new Set(), seq: 0, cache: new Map(), have: new Map(), lastRun: 0, interval: this.minIntervalMs, timer: null, running: false, dirty: false };
      this.rooms.set(activationId, room);
    }
    room.viewers.add(viewer);
    const cached = room.cache.get(viewer.scopePath);
    if (cached && cached.seq === room.seq) {
      viewer.send('board', cached.json);
      room.have.set(viewer, cached.seq);
    } else {
      room.waiting.add(viewer);
      this.schedule(activationId, true);
    }
    return () => {
      const r = this.rooms.get(activationId);
      if (!r) return;
      r.viewers.delete(viewer);
      r.waiting.delete(viewer);
      r.have.delete(viewer);
      if (!r.viewers.size) {
        if (r.timer) clearTimeout(r.timer);
        this.rooms.delete(activationId);
      }
    };
  }

  /** Connected viewers, per order (tests, metrics). */
  viewerCount(activationId?: number): number {
    if (activationId != null) return this.rooms.get(activationId)?.viewers.size ?? 0;
    let n = 0;
    for (const r of this.rooms.values()) n += r.viewers.size;
    return n;
  }

  /**
   * Recomputes every watched board. Other instances relay their check-ins once per 100 ms, so an
   * instance killed inside that window takes its last relay with it, and a unit falls behind
   * when its assembly time passes with no change at all: both show within `sweepMs`.
   */
  sweep(): void {
    if (this.rooms.size) this.changed('all');
  }

  close(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const r of this.rooms.values()) if (r.timer) clearTimeout(r.timer);
    this.rooms.clear();
  }

  private changed(change: ActivationChange): void {
    const ids = change === 'all' ? [...this.rooms.keys()] : this.rooms.has(change) ? [change] : [];
    for (const id of ids) {
      this.rooms.get(id)!.seq++;
      this.schedule(id);
    }
  }

  /** `now`: a viewer is waiting for its first board — do not wait out the interval. */
  private schedule(id: number, now = false): void {
    const room = this.rooms.get(id);
    if (!room) return;
    if (room.running) {
      room.dirty = true;
      return;
    }
    if (room.timer && !now) return;
    if (room.timer) clearTimeout(room.timer);
    const wait = now ? 0 : Math.max(0, room.lastRun + room.interval - Date.now());
    room.timer = setTimeout(() => void this.run(id), wait);
  }

  private async run(id: number): Promise<void> {
    const room = this.rooms.get(id);
    if (!room) return;
    room.timer = null;
    room.running = true;
    room.lastRun = Date.now();
    const seq = room.seq;
    // Only the viewers waiting for a first board need one when nothing changed since the cache.
    const targets = [...room.viewers].filter((v) => room.waiting.has(v) || room.cache.get(v.scopePath)?.seq !== seq);
    try {
      const [a] = await this.ctx.db.select().from(activations).where(eq(activations.id, id));
      if (a) {
        const byScope = new Map<string, Viewer[]>();
        for (const v of targets) byScope.set(v.scopePath, [...(byScope.get(v.scopePath) ?? []), v]);
        for (const [scopePath, viewers] of byScope) {
          let cached = room.cache.get(scopePath);
          if (!cached || cached.seq !== seq) {
            cached = serialize(await computeBoard(this.ctx.db, a, scopePath), seq, cached);
            room.cache.set(scopePath, cached);
          }
          for (const v of viewers) {
            if (cached.patch && room.have.get(v) === cached.patch.from) v.send('patch', cached.patch.json);
            else v.send('board', cached.json);
            room.have.set(v, cached.seq);
            room.waiting.delete(v);
          }
        }
      }
    } catch (e) {
      this.log.warn(`live board ${id}: ${(e as Error).message}`);
    } finally {
      // Boards may take at most a fifth of the time, whatever the order's size (embedded PGlite
      // computes on the thread that serves check-ins).
      room.interval = Math.max(this.minIntervalMs, 4 * (Date.now() - room.lastRun));
      room.running = false;
      if (this.rooms.get(id) === room && (room.dirty || room.waiting.size)) {
        room.dirty = false;
        this.schedule(id, room.waiting.size > 0 && room.seq === seq);
      }
    }
  }
}

/**
 * A board and, when its units are the same as the previous one's, a patch holding only the units
 * that changed: a county board has 464 units, a check-in changes one.
 */
function serialize(board: Board, seq: number, previous: CachedBoard | undefined): CachedBoard {
  const units = new Map(board.units.map((u) => [u.unitId, JSON.stringify(u)]));
  const sameUnits = previous != null && previous.units.size === units.size && [...units.keys()].every((id) => previous.units.has(id));
  const patch = sameUnits ? { from: previous.seq, json: JSON.stringify({ ...board, units: board.units.filter((u) => previous.units.get(u.unitId) !== units.get(u.unitId)) }) } : null;
  return { seq, json: JSON.stringify(board), units, patch };
}
