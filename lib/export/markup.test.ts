import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  amend,
  deleteParagraph,
  type Amendment,
  draftDoc,
  imported,
  insertAfter,
  moveUp,
  newParagraphAfter,
  PROPOSED_AT,
  replace,
} from '../testing/amended-draft';
import type { EditorState } from '@tiptap/pm/state';
import type { AmendmentAuthor } from '../amendments/model';
import { paragraphSuggestion } from '../amendments/model';
import { suggestTransaction } from '../amendments/suggest';
import { draftBodyState } from '../drafts/draft-body';
import { CHN, FRA, USA } from '../testing/amendment-editors';
import { markdownFixtures } from '../testing/fixtures';
import { randomInt, seededRandom, testSeed } from '../testing/seeded-random';
import { isFootnoteRun, type InlineRun } from '../schema/resolution-document';
import { compilationMarkdown } from './compilation';
import { finalDraft, resolutionBody } from './final-draft';
import { isMarkupFootnote, markupDraft, type MarkupParagraph } from './markup';

const DRAFT = 'fixtures/draft_A_C.3_77_L_enhancement_of_international_cooperation.md';

function amendedDraft() {
  const doc = draftDoc(imported(DRAFT));
  amend(doc, [
    replace(CHN, 'equality and equity', 'equality, equity and solidarity'),
    insertAfter(USA, 'resolving human rights issues in international forums', ', mutually'),
    newParagraphAfter(FRA, 'on the full enjoyment of human rights;', 'Calls upon States to act;'),
    replace(USA, ', including the Human Rights Council', ''),
    moveUp(CHN, 'all Member States and the United Nations system to explore'),
    deleteParagraph(FRA, 'Recognizing also'),
  ]);
  return doc;
}

function byReference(paragraphs: MarkupParagraph[], reference: string): MarkupParagraph {
  const found = paragraphs.find((paragraph) => paragraph.reference === reference);
  assert.ok(found, `${reference} is in the marked-up draft`);
  return found;
}

/** A paragraph's text with its revisions: `[+CHN:…]`, `[-USA:…]`, `^` for a footnote. */
function revisions(paragraph: MarkupParagraph): string {
  return paragraph.runs
    .map((run) => {
      const text = isMarkupFootnote(run) ? '^' : run.text;
      if (run.deletion) return `[-${run.deletion.delegation}:${text}]`;
      if (run.insertion) return `[+${run.insertion.delegation}:${text}]`;
      return text;
    })
    .join('');
}

test('the marked-up draft numbers, tags and marks every pending amendment', () => {
  const markup = markupDraft(amendedDraft());
  const { paragraphs } = markup;
  const original = imported(DRAFT).body;
  // Every original paragraph, the proposed one and the moved copy.
  assert.equal(paragraphs.length, original.preamble.length + original.operative.length + 2);
  assert.match(
    revisions(byReference(paragraphs, 'OP2')),
    /human dignity, \[-CHN:equality and equity\]\[\+CHN:equality, equity and solidarity\] at the global level;$/,
  );
  assert.match(
    revisions(byReference(paragraphs, 'OP10')),
    /international forums\[\+USA:, mutually\];$/,
  );
  assert.match(
    revisions(byReference(paragraphs, 'OP16')),
    /human rights machinery\[-USA:, including the Human Rights Council\];$/,
  );

  const proposed = byReference(paragraphs, 'OP13 bis');
  assert.equal(proposed.label, '13 bis.');
  assert.equal(proposed.amendment?.kind, 'insert');
  assert.equal(proposed.amendment?.delegation, 'FRA');
  assert.equal(revisions(proposed), 'Calls upon States to act;');
  assert.equal(byReference(paragraphs, 'PP6').amendment?.kind, 'delete');

  const moveTo = byReference(paragraphs, 'OP13 ter');
  const moveFrom = byReference(paragraphs, 'OP15');
  assert.deepEqual(
    [moveTo.amendment?.kind, moveTo.amendment?.counterpart, moveTo.amendment?.delegation],
    ['moveTo', 'OP15', 'CHN'],
  );
  assert.deepEqual(
    [moveFrom.amendment?.kind, moveFrom.amendment?.counterpart],
    ['moveFrom', 'OP13 ter'],
  );
  assert.equal(moveFrom.amendment?.suggestionId, moveTo.amendment?.suggestionId);

  // Each amendment's record: who proposed it, and when.
  const ids = new Set(
    paragraphs.flatMap((paragraph) => [
      ...(paragraph.amendment ? [paragraph.amendment.suggestionId] : []),
      ...paragraph.runs.flatMap((run) =>
        [run.insertion?.suggestionId, run.deletion?.suggestionId].filter((id) => id !== undefined),
      ),
    ]),
  );
  assert.equal(ids.size, 6);
  for (const id of ids) {
    assert.equal(markup.amendments[id]?.createdAt, PROPOSED_AT);
  }
  assert.deepEqual([...ids].map((id) => markup.amendments[id]?.delegation).sort(), [
    'CHN',
    'CHN',
    'FRA',
    'FRA',
    'USA',
    'USA',
  ]);
});

test('the compilation shows each proposal once, inline, tagged with its delegation', () => {
  const markdown = compilationMarkdown(markupDraft(amendedDraft()));
  const line = (reference: string) => {
    const found = markdown.split('\n').find((text) => text.startsWith(`**${reference}** `));
    assert.ok(found, `${reference} is in the compilation`);
    return found;
  };
  assert.match(
    line('OP2'),
    /human dignity, \{~~equality and equity~>equality, equity and solidarity~~\}\{>>CHN: replace<<\} at the global level;$/,
  );
  assert.match(line('OP10'), /international forums\{\+\+, mutually\+\+\}\{>>USA: add<<\};$/);
  assert.match(
    line('OP16'),
    /machinery\{--, including the Human Rights Council--\}\{>>USA: delete<<\};$/,
  );
  assert.equal(line('OP13 bis'), '**OP13 bis** (FRA: new paragraph) Calls upon States to act;');
  assert.match(line('PP6'), /^\*\*PP6\*\* \(FRA: delete paragraph\) \*Recognizing also\* that/);
  assert.match(line('OP13 ter'), /^\*\*OP13 ter\*\* \(CHN: move from OP15\) \*Encourages\* all/);
  assert.match(line('OP15'), /^\*\*OP15\*\* \(CHN: move to OP13 ter\) \*Encourages\* all/);
  // Six amendments, each tagged once (a move at both of its ends).
  const tags = [...markdown.matchAll(/\{>>([A-Z]{3}): ([a-z ]+)<<\}|\(([A-Z]{3}): ([a-z ]+)/g)];
  assert.deepEqual(tags.map((tag) => `${tag[1] ?? tag[3]} ${tag[2] ?? tag[4]}`).sort(), [
    'CHN move from ',
    'CHN move to ',
    'CHN replace',
    'FRA delete paragraph',
    'FRA new paragraph',
    'USA add',
    'USA delete',
  ]);
  // The header and the footnotes are those of the draft.
  assert.match(markdown, /^China, Cuba and Russian Federation:\\\* draft resolution$/m);
  assert.match(markdown, /^\[\^6\]: See E\/CN\.4\/2001\/2-E\/CN\.4\/Sub\.2\/2000\/46/m);
});

test('text one delegation adds and another strikes is shown once with both delegations', () => {
  const doc = draftDoc(imported(DRAFT));
  amend(doc, [
    insertAfter(USA, 'resolving human rights issues in international forums', ', mutually'),
    replace(CHN, ', mutually', ''),
  ]);
  const markdown = compilationMarkdown(markupDraft(doc));
  assert.match(markdown, /forums\{>>“, mutually”: USA: add; CHN: delete<<\};/);
});

test('the compilation keeps the note of the sponsors line with its asterisk', () => {
  const markdown = compilationMarkdown(markupDraft(draftDoc(imported(DRAFT))));
  assert.match(markdown, /:\\\* draft resolution/);
  assert.match(
    markdown,
    /^\\\* On behalf of the States Members of the United Nations that are members of the Movement of Non-Aligned Countries\.$/m,
  );
});

test('a draft without amendments compiles to its paragraphs, with no proposals', () => {
  for (const name of markdownFixtures()) {
    const doc = draftDoc(imported(`fixtures/${name}`));
    const markup = markupDraft(doc);
    const { body } = finalDraft(doc).document;
    const paragraphs = markup.paragraphs.filter((paragraph) => paragraph.kind !== 'heading');
    const operative = body.operative.filter((block) => block.kind !== 'heading');
    assert.equal(paragraphs.length, body.preamble.length + operative.length, name);
    assert.ok(
      paragraphs.every((paragraph) => !paragraph.amendment),
      name,
    );
    const markdown = compilationMarkdown(markup);
    assert.doesNotMatch(markdown, /\{(\+\+|--|~~|>>)/, name);
    assert.match(markdown, /\*\*PP1\*\* /, name);
  }
});

/** Where and what a random text amendment proposes: `[from, to)` of a text node replaced by `text`. */
interface Edit {
  pattern: RegExp;
  text: (match: string) => string;
}

/**
 * Text amendments of every shape the CriticMarkup must write exactly: a word
 * started, a word ended, before punctuation, a word replaced, a word struck
 * with the space before it, a clause struck up to its comma, Markdown's own
 * characters inserted. Each pattern's match is what is replaced.
 */
const EDITS: readonly Edit[] = [
  { pattern: /(?<= )(?=[a-z])/g, text: () => 'newly ' },
  { pattern: /(?<=[a-z])(?= )/g, text: () => ' indeed' },
  { pattern: /(?=[,;])/g, text: () => ', inter alia' },
  { pattern: /\b[a-z]{4,}\b/g, text: (word) => `${word.toUpperCase()} and more` },
  { pattern: / [a-z]+(?=[ ,;])/g, text: () => '' },
  { pattern: /, [a-z ]+(?=,)/g, text: () => '' },
  { pattern: /(?<=[a-z])(?= )/g, text: () => ' [*bracketed*] ' },
];

/** Text nodes of the agreed text with no amendment, in paragraphs no one proposes to change (not in footnotes). */
function unamendedText(state: EditorState): { pos: number; text: string }[] {
  const found: { pos: number; text: string }[] = [];
  state.doc.descendants((node, pos, parent) => {
    if (node.isText && node.marks.every((mark) => /^(italic|bold)$/.test(mark.type.name))) {
      if (parent?.type.name === 'footnote' || !parent || paragraphSuggestion(parent)) return false;
      found.push({ pos, text: node.text ?? '' });
    }
    return true;
  });
  return found;
}

/** A text amendment by `author` at a random place where `edit` applies. */
function randomEdit(author: AmendmentAuthor, edit: Edit, random: () => number): Amendment {
  return {
    author,
    make: (state) => {
      const places = unamendedText(state).flatMap(({ pos, text }) =>
        [...text.matchAll(edit.pattern)].map((match) => ({
          from: pos + match.index,
          to: pos + match.index + match[0].length,
          text: edit.text(match[0]),
        })),
      );
      const place = places[randomInt(random, places.length)];
      assert.ok(place, `somewhere for ${String(edit.pattern)}`);
      const tr = place.text
        ? state.tr.insertText(place.text, place.from, place.to)
        : state.tr.delete(place.from, place.to);
      return suggestTransaction(state, tr, author);
    },
  };
}

/** The amendment `make` makes, anchored in a random unamended text of some length where it can be made. */
function atRandomParagraph(
  author: AmendmentAuthor,
  random: () => number,
  make: (author: AmendmentAuthor, anchor: string) => Amendment,
): Amendment {
  return {
    author,
    make: (state) => {
      const texts = unamendedText(state).filter(({ text }) => text.length >= 40);
      const start = randomInt(random, texts.length);
      // From a random one on, the first where the amendment can be made (PP1 cannot move up).
      const outcomes = texts.map((_, index) => {
        const anchor = texts[(start + index) % texts.length]?.text ?? '';
        return () => make(author, anchor).make(state);
      });
      let outcome = outcomes[0]?.();
      for (const next of outcomes.slice(1)) {
        if (outcome?.kind === 'transaction') break;
        outcome = next();
      }
      assert.ok(outcome);
      return outcome;
    },
  };
}

/** The text of a CriticMarkup paragraph with every proposal accepted, or every one rejected. */
function criticText(markdown: string, decision: 'accept' | 'reject'): string {
  const keep = (accepted: string, original: string) =>
    decision === 'accept' ? accepted : original;
  return markdown
    .replace(/\{>>[\s\S]*?<<\}/g, '')
    .replace(/\{\+\+([\s\S]*?)\+\+\}/g, (_, inserted: string) => keep(inserted, ''))
    .replace(/\{--([\s\S]*?)--\}/g, (_, deleted: string) => keep('', deleted))
    .replace(/\{~~([\s\S]*?)~>([\s\S]*?)~~\}/g, (_, old: string, by: string) => keep(by, old));
}

/** Markdown inline text as plain text: no emphasis, no footnote references, escapes undone. */
function plainMarkdown(markdown: string): string {
  return markdown
    .replace(/(?<!\\)\[\^\d+\]/g, '')
    .replace(/(?<!\\)\*/g, '')
    .replace(/\\(.)/g, '$1');
}

function plainRuns(runs: readonly InlineRun[]): string {
  return runs.map((run) => (isFootnoteRun(run) ? '' : run.text)).join('');
}

test('the CriticMarkup read with every proposal accepted, or rejected, is exactly that text', () => {
  const seed = testSeed();
  const random = seededRandom(seed);
  for (const name of markdownFixtures()) {
    const doc = draftDoc(imported(`fixtures/${name}`));
    const amendments = [...EDITS, ...EDITS].map((edit, index) =>
      randomEdit([CHN, FRA, USA][index % 3] ?? CHN, edit, random),
    );
    amend(doc, [
      ...amendments,
      // Words struck in another delegation's proposal; a new paragraph, a paragraph struck, a move.
      randomEdit(
        FRA,
        { pattern: /(?<=[a-z])(?=[ ,;])/g, text: () => ' (as FRA proposes)' },
        random,
      ),
      replace(USA, 'as FRA', ''),
      atRandomParagraph(FRA, random, (author, anchor) =>
        newParagraphAfter(author, anchor, 'Decides to *act*;'),
      ),
      atRandomParagraph(USA, random, deleteParagraph),
      atRandomParagraph(CHN, random, moveUp),
    ]);
    const markup = markupDraft(doc);
    const blocks = compilationMarkdown(markup).trimEnd().split('\n\n');
    const start = blocks.findIndex((block) =>
      block.startsWith(`**${markup.paragraphs[0]?.reference ?? ''}** `),
    );
    const text = (index: number) =>
      (blocks[start + index] ?? '').replace(
        // The reference, then the status and paragraph amendment: "(agreed) (CHN: move to OP2 (d))".
        /^\*\*[^*]+\*\*(?: \((?:[^()]|\([^()]*\))*\))* ?/,
        '',
      );
    for (const decision of ['accept', 'reject'] as const) {
      const view = decision === 'accept' ? 'accepted' : 'original';
      const gone = decision === 'accept' ? ['delete', 'moveFrom'] : ['insert', 'moveTo'];
      const read = markup.paragraphs
        .map((paragraph, index) => ({ paragraph, index }))
        .filter(({ paragraph }) => !gone.includes(paragraph.amendment?.kind ?? ''))
        .map(({ index }) => plainMarkdown(criticText(text(index), decision)));
      const { preamble, operative } = resolutionBody(draftBodyState(doc).doc, view);
      assert.deepEqual(
        read,
        [...preamble.map(plainRuns), ...operative.map((block) => plainRuns(block.content))],
        `${name}, ${view}, TEST_SEED=${seed}`,
      );
    }
  }
});
