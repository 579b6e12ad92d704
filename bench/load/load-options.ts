import { parseArgs } from 'node:util';
import type { BackendKind } from './worker-protocol';

export const SCENARIOS = ['typing', 'committee', 'burst', 'latejoin', 'reconnect', 'soak'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/**
 * How Concord is deployed for a run: one process on SQLite; one process on
 * PostgreSQL; two processes on PostgreSQL sharing Redis (issue 24), each draft
 * served by the process holding its lease and the other forwarding its sockets.
 */
export const DEPLOYMENTS = ['sqlite', 'pg', 'pg-cluster'] as const;
export type Deployment = (typeof DEPLOYMENTS)[number];

/** The scenarios a deployment of several processes runs (the others restart or sample one process). */
const CLUSTER_SCENARIOS: readonly Scenario[] = ['typing', 'committee', 'burst', 'latejoin'];

export interface LoadOptions {
  scenario: Scenario;
  /** Drafts on the server (committee; 1 otherwise). */
  drafts: number;
  /**
   * Clients connected throughout (latejoin: the ones there before the joiners;
   * committee: in each draft).
   */
  clients: number;
  /** How many of them type (typing, soak; latejoin: while the joiners join; committee: per draft). */
  typing: number;
  /** Edits per second of each typist. */
  rate: number;
  /** Seconds of typing (soak: of churn). */
  duration: number;
  cursors: boolean;
  /**
   * facilitator: Concord's clients edit directly; sponsor: every edit is an
   * amendment (the same edits go to the baselines), checked by Concord's rules.
   */
  role: 'facilitator' | 'sponsor';
  /** Concord's clients send back others' presence, as the stock provider does. */
  stockAwareness: boolean;
  /** Client processes the clients are spread over. */
  procs: number;
  rounds: number;
  /** Concord's deployments, run in turn in each round (sqlite unless told). */
  deployments: Deployment[];
  /** Servers compared with Concord in the same run. */
  baselines: BackendKind[];
  /** Delegations (one user each) created through the CLI; clients share them round robin. */
  delegations: number;
  bursts: number;
  paste: number;
  joiners: number;
  paragraphs: number;
  characters: number;
  builders: number;
  buildRate: number;
  churn: number;
  churnLifeMs: number;
  settleMs: number;
  seed: number;
  json: string | undefined;
  serverProfile: string | undefined;
  clientProfile: string | undefined;
  /** Concord's DATABASE_SYNC: fsync each turn's write (full) or not (normal). */
  sync: 'full' | 'normal';
  /** Concord's COLLAB_BUSY_RELAY_MS (unset: the server's default). */
  busyRelayMs: number | undefined;
  /** Concord's COLLAB_BUSY_PRESENCE_MS (unset: the server's default). */
  busyPresenceMs: number | undefined;
  /** Microseconds added to each fsync of Concord's server (a slower disk; 0: none). */
  fsyncDelayUs: number;
}

const DEFAULTS: Record<Scenario, Partial<Record<string, string>>> = {
  typing: { clients: '200', typing: '20', rate: '2', duration: '20' },
  committee: { drafts: '60', clients: '8', typing: '4', rate: '2', duration: '20' },
  burst: { clients: '200', typing: '0', rate: '0', duration: '0' },
  latejoin: { clients: '10', typing: '2', rate: '2', duration: '15' },
  reconnect: { clients: '200', typing: '0', rate: '0', duration: '0' },
  soak: { clients: '50', typing: '5', rate: '2', duration: '60' },
};

export const USAGE = `npm run bench -- <${SCENARIOS.join('|')}> [options]
  --clients N          clients connected (typing 200, burst 200, latejoin 10, reconnect 200, soak 50;
                       committee 8 in each draft)
  --typing K           how many of them type (typing 20; latejoin 2 while joiners join; soak 5;
                       committee 4 in each draft)
  --drafts D           committee: drafts on the one server (60); client i is in draft ⌊i / N⌋,
                       the first K of each draft type, and an edit is timed to its draft's clients
  --rate R             edits per second per typist (2)
  --duration S         seconds of typing, or of churn for soak (typing 20, committee 20,
                       latejoin 15, soak 60)
  --cursors on|off     an awareness cursor update with each edit (on)
  --role R             facilitator: Concord's clients edit directly (the default); sponsor: each
                       typist's edits are an amendment of its delegation, checked by Concord's
                       rules (typing, committee, burst; the baselines get the same marked edits)
  --stock-awareness    Concord's clients send back every presence state they receive, as the
                       stock y-websocket provider does (Concord's editor sends only its own)
  --procs P            client processes (1; committee: one per 200 clients, 2 to 4); client i is
                       in process i % P; spread clients when one passes 70% CPU
  --deployment D       Concord on sqlite (one process, the default), pg (one process on a fresh
                       PostgreSQL database) and/or pg-cluster (two processes on one, sharing
                       Redis; in each draft its typists, then its other clients, connect to
                       them in turn, so half of each are forwarded to the draft's owner;
                       typing, committee, burst, latejoin), comma-separated, run in turn in
                       each round; PostgreSQL and Redis as the tests find them
                       (CONCORD_TEST_POSTGRES_URL, CONCORD_TEST_REDIS_URL)
  --baseline B         hocuspocus and/or y-websocket (comma-separated), run in the same run
  --rounds N           alternating rounds per server (1)
  --sync full|normal   Concord's DATABASE_SYNC (SQLite only): each change fsynced before it is
                       relayed (full, the default), or only written to SQLite's log (normal)
  --busy-relay MS      Concord's COLLAB_BUSY_RELAY_MS: a busy draft relays at most every MS
                       (the server's default; 0 relays every event-loop turn)
  --fsync-delay-us U   Concord's server on SQLite waits U µs more after each fsync
                       (bench/load/slow-sync.c, preloaded; compiled with cc): a slower disk, as
                       on the machine the committee figures of issue 20 were first taken on (0)
  --busy-presence MS   Concord's COLLAB_BUSY_PRESENCE_MS: in a busy draft, each client's cursor
                       is relayed at most every MS (the server's default; 0 relays every move)
  --delegations N      delegations (one user each) created through the CLI (20)
  --bursts N --paste C burst: N bursts of every client pasting C characters (3, 300)
  --joiners M          latejoin: joiners one after another, then M at once (20)
  --paragraphs N --characters C --builders B --build-rate E
                       latejoin: the draft (300 paragraphs, ~100000 characters, built by
                       5 clients at 800 edits/s in all)
  --churn N --churn-life MS
                       soak: N new clients per second, each leaving after MS (5, 3000)
  --settle MS          how long to wait for every edit to arrive (30000)
  --seed S             random seed (7)
  --json FILE          also write every figure as JSON
  --server-profile DIR write a V8 CPU profile of each server process to DIR and print its top
                       functions (the profiler slows the server: not for the figures)
  --client-profile DIR the same for each client process (to see what loads the generator)`;

export function parseLoadOptions(argv: string[]): LoadOptions {
  const scenario = argv[0] as Scenario;
  if (!SCENARIOS.includes(scenario)) throw new Error(USAGE);
  const defaults = DEFAULTS[scenario];
  const { values } = parseArgs({
    args: argv.slice(1),
    options: {
      drafts: { type: 'string', default: defaults.drafts ?? '1' },
      clients: { type: 'string', default: defaults.clients },
      typing: { type: 'string', default: defaults.typing },
      rate: { type: 'string', default: defaults.rate },
      duration: { type: 'string', default: defaults.duration },
      cursors: { type: 'string', default: 'on' },
      role: { type: 'string', default: 'facilitator' },
      'stock-awareness': { type: 'boolean', default: false },
      procs: { type: 'string' },
      deployment: { type: 'string', default: 'sqlite' },
      baseline: { type: 'string', default: '' },
      rounds: { type: 'string', default: '1' },
      delegations: { type: 'string', default: '20' },
      bursts: { type: 'string', default: '3' },
      paste: { type: 'string', default: '300' },
      joiners: { type: 'string', default: '20' },
      paragraphs: { type: 'string', default: '300' },
      characters: { type: 'string', default: '100000' },
      builders: { type: 'string', default: '5' },
      'build-rate': { type: 'string', default: '800' },
      churn: { type: 'string', default: '5' },
      'churn-life': { type: 'string', default: '3000' },
      settle: { type: 'string', default: '30000' },
      seed: { type: 'string', default: '7' },
      json: { type: 'string' },
      'server-profile': { type: 'string' },
      'client-profile': { type: 'string' },
      sync: { type: 'string', default: 'full' },
      'busy-relay': { type: 'string' },
      'busy-presence': { type: 'string' },
      'fsync-delay-us': { type: 'string', default: '0' },
    },
  });
  const count = (name: string, value: string | undefined, min = 0): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name}: expected a number ≥ ${min}`);
    return n;
  };
  const list = (value: string | undefined) =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  const deployments = [...new Set(list(values.deployment))];
  if (deployments.length === 0) throw new Error('--deployment: at least one');
  for (const deployment of deployments) {
    if (!(DEPLOYMENTS as readonly string[]).includes(deployment)) {
      throw new Error(`--deployment: ${DEPLOYMENTS.join(', ')}, not ${deployment}`);
    }
  }
  if (deployments.includes('pg-cluster') && !CLUSTER_SCENARIOS.includes(scenario)) {
    throw new Error(`--deployment pg-cluster: ${CLUSTER_SCENARIOS.join(', ')} only`);
  }
  const baselines = list(values.baseline);
  for (const baseline of baselines) {
    if (baseline !== 'hocuspocus' && baseline !== 'y-websocket') {
      throw new Error(`--baseline: hocuspocus or y-websocket, not ${baseline}`);
    }
  }
  if (values.cursors !== 'on' && values.cursors !== 'off') throw new Error('--cursors: on or off');
  if (values.role !== 'facilitator' && values.role !== 'sponsor') {
    throw new Error('--role: facilitator or sponsor');
  }
  if (values.role === 'sponsor' && !['typing', 'committee', 'burst'].includes(scenario)) {
    throw new Error(
      '--role sponsor: typing, committee and burst only (the others build history at random places)',
    );
  }
  if (values.sync !== 'full' && values.sync !== 'normal') throw new Error('--sync: full or normal');
  const drafts = count('drafts', values.drafts, 1);
  if (!Number.isInteger(drafts)) throw new Error('--drafts: a whole number');
  if (drafts !== 1 && scenario !== 'committee') throw new Error('--drafts: committee only');
  const clients = count('clients', values.clients, 2);
  const options: LoadOptions = {
    scenario,
    drafts,
    clients,
    typing: count('typing', values.typing),
    rate: count('rate', values.rate),
    duration: count('duration', values.duration),
    cursors: values.cursors === 'on',
    role: values.role,
    stockAwareness: values['stock-awareness'],
    procs:
      values.procs === undefined
        ? defaultProcs(scenario, drafts * clients)
        : count('procs', values.procs, 1),
    rounds: count('rounds', values.rounds, 1),
    deployments: deployments as Deployment[],
    baselines: baselines as BackendKind[],
    delegations: count('delegations', values.delegations, 1),
    bursts: count('bursts', values.bursts, 1),
    paste: count('paste', values.paste, 1),
    joiners: count('joiners', values.joiners, 1),
    paragraphs: count('paragraphs', values.paragraphs, 3),
    characters: count('characters', values.characters, 0),
    builders: count('builders', values.builders, 1),
    buildRate: count('build-rate', values['build-rate'], 1),
    churn: count('churn', values.churn, 0),
    churnLifeMs: count('churn-life', values['churn-life'], 0),
    settleMs: count('settle', values.settle, 1000),
    seed: count('seed', values.seed),
    json: values.json,
    serverProfile: values['server-profile'],
    clientProfile: values['client-profile'],
    sync: values.sync,
    busyRelayMs:
      values['busy-relay'] === undefined ? undefined : count('busy-relay', values['busy-relay']),
    busyPresenceMs:
      values['busy-presence'] === undefined
        ? undefined
        : count('busy-presence', values['busy-presence']),
    fsyncDelayUs: count('fsync-delay-us', values['fsync-delay-us']),
  };
  options.typing = Math.min(options.typing, options.clients);
  options.builders = Math.min(options.builders, options.clients);
  // Loops stay bounded: no load runs longer than ten minutes of typing or churn.
  if (options.duration > 600) throw new Error('--duration: at most 600 seconds');
  if (options.drafts * options.clients > 2000) {
    throw new Error(
      scenario === 'committee' ? '--drafts × --clients: at most 2000' : '--clients: at most 2000',
    );
  }
  return options;
}

/**
 * Client processes when `--procs` is not given: one, but for a committee one
 * per 200 clients, at least 2 (so that each draft's edits cross processes) and
 * at most 4 (the processes share the machine's cores with the server).
 */
function defaultProcs(scenario: Scenario, clients: number): number {
  if (scenario !== 'committee') return 1;
  return Math.min(4, Math.max(2, Math.ceil(clients / 200)));
}
