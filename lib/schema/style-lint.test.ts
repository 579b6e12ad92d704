import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import type { Editor } from '@tiptap/core';
import { closeHistory, history, undo } from '@tiptap/pm/history';
import { EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { headlessEditor } from '../testing/headless-editor';
import { markupOf, op, runs, sub } from '../testing/resolution-markup';
import { resolutionSchema } from './document-extensions';
import { labelParagraphs } from './numbering';
import { paragraphIdsPlugin } from './paragraph-ids';
import type { OperativeBlock } from './resolution-document';
import { resolutionJSON } from './resolution-json';
import {
  autoItalicOpenerPlugin,
  getStyleWarnings,
  StyleLint,
  styleLintPlugin,
  styleLintPluginKey,
} from './style-lint';
import { checkStyle } from './style-rules';

function contentOf(preamble: string[], operative: OperativeBlock[]) {
  return resolutionJSON({ preamble: preamble.map((markup) => runs(markup)), operative });
}

function stateOf(preamble: string[], operative: OperativeBlock[]): EditorState {
  return EditorState.create({
    doc: resolutionSchema.nodeFromJSON(contentOf(preamble, operative)),
    plugins: [history(), paragraphIdsPlugin(), styleLintPlugin(), autoItalicOpenerPlugin()],
  });
}

/** Position at the end of the paragraph's content ("PP1", "OP2 (a)"). */
function endOf(state: EditorState, reference: string): number {
  const label = labelParagraphs(state.doc).find((l) => l.reference === reference);
  assert.ok(label, `no paragraph ${reference}`);
  const node = state.doc.nodeAt(label.pos);
  assert.ok(node);
  return label.pos + 1 + node.content.size;
}

function markupAt(state: EditorState, reference: string): string {
  const label = labelParagraphs(state.doc).find((l) => l.reference === reference);
  const node = label ? state.doc.nodeAt(label.pos) : null;
  assert.ok(node, `no paragraph ${reference}`);
  return markupOf(node);
}

function caretAtEnd(state: EditorState, reference: string): EditorState {
  return state.apply(
    state.tr.setSelection(TextSelection.create(state.doc, endOf(state, reference))),
  );
}

/** Types `text` one character at a time at the caret, as a delegate would. */
function type(state: EditorState, text: string): EditorState {
  let next = state;
  for (const char of text) next = next.apply(closeHistory(next.tr.insertText(char)));
  return next;
}

describe('style lint plugin', () => {
  test('holds the warnings of the document', () => {
    const state = stateOf(['Recalling x;'], [op('*Decides* y.')]);
    assert.deepEqual(
      getStyleWarnings(state).map((w) => w.id),
      checkStyle(state.doc).map((w) => w.id),
    );
    assert.equal(getStyleWarnings(state).length, 2);
  });

  test('decorates each warning’s range and nothing else', () => {
    const state = stateOf(['Recalling x;'], [op('*Decides* y.')]);
    const set = styleLintPluginKey.getState(state)?.decorations;
    assert.ok(set);
    const found = set.find().map((d) => ({
      from: d.from,
      to: d.to,
      id: (d.spec as { styleWarningId?: string }).styleWarningId,
    }));
    assert.deepEqual(
      found,
      getStyleWarnings(state).map((w) => ({ from: w.from, to: w.to, id: w.id })),
    );
  });

  test('recomputes on document changes, local or remote, and only then', () => {
    let state = stateOf(['Recalling x,'], [op('*Decides* y.')]);
    const before = getStyleWarnings(state);
    assert.equal(before.length, 1);
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, 3)));
    assert.equal(getStyleWarnings(state), before, 'a selection change keeps the warnings');
    const italic = resolutionSchema.marks.italic;
    assert.ok(italic);
    const remote = state.tr
      .addMark(2, 2 + 'Recalling'.length, italic.create())
      .setMeta(ySyncPluginKey, { isChangeOrigin: true });
    state = state.apply(remote);
    assert.deepEqual(getStyleWarnings(state), []);
    state = state.apply(state.tr.insertText(';', endOf(state, 'OP1') - 1, endOf(state, 'OP1')));
    assert.deepEqual(
      getStyleWarnings(state).map((w) => w.message),
      ['OP1 is the last operative paragraph and should end with a full stop, not a semicolon.'],
    );
  });

  test('without the plugin the warnings are computed from the document', () => {
    const state = EditorState.create({
      doc: resolutionSchema.nodeFromJSON(contentOf(['Recalling x,'], [op('*Decides* y.')])),
    });
    assert.deepEqual(
      getStyleWarnings(state).map((w) => w.rule),
      ['opener-italic'],
    );
    assert.equal(getStyleWarnings(state), getStyleWarnings(state), 'remembered per document');
  });
});

describe('autoItalicOpener', () => {
  test('a PP opener is italicised when the space after it is typed', () => {
    let state = caretAtEnd(stateOf([''], [op('*Decides* y.')]), 'PP1');
    state = type(state, 'Recalling');
    assert.equal(markupAt(state, 'PP1'), 'Recalling');
    state = type(state, ' ');
    assert.equal(markupAt(state, 'PP1'), '*Recalling* ');
    state = type(state, 'its resolution,');
    assert.equal(markupAt(state, 'PP1'), '*Recalling* its resolution,');
    assert.deepEqual(getStyleWarnings(state), []);
  });

  test('typing on to a longer opener extends the italics', () => {
    let state = caretAtEnd(stateOf([''], [op('*Decides* y.')]), 'PP1');
    state = type(state, 'Recalling also its');
    assert.equal(markupAt(state, 'PP1'), '*Recalling also* its');
    state = caretAtEnd(stateOf([''], [op('*Decides* y.')]), 'PP1');
    state = type(state, 'Taking note with appreciation of');
    assert.equal(markupAt(state, 'PP1'), '*Taking note with appreciation* of');
  });

  test('a multi-word OP opener is italicised once complete; sub-paragraphs too', () => {
    let state = caretAtEnd(stateOf(['*Noting* x,'], [op(''), op('*Decides*:'), sub(1, '')]), 'OP1');
    state = type(state, 'Calls ');
    assert.equal(markupAt(state, 'OP1'), 'Calls ');
    state = type(state, 'upon States');
    assert.equal(markupAt(state, 'OP1'), '*Calls upon* States');
    state = type(caretAtEnd(state, 'OP2 (a)'), 'Requests the');
    assert.equal(markupAt(state, 'OP2 (a)'), '*Requests* the');
  });

  test('a comma after the opener counts too', () => {
    let state = caretAtEnd(stateOf([''], [op('*Decides* y.')]), 'PP1');
    state = type(state, 'Convinced, however,');
    assert.equal(markupAt(state, 'PP1'), '*Convinced*, however,');
  });

  test('only a known opener from the start of the paragraph', () => {
    let state = caretAtEnd(stateOf(['', 'The '], [op('*Decides* y.')]), 'PP1');
    state = type(state, 'Proclaiming that ');
    assert.equal(markupAt(state, 'PP1'), 'Proclaiming that ');
    state = type(caretAtEnd(state, 'PP2'), 'Recalling ');
    assert.equal(markupAt(state, 'PP2'), 'The Recalling ');
  });

  test('italics the delegate removed are not put back', () => {
    let state = caretAtEnd(stateOf([''], [op('*Decides* y.')]), 'PP1');
    state = type(state, 'Recalling ');
    const italic = resolutionSchema.marks.italic;
    assert.ok(italic);
    const start = endOf(state, 'PP1') - 'Recalling '.length;
    state = state.apply(state.tr.removeMark(start, start + 'Recalling'.length, italic));
    state = type(state, 'its resolution ');
    assert.equal(markupAt(state, 'PP1'), 'Recalling its resolution ');
  });

  test('an opener that already has italics is left alone', () => {
    let state = caretAtEnd(stateOf(['*Bear*ing in mind'], [op('*Decides* y.')]), 'PP1');
    state = type(state, ' ');
    assert.equal(markupAt(state, 'PP1'), '*Bear*ing in mind ');
  });

  test('remote (y-sync) and pasted text are left alone', () => {
    let state = caretAtEnd(stateOf(['Recalling'], [op('*Decides* y.')]), 'PP1');
    state = state.apply(state.tr.insertText(' ').setMeta(ySyncPluginKey, { isChangeOrigin: true }));
    assert.equal(markupAt(state, 'PP1'), 'Recalling ');
    state = caretAtEnd(stateOf([''], [op('*Decides* y.')]), 'PP1');
    state = state.apply(state.tr.insertText('Recalling ').setMeta('paste', true));
    assert.equal(markupAt(state, 'PP1'), 'Recalling ');
  });

  test('undo restoring the space does not italicise again', () => {
    let state = caretAtEnd(stateOf([''], [op('*Decides* y.')]), 'PP1');
    state = type(state, 'Recalling ');
    const italic = resolutionSchema.marks.italic;
    assert.ok(italic);
    const start = endOf(state, 'PP1') - 'Recalling '.length;
    state = state.apply(closeHistory(state.tr.removeMark(start, start + 9, italic)));
    state = state.apply(closeHistory(state.tr.delete(start + 9, start + 10)));
    assert.equal(markupAt(state, 'PP1'), 'Recalling');
    let undone: Transaction | null = null;
    undo(state, (tr) => (undone = tr));
    assert.ok(undone);
    state = state.apply(undone);
    assert.equal(markupAt(state, 'PP1'), 'Recalling ');
  });
});

describe('StyleLint extension', () => {
  const editors: Editor[] = [];
  afterEach(() => {
    for (const editor of editors.splice(0)) editor.destroy();
  });

  function editorOf(preamble: string[], operative: OperativeBlock[], autoItalic = true): Editor {
    const editor = headlessEditor(contentOf(preamble, operative), [
      StyleLint.configure({ autoItalicOpeners: autoItalic }),
    ]);
    editors.push(editor);
    return editor;
  }

  test('underlines warnings in the view with the rule and the message', () => {
    const editor = editorOf(['Recalling x,'], [op('*Decides* y;')]);
    const underlined = [...editor.view.dom.querySelectorAll('.style-warning')].map((element) => ({
      text: element.textContent,
      rule: element.getAttribute('data-style-rule'),
      title: element.getAttribute('title'),
    }));
    assert.deepEqual(underlined, [
      {
        text: 'Recalling',
        rule: 'opener-italic',
        title: 'The opening phrase “Recalling” of PP1 should be in italics.',
      },
      {
        text: ';',
        rule: 'end-punctuation',
        title:
          'OP1 is the last operative paragraph and should end with a full stop, not a semicolon.',
      },
    ]);
  });

  test('fixStyleWarning applies one warning’s fix in one transaction', () => {
    const editor = editorOf(['Recalling x,', '*Recalling* y,'], [op('*Decides* y;')]);
    const warnings = getStyleWarnings(editor.state);
    assert.deepEqual(
      warnings.map((w) => w.rule),
      ['opener-italic', 'sequence', 'end-punctuation'],
    );
    const [italic, sequence] = warnings;
    assert.ok(italic && sequence);
    let transactions = 0;
    editor.on('transaction', () => transactions++);
    assert.equal(editor.can().fixStyleWarning(sequence.id), true);
    assert.equal(transactions, 0, 'can() changes nothing');
    assert.equal(editor.commands.fixStyleWarning(sequence.id), true);
    assert.equal(transactions, 1);
    assert.equal(markupAt(editor.state, 'PP2'), '*Recalling also* y,');
    assert.equal(editor.chain().focus().fixStyleWarning(italic.id).run(), true);
    assert.equal(markupAt(editor.state, 'PP1'), '*Recalling* x,');
    assert.deepEqual(
      getStyleWarnings(editor.state).map((w) => w.rule),
      ['end-punctuation'],
    );
    assert.equal(editor.commands.fixStyleWarning(sequence.id), false, 'already fixed');
    assert.equal(editor.commands.fixStyleWarning('no-such-warning'), false);
  });

  test('italicises a typed opener in a real editor, unless turned off', () => {
    const editor = editorOf(['*Noting* x,'], [op('Requests')]);
    editor.commands.setTextSelection(endOf(editor.state, 'OP1'));
    editor.view.dispatch(editor.state.tr.insertText(' '));
    assert.equal(markupAt(editor.state, 'OP1'), '*Requests* ');

    const plain = editorOf(['*Noting* x,'], [op('Requests')], false);
    plain.commands.setTextSelection(endOf(plain.state, 'OP1'));
    plain.view.dispatch(plain.state.tr.insertText(' '));
    assert.equal(markupAt(plain.state, 'OP1'), 'Requests ');
  });
});
