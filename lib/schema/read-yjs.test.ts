import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { BODY_FIELD } from '../collab/protocol';
import { draftBodyState } from '../drafts/draft-body';
import { FRA, USA } from '../testing/amendment-editors';
import { amend, draftDoc, imported, insertAfter, replace } from '../testing/amended-draft';
import { resolutionSchema } from './document-extensions';
import { newId } from './new-id';
import { readYBody, readYElement, SchemaViolationError } from './read-yjs';

const DRAFT = 'fixtures/draft_A_C.3_77_L_enhancement_of_international_cooperation.md';

function amendedDraft(): Y.Doc {
  const doc = draftDoc(imported(DRAFT));
  amend(doc, [
    replace(FRA, 'international cooperation', 'global partnership'),
    insertAfter(USA, 'Reaffirming', ' firmly'),
  ]);
  return doc;
}

/** The first paragraph element of the body that holds a footnote. */
function paragraphWithFootnote(doc: Y.Doc): { paragraph: Y.XmlElement; footnote: Y.XmlElement } {
  for (const part of doc.getXmlFragment(BODY_FIELD).toArray()) {
    if (!(part instanceof Y.XmlElement)) continue;
    for (const paragraph of part.toArray()) {
      if (!(paragraph instanceof Y.XmlElement)) continue;
      const footnote = paragraph
        .toArray()
        .find((child): child is Y.XmlElement => child instanceof Y.XmlElement);
      if (footnote) return { paragraph, footnote };
    }
  }
  throw new Error('the fixture has footnotes');
}

function firstParagraph(doc: Y.Doc): Y.XmlElement {
  const part = doc.getXmlFragment(BODY_FIELD).get(0) as Y.XmlElement;
  return part.get(0) as Y.XmlElement;
}

function firstText(paragraph: Y.XmlElement): Y.XmlText {
  const text = paragraph.toArray().find((child) => child instanceof Y.XmlText);
  assert.ok(text instanceof Y.XmlText);
  return text;
}

describe('reading the shared draft without writing to it', () => {
  test('a valid amended draft reads as the editor binding reads it', () => {
    const doc = amendedDraft();
    const ours = readYBody(doc.getXmlFragment(BODY_FIELD));
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    const binding = yXmlFragmentToProseMirrorRootNode(
      copy.getXmlFragment(BODY_FIELD),
      resolutionSchema,
    );
    assert.ok(ours.eq(binding));
    assert.match(ours.textContent, /global partnership/);
  });

  // The hostile review's case: y-tiptap's reader deleted the whole footnote from the live draft.
  test('an insertion mark inside a footnote is reported, and the footnote stays', () => {
    const doc = amendedDraft();
    const { footnote } = paragraphWithFootnote(doc);
    const text = firstText(footnote);
    text.insert(0, 'sneaky ', { insertion: { suggestionId: newId(), delegation: 'FRA' } });
    const before = Y.encodeStateVector(doc);
    const footnotesBefore = JSON.stringify(doc.getXmlFragment(BODY_FIELD).toJSON());
    assert.throws(() => draftBodyState(doc), SchemaViolationError);
    assert.deepEqual(Y.encodeStateVector(doc), before, 'nothing was written to the draft');
    assert.equal(JSON.stringify(doc.getXmlFragment(BODY_FIELD).toJSON()), footnotesBefore);
    assert.match(footnotesBefore, /sneaky/);
  });

  test('an unknown attribute on an insertion mark is reported, and the paragraph stays', () => {
    const doc = amendedDraft();
    const paragraph = firstParagraph(doc);
    firstText(paragraph).insert(0, 'extra ', {
      insertion: { suggestionId: newId(), delegation: 'FRA', bogus: true },
    });
    const text = paragraph.toString();
    assert.throws(() => draftBodyState(doc), /has no attribute "bogus"/);
    assert.equal(paragraph.toString(), text);
  });

  const invalid: [string, (doc: Y.Doc) => void, RegExp][] = [
    [
      'an unknown node type',
      (doc) => {
        const part = doc.getXmlFragment(BODY_FIELD).get(0) as Y.XmlElement;
        part.insert(0, [new Y.XmlElement('bogusNode')]);
      },
      /unknown element "bogusNode"/,
    ],
    [
      'an unknown paragraph attribute',
      (doc) => firstParagraph(doc).setAttribute('onclick', 'x'),
      /no attribute "onclick"/,
    ],
    [
      'a status that is not one',
      (doc) => firstParagraph(doc).setAttribute('status', 'adopted'),
      /"status" cannot be/,
    ],
    [
      'a paragraph suggestion with extra fields',
      (doc) =>
        firstParagraph(doc).setAttribute('suggestion', {
          suggestionId: newId(),
          delegation: 'FRA',
          kind: 'insert',
          decided: true,
        } as unknown as string),
      /"suggestion" cannot be/,
    ],
    [
      'an embed inside text',
      (doc) => firstText(firstParagraph(doc)).insertEmbed(0, { evil: true }),
      /embedded objects/,
    ],
    [
      'attributes on a text container',
      (doc) => firstText(firstParagraph(doc)).setAttribute('style', 'color:red'),
      /text cannot have attributes/,
    ],
    [
      'an unknown mark',
      (doc) => firstText(firstParagraph(doc)).format(0, 3, { underline: {} }),
      /unknown formatting "underline"/,
    ],
    [
      'a mark naming a delegation that cannot exist',
      (doc) =>
        firstText(firstParagraph(doc)).format(0, 3, {
          deletion: { suggestionId: newId(), delegation: '<img src=x>' },
        }),
      /"delegation" cannot be/,
    ],
    [
      'bold inside a footnote (footnotes allow italic only)',
      (doc) => firstText(paragraphWithFootnote(doc).footnote).format(0, 2, { bold: {} }),
      /cannot hold that content/,
    ],
    [
      'a sub-paragraph level out of range',
      (doc) => {
        const part = doc.getXmlFragment(BODY_FIELD).get(1) as Y.XmlElement;
        const sub = new Y.XmlElement('subParagraph');
        sub.setAttribute('level', 9 as unknown as string);
        part.insert(1, [sub]);
      },
      /"level" cannot be 9/,
    ],
  ];
  for (const [what, spoil, reason] of invalid) {
    test(`${what} is reported without touching the draft`, () => {
      const doc = amendedDraft();
      spoil(doc);
      const state = Y.encodeStateVector(doc);
      const json = JSON.stringify(doc.getXmlFragment(BODY_FIELD).toJSON());
      assert.throws(() => readYBody(doc.getXmlFragment(BODY_FIELD)), reason);
      assert.deepEqual(Y.encodeStateVector(doc), state);
      assert.equal(JSON.stringify(doc.getXmlFragment(BODY_FIELD).toJSON()), json);
    });
  }

  test('one paragraph is read on its own', () => {
    const doc = amendedDraft();
    const node = readYElement(firstParagraph(doc));
    assert.equal(node.type.name, 'preambularParagraph');
    assert.ok(node.textContent.length > 20);
  });
});
