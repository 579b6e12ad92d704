import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  addDelegation,
  AdminInputError,
  addUser,
  createDraftWithFacilitator,
  grantDraftRole,
  removeUser,
  withdrawDraftRole,
} from '@/lib/accounts/administration';
import { verifyPassword } from '@/lib/auth/passwords';
import { openSqliteStores, type Stores } from '@/lib/db/stores';
import { newId } from '@/lib/schema/new-id';
import { tempDatabasePath } from '@/lib/testing/temp-database';

const temp = tempDatabasePath();
let stores: Stores;

const PASSWORD = 'a long enough password';

before(async () => {
  stores = openSqliteStores(temp.file);
  await addDelegation(stores, { code: 'CUB', name: 'Cuba' });
  await addDelegation(stores, { code: 'USA', name: 'United States' });
});

after(() => {
  stores?.close();
  temp.cleanup();
});

/** Asserts an AdminInputError whose message matches `message`. */
async function rejectsInput(attempt: () => Promise<unknown>, message: RegExp): Promise<void> {
  // Wrapped: addDelegation throws its validation errors synchronously (see report).
  await assert.rejects(
    async () => attempt(),
    (error: unknown) => {
      assert.ok(error instanceof AdminInputError, `expected AdminInputError, got ${String(error)}`);
      assert.equal(error.name, 'AdminInputError');
      assert.match(error.message, message);
      return true;
    },
  );
}

const CODE_RULE = /2 to 12 letters or digits, starting with a letter/;

describe('addDelegation', () => {
  test('upper-cases and trims the code, and stores the delegation', async () => {
    const delegation = await addDelegation(stores, { code: ' g77 ', name: '  Group of 77  ' });
    assert.deepEqual(delegation, { code: 'G77', name: 'Group of 77' });
    assert.deepEqual(await stores.accounts.getDelegation('G77'), {
      code: 'G77',
      name: 'Group of 77',
    });
    assert.equal(await stores.accounts.getDelegation('g77'), null, 'stored upper-case only');
  });

  test('accepts codes of 2 and of 12 characters', async () => {
    assert.equal((await addDelegation(stores, { code: 'EU', name: 'European Union' })).code, 'EU');
    assert.equal(
      (await addDelegation(stores, { code: 'ABCDEFGHIJ12', name: 'Twelve' })).code,
      'ABCDEFGHIJ12',
    );
  });

  for (const code of ['c', '1AB', 'TOO-LONG-CODE-X', 'ABCDEFGHIJ123', 'C B', '', 'CU-B']) {
    test(`rejects the code ${JSON.stringify(code)} with a helpful message`, async () => {
      await rejectsInput(() => addDelegation(stores, { code, name: 'Somewhere' }), CODE_RULE);
      assert.equal(
        (await stores.accounts.listDelegations()).some((d) => d.name === 'Somewhere'),
        false,
        'nothing stored',
      );
    });
  }

  test('rejects an empty or over-long name', async () => {
    await rejectsInput(() => addDelegation(stores, { code: 'NAM', name: '   ' }), /name/);
    await rejectsInput(() => addDelegation(stores, { code: 'NAM', name: 'x'.repeat(121) }), /120/);
    assert.equal(await stores.accounts.getDelegation('NAM'), null);
  });

  test('rejects a duplicate code, whatever its case', async () => {
    await addDelegation(stores, { code: 'FRA', name: 'France' });
    await rejectsInput(() => addDelegation(stores, { code: 'FRA', name: 'France again' }), /FRA/);
    await rejectsInput(
      () => addDelegation(stores, { code: 'fra', name: 'France again' }),
      /exists/,
    );
    assert.deepEqual(await stores.accounts.getDelegation('FRA'), { code: 'FRA', name: 'France' });
  });
});

describe('addUser', () => {
  test('stores a normalised username, a default display name and a password hash', async () => {
    const user = await addUser(stores, {
      username: '  Ana.Lopez ',
      delegationCode: 'cub',
      password: PASSWORD,
    });
    assert.equal(user.username, 'ana.lopez');
    assert.equal(user.displayName, 'ana.lopez');
    assert.deepEqual(user.delegation, { code: 'CUB', name: 'Cuba' });
    assert.equal(user.isSecretariat, false);
    assert.equal(user.isDemo, false);
    assert.equal(user.removedAt, null);
    assert.equal('passwordHash' in user, false);

    const stored = await stores.accounts.findUserForSignIn('ana.lopez');
    assert.ok(stored);
    assert.ok(stored.passwordHash.startsWith('$argon2id$'));
    assert.equal(await verifyPassword(stored.passwordHash, PASSWORD), true);
  });

  test('keeps a given display name and flags', async () => {
    const user = await addUser(stores, {
      username: 'sec.one',
      displayName: '  Secretariat One ',
      delegationCode: 'USA',
      password: PASSWORD,
      isSecretariat: true,
      isDemo: true,
    });
    assert.equal(user.displayName, 'Secretariat One');
    assert.equal(user.isSecretariat, true);
    assert.equal(user.isDemo, true);
  });

  test('rejects a password under 10 characters, accepts one of exactly 10', async () => {
    await rejectsInput(
      () => addUser(stores, { username: 'shortpw', delegationCode: 'CUB', password: '123456789' }),
      /at least 10 characters/,
    );
    assert.equal(await stores.accounts.findUserForSignIn('shortpw'), null);
    const user = await addUser(stores, {
      username: 'shortpw',
      delegationCode: 'CUB',
      password: '1234567890',
    });
    assert.equal(user.username, 'shortpw');
  });

  test('rejects an over-long password', async () => {
    await rejectsInput(
      () =>
        addUser(stores, { username: 'longpw', delegationCode: 'CUB', password: 'x'.repeat(257) }),
      /at most 256 characters/,
    );
  });

  test('rejects an unknown delegation, naming it', async () => {
    await rejectsInput(
      () => addUser(stores, { username: 'nodeleg', delegationCode: 'xyz', password: PASSWORD }),
      /no delegation with code XYZ/,
    );
    await rejectsInput(
      () => addUser(stores, { username: 'nodeleg', delegationCode: '1x', password: PASSWORD }),
      CODE_RULE,
    );
    assert.equal(await stores.accounts.findUserForSignIn('nodeleg'), null);
  });

  test('rejects a duplicate username, whatever its case', async () => {
    await addUser(stores, { username: 'dup', delegationCode: 'CUB', password: PASSWORD });
    await rejectsInput(
      () => addUser(stores, { username: 'dup', delegationCode: 'USA', password: PASSWORD }),
      /dup.*taken/,
    );
    await rejectsInput(
      () => addUser(stores, { username: ' DUP ', delegationCode: 'USA', password: PASSWORD }),
      /taken/,
    );
    const stored = await stores.accounts.findUserForSignIn('dup');
    assert.equal(stored?.delegation.code, 'CUB', 'the first one is kept');
  });

  for (const username of [
    'a',
    '',
    '  ',
    'has space',
    '-leading',
    '.leading',
    'ünïcode',
    'a/b',
    'x'.repeat(65),
  ]) {
    test(`rejects the username ${JSON.stringify(username)}`, async () => {
      await rejectsInput(
        () => addUser(stores, { username, delegationCode: 'CUB', password: PASSWORD }),
        /A username is 2 to 64 letters, digits, dots, dashes or underscores/,
      );
    });
  }

  test('accepts usernames of 2 and of 64 characters with dots, dashes and underscores', async () => {
    assert.equal(
      (await addUser(stores, { username: 'ab', delegationCode: 'CUB', password: PASSWORD }))
        .username,
      'ab',
    );
    const long = `a${'._-9'.repeat(15)}xyz`;
    assert.equal(long.length, 64);
    assert.equal(
      (await addUser(stores, { username: long, delegationCode: 'CUB', password: PASSWORD }))
        .username,
      long,
    );
  });
});

describe('removeUser', () => {
  test('removes a user once; then there is no such user', async () => {
    await addUser(stores, { username: 'leaving', delegationCode: 'CUB', password: PASSWORD });
    const removed = await removeUser(stores, ' Leaving ');
    assert.equal(removed.username, 'leaving');
    const stored = await stores.accounts.findUserForSignIn('leaving');
    assert.ok(stored?.removedAt !== null && stored?.removedAt !== undefined);
    await rejectsInput(() => removeUser(stores, 'leaving'), /no user leaving/);
    await rejectsInput(() => removeUser(stores, 'never-was'), /no user never-was/);
  });
});

describe('draft roles', () => {
  test('grantDraftRole rejects an unknown role, draft or delegation', async () => {
    const draft = await createDraftWithFacilitator(stores, { title: 'Roles' });
    await rejectsInput(
      () => grantDraftRole(stores, { draftId: draft.id, delegationCode: 'CUB', role: 'owner' }),
      /A role is one of: facilitator, sponsor, observer/,
    );
    await rejectsInput(
      () => grantDraftRole(stores, { draftId: draft.id, delegationCode: 'CUB', role: 'Sponsor' }),
      /A role is one of/,
    );
    const missing = newId();
    await rejectsInput(
      () => grantDraftRole(stores, { draftId: missing, delegationCode: 'CUB', role: 'sponsor' }),
      new RegExp(`no draft ${missing}`),
    );
    await rejectsInput(
      () =>
        grantDraftRole(stores, { draftId: 'not-an-id', delegationCode: 'CUB', role: 'sponsor' }),
      /no draft not-an-id/,
    );
    await rejectsInput(
      () => grantDraftRole(stores, { draftId: draft.id, delegationCode: 'zzz', role: 'sponsor' }),
      /no delegation with code ZZZ/,
    );
    await rejectsInput(
      () => grantDraftRole(stores, { draftId: draft.id, delegationCode: '9', role: 'sponsor' }),
      CODE_RULE,
    );
    assert.deepEqual(await stores.accounts.listGrants(draft.id), []);
  });

  test('grantDraftRole grants, and a second grant replaces the role', async () => {
    const draft = await createDraftWithFacilitator(stores, { title: 'Regrant' });
    const granted = await grantDraftRole(stores, {
      draftId: draft.id,
      delegationCode: 'cub',
      role: 'sponsor',
    });
    assert.equal(granted.role, 'sponsor');
    assert.deepEqual(granted.delegation, { code: 'CUB', name: 'Cuba' });
    assert.equal(granted.draft.id, draft.id);
    assert.equal(await stores.accounts.getRole(draft.id, 'CUB'), 'sponsor');

    await grantDraftRole(stores, { draftId: draft.id, delegationCode: 'CUB', role: 'observer' });
    assert.equal(await stores.accounts.getRole(draft.id, 'CUB'), 'observer');
    const grants = await stores.accounts.listGrants(draft.id);
    assert.deepEqual(
      grants.map((g) => [g.delegation.code, g.role]),
      [['CUB', 'observer']],
    );
    assert.equal(await stores.accounts.getRole(draft.id, 'USA'), null);
  });

  test('withdrawDraftRole withdraws, and refuses when there is no role', async () => {
    const draft = await createDraftWithFacilitator(stores, { title: 'Withdraw' });
    await grantDraftRole(stores, { draftId: draft.id, delegationCode: 'CUB', role: 'sponsor' });
    await grantDraftRole(stores, { draftId: draft.id, delegationCode: 'USA', role: 'observer' });
    await withdrawDraftRole(stores, { draftId: draft.id, delegationCode: 'cub' });
    assert.equal(await stores.accounts.getRole(draft.id, 'CUB'), null);
    assert.equal(await stores.accounts.getRole(draft.id, 'USA'), 'observer', 'others kept');
    await rejectsInput(
      () => withdrawDraftRole(stores, { draftId: draft.id, delegationCode: 'CUB' }),
      /Cuba has no role on this draft/,
    );
    await rejectsInput(
      () => withdrawDraftRole(stores, { draftId: newId(), delegationCode: 'USA' }),
      /no draft/,
    );
    await rejectsInput(
      () => withdrawDraftRole(stores, { draftId: draft.id, delegationCode: 'ZZZ' }),
      /no delegation with code ZZZ/,
    );
  });

  test('createDraftWithFacilitator trims the title and grants facilitator', async () => {
    const draft = await createDraftWithFacilitator(stores, {
      title: '  Oceans and the law of the sea ',
      facilitator: 'usa',
    });
    assert.equal(draft.title, 'Oceans and the law of the sea');
    assert.deepEqual(await stores.drafts.getDraft(draft.id), draft);
    assert.equal(await stores.accounts.getRole(draft.id, 'USA'), 'facilitator');
    assert.deepEqual(
      (await stores.accounts.listGrants(draft.id)).map((g) => [g.delegation.code, g.role]),
      [['USA', 'facilitator']],
    );
  });

  test('createDraftWithFacilitator without a facilitator grants nothing', async () => {
    const draft = await createDraftWithFacilitator(stores, { title: 'Unassigned' });
    assert.deepEqual(await stores.accounts.listGrants(draft.id), []);
  });

  test('createDraftWithFacilitator rejects a bad title or facilitator and creates nothing', async () => {
    const count = async () => (await stores.drafts.listDrafts()).length;
    const before = await count();
    await rejectsInput(() => createDraftWithFacilitator(stores, { title: '   ' }), /title/);
    await rejectsInput(
      () => createDraftWithFacilitator(stores, { title: 'x'.repeat(301) }),
      /under 300 characters/,
    );
    await rejectsInput(
      () => createDraftWithFacilitator(stores, { title: 'Orphan', facilitator: 'ZZZ' }),
      /no delegation with code ZZZ/,
    );
    assert.equal(await count(), before);
  });

  test('listDraftsForDelegation shows only that delegation’s drafts, with its role', async () => {
    await addDelegation(stores, { code: 'GER', name: 'Germany' });
    await addDelegation(stores, { code: 'JPN', name: 'Japan' });
    await addDelegation(stores, { code: 'KEN', name: 'Kenya' });
    const a = await createDraftWithFacilitator(stores, { title: 'A', facilitator: 'GER' });
    const b = await createDraftWithFacilitator(stores, { title: 'B', facilitator: 'JPN' });
    const c = await createDraftWithFacilitator(stores, { title: 'C', facilitator: 'JPN' });
    await grantDraftRole(stores, { draftId: c.id, delegationCode: 'GER', role: 'observer' });
    await grantDraftRole(stores, { draftId: b.id, delegationCode: 'GER', role: 'sponsor' });
    await withdrawDraftRole(stores, { draftId: b.id, delegationCode: 'GER' });

    const listed = async (code: string) =>
      (await stores.accounts.listDraftsForDelegation(code))
        .map((d) => [d.id, d.title, d.role])
        .sort((x, y) => String(x[1]).localeCompare(String(y[1])));

    assert.deepEqual(await listed('GER'), [
      [a.id, 'A', 'facilitator'],
      [c.id, 'C', 'observer'],
    ]);
    assert.deepEqual(await listed('JPN'), [
      [b.id, 'B', 'facilitator'],
      [c.id, 'C', 'facilitator'],
    ]);
    assert.deepEqual(await listed('KEN'), []);
  });
});
