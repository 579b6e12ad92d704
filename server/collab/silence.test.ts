import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as Y from 'yjs';
import { COMPROMISES_FIELD } from '@/lib/amendments/compromises';
import { newId } from '@/lib/schema/new-id';
import { BODY_FIELD, SETTINGS_FIELD } from '@/lib/collab/protocol';
import { getDraftService, type DraftService } from '@/lib/collab/draft-service';
import { readSilence, SILENCE_FIELD, SILENCE_STATE_KEY } from '@/lib/collab/silence-state';
import type { SilenceActor } from '@/lib/db/silence-store';
import { openSqliteStores } from '@/lib/db/stores';
import { parseEnv } from '@/lib/env';
import { revisionName } from '@/lib/revisions/revision';
import { emptyHeader } from '@/lib/schema/resolution-document';
import { tempDatabasePath } from '@/lib/testing/temp-database';
import { startServer, type RunningServer } from '../http-server';
import { addTestUser, createTestDraft, grantTestRole, signInCookie } from '../testing/accounts';
import { eventually } from '../testing/headless-client';
import { RawClient } from '../testing/raw-client';

const temp = tempDatabasePath();
const DELEGATIONS = {
  facilitator: { username: 'chair', delegation: 'FAC' },
  sponsor: { username: 'cuba', delegation: 'CUB' },
  sponsor2: { username: 'norway', delegation: 'NOR' },
  observer: { username: 'holy-see', delegation: 'VAT' },
} as const;
type Who = keyof typeof DELEGATIONS;

const actors = new Map<Who, SilenceActor>();
const cookies = new Map<Who, string>();

let server: RunningServer | null = null;
let service: DraftService;
let wsUrl = '';

/** The server in this process (web app off), on a fresh connection to the test's database file. */
async function startConcord(): Promise<void> {
  const config = parseEnv({
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_PATH: temp.file,
    COLLAB_ROOM_RELEASE_MS: '100',
  });
  server = await startServer(config, openSqliteStores(temp.file), { web: false });
  const registered = getDraftService();
  assert.ok(registered, 'the server registers its draft service');
  service = registered;
  wsUrl = `ws://127.0.0.1:${server.port}`;
}

async function stopConcord(): Promise<void> {
  await server?.close();
  server = null;
}

function actor(who: Who): SilenceActor {
  const found = actors.get(who);
  assert.ok(found);
  return found;
}

/** A draft with every test delegation on it and its zero draft and Rev.1 issued. */
async function newDraft(title: string): Promise<string> {
  const { id } = await createTestDraft(temp.file, {
    title,
    delegation: DELEGATIONS.facilitator.delegation,
    role: 'facilitator',
  });
  await grantTestRole(temp.file, id, DELEGATIONS.sponsor.delegation, 'sponsor');
  await grantTestRole(temp.file, id, DELEGATIONS.sponsor2.delegation, 'sponsor');
  await grantTestRole(temp.file, id, DELEGATIONS.observer.delegation, 'observer');
  const stores = openSqliteStores(temp.file);
  try {
    for (const number of [0, 1]) {
      await stores.revisions.add({
        draftId: id,
        number,
        name: revisionName(number),
        symbol: '',
        issuedAt: Date.now(),
        issuedBy: actor('facilitator'),
        note: '',
        content: { header: emptyHeader(), body: { type: 'doc', content: [] } },
      });
    }
  } finally {
    stores.close();
  }
  return id;
}

async function auditActions(draftId: string): Promise<{ action: string; detail: unknown }[]> {
  const stores = openSqliteStores(temp.file);
  try {
    return (await stores.audit.list(draftId)).map(({ action, detail }) => ({ action, detail }));
  } finally {
    stores.close();
  }
}

async function startSilence(draftId: string, inMs: number) {
  const deadline = Date.now() + inMs;
  const result = await service.startSilence(
    draftId,
    { revision: 1, deadline },
    actor('facilitator'),
  );
  assert.ok(result.ok, JSON.stringify(result));
  return deadline;
}

async function outcomeOf(draftId: string) {
  const result = await service.silenceState(draftId);
  assert.ok(result.ok);
  return result.state;
}

function firstText(doc: Y.Doc): Y.XmlText {
  const preamble = doc.getXmlFragment(BODY_FIELD).get(0) as Y.XmlElement;
  const text = (preamble.get(0) as Y.XmlElement).get(0);
  assert.ok(text instanceof Y.XmlText);
  return text;
}

const statement = (who: Who) => ({
  paragraphs: 'OP3, OP7',
  statement: `${DELEGATIONS[who].delegation} cannot join consensus on OP3.`,
});

describe('silence procedure', () => {
  before(async () => {
    for (const [who, account] of Object.entries(DELEGATIONS) as [
      Who,
      { username: string; delegation: string },
    ][]) {
      await addTestUser(temp.file, { ...account, displayName: `${account.delegation} delegate` });
      const signed = await signInCookie(temp.file, account.username);
      cookies.set(who, signed.cookie);
      const stores = openSqliteStores(temp.file);
      const user = await stores.accounts.findUserForSignIn(account.username);
      stores.close();
      assert.ok(user);
      actors.set(who, { userId: user.id, name: user.displayName, delegation: account.delegation });
    }
    await startConcord();
  });

  after(async () => {
    await stopConcord();
    temp.cleanup();
  });

  test('a sponsor and an observer break silence at once: both recorded, seen live, on the record', async () => {
    const draftId = await newDraft('Two breaks');
    const watcher = await RawClient.connect(wsUrl, draftId, cookies.get('sponsor2') ?? '');
    const deadline = await startSilence(draftId, 60_000);
    await watcher.until(() => readSilence(watcher.doc)?.deadline === deadline, 'the silence state');
    assert.equal(readSilence(watcher.doc)?.revisionName, 'Rev.1');

    const [bySponsor, byObserver] = await Promise.all([
      service.breakSilence(draftId, statement('sponsor'), actor('sponsor')),
      service.breakSilence(draftId, statement('observer'), actor('observer')),
    ]);
    assert.ok(bySponsor.ok && byObserver.ok);
    await watcher.until(() => readSilence(watcher.doc)?.breaks.length === 2, 'both breaks');
    const seen = readSilence(watcher.doc);
    assert.deepEqual(seen?.breaks.map((entry) => entry.delegation).sort(), ['CUB', 'VAT']);
    assert.equal(seen?.breaks[0]?.paragraphs, 'OP3, OP7');
    assert.equal(seen?.outcome, null, 'silence still runs until the deadline or its end');

    const ended = await service.endSilence(draftId, actor('facilitator'));
    assert.ok(ended.ok);
    assert.equal(ended.state?.outcome, 'broken');
    assert.deepEqual(ended.state?.endedBy, { name: 'FAC delegate', delegation: 'FAC' });
    await watcher.until(() => readSilence(watcher.doc)?.outcome === 'broken', 'the outcome');

    const late = await service.breakSilence(draftId, statement('sponsor2'), actor('sponsor2'));
    assert.equal(late.ok, false);
    assert.match(
      !late.ok ? late.error : '',
      /is over \(silence was broken.*can no longer be broken/,
    );

    const actions = await auditActions(draftId);
    assert.deepEqual(
      actions.map((entry) => entry.action),
      ['silence.started', 'silence.broken', 'silence.broken', 'silence.ended'],
    );
    const statements = actions
      .filter((entry) => entry.action === 'silence.broken')
      .map((entry) => (entry.detail as { statement: string }).statement)
      .sort();
    assert.deepEqual(
      statements,
      [statement('sponsor').statement, statement('observer').statement].sort(),
    );
    watcher.close();
  });

  test('a silence nobody breaks holds at its deadline; breaking after it is refused', async () => {
    const draftId = await newDraft('Held');
    const deadline = await startSilence(draftId, 1500);
    const again = await service.startSilence(
      draftId,
      { revision: 1, deadline },
      actor('facilitator'),
    );
    assert.deepEqual(again, {
      ok: false,
      status: 409,
      error: 'This draft is already under silence: end that procedure first.',
    });
    await eventually(async () => assert.equal((await outcomeOf(draftId))?.outcome, 'held'));
    const state = await outcomeOf(draftId);
    assert.equal(state?.endedAt, deadline, 'it ended at its deadline');
    assert.equal(state?.endedBy, null);

    const late = await service.breakSilence(draftId, statement('sponsor'), actor('sponsor'));
    assert.equal(late.ok, false);
    assert.match(!late.ok ? late.error : '', /silence held.*can no longer be broken/);
    assert.deepEqual(
      (await auditActions(draftId)).map((entry) => entry.action),
      ['silence.started', 'silence.held'],
    );
  });

  test('a start is refused without a revision, or with a deadline past or too far ahead', async () => {
    const draftId = await newDraft('Refused starts');
    const facilitator = actor('facilitator');
    const refusals = await Promise.all([
      service.startSilence(draftId, { revision: 2, deadline: Date.now() + 60_000 }, facilitator),
      service.startSilence(draftId, { revision: 1, deadline: Date.now() - 1 }, facilitator),
      service.startSilence(
        draftId,
        { revision: 1, deadline: Date.now() + 31 * 24 * 3600_000 },
        facilitator,
      ),
    ]);
    assert.deepEqual(
      refusals.map((result) => (result.ok ? 'ok' : result.error.replace(/\(it is now.*\)/, ''))),
      [
        'This draft has no Rev.2: issue the revision first.',
        'The deadline must be in the future .',
        'The deadline must be at most 30 days ahead.',
      ],
    );
  });

  test('client changes are refused during silence and accepted after; the silence map is the server’s', async () => {
    const draftId = await newDraft('Read-only');
    const chair = await RawClient.connect(wsUrl, draftId, cookies.get('facilitator') ?? '');
    const cuba = await RawClient.connect(wsUrl, draftId, cookies.get('sponsor') ?? '');
    await startSilence(draftId, 60_000);
    await chair.until(() => readSilence(chair.doc) !== null, 'the silence state');

    chair.change((doc) => firstText(doc).insert(0, 'Edited under silence. '));
    await chair.until(() => chair.refusals.length === 1, 'the refusal');
    assert.match(chair.refusals[0] ?? '', /under silence/);
    await chair.resync();
    chair.change((doc) => doc.getMap(SILENCE_FIELD).delete(SILENCE_STATE_KEY));
    await chair.until(() => chair.refusals.length === 2, 'the refusal');
    assert.equal((await outcomeOf(draftId))?.outcome, null, 'still under silence');
    // Nor does the server change the text for anyone: no decision, no revision.
    const facilitator = actor('facilitator');
    await assert.rejects(
      service.decide(
        draftId,
        { action: 'reject', ids: ['00000000-0000-4000-8000-000000000001'] },
        facilitator,
      ),
      { name: 'UnderSilenceError' },
    );
    await assert.rejects(
      service.issueRevision(draftId, { note: '', pending: 'carry' }, facilitator),
      {
        name: 'UnderSilenceError',
      },
    );

    assert.ok((await service.endSilence(draftId, actor('facilitator'))).ok);
    const summaries = (await auditActions(draftId)).map(
      ({ detail }) => (detail as { summary?: string }).summary,
    );
    assert.ok(
      summaries.some((summary) =>
        /^Rev\.1 put under silence until \d{4}-\d\d-\d\dT/.test(summary ?? ''),
      ),
      'the record says it in words',
    );
    assert.ok(
      summaries.some((summary) =>
        /^Silence on Rev\.1 ended before .+, unbroken\.$/.test(summary ?? ''),
      ),
      'the early end says it was unbroken',
    );
    await chair.resync();
    assert.equal(readSilence(chair.doc)?.outcome, 'ended');
    // After silence: writing the silence map is still refused, whether set or deleted.
    chair.change((doc) => doc.getMap(SILENCE_FIELD).delete(SILENCE_STATE_KEY));
    await chair.until(() => chair.refusals.length === 3, 'the refusal');
    assert.match(chair.refusals[2] ?? '', /silence procedure is written by the server only/);
    await chair.resync();
    chair.change((doc) =>
      doc.getMap(SILENCE_FIELD).set(SILENCE_STATE_KEY, { ...readSilence(doc), outcome: 'held' }),
    );
    await chair.until(() => chair.refusals.length === 4, 'the refusal');
    assert.match(chair.refusals[3] ?? '', /silence procedure is written by the server only/);
    await chair.resync();
    assert.equal(readSilence(chair.doc)?.outcome, 'ended', 'the server’s state stands');

    // Nor are the draft's settings the clients' (deleting the amendment model would make the
    // draft read as holding marks).
    chair.change((doc) => doc.getMap(SETTINGS_FIELD).delete('amendmentModel'));
    await chair.until(() => chair.refusals.length === 5, 'the refusal');
    assert.match(chair.refusals[4] ?? '', /settings are written by the server only/);
    await chair.resync();
    assert.equal(chair.doc.getMap(SETTINGS_FIELD).get('amendmentModel'), 'objects');

    // Compromises too are the server's (the routes say who may make or answer one).
    chair.change((doc) =>
      doc.getMap(COMPROMISES_FIELD).set(newId(), { compromise: 'x', supersedes: [], asked: [] }),
    );
    await chair.until(() => chair.refusals.length === 6, 'the refusal');
    assert.match(
      chair.refusals[5] ?? '',
      /compromises are written by the server only|unknown field "compromises"/,
    );
    await chair.resync();

    chair.change((doc) => firstText(doc).insert(0, 'Edited after silence. '));
    await cuba.until(
      () => firstText(cuba.doc).toString().startsWith('Edited after silence.'),
      'the edit relayed',
    );
    assert.equal(chair.refusals.length, 6, 'the edit after silence was accepted');
    chair.close();
    cuba.close();
  });

  test('a restart keeps the deadline; a deadline passed while the server was down is settled at start', async () => {
    const runsOn = await newDraft('Runs across a restart');
    const passes = await newDraft('Deadline while down');
    const later = await startSilence(runsOn, 6000);
    const soon = await startSilence(passes, 1000);
    assert.ok((await service.breakSilence(passes, statement('sponsor'), actor('sponsor'))).ok);
    await stopConcord();
    while (Date.now() <= soon) await new Promise((resolve) => setTimeout(resolve, 50));
    await startConcord();

    const settled = await outcomeOf(passes);
    assert.equal(settled?.outcome, 'broken', 'settled when the server started');
    assert.equal(settled?.endedAt, soon);
    const running = await outcomeOf(runsOn);
    assert.equal(running?.outcome, null, 'still under silence after the restart');
    assert.equal(running?.deadline, later, 'with the same deadline');
    const late = await service.breakSilence(passes, statement('sponsor2'), actor('sponsor2'));
    assert.equal(late.ok, false);

    await eventually(async () => assert.equal((await outcomeOf(runsOn))?.outcome, 'held'), 15_000);
    assert.deepEqual(
      (await auditActions(runsOn)).map((entry) => entry.action),
      ['silence.started', 'silence.held'],
    );
  });
});
