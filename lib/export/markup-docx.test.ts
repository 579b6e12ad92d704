import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as Y from 'yjs';
import type { AmendmentAuthor } from '../amendments/model';
import { suggestTransaction } from '../amendments/suggest';
import { draftBodyState } from '../drafts/draft-body';
import { isFootnoteRun, type InlineRun } from '../schema/resolution-document';
import {
  amend,
  deleteParagraph,
  draftDoc,
  imported,
  insertAfter,
  moveUp,
  newParagraphAfter,
  replace,
  type Amendment,
} from '../testing/amended-draft';
import { CHN, FRA, USA } from '../testing/amendment-editors';
import {
  bodyParagraphs,
  docxParts,
  footnoteParts,
  paragraphTexts,
  resolved,
  wordText,
} from '../testing/docx-parts';
import { markdownFixtures } from '../testing/fixtures';
import { finalDocx } from './docx';
import { resolutionBody } from './final-draft';
import { markupDraft, type MarkupDraft } from './markup';
import { compilationDocx, markupDocx } from './markup-docx';

const DRAFT = 'fixtures/draft_A_C.3_77_L_enhancement_of_international_cooperation.md';
const EGY: AmendmentAuthor = { userId: 'u-egy', name: 'Amr', delegation: 'EGY' };
/** `PROPOSED_AT` as Word writes it. */
const WORD_DATE = '2026-11-20T10:00:00Z';
/** In the PP that EGY proposes to delete, with two footnotes. */
const DELETED_PP = 'its adoption of the United Nations Millennium Declaration';

/** Proposes a footnote after `anchor` (allowed in the delegation's own proposed paragraph). */
const footnoteAfter = (author: AmendmentAuthor, anchor: string, text: string): Amendment => ({
  author,
  make: (state) => {
    let at = -1;
    state.doc.descendants((node, pos) => {
      const index = node.isText ? (node.text ?? '').indexOf(anchor) : -1;
      if (at < 0 && index >= 0) at = pos + index + anchor.length;
      return at < 0;
    });
    const footnote = state.schema.nodes.footnote?.create(null, state.schema.text(text));
    assert.ok(at >= 0 && footnote);
    return suggestTransaction(state, state.tr.insert(at, footnote), author);
  },
});

/** The draft with pending amendments by four delegations. */
function amendedDraft() {
  const doc = draftDoc(imported(DRAFT));
  amend(doc, [
    replace(CHN, 'equality and equity', 'equality, equity and solidarity'),
    insertAfter(USA, 'resolving human rights issues in international forums', ', mutually'),
    replace(USA, ', including the Human Rights Council', ''),
    newParagraphAfter(FRA, 'on the full enjoyment of human rights;', 'Calls upon States to act;'),
    footnoteAfter(FRA, 'Calls upon States to act', 'A/77/1.'),
    moveUp(CHN, 'all Member States and the United Nations system to explore'),
    deleteParagraph(EGY, DELETED_PP),
  ]);
  return doc;
}

interface Revision {
  kind: 'ins' | 'del' | 'moveFrom' | 'moveTo';
  id: number;
  author: string;
  date: string;
}

function revisionsIn(xml: string): Revision[] {
  return [
    ...xml.matchAll(
      /<w:(ins|del|moveFrom|moveTo) w:id="(\d+)" w:author="([^"]*)" w:date="([^"]*)"(?:\/>|>([\s\S]*?)<\/w:\1>)/g,
    ),
  ].map(([, kind, id, author, date]) => ({
    kind: kind as Revision['kind'],
    id: Number(id),
    author: author ?? '',
    date: date ?? '',
  }));
}

/** Text of runs, a footnote reference as "^". */
function runsText(xml: string): string {
  return wordText(xml.replace(/<w:footnoteReference [^>]*\/>/g, '<w:t>^</w:t>'));
}

/** How `tracked` writes each kind of revision. */
const SIGNS: Record<Revision['kind'], string> = { ins: '+', del: '-', moveTo: '>', moveFrom: '<' };

/**
 * A paragraph of the body as `{+FRA}` / `{-EGY}` (its mark's revision) and
 * its text with `[+CHN:inserted]`, `[-USA:deleted]`, `[<CHN:moved away]`,
 * `[>CHN:moved here]`, `^` for a footnote.
 */
function tracked(paragraph: string): string {
  const properties = /<w:pPr>[\s\S]*?<\/w:pPr>/.exec(paragraph)?.[0] ?? '';
  const [mark] = revisionsIn(properties);
  const parts: { tag: string; text: string }[] = [];
  const body = paragraph.replace(properties, '');
  for (const [, kind, author, content, run] of body.matchAll(
    /<w:(ins|del|moveFrom|moveTo) [^>]*w:author="([^"]*)"[^>]*>([\s\S]*?)<\/w:\1>|<w:r>([\s\S]*?)<\/w:r>/g,
  )) {
    const tag = kind ? `${SIGNS[kind as Revision['kind']]}${author}` : '';
    const text = runsText(content ?? `<w:r>${run}</w:r>`);
    const last = parts.at(-1);
    if (last && last.tag === tag) last.text += text;
    else parts.push({ tag, text });
  }
  const text = parts.map(({ tag, text }) => (tag ? `[${tag}:${text}]` : text)).join('');
  return mark ? `{${SIGNS[mark.kind]}${mark.author}} ${text}` : text;
}

function plain(runs: readonly InlineRun[]): string {
  return runs.map((run) => (isFootnoteRun(run) ? '' : run.text)).join('');
}

/** Rejecting every revision in `body` gives back the original text; accepting every one the amended text. */
async function assertResolves(body: string, doc: Y.Doc, fixture: string): Promise<void> {
  const original = paragraphTexts(
    docxParts(await finalDocx(imported(fixture))).get('word/document.xml') ?? '',
  );
  assert.deepEqual(resolved(body, 'reject'), original);
  const accepted = resolved(body, 'accept');
  const formula = accepted.indexOf('The General Assembly,');
  const { preamble, operative } = resolutionBody(draftBodyState(doc).doc, 'accepted');
  const texts = [...preamble.map(plain), ...operative.map((block) => plain(block.content))];
  assert.deepEqual(
    accepted
      .slice(formula + 1, formula + 1 + texts.length)
      .map((text) => text.replace(/^[^\t]*\t/, '')),
    texts,
  );
}

async function markupParts(markup: MarkupDraft) {
  const files = docxParts(await markupDocx(markup));
  const body = files.get('word/document.xml') ?? '';
  return { files, body, paragraphs: bodyParagraphs(body).map(tracked) };
}

function startingWith(paragraphs: string[], start: string): string {
  const found = paragraphs.find((paragraph) => paragraph.startsWith(start));
  assert.ok(found, `a paragraph starts with "${start}"`);
  return found;
}

test('the tracked-changes DOCX has each amendment as a Word revision by its delegation', async () => {
  const doc = amendedDraft();
  const { files, body, paragraphs } = await markupParts(markupDraft(doc));

  const revisions = revisionsIn(body);
  assert.equal(new Set(revisions.map((revision) => revision.id)).size, revisions.length, 'ids');
  assert.ok(revisions.every((revision) => revision.date === WORD_DATE));
  // Authors are the delegation codes, never the users' names.
  assert.deepEqual([...new Set(revisions.map((revision) => revision.author))].sort(), [
    'CHN',
    'EGY',
    'FRA',
    'USA',
  ]);

  assert.equal(
    startingWith(paragraphs, '2.\t'),
    '2.\tRecognizes that, in addition to their separate responsibilities to their individual societies, States have a collective responsibility to uphold the principles of human dignity, [-CHN:equality and equity][+CHN:equality, equity and solidarity] at the global level;',
  );
  assert.match(startingWith(paragraphs, '10.\t'), /international forums\[\+USA:, mutually\];$/);
  assert.match(
    startingWith(paragraphs, '16.\t'),
    /human rights machinery\[-USA:, including the Human Rights Council\];$/,
  );
  // A proposed paragraph, numbered as in the marked-up view, inserted whole with its mark.
  assert.equal(
    startingWith(paragraphs, '{+FRA}'),
    '{+FRA} [+FRA:13 bis.\tCalls upon States to act^;]',
  );
  // A move: Word's move revisions, to where it is to go and from where it leaves, by the same delegation.
  assert.match(
    startingWith(paragraphs, '{>CHN}'),
    /^\{>CHN\} \[>CHN:13 ter\.\tEncourages all Member States [^\]]*\]$/,
  );
  assert.match(
    startingWith(paragraphs, '{<CHN}'),
    /^\{<CHN\} \[<CHN:15\.\tEncourages all Member States [^\]]*\]$/,
  );
  // A paragraph deletion, footnote references included.
  const deleted = startingWith(paragraphs, '{-EGY}');
  assert.match(deleted, new RegExp(`^\\{-EGY\\} \\[-EGY:Recalling also ${DELETED_PP}[^\\]]*\\]$`));
  assert.equal(deleted.split('^').length - 1, 2, 'its two footnotes');

  // Revisions per delegation: stretches of text, and paragraph marks.
  const stretches = new Map<string, number>();
  const marks = new Map<string, number>();
  for (const paragraph of paragraphs) {
    for (const [, author] of paragraph.matchAll(/\[[+<>-]([A-Z]{3}):/g)) {
      stretches.set(author ?? '', (stretches.get(author ?? '') ?? 0) + 1);
    }
    const mark = /^\{[+<>-]([A-Z]{3})\}/.exec(paragraph)?.[1];
    if (mark) marks.set(mark, (marks.get(mark) ?? 0) + 1);
  }
  assert.deepEqual(Object.fromEntries(stretches), { EGY: 1, CHN: 4, USA: 2, FRA: 1 });
  assert.deepEqual(Object.fromEntries(marks), { EGY: 1, FRA: 1, CHN: 2 });

  await assertResolves(body, doc, DRAFT);

  // Footnotes: the sponsors line's note ("*"), the draft's six, each referred to once, and FRA's proposed one, inserted.
  const footnotes = footnoteParts(files);
  assert.equal(footnotes.size, 8);
  const references = [
    ...body.matchAll(/<w:footnoteReference (?:w:customMarkFollows="true" )?w:id="(\d+)"\/>/g),
  ].map(([, id]) => Number(id));
  assert.deepEqual(references, [...footnotes.keys()]);
  const proposed = [...footnotes.values()].filter((xml) => /<w:ins /.test(xml));
  assert.equal(proposed.length, 1);
  assert.deepEqual(
    revisionsIn(proposed[0] ?? '').map((revision) => `${revision.kind} ${revision.author}`),
    ['ins FRA'],
  );
  assert.equal(runsText(proposed[0] ?? ''), '\tA/77/1.');
  // The deleted paragraph's footnotes are deleted with it.
  assert.equal(
    [...footnotes.values()].filter((xml) =>
      revisionsIn(xml).some((revision) => revision.kind === 'del' && revision.author === 'EGY'),
    ).length,
    2,
  );

  // Word keeps tracking the changes made to it.
  assert.match(files.get('word/settings.xml') ?? '', /<w:trackRevisions\/>/);
});

test('text one delegation adds and another strikes is a deletion by the one who strikes', async () => {
  const doc = draftDoc(imported(DRAFT));
  amend(doc, [
    insertAfter(USA, 'resolving human rights issues in international forums', ', mutually'),
    replace(CHN, ', mutually', ''),
  ]);
  const markup = markupDraft(doc);
  const { paragraphs } = await markupParts(markup);
  assert.match(startingWith(paragraphs, '10.\t'), /international forums\[-CHN:, mutually\];$/);

  const compilation = paragraphTexts(
    docxParts(await compilationDocx(markup)).get('word/document.xml') ?? '',
  );
  assert.match(
    startingWith(compilation, 'OP10 '),
    /international forums, mutually \(USA: add; CHN: delete\);$/,
  );
});

test('a footnote reference deleted or inserted is inside the revision; dates fall back', async () => {
  const document = imported(DRAFT);
  const markup: MarkupDraft = {
    header: document.header,
    paragraphs: [
      {
        kind: 'operative',
        level: 1,
        numbered: false,
        paragraphId: null,
        label: '1.',
        reference: 'OP1',
        status: 'agreedAdRef',
        amendment: null,
        runs: [
          { text: 'Urges ', italic: true },
          { text: 'all ', insertion: { suggestionId: 'a', delegation: 'FRA' } },
          { text: 'Member ', insertion: { suggestionId: 'b', delegation: 'USA' } },
          { text: 'States ', insertion: { suggestionId: 'a', delegation: 'FRA' } },
          { text: 'to act' },
          {
            footnote: [{ text: 'A/77/1.' }],
            deletion: { suggestionId: 'c', delegation: 'USA' },
          },
          { footnote: [{ text: 'A/77/2.' }], insertion: { suggestionId: 'd', delegation: 'CHN' } },
          { text: ';' },
        ],
      },
    ],
    amendments: {
      a: { delegation: 'FRA' },
      b: { delegation: 'USA', createdAt: '2026-01-02T03:04:05.678Z' },
      c: { delegation: 'USA', createdAt: 'not a date' },
    },
  };
  const { files, body, paragraphs } = await markupParts(markup);
  assert.equal(
    startingWith(paragraphs, '1.\t'),
    '1.\tUrges [+FRA:all ][+USA:Member ][+FRA:States ]to act[-USA:^][+CHN:^];',
  );
  assert.deepEqual(
    revisionsIn(body).map((revision) => `${revision.author} ${revision.date}`),
    [
      'FRA 2000-01-01T00:00:00Z',
      'USA 2026-01-02T03:04:05Z',
      'FRA 2000-01-01T00:00:00Z',
      'USA 2000-01-01T00:00:00Z',
      'CHN 2000-01-01T00:00:00Z',
    ],
  );
  const notes = [...footnoteParts(files).values()];
  assert.deepEqual(
    notes.map((xml) => revisionsIn(xml).map((revision) => `${revision.kind} ${revision.author}`)),
    [[], ['del USA'], ['ins CHN']],
  );

  // The compilation: each amendment once, "(cont.)" where one resumes, the status after the reference.
  const compilation = docxParts(await compilationDocx(markup)).get('word/document.xml') ?? '';
  assert.equal(
    startingWith(paragraphTexts(compilation), 'OP1 '),
    'OP1 (agreed ad ref) Urges all (FRA: add) Member (USA: add) States (FRA: add (cont.)) to act (USA: delete) (CHN: add);',
  );
});

test('the compilation DOCX shows each proposal once, inline, tagged with its delegation', async () => {
  const files = docxParts(await compilationDocx(markupDraft(amendedDraft())));
  const body = files.get('word/document.xml') ?? '';
  assert.deepEqual(revisionsIn(body), [], 'no Word revisions');
  const paragraphs = paragraphTexts(body);
  assert.equal(
    startingWith(paragraphs, 'OP2 '),
    'OP2 Recognizes that, in addition to their separate responsibilities to their individual societies, States have a collective responsibility to uphold the principles of human dignity, equality and equity equality, equity and solidarity (CHN: replace) at the global level;',
  );
  assert.match(startingWith(paragraphs, 'OP10 '), /international forums, mutually \(USA: add\);$/);
  assert.match(
    startingWith(paragraphs, 'OP16 '),
    /machinery, including the Human Rights Council \(USA: delete\);$/,
  );
  assert.equal(
    startingWith(paragraphs, 'OP13 bis '),
    'OP13 bis (FRA: new paragraph) Calls upon States to act;',
  );
  assert.match(startingWith(paragraphs, 'PP3 '), /^PP3 \(EGY: delete paragraph\) Recalling also/);
  assert.match(
    startingWith(paragraphs, 'OP13 ter '),
    /^OP13 ter \(CHN: move from OP15\) Encourages/,
  );
  assert.match(startingWith(paragraphs, 'OP15 '), /^OP15 \(CHN: move to OP13 ter\) Encourages/);

  // Formatting: struck, underlined, bold references and tags.
  const run = (text: string) => {
    const found = [...body.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)].find(
      ([, xml]) => wordText(xml ?? '') === text,
    );
    assert.ok(found, `a run "${text}"`);
    return found[1] ?? '';
  };
  assert.match(run('equality and equity'), /<w:strike\/>/);
  assert.match(run('equality, equity and solidarity'), /<w:u w:val="single"\/>/);
  assert.match(run(', including the Human Rights Council'), /<w:strike\/>/);
  assert.match(run('OP13 bis'), /<w:b\/>/);
  const tags = [...body.matchAll(/<w:r><w:rPr><w:b\/>[\s\S]*?<\/w:r>/g)]
    .map(([xml]) => wordText(xml))
    .filter((text) => text.startsWith('('));
  assert.deepEqual(tags.sort(), [
    '(CHN: move from OP15)',
    '(CHN: move to OP13 ter)',
    '(CHN: replace)',
    '(EGY: delete paragraph)',
    '(FRA: new paragraph)',
    '(USA: add)',
    '(USA: delete)',
  ]);
  // The sponsors line's note, the draft's footnotes, and FRA's proposed one.
  assert.equal(footnoteParts(files).size, 8);
  assert.ok(paragraphs.includes('China, Cuba and Russian Federation:* draft resolution'));
});

test('a draft without amendments gives the paragraphs and footnotes of the final DOCX', async () => {
  for (const name of markdownFixtures()) {
    const document = imported(`fixtures/${name}`);
    const final = docxParts(await finalDocx(document));
    const { files, body } = await markupParts(markupDraft(draftDoc(document)));
    assert.deepEqual(revisionsIn(body), [], name);
    assert.deepEqual(
      paragraphTexts(body),
      paragraphTexts(final.get('word/document.xml') ?? ''),
      name,
    );
    assert.deepEqual([...footnoteParts(files).values()], [...footnoteParts(final).values()], name);
  }
});

/** A move range of Word's: its start's attributes and the paragraphs from its start to its end. */
interface MoveRange extends Omit<Revision, 'kind'> {
  end: 'moveFrom' | 'moveTo';
  name: string;
  content: string;
}

function moveRanges(xml: string): MoveRange[] {
  const starts = [
    ...xml.matchAll(
      /<w:(moveFrom|moveTo)RangeStart w:id="(\d+)" w:author="([^"]*)" w:date="([^"]*)" w:name="([^"]*)"\/>/g,
    ),
  ];
  return starts.map(({ 1: end, 2: id, 3: author, 4: date, 5: name, index: from }) => {
    const close = xml.indexOf(`<w:${end}RangeEnd w:id="${id}"/>`, from);
    assert.ok(close > from, `the ${end} range ${id} is closed after it opens`);
    assert.equal(starts.filter((other) => other[2] === id).length, 1, `one range ${id}`);
    return {
      end: end as MoveRange['end'],
      id: Number(id),
      name: name ?? '',
      author: author ?? '',
      date: date ?? '',
      content: xml.slice(xml.lastIndexOf('<w:p>', from), xml.indexOf('</w:p>', close) + 6),
    };
  });
}

const MOVED = 'fixtures/A_RES_78_169.md';

test("a proposed move is written as Word's move revisions, paired by name, amendments inside it kept", async () => {
  const doc = draftDoc(imported(MOVED));
  amend(doc, [
    // OP5 with its sub-paragraphs (a) to (j), one place up.
    moveUp(CHN, 'Member States:'),
    // In the moved copy (the first occurrence): a sub-amendment of each kind.
    insertAfter(FRA, 'To foster political support', ' and dialogue'),
    replace(USA, 'To share information', 'To exchange information'),
  ]);
  const { body } = await markupParts(markupDraft(doc));

  // One range at each end, paired by name, by CHN on the amendment's date; every id once.
  const ranges = moveRanges(body);
  assert.deepEqual(
    ranges.map(({ end, name, author, date }) => [end, name, author, date]),
    [
      ['moveTo', 'move1', 'CHN', WORD_DATE],
      ['moveFrom', 'move1', 'CHN', WORD_DATE],
    ],
  );
  const ids = [
    ...body.matchAll(
      /<w:(?:ins|del|moveFrom|moveTo|moveFromRangeStart|moveToRangeStart) w:id="(\d+)"/g,
    ),
  ].map(([, id]) => Number(id));
  assert.equal(new Set(ids).size, ids.length, 'each revision and range id once');

  const [to, from] = ranges;
  assert.ok(to && from);
  const texts = (range: MoveRange) => bodyParagraphs(range.content).map(tracked);
  // Where it leaves: eleven paragraphs moved away whole, paragraph marks included, nothing else.
  const away = texts(from);
  assert.equal(away.length, 11);
  assert.ok(
    away.every((paragraph) => /^\{<CHN\} \[<CHN:[^\]]*\]$/.test(paragraph)),
    away.join('\n'),
  );
  assert.equal(away[0], '{<CHN} [<CHN:5.\tEncourages Member States:]');
  assert.match(
    away[1] ?? '',
    /^\{<CHN\} \[<CHN:\(a\)\tTo foster political support, the mobilization/,
  );
  assert.doesNotMatch(from.content, /<w:(ins|del) /, 'no insertion or deletion where it leaves');
  assert.doesNotMatch(from.content, /<w:delText/, 'moved text is w:t');
  // Where it goes: the same paragraphs, with FRA's and USA's amendments as their own revisions.
  const here = texts(to);
  assert.equal(here.length, 11);
  assert.equal(here[0], '{>CHN} [>CHN:3 bis.\tEncourages Member States:]');
  assert.match(
    here[1] ?? '',
    /^\{>CHN\} \[>CHN:\(a\)\tTo foster political support\]\[\+FRA: and dialogue\]\[>CHN:, the mobilization/,
  );
  assert.match(
    here[8] ?? '',
    /^\{>CHN\} \[>CHN:\(h\)\t\]\[-USA:To share information\]\[\+USA:To exchange information\]\[>CHN: and best/,
  );
  assert.deepEqual(
    [...to.content.matchAll(/<w:(ins|del) [^>]*w:author="([A-Z]+)"/g)].map(
      ([, kind, author]) => `${kind} ${author}`,
    ),
    ['ins FRA', 'del USA', 'ins USA'],
    'no insertion or deletion of the move itself',
  );
  // The moved text is the text moved away, apart from the amendments inside it.
  const unamended = (paragraph: string) =>
    paragraph
      .replace(/\[[+]FRA:[^\]]*\]|\[[+]USA:[^\]]*\]/g, '')
      .replace(/\[-USA:([^\]]*)\]/g, '$1')
      .replace(/\[[<>]CHN:([^\]]*)\]/g, '$1')
      .replace(/^\{[<>]CHN\} [^\t]*\t/, '');
  assert.deepEqual(here.map(unamended), away.map(unamended));

  await assertResolves(body, doc, MOVED);
});
