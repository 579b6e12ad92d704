import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { materialiseDraft } from '@/lib/amendments/materialise';
import { getDraftService, type DraftService } from '@/lib/collab/draft-service';
import type { DiscussionMember } from '@/lib/collab/discussion-member';
import {
  DISCUSSION_FIELD,
  readDiscussion,
  threadKey,
  type ThreadState,
} from '@/lib/collab/discussion-state';
import { anchorReferences } from '@/lib/discussion/anchors';
import { openSqliteStores } from '@/lib/db/stores';
import { parseEnv } from '@/lib/env';
import { tempDatabasePath } from '@/lib/testing/temp-database';
import { startServer, type RunningServer } from '../http-server';
import { addTestUser, createTestDraft, grantTestRole, signInCookie } from '../testing/accounts';
import { RawClient } from '../testing/raw-client';

const temp = tempDatabasePath();
const PEOPLE = {
  chair: { username: 'chair', delegation: 'FAC', role: 'facilitator' },
  cuba: { username: 'cuba', delegation: 'CUB', role: 'sponsor' },
  norway: { username: 'norway', delegation: 'NOR', role: 'sponsor' },
  holySee: { username: 'holy-see', delegation: 'VAT', role: 'observer' },
} as const;
type Who = keyof typeof PEOPLE;
const members = new Map<Who, DiscussionMember>();
const cookies = new Map<Who, string>();
let server: RunningServer | null = null;
let service: DraftService;
let wsUrl = '';

function who(name: Who): DiscussionMember {
  const found = members.get(name);
  assert.ok(found);
  return found;
}

before(async () => {
  for (const [name, person] of Object.entries(PEOPLE) as [Who, (typeof PEOPLE)[Who]][]) {
    await addTestUser(temp.file, { ...person, displayName: `${person.delegation} delegate` });
    cookies.set(name, (await signInCookie(temp.file, person.username)).cookie);
    const stores = openSqliteStores(temp.file);
    const user = await stores.accounts.findUserForSignIn(person.username);
    stores.close();
    assert.ok(user);
    members.set(name, {
      userId: user.id,
      name: user.displayName,
      delegation: person.delegation,
      role: person.role,
    });
  }
  const config = parseEnv({ HOST: '127.0.0.1', PORT: '0', DATABASE_PATH: temp.file });
  server = await startServer(config, openSqliteStores(temp.file), { web: false });
  const registered = getDraftService();
  assert.ok(registered);
  service = registered;
  wsUrl = `ws://127.0.0.1:${server.port}`;
});

after(async () => {
  await server?.close();
  temp.cleanup();
});

test('threads reach every page live; observers wait for the facilitator; no client writes the discussion map', async () => {
  const { id } = await createTestDraft(temp.file, {
    title: 'Discussed',
    delegation: 'FAC',
    role: 'facilitator',
  });
  await grantTestRole(temp.file, id, 'CUB', 'sponsor');
  await grantTestRole(temp.file, id, 'NOR', 'sponsor');
  await grantTestRole(temp.file, id, 'VAT', 'observer');
  const norway = await RawClient.connect(wsUrl, id, cookies.get('norway') ?? '');
  const holySee = await RawClient.connect(wsUrl, id, cookies.get('holySee') ?? '');
  const paragraphId = findOperativeId(norway);
  assert.ok(paragraphId);

  const started = await service.startThread(
    id,
    { anchor: { kind: 'paragraph', paragraphId }, text: 'Decides what, exactly?' },
    who('cuba'),
  );
  assert.ok(started.ok && started.thread);
  await holySee.until(() => readDiscussion(holySee.doc).threads.length === 1, 'the thread, live');
  const seen = readDiscussion(holySee.doc).threads[0];
  assert.equal(seen?.anchorLabel, 'OP1');
  assert.deepEqual(
    seen?.comments.map((comment) => [comment.delegation, comment.text]),
    [['CUB', 'Decides what, exactly?']],
  );

  const threadId = started.thread.id;
  const observed = await service.replyToThread(id, { threadId, text: 'A view.' }, who('holySee'));
  assert.deepEqual(observed, {
    ok: false,
    status: 403,
    error: 'Observers comment on this draft only when the facilitator allows it.',
  });
  assert.ok((await service.setObserversMayComment(id, true, who('chair'))).ok);
  assert.ok((await service.replyToThread(id, { threadId, text: 'A view.' }, who('holySee'))).ok);
  await norway.until(
    () => readDiscussion(norway.doc).threads[0]?.comments.length === 2,
    'the observer’s reply, live',
  );

  // A page cannot write the discussion: not a new thread, not a changed one, not a deletion.
  const forged: ThreadState = { ...(seen as ThreadState), id: 99, comments: [] };
  norway.change((doc) => doc.getMap(DISCUSSION_FIELD).set(threadKey(99), forged));
  await norway.until(() => norway.refusals.length === 1, 'the refusal');
  await norway.resync();
  norway.change((doc) => doc.getMap(DISCUSSION_FIELD).delete(threadKey(threadId)));
  await norway.until(() => norway.refusals.length === 2, 'the refusal');
  assert.match(norway.refusals[1] ?? '', /discussion is written by the server only/);
  await norway.resync();
  assert.deepEqual(
    readDiscussion(norway.doc).threads.map((thread) => thread.id),
    [threadId],
    'the server’s discussion stands',
  );

  const resolved = await service.resolveThread(id, { threadId, resolved: true }, who('norway'));
  assert.equal(resolved.ok, false, 'a sponsor who did not start the thread');
  assert.ok((await service.resolveThread(id, { threadId, resolved: true }, who('chair'))).ok);
  await holySee.until(() => readDiscussion(holySee.doc).threads[0]?.resolved !== null, 'resolved');
  norway.close();
  holySee.close();
});

/** The id of the draft's first operative paragraph, as a page's copy holds it. */
function findOperativeId(client: RawClient): string | null {
  const found = [...anchorReferences(materialiseDraft(client.doc).doc).paragraphs].find(
    ([, reference]) => reference === 'OP1',
  );
  return found?.[0] ?? null;
}
