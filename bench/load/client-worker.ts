/**
 * A client process of the load benchmark (forked by `worker-pool.ts`): owns a
 * share of the headless clients, runs the edit programs it is sent, and
 * answers with what it measured. Exits when the orchestrator goes away.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as Y from 'yjs';
import { amendmentsMap, newAmendmentMeta } from '../../lib/amendments/model';
import { newId } from '../../lib/schema/new-id';
import { randomInt, seededRandom } from '../../lib/testing/seeded-random';
import { inParallel, sharedNow, sleep } from '../harness';
import { ArrivalTracker } from './arrival-tracker';
import { BenchClient, type ByteCounter } from './bench-client';
import {
  bodyCharacters,
  draftDigest,
  draftLikeText,
  markerText,
  paragraphTexts,
} from './draft-text';
import type {
  ClientSpec,
  ClientTarget,
  EditProgram,
  SentEdits,
  WorkerCalls,
  WorkerCommand,
  WorkerReply,
  WorkerRequest,
} from './worker-protocol';

const clients = new Map<number, BenchClient>();
const tracker = new ArrivalTracker();
const counter: ByteCounter = { sent: 0, received: 0 };
/** Sampling interval of the event-loop delay histogram, which it reports on top of any lag. */
const LAG_RESOLUTION_MS = 10;
const lag = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
lag.enable();
// The y-websocket provider adds a process 'exit' listener per client.
process.setMaxListeners(0);
let statsFrom = { at: performance.now(), cpu: process.cpuUsage(), sent: 0, received: 0 };

/**
 * Where each typist types next: a relative position, so others' edits do not
 * move it; for a sponsor, also the amendment its edits belong to.
 */
const carets = new Map<
  number,
  {
    text: Y.XmlText;
    position: Y.RelativePosition;
    mark?: { suggestionId: string; delegation: string };
  }
>();

async function connect(
  target: ClientTarget,
  { index, track, server }: ClientSpec,
  timeoutMs: number,
): Promise<BenchClient> {
  const client = new BenchClient(index, track, target, counter, server);
  if (track) tracker.observe(client.doc);
  clients.set(index, client);
  await client.whenSynced(timeoutMs);
  return client;
}

/**
 * The typist's caret, placed when first asked for (by `prepare`, before any
 * edit of the program is made, so that no caret lands inside another's edit).
 * A sponsor's caret opens its amendment there, as the editor does in
 * suggesting mode: the record and a first character with the insertion mark,
 * in one change that is not timed. The caret then sticks to the character
 * before it (assoc -1), inside the marked text, so that each later edit adds
 * exactly its characters to the typist's Yjs clock (no new formatting marks).
 */
function caretOf(client: BenchClient) {
  let caret = carets.get(client.index);
  if (!caret) {
    const texts = paragraphTexts(client.doc);
    const random = seededRandom(client.index + 1);
    // Typists spread over the paragraphs, several to a paragraph when there are many.
    const text = texts[(client.index * 7) % texts.length];
    if (!text) throw new Error(`client ${client.index} found no paragraph to type in`);
    const at = randomInt(random, text.length + 1);
    const { author } = client;
    if (author) {
      const mark = { suggestionId: newId(), delegation: author.delegation };
      client.doc.transact(() => {
        amendmentsMap(client.doc).set(
          mark.suggestionId,
          newAmendmentMeta(author, new Date().toISOString(), []),
        );
        text.insert(at, 'A', { insertion: mark });
      });
      caret = { text, position: Y.createRelativePositionFromTypeIndex(text, at + 1, -1), mark };
    } else {
      caret = { text, position: Y.createRelativePositionFromTypeIndex(text, at) };
    }
    carets.set(client.index, caret);
  }
  return caret;
}

/** Makes edit `n` of `program` on `client`'s document; returns when it was sent. */
function edit(client: BenchClient, program: EditProgram, n: number, random: () => number): number {
  const { doc } = client;
  const sentAt = sharedNow();
  if (program.kind === 'build') {
    const texts = paragraphTexts(doc);
    const text = texts[randomInt(random, texts.length)];
    if (!text) throw new Error('no paragraph to build in');
    doc.transact(() => {
      text.insert(
        randomInt(random, text.length + 1),
        draftLikeText(n + client.index, program.length),
      );
      // A quarter of the edits also take back a few characters: history, not just text.
      if (random() < 0.25 && text.length > 10) text.delete(randomInt(random, text.length - 3), 3);
    });
    return sentAt;
  }
  const caret = caretOf(client);
  const at = Y.createAbsolutePositionFromRelativePosition(caret.position, doc)?.index ?? 0;
  const inserted =
    program.kind === 'marker'
      ? markerText(program.marker ?? 'M', client.index)
      : program.kind === 'keystrokes'
        ? String.fromCharCode(97 + ((n + client.index) % 26))
        : draftLikeText(n + client.index, program.length);
  if (inserted.length !== program.length) {
    throw new Error(`edit of ${inserted.length} characters in a program of ${program.length}`);
  }
  const clockBefore = Y.getState(doc.store, doc.clientID);
  const { mark } = caret;
  doc.transact(() => caret.text.insert(at, inserted, mark ? { insertion: mark } : undefined));
  if (Y.getState(doc.store, doc.clientID) - clockBefore !== inserted.length) {
    // The arrival tracker counts edits by clock: it would misattribute every later edit.
    throw new Error(`client ${client.index}: an edit took more Yjs clock than its characters`);
  }
  caret.position = Y.createRelativePositionFromTypeIndex(
    caret.text,
    at + inserted.length,
    mark ? -1 : 0,
  );
  if (program.cursors) {
    const position = Y.relativePositionToJSON(caret.position) as unknown;
    client.awareness.setLocalStateField('cursor', { anchor: position, head: position });
  }
  return sentAt;
}

async function run(program: EditProgram): Promise<SentEdits[]> {
  const mine = program.typists
    .map((index, order) => ({ client: clients.get(index), order }))
    .filter((t): t is { client: BenchClient; order: number } => t.client !== undefined);
  return Promise.all(
    mine.map(async ({ client, order }) => {
      const random = seededRandom(program.seed * 7919 + client.index);
      const sendTimes: number[] = [];
      const start = program.startAt + (program.spreadMs * order) / program.typists.length;
      for (let n = 0; n < program.edits; n++) {
        const due = start + n * program.intervalMs;
        const wait = due - sharedNow();
        if (wait > 0) await sleep(wait);
        sendTimes.push(edit(client, program, n, random));
      }
      return { client: client.doc.clientID, index: client.index, sendTimes };
    }),
  );
}

/** A delay of the histogram (ns) as lag beyond the sampling interval (ms). */
function lagMs(ns: number): number {
  return Math.max(0, ns / 1e6 - LAG_RESOLUTION_MS);
}

function stats(): WorkerCalls['stats']['result'] {
  const cpu = process.cpuUsage(statsFrom.cpu);
  const elapsedMs = performance.now() - statsFrom.at;
  return {
    pid: process.pid,
    cpuPercent: (100 * (cpu.user + cpu.system)) / 1000 / Math.max(elapsedMs, 1),
    elapsedMs,
    lagP50: lagMs(lag.percentile(50)),
    lagP99: lagMs(lag.percentile(99)),
    lagMax: lagMs(lag.max),
    bytesSent: counter.sent - statsFrom.sent,
    bytesReceived: counter.received - statsFrom.received,
    rssMb: process.memoryUsage().rss / 1024 / 1024,
    clients: clients.size,
  };
}

type Handlers = {
  [C in WorkerCommand]: (
    args: WorkerCalls[C]['args'],
  ) => WorkerCalls[C]['result'] | Promise<WorkerCalls[C]['result']>;
};

const handlers: Handlers = {
  async connect({ target, clients: specs, concurrency, timeoutMs }) {
    return inParallel(specs, concurrency, async (spec) => {
      const client = await connect(target, spec, timeoutMs);
      const first = client.syncedAt[0];
      return {
        index: spec.index,
        client: client.doc.clientID,
        syncMs: first === undefined ? null : first - client.createdAt,
      };
    });
  },
  seed({ index, update }) {
    const client = clients.get(index);
    if (!client) return false;
    Y.applyUpdate(client.doc, update, 'seed');
    return true;
  },
  prepare({ indices }) {
    return indices.flatMap((index) => {
      const client = clients.get(index);
      if (!client) return [];
      caretOf(client);
      const id = client.doc.clientID;
      return [{ index, client: id, base: Y.getState(client.doc.store, id) }];
    });
  },
  track({ typists }) {
    tracker.setTypists(typists);
    return null;
  },
  run: ({ program }) => run(program),
  progress() {
    const lowest: Record<number, number> = {};
    // Only the clients of a typist's room receive its edits.
    const trackersByRoom = new Map<string, BenchClient[]>();
    for (const client of clients.values()) {
      if (!client.track) continue;
      const inRoom = trackersByRoom.get(client.room) ?? [];
      inRoom.push(client);
      trackersByRoom.set(client.room, inRoom);
    }
    for (const { client: id, room } of tracker.typists()) {
      lowest[id] = Math.min(
        ...(trackersByRoom.get(room) ?? []).map((c) =>
          c.doc.clientID === id ? Infinity : Y.getState(c.doc.store, id),
        ),
      );
    }
    return lowest;
  },
  arrivals: () => tracker.arrivals(),
  digests: () =>
    [...clients.values()].map((client) => ({
      index: client.index,
      digest: draftDigest(client.doc),
    })),
  missing({ markers }) {
    return [...clients.values()].map((client) => {
      const text = paragraphTexts(client.doc)
        .map((t) => t.toString())
        .join('\n');
      return { index: client.index, missing: markers.filter((m) => !text.includes(m)).length };
    });
  },
  resynced({ since }) {
    return [...clients.values()].map((client) => ({
      index: client.index,
      at: client.syncedAt.find((t) => t >= since) ?? null,
    }));
  },
  docInfo({ index }) {
    const client = clients.get(index);
    if (!client) throw new Error(`no client ${index} here`);
    return {
      characters: bodyCharacters(client.doc),
      stateBytes: Y.encodeStateAsUpdate(client.doc).byteLength,
    };
  },
  async churn({ target, firstIndex, perTick, ticks, tickMs, lifeMs, timeoutMs }) {
    const result = { connected: 0, failed: 0, syncMs: [] as number[] };
    const lives: Promise<void>[] = [];
    const started = sharedNow();
    for (let tick = 0; tick < ticks; tick++) {
      const wait = started + tick * tickMs - sharedNow();
      if (wait > 0) await sleep(wait);
      for (let k = 0; k < perTick; k++) {
        const index = firstIndex + tick * perTick + k;
        lives.push(
          (async () => {
            const client = await connect(target, { index, track: false }, timeoutMs);
            const first = client.syncedAt[0];
            if (first === undefined) result.failed++;
            else {
              result.connected++;
              result.syncMs.push(first - client.createdAt);
            }
            await sleep(lifeMs);
            client.destroy();
            clients.delete(index);
          })(),
        );
      }
    }
    await Promise.all(lives);
    return result;
  },
  resetStats() {
    lag.reset();
    statsFrom = {
      at: performance.now(),
      cpu: process.cpuUsage(),
      sent: counter.sent,
      received: counter.received,
    };
    return null;
  },
  stats,
};

async function handle(request: WorkerRequest): Promise<WorkerReply> {
  try {
    const handler = handlers[request.cmd] as (args: unknown) => unknown;
    return { id: request.id, ok: true, result: await handler(request.args) };
  } catch (error) {
    return {
      id: request.id,
      ok: false,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  }
}

process.on('message', (request: WorkerRequest) => {
  void handle(request).then((reply) => process.send?.(reply));
});
// The orchestrator is gone (finished, or killed): nothing to do here any more.
process.on('disconnect', () => process.exit(0));
// Stopped at the end of a run: exit normally, so that a CPU profile (--client-profile) is written.
process.on('SIGTERM', () => process.exit(0));
process.send?.({ id: 0, ok: true, result: 'ready' } satisfies WorkerReply);
