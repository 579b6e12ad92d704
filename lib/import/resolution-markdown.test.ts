import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OperativeBlock } from '../schema/resolution-document';
import { markup, readFixture } from '../testing/fixtures';
import { ImportError } from './import-result';
import { plainText } from './inline-runs';
import { importResolutionMarkdown } from './resolution-markdown';

const DRAFT = 'draft_A_C.3_77_L_enhancement_of_international_cooperation.md';

function block(blocks: readonly OperativeBlock[], index: number): OperativeBlock {
  const found = blocks[index];
  assert.ok(found, `no operative block ${index}`);
  return found;
}

function summary(blocks: readonly OperativeBlock[]): string[] {
  return blocks.map((b) =>
    b.kind === 'subParagraph' ? `sub${b.level}` : b.kind === 'heading' ? 'heading' : 'op',
  );
}

test('the PDF-converted draft: every header field it prints', () => {
  const { document } = importResolutionMarkdown(readFixture(DRAFT));
  assert.deepEqual(document.header, {
    organ: 'General Assembly',
    symbol: '',
    distribution: 'Limited',
    date: '2022-10-28',
    originalLanguage: 'English',
    session: 'Seventy-seventh session',
    committee: 'Third Committee',
    agendaItem: '68 (b)',
    agendaItemName:
      'Promotion and protection of human rights: human rights questions, including alternative approaches for improving the effective enjoyment of human rights and fundamental freedoms',
    sponsors: ['China', 'Cuba', 'Russian Federation'],
    additionalSponsors: [],
    sponsorsNote:
      'On behalf of the States Members of the United Nations that are members of the Movement of Non-Aligned Countries.',
    title: 'Enhancement of international cooperation in the field of human rights',
    draftSymbol: '',
    draftDate: '',
    originatingDocument: '',
    adoptionDate: '',
    adoptionMeeting: '',
  });
});

test('the draft: a paragraph split by a page break is joined, its footnotes in place', () => {
  const { document } = importResolutionMarkdown(readFixture(DRAFT));
  const pp4 = document.body.preamble[3] ?? [];
  assert.equal(
    markup(pp4),
    '*Recalling further* the World Conference against Racism, Racial Discrimination, Xenophobia and Related Intolerance, held in Durban, South Africa, from 31 August to 8 September 2001, the Durban Review Conference, held in Geneva from 20 to 24 April 2009, and the political declarations of the high-level meetings of the General Assembly to commemorate the tenth^[Resolution 66/3.] and twentieth^[Resolution 76/1.] anniversaries of the adoption of the Durban Declaration and Programme of Action, and their role in the enhancement of international cooperation in the field of human rights,',
  );
  assert.equal(
    markup(block(document.body.operative, 0).content),
    '*Reaffirms* that it is one of the purposes of the United Nations and the responsibility of all Member States to promote, protect and encourage respect for all human rights and fundamental freedoms for all through, inter alia, international cooperation;',
  );
});

test('the draft: footnote texts keep italics, link texts and escaped characters', () => {
  const { document } = importResolutionMarkdown(readFixture(DRAFT));
  const [pp1 = [], , pp3 = []] = document.body.preamble;
  assert.equal(
    markup(pp1),
    '*Reaffirming* its commitment to promoting international cooperation, as set forth in the Charter of the United Nations, in particular Article 1, paragraph 3, as well as relevant provisions of the Vienna Declaration and Programme of Action adopted by the World Conference on Human Rights on 25 June 1993,^[A/CONF.157/24 (Part I), chap. III.] for enhancing genuine cooperation among Member States in the field of human rights,',
  );
  assert.equal(
    markup(pp3),
    '*Recalling also* its adoption of the United Nations Millennium Declaration on 8 September 2000,^[Resolution 55/2.] its resolution 76/159 of 16 December 2021, Human Rights Council resolution 50/4 of 7 July 2022^[See *Official Records of the General Assembly, Seventy-seventh Session, Supplement No. 53 (A/77/53)*, chap. VIII, sect. A.] and the resolutions of the Commission on Human Rights on the enhancement of international cooperation in the field of human rights,',
  );
  assert.match(
    markup(document.body.preamble[14] ?? []),
    /fifty-second session,\^\[See E\/CN\.4\/2001\/2-E\/CN\.4\/Sub\.2\/2000\/46, chap\. II, sect\. A\.\]$/,
  );
  assert.equal(
    markup(block(document.body.operative, 16).content),
    '*Decides* to continue its consideration of the question at its seventy-eighth session.',
  );
});

test('the draft: whole-italic paragraphs keep only their opening phrase italic, with a warning', () => {
  const { document, warnings } = importResolutionMarkdown(readFixture(DRAFT));
  const openers = document.body.preamble
    .slice(0, 4)
    .map((runs) => runs.filter((run) => 'text' in run && run.italic).map((run) => markup([run])));
  assert.deepEqual(openers, [
    ['*Reaffirming*'],
    ['*Recalling*'],
    ['*Recalling also*'],
    ['*Recalling further*'],
  ]);
  assert.ok(warnings.some((w) => /Lines 29, 31, 33, 35: .*italic from start to end/.test(w)));
  // The sponsors' asterisk note is no numbered footnote: it is kept as the sponsors line's note.
  assert.ok(!warnings.some((w) => /Movement of Non-Aligned/.test(w)));
});

test('adopted texts: the adoption line, the report line and the closing fill the header', () => {
  const { document, warnings } = importResolutionMarkdown(readFixture('A_RES_79_89.md'));
  assert.deepEqual(warnings, []);
  const { header } = document;
  assert.equal(header.adoptionDate, '2024-12-04');
  assert.equal(header.adoptionMeeting, '47th plenary meeting');
  assert.equal(
    header.committee,
    'Special Political and Decolonization Committee (Fourth Committee)',
  );
  assert.equal(header.originatingDocument, 'A/79/422, para. 10');
  assert.equal(header.draftSymbol, 'A/C.4/79/L.14');
  assert.equal(header.draftDate, '2024-11-12');

  const withReference = importResolutionMarkdown(
    [
      'United Nations — A/RES/77/1',
      'Resolution adopted by the General Assembly on 3 October 2022',
      '[without reference to a Main Committee (A/77/L.1)]',
      '**77/1. A title**',
      '*The General Assembly*,',
      '*Recalling* its resolutions,',
      '1. *Decides* to act.',
      '8th plenary meeting\n4 October 2022',
    ].join('\n\n'),
  );
  assert.equal(withReference.document.header.committee, '');
  assert.equal(withReference.document.header.originatingDocument, 'A/77/L.1');
  assert.equal(withReference.document.header.adoptionDate, '2022-10-03');
  assert.ok(
    withReference.warnings.some((w) =>
      /closing date 2022-10-04 is not the date of adoption/.test(w),
    ),
  );
});

test('A/RES/77/222: header from the lines and the comment, (i) after (h) is the letter', () => {
  const { document, warnings } = importResolutionMarkdown(readFixture('A_RES_77_222.md'));
  const { header } = document;
  assert.equal(header.symbol, 'A/RES/77/222');
  assert.equal(header.distribution, 'General');
  assert.equal(header.date, '2023-01-06');
  assert.equal(header.committee, 'Third Committee');
  assert.equal(header.agendaItem, '68 (b)');
  assert.equal(header.title, 'Moratorium on the use of the death penalty');
  assert.equal(header.sponsors.length, 65);
  assert.equal(header.sponsors.at(-1), 'Venezuela (Bolivarian Republic of)');
  assert.ok(header.sponsors.includes('United Kingdom of Great Britain and Northern Ireland'));
  assert.ok(header.additionalSponsors.includes('Bolivia (Plurinational State of)'));
  assert.deepEqual(warnings, []);

  const operative = document.body.operative;
  assert.deepEqual(summary(operative).slice(6, 20), ['op', ...Array(12).fill('sub1'), 'op']);
  const letterI = block(operative, 15);
  assert.equal(letterI.kind === 'subParagraph' && letterI.level, 1);
  assert.equal(
    plainText(letterI.content),
    'To provide access for persons sentenced to death to information related to the method of execution, in particular the precise procedures to be followed;',
  );
  assert.equal(
    markup(block(operative, 8).content),
    'To comply with their obligations under article 36 of the 1963 Vienna Convention on Consular Relations,^[United Nations, *Treaty Series*, vol. 596, No. 8638.] particularly the obligation of a receiving State to, without delay, inform a sending State that a national of that State has been arrested or committed to prison or to custody pending trial or is detained in any other manner, if the person concerned so requests; and the obligation of a receiving State to inform the person concerned without delay of their rights under article 36;',
  );
});

test('A/RES/76/109: (i) under (a) is the first roman numeral, at level 2', () => {
  const { document, warnings } = importResolutionMarkdown(readFixture('A_RES_76_109.md'));
  const operative = document.body.operative;
  assert.deepEqual(summary(operative).slice(2, 11), [
    'op',
    'sub1',
    'sub2',
    'sub2',
    'sub2',
    'sub2',
    'sub2',
    'sub1',
    'sub1',
  ]);
  assert.equal(plainText(block(operative, 4).content), 'Two from African States;');
  assert.equal(
    plainText(block(operative, 3).content),
    'In electing the additional members, the General Assembly shall observe the following distribution of seats:',
  );
  // The draft's "sponsors" are a description, not a list of States.
  assert.deepEqual(document.header.sponsors, []);
  assert.ok(warnings.some((w) => /described, not listed/.test(w)));
});

test('without indentation the levels come from the labels and the context', () => {
  for (const name of ['A_RES_76_109.md', 'A_RES_77_222.md', 'A_RES_78_169.md']) {
    const text = readFixture(name);
    const flat = text.replace(/^ +(?=\()/gm, '');
    assert.notEqual(flat, text);
    assert.deepEqual(
      importResolutionMarkdown(flat).document,
      importResolutionMarkdown(text).document,
      name,
    );
  }
  const letters = 'abcdefgh'.split('').map((l) => `(${l}) Item ${l};`);
  const resolution = (items: string[]) =>
    [
      '*The General Assembly*,',
      '*Recalling* its resolutions,',
      '1. *Decides*:',
      ...items,
      '2. *Decides* to remain seized of the matter.',
    ].join('\n\n');
  const levels = (items: string[]) =>
    importResolutionMarkdown(resolution(items)).document.body.operative.flatMap((b) =>
      b.kind === 'subParagraph' ? [b.level] : [],
    );
  // After "(h) …;" the letter (i); after "(h) …:" the first roman numeral.
  assert.deepEqual(levels([...letters, '(i) Item i;']).at(-1), 1);
  assert.deepEqual(
    levels([...letters.slice(0, -1), '(h) Items:', '(i) Item;', '(ii) Item;']),
    [1, 1, 1, 1, 1, 1, 1, 1, 2, 2],
  );
  // Indentation, where present, decides: eight spaces make (i) a level-2 item even after "(h) …;".
  assert.deepEqual(levels([...letters, '        (i) Item;']).at(-1), 2);
  assert.deepEqual(
    levels(['(a) Item:', '(i) Item:', 'a. Item:', 'i. Item;', 'ii. Item;', '(b) Item.']),
    [1, 2, 3, 4, 4, 1],
  );
});

test('A/RES/78/293: unnumbered headings split the operative part, numbering runs on', () => {
  const { document } = importResolutionMarkdown(readFixture('A_RES_78_293.md'));
  const operative = document.body.operative;
  assert.deepEqual(summary(operative).slice(9), [
    'op',
    'heading',
    'op',
    'heading',
    'op',
    'heading',
    'op',
    'sub1',
    'sub1',
    'sub1',
    'sub1',
    'sub1',
  ]);
  const heading = block(operative, 10);
  assert.deepEqual(heading, {
    kind: 'heading',
    numbered: false,
    content: [
      { text: 'Budget performance report for the period from 1 July 2022 to 30 June 2023' },
    ],
  });
  assert.equal(operative.filter((b) => b.kind === 'paragraph').length, 13);
  assert.match(plainText(block(operative, operative.length - 1).content), /operations\.$/);
});

test('roman numerals and bold subheadings make numbered headings', () => {
  const { document } = importResolutionMarkdown(
    [
      '*The General Assembly*,',
      '*Recalling* its resolutions,',
      'I',
      '**Budget estimates**',
      '1. *Approves* the budget;',
      '#### II',
      '2. *Decides* to remain seized of the matter.',
    ].join('\n\n'),
  );
  assert.deepEqual(summary(document.body.operative), ['heading', 'op', 'heading', 'op']);
  assert.deepEqual(document.body.operative[0], {
    kind: 'heading',
    numbered: true,
    content: [{ text: 'Budget estimates' }],
  });
  assert.deepEqual(document.body.operative[2], { kind: 'heading', numbered: true, content: [] });
});

function importError(markdown: string): string {
  try {
    importResolutionMarkdown(markdown);
  } catch (error) {
    assert.ok(error instanceof ImportError, String(error));
    return error.message;
  }
  assert.fail('the import did not fail');
}

test('unreadable files are refused with where and why', () => {
  assert.match(
    importError('# Shopping list\n\n- milk\n'),
    /^No enacting formula found: none of lines 1–4/,
  );
  assert.match(
    importError('*The General Assembly*,\n\n1. *Decides* to act.\n'),
    /^Line 2: no preambular paragraph found between the enacting formula \(line 1\) and line 3/,
  );
  assert.match(
    importError('*The General Assembly*,\n\n*Recalling* its resolution 1/1,\n'),
    /no operative paragraph found/,
  );
  assert.match(
    importError(
      '*The General Assembly*,\n\n*Recalling its resolution 1/1,\n\n1. *Decides* to act.\n',
    ),
    /^Line 3: unterminated italic span/,
  );
  assert.match(
    importError(
      '*The General Assembly*,\n\n*Recalling* the Charter,[^7]\n\n1. *Decides* to act.\n',
    ),
    /^Line 3: footnote reference \[\^7\] with no text/,
  );
  assert.match(
    importError(
      '*The General Assembly*,\n\n*Recalling* the Charter,[^1]\n\n1. *Decides* to act.\n\n[^1]: A.\n[^1]: B.\n',
    ),
    /^Line 8: footnote 1 is defined twice \(also at line 7\)/,
  );
  assert.match(
    importError('<!-- note\n\n*The General Assembly*,'),
    /^Line 1: unterminated HTML comment/,
  );
});
