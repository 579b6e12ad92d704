/**
 * Amendments as objects (issue 19): the acceptance figures.
 *
 * 1. The seeded concurrency harness (lib/testing/proposal-network.ts) over
 *    many seeds: a facilitator and three delegations on separate replicas,
 *    random delivery, and a second set with clients offline for 2–8 rounds.
 *    Prints the counts of checks and of each kind of violation.
 * 2. Server-side accept-all and reject-all of N amendments on an N-paragraph
 *    draft (~100k characters; one text proposal per paragraph, mixed kinds,
 *    every tenth overlapping its neighbour's), each in one transaction:
 *    p50/p95 and the update's size; materialising the whole draft and one
 *    paragraph.
 *
 *   npm run bench -- amendment-objects [--seeds 1000] [--edits 60]
 *     [--offline-seeds 100] [--offline-edits 150] [--paragraphs 300] [--runs 20]
 *     [--keystrokes 200] [--only counts|editors|timings|keystrokes]
 *
 * 3. (`editors`) the same counts at the editor level, with the server's rule
 *    enforced on every update: honest refusals, divergences, inexact edits.
 * 4. (`keystrokes`) a sponsor's keystroke in a headless editor on that draft,
 *    with amendments as objects and as marks (the binding before issue 19).
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import Collaboration from '@tiptap/extension-collaboration';
import type { Editor } from '@tiptap/core';
import { TextSelection } from '@tiptap/pm/state';
import * as Y from 'yjs';
import { SuggestingMode } from '../lib/amendments/suggesting-mode';
import { writeDraftBody } from '../lib/drafts/draft-body';
import { press } from '../lib/testing/amendment-editors';
import { boundEditor } from '../lib/testing/bound-editors';
import { headlessEditor } from '../lib/testing/headless-editor';
import { acceptProposals } from '../lib/amendments/accept-proposals';
import { indexBaseParagraphs } from '../lib/amendments/base-text';
import {
  markedInline,
  materialiseDraft,
  placeTextProposals,
  shownProposals,
} from '../lib/amendments/materialise';
import {
  amendmentsMap,
  newAmendmentMeta,
  type AmendmentAuthor,
  type AmendmentMeta,
  type DecisionOutcome,
} from '../lib/amendments/model';
import { proposeText } from '../lib/amendments/propose';
import { readProposals, type TextProposal } from '../lib/amendments/proposals';
import { BODY_FIELD } from '../lib/collab/protocol';
import { resolutionSchema } from '../lib/schema/document-extensions';
import { readYElement } from '../lib/schema/read-yjs';
import { resolutionJSON } from '../lib/schema/resolution-json';
import { runProposalNetwork, sumCounts, type NetworkResult } from '../lib/testing/proposal-network';
import { randomInt, seededRandom } from '../lib/testing/seeded-random';
import { runBindingFuzz } from '../lib/testing/binding-fuzz';
import { checkProposalChanges } from '../server/collab/proposal-rules';
import { changesOf } from '../server/collab/update-rules';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== 'amendment-objects'),
  options: {
    seeds: { type: 'string', default: '1000' },
    edits: { type: 'string', default: '60' },
    'offline-seeds': { type: 'string', default: '100' },
    'offline-edits': { type: 'string', default: '150' },
    paragraphs: { type: 'string', default: '300' },
    runs: { type: 'string', default: '20' },
    keystrokes: { type: 'string', default: '200' },
    only: { type: 'string' },
  },
});

function counts(): void {
  const sets = [
    {
      label: `random delivery, ${values.seeds} seeds × ${values.edits} edits`,
      seeds: Number(values.seeds),
      edits: Number(values.edits),
      offline: false,
    },
    {
      label: `offline bursts, ${values['offline-seeds']} seeds × ${values['offline-edits']} edits`,
      seeds: Number(values['offline-seeds']),
      edits: Number(values['offline-edits']),
      offline: true,
    },
  ];
  for (const set of sets) {
    const start = performance.now();
    const results: NetworkResult[] = [];
    const failing: number[] = [];
    for (let seed = 1; seed <= set.seeds; seed++) {
      const result = runProposalNetwork({ seed, edits: set.edits, offline: set.offline });
      if (result.violations > 0) {
        failing.push(seed);
        for (const message of result.messages.slice(0, 2)) console.log(message.slice(0, 600));
      }
      results.push(result);
    }
    const seconds = (performance.now() - start) / 1000;
    const total = sumCounts(results);
    console.log(`\n${set.label} (${seconds.toFixed(1)} s)`);
    const rows: [string, number | string][] = [
      ['runs', total.runs],
      ['rounds (one edit each)', total.rounds],
      ['checks made', total.checks],
      ['reject-all ≠ base', total.rejectAllNotBase],
      ['accept-all disagreements', total.acceptAllDisagreements],
      ['schema-invalid', total.schemaInvalid],
      ['wrong owner', total.wrongOwner],
      ['divergences', total.divergences],
      ['seeds failing', failing.length > 0 ? failing.slice(0, 20).join(', ') : 0],
    ];
    for (const [name, value] of rows) console.log(`  ${name.padEnd(28)} ${String(value)}`);
    const stats = Object.entries(total.stats)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => `${name} ${value}`)
      .join('; ');
    console.log(`  edits made: ${stats}`);
  }
}

/**
 * The editor-level harness (lib/testing/binding-fuzz.ts): delegates typing in
 * headless editors bound by ProposalBinding, every client update checked by
 * the server's proposal rule before the server applies it.
 */
async function editors(): Promise<void> {
  const enforce = (server: Y.Doc, update: Uint8Array, author: AmendmentAuthor) => {
    const shadow = new Y.Doc();
    Y.applyUpdate(shadow, Y.encodeStateAsUpdate(server));
    checkProposalChanges(server, shadow, changesOf(shadow, update), { ...author, role: 'sponsor' });
  };
  const sets = [
    { seeds: Number(values.seeds), edits: Number(values.edits), offline: false },
    {
      seeds: Number(values['offline-seeds']),
      edits: Number(values['offline-edits']),
      offline: true,
    },
  ];
  for (const set of sets) {
    const start = performance.now();
    const total = {
      edits: 0,
      checks: 0,
      proposals: 0,
      editorRefusals: 0,
      honestRefusals: 0,
      serverRefusals: 0,
      inexact: 0,
      divergences: 0,
      agreedTextChanged: 0,
      disagreements: 0,
    };
    const failing: number[] = [];
    for (let seed = 1; seed <= set.seeds; seed++) {
      // TipTap finishes making an editor on a timer: let those run, or every editor made
      // so far (and its schema, plugins and DOM) stays in memory until the end.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const result = runBindingFuzz({
        seed,
        edits: set.edits,
        offline: set.offline,
        decisions: true,
        check: enforce,
      });
      total.edits += result.edits;
      total.checks += result.checks;
      total.proposals += result.proposals;
      total.editorRefusals += result.editorRefusals;
      total.honestRefusals += result.honestRefusals.length;
      total.serverRefusals += result.serverRefusals.length;
      total.inexact += result.inexact.length;
      total.divergences += result.divergences.length;
      total.agreedTextChanged += result.agreedTextChanged.length;
      total.disagreements += result.disagreements.length;
      const bad = [
        ...result.honestRefusals,
        ...result.serverRefusals,
        ...result.divergences,
        ...result.agreedTextChanged,
        ...result.disagreements,
      ];
      if (bad.length > 0) {
        failing.push(seed);
        for (const message of bad.slice(0, 2)) console.log(message.slice(0, 400));
      }
    }
    const seconds = (performance.now() - start) / 1000;
    console.log(
      `\neditors, ${set.offline ? 'offline bursts, ' : ''}${set.seeds} seeds × ${set.edits} edits, server rule enforced, decisions (${seconds.toFixed(1)} s)`,
    );
    for (const [name, value] of Object.entries(total)) console.log(`  ${name.padEnd(28)} ${value}`);
    console.log(
      `  ${'seeds failing'.padEnd(28)} ${failing.length > 0 ? failing.slice(0, 20).join(', ') : 0}`,
    );
  }
}

const SENTENCE =
  'Recognizes that the enhancement of international cooperation in the field of human rights is essential for the full achievement of the purposes of the United Nations, including the effective promotion and protection of all human rights, and calls upon all States to cooperate fully with the special procedures of the Council;';

const DELEGATIONS = Array.from({ length: 10 }, (_, i) => `D${String(i).padStart(2, '0')}`);

/** The draft with one pending text proposal per paragraph, as one update. */
function bigDraft(paragraphCount: number): { update: Uint8Array; characters: number } {
  const random = seededRandom(19);
  const doc = new Y.Doc();
  doc.clientID = 1;
  const preamble = Math.floor(paragraphCount / 3);
  prosemirrorJSONToYXmlFragment(
    resolutionSchema,
    resolutionJSON({
      preamble: Array.from({ length: preamble }, () => [{ text: SENTENCE }]),
      operative: Array.from({ length: paragraphCount - preamble }, () => ({
        kind: 'paragraph' as const,
        content: [{ text: SENTENCE }],
      })),
    }),
    doc.getXmlFragment(BODY_FIELD),
  );
  const ids = [...indexBaseParagraphs(doc.getXmlFragment(BODY_FIELD)).keys()];
  doc.transact(() => {
    let previous = { from: 0, to: 0 };
    for (let i = 0; i < paragraphCount; i++) {
      // Every tenth proposal goes into the previous paragraph, overlapping the one there
      // (an insertion at the same point, or a range starting inside the previous range).
      const overlap = i % 10 === 9;
      const paragraphId = ids[overlap ? i - 1 : i]!;
      const delegation = DELEGATIONS[i % DELEGATIONS.length]!;
      const amendment = crypto.randomUUID();
      amendmentsMap(doc).set(
        amendment,
        newAmendmentMeta(
          { userId: `u${delegation}`, name: delegation, delegation },
          '2026-12-01T10:00:00.000Z',
          [],
        ),
      );
      const kind = i % 3;
      let from = 20 + randomInt(random, 150);
      let to = kind === 0 ? from : from + 5 + randomInt(random, 40);
      if (overlap) {
        from = previous.to > previous.from ? previous.from + 2 : previous.from;
        to = kind === 0 ? from : previous.to + 10;
      }
      previous = { from, to };
      proposeText(doc, {
        amendment,
        delegation,
        paragraphId,
        from,
        to,
        content: kind === 1 ? [] : [{ insert: ' and partnership' }],
      });
    }
  });
  return { update: Y.encodeStateAsUpdate(doc), characters: paragraphCount * SENTENCE.length };
}

function copyOf(update: Uint8Array, clientID: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  Y.applyUpdate(doc, update);
  return doc;
}

function percentiles(times: number[]): { p50: number; p95: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95) };
}

function decideAll(doc: Y.Doc, amendments: ReadonlySet<string>, outcome: DecisionOutcome): void {
  const records = amendmentsMap(doc);
  for (const id of amendments) {
    const record = records.get(id);
    if (!record) continue;
    const decided: AmendmentMeta = {
      ...record,
      decision: {
        outcome,
        userId: 'u-fac',
        name: 'Facilitator',
        delegation: 'FAC',
        at: '2026-12-01T11:00:00.000Z',
      },
    };
    records.set(id, decided);
  }
}

function timings(): void {
  const paragraphCount = Number(values.paragraphs);
  const runs = Number(values.runs);
  const made = performance.now();
  const { update, characters } = bigDraft(paragraphCount);
  const probe = copyOf(update, 2);
  const all = new Set(readProposals(probe).map((p) => p.amendment));
  console.log(
    `\ndraft: ${paragraphCount} paragraphs, ${characters} characters, ${all.size} pending amendments, state ${update.length} bytes (made in ${(performance.now() - made).toFixed(0)} ms)`,
  );
  const rows: { name: string; p50: string; p95: string; size: string }[] = [];
  const row = (name: string, times: number[], size = '') => {
    const { p50, p95 } = percentiles(times);
    rows.push({ name, p50: p50.toFixed(3), p95: p95.toFixed(3), size });
  };

  let textBytes = 0;
  for (const outcome of ['accepted', 'rejected'] as const) {
    const times: number[] = [];
    const remote: number[] = [];
    let size = 0;
    for (let run = 0; run < runs; run++) {
      const doc = copyOf(update, 10 + run);
      const before = Y.encodeStateVector(doc);
      const start = performance.now();
      doc.transact(() => {
        if (outcome === 'accepted') acceptProposals(doc, all);
        decideAll(doc, all, outcome);
      });
      times.push(performance.now() - start);
      const change = Y.encodeStateAsUpdate(doc, before);
      size = change.length;
      // A client receiving the decision and showing the draft again.
      const client = copyOf(update, 1000 + run);
      const received = performance.now();
      Y.applyUpdate(client, change);
      materialiseDraft(client);
      remote.push(performance.now() - received);
      doc.destroy();
      client.destroy();
    }
    if (outcome === 'accepted') {
      const doc = copyOf(update, 900);
      const before = Y.encodeStateVector(doc);
      doc.transact(() => acceptProposals(doc, all));
      textBytes = Y.encodeStateAsUpdate(doc, before).length;
    }
    const verb = outcome === 'accepted' ? 'accept' : 'reject';
    row(`server ${verb}-all of ${all.size}, one transaction`, times, String(size));
    row(`  a client applying it and re-materialising`, remote);
  }

  const doc = copyOf(update, 3);
  const whole: number[] = [];
  for (let run = 0; run < Math.max(runs, 50); run++) {
    const start = performance.now();
    materialiseDraft(doc);
    whole.push(performance.now() - start);
  }
  row('materialiseDraft, whole draft', whole);

  // One paragraph: its element and its proposals known (as an editor updating one paragraph).
  const paragraphs = indexBaseParagraphs(doc.getXmlFragment(BODY_FIELD));
  const paragraphId = [...paragraphs.keys()][Math.floor(paragraphCount / 2)]!;
  const one = new Map([[paragraphId, paragraphs.get(paragraphId)!]]);
  const own: TextProposal[] = shownProposals(doc).text.filter((p) => p.paragraphId === paragraphId);
  const single: number[] = [];
  for (let run = 0; run < 500; run++) {
    const start = performance.now();
    const placed = placeTextProposals(doc, one, own).get(paragraphId) ?? [];
    markedInline(readYElement(one.get(paragraphId)!.element), placed);
    single.push(performance.now() - start);
  }
  row(`one paragraph (${own.length} proposals; read, placed, marked up)`, single);

  console.log(
    `\naccept-all update: ${textBytes} bytes of agreed-text changes (acceptProposals alone); the rest is the ${all.size} records rewritten with their decisions`,
  );
  console.log(`\n| operation | p50 ms | p95 ms | update bytes |`);
  console.log(`| --- | ---: | ---: | ---: |`);
  for (const r of rows) console.log(`| ${r.name} | ${r.p50} | ${r.p95} | ${r.size} |`);
}

/**
 * A sponsor's keystroke in a real (headless) editor on the big draft, from
 * the keystroke's transaction to the Y.Doc written and the editor showing it
 * again: with amendments as objects (ProposalBinding), and as before issue 19
 * (the same draft and amendments as marks, bound by y-tiptap's Collaboration).
 * A keystroke extends the typist's own proposal after the first.
 */
function keystrokes(): void {
  const paragraphCount = Number(values.paragraphs);
  const count = Number(values.keystrokes);
  const { update } = bigDraft(paragraphCount);
  const author: AmendmentAuthor = { userId: 'u-typist', name: 'Typist', delegation: 'TYP' };
  const middle = (editor: Editor) => {
    let target = 0;
    let seen = 0;
    editor.state.doc.descendants((node, pos) => {
      if (!node.isTextblock) return true;
      if (seen++ === Math.floor(paragraphCount / 2)) target = pos + 1 + 12;
      return false;
    });
    editor.view.dispatch(
      editor.state.tr.setSelection(TextSelection.create(editor.state.doc, target)),
    );
  };
  const time = (editor: Editor, newParagraph = false): number[] => {
    middle(editor);
    // Enter: a new paragraph proposed after this one, typed into.
    if (newParagraph) press(editor, 'Enter');
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const start = performance.now();
      editor.view.dispatch(editor.state.tr.insertText('x'));
      times.push(performance.now() - start);
    }
    return times;
  };

  const objects = copyOf(update, 5);
  const bound = boundEditor(objects, author, 'suggesting', null, false);
  const objectTimes = time(bound.editor);
  if (bound.refusals.length > 0) console.log(`objects: refused ${bound.refusals.join('; ')}`);
  bound.editor.destroy();
  const objectsNew = copyOf(update, 8);
  const boundNew = boundEditor(objectsNew, author, 'suggesting', null, false);
  const objectNewTimes = time(boundNew.editor, true);
  boundNew.editor.destroy();

  // The same marked-up text, stored as marks (a draft of before issue 19).
  const marks = new Y.Doc();
  writeDraftBody(marks, materialiseDraft(copyOf(update, 6)).doc);
  for (const [id, record] of amendmentsMap(copyOf(update, 7))) amendmentsMap(marks).set(id, record);
  const refusals: string[] = [];
  const editor = headlessEditor(materialiseDraft(marks).doc.toJSON(), [
    SuggestingMode.configure({
      author,
      doc: marks,
      mode: 'suggesting',
      onRefused: (reason) => refusals.push(reason),
    }),
    Collaboration.configure({ document: marks, field: BODY_FIELD }),
  ]);
  const markTimes = time(editor);
  if (refusals.length > 0) console.log(`marks: refused ${refusals.join('; ')}`);
  editor.destroy();
  const marksNew = new Y.Doc();
  Y.applyUpdate(marksNew, Y.encodeStateAsUpdate(marks));
  const editorNew = headlessEditor(materialiseDraft(marksNew).doc.toJSON(), [
    SuggestingMode.configure({ author, doc: marksNew, mode: 'suggesting', onRefused: () => {} }),
    Collaboration.configure({ document: marksNew, field: BODY_FIELD }),
  ]);
  const markNewTimes = time(editorNew, true);
  editorNew.destroy();

  const a = percentiles(objectTimes);
  const b = percentiles(markTimes);
  console.log(
    `\n${count} keystrokes in the middle of a ${paragraphCount}-paragraph draft with ${paragraphCount} pending amendments (headless editor, this machine)`,
  );
  console.log(`| binding | p50 ms | p95 ms |`);
  console.log(`| --- | ---: | ---: |`);
  console.log(`| objects (ProposalBinding) | ${a.p50.toFixed(3)} | ${a.p95.toFixed(3)} |`);
  console.log(`| marks (y-tiptap, before issue 19) | ${b.p50.toFixed(3)} | ${b.p95.toFixed(3)} |`);
  const c = percentiles(objectNewTimes);
  const d = percentiles(markNewTimes);
  console.log(
    `| objects, in a new paragraph it proposed | ${c.p50.toFixed(3)} | ${c.p95.toFixed(3)} |`,
  );
  console.log(
    `| marks, in a new paragraph it proposed | ${d.p50.toFixed(3)} | ${d.p95.toFixed(3)} |`,
  );
  console.log(
    `ratio objects / marks, p50: ${(a.p50 / b.p50).toFixed(2)} in a paragraph, ${(c.p50 / d.p50).toFixed(2)} in a new one`,
  );
}

const started = performance.now();
if (values.only === undefined || values.only === 'counts') counts();
if (values.only === undefined || values.only === 'editors') await editors();
if (values.only === undefined || values.only === 'timings') timings();
if (values.only === undefined || values.only === 'keystrokes') keystrokes();
console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s`);
