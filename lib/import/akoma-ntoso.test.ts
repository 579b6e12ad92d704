import assert from 'node:assert/strict';
import { test } from 'node:test';
import { markup, readFixture } from '../testing/fixtures';
import { importAkomaNtoso } from './akoma-ntoso';
import { ImportError } from './import-result';
import { plainText } from './inline-runs';
import { importResolutionMarkdown } from './resolution-markdown';

const AKN = 'akn/A_RES_77_222.xml';

/** A small AKN4UN statement around the given preamble and mainBody content. */
function statement(preamble: string, mainBody: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">
  <statement name="resolution">
    <preamble>
      <formula name="enactingFormula"><p><span class="italic">The General Assembly</span>,</p></formula>
      ${preamble}
    </preamble>
    <mainBody>
      ${mainBody}
    </mainBody>
  </statement>
</akomaNtoso>`;
}

const PP =
  '<container name="Recalling"><p><span class="italic">Recalling</span> its resolutions,</p></container>';
const op = (n: number, text: string) =>
  `<paragraph><num>${n}.</num><content><p><span class="italic">Decides</span> ${text}</p></content></paragraph>`;
const point = (num: string, text: string) =>
  `<point><num>${num}</num><content><p>${text}</p></content></point>`;

function levels(xml: string): number[] {
  return importAkomaNtoso(xml).document.body.operative.flatMap((b) =>
    b.kind === 'subParagraph' ? [b.level] : [],
  );
}

test('the AKN4UN file reads as the same resolution as its Markdown conversion', () => {
  const fromXml = importAkomaNtoso(readFixture(AKN));
  const fromMarkdown = importResolutionMarkdown(readFixture('A_RES_77_222.md'));
  assert.deepEqual(fromXml.warnings, []);
  assert.equal(fromXml.document.body.preamble.length, 17);
  assert.equal(fromXml.document.body.operative.filter((b) => b.kind === 'paragraph').length, 12);
  assert.deepEqual(
    fromXml.document.body.preamble.map(markup),
    fromMarkdown.document.body.preamble.map(markup),
  );
  assert.deepEqual(
    fromXml.document.body.operative.map((b) => markup(b.content)),
    fromMarkdown.document.body.operative.map((b) => markup(b.content)),
  );
  assert.deepEqual(fromXml.document, fromMarkdown.document);
});

test('the header comes from the cover page, the preface and the workflow steps', () => {
  const { header } = importAkomaNtoso(readFixture(AKN)).document;
  assert.equal(header.symbol, 'A/RES/77/222');
  assert.equal(header.organ, 'General Assembly');
  assert.equal(header.distribution, 'General');
  assert.equal(header.date, '2023-01-06');
  assert.equal(header.session, 'Seventy-seventh session');
  assert.equal(header.committee, 'Third Committee');
  assert.equal(header.agendaItem, '68 (b)');
  assert.match(header.agendaItemName, /^Promotion and protection of human rights: /);
  assert.equal(header.title, 'Moratorium on the use of the death penalty');
  assert.deepEqual(header.sponsors.slice(0, 3), ['Albania', 'Argentina', 'Armenia']);
  assert.ok(header.sponsors.includes('Micronesia (Federated States of)'));
  assert.equal(header.additionalSponsors.at(-1), 'Togo');
});

test('spans, links and authorial notes become italic runs, text and footnotes', () => {
  const { document } = importAkomaNtoso(readFixture(AKN));
  assert.equal(
    markup(document.body.preamble[1] ?? []),
    '*Reaffirming* the Universal Declaration of Human Rights,^[Resolution 217 A (III).] the International Covenant on Civil and Political Rights^[See resolution 2200 A (XXI), annex.] and the Convention on the Rights of the Child,^[United Nations, *Treaty Series*, vol. 1577, No. 27531.]',
  );
  const calls = document.body.operative[6];
  assert.equal(calls && markup(calls.content), '*Calls upon* all States:');
});

test('a letter marked up as a sublist item after (h) is read as the letter (i), with a warning', () => {
  const xml = readFixture(AKN).replace(
    /(<point eId="para_40_list_point_i">[\s\S]*?<\/point>)/,
    '<sublist eId="para_40_list_point_h_sublist">$1</sublist>',
  );
  assert.match(xml, /<sublist eId="para_40_list_point_h_sublist"><point/);
  const { document, warnings } = importAkomaNtoso(xml);
  assert.deepEqual(document, importAkomaNtoso(readFixture(AKN)).document);
  assert.equal(warnings.length, 1);
  assert.match(
    warnings[0] ?? '',
    /\(i\) was marked up as a sub-item of “\(h\)” but continues its letters/,
  );
});

test('a real sublist is read one level deeper, and nested lists deeper still', () => {
  const sublist = statement(
    PP,
    `<paragraph><num>1.</num><list><intro><p><span class="italic">Decides</span>:</p></intro>
      ${point('(a)', 'The following:')}
      <sublist>${point('(i)', 'One;')}${point('(ii)', 'Two;')}</sublist>
      ${point('(b)', 'Other.')}
    </list></paragraph>`,
  );
  assert.deepEqual(levels(sublist), [1, 2, 2, 1]);
  const nested = statement(
    PP,
    `<paragraph><num>1.</num><list><intro><p>Decides:</p></intro>
      <point><num>(a)</num><list><intro><p>First:</p></intro>
        <point><num>(i)</num><list><intro><p>Second:</p></intro>
          <point><num>a.</num><list><intro><p>Third:</p></intro>${point('i.', 'Fourth.')}</list></point>
        </list></point>
      </list></point>
    </list></paragraph>`,
  );
  assert.deepEqual(levels(nested), [1, 2, 3, 4]);
  const { document } = importAkomaNtoso(nested);
  assert.equal(plainText(document.body.operative[2]?.content ?? []), 'Second:');
});

test('roman paragraphs with H23 subheadings are numbered headings; H23 alone is unnumbered', () => {
  const xml = statement(
    PP,
    `<paragraph><num>I</num></paragraph>
     <paragraph class="H23"><subheading>Budget estimates</subheading></paragraph>
     ${op(1, 'to approve;')}
     <paragraph class="H23"><subheading>Financing</subheading></paragraph>
     ${op(2, 'to finance.')}`,
  );
  const { operative } = importAkomaNtoso(xml).document.body;
  assert.deepEqual(
    operative.map((b) => (b.kind === 'heading' ? `${b.numbered}:${plainText(b.content)}` : b.kind)),
    ['true:Budget estimates', 'paragraph', 'false:Financing', 'paragraph'],
  );
});

test('unnumbered bold lines are headings: a roman numeral, then the section title', () => {
  // The markup of A/RES/79/144 (Oceans and the law of the sea), section III
  const bold = (text: string) =>
    `<paragraph class="MercuryDocument"><content><p xml:space="preserve">
       <span class="bold">${text}</span>
     </p></content></paragraph>`;
  const xml = statement(
    PP,
    `${op(1, 'to act;')}
     ${bold('III')}
     ${bold('Meeting of States Parties')}
     ${op(2, 'to convene.')}
     ${bold('Peaceful settlement of disputes')}
     <paragraph><content><p><span class="italic">Approves</span> the report.</p></content></paragraph>`,
  );
  const { document, warnings } = importAkomaNtoso(xml);
  assert.deepEqual(warnings, []);
  assert.deepEqual(
    document.body.operative.map((b) =>
      b.kind === 'heading' ? `${b.numbered}:${markup(b.content)}` : markup(b.content),
    ),
    [
      '*Decides* to act;',
      'true:Meeting of States Parties',
      '*Decides* to convene.',
      'false:Peaceful settlement of disputes',
      '*Approves* the report.',
    ],
  );
});

test('a paragraph numbered "I." with content is a numbered section heading', () => {
  // The markup of A/RES/79/1 (The Pact for the Future), chapter I and action 1
  const xml = statement(
    PP,
    `${op(1, 'to act;')}
     <paragraph class="H23"><num>I.</num><content>
       <p xml:space="preserve">\t<span class="bold">Sustainable development and financing for development</span></p>
     </content></paragraph>
     <paragraph class="SingleTxt"><content><p xml:space="preserve">
       <span class="bold">Action 1. We will take bold, ambitious actions.</span>
     </p></content></paragraph>
     ${op(2, 'to convene.')}`,
  );
  const { document, warnings } = importAkomaNtoso(xml);
  assert.deepEqual(warnings, []);
  assert.deepEqual(
    document.body.operative.map(
      (b) => `${b.kind}${b.kind === 'heading' ? `:${b.numbered}` : ''}:${markup(b.content)}`,
    ),
    [
      'paragraph:*Decides* to act;',
      'heading:true:Sustainable development and financing for development',
      'heading:false:Action 1. We will take bold, ambitious actions.',
      'paragraph:*Decides* to convene.',
    ],
  );
});

function importError(xml: string): string {
  try {
    importAkomaNtoso(xml);
  } catch (error) {
    assert.ok(error instanceof ImportError, String(error));
    return error.message;
  }
  assert.fail('the import did not fail');
}

test('unreadable XML is refused with the line or element path and why', () => {
  assert.match(
    importError('<akomaNtoso>\n  <statement>\n    <preamble></statement>\n</akomaNtoso>'),
    /^Malformed XML at line 3, column \d+: Opening and ending tag mismatch/,
  );
  assert.match(
    importError('<html><body/></html>'),
    /^The root element is <html>, not <akomaNtoso>/,
  );
  assert.match(
    importError(statement('', op(1, 'to act.'))),
    /^akomaNtoso\/statement\/preamble: no preambular paragraph found/,
  );
  assert.match(
    importError(statement(PP, '')),
    /^akomaNtoso\/statement\/mainBody: no operative paragraph found/,
  );
  assert.match(
    importError(
      statement(
        '<container><p><span class="italic">Recalling</span> the Charter,<authorialNote marker="7"><p> </p></authorialNote></p></container>',
        op(1, 'to act.'),
      ),
    ),
    /^akomaNtoso\/statement\/preamble\/container\/p\/authorialNote: footnote 7 has no text/,
  );
});
