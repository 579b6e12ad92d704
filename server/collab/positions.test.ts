import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as Y from 'yjs';
import { amendmentsMap, newAmendmentMeta } from '@/lib/amendments/model';
import {
  POSITIONS_FIELD,
  positionsSentence,
  readPositions,
  type PositionSummary,
} from '@/lib/amendments/positions';
import { proposeText } from '@/lib/amendments/propose';
import { withdrawProposal, readProposals } from '@/lib/amendments/proposals';
import { BODY_FIELD } from '@/lib/collab/protocol';
import { getDraftService, type DraftService } from '@/lib/collab/draft-service';
import type { PositionActor } from '@/lib/db/position-store';
import { openSqliteStores } from '@/lib/db/stores';
import { parseEnv } from '@/lib/env';
import { newId } from '@/lib/schema/new-id';
import { tempDatabasePath } from '@/lib/testing/temp-database';
import { startServer, type RunningServer } from '../http-server';
import { addTestUser, createTestDraft, grantTestRole, signInCookie } from '../testing/accounts';
import { RawClient } from '../testing/raw-client';

const temp = tempDatabasePath();
const PEOPLE = {
  chair: { delegation: 'FAC', role: 'facilitator' },
  cuba: { delegation: 'CUB', role: 'sponsor' },
  cuba2: { delegation: 'CUB', role: 'sponsor' },
  norway: { delegation: 'NOR', role: 'sponsor' },
  holysee: { delegation: 'VAT', role: 'observer' },
} as const;
type Who = keyof typeof PEOPLE;

const actors = new Map<Who, PositionActor>();
const cookies = new Map<Who, string>();
let server: RunningServer | null = null;
let service: DraftService;
let wsUrl = '';

function actor(who: Who): PositionActor {
  const found = actors.get(who);
  assert.ok(found);
  return found;
}

async function newDraft(title: string): Promise<string> {
  const { id } = await createTestDraft(temp.file, {
    title,
    delegation: 'FAC',
    role: 'facilitator',
  });
  for (const { delegation, role } of Object.values(PEOPLE)) {
    if (delegation !== 'FAC') await grantTestRole(temp.file, id, delegation, role);
  }
  return id;
}

/** A sponsor's client proposes words at the start of the first OP: the amendment's id. */
function propose(client: RawClient, who: Who): string {
  const amendment = newId();
  client.change((doc) => {
    amendmentsMap(doc).set(amendment, newAmendmentMeta(actor(who), new Date().toISOString(), []));
    const operative = doc.getXmlFragment(BODY_FIELD).get(1) as Y.XmlElement;
    const paragraph = operative.get(0) as Y.XmlElement;
    proposeText(doc, {
      amendment,
      delegation: actor(who).delegation,
      paragraphId: String(paragraph.getAttribute('paragraphId')),
      from: 0,
      to: 0,
      content: [{ insert: 'Firmly ' }],
    });
  });
  return amendment;
}

/** Waits until `client` (another delegation's) has the proposal: it went through the server. */
function relayed(client: RawClient, amendment: string): Promise<void> {
  return client.until(
    () => readProposals(client.doc).some((p) => p.amendment === amendment),
    'the proposal relayed',
  );
}

function seen(doc: Y.Doc, amendment: string): PositionSummary | undefined {
  return readPositions(doc).get(amendment);
}

async function auditOf(draftId: string) {
  const stores = openSqliteStores(temp.file);
  try {
    return (await stores.audit.list(draftId)).map(({ action, delegation, paragraph, detail }) => ({
      action,
      delegation,
      paragraph,
      summary: (detail as { summary?: string }).summary,
    }));
  } finally {
    stores.close();
  }
}

describe('positions on proposals', () => {
  before(async () => {
    for (const [who, { delegation }] of Object.entries(PEOPLE) as [Who, { delegation: string }][]) {
      await addTestUser(temp.file, { username: who, delegation, displayName: `${who} delegate` });
      cookies.set(who, (await signInCookie(temp.file, who)).cookie);
      const stores = openSqliteStores(temp.file);
      const user = await stores.accounts.findUserForSignIn(who);
      stores.close();
      assert.ok(user);
      actors.set(who, { userId: user.id, name: user.displayName, delegation });
    }
    server = await startServer(
      parseEnv({ HOST: '127.0.0.1', PORT: '0', DATABASE_PATH: temp.file }),
      openSqliteStores(temp.file),
      { web: false },
    );
    const registered = getDraftService();
    assert.ok(registered);
    service = registered;
    wsUrl = `ws://127.0.0.1:${server.port}`;
  });

  after(async () => {
    await server?.close();
    temp.cleanup();
  });

  test('support and objection are recorded, replace each other, and every client sees them live', async () => {
    const draftId = await newDraft('Support');
    const cuba = await RawClient.connect(wsUrl, draftId, cookies.get('cuba') ?? '');
    const watcher = await RawClient.connect(wsUrl, draftId, cookies.get('holysee') ?? '');
    const amendment = propose(cuba, 'cuba');
    await relayed(watcher, amendment);

    const [byNorway, byObserver, byChair] = await Promise.all([
      service.takePosition(draftId, amendment, 'support', actor('norway')),
      service.takePosition(draftId, amendment, 'object', actor('holysee')),
      service.takePosition(draftId, amendment, 'support', actor('chair')),
    ]);
    assert.ok(byNorway.ok && byObserver.ok && byChair.ok);
    await watcher.until(() => {
      const summary = seen(watcher.doc, amendment);
      return (summary?.support.length ?? 0) + (summary?.object.length ?? 0) === 3;
    }, 'three positions');
    assert.deepEqual(seen(watcher.doc, amendment)?.object, ['VAT']);
    assert.deepEqual([...(seen(watcher.doc, amendment)?.support ?? [])].sort(), ['FAC', 'NOR']);

    // The observer changes its mind: its support replaces its objection.
    const changed = await service.takePosition(draftId, amendment, 'support', actor('holysee'));
    assert.ok(changed.ok);
    assert.deepEqual(changed.positions.object, []);
    await cuba.until(() => seen(cuba.doc, amendment)?.support.length === 3, 'VAT supporting');
    assert.equal(
      positionsSentence(seen(cuba.doc, amendment)!).replace(/[A-Z]{3}, [A-Z]{3}/, 'X'),
      'Supported by X, VAT',
    );
    const withdrawn = await service.withdrawPosition(draftId, amendment, actor('holysee'));
    assert.ok(withdrawn.ok);
    await cuba.until(() => seen(cuba.doc, amendment)?.support.length === 2, 'VAT withdrawn');

    const audit = await auditOf(draftId);
    assert.deepEqual(
      audit.filter((entry) => entry.delegation === 'VAT'),
      [
        {
          action: 'proposal.objected',
          delegation: 'VAT',
          paragraph: 'OP1',
          summary: 'VAT objects to CUB’s amendment.',
        },
        {
          action: 'proposal.supported',
          delegation: 'VAT',
          paragraph: 'OP1',
          summary: 'VAT supports CUB’s amendment (it objected before).',
        },
        {
          action: 'proposal.position-withdrawn',
          delegation: 'VAT',
          paragraph: 'OP1',
          summary: 'VAT withdrew its support for CUB’s amendment.',
        },
      ],
    );
    cuba.close();
    watcher.close();
  });

  test('refused: one’s own amendment, an unknown one, a withdrawn one and a decided one', async () => {
    const draftId = await newDraft('Refused');
    const cuba = await RawClient.connect(wsUrl, draftId, cookies.get('cuba') ?? '');
    const norway = await RawClient.connect(wsUrl, draftId, cookies.get('norway') ?? '');
    const decided = propose(cuba, 'cuba');
    const withdrawn = propose(norway, 'norway');
    await relayed(norway, decided);
    await relayed(cuba, withdrawn);

    const own = await service.takePosition(draftId, decided, 'support', actor('cuba2'));
    assert.deepEqual(own, {
      ok: false,
      status: 409,
      error: 'This is your own delegation’s amendment: support or object to another’s.',
    });
    const unknown = await service.takePosition(draftId, newId(), 'object', actor('norway'));
    assert.equal(!unknown.ok && unknown.status, 404);

    norway.change((doc) => {
      for (const proposal of readProposals(doc)) {
        if (proposal.amendment === withdrawn) withdrawProposal(doc, proposal.id);
      }
    });
    await cuba.until(
      () => readProposals(cuba.doc).some((p) => p.amendment === withdrawn && p.withdrawn),
      'the withdrawal',
    );
    const onWithdrawn = await service.takePosition(draftId, withdrawn, 'support', actor('cuba'));
    assert.match(!onWithdrawn.ok ? onWithdrawn.error : '', /NOR has been withdrawn/);

    assert.ok((await service.takePosition(draftId, decided, 'object', actor('norway'))).ok);
    const report = await service.decide(
      draftId,
      { action: 'accept', ids: [decided] },
      actor('chair'),
    );
    assert.equal(report?.done.length, 1);
    const late = await service.takePosition(draftId, decided, 'support', actor('holysee'));
    assert.match(
      !late.ok ? late.error : '',
      /CUB has been accepted: positions are taken on pending/,
    );
    const lateWithdrawal = await service.withdrawPosition(draftId, decided, actor('norway'));
    assert.equal(lateWithdrawal.ok, false, 'the record stands once decided');
    assert.deepEqual(seen(cuba.doc, decided)?.object, ['NOR']);
    cuba.close();
    norway.close();
  });

  test('a delegation withdraws its own position only: another’s stays; a colleague may withdraw its delegation’s', async () => {
    const draftId = await newDraft('Whose position');
    const norway = await RawClient.connect(wsUrl, draftId, cookies.get('norway') ?? '');
    const chair = await RawClient.connect(wsUrl, draftId, cookies.get('chair') ?? '');
    const amendment = propose(norway, 'norway');
    await relayed(chair, amendment);
    chair.close();
    assert.ok((await service.takePosition(draftId, amendment, 'support', actor('cuba'))).ok);
    const byObserver = await service.withdrawPosition(draftId, amendment, actor('holysee'));
    assert.deepEqual(byObserver, {
      ok: false,
      status: 409,
      error: 'Your delegation has taken no position on NOR’s amendment.',
    });
    await norway.until(() => seen(norway.doc, amendment)?.support[0] === 'CUB', 'CUB’s support');
    assert.deepEqual(seen(norway.doc, amendment), { support: ['CUB'], object: [] });

    const byColleague = await service.withdrawPosition(draftId, amendment, actor('cuba2'));
    assert.ok(byColleague.ok, 'a position is the delegation’s, whoever of it took it');
    await norway.until(() => seen(norway.doc, amendment) === undefined, 'withdrawn');
    norway.close();
  });

  test('a client writing the positions map is refused, whether it adds, changes or deletes', async () => {
    const draftId = await newDraft('Hostile');
    const cuba = await RawClient.connect(wsUrl, draftId, cookies.get('cuba') ?? '');
    const norway = await RawClient.connect(wsUrl, draftId, cookies.get('norway') ?? '');
    const amendment = propose(cuba, 'cuba');
    await relayed(norway, amendment);
    assert.ok((await service.takePosition(draftId, amendment, 'object', actor('norway'))).ok);
    await cuba.until(() => seen(cuba.doc, amendment) !== undefined, 'NOR’s objection');

    cuba.change((doc) =>
      doc
        .getMap(POSITIONS_FIELD)
        .set(amendment, [{ delegation: 'NOR', position: 'support', at: Date.now() }]),
    );
    await cuba.until(() => cuba.refusals.length === 1, 'the refusal');
    assert.match(cuba.refusals[0] ?? '', /support and objections are written by the server only/);
    await cuba.resync();
    cuba.change((doc) => doc.getMap(POSITIONS_FIELD).delete(amendment));
    await cuba.until(() => cuba.refusals.length === 2, 'the refusal');
    assert.match(cuba.refusals[1] ?? '', /written by the server only/);
    cuba.change((doc) =>
      doc
        .getMap(POSITIONS_FIELD)
        .set(newId(), [{ delegation: 'USA', position: 'support', at: Date.now() }]),
    );
    await cuba.until(() => cuba.refusals.length === 3, 'the refusal');
    await cuba.resync();
    assert.deepEqual(seen(cuba.doc, amendment), { support: [], object: ['NOR'] });
    assert.deepEqual(seen(norway.doc, amendment), { support: [], object: ['NOR'] });
    assert.equal(readPositions(norway.doc).size, 1, 'nothing of it reached the others');
    cuba.close();
    norway.close();
  });
});
