import { Extension } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import { DELETION_MARK, INSERTION_MARK } from '../amendments/model';
import { fetchMatches } from './client';
import { sourceLine } from './model';
import { MIN_AGREED_WORDS, type Occurrence, type ParagraphMatch } from './precedent-index';

/**
 * Agreed language in the editor: each paragraph's passages found in adopted
 * resolutions get a quiet dotted underline (sources in its title), each
 * paragraph a bar in the right margin (solid: every word agreed language,
 * dotted: part) or, with none, "new language" under its reference. Asked of the server
 * a moment after the text stops changing, for changed paragraphs only (the
 * client caches by text); the answer is applied only to the text it was asked
 * for, in a transaction that changes nothing else, so typing is never held up.
 */

/** The nodes the finder reads: paragraphs and sub-paragraphs, not headings. */
export const MATCHED_PARAGRAPH_TYPES: ReadonlySet<string> = new Set([
  'preambularParagraph',
  'operativeParagraph',
  'subParagraph',
]);
/** Quiet time after the last change before asking. */
const SETTLE_MS = 350;

/** A paragraph's text as the finder reads it, with the document position of each character. */
export interface ParagraphText {
  text: string;
  positions: number[];
}

/** What the finder found for the paragraph starting at a position of the document. */
export interface AgreedParagraph {
  /** The agreed text (pending insertions left out, pending deletions kept). */
  base: ParagraphText;
  match: ParagraphMatch;
  /** With its pending proposals applied, when it has any. */
  proposed: { text: ParagraphText; match: ParagraphMatch } | null;
}

export interface AgreedLanguageState {
  on: boolean;
  decorations: DecorationSet;
  /** By the paragraph node's position, mapped through later changes. */
  paragraphs: Map<number, AgreedParagraph>;
  /** Why the last look-up failed, or null. */
  problem: string | null;
}

export const agreedLanguageKey = new PluginKey<AgreedLanguageState>('agreedLanguage');

/** The state, for the Precedents panel. */
export function agreedLanguageState(state: EditorState): AgreedLanguageState | undefined {
  return agreedLanguageKey.getState(state);
}

/**
 * The text of a paragraph node at `pos`: footnotes left out; `skip` says which
 * amendment mark's text is left out (insertions for the agreed text,
 * deletions for the text as proposed).
 */
export function paragraphText(node: ProseMirrorNode, pos: number, skip: string): ParagraphText {
  let text = '';
  const positions: number[] = [];
  node.forEach((child, offset) => {
    if (!child.isText || child.marks.some((mark) => mark.type.name === skip)) return;
    const from = pos + 1 + offset;
    const value = child.text ?? '';
    text += value;
    for (let i = 0; i < value.length; i++) positions.push(from + i);
  });
  return { text, positions };
}

function hasPendingText(node: ProseMirrorNode): boolean {
  let found = false;
  node.forEach((child) => {
    if (child.marks.some((m) => m.type.name === INSERTION_MARK || m.type.name === DELETION_MARK)) {
      found = true;
    }
  });
  return found;
}

/** The contiguous document ranges of characters [start, end) of a paragraph text. */
function documentRanges(text: ParagraphText, start: number, end: number): [number, number][] {
  const ranges: [number, number][] = [];
  for (let i = start; i < end;) {
    const from = text.positions[i]!;
    let j = i + 1;
    while (j < end && text.positions[j] === text.positions[j - 1]! + 1) j++;
    ranges.push([from, text.positions[j - 1]! + 1]);
    i = j;
  }
  return ranges;
}

function passageDecorations(text: ParagraphText, match: ParagraphMatch): Decoration[] {
  return match.spans.flatMap((span) => {
    const sources = span.sources
      .map((s) => match.sources[s]?.occurrences[0])
      .filter((o): o is Occurrence => o !== undefined)
      .slice(0, 3);
    const title = `Agreed language (${span.words} words): ${sources.map(sourceLine).join('; ')}`;
    return documentRanges(text, span.start, span.end).map(([from, to]) =>
      Decoration.inline(from, to, { class: 'agreed-passage', title }),
    );
  });
}

/** How the bar and the margin show a paragraph's share. */
export function agreedLevel(match: ParagraphMatch): 'all' | 'part' | 'none' {
  if (match.agreedWords === 0) return 'none';
  return match.agreedWords === match.words ? 'all' : 'part';
}

function buildDecorations(
  doc: ProseMirrorNode,
  paragraphs: Map<number, AgreedParagraph>,
): DecorationSet {
  const decorations: Decoration[] = [];
  for (const [pos, paragraph] of paragraphs) {
    const node = doc.nodeAt(pos);
    if (!node) continue;
    const { match } = paragraph;
    // Too short to hold a passage: neither agreed nor new.
    if (match.words >= MIN_AGREED_WORDS || match.agreedWords > 0) {
      decorations.push(
        Decoration.node(pos, pos + node.nodeSize, {
          'data-agreed': agreedLevel(match),
        }),
      );
    }
    decorations.push(...passageDecorations(paragraph.base, paragraph.match));
    if (paragraph.proposed) {
      // The proposed words inside agreed passages: the base's are already underlined.
      const inserted = new Set(paragraph.proposed.text.positions);
      for (const p of paragraph.base.positions) inserted.delete(p);
      for (const decoration of passageDecorations(
        paragraph.proposed.text,
        paragraph.proposed.match,
      )) {
        if (inserted.has(decoration.from)) decorations.push(decoration);
      }
    }
  }
  return DecorationSet.create(doc, decorations);
}

/** The paragraphs of a document and their texts, by position. */
function readParagraphs(doc: ProseMirrorNode) {
  const found: { pos: number; base: ParagraphText; proposed: ParagraphText | null }[] = [];
  doc.descendants((node, pos) => {
    if (!MATCHED_PARAGRAPH_TYPES.has(node.type.name)) return !node.isTextblock;
    const base = paragraphText(node, pos, INSERTION_MARK);
    const proposed = hasPendingText(node) ? paragraphText(node, pos, DELETION_MARK) : null;
    found.push({ pos, base, proposed: proposed && proposed.text !== base.text ? proposed : null });
    return false;
  });
  return found;
}

type Meta =
  | { kind: 'found'; paragraphs: Map<number, AgreedParagraph> }
  | { kind: 'problem'; problem: string }
  | { kind: 'switch'; on: boolean };

class Finder {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private destroyed = false;
  private waitingForOnline = false;

  constructor(private readonly view: EditorView) {
    this.schedule(0);
  }

  schedule(delay = SETTLE_MS): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), delay);
  }

  private async run(): Promise<void> {
    this.timer = null;
    const state = agreedLanguageKey.getState(this.view.state);
    if (this.destroyed || !state?.on) return;
    // Offline, the browser would only log a failed request: ask once it is back.
    if (!navigator.onLine) {
      this.askOnceOnline();
      return;
    }
    const doc = this.view.state.doc;
    const read = readParagraphs(doc);
    const texts = read.flatMap((p) =>
      p.proposed ? [p.base.text, p.proposed.text] : [p.base.text],
    );
    let matches: ParagraphMatch[];
    try {
      matches = await fetchMatches(texts);
    } catch (error) {
      // Cut by going offline: ask again once back.
      if (!navigator.onLine) this.askOnceOnline();
      if (!this.destroyed) {
        this.view.dispatch(
          this.view.state.tr.setMeta(agreedLanguageKey, {
            kind: 'problem',
            problem: (error as Error).message,
          } satisfies Meta),
        );
      }
      return;
    }
    if (this.destroyed || !agreedLanguageKey.getState(this.view.state)?.on) return;
    // Typed meanwhile: ask again once it settles (unchanged paragraphs come from the cache).
    if (this.view.state.doc !== doc) {
      if (!this.timer) this.schedule();
      return;
    }
    const paragraphs = new Map<number, AgreedParagraph>();
    let at = 0;
    for (const p of read) {
      const match = matches[at++]!;
      const proposed = p.proposed ? { text: p.proposed, match: matches[at++]! } : null;
      paragraphs.set(p.pos, { base: p.base, match, proposed });
    }
    this.view.dispatch(
      this.view.state.tr.setMeta(agreedLanguageKey, {
        kind: 'found',
        paragraphs,
      } satisfies Meta),
    );
  }

  private askOnceOnline(): void {
    if (this.waitingForOnline) return;
    this.waitingForOnline = true;
    window.addEventListener(
      'online',
      () => {
        this.waitingForOnline = false;
        this.schedule(0);
      },
      { once: true },
    );
  }

  destroy(): void {
    this.destroyed = true;
    if (this.timer) clearTimeout(this.timer);
  }
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    agreedLanguage: {
      /** Shows or hides the agreed-language underlines and bars (and stops asking). */
      setAgreedLanguage: (on: boolean) => ReturnType;
    };
  }
}

export const AgreedLanguage = Extension.create<{ on: boolean }>({
  name: 'agreedLanguage',

  addOptions() {
    return { on: true };
  },

  addCommands() {
    return {
      setAgreedLanguage:
        (on) =>
        ({ tr, dispatch }) => {
          if (dispatch) tr.setMeta(agreedLanguageKey, { kind: 'switch', on } satisfies Meta);
          return true;
        },
    };
  },

  addProseMirrorPlugins() {
    const initiallyOn = this.options.on;
    return [
      new Plugin<AgreedLanguageState>({
        key: agreedLanguageKey,
        state: {
          init: () => ({
            on: initiallyOn,
            decorations: DecorationSet.empty,
            paragraphs: new Map(),
            problem: null,
          }),
          apply: (tr, previous, _old, newState): AgreedLanguageState => {
            const meta = tr.getMeta(agreedLanguageKey) as Meta | undefined;
            if (meta?.kind === 'switch') {
              return {
                ...previous,
                on: meta.on,
                decorations: DecorationSet.empty,
                paragraphs: new Map(),
              };
            }
            if (meta?.kind === 'found') {
              return {
                ...previous,
                decorations: buildDecorations(newState.doc, meta.paragraphs),
                paragraphs: meta.paragraphs,
                problem: null,
              };
            }
            if (meta?.kind === 'problem') return { ...previous, problem: meta.problem };
            if (!tr.docChanged) return previous;
            const paragraphs = new Map<number, AgreedParagraph>();
            for (const [pos, paragraph] of previous.paragraphs) {
              const mapped = tr.mapping.mapResult(pos, 1);
              if (!mapped.deleted) paragraphs.set(mapped.pos, paragraph);
            }
            return {
              ...previous,
              decorations: previous.decorations.map(tr.mapping, tr.doc),
              paragraphs,
            };
          },
        },
        view: (view) => {
          const finder = new Finder(view);
          return {
            update: (updated, previousState) => {
              const now = agreedLanguageKey.getState(updated.state);
              const before = agreedLanguageKey.getState(previousState);
              if (!now?.on) return;
              if (updated.state.doc !== previousState.doc) finder.schedule();
              else if (!before?.on) finder.schedule(0);
            },
            destroy: () => finder.destroy(),
          };
        },
        props: {
          decorations: (state) => agreedLanguageKey.getState(state)?.decorations,
        },
      }),
    ];
  },
});
