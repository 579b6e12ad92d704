/**
 * What the benchmarks of `bench/` share: reading a process's CPU and memory
 * from /proc, percentiles, the real CLI on a throw-away database, free ports
 * on 127.0.0.1, and the child processes to kill however the run ends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** CPU seconds (user + system) the process has used so far. */
export function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // utime and stime are fields 14 and 15 of stat, 12 and 13 after "pid (comm) ".
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function statusKb(pid: number, key: 'VmRSS' | 'VmHWM'): number {
  const line = fs
    .readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${key}:`));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0);
}

/** Resident memory of the process now, in MB. */
export function rssMb(pid: number): number {
  return statusKb(pid, 'VmRSS') / 1024;
}

/** The most resident memory the process has had, in MB. */
export function peakRssMb(pid: number): number {
  return statusKb(pid, 'VmHWM') / 1024;
}

/**
 * Milliseconds on a clock shared by the processes of one machine (the wall
 * clock at process start plus a monotonic offset), so that a time taken in
 * one process can be subtracted from one taken in another.
 */
export function sharedNow(): number {
  return performance.timeOrigin + performance.now();
}

/** The `p`-th percentile (0–100) of `values` (nearest rank); NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/**
 * The median of `values` (of an even count, the mean of the middle two, so that
 * the median of two rounds is not simply the lower one); NaN when empty.
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const upper = sorted[middle] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? Number.NaN) + upper) / 2;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export { freePort } from '../server/testing/concord-process';

/** The machine, as RESULTS.md states it. */
export function machineDescription(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const memory = (os.totalmem() / 1024 ** 3).toFixed(1);
  return `${os.availableParallelism()} cores (${cpu}), ${memory} GiB memory, Node ${process.version}`;
}

const children = new Set<ChildProcess>();
const temporaryDirs = new Set<string>();
let cleanupInstalled = false;

function killChildren(signal: NodeJS.Signals): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  }
}

/**
 * Kills `child` when this process ends, however it ends (normal exit, an
 * error, SIGINT or SIGTERM); forgotten once it has exited.
 */
export function killOnExit(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
  installCleanup();
}

/** A fresh temporary directory, removed when this process ends (however it ends) if not before. */
export function temporaryDir(prefix: string): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temporaryDirs.add(dir);
  installCleanup();
  return {
    dir,
    remove: () => {
      fs.rmSync(dir, { recursive: true, force: true });
      temporaryDirs.delete(dir);
    },
  };
}

function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.once('exit', () => {
    killChildren('SIGKILL');
    for (const dir of temporaryDirs) fs.rmSync(dir, { recursive: true, force: true });
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping every child process`);
      killChildren('SIGKILL');
      process.exit(130);
    });
  }
}

/** Sends SIGTERM to every child still running, then SIGKILL to those that ignore it. */
export async function stopAllChildren(graceMs = 3000): Promise<void> {
  const running = [...children].filter((c) => c.exitCode === null && c.signalCode === null);
  const exited = running.map(
    (c) => new Promise<void>((resolve) => c.once('exit', () => resolve())),
  );
  killChildren('SIGTERM');
  const timer = setTimeout(() => killChildren('SIGKILL'), graceMs);
  await Promise.all(exited);
  clearTimeout(timer);
}

/**
 * Runs the real command-line tool, as `npm run cli -- <args>` does
 * (`tsx server/cli.ts`), on `database` (a SQLite file's path, or a PostgreSQL
 * URL: `postgres://…`); resolves to what it printed, or rejects with its
 * output when it fails.
 */
export function runCli(database: string, args: string[], stdin?: string): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development' };
  // A DATABASE_URL of the shell would win over DATABASE_PATH.
  delete env.DATABASE_URL;
  if (/^postgres(ql)?:\/\//.test(database)) env.DATABASE_URL = database;
  else env.DATABASE_PATH = database;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
      cwd: ROOT,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    killOnExit(child);
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdin.end(stdin ?? '');
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve(out)
        : reject(new Error(`npm run cli -- ${args.join(' ')} failed (${code}):\n${err || out}`)),
    );
  });
}

/** Runs `work` on each item, at most `concurrency` at a time, in order of start. */
export async function inParallel<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  });
  await Promise.all(lanes);
  return results;
}

/**
 * The heap a server process preloaded with `bench/load/server-heap.ts` uses
 * after a full garbage collection, in MB (heap + external + array buffers).
 */
export async function heapAfterGcMb(pid: number, file: string): Promise<number> {
  const previous = fs.existsSync(file)
    ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { reading: number }).reading
    : 0;
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    let now: { reading: number; heapUsed: number; external: number };
    try {
      now = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof now;
    } catch {
      continue; // not written yet, or being written
    }
    if (now.reading > previous) return (now.heapUsed + now.external) / (1024 * 1024);
  }
  throw new Error(`the server did not report its heap in ${file}`);
}
