import { spawn, type ChildProcess } from 'node:child_process';
import { builtServerEntry } from '../built-server';
import { projectRoot } from '../project-root';

export interface ConcordProcess {
  port: number;
  httpUrl: string;
  wsUrl: string;
  child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** Sends `signal` and waits for the process to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts a real Concord server process on 127.0.0.1 (`web: false` runs the
 * collaboration server alone) and resolves once it listens. By default it runs
 * the sources through tsx; `built: true` runs what `npm run build` bundled
 * into dist/server/ with plain Node, as `npm start` does, and throws if that
 * build is missing or older than the sources.
 */
export async function startConcordProcess(options: {
  databasePath: string;
  web?: boolean;
  built?: boolean;
  port?: number;
  env?: Record<string, string>;
}): Promise<ConcordProcess> {
  const entry = options.web ? 'server/index.ts' : 'server/collab-standalone.ts';
  const args = options.built ? [builtServerEntry(entry)] : ['--import', 'tsx', entry];
  const child = spawn(process.execPath, args, {
    cwd: projectRoot,
    env: {
      ...process.env,
      NODE_ENV: options.web ? 'production' : 'test',
      NEXT_TELEMETRY_DISABLED: '1',
      HOST: '127.0.0.1',
      PORT: String(options.port ?? 0),
      DATABASE_PATH: options.databasePath,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = () => {
      const match = /Concord listening url="http:\/\/127\.0\.0\.1:(\d+)"/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });

  return {
    port,
    httpUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    child,
    output: () => output,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** A TCP port free on 127.0.0.1 now, to restart a server on the same address. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}
