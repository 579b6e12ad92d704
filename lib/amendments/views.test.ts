import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Slice } from '@tiptap/pm/model';
import { labelParagraphs } from '../schema/numbering';
import { resolutionJSON } from '../schema/resolution-json';
import {
  backspace,
  caretAt,
  CHN,
  FRA,
  inlineMarkup,
  press,
  selectText,
  suggestingEditor,
  textPos,
  type,
} from '../testing/amendment-editors';
import { inlineVisibleIn, paragraphVisibleIn, type AmendmentView } from './model';
import { amendmentView } from './suggesting-mode';

/**
 * The three views of an amended text (DESIGN.md §3): marked up (original
 * numbers, "OP1 bis" for proposed paragraphs), as if all accepted, and the
 * original (all rejected); each numbers what it shows.
 */

function draft() {
  return resolutionJSON({
    preamble: [[{ text: 'Recalling its resolution,' }], [{ text: 'Noting the report,' }]],
    operative: [
      { kind: 'paragraph', content: [{ text: 'Decides to act;' }] },
      { kind: 'paragraph', content: [{ text: 'Requests a report;' }] },
      { kind: 'subParagraph', level: 1, content: [{ text: 'on costs;' }] },
      { kind: 'subParagraph', level: 1, content: [{ text: 'on staff;' }] },
      { kind: 'paragraph', content: [{ text: 'Invites all States;' }] },
      { kind: 'paragraph', content: [{ text: 'Decides to remain seized.' }] },
    ],
  });
}

/**
 * FRA proposes a new PP and a new OP after OP1 and moves OP2 (with its
 * sub-paragraphs) down; CHN proposes deleting OP3 and a new sub-paragraph in
 * the moved copy.
 */
function amended() {
  const fra = suggestingEditor(draft(), FRA);
  caretAt(fra.editor, 'to act;', 'after');
  press(fra.editor, 'Enter');
  type(fra.editor, 'Urges action;');
  caretAt(fra.editor, 'Recalling its resolution,', 'after');
  press(fra.editor, 'Enter');
  type(fra.editor, 'Welcoming the progress,');
  caretAt(fra.editor, 'Requests');
  press(fra.editor, 'Alt-ArrowDown');
  const chn = suggestingEditor(fra.editor.getJSON(), CHN);
  assert.deepEqual(fra.refusals, []);
  fra.editor.destroy();
  caretAt(chn.editor, 'Invites');
  press(chn.editor, 'Mod-Shift-Backspace');
  const copy = textPos(chn.editor.state.doc, 'on costs;', 1) + 'on costs;'.length;
  chn.editor.commands.setTextSelection(copy);
  press(chn.editor, 'Enter');
  type(chn.editor, 'on travel;');
  assert.deepEqual(chn.refusals, []);
  return chn.editor;
}

function references(editor: ReturnType<typeof amended>, view: AmendmentView): string[] {
  return labelParagraphs(editor.state.doc, view).map(
    (label) => `${label.reference || '—'} ${editor.state.doc.nodeAt(label.pos)?.textContent}`,
  );
}

test('marked-up view: original numbers, proposed paragraphs are "bis", "ter"', () => {
  const editor = amended();
  assert.deepEqual(references(editor, 'markup'), [
    'PP1 Recalling its resolution,',
    'PP1 bis Welcoming the progress,',
    'PP2 Noting the report,',
    'OP1 Decides to act;',
    'OP1 bis Urges action;',
    'OP2 Requests a report;',
    'OP2 (a) on costs;',
    'OP2 (b) on staff;',
    'OP3 Invites all States;',
    // The sub-paragraphs of a moved or proposed paragraph are numbered under it.
    'OP3 bis Requests a report;',
    'OP3 bis (a) on costs;',
    'OP3 bis (b) on travel;',
    'OP3 bis (c) on staff;',
    'OP4 Decides to remain seized.',
  ]);
  editor.destroy();
});

test('as if all accepted: proposed paragraphs counted, deleted and moved-away ones hidden', () => {
  const editor = amended();
  assert.deepEqual(references(editor, 'accepted'), [
    'PP1 Recalling its resolution,',
    'PP2 Welcoming the progress,',
    'PP3 Noting the report,',
    'OP1 Decides to act;',
    'OP2 Urges action;',
    '— Requests a report;',
    '— on costs;',
    '— on staff;',
    '— Invites all States;',
    'OP3 Requests a report;',
    'OP3 (a) on costs;',
    'OP3 (b) on travel;',
    'OP3 (c) on staff;',
    'OP4 Decides to remain seized.',
  ]);
  editor.destroy();
});

test('original (all rejected): proposed and moved-in paragraphs hidden, the rest as before', () => {
  const editor = amended();
  assert.deepEqual(references(editor, 'original'), [
    'PP1 Recalling its resolution,',
    '— Welcoming the progress,',
    'PP2 Noting the report,',
    'OP1 Decides to act;',
    '— Urges action;',
    'OP2 Requests a report;',
    'OP2 (a) on costs;',
    'OP2 (b) on staff;',
    'OP3 Invites all States;',
    '— Requests a report;',
    '— on costs;',
    '— on travel;',
    '— on staff;',
    'OP4 Decides to remain seized.',
  ]);
  editor.destroy();
});

test('several proposals after one paragraph: bis, ter; a proposal before the first sub-paragraph', () => {
  const { editor } = suggestingEditor(draft(), FRA);
  caretAt(editor, 'to act;', 'after');
  press(editor, 'Enter');
  type(editor, 'First new;');
  press(editor, 'Enter');
  type(editor, 'Second new;');
  assert.deepEqual(
    labelParagraphs(editor.state.doc)
      .map((label) => label.reference)
      .slice(2, 6),
    ['OP1', 'OP1 bis', 'OP1 ter', 'OP2'],
  );
  assert.deepEqual(
    labelParagraphs(editor.state.doc, 'accepted')
      .map((label) => label.reference)
      .slice(2, 6),
    ['OP1', 'OP2', 'OP3', 'OP4'],
  );
  editor.destroy();
});

test('a sub-paragraph proposed after (a) is "(a bis)"; counted as (b) once accepted', () => {
  const { editor } = suggestingEditor(draft(), CHN);
  caretAt(editor, 'on costs;', 'after');
  press(editor, 'Enter');
  type(editor, 'on travel;');
  const at = (view: AmendmentView) =>
    labelParagraphs(editor.state.doc, view)
      .map((label) => label.reference)
      .slice(3, 7);
  assert.deepEqual(at('markup'), ['OP2', 'OP2 (a)', 'OP2 (a bis)', 'OP2 (b)']);
  assert.deepEqual(at('accepted'), ['OP2', 'OP2 (a)', 'OP2 (b)', 'OP2 (c)']);
  assert.deepEqual(at('original'), ['OP2', 'OP2 (a)', '', 'OP2 (b)']);
  editor.destroy();
});

test('moving a paragraph whose sub-paragraph has a pending paragraph amendment is refused', () => {
  const chn = suggestingEditor(draft(), CHN);
  caretAt(chn.editor, 'on costs;', 'after');
  press(chn.editor, 'Enter');
  type(chn.editor, 'on travel;');
  const fra = suggestingEditor(chn.editor.getJSON(), FRA);
  chn.editor.destroy();
  const before = fra.editor.state.doc;
  caretAt(fra.editor, 'Requests');
  press(fra.editor, 'Alt-ArrowDown');
  assert.equal(fra.editor.state.doc, before, 'nothing moved');
  assert.match(
    fra.refusals[0] ?? '',
    /^OP2 \(a bis\) already has a pending paragraph amendment from CHN/,
  );
  fra.editor.destroy();
});

test('inline views: struck text hidden as if accepted, inserted text hidden in the original', () => {
  const { editor } = suggestingEditor(draft(), FRA);
  selectText(editor, 'a report');
  type(editor, 'an account');
  const paragraph = editor.state.doc.child(1).child(1);
  assert.equal(inlineMarkup(paragraph), 'Requests [-FRA:a report][+FRA:an account];');
  const visible = (view: AmendmentView) => {
    let text = '';
    paragraph.forEach((child) => {
      if (inlineVisibleIn(child, view)) text += child.text ?? '';
    });
    return text;
  };
  assert.equal(visible('markup'), 'Requests a reportan account;');
  assert.equal(visible('accepted'), 'Requests an account;');
  assert.equal(visible('original'), 'Requests a report;');
  assert.equal(paragraphVisibleIn(paragraph, 'original'), true);
  editor.destroy();
});

test('the view is switched by command and shown on the editor element', () => {
  const { editor } = suggestingEditor(draft(), FRA);
  assert.equal(amendmentView(editor.state), 'markup');
  editor.commands.setAmendmentView('accepted');
  assert.equal(amendmentView(editor.state), 'accepted');
  assert.equal(editor.view.dom.getAttribute('data-amendment-view'), 'accepted');
  assert.ok(editor.view.dom.classList.contains('amendment-view-accepted'));
  editor.destroy();
});

test('copying takes the text as if accepted (or the original in that view), never struck text', () => {
  const { editor } = suggestingEditor(draft(), FRA);
  caretAt(editor, 'report;', 'after');
  backspace(editor);
  caretAt(editor, 'a report');
  type(editor, 'yearly ');
  const paragraph = editor.state.doc.child(1).child(1);
  assert.equal(inlineMarkup(paragraph), 'Requests [+FRA:yearly ]a report[-FRA:;]');
  const from = textPos(editor.state.doc, 'Requests');
  const to = from + paragraph.content.size;
  const copied = (): string => {
    const slice = editor.state.doc.slice(from, to);
    const out = editor.view.someProp('transformCopied', (transform) =>
      transform(slice, editor.view),
    ) as Slice | undefined;
    return out?.content.textBetween(0, out.content.size) ?? '';
  };
  assert.equal(copied(), 'Requests yearly a report');
  editor.commands.setAmendmentView('original');
  assert.equal(copied(), 'Requests a report;');
  editor.destroy();
});
