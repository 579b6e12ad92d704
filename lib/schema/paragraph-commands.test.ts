import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import type { Editor } from '@tiptap/core';
import { headlessEditor } from '../testing/headless-editor';
import { footnoteMarkup } from '../import/footnote-markup';
import { labelParagraphs } from './numbering';
import { selectedFootnote } from './paragraph-commands';
import type { OperativeBlock } from './resolution-document';
import { resolutionJSON } from './resolution-json';

const editors: Editor[] = [];
afterEach(() => {
  for (const editor of editors.splice(0)) editor.destroy();
});

const op = (text: string): OperativeBlock => ({ kind: 'paragraph', content: [{ text }] });
const sub = (level: 1 | 2 | 3 | 4, text: string): OperativeBlock => ({
  kind: 'subParagraph',
  level,
  content: [{ text }],
});

/** An editor with the one list of document extensions. */
function editorWith(preamble: string[], operative: OperativeBlock[]): Editor {
  const editor = headlessEditor(
    resolutionJSON({ preamble: preamble.map((text) => [{ text }]), operative }),
  );
  editors.push(editor);
  return editor;
}

/** Every paragraph as "<reference> <text>", in order. */
function outline(editor: Editor): string[] {
  const doc = editor.state.doc;
  return labelParagraphs(doc).map((l) => `${l.reference} ${doc.nodeAt(l.pos)?.textContent ?? ''}`);
}

/** Types `text` at the caret. */
function type(editor: Editor, text: string): void {
  editor
    .chain()
    .command(({ tr }) => {
      tr.insertText(text);
      return true;
    })
    .run();
}

function idOf(editor: Editor, text: string): unknown {
  let id: unknown;
  editor.state.doc.descendants((node) => {
    if (node.isTextblock && node.textContent === text) id = node.attrs.paragraphId;
    return !node.isTextblock;
  });
  return id;
}

/** Puts the caret at the end (or `offset` into) the paragraph whose text is `text`. */
function caretIn(editor: Editor, text: string, offset = text.length): void {
  let found: number | null = null;
  editor.state.doc.descendants((node, pos) => {
    if (found === null && node.isTextblock && node.textContent === text) found = pos + 1 + offset;
    return found === null;
  });
  assert.notEqual(found, null, `no paragraph "${text}"`);
  editor.commands.setTextSelection(found ?? 0);
}

test('Enter starts the next paragraph of the same kind and level', () => {
  const editor = editorWith(['Recalling,'], [op('Decides:'), sub(2, 'x;')]);
  caretIn(editor, 'Recalling,');
  editor.commands.splitResolutionParagraph();
  type(editor, 'Noting,');
  caretIn(editor, 'Decides:');
  editor.commands.splitResolutionParagraph();
  type(editor, 'Requests;');
  assert.deepEqual(outline(editor), [
    'PP1 Recalling,',
    'PP2 Noting,',
    'OP1 Decides:',
    'OP2 Requests;',
    'OP2 (a) x;',
  ]);
  caretIn(editor, 'x;');
  editor.commands.splitResolutionParagraph();
  type(editor, 'y;');
  assert.deepEqual(outline(editor).slice(-2), ['OP2 (a) x;', 'OP2 (b) y;']);
});

test('Enter in the middle splits; the first half keeps the id, the second gets a new one', () => {
  const editor = editorWith(['Recalling,'], [op('Decides to act;')]);
  const id = idOf(editor, 'Decides to act;');
  caretIn(editor, 'Decides to act;', 'Decides'.length);
  editor.commands.splitResolutionParagraph();
  assert.deepEqual(outline(editor), ['PP1 Recalling,', 'OP1 Decides', 'OP2  to act;']);
  assert.equal(idOf(editor, 'Decides'), id);
  assert.notEqual(idOf(editor, ' to act;'), id);
  assert.ok(idOf(editor, ' to act;'));
});

test('Enter in an empty sub-paragraph moves it out one level', () => {
  const editor = editorWith(['R,'], [op('Decides:'), sub(1, 'a;'), sub(2, '')]);
  editor.commands.setTextSelection(editor.state.doc.content.size - 2);
  editor.commands.splitResolutionParagraph();
  assert.deepEqual(outline(editor), ['PP1 R,', 'OP1 Decides:', 'OP1 (a) a;', 'OP1 (b) ']);
});

test('Tab and Shift-Tab move a paragraph into and out of sub-paragraph levels, with its own', () => {
  const editor = editorWith(['R,'], [op('One;'), op('Two:'), sub(1, 'a;'), op('Three;')]);
  const id = idOf(editor, 'Two:');
  caretIn(editor, 'Two:');
  assert.ok(editor.commands.indentParagraph());
  assert.deepEqual(outline(editor), [
    'PP1 R,',
    'OP1 One;',
    'OP1 (a) Two:',
    'OP1 (a) (i) a;',
    'OP2 Three;',
  ]);
  assert.equal(idOf(editor, 'Two:'), id, 'the id survives the change of kind');
  // (a) cannot go deeper: there is nothing at its level before it.
  assert.equal(editor.commands.indentParagraph(), false);
  assert.ok(editor.commands.outdentParagraph());
  assert.deepEqual(outline(editor), ['PP1 R,', 'OP1 One;', 'OP2 Two:', 'OP2 (a) a;', 'OP3 Three;']);
  // The first operative paragraph has nothing to belong to.
  caretIn(editor, 'One;');
  assert.equal(editor.commands.indentParagraph(), false);
});

test('no deeper than four levels', () => {
  const editor = editorWith(
    ['R,'],
    [op('D:'), sub(1, '1'), sub(2, '2'), sub(3, '3'), sub(4, '4'), sub(4, '5')],
  );
  caretIn(editor, '5');
  assert.equal(editor.commands.indentParagraph(), false);
  assert.equal(outline(editor).at(-1), 'OP1 (a) (i) a. ii. 5');
});

test('moving an operative paragraph takes its sub-paragraphs along; PPs move in the preamble', () => {
  const editor = editorWith(
    ['First,', 'Second,'],
    [op('One;'), op('Two:'), sub(1, 'a;'), sub(1, 'b;'), op('Three;')],
  );
  caretIn(editor, 'Two:', 1);
  assert.ok(editor.commands.moveParagraphUp());
  assert.deepEqual(outline(editor).slice(2), [
    'OP1 Two:',
    'OP1 (a) a;',
    'OP1 (b) b;',
    'OP2 One;',
    'OP3 Three;',
  ]);
  assert.equal(editor.state.selection.$from.parent.textContent, 'Two:', 'the caret moves along');
  assert.equal(editor.commands.moveParagraphUp(), false, 'already first');
  assert.ok(editor.commands.moveParagraphDown());
  assert.ok(editor.commands.moveParagraphDown());
  assert.deepEqual(outline(editor).slice(2), [
    'OP1 One;',
    'OP2 Three;',
    'OP3 Two:',
    'OP3 (a) a;',
    'OP3 (b) b;',
  ]);
  assert.equal(editor.commands.moveParagraphDown(), false, 'already last');

  caretIn(editor, 'b;');
  assert.ok(editor.commands.moveParagraphUp(), 'a sub-paragraph moves among its siblings');
  assert.deepEqual(outline(editor).slice(-2), ['OP3 (a) b;', 'OP3 (b) a;']);
  assert.equal(editor.commands.moveParagraphUp(), false, 'but not out of its paragraph');

  caretIn(editor, 'Second,');
  assert.ok(editor.commands.moveParagraphUp());
  assert.deepEqual(outline(editor).slice(0, 2), ['PP1 Second,', 'PP2 First,']);
});

test('converting between preambular and operative moves the paragraph to the boundary', () => {
  const editor = editorWith(['First,', 'Second,'], [op('One;'), op('Two:'), sub(1, 'a;')]);
  const id = idOf(editor, 'First,');
  caretIn(editor, 'First,');
  assert.ok(editor.commands.convertToOperative());
  assert.deepEqual(outline(editor).slice(0, 3), ['PP1 Second,', 'OP1 First,', 'OP2 One;']);
  assert.equal(idOf(editor, 'First,'), id);
  assert.ok(editor.commands.convertToPreambular());
  assert.deepEqual(outline(editor).slice(0, 3), ['PP1 Second,', 'PP2 First,', 'OP1 One;']);
  caretIn(editor, 'Two:');
  assert.equal(editor.commands.convertToPreambular(), false, 'not with sub-paragraphs');
  caretIn(editor, 'Second,');
  assert.ok(editor.commands.convertToOperative());
  caretIn(editor, 'First,');
  assert.equal(editor.commands.convertToOperative(), false, 'the preamble keeps one paragraph');
});

test('a footnote is inserted at the caret with its text; the caret goes on after it', () => {
  const editor = editorWith(['Recalling resolution 70/1,'], [op('Decides;')]);
  caretIn(editor, 'Recalling resolution 70/1,');
  assert.ok(
    editor.commands.insertFootnote([
      { text: 'United Nations, ' },
      { text: 'Treaty Series', italic: true },
    ]),
  );
  type(editor, ' more');
  const pp = editor.state.doc.child(0).child(0);
  assert.equal(pp.childCount, 3);
  assert.equal(pp.child(1).type.name, 'footnote');
  assert.equal(pp.child(1).textContent, 'United Nations, Treaty Series');
  assert.equal(footnoteMarkup(pp.child(1)), 'United Nations, *Treaty Series*');
  assert.equal(pp.child(2).text, ' more');

  const pos = 1 + 1 + pp.child(0).nodeSize;
  assert.ok(editor.commands.updateFootnote(pos, [{ text: 'Resolution 70/1.' }]));
  assert.equal(editor.state.doc.child(0).child(0).child(1).textContent, 'Resolution 70/1.');
  assert.equal(selectedFootnote(editor.state)?.pos, pos, 'the edited footnote stays selected');
});

test('a section heading goes before the current operative paragraph and its sub-paragraphs', () => {
  const editor = editorWith(['R,'], [op('One;'), op('Two:'), sub(1, 'a;')]);
  caretIn(editor, 'a;');
  assert.ok(editor.commands.insertSectionHeading(true));
  type(editor, 'Budget');
  assert.deepEqual(outline(editor), [
    'PP1 R,',
    'OP1 One;',
    'Section I Budget',
    'OP2 Two:',
    'OP2 (a) a;',
  ]);
});

test('a section heading switches between numbered and unnumbered; numbering follows', () => {
  const editor = editorWith(
    ['R,'],
    [
      { kind: 'heading', numbered: true, content: [{ text: 'A' }] },
      op('One;'),
      { kind: 'heading', numbered: true, content: [{ text: 'B' }] },
      op('Two;'),
    ],
  );
  caretIn(editor, 'A');
  assert.ok(editor.commands.toggleSectionNumbering());
  assert.deepEqual(outline(editor).slice(1), ['Heading A', 'OP1 One;', 'Section I B', 'OP2 Two;']);
  caretIn(editor, 'One;');
  assert.equal(editor.commands.toggleSectionNumbering(), false);
});

test('a sub-paragraph left without its paragraph becomes one; levels never skip', () => {
  const editor = editorWith(['R,'], [op('One:'), sub(1, 'a;'), sub(2, 'i;')]);
  caretIn(editor, 'a;');
  // Delete "(a)" entirely: "(i)" would otherwise sit two levels below OP1.
  const { $from } = editor.state.selection;
  editor.commands.deleteRange({ from: $from.before(), to: $from.after() });
  assert.deepEqual(outline(editor), ['PP1 R,', 'OP1 One:', 'OP1 (a) i;']);
});

test('paragraph status is an attribute, set and cleared', () => {
  const editor = editorWith(['R,'], [op('One;')]);
  caretIn(editor, 'One;');
  assert.ok(editor.commands.setParagraphStatus('agreedAdRef'));
  assert.equal(editor.state.doc.child(1).child(0).attrs.status, 'agreedAdRef');
  assert.ok(editor.commands.setParagraphStatus(null));
  assert.equal(editor.state.doc.child(1).child(0).attrs.status, null);
});

test('the keys: Enter, Tab, Shift-Tab, Alt-ArrowUp', () => {
  const editor = editorWith(['R,'], [op('One;'), op('Two;')]);
  const press = (key: string, modifiers: KeyboardEventInit = {}) =>
    editor.view.dom.dispatchEvent(
      new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...modifiers }),
    );
  caretIn(editor, 'Two;');
  press('Tab');
  assert.deepEqual(outline(editor).slice(1), ['OP1 One;', 'OP1 (a) Two;']);
  press('Enter');
  type(editor, 'Three;');
  assert.deepEqual(outline(editor).slice(1), ['OP1 One;', 'OP1 (a) Two;', 'OP1 (b) Three;']);
  press('Tab', { shiftKey: true });
  assert.deepEqual(outline(editor).slice(1), ['OP1 One;', 'OP1 (a) Two;', 'OP2 Three;']);
  press('ArrowUp', { altKey: true });
  assert.deepEqual(outline(editor).slice(1), ['OP1 Three;', 'OP2 One;', 'OP2 (a) Two;']);
});
