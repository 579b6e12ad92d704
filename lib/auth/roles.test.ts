import assert from 'node:assert/strict';
import { test } from 'node:test';
import { can, DRAFT_ROLES, isDraftRole, type DraftAction, type DraftRole } from '@/lib/auth/roles';

const ACTIONS: readonly DraftAction[] = ['view', 'edit', 'decide'];

/** The rules, written out independently of DRAFT_PERMISSIONS. */
const EXPECTED: ReadonlyArray<[DraftRole | null, Record<DraftAction, boolean>]> = [
  ['facilitator', { view: true, edit: true, decide: true }],
  ['sponsor', { view: true, edit: true, decide: false }],
  ['observer', { view: true, edit: false, decide: false }],
  [null, { view: false, edit: false, decide: false }],
];

test('the expected table covers every role in DRAFT_ROLES, plus no role', () => {
  assert.deepEqual(
    EXPECTED.map(([role]) => role),
    [...DRAFT_ROLES, null],
  );
});

for (const [role, allowed] of EXPECTED) {
  for (const action of ACTIONS) {
    test(`can(${String(role)}, ${action}) is ${allowed[action]}`, () => {
      assert.equal(can(role, action), allowed[action]);
    });
  }
}

test('isDraftRole accepts exactly the three roles', () => {
  for (const role of ['facilitator', 'sponsor', 'observer']) {
    assert.equal(isDraftRole(role), true, role);
  }
  for (const value of [
    'Facilitator',
    'SPONSOR',
    ' observer',
    'owner',
    '',
    null,
    undefined,
    0,
    ['sponsor'],
    { role: 'sponsor' },
  ]) {
    assert.equal(isDraftRole(value), false, JSON.stringify(value));
  }
});
