import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { EditorState } from '@tiptap/pm/state';
import { heading, op, paragraphsOf, runs, sub } from '../testing/resolution-markup';
import { resolutionSchema } from './document-extensions';
import { findOpener, OPERATIVE_OPENERS, PREAMBULAR_OPENERS } from './openers';
import type { OperativeBlock } from './resolution-document';
import { resolutionJSON } from './resolution-json';
import { checkStyle, type StyleRule, type StyleWarning } from './style-rules';

function docOf(preamble: string[], operative: OperativeBlock[]): ProseMirrorNode {
  return resolutionSchema.nodeFromJSON(
    resolutionJSON({ preamble: preamble.map((markup) => runs(markup)), operative }),
  );
}

/** "<rule> <reference>" for each warning, in order. */
function summary(warnings: readonly StyleWarning[], rule?: StyleRule): string[] {
  return warnings.filter((w) => !rule || w.rule === rule).map((w) => `${w.rule} ${w.reference}`);
}

function only(doc: ProseMirrorNode, rule: StyleRule, reference: string): StyleWarning {
  const found = checkStyle(doc).filter((w) => w.rule === rule && w.reference === reference);
  assert.equal(found.length, 1, `one ${rule} warning on ${reference}`);
  const [warning] = found;
  assert.ok(warning);
  return warning;
}

/**
 * Applies the warning's fix; asserts that its paragraph then reads `expected`
 * (markup), that every other paragraph and id is unchanged, and that the
 * warning is gone while all the others remain.
 */
function assertFix(doc: ProseMirrorNode, warning: StyleWarning, expected: string): ProseMirrorNode {
  const tr = EditorState.create({ doc }).tr;
  warning.fix(tr);
  const before = paragraphsOf(doc);
  const changed = before.findIndex((line) => line.startsWith(`${warning.reference} `));
  assert.notEqual(changed, -1);
  const wanted = before.map((line, i) =>
    i === changed ? `${warning.reference} ${String(warning.paragraphId)} ${expected}` : line,
  );
  assert.deepEqual(paragraphsOf(tr.doc), wanted);
  assert.deepEqual(
    checkStyle(tr.doc).map((w) => w.id),
    checkStyle(doc)
      .map((w) => w.id)
      .filter((id) => id !== warning.id),
  );
  return tr.doc;
}

describe('openers', () => {
  test('the longest known opener followed by a word boundary', () => {
    assert.equal(findOpener('Recalling its resolution', 'preambular'), 'Recalling');
    assert.equal(findOpener('Recalling also its resolution', 'preambular'), 'Recalling also');
    assert.equal(
      findOpener('Taking note with appreciation of', 'preambular'),
      'Taking note with appreciation',
    );
    assert.equal(findOpener('Convinced, however,', 'preambular'), 'Convinced');
    assert.equal(findOpener('Mindful', 'preambular'), 'Mindful');
    assert.equal(findOpener('Calls upon States', 'operative'), 'Calls upon');
    assert.equal(findOpener('Further requests the', 'operative'), 'Further requests');
    assert.equal(findOpener('Calls once again upon Israel', 'operative'), 'Calls once again upon');
  });

  test('no opener inside a longer word, and none that the lists do not know', () => {
    assert.equal(findOpener('Recallings', 'preambular'), null);
    assert.equal(findOpener('Taking notes of', 'preambular'), null);
    assert.equal(findOpener('Proclaims that', 'operative'), null);
    assert.equal(findOpener('', 'operative'), null);
    assert.equal(findOpener('requests', 'operative'), null);
  });

  test('the lists hold the "also" and "further" forms', () => {
    for (const opener of [
      'Recalling further',
      'Noting with concern also',
      'Welcoming in particular',
    ]) {
      assert.ok(PREAMBULAR_OPENERS.includes(opener), opener);
    }
    for (const opener of ['Also requests', 'Further calls upon', 'Also takes note']) {
      assert.ok(OPERATIVE_OPENERS.includes(opener), opener);
    }
    assert.equal(new Set(PREAMBULAR_OPENERS).size, PREAMBULAR_OPENERS.length);
  });
});

// A/RES/79/89 (fixtures/A_RES_79_89.md), preamble and operative part as adopted.
const RES_79_89_PREAMBLE = [
  '*Recalling* its resolutions 194 (III) of 11 December 1948 and 36/146 C of 16 December 1981 and all its subsequent resolutions on the question,',
  '*Taking note* of the report of the Secretary-General submitted pursuant to its resolution 78/75 of 7 December 2023,^[A/79/287.] as well as that of the United Nations Conciliation Commission for Palestine for the period from 1 September 2023 to 31 August 2024,^[A/79/259.]',
  '*Recalling* that the Universal Declaration of Human Rights^[Resolution 217 A (III).] and the principles of international law uphold the principle that no one shall be arbitrarily deprived of his or her property,',
  '*Recalling in particular* its resolution 394 (V) of 14 December 1950, in which it directed the Conciliation Commission, in consultation with the parties concerned, to prescribe measures for the protection of the rights, property and interests of the Palestine refugees,',
  '*Noting* the completion of the programme of identification and evaluation of Arab property, as announced by the Conciliation Commission in its twenty-second progress report,^[*Official Records of the General Assembly, Nineteenth Session, Annexes, Annex No. 11*, document A/5700.] and the fact that the Land Office had a schedule of Arab owners and a file of documents defining the location, area and other particulars of Arab property,',
  '*Expressing its appreciation* for the preservation and modernization of the existing records, including the land records, of the Conciliation Commission, and stressing the importance of such records for a just resolution of the plight of the Palestine refugees in conformity with resolution 194 (III),',
  '*Recalling* that, in the framework of the Middle East peace process, the Palestine Liberation Organization and the Government of Israel agreed, in the Declaration of Principles on Interim Self-Government Arrangements of 13 September 1993,^[A/48/486-S/26560, annex.] to commence negotiations on permanent status issues, including the important issue of the refugees,',
];
const RES_79_89_OPERATIVE = [
  op(
    '*Reaffirms* that the Palestine refugees are entitled to their property and to the income derived therefrom, in conformity with the principles of equity and justice;',
  ),
  op(
    '*Requests* the Secretary-General to take all appropriate steps, in consultation with the United Nations Conciliation Commission for Palestine, for the protection of Arab property, assets and property rights in Israel;',
  ),
  op(
    '*Calls once again upon* Israel to render all facilities and assistance to the Secretary-General in the implementation of the present resolution;',
  ),
  op(
    '*Calls upon* all the parties concerned to provide the Secretary-General with any pertinent information in their possession concerning Arab property, assets and property rights in Israel that would assist him in the implementation of the present resolution;',
  ),
  op(
    '*Urges* the Palestinian and Israeli sides, as agreed between them, to deal with the important issue of Palestine refugees’ properties and their revenues within the framework of the final status peace negotiations;',
  ),
  op(
    '*Requests* the Secretary-General to report to the General Assembly at its eightieth session on the implementation of the present resolution.',
  ),
];

describe('checkStyle', () => {
  test('a correct real text (A/RES/79/89) has no warnings', () => {
    const doc = docOf(RES_79_89_PREAMBLE, RES_79_89_OPERATIVE);
    assert.deepEqual(summary(checkStyle(doc)), []);
  });

  test('a correct text with lists and sections (A/RES/78/293 shape) has no warnings', () => {
    const doc = docOf(
      ['*Recalling* its resolution 59/296,', '*Recognizing* the need,', '*Recognizing also* that,'],
      [
        op('*Reaffirms* its role;'),
        op('*Also reaffirms* that;'),
        op('*Further reaffirms* rule 153;'),
        op('*Reaffirms* that the funds;'),
        heading('Budget estimates', false),
        op('*Approves* the requirements;'),
        op('*Decides* that:'),
        sub(1, 'The balance;'),
        sub(1, 'The amount, as follows:'),
        sub(2, 'Two from African States;'),
        sub(2, 'Two from Asia-Pacific States;'),
        sub(1, 'The net estimated staff assessment income.'),
      ],
    );
    assert.deepEqual(summary(checkStyle(doc)), []);
  });

  test('warnings come in document order with ids `<rule>:<paragraphId>`', () => {
    const doc = docOf(['Recalling x;'], [op('*Requests* y;'), op('Decides z;')]);
    const warnings = checkStyle(doc);
    assert.deepEqual(summary(warnings), [
      'opener-italic PP1',
      'end-punctuation PP1',
      'opener-italic OP2',
      'end-punctuation OP2',
    ]);
    for (const warning of warnings) {
      assert.equal(warning.id, `${warning.rule}:${warning.paragraphId}`);
      assert.ok(warning.from < warning.to);
    }
  });

  test('ids stay the same when another paragraph changes', () => {
    const doc = docOf(['Recalling x,', '*Noting* y,'], [op('*Decides* z.')]);
    const before = checkStyle(doc).map((w) => w.id);
    const noting = doc.child(0).child(0).nodeSize + 1 + 1;
    const tr = EditorState.create({ doc }).tr.insertText('Firmly ', noting + 1);
    assert.deepEqual(
      checkStyle(tr.doc).map((w) => w.id),
      before,
    );
  });
});

describe('opener italics', () => {
  test('a plain PP opener: warning on the opener, fix italicises it', () => {
    const doc = docOf(['Recalling its resolution 78/75,'], [op('*Decides* to act.')]);
    const warning = only(doc, 'opener-italic', 'PP1');
    assert.equal(doc.textBetween(warning.from, warning.to), 'Recalling');
    assert.equal(warning.message, 'The opening phrase “Recalling” of PP1 should be in italics.');
    assert.equal(warning.fixLabel, 'Italicise “Recalling”');
    assertFix(doc, warning, '*Recalling* its resolution 78/75,');
  });

  test('a known multi-word OP opener is italicised whole', () => {
    const doc = docOf(['*Noting* x,'], [op('Calls upon all States to act.')]);
    const warning = only(doc, 'opener-italic', 'OP1');
    assert.equal(warning.message, 'The operative phrase “Calls upon” of OP1 should be in italics.');
    assertFix(doc, warning, '*Calls upon* all States to act.');
  });

  test('an unknown opener falls back to the first word', () => {
    const doc = docOf(['Abhorring the violence,'], [op('Proclaims that x.')]);
    const pp = only(doc, 'opener-italic', 'PP1');
    assert.equal(doc.textBetween(pp.from, pp.to), 'Abhorring');
    const verb = only(doc, 'opener-italic', 'OP1');
    assert.equal(verb.message, 'The operative verb “Proclaims” of OP1 should be in italics.');
    assertFix(doc, verb, '*Proclaims* that x.');
  });

  test('partial italics that start at the opener and cover its first word pass', () => {
    const doc = docOf(
      [
        '*Bearing* in mind x,',
        '*Guided* by y,',
        '*Mindful* that z,',
        '*Taking note* with appreciation of w,',
      ],
      [op('*Calls* upon States;'), op('*Also requests* v.')],
    );
    assert.deepEqual(summary(checkStyle(doc)), []);
  });

  test('italics that miss the start or end inside the first word do not pass', () => {
    const doc = docOf(
      ['Recalling *its* resolution,', '*Recall*ing x,', ' *Noting* y,'],
      [op('*Also* requests the Secretary-General.')],
    );
    assert.deepEqual(summary(checkStyle(doc), 'opener-italic'), [
      'opener-italic PP1',
      'opener-italic PP2',
      'opener-italic OP1',
    ]);
    assertFix(doc, only(doc, 'opener-italic', 'PP2'), '*Recalling* x,');
    assertFix(doc, only(doc, 'opener-italic', 'OP1'), '*Also requests* the Secretary-General.');
  });

  test('sub-paragraphs, empty paragraphs and section headings have no opener rule', () => {
    const doc = docOf(
      ['*Noting* x,', ''],
      [op('*Decides*:'), sub(1, 'to do this;'), sub(1, 'to do that.'), heading('Budget')],
    );
    assert.deepEqual(summary(checkStyle(doc)), []);
  });

  test('a bracketed paragraph is read inside its bracket', () => {
    const doc = docOf(['[Recalling x,]'], [op('[*Decides* y.]')]);
    const warning = only(doc, 'opener-italic', 'PP1');
    assertFix(doc, warning, '[*Recalling* x,]');
    assert.deepEqual(summary(checkStyle(doc), 'end-punctuation'), []);
  });
});

describe('end punctuation', () => {
  test('a PP ends with a comma: a wrong mark is replaced', () => {
    const doc = docOf(['*Recalling* x;'], [op('*Decides* y.')]);
    const warning = only(doc, 'end-punctuation', 'PP1');
    assert.equal(doc.textBetween(warning.from, warning.to), ';');
    assert.equal(warning.message, 'PP1 should end with a comma, not a semicolon.');
    assert.equal(warning.fixLabel, 'Change “;” to “,”');
    assertFix(doc, warning, '*Recalling* x,');
  });

  test('a missing mark is added at the end, before trailing footnotes and whitespace', () => {
    const doc = docOf(
      ['*Recalling* the Declaration^[Resolution 217 A (III).] '],
      [op('*Decides* y.')],
    );
    const warning = only(doc, 'end-punctuation', 'PP1');
    assert.equal(doc.textBetween(warning.from, warning.to), 'n');
    assert.equal(warning.message, 'PP1 should end with a comma.');
    assert.equal(warning.fixLabel, 'Add “,” at the end');
    assertFix(doc, warning, '*Recalling* the Declaration,^[Resolution 217 A (III).] ');
  });

  test('punctuation before footnote markers and trailing spaces counts', () => {
    const doc = docOf(
      ['*Recalling* the Declaration,^[Resolution 217 A (III).]^[A/79/287.]  '],
      [op('*Decides* y.^[A/79/259.]')],
    );
    assert.deepEqual(summary(checkStyle(doc)), []);
  });

  test('a mark added after an italic title is not italic', () => {
    const doc = docOf(['*Noting* the *Treaty Series*'], [op('*Decides* y.')]);
    assertFix(doc, only(doc, 'end-punctuation', 'PP1'), '*Noting* the *Treaty Series*,');
  });

  test('OPs end with a semicolon, the last OP with a full stop', () => {
    const doc = docOf(['*Noting* x,'], [op('*Decides* a.'), op('*Requests* b;')]);
    assert.deepEqual(summary(checkStyle(doc)), ['end-punctuation OP1', 'end-punctuation OP2']);
    const first = only(doc, 'end-punctuation', 'OP1');
    assert.equal(first.message, 'OP1 should end with a semicolon, not a full stop.');
    assertFix(doc, first, '*Decides* a;');
    const last = only(doc, 'end-punctuation', 'OP2');
    assert.equal(
      last.message,
      'OP2 is the last operative paragraph and should end with a full stop, not a semicolon.',
    );
    assertFix(doc, last, '*Requests* b.');
  });

  test('an OP or sub-paragraph that introduces sub-paragraphs ends with a colon', () => {
    const doc = docOf(
      ['*Noting* x,'],
      [
        op('*Decides*;'),
        sub(1, 'first;'),
        sub(1, 'second, as follows'),
        sub(2, 'one;'),
        sub(2, 'two;'),
        sub(1, 'third;'),
        op('*Requests* y.'),
      ],
    );
    assert.deepEqual(summary(checkStyle(doc)), ['end-punctuation OP1', 'end-punctuation OP1 (b)']);
    const intro = only(doc, 'end-punctuation', 'OP1');
    assert.equal(
      intro.message,
      'OP1 introduces sub-paragraphs and should end with a colon, not a semicolon.',
    );
    assertFix(doc, intro, '*Decides*:');
    assertFix(doc, only(doc, 'end-punctuation', 'OP1 (b)'), 'second, as follows:');
  });

  test('when the resolution ends inside a list, its last sub-paragraph takes the full stop', () => {
    const doc = docOf(
      ['*Noting* x,'],
      [
        op('*Requests* y;'),
        op('*Decides* that:'),
        sub(1, 'first;'),
        sub(1, 'second;'),
        sub(2, 'deepest;'),
      ],
    );
    assert.deepEqual(summary(checkStyle(doc)), [
      'end-punctuation OP2 (b)',
      'end-punctuation OP2 (b) (i)',
    ]);
    const last = only(doc, 'end-punctuation', 'OP2 (b) (i)');
    assert.equal(
      last.message,
      'OP2 (b) (i) closes the resolution and should end with a full stop, not a semicolon.',
    );
    assertFix(doc, last, 'deepest.');
    assert.equal(
      only(doc, 'end-punctuation', 'OP2 (b)').message,
      'OP2 (b) introduces sub-paragraphs and should end with a colon, not a semicolon.',
    );
  });

  test('a full stop before a list that closes the resolution is wrong', () => {
    const doc = docOf(['*Noting* x,'], [op('*Decides* that.'), sub(1, 'first.')]);
    assert.deepEqual(summary(checkStyle(doc)), ['end-punctuation OP1']);
  });

  test('empty paragraphs get no warning and do not count as the last paragraph', () => {
    const doc = docOf(['*Noting* x,', '', '  '], [op('*Decides* y.'), op(''), op('^[A/79/287.]')]);
    assert.deepEqual(summary(checkStyle(doc)), []);
  });

  test('section headings are not checked and do not end a list', () => {
    const doc = docOf(
      ['*Noting* x,'],
      [heading('I'), op('*Decides* y;'), heading('Budget estimates.', false), op('*Approves* z.')],
    );
    assert.deepEqual(summary(checkStyle(doc)), []);
  });
});

describe('also / further sequence', () => {
  test('preamble: a repeated bare opener becomes “X also”, then “X further”', () => {
    const doc = docOf(
      ['*Recalling* a,', '*Recalling* b,', '*Recalling* c,', '*Noting* d,'],
      [op('*Decides* e.')],
    );
    assert.deepEqual(summary(checkStyle(doc)), ['sequence PP2', 'sequence PP3']);
    const second = only(doc, 'sequence', 'PP2');
    assert.equal(doc.textBetween(second.from, second.to), 'Recalling');
    assert.equal(
      second.message,
      'PP2 repeats “Recalling” from PP1; the usual form is “Recalling also”.',
    );
    assert.equal(second.fixLabel, 'Change to “Recalling also”');
    const third = only(doc, 'sequence', 'PP3');
    assert.equal(
      third.message,
      'PP3 repeats “Recalling” from PP2; the usual form is “Recalling further”.',
    );
    const fixed = assertFix(doc, second, '*Recalling also* b,');
    assert.equal(only(fixed, 'sequence', 'PP3').message, third.message);
    assertFix(fixed, only(fixed, 'sequence', 'PP3'), '*Recalling further* c,');
  });

  test('preamble: after “X also”, a bare X is told “X further”', () => {
    const doc = docOf(
      ['*Recalling* a,', '*Recalling also* b,', '*Recalling* c,'],
      [op('*Decides* e.')],
    );
    assert.deepEqual(summary(checkStyle(doc)), ['sequence PP3']);
    assertFix(doc, only(doc, 'sequence', 'PP3'), '*Recalling further* c,');
  });

  test('preamble: another opener in between, or a completed sequence, starts afresh', () => {
    const doc = docOf(
      [
        '*Recalling* a,',
        '*Noting* b,',
        '*Recalling* c,',
        '*Recalling in particular* d,',
        '*Noting* e,',
        '*Noting also* f,',
        '*Noting further* g,',
        '*Noting* h,',
      ],
      [op('*Decides* e.')],
    );
    assert.deepEqual(summary(checkStyle(doc)), []);
  });

  test('preamble: multi-word and unknown openers', () => {
    const doc = docOf(
      ['*Noting with concern* a,', '*Noting with concern* b,', '*Abhorring* c,', '*Abhorring* d,'],
      [op('*Decides* e.')],
    );
    assertFix(doc, only(doc, 'sequence', 'PP2'), '*Noting with concern also* b,');
    assertFix(doc, only(doc, 'sequence', 'PP4'), '*Abhorring also* d,');
  });

  test('preamble: the inserted word keeps the opener’s partial italics', () => {
    const doc = docOf(['*Bearing in mind* a,', '*Bearing* in mind b,'], [op('*Decides* e.')]);
    assertFix(doc, only(doc, 'sequence', 'PP2'), '*Bearing* in mind also b,');
  });

  test('operative: Requests → Also requests → Further requests', () => {
    const doc = docOf(
      ['*Noting* x,'],
      [op('*Requests* a;'), op('*Requests* b;'), op('*Requests* c;'), op('*Decides* d.')],
    );
    assert.deepEqual(summary(checkStyle(doc)), ['sequence OP2', 'sequence OP3']);
    const second = only(doc, 'sequence', 'OP2');
    assert.equal(
      second.message,
      'OP2 repeats “Requests” from OP1; the usual form is “Also requests”.',
    );
    const fixed = assertFix(doc, second, '*Also requests* b;');
    assertFix(fixed, only(fixed, 'sequence', 'OP3'), '*Further requests* c;');
  });

  test('operative: sub-paragraphs do not interrupt a sequence, section headings do', () => {
    const doc = docOf(
      ['*Noting* x,'],
      [
        op('*Calls upon* States:'),
        sub(1, 'to act;'),
        op('*Calls upon* all parties;'),
        heading('II'),
        op('*Calls upon* donors;'),
        op('*Decides* d.'),
      ],
    );
    assert.deepEqual(summary(checkStyle(doc)), ['sequence OP2']);
    assertFix(doc, only(doc, 'sequence', 'OP2'), '*Also calls upon* all parties;');
  });

  test('operative: a plain opener gets the plain “Also”, partial italics survive', () => {
    const doc = docOf(['*Noting* x,'], [op('*Takes note* of a;'), op('*Takes* note of b.')]);
    assertFix(doc, only(doc, 'sequence', 'OP2'), '*Also takes* note of b.');
  });

  test('operative: “Calls once again upon” is not a repetition of the paragraph before', () => {
    const doc = docOf(['*Noting* x,'], [op('*Calls once again upon* X;'), op('*Calls upon* Y.')]);
    assert.deepEqual(summary(checkStyle(doc)), []);
  });

  test('a fix maps over steps already in the transaction', () => {
    const doc = docOf(['*Recalling* a,', '*Recalling* b,'], [op('*Decides* e.')]);
    const warning = only(doc, 'sequence', 'PP2');
    const tr = EditorState.create({ doc }).tr.insertText('Firmly ', 2);
    warning.fix(tr);
    assert.deepEqual(
      paragraphsOf(tr.doc).map((line) => line.replace(/ \S+ /, ' ')),
      ['PP1 *Firmly Recalling* a,', 'PP2 *Recalling also* b,', 'OP1 *Decides* e.'],
    );
  });
});
