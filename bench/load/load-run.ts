import fs from 'node:fs';
import path from 'node:path';
import { cpuSeconds, peakRssMb, percentile, rssMb, sharedNow, sleep } from '../harness';
import type { RunningBackend } from './backends';
import { roomOfClient, serverOfClients } from './client-rooms';
import { cpuBetween, databaseBackendCpu } from './postgres-probe';
import type { LoadOptions } from './load-options';
import type { WorkerPool } from './worker-pool';
import type { ConnectedClient, EditProgram, TrackedTypist, WorkerStats } from './worker-protocol';

/**
 * How an edit program's edits travelled: counts, and latency to the first
 * other client, to each (every edit × receiver) and to every other client of
 * the typist's draft.
 */
export interface EditFigures {
  label: string;
  typists: number;
  sent: number;
  /** Deliveries expected: each edit to every tracking client of its draft but its sender. */
  expected: number;
  delivered: number;
  /** Edits that reached every tracking client of their draft. */
  reachedAll: number;
  firstP50: number;
  firstP95: number;
  firstP99: number;
  eachP50: number;
  eachP95: number;
  eachP99: number;
  allP50: number;
  allP95: number;
  allP99: number;
  /** Whether everything arrived within the settle time. */
  settled: boolean;
}

/** What one server process cost over a phase. */
export interface ServerProcessFigures {
  cpuPercent: number;
  rssMb: number;
  peakRssMb: number;
  lagP99: number;
  lagMax: number;
}

/**
 * What a phase cost: the server process, the client processes, the wire.
 * With several server processes, the server figures are their sum (CPU, RSS)
 * or their worst (event-loop lag), and `serverProcesses` gives each.
 */
export interface ResourceFigures {
  seconds: number;
  serverCpuPercent: number;
  serverRssMb: number;
  serverPeakRssMb: number;
  serverProcesses?: ServerProcessFigures[];
  /** The PostgreSQL backends of the server's database, % of one core (see databaseBackendCpu). */
  databaseCpuPercent?: number;
  clientCpuPercent: number[];
  lagP50: number;
  lagP99: number;
  lagMax: number;
  /** The server's event-loop delay over the phase, ms beyond 10 ms sampling (server-loop.ts). */
  serverLagP99: number;
  serverLagMax: number;
  sentMb: number;
  receivedMb: number;
}

/** Whether the clients of each draft ended with the same text. */
export interface Convergence {
  /** The most different versions the clients of one draft hold (1: converged). */
  distinct: number;
  clients: number;
  drafts: number;
  /** Drafts whose clients hold different versions. */
  diverged: number;
}

export interface Phase<T> {
  edits: EditFigures | null;
  resources: ResourceFigures;
  during: T;
}

export type ProgramSpec = Omit<EditProgram, 'typists' | 'startAt'> & { startInMs?: number };

function safeCpu(pid: number): number {
  try {
    return cpuSeconds(pid);
  } catch {
    return Number.NaN;
  }
}

function safe(read: (pid: number) => number, pid: number): number {
  try {
    return read(pid);
  } catch {
    return Number.NaN;
  }
}

/**
 * One run of a scenario against one server: connects the clients (spread
 * over the client processes), runs edit programs while measuring, and checks
 * that every client ends with the same draft.
 */
export class LoadRun {
  /** Clients that record arrivals (the denominators of "delivered"). */
  readonly trackers = new Set<number>();
  readonly connected = new Set<number>();

  constructor(
    readonly backend: RunningBackend,
    readonly pool: WorkerPool,
    readonly options: LoadOptions,
    private readonly draft: { digest: string; update: Uint8Array },
    /** Where the server reports its heap after a collection (soak; see server-heap.ts). */
    readonly heapFile?: string,
    /** Where the server reports its event-loop delay (see server-loop.ts). */
    private readonly loopDir?: string,
  ) {}

  private loopMarks = 0;
  /** How many clients of each room have connected: later ones go on taking the servers in turn. */
  private readonly turns = new Map<string, number>();

  /**
   * Asks the server processes for their event-loop delay since the last mark;
   * NaN for one that does not answer in 2 s.
   */
  private async serverLoop(pids: number[]): Promise<{ p99: number; max: number }[]> {
    const loopDir = this.loopDir;
    if (!loopDir) return pids.map(() => ({ p99: Number.NaN, max: Number.NaN }));
    const mark = String(++this.loopMarks);
    fs.writeFileSync(path.join(loopDir, 'mark'), mark);
    return Promise.all(pids.map((pid) => this.loopReply(loopDir, pid, mark)));
  }

  private async loopReply(
    loopDir: string,
    pid: number,
    mark: string,
  ): Promise<{ p99: number; max: number }> {
    const none = { p99: Number.NaN, max: Number.NaN };
    const reply = path.join(loopDir, `loop-${pid}.json`);
    for (let waited = 0; waited < 2000; waited += 20) {
      try {
        const read = JSON.parse(fs.readFileSync(reply, 'utf8')) as {
          mark: string;
          p99: number;
          max: number;
        };
        if (read.mark === mark) return { p99: read.p99, max: read.max };
      } catch {
        // Not written yet.
      }
      await sleep(20);
    }
    return none;
  }

  /**
   * Connects clients `indices` and waits for each to sync; throws if one does
   * not within 60 s. With several server processes, the `typists` among them
   * and the others are each split evenly over the processes, in each draft.
   */
  async connect(
    indices: number[],
    track: boolean,
    typists: readonly number[] = [],
  ): Promise<ConnectedClient[]> {
    const { target } = this.backend;
    const servers = serverOfClients(target, indices, typists, target.urls.length, this.turns);
    const results = await this.pool.byOwner(
      indices,
      (index) => index,
      'connect',
      (share) => ({
        target,
        clients: share.map((index) => ({ index, track, server: servers.get(index) })),
        concurrency: 20,
        timeoutMs: 60_000,
      }),
    );
    const clients = results.flat();
    for (const client of clients) {
      this.connected.add(client.index);
      if (track) this.trackers.add(client.index);
    }
    const failed = clients.filter((c) => c.syncMs === null).length;
    if (failed > 0) throw new Error(`${failed} of ${clients.length} clients did not sync in 60 s`);
    return clients;
  }

  /** The connected clients by room, each room's in ascending order. */
  private clientsByRoom(indices: Iterable<number>): Map<string, number[]> {
    const byRoom = new Map<string, number[]>();
    for (const index of [...indices].sort((a, b) => a - b)) {
      const room = roomOfClient(this.backend.target, index);
      const inRoom = byRoom.get(room) ?? [];
      inRoom.push(index);
      byRoom.set(room, inRoom);
    }
    return byRoom;
  }

  /**
   * Gives an in-memory server the draft (one client of each room sends it) and
   * waits until every client holds exactly the draft as stored, before
   * anything is measured.
   */
  async loadDraft(): Promise<void> {
    if (this.backend.needsSeed) {
      const firsts = [...this.clientsByRoom(this.connected).values()].map((c) => c[0] ?? 0);
      await Promise.all(
        firsts.map((first) =>
          this.pool.owner(first).call('seed', { index: first, update: this.draft.update }),
        ),
      );
    }
    const deadline = Date.now() + 60_000;
    for (;;) {
      const digests = (await this.pool.all('digests', null)).flat();
      if (digests.every((d) => d.digest === this.draft.digest)) return;
      if (Date.now() > deadline) throw new Error('the clients did not all receive the draft');
      await sleep(100);
    }
  }

  /**
   * Whether the clients of each draft hold the same text: the most different
   * versions the clients of one draft hold (1: every draft converged), and how
   * many drafts' clients differ; asked again for up to 10 s while some do (a
   * last message may be in flight).
   */
  async distinctDrafts(): Promise<Convergence> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const digests = (await this.pool.all('digests', null)).flat();
      const byRoom = new Map<string, Set<string>>();
      for (const { index, digest } of digests) {
        const room = roomOfClient(this.backend.target, index);
        byRoom.set(room, (byRoom.get(room) ?? new Set()).add(digest));
      }
      const versions = [...byRoom.values()].map((set) => set.size);
      const distinct = Math.max(0, ...versions);
      if (distinct <= 1 || Date.now() > deadline) {
        return {
          distinct,
          clients: digests.length,
          drafts: byRoom.size,
          diverged: versions.filter((v) => v > 1).length,
        };
      }
      await sleep(200);
    }
  }

  /**
   * Runs `program` on `typists` (none: only `during`) while `during` runs, then
   * waits until every edit reached every tracking client (or the settle time
   * passed), and returns what the edits and the processes did.
   */
  async measure<T>(
    label: string,
    typists: number[],
    spec: ProgramSpec | null,
    during: () => Promise<T>,
  ): Promise<Phase<T>> {
    const tracked: TrackedTypist[] = [];
    if (spec && typists.length > 0) {
      const prepared = await this.pool.byOwner(
        typists,
        (i) => i,
        'prepare',
        (share) => ({ indices: share }),
      );
      for (const p of prepared.flat()) {
        tracked.push({
          client: p.client,
          base: p.base,
          length: spec.length,
          index: p.index,
          room: roomOfClient(this.backend.target, p.index),
        });
      }
    }
    await this.pool.all('track', { typists: tracked });
    await this.pool.all('resetStats', null);
    const pids = this.backend.pids();
    await this.serverLoop(pids);
    const { databaseUrl } = this.backend;
    const databaseBefore = databaseUrl ? await databaseBackendCpu(databaseUrl) : undefined;
    const cpuBefore = pids.map(safeCpu);
    const started = sharedNow();
    const running =
      spec && typists.length > 0
        ? this.pool.byOwner(
            typists,
            (i) => i,
            'run',
            () => ({ program: { ...spec, typists, startAt: started + (spec.startInMs ?? 300) } }),
          )
        : Promise.resolve([]);
    const duringResult = await during();
    const sent = (await running).flat();
    const settled = await this.settle(tracked, spec?.edits ?? 0);
    const seconds = (sharedNow() - started) / 1000;
    const pidsAfter = this.backend.pids();
    // A restarted server: only the new process's CPU is known (from its start).
    const cpu = pidsAfter.map((pid, i) =>
      pid === pids[i] ? safeCpu(pid) - (cpuBefore[i] ?? 0) : safeCpu(pid),
    );
    const databaseCpu =
      databaseUrl && databaseBefore
        ? cpuBetween(databaseBefore, await databaseBackendCpu(databaseUrl))
        : undefined;
    const stats = await this.pool.all('stats', null);
    const loop = await this.serverLoop(pidsAfter);
    const edits =
      spec && typists.length > 0 ? await this.editFigures(label, tracked, sent, settled) : null;
    const servers = pidsAfter.map((pid, i) => ({
      cpuPercent: (100 * (cpu[i] ?? Number.NaN)) / seconds,
      rssMb: safe(rssMb, pid),
      peakRssMb: safe(peakRssMb, pid),
      lagP99: loop[i]?.p99 ?? Number.NaN,
      lagMax: loop[i]?.max ?? Number.NaN,
    }));
    const sum = (values: number[]) => values.reduce((s, v) => s + v, 0);
    return {
      edits,
      resources: {
        seconds,
        serverCpuPercent: sum(servers.map((s) => s.cpuPercent)),
        serverRssMb: sum(servers.map((s) => s.rssMb)),
        serverPeakRssMb: sum(servers.map((s) => s.peakRssMb)),
        ...(servers.length > 1 ? { serverProcesses: servers } : {}),
        ...(databaseCpu === undefined ? {} : { databaseCpuPercent: (100 * databaseCpu) / seconds }),
        ...this.clientResources(stats),
        serverLagP99: Math.max(...servers.map((s) => s.lagP99)),
        serverLagMax: Math.max(...servers.map((s) => s.lagMax)),
      },
      during: duringResult,
    };
  }

  private clientResources(
    stats: WorkerStats[],
  ): Pick<
    ResourceFigures,
    'clientCpuPercent' | 'lagP50' | 'lagP99' | 'lagMax' | 'sentMb' | 'receivedMb'
  > {
    return {
      clientCpuPercent: stats.map((s) => s.cpuPercent),
      lagP50: Math.max(...stats.map((s) => s.lagP50)),
      lagP99: Math.max(...stats.map((s) => s.lagP99)),
      lagMax: Math.max(...stats.map((s) => s.lagMax)),
      sentMb: stats.reduce((sum, s) => sum + s.bytesSent, 0) / 1e6,
      receivedMb: stats.reduce((sum, s) => sum + s.bytesReceived, 0) / 1e6,
    };
  }

  /** Waits until every tracking client has every edit of every typist; false after the settle time. */
  private async settle(tracked: TrackedTypist[], edits: number): Promise<boolean> {
    if (tracked.length === 0) return true;
    const deadline = Date.now() + this.options.settleMs;
    for (;;) {
      const progress = await this.pool.all('progress', null);
      const done = tracked.every((typist) =>
        progress.every(
          (p) => (p[typist.client] ?? Infinity) >= typist.base + edits * typist.length,
        ),
      );
      if (done) return true;
      if (Date.now() > deadline) return false;
      await sleep(100);
    }
  }

  private async editFigures(
    label: string,
    tracked: TrackedTypist[],
    sent: { client: number; index: number; sendTimes: number[] }[],
    settled: boolean,
  ): Promise<EditFigures> {
    const arrivals = (await this.pool.all('arrivals', null)).flat();
    const trackersByRoom = this.clientsByRoom(this.trackers);
    const first: number[] = [];
    const each: number[] = [];
    const all: number[] = [];
    let total = 0;
    let expected = 0;
    let delivered = 0;
    let reachedAll = 0;
    for (const typist of tracked) {
      const sendTimes = sent.find((s) => s.client === typist.client)?.sendTimes ?? [];
      const mine = arrivals.filter((a) => a.client === typist.client);
      const receivers =
        (trackersByRoom.get(typist.room)?.length ?? 0) - (this.trackers.has(typist.index) ? 1 : 0);
      sendTimes.forEach((sentAt, n) => {
        total++;
        expected += receivers;
        const latencies = mine.flatMap((a) => a.times[n] ?? []).map((at) => at - sentAt);
        delivered += latencies.length;
        each.push(...latencies);
        if (latencies.length > 0) first.push(Math.min(...latencies));
        if (latencies.length >= receivers) {
          reachedAll++;
          all.push(Math.max(...latencies));
        }
      });
    }
    return {
      label,
      typists: tracked.length,
      sent: total,
      expected,
      delivered,
      reachedAll,
      firstP50: percentile(first, 50),
      firstP95: percentile(first, 95),
      firstP99: percentile(first, 99),
      eachP50: percentile(each, 50),
      eachP95: percentile(each, 95),
      eachP99: percentile(each, 99),
      allP50: percentile(all, 50),
      allP95: percentile(all, 95),
      allP99: percentile(all, 99),
      settled,
    };
  }
}

/** `count` client indices spread evenly over `0…total-1` (so over the client processes too). */
export function spreadIndices(total: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.floor((i * total) / count));
}

export function range(from: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => from + i);
}
