import { Extension } from '@tiptap/core';
import { isHistoryTransaction } from '@tiptap/pm/history';
import type { MarkType, Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { ReplaceStep } from '@tiptap/pm/transform';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { isRemoteTransaction } from './remote-transaction';
import { isKnownOpener, type OpenerKind } from './openers';
import { checkStyle, type StyleWarning } from './style-rules';

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    styleLint: {
      /** Applies the one-click fix of the style warning with this id, in one transaction. */
      fixStyleWarning: (id: string) => ReturnType;
    };
  }
}

/** What the style lint plugin keeps for the current document. */
export interface StyleLintState {
  warnings: StyleWarning[];
  decorations: DecorationSet;
}

/** Key of the plugin holding the current style warnings. */
export const styleLintPluginKey = new PluginKey<StyleLintState>('styleLint');

function lint(doc: ProseMirrorNode): StyleLintState {
  const warnings = checkStyle(doc);
  const decorations = warnings.map((warning) =>
    Decoration.inline(
      warning.from,
      warning.to,
      { class: 'style-warning', 'data-style-rule': warning.rule, title: warning.message },
      { styleWarningId: warning.id },
    ),
  );
  return { warnings, decorations: DecorationSet.create(doc, decorations) };
}

/**
 * Keeps the style warnings of the document (`checkStyle`) and underlines
 * each warning's range: an inline decoration with class `style-warning`,
 * `data-style-rule` and the message as `title`. Never changes the document.
 */
export function styleLintPlugin(): Plugin<StyleLintState> {
  return new Plugin<StyleLintState>({
    key: styleLintPluginKey,
    state: {
      init: (_config, state) => lint(state.doc),
      apply: (tr, value, _oldState, newState) => (tr.docChanged ? lint(newState.doc) : value),
    },
    props: {
      decorations: (state) => styleLintPluginKey.getState(state)?.decorations,
    },
  });
}

const computed = new WeakMap<ProseMirrorNode, StyleWarning[]>();

/**
 * The style warnings of a state's document, in document order: the lint
 * plugin's, or computed (and remembered per document) when it is not installed.
 */
export function getStyleWarnings(state: EditorState): StyleWarning[] {
  const fromPlugin = styleLintPluginKey.getState(state);
  if (fromPlugin) return fromPlugin.warnings;
  let warnings = computed.get(state.doc);
  if (!warnings) {
    warnings = checkStyle(state.doc);
    computed.set(state.doc, warnings);
  }
  return warnings;
}

const TYPED_AFTER_OPENER = new Set([' ', '\u00a0', ',']);

/**
 * Where text that a transaction typed ends, when it ends with a space or a
 * comma: the position after that character in `tr.doc`. Null for anything
 * else (pastes, drops, structural edits, mark changes).
 */
function typedEnd(tr: Transaction): number | null {
  const uiEvent: unknown = tr.getMeta('uiEvent');
  if (tr.getMeta('paste') || uiEvent === 'paste' || uiEvent === 'drop') return null;
  const step = tr.steps[tr.steps.length - 1];
  if (!(step instanceof ReplaceStep)) return null;
  const { slice } = step;
  if (slice.openStart !== 0 || slice.openEnd !== 0 || slice.content.childCount === 0) return null;
  let allText = true;
  slice.content.forEach((node) => {
    if (!node.isText) allText = false;
  });
  const typed = slice.content.lastChild?.text ?? '';
  if (!allText || !TYPED_AFTER_OPENER.has(typed.charAt(typed.length - 1))) return null;
  return step.from + slice.size;
}

function openerKind(node: ProseMirrorNode): OpenerKind | null {
  switch (node.type.name) {
    case 'preambularParagraph':
      return 'preambular';
    case 'operativeParagraph':
    case 'subParagraph':
      return 'operative';
    default:
      return null;
  }
}

/**
 * The range to italicise when the character just before `end` was typed
 * after a known opener at the start of a paragraph: the opener has no
 * italics yet, or only a shorter known opener of it is italic (typing on
 * from "*Taking note*" to "Taking note with appreciation ").
 */
function openerToItalicise(
  doc: ProseMirrorNode,
  end: number,
  italic: MarkType,
): { from: number; to: number } | null {
  if (end < 0 || end > doc.content.size) return null;
  const $end = doc.resolve(end);
  const paragraph = $end.parent;
  const kind = openerKind(paragraph);
  if (!kind || !paragraph.type.allowsMarkType(italic)) return null;
  const length = $end.parentOffset - 1;
  if (length <= 0) return null;
  let text = '';
  const italicAt: boolean[] = [];
  let onlyText = true;
  paragraph.forEach((child, offset) => {
    if (offset > length) return;
    if (!child.isText) {
      onlyText = false;
      return;
    }
    const part = (child.text ?? '').slice(0, length + 1 - offset);
    text += part;
    for (let i = 0; i < part.length; i++) italicAt.push(!!italic.isInSet(child.marks));
  });
  if (!onlyText || !TYPED_AFTER_OPENER.has(text.charAt(length))) return null;
  const opener = text.slice(0, length);
  if (!isKnownOpener(opener, kind)) return null;
  let italicPrefix = 0;
  while (italicPrefix < length && italicAt[italicPrefix]) italicPrefix++;
  if (italicAt.slice(italicPrefix, length).some(Boolean)) return null;
  if (italicPrefix > 0 && !isKnownOpener(opener.slice(0, italicPrefix), kind)) return null;
  if (italicPrefix === length) return null;
  const start = $end.start();
  return { from: start + italicPrefix, to: start + length };
}

const autoItalicOpenerPluginKey = new PluginKey('autoItalicOpener');

/**
 * Italicises a known opener ("Recalling", "Calls upon") as the delegate
 * types the space or comma after it at the start of a PP, OP or
 * sub-paragraph. Fires only at that keystroke and only while the opener has
 * no italics of its own, so italics the delegate removed stay removed.
 * Remote (y-sync), undo/redo and pasted changes are left alone.
 */
export function autoItalicOpenerPlugin(): Plugin {
  return new Plugin({
    key: autoItalicOpenerPluginKey,
    appendTransaction(transactions, _oldState, newState) {
      const italic = newState.schema.marks.italic;
      if (!italic) return null;
      let tr: Transaction | null = null;
      for (let index = 0; index < transactions.length; index++) {
        const typed = transactions[index];
        if (!typed?.docChanged || isRemoteTransaction(typed) || isHistoryTransaction(typed))
          continue;
        let end = typedEnd(typed);
        if (end === null) continue;
        for (const later of transactions.slice(index + 1)) end = later.mapping.map(end);
        const range = openerToItalicise(newState.doc, end, italic);
        if (!range) continue;
        tr ??= newState.tr;
        tr.addMark(range.from, range.to, italic.create());
      }
      return tr;
    },
  });
}

/** Options of the `styleLint` extension. */
export interface StyleLintOptions {
  /** Italicise known openers as they are typed (`autoItalicOpenerPlugin`). Default true. */
  autoItalicOpeners: boolean;
}

/**
 * The style lint: warnings (decorations and `getStyleWarnings`) where a
 * paragraph departs from the drafting conventions, a one-click fix for each
 * (`fixStyleWarning`), and italic openers as the delegate types them.
 */
export const StyleLint = Extension.create<StyleLintOptions>({
  name: 'styleLint',

  addOptions() {
    return { autoItalicOpeners: true };
  },

  addCommands() {
    return {
      fixStyleWarning:
        (id) =>
        ({ editor, tr, dispatch }) => {
          // The editor's own state: the warnings' positions are on its document, and
          // `fix` maps them over anything earlier commands of a chain added to `tr`.
          const warning = getStyleWarnings(editor.state).find((w) => w.id === id);
          if (!warning) return false;
          if (dispatch) warning.fix(tr);
          return true;
        },
    };
  },

  addProseMirrorPlugins() {
    return this.options.autoItalicOpeners
      ? [styleLintPlugin(), autoItalicOpenerPlugin()]
      : [styleLintPlugin()];
  },
});
