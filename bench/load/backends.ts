import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { COLLAB_PATH } from '../../lib/collab/protocol';
import { SCHEMA_VERSION, SCHEMA_VERSION_PARAM } from '../../lib/schema/schema-version';
import { startConcordProcess, type ConcordProcess } from '../../server/testing/concord-process';
import { testRedis } from '../../server/testing/redis';
import { freePort, killOnExit, ROOT } from '../harness';
import type { ConcordTemplate } from './concord-setup';
import { sessionCookies } from './concord-setup';
import type { Deployment } from './load-options';
import type { BackendKind, ClientTarget } from './worker-protocol';

/** A collaboration server the load runs against: one process, or Concord's two of `pg-cluster`. */
export interface RunningBackend {
  kind: BackendKind;
  /** What its figures are shown as: the server's kind, and Concord's deployment unless SQLite. */
  label: string;
  target: ClientTarget;
  /** Whether the clients must bring the draft (an in-memory server starts empty). */
  needsSeed: boolean;
  /** The server process (with several, the first). */
  pid(): number;
  /** Every server process. */
  pids(): number[];
  /** The PostgreSQL database the server works on, if it does (its connections' CPU is measured). */
  databaseUrl?: string;
  /** SIGTERM, and wait for the processes to exit. */
  stop(): Promise<void>;
  /** Starts the server again, on the same ports (and, for Concord, the same database). */
  start(): Promise<void>;
  /** Stops the server and removes what it left. */
  dispose(): Promise<void>;
  /** What each server process printed (Concord: its log), when it is kept. */
  outputs?(): string[];
}

/** The label of Concord's figures in a deployment: `concord` on SQLite, as before there were others. */
export function concordLabel(deployment: Deployment): string {
  return deployment === 'sqlite' ? 'concord' : `concord-${deployment}`;
}

export interface BackendOptions {
  template: ConcordTemplate;
  /** The room (a draft of the template) of each client, as `ClientTarget.rooms`. */
  rooms: string[];
  /** How many session cookies the Concord clients share (one per client at most). */
  sessions: number;
  /** Extra environment for the server process (e.g. NODE_OPTIONS for a CPU profile). */
  env: Record<string, string>;
  /** Whether the typists' edits are amendments (`--role sponsor`). */
  amend: boolean;
  /** Whether Concord's clients echo others' presence, as the stock provider does. */
  stockAwareness: boolean;
}

/** Spawns a server process and resolves once `ready` matches what it printed. */
async function spawnServer(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  killOnExit(child);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });
  return child;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  return exited;
}

/** Where a run of Concord keeps its data, and how its processes are told so. */
interface ConcordDatabase {
  /** What the accounts helpers open: the SQLite file, or the PostgreSQL URL. */
  location: string;
  /** DATABASE_PATH of the processes (unused with DATABASE_URL). */
  path: string;
  env: Record<string, string>;
  url?: string;
  /** Drops what was made for the run (after the processes stopped). */
  remove(): Promise<void>;
}

/**
 * A fresh database for one run: a copy of the template's SQLite file, or a
 * new PostgreSQL database with the same rows; for pg-cluster also a Redis key
 * prefix of the run's own (deleted with the database).
 */
async function concordDatabase(
  deployment: Deployment,
  template: ConcordTemplate,
): Promise<ConcordDatabase> {
  if (deployment === 'sqlite') {
    const copy = template.copy();
    return {
      location: copy.file,
      path: copy.file,
      env: {},
      remove: async () => copy.cleanup(),
    };
  }
  const redis = deployment === 'pg-cluster' ? await testRedis() : null;
  if (deployment === 'pg-cluster' && !redis) {
    throw new Error('--deployment pg-cluster: no Redis answers (see the message above)');
  }
  let database: Awaited<ReturnType<ConcordTemplate['postgresCopy']>>;
  try {
    database = await template.postgresCopy();
  } catch (error) {
    await redis?.cleanup();
    throw error;
  }
  return {
    location: database.url,
    path: '(unused: DATABASE_URL)',
    url: database.url,
    env: {
      DATABASE_URL: database.url,
      ...(redis ? { REDIS_URL: redis.url, CLUSTER_KEY_PREFIX: redis.prefix } : {}),
    },
    async remove() {
      await redis?.cleanup();
      await database.drop();
    },
  };
}

async function startConcord(
  deployment: Deployment,
  options: BackendOptions,
): Promise<RunningBackend> {
  const database = await concordDatabase(deployment, options.template);
  const count = deployment === 'pg-cluster' ? 2 : 1;
  const launch = async (port?: number) => {
    const server = await startConcordProcess({
      databasePath: database.path,
      port,
      env: { ...options.env, ...database.env },
      built: true,
    });
    killOnExit(server.child);
    return server;
  };
  let servers: ConcordProcess[] = [];
  let cookies: string[];
  try {
    cookies = await sessionCookies(database.location, options.template.usernames, options.sessions);
    for (let i = 0; i < count; i++) servers.push(await launch());
  } catch (error) {
    await Promise.all(servers.map((server) => server.kill('SIGTERM')));
    await database.remove();
    throw error;
  }
  const ports = servers.map((server) => server.port);
  const stop = async () => {
    await Promise.all(servers.map((server) => server.kill('SIGTERM')));
  };
  return {
    kind: 'concord',
    label: concordLabel(deployment),
    target: {
      backend: 'concord',
      urls: ports.map((port) => `ws://127.0.0.1:${port}${COLLAB_PATH}`),
      rooms: options.rooms,
      params: { [SCHEMA_VERSION_PARAM]: String(SCHEMA_VERSION) },
      cookies,
      stockAwareness: options.stockAwareness,
      ...(options.amend ? { amendAs: options.template.authors } : {}),
    },
    needsSeed: false,
    ...(database.url ? { databaseUrl: database.url } : {}),
    outputs: () => servers.map((server) => server.output()),
    pid: () => servers[0]?.child.pid ?? 0,
    pids: () => servers.map((server) => server.child.pid ?? 0),
    stop,
    async start() {
      const started: ConcordProcess[] = [];
      for (const port of ports) started.push(await launch(port));
      servers = started;
    },
    async dispose() {
      await stop();
      await database.remove();
    },
  };
}

/** A stock server of another project, in its own process on 127.0.0.1, in memory, without auth. */
async function startBaseline(
  kind: 'hocuspocus' | 'y-websocket',
  options: BackendOptions,
): Promise<RunningBackend> {
  const port = await freePort();
  const launch = () =>
    kind === 'hocuspocus'
      ? spawnServer(
          ['--import', 'tsx', path.join(ROOT, 'bench/load/hocuspocus-server.ts')],
          { ...options.env, PORT: String(port) },
          /hocuspocus listening port=\d+/,
        )
      : spawnServer(
          [path.join(ROOT, 'node_modules/@y/websocket-server/src/server.js')],
          { ...options.env, HOST: '127.0.0.1', PORT: String(port) },
          /running at/,
        );
  let child = await launch();
  return {
    kind,
    label: kind,
    target: {
      backend: kind,
      urls: [`ws://127.0.0.1:${port}`],
      rooms: options.rooms,
      params: {},
      cookies: [],
      ...(options.amend ? { amendAs: options.template.authors } : {}),
    },
    needsSeed: true,
    pid: () => child.pid ?? 0,
    pids: () => [child.pid ?? 0],
    stop: () => stopChild(child),
    async start() {
      child = await launch();
    },
    dispose: () => stopChild(child),
  };
}

/** Starts Concord in `deployment`, or a baseline (which has none). */
export function startBackend(
  kind: BackendKind,
  deployment: Deployment,
  options: BackendOptions,
): Promise<RunningBackend> {
  return kind === 'concord' ? startConcord(deployment, options) : startBaseline(kind, options);
}
