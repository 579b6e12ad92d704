import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { COLLAB_PATH } from '../../lib/collab/protocol';
import { SCHEMA_VERSION, SCHEMA_VERSION_PARAM } from '../../lib/schema/schema-version';
import { startConcordProcess, type ConcordProcess } from '../../server/testing/concord-process';
import { freePort, killOnExit, ROOT } from '../harness';
import type { ConcordTemplate } from './concord-setup';
import { sessionCookies } from './concord-setup';
import type { BackendKind, ClientTarget } from './worker-protocol';

/** A collaboration server process the load runs against. */
export interface RunningBackend {
  kind: BackendKind;
  target: ClientTarget;
  /** Whether the clients must bring the draft (an in-memory server starts empty). */
  needsSeed: boolean;
  pid(): number;
  /** SIGTERM, and wait for the process to exit. */
  stop(): Promise<void>;
  /** Starts the server again, on the same port (and, for Concord, the same database). */
  start(): Promise<void>;
  /** Stops the server and removes what it left. */
  dispose(): Promise<void>;
  /** What the server printed (Concord: its log), when it is kept. */
  output?(): string;
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

async function startConcord(options: BackendOptions): Promise<RunningBackend> {
  const database = options.template.copy();
  let server: ConcordProcess;
  let cookies: string[];
  try {
    cookies = await sessionCookies(database.file, options.template.usernames, options.sessions);
    server = await startConcordProcess({
      databasePath: database.file,
      env: options.env,
      built: true,
    });
  } catch (error) {
    database.cleanup();
    throw error;
  }
  killOnExit(server.child);
  const port = server.port;
  return {
    kind: 'concord',
    target: {
      backend: 'concord',
      url: `ws://127.0.0.1:${port}${COLLAB_PATH}`,
      rooms: options.rooms,
      params: { [SCHEMA_VERSION_PARAM]: String(SCHEMA_VERSION) },
      cookies,
      stockAwareness: options.stockAwareness,
      ...(options.amend ? { amendAs: options.template.authors } : {}),
    },
    needsSeed: false,
    output: () => server.output(),
    pid: () => server.child.pid ?? 0,
    stop: () => server.kill('SIGTERM'),
    async start() {
      server = await startConcordProcess({
        databasePath: database.file,
        port,
        env: options.env,
        built: true,
      });
      killOnExit(server.child);
    },
    async dispose() {
      await server.kill('SIGTERM');
      database.cleanup();
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
    target: {
      backend: kind,
      url: `ws://127.0.0.1:${port}`,
      rooms: options.rooms,
      params: {},
      cookies: [],
      ...(options.amend ? { amendAs: options.template.authors } : {}),
    },
    needsSeed: true,
    pid: () => child.pid ?? 0,
    stop: () => stopChild(child),
    async start() {
      child = await launch();
    },
    dispose: () => stopChild(child),
  };
}

export function startBackend(kind: BackendKind, options: BackendOptions): Promise<RunningBackend> {
  return kind === 'concord' ? startConcord(options) : startBaseline(kind, options);
}
