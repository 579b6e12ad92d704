import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { runBindingFuzz } from '@/lib/testing/binding-fuzz';
import { checkProposalChanges } from './proposal-rules';
import { changesOf } from './update-rules';

/**
 * Issue 19: with the server's rule for amendments as objects enforced on every
 * update, honest delegates typing in bound editors (random delivery, offline
 * bursts, decisions) are never refused.
 */

function enforce(
  server: Y.Doc,
  update: Uint8Array,
  author: { userId: string; name: string; delegation: string },
) {
  const shadow = new Y.Doc();
  Y.applyUpdate(shadow, Y.encodeStateAsUpdate(server));
  checkProposalChanges(server, shadow, changesOf(shadow, update), { ...author, role: 'sponsor' });
}

test('no honest update is refused by the proposal rule', () => {
  let updates = 0;
  for (const [seed, edits, offline] of [
    [21, 60, false],
    [22, 60, false],
    [23, 60, false],
    [24, 150, true],
  ] as const) {
    const result = runBindingFuzz({
      seed,
      edits,
      offline,
      decisions: true,
      check: (server, update, author) => {
        updates++;
        enforce(server, update, author);
      },
    });
    assert.deepEqual(result.serverRefusals, []);
    assert.deepEqual(result.disagreements, []);
  }
  assert.ok(updates > 200, `${updates} updates checked`);
});
