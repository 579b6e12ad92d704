import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { storeEngines, withRaw, withStores } from '@/server/testing/store-engines';
import { newId } from '../schema/new-id';
import { isAccountConflict } from './account-store';
import { RevisionConflictError } from './revision-store';

const { engines, cleanup } = await storeEngines();
after(cleanup);

const user = (id: string, username: string, delegationCode = 'CUB') => ({
  id,
  username,
  displayName: username,
  delegationCode,
  passwordHash: 'not a real hash',
  isSecretariat: false,
  isDemo: false,
});

for (const engine of engines) {
  describe(`account and revision stores on ${engine.name}`, { skip: engine.skip }, () => {
    test('conflicts are AccountConflictError; roles, sessions and removal behave alike', () =>
      withStores(engine, async ({ accounts, drafts }) => {
        await accounts.addDelegation({ code: 'CUB', name: 'Cuba' });
        await assert.rejects(
          accounts.addDelegation({ code: 'CUB', name: 'Again' }),
          isAccountConflict,
        );
        const ana = await accounts.addUser(user('u-1', 'ana'));
        assert.deepEqual(
          [ana.delegation.name, ana.isSecretariat, ana.removedAt],
          ['Cuba', false, null],
        );
        await assert.rejects(accounts.addUser(user('u-2', 'ana')), /username ana is taken/);
        await assert.rejects(
          accounts.addUser(user('u-3', 'eve', 'XXX')),
          /no delegation with code XXX/,
        );
        await drafts.createDraft({ id: 'a-1', title: 'A', initialUpdate: new Uint8Array([0, 0]) });
        await accounts.grantRole('a-1', 'CUB', 'sponsor');
        await accounts.grantRole('a-1', 'CUB', 'facilitator');
        await assert.rejects(accounts.grantRole('nope', 'CUB', 'sponsor'), isAccountConflict);
        assert.equal(await accounts.getRole('a-1', 'CUB'), 'facilitator');
        assert.deepEqual(
          (await accounts.listDraftsForDelegation('CUB')).map((d) => [d.id, d.role]),
          [['a-1', 'facilitator']],
        );
        assert.equal((await accounts.listGrants('a-1')).length, 1);
        assert.equal(await accounts.withdrawRole('a-1', 'CUB'), true);
        assert.equal(await accounts.withdrawRole('a-1', 'CUB'), false);
        const sid = newId();
        await accounts.createSession({ id: sid, userId: 'u-1', expiresAt: Date.now() + 60_000 });
        assert.equal((await accounts.getSession(sid))?.revokedAt, null);
        await accounts.removeUser('u-1');
        assert.notEqual((await accounts.getSession(sid))?.revokedAt, null, 'removal ends sessions');
        assert.notEqual((await accounts.getUser('u-1'))?.removedAt, null);
        assert.equal(await accounts.countUsers(), 1);
      }));

    test('a setting created by two connections at once has one value', async () => {
      const a = engine.open();
      const b = engine.open();
      try {
        const values = await Promise.all([
          a.accounts.getOrCreateSetting('k', () => 'from a'),
          b.accounts.getOrCreateSetting('k', () => 'from b'),
        ]);
        assert.equal(new Set(values).size, 1);
      } finally {
        await a.close();
        await b.close();
      }
    });

    test('a revision number is taken once; revisions never change in the database', async () => {
      await withStores(engine, async ({ revisions, drafts }) => {
        await drafts.createDraft({ id: 'r-1', title: 'R', initialUpdate: new Uint8Array([0, 0]) });
        const revision = {
          draftId: 'r-1',
          number: 1,
          name: 'Rev.1',
          symbol: 'A/C.3/79/L.1/Rev.1',
          issuedAt: 1000,
          issuedBy: { userId: 'u-1', name: 'Ana', delegation: 'CUB' },
          note: '',
          content: { header: {} as never, body: { type: 'doc' } },
        };
        await revisions.add(revision);
        await assert.rejects(revisions.add(revision), RevisionConflictError);
        assert.deepEqual((await revisions.get('r-1', 1))?.content.body, { type: 'doc' });
        assert.deepEqual(
          (await revisions.list('r-1')).map((r) => r.name),
          ['Rev.1'],
        );
        await revisions.markSeen('u-1', 'r-1', 1);
        await revisions.markSeen('u-1', 'r-1', 0);
        assert.equal(await revisions.lastSeen('u-1', 'r-1'), 1, 'the newest one read is kept');
      });
      await withRaw(engine, async (raw) => {
        await assert.rejects(raw.all("UPDATE draft_revisions SET note = 'x'"), /never changes/);
        await assert.rejects(raw.all('DELETE FROM draft_revisions'), /never changes/);
      });
    });
  });
}
