import { heapAfterGcMb, median, percentile, rssMb, sharedNow, sleep } from '../harness';
import { committeeTypists } from './client-rooms';
import { MARKER_LENGTH, markerText } from './draft-text';
import {
  LoadRun,
  range,
  spreadIndices,
  type Convergence,
  type EditFigures,
  type ProgramSpec,
  type ResourceFigures,
} from './load-run';
import type { LoadOptions, Scenario } from './load-options';

/** A figure of a run beyond the common ones: name, value, unit. */
export type Extra = [name: string, value: number, unit: string];

export interface RunResult {
  scenario: Scenario;
  /** The server's label (`RunningBackend.label`): its kind, and Concord's deployment unless SQLite. */
  backend: string;
  round: number;
  clients: number;
  connect: { p50: number; p95: number; max: number };
  phases: { name: string; edits: EditFigures | null; resources: ResourceFigures }[];
  /** The phase whose latencies and resources go in the comparison table. */
  main: string;
  converged: Convergence;
  extra: Extra[];
}

/** Every typist types one character at a time at the options' rate for their duration. */
function keystrokes(options: LoadOptions): ProgramSpec {
  return {
    kind: 'keystrokes',
    edits: Math.round(options.rate * options.duration),
    length: 1,
    intervalMs: 1000 / options.rate,
    spreadMs: 1000 / options.rate,
    cursors: options.cursors,
    seed: options.seed,
  };
}

type ScenarioRun = (run: LoadRun, round: number) => Promise<Omit<RunResult, 'backend' | 'round'>>;

function connectFigures(syncMs: (number | null)[]) {
  const ms = syncMs.filter((m): m is number => m !== null);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95), max: Math.max(...ms) };
}

function syncSpread(name: string, ms: number[]): Extra[] {
  return [
    [`${name} p50`, percentile(ms, 50), 'ms'],
    [`${name} p95`, percentile(ms, 95), 'ms'],
    [`${name} max`, Math.max(...ms), 'ms'],
  ];
}

/** Clients `0…count-1` connected, `typists` of them typing one character at a time at R per second. */
async function typingAmong(
  run: LoadRun,
  scenario: 'typing' | 'committee',
  count: number,
  typists: number[],
): ReturnType<ScenarioRun> {
  const clients = await run.connect(range(0, count), true, typists);
  await run.loadDraft();
  const phase = await run.measure(
    'keystrokes',
    typists,
    keystrokes(run.options),
    async () => undefined,
  );
  return {
    scenario,
    clients: count,
    connect: connectFigures(clients.map((c) => c.syncMs)),
    phases: [{ name: 'typing', ...phase }],
    main: 'typing',
    converged: await run.distinctDrafts(),
    extra: [],
  };
}

/** N clients connected, K of them typing one character at a time at R per second. */
const typing: ScenarioRun = (run) =>
  typingAmong(
    run,
    'typing',
    run.options.clients,
    spreadIndices(run.options.clients, run.options.typing),
  );

/**
 * A committee on one server: D drafts of N clients each (client i in draft
 * ⌊i / N⌋, see client-rooms.ts), the first K of each draft typing one
 * character at a time at R per second; an edit is timed to the clients of
 * its own draft.
 */
const committee: ScenarioRun = (run) => {
  const { drafts, clients, typing } = run.options;
  return typingAmong(run, 'committee', drafts * clients, committeeTypists(drafts, clients, typing));
};

/** Every client pastes an amendment-sized text at the same moment, a few times. */
const burst: ScenarioRun = async (run) => {
  const { options } = run;
  const all = range(0, options.clients);
  const clients = await run.connect(all, true);
  await run.loadDraft();
  const phase = await run.measure(
    'paste',
    all,
    {
      kind: 'paste',
      edits: options.bursts,
      length: options.paste,
      intervalMs: 5000,
      spreadMs: 0,
      cursors: options.cursors,
      seed: options.seed,
    },
    async () => undefined,
  );
  return {
    scenario: 'burst',
    clients: options.clients,
    connect: connectFigures(clients.map((c) => c.syncMs)),
    phases: [{ name: 'bursts', ...phase }],
    main: 'bursts',
    converged: await run.distinctDrafts(),
    extra: [],
  };
};

/**
 * A long draft built with history (many small edits, some taken back), then
 * late joiners: one after another, then all at once, while a few type.
 */
const latejoin: ScenarioRun = async (run) => {
  const { options } = run;
  const base = range(0, options.clients);
  const clients = await run.connect(base, true);
  await run.loadDraft();
  const initial = await run.pool.owner(0).call('docInfo', { index: 0 });
  const length = 8;
  // Each build edit adds 8 characters; a quarter of them also delete 3.
  const buildEdits = Math.ceil(
    Math.max(0, options.characters - initial.characters) / (length - 0.75),
  );
  const builders = range(0, options.builders);
  const perBuilder = Math.ceil(buildEdits / builders.length);
  const interval = (1000 * builders.length) / options.buildRate;
  const build = await run.measure(
    'build',
    builders,
    {
      kind: 'build',
      edits: perBuilder,
      length,
      intervalMs: interval,
      spreadMs: interval,
      cursors: false,
      seed: options.seed,
    },
    async () => undefined,
  );
  const built = await run.pool.owner(0).call('docInfo', { index: 0 });

  const typists = spreadIndices(options.clients, options.typing);
  const joins = await run.measure(
    'keystrokes while joining',
    typists,
    options.typing > 0
      ? {
          kind: 'keystrokes',
          edits: Math.round(options.rate * options.duration),
          length: 1,
          intervalMs: 1000 / options.rate,
          spreadMs: 1000 / options.rate,
          cursors: options.cursors,
          seed: options.seed + 1,
          startInMs: 0,
        }
      : null,
    async () => {
      await sleep(500);
      const oneByOne: number[] = [];
      for (let j = 0; j < options.joiners; j++) {
        const [joined] = await run.connect([10_000 + j], false);
        if (joined?.syncMs != null) oneByOne.push(joined.syncMs);
      }
      const herd = await run.connect(range(20_000, options.joiners), false);
      return { oneByOne, herd: herd.flatMap((c) => (c.syncMs === null ? [] : [c.syncMs])) };
    },
  );
  return {
    scenario: 'latejoin',
    clients: options.clients,
    connect: connectFigures(clients.map((c) => c.syncMs)),
    phases: [
      { name: 'build', ...build },
      { name: 'joins', ...joins },
    ],
    main: 'joins',
    converged: await run.distinctDrafts(),
    extra: [
      ['draft characters', built.characters, ''],
      ['draft state (encoded)', built.stateBytes / 1024, 'KiB'],
      ['build edits', perBuilder * builders.length, ''],
      ...syncSpread('joiner, one at a time: synced', joins.during.oneByOne),
      ...syncSpread(`${options.joiners} joiners at once: synced`, joins.during.herd),
    ],
  };
};

/**
 * Every client makes an edit (seen by all), the server is stopped (SIGTERM)
 * and every client edits while it is down, the server starts again on the
 * same port and database: time until every client is synced again, and
 * whether every edit from before and during the restart is in every draft.
 */
const reconnect: ScenarioRun = async (run) => {
  const { options, backend } = run;
  const all = range(0, options.clients);
  const clients = await run.connect(all, true);
  await run.loadDraft();
  const marker = (name: string) => ({
    kind: 'marker' as const,
    marker: name,
    edits: 1,
    length: MARKER_LENGTH,
    intervalMs: 1000,
    spreadMs: 1000,
    cursors: false,
    seed: options.seed,
  });
  const before = await run.measure('edits before the restart', all, marker('A'), async () => {});
  const stoppedAt = sharedNow();
  await backend.stop();
  const down = sharedNow();
  const restart = await run.measure(
    'edits while down',
    all,
    { ...marker('B'), spreadMs: 200, startInMs: 0 },
    async () => {
      await sleep(500);
      await backend.start();
      const listening = sharedNow();
      const deadline = Date.now() + 120_000;
      for (;;) {
        const resynced = (await run.pool.all('resynced', { since: stoppedAt })).flat();
        if (resynced.every((r) => r.at !== null) || Date.now() > deadline) {
          const times = resynced.flatMap((r) => (r.at === null ? [] : [r.at - listening]));
          return { listening, times, missing: resynced.filter((r) => r.at === null).length };
        }
        await sleep(50);
      }
    },
  );
  const markers = (name: string) => all.map((index) => markerText(name, index));
  const lost = async (name: string) =>
    (await run.pool.all('missing', { markers: markers(name) }))
      .flat()
      .reduce((s, c) => s + c.missing, 0);
  const { times, listening, missing } = restart.during;
  return {
    scenario: 'reconnect',
    clients: options.clients,
    connect: connectFigures(clients.map((c) => c.syncMs)),
    phases: [
      { name: 'before restart', ...before },
      { name: 'restart (server CPU: the new process, from its start)', ...restart },
    ],
    main: 'before restart',
    converged: await run.distinctDrafts(),
    extra: [
      ['server stop (SIGTERM to exit)', down - stoppedAt, 'ms'],
      ['server start (spawn to listening)', listening - down - 500, 'ms'],
      ...syncSpread('re-synced after listening', times),
      ['all re-synced after SIGTERM', Math.max(...times) + listening - stoppedAt, 'ms'],
      ['clients not re-synced', missing, ''],
      ['edits before restart missing (client × edit)', await lost('A'), ''],
      ['edits while down missing (client × edit)', await lost('B'), ''],
    ],
  };
};

const SOAK_WARMUP_SECONDS = 10;

/** Clients arriving and leaving for a while, a few typing: the server's memory before and after. */
const soak: ScenarioRun = async (run) => {
  const { options, backend, pool } = run;
  const clients = await run.connect(range(0, options.clients), true);
  await run.loadDraft();
  // Warm-up churn, then the same 5 s idle as after: "before" and "after" are
  // taken alike, so start-up garbage released on the way is not counted as
  // shrinkage, nor warm caches as growth.
  await pool.all('churn', {
    target: backend.target,
    firstIndex: 2_000_000,
    perTick: Math.ceil(options.churn / pool.size),
    ticks: SOAK_WARMUP_SECONDS,
    tickMs: 1000,
    lifeMs: options.churnLifeMs,
    timeoutMs: 30_000,
  });
  await sleep(5000);
  const rssBefore = rssMb(backend.pid());
  const heapBefore = run.heapFile ? await heapAfterGcMb(backend.pid(), run.heapFile) : NaN;
  const typists = spreadIndices(options.clients, options.typing);
  const samples: number[] = [];
  const phase = await run.measure(
    'keystrokes during churn',
    typists,
    options.typing > 0 ? keystrokes(options) : null,
    async () => {
      const sampler = setInterval(() => samples.push(rssMb(backend.pid())), 1000);
      const perProcess = Math.ceil(options.churn / pool.size);
      const results = await pool.all('churn', {
        target: backend.target,
        firstIndex: 1_000_000,
        perTick: perProcess,
        ticks: options.duration,
        tickMs: 1000,
        lifeMs: options.churnLifeMs,
        timeoutMs: 30_000,
      });
      clearInterval(sampler);
      return results;
    },
  );
  await sleep(5000);
  const rssAfter = rssMb(backend.pid());
  const heapAfter = run.heapFile ? await heapAfterGcMb(backend.pid(), run.heapFile) : NaN;
  const churned = phase.during;
  const syncMs = churned.flatMap((r) => r.syncMs);
  return {
    scenario: 'soak',
    clients: options.clients,
    connect: connectFigures(clients.map((c) => c.syncMs)),
    phases: [{ name: 'churn', ...phase }],
    main: 'churn',
    converged: await run.distinctDrafts(),
    extra: [
      ['churn connections', churned.reduce((s, r) => s + r.connected, 0), ''],
      ['churn connections failed', churned.reduce((s, r) => s + r.failed, 0), ''],
      ...syncSpread('churn client synced', syncMs),
      ['server RSS before', rssBefore, 'MB'],
      ['server RSS during (median)', median(samples), 'MB'],
      ['server RSS during (max)', Math.max(...samples), 'MB'],
      ['server RSS after (5 s idle)', rssAfter, 'MB'],
      ['server RSS growth', rssAfter - rssBefore, 'MB'],
      ['server heap after GC, before', heapBefore, 'MB'],
      ['server heap after GC, after', heapAfter, 'MB'],
      ['server heap after GC, growth', heapAfter - heapBefore, 'MB'],
    ],
  };
};

export const SCENARIO_RUNS: Record<Scenario, ScenarioRun> = {
  typing,
  committee,
  burst,
  latejoin,
  reconnect,
  soak,
};
