import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BODY_FIELD } from '../collab/protocol';
import { newId } from '../schema/new-id';
import { readYBody } from '../schema/read-yjs';
import { baseDraft, paragraphIds, renderMarkup } from '../testing/proposal-drafts';
import {
  runProposalNetwork,
  sumCounts,
  type NetworkOptions,
  type NetworkResult,
} from '../testing/proposal-network';
import { materialiseDraft } from './materialise';
import { proposeText } from './propose';

/**
 * Amendments as objects under concurrency (issue 19): a facilitator and three
 * delegations on separate replicas, random delivery order, offline bursts
 * (lib/testing/proposal-network.ts). A small slice of the full run
 * (`npm run bench -- amendment-objects`); replay one seed with
 * `runProposalNetwork({ seed, edits })`.
 */

function run(seeds: number, options: Omit<NetworkOptions, 'seed'>): NetworkResult[] {
  return Array.from({ length: seeds }, (_, i) => runProposalNetwork({ ...options, seed: i + 1 }));
}

function assertClean(results: NetworkResult[]) {
  const messages = results.flatMap((result) => result.messages);
  assert.deepEqual(messages.slice(0, 5), [], 'no violation');
  const total = sumCounts(results);
  assert.equal(
    total.rejectAllNotBase +
      total.acceptAllDisagreements +
      total.schemaInvalid +
      total.wrongOwner +
      total.divergences,
    0,
  );
  return total;
}

test('40 seeds × 60 edits, random delivery: reject-all = base, owners, convergence, accept-all agrees', () => {
  const total = assertClean(run(40, { edits: 60 }));
  assert.ok(total.checks > 10_000, `checks made: ${total.checks}`);
  assert.ok((total.stats.accepted ?? 0) > 50, 'the facilitator accepted amendments');
  assert.ok(
    (total.stats['insertions at an occupied point'] ?? 0) > 20,
    'insertions met at a point',
  );
  assert.ok((total.stats['proposed move paragraph'] ?? 0) > 20, 'paragraphs were moved');
});

test('10 seeds × 150 edits with clients offline for 2–8 rounds', () => {
  const total = assertClean(run(10, { edits: 150, offline: true }));
  assert.ok((total.stats['offline bursts'] ?? 0) > 50, 'clients went offline');
});

test('a run is a function of its seed', () => {
  const a = runProposalNetwork({ seed: 7, edits: 40, offline: true });
  const b = runProposalNetwork({ seed: 7, edits: 40, offline: true });
  assert.deepEqual(a, b);
});

test('the checks can fail: a replica ordering insertions at one point by delegation, not rank', () => {
  const results = run(6, { edits: 60, fault: 'ignoreRank' });
  const failing = results.filter((result) => result.violations > 0);
  assert.ok(failing.length >= 4, `seeds failing: ${failing.length} of 6`);
  const total = sumCounts(results);
  assert.ok(total.divergences + total.acceptAllDisagreements > 0);
});

test('the checks can fail: a delegation typing into other delegations’ proposals', () => {
  const results = run(6, { edits: 60, fault: 'foreignWriter' });
  assert.ok(results.filter((result) => result.wrongOwner > 0).length >= 2);
});

test('a proposal after a footnote is shown after the footnote, which stays whole', () => {
  const doc = baseDraft({
    preamble: [[{ text: 'report' }, { footnote: [{ text: 'A/77/1.' }] }, { text: ' of the SG,' }]],
    operative: [{ kind: 'paragraph', content: [{ text: 'Decides;' }] }],
  });
  const [pp] = paragraphIds(readYBody(doc.getXmlFragment(BODY_FIELD)));
  const base = { delegation: 'FRA', paragraphId: pp! };
  proposeText(doc, { ...base, amendment: newId(), from: 7, to: 7, content: [{ insert: 'X' }] });
  proposeText(doc, {
    ...base,
    amendment: newId(),
    delegation: 'CHN',
    from: 8,
    to: 11,
    content: [],
  });
  assert.equal(
    renderMarkup(materialiseDraft(doc).doc)[0],
    'report^[A/77/1.]{+X+FRA} {-of -CHN}the SG,',
  );
});

test('a footnote in the base draft: 6 seeds × 60 edits', () => {
  assertClean(run(6, { edits: 60, footnote: true, maxMessages: 1 }));
});
