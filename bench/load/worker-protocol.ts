/**
 * What the load benchmark's orchestrator and its client processes say to each
 * other over the IPC channel (`child_process.fork`, advanced serialization):
 * one request, one reply, matched by id.
 */

/** The servers a load can run against. */
export type BackendKind = 'concord' | 'hocuspocus' | 'y-websocket';

/** Where clients connect, and as whom. */
export interface ClientTarget {
  backend: BackendKind;
  /**
   * The websocket URL the provider is given (Concord: with the collaboration
   * path), one per server process: client `i` connects to `urls[server]` as
   * its `ClientSpec` says, else to `urls[i % urls.length]` (`urlOfClient`).
   */
  urls: string[];
  /**
   * The room of each client: client `i` is in `rooms[i % rooms.length]`
   * (`roomOfClient`). A room is a draft id for Concord, the same string as
   * document name elsewhere.
   */
  rooms: string[];
  /** Query parameters of the websocket URL. */
  params: Record<string, string>;
  /** Session cookies (Concord only): client `i` signs in with `cookies[i % cookies.length]`. */
  cookies: string[];
  /**
   * With `--role sponsor`: the benchmark's users, in the order `sessionCookies`
   * signs them in round robin, so that client `i` edits as the user behind its
   * cookie (as `amendAs[i % amendAs.length]` when there are no cookies); every
   * typist's edits are then an amendment of its delegation's, as the editor
   * makes them in suggesting mode. Unset: plain edits (facilitators).
   */
  amendAs?: AmendmentAuthorSpec[];
  /**
   * Concord: the clients send back every presence state they receive, as the
   * stock y-websocket provider does (`--stock-awareness`), instead of only
   * their own, as Concord's editor does.
   */
  stockAwareness?: boolean;
}

/** Who an amendment is recorded for: a user of the benchmark's database. */
export interface AmendmentAuthorSpec {
  userId: string;
  name: string;
  delegation: string;
}

/**
 * A client to connect: its global index, whether it records when others'
 * edits arrive, and which of the target's server processes it connects to.
 */
export interface ClientSpec {
  index: number;
  track: boolean;
  server?: number;
}

/**
 * A program of edits: each typist (a client index; the worker acts for those
 * it owns) makes `edits` edits, one every `intervalMs`, each adding exactly
 * `length` characters, so that edit n of a typist is complete once the
 * typist's Yjs clock reaches `base + (n + 1) × length`.
 */
export interface EditProgram {
  /**
   * keystrokes: one character at the typist's caret; paste: `length` characters
   * at the caret; build: `length` characters at a random place, sometimes with
   * a few characters deleted nearby; marker: `[<marker><index>]` at the caret.
   */
  kind: 'keystrokes' | 'paste' | 'build' | 'marker';
  typists: number[];
  edits: number;
  length: number;
  intervalMs: number;
  /** Shared-clock time of the first edit of the first typist. */
  startAt: number;
  /** Typist i of n starts `spreadMs × i / n` after `startAt`. */
  spreadMs: number;
  /** Send an awareness cursor update with each edit, as an editor does. */
  cursors: boolean;
  marker?: string;
  seed: number;
}

/** A typist whose edits are timed: its Yjs client id, its clock before the program, its edit length. */
export interface TrackedTypist {
  client: number;
  base: number;
  length: number;
  /** Global client index of the typist (its own arrivals are not counted). */
  index: number;
  /** The typist's room: only the clients in it receive its edits. */
  room: string;
}

/** When each edit of a typist was sent (shared clock, ms). */
export interface SentEdits {
  client: number;
  index: number;
  sendTimes: number[];
}

/** Per edit of a typist: when it arrived at each of this worker's tracking clients it reached. */
export interface Arrivals {
  client: number;
  times: number[][];
}

export interface WorkerStats {
  pid: number;
  /** CPU of the worker process since the last reset, in % of one core. */
  cpuPercent: number;
  elapsedMs: number;
  /** Event-loop delay since the last reset (ms). */
  lagP50: number;
  lagP99: number;
  lagMax: number;
  bytesSent: number;
  bytesReceived: number;
  rssMb: number;
  clients: number;
}

export interface ConnectedClient {
  index: number;
  client: number;
  /** From creating the provider to its first sync (ms); null when it did not sync in time. */
  syncMs: number | null;
}

export interface ChurnResult {
  connected: number;
  failed: number;
  syncMs: number[];
}

/** Every request a worker answers: its arguments and its result. */
export interface WorkerCalls {
  connect: {
    args: { target: ClientTarget; clients: ClientSpec[]; concurrency: number; timeoutMs: number };
    result: ConnectedClient[];
  };
  seed: { args: { index: number; update: Uint8Array }; result: boolean };
  prepare: {
    args: { indices: number[] };
    result: { index: number; client: number; base: number }[];
  };
  track: { args: { typists: TrackedTypist[] }; result: null };
  run: { args: { program: EditProgram }; result: SentEdits[] };
  /** Per tracked typist: the lowest clock any of this worker's tracking clients has of it. */
  progress: { args: null; result: Record<number, number> };
  arrivals: { args: null; result: Arrivals[] };
  digests: { args: null; result: { index: number; digest: string }[] };
  /** Per client: how many of `markers` its document's text lacks. */
  missing: { args: { markers: string[] }; result: { index: number; missing: number }[] };
  /** Per client: the first time it synced at or after `since` (null: not since). */
  resynced: { args: { since: number }; result: { index: number; at: number | null }[] };
  docInfo: { args: { index: number }; result: { characters: number; stateBytes: number } };
  churn: {
    args: {
      target: ClientTarget;
      firstIndex: number;
      perTick: number;
      ticks: number;
      tickMs: number;
      lifeMs: number;
      timeoutMs: number;
    };
    result: ChurnResult;
  };
  resetStats: { args: null; result: null };
  stats: { args: null; result: WorkerStats };
}

export type WorkerCommand = keyof WorkerCalls;

export interface WorkerRequest<C extends WorkerCommand = WorkerCommand> {
  id: number;
  cmd: C;
  args: WorkerCalls[C]['args'];
}

export type WorkerReply =
  { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
