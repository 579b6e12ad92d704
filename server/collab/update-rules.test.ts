import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { resolutionJSON } from '@/lib/schema/resolution-json';
import { amendmentNetwork, CHN, FRA, randomAmendment, USA } from '@/lib/testing/amendment-editors';
import { randomInt, testSeed } from '@/lib/testing/seeded-random';
import { ChangeRefusedError, checkEditorUpdate } from './update-rules';

function draft() {
  return resolutionJSON({
    preamble: [[{ text: 'Recalling its resolution,' }], [{ text: 'Noting the report,' }]],
    operative: [
      { kind: 'paragraph', content: [{ text: 'Decides to act now;' }] },
      { kind: 'subParagraph', level: 1, content: [{ text: 'first item;' }] },
      { kind: 'paragraph', content: [{ text: 'Requests the annual report.' }] },
      { kind: 'paragraph', content: [{ text: 'Invites all States.' }] },
    ],
  });
}

function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/**
 * Honest editors are not refused, except in the rare races where their update,
 * merged with one made at the same time, really would change another
 * delegation's amendment or the original text (the Yjs binding rewriting a
 * paragraph from a stale copy, or a word typed into another delegation's fresh
 * insertion and absorbed by it). The sender is then resynchronised; the rate
 * must stay low. Replay a seed with TEST_SEED; CONCORD_DEBUG_RULES=1 prints
 * what each refused update would have changed.
 */
test('honest suggesting editors, updates in random order: the server refuses almost none', () => {
  const base = testSeed();
  const refusals: string[] = [];
  let checked = 0;
  let bindingErrors = 0;
  for (let run = 0; run < 30; run++) {
    const seed = base + run;
    const authors = [FRA, CHN, USA];
    const network = amendmentNetwork(draft(), authors, seed);
    const log: string[] = [];
    network.beforeServerApplies = (update, client) => {
      const author = authors[client];
      if (!author) return;
      const shadow = copyOf(network.server.doc);
      checked++;
      try {
        checkEditorUpdate(network.server.doc, shadow, update, { ...author, role: 'sponsor' });
      } catch (error) {
        if (!(error instanceof ChangeRefusedError)) throw error;
        refusals.push(
          `seed ${seed}, ${author.delegation}: ${error.message}\n  ${log.slice(-6).join('\n  ')}`,
        );
      } finally {
        shadow.destroy();
      }
    };
    try {
      for (let round = 0; round < 60; round++) {
        const index = randomInt(network.random, network.clients.length);
        const client = network.clients[index];
        if (client) {
          randomAmendment(client.editor, network.random, round, (action) =>
            log.push(`${client.author.delegation} ${action}`),
          );
        }
        network.deliverSome();
      }
      network.deliverAll();
    } catch (error) {
      // A known y-tiptap 3.0.9 bug on the receiving client (see the todo in undo.test.ts), not
      // the server's rules: that run stops there; what it checked so far counts.
      if (!(error instanceof RangeError && error.stack?.includes('restoreRelativeSelection'))) {
        throw new Error(`seed ${seed}: ${String(error)}`, { cause: error });
      }
      bindingErrors++;
    } finally {
      network.destroy();
    }
  }
  assert.ok(bindingErrors <= 10, `y-tiptap's RangeError stopped ${bindingErrors} of 30 runs`);
  assert.ok(checked > 100, `the rules saw the updates (${checked})`);
  assert.ok(
    refusals.length <= checked * 0.01,
    `${refusals.length} of ${checked} honest updates refused (seed ${base}):\n${refusals.join('\n')}`,
  );
});
