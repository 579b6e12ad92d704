import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { killOnExit, ROOT } from '../harness';
import type { WorkerCalls, WorkerCommand, WorkerReply, WorkerRequest } from './worker-protocol';

const WORKER = path.join(ROOT, 'bench/load/client-worker.ts');

/** One client process: requests out, replies in, matched by id. */
class ClientWorker {
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  readonly ready: Promise<void>;

  constructor(private readonly child: ChildProcess) {
    let markReady: () => void = () => undefined;
    this.ready = new Promise((resolve) => (markReady = resolve));
    child.on('message', (reply: WorkerReply) => {
      if (reply.id === 0) return markReady();
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (!waiter) return;
      if (reply.ok) waiter.resolve(reply.result);
      else waiter.reject(new Error(`client process ${child.pid}: ${reply.error}`));
    });
    child.once('exit', (code, signal) => {
      const error = new Error(`client process ${child.pid} exited (${code ?? signal})`);
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    });
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  call<C extends WorkerCommand>(
    cmd: C,
    args: WorkerCalls[C]['args'],
  ): Promise<WorkerCalls[C]['result']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      const request: WorkerRequest<C> = { id, cmd, args };
      this.child.send(request, (error) => {
        if (!error) return;
        this.waiting.delete(id);
        reject(error);
      });
    });
  }

  stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    return exited;
  }
}

/**
 * The client processes of one run: client `i` lives in process `i % size`.
 * Each is killed when the run ends, or when the benchmark itself stops.
 */
export class WorkerPool {
  private constructor(private readonly workers: ClientWorker[]) {}

  /** `profileDir`: each process writes a V8 CPU profile there when it stops. */
  static async start(size: number, profileDir?: string): Promise<WorkerPool> {
    const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
    const workers = Array.from({ length: size }, () => {
      const child = fork(WORKER, [], {
        cwd: ROOT,
        execArgv: ['--import', 'tsx', ...profile],
        serialization: 'advanced',
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      killOnExit(child);
      return new ClientWorker(child);
    });
    await Promise.all(workers.map((w) => w.ready));
    return new WorkerPool(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  /** The process that owns client `index`. */
  owner(index: number): ClientWorker {
    const worker = this.workers[index % this.workers.length];
    if (!worker) throw new Error('no client process');
    return worker;
  }

  /** The same request to every process; their results in process order. */
  all<C extends WorkerCommand>(
    cmd: C,
    args: WorkerCalls[C]['args'],
  ): Promise<WorkerCalls[C]['result'][]> {
    return Promise.all(this.workers.map((worker) => worker.call(cmd, args)));
  }

  /** Splits `items` by owning process and sends each process its share; results in process order. */
  async byOwner<T, C extends WorkerCommand>(
    items: readonly T[],
    indexOf: (item: T) => number,
    cmd: C,
    argsFor: (share: T[]) => WorkerCalls[C]['args'],
  ): Promise<WorkerCalls[C]['result'][]> {
    const shares = this.workers.map(() => [] as T[]);
    for (const item of items) shares[indexOf(item) % this.workers.length]?.push(item);
    const calls: Promise<WorkerCalls[C]['result']>[] = [];
    this.workers.forEach((worker, i) => {
      const share = shares[i];
      if (share?.length) calls.push(worker.call(cmd, argsFor(share)));
    });
    return Promise.all(calls);
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop()));
  }
}
