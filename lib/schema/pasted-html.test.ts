import assert from 'node:assert/strict';
import { test } from 'node:test';
import { headlessEditor } from '../testing/headless-editor';
import { resolutionJSON } from './resolution-json';
import { PastedHtml } from './pasted-html';

const draft = resolutionJSON({
  preamble: [[{ text: 'Recalling its resolution,' }]],
  operative: [
    { kind: 'paragraph', content: [{ text: 'Decides to act;' }] },
    { kind: 'paragraph', content: [{ text: 'Requests the report.' }] },
  ],
});

function operativeTexts(html: string): string[] {
  const editor = headlessEditor(draft, [PastedHtml]);
  let end = 0;
  editor.state.doc.descendants((node, pos) => {
    if (node.type.name === 'operativeParagraph' && end === 0) end = pos + node.nodeSize - 1;
    return true;
  });
  editor.commands.setTextSelection(end);
  assert.ok(editor.view.pasteHTML(html));
  const texts: string[] = [];
  editor.state.doc.descendants((node) => {
    if (node.type.name === 'operativeParagraph') texts.push(node.textContent);
    return true;
  });
  editor.destroy();
  return texts;
}

test('a web page’s heading, paragraph and table paste as one paragraph, table cells spaced', () => {
  const html =
    '<h1>Oceans</h1><p>The sea is <em>shared</em>.</p>' +
    '<table><tr><th>Year</th><th>Tonnes</th></tr><tr><td>2023</td><td>12</td></tr></table>';
  assert.deepEqual(operativeTexts(html), [
    'Decides to act;Oceans The sea is shared. Year Tonnes 2023 12',
    'Requests the report.',
  ]);
});

test('only the source’s paragraphs become paragraphs; a heading between them starts the next', () => {
  const html = '<div><p>First point;</p><h2>Second part</h2><p>second point;</p></div>';
  assert.deepEqual(operativeTexts(html), [
    'Decides to act;First point;',
    'Second part second point;',
    'Requests the report.',
  ]);
});

test('words with no paragraph around them stay in the paragraph pasted into', () => {
  assert.deepEqual(operativeTexts('<span>at once</span><br>and <b>firmly</b>'), [
    'Decides to act;at once and firmly',
    'Requests the report.',
  ]);
});
