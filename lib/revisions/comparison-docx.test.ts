import assert from 'node:assert/strict';
import { test } from 'node:test';
import { finalDocx } from '../export/docx';
import { finalDocumentFromBody } from '../export/final-draft';
import { importResolutionMarkdown } from '../import/resolution-markdown';
import { newId } from '../schema/new-id';
import { resolutionJSON } from '../schema/resolution-json';
import {
  bodyParagraphs,
  docxParts,
  footnoteParts,
  paragraphTexts,
  resolved,
  wordText,
} from '../testing/docx-parts';
import { markdownFixtures, readFixture } from '../testing/fixtures';
import { comparisonDocx } from './comparison-docx';
import { revisionBody, type RevisionContent } from './revision';

const AUTHOR = { author: 'Rev.1', date: '2026-12-01T09:30:00.000Z' };

function zeroDraft(fixture: string): RevisionContent {
  const { document } = importResolutionMarkdown(readFixture(fixture));
  return { header: document.header, body: resolutionJSON(document.body) };
}

/** Rev.1 of a fixture: a PP deleted, an OP inserted, the first OP moved to the end with a word changed, words and a footnote changed. */
function rev1(zero: RevisionContent): RevisionContent {
  const copy = structuredClone(zero);
  const [preamble, operative] = copy.body.content ?? [];
  assert.ok(preamble?.content && operative?.content);
  preamble.content.splice(1, 1);
  const firstOp = operative.content.findIndex((node) => node.type === 'operativeParagraph');
  let end = firstOp + 1;
  while (operative.content[end]?.type === 'subParagraph') end++;
  const block = operative.content.splice(firstOp, end - firstOp);
  const head = block[0]?.content?.find(
    (child) => child.type === 'text' && child.text?.includes(' the '),
  );
  if (head?.text) head.text = head.text.replace(' the ', ' the said ');
  operative.content.push(...block);
  operative.content.splice(1, 0, {
    type: 'operativeParagraph',
    attrs: { paragraphId: newId() },
    content: [{ type: 'text', text: 'Welcomes the progress made;' }],
  });
  const last = preamble.content.at(-1);
  const run = last?.content?.find(
    (child) => child.type === 'text' && (child.text ?? '').length > 20,
  );
  if (run?.text) run.text = run.text.replace(/\S+/, 'Noting');
  // The first footnote of the text, changed.
  for (const node of [...preamble.content, ...operative.content]) {
    const note = node.content?.find((child) => child.type === 'footnote');
    const text = note?.content?.[0];
    if (text?.text) {
      text.text = `${text.text} Rev.`;
      break;
    }
  }
  return copy;
}

async function finalParagraphs(content: RevisionContent): Promise<string[]> {
  const document = finalDocumentFromBody(revisionBody(content), content.header);
  return paragraphTexts(docxParts(await finalDocx(document)).get('word/document.xml') ?? '');
}

test('the comparison DOCX: accept all gives the newer revision, reject all the older, on every fixture', async () => {
  for (const fixture of markdownFixtures()) {
    const zero = zeroDraft(fixture);
    const newer = rev1(zero);
    const body =
      docxParts(await comparisonDocx(zero, newer, AUTHOR)).get('word/document.xml') ?? '';
    assert.deepEqual(
      resolved(body, 'reject'),
      await finalParagraphs(zero),
      `${fixture}: reject all`,
    );
    assert.deepEqual(
      resolved(body, 'accept'),
      await finalParagraphs(newer),
      `${fixture}: accept all`,
    );
  }
});

test('the comparison DOCX writes words, labels, paragraphs and moves as Word revisions by the author', async () => {
  const zero = zeroDraft('A_RES_78_169.md');
  const files = docxParts(await comparisonDocx(zero, rev1(zero), AUTHOR));
  const body = files.get('word/document.xml') ?? '';
  const revisions = [
    ...body.matchAll(
      /<w:(ins|del|moveFrom|moveTo|moveFromRangeStart|moveToRangeStart) w:id="(\d+)" w:author="([^"]*)" w:date="([^"]*)"/g,
    ),
  ];
  assert.ok(revisions.length > 0);
  assert.ok(
    revisions.every(
      ([, , , author, date]) => author === 'Rev.1' && date === '2026-12-01T09:30:00Z',
    ),
  );
  const ids = revisions.map(([, , id]) => id);
  assert.equal(new Set(ids).size, ids.length, 'each revision id once');
  // OP1 and its words moved to the end: both ends of one named move.
  const names = [...body.matchAll(/<w:(moveFrom|moveTo)RangeStart [^>]*w:name="([^"]*)"/g)].map(
    ([, end, name]) => `${end} ${name}`,
  );
  assert.deepEqual(names, ['moveFrom move1', 'moveTo move1']);
  const moveTo = /<w:moveTo [\s\S]*?<w:moveToRangeEnd/.exec(body)?.[0] ?? '';
  assert.match(wordText(/<w:ins [^>]*>[\s\S]*?<\/w:ins>/.exec(moveTo)?.[0] ?? ''), /said/);
  // The renumbered OPs: old number deleted, new inserted, their words untouched.
  const op2 = paragraphTexts(body).find((text) => text.startsWith('2.1.\t'));
  assert.ok(op2, 'OP2 is now OP1: "2." deleted, "1." inserted');
  assert.match(
    body,
    /<w:del [^>]*><w:r><w:delText[^>]*>2\.<\/w:delText><\/w:r><\/w:del><w:ins [^>]*><w:r><w:t[^>]*>1\.<\/w:t><\/w:r><\/w:ins><w:r><w:tab\/><\/w:r>/,
  );
  // The new OP2, inserted whole (its paragraph mark too).
  const added = bodyParagraphs(body).find((xml) => wordText(xml).includes('Welcomes the progress'));
  assert.match(
    added ?? '',
    /<w:pPr>(?:(?!<\/w:pPr>)[\s\S])*<w:ins /,
    'its paragraph mark inserted',
  );
  assert.equal(wordText((added ?? '').replace(/<w:ins [^>]*>[\s\S]*?<\/w:ins>/g, '')), '');
  // The changed footnote: the old text deleted and the new inserted, each a footnote of its own.
  const notes = [...footnoteParts(files).values()].map((note) => ({
    deleted: /<w:del /.test(note),
    inserted: /<w:ins /.test(note),
    text: wordText(note),
  }));
  const changed = notes.filter((note) => note.deleted || note.inserted);
  assert.ok(changed.some((note) => note.inserted && note.text.endsWith(' Rev.')));
  assert.ok(changed.some((note) => note.deleted && !note.text.endsWith(' Rev.')));
});
