import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Editor } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import * as Y from 'yjs';
import { resolutionJSON } from '../schema/resolution-json';
import {
  amendmentMarkup,
  backspace,
  caretAt,
  CHN,
  FRA,
  press,
  selectText,
  stateOf,
  suggestingEditor,
  suggestionIds,
  textPos,
  type,
} from '../testing/amendment-editors';
import { collectAmendments } from './collect';
import { decideAmendments } from './decide';
import { DELETION_MARK, INSERTION_MARK, readAmendmentMeta, type DecisionOutcome } from './model';

/**
 * Each kind of amendment made in suggesting mode, then accepted and rejected
 * (DESIGN.md §3). Edits are driven as the browser drives them: typing is an
 * `insertText` transaction, Backspace a one-character delete, Enter and the
 * Alt/Mod shortcuts go through the editor's key handlers.
 */

const PP1 = 'Recalling its resolution,';

function draft() {
  return resolutionJSON({
    preamble: [[{ text: PP1 }]],
    operative: [
      { kind: 'paragraph', content: [{ text: 'Decides to act;' }] },
      { kind: 'subParagraph', level: 1, content: [{ text: 'first item;' }] },
      { kind: 'subParagraph', level: 1, content: [{ text: 'second item;' }] },
      { kind: 'paragraph', content: [{ text: 'Requests the report.' }] },
    ],
  });
}

const ORIGINAL = [
  `PP1 ${PP1}`,
  'OP1 Decides to act;',
  'OP1 (a) first item;',
  'OP1 (b) second item;',
  'OP2 Requests the report.',
];

/** A FRA editor in suggesting mode writing metadata to a Y.Doc. */
function setup() {
  const ydoc = new Y.Doc();
  const { editor, refusals } = suggestingEditor(draft(), FRA, ydoc);
  const original = editor.state.doc;
  return { editor, refusals, ydoc, original };
}

/** The document after deciding every pending amendment of `doc` the same way. */
function decideAll(doc: ProseMirrorNode, outcome: DecisionOutcome): ProseMirrorNode {
  const ids = new Set(collectAmendments(doc).map((amendment) => amendment.suggestionId));
  assert.ok(ids.size > 0, 'there is something to decide');
  const { tr, plans } = decideAmendments(stateOf(doc), ids, outcome);
  assert.deepEqual(new Set(plans.keys()), ids, 'every amendment had something to decide');
  tr.doc.check();
  return tr.doc;
}

/** The one amendment id of the document, checking there is exactly one and where it is used. */
function onlyId(doc: ProseMirrorNode, uses: string[]): string {
  const ids = suggestionIds(doc);
  assert.equal(ids.size, 1, `one amendment id, got ${JSON.stringify([...ids])}`);
  const [[id, used] = ['', []]] = [...ids];
  assert.deepEqual(new Set(used), new Set(uses));
  return id;
}

function assertRejectedIsOriginal(editor: Editor, original: ProseMirrorNode) {
  const rejected = decideAll(editor.state.doc, 'rejected');
  assert.deepEqual(rejected.toJSON(), original.toJSON(), 'rejecting gives the original back');
}

test('insertion: typed text is marked with the delegation; accepted it stays, rejected it goes', () => {
  const { editor, ydoc, original } = setup();
  caretAt(editor, 'to act');
  type(editor, 'firmly ');
  assert.deepEqual(amendmentMarkup(editor.state.doc)[1], 'OP1 Decides [+FRA:firmly ]to act;');
  assert.equal(editor.state.selection.from, textPos(editor.state.doc, 'to act'), 'caret after it');
  const id = onlyId(editor.state.doc, ['insertion FRA']);
  const meta = readAmendmentMeta(ydoc, id);
  assert.equal(meta?.delegation, 'FRA');
  assert.equal(meta?.userId, FRA.userId);
  assert.deepEqual(
    meta?.history.map((event) => [event.action, event.delegation]),
    [['proposed', 'FRA']],
  );
  const [listed] = collectAmendments(editor.state.doc);
  assert.equal(listed?.kind, 'insertion');
  assert.equal(listed?.newText, 'firmly ');
  assert.deepEqual(listed?.references, ['OP1']);

  const accepted = decideAll(editor.state.doc, 'accepted');
  assert.deepEqual(amendmentMarkup(accepted), [
    `PP1 ${PP1}`,
    'OP1 Decides firmly to act;',
    'OP1 (a) first item;',
    'OP1 (b) second item;',
    'OP2 Requests the report.',
  ]);
  assert.equal(suggestionIds(accepted).size, 0);
  assertRejectedIsOriginal(editor, original);
  editor.destroy();
});

test('deletion: removed text stays struck through until decided', () => {
  const { editor, original } = setup();
  selectText(editor, 'the ');
  backspace(editor);
  assert.deepEqual(amendmentMarkup(editor.state.doc)[4], 'OP2 Requests [-FRA:the ]report.');
  onlyId(editor.state.doc, ['deletion FRA']);
  const [listed] = collectAmendments(editor.state.doc);
  assert.equal(listed?.kind, 'deletion');
  assert.equal(listed?.oldText, 'the ');

  assert.deepEqual(
    amendmentMarkup(decideAll(editor.state.doc, 'accepted'))[4],
    'OP2 Requests report.',
  );
  assertRejectedIsOriginal(editor, original);
  editor.destroy();
});

test('deletion: successive Backspaces strike on backwards under one id', () => {
  const { editor, original } = setup();
  caretAt(editor, 'report', 'after');
  backspace(editor, 7);
  assert.deepEqual(amendmentMarkup(editor.state.doc)[4], 'OP2 Requests the[-FRA: report].');
  onlyId(editor.state.doc, ['deletion FRA']);
  assert.equal(
    editor.state.selection.from,
    textPos(editor.state.doc, ' report'),
    'caret before it',
  );
  assertRejectedIsOriginal(editor, original);
  editor.destroy();
});

test('replacement: typing over a selection is a deletion and an insertion with one id', () => {
  const { editor, original } = setup();
  selectText(editor, 'report');
  type(editor, 'study');
  assert.deepEqual(
    amendmentMarkup(editor.state.doc)[4],
    'OP2 Requests the [-FRA:report][+FRA:study].',
  );
  onlyId(editor.state.doc, ['deletion FRA', 'insertion FRA']);
  const [listed] = collectAmendments(editor.state.doc);
  assert.equal(listed?.kind, 'replacement');
  assert.equal(listed?.oldText, 'report');
  assert.equal(listed?.newText, 'study');
  assert.equal(
    editor.state.selection.from,
    textPos(editor.state.doc, '.'),
    'caret after the new text',
  );

  assert.deepEqual(
    amendmentMarkup(decideAll(editor.state.doc, 'accepted'))[4],
    'OP2 Requests the study.',
  );
  assertRejectedIsOriginal(editor, original);
  editor.destroy();
});

test('typing inside or next to one’s own insertion extends it (same id)', () => {
  const { editor } = setup();
  caretAt(editor, 'to act');
  type(editor, 'firmly ');
  const id = onlyId(editor.state.doc, ['insertion FRA']);
  // Right after it.
  type(editor, 'and ');
  // Inside it.
  caretAt(editor, 'ly and');
  type(editor, 'X');
  assert.deepEqual(amendmentMarkup(editor.state.doc)[1], 'OP1 Decides [+FRA:firmXly and ]to act;');
  assert.equal(onlyId(editor.state.doc, ['insertion FRA']), id);
  editor.destroy();
});

test('deleting one’s own insertion removes it: the amendment is withdrawn', () => {
  const { editor, original } = setup();
  caretAt(editor, 'to act');
  type(editor, 'firmly ');
  // One character with Backspace, then the rest as a selection.
  backspace(editor);
  assert.deepEqual(amendmentMarkup(editor.state.doc)[1], 'OP1 Decides [+FRA:firmly]to act;');
  selectText(editor, 'firmly');
  backspace(editor);
  assert.deepEqual(editor.state.doc.toJSON(), original.toJSON(), 'nothing is left of it');
  assert.equal(collectAmendments(editor.state.doc).length, 0);
  editor.destroy();
});

test('replacing one’s own inserted text withdraws the old words instead of striking them', () => {
  const { editor } = setup();
  caretAt(editor, 'to act');
  type(editor, 'firmly ');
  selectText(editor, 'firmly');
  type(editor, 'boldly');
  assert.deepEqual(amendmentMarkup(editor.state.doc)[1], 'OP1 Decides [+FRA:boldly ]to act;');
  onlyId(editor.state.doc, ['insertion FRA']);
  editor.destroy();
});

test('Backspace over text one already struck only moves the caret', () => {
  const { editor } = setup();
  selectText(editor, 'report');
  backspace(editor);
  const struck = editor.state.doc;
  caretAt(editor, 'report', 'after');
  const caret = editor.state.selection.from;
  backspace(editor);
  assert.equal(editor.state.doc, struck, 'the document is unchanged');
  assert.equal(editor.state.selection.from, caret - 1, 'the caret moved one character back');
  backspace(editor, 5);
  assert.equal(editor.state.doc, struck);
  assert.equal(editor.state.selection.from, textPos(editor.state.doc, 'report'));
  // Further back, the same deletion grows.
  backspace(editor);
  assert.deepEqual(amendmentMarkup(editor.state.doc)[4], 'OP2 Requests the[-FRA: report].');
  onlyId(editor.state.doc, ['deletion FRA']);
  editor.destroy();
});

test('new paragraph: Enter at the end proposes an empty paragraph; text typed in it is plain', () => {
  const { editor, original, ydoc } = setup();
  caretAt(editor, 'report.', 'after');
  assert.ok(press(editor, 'Enter'));
  type(editor, 'Invites all States.');
  assert.deepEqual(amendmentMarkup(editor.state.doc), [
    ...ORIGINAL,
    'OP2 bis {insert FRA} Invites all States.',
  ]);
  const id = onlyId(editor.state.doc, ['insert FRA']);
  assert.equal(readAmendmentMeta(ydoc, id)?.delegation, 'FRA');
  const [listed] = collectAmendments(editor.state.doc);
  assert.equal(listed?.kind, 'newParagraph');
  assert.equal(listed?.newText, 'Invites all States.');
  assert.deepEqual(listed?.references, ['OP2 bis']);

  assert.deepEqual(amendmentMarkup(decideAll(editor.state.doc, 'accepted')), [
    ...ORIGINAL,
    'OP3 Invites all States.',
  ]);
  assertRejectedIsOriginal(editor, original);
  editor.destroy();
});

test('new paragraph: Enter in the middle moves the tail into the proposed paragraph, struck here, one id', () => {
  const { editor, original } = setup();
  caretAt(editor, 'report');
  assert.ok(press(editor, 'Enter'));
  assert.deepEqual(amendmentMarkup(editor.state.doc).slice(4), [
    'OP2 Requests the [-FRA:report.]',
    'OP2 bis {insert FRA} report.',
  ]);
  onlyId(editor.state.doc, ['deletion FRA', 'insert FRA']);
  const proposed = editor.state.doc.child(1).child(4);
  assert.equal(
    editor.state.selection.from,
    editor.state.doc.resolve(editor.state.selection.from).start(),
    'the caret is at the start of the new paragraph',
  );
  assert.equal(editor.state.selection.$from.parent, proposed);

  assert.deepEqual(amendmentMarkup(decideAll(editor.state.doc, 'accepted')).slice(4), [
    'OP2 Requests the ',
    'OP3 report.',
  ]);
  assertRejectedIsOriginal(editor, original);
  editor.destroy();
});

test('new paragraph: Enter inside one’s own proposed paragraph splits it, both halves proposed', () => {
  const { editor } = setup();
  caretAt(editor, 'report.', 'after');
  press(editor, 'Enter');
  type(editor, 'Invites all States.');
  caretAt(editor, 'all States');
  press(editor, 'Enter');
  assert.deepEqual(amendmentMarkup(editor.state.doc).slice(4), [
    'OP2 Requests the report.',
    'OP2 bis {insert FRA} Invites ',
    'OP2 ter {insert FRA} all States.',
  ]);
  onlyId(editor.state.doc, ['insert FRA', 'insert FRA']);
  // Backspace at the start of an own empty proposed paragraph withdraws it.
  caretAt(editor, 'report.', 'after');
  press(editor, 'Enter');
  assert.equal(amendmentMarkup(editor.state.doc).length, 8);
  assert.ok(press(editor, 'Backspace'));
  assert.equal(amendmentMarkup(editor.state.doc).length, 7);
  editor.destroy();
});

test('paragraph deletion: the paragraph and its sub-paragraphs are marked with one id', () => {
  const { editor, original } = setup();
  caretAt(editor, 'Decides');
  assert.ok(press(editor, 'Mod-Shift-Backspace'));
  assert.deepEqual(amendmentMarkup(editor.state.doc), [
    `PP1 ${PP1}`,
    'OP1 {delete FRA} Decides to act;',
    'OP1 (a) {delete FRA} first item;',
    'OP1 (b) {delete FRA} second item;',
    'OP2 Requests the report.',
  ]);
  onlyId(editor.state.doc, ['delete FRA', 'delete FRA', 'delete FRA']);
  const [listed] = collectAmendments(editor.state.doc);
  assert.equal(listed?.kind, 'paragraphDeletion');
  assert.deepEqual(listed?.references, ['OP1', 'OP1 (a)', 'OP1 (b)']);

  assert.deepEqual(amendmentMarkup(decideAll(editor.state.doc, 'accepted')), [
    `PP1 ${PP1}`,
    'OP1 Requests the report.',
  ]);
  assertRejectedIsOriginal(editor, original);

  // A second request on a paragraph with a pending paragraph amendment is refused.
  editor.destroy();
});

test('paragraph deletion through the command (toolbar) and a pending paragraph amendment refusing another', () => {
  const { editor, refusals } = setup();
  caretAt(editor, 'first item');
  assert.ok(editor.chain().focus().proposeParagraphDeletion().run());
  assert.deepEqual(amendmentMarkup(editor.state.doc)[2], 'OP1 (a) {delete FRA} first item;');
  assert.equal(refusals.length, 0);
  editor.commands.proposeParagraphDeletion();
  assert.match(refusals[0] ?? '', /OP1 \(a\) already has a pending paragraph amendment from FRA/);
  // Deleting the parent would leave (a)'s own amendment under OP1's predecessor once
  // accepted: refused until (a)'s is decided.
  caretAt(editor, 'Decides');
  editor.commands.proposeParagraphDeletion();
  assert.match(refusals[1] ?? '', /OP1 \(a\) already has a pending paragraph amendment from FRA/);
  assert.equal(suggestionIds(editor.state.doc).size, 1);
  editor.destroy();
});

test('the last paragraph of a part proposed by oneself is not withdrawn by paragraph deletion', () => {
  const { editor, refusals } = setup();
  caretAt(editor, 'report.', 'after');
  press(editor, 'Enter');
  editor.commands.proposeParagraphDeletion();
  assert.equal(amendmentMarkup(editor.state.doc).length, 5, 'own proposal withdrawn');
  assert.equal(refusals.length, 0);
  editor.destroy();
});

test('move down: moveFrom at the old place, a moveTo copy at the new one, one id', () => {
  const { editor, original, refusals } = setup();
  caretAt(editor, 'to act');
  assert.ok(press(editor, 'Alt-ArrowDown'));
  assert.deepEqual(amendmentMarkup(editor.state.doc), [
    `PP1 ${PP1}`,
    'OP1 {moveFrom FRA} Decides to act;',
    'OP1 (a) {moveFrom FRA} first item;',
    'OP1 (b) {moveFrom FRA} second item;',
    'OP2 Requests the report.',
    'OP2 bis {moveTo FRA} Decides to act;',
    'OP2 bis (a) {moveTo FRA} first item;',
    'OP2 bis (b) {moveTo FRA} second item;',
  ]);
  onlyId(editor.state.doc, [
    'moveFrom FRA',
    'moveFrom FRA',
    'moveFrom FRA',
    'moveTo FRA',
    'moveTo FRA',
    'moveTo FRA',
  ]);
  assert.equal(
    editor.state.selection.$from.parent,
    editor.state.doc.child(1).child(4),
    'the caret went with the copy',
  );
  assert.equal(collectAmendments(editor.state.doc)[0]?.kind, 'move');
  // It cannot go further down.
  assert.ok(press(editor, 'Alt-ArrowDown'));
  assert.match(refusals[0] ?? '', /cannot move further down/);

  assert.deepEqual(amendmentMarkup(decideAll(editor.state.doc, 'accepted')), [
    `PP1 ${PP1}`,
    'OP1 Requests the report.',
    'OP2 Decides to act;',
    'OP2 (a) first item;',
    'OP2 (b) second item;',
  ]);
  assertRejectedIsOriginal(editor, original);
  editor.destroy();
});

test('move up, then again: the copy moves further, still one amendment', () => {
  const ydoc = new Y.Doc();
  const { editor } = suggestingEditor(
    resolutionJSON({
      preamble: [[{ text: PP1 }]],
      operative: [
        { kind: 'paragraph', content: [{ text: 'One;' }] },
        { kind: 'paragraph', content: [{ text: 'Two;' }] },
        { kind: 'paragraph', content: [{ text: 'Three.' }] },
      ],
    }),
    FRA,
    ydoc,
  );
  const original = editor.state.doc;
  caretAt(editor, 'Three');
  assert.ok(press(editor, 'Alt-ArrowUp'));
  assert.deepEqual(amendmentMarkup(editor.state.doc).slice(1), [
    'OP1 One;',
    'OP1 bis {moveTo FRA} Three.',
    'OP2 Two;',
    'OP3 {moveFrom FRA} Three.',
  ]);
  const id = onlyId(editor.state.doc, ['moveFrom FRA', 'moveTo FRA']);
  assert.ok(press(editor, 'Alt-ArrowUp'));
  assert.deepEqual(amendmentMarkup(editor.state.doc).slice(1), [
    'OP new {moveTo FRA} Three.',
    'OP1 One;',
    'OP2 Two;',
    'OP3 {moveFrom FRA} Three.',
  ]);
  assert.equal(onlyId(editor.state.doc, ['moveFrom FRA', 'moveTo FRA']), id);
  // Back down twice: the copy is back next to the original.
  press(editor, 'Alt-ArrowDown');
  press(editor, 'Alt-ArrowDown');
  assert.deepEqual(amendmentMarkup(editor.state.doc).slice(1), [
    'OP1 One;',
    'OP2 Two;',
    'OP2 bis {moveTo FRA} Three.',
    'OP3 {moveFrom FRA} Three.',
  ]);
  // Moved up once more through the command, then accepted: Three comes first.
  editor.chain().focus().proposeParagraphMove('up').run();
  editor.chain().focus().proposeParagraphMove('up').run();
  assert.deepEqual(amendmentMarkup(decideAll(editor.state.doc, 'accepted')).slice(1), [
    'OP1 Three.',
    'OP2 One;',
    'OP3 Two;',
  ]);
  assert.deepEqual(decideAll(editor.state.doc, 'rejected').toJSON(), original.toJSON());
  editor.destroy();
});

test('pasted text keeps no one else’s amendment marks: it is the paster’s insertion', () => {
  const { editor, ydoc } = setup();
  const schema = editor.schema;
  const foreignId = '00000000-0000-4000-8000-000000000001';
  const insertion = schema.marks[INSERTION_MARK]?.create({
    suggestionId: foreignId,
    delegation: 'CHN',
  });
  const deletion = schema.marks[DELETION_MARK]?.create({
    suggestionId: foreignId,
    delegation: 'CHN',
  });
  assert.ok(insertion && deletion);
  const at = textPos(editor.state.doc, 'to act');
  editor.view.dispatch(
    editor.state.tr.insert(at, [
      schema.text('pasted ', [insertion]),
      schema.text('struck ', [deletion]),
    ]),
  );
  assert.deepEqual(
    amendmentMarkup(editor.state.doc)[1],
    'OP1 Decides [+FRA:pasted struck ]to act;',
  );
  const id = onlyId(editor.state.doc, ['insertion FRA']);
  assert.notEqual(id, foreignId);
  assert.equal(readAmendmentMeta(ydoc, id)?.delegation, 'FRA');
  assert.equal(readAmendmentMeta(ydoc, foreignId), null);
  editor.destroy();
});

test('striking another delegation’s insertion keeps it, struck, and records that it covers it', () => {
  const ydoc = new Y.Doc();
  const chn = suggestingEditor(draft(), CHN, ydoc);
  caretAt(chn.editor, 'to act');
  type(chn.editor, 'firmly ');
  const chnId = onlyId(chn.editor.state.doc, ['insertion CHN']);
  const fra = suggestingEditor(chn.editor.getJSON(), FRA, ydoc);
  selectText(fra.editor, 'Decides firmly');
  backspace(fra.editor);
  assert.deepEqual(
    amendmentMarkup(fra.editor.state.doc)[1],
    'OP1 [-FRA:Decides ][+CHN-FRA:firmly][+CHN: ]to act;',
  );
  const fraId = [...suggestionIds(fra.editor.state.doc).keys()].find((id) => id !== chnId) ?? '';
  assert.deepEqual(readAmendmentMeta(ydoc, fraId)?.covers, [chnId]);
  chn.editor.destroy();
  fra.editor.destroy();
});

test('suggesting mode refuses joins and direct restructuring, and says why', () => {
  const { editor, refusals } = setup();
  const before = editor.state.doc;
  caretAt(editor, 'Requests');
  assert.ok(press(editor, 'Backspace'));
  assert.match(refusals.at(-1) ?? '', /not joined in suggesting mode/);
  caretAt(editor, 'second');
  assert.ok(press(editor, 'Tab'));
  assert.match(refusals.at(-1) ?? '', /changing the kind or level/);
  // A direct structure change dispatched by other code is refused too.
  editor.commands.moveParagraphUp();
  assert.match(refusals.at(-1) ?? '', /are not changed directly/);
  editor.commands.splitResolutionParagraph();
  assert.match(refusals.at(-1) ?? '', /paragraphs are added, deleted and moved as amendments/);
  assert.equal(refusals.length, 4);
  assert.equal(editor.state.doc, before, 'nothing changed');
  editor.destroy();
});

test('withdrawing a new paragraph proposed above sub-paragraphs leaves them where they were', () => {
  const { editor, original, refusals } = setup();
  caretAt(editor, 'to act;', 'after');
  press(editor, 'Enter');
  // The proposed paragraph sits between OP1 and its sub-paragraphs, which now read under it.
  assert.deepEqual(amendmentMarkup(editor.state.doc).slice(1, 5), [
    'OP1 Decides to act;',
    'OP1 bis {insert FRA} ',
    'OP1 bis (a) first item;',
    'OP1 bis (b) second item;',
  ]);
  // Backspace in the empty proposed paragraph takes it back: only it.
  assert.ok(press(editor, 'Backspace'));
  assert.deepEqual(refusals, []);
  assert.deepEqual(editor.state.doc.toJSON(), original.toJSON());
  // The same with the command, after typing in it.
  caretAt(editor, 'to act;', 'after');
  press(editor, 'Enter');
  type(editor, 'Urges action;');
  editor.commands.proposeParagraphDeletion();
  assert.deepEqual(editor.state.doc.toJSON(), original.toJSON());
  editor.destroy();
});

test('moving one’s own new paragraph moves it alone, not the paragraphs that follow it', () => {
  const { editor } = setup();
  caretAt(editor, 'to act;', 'after');
  press(editor, 'Enter');
  type(editor, 'Urges action;');
  assert.ok(press(editor, 'Alt-ArrowDown'));
  assert.deepEqual(amendmentMarkup(editor.state.doc), [
    ...ORIGINAL,
    'OP2 bis {insert FRA} Urges action;',
  ]);
  assert.ok(press(editor, 'Alt-ArrowUp'));
  assert.ok(press(editor, 'Alt-ArrowUp'));
  assert.deepEqual(amendmentMarkup(editor.state.doc).slice(1), [
    'OP new {insert FRA} Urges action;',
    ...ORIGINAL.slice(1),
  ]);
  editor.destroy();
});

test('struck text is not edited: typing inside a struck run goes after it', () => {
  const { original } = setup();
  const chn = suggestingEditor(draft(), CHN, new Y.Doc());
  // CHN strikes "to act"; FRA, with CHN's amendment in its text, types in its middle.
  selectText(chn.editor, 'to act');
  backspace(chn.editor);
  const { editor } = suggestingEditor(chn.editor.getJSON(), FRA, new Y.Doc());
  const struck = textPos(editor.state.doc, 'to act');
  editor.commands.setTextSelection(struck + 3);
  type(editor, 'swiftly');
  assert.equal(amendmentMarkup(editor.state.doc)[1], 'OP1 Decides [-CHN:to act][+FRA:swiftly];');
  const rejected = decideAll(editor.state.doc, 'rejected');
  assert.deepEqual(amendmentMarkup(rejected), amendmentMarkup(original));
});

test('pasting several paragraphs proposes them as new paragraphs of the paster', () => {
  const { editor, ydoc, original } = setup();
  caretAt(editor, 'to act;', 'after');
  const pasted = resolutionJSON({
    preamble: [[{ text: 'ignored,' }]],
    operative: [
      { kind: 'paragraph', content: [{ text: 'Invites all States;' }] },
      { kind: 'paragraph', content: [{ text: 'Encourages donors;' }] },
    ],
  });
  const slice = editor.schema.nodeFromJSON(pasted).slice(0);
  const handled = editor.view.someProp('handlePaste', (f) =>
    f(editor.view, new ClipboardEvent('paste'), slice),
  );
  assert.ok(handled, 'suggesting mode handles the paste');
  const markup = amendmentMarkup(editor.state.doc);
  assert.deepEqual(markup.slice(1, 5), [
    'OP1 Decides to act;',
    'OP1 bis {insert FRA} ignored,',
    'OP1 ter {insert FRA} Invites all States;',
    'OP1 quater {insert FRA} Encourages donors;',
  ]);
  const [id] = [...suggestionIds(editor.state.doc).keys()];
  assert.equal(readAmendmentMeta(ydoc, id ?? '')?.delegation, 'FRA');
  assert.deepEqual(
    amendmentMarkup(decideAll(editor.state.doc, 'rejected')),
    amendmentMarkup(original),
  );
});

test('a footnote cannot be proposed in the original text: refused with the reason, nothing changes', () => {
  const { editor, refusals, original } = setup();
  try {
    caretAt(editor, 'to act');
    const footnote = editor.schema.nodes.footnote?.create(null, editor.schema.text('A/77/1.'));
    assert.ok(footnote);
    editor.view.dispatch(editor.state.tr.replaceSelectionWith(footnote));
    assert.ok(editor.state.doc.eq(original), 'the text is as it was');
    assert.match(refusals.at(-1) ?? '', /footnote cannot yet be proposed/);
  } finally {
    editor.destroy();
  }
});
