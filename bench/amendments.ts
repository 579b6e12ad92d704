/**
 * How the amendment code scales with a big negotiation: a 300-paragraph draft
 * (~100k characters) with N pending amendments from 10 delegations. Prints,
 * per operation, the median and 95th percentile over repeated runs. Not part
 * of `npm test`; figures depend on the machine.
 *
 *   npm run bench -- amendments [--paragraphs 300] [--amendments 300] [--runs 200]
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { EditorState, TextSelection } from '@tiptap/pm/state';
import { collectAmendments } from '../lib/amendments/collect';
import { decideAmendments } from '../lib/amendments/decide';
import { suggestTransaction } from '../lib/amendments/suggest';
import { resolutionSchema } from '../lib/schema/document-extensions';
import { labelParagraphs } from '../lib/schema/numbering';
import { resolutionJSON } from '../lib/schema/resolution-json';
import { randomInt, seededRandom } from '../lib/testing/seeded-random';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== 'amendments'),
  options: {
    paragraphs: { type: 'string', default: '300' },
    amendments: { type: 'string', default: '300' },
    runs: { type: 'string', default: '200' },
    seed: { type: 'string', default: '7' },
  },
});
const paragraphCount = Number(values.paragraphs);
const amendmentCount = Number(values.amendments);
const runs = Number(values.runs);
const random = seededRandom(Number(values.seed));

const sentence =
  'Recognizes that the enhancement of international cooperation in the field of human rights is essential for the full achievement of the purposes of the United Nations, including the effective promotion and protection of all human rights;';
const json = resolutionJSON({
  preamble: Array.from({ length: paragraphCount / 3 }, () => [{ text: sentence }]),
  operative: Array.from({ length: paragraphCount - paragraphCount / 3 }, () => ({
    kind: 'paragraph' as const,
    content: [{ text: sentence }],
  })),
});
let state = EditorState.create({
  schema: resolutionSchema,
  doc: resolutionSchema.nodeFromJSON(json),
});

function textPositions(s: EditorState): number[] {
  const positions: number[] = [];
  s.doc.descendants((node, pos) => {
    if (node.isTextblock) positions.push(pos + 1);
    return !node.isTextblock;
  });
  return positions;
}

const delegations = Array.from({ length: 10 }, (_, i) => `D${String(i).padStart(2, '0')}`);
const t0 = performance.now();
for (let i = 0; i < amendmentCount; i++) {
  const author = {
    userId: `u${i % 10}`,
    name: `User ${i % 10}`,
    delegation: delegations[i % 10] ?? 'D00',
  };
  const starts = textPositions(state);
  const at = (starts[randomInt(random, starts.length)] ?? 1) + 10 + randomInt(random, 150);
  const tr =
    i % 2 === 0 ? state.tr.insertText(' and partnership', at) : state.tr.delete(at, at + 12);
  const outcome = suggestTransaction(state, tr, author);
  if (outcome.kind === 'transaction') state = state.apply(outcome.tr);
}
const setupMs = performance.now() - t0;

function measure(name: string, run: () => void): void {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  console.log(
    `${name.padEnd(46)} p50 ${at(0.5).toFixed(3).padStart(8)} ms   p95 ${at(0.95).toFixed(3).padStart(8)} ms`,
  );
}

const pending = collectAmendments(state.doc);
console.log(
  `draft: ${paragraphCount} paragraphs, ${state.doc.textContent.length} characters, ${pending.length} pending amendments (made in ${setupMs.toFixed(0)} ms)`,
);
const author = { userId: 'u', name: 'Typist', delegation: 'TYP' };
const caret = (textPositions(state)[Math.floor(paragraphCount / 2)] ?? 1) + 20;
const typing = state.apply(state.tr.setSelection(TextSelection.create(state.doc, caret)));
measure('one keystroke as an amendment (suggestTransaction)', () => {
  suggestTransaction(typing, typing.tr.insertText('x'), author);
});
measure('one keystroke, plain (baseline: tr.insertText)', () => {
  typing.apply(typing.tr.insertText('x'));
});
measure('panel list (collectAmendments)', () => {
  collectAmendments(state.doc);
});
measure('numbering (labelParagraphs, markup view)', () => {
  labelParagraphs(state.doc);
});
const ids = new Set(pending.filter((a) => a.delegation === 'D03').map((a) => a.suggestionId));
measure(`accept all from one delegation (${ids.size})`, () => {
  decideAmendments(state, ids, 'accepted');
});
const all = new Set(pending.map((a) => a.suggestionId));
measure(`accept all (${all.size})`, () => {
  decideAmendments(state, all, 'accepted');
});
