/**
 * What the fault tests share: a PostgreSQL cluster of their own (Debian's binaries in a temporary
 * folder, so it can be restarted), app instances started as `lizhou start` would be, signed-in
 * sessions, and requests whose outcome is told apart as acknowledged, refused or dropped.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AppContext } from '../../src/server/context';
import { DEMO_PASSWORD } from '../../src/server/db/demo/demo-county';

export const ROOT = resolve(import.meta.dirname, '../..');
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One line of the results table. */
export interface FaultResult {
  name: string;
  ok: boolean;
  detail: string;
  /** The fault could not be staged here (e.g. no permission to mount); not counted as a failure. */
  skipped?: boolean;
}

/** What a fault gets: both instances (slot 0 is the one killed) and a runtime on the same database to count what is stored. */
export interface FaultContext {
  ctx: AppContext;
  instances: Instances;
}

const bin = () => {
  const base = '/usr/lib/postgresql';
  const v = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a))[0] : undefined;
  if (!v) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql');
  return join(base, v, 'bin');
};
const asPg = (cmd: string, args: string[]) => {
  const root = process.getuid?.() === 0;
  execFileSync(root ? 'runuser' : cmd, root ? ['-u', 'postgres', '--', cmd, ...args] : args, { stdio: 'pipe' });
};

export interface Cluster {
  dir: string;
  url: string;
  restart(): void;
  stop(): void;
}

export function makeCluster(port: number): Cluster {
  const dir = mkdtempSync(join(tmpdir(), 'lizhou-chaos-'));
  if (process.getuid?.() === 0) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), Number(execFileSync('id', ['-g', 'postgres']).toString().trim()));
  asPg(join(bin(), 'initdb'), ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust']);
  appendFileSync(join(dir, 'data', 'postgresql.conf'), `\nport = ${port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\nmax_connections = 200\n`);
  const ctl = (...a: string[]) => asPg(join(bin(), 'pg_ctl'), ['-D', join(dir, 'data'), '-l', join(dir, 'log'), '-w', ...a]);
  ctl('start');
  return { dir, url: `postgres://postgres@127.0.0.1:${port}/postgres`, restart: () => ctl('-m', 'fast', 'restart'), stop: () => ctl('-m', 'immediate', 'stop') };
}

const answersReady = (port: number) =>
  fetch(`http://127.0.0.1:${port}/api/ready`).then(
    (r) => r.ok,
    () => false,
  );

/**
 * The app instances, by slot. Every process is tracked the moment it is spawned, so a start that
 * fails part-way still leaves nothing running after `killAll`. Each instance's stderr goes to a
 * log file of its own (kept when a fault fails).
 */
export class Instances {
  private readonly procs: (ChildProcess | undefined)[] = [];
  private readonly spawned = new Set<ChildProcess>();
  private starts = 0;

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    readonly ports: number[],
    readonly logDir: string,
  ) {}

  base(slot: number): string {
    return `http://127.0.0.1:${this.ports[slot]}`;
  }

  pid(slot: number): number | undefined {
    return this.procs[slot]?.pid;
  }

  /** Starts the instance of `slot` (with `env` on top of the shared settings) and waits until it is ready. */
  async start(slot: number, env: NodeJS.ProcessEnv = {}): Promise<void> {
    const port = this.ports[slot];
    if (await answersReady(port)) throw new Error(`port ${port} already answers /api/ready: a leftover instance? Stop it first`);
    const log = join(this.logDir, `instance-${port}-${++this.starts}.log`);
    const fd = openSync(log, 'a');
    const child = spawn(process.execPath, [join(ROOT, 'bin/lizhou.js'), 'start', '--no-seed'], {
      env: { ...process.env, ...this.env, ...env, PORT: String(port), LOG_LEVEL: 'error', LIZHOU_DIGEST: 'off' },
      stdio: ['ignore', 'ignore', fd],
    });
    closeSync(fd);
    this.spawned.add(child);
    child.on('exit', () => this.spawned.delete(child));
    this.procs[slot] = child;
    for (let i = 0; i < 120; i++) {
      if (child.exitCode != null || child.signalCode != null) break;
      if (await answersReady(port)) return;
      await sleep(250);
    }
    child.kill('SIGKILL');
    throw new Error(`instance on port ${port} did not start:\n${readFileSync(log, 'utf8').slice(-2000)}`);
  }

  /** SIGKILL: no shutdown hook runs, in-flight requests are dropped. */
  kill(slot: number): void {
    this.procs[slot]?.kill('SIGKILL');
  }

  /** A clean stop (SIGTERM), waiting for the process to end. */
  async stop(slot: number): Promise<void> {
    const child = this.procs[slot];
    if (!child || child.exitCode != null || child.signalCode != null) return;
    const ended = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([ended, sleep(10_000).then(() => child.kill('SIGKILL'))]);
  }

  killAll(): void {
    for (const c of this.spawned) c.kill('SIGKILL');
  }
}

export interface Session {
  base: string;
  cookie: string;
  csrf: string;
}

export async function login(base: string, username: string): Promise<Session> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  return { base, cookie: (res.headers.get('set-cookie') ?? '').split(';')[0], csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

/** `n` sessions on each instance, signed in one after another (parallel attempts count toward the lockout). */
export async function sessionsOn(bases: string[], n: number, username = 'admin'): Promise<Session[]> {
  const out: Session[] = [];
  for (const base of bases) for (let i = 0; i < n; i++) out.push(await login(base, username));
  return out;
}

export const post = (s: Session, path: string, body: unknown, type = 'application/json') =>
  fetch(s.base + path, { method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': type }, body: type === 'application/json' ? JSON.stringify(body) : new Uint8Array(body as Buffer) });

/**
 * What became of one request: acknowledged (2xx, with its body), refused with an answer (status and
 * error code), or dropped (no answer: the connection failed or was cut).
 */
export type Outcome = { kind: 'ack'; status: number; body: any } | { kind: 'refused'; status: number; code: string } | { kind: 'dropped'; message: string }; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function attempt(base: string, method: string, path: string, opts: { session?: Session; json?: unknown; bytes?: Buffer; type?: string } = {}): Promise<Outcome> {
  const headers: Record<string, string> = {};
  if (opts.session) Object.assign(headers, { cookie: opts.session.cookie, 'x-csrf-token': opts.session.csrf });
  let body: BodyInit | undefined;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.bytes) {
    headers['content-type'] = opts.type ?? 'application/octet-stream';
    body = new Uint8Array(opts.bytes);
  }
  try {
    const res = await fetch(base + path, { method, headers, body });
    const parsed = await res.json().catch(() => ({}));
    if (res.ok) return { kind: 'ack', status: res.status, body: parsed };
    return { kind: 'refused', status: res.status, code: (parsed as { code?: string }).code ?? '' };
  } catch (e) {
    return { kind: 'dropped', message: ((e as Error).cause as Error | undefined)?.message ?? (e as Error).message };
  }
}

/** Counts of refusals and drops by kind, e.g. `{"503 db.unavailable": 3, "dropped: other side closed": 5}`. */
export class Tally {
  private readonly counts = new Map<string, number>();
  add(o: Outcome): void {
    if (o.kind === 'ack') return;
    const k = o.kind === 'refused' ? `${o.status} ${o.code}` : `dropped: ${o.message}`;
    this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
  }
  /** Refusals that are neither a drop nor one of `expected` (status and code, e.g. "503 db.unavailable"). */
  unclear(expected: string[] = []): string[] {
    return [...this.counts.keys()].filter((k) => !k.startsWith('dropped:') && !expected.includes(k));
  }
  toString(): string {
    return JSON.stringify(Object.fromEntries(this.counts));
  }
}
