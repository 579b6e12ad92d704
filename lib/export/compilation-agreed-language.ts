import type { ParagraphMatch } from '../precedents/precedent-index';
import {
  agreedLanguageLine,
  agreedLanguageOf,
  proposedTexts,
  standingText,
  type AgreedLanguage,
} from '../precedents/proposal-agreed-language';
import type { MarkupDraft, MarkupRevision } from './markup';

/**
 * The agreed language the compilation shows with each paragraph (the option
 * `agreedLanguage`): the share of the paragraph as it stands, then that of the
 * new words of each proposal adding words, once, under the first paragraph it
 * touches.
 */

/** A proposal that adds words, and how much of them is agreed language. */
export interface ProposalAgreedLanguage extends MarkupRevision {
  action: 'add' | 'replace' | 'new paragraph';
  language: AgreedLanguage;
}

export interface ParagraphAgreedLanguage {
  /** The paragraph as it stands; null for a heading, a proposed paragraph, one without words. */
  standing: AgreedLanguage | null;
  proposals: ProposalAgreedLanguage[];
}

/** By paragraph, in the order of `MarkupDraft.paragraphs`. */
export type CompilationAgreedLanguage = ParagraphAgreedLanguage[];

/** What the finder needs to be given: the index's `match` (`getPrecedentIndex()`). */
export interface AgreedLanguageFinder {
  match(text: string): ParagraphMatch;
}

/** Who proposes amendment `id` and what it does, from the marked-up text. */
function proposalOf(markup: MarkupDraft, id: string): Omit<ProposalAgreedLanguage, 'language'> {
  let delegation = markup.amendments[id]?.delegation ?? '';
  let action: ProposalAgreedLanguage['action'] = 'add';
  for (const paragraph of markup.paragraphs) {
    if (paragraph.amendment?.suggestionId === id) {
      delegation = paragraph.amendment.delegation;
      if (paragraph.amendment.kind === 'insert') action = 'new paragraph';
    }
    for (const run of paragraph.runs) {
      if (run.insertion?.suggestionId === id) delegation = run.insertion.delegation;
      if (run.deletion?.suggestionId === id && action === 'add') action = 'replace';
    }
  }
  return { suggestionId: id, delegation, action };
}

/** The agreed language of every paragraph and proposal of a marked-up draft. */
export function compilationAgreedLanguage(
  markup: MarkupDraft,
  finder: AgreedLanguageFinder,
): CompilationAgreedLanguage {
  const matches = new Map<string, ParagraphMatch>();
  const match = (text: string) => {
    let found = matches.get(text);
    if (!found) {
      found = finder.match(text);
      matches.set(text, found);
    }
    return found;
  };
  const result: CompilationAgreedLanguage = markup.paragraphs.map((paragraph) => {
    const standing = paragraph.kind === 'heading' ? null : standingText(paragraph);
    return {
      standing: standing ? agreedLanguageOf([standing], [match(standing.text)]) : null,
      proposals: [],
    };
  });
  for (const [id, pieces] of proposedTexts(markup.paragraphs)) {
    const texts = pieces.map((piece) => piece.text);
    const language = agreedLanguageOf(
      texts,
      texts.map((text) => match(text.text)),
    );
    const first = result[pieces[0]?.paragraph ?? -1];
    if (!language || !first) continue;
    first.proposals.push({ ...proposalOf(markup, id), language });
  }
  return result;
}

/**
 * The lines the compilation prints under a paragraph: "Agreed language 85%:
 * A/RES/79/166 OP5, adopted without a vote, 17 December 2024", then
 * "FRA (add) — New language" and the like.
 */
export function agreedLanguageLines(entry: ParagraphAgreedLanguage | undefined): string[] {
  if (!entry) return [];
  return [
    ...(entry.standing ? [agreedLanguageLine(entry.standing)] : []),
    ...entry.proposals.map(
      (proposal) =>
        `${proposal.delegation} (${proposal.action}) — ${agreedLanguageLine(proposal.language)}`,
    ),
  ];
}
