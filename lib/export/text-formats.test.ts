import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importAkomaNtoso } from '../import/akoma-ntoso';
import { importResolutionFile, inspectResolution } from '../import/import-file';
import { plainText } from '../import/inline-runs';
import { importResolutionMarkdown } from '../import/resolution-markdown';
import { childElements, parseXml, type Located } from '../import/xml-tree';
import { emptyHeader, isFootnoteRun, type ResolutionDocument } from '../schema/resolution-document';
import { draftDoc } from '../testing/amended-draft';
import { markdownFixtures, readFixture, statedCounts } from '../testing/fixtures';
import { resolutionToAkomaNtoso } from './akn';
import { compilationMarkdown } from './compilation';
import { resolutionToHtml } from './html';
import { EXPORT_FORMATS, findExportFormat, TEXT_EXPORT_FORMATS } from './index';
import { resolutionToMarkdown } from './markdown';
import { markupDraft } from './markup';
import { resolutionToText } from './text';

const AKN = 'akn/A_RES_77_222.xml';
const DRAFT = 'draft_A_C.3_77_L_enhancement_of_international_cooperation.md';
const NOTE =
  'On behalf of the States Members of the United Nations that are members of the Movement of Non-Aligned Countries.';
const FIXTURES = [...markdownFixtures(), AKN];

function imported(name: string): ResolutionDocument {
  return importResolutionFile(name, readFixture(name)).document;
}

function count(text: string, pattern: RegExp): number {
  return [...text.matchAll(pattern)].length;
}

/** Element paths ("preamble/container/p/span") below `located`, links left out. */
function elementPaths(located: Located, prefix: string, paths: Set<string>): Set<string> {
  for (const c of childElements(located)) {
    const name = c.element.localName ?? '';
    if (name === 'a') continue;
    const path = `${prefix}/${name}`;
    paths.add(path);
    elementPaths(c, path, paths);
  }
  return paths;
}

function bodyPaths(xml: string): Set<string> {
  const root = parseXml(xml).documentElement;
  assert.ok(root);
  const statement = childElements({ element: root, path: '' }).find(
    (c) => c.element.localName === 'statement',
  );
  assert.ok(statement);
  const paths = new Set<string>();
  for (const part of childElements(statement)) {
    const name = part.element.localName ?? '';
    if (name === 'preamble' || name === 'mainBody') elementPaths(part, name, paths);
  }
  return paths;
}

test('the registry lists md, txt, akn and html, each with an extension, a MIME type and a writer', () => {
  assert.deepEqual(
    TEXT_EXPORT_FORMATS.map((format) => format.id),
    ['md', 'txt', 'akn', 'html'],
  );
  assert.equal(new Set(EXPORT_FORMATS.map((format) => format.id)).size, EXPORT_FORMATS.length);
  const document = imported('A_RES_79_89.md');
  for (const format of TEXT_EXPORT_FORMATS) {
    assert.ok(format.label && format.extension && format.mimeType);
    assert.equal(findExportFormat(format.id), format);
    assert.match(format.render(document), /Palestine refugees’ properties and their revenues/);
  }
  assert.equal(findExportFormat('odt'), undefined);
});

for (const name of FIXTURES) {
  const document = imported(name);
  const inspection = inspectResolution(document);
  const stated = name.endsWith('.md') ? statedCounts(readFixture(name)) : null;
  const subParagraphs = Object.values(inspection.subParagraphs).reduce((a, b) => a + b, 0);

  test(`${name}: the fixture's stated counts are those of the import`, () => {
    if (!stated) return;
    assert.equal(inspection.preambularParagraphs, stated.preambular);
    assert.equal(inspection.operativeParagraphs, stated.operative);
    assert.equal(inspection.footnotes, stated.footnotes);
  });

  test(`${name}: Markdown reads back to the same document`, () => {
    const markdown = resolutionToMarkdown(document);
    assert.deepEqual(importResolutionMarkdown(markdown).document, document);
    assert.equal(count(markdown, /^\d+\. /gm), inspection.operativeParagraphs);
    assert.equal(count(markdown, /^\[\^\d+\]: /gm), inspection.footnotes);
  });

  test(`${name}: plain text has every paragraph, numbered, and the notes at the end`, () => {
    const text = resolutionToText(document);
    const blocks = text.trimEnd().split('\n\n');
    const formula = blocks.indexOf('The General Assembly,');
    assert.ok(formula > 0);
    document.body.preamble.forEach((runs, i) => {
      const firstFootnote = runs.findIndex(isFootnoteRun);
      const opening = plainText(firstFootnote < 0 ? runs : runs.slice(0, firstFootnote));
      assert.ok(blocks[formula + 1 + i]?.startsWith(opening.slice(0, 40)), `PP${i + 1}`);
    });
    const first = document.body.operative[0];
    const firstText =
      first?.kind === 'paragraph' ? '1. ' : first?.kind === 'heading' && first.numbered ? 'I' : '';
    assert.ok(
      blocks[formula + 1 + inspection.preambularParagraphs]?.startsWith(
        firstText || plainText(first?.content ?? []),
      ),
    );
    assert.equal(count(text, /^\d+\. /gm), inspection.operativeParagraphs);
    assert.equal(
      count(text, /^ {4,}(?:\([a-z]+\)|\([ivxl]+\)|[a-z]+\.|[ivxl]+\.) /gm),
      subParagraphs,
    );
    assert.equal(count(text, /(?<!^)\[\d+\]/gm), inspection.footnotes);
    assert.equal(count(text, /^\[\d+\] /gm), inspection.footnotes);
  });

  test(`${name}: AKN4UN is well formed and reads back to the same structure and text`, () => {
    const xml = resolutionToAkomaNtoso(document);
    parseXml(xml);
    assert.equal(count(xml, /<container /g), inspection.preambularParagraphs);
    assert.equal(count(xml, /<paragraph eId="para_\d+"/g), inspection.operativeParagraphs);
    assert.equal(count(xml, /<point /g), subParagraphs);
    assert.equal(count(xml, /<authorialNote marker="\d+"/g), inspection.footnotes);
    const again = importAkomaNtoso(xml);
    assert.deepEqual(again.warnings, []);
    assert.deepEqual(again.document.body, document.body);
    assert.deepEqual(again.document.header, document.header);
    assert.equal(resolutionToAkomaNtoso(again.document), xml);
  });

  test(`${name}: HTML has every paragraph and footnote, with links both ways`, () => {
    const html = resolutionToHtml(document);
    assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/);
    assert.equal(count(html, /<p class="pp">/g), inspection.preambularParagraphs);
    assert.equal(count(html, /<p class="op">/g), inspection.operativeParagraphs);
    assert.equal(count(html, /<p class="sub level-\d">/g), subParagraphs);
    assert.equal(
      count(html, /<sup class="fnref"><a id="fnref-\d+" href="#fn-\d+">/g),
      inspection.footnotes,
    );
    assert.equal(
      count(html, /<li id="fn-\d+">.*?<a class="back" href="#fnref-\d+"/g),
      inspection.footnotes,
    );
    assert.doesNotMatch(html, /\b(?:src|href)="(?!#)/);
  });
}

test('A/RES/77/222: exact paragraphs in each format', () => {
  const document = imported('A_RES_77_222.md');
  const text = resolutionToText(document);
  assert.match(
    text,
    /^United Nations {4}A\/RES\/77\/222\n\nGeneral Assembly\nDistr\.: General\n6 January 2023\n\n/,
  );
  assert.match(
    text,
    /\n\nResolution adopted by the General Assembly on 15 December 2022\n\n\[on the report of the Third Committee \(A\/77\/463\/Add\.2, para\. 87\)\]\n\n77\/222\. Moratorium on the use of the death penalty\n\nThe General Assembly,\n\n/,
  );
  assert.ok(
    text.includes(
      '\n\nReaffirming the Universal Declaration of Human Rights,[1] the International Covenant on Civil and Political Rights[2] and the Convention on the Rights of the Child,[3]\n\n',
    ),
  );
  assert.ok(
    text.includes('\n\n7. Calls upon all States:\n\n    (a) To respect international standards'),
  );
  assert.ok(text.includes('\n[3] United Nations, Treaty Series, vol. 1577, No. 27531.\n'));
  assert.match(
    text,
    /\n\n12\. Decides to continue consideration of the matter at its seventy-ninth session under the item entitled “Promotion and protection of human rights”\.\n\n54th plenary meeting\n15 December 2022\n\n__________\n\[1\] Resolution 217 A \(III\)\.\n/,
  );

  const xml = resolutionToAkomaNtoso(document);
  assert.ok(
    xml.includes(
      '<container name="Reaffirming" eId="container_2"><p><span class="italic">Reaffirming</span> the Universal Declaration of Human Rights,<authorialNote marker="1" placement="bottom" eId="authorialNote_1"><p>Resolution 217 A (III).</p></authorialNote> the International Covenant',
    ),
  );
  assert.ok(
    xml.includes(
      '<p>United Nations, <span class="italic">Treaty Series</span>, vol. 1577, No. 27531.</p>',
    ),
  );
  assert.match(
    xml,
    /<paragraph eId="para_7">\n\s+<num>7\.<\/num>\n\s+<list eId="para_7__list">\n\s+<intro eId="para_7__list__intro"><p><span class="italic">Calls upon<\/span> all States:<\/p><\/intro>\n\s+<point eId="para_7__list__point_a"><num>\(a\)<\/num><content><p>To respect/,
  );
  assert.match(
    xml,
    /<step date="2022-11-01" outcome="draftResolution" as="A\/C\.3\/77\/L\.44\/Rev\.1" by="Albania, Argentina, [^"]*Venezuela \(Bolivarian Republic of\)"\/>/,
  );
  assert.match(xml, /<step date="2022-12-15" outcome="adopted" as="A\/77\/PV\.54"\/>/);
  assert.doesNotMatch(xml, /0001-01-01/);
  assert.ok(
    xml.includes(
      '<p><docTitle>Resolution adopted by the General Assembly on 15 December 2022</docTitle></p>',
    ),
  );
  assert.ok(
    xml.includes(
      '<docProponent refersTo="#thirdCommittee">[on the report of the Third Committee (<inline name="originating document">A/77/463/Add.2, para. 87</inline>)]</docProponent>',
    ),
  );
  assert.match(
    xml,
    /<\/mainBody>\n\s+<conclusions eId="conclusions">\n\s+<p><inline name="adoptionMeeting" title="54th">54th plenary meeting<\/inline><eol\/><docDate date="2022-12-15" refersTo="#adoptionDate">15 December 2022<\/docDate><\/p>\n\s+<\/conclusions>\n\s+<\/statement>/,
  );
  assert.match(
    xml,
    /<preface>\n\s+<p><docNumber>77\/222\.<\/docNumber> <docTitle refersTo="#resolutionTitle">Moratorium on the use of the death penalty<\/docTitle><\/p>/,
  );
  assert.match(
    xml,
    /<FRBRthis value="\/akn\/un\/statement\/deliberation\/unga\/2022-12-15\/77-222\/!main\/"\/>/,
  );
  assert.match(xml, /<FRBRWork>[\s\S]*<FRBRdate date="2022-12-15" name="adoption"\/>/);
  assert.match(xml, /<FRBRExpression>[\s\S]*<FRBRdate date="2023-01-06" name="publication"\/>/);

  const html = resolutionToHtml(document);
  assert.ok(
    html.includes(
      '<p class="op"><span class="num">2.</span><i>Expresses its deep concern</i> about the continued application of the death penalty;</p>',
    ),
  );
  assert.ok(
    html.includes(
      '<p class="sub level-1"><span class="num">(b)</span>To comply with their obligations under article 36 of the 1963 Vienna Convention on Consular Relations,<sup class="fnref"><a id="fnref-10" href="#fn-10">10</a></sup> particularly',
    ),
  );
  assert.ok(
    html.includes(
      '<li id="fn-3">United Nations, <i>Treaty Series</i>, vol. 1577, No. 27531.<a class="back" href="#fnref-3"',
    ),
  );
  assert.ok(
    html.includes(
      '<p class="adopted">Resolution adopted by the General Assembly on 15 December 2022</p>\n<p class="proponent">[on the report of the Third Committee (A/77/463/Add.2, para. 87)]</p>',
    ),
  );
  assert.ok(
    html.includes('<p class="closing">54th plenary meeting<br>15 December 2022</p>\n</main>'),
  );
  assert.ok(
    html.includes('<h1 class="title">77/222. Moratorium on the use of the death penalty</h1>'),
  );
});

test('the draft: sponsors line, committee and the L. document header', () => {
  const document = imported(DRAFT);
  const text = resolutionToText(document);
  assert.match(
    text,
    /\n\nSeventy-seventh session\nThird Committee\nAgenda item 68 \(b\)\nPromotion and protection of human rights: /,
  );
  assert.match(
    text,
    /\n\nChina, Cuba and Russian Federation:\* draft resolution\n\nEnhancement of international cooperation in the field of human rights\n\nThe General Assembly,\n\n/,
  );
  assert.match(
    text,
    /\n\n17\. Decides to continue its consideration of the question at its seventy-eighth session\.\n\n/,
  );
  const xml = resolutionToAkomaNtoso(document);
  assert.match(
    xml,
    /<step date="2022-10-28" outcome="draftResolution" by="China, Cuba and Russian Federation"\/>/,
  );
  assert.ok(text.includes(`\n__________\n* ${NOTE}\n[1] A/CONF.157/24 (Part I), chap. III.\n`));
  assert.ok(
    xml.includes(
      `<p><docProponent refersTo="#sponsors">China, Cuba and Russian Federation</docProponent>:<authorialNote marker="*" placement="bottom" eId="coverPage_1__authorialNote_1"><p>${NOTE}</p></authorialNote> draft resolution</p>`,
    ),
  );
  assert.equal(importAkomaNtoso(xml).document.header.sponsorsNote, NOTE);
  assert.doesNotMatch(xml, /0001-01-01/);
  assert.match(xml, /<docCommittee refersTo="#thirdCommittee">Third Committee<\/docCommittee>/);
  assert.match(xml, /<p>Original: English<\/p>/);
  assert.match(xml, /\/akn\/un\/statement\/draftResolution\/unga\/2022-10-28\/draft\//);
  const html = resolutionToHtml(document);
  assert.ok(
    html.includes(
      '<p class="sponsors">China, Cuba and Russian Federation:<sup class="fnref"><a id="fnref-sponsors" href="#fn-sponsors">*</a></sup> draft resolution</p>',
    ),
  );
  assert.ok(html.includes(`<p id="fn-sponsors" class="sponsors-note">* ${NOTE}<a class="back"`));
  assert.ok(html.includes('<p class="language">Original: English</p>'));
});

test('A/RES/78/293: unnumbered subheadings split the operative part; numbering runs on', () => {
  const document = imported('A_RES_78_293.md');
  const text = resolutionToText(document);
  assert.match(
    text,
    /\n\nBudget performance report for the period from 1 July 2022 to 30 June 2023\n\n11\. Takes note/,
  );
  const xml = resolutionToAkomaNtoso(document);
  assert.match(
    xml,
    /<paragraph class="H23" eId="subheading_1"><subheading>Budget performance report/,
  );
  const html = resolutionToHtml(document);
  assert.match(html, /<h2 class="subheading">Budget estimates for the financial period/);
});

test('the official AKN file and the export use the same elements in preamble and mainBody', () => {
  const official = bodyPaths(readFixture(AKN));
  const exported = bodyPaths(resolutionToAkomaNtoso(imported(AKN)));
  assert.deepEqual([...exported].sort(), [...official].sort());
});

test('nested sub-paragraphs, sections and markup characters survive AKN and are escaped in HTML', () => {
  const document: ResolutionDocument = {
    header: {
      ...emptyHeader(),
      organ: 'General Assembly',
      symbol: 'A/C.5/80/L.1',
      distribution: 'Limited',
      date: '2025-11-03',
      originalLanguage: 'English',
      session: 'Eightieth session',
      committee: 'Fifth Committee',
      agendaItem: '140',
      agendaItemName: 'Budget & <finance> "questions"',
      sponsors: ['Bosnia and Herzegovina', 'Côte d’Ivoire'],
      additionalSponsors: ['Peru'],
      title: 'Tom & Jerry <script>alert(1)</script>',
    },
    body: {
      preamble: [
        [
          { text: 'Recalling', italic: true },
          { text: ' A < B & C > D "q",' },
          { footnote: [{ text: 'Note & ' }, { text: 'Series', italic: true }, { text: '.' }] },
        ],
        [{ text: 'Bold and italic', bold: true, italic: true }, { text: ' together,' }],
      ],
      operative: [
        { kind: 'heading', numbered: true, content: [{ text: 'Budget' }] },
        { kind: 'paragraph', content: [{ text: 'Decides', italic: true }, { text: ':' }] },
        ...Array.from({ length: 9 }, (_, i) => ({
          kind: 'subParagraph' as const,
          level: 1 as const,
          content: [{ text: `Item ${i + 1}:` }],
        })),
        { kind: 'subParagraph', level: 2, content: [{ text: 'Deeper:' }] },
        { kind: 'subParagraph', level: 3, content: [{ text: 'Third:' }] },
        { kind: 'subParagraph', level: 4, content: [{ text: 'Fourth;' }] },
        { kind: 'subParagraph', level: 2, content: [{ text: 'Back at two;' }] },
        { kind: 'subParagraph', level: 1, content: [{ text: 'Last one;' }] },
        { kind: 'heading', numbered: false, content: [{ text: 'Financing' }] },
        { kind: 'paragraph', content: [{ text: 'Requests', italic: true }, { text: ' more.' }] },
      ],
    },
  };
  const xml = resolutionToAkomaNtoso(document);
  parseXml(xml);
  assert.ok(xml.includes('A &lt; B &amp; C &gt; D &quot;q&quot;,'));
  const again = importAkomaNtoso(xml);
  assert.deepEqual(again.warnings, []);
  assert.deepEqual(again.document.body, document.body);
  assert.deepEqual(again.document.header, document.header);
  assert.match(xml, /<point eId="para_1__list__point_i__sublist__point_i"><num>\(i\)<\/num>/);

  const html = resolutionToHtml(document);
  assert.ok(!html.includes('<script>'));
  assert.ok(html.includes('Tom &#38; Jerry &#60;script&#62;alert(1)&#60;/script&#62;'));
  assert.ok(html.includes('<b><i>Bold and italic</i></b> together,'));
  assert.ok(html.includes('<p class="sub level-2"><span class="num">(i)</span>Deeper:</p>'));
  assert.ok(html.includes('<p class="sub level-3"><span class="num">a.</span>Third:</p>'));
  assert.ok(html.includes('<p class="sub level-4"><span class="num">i.</span>Fourth;</p>'));
  assert.ok(html.includes('<h2 class="section">I</h2>\n<h2 class="subheading">Budget</h2>'));

  const text = resolutionToText(document);
  assert.ok(
    text.includes(
      '\n\n    (i) Item 9:\n\n        (i) Deeper:\n\n            a. Third:\n\n                i. Fourth;\n\n        (ii) Back at two;\n\n    (j) Last one;\n\nFinancing\n\n2. Requests more.\n',
    ),
  );
  assert.ok(text.includes('\n\nI\nBudget\n\n1. Decides:\n'));
  assert.match(text, /\nBosnia and Herzegovina and Côte d’Ivoire: draft resolution\n/);
});

test('Markdown escapes every header field, symbol and organ included: no raw HTML lands in the file', () => {
  const html = '<img src=x onerror=alert(1)>';
  const document: ResolutionDocument = {
    header: {
      ...emptyHeader(),
      organ: `General Assembly ${html}`,
      symbol: `A/C.3/80/L.1 ${html}`,
      distribution: 'Limited',
      date: '2025-11-03',
      originalLanguage: 'English',
      session: 'Eightieth session',
      committee: 'Third Committee',
      agendaItem: '70',
      agendaItemName: 'Item',
      sponsors: [`Chile --> ${html}`],
      additionalSponsors: [`Peru --> ${html}`],
      title: 'Title',
    },
    body: {
      preamble: [[{ text: 'Recalling', italic: true }, { text: ',' }]],
      operative: [
        { kind: 'paragraph', content: [{ text: 'Decides', italic: true }, { text: '.' }] },
      ],
    },
  };
  const doc = draftDoc(document);
  for (const [name, markdown] of [
    ['final', resolutionToMarkdown(document)],
    ['compilation', compilationMarkdown(markupDraft(doc))],
  ] as const) {
    // A comment may hold the sponsors, but nothing may close it early.
    const outside = markdown.replace(/<!--(?:(?!-->)[\s\S])*-->/g, '');
    assert.doesNotMatch(outside, /(?<!\\)</, name);
    assert.match(outside, /\\<img src=x onerror=alert\(1\)>/, name);
  }
  // Read back (with an organ the importer knows), the escaped fields are as they were.
  const known = { ...document, header: { ...document.header, organ: 'General Assembly' } };
  const again = importResolutionMarkdown(resolutionToMarkdown(known)).document;
  assert.equal(again.header.symbol, document.header.symbol);
  assert.deepEqual(again.header.sponsors, document.header.sponsors);
  assert.deepEqual(again.header.additionalSponsors, document.header.additionalSponsors);
});

const FRONT_AND_BACK =
  /^(?:Resolution adopted by |\[on the report of |\[without reference |\d+(?:st|nd|rd|th) plenary meeting$)/;

for (const name of markdownFixtures().filter((fixture) => fixture.startsWith('A_RES_'))) {
  test(`${name}: the adoption line, the report line and the closing come back in Markdown exactly`, () => {
    const source = readFixture(name).split('\n');
    const wanted = source.flatMap((line, i) =>
      // The closing is the meeting line and the date under it.
      FRONT_AND_BACK.test(line)
        ? [/plenary meeting$/.test(line) ? `${line}\n${source[i + 1]}` : line]
        : [],
    );
    assert.equal(wanted.length, 3, 'the fixture has the three');
    const markdown = `${resolutionToMarkdown(imported(name))}\n`;
    for (const line of wanted) assert.ok(markdown.includes(`\n\n${line}\n\n`), line);
    const text = `${resolutionToText(imported(name))}\n`;
    for (const line of wanted) assert.ok(text.includes(`\n\n${line}\n\n`), line);
  });
}

test('the official AKN file → AKN: conclusions, adoption date, originating document and draft survive', () => {
  const official = parseXml(readFixture(AKN));
  const exported = parseXml(resolutionToAkomaNtoso(imported(AKN)));
  type XmlDocument = ReturnType<typeof parseXml>;
  const find = (doc: XmlDocument, name: string, attribute?: [string, string]) =>
    Array.from(doc.getElementsByTagName(name)).filter(
      (e) => !attribute || e.getAttribute(attribute[0]) === attribute[1],
    );
  const text = (doc: XmlDocument, name: string) =>
    find(doc, name).map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim());
  assert.deepEqual(text(exported, 'docProponent'), text(official, 'docProponent'));
  const closing = (doc: XmlDocument) =>
    find(doc, 'conclusions').flatMap((conclusions) =>
      Array.from(conclusions.getElementsByTagName('*'))
        .filter((e) => e.localName !== 'p')
        .map((e) =>
          [
            e.localName,
            e.getAttribute('date'),
            e.getAttribute('title'),
            // The UN puts a no-break space in "15 December 2022".
            (e.textContent ?? '').replace(/\s+/g, ' '),
          ].join('|'),
        ),
    );
  assert.deepEqual(closing(exported), closing(official));
  assert.equal(closing(exported).length, 3, 'inline, eol, docDate');
  const adoption = (doc: XmlDocument) =>
    find(doc, 'FRBRdate', ['name', 'adoption']).map((e) => e.getAttribute('date'));
  assert.deepEqual(adoption(exported), ['2022-12-15']);
  assert.deepEqual(adoption(exported), adoption(official));
  const uri = (doc: XmlDocument) => find(doc, 'FRBRuri').map((e) => e.getAttribute('value'))[0];
  assert.equal(uri(exported), uri(official));
  const step = (doc: XmlDocument, outcome: string) =>
    find(doc, 'step', ['outcome', outcome]).map((e) => [
      e.getAttribute('date'),
      e.getAttribute('as'),
    ]);
  for (const outcome of ['draftResolution', 'adopted']) {
    assert.deepEqual(step(exported, outcome), step(official, outcome), outcome);
  }
  // AKN4UN writes 0001-01-01 where a step's date is unknown; the export leaves such steps out.
  assert.equal(find(official, 'step', ['date', '0001-01-01']).length, 2);
  assert.equal(find(exported, 'step', ['date', '0001-01-01']).length, 0);
  assert.deepEqual(
    text(exported, 'docDate').filter((date) => date === '15 December 2022'),
    ['15 December 2022'],
  );
});

test('the draft: the note on the sponsors line comes back in Markdown as it came in', () => {
  const source = readFixture(DRAFT).split('\n');
  const markdown = resolutionToMarkdown(imported(DRAFT)).split('\n');
  const note = source.find((line) => line.startsWith('\\* On behalf of'));
  assert.ok(note);
  assert.ok(markdown.includes(note), 'the note, with its escaped asterisk');
  assert.ok(markdown.includes('China, Cuba and Russian Federation:\\* draft resolution'));
  assert.ok(
    source.includes('#### **China, Cuba and Russian Federation:\\* draft resolution**'),
    'the same marker in the source',
  );
  assert.equal(importResolutionMarkdown(markdown.join('\n')).document.header.sponsorsNote, NOTE);
});
