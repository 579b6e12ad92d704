import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as Y from 'yjs';
import { loadDraftDoc } from '@/lib/db/load-draft-doc';
import { randomInt, seededRandom, testSeed } from '@/lib/testing/seeded-random';
import {
  addTestUser,
  createTestDraft,
  grantTestRole,
  openTestStores,
  signInCookie,
} from '../testing/accounts';
import { startConcordProcess, type ConcordProcess } from '../testing/concord-process';
import { runsOf, snapshotOf } from '../testing/draft-runs';
import { connectClient, eventually, type HeadlessClient } from '../testing/headless-client';
import { createTestDatabase } from '../testing/postgres';
import { testRedis } from '../testing/redis';
import { startTcpProxy, type TcpProxy } from '../testing/tcp-proxy';

const database = await createTestDatabase();
const redis = database ? await testRedis() : null;
const skip =
  database && redis ? false : 'PostgreSQL or Redis is not reachable (see the message above)';

const LEASE_MS = 3000;
const DRAFTS = 3;
const CLIENTS_PER_DRAFT = 4;

/** Every token a client typed, `‹d1c2n7›`: found in the final text or lost. */
const TOKEN = /‹d\d+c\d+n\d+›/g;

/** The characters of a paragraph's text (what positions count), without its formatting. */
function plainOf(text: Y.XmlText): string {
  return (text.toDelta() as { insert: unknown }[])
    .map((op) => (typeof op.insert === 'string' ? op.insert : ' '))
    .join('');
}

function paragraphsOf(doc: Y.Doc): Y.XmlText[] {
  return [...new Set(runsOf(doc).map((run) => run.text))];
}

function tokensOf(doc: Y.Doc): Set<string> {
  const text = paragraphsOf(doc).map(plainOf).join('\n');
  return new Set(text.match(TOKEN) ?? []);
}

/** A delegate typing tokens at random places of the draft's paragraphs. */
class Typist {
  readonly typed: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private n = 0;

  constructor(
    readonly client: HeadlessClient,
    readonly name: string,
    private readonly random: () => number,
  ) {}

  start(everyMs: number): void {
    this.timer = setInterval(() => this.type(), everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private type(): void {
    const texts = paragraphsOf(this.client.doc);
    const text = texts[randomInt(this.random, texts.length)];
    if (!text) return;
    const token = `‹${this.name}n${this.n++}›`;
    // Between tokens, never inside one: each stays whole, to be found at the end.
    const plain = plainOf(text);
    const gaps = [0, plain.length, ...[...plain.matchAll(/›/g)].map((m) => m.index + 1)];
    text.insert(gaps[randomInt(this.random, gaps.length)] ?? 0, token);
    this.typed.push(token);
  }
}

describe(
  'two Concord processes on PostgreSQL and Redis, behind a proxy (issue 24)',
  { skip },
  () => {
    const seed = testSeed();
    const random = seededRandom(seed);
    const processes: ConcordProcess[] = [];
    const typists: Typist[] = [];
    const drafts: string[] = [];
    let proxy: TcpProxy;
    let cookies: string[];

    function startProcess(port?: number): Promise<ConcordProcess> {
      return startConcordProcess({
        databasePath: '(unused: DATABASE_URL)',
        port,
        env: {
          DATABASE_URL: database!.url,
          REDIS_URL: redis!.url,
          CLUSTER_KEY_PREFIX: redis!.prefix,
          CLUSTER_LEASE_MS: String(LEASE_MS),
          COLLAB_AUTH_RECHECK_MS: '60000',
        },
      });
    }

    /** The process holding the draft's lease (by the port in its address). */
    async function ownerOf(draftId: string): Promise<ConcordProcess | undefined> {
      const lease = await redis!.redis.get(`${redis!.prefix}lease:${draftId}`);
      const port = Number(/:(\d+)$/.exec(lease ?? '')?.[1]);
      return processes.find(
        (p) => p.port === port && p.child.exitCode === null && p.child.signalCode === null,
      );
    }

    before(async () => {
      const url = database!.url;
      await addTestUser(url, { username: 'ana', delegation: 'CUB' });
      await addTestUser(url, { username: 'luis', delegation: 'MEX' });
      for (let d = 0; d < DRAFTS; d++) {
        const draft = await createTestDraft(url, {
          title: `Draft ${d}`,
          delegation: 'CUB',
          role: 'facilitator',
        });
        await grantTestRole(url, draft.id, 'MEX', 'facilitator');
        drafts.push(draft.id);
      }
      cookies = [(await signInCookie(url, 'ana')).cookie, (await signInCookie(url, 'luis')).cookie];
      processes.push(...(await Promise.all([startProcess(), startProcess()])));
      proxy = await startTcpProxy(processes.map((p) => p.port));
    });

    after(async () => {
      for (const typist of typists) {
        typist.stop();
        typist.client.destroy();
      }
      await proxy?.close();
      await Promise.all(processes.map((p) => p.kill('SIGKILL')));
      await redis?.cleanup();
      await database?.drop();
    });

    test(`kill -9 of the owner while delegates type: they reconnect to the other, converge, lose nothing (seed ${seed})`, async () => {
      // Clients connect through the proxy in turn: each draft has clients on both processes.
      for (let d = 0; d < DRAFTS; d++) {
        for (let c = 0; c < CLIENTS_PER_DRAFT; c++) {
          const client = connectClient(
            `ws://127.0.0.1:${proxy.port}`,
            drafts[d] ?? '',
            cookies[c % 2] ?? '',
          );
          await client.synced;
          typists.push(new Typist(client, `d${d}c${c}`, seededRandom(randomInt(random, 2 ** 31))));
        }
      }
      assert.ok(
        proxy.taken.every((n) => n > 0),
        `both processes serve clients: ${proxy.taken.join(', ')}`,
      );
      for (const typist of typists) typist.start(15 + randomInt(random, 30));
      await new Promise((resolve) => setTimeout(resolve, 1500));

      // Everything the clients of the first draft see relayed now must survive.
      const victim = await ownerOf(drafts[0] ?? '');
      assert.ok(victim, 'a live process owns the first draft');
      const survivor = processes.find((p) => p !== victim);
      assert.ok(survivor, 'the other process is the survivor');
      const seenBefore = typists.map((typist) => tokensOf(typist.client.doc));
      const killedAt = performance.now();
      await victim.kill('SIGKILL');
      // When the first draft is open again, on the survivor (its clients came back to it).
      const reopened = eventually(async () => {
        assert.equal(await ownerOf(drafts[0] ?? ''), survivor);
        return performance.now() - killedAt;
      }, 15_000);

      // Typing goes on meanwhile; the victim's clients reconnect through the proxy to the survivor.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      for (const typist of typists) typist.stop();

      const moved = await reopened;
      await eventually(async () => {
        for (const draftId of drafts) assert.equal(await ownerOf(draftId), survivor);
      }, 15_000);
      // Converged: every client of a draft holds the same text, the survivor's.
      for (let d = 0; d < DRAFTS; d++) {
        const clients = typists.slice(d * CLIENTS_PER_DRAFT, (d + 1) * CLIENTS_PER_DRAFT);
        await eventually(() => {
          const snapshots = new Set(clients.map((typist) => snapshotOf(typist.client.doc)));
          assert.equal(snapshots.size, 1, `draft ${d}: the clients have converged`);
        }, 20_000);
        const final = tokensOf(clients[0]!.client.doc);
        for (const typist of clients) {
          // Nothing they typed is lost, before, during or after the failover …
          const missing = typist.typed.filter((token) => !final.has(token));
          assert.deepEqual(missing, [], `${typist.name}: typed and lost`);
        }
        // … and nothing any client had seen.
        for (const [i, seen] of seenBefore
          .slice(d * CLIENTS_PER_DRAFT, (d + 1) * CLIENTS_PER_DRAFT)
          .entries()) {
          const lost = [...seen].filter((token) => !final.has(token));
          assert.deepEqual(lost, [], `client ${i} of draft ${d}: seen, then lost`);
        }
      }
      console.log(
        `failover: the first draft reopened on the surviving process ${moved.toFixed(0)} ms after kill -9 (lease ${LEASE_MS} ms)`,
      );

      // What the clients hold is what PostgreSQL holds (every relayed change was committed).
      const stores = openTestStores(database!.url);
      try {
        for (let d = 0; d < DRAFTS; d++) {
          const stored = await loadDraftDoc(stores.drafts, drafts[d] ?? '');
          assert.ok(stored, `draft ${d} is stored`);
          assert.equal(
            snapshotOf(stored.doc),
            snapshotOf(typists[d * CLIENTS_PER_DRAFT]!.client.doc),
            `draft ${d}: stored = seen`,
          );
        }
      } finally {
        await stores.close();
      }

      // The killed process comes back on its address: its new clients are forwarded to the owner.
      const restarted = await startProcess(victim.port);
      processes.push(restarted);
      const late = connectClient(restarted.wsUrl, drafts[0] ?? '', cookies[0] ?? '');
      try {
        await late.synced;
        await eventually(() =>
          assert.equal(snapshotOf(late.doc), snapshotOf(typists[0]!.client.doc)),
        );
        // And an edit through it reaches the clients of the survivor.
        const text = runsOf(late.doc)[0]?.text;
        assert.ok(text, 'the late client holds a paragraph');
        text.insert(0, '‹late›');
        // A message of its own: without one, each failed try made Node read and parse this
        // file to word the error (node:assert's findColumn), for seconds, starving the retries.
        await eventually(() =>
          assert.ok(
            paragraphsOf(typists[1]!.client.doc).some((t) => plainOf(t).includes('‹late›')),
            'the edit through the restarted process reached a client of the survivor',
          ),
        );
      } finally {
        late.destroy();
      }
    });
  },
);
